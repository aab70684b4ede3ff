//! Synthetic 18-digit resident ID numbers (居民身份证号码) with a valid GB 11643 check digit.
//!
//! Layout: 6-digit area code, 8-digit birth date, 3-digit sequence (odd for men, even for
//! women), check digit. The numbers are random, so they name nobody; the check digit is
//! right so that validation code in the product accepts them.

use rand::seq::SliceRandom;
use rand::Rng;

use crate::names::Sex;

/// Area codes of birth registration: mostly 南湖区 and Jiaxing, some from provinces that send
/// many migrant workers to Jiaxing.
const AREAS: &[&str] = &[
    "330402", "330402", "330402", "330402", "330402", "330411", "330421", "330424", "330481", "330482", "330483", "330100", "330602",
    "341221", "342401", "410522", "412726", "511322", "512222", "522226", "362330", "430524",
];

/// The GB 11643 check character for the first 17 digits.
pub fn check_digit(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    CODES[(sum % 11) as usize]
}

/// Whether an 18-character number has 17 digits and the right check character.
pub fn is_valid(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 18 && bytes[..17].iter().all(u8::is_ascii_digit) && char::from(bytes[17]) == check_digit(&id[..17])
}

/// A random number for someone of the given sex born in `birth_year`.
pub fn id_number<R: Rng>(rng: &mut R, sex: Sex, birth_year: i32) -> String {
    let area = AREAS.choose(rng).expect("pool");
    let month = rng.gen_range(1..=12u32);
    // Day 28 at most keeps every date real without a calendar.
    let day = rng.gen_range(1..=28u32);
    let mut sequence = rng.gen_range(0..500u32) * 2;
    if sex == Sex::Male {
        sequence += 1;
    }
    let first17 = format!("{area}{birth_year:04}{month:02}{day:02}{sequence:03}");
    let check = check_digit(&first17);
    format!("{first17}{check}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_matches_the_standard_example() {
        // The worked example of GB 11643-1999.
        assert_eq!(check_digit("11010519491231002"), 'X');
        assert!(is_valid("11010519491231002X"));
        assert!(!is_valid("110105194912310021"));
    }

    #[test]
    fn generated_numbers_are_valid_and_sex_coded() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for i in 0..500 {
            let sex = if i % 2 == 0 { Sex::Male } else { Sex::Female };
            let id = id_number(&mut rng, sex, 1980);
            assert!(is_valid(&id), "{id}");
            assert_eq!(&id[6..10], "1980");
            let seq_odd = (id.as_bytes()[16] - b'0') % 2 == 1;
            assert_eq!(seq_odd, sex == Sex::Male);
        }
    }
}
