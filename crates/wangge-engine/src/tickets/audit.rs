//! The audit view: committed changes with the record before and after, newest first,
//! limited to records the caller's scope covers. Wall screens see none (rows hold names).
//! A record's place is where the district holds it now (a person's house may have moved),
//! which SQL cannot know, so the change log is read page by page, newest first, until the
//! limit is filled with rows in the scope: a leader asking for 5 rows gets 5 of theirs.

use wangge_api as api;
use wangge_domain::{Change, NodeId, Scope, Timestamp};
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
                let fields = changed_fields(record.before.as_ref(), &record.after, &names, masked);
                let reason = record.reason.map(|r| if masked { wangge_domain::masking::mask_personal_data(&r) } else { r });
                rows.push(api::AuditRow {
                    seq: record.seq,
                    at: record.at.secs(),
                    actor: record.actor,
                    entity: record.after.entity().to_string(),
                    entity_id: record.after.entity_id(),
                    summary: summarise(record.before.as_ref(), &record.after, &fields, &names),
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

/// One line saying what changed, in Chinese with names: the lifecycle steps a ticket
/// change added and where it was placed, or which record was created, or which of its
/// fields an update changed.
fn summarise(before: Option<&Change>, after: &Change, fields: &[api::AuditField], names: &Names) -> String {
    let kind = kind_zh(after);
    let mut parts: Vec<String> = Vec::new();
    if let Change::Ticket(t) = after {
        let known = match before {
            Some(Change::Ticket(b)) => b.events.len(),
            _ => 0,
        };
        parts.extend(t.events.iter().skip(known).map(|e| e.describe_zh(|unit| names.unit(unit))));
        if let Some(Change::Ticket(b)) = before {
            if b.micro_grid != t.micro_grid {
                let place = |c: &Option<wangge_domain::NodeCode>| c.as_ref().map_or("待分拨".to_string(), |c| names.unit(c.as_str()));
                parts.push(format!("定位至 {}（原为 {}）", place(&t.micro_grid), place(&b.micro_grid)));
            }
        }
    }
    let head = match (before, after) {
        (None, Change::Node(node)) => format!("新建{}：{}", node.level.label_zh(), node.name),
        (Some(_), Change::Node(node)) => format!("更新{}：{}", node.level.label_zh(), node.name),
        (None, _) => format!("新建{kind}"),
        (Some(_), _) if parts.is_empty() => {
            let labels: Vec<&str> = fields.iter().map(|f| f.label.as_str()).collect();
            match labels.len() {
                0 => format!("更新{kind}（无字段变化）"),
                1..=4 => format!("更新{kind}：{}", labels.join("、")),
                n => format!("更新{kind}：{} 等 {n} 项", labels[..3].join("、")),
            }
        }
        (Some(_), _) => String::new(),
    };
    if !head.is_empty() {
        parts.insert(0, head);
    }
    parts.join("；")
}

/// The kind of record in Chinese: a node by its level.
fn kind_zh(change: &Change) -> &'static str {
    match change {
        Change::Node(node) => node.level.label_zh(),
        other => api::record_kind_label(other.entity()),
    }
}
