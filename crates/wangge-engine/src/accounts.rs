//! Accounts, sign-in and sessions: the one place that hashes passwords and issues tokens.
//!
//! Passwords are hashed with argon2id (the `argon2` crate of RustCrypto, its default
//! parameters: 19 MiB, two passes — OWASP's recommendation) on a blocking thread, so a
//! sign-in never stalls the server's other requests. A token is 32 random bytes from the
//! operating system; the store keeps only its SHA-256 digest. Wrong passwords count per
//! account name and per client address ([`FailedSignIns`]); an unknown name costs as much
//! time as a known one, so timing does not tell which names exist.

use std::sync::{Mutex, OnceLock};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use wangge_domain::accounts::{
    self, Account, AccountRuleError, FailedSignIns, BOOTSTRAP_ADMIN, CLIENT_LOCKOUT_AFTER_FAILURES, LOCKOUT_AFTER_FAILURES,
};
use wangge_domain::{Hierarchy, Language, NodeCode, Role, Timestamp};
use wangge_figures::say;
use wangge_store::{Open311Client, Store, StoreError, StoredAccount};

/// Why an account operation or a sign-in failed. The messages are what a user reads:
/// `Display` in Chinese (the command line, and a sign-in refused before anyone is known), and
/// [`AccountError::message_in`] the language of a signed-in seat.
#[derive(Debug)]
pub enum AccountError {
    WrongNameOrPassword,
    LockedOut { seconds: i64 },
    Disabled,
    NoSession,
    UnknownNode(String),
    UnknownUnit(String),
    Config(String),
    Rule(AccountRuleError),
    Store(StoreError),
    Hashing(String),
}

impl std::fmt::Display for AccountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(Language::Chinese))
    }
}

/// The rule and store errors stand for themselves (as `#[error(transparent)]` would have them):
/// a report printing the chain does not say their message twice.
impl std::error::Error for AccountError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AccountError::Rule(error) => error.source(),
            AccountError::Store(error) => error.source(),
            _ => None,
        }
    }
}

impl From<AccountRuleError> for AccountError {
    fn from(error: AccountRuleError) -> Self {
        AccountError::Rule(error)
    }
}

impl From<StoreError> for AccountError {
    fn from(error: StoreError) -> Self {
        AccountError::Store(error)
    }
}

impl AccountError {
    /// The error as a seat reading `language` is told it.
    pub fn message_in(&self, language: Language) -> String {
        match self {
            AccountError::WrongNameOrPassword => say!(language, "账号或密码不正确", "Wrong account name or password"),
            AccountError::LockedOut { seconds } => {
                let minutes = (seconds + 59) / 60;
                say!(language, "密码错误次数过多，请 {minutes} 分钟后再试", "Too many wrong passwords: try again in {minutes} minutes")
            }
            AccountError::Disabled => say!(language, "账号已停用", "This account is disabled"),
            AccountError::NoSession => say!(language, "未登录或登录已过期，请重新登录", "Not signed in, or the session has expired: please sign in again"),
            AccountError::UnknownNode(code) => say!(language, "没有编码为 {code} 的区域", "There is no area with code {code}"),
            AccountError::UnknownUnit(code) => say!(
                language,
                "没有编码为 {code} 的承办单位（部门见 district-units.txt，网格等以区域编码为单位）",
                "There is no handling unit with code {code} (departments are listed in district-units.txt; grids and other areas are units by their area code)"
            ),
            AccountError::Config(error) => say!(language, "读取配置失败：{error}", "Reading the configuration failed: {error}"),
            AccountError::Rule(refusal) => refusal.message_in(language),
            AccountError::Store(error) => error.message_in(language),
            AccountError::Hashing(error) => say!(language, "密码哈希失败：{error}", "Hashing the password failed: {error}"),
        }
    }

    /// The error as the transports answer it, worded for a seat reading `language`; a
    /// sign-in refused before anyone is known is answered with `From` (Chinese).
    pub fn into_api(self, language: Language) -> wangge_api::ApiError {
        use wangge_api::ErrorCode;
        let code = match &self {
            AccountError::WrongNameOrPassword | AccountError::Disabled | AccountError::NoSession => ErrorCode::SignInRequired,
            AccountError::LockedOut { .. } => ErrorCode::TooManyAttempts,
            AccountError::UnknownNode(_)
            | AccountError::UnknownUnit(_)
            | AccountError::Store(StoreError::NoSuchAccount { .. } | StoreError::NoSuchOpen311Client { .. }) => ErrorCode::NotFound,
            AccountError::Rule(_) | AccountError::Store(StoreError::AccountExists { .. } | StoreError::Open311ClientExists { .. }) => {
                ErrorCode::InvalidInput
            }
            AccountError::Store(_) => ErrorCode::Storage,
            AccountError::Hashing(_) | AccountError::Config(_) => ErrorCode::Internal,
        };
        wangge_api::ApiError::new(code, self.message_in(language))
    }
}

impl From<AccountError> for wangge_api::ApiError {
    fn from(err: AccountError) -> Self {
        err.into_api(Language::Chinese)
    }
}

/// A new account as an administrator describes it.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub name: &'a str,
    pub role: Role,
    pub node: &'a str,
    pub password: &'a str,
    pub administrator: bool,
    /// The unit a unit handler works; `None` for every other role.
    pub unit: Option<&'a str>,
}

/// A session just opened.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Shown to the client once; only its digest is stored.
    pub token: String,
    pub expires_at: Timestamp,
    pub account: Account,
}

/// The accounts of one district's store, and the failed sign-ins this process has seen.
#[derive(Debug)]
pub struct Accounts {
    store: Store,
    /// Failed sign-ins by account name, and by client address.
    failed: Mutex<(FailedSignIns, FailedSignIns)>,
}

impl Accounts {
    pub fn new(store: Store) -> Self {
        Accounts {
            store,
            failed: Mutex::new((FailedSignIns::new(LOCKOUT_AFTER_FAILURES), FailedSignIns::new(CLIENT_LOCKOUT_AFTER_FAILURES))),
        }
    }

    /// Creates an account after checking its name, password and node; `actor` is logged as
    /// its maker.
    pub async fn add(&self, actor: &str, hierarchy: &Hierarchy, new: &NewAccount<'_>, now: Timestamp) -> Result<Account, AccountError> {
        accounts::check_name(new.name)?;
        accounts::check_password(new.name, new.password)?;
        let node = NodeCode(new.node.to_owned());
        if hierarchy.id_of(&node).is_none() {
            return Err(AccountError::UnknownNode(new.node.to_owned()));
        }
        let unit = accounts::check_unit(new.role, new.unit)?;
        if let Some(code) = &unit {
            let units = crate::config::units().map_err(|e| AccountError::Config(e.to_string()))?;
            if !units.is_unit(hierarchy, code) || code == wangge_domain::TRIAGE_UNIT {
                return Err(AccountError::UnknownUnit(code.clone()));
            }
        }
        let account = Account {
            name: new.name.to_owned(),
            role: new.role,
            node,
            administrator: new.administrator,
            disabled: false,
            created_at: now,
            unit,
            language: Default::default(),
        };
        let password_hash = hash(new.password.to_owned()).await?;
        self.store.add_account(actor, &StoredAccount { account: account.clone(), password_hash }).await?;
        Ok(account)
    }

    /// On a district's first start (no account at all): creates the administrator
    /// [`BOOTSTRAP_ADMIN`], commander of the whole district, and returns its one-time
    /// password for the operator to read once. `None` when accounts exist already (also when
    /// another server process made the administrator a moment earlier).
    pub async fn bootstrap(&self, hierarchy: &Hierarchy, now: Timestamp) -> Result<Option<String>, AccountError> {
        if self.store.account_count().await? > 0 {
            return Ok(None);
        }
        let password = one_time_password();
        let root = hierarchy.node(hierarchy.root()).code.0.clone();
        let new =
            NewAccount { name: BOOTSTRAP_ADMIN, role: Role::Commander, node: &root, password: &password, administrator: true, unit: None };
        match self.add("system", hierarchy, &new, now).await {
            Ok(_) => Ok(Some(password)),
            Err(AccountError::Store(StoreError::AccountExists { .. })) => Ok(None),
            Err(err) => Err(err),
        }
    }

    pub async fn list(&self) -> Result<Vec<Account>, AccountError> {
        Ok(self.store.accounts().await?.into_iter().map(|stored| stored.account).collect())
    }

    pub async fn disable(&self, actor: &str, name: &str, now: Timestamp) -> Result<(), AccountError> {
        Ok(self.store.disable_account(actor, name, now).await?)
    }

    /// Keeps the language an account reads; its seats are drawn in it from their next start.
    pub async fn set_language(&self, name: &str, language: wangge_domain::Language) -> Result<(), AccountError> {
        Ok(self.store.set_account_language(name, language).await?)
    }

    /// Gives an account a new password; its open sessions end.
    pub async fn reset_password(&self, actor: &str, name: &str, password: &str, now: Timestamp) -> Result<(), AccountError> {
        accounts::check_password(name, password)?;
        if self.store.account(name).await?.is_none() {
            return Err(StoreError::NoSuchAccount { name: name.to_owned() }.into());
        }
        let password_hash = hash(password.to_owned()).await?;
        Ok(self.store.set_password_hash(actor, name, &password_hash, now).await?)
    }

    /// Checks a name and password and opens a session. `client` is the caller's address
    /// (or `None` on the command line); both it and the name are locked out after
    /// repeated wrong passwords.
    pub async fn sign_in(&self, name: &str, password: &str, client: Option<&str>, now: Timestamp) -> Result<SignedIn, AccountError> {
        {
            let failed = self.failed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let (by_name, by_client) = &*failed;
            let locked = by_name.locked_for(name, now).max(client.and_then(|client| by_client.locked_for(client, now)));
            if let Some(seconds) = locked {
                return Err(AccountError::LockedOut { seconds });
            }
        }
        let stored = self.store.account(name).await?;
        let hash_to_check = stored.as_ref().map_or_else(|| decoy_hash().to_owned(), |stored| stored.password_hash.clone());
        let right = verify(password.to_owned(), hash_to_check).await? && stored.is_some();
        {
            let mut failed = self.failed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let (by_name, by_client) = &mut *failed;
            if right {
                by_name.succeeded(name);
            } else {
                by_name.failed(name, now);
                // A right password from an address does not clear its other names' failures.
                if let Some(client) = client {
                    by_client.failed(client, now);
                }
            }
        }
        let Some(stored) = stored.filter(|_| right) else { return Err(AccountError::WrongNameOrPassword) };
        if stored.account.disabled {
            return Err(AccountError::Disabled);
        }
        let token = new_token();
        let expires_at = accounts::session_expiry(now);
        self.store.add_session(&digest(&token), name, now, expires_at).await?;
        Ok(SignedIn { token, expires_at, account: stored.account })
    }

    /// The account a token belongs to, if its session is open and the account enabled.
    pub async fn session(&self, token: &str, now: Timestamp) -> Result<Account, AccountError> {
        match self.store.session(&digest(token)).await? {
            Some((stored, expires_at)) if expires_at.0 > now.0 && !stored.account.disabled => Ok(stored.account),
            _ => Err(AccountError::NoSession),
        }
    }

    /// Gives a new Open311 client its key, returned this once (only its digest is stored):
    /// each integrator has its own, revocable alone, and its tickets name it.
    pub async fn issue_open311_key(&self, actor: &str, client: &str, now: Timestamp) -> Result<String, AccountError> {
        accounts::check_name(client)?;
        let key = new_token();
        self.store.add_open311_client(actor, client, &digest(&key), now).await?;
        Ok(key)
    }

    pub async fn open311_clients(&self) -> Result<Vec<Open311Client>, AccountError> {
        Ok(self.store.open311_clients().await?)
    }

    /// Stops accepting a client's key.
    pub async fn revoke_open311_key(&self, actor: &str, client: &str, now: Timestamp) -> Result<(), AccountError> {
        Ok(self.store.revoke_open311_client(actor, client, now).await?)
    }

    /// The client a key, exactly as sent, belongs to, while its key is in force. The lookup
    /// is by the key's digest, so no comparison of the key itself can leak through timing.
    pub async fn open311_client(&self, key: &str) -> Result<Option<String>, AccountError> {
        Ok(self.store.open311_client_by_key(&digest(key)).await?)
    }

    /// Ends the session of a token (signing out).
    pub async fn sign_out(&self, token: &str) -> Result<(), AccountError> {
        Ok(self.store.end_session(&digest(token)).await?)
    }
}

/// What a role lets a seat offer, for the screen (the engine checks every call itself).
pub fn abilities(role: Role) -> wangge_api::Abilities {
    wangge_api::Abilities {
        personal_data: role.sees_personal_data(),
        changes: role.makes_changes(),
        commands: role.commands(),
        audit: role.reads_audit(),
    }
}

/// An account as a seat shows it: its area by name, its role in words.
pub fn account_view(hierarchy: &Hierarchy, account: &Account) -> Result<wangge_api::AccountView, AccountError> {
    let id = hierarchy.id_of(&account.node).ok_or_else(|| AccountError::UnknownNode(account.node.0.clone()))?;
    Ok(wangge_api::AccountView {
        name: account.name.clone(),
        role: account.role.as_str().to_owned(),
        role_label: account.role.label_in(account.language).to_owned(),
        node: crate::convert::node_ref(hierarchy, id),
        administrator: account.administrator,
        language: account.language,
    })
}

async fn hash(password: String) -> Result<String, AccountError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string())
    })
    .await
    .map_err(|err| AccountError::Hashing(err.to_string()))?
    .map_err(|err| AccountError::Hashing(err.to_string()))
}

async fn verify(password: String, stored_hash: String) -> Result<bool, AccountError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored_hash).map_err(|err| AccountError::Hashing(format!("stored hash unreadable: {err}")))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|err| AccountError::Hashing(err.to_string()))?
}

/// A hash of a password nobody has, verified against when the name is unknown so that an
/// unknown name takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(new_token().as_bytes(), &salt).map(|hash| hash.to_string()).unwrap_or_default()
    })
}

/// 32 bytes from the operating system's generator, as 64 hex digits.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The form a token is stored and looked up in.
pub fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Sixteen characters from an alphabet without look-alikes (no 0/O, 1/l/I), typed once by
/// the operator from a terminal: about 91 bits.
fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..16).map(|_| char::from(ALPHABET[OsRng.gen_range(0..ALPHABET.len())])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_as_digests() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), a);
        assert_eq!(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn one_time_passwords_pass_the_password_rule() {
        let password = one_time_password();
        assert_eq!(password.chars().count(), 16);
        accounts::check_password(BOOTSTRAP_ADMIN, &password).unwrap();
        assert!(!password.contains(['0', 'O', '1', 'l', 'I']));
    }
}
