//! Houses (each a point strictly inside its micro-grid, with address and house code) and the
//! people registered in them.

use std::collections::HashSet;

use geo::Point;
use rand::Rng;
use wangge_domain::{House, MicroGridKind, Person, Timestamp};

use crate::idnum;
use crate::layout::{Layout, Leaf, Place};
use crate::names::{self, Sex};
use crate::records::{apportion, Targets};
use crate::tiling;

pub struct Residents {
    pub houses: Vec<House>,
    pub people: Vec<Person>,
    /// Index into `Layout::leaves` of each house, by house index (id − 1).
    pub house_leaf: Vec<usize>,
    /// Index of each person's house, by person index (id − 1).
    pub person_house: Vec<usize>,
}

/// Relative number of dwellings or workplaces in a micro-grid of this kind: a stairwell of a
/// six-storey block has about twelve flats, a villager group a dozen or more farmhouses.
fn house_weight(kind: MicroGridKind) -> f64 {
    match kind {
        MicroGridKind::Stairwell => 12.0,
        MicroGridKind::Building => 6.0,
        MicroGridKind::StreetSegment => 5.0,
        MicroGridKind::WorkUnit => 2.0,
        MicroGridKind::Enterprise => 2.0,
        MicroGridKind::VillagerGroup => 14.0,
    }
}

/// The address of the `k`-th house (0-based) of a micro-grid.
pub fn address(leaf: &Leaf, k: usize) -> String {
    let n = k as u32;
    let tail = match &leaf.place {
        Place::Stairwell { estate, building, unit } => format!("{estate}{building}幢{unit}单元{}0{}室", n / 2 + 1, n % 2 + 1),
        Place::Office { building } => format!("{building}{}{:02}室", n / 4 + 2, n % 4 + 1),
        Place::Road { road, first_number } => format!("{road}{}号", first_number + n),
        Place::WorkUnit { name } => format!("{name}{}号楼", n + 1),
        Place::Site { name } => format!("{name}{}号", n + 1),
        Place::VillagerGroup { number } => format!("{number}组{}号", n + 1),
    };
    format!("{}{}", leaf.address_prefix, tail)
}

fn random_sex<R: Rng>(rng: &mut R) -> Sex {
    if rng.gen_bool(0.5) {
        Sex::Male
    } else {
        Sex::Female
    }
}

/// A birth year for an age drawn from a rough population pyramid (fewer children and elderly).
fn birth_year<R: Rng>(rng: &mut R, now_year: i32) -> i32 {
    let age = match rng.gen_range(0..100) {
        0..=14 => rng.gen_range(0..=17),
        15..=79 => rng.gen_range(18..=64),
        _ => rng.gen_range(65..=95),
    };
    now_year - age
}

/// A fresh synthetic identity (name, ID number) never handed out before in this run.
pub fn identity<R: Rng>(rng: &mut R, now_year: i32, used: &mut HashSet<String>) -> (String, String) {
    let sex = random_sex(rng);
    let name = names::person_name(rng, sex);
    let year = birth_year(rng, now_year);
    loop {
        let id = idnum::id_number(rng, sex, year);
        // A HashSet only answers membership here; its order never reaches the output.
        if used.insert(id.clone()) {
            return (name, id);
        }
    }
}

pub fn build<R: Rng>(
    rng: &mut R,
    layout: &Layout,
    targets: &Targets,
    now: Timestamp,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Residents {
    let weights: Vec<f64> = layout.leaves.iter().map(|l| house_weight(l.kind) * rng.gen_range(0.6..1.4)).collect();
    let per_leaf = apportion(targets.houses, &weights);

    let mut houses = Vec::with_capacity(targets.houses);
    let mut house_leaf = Vec::with_capacity(targets.houses);
    for (li, (leaf, &count)) in layout.leaves.iter().zip(&per_leaf).enumerate() {
        for k in 0..count {
            let (x, y) = tiling::random_point_inside(&leaf.polygon, rng, 0.03);
            houses.push(House {
                id: houses.len() as i64 + 1,
                code: format!("{}{:04}", leaf.code, k + 1),
                micro_grid: leaf.code.clone(),
                address: address(leaf, k),
                location: Point::new(x, y),
                rental: None,
                version: 0,
            });
            house_leaf.push(li);
        }
        if li % 500 == 0 {
            progress("houses", li as u64, layout.leaves.len() as u64);
        }
    }
    progress("houses", layout.leaves.len() as u64, layout.leaves.len() as u64);

    // Everyone lives somewhere: one person per house, the rest spread by household size
    // (workplaces register their dormitory workers too).
    let household: Vec<f64> = house_leaf
        .iter()
        .map(|&li| {
            let base = match layout.leaves[li].kind {
                MicroGridKind::Enterprise | MicroGridKind::WorkUnit => 4.0,
                _ => 2.0,
            };
            base * rng.gen_range(0.3..1.7)
        })
        .collect();
    let extra = apportion(targets.people.saturating_sub(houses.len()), &household);
    let now_year = now.local_date().0;
    let mut used = HashSet::with_capacity(targets.people);
    let mut people = Vec::with_capacity(targets.people);
    let mut person_house = Vec::with_capacity(targets.people);
    let total = targets.people as u64;
    for (hi, extra) in extra.iter().enumerate() {
        for _ in 0..1 + extra {
            if people.len() >= targets.people {
                break;
            }
            let (name, id_number) = identity(rng, now_year, &mut used);
            people.push(Person {
                id: people.len() as i64 + 1,
                name,
                id_number,
                phone: names::phone(rng),
                house_id: hi as i64 + 1,
                employer: None,
                version: 0,
            });
            person_house.push(hi);
            if people.len() % 10_000 == 0 {
                progress("people", people.len() as u64, total);
            }
        }
    }
    progress("people", people.len() as u64, total);
    Residents { houses, people, house_leaf, person_house }
}
