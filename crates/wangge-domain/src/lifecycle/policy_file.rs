//! The SLA policy file (`assets/sla/policies.txt`): targets per category in working hours
//! or days, the urgent share and the warning share, read with errors that name the line.

use crate::lifecycle::policy::{PolicyRow, Priority, SlaPolicies, SlaTargets};
use crate::records::TicketCategory;
use crate::sla::SlaPolicy;

/// Working seconds of one working day of the standard business hours (7.5 h).
const WORKING_DAY_SECS: i64 = 27_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SLA policy file, line {line}: {reason}")]
pub struct PolicyFileError {
    pub line: usize,
    pub reason: String,
}

impl SlaPolicies {
    /// Reads a policy file. Every category needs a line; a category listed twice, an
    /// unknown one, a duration without `h` or `d`, or a share outside (0, 1] is refused.
    pub fn parse(text: &str) -> Result<SlaPolicies, PolicyFileError> {
        let mut warn = 0.8;
        let mut urgent = 0.5;
        let mut normal: Vec<(TicketCategory, SlaTargets, usize)> = Vec::new();
        let mut last_line = 0;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            last_line = line;
            let words: Vec<&str> = raw.split('#').next().unwrap_or("").split_whitespace().collect();
            let err = |reason: String| PolicyFileError { line, reason };
            match words.as_slice() {
                [] => {}
                ["warn", share] => warn = parse_share(share).map_err(err)?,
                ["urgent", share] => urgent = parse_share(share).map_err(err)?,
                [category, accept, resolve, visit] => {
                    let category = TicketCategory::parse(category).ok_or_else(|| err(format!("unknown category {category:?}")))?;
                    if let Some((_, _, first)) = normal.iter().find(|(c, _, _)| *c == category) {
                        return Err(err(format!("{} is listed twice (first on line {first})", category.as_str())));
                    }
                    let targets = SlaTargets::new(
                        parse_duration(accept).map_err(err)?,
                        parse_duration(resolve).map_err(err)?,
                        parse_duration(visit).map_err(err)?,
                    );
                    normal.push((category, targets, line));
                }
                _ => return Err(err(format!("expected `category accept resolve visit`, `warn SHARE` or `urgent SHARE`, found {raw:?}"))),
            }
        }
        if let Some(missing) = TicketCategory::ALL.iter().find(|c| !normal.iter().any(|(n, _, _)| n == *c)) {
            return Err(PolicyFileError { line: last_line, reason: format!("no targets for {}", missing.as_str()) });
        }
        let scale = |p: SlaPolicy, share: f64| SlaPolicy::new(((p.target_working_secs as f64 * share).round() as i64).max(1));
        let rows = normal
            .iter()
            .flat_map(|&(category, targets, _)| {
                let urgent_targets = SlaTargets {
                    acceptance: scale(targets.acceptance, urgent),
                    resolution: scale(targets.resolution, urgent),
                    return_visit: scale(targets.return_visit, urgent),
                };
                [
                    PolicyRow { category, priority: Priority::Normal, targets },
                    PolicyRow { category, priority: Priority::Urgent, targets: urgent_targets },
                ]
            })
            .collect();
        let fallback = normal.iter().find(|(c, _, _)| *c == TicketCategory::Complaint).map(|(_, t, _)| *t).expect("checked above");
        Ok(SlaPolicies { rows, fallback }.with_warn_share(warn))
    }
}

fn parse_share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(share) if share > 0.0 && share <= 1.0 => Ok(share),
        _ => Err(format!("{text:?} is not a share between 0 and 1")),
    }
}

fn parse_duration(text: &str) -> Result<i64, String> {
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let value: f64 = number.parse().map_err(|_| format!("{text:?} is not a duration like 4h or 5d"))?;
    if !(value > 0.0 && value.is_finite()) {
        return Err(format!("{text:?} must be positive"));
    }
    match unit {
        "h" => Ok((value * 3600.0).round() as i64),
        "d" => Ok((value * WORKING_DAY_SECS as f64).round() as i64),
        _ => Err(format!("{text:?} needs a unit: h (working hours) or d (working days)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUNDLED: &str = include_str!("../../../../assets/sla/policies.txt");

    #[test]
    fn the_bundled_file_is_the_documented_table() {
        assert_eq!(SlaPolicies::parse(BUNDLED).unwrap(), SlaPolicies::default());
    }

    #[test]
    fn bad_lines_are_named() {
        let missing = "complaint 4h 5d 2d\n";
        assert!(SlaPolicies::parse(missing).unwrap_err().reason.contains("no targets for"));
        let mut text = BUNDLED.to_string();
        text.push_str("complaint 4h 5d 2d\n");
        let err = SlaPolicies::parse(&text).unwrap_err();
        assert!(err.reason.contains("listed twice"), "{err}");
        assert_eq!(err.line, text.lines().count());
        let bad_unit = BUNDLED.replace("dispute              4h  10d", "dispute              4h  10w");
        assert!(SlaPolicies::parse(&bad_unit).unwrap_err().reason.contains("needs a unit"));
        let bad_share = BUNDLED.replace("warn    0.8", "warn    1.5");
        let warn_line = BUNDLED.lines().position(|l| l.starts_with("warn")).unwrap() + 1;
        assert_eq!(SlaPolicies::parse(&bad_share).unwrap_err().line, warn_line);
    }

    #[test]
    fn shares_apply_to_every_target() {
        let text = BUNDLED.replace("urgent  0.5", "urgent  0.25").replace("warn    0.8", "warn    0.7");
        let policies = SlaPolicies::parse(&text).unwrap();
        let urgent = policies.targets(TicketCategory::EpidemicLead, Priority::Urgent);
        assert_eq!(urgent.acceptance.target_working_secs, 900);
        assert_eq!(urgent.resolution.warn_at_share, 0.7);
    }
}
