//! Masking personal data in free text before the public sees it (Open311 reads): ID numbers,
//! phone numbers and person names become `330402********1234`, `138****5678`, `张*`; and
//! single values of a record's fields for accounts that may not see them (the audit trail
//! read by an administrator).
//!
//! Pure functions over characters, no patterns compiled at run time. They lean towards
//! masking: a number that only looks like a phone loses its middle digits too, which costs a
//! reader little, while a real number left readable cannot be taken back once published.

/// The character that stands for every hidden one.
pub const MASK: char = '*';

/// Words after which a person's name usually follows ("姓名：张三", "联系人 李四",
/// "name: John Smith"). Latin labels are matched without regard to case, as whole words.
const NAME_LABELS: &[&str] =
    &["姓名", "联系人", "名字", "称呼", "户主", "当事人", "投诉人", "举报人", "反映人", "报告人", "求助人", "申请人", "name", "contact"];

/// Words that end a name written without a separator ("联系人张三电话…"): what follows a
/// name in a description far more often than it is part of one.
const AFTER_NAME: &[&str] = &[
    "电话", "手机", "联系", "号码", "方式", "身份", "证件", "先生", "女士", "小姐", "老师", "师傅", "同志", "住址", "地址", "家住", "反映",
    "投诉", "举报", "称", "说", "在", "的", "于", "和", "与", "及", "等", "住", "男", "女", "岁", "现", "今", "因",
];

/// Chinese surnames of two characters: only after one of these is a name of four characters
/// taken whole (欧阳娜娜); otherwise a name is at most three (张小明).
const DOUBLE_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "西门",
    "南宫", "独孤", "呼延", "澹台", "公冶", "申屠", "太史", "闻人", "钟离",
];

/// Words that make a short number (7 or 8 digits, a landline without its area code) a
/// phone number when they stand shortly before it.
const PHONE_LABELS: &[&str] = &["电话", "手机", "座机", "联系方式", "号码", "tel", "phone", "mobile"];

/// Masks the ID numbers, phone numbers and labelled names in `text` (see the module doc).
///
/// - ID numbers (GB 11643: 17 digits and a check digit or `X`; the 15-digit form of the
///   first generation too): the region (6) and the last 4 stay, `330402********1234`.
/// - Mainland mobiles (`1[3-9]` and 9 more digits, `+86` allowed): the first 3 and last 4
///   stay, `138****5678`.
/// - Landlines with an area code (`0573-82012345`): the area code and the last 4 stay;
///   7 or 8 digits without one only when a phone word stands just before them.
/// - Any other run of 11 or more digits (bank cards, account numbers): the first 3 and the
///   last 4 stay.
/// - Names after a label (`姓名`, `联系人`, `name`…): the first character stays, `张*`.
///
/// Digits may be written in groups (`138 1234 5678`, `0573-8201-2345`, full-width digits);
/// separators and everything else are kept as they were.
pub fn mask_personal_data(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut hidden = vec![false; chars.len()];
    mask_numbers(&chars, &mut hidden);
    mask_labelled_names(&chars, &mut hidden);
    render(&chars, &hidden)
}

/// A person's name alone: the first character stays, `张*`, `欧***`.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    chars.next().map(|first| std::iter::once(first).chain(chars.map(|_| MASK)).collect()).unwrap_or_default()
}

/// An ID number alone, well-formed or not: the region (6) and the last 4 stay when it is long
/// enough to keep 4 hidden, `330402********1234`; a shorter one is hidden whole.
pub fn mask_id_number(id: &str) -> String {
    keep_ends(id.trim(), 6, 4)
}

/// A phone number alone: the first 3 and the last 4 stay, `138****5678`; a short one is hidden
/// whole.
pub fn mask_phone(phone: &str) -> String {
    keep_ends(phone.trim(), 3, 4)
}

/// Keeps `head` and `tail` characters when at least four are hidden between them.
fn keep_ends(text: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < head + tail + 4 {
        return std::iter::repeat_n(MASK, chars.len()).collect();
    }
    chars.iter().enumerate().map(|(i, c)| if i < head || i >= chars.len() - tail { *c } else { MASK }).collect()
}

/// Masks every occurrence of the given names (a reporter's own, say), each keeping its first
/// character (each word its initial): with `["张三丰"]`, "我是张三丰" becomes "我是张**". Names shorter than two
/// characters are ignored: masking every 张 in a text would hide more than the name.
pub fn mask_names(text: &str, names: &[&str]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut hidden = vec![false; chars.len()];
    for name in names {
        let name: Vec<char> = name.trim().chars().collect();
        if name.len() < 2 {
            continue;
        }
        let mut at = 0;
        while at + name.len() <= chars.len() {
            if chars[at..at + name.len()] == name[..] {
                // Each word keeps its initial: "John Smith" → "J*** S****".
                for i in 1..name.len() {
                    hidden[at + i] |= !name[i].is_whitespace() && !name[i - 1].is_whitespace();
                }
                at += name.len();
            } else {
                at += 1;
            }
        }
    }
    render(&chars, &hidden)
}

fn render(chars: &[char], hidden: &[bool]) -> String {
    chars.iter().zip(hidden).map(|(&c, &h)| if h { MASK } else { c }).collect()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The ASCII value of an ASCII or full-width digit.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        other => other,
    }
}

/// Separators people write between the groups of one number: `138 1234 5678`,
/// `0573-82012345`, `(0573)82012345`.
fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '－' | '—' | ')' | '）' | '\u{3000}')
}

/// A number as written: the positions of its digits (and of an ID number's final `X`) in
/// the text, and those characters as ASCII.
struct Number {
    positions: Vec<usize>,
    digits: String,
}

/// Longest sum of groups joined into one number: an ID number's 18 characters. A longer
/// join would fuse two numbers written side by side ("13812345678 13912345678").
const MAX_JOINED: usize = 18;

fn numbers(chars: &[char]) -> Vec<Number> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) || (i > 0 && is_digit(chars[i - 1])) {
            i += 1;
            continue;
        }
        let mut number = Number { positions: Vec::new(), digits: String::new() };
        loop {
            while i < chars.len() && is_digit(chars[i]) {
                number.positions.push(i);
                number.digits.push(ascii_digit(chars[i]));
                i += 1;
            }
            if number.digits.len() == 17 && i < chars.len() && matches!(chars[i], 'X' | 'x' | 'Ｘ') {
                number.positions.push(i);
                number.digits.push('X');
                i += 1;
                break;
            }
            // Join the next group when both sides look like parts of one number.
            if i + 1 < chars.len() && is_group_separator(chars[i]) && is_digit(chars[i + 1]) {
                let run_before = run_length_before(chars, i);
                let run_after = (i + 1..chars.len()).take_while(|&j| is_digit(chars[j])).count();
                let x_after = chars.get(i + 1 + run_after).is_some_and(|c| matches!(c, 'X' | 'x' | 'Ｘ'));
                let joined = number.digits.len() + run_after + usize::from(x_after);
                if run_before >= 3 && (run_after >= 3 || (run_after >= 2 && x_after)) && joined <= MAX_JOINED {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        found.push(number);
    }
    found
}

fn run_length_before(chars: &[char], end: usize) -> usize {
    chars[..end].iter().rev().take_while(|&&c| is_digit(c)).count()
}

fn mask_numbers(chars: &[char], hidden: &mut [bool]) {
    for number in numbers(chars) {
        let d = number.digits.as_bytes();
        let n = d.len();
        let mobile_at = |k: usize| n == k + 11 && d[k] == b'1' && (b'3'..=b'9').contains(&d[k + 1]);
        let hide = if n == 18 && d[..17].iter().all(u8::is_ascii_digit) {
            Some(6..14)
        } else if n == 15 && d.iter().all(u8::is_ascii_digit) {
            Some(6..11)
        } else if mobile_at(0) {
            Some(3..7)
        } else if d.starts_with(b"86") && mobile_at(2) {
            Some(5..9)
        } else if d[0] == b'0' && (10..=12).contains(&n) {
            let area = if matches!(d[1], b'1' | b'2') { 3 } else { 4 };
            Some(area..n - 4)
        } else if (7..=8).contains(&n) && phone_word_before(chars, number.positions[0]) {
            Some(0..n - 4)
        } else if n >= 11 {
            Some(3..n - 4)
        } else {
            None
        };
        for k in hide.into_iter().flatten() {
            hidden[number.positions[k]] = true;
        }
    }
}

/// Whether a phone word ends within a few characters before `start` ("电话：82012345").
fn phone_word_before(chars: &[char], start: usize) -> bool {
    let from = start.saturating_sub(8);
    let before: String = chars[from..start].iter().collect::<String>().to_lowercase();
    PHONE_LABELS.iter().any(|label| before.contains(label))
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    let mut i = at;
    for w in word.chars() {
        match chars.get(i) {
            Some(c) if c.to_lowercase().eq(w.to_lowercase()) => i += 1,
            _ => return false,
        }
    }
    true
}

fn mask_labelled_names(chars: &[char], hidden: &mut [bool]) {
    for at in 0..chars.len() {
        for label in NAME_LABELS {
            if !starts_with_at(chars, at, label) {
                continue;
            }
            let latin = label.is_ascii();
            let len = label.chars().count();
            // A Latin label must be a word of its own ("username" holds no name label).
            if latin && (at > 0 && chars[at - 1].is_alphanumeric() || chars.get(at + len).is_some_and(|c| c.is_alphanumeric())) {
                continue;
            }
            let mut i = at + len;
            let mut skipped = 0;
            while skipped < 3 && chars.get(i).is_some_and(|&c| matches!(c, ':' | '：' | ' ' | '\u{3000}' | '=' | '是' | '为' | '叫')) {
                i += 1;
                skipped += 1;
            }
            if latin {
                mask_latin_name(chars, i, hidden);
            } else {
                mask_han_name(chars, i, hidden);
            }
        }
    }
}

/// A Chinese name starting at `start`: two or three characters (four after a double
/// surname), ending early before a word that follows names (see [`AFTER_NAME`]).
fn mask_han_name(chars: &[char], start: usize, hidden: &mut [bool]) {
    if AFTER_NAME.iter().any(|w| w.chars().count() > 1 && starts_with_at(chars, start, w)) {
        return;
    }
    let double = DOUBLE_SURNAMES.iter().any(|s| starts_with_at(chars, start, s));
    let most = if double { 4 } else { 3 };
    let mut end = start;
    while end < chars.len() && end - start < most && is_han(chars[end]) {
        if end - start >= 2 && AFTER_NAME.iter().any(|w| starts_with_at(chars, end, w)) {
            break;
        }
        end += 1;
    }
    for h in hidden.iter_mut().take(end).skip(start + 1) {
        *h = true;
    }
}

/// A Latin name starting at `start`: up to two words, each keeping its initial.
fn mask_latin_name(chars: &[char], start: usize, hidden: &mut [bool]) {
    let mut i = start;
    for word in 0..2 {
        if word > 0 {
            if chars.get(i) != Some(&' ') || !chars.get(i + 1).is_some_and(|c| c.is_alphabetic() && !is_han(*c)) {
                return;
            }
            i += 1;
        }
        let begin = i;
        while i < chars.len() && chars[i].is_alphabetic() && !is_han(chars[i]) {
            hidden[i] = i > begin;
            i += 1;
        }
        if i == begin {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_values_are_masked_whole_or_by_their_ends() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name(" 欧阳娜娜 "), "欧***");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_id_number("330402199001011234"), "330402********1234");
        // Malformed numbers are masked too, never shown because no pattern matched them.
        assert_eq!(mask_id_number("33040219900101123"), "330402*******1123");
        assert_eq!(mask_id_number("12345"), "*****");
        assert_eq!(mask_phone("13800135678"), "138****5678");
        assert_eq!(mask_phone("0573-8201"), "*********");
    }

    #[test]
    fn id_numbers_keep_region_and_last_four() {
        assert_eq!(mask_personal_data("身份证330402199001011234号"), "身份证330402********1234号");
        assert_eq!(mask_personal_data("ID 33040219900101123X."), "ID 330402********123X.");
        assert_eq!(mask_personal_data("33040219900101123x"), "330402********123x");
        assert_eq!(mask_personal_data("330402 19900101 1234"), "330402 ******** 1234");
        // The first generation's 15 digits.
        assert_eq!(mask_personal_data("330402900101123"), "330402*****1123");
    }

    #[test]
    fn mobiles_keep_first_three_and_last_four() {
        assert_eq!(mask_personal_data("电话13812345678"), "电话138****5678");
        assert_eq!(mask_personal_data("138-1234-5678"), "138-****-5678");
        assert_eq!(mask_personal_data("138 1234 5678 或 13912345678"), "138 **** 5678 或 139****5678");
        assert_eq!(mask_personal_data("+8613812345678"), "+86138****5678");
        assert_eq!(mask_personal_data("１３８１２３４５６７８"), "１３８****５６７８");
        assert_eq!(mask_personal_data("13812345678 13912345678"), "138****5678 139****5678", "two numbers, not one");
    }

    #[test]
    fn landlines_keep_area_code_and_last_four() {
        assert_eq!(mask_personal_data("0573-82012345"), "0573-****2345");
        assert_eq!(mask_personal_data("(0573)8201234"), "(0573)***1234");
        assert_eq!(mask_personal_data("010-12345678"), "010-****5678");
        assert_eq!(mask_personal_data("座机：82012345"), "座机：****2345");
    }

    #[test]
    fn ordinary_numbers_stay() {
        let text = "3号楼2单元502室，2026年11月23日，约20000元，编号20261123";
        assert_eq!(mask_personal_data(text), text);
        assert_eq!(mask_personal_data(""), "");
    }

    #[test]
    fn long_account_numbers_are_masked_too() {
        assert_eq!(mask_personal_data("卡号6222021234567890123"), "卡号622************0123");
    }

    #[test]
    fn names_after_labels_keep_their_first_character() {
        assert_eq!(mask_personal_data("姓名：张三，电话13812345678"), "姓名：张*，电话138****5678");
        assert_eq!(mask_personal_data("联系人张小明电话13812345678"), "联系人张**电话138****5678");
        assert_eq!(mask_personal_data("联系人李四反映楼道堆物"), "联系人李*反映楼道堆物");
        assert_eq!(mask_personal_data("姓名 欧阳娜娜"), "姓名 欧***");
        assert_eq!(mask_personal_data("name: John Smith"), "name: J*** S****");
        assert_eq!(mask_personal_data("Name=Li"), "Name=L*");
        assert_eq!(mask_personal_data("username: bob"), "username: bob");
        assert_eq!(mask_personal_data("联系人电话13812345678"), "联系人电话138****5678");
    }

    #[test]
    fn a_reporter_s_own_name_is_masked_wherever_it_stands() {
        assert_eq!(mask_names("我是张三丰，张三丰家门口有垃圾", &["张三丰"]), "我是张**，张**家门口有垃圾");
        assert_eq!(mask_names("John Smith says hi", &["John Smith", "Smith"]), "J*** S**** says hi");
        assert_eq!(mask_names("张家门口", &["张"]), "张家门口", "one character alone is not masked");
        assert_eq!(mask_names("无名氏", &[]), "无名氏");
    }
}
