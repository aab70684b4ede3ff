//! Workers on record (工作单位): the population register notes where some residents work, so
//! an enterprise's detail lists them. Each enterprise gets up to half its headcount, at most
//! [`MOST_PER_ENTERPRISE`], from residents of its own community who work nowhere yet: firms
//! sit in industrial and commercial micro-grids where few people live, and a register holds
//! only the workers living locally, never the whole payroll.

use std::collections::HashMap;

use rand::Rng;
use wangge_domain::Enterprise;

use crate::layout::Layout;
use crate::residents::Residents;

/// The most workers on record per enterprise: enough to page through, not the payroll.
pub const MOST_PER_ENTERPRISE: usize = 24;

/// Links residents to the enterprises of their community (sets `Person::employer`).
pub fn link(rng: &mut impl Rng, layout: &Layout, residents: &mut Residents, enterprises: &[Enterprise]) {
    let mut free_by_community: HashMap<usize, Vec<usize>> = HashMap::new();
    for (person, &house) in residents.person_house.iter().enumerate() {
        free_by_community.entry(layout.leaves[residents.house_leaf[house]].community).or_default().push(person);
    }
    let leaf_of: HashMap<&str, usize> = layout.leaves.iter().enumerate().map(|(i, leaf)| (leaf.code.as_str(), i)).collect();
    for enterprise in enterprises {
        let Some(&leaf) = leaf_of.get(enterprise.micro_grid.as_str()) else { continue };
        let Some(free) = free_by_community.get_mut(&layout.leaves[leaf].community) else { continue };
        let wanted = (enterprise.headcount as usize / 2).min(MOST_PER_ENTERPRISE).min(free.len());
        for _ in 0..wanted {
            let person = free.swap_remove(rng.gen_range(0..free.len()));
            residents.people[person].employer = Some(enterprise.id);
        }
    }
}
