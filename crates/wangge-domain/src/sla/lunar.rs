//! The Chinese (农历) dates that statutory holidays hang on — 春节, 端午, 中秋 and the
//! solar term 清明 — computed, so that the working calendar knows them for years no
//! holiday notice has been loaded for.
//!
//! The rules are those of GB/T 33661-2017 (农历的编算和颁行): a month begins on the Beijing
//! (UTC+8) day of a new moon; the month holding the winter solstice is the eleventh; when
//! twelve months lie between two such months, the first of them holding no major solar
//! term (中气) is the leap month, numbered like the month before it. 清明 is the day the
//! Sun's apparent longitude reaches 15°.
//!
//! The astronomy is Jean Meeus, *Astronomical Algorithms* (2nd ed., 1998): new moons from
//! chapter 49 with all of its periodic and planetary terms (error a few seconds), the Sun's
//! apparent longitude by the low-accuracy method of chapter 25 (about 0.01°, some fifteen
//! minutes of time), and TT − UT by the Espenak–Meeus polynomials. A date can only come out
//! wrong when a new moon or a solar term falls within minutes of Beijing midnight; the
//! tests check every 春节 from 2015 to 2040 and 端午, 中秋 and 清明 of several years
//! against the published calendar.
//!
//! jiff turns instants into dates and counts days. Beijing time here is the standard's,
//! UTC+8 by definition, not the civil zone of [`crate::time`] (which kept summer time from
//! 1986 to 1991): the two agree on every year the holidays are computed for.

use jiff::tz::{self, TimeZone};

use crate::sla::date::LocalDate;

const J2000: f64 = 2_451_545.0;
/// Julian day of 1970-01-01 00:00 UTC.
const UNIX_EPOCH_JD: f64 = 2_440_587.5;
const SYNODIC_MONTH: f64 = 29.530_588_861;
const TROPICAL_YEAR: f64 = 365.242_2;

/// The standard's Beijing time (GB/T 33661-2017, 4.3): UTC+8.
static BEIJING: TimeZone = TimeZone::fixed(tz::offset(8));

/// The dates (Beijing time) of the lunar dates of one lunar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LunarYear {
    /// 正月初一.
    pub new_year: LocalDate,
    /// 五月初五 (端午).
    pub dragon_boat: LocalDate,
    /// 八月十五 (中秋).
    pub mid_autumn: LocalDate,
}

fn sin_deg(degrees: f64) -> f64 {
    degrees.to_radians().sin()
}

/// The Julian ephemeris day (TT) of new moon number `k` (0: 2000-01-06).
fn new_moon_jde(k: f64) -> f64 {
    let t = k / 1236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let jde = 2_451_550.097_66 + SYNODIC_MONTH * k + 0.000_154_37 * t2 - 0.000_000_150 * t3 + 0.000_000_000_73 * t4;
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    let m = 2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3;
    let mp = 201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4;
    let f = 160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4;
    let omega = 124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3;
    let periodic = -0.40720 * sin_deg(mp)
        + 0.17241 * e * sin_deg(m)
        + 0.01608 * sin_deg(2.0 * mp)
        + 0.01039 * sin_deg(2.0 * f)
        + 0.00739 * e * sin_deg(mp - m)
        - 0.00514 * e * sin_deg(mp + m)
        + 0.00208 * e * e * sin_deg(2.0 * m)
        - 0.00111 * sin_deg(mp - 2.0 * f)
        - 0.00057 * sin_deg(mp + 2.0 * f)
        + 0.00056 * e * sin_deg(2.0 * mp + m)
        - 0.00042 * sin_deg(3.0 * mp)
        + 0.00042 * e * sin_deg(m + 2.0 * f)
        + 0.00038 * e * sin_deg(m - 2.0 * f)
        - 0.00024 * e * sin_deg(2.0 * mp - m)
        - 0.00017 * sin_deg(omega)
        - 0.00007 * sin_deg(mp + 2.0 * m)
        + 0.00004 * sin_deg(2.0 * mp - 2.0 * f)
        + 0.00004 * sin_deg(3.0 * m)
        + 0.00003 * sin_deg(mp + m - 2.0 * f)
        + 0.00003 * sin_deg(2.0 * mp + 2.0 * f)
        - 0.00003 * sin_deg(mp + m + 2.0 * f)
        + 0.00003 * sin_deg(mp - m + 2.0 * f)
        - 0.00002 * sin_deg(mp - m - 2.0 * f)
        - 0.00002 * sin_deg(3.0 * mp + m)
        + 0.00002 * sin_deg(4.0 * mp);
    // (coefficient, constant, rate per lunation) of the planetary arguments A1–A14.
    const PLANETARY: [(f64, f64, f64); 14] = [
        (0.000_325, 299.77, 0.107_408),
        (0.000_165, 251.88, 0.016_321),
        (0.000_164, 251.83, 26.651_886),
        (0.000_126, 349.42, 36.412_478),
        (0.000_110, 84.66, 18.206_239),
        (0.000_062, 141.74, 53.303_771),
        (0.000_060, 207.14, 2.453_732),
        (0.000_056, 154.84, 7.306_860),
        (0.000_047, 34.52, 27.261_239),
        (0.000_042, 207.19, 0.121_824),
        (0.000_040, 291.34, 1.844_379),
        (0.000_037, 161.72, 24.198_154),
        (0.000_035, 239.56, 25.513_099),
        (0.000_023, 331.55, 3.592_518),
    ];
    let planetary: f64 = PLANETARY
        .iter()
        .enumerate()
        .map(|(i, &(coefficient, constant, rate))| {
            // A1 alone has a T² term.
            let argument = constant + rate * k - if i == 0 { 0.009_173 * t2 } else { 0.0 };
            coefficient * sin_deg(argument)
        })
        .sum();
    jde + periodic + planetary
}

/// The Sun's apparent longitude in degrees, in [0, 360), at a Julian ephemeris day.
fn sun_longitude(jde: f64) -> f64 {
    let t = (jde - J2000) / 36_525.0;
    let l0 = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let m = 357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t * t;
    let c = (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * sin_deg(m)
        + (0.019_993 - 0.000_101 * t) * sin_deg(2.0 * m)
        + 0.000_289 * sin_deg(3.0 * m);
    let omega = 125.04 - 1_934.136 * t;
    (l0 + c - 0.005_69 - 0.004_78 * sin_deg(omega)).rem_euclid(360.0)
}

/// The Julian ephemeris day at which the Sun's apparent longitude is `target` degrees,
/// searched from `guess` (within a few weeks of it).
fn solar_term_jde(target: f64, guess: f64) -> f64 {
    let mut jde = guess;
    for _ in 0..8 {
        let behind = (target - sun_longitude(jde) + 540.0).rem_euclid(360.0) - 180.0;
        jde += behind * TROPICAL_YEAR / 360.0;
    }
    jde
}

/// A first guess for the instant the Sun reaches `longitude` in Gregorian `year` (the
/// March equinox of 2000 was JD 2451623.8).
fn solar_term_guess(year: i32, longitude: f64) -> f64 {
    2_451_623.8 + TROPICAL_YEAR * f64::from(year - 2000) + longitude / 360.0 * TROPICAL_YEAR
}

/// TT − UT in seconds (Espenak and Meeus, NASA's eclipse pages, 2005–2150).
fn delta_t_secs(year: f64) -> f64 {
    if year < 2050.0 {
        let t = year - 2000.0;
        62.92 + 0.322_17 * t + 0.005_589 * t * t
    } else {
        let u = (year - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - year)
    }
}

/// The Beijing-time date of an instant given as a Julian ephemeris day.
fn beijing_day(jde: f64) -> LocalDate {
    let year = 2000.0 + (jde - J2000) / 365.25;
    let ut = jde - delta_t_secs(year) / 86_400.0;
    let unix_secs = ((ut - UNIX_EPOCH_JD) * 86_400.0).floor() as i64;
    let at = jiff::Timestamp::from_second(unix_secs).expect("an instant of the years the calendar computes");
    LocalDate::from_civil(BEIJING.to_datetime(at).date())
}

/// The day of 清明 (the Sun at 15°) in a Gregorian year.
pub(crate) fn qingming(year: i32) -> LocalDate {
    beijing_day(solar_term_jde(15.0, solar_term_guess(year, 15.0)))
}

/// 正月初一, 端午 and 中秋 of the lunar year that begins in Gregorian `year`.
pub(crate) fn lunar_year(year: i32) -> LunarYear {
    // The solstices that open and close the 岁 holding months 1 to 10 of this lunar year.
    let solstice_jde = |y: i32| solar_term_jde(270.0, solar_term_guess(y, 270.0));
    let (first_solstice, last_solstice) = (solstice_jde(year - 1), solstice_jde(year));
    let (first_day, last_day) = (beijing_day(first_solstice), beijing_day(last_solstice));

    // Every new moon from before the first solstice until after the last.
    let mut k = ((first_solstice - 2_451_550.097_66) / SYNODIC_MONTH).floor() - 1.0;
    let mut moons = Vec::with_capacity(16);
    loop {
        let day = beijing_day(new_moon_jde(k));
        moons.push(day);
        if day > last_day {
            break;
        }
        k += 1.0;
    }
    let month_holding = |day: LocalDate| moons.iter().rposition(|&m| m <= day).expect("a new moon before the solstice");
    let (eleventh, next_eleventh) = (month_holding(first_day), month_holding(last_day));

    // Thirteen months from one eleventh month to the next: the first without a major term
    // (the Sun at a multiple of 30°) is the leap month.
    let leap = (next_eleventh - eleventh == 13)
        .then(|| {
            let major_terms: Vec<LocalDate> = (0..=12)
                .map(|i| {
                    let longitude = (270.0 + 30.0 * f64::from(i)).rem_euclid(360.0);
                    beijing_day(solar_term_jde(longitude, first_solstice + f64::from(i) * TROPICAL_YEAR / 12.0))
                })
                .collect();
            (eleventh + 1..next_eleventh).find(|&m| !major_terms.iter().any(|&d| moons[m] <= d && d < moons[m + 1]))
        })
        .flatten();

    let mut number = 11;
    let mut start_of: [Option<LocalDate>; 13] = [None; 13];
    for (m, &moon) in moons.iter().enumerate().take(next_eleventh).skip(eleventh + 1) {
        if Some(m) == leap {
            continue;
        }
        number = number % 12 + 1;
        start_of[number].get_or_insert(moon);
    }
    let first = |month: usize| start_of[month].expect("twelve numbered months between two eleventh months");
    LunarYear { new_year: first(1), dragon_boat: first(5).plus_days(4), mid_autumn: first(8).plus_days(14) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> LocalDate {
        LocalDate::parse(text).expect("a date")
    }

    fn date(d: LocalDate) -> String {
        d.to_string()
    }

    #[test]
    fn every_spring_festival_from_2015_to_2040_is_the_published_one() {
        // 正月初一 as the Purple Mountain Observatory's calendar gives it.
        let published = [
            "2015-02-19",
            "2016-02-08",
            "2017-01-28",
            "2018-02-16",
            "2019-02-05",
            "2020-01-25",
            "2021-02-12",
            "2022-02-01",
            "2023-01-22",
            "2024-02-10",
            "2025-01-29",
            "2026-02-17",
            "2027-02-06",
            "2028-01-26",
            "2029-02-13",
            "2030-02-03",
            "2031-01-23",
            "2032-02-11",
            "2033-01-31",
            "2034-02-19",
            "2035-02-08",
            "2036-01-28",
            "2037-02-15",
            "2038-02-04",
            "2039-01-24",
            "2040-02-12",
        ];
        for (year, expected) in (2015..).zip(published) {
            assert_eq!(date(lunar_year(year).new_year), expected, "春节 {year}");
        }
    }

    #[test]
    fn dragon_boat_mid_autumn_and_qingming_are_the_published_ones() {
        // Including years with a leap month before the fifth (2020: 闰四月, 2023: 闰二月)
        // or the eighth (2025: 闰六月) month.
        let cases = [
            (2020, "2020-06-25", "2020-10-01", "2020-04-04"),
            (2021, "2021-06-14", "2021-09-21", "2021-04-04"),
            (2022, "2022-06-03", "2022-09-10", "2022-04-05"),
            (2023, "2023-06-22", "2023-09-29", "2023-04-05"),
            (2024, "2024-06-10", "2024-09-17", "2024-04-04"),
            (2025, "2025-05-31", "2025-10-06", "2025-04-04"),
            (2026, "2026-06-19", "2026-09-25", "2026-04-05"),
        ];
        for (year, dragon_boat, mid_autumn, qing) in cases {
            let lunar = lunar_year(year);
            assert_eq!(date(lunar.dragon_boat), dragon_boat, "端午 {year}");
            assert_eq!(date(lunar.mid_autumn), mid_autumn, "中秋 {year}");
            assert_eq!(date(qingming(year)), qing, "清明 {year}");
        }
        assert_eq!(day("2026-04-05"), qingming(2026));
    }

    #[test]
    fn every_year_to_2100_has_its_festivals_in_their_seasons() {
        for year in 2025..=2100 {
            let lunar = lunar_year(year);
            let jan_21 = day(&format!("{year}-01-21"));
            assert!((jan_21..=jan_21.plus_days(30)).contains(&lunar.new_year), "春节 {year}: {}", date(lunar.new_year));
            // Months are 29 or 30 days: 端午 lies 4 months (+ a leap one) and 4 days on.
            let to_dragon_boat = lunar.dragon_boat.day_number() - lunar.new_year.day_number();
            assert!((4 * 29 + 4..=5 * 30 + 4).contains(&to_dragon_boat), "端午 {year}: {}", date(lunar.dragon_boat));
            let to_mid_autumn = lunar.mid_autumn.day_number() - lunar.new_year.day_number();
            assert!((7 * 29 + 14..=8 * 30 + 14).contains(&to_mid_autumn), "中秋 {year}: {}", date(lunar.mid_autumn));
            let q = date(qingming(year));
            assert!(q.ends_with("-04-04") || q.ends_with("-04-05") || q.ends_with("-04-06"), "清明 {year}: {q}");
        }
    }
}
