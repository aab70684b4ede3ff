//! Four-colour warnings (四色预警): red, orange, yellow and green levels of a node, decided
//! by an editable rule set over the node's figures.
//!
//! The rules are a text file (`assets/warnings/rules.txt` is compiled in as the default; a
//! district may pass its own text to [`WarningRules::parse`]). Each rule names a colour, a
//! condition over one figure of [`Metrics`] and optionally the hierarchy levels it applies
//! at. The figures a rule may name are those of the one declaration (`metrics::FIGURES`),
//! by name (`tickets_overdue`) or Chinese label (`超期工单`). Rules are tried from red down, in file order within a colour; the first that matches
//! decides the level and its reason. A node no rule matches is green.

use crate::hierarchy::Level;
use crate::metrics::{Figure, Metrics};

/// A warning level, from the least to the most severe (so `Ord` compares severity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum WarningLevel {
    /// 绿色: no rule matches.
    #[default]
    Green,
    /// 浅黄色预警: 金华's early warning below yellow.
    LightYellow,
    /// 黄色预警.
    Yellow,
    /// 橙色预警.
    Orange,
    /// 红色预警.
    Red,
}

impl WarningLevel {
    pub const ALL: [WarningLevel; 5] =
        [WarningLevel::Red, WarningLevel::Orange, WarningLevel::Yellow, WarningLevel::LightYellow, WarningLevel::Green];

    pub fn as_str(self) -> &'static str {
        match self {
            WarningLevel::Green => "green",
            WarningLevel::LightYellow => "light_yellow",
            WarningLevel::Yellow => "yellow",
            WarningLevel::Orange => "orange",
            WarningLevel::Red => "red",
        }
    }

    /// An English or Chinese colour name (`red`, `红`, `红色`, …).
    pub fn parse(text: &str) -> Option<WarningLevel> {
        match text.to_ascii_lowercase().as_str() {
            "green" | "绿" | "绿色" => Some(WarningLevel::Green),
            "light_yellow" | "浅黄" | "浅黄色" => Some(WarningLevel::LightYellow),
            "yellow" | "黄" | "黄色" => Some(WarningLevel::Yellow),
            "orange" | "橙" | "橙色" => Some(WarningLevel::Orange),
            "red" | "红" | "红色" => Some(WarningLevel::Red),
            _ => None,
        }
    }
}

/// How a figure is compared with a rule's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    AtLeast,
    Above,
    AtMost,
    Below,
    Equal,
    NotEqual,
}

impl Comparison {
    pub const ALL: [Comparison; 6] =
        [Comparison::AtLeast, Comparison::Above, Comparison::AtMost, Comparison::Below, Comparison::Equal, Comparison::NotEqual];

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::Above => ">",
            Comparison::AtMost => "<=",
            Comparison::Below => "<",
            Comparison::Equal => "==",
            Comparison::NotEqual => "!=",
        }
    }

    /// The sign as printed for people (`≥` for `>=`).
    pub fn symbol_zh(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::Above => ">",
            Comparison::AtMost => "≤",
            Comparison::Below => "<",
            Comparison::Equal => "=",
            Comparison::NotEqual => "≠",
        }
    }

    pub fn parse(text: &str) -> Option<Comparison> {
        Comparison::ALL.into_iter().find(|c| c.symbol() == text)
    }

    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::AtLeast => value >= threshold,
            Comparison::Above => value > threshold,
            Comparison::AtMost => value <= threshold,
            Comparison::Below => value < threshold,
            Comparison::Equal => value == threshold,
            Comparison::NotEqual => value != threshold,
        }
    }
}

/// One rule of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningRule {
    /// The 1-based line of the file it was read from.
    pub line: usize,
    pub level: WarningLevel,
    pub figure: &'static Figure,
    pub comparison: Comparison,
    pub threshold: f64,
    /// The hierarchy levels the rule applies at; empty = all.
    pub only_at: Vec<Level>,
}

impl WarningRule {
    pub fn applies_at(&self, level: Level) -> bool {
        self.only_at.is_empty() || self.only_at.contains(&level)
    }

    /// The rule's condition as written, e.g. `isolations_active >= 20`.
    pub fn condition(&self) -> String {
        format!("{} {} {}", self.figure.name, self.comparison.symbol(), number(self.threshold))
    }

    /// Why the rule matches a node whose figure is `value`, as a commander reads it in
    /// either language: the figure by its name, rates in percent, the rule by its line, e.g.
    /// `复工率 = 75%（复工率 < 80%，规则第 1 行）`.
    fn reason(&self, value: f64) -> WarningReason {
        let (zh, en) = (self.figure.label_zh, self.figure.label_en);
        let (value, threshold) = (shown(self.figure, value), shown(self.figure, self.threshold));
        let symbol = self.comparison.symbol_zh();
        WarningReason {
            zh: format!("{zh} = {value}（{zh} {symbol} {threshold}，规则第 {} 行）", self.line),
            en: format!("{en} = {value} ({} {symbol} {threshold}, rule on line {} of the rules)", en.to_lowercase(), self.line),
        }
    }
}

/// Why a node has its level, written in both languages when the rules are evaluated; a seat
/// shows the one it reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WarningReason {
    pub zh: String,
    pub en: String,
}

impl WarningReason {
    /// A node that turned green: no rule holds any more, and what held before.
    pub fn cleared(before: Option<&WarningReason>) -> WarningReason {
        let (zh, en) = before.map_or(("", ""), |b| (b.zh.as_str(), b.en.as_str()));
        WarningReason { zh: format!("已无规则命中（此前：{zh}）"), en: format!("No rule holds any more (before: {en})") }
    }

    pub fn in_language(&self, language: crate::Language) -> &str {
        language.pick(&self.zh, &self.en)
    }
}

/// A figure's value as the screen shows it: rates in percent.
fn shown(figure: &Figure, value: f64) -> String {
    match figure.kind {
        // Two decimals of a percent: 0.42%, 97.25% (a threshold of 0.45% stays exact).
        wangge_figures::Kind::Rate { .. } => format!("{}%", number((value * 10_000.0).round() / 100.0)),
        wangge_figures::Kind::Count => number(value),
    }
}

/// A number as a person writes it: integers without a fraction, others to four places.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A line of a rules file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct WarningRulesError {
    pub line: usize,
    pub reason: String,
}

/// A rule set: the rules from red down, in file order within a colour. The default is
/// empty: every node green.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WarningRules {
    rules: Vec<WarningRule>,
}

const BUNDLED_RULES: &str = include_str!("../../../assets/warnings/rules.txt");

impl WarningRules {
    /// The rules shipped in `assets/warnings/rules.txt`.
    pub fn bundled() -> Self {
        WarningRules::parse(BUNDLED_RULES).unwrap_or_else(|e| panic!("the bundled warning rules do not parse: {e}"))
    }

    /// The text of the bundled rules file, for a district to start its own copy from.
    pub fn bundled_text() -> &'static str {
        BUNDLED_RULES
    }

    /// Reads a rules file; the first bad line is the error, by its number.
    pub fn parse(text: &str) -> Result<Self, WarningRulesError> {
        let mut rules = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let words: Vec<&str> = raw.split('#').next().unwrap_or("").split_whitespace().collect();
            if words.is_empty() {
                continue;
            }
            let err = |reason: String| WarningRulesError { line, reason };
            let (colour, figure, comparison, threshold, levels) = match words.as_slice() {
                [c, f, op, t] => (*c, *f, *op, *t, None),
                [c, f, op, t, l] => (*c, *f, *op, *t, Some(*l)),
                _ => {
                    return Err(err(format!(
                        "expected `<colour> <figure> <comparison> <threshold> [<levels>]`, found {} fields",
                        words.len()
                    )))
                }
            };
            let level = match WarningLevel::parse(colour) {
                Some(WarningLevel::Green) => return Err(err("green needs no rule: it is what a node is when none matches".into())),
                Some(level) => level,
                None => return Err(err(format!("unknown colour {colour:?} (red, orange, yellow or light_yellow)"))),
            };
            let figure = Figure::named_or_labelled(figure).ok_or_else(|| err(format!("unknown figure {figure:?}")))?;
            let comparison =
                Comparison::parse(comparison).ok_or_else(|| err(format!("unknown comparison {comparison:?} (>=, >, <=, <, ==, !=)")))?;
            let threshold = threshold
                .parse::<f64>()
                .ok()
                .filter(|t| t.is_finite())
                .ok_or_else(|| err(format!("threshold {threshold:?} is not a number")))?;
            let only_at = match levels {
                None => Vec::new(),
                Some(list) => list
                    .split(',')
                    .filter(|l| !l.is_empty())
                    .map(|l| {
                        Level::parse(l).ok_or_else(|| err(format!("unknown level {l:?} (district, street, community, grid, micro_grid)")))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            };
            rules.push(WarningRule { line, level, figure, comparison, threshold, only_at });
        }
        // Red first; a stable sort keeps file order within a colour.
        rules.sort_by_key(|rule| std::cmp::Reverse(rule.level));
        Ok(WarningRules { rules })
    }

    /// The rules in the order they are tried.
    pub fn rules(&self) -> &[WarningRule] {
        &self.rules
    }

    /// The level of a node at hierarchy level `level` with figures `metrics`, and the reason
    /// (the rule and the figure's value) unless it is green.
    pub fn evaluate(&self, level: Level, metrics: &Metrics) -> (WarningLevel, Option<WarningReason>) {
        for rule in self.rules.iter().filter(|r| r.applies_at(level)) {
            if let Some(value) = metrics.value(rule.figure.name) {
                if rule.comparison.holds(value, rule.threshold) {
                    return (rule.level, Some(rule.reason(value)));
                }
            }
        }
        (WarningLevel::Green, None)
    }
}

/// [`WarningRules::evaluate`] as a free function.
pub fn evaluate(rules: &WarningRules, level: Level, metrics: &Metrics) -> (WarningLevel, Option<WarningReason>) {
    rules.evaluate(level, metrics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Counts, FIGURES};

    fn metrics(f: impl FnOnce(&mut Counts)) -> Metrics {
        let mut counts = Counts::default();
        f(&mut counts);
        Metrics { counts }
    }

    #[test]
    fn the_bundled_rules_parse_and_an_empty_node_is_green() {
        let rules = WarningRules::bundled();
        assert!(rules.rules().iter().any(|r| r.level == WarningLevel::Red));
        assert_eq!(rules.evaluate(Level::Grid, &metrics(|_| {})), (WarningLevel::Green, None));
        // Four of twenty residents of a stairwell isolated: that micro-grid is red.
        let crowded = metrics(|c| {
            c.residents = 20;
            c.isolations_active = 4;
        });
        let (level, reason) = rules.evaluate(Level::MicroGrid, &crowded);
        assert_eq!(level, WarningLevel::Red);
        assert!(reason.unwrap().zh.starts_with("隔离率 = 20%（隔离率 ≥ 20%"));
        // One isolation in a street of ten thousand is no warning at all, nor is one new today.
        let street = metrics(|c| {
            c.residents = 10_000;
            c.isolations_active = 1;
            c.isolations_new_today = 1;
        });
        assert_eq!(rules.evaluate(Level::Street, &street), (WarningLevel::Green, None));
        // The same share is read by the level's own threshold: 0.5% is an early warning for a
        // grid, orange for a street.
        let share = |c: &mut Counts| {
            c.residents = 1_000;
            c.isolations_active = 5;
        };
        assert_eq!(rules.evaluate(Level::Grid, &metrics(share)).0, WarningLevel::LightYellow);
        assert_eq!(rules.evaluate(Level::Street, &metrics(share)).0, WarningLevel::Orange);
    }

    #[test]
    fn every_declared_figure_may_be_named_by_a_rule_and_is_evaluated() {
        let mut counts = Counts::default();
        for (name, _) in Counts::default().named() {
            *counts.get_mut(name).unwrap() = 2;
        }
        let twos = Metrics { counts };
        for f in FIGURES {
            let threshold = if f.is_rate() { 1 } else { 2 };
            for word in [f.name, f.label_zh] {
                let rules = WarningRules::parse(&format!("yellow {word} >= {threshold}")).unwrap_or_else(|e| panic!("{word}: {e}"));
                assert_eq!(rules.rules()[0].figure, f);
                assert_eq!(rules.evaluate(Level::Grid, &twos).0, WarningLevel::Yellow, "{word}");
            }
        }
    }

    #[test]
    fn a_rule_reads_colour_figure_comparison_threshold_and_levels() {
        let rules = WarningRules::parse("# comment\n\n橙 isolations_active >= 20 grid,community # trailing\n").unwrap();
        let [rule] = rules.rules() else { panic!("{rules:?}") };
        assert_eq!(rule.line, 3);
        assert_eq!(rule.level, WarningLevel::Orange);
        assert_eq!(rule.figure.name, "isolations_active");
        assert_eq!(rule.comparison, Comparison::AtLeast);
        assert_eq!(rule.threshold, 20.0);
        assert_eq!(rule.only_at, vec![Level::Grid, Level::Community]);
        assert_eq!(rule.condition(), "isolations_active >= 20");
    }

    #[test]
    fn each_comparison_holds_as_written() {
        let cases = [
            (">=", 5.0, true),
            (">=", 6.0, false),
            (">", 4.0, true),
            (">", 5.0, false),
            ("<=", 5.0, true),
            ("<=", 4.0, false),
            ("<", 6.0, true),
            ("<", 5.0, false),
            ("==", 5.0, true),
            ("==", 4.0, false),
            ("!=", 4.0, true),
            ("!=", 5.0, false),
        ];
        let five = metrics(|c| c.tickets_overdue = 5);
        for (op, threshold, expected) in cases {
            let rules = WarningRules::parse(&format!("yellow tickets_overdue {op} {threshold}")).unwrap();
            let (level, _) = rules.evaluate(Level::Grid, &five);
            assert_eq!(level == WarningLevel::Yellow, expected, "5 {op} {threshold}");
        }
    }

    #[test]
    fn rates_compare_as_fractions_and_an_undefined_rate_matches_nothing() {
        let rules = WarningRules::parse("yellow resumption_rate < 0.8\n").unwrap();
        let low = metrics(|c| {
            c.enterprises_total = 4;
            c.enterprises_resumed = 3;
        });
        let (level, reason) = rules.evaluate(Level::Street, &low);
        assert_eq!(level, WarningLevel::Yellow);
        let reason = reason.unwrap();
        assert_eq!(reason.zh, "复工率 = 75%（复工率 < 80%，规则第 1 行）");
        assert_eq!(reason.en, "Resumption rate = 75% (resumption rate < 80%, rule on line 1 of the rules)");
        assert_eq!(reason.in_language(crate::Language::English), reason.en);
        assert_eq!(WarningReason::cleared(Some(&reason)).en, format!("No rule holds any more (before: {})", reason.en));
        assert_eq!(rules.evaluate(Level::Street, &metrics(|_| {})).0, WarningLevel::Green, "no enterprises: no rate");
    }

    #[test]
    fn the_most_severe_matching_rule_wins_whatever_the_file_order() {
        let text = "yellow follow_ups_overdue >= 1\norange isolations_active >= 3\norange follow_ups_overdue >= 2\nred isolations_new_today >= 1\n";
        let rules = WarningRules::parse(text).unwrap();
        let lines: Vec<usize> = rules.rules().iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 2, 3, 1], "red first, file order within a colour");
        let both_orange = metrics(|c| {
            c.isolations_active = 3;
            c.follow_ups_overdue = 2;
        });
        let (level, reason) = rules.evaluate(Level::Grid, &both_orange);
        assert_eq!(level, WarningLevel::Orange);
        assert!(reason.unwrap().zh.contains("规则第 2 行"), "the first orange rule in the file");
        let all = metrics(|c| {
            c.isolations_active = 3;
            c.follow_ups_overdue = 2;
            c.isolations_new_today = 1;
        });
        assert_eq!(rules.evaluate(Level::Grid, &all).0, WarningLevel::Red);
        assert_eq!(rules.evaluate(Level::Grid, &metrics(|c| c.follow_ups_overdue = 1)).0, WarningLevel::Yellow);
    }

    #[test]
    fn a_rule_restricted_to_levels_applies_only_there() {
        let rules = WarningRules::parse("orange isolations_active >= 10 grid\nyellow isolations_active >= 10 street,district\n").unwrap();
        let ten = metrics(|c| c.isolations_active = 10);
        assert_eq!(rules.evaluate(Level::Grid, &ten).0, WarningLevel::Orange);
        assert_eq!(rules.evaluate(Level::Street, &ten).0, WarningLevel::Yellow);
        assert_eq!(rules.evaluate(Level::District, &ten).0, WarningLevel::Yellow);
        assert_eq!(rules.evaluate(Level::Community, &ten), (WarningLevel::Green, None));
        assert_eq!(rules.evaluate(Level::MicroGrid, &ten), (WarningLevel::Green, None));
    }

    #[test]
    fn a_bad_line_is_named() {
        let cases = [
            ("red isolations_new_today >= 1\n\npurple tickets_overdue >= 1\n", 3, "unknown colour"),
            ("red isolations_new_today >= 1\nred cases >= 1\n", 2, "unknown figure"),
            ("red tickets_overdue => 1\n", 1, "unknown comparison"),
            ("# header\nred tickets_overdue >= many\n", 2, "not a number"),
            ("red tickets_overdue >= 1 grid,ward\n", 1, "unknown level"),
            ("red tickets_overdue >= 1 grid extra\n", 1, "found 6 fields"),
            ("green tickets_overdue >= 1\n", 1, "green needs no rule"),
        ];
        for (text, line, reason) in cases {
            let err = WarningRules::parse(text).unwrap_err();
            assert_eq!(err.line, line, "{text:?}: {err}");
            assert!(err.reason.contains(reason), "{text:?}: {err}");
            assert!(err.to_string().starts_with(&format!("line {line}: ")), "{err}");
        }
    }
}
