//! What can go wrong in the store, always said together with what the store was doing.
//!
//! A raw database message alone ("UNIQUE constraint failed: …") does not tell an operator
//! whether the district failed to save or a change failed to commit, so every database error
//! is wrapped with the step that met it.

/// An error of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `save_district` on a store that already holds one; the stored one is untouched.
    #[error("the store already holds a district; it was left unchanged")]
    AlreadyHasDistrict,
    /// `load_district` on a store that holds none yet.
    #[error("the store holds no district yet")]
    NoDistrict,
    /// The URL names neither SQLite nor PostgreSQL, or cannot be understood.
    #[error("unsupported database URL {url:?}: {reason}")]
    BadUrl { url: String, reason: String },
    /// The database refused or failed an operation.
    #[error("{doing}: {source}")]
    Database {
        doing: String,
        #[source]
        source: sqlx::Error,
    },
    /// A stored row cannot be turned back into a record (bad JSON, geometry, enum text, …).
    #[error("corrupt data in the store: {what}")]
    Corrupt { what: String },
    /// A change-log row in a format this build does not read: a newer build wrote it
    /// (see `wire`). Nothing is wrong with the data; this build is too old for it.
    #[error("change-log row {seq} is in format {format}, which this build of Wangge does not read (it reads formats 1 to {known}); use a newer Wangge")]
    UnknownFormat { seq: i64, format: i64, known: i64 },
    /// An account of that name exists already; nothing was written.
    #[error("账号“{name}”已存在")]
    AccountExists { name: String },
    /// No account has that name; nothing was written.
    #[error("没有名为“{name}”的账号")]
    NoSuchAccount { name: String },
    /// An Open311 client of that name exists (or existed) already; nothing was written.
    #[error("接口客户端“{name}”已存在（名称不可重用，以免审计记录混淆）")]
    Open311ClientExists { name: String },
    /// No client of that name holds a key in force; nothing was written.
    #[error("没有名为“{name}”且密钥有效的接口客户端")]
    NoSuchOpen311Client { name: String },
    /// The schema could not be brought up to date.
    #[error("migrating the schema: {source}")]
    Migration {
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    /// Somebody else wrote the record since the caller read it; nothing was written.
    /// `fresh` is the record as it is stored now, for the caller to decide again on.
    #[error("{}{id} 已被他人修改（现为第 {stored} 版，此次修改基于第 {expected} 版），未写入任何内容", record_zh(entity))]
    Conflict { entity: &'static str, id: i64, stored: i64, expected: i64, fresh: Box<wangge_domain::Change> },
    /// A node change the stored hierarchy cannot take (a second district, a figure older than
    /// the stored one); nothing was written.
    #[error("node {code}: {reason}; nothing was written")]
    Node { code: String, reason: String },
    /// A record could not be encoded for storage (it should always encode; kept for honesty).
    #[error("encoding {what}: {source}")]
    Encode {
        what: String,
        #[source]
        source: serde_json::Error,
    },
}

impl StoreError {
    /// Wraps a database error with the step that met it.
    pub(crate) fn db(doing: impl Into<String>) -> impl FnOnce(sqlx::Error) -> StoreError {
        let doing = doing.into();
        move |source| StoreError::Database { doing, source }
    }

    /// Whether the same operation, decided again on fresh data, may succeed: a version
    /// conflict, or the database busy with another writer past the wait (`tx::WRITE_LOCK_WAIT`).
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::Conflict { .. } => true,
            StoreError::Database { source, .. } => crate::tx::is_busy(source),
            _ => false,
        }
    }

    pub(crate) fn corrupt(what: impl Into<String>) -> StoreError {
        StoreError::Corrupt { what: what.into() }
    }

    /// The error as a seat reading `language` is told it. The refusals a seat meets (a record
    /// changed by someone else, an account or client that exists or does not) are worded in
    /// it; the rest say what the store was doing in English, as their `Display` does, with the
    /// driver's own message.
    pub fn message_in(&self, language: wangge_domain::Language) -> String {
        if language == wangge_domain::Language::Chinese {
            return self.to_string();
        }
        match self {
            StoreError::AccountExists { name } => format!("An account named \"{name}\" exists already"),
            StoreError::NoSuchAccount { name } => format!("There is no account named \"{name}\""),
            StoreError::Open311ClientExists { name } => {
                format!("An API client named \"{name}\" exists or existed already (names are not reused, so the audit trail stays clear)")
            }
            StoreError::NoSuchOpen311Client { name } => format!("There is no API client named \"{name}\" with a key in force"),
            StoreError::Conflict { entity, id, stored, expected, .. } => format!(
                "{}{id} was changed by someone else (it is now version {stored}; this change was based on version {expected}); nothing was written",
                record_en(entity)
            ),
            other => other.to_string(),
        }
    }
}

/// A kind of record (`Change::kind`) as a person names it, in a refusal a seat shows.
fn record_zh(kind: &str) -> &'static str {
    match kind {
        "ticket" => "工单 ",
        "house" => "房屋 ",
        "person" => "人员 ",
        "isolation" => "隔离记录 ",
        "follow_up" => "随访 ",
        "enterprise" => "企业 ",
        "task" => "排查任务 ",
        "task_item" => "排查对象 ",
        "landlord_mark" => "房东积分记录 ",
        "node" => "区域 ",
        _ => "记录 ",
    }
}

/// [`record_zh`] in English, capitalised: it opens the sentence.
fn record_en(kind: &str) -> &'static str {
    match kind {
        "ticket" => "Ticket ",
        "house" => "House ",
        "person" => "Person ",
        "isolation" => "Isolation record ",
        "follow_up" => "Follow-up ",
        "enterprise" => "Enterprise ",
        "task" => "Screening task ",
        "task_item" => "Screening item ",
        "landlord_mark" => "Landlord score record ",
        "node" => "Area ",
        _ => "Record ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'))
    }

    #[test]
    fn refusals_a_seat_meets_come_in_its_language() {
        use wangge_domain::Language;
        let name = || "wang".to_owned();
        let refusals = [
            StoreError::AccountExists { name: name() },
            StoreError::NoSuchAccount { name: name() },
            StoreError::Open311ClientExists { name: name() },
            StoreError::NoSuchOpen311Client { name: name() },
            StoreError::Corrupt { what: "ticket 3".into() },
        ];
        for refusal in &refusals {
            let english = refusal.message_in(Language::English);
            assert!(!has_chinese(&english), "{english}");
            assert_eq!(refusal.message_in(Language::Chinese), refusal.to_string());
        }
        assert_eq!(refusals[1].message_in(Language::Chinese), "没有名为“wang”的账号");
        assert_eq!(refusals[1].message_in(Language::English), "There is no account named \"wang\"");
        for kind in ["ticket", "house", "person", "isolation", "follow_up", "enterprise", "task", "task_item", "landlord_mark", "node"] {
            assert_ne!(record_en(kind), "Record ", "{kind}");
        }
    }
}
