//! The isolation register: each isolation attached to a registered person (by ID number),
//! counted in the micro-grid of their house, with its follow-up slots.

use std::collections::HashMap;

use wangge_api as api;
use wangge_domain::time::{WallClock, DAY_SECS};
use wangge_domain::{Change, FollowUp, Isolation, Person, Scope, Timestamp};
use wangge_figures::say;
use wangge_registers::IsolationRow;

use super::{Batch, Numbered, Placement, Register, RegisterOptions, RegisterReport, Stage};
use crate::{Engine, EngineError};

/// The follow-up slots of an isolation from `start` to `end` (exclusive): every day at each
/// of `times` (seconds after midnight on `clock`).
/// Slots before `from` are left out unless `past` is set; returns the slots and how many
/// were left out.
pub fn follow_up_slots(
    start: Timestamp,
    end: Timestamp,
    from: Timestamp,
    times: &[u32],
    clock: WallClock,
    past: bool,
) -> (Vec<Timestamp>, usize) {
    let mut times: Vec<i64> = times.iter().map(|&t| i64::from(t)).collect();
    times.sort_unstable();
    times.dedup();
    let mut slots = Vec::new();
    let mut skipped = 0;
    let mut day = clock.day_number(start);
    loop {
        let midnight = clock.day_start(day);
        if midnight >= end {
            break;
        }
        for &t in &times {
            let due = midnight.plus_secs(t);
            if due < start || due >= end {
                continue;
            }
            if due < from && !past {
                skipped += 1;
            } else {
                slots.push(due);
            }
        }
        day += 1;
    }
    (slots, skipped)
}

impl Engine {
    /// Imports isolations with their follow-up slots: one transaction, all or (per the
    /// policy) the good rows. The person must be registered (by ID number; otherwise the
    /// row is unassigned); an isolation of the same person overlapping the new one, a start
    /// or release after the import, are refused.
    pub async fn import_isolations(
        &mut self,
        scope: &Scope,
        rows: Vec<Numbered<IsolationRow>>,
        options: &RegisterOptions,
        now: Timestamp,
        progress: &mut (dyn FnMut(api::Progress) + Send),
    ) -> Result<RegisterReport, EngineError> {
        self.begin_register_import(scope, options, now).await?;
        let mut report = RegisterReport::new(Register::Isolations, rows.len(), options, scope.language);
        let mut batch = Batch::with_capacity(rows.len());
        {
            let district = self.district();
            let mut people: HashMap<&str, &Person> = HashMap::with_capacity(district.people.len());
            for person in district.people.values() {
                let entry = people.entry(person.id_number.as_str()).or_insert(person);
                if person.id < entry.id {
                    *entry = person;
                }
            }
            let mut isolations_of: HashMap<i64, Vec<&Isolation>> = HashMap::new();
            for isolation in district.isolations.values() {
                isolations_of.entry(isolation.person_id).or_default().push(isolation);
            }
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let name = say!(scope.language, "定位隔离记录", "Placing isolations");
            let mut stage = Stage { name, total: rows.len() as u64, every: options.progress_every, progress };
            stage.start();
            for (index, Numbered { number, row }) in rows.iter().enumerate() {
                stage.row(index);
                let number = *number;
                let id_number = row.id_number.as_str();
                if let Some(first) = seen.insert(id_number, number) {
                    report.refuse(
                        number,
                        "id_number",
                        id_number,
                        say!(scope.language, "重复：第 {first} 行已有相同的身份证号", "Duplicate: row {first} has the same ID number"),
                    );
                    continue;
                }
                let Some(person) = people.get(id_number) else {
                    report.unplaced(
                        number,
                        "id_number",
                        id_number,
                        say!(scope.language, "人口登记中没有这个身份证号的人", "no person with this ID number in the population register"),
                    );
                    continue;
                };
                let started_at = row.started_at.instant_on(options.wall_clock);
                let planned_end = match row.planned_end {
                    Some(end) => end.instant_on(options.wall_clock),
                    None => started_at.plus_secs(i64::from(options.isolation_days) * DAY_SECS),
                };
                let released_at = row.released_at.map(|at| at.instant_on(options.wall_clock));
                if started_at > now {
                    report.refuse(
                        number,
                        "started_at",
                        row.started_at.to_string(),
                        say!(scope.language, "晚于导入时间（{now}）", "Later than the import ({now})"),
                    );
                    continue;
                }
                if let Some(at) = released_at.filter(|&at| at > now) {
                    report.refuse(
                        number,
                        "released_at",
                        row.released_at.map(|r| r.to_string()).unwrap_or_default(),
                        say!(scope.language, "{at} 晚于导入时间（{now}）", "{at} is later than the import ({now})"),
                    );
                    continue;
                }
                if planned_end <= started_at {
                    report.refuse(
                        number,
                        "planned_end",
                        row.planned_end.map(|r| r.to_string()).unwrap_or_default(),
                        say!(scope.language, "计划解除时间应晚于开始时间", "The planned end must be after the start"),
                    );
                    continue;
                }
                let until = released_at.unwrap_or(planned_end);
                let overlapping = isolations_of
                    .get(&person.id)
                    .into_iter()
                    .flatten()
                    .find(|other| other.released_at.is_none_or(|released| released > started_at) && other.started_at < until);
                if let Some(other) = overlapping {
                    let state = match other.released_at {
                        None => say!(scope.language, "未解除", "not released"),
                        Some(at) => say!(scope.language, "{at} 解除", "released {at}"),
                    };
                    report.refuse(
                        number,
                        "id_number",
                        id_number,
                        say!(
                            scope.language,
                            "重复：人员 {} 已有隔离记录 {}（{} 起，{state}），与本行重叠",
                            "Duplicate: person {} already has isolation {} (from {}, {state}), which overlaps this row",
                            person.id,
                            other.id,
                            other.started_at
                        ),
                    );
                    continue;
                }
                let Some(house) = district.houses.get(&person.house_id) else {
                    report.unplaced(
                        number,
                        "id_number",
                        id_number,
                        say!(
                            scope.language,
                            "人员 {} 的房屋 {} 不在房屋登记中",
                            "house {1} of person {0} is not in the house register",
                            person.id,
                            person.house_id
                        ),
                    );
                    continue;
                };
                let micro_grid = house.micro_grid.clone();
                if let Some(problem) = self.register_scope_problem(scope, &micro_grid) {
                    report.refuse(number, "id_number", id_number, problem);
                    continue;
                }
                report.placed(Placement::Person, &micro_grid.0);
                let batch_ref = batch.push_main(Change::Isolation(Isolation {
                    id: 0,
                    person_id: person.id,
                    micro_grid,
                    kind: row.kind,
                    started_at,
                    planned_end,
                    released_at,
                    version: 0,
                }));
                let (slots, skipped) =
                    follow_up_slots(started_at, until, now, &options.follow_up_times, options.wall_clock, options.past_follow_ups);
                report.follow_ups += slots.len();
                report.follow_ups_past_skipped += skipped;
                batch.changes.extend(slots.into_iter().map(|due_at| {
                    Change::FollowUp(FollowUp {
                        id: 0,
                        isolation_id: batch_ref,
                        due_at,
                        done_at: None,
                        temperature_c: None,
                        result: None,
                        version: 0,
                    })
                }));
            }
            stage.end();
        }
        self.store_register_batch(scope, batch, &mut report, options, now, progress).await?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWICE: &[u32] = &[8 * 3600, 16 * 3600];

    #[test]
    fn two_slots_a_day_from_start_to_end() {
        let start = Timestamp::from_local(2026, 11, 20, 10, 0);
        let end = start.plus_secs(14 * DAY_SECS);
        let (slots, skipped) = follow_up_slots(start, end, start, TWICE, WallClock::DistrictZone, false);
        // 20th: 16:00 only; 21st..3rd: two a day (13 days); 4 Dec until 10:00: 08:00.
        assert_eq!(slots.len(), 1 + 26 + 1);
        assert_eq!(skipped, 0);
        assert_eq!(slots[0], Timestamp::from_local(2026, 11, 20, 16, 0));
        assert_eq!(slots[1], Timestamp::from_local(2026, 11, 21, 8, 0));
        assert_eq!(*slots.last().unwrap(), Timestamp::from_local(2026, 12, 4, 8, 0));
    }

    #[test]
    fn slots_before_the_import_are_left_out_unless_asked_for() {
        let start = Timestamp::from_local(2026, 11, 20, 0, 0);
        let end = start.plus_secs(14 * DAY_SECS);
        let now = Timestamp::from_local(2026, 11, 23, 10, 0);
        let (slots, skipped) = follow_up_slots(start, end, now, TWICE, WallClock::DistrictZone, false);
        assert_eq!(skipped, 7, "20th, 21st, 22nd twice and 23rd 08:00");
        assert_eq!(slots[0], Timestamp::from_local(2026, 11, 23, 16, 0));
        assert_eq!(slots.len() + skipped, 28);
        let (all, none) = follow_up_slots(start, end, now, TWICE, WallClock::DistrictZone, true);
        assert_eq!((all.len(), none), (28, 0));
        let (three, _) = follow_up_slots(start, end, start, &[16 * 3600, 8 * 3600, 12 * 3600], WallClock::DistrictZone, false);
        assert_eq!(three.len(), 42);
    }
}
