//! Revealing one person's personal data (查看, issue 11 item 6): the register view and an
//! enterprise's workers show names, ID numbers and phones masked; a seat that may see them
//! asks for one person's in full and says why. The reveal is refused outside the account's
//! scope and without a reason, and is committed to the reveal log — who, when, whose, why —
//! before anything is shown. The audit view reads the log back.

use wangge_api as api;
use wangge_domain::masking::mask_name;
use wangge_domain::{Scope, Timestamp};
use wangge_figures::say;
use wangge_store::RevealRecord;

use super::register_view::{person_row, Shown};
use crate::{convert, Engine, EngineError};

/// A reason shorter than this says nothing (「看」).
const MIN_REASON_CHARS: usize = 2;
/// Reveals the audit view lists at most.
const LOG_ROWS: i64 = 500;

impl Engine {
    /// One person's name, ID number and phone in full, after logging who asked and why.
    pub async fn reveal_person(
        &self,
        scope: &Scope,
        request: &api::RevealRequest,
        now: Timestamp,
    ) -> Result<api::RegisterPerson, EngineError> {
        let reason = request.reason.trim();
        if reason.chars().count() < MIN_REASON_CHARS {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "查看原因：请写明为什么要查看此人的个人信息（至少两个字）",
                "Reason: say why you need to see this person's personal data (at least two characters)"
            )));
        }
        let district = self.district();
        let person = district
            .people
            .get(&request.person_id)
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "人员 {} ", "Person {}", request.person_id)))?;
        let home = district
            .houses
            .get(&person.house_id)
            .and_then(|house| district.hierarchy.id_of(&house.micro_grid))
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "人员 {} 的住所 ", "The home of person {}", person.id)))?;
        scope.check_personal_data(&district.hierarchy, home)?;
        let record = RevealRecord { at: now, account: scope.account.clone(), person_id: person.id, reason: reason.to_owned() };
        self.store().log_reveal(&record).await?;
        let isolation =
            district.isolations.values().find(|i| i.person_id == person.id && i.is_active_at(now)).map(|i| i.kind.label_in(scope.language));
        Ok(person_row(district, person, isolation, Shown::InFull))
    }

    /// The latest reveals of people living within the scope, newest first (roles that read
    /// the audit). Whose data is named masked: the log says who looked, not what they saw.
    pub async fn reveal_log(&self, scope: &Scope) -> Result<Vec<api::RevealEntry>, EngineError> {
        scope.may_read_audit()?;
        let district = self.district();
        let hierarchy = &district.hierarchy;
        let records = self.store().reveals(LOG_ROWS).await?;
        Ok(records
            .into_iter()
            .filter_map(|record| {
                let person = district.people.get(&record.person_id);
                let home = person.and_then(|p| district.houses.get(&p.house_id)).and_then(|h| hierarchy.id_of(&h.micro_grid));
                if home.is_some_and(|home| scope.check_node(hierarchy, home).is_err()) {
                    return None;
                }
                Some(api::RevealEntry {
                    at: record.at.secs(),
                    account: record.account,
                    person_id: record.person_id,
                    person: person.map(|p| mask_name(&p.name)).unwrap_or_default(),
                    place: home.map(|home| convert::place_names(hierarchy, home)).unwrap_or_default(),
                    reason: record.reason,
                })
            })
            .collect())
    }
}
