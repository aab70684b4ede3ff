//! Why a record with a location is in no place: the real cause of a triage entry.
//!
//! The locator answers only "which place holds this point". When it answers nothing, the
//! commander needs to know whether the matter lies outside the district (another district's
//! business) or inside it, in a gap the boundary files left between sibling areas (the
//! boundaries need fixing, and the matter is ours). Calling both "outside the district" sent
//! every event of a real district to the wrong desk, so the cause is worked out here, by
//! walking down the current areas that contain the point.

use geo::{Intersects, Point};

use crate::hierarchy::{Hierarchy, Level, NodeId};
use crate::time::Timestamp;
use crate::Language;

/// The cause, for a point no place holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unplaced {
    /// The point is not a finite coordinate.
    NotACoordinate,
    /// No current area of the district contains the point (and the district's own outline,
    /// where one is drawn, does not either).
    OutsideDistrict,
    /// The point lies in this current area but in none of its current sub-areas: a gap
    /// between the boundaries of the level below.
    InGap(NodeId),
}

impl Unplaced {
    /// The cause in a seat's language, naming the area.
    pub fn describe_in(self, language: Language, hierarchy: &Hierarchy) -> String {
        match language {
            Language::Chinese => self.describe_zh(hierarchy),
            Language::English => self.describe_en(hierarchy),
        }
    }

    /// What the description quotes as it stands in either language (the area's name): a
    /// screen marks it as data, not to be translated.
    pub fn quoted(self, hierarchy: &Hierarchy) -> Vec<String> {
        match self {
            Unplaced::InGap(area) => vec![hierarchy.node(area).name.clone()],
            Unplaced::NotACoordinate | Unplaced::OutsideDistrict => Vec::new(),
        }
    }

    /// The cause in English, naming the area.
    pub fn describe_en(self, hierarchy: &Hierarchy) -> String {
        match self {
            Unplaced::NotACoordinate => "The coordinates are not valid: the point cannot be placed".to_string(),
            Unplaced::OutsideDistrict => "The point lies outside the district".to_string(),
            Unplaced::InGap(area) => {
                let below = match hierarchy.node(area).level.child() {
                    Some(Level::Street) => "streets",
                    Some(Level::Community) => "communities",
                    Some(Level::Grid) => "grids",
                    Some(Level::MicroGrid) => "micro-grids",
                    Some(Level::District) | None => "sub-areas",
                };
                format!(
                    "The point lies in {} but within the boundary of none of its {below} (there is a gap between their boundaries)",
                    hierarchy.node(area).name
                )
            }
        }
    }

    /// The cause in the user's words, naming the area.
    pub fn describe_zh(self, hierarchy: &Hierarchy) -> String {
        match self {
            Unplaced::NotACoordinate => "坐标无效，无法定位".to_string(),
            Unplaced::OutsideDistrict => "坐标位于辖区范围之外".to_string(),
            Unplaced::InGap(area) => {
                let node = hierarchy.node(area);
                format!("坐标位于{}内，但不在其下任何{}的边界内（边界之间有缝隙）", node.name, below_name(hierarchy, area))
            }
        }
    }
}

/// What the level below an area is called, for the message.
fn below_name(hierarchy: &Hierarchy, area: NodeId) -> &'static str {
    match hierarchy.node(area).level.child() {
        Some(level) => level.label_zh(),
        None => "下级区域",
    }
}

/// Why `point` is in no place at `at`. Meant for points the locator did not place (for a
/// point inside a place it answers `InGap(that place)`, which means nothing).
pub fn why_unplaced(hierarchy: &Hierarchy, at: Timestamp, point: Point<f64>) -> Unplaced {
    if !(point.x().is_finite() && point.y().is_finite()) {
        return Unplaced::NotACoordinate;
    }
    let root = hierarchy.root();
    let contains = |id: NodeId| {
        let node = hierarchy.node(id);
        node.is_valid_at(at) && node.boundary.intersects(&point)
    };
    // The district's own outline is often not drawn (a district that is the union of its
    // streets): then the point is inside the district exactly when some street holds it.
    let mut deepest = None;
    if !hierarchy.node(root).boundary.0.is_empty() {
        if !contains(root) {
            return Unplaced::OutsideDistrict;
        }
        deepest = Some(root);
    }
    let mut level = hierarchy.children(root);
    while let Some(&next) = level.iter().find(|&&id| contains(id)) {
        deepest = Some(next);
        level = hierarchy.children(next);
    }
    match deepest {
        Some(area) => Unplaced::InGap(area),
        None => Unplaced::OutsideDistrict,
    }
}

#[cfg(test)]
mod tests {
    use geo::{polygon, MultiPolygon};

    use super::*;
    use crate::hierarchy::tests::node;
    use crate::hierarchy::Level;
    use crate::routing::MicroGridLocator;

    fn square(x0: f64, y0: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![(x: x0, y: y0), (x: x0 + side, y: y0), (x: x0 + side, y: y0 + side), (x: x0, y: y0 + side)]])
    }

    /// A district drawn only as its one street (0..10 square); the street's two communities
    /// leave a gap between x = 4 and x = 6; community C1 has one grid covering its left half.
    fn gappy(district_outline: bool) -> Hierarchy {
        let mut d = node("D", Level::District, None);
        if district_outline {
            d.boundary = square(-5.0, -5.0, 20.0);
        }
        let mut s = node("S", Level::Street, Some("D"));
        s.boundary = square(0.0, 0.0, 10.0);
        let mut c1 = node("C1", Level::Community, Some("S"));
        c1.boundary = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 10.0), (x: 0.0, y: 10.0)]]);
        let mut c2 = node("C2", Level::Community, Some("S"));
        c2.boundary = MultiPolygon(vec![polygon![(x: 6.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 6.0, y: 10.0)]]);
        let mut g = node("G", Level::Grid, Some("C1"));
        g.boundary = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 10.0), (x: 0.0, y: 10.0)]]);
        Hierarchy::new(vec![d, s, c1, c2, g]).unwrap()
    }

    #[test]
    fn a_point_between_two_communities_is_in_a_gap_of_its_street_not_outside() {
        let h = gappy(false);
        let at = Timestamp(0);
        let point = Point::new(5.0, 5.0);
        assert_eq!(MicroGridLocator::valid_at(&h, at).locate(point), None, "the fixture must leave the point unplaced");
        assert_eq!(why_unplaced(&h, at, point), Unplaced::InGap(h.id("S").unwrap()));
        let text = why_unplaced(&h, at, point).describe_zh(&h);
        assert!(text.contains("node S") && text.contains("社区/村") && text.contains("缝隙"), "{text}");
        assert_eq!(why_unplaced(&h, at, point).describe_in(Language::Chinese, &h), text);
        let english = why_unplaced(&h, at, point).describe_in(Language::English, &h);
        assert_eq!(
            english,
            "The point lies in node S but within the boundary of none of its communities (there is a gap between their boundaries)"
        );
        assert_eq!(why_unplaced(&h, at, point).quoted(&h), ["node S"]);
    }

    #[test]
    fn a_point_in_a_community_outside_its_only_grid_names_the_community() {
        let h = gappy(false);
        assert_eq!(why_unplaced(&h, Timestamp(0), Point::new(3.0, 5.0)), Unplaced::InGap(h.id("C1").unwrap()));
    }

    #[test]
    fn outside_every_street_is_outside_the_district_unless_the_outline_holds_it() {
        let at = Timestamp(0);
        let far = Point::new(12.0, 12.0);
        assert_eq!(why_unplaced(&gappy(false), at, far), Unplaced::OutsideDistrict);
        let outlined = gappy(true);
        assert_eq!(why_unplaced(&outlined, at, far), Unplaced::InGap(outlined.root()));
        assert_eq!(why_unplaced(&outlined, at, Point::new(50.0, 50.0)), Unplaced::OutsideDistrict);
        assert_eq!(why_unplaced(&outlined, at, Point::new(f64::NAN, 1.0)), Unplaced::NotACoordinate);
        for cause in [Unplaced::NotACoordinate, Unplaced::OutsideDistrict, Unplaced::InGap(outlined.root())] {
            let english = cause.describe_in(Language::English, &outlined);
            assert!(english.is_ascii(), "{english}");
            assert!(!cause.describe_in(Language::Chinese, &outlined).is_ascii());
        }
    }

    #[test]
    fn a_retired_area_does_not_hold_points() {
        let mut nodes: Vec<_> = gappy(false).nodes().map(|(_, n)| n.clone()).collect();
        for n in &mut nodes {
            if n.code.as_str() == "C2" {
                n.valid_to = Some(Timestamp(100));
            }
        }
        let h = Hierarchy::new(nodes).unwrap();
        assert_eq!(why_unplaced(&h, Timestamp(50), Point::new(8.0, 5.0)), Unplaced::InGap(h.id("C2").unwrap()));
        assert_eq!(why_unplaced(&h, Timestamp(200), Point::new(8.0, 5.0)), Unplaced::InGap(h.id("S").unwrap()));
    }
}
