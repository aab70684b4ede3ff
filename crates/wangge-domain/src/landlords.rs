//! The 房东十二分制 (后宅街道's landlord scoring): a landlord starts the scoring year at the
//! rule file's base score; each scoring event ([`LandlordMark`]) adds or deducts the points of
//! one item of the rule file; the score places the landlord on the 红榜 (and, higher, among
//! the 五好房东), on the 黑榜, or between them.
//!
//! The rule file (`assets/landlords/rules.txt`, a district's own as `landlord-rules.txt`)
//! holds the base, the three thresholds and the lists of items by duty. A bad line is named
//! by its number, in Chinese: the file is written by a street's staff.

use std::sync::OnceLock;

use crate::district::District;
use crate::records::{LandlordDuty, LandlordMark};
use crate::time::Timestamp;

/// The base score and the thresholds of the lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LandlordLists {
    /// The score every landlord starts the scoring year with (12 in 后宅).
    pub base: i32,
    /// At or above: on the 红榜.
    pub red_at_least: i32,
    /// At or above (and so on the 红榜 too): a 五好房东.
    pub five_good_at_least: i32,
    /// At or below: on the 黑榜.
    pub black_at_most: i32,
}

impl LandlordLists {
    pub fn standing(&self, score: i32) -> Standing {
        if score <= self.black_at_most {
            Standing::Black
        } else if score >= self.five_good_at_least {
            Standing::FiveGood
        } else if score >= self.red_at_least {
            Standing::Red
        } else {
            Standing::Ordinary
        }
    }
}

/// Where a score places a landlord on the posted 红黑榜.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Standing {
    FiveGood,
    Red,
    Ordinary,
    Black,
}

impl Standing {
    pub const ALL: [Standing; 4] = [Standing::FiveGood, Standing::Red, Standing::Ordinary, Standing::Black];

    /// The stable name of APIs and exports' machine columns.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::FiveGood => "five_good",
            Standing::Red => "red",
            Standing::Ordinary => "ordinary",
            Standing::Black => "black",
        }
    }

    pub fn parse(text: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Standing::FiveGood => "五好房东",
            Standing::Red => "红榜",
            Standing::Ordinary => "未上榜",
            Standing::Black => "黑榜",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Standing::FiveGood => "Five-good landlord",
            Standing::Red => "Red list",
            Standing::Ordinary => "Not listed",
            Standing::Black => "Black list",
        }
    }

    /// The name in a seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }

    /// Whether the landlord is on the 红榜 (a 五好房东 is).
    pub fn is_red(self) -> bool {
        matches!(self, Standing::FiveGood | Standing::Red)
    }
}

/// One item of the lists of additions and deductions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringItem {
    /// The 1-based line of the rule file.
    pub line: usize,
    pub duty: LandlordDuty,
    /// Added when positive, deducted when negative; never 0.
    pub points: i32,
    /// What the landlord did or failed to do, as the file words it (unique in the file).
    pub wording: String,
}

/// A rule file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LandlordRules {
    pub lists: LandlordLists,
    pub items: Vec<ScoringItem>,
}

/// Why a rule file was refused: the line (0 when something is missing from the whole file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{reason}", if *line == 0 { String::new() } else { format!("第 {line} 行：") })]
pub struct LandlordRulesError {
    pub line: usize,
    pub reason: String,
}

const BUNDLED: &str = include_str!("../../../assets/landlords/rules.txt");

impl LandlordRules {
    /// The bundled rules (`assets/landlords/rules.txt`), read once.
    pub fn bundled() -> &'static LandlordRules {
        static RULES: OnceLock<LandlordRules> = OnceLock::new();
        RULES.get_or_init(|| LandlordRules::parse(BUNDLED).expect("the bundled landlord rules parse: see the test"))
    }

    pub fn bundled_text() -> &'static str {
        BUNDLED
    }

    /// Reads a rule file; the first bad line is the error.
    pub fn parse(text: &str) -> Result<LandlordRules, LandlordRulesError> {
        let (mut base, mut red, mut five_good, mut black) = (None, None, None, None);
        let mut items: Vec<ScoringItem> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let err = |reason: String| LandlordRulesError { line, reason };
            let words: Vec<&str> = content.split_whitespace().collect();
            let number = |text: &str| -> Result<i32, LandlordRulesError> {
                text.trim_start_matches('+').parse::<i32>().map_err(|_| err(format!("“{text}”不是整数分值")))
            };
            let threshold = |slot: &mut Option<i32>, comparison: &str, words: &[&str]| -> Result<(), LandlordRulesError> {
                match words {
                    [_, c, value] if *c == comparison => {
                        if slot.is_some() {
                            return Err(err(format!("“{}”重复设定", words[0])));
                        }
                        *slot = Some(number(value)?);
                        Ok(())
                    }
                    _ => Err(err(format!("应写作“{} {comparison} 分数”", words[0]))),
                }
            };
            match words[0] {
                "基础分" => match words.as_slice() {
                    [_, value] if base.is_none() => base = Some(number(value)?),
                    [_, _] => return Err(err("“基础分”重复设定".into())),
                    _ => return Err(err("应写作“基础分 分数”".into())),
                },
                "红榜" => threshold(&mut red, ">=", &words)?,
                "五好房东" => threshold(&mut five_good, ">=", &words)?,
                "黑榜" => threshold(&mut black, "<=", &words)?,
                duty_word => {
                    let duty = LandlordDuty::ALL
                        .iter()
                        .copied()
                        .find(|d| d.label_zh() == duty_word || d.as_str() == duty_word)
                        .ok_or_else(|| err(format!("“{duty_word}”不是职责（宣传、报告、服务、管控、监督）也不是设定项")))?;
                    let [_, points, wording @ ..] = words.as_slice() else {
                        return Err(err("应写作“职责 分值 事项”".into()));
                    };
                    let points = number(points)?;
                    if points == 0 {
                        return Err(err("分值不能为 0：加分写正数，扣分写负数".into()));
                    }
                    let wording = wording.join(" ");
                    if wording.is_empty() {
                        return Err(err("缺少事项说明".into()));
                    }
                    if let Some(earlier) = items.iter().find(|item| item.wording == wording) {
                        return Err(err(format!("事项“{wording}”与第 {} 行重复", earlier.line)));
                    }
                    items.push(ScoringItem { line, duty, points, wording });
                }
            }
        }
        let missing = |what: &str| LandlordRulesError { line: 0, reason: format!("规则文件缺少“{what}”一行") };
        let lists = LandlordLists {
            base: base.ok_or_else(|| missing("基础分"))?,
            red_at_least: red.ok_or_else(|| missing("红榜"))?,
            five_good_at_least: five_good.ok_or_else(|| missing("五好房东"))?,
            black_at_most: black.ok_or_else(|| missing("黑榜"))?,
        };
        if !(lists.black_at_most < lists.base && lists.base < lists.red_at_least && lists.red_at_least <= lists.five_good_at_least) {
            return Err(LandlordRulesError {
                line: 0,
                reason: format!(
                    "分数线应满足 黑榜 < 基础分 < 红榜 ≤ 五好房东（现为 {} / {} / {} / {}）",
                    lists.black_at_most, lists.base, lists.red_at_least, lists.five_good_at_least
                ),
            });
        }
        if items.is_empty() {
            return Err(LandlordRulesError { line: 0, reason: "规则文件没有任何加扣分事项".into() });
        }
        Ok(LandlordRules { lists, items })
    }

    /// The item of that wording.
    pub fn item(&self, wording: &str) -> Option<&ScoringItem> {
        self.items.iter().find(|item| item.wording == wording)
    }
}

/// The start of the scoring year `now` lies in: 1 January, local time. Scores start afresh
/// each year, as the 十二分制 counts them.
pub fn scoring_year_start(now: Timestamp) -> Timestamp {
    let (year, _, _) = now.local_date();
    Timestamp::from_local(year, 1, 1, 0, 0)
}

/// Whether a mark counts in the score at `now`: recorded in the scoring year, by `now`.
pub fn counts_at(mark: &LandlordMark, now: Timestamp) -> bool {
    mark.recorded_at <= now && mark.recorded_at >= scoring_year_start(now)
}

/// A landlord's score at `now`: the base plus the points of the year's marks so far.
pub fn score_at(district: &District, landlord_id: i64, now: Timestamp, lists: &LandlordLists) -> i32 {
    lists.base + district.marks_of(landlord_id).filter(|mark| counts_at(mark, now)).map(|mark| mark.points).sum::<i32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "基础分 12\n红榜 >= 14\n五好房东 >= 16\n黑榜 <= 6\n报告 -2 租客入住未在24小时内报告\n宣传 +1 张贴防疫告知书\n";

    #[test]
    fn the_bundled_rules_parse_with_every_duty_listed() {
        let rules = LandlordRules::parse(BUNDLED).unwrap();
        assert_eq!(rules.lists.base, 12, "the 十二分制 starts at twelve");
        for duty in LandlordDuty::ALL {
            assert!(rules.items.iter().any(|i| i.duty == *duty && i.points < 0), "a deduction for {}", duty.label_zh());
            assert!(rules.items.iter().any(|i| i.duty == *duty && i.points > 0), "an addition for {}", duty.label_zh());
        }
    }

    #[test]
    fn standing_follows_the_thresholds() {
        let lists = LandlordRules::parse(SMALL).unwrap().lists;
        let standings: Vec<Standing> = [5, 6, 7, 12, 13, 14, 15, 16, 30].into_iter().map(|s| lists.standing(s)).collect();
        use Standing::*;
        assert_eq!(standings, vec![Black, Black, Ordinary, Ordinary, Ordinary, Red, Red, FiveGood, FiveGood]);
        assert!(FiveGood.is_red() && Red.is_red() && !Ordinary.is_red() && !Black.is_red());
    }

    #[test]
    fn items_keep_their_duty_points_and_line() {
        let rules = LandlordRules::parse(SMALL).unwrap();
        let item = rules.item("租客入住未在24小时内报告").unwrap();
        assert_eq!((item.line, item.duty, item.points), (5, LandlordDuty::Reporting, -2));
        assert_eq!(rules.item("张贴防疫告知书").map(|i| i.points), Some(1));
    }

    #[test]
    fn a_bad_line_is_named() {
        let cases = [
            ("基础分 12\n红榜 >= 14\n五好房东 >= 16\n黑榜 <= 6\n卫生 -1 未打扫\n", 5, "不是职责"),
            ("基础分 12\n红榜 >= 14\n五好房东 >= 16\n黑榜 <= 6\n报告 两分 未报告\n", 5, "不是整数分值"),
            ("基础分 12\n红榜 >= 14\n五好房东 >= 16\n黑榜 <= 6\n报告 0 未报告\n", 5, "不能为 0"),
            ("基础分 12\n红榜 14\n", 2, "应写作“红榜 >= 分数”"),
            ("基础分 12\n基础分 10\n", 2, "重复"),
            ("基础分 12\n红榜 >= 14\n五好房东 >= 16\n黑榜 <= 6\n报告 -2 未报告\n\n# 注释\n报告 -1 未报告\n", 8, "与第 5 行重复"),
            ("基础分 12\n红榜 >= 14\n五好房东 >= 16\n黑榜 <= 6\n报告 -2\n", 5, "缺少事项"),
        ];
        for (text, line, reason) in cases {
            let err = LandlordRules::parse(text).unwrap_err();
            assert_eq!(err.line, line, "{text:?}: {err}");
            assert!(err.to_string().starts_with(&format!("第 {line} 行：")), "{err}");
            assert!(err.reason.contains(reason), "{text:?}: {err}");
        }
    }

    #[test]
    fn a_file_missing_a_threshold_or_out_of_order_is_refused_as_a_whole() {
        let err = LandlordRules::parse("基础分 12\n红榜 >= 14\n黑榜 <= 6\n报告 -2 未报告\n").unwrap_err();
        assert_eq!((err.line, err.to_string()), (0, "规则文件缺少“五好房东”一行".to_string()));
        let err = LandlordRules::parse("基础分 12\n红榜 >= 10\n五好房东 >= 16\n黑榜 <= 6\n报告 -2 未报告\n").unwrap_err();
        assert!(err.reason.contains("黑榜 < 基础分 < 红榜"), "{err}");
        let err = LandlordRules::parse("基础分 12\n红榜 >= 14\n五好房东 >= 16\n黑榜 <= 6\n").unwrap_err();
        assert!(err.reason.contains("没有任何加扣分事项"), "{err}");
    }

    #[test]
    fn standings_have_english_names_and_keep_their_chinese() {
        use crate::Language;
        for standing in Standing::ALL {
            assert_eq!(standing.label_in(Language::Chinese), standing.label_zh());
            assert!(standing.label_in(Language::English).is_ascii(), "{}", standing.label_en());
        }
        assert_eq!(Standing::Black.label_in(Language::English), "Black list");
    }

    #[test]
    fn the_scoring_year_starts_on_the_first_of_january_local_time() {
        let now = Timestamp::from_local(2026, 12, 7, 9, 30);
        assert_eq!(scoring_year_start(now), Timestamp::from_local(2026, 1, 1, 0, 0));
        assert_eq!(scoring_year_start(Timestamp::from_local(2027, 1, 1, 0, 0)), Timestamp::from_local(2027, 1, 1, 0, 0));
    }
}
