//! A stream of realistic changes, for demos and live tests: tickets accepted, resolved and
//! received, isolations started and released, follow-ups done, enterprises resuming.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use wangge_domain::lifecycle::{Lifecycle, Owner, Priority, TicketEvent, TicketStatus};
use wangge_domain::records::*;
use wangge_domain::units::Units;
use wangge_domain::{Change, District, NodeId, Timestamp};

/// A change the simulator wants made: to a record that exists, or a new record (whose id
/// the store chooses when it commits it).
#[derive(Debug, Clone, PartialEq)]
pub enum Proposal {
    Update(Change),
    Create(Change),
}

impl Proposal {
    pub fn change(&self) -> &Change {
        match self {
            Proposal::Update(change) | Proposal::Create(change) => change,
        }
    }
}

/// Picks the next change to make to a district. Deterministic for a seed and a district.
pub struct Simulator {
    rng: ChaCha8Rng,
    /// The micro-grids changes may touch (a subtree of the caller's choice).
    leaves: Vec<NodeId>,
    lifecycle: Lifecycle,
    units: Units,
}

impl Simulator {
    /// Simulates within the subtree under `within` (the whole district if it is the root).
    pub fn new(district: &District, within: NodeId, seed: u64) -> Self {
        let hierarchy = &district.hierarchy;
        let leaves =
            hierarchy.subtree(within).into_iter().filter(|&id| hierarchy.is_leaf(id) && !hierarchy.node(id).is_retired()).collect();
        Simulator { rng: ChaCha8Rng::seed_from_u64(seed), leaves, lifecycle: Lifecycle::standard(), units: Units::bundled() }
    }

    /// The next change, as of `now`. Kinds of change that find nothing to act on are skipped;
    /// after 32 such draws a new ticket is filed, which is always possible, so the stream
    /// never stops while there is a micro-grid (in a small district most micro-grids hold
    /// nothing to act on, and 32 empty draws in a row came up about once in 200 changes).
    /// `None` only when the area has no current micro-grid.
    pub fn next_change(&mut self, district: &District, now: Timestamp) -> Option<Proposal> {
        for _ in 0..32 {
            let leaf = *self.leaves.choose(&mut self.rng)?;
            let roll = self.rng.gen_range(0..100);
            let change = match roll {
                0..=29 => self.resolve_ticket(district, leaf, now).map(Proposal::Update),
                30..=44 => self.accept_ticket(district, leaf, now).map(Proposal::Update),
                45..=59 => Some(Proposal::Create(self.new_ticket(district, leaf, now))),
                60..=69 => self.release_isolation(district, leaf, now).map(Proposal::Update),
                70..=77 => self.new_isolation(district, leaf, now).map(Proposal::Create),
                78..=87 => self.do_follow_up(district, leaf, now).map(Proposal::Update),
                _ => self.resume_enterprise(district, leaf, now).map(Proposal::Update),
            };
            if change.is_some() {
                return change;
            }
        }
        let leaf = *self.leaves.choose(&mut self.rng)?;
        Some(Proposal::Create(self.new_ticket(district, leaf, now)))
    }

    /// An accepted, unresolved part of an open ticket in the micro-grid, resolved now.
    fn resolve_ticket(&mut self, district: &District, leaf: NodeId, now: Timestamp) -> Option<Change> {
        self.step_some_ticket(district, leaf, now, |owner| {
            (owner.accepted_at.is_some() && owner.resolved_at.is_none()).then(|| TicketEvent::Resolved {
                unit: owner.unit.clone(),
                at: now,
                note: "已办结".to_string(),
            })
        })
    }

    /// A part of an open ticket nobody has signed for yet, accepted now.
    fn accept_ticket(&mut self, district: &District, leaf: NodeId, now: Timestamp) -> Option<Change> {
        self.step_some_ticket(district, leaf, now, |owner| {
            owner.accepted_at.is_none().then(|| TicketEvent::Accepted { unit: owner.unit.clone(), at: now })
        })
    }

    /// Picks an open ticket of the micro-grid with an owner for whom `step` proposes an
    /// event, and applies it through the lifecycle (so the record stays consistent).
    fn step_some_ticket(
        &mut self,
        district: &District,
        leaf: NodeId,
        now: Timestamp,
        step: impl Fn(&Owner) -> Option<TicketEvent>,
    ) -> Option<Change> {
        let mut candidates: Vec<(&Ticket, TicketEvent)> = district
            .leaf(leaf)
            .tickets
            .iter()
            .filter_map(|id| district.tickets.get(id))
            .filter(|t| t.is_received_at(now) && t.status.is_open() && t.status != TicketStatus::Suspended)
            .filter_map(|t| {
                let state = self.lifecycle.fold(t).ok()?;
                let event = state.owners.iter().find_map(&step)?;
                Some((t, event))
            })
            .collect();
        candidates.sort_by_key(|(t, _)| t.id);
        let (ticket, event) = candidates.choose(&mut self.rng)?.clone();
        self.lifecycle.step(ticket, event).ok().map(Change::Ticket)
    }

    fn new_ticket(&mut self, district: &District, leaf: NodeId, now: Timestamp) -> Change {
        let node = district.hierarchy.node(leaf);
        let category = *TicketCategory::ALL.choose(&mut self.rng).expect("categories");
        let source = *TicketSource::ALL.choose(&mut self.rng).expect("sources");
        let location = geo::InteriorPoint::interior_point(&node.boundary);
        let unit = self.units.route(&district.hierarchy, category, Some(leaf));
        let ticket = Ticket {
            id: next_id(district.tickets.keys()),
            source,
            category,
            priority: Priority::Normal,
            summary: wangge_demo::tickets::summary(&mut self.rng, category, &node.name, None),
            micro_grid: Some(node.code.clone()),
            location,
            owning_unit: unit.clone(),
            received_at: now,
            accepted_at: None,
            resolved_at: None,
            closed_at: None,
            deadline: now,
            status: TicketStatus::New,
            supervised: false,
            version: 1,
            events: vec![TicketEvent::Received { at: now, unit }],
            enterprise: None,
        };
        Change::Ticket(self.lifecycle.project(ticket).expect("a received ticket always folds"))
    }

    fn release_isolation(&mut self, district: &District, leaf: NodeId, now: Timestamp) -> Option<Change> {
        let active: Vec<&Isolation> =
            district.leaf(leaf).isolations.iter().filter_map(|id| district.isolations.get(id)).filter(|i| i.is_active_at(now)).collect();
        let mut isolation = (*active.choose(&mut self.rng)?).clone();
        isolation.released_at = Some(now);
        Some(Change::Isolation(isolation))
    }

    /// Isolates a resident of the micro-grid; none when nobody lives there.
    fn new_isolation(&mut self, district: &District, leaf: NodeId, now: Timestamp) -> Option<Change> {
        let code = district.hierarchy.node(leaf).code.clone();
        let mut houses: Vec<i64> = district.houses.values().filter(|h| h.micro_grid == code).map(|h| h.id).collect();
        houses.sort_unstable();
        let mut residents: Vec<i64> =
            district.people.values().filter(|p| houses.binary_search(&p.house_id).is_ok()).map(|p| p.id).collect();
        residents.sort_unstable();
        let person_id = *residents.choose(&mut self.rng)?;
        let kind = *IsolationKind::ALL.choose(&mut self.rng).expect("kinds");
        Some(Change::Isolation(Isolation {
            id: next_id(district.isolations.keys()),
            person_id,
            micro_grid: code,
            kind,
            started_at: now,
            planned_end: now.plus_secs(14 * 86_400),
            released_at: None,
            version: 0,
        }))
    }

    fn do_follow_up(&mut self, district: &District, leaf: NodeId, now: Timestamp) -> Option<Change> {
        let due: Vec<&FollowUp> = district
            .leaf(leaf)
            .isolations
            .iter()
            .filter_map(|id| district.isolations.get(id))
            .filter(|i| i.is_active_at(now))
            .flat_map(|i| district.follow_ups_of(i.id))
            .filter(|f| f.due_at <= now && f.done_at.is_none())
            .collect();
        let mut follow_up = (*due.choose(&mut self.rng)?).clone();
        follow_up.done_at = Some(now);
        follow_up.temperature_c = Some(36.0 + f64::from(self.rng.gen_range(0..15u8)) / 10.0);
        follow_up.result = Some(FollowUpResult::SeenWell);
        Some(Change::FollowUp(follow_up))
    }

    fn resume_enterprise(&mut self, district: &District, leaf: NodeId, now: Timestamp) -> Option<Change> {
        let behind: Vec<&Enterprise> = district
            .leaf(leaf)
            .enterprises
            .iter()
            .filter_map(|id| district.enterprises.get(id))
            .filter(|e| e.status != ResumptionStatus::Fully)
            .collect();
        let mut enterprise = (*behind.choose(&mut self.rng)?).clone();
        let gap = enterprise.headcount.saturating_sub(enterprise.workers_back);
        enterprise.workers_back += self.rng.gen_range(0..=gap);
        enterprise.status =
            if enterprise.workers_back >= enterprise.headcount { ResumptionStatus::Fully } else { ResumptionStatus::Partly };
        enterprise.resumed_at.get_or_insert(now);
        Some(Change::Enterprise(enterprise))
    }
}

fn next_id<'a>(ids: impl Iterator<Item = &'a i64>) -> i64 {
    ids.max().copied().unwrap_or(0) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_never_runs_dry_and_speaks_chinese() {
        let now = Timestamp::from_local(2020, 2, 20, 12, 0);
        let config = wangge_demo::DemoConfig { seed: 7, now, scale: wangge_demo::Scale::Small };
        let district = wangge_demo::generate(&config, &mut |_, _, _| {});
        for seed in 0..5 {
            let mut simulator = Simulator::new(&district, district.hierarchy.root(), seed);
            for n in 0..400 {
                let proposal = simulator.next_change(&district, now).unwrap_or_else(|| panic!("seed {seed}: dry after {n}"));
                if let Change::Ticket(ticket) = proposal.change() {
                    assert!(!ticket.summary.chars().any(|c| c.is_ascii_alphabetic()), "{}", ticket.summary);
                }
            }
        }
    }
}
