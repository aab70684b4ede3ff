//! The district's indexes of let houses (出租房) and landlords' scoring events: which places
//! a landlord lets in, so that an event moves the figures of exactly those places.

use std::collections::HashMap;

use super::District;
use crate::hierarchy::NodeId;
use crate::records::{House, LandlordMark, Person};

impl District {
    /// The marks of a landlord, in the order they were applied.
    pub fn marks_of(&self, landlord_id: i64) -> impl Iterator<Item = &LandlordMark> {
        self.marks_by_landlord.get(&landlord_id).into_iter().flatten().filter_map(|id| self.landlord_marks.get(id))
    }

    /// The let houses of a landlord, by id.
    pub fn lettings_of(&self, landlord_id: i64) -> impl Iterator<Item = &House> {
        self.lettings_by_landlord.get(&landlord_id).into_iter().flatten().filter_map(|id| self.houses.get(id))
    }

    /// The people registered at a let house but its landlord: its tenants (租客).
    pub fn tenants_of(&self, house: &House) -> u64 {
        let registered = self.residents_by_house.get(&house.id).copied().unwrap_or(0);
        let landlord_lives_here =
            house.rental.and_then(|r| r.landlord_id).and_then(|l| self.people.get(&l)).is_some_and(|l| l.house_id == house.id);
        registered.saturating_sub(u64::from(landlord_lives_here))
    }

    /// The places where a landlord lets: their figures move with the landlord's score.
    pub(super) fn letting_places(&self, landlord_id: i64) -> Vec<NodeId> {
        self.lettings_of(landlord_id).filter_map(|h| self.hierarchy.id_of(&h.micro_grid)).collect()
    }

    /// Keeps the letting indexes right for a house about to be stored at `leaf`; returns the
    /// places whose rental figures may have moved.
    pub(super) fn reindex_letting(&mut self, house: &House, leaf: NodeId) -> Vec<NodeId> {
        let mut touched = match self.houses.get(&house.id).cloned() {
            Some(old) => self.unindex_letting(&old),
            None => Vec::new(),
        };
        if let Some(rental) = house.rental {
            self.leaves[leaf.index()].rental_houses.push(house.id);
            if let Some(landlord) = rental.landlord_id {
                self.lettings_by_landlord.entry(landlord).or_default().push(house.id);
            }
            touched.push(leaf);
        }
        touched
    }

    /// Takes a house out of the letting indexes; returns its place when it was let.
    pub(super) fn unindex_letting(&mut self, old: &House) -> Vec<NodeId> {
        let Some(rental) = old.rental else { return Vec::new() };
        if let Some(landlord) = rental.landlord_id {
            if let Some(list) = self.lettings_by_landlord.get_mut(&landlord) {
                list.retain(|&id| id != old.id);
            }
        }
        let Some(leaf) = self.hierarchy.id_of(&old.micro_grid) else { return Vec::new() };
        self.leaves[leaf.index()].rental_houses.retain(|&id| id != old.id);
        vec![leaf]
    }

    /// Stores a mark (a new one, or a correction of one); returns the places where its
    /// landlord lets. A mark is a fact the engine checked when it was recorded (landlord,
    /// house, item), so none of that is checked again here: a landlord who has since stopped
    /// letting still has the events of the year.
    pub(super) fn index_mark(&mut self, mark: LandlordMark) -> Vec<NodeId> {
        let mut touched = self.forget_mark(mark.id);
        self.marks_by_landlord.entry(mark.landlord_id).or_default().push(mark.id);
        touched.extend(self.letting_places(mark.landlord_id));
        self.landlord_marks.insert(mark.id, mark);
        touched
    }

    /// Takes a mark out; returns the places where its landlord lets.
    pub(super) fn forget_mark(&mut self, id: i64) -> Vec<NodeId> {
        let Some(old) = self.landlord_marks.remove(&id) else { return Vec::new() };
        if let Some(list) = self.marks_by_landlord.get_mut(&old.landlord_id) {
            list.retain(|&other| other != id);
        }
        self.letting_places(old.landlord_id)
    }

    /// What a copy for figures keeps of the registers: the let houses, their landlords and
    /// how many people each let house has (tenants are counted from these).
    pub(super) fn lettings_for_figures(&self) -> (HashMap<i64, House>, HashMap<i64, Person>, HashMap<i64, u64>) {
        let houses: HashMap<i64, House> = self.houses.values().filter(|h| h.rental.is_some()).map(|h| (h.id, h.clone())).collect();
        let people = self.lettings_by_landlord.keys().filter_map(|id| self.people.get(id)).map(|p| (p.id, p.clone())).collect();
        let residents = houses.keys().filter_map(|id| self.residents_by_house.get(id).map(|n| (*id, *n))).collect();
        (houses, people, residents)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tests::house, tests::person, Records};
    use super::*;
    use crate::change::Change;
    use crate::hierarchy::tests::small_tree;
    use crate::landlords::LandlordRules;
    use crate::metrics::{MetricRules, MetricsIndex};
    use crate::records::{LandlordDuty, Rental};
    use crate::time::Timestamp;

    const NOW: Timestamp = Timestamp(1_780_000_000);

    fn let_house(id: i64, leaf: &str, rooms: u32, landlord: Option<i64>) -> House {
        House { rental: Some(Rental { rooms, landlord_id: landlord }), ..house(id, leaf) }
    }

    fn mark(id: i64, landlord: i64, house: i64, points: i32) -> LandlordMark {
        LandlordMark {
            id,
            landlord_id: landlord,
            house_id: house,
            duty: LandlordDuty::Reporting,
            item: "租客入住或返回未在24小时内报告".into(),
            points,
            reason: "测试".into(),
            recorded_by: "tester".into(),
            recorded_at: NOW.plus_secs(-60),
            version: 0,
        }
    }

    /// The district of the tests: landlord 1 lives in house 1 (M1, let, 4 rooms) with two
    /// tenants, and lets house 2 (M2, 3 rooms) to one tenant; house 3 (M2) is not let.
    fn lettings() -> District {
        let records = Records {
            houses: vec![let_house(1, "M1", 4, Some(1)), let_house(2, "M2", 3, Some(1)), house(3, "M2")],
            people: vec![person(1, 1), person(2, 1), person(3, 1), person(4, 2), person(5, 3)],
            ..Records::default()
        };
        District::new(small_tree(), records).unwrap()
    }

    fn fresh_equal(d: &District, index: &MetricsIndex) {
        let fresh = MetricsIndex::build(d, NOW, MetricRules::default());
        for (id, _) in d.hierarchy.nodes() {
            assert_eq!(index.counts(id), fresh.counts(id), "node {id:?}");
        }
    }

    #[test]
    fn let_houses_count_rooms_and_tenants_without_the_landlord() {
        let d = lettings();
        let index = MetricsIndex::build(&d, NOW, MetricRules::default());
        let (m1, m2) = (d.hierarchy.id("M1").unwrap(), d.hierarchy.id("M2").unwrap());
        let (a, b) = (index.counts(m1), index.counts(m2));
        assert_eq!((a.rental_houses, a.rental_rooms, a.tenants), (1, 4, 2), "the landlord living there is no tenant");
        assert_eq!((b.rental_houses, b.rental_rooms, b.tenants), (1, 3, 1), "house 3 is not let");
        let root = index.counts(d.hierarchy.root());
        assert_eq!((root.rental_houses, root.rental_rooms, root.tenants), (2, 7, 3));
    }

    #[test]
    fn a_deduction_moves_every_place_the_landlord_lets_and_the_lists() {
        let mut d = lettings();
        let lists = LandlordRules::bundled().lists;
        let mut index = MetricsIndex::build(&d, NOW, MetricRules::default());
        let (m1, m2) = (d.hierarchy.id("M1").unwrap(), d.hierarchy.id("M2").unwrap());
        assert_eq!(index.counts(d.hierarchy.root()).landlords_black_listed, 0);
        let deduction = lists.base - lists.black_at_most;
        let touched = d.apply(Change::LandlordMark(mark(1, 1, 2, -deduction))).unwrap();
        let mut both = vec![m1, m2];
        both.sort();
        assert_eq!(touched.leaves, both, "the landlord lets in both places");
        assert_eq!(crate::landlords::score_at(&d, 1, NOW, &lists), lists.black_at_most);
        index.refresh(&d, &touched.leaves, NOW);
        assert_eq!(index.counts(m1).landlords_black_listed, 1, "counted at each let house");
        assert_eq!(index.counts(d.hierarchy.root()).landlords_black_listed, 2);
        fresh_equal(&d, &index);
        // A mark of last year does not count this year.
        let old = LandlordMark { recorded_at: crate::landlords::scoring_year_start(NOW).plus_secs(-1), ..mark(2, 1, 2, -10) };
        let touched = d.apply(Change::LandlordMark(old)).unwrap();
        index.refresh(&d, &touched.leaves, NOW);
        assert_eq!(crate::landlords::score_at(&d, 1, NOW, &lists), lists.black_at_most);
        // Forgotten (a view of the past), the deduction leaves the lists.
        let touched = d.forget("landlord_mark", 1);
        index.refresh(&d, &touched.leaves, NOW);
        assert_eq!(index.counts(d.hierarchy.root()).landlords_black_listed, 0);
        fresh_equal(&d, &index);
    }

    #[test]
    fn a_house_let_later_or_a_landlord_moving_in_moves_the_figures() {
        let mut d = lettings();
        let mut index = MetricsIndex::build(&d, NOW, MetricRules::default());
        let touched = d.apply(Change::House(let_house(3, "M2", 2, Some(5)))).unwrap();
        index.refresh(&d, &touched.leaves, NOW);
        let m2 = d.hierarchy.id("M2").unwrap();
        assert_eq!((index.counts(m2).rental_houses, index.counts(m2).tenants), (2, 1), "its landlord lives there: no tenant");
        // The landlord of house 2 moves in there: one tenant fewer at M2, one more at M1.
        let touched = d.apply(Change::Person(person(1, 2))).unwrap();
        index.refresh(&d, &touched.leaves, NOW);
        fresh_equal(&d, &index);
        assert_eq!(index.counts(m2).tenants, 1);
        assert_eq!(index.counts(d.hierarchy.id("M1").unwrap()).tenants, 2);
        // No longer let: out of every rental figure, and of the landlord's lettings.
        let touched = d.apply(Change::House(house(2, "M2"))).unwrap();
        index.refresh(&d, &touched.leaves, NOW);
        fresh_equal(&d, &index);
        assert_eq!(d.lettings_of(1).count(), 1);
        // The copy for figures counts the same.
        let copy = d.clone_for_figures();
        let from_copy = MetricsIndex::build(&copy, NOW, MetricRules::default());
        assert_eq!(from_copy.counts(d.hierarchy.root()), index.counts(d.hierarchy.root()));
    }
}
