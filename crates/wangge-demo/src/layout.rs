//! The hierarchy of the demo district: codes, names, boundaries, micro-grid kinds and staff.
//!
//! The district outline is an irregular convex polygon around Jiaxing. Urban streets sit in
//! the middle and towns around them (so town cells come out larger, as in reality); every
//! lower level is cut from its parent with [`tiling::voronoi_cells`] around well-spread seeds.
//! Besides the domain [`Node`]s this returns, per micro-grid, the facts the record
//! generators need (polygon, ancestors, what the micro-grid covers for address text).

use geo::{LineString, MultiPolygon, Polygon};
use rand::seq::SliceRandom;
use rand::Rng;
use wangge_domain::{Level, MicroGridKind, Node, NodeCode, StaffMember, StaffRole};

use crate::names::{self, Sex, Unique};
use crate::records::apportion;
use crate::streets::{StreetFact, StreetKind, DISTRICT_CODE, DISTRICT_NAME, STREETS};
use crate::tiling::{self, Pt};
use crate::Scale;

/// Centre and half-extents (degrees) of the district outline, inside lon 120.70–120.95,
/// lat 30.65–30.85.
const CENTRE: Pt = (120.825, 30.75);
const HALF: Pt = (0.118, 0.094);

/// What a micro-grid covers, enough to write the address of a house in it.
#[derive(Debug, Clone)]
pub enum Place {
    Stairwell { estate: String, building: u32, unit: u32 },
    Office { building: String },
    Road { road: String, first_number: u32 },
    WorkUnit { name: String },
    Site { name: String },
    VillagerGroup { number: u32 },
}

/// A street, community or grid, for the record generators.
#[derive(Debug, Clone)]
pub struct Unit {
    pub code: NodeCode,
    pub name: String,
}

/// One micro-grid with its ancestry (indexes into [`Layout`]'s lists).
#[derive(Debug, Clone)]
pub struct Leaf {
    pub code: NodeCode,
    pub kind: MicroGridKind,
    pub polygon: Vec<Pt>,
    pub street: usize,
    pub community: usize,
    pub grid: usize,
    /// "嘉兴市南湖区<street><community>", the start of every address in it.
    pub address_prefix: String,
    pub place: Place,
}

pub struct Layout {
    pub nodes: Vec<Node>,
    pub streets: Vec<Unit>,
    pub communities: Vec<Unit>,
    pub grids: Vec<Unit>,
    pub leaves: Vec<Leaf>,
}

/// How many nodes each level gets, per scale. Totals are exact (the real 南湖 split 605 grids
/// into 7,424 micro-grids); how they spread over parents is random.
struct Shape {
    streets: Vec<usize>,
    communities: usize,
    grids: usize,
    micro_grids: usize,
}

fn shape(scale: Scale) -> Shape {
    match scale {
        Scale::Full => Shape { streets: (0..STREETS.len()).collect(), communities: 150, grids: 605, micro_grids: 7424 },
        // One urban street and one town, so both community kinds appear.
        Scale::Small => Shape { streets: vec![0, 9], communities: 6, grids: 20, micro_grids: 200 },
        Scale::City => Shape { streets: (0..STREETS.len()).collect(), communities: 1_300, grids: 8_000, micro_grids: 100_000 },
    }
}

/// Children per parent at each level below the district, fixed before any geometry so the
/// totals of [`Shape`] come out exact. Towns get more (mostly rural) communities than
/// urban streets; grids and micro-grids vary ±30% around the mean.
struct Counts {
    communities: Vec<usize>,
    grids: Vec<usize>,
    micro_grids: Vec<usize>,
}

fn counts<R: Rng>(rng: &mut R, shape: &Shape, facts: &[&StreetFact]) -> Counts {
    let street_weights: Vec<f64> = facts
        .iter()
        .map(|f| match f.kind {
            StreetKind::Street => rng.gen_range(0.85..1.2),
            StreetKind::Town => rng.gen_range(1.2..1.5),
        })
        .collect();
    let spread = |rng: &mut R, n: usize| -> Vec<f64> { (0..n).map(|_| rng.gen_range(0.75..1.3)).collect() };
    let communities = apportion(shape.communities, &street_weights);
    let w = spread(rng, shape.communities);
    let grids = apportion(shape.grids, &w);
    let w = spread(rng, shape.grids);
    let micro_grids = apportion(shape.micro_grids, &w);
    Counts { communities, grids, micro_grids }
}

fn polygon(points: &[Pt]) -> MultiPolygon<f64> {
    let ring: Vec<(f64, f64)> = points.to_vec();
    // Polygon::new closes the ring.
    MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])])
}

/// A point of the district's ellipse frame: `r` in 0..1 of the half-extents, `angle` radians.
fn polar(r: f64, angle: f64) -> Pt {
    (CENTRE.0 + r * HALF.0 * angle.cos(), CENTRE.1 + r * HALF.1 * angle.sin())
}

/// An irregular convex outline of 12–16 vertices.
fn district_outline<R: Rng>(rng: &mut R) -> Vec<Pt> {
    let count = rng.gen_range(13..=16);
    let step = std::f64::consts::TAU / count as f64;
    let points: Vec<Pt> = (0..count).map(|i| polar(rng.gen_range(0.86..=1.0), step * (i as f64 + rng.gen_range(-0.3..0.3)))).collect();
    tiling::convex_hull(&points)
}

/// Seeds for the streets: urban streets in a core ring, towns on the outskirts.
fn street_seeds<R: Rng>(rng: &mut R, facts: &[&StreetFact]) -> Vec<Pt> {
    let urban = facts.iter().filter(|f| f.kind == StreetKind::Street).count();
    let towns = facts.len() - urban;
    let mut seeds = Vec::with_capacity(facts.len());
    let (mut u, mut t) = (0usize, 0usize);
    let turn = rng.gen_range(0.0..std::f64::consts::TAU);
    for fact in facts {
        let jitter = rng.gen_range(-0.2..0.2);
        let seed = match fact.kind {
            // The first urban street is the old town centre; the rest ring around it.
            StreetKind::Street if u == 0 => polar(rng.gen_range(0.0..0.06), turn),
            StreetKind::Street => {
                let ring = (urban - 1).max(1) as f64;
                polar(rng.gen_range(0.33..0.42), turn + std::f64::consts::TAU * ((u - 1) as f64 + jitter) / ring)
            }
            StreetKind::Town => {
                polar(rng.gen_range(0.72..0.8), turn + std::f64::consts::TAU * (t as f64 + 0.5 + jitter) / towns.max(1) as f64)
            }
        };
        match fact.kind {
            StreetKind::Street => u += 1,
            StreetKind::Town => t += 1,
        }
        seeds.push(seed);
    }
    seeds
}

fn dist2(a: Pt, b: Pt) -> f64 {
    let dx = (a.0 - b.0) * tiling::LON_SCALE;
    let dy = a.1 - b.1;
    dx * dx + dy * dy
}

/// Indexes of `seeds` ordered by distance from `from`, nearest first (ties by index).
fn by_distance(seeds: &[Pt], from: Pt) -> Vec<usize> {
    let mut order: Vec<usize> = (0..seeds.len()).collect();
    order.sort_by(|&a, &b| dist2(seeds[a], from).total_cmp(&dist2(seeds[b], from)).then(a.cmp(&b)));
    order
}

fn staff<R: Rng>(rng: &mut R, role: StaffRole) -> StaffMember {
    let sex = if rng.gen_bool(0.5) { Sex::Male } else { Sex::Female };
    StaffMember { role, name: names::person_name(rng, sex), phone: names::phone(rng) }
}

fn pick_kind<R: Rng>(rng: &mut R, village: bool) -> MicroGridKind {
    use MicroGridKind::*;
    let table: &[(MicroGridKind, u32)] = if village {
        &[(VillagerGroup, 62), (Building, 10), (StreetSegment, 6), (WorkUnit, 4), (Enterprise, 18)]
    } else {
        &[(Stairwell, 50), (Building, 18), (StreetSegment, 14), (WorkUnit, 8), (Enterprise, 10)]
    };
    table.choose_weighted(rng, |(_, w)| *w).expect("weights").0
}

/// Builds the district for the scale, reporting each finished street. Geometry and names
/// draw from `rng`; the node counts come from their own stream of `seed`, fixed up front.
pub fn build<R: Rng>(rng: &mut R, seed: u64, scale: Scale, progress: &mut dyn FnMut(&str, u64, u64)) -> Layout {
    let shape = shape(scale);
    let facts: Vec<&StreetFact> = shape.streets.iter().map(|&i| &STREETS[i]).collect();
    let counts = counts(&mut crate::rng(seed, 2), &shape, &facts);
    let mut next_micro = 0usize;
    let outline = district_outline(rng);
    let mut layout = Layout { nodes: Vec::new(), streets: Vec::new(), communities: Vec::new(), grids: Vec::new(), leaves: Vec::new() };
    layout.nodes.push(Node {
        code: DISTRICT_CODE.into(),
        name: DISTRICT_NAME.to_owned(),
        level: Level::District,
        parent: None,
        micro_kind: None,
        boundary: polygon(&outline),
        staff: vec![],
        valid_from: None,
        valid_to: None,
    });

    let seeds = street_seeds(rng, &facts);
    let street_cells = tiling::voronoi_cells(&outline, &seeds);
    let mut place_names = Unique::default();
    let total_streets = facts.len() as u64;
    for (s, (fact, cell)) in facts.iter().zip(&street_cells).enumerate() {
        progress("hierarchy", s as u64, total_streets);
        let street_code: NodeCode = fact.code.into();
        layout.nodes.push(Node {
            code: street_code.clone(),
            name: fact.name.to_owned(),
            level: Level::Street,
            parent: Some(DISTRICT_CODE.into()),
            micro_kind: None,
            boundary: polygon(cell),
            staff: vec![],
            valid_from: None,
            valid_to: None,
        });
        layout.streets.push(Unit { code: street_code.clone(), name: fact.name.to_owned() });

        let count = counts.communities[s];
        let community_seeds = tiling::spread_seeds(cell, count, 3, rng);
        // Towns: the few communities nearest the town seat are urban 社区, the rest 村.
        // Suburban streets (all but the five inner ones) keep a few villages at their edge.
        let villages = match (fact.kind, scale) {
            (StreetKind::Town, Scale::Full | Scale::City) => count.saturating_sub(rng.gen_range(2..=3)),
            (StreetKind::Town, Scale::Small) => count.saturating_sub(1),
            (StreetKind::Street, Scale::Full | Scale::City) if s >= 5 => rng.gen_range(1..=3).min(count),
            (StreetKind::Street, _) => 0,
        };
        let order = by_distance(&community_seeds, seeds[s]);
        let mut is_village = vec![false; count];
        for &i in &order[count - villages..] {
            is_village[i] = true;
        }
        let community_cells = tiling::voronoi_cells(cell, &community_seeds);
        let prefix9 = &fact.code[..9];
        let (mut next_shequ, mut next_cun) = (1, 201);
        for (c, ccell) in community_cells.iter().enumerate() {
            let village = is_village[c];
            let stem = place_names.take(rng, |r| names::place_stem(r));
            let (code, name) = if village {
                next_cun += 1;
                (format!("{prefix9}{:03}", next_cun - 1), format!("{stem}村"))
            } else {
                next_shequ += 1;
                (format!("{prefix9}{:03}", next_shequ - 1), format!("{stem}社区"))
            };
            let community_index = layout.communities.len();
            let community_code: NodeCode = code.as_str().into();
            layout.nodes.push(Node {
                code: community_code.clone(),
                name: name.clone(),
                level: Level::Community,
                parent: Some(street_code.clone()),
                micro_kind: None,
                boundary: polygon(ccell),
                staff: vec![],
                valid_from: None,
                valid_to: None,
            });
            layout.communities.push(Unit { code: community_code.clone(), name: name.clone() });
            let address_prefix = format!("嘉兴市南湖区{}{}", fact.name, name);
            let grid_count = counts.grids[community_index];
            let micro_counts = &counts.micro_grids[next_micro..next_micro + grid_count];
            next_micro += grid_count;
            build_grids(
                rng,
                micro_counts,
                &mut layout,
                GridContext {
                    cell: ccell,
                    community_code: &community_code,
                    community_name: &name,
                    stem: &stem,
                    village,
                    street: s,
                    community: community_index,
                    address_prefix: &address_prefix,
                },
            );
        }
    }
    progress("hierarchy", total_streets, total_streets);
    layout
}

struct GridContext<'a> {
    cell: &'a [Pt],
    community_code: &'a NodeCode,
    community_name: &'a str,
    stem: &'a str,
    village: bool,
    street: usize,
    community: usize,
    address_prefix: &'a str,
}

/// Cuts one community into grids (one per entry of `micro_counts`) and each grid into its
/// micro-grids.
fn build_grids<R: Rng>(rng: &mut R, micro_counts: &[usize], layout: &mut Layout, ctx: GridContext<'_>) {
    let count = micro_counts.len();
    let seeds = tiling::spread_seeds(ctx.cell, count, 3, rng);
    let cells = tiling::voronoi_cells(ctx.cell, &seeds);
    // Street numbers run on across the community's roads so segments do not repeat.
    let mut group_number = 0;
    for (g, gcell) in cells.iter().enumerate() {
        let grid_code: NodeCode = format!("{}{:02}", ctx.community_code, g + 1).as_str().into();
        let grid_name = format!("{}第{}网格", ctx.community_name, g + 1);
        let mut grid_staff = vec![staff(rng, StaffRole::GridLeader), staff(rng, StaffRole::FullTimeMember)];
        for _ in 0..rng.gen_range(2..=3) {
            grid_staff.push(staff(rng, StaffRole::PartTimeMember));
        }
        layout.nodes.push(Node {
            code: grid_code.clone(),
            name: grid_name.clone(),
            level: Level::Grid,
            parent: Some(ctx.community_code.clone()),
            micro_kind: None,
            boundary: polygon(gcell),
            staff: grid_staff,
            valid_from: None,
            valid_to: None,
        });
        let grid_index = layout.grids.len();
        layout.grids.push(Unit { code: grid_code.clone(), name: grid_name });

        let micro_count = micro_counts[g];
        let micro_seeds = tiling::spread_seeds(gcell, micro_count, 2, rng);
        let micro_cells = tiling::voronoi_cells(gcell, &micro_seeds);
        // Each grid has its own estate and main road; stairwells count up buildings and units.
        let estate = names::estate(rng);
        let road = names::road(rng);
        let (mut stairwells, mut segments, mut sites) = (0u32, 0u32, 0u32);
        for (m, mcell) in micro_cells.iter().enumerate() {
            // At city scale a village group's cell can come out empty (its seed crowded out
            // by its neighbours): no place there. Never so at the full and small scales.
            if mcell.len() < 3 {
                continue;
            }
            let kind = pick_kind(rng, ctx.village);
            let place = match kind {
                MicroGridKind::Stairwell => {
                    stairwells += 1;
                    Place::Stairwell { estate: estate.clone(), building: (stairwells - 1) / 3 + 1, unit: (stairwells - 1) % 3 + 1 }
                }
                MicroGridKind::Building if ctx.village => Place::Site { name: format!("{}{}自然村", ctx.stem, names::place_stem(rng)) },
                MicroGridKind::Building => Place::Office { building: names::office_building(rng) },
                MicroGridKind::StreetSegment => {
                    segments += 1;
                    Place::Road { road: road.clone(), first_number: (segments - 1) * 40 + 1 }
                }
                MicroGridKind::WorkUnit => Place::WorkUnit { name: names::work_unit(rng, ctx.stem) },
                MicroGridKind::Enterprise => {
                    sites += 1;
                    Place::Site { name: format!("{}工业园{}号地块", ctx.stem, sites) }
                }
                MicroGridKind::VillagerGroup => {
                    group_number += 1;
                    Place::VillagerGroup { number: group_number }
                }
            };
            let name = match &place {
                Place::Stairwell { estate, building, unit } => format!("{estate}{building}幢{unit}单元"),
                Place::Office { building } => building.clone(),
                Place::Road { road, first_number } => {
                    format!("{road}{}-{}号段", first_number, first_number + 39)
                }
                Place::WorkUnit { name } | Place::Site { name } => name.clone(),
                Place::VillagerGroup { number } => {
                    format!("{}第{number}村民小组", ctx.community_name)
                }
            };
            let code: NodeCode = format!("{}{:03}", grid_code, m + 1).as_str().into();
            let mut micro_staff = vec![staff(rng, StaffRole::MicroGridLeader)];
            if kind == MicroGridKind::Stairwell {
                micro_staff.push(staff(rng, StaffRole::StairwellLeader));
            }
            layout.nodes.push(Node {
                code: code.clone(),
                name,
                level: Level::MicroGrid,
                parent: Some(grid_code.clone()),
                micro_kind: Some(kind),
                boundary: polygon(mcell),
                staff: micro_staff,
                valid_from: None,
                valid_to: None,
            });
            layout.leaves.push(Leaf {
                code,
                kind,
                polygon: mcell.clone(),
                street: ctx.street,
                community: ctx.community,
                grid: grid_index,
                address_prefix: ctx.address_prefix.to_owned(),
                place,
            });
        }
    }
}
