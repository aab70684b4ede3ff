//! Let houses and their landlords' scoring events.
//!
//! 后宅街道 counts 6,971 let houses with 36,210 rooms: about one house in seven of a
//! district's size let, five rooms each. Dwellings (not workplaces) are let here at that
//! rate; most landlords live in the house they let rooms of, the others elsewhere in the
//! district. Each landlord has a few scoring events of the current year, more additions
//! than deductions, and a handful many deductions, so the 红黑榜 has both ends.

use rand::Rng;
use wangge_domain::landlords::{scoring_year_start, LandlordRules};
use wangge_domain::{LandlordMark, MicroGridKind, Rental};

use crate::layout::Layout;
use crate::records::Window;
use crate::residents::Residents;

/// The share of dwellings let.
const LET_SHARE: f64 = 0.14;
/// The share of landlords living in the house they let.
const LIVES_THERE: f64 = 0.7;

const REASONS: [&str; 6] =
    ["社区网格员入户核查", "租客返岗登记时发现", "微网格长日常巡查", "群众来电反映，核实属实", "派出所联合检查", "房东主动报告，经核实"];

/// Lets some houses (setting their rental) and returns the landlords' scoring events.
pub fn build<R: Rng>(rng: &mut R, layout: &Layout, residents: &mut Residents, window: &Window) -> Vec<LandlordMark> {
    let mut residents_of: Vec<Vec<i64>> = vec![Vec::new(); residents.houses.len()];
    for (person, &house) in residents.people.iter().zip(&residents.person_house) {
        residents_of[house].push(person.id);
    }
    let rules = LandlordRules::bundled();
    let from = scoring_year_start(window.now).max(window.start);
    let span = (window.now.secs() - from.secs()).max(1);
    let mut marks = Vec::new();
    let people = residents.people.len();
    for (index, house) in residents.houses.iter_mut().enumerate() {
        let dwelling = matches!(
            layout.leaves[residents.house_leaf[index]].kind,
            MicroGridKind::Building | MicroGridKind::Stairwell | MicroGridKind::VillagerGroup
        );
        if !dwelling || !rng.gen_bool(LET_SHARE) || people == 0 {
            continue;
        }
        let landlord = match residents_of[index].first() {
            Some(&first) if rng.gen_bool(LIVES_THERE) => first,
            _ => residents.people[rng.gen_range(0..people)].id,
        };
        house.rental = Some(Rental { rooms: rng.gen_range(1..=9), landlord_id: Some(landlord) });
        // A few landlords collect deductions all year (the 黑榜); the rest mostly additions.
        let troubled = rng.gen_bool(0.05);
        let events = if troubled { rng.gen_range(3..=5) } else { rng.gen_range(0..=4) };
        for _ in 0..events {
            let wants_deduction = if troubled { rng.gen_bool(0.9) } else { rng.gen_bool(0.3) };
            let pool: Vec<_> = rules.items.iter().filter(|i| (i.points < 0) == wants_deduction).collect();
            let item = pool[rng.gen_range(0..pool.len())];
            marks.push(LandlordMark {
                id: marks.len() as i64 + 1,
                landlord_id: landlord,
                house_id: house.id,
                duty: item.duty,
                item: item.wording.clone(),
                points: item.points,
                reason: REASONS[rng.gen_range(0..REASONS.len())].to_owned(),
                recorded_by: "demo".into(),
                recorded_at: from.plus_secs(rng.gen_range(0..span)),
                version: 0,
            });
        }
    }
    marks
}
