//! Work on the isolation register after import: extend an isolation (new planned end and
//! its new follow-up slots, in one transaction), release it, transfer it to another
//! micro-grid (e.g. moved to a centralised site), and record a follow-up visit. Refusals are
//! worded in the seat's language.

use wangge_api as api;
use wangge_domain::metrics::MetricRules;
use wangge_domain::time::DAY_SECS;
use wangge_domain::{Change, FollowUp, FollowUpResult, Isolation, Language, Scope, Timestamp};
use wangge_figures::say;

use super::{follow_up_slots, RegisterOptions};
use crate::{convert, Engine, EngineError};

/// The longest single extension, in days: a typo of 140 for 14 should not create 280 slots.
pub const MAX_EXTENSION_DAYS: u32 = 60;

/// How long before its slot a visit may be recorded (the grace period's length).
fn early_window() -> i64 {
    MetricRules::default().follow_up_grace_secs
}

fn result_from_api(result: api::FollowUpResult) -> FollowUpResult {
    match result {
        api::FollowUpResult::SeenWell => FollowUpResult::SeenWell,
        api::FollowUpResult::SeenUnwell => FollowUpResult::SeenUnwell,
        api::FollowUpResult::Missed => FollowUpResult::Missed,
        api::FollowUpResult::NotAttempted => FollowUpResult::NotAttempted,
    }
}

fn result_to_api(result: FollowUpResult) -> api::FollowUpResult {
    match result {
        FollowUpResult::SeenWell => api::FollowUpResult::SeenWell,
        FollowUpResult::SeenUnwell => api::FollowUpResult::SeenUnwell,
        FollowUpResult::Missed => api::FollowUpResult::Missed,
        FollowUpResult::NotAttempted => api::FollowUpResult::NotAttempted,
    }
}

impl Engine {
    /// The isolation as it stands, after catching up; refused when released.
    async fn active_isolation(&mut self, scope: &Scope, id: i64, now: Timestamp) -> Result<Isolation, EngineError> {
        scope.may_change()?;
        self.sync(now).await?;
        let isolation = self
            .district()
            .isolations
            .get(&id)
            .cloned()
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "隔离记录 {id} ", "Isolation {id}")))?;
        if let Some(at) = isolation.released_at {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "隔离记录 {id} 已于 {at} 解除",
                "Isolation {id} was released at {at}"
            )));
        }
        let node = self
            .district()
            .hierarchy
            .id_of(&isolation.micro_grid)
            .ok_or_else(|| EngineError::UnknownNode(isolation.micro_grid.0.clone()))?;
        scope.check_write(&self.district().hierarchy, node)?;
        Ok(isolation)
    }

    /// One isolation as the register shows it, as of `now`; not found is said in `language`.
    pub fn isolation_row(&self, id: i64, now: Timestamp, language: Language) -> Result<api::IsolationRow, EngineError> {
        let district = self.district();
        let isolation =
            district.isolations.get(&id).ok_or_else(|| EngineError::NotFound(say!(language, "隔离记录 {id} ", "Isolation {id}")))?;
        let node =
            district.hierarchy.id_of(&isolation.micro_grid).ok_or_else(|| EngineError::UnknownNode(isolation.micro_grid.0.clone()))?;
        let grace = MetricRules::default().follow_up_grace_secs;
        let slots: Vec<&FollowUp> = district.follow_ups_of(id).collect();
        let overdue = if isolation.is_active_at(now) {
            slots.iter().filter(|f| f.due_at + grace < now && f.done_at.is_none_or(|d| d > now)).count()
        } else {
            0
        };
        Ok(api::IsolationRow {
            id,
            person_id: isolation.person_id,
            micro_grid: convert::node_ref(&district.hierarchy, node),
            kind: isolation.kind.as_str().to_owned(),
            started_at: isolation.started_at.secs(),
            planned_end: isolation.planned_end.secs(),
            released_at: isolation.released_at.map(Timestamp::secs),
            follow_ups: slots.len() as u64,
            follow_ups_overdue: overdue as u64,
        })
    }

    /// Extends an isolation by `days`: the planned end moves and the follow-up slots of the
    /// added days are created (two a day, 08:00 and 16:00 China time, by default), all in
    /// one transaction.
    pub async fn extend_isolation(
        &mut self,
        scope: &Scope,
        id: i64,
        days: u32,
        now: Timestamp,
    ) -> Result<api::IsolationChanged, EngineError> {
        if days == 0 || days > MAX_EXTENSION_DAYS {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "延长天数：应为 1 到 {MAX_EXTENSION_DAYS} 天，而不是 {days} 天",
                "Days to extend: 1 to {MAX_EXTENSION_DAYS}, not {days}"
            )));
        }
        let mut isolation = self.active_isolation(scope, id, now).await?;
        let previous = isolation.planned_end;
        isolation.planned_end = previous.plus_secs(i64::from(days) * DAY_SECS);
        let options = RegisterOptions::default();
        let (slots, _) = follow_up_slots(previous, isolation.planned_end, previous, &options.follow_up_times, options.wall_clock, true);
        let existing: std::collections::HashSet<Timestamp> = self.district().follow_ups_of(id).map(|f| f.due_at).collect();
        let creations: Vec<Change> = slots
            .into_iter()
            .filter(|due| !existing.contains(due))
            .map(|due_at| {
                Change::FollowUp(FollowUp { id: 0, isolation_id: id, due_at, done_at: None, temperature_c: None, result: None, version: 0 })
            })
            .collect();
        let (seqs, created) = self.commit_and_create(scope, vec![Change::Isolation(isolation)], creations, now).await?;
        let seq = self.last_seq().max(seqs.last().copied().unwrap_or_default());
        Ok(api::IsolationChanged {
            isolation: self.isolation_row(id, now, scope.language)?,
            previous_planned_end: Some(previous.secs()),
            previous_micro_grid: None,
            follow_ups_created: created.iter().map(Change::entity_id).collect(),
            seq,
        })
    }

    /// Releases an isolation now (解除隔离). Its later slots stay stored but no longer count.
    pub async fn release_isolation(&mut self, scope: &Scope, id: i64, now: Timestamp) -> Result<api::IsolationChanged, EngineError> {
        let mut isolation = self.active_isolation(scope, id, now).await?;
        if isolation.started_at > now {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "隔离记录 {id} 开始于 {}，晚于现在",
                "Isolation {id} starts at {}, later than now",
                isolation.started_at
            )));
        }
        isolation.released_at = Some(now);
        let seq = self.commit(scope, Change::Isolation(isolation), now).await?;
        Ok(api::IsolationChanged {
            isolation: self.isolation_row(id, now, scope.language)?,
            previous_planned_end: None,
            previous_micro_grid: None,
            follow_ups_created: Vec::new(),
            seq,
        })
    }

    /// Moves an isolation to another micro-grid (a transfer to a centralised site, a move):
    /// its figures and its follow-ups go with it. The scope must cover both places.
    pub async fn transfer_isolation(
        &mut self,
        scope: &Scope,
        id: i64,
        to: &str,
        now: Timestamp,
    ) -> Result<api::IsolationChanged, EngineError> {
        let mut isolation = self.active_isolation(scope, id, now).await?;
        let hierarchy = &self.district().hierarchy;
        let target = hierarchy.id(to).ok_or_else(|| EngineError::UnknownNode(to.to_owned()))?;
        let node = hierarchy.node(target);
        if !node.is_valid_at(now) {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "转入微网格：{to} 已撤销",
                "Transfer to micro-grid: {to} is retired"
            )));
        }
        if !hierarchy.is_place_at(target, now) {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "转入微网格：{to} 是{}，下面还分有更小的区域，请指定其中之一",
                "Transfer to micro-grid: {to} is a {} divided into smaller areas; choose one of them",
                scope.language.pick(node.level.label_zh(), &convert::level(node.level).label_en().to_lowercase())
            )));
        }
        if node.code == isolation.micro_grid {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "隔离记录 {id} 已在微网格 {to}",
                "Isolation {id} is already in micro-grid {to}"
            )));
        }
        scope.check_write(hierarchy, target)?;
        let from = hierarchy.id_of(&isolation.micro_grid).ok_or_else(|| EngineError::UnknownNode(isolation.micro_grid.0.clone()))?;
        let previous = convert::node_ref(hierarchy, from);
        isolation.micro_grid = node.code.clone();
        let seq = self.commit(scope, Change::Isolation(isolation), now).await?;
        Ok(api::IsolationChanged {
            isolation: self.isolation_row(id, now, scope.language)?,
            previous_planned_end: None,
            previous_micro_grid: Some(previous),
            follow_ups_created: Vec::new(),
            seq,
        })
    }

    /// Records the visit of one follow-up slot: done now, with its result and temperature.
    /// A slot may be recorded from two hours before it is due; recording it again corrects it.
    pub async fn record_follow_up(
        &mut self,
        scope: &Scope,
        follow_up_id: i64,
        result: api::FollowUpResult,
        temperature_c: Option<f64>,
        now: Timestamp,
    ) -> Result<api::FollowUpRecorded, EngineError> {
        if let Some(t) = temperature_c.filter(|t| !(30.0..=45.0).contains(t)) {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "体温：{t} °C 不是人的体温（应在 30–45 之间）",
                "Temperature: {t} °C is not a human body temperature (30 to 45)"
            )));
        }
        scope.may_change()?;
        self.sync(now).await?;
        let mut slot = self
            .district()
            .follow_ups
            .get(&follow_up_id)
            .cloned()
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "随访 {follow_up_id} ", "Follow-up {follow_up_id}")))?;
        let isolation = self
            .district()
            .isolations
            .get(&slot.isolation_id)
            .cloned()
            .ok_or_else(|| EngineError::NotFound(say!(scope.language, "隔离记录 {} ", "Isolation {}", slot.isolation_id)))?;
        if !isolation.is_active_at(slot.due_at) {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "随访时间（{}）时隔离记录 {} 不在隔离期内",
                "At the follow-up's time ({}) isolation {} is not in force",
                slot.due_at,
                isolation.id
            )));
        }
        if slot.due_at.secs() - early_window() > now.secs() {
            return Err(EngineError::InvalidInput(say!(
                scope.language,
                "随访 {follow_up_id} 要到 {} 才到期",
                "Follow-up {follow_up_id} is not due until {}",
                slot.due_at
            )));
        }
        let previous = slot.result.map(result_to_api);
        slot.done_at = Some(now);
        slot.result = Some(result_from_api(result));
        slot.temperature_c = temperature_c.map(|t| (t * 10.0).round() / 10.0);
        let on_time = now.secs() <= slot.due_at.secs() + MetricRules::default().follow_up_grace_secs
            && slot.result.is_some_and(FollowUpResult::is_seen);
        let recorded = api::FollowUpRecorded {
            follow_up_id,
            isolation_id: slot.isolation_id,
            due_at: slot.due_at.secs(),
            done_at: now.secs(),
            result,
            previous,
            temperature_c: slot.temperature_c,
            on_time,
            seq: 0,
        };
        // The commit checks the scope against the isolation's micro-grid.
        let seq = self.commit(scope, Change::FollowUp(slot), now).await?;
        Ok(api::FollowUpRecorded { seq, ..recorded })
    }
}
