//! Isolations (隔离) over the five months before `now` and their twice-daily follow-ups
//! (一天两次随访, 09:00 and 15:00 CST).
//!
//! The number active at `now` is chosen first (about 500 at full scale); the rest ended
//! before `now`, most on their planned fourteenth day, a few early. Some start and some are
//! released "today" so the day's figures are never empty.

use rand::seq::{index, SliceRandom};
use rand::Rng;
use wangge_domain::time::{DAY_SECS, HOUR_SECS};
use wangge_domain::{FollowUp, FollowUpResult, Isolation, IsolationKind, Timestamp};

use crate::layout::Layout;
use crate::records::{Targets, Window};
use crate::residents::Residents;

/// The rule of the articles: fourteen days.
pub const PLANNED_DAYS: i64 = 14;
/// Follow-up slots, hours of the local day.
const SLOT_HOURS: [i64; 2] = [9, 15];
/// Chance that a past slot of an active isolation was never done (gives a few dozen overdue).
const MISSED_SLOT: f64 = 0.004;

fn kind<R: Rng>(rng: &mut R) -> IsolationKind {
    let table = [(IsolationKind::Centralised, 25), (IsolationKind::Home, 35), (IsolationKind::HomeObservation, 40)];
    table.choose_weighted(rng, |(_, w)| *w).expect("weights").0
}

/// A uniform instant in `[from, to]` (or `from` if the range is empty).
fn between<R: Rng>(rng: &mut R, from: Timestamp, to: Timestamp) -> Timestamp {
    if to <= from {
        from
    } else {
        Timestamp(rng.gen_range(from.secs()..=to.secs()))
    }
}

/// (start, release) of each isolation; `None` release means active at `now`.
fn spans<R: Rng>(rng: &mut R, targets: &Targets, window: &Window) -> Vec<(Timestamp, Option<Timestamp>)> {
    let now = window.now;
    let planned = PLANNED_DAYS * DAY_SECS;
    let active = targets.active_isolations.min(targets.isolations);
    let started_today = (active / 80).clamp(1, 8);
    let released_today = ((targets.isolations - active) / 1500).clamp(1, 5);
    let mut out = Vec::with_capacity(targets.isolations);
    for i in 0..active {
        // Active: started within the last fourteen days (the first few today), not released.
        let from = if i < started_today { window.today } else { now.plus_secs(-planned + 60) };
        out.push((between(rng, from, now), None));
    }
    for i in 0..targets.isolations - active {
        // Released ones: a few today, 3% early (tests cleared, moved to hospital), the rest
        // on the morning after the fourteenth day.
        let early = i >= released_today && rng.gen_bool(0.03);
        let length = if early { rng.gen_range(DAY_SECS..13 * DAY_SECS) } else { planned + rng.gen_range(0..6 * HOUR_SECS) };
        let release = if i < released_today {
            between(rng, window.today, now)
        } else {
            between(rng, window.start.plus_secs(length), now.plus_secs(-60))
        };
        out.push((release.plus_secs(-length), Some(release)));
    }
    out.sort_by_key(|&(start, release)| (start, release));
    out
}

pub fn build<R: Rng>(
    rng: &mut R,
    layout: &Layout,
    residents: &Residents,
    targets: &Targets,
    window: &Window,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> (Vec<Isolation>, Vec<FollowUp>) {
    let now = window.now;
    let spans = spans(rng, targets, window);
    // Distinct people, so nobody is isolated twice at once.
    let persons = index::sample(rng, residents.people.len(), spans.len().min(residents.people.len())).into_vec();

    let mut isolations = Vec::with_capacity(spans.len());
    let mut follow_ups = Vec::with_capacity(spans.len() * 28);
    for (i, (&(started_at, released_at), &person)) in spans.iter().zip(&persons).enumerate() {
        let leaf = residents.house_leaf[residents.person_house[person]];
        let id = i as i64 + 1;
        isolations.push(Isolation {
            id,
            person_id: person as i64 + 1,
            micro_grid: layout.leaves[leaf].code.clone(),
            kind: kind(rng),
            started_at,
            planned_end: started_at.plus_secs(PLANNED_DAYS * DAY_SECS),
            released_at,
            version: 0,
        });

        // Slots from the start until release (exclusive) or now (inclusive).
        let active = released_at.is_none();
        let end = released_at.unwrap_or(now);
        let mut day = started_at.local_day_start();
        while day <= end {
            for hour in SLOT_HOURS {
                let due_at = day.plus_secs(hour * HOUR_SECS);
                let in_span = due_at >= started_at && if active { due_at <= end } else { due_at < end };
                if !in_span {
                    continue;
                }
                let missed = active && rng.gen_bool(MISSED_SLOT);
                let done_at = Some(due_at.plus_secs(rng.gen_range(300..100 * 60))).filter(|&at| at <= now && !missed);
                let (temperature_c, result) = match done_at {
                    None => (None, None),
                    Some(_) => match rng.gen_range(0..1000) {
                        0..=9 => (None, Some(FollowUpResult::Missed)),
                        10..=24 => (Some(rng.gen_range(37.3..=37.5)), Some(FollowUpResult::SeenUnwell)),
                        _ => (Some(rng.gen_range(36.0..37.3)), Some(FollowUpResult::SeenWell)),
                    },
                };
                follow_ups.push(FollowUp {
                    id: follow_ups.len() as i64 + 1,
                    isolation_id: id,
                    due_at,
                    done_at,
                    temperature_c: temperature_c.map(|t: f64| (t * 10.0).round() / 10.0),
                    result,
                    version: 0,
                });
            }
            day = day.plus_secs(DAY_SECS);
        }
        if (i + 1) % 1000 == 0 {
            progress("isolations", i as u64 + 1, spans.len() as u64);
        }
    }
    progress("isolations", isolations.len() as u64, isolations.len() as u64);
    (isolations, follow_ups)
}
