//! Accounts and sessions as rules, without storage or cryptography: what a valid account
//! name and password are, which role names exist, how long a session lives, and when
//! repeated wrong passwords lock a name out for a while.
//!
//! The engine hashes passwords (argon2) and keeps accounts in the store; these rules are
//! the part every front end must agree on, so they live here and are tested hard.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::hierarchy::NodeCode;
use crate::scope::{Role, Scope};
use crate::time::Timestamp;

/// A signed-in seat stays signed in this long (a command-centre shift and then some); after
/// that it signs in again. Twelve hours, so a wall that runs all day re-signs once a day.
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// The shortest password an account may be given. Long enough that the rate limit below
/// makes guessing hopeless; no composition rules, which only push people to patterns.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The administrator created on a district's first start.
pub const BOOTSTRAP_ADMIN: &str = "admin";

/// One account: who it is, what it may do, over which part of the district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// The root of the part of the hierarchy the account covers.
    pub node: NodeCode,
    /// May manage other accounts (the bootstrap administrator, and whom it makes one).
    pub administrator: bool,
    /// A disabled account cannot sign in, and its sessions end.
    pub disabled: bool,
    pub created_at: Timestamp,
    /// The unit whose tickets a unit handler works; `None` for every other role.
    #[serde(default)]
    pub unit: Option<String>,
    /// The language the account reads; Chinese unless it chose English.
    #[serde(default)]
    pub language: crate::Language,
}

impl Account {
    /// The scope every operation of this account runs with.
    pub fn scope(&self) -> Scope {
        Scope { unit: self.unit.clone(), language: self.language, ..Scope::new(self.name.clone(), self.role, self.node.clone()) }
    }
}

/// Why an account cannot be created or changed as asked. Its `Display` is the Chinese of the
/// command line; an administrator's seat reads [`AccountRuleError::message_in`] its language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message_in(crate::Language::Chinese))]
pub enum AccountRuleError {
    EmptyName,
    NameTooLong(String),
    NameHasBlanks(String),
    PasswordTooShort(usize),
    PasswordIsName,
    UnknownRole(String),
    HandlerWithoutUnit,
    /// The role given a unit, which only a unit handler has.
    UnitWithoutHandler(Role),
}

impl AccountRuleError {
    /// The refusal as a seat reading `language` is told it.
    pub fn message_in(&self, language: crate::Language) -> String {
        use wangge_figures::say;
        match self {
            AccountRuleError::EmptyName => say!(language, "账号名不能为空", "The account name is empty"),
            AccountRuleError::NameTooLong(name) => {
                say!(language, "账号名“{name}”过长（最多 64 个字符）", "The account name \"{name}\" is too long (64 characters at most)")
            }
            AccountRuleError::NameHasBlanks(name) => {
                say!(language, "账号名“{name}”含有空白或控制字符", "The account name \"{name}\" holds blanks or control characters")
            }
            AccountRuleError::PasswordTooShort(chars) => say!(
                language,
                "密码太短：至少 {MIN_PASSWORD_CHARS} 个字符，现为 {chars} 个",
                "The password is too short: at least {MIN_PASSWORD_CHARS} characters, not {chars}"
            ),
            AccountRuleError::PasswordIsName => say!(language, "密码与账号名相同", "The password is the account name"),
            AccountRuleError::UnknownRole(role) => say!(
                language,
                "未知角色“{role}”：可选 commander（指挥长）、leader（负责人）、community_worker（社区网格员）、\
                 unit_handler（部门承办人）、viewer（查看员）、wall_screen（大屏）、administrator（系统管理员）",
                "Unknown role \"{role}\": choose commander, leader, community_worker, unit_handler, viewer, wall_screen \
                 or administrator"
            ),
            AccountRuleError::HandlerWithoutUnit => {
                say!(language, "部门承办人账号须用 --unit 指明承办单位", "A unit handler's account needs its handling unit (--unit)")
            }
            AccountRuleError::UnitWithoutHandler(role) => {
                let role = role.label_in(language);
                say!(
                    language,
                    "只有部门承办人（unit_handler）账号有承办单位；{role}账号不用 --unit",
                    "Only a unit handler (unit_handler) has a handling unit; a {role} account takes no --unit"
                )
            }
        }
    }
}

/// Checks a new account's name: printable, no blanks (it is typed at sign-in and shows in
/// the audit trail), at most 64 characters. Chinese names are welcome.
pub fn check_name(name: &str) -> Result<(), AccountRuleError> {
    if name.is_empty() {
        return Err(AccountRuleError::EmptyName);
    }
    if name.chars().count() > 64 {
        return Err(AccountRuleError::NameTooLong(name.chars().take(16).collect::<String>() + "…"));
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AccountRuleError::NameHasBlanks(name.escape_debug().to_string()));
    }
    Ok(())
}

/// Checks that a unit is given exactly when the role works by unit (a unit handler); the
/// unit as it is kept (trimmed; `None` for other roles).
pub fn check_unit(role: Role, unit: Option<&str>) -> Result<Option<String>, AccountRuleError> {
    match (role, unit.map(str::trim).filter(|u| !u.is_empty())) {
        (Role::UnitHandler, None) => Err(AccountRuleError::HandlerWithoutUnit),
        (Role::UnitHandler, Some(unit)) => Ok(Some(unit.to_owned())),
        (_, None) => Ok(None),
        (other, Some(_)) => Err(AccountRuleError::UnitWithoutHandler(other)),
    }
}

/// Checks a new password against the account it is for.
pub fn check_password(name: &str, password: &str) -> Result<(), AccountRuleError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AccountRuleError::PasswordTooShort(chars));
    }
    if password == name {
        return Err(AccountRuleError::PasswordIsName);
    }
    Ok(())
}

impl Role {
    /// The name used on the command line, in the store and over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Commander => "commander",
            Role::Leader => "leader",
            Role::CommunityWorker => "community_worker",
            Role::UnitHandler => "unit_handler",
            Role::Viewer => "viewer",
            Role::WallScreen => "wall_screen",
            Role::Administrator => "administrator",
        }
    }

    /// Reads a role name as [`Role::as_str`] writes it.
    pub fn parse(text: &str) -> Result<Role, AccountRuleError> {
        Role::ALL.into_iter().find(|role| role.as_str() == text).ok_or_else(|| AccountRuleError::UnknownRole(text.to_owned()))
    }

    /// What the role is called on screen.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Commander => "指挥长",
            Role::Leader => "负责人",
            Role::CommunityWorker => "社区网格员",
            Role::UnitHandler => "部门承办人",
            Role::Viewer => "查看员",
            Role::WallScreen => "大屏",
            Role::Administrator => "系统管理员",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Commander => "Commander",
            Role::Leader => "Leader",
            Role::CommunityWorker => "Community grid worker",
            Role::UnitHandler => "Unit handler",
            Role::Viewer => "Viewer",
            Role::WallScreen => "Wall screen",
            Role::Administrator => "Administrator",
        }
    }

    /// What the role is called on a screen in the seat's language.
    pub fn label_in(self, language: crate::Language) -> &'static str {
        language.pick(self.label_zh(), self.label_en())
    }
}

/// What happened to an account, as its log keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountAction {
    Created,
    Disabled,
    PasswordReset,
    SignedIn,
    /// An Open311 client was given its key.
    KeyIssued,
    /// An Open311 client's key was revoked.
    KeyRevoked,
}

impl AccountAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountAction::Created => "created",
            AccountAction::Disabled => "disabled",
            AccountAction::PasswordReset => "password_reset",
            AccountAction::SignedIn => "signed_in",
            AccountAction::KeyIssued => "key_issued",
            AccountAction::KeyRevoked => "key_revoked",
        }
    }

    pub fn parse(text: &str) -> Option<AccountAction> {
        [
            AccountAction::Created,
            AccountAction::Disabled,
            AccountAction::PasswordReset,
            AccountAction::SignedIn,
            AccountAction::KeyIssued,
            AccountAction::KeyRevoked,
        ]
        .into_iter()
        .find(|action| action.as_str() == text)
    }

    /// What the audit view says.
    pub fn label_zh(self) -> &'static str {
        match self {
            AccountAction::Created => "创建账号",
            AccountAction::Disabled => "停用账号",
            AccountAction::PasswordReset => "重置密码",
            AccountAction::SignedIn => "登录",
            AccountAction::KeyIssued => "签发接口密钥",
            AccountAction::KeyRevoked => "吊销接口密钥",
        }
    }
}

/// When a session started now ends.
pub fn session_expiry(now: Timestamp) -> Timestamp {
    Timestamp(now.0 + SESSION_SECONDS)
}

/// Wrong passwords one account name may be given within [`LOCKOUT_WINDOW_SECONDS`] before
/// further attempts on it are refused until the window has passed.
pub const LOCKOUT_AFTER_FAILURES: u32 = 5;
/// The same for one client address, across names: higher, because a command centre's seats
/// often share one address behind its router, yet low enough to stop trying many names.
pub const CLIENT_LOCKOUT_AFTER_FAILURES: u32 = 30;
pub const LOCKOUT_WINDOW_SECONDS: i64 = 15 * 60;

/// Counts failed sign-ins per key (an account name, or a client address) in a window that
/// opens with the key's first failure and lasts [`LOCKOUT_WINDOW_SECONDS`]; reaching the
/// limit within it locks the key until the window closes. A success clears the key. Keys
/// whose window has closed are forgotten, so the map stays small.
#[derive(Debug)]
pub struct FailedSignIns {
    limit: u32,
    by_key: HashMap<String, (u32, Timestamp)>,
}

impl FailedSignIns {
    /// Counting per key, locking at `limit` failures.
    pub fn new(limit: u32) -> Self {
        FailedSignIns { limit, by_key: HashMap::new() }
    }

    /// Seconds until `key` may try again, or `None` when it may try now.
    pub fn locked_for(&self, key: &str, now: Timestamp) -> Option<i64> {
        let &(failures, since) = self.by_key.get(key)?;
        let left = since.0 + LOCKOUT_WINDOW_SECONDS - now.0;
        (failures >= self.limit && left > 0).then_some(left)
    }

    /// Records a wrong password for `key`.
    pub fn failed(&mut self, key: &str, now: Timestamp) {
        self.forget_closed(now);
        let entry = self.by_key.entry(key.to_owned()).or_insert((0, now));
        entry.0 += 1;
    }

    /// Records a right password: earlier failures of `key` no longer count.
    pub fn succeeded(&mut self, key: &str) {
        self.by_key.remove(key);
    }

    fn forget_closed(&mut self, now: Timestamp) {
        self.by_key.retain(|_, (_, since)| since.0 + LOCKOUT_WINDOW_SECONDS > now.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp(1_800_000_000);

    #[test]
    fn names_must_be_typable_and_short() {
        assert_eq!(check_name("王街道"), Ok(()));
        assert_eq!(check_name("leader-3"), Ok(()));
        assert_eq!(check_name(""), Err(AccountRuleError::EmptyName));
        assert!(matches!(check_name("a b"), Err(AccountRuleError::NameHasBlanks(_))));
        assert!(matches!(check_name("a\u{1}"), Err(AccountRuleError::NameHasBlanks(_))));
        assert!(matches!(check_name(&"长".repeat(65)), Err(AccountRuleError::NameTooLong(_))));
        assert_eq!(check_name(&"长".repeat(64)), Ok(()));
    }

    #[test]
    fn passwords_are_long_and_not_the_name() {
        assert_eq!(check_password("wang", "123456789"), Err(AccountRuleError::PasswordTooShort(9)));
        // Characters, not bytes: nine Chinese characters are 27 bytes and still too short.
        assert_eq!(check_password("wang", &"密".repeat(9)), Err(AccountRuleError::PasswordTooShort(9)));
        assert_eq!(check_password("wang", &"密".repeat(10)), Ok(()));
        assert_eq!(check_password("longaccountname", "longaccountname"), Err(AccountRuleError::PasswordIsName));
    }

    #[test]
    fn role_names_read_back_and_unknown_ones_are_named() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
            // The name the CLI takes is the name serde writes, so JSON and flags agree.
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        let err = Role::parse("admin").unwrap_err();
        assert!(err.to_string().contains("“admin”"), "{err}");
    }

    #[test]
    fn rule_refusals_come_in_the_seats_language() {
        let refusals = [
            check_name("").unwrap_err(),
            // Names are data, kept as typed: a Latin one, so the check below sees only our words.
            check_name(&"x".repeat(65)).unwrap_err(),
            check_name("a b").unwrap_err(),
            check_password("wang", "123456789").unwrap_err(),
            check_password("longaccountname", "longaccountname").unwrap_err(),
            Role::parse("admin").unwrap_err(),
            check_unit(Role::UnitHandler, None).unwrap_err(),
            check_unit(Role::Leader, Some("dept:market")).unwrap_err(),
        ];
        for refusal in &refusals {
            let english = refusal.message_in(crate::Language::English);
            assert!(!crate::scope::tests::has_chinese(&english), "{english}");
            assert_eq!(refusal.message_in(crate::Language::Chinese), refusal.to_string());
        }
        assert_eq!(refusals[3].to_string(), "密码太短：至少 10 个字符，现为 9 个");
        assert_eq!(refusals[3].message_in(crate::Language::English), "The password is too short: at least 10 characters, not 9");
        assert_eq!(refusals[7].to_string(), "只有部门承办人（unit_handler）账号有承办单位；负责人账号不用 --unit");
        assert_eq!(
            refusals[7].message_in(crate::Language::English),
            "Only a unit handler (unit_handler) has a handling unit; a Leader account takes no --unit"
        );
        assert!(refusals[5].to_string().starts_with("未知角色“admin”：可选 commander（指挥长）、leader（负责人）、community_worker"));
        assert!(refusals[5].to_string().ends_with("、administrator（系统管理员）"), "{}", refusals[5]);
    }

    #[test]
    fn account_actions_read_back() {
        for action in [AccountAction::Created, AccountAction::Disabled, AccountAction::PasswordReset, AccountAction::SignedIn] {
            assert_eq!(AccountAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AccountAction::parse("deleted"), None);
    }

    #[test]
    fn an_account_acts_with_its_own_scope() {
        let account = Account {
            name: "li".into(),
            role: Role::Leader,
            node: NodeCode("TS-3".into()),
            administrator: false,
            disabled: false,
            created_at: T0,
            unit: None,
            language: crate::Language::Chinese,
        };
        assert_eq!(account.scope(), Scope::new("li", Role::Leader, "TS-3"));
        let english = Account { language: crate::Language::English, ..account.clone() };
        assert_eq!(english.scope().language, crate::Language::English, "the scope carries the account's language");
        let handler = Account { name: "shichang".into(), role: Role::UnitHandler, unit: Some("dept:market".into()), ..account };
        assert_eq!(handler.scope(), Scope::unit_handler("shichang", "TS-3", "dept:market"));
        assert_eq!(check_unit(Role::UnitHandler, None), Err(AccountRuleError::HandlerWithoutUnit));
        assert_eq!(check_unit(Role::UnitHandler, Some(" ")), Err(AccountRuleError::HandlerWithoutUnit));
        assert!(check_unit(Role::Leader, Some("dept:market")).is_err());
        assert_eq!(check_unit(Role::UnitHandler, Some(" dept:market ")), Ok(Some("dept:market".to_owned())));
        assert_eq!(check_unit(Role::Leader, None), Ok(None));
        assert_eq!(session_expiry(T0).0 - T0.0, 43_200);
    }

    #[test]
    fn five_wrong_passwords_lock_a_name_until_the_window_closes() {
        let mut failed = FailedSignIns::new(LOCKOUT_AFTER_FAILURES);
        for n in 0..LOCKOUT_AFTER_FAILURES {
            assert_eq!(failed.locked_for("wang", Timestamp(T0.0 + i64::from(n))), None);
            failed.failed("wang", Timestamp(T0.0 + i64::from(n)));
        }
        assert_eq!(failed.locked_for("wang", Timestamp(T0.0 + 10)), Some(LOCKOUT_WINDOW_SECONDS - 10));
        // Another name is not affected.
        assert_eq!(failed.locked_for("li", Timestamp(T0.0 + 10)), None);
        // When the window has passed, the name may try again, and the count starts afresh.
        let later = Timestamp(T0.0 + LOCKOUT_WINDOW_SECONDS);
        assert_eq!(failed.locked_for("wang", later), None);
        failed.failed("wang", later);
        assert_eq!(failed.locked_for("wang", later), None);
    }

    #[test]
    fn a_right_password_clears_earlier_failures() {
        let mut failed = FailedSignIns::new(LOCKOUT_AFTER_FAILURES);
        for _ in 0..LOCKOUT_AFTER_FAILURES - 1 {
            failed.failed("wang", T0);
        }
        failed.succeeded("wang");
        failed.failed("wang", T0);
        assert_eq!(failed.locked_for("wang", T0), None);
    }

    #[test]
    fn closed_windows_are_forgotten() {
        let mut failed = FailedSignIns::new(LOCKOUT_AFTER_FAILURES);
        for n in 0..1000 {
            failed.failed(&format!("sprayed-{n}"), T0);
        }
        failed.failed("wang", Timestamp(T0.0 + LOCKOUT_WINDOW_SECONDS + 1));
        assert_eq!(failed.by_key.len(), 1);
    }
}
