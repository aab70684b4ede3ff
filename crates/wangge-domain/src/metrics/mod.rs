//! The figures of every node, computed from the records and kept up to date per change.
//!
//! Every count adds up: a node's [`Counts`] are those of the records attached to it (a
//! place: a micro-grid, or a grid or community where nothing finer is drawn) plus the sum of
//! its children's. Rates are never stored; [`Metrics`] derives them
//! from counts whenever they are read, so they can always be recomputed from the records.
//!
//! Which figures there are is declared once, in `wangge_figures::with_figures!` (re-exported
//! here with its table [`FIGURES`]): the fields of [`Counts`], their sum, their names and the
//! rate methods of [`Metrics`] are generated from it. What is left by hand is how each count
//! is counted, in [`Counts::of_own_records`].

use std::ops::AddAssign;

use crate::district::District;
use crate::hierarchy::NodeId;
use crate::landlords::{score_at, LandlordLists, LandlordRules, Standing};
use crate::records::IsolationKind;
use crate::time::{Timestamp, HOUR_SECS};

pub use wangge_figures::{
    change_text, figure, grouped, with_figures, Figure, FigureValue, Group as FigureGroup, Kind as FigureKind, FIGURES,
};

/// Local rules that decide how records turn into figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricRules {
    /// How long after its slot a follow-up may still be done before it counts as overdue.
    pub follow_up_grace_secs: i64,
    /// The landlords' base score and list thresholds (房东十二分制), which the 红榜 and
    /// 黑榜 counts judge by.
    pub landlords: LandlordLists,
}

impl Default for MetricRules {
    fn default() -> Self {
        MetricRules { follow_up_grace_secs: 2 * HOUR_SECS, landlords: LandlordRules::bundled().lists }
    }
}

macro_rules! declare_counts {
    (
        counts { $( $(#[$doc:meta])* $count:ident => $cgroup:ident $clabels:tt, )* }
        rates { $( $(#[$rdoc:meta])* $rate:ident = $part:ident / $whole:ident => $rgroup:ident $rlabels:tt, )* }
    ) => {
        /// The additive figures of one node at one instant: one field per count of
        /// [`wangge_figures::with_figures!`].
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct Counts {
            $( $(#[$doc])* pub $count: u64, )*
        }

        impl AddAssign<&Counts> for Counts {
            fn add_assign(&mut self, other: &Counts) {
                $( self.$count += other.$count; )*
            }
        }

        impl Counts {
            /// How many counts there are.
            pub const LEN: usize = [$(stringify!($count)),*].len();

            /// Every count with its snake_case name, in declaration order.
            pub fn named(&self) -> [(&'static str, u64); Counts::LEN] {
                [$( (stringify!($count), self.$count) ),*]
            }

            /// The count of that name, to be set (a recount filling it by name).
            pub fn get_mut(&mut self, name: &str) -> Option<&mut u64> {
                match name {
                    $( stringify!($count) => Some(&mut self.$count), )*
                    _ => None,
                }
            }
        }

        impl Metrics {
            $(
                $(#[$rdoc])*
                pub fn $rate(&self) -> Option<f64> {
                    ratio(self.counts.$part, self.counts.$whole)
                }
            )*

            /// The value of the figure `name`: a count, or a rate (`None` when the rate has
            /// nothing to divide by, or when `name` is no figure at all).
            pub fn value(&self, name: &str) -> Option<f64> {
                match name {
                    $( stringify!($count) => Some(self.counts.$count as f64), )*
                    $( stringify!($rate) => self.$rate(), )*
                    _ => None,
                }
            }
        }
    };
}

wangge_figures::with_figures!(declare_counts);

impl Counts {
    /// The figures of the records attached to one node itself (its place records: a
    /// micro-grid's, or a grid's where no micro-grids are drawn), not its children's.
    pub fn of_own_records(district: &District, node: NodeId, now: Timestamp, rules: &MetricRules) -> Counts {
        let records = district.leaf(node);
        let today = now.local_day_start();
        let mut counts = Counts { residents: records.residents, ..Counts::default() };

        for isolation in records.isolations.iter().filter_map(|id| district.isolations.get(id)) {
            if isolation.started_at >= today && isolation.started_at <= now {
                counts.isolations_new_today += 1;
            }
            if isolation.released_at.is_some_and(|at| at >= today && at <= now) {
                counts.isolations_released_today += 1;
            }
            if !isolation.is_active_at(now) {
                continue;
            }
            counts.isolations_active += 1;
            match isolation.kind {
                IsolationKind::Centralised => counts.isolations_active_centralised += 1,
                IsolationKind::Home => counts.isolations_active_home += 1,
                IsolationKind::HomeObservation => counts.isolations_active_home_observation += 1,
            }
            for f in district.follow_ups_of(isolation.id) {
                let late_from = f.due_at + rules.follow_up_grace_secs;
                if late_from >= now {
                    continue;
                }
                counts.follow_ups_due += 1;
                if f.done_at.is_none_or(|done| done > now) {
                    counts.follow_ups_overdue += 1;
                } else if f.done_at.is_some_and(|done| done <= late_from) && f.result.is_some_and(|r| r.is_seen()) {
                    counts.follow_ups_done_on_time += 1;
                }
            }
        }

        for enterprise in records.enterprises.iter().filter_map(|id| district.enterprises.get(id)) {
            counts.enterprises_total += 1;
            counts.enterprises_above_size += u64::from(enterprise.above_designated_size);
            counts.workers_total += u64::from(enterprise.headcount);
            if enterprise.is_resumed_at(now) {
                counts.enterprises_resumed += 1;
                counts.enterprises_above_size_resumed += u64::from(enterprise.above_designated_size);
                counts.workers_back += u64::from(enterprise.workers_back);
            }
        }

        for house in records.rental_houses.iter().filter_map(|id| district.houses.get(id)) {
            let Some(rental) = house.rental else { continue };
            counts.rental_houses += 1;
            counts.rental_rooms += u64::from(rental.rooms);
            counts.tenants += district.tenants_of(house);
            if let Some(landlord) = rental.landlord_id {
                let standing = rules.landlords.standing(score_at(district, landlord, now, &rules.landlords));
                counts.landlords_red_listed += u64::from(standing.is_red());
                counts.landlords_black_listed += u64::from(standing == Standing::Black);
            }
        }

        for ticket in records.tickets.iter().filter_map(|id| district.tickets.get(id)) {
            if !ticket.is_received_at(now) {
                continue;
            }
            counts.tickets_received += 1;
            counts.tickets_accepted += u64::from(ticket.is_accepted_at(now));
            if ticket.is_resolved_at(now) {
                counts.tickets_resolved += 1;
                counts.tickets_resolved_on_time += u64::from(ticket.was_resolved_on_time_at(now));
            } else {
                counts.tickets_open += 1;
                counts.tickets_overdue += u64::from(ticket.is_overdue_at(now));
            }
        }
        counts
    }
}

/// Of the tickets placed under `root` and resolved by `now`, how many each unit resolved and
/// how many of those by their deadline (the unit that owned the ticket when it was resolved),
/// by unit code: 按时办结率 by unit, counted as `on_time_rate` is.
pub fn on_time_by_unit(district: &District, root: NodeId, now: Timestamp) -> std::collections::BTreeMap<String, (u64, u64)> {
    let mut units: std::collections::BTreeMap<String, (u64, u64)> = std::collections::BTreeMap::new();
    for node in district.hierarchy.subtree(root) {
        for ticket in district.leaf(node).tickets.iter().filter_map(|id| district.tickets.get(id)) {
            if ticket.is_received_at(now) && ticket.is_resolved_at(now) {
                let tally = units.entry(ticket.owning_unit.clone()).or_default();
                tally.0 += 1;
                tally.1 += u64::from(ticket.was_resolved_on_time_at(now));
            }
        }
    }
    units
}

impl std::ops::Add<i64> for Timestamp {
    type Output = Timestamp;
    fn add(self, secs: i64) -> Timestamp {
        self.plus_secs(secs)
    }
}

/// A node's counts and the rates derived from them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub counts: Counts,
}

/// `None` when there is nothing to divide by: a rate of an empty set is not 0% nor 100%.
fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The counts of every node of a district at one instant.
#[derive(Debug, Clone)]
pub struct MetricsIndex {
    counts: Vec<Counts>,
    as_of: Timestamp,
    rules: MetricRules,
}

impl MetricsIndex {
    /// Computes every node's figures from the records.
    pub fn build(district: &District, now: Timestamp, rules: MetricRules) -> Self {
        let mut index = MetricsIndex { counts: vec![Counts::default(); district.hierarchy.len()], as_of: now, rules };
        index.recompute_all(district, now);
        index
    }

    /// The figures of `root` and every node under it at `now` (the rest stay zero): what a
    /// view of one node and its children needs, at a fraction of the whole district's cost.
    pub fn build_under(district: &District, root: NodeId, now: Timestamp, rules: MetricRules) -> Self {
        let hierarchy = &district.hierarchy;
        let mut counts = vec![Counts::default(); hierarchy.len()];
        // Breadth-first from the root: reversed, every child comes before its parent.
        for node in hierarchy.subtree(root).into_iter().rev() {
            let own = Counts::of_own_records(district, node, now, &rules);
            counts[node.index()] += &own;
            if node != root {
                if let Some(parent) = hierarchy.parent(node) {
                    let child = counts[node.index()];
                    counts[parent.index()] += &child;
                }
            }
        }
        MetricsIndex { counts, as_of: now, rules }
    }

    /// The instant of the last full recomputation.
    pub fn as_of(&self) -> Timestamp {
        self.as_of
    }

    pub fn counts(&self, node: NodeId) -> &Counts {
        &self.counts[node.index()]
    }

    pub fn metrics(&self, node: NodeId) -> Metrics {
        Metrics { counts: self.counts[node.index()] }
    }

    /// Recomputes every node, for a new instant or from scratch. Returns the nodes whose
    /// counts differ from before.
    pub fn recompute_all(&mut self, district: &District, now: Timestamp) -> Vec<NodeId> {
        self.grow(district);
        let hierarchy = &district.hierarchy;
        let mut fresh = vec![Counts::default(); hierarchy.len()];
        for node in hierarchy.bottom_up() {
            let own = Counts::of_own_records(district, node, now, &self.rules);
            fresh[node.index()] += &own;
            if let Some(parent) = hierarchy.parent(node) {
                let child = fresh[node.index()];
                fresh[parent.index()] += &child;
            }
        }
        let changed = (0..fresh.len()).filter(|&i| fresh[i] != self.counts[i]).map(|i| NodeId(i as u32)).collect();
        self.counts = fresh;
        self.as_of = now;
        changed
    }

    /// Makes room for nodes a boundary import added to the hierarchy since the index was
    /// built. New nodes take the next ids and hold no records yet, so zero counts are exact
    /// for them and their ancestors' sums do not move.
    fn grow(&mut self, district: &District) {
        if self.counts.len() < district.hierarchy.len() {
            self.counts.resize(district.hierarchy.len(), Counts::default());
        }
    }

    /// Brings the figures up to date after a change touched some places: those are
    /// recomputed as of `now`, their ancestors re-summed. Other micro-grids keep the instant
    /// of the last full recomputation until the next one; parents still equal the sum of
    /// their children. Returns the nodes whose counts differ from before, leaves first.
    pub fn refresh(&mut self, district: &District, touched_leaves: &[NodeId], now: Timestamp) -> Vec<NodeId> {
        self.grow(district);
        let hierarchy = &district.hierarchy;
        let mut dirty: Vec<NodeId> = touched_leaves.iter().flat_map(|&leaf| hierarchy.path_to_root(leaf)).collect();
        // Children have larger ids than their parents: descending order recomputes bottom-up.
        dirty.sort_unstable_by(|a, b| b.cmp(a));
        dirty.dedup();
        let mut changed = Vec::new();
        for node in dirty {
            let mut fresh = Counts::of_own_records(district, node, now, &self.rules);
            for &child in hierarchy.children(node) {
                fresh += &self.counts[child.index()];
            }
            if fresh != self.counts[node.index()] {
                self.counts[node.index()] = fresh;
                changed.push(node);
            }
        }
        changed
    }
}

#[cfg(test)]
pub(crate) mod tests;
