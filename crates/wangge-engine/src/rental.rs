//! Rental housing and the 房东十二分制: the 红黑榜 under a node, a landlord's scoring
//! record, and recording a scoring event.
//!
//! Scores and standings come from the domain (`wangge_domain::landlords`) with the rule file
//! the engine runs with (`landlord-rules.txt` of the district's configuration folder, else the
//! bundled one), the same rules the node figures judge by, so the board's 红榜/黑榜 counts
//! and the panel's agree.
//!
//! Standings, duties and refusals are worded in the seat's language; the rule file's items
//! are the street's own words and stay as written.

use std::collections::BTreeMap;

use wangge_api as api;
use wangge_domain::landlords::{counts_at, score_at, LandlordRules, Standing};
use wangge_domain::{Change, District, House, LandlordMark, Language, NodeId, Scope, Timestamp};

use crate::{convert, Engine, EngineError};
use wangge_figures::say;

impl Engine {
    /// The rule file in force.
    pub fn landlord_rules(&self) -> &LandlordRules {
        &self.landlords
    }

    /// The rental figures of a node and its 红黑榜: each landlord letting under it once, with
    /// the let houses under it. The counts by standing are for every role that sees figures;
    /// the landlords (names, phones, addresses) only for roles that see people.
    pub fn rental_board(&self, scope: &Scope, query: &api::RentalQuery, now: Timestamp) -> Result<api::RentalBoard, EngineError> {
        let id = self.node_in_scope(scope, query.node.as_deref())?;
        let wanted = match query.standing.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => Some(Standing::parse(text).ok_or_else(|| {
                EngineError::InvalidInput(say!(
                    scope.language,
                    "榜单“{text}”无法识别：应为 five_good（五好房东）、red（红榜）、ordinary（未上榜）或 black（黑榜）",
                    "List \"{text}\" not recognised: expected five_good, red, ordinary or black"
                ))
            })?),
        };
        let district = self.district();
        let lists = &self.landlords.lists;
        let by_landlord = lettings_under(district, id);
        let mut standings: BTreeMap<Standing, u64> = Standing::ALL.iter().map(|s| (*s, 0)).collect();
        let mut rows: Vec<api::LandlordRow> = Vec::new();
        let shows_people = scope.role.sees_personal_data();
        for (landlord, houses) in &by_landlord {
            let score = score_at(district, *landlord, now, lists);
            let standing = lists.standing(score);
            *standings.entry(standing).or_default() += 1;
            let matches = match wanted {
                None => true,
                Some(Standing::Red) => standing.is_red(),
                Some(other) => standing == other,
            };
            if shows_people && matches {
                rows.push(self.landlord_row(*landlord, houses, now, scope.language));
            }
        }
        // 红榜 best first, 黑榜 worst first: the order a posted list reads in.
        rows.sort_by(|a, b| match wanted {
            Some(Standing::Black) => a.score.cmp(&b.score).then(a.id.cmp(&b.id)),
            _ => b.score.cmp(&a.score).then(a.id.cmp(&b.id)),
        });
        let counts = self.index().counts(id);
        Ok(api::RentalBoard {
            node: convert::node_ref(&district.hierarchy, id),
            as_of: now.secs(),
            thresholds: thresholds(&self.landlords),
            rental_houses: counts.rental_houses,
            rental_rooms: counts.rental_rooms,
            tenants: counts.tenants,
            landlords_red_listed: counts.landlords_red_listed,
            landlords_black_listed: counts.landlords_black_listed,
            standings: standings
                .into_iter()
                .map(|(s, n)| api::StandingCount { standing: s.as_str().into(), label: s.label_in(scope.language).into(), landlords: n })
                .collect(),
            landlords: rows,
        })
    }

    /// One landlord's scoring record: every let house within the scope, every event (newest
    /// first), and the items to score by. For roles that see people, inside their scope.
    pub fn landlord_detail(&self, scope: &Scope, landlord_id: i64, now: Timestamp) -> Result<api::LandlordDetail, EngineError> {
        scope.may_see_personal_data()?;
        let district = self.district();
        let root = scope.root_id(&district.hierarchy)?;
        let houses: Vec<&House> = self.lettings_within(landlord_id, root);
        if houses.is_empty() {
            return Err(EngineError::NotFound(say!(
                scope.language,
                "管辖范围内出租房屋的房东 {landlord_id} ",
                "Landlord {landlord_id} letting a house within your area"
            )));
        }
        let mut marks: Vec<&LandlordMark> = district.marks_of(landlord_id).collect();
        marks.sort_by(|a, b| b.recorded_at.cmp(&a.recorded_at).then(b.id.cmp(&a.id)));
        Ok(api::LandlordDetail {
            landlord: self.landlord_row(landlord_id, &houses, now, scope.language),
            marks: marks
                .into_iter()
                .map(|m| api::LandlordMarkRow {
                    id: m.id,
                    recorded_at: m.recorded_at.secs(),
                    duty: m.duty.label_in(scope.language).into(),
                    item: m.item.clone(),
                    points: m.points,
                    reason: m.reason.clone(),
                    recorded_by: m.recorded_by.clone(),
                    house: district.houses.get(&m.house_id).map(|h| h.address.clone()).unwrap_or_default(),
                    counts: counts_at(m, now),
                })
                .collect(),
            items: self
                .landlords
                .items
                .iter()
                .map(|i| api::ScoringItem { duty: i.duty.label_in(scope.language).into(), points: i.points, wording: i.wording.clone() })
                .collect(),
        })
    }

    /// Records a scoring event: an item of the rule file at one of the landlord's let houses,
    /// with the reason. Roles that record changes, at a house within their scope.
    pub async fn score_landlord(
        &mut self,
        scope: &Scope,
        form: &api::LandlordScoreForm,
        now: Timestamp,
    ) -> Result<api::LandlordScored, EngineError> {
        scope.may_change()?;
        let reason = form.reason.trim();
        if reason.is_empty() {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "reason: 请写明加分或扣分的原因",
                "reason: say why the points are added or deducted"
            )));
        }
        let item = self
            .landlords
            .item(form.item.trim())
            .ok_or_else(|| {
                EngineError::InvalidInput(say!(
                    scope.language,
                    "item: “{}”不是积分规则中的事项",
                    "item: \"{}\" is not an item of the scoring rules",
                    form.item.trim()
                ))
            })?
            .clone();
        self.sync(now).await?;
        let district = self.district();
        let house = district
            .houses
            .get(&form.house_id)
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "房屋 {} ", "House {}", form.house_id)))?;
        if house.rental.and_then(|r| r.landlord_id) != Some(form.landlord_id) {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "house_id: 房屋 {} 不是房东 {} 的出租房",
                "house_id: house {} is not let by landlord {}",
                house.code,
                form.landlord_id
            )));
        }
        let before = score_at(district, form.landlord_id, now, &self.landlords.lists);
        let mark = LandlordMark {
            id: 0,
            landlord_id: form.landlord_id,
            house_id: form.house_id,
            duty: item.duty,
            item: item.wording,
            points: item.points,
            reason: reason.to_owned(),
            recorded_by: scope.account.clone(),
            recorded_at: now,
            version: 0,
        };
        // The commit checks the scope against the house's place (`District::nodes_of`).
        self.create(scope, Change::LandlordMark(mark), now).await?;
        Ok(api::LandlordScored {
            detail: self.landlord_detail(scope, form.landlord_id, now)?,
            standing_before: self.landlords.lists.standing(before).as_str().into(),
            score_before: before,
        })
    }

    fn lettings_within(&self, landlord_id: i64, root: NodeId) -> Vec<&House> {
        let district = self.district();
        let hierarchy = &district.hierarchy;
        let mut houses: Vec<&House> = district
            .lettings_of(landlord_id)
            .filter(|h| hierarchy.id_of(&h.micro_grid).is_some_and(|leaf| hierarchy.covers(root, leaf)))
            .collect();
        houses.sort_by_key(|h| h.id);
        houses
    }

    /// A landlord as the 红黑榜 lists them, the standing named in `language`.
    pub(crate) fn landlord_row(&self, landlord_id: i64, houses: &[&House], now: Timestamp, language: Language) -> api::LandlordRow {
        let district = self.district();
        let lists = &self.landlords.lists;
        let score = score_at(district, landlord_id, now, lists);
        let standing = lists.standing(score);
        let (mut added, mut deducted) = (0, 0);
        for mark in district.marks_of(landlord_id).filter(|m| counts_at(m, now)) {
            if mark.points > 0 {
                added += mark.points;
            } else {
                deducted -= mark.points;
            }
        }
        let person = district.people.get(&landlord_id);
        api::LandlordRow {
            id: landlord_id,
            name: person.map(|p| p.name.clone()).unwrap_or_default(),
            phone: person.map(|p| p.phone.clone()).unwrap_or_default(),
            score,
            standing: standing.as_str().into(),
            standing_label: standing.label_in(language).into(),
            added,
            deducted,
            houses: houses.iter().map(|h| let_house(district, h)).collect(),
        }
    }
}

/// Every landlord letting under a node, with their let houses there, by landlord id.
pub(crate) fn lettings_under(district: &District, id: NodeId) -> BTreeMap<i64, Vec<&House>> {
    let mut by_landlord: BTreeMap<i64, Vec<&House>> = BTreeMap::new();
    for leaf in district.hierarchy.subtree(id) {
        for house in district.leaf(leaf).rental_houses.iter().filter_map(|h| district.houses.get(h)) {
            if let Some(landlord) = house.rental.and_then(|r| r.landlord_id) {
                by_landlord.entry(landlord).or_default().push(house);
            }
        }
    }
    by_landlord.values_mut().for_each(|houses| houses.sort_by_key(|h| h.id));
    by_landlord
}

fn let_house(district: &District, house: &House) -> api::LetHouse {
    let hierarchy = &district.hierarchy;
    api::LetHouse {
        id: house.id,
        code: house.code.clone(),
        address: house.address.clone(),
        place: hierarchy.id_of(&house.micro_grid).map(|leaf| convert::place_names(hierarchy, leaf)).unwrap_or_default(),
        rooms: house.rental.map_or(0, |r| r.rooms),
        tenants: district.tenants_of(house),
    }
}

fn thresholds(rules: &LandlordRules) -> api::LandlordThresholds {
    let l = rules.lists;
    api::LandlordThresholds {
        base: l.base,
        red_at_least: l.red_at_least,
        five_good_at_least: l.five_good_at_least,
        black_at_most: l.black_at_most,
    }
}
