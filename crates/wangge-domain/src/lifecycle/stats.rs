//! Per-unit figures over many tickets: bounce-backs (退回 count) and average handling
//! time from acceptance to resolution, in wall-clock and in working time.
//!
//! Computed by folding each ticket's events, so the figures agree with the lifecycle:
//! a refused event (which a store should never hold) is skipped and counted, not trusted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lifecycle::event::TicketEvent;
use crate::lifecycle::policy::SlaPolicies;
use crate::lifecycle::state::TicketState;
use crate::sla::WorkingCalendar;

/// One unit's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitStats {
    /// Tickets (or parts) the unit returned as not its business.
    pub returns: u32,
    /// Resolutions by the unit that had an acceptance to measure from.
    pub handled: u32,
    pub total_wall_secs: i64,
    /// Working seconds from acceptance to resolution, not counting suspensions (the unit
    /// could not act while the citizen was awaited).
    pub total_working_secs: i64,
}

impl UnitStats {
    pub fn avg_handling_wall_secs(&self) -> Option<f64> {
        (self.handled > 0).then(|| self.total_wall_secs as f64 / f64::from(self.handled))
    }

    pub fn avg_handling_working_secs(&self) -> Option<f64> {
        (self.handled > 0).then(|| self.total_working_secs as f64 / f64::from(self.handled))
    }
}

/// Figures per unit over `tickets` (each an initial state and its events), and the number
/// of refused events skipped.
pub fn unit_statistics<'a>(
    tickets: impl IntoIterator<Item = (&'a TicketState, &'a [TicketEvent])>,
    policies: &SlaPolicies,
    calendar: &WorkingCalendar,
) -> (BTreeMap<String, UnitStats>, usize) {
    let mut stats: BTreeMap<String, UnitStats> = BTreeMap::new();
    let mut refused = 0;
    for (initial, events) in tickets {
        let mut state = initial.clone();
        for event in events {
            let Ok(next) = state.apply(event, policies) else {
                refused += 1;
                continue;
            };
            match event {
                TicketEvent::Returned { unit, .. } => stats.entry(unit.clone()).or_default().returns += 1,
                TicketEvent::Resolved { unit, at, .. } => {
                    let accepted = state.owner(unit).and_then(|o| o.accepted_at);
                    let clock = next.unit_clocks(unit).map(|c| &c.resolution);
                    if let (Some(accepted), Some(clock)) = (accepted, clock) {
                        let paused: i64 = clock
                            .pauses()
                            .iter()
                            .map(|p| {
                                let from = p.from.max(accepted);
                                let to = p.to.unwrap_or(*at).min(*at);
                                if to > from {
                                    calendar.working_secs_between(from, to)
                                } else {
                                    0
                                }
                            })
                            .sum();
                        let s = stats.entry(unit.clone()).or_default();
                        s.handled += 1;
                        s.total_wall_secs += at.secs() - accepted.secs();
                        s.total_working_secs += calendar.working_secs_between(accepted, *at) - paused;
                    }
                }
                _ => {}
            }
            state = next;
        }
    }
    (stats, refused)
}
