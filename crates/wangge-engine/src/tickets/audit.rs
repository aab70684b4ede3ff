//! The audit view: committed changes with the record before and after, newest first,
//! limited to records the caller's scope covers. Wall screens see none (rows hold names).
//! A record's place is where the district holds it now (a person's house may have moved),
//! which SQL cannot know, so the change log is read page by page, newest first, until the
//! limit is filled with rows in the scope: a leader asking for 5 rows gets 5 of theirs.

use wangge_api as api;
use wangge_domain::{Change, Language, NodeId, Scope, Timestamp};
use wangge_figures::say;
use wangge_store::AuditQuery;

use super::audit_fields::{changed_fields, Names};
use crate::{Engine, EngineError};

/// Rows returned when the filter names no limit, and the most ever returned at once.
const DEFAULT_ROWS: u32 = 200;
const MAX_ROWS: u32 = 5_000;
/// Change-log rows read per page while filling the limit with rows in the scope.
const PAGE_ROWS: i64 = 1_000;

impl Engine {
    pub async fn audit(&self, scope: &Scope, filter: &api::AuditFilter) -> Result<Vec<api::AuditRow>, EngineError> {
        scope.may_read_audit()?;
        let masked = !scope.role.sees_personal_data();
        let hierarchy = &self.district().hierarchy;
        let names = Names { hierarchy, units: self.units(), enterprises: &self.district().enterprises };
        let root = scope.root_id(hierarchy)?;
        let limit = filter.limit.unwrap_or(DEFAULT_ROWS).min(MAX_ROWS) as usize;
        let mut query = AuditQuery {
            entity: filter.entity.clone(),
            entity_id: filter.entity_id,
            actor: filter.actor.clone(),
            from: filter.from.map(Timestamp),
            to: filter.to.map(Timestamp),
            before_seq: None,
            limit: PAGE_ROWS.max(limit as i64),
        };
        let mut rows = Vec::with_capacity(limit);
        while rows.len() < limit {
            let records = self.store().audit(&query).await?;
            let exhausted = (records.len() as i64) < query.limit;
            query.before_seq = records.last().map(|r| r.seq);
            for record in records {
                if rows.len() == limit {
                    break;
                }
                let places: Vec<NodeId> =
                    std::iter::once(&record.after).chain(record.before.as_ref()).filter_map(|c| self.place_of(c)).collect();
                // A record is the caller's to see if it lies, or lay, in their part.
                if !places.iter().any(|&p| hierarchy.covers(root, p)) {
                    continue;
                }
                // The stored format, not the domain's serde: what the audit shows stays put
                // when a domain type is renamed, as the log itself does.
                // An account without personal data gets the fields masked, the reason's ID
                // numbers and phones masked, and no raw record.
                let encode = |c: &Change| if masked { String::new() } else { wangge_store::wire::encode(c).unwrap_or_default() };
                let fields = changed_fields(record.before.as_ref(), &record.after, &names, masked, scope.language);
                let (summary, summary_quoted) = summarise(record.before.as_ref(), &record.after, &fields, &names, scope.language);
                let reason = record.reason.map(|r| if masked { wangge_domain::masking::mask_personal_data(&r) } else { r });
                rows.push(api::AuditRow {
                    seq: record.seq,
                    at: record.at.secs(),
                    actor: record.actor,
                    entity: record.after.entity().to_string(),
                    entity_id: record.after.entity_id(),
                    summary,
                    summary_quoted,
                    reason,
                    before: record.before.as_ref().map(encode),
                    after: encode(&record.after),
                    fields,
                });
            }
            if exhausted || query.before_seq.is_none() {
                break;
            }
        }
        Ok(rows)
    }

    /// The node a record lies in, as the district knows it now (triage: the root).
    fn place_of(&self, change: &Change) -> Option<NodeId> {
        let district = self.district();
        let hierarchy = &district.hierarchy;
        let leaf_of_house = |house_id: i64| district.houses.get(&house_id).and_then(|h| hierarchy.id_of(&h.micro_grid));
        match change {
            Change::House(h) => hierarchy.id_of(&h.micro_grid),
            Change::Person(p) => leaf_of_house(p.house_id),
            Change::Isolation(i) => hierarchy.id_of(&i.micro_grid),
            Change::FollowUp(f) => district.isolations.get(&f.isolation_id).and_then(|i| hierarchy.id_of(&i.micro_grid)),
            Change::Enterprise(e) => hierarchy.id_of(&e.micro_grid),
            Change::Ticket(t) => match &t.micro_grid {
                Some(code) => hierarchy.id_of(code),
                None => Some(hierarchy.root()),
            },
            Change::Task(t) => hierarchy.id_of(&t.owner_unit),
            Change::TaskItem(i) => match &i.micro_grid {
                Some(code) => hierarchy.id_of(code),
                None => district.tasks.get(&i.task_id).and_then(|t| hierarchy.id_of(&t.owner_unit)),
            },
            Change::LandlordMark(m) => leaf_of_house(m.house_id),
            // A boundary import's node change lies at the node itself.
            Change::Node(n) => hierarchy.id_of(&n.code),
        }
    }
}

/// One line saying what changed, in `language` with names: the lifecycle steps a ticket
/// change added and where it was placed, or which record was created, or which of its
/// fields an update changed. With it, the names and typed texts it quotes.
fn summarise(
    before: Option<&Change>,
    after: &Change,
    fields: &[api::AuditField],
    names: &Names,
    language: Language,
) -> (String, Vec<String>) {
    let kind = kind_in(after, language);
    let mut parts: Vec<String> = Vec::new();
    let mut quoted: Vec<String> = Vec::new();
    if let Change::Ticket(t) = after {
        let known = match before {
            Some(Change::Ticket(b)) => b.events.len(),
            _ => 0,
        };
        for event in t.events.iter().skip(known) {
            parts.push(event.describe_in(language, |unit| names.unit(unit)));
            quoted.extend(event.quoted(|unit| names.unit(unit)));
        }
        if let Some(Change::Ticket(b)) = before {
            if b.micro_grid != t.micro_grid {
                let triage = api::TicketStatus::Triage.label_in(language);
                let place = |c: &Option<wangge_domain::NodeCode>| c.as_ref().map_or(triage.to_string(), |c| names.unit(c.as_str()));
                let (now, was) = (place(&t.micro_grid), place(&b.micro_grid));
                parts.push(say!(language, "定位至 {now}（原为 {was}）", "Placed in {now} (was {was})"));
                quoted.extend([now, was].into_iter().filter(|name| name.as_str() != triage));
            }
        }
    }
    let head = match (before, after) {
        (None, Change::Node(node)) => {
            quoted.push(node.name.clone());
            say!(language, "新建{kind}：{}", "{kind} created: {}", node.name)
        }
        (Some(_), Change::Node(node)) => {
            quoted.push(node.name.clone());
            say!(language, "更新{kind}：{}", "{kind} updated: {}", node.name)
        }
        (None, _) => say!(language, "新建{kind}", "{kind} created"),
        (Some(_), _) if parts.is_empty() => {
            let labels: Vec<&str> = fields.iter().map(|f| f.label.as_str()).collect();
            let list = language.pick("、", ", ");
            match labels.len() {
                0 => say!(language, "更新{kind}（无字段变化）", "{kind} updated (no field changed)"),
                1..=4 => say!(language, "更新{kind}：{}", "{kind} updated: {}", labels.join(list)),
                n => {
                    let first = labels[..3].join(list);
                    let more = n - 3;
                    say!(language, "更新{kind}：{first} 等 {n} 项", "{kind} updated: {first} and {more} more")
                }
            }
        }
        (Some(_), _) => String::new(),
    };
    if !head.is_empty() {
        parts.insert(0, head);
    }
    quoted.retain(|text| !text.trim().is_empty());
    quoted.dedup();
    (parts.join(language.pick("；", "; ")), quoted)
}

/// The kind of record in `language`: a node by its level.
fn kind_in(change: &Change, language: Language) -> &'static str {
    match change {
        Change::Node(node) => crate::convert::level(node.level).label_in(language),
        other => api::record_kind_label_in(other.entity(), language),
    }
}
