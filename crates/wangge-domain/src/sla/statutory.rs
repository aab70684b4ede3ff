//! The statutory public holidays (法定节假日) of a year, for years no holiday notice has
//! been loaded for, and the warning that a year's notice is missing.
//!
//! Since 2025 (全国年节及纪念日放假办法 as revised in November 2024) the statutory days are
//! 元旦 1 January; 春节 four days, 除夕 to 正月初三; 清明 the day of the solar term; 劳动节
//! 1 and 2 May; 端午 五月初五; 中秋 八月十五; 国庆 1 to 3 October — thirteen days. Each
//! year's State Council notice turns them into longer breaks by moving weekends (调休: 2025's
//! 春节 ran eight days, 2026's nine, with Saturdays or Sundays worked in exchange); those
//! moves cannot be foreseen, so a year without its notice counts only the statutory days
//! off and no make-up working day, and says so. That errs towards earlier deadlines, never
//! later ones, until the notice is loaded.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::sla::calendar::{DayKind, DayNote};
use crate::sla::date::LocalDate;
use crate::sla::lunar::{lunar_year, qingming};

/// The first year of the present statutory holidays; earlier years had other rules.
pub const FIRST_STATUTORY_YEAR: i32 = 2025;
/// The last year the statutory holidays are computed for; later years are plain weeks.
pub const LAST_STATUTORY_YEAR: i32 = 2100;

/// What the name of a computed holiday adds, so that "why is this day off" says the day
/// comes from the law rather than from a notice.
pub const ESTIMATED_SUFFIX: &str = "（法定假日；调休安排未知）";

/// The statutory holidays of one year, with their names.
pub(crate) fn statutory_holidays(year: i32) -> Vec<(LocalDate, &'static str)> {
    let date = |month, day| LocalDate::new(year, month, day).expect("a real date");
    let lunar = lunar_year(year);
    let mut days = vec![(date(1, 1), "元旦")];
    days.extend((-1..=2).map(|n| (lunar.new_year.plus_days(n), "春节")));
    days.push((qingming(year), "清明节"));
    days.extend([(date(5, 1), "劳动节"), (date(5, 2), "劳动节")]);
    days.push((lunar.dragon_boat, "端午节"));
    days.push((lunar.mid_autumn, "中秋节"));
    days.extend((1..=3).map(|d| (date(10, d), "国庆节")));
    days
}

/// Every statutory holiday from [`FIRST_STATUTORY_YEAR`] to [`LAST_STATUTORY_YEAR`],
/// computed once per process (the lunar arithmetic is the costly part).
pub(crate) fn all_statutory_holidays() -> &'static BTreeMap<LocalDate, DayNote> {
    static ALL: OnceLock<BTreeMap<LocalDate, DayNote>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: BTreeMap<LocalDate, DayNote> = BTreeMap::new();
        for year in FIRST_STATUTORY_YEAR..=LAST_STATUTORY_YEAR {
            for (date, name) in statutory_holidays(year) {
                // 中秋 can fall in the 国庆 days (2028-10-03): one day, both names.
                all.entry(date)
                    .and_modify(|note| note.name = format!("{}、{name}{ESTIMATED_SUFFIX}", note.name.trim_end_matches(ESTIMATED_SUFFIX)))
                    .or_insert_with(|| DayNote { kind: DayKind::Holiday, name: format!("{name}{ESTIMATED_SUFFIX}") });
            }
        }
        all
    })
}

/// A year whose holiday notice the calendar lacks, while a clock counts in it or soon will:
/// its deadlines know the statutory holidays only, not the make-up working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarGap {
    pub year: i32,
    /// Whether the year has already begun (otherwise it begins within the month).
    pub begun: bool,
}

impl CalendarGap {
    /// The warning as a desktop screen shows it.
    pub fn message_zh(&self) -> String {
        let when = if self.begun { "本年" } else { "下一年" };
        format!(
            "缺少{}年（{when}）节假日安排：办理时限只按法定节假日计算，调休上班日未知。请导入国务院办公厅{}年节假日安排通知对应的日历文件（calendars/{}.txt）。",
            self.year, self.year, self.year
        )
    }
}

impl fmt::Display for CalendarGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = if self.begun { "has begun" } else { "begins this month" };
        write!(
            f,
            "no working calendar for {} ({when}): deadlines in {} count only the statutory holidays \
             (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆) and the make-up working days (调休) are unknown; \
             add calendars/{}.txt from the State Council notice",
            self.year, self.year, self.year
        )
    }
}
