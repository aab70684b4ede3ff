//! Clocks when work moves between units: reassignment (改派) and co-dispatch (加派).
//!
//! The rules (to be stated in ARCHITECTURE.md as well): the citizen's clocks belong to the ticket and run on
//! unchanged whoever holds it, because the citizen's wait does not restart when a commander
//! moves the ticket; the new unit's acceptance clock starts fresh at the moment of
//! reassignment, because a unit can only be held to account from when the work reached it.
//! Clocks are independent values, so these rules are just which clocks are created when.

use serde::{Deserialize, Serialize};

use crate::sla::calendar::WorkingCalendar;
use crate::sla::clock::{ClockKind, SlaClock, SlaPolicy, SlaState};
use crate::time::Timestamp;

/// The acceptance clock of the unit a ticket is reassigned to, starting at `at`.
/// The citizen's resolution clock is not touched: keep using the same value.
pub fn acceptance_clock_on_reassignment(at: Timestamp, policy: SlaPolicy) -> SlaClock {
    SlaClock::start(ClockKind::Acceptance, policy, at)
}

/// One unit's clocks on a co-dispatched ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitClocks {
    pub unit: String,
    pub acceptance: SlaClock,
    pub resolution: SlaClock,
}

impl UnitClocks {
    /// A unit's clocks, both starting when the work is dispatched to it.
    pub fn dispatched(unit: &str, at: Timestamp, acceptance: SlaPolicy, resolution: SlaPolicy) -> Self {
        UnitClocks {
            unit: unit.to_string(),
            acceptance: SlaClock::start(ClockKind::Acceptance, acceptance, at),
            resolution: SlaClock::start(ClockKind::Resolution, resolution, at),
        }
    }

    /// The unit's overall state: the roll-up of its two clocks.
    pub fn state_at(&self, now: Timestamp, calendar: &WorkingCalendar) -> SlaState {
        roll_up([self.acceptance.state_at(now, calendar), self.resolution.state_at(now, calendar)]).unwrap_or(SlaState::OnTime)
    }
}

/// A co-dispatched ticket (加派): each unit with its own clocks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CoDispatch {
    pub units: Vec<UnitClocks>,
}

impl CoDispatch {
    /// The ticket's state over every unit's clocks (`None` with no units).
    pub fn state_at(&self, now: Timestamp, calendar: &WorkingCalendar) -> Option<SlaState> {
        roll_up(self.units.iter().map(|u| u.state_at(now, calendar)))
    }

    /// The ticket's state over one kind of clock (acceptance or resolution) of every unit.
    pub fn state_of_kind_at(&self, kind: ClockKind, now: Timestamp, calendar: &WorkingCalendar) -> Option<SlaState> {
        roll_up(self.units.iter().filter_map(|u| match kind {
            ClockKind::Acceptance => Some(u.acceptance.state_at(now, calendar)),
            ClockKind::Resolution => Some(u.resolution.state_at(now, calendar)),
            ClockKind::ReturnVisit => None,
        }))
    }

    /// The earliest deadline still ahead of the ticket: the unit to chase first.
    pub fn next_deadline(&self, calendar: &WorkingCalendar) -> Option<Timestamp> {
        self.units
            .iter()
            .flat_map(|u| [&u.acceptance, &u.resolution])
            .filter(|c| c.stopped_at().is_none())
            .filter_map(|c| c.deadline(calendar))
            .min()
    }
}

/// Rolls several clocks' states up into one, worst first:
/// - any breach, or any clock met late, makes the whole breached (a late unit is a broken
///   promise to the citizen even once it has finished);
/// - else any warning, else any clock running on time, gives that state;
/// - else, if any clock is paused, the whole is paused (only suspended work is left);
/// - else every clock is met, on time.
///
/// Once every clock is stopped the result is `Met`, on time only if all were.
/// `None` for no states.
pub fn roll_up(states: impl IntoIterator<Item = SlaState>) -> Option<SlaState> {
    let (mut any, mut breached, mut late, mut warning, mut on_time, mut paused) = (false, false, false, false, false, false);
    for state in states {
        any = true;
        match state {
            SlaState::Breached => breached = true,
            SlaState::Met { on_time: false } => late = true,
            SlaState::Warning => warning = true,
            SlaState::OnTime => on_time = true,
            SlaState::Paused => paused = true,
            SlaState::Met { on_time: true } => {}
        }
    }
    if !any {
        return None;
    }
    let running = breached || warning || on_time || paused;
    Some(if !running {
        SlaState::Met { on_time: !late }
    } else if breached || late {
        SlaState::Breached
    } else if warning {
        SlaState::Warning
    } else if on_time {
        SlaState::OnTime
    } else {
        SlaState::Paused
    })
}
