//! Engine errors, and their translation into the codes every transport shows, worded in the
//! language of the seat that is told ([`EngineError::into_api`]); the command line's `From`
//! keeps the Chinese.

use wangge_api::{ApiError, ErrorCode};
use wangge_domain::district::DistrictError;
use wangge_domain::{HierarchyError, Language, ScopeError};
use wangge_figures::say;
use wangge_store::StoreError;

/// What went wrong in an engine operation. `Display` is the Chinese the command line prints;
/// the string-carrying variants hold text already worded, where the error arose, in the
/// language of the scope that asked.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("没有编码为 {0} 的区域")]
    UnknownNode(String),
    #[error(transparent)]
    Scope(#[from] ScopeError),
    #[error("{0}")]
    InvalidInput(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("库中的辖区数据不一致：{0}")]
    District(#[from] DistrictError),
    #[error("库中的层级数据不一致：{0}")]
    Hierarchy(#[from] HierarchyError),
    /// What is missing, named where it was looked for ("工单 17 " / "Ticket 17").
    #[error("{0}不存在")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    /// A lifecycle step the ticket's state does not allow (the message names both).
    #[error("{0}")]
    Lifecycle(String),
    /// Somebody changed the record since the caller read it; nothing was written.
    #[error("{message}")]
    Conflict { message: String, fresh: Vec<wangge_api::TicketRow> },
}

impl EngineError {
    /// The error as a seat reading `language` is told it.
    pub fn message_in(&self, language: Language) -> String {
        if language == Language::Chinese {
            return self.to_string();
        }
        match self {
            EngineError::UnknownNode(code) => say!(language, "没有编码为 {code} 的区域", "There is no area with code {code}"),
            EngineError::Scope(refusal) => refusal.message_in(language),
            EngineError::Store(error) => error.message_in(language),
            EngineError::District(error) => {
                say!(language, "库中的辖区数据不一致：{error}", "The district's data in the database is inconsistent: {error}")
            }
            EngineError::Hierarchy(error) => {
                say!(language, "库中的层级数据不一致：{error}", "The area hierarchy in the database is inconsistent: {error}")
            }
            EngineError::NotFound(what) => say!(language, "{what}不存在", "{what} does not exist"),
            EngineError::InvalidInput(message) | EngineError::Forbidden(message) | EngineError::Lifecycle(message) => message.clone(),
            EngineError::Conflict { message, .. } => message.clone(),
        }
    }

    /// The error as the transports answer it, worded for a seat reading `language`.
    pub fn into_api(self, language: Language) -> ApiError {
        let code = match &self {
            EngineError::UnknownNode(_) => ErrorCode::NotFound,
            EngineError::Scope(ScopeError::OutsideScope { .. } | ScopeError::UnknownRoot { .. }) => ErrorCode::OutsideScope,
            EngineError::Scope(_) => ErrorCode::Forbidden,
            EngineError::InvalidInput(_) => ErrorCode::InvalidInput,
            EngineError::Store(wangge_store::StoreError::Conflict { .. }) | EngineError::Conflict { .. } => ErrorCode::Conflict,
            EngineError::Store(_) => ErrorCode::Storage,
            EngineError::District(_) | EngineError::Hierarchy(_) => ErrorCode::Internal,
            EngineError::NotFound(_) => ErrorCode::NotFound,
            EngineError::Forbidden(_) => ErrorCode::Forbidden,
            EngineError::Lifecycle(_) => ErrorCode::InvalidInput,
        };
        let message = self.message_in(language);
        let fresh = match self {
            EngineError::Conflict { fresh, .. } => fresh,
            _ => Vec::new(),
        };
        ApiError { code, message, fresh }
    }
}

/// The command line's conversion: its scope reads Chinese. A seat's transport converts with
/// [`EngineError::into_api`] in the seat's language instead.
impl From<EngineError> for ApiError {
    fn from(err: EngineError) -> ApiError {
        err.into_api(Language::Chinese)
    }
}

/// Refuses anyone but a commander: leaders and grid workers act for their part, they do not
/// move work between units; read-only roles change nothing. `what` is the step, worded in the
/// scope's language ("改派" / "reassign tickets").
pub(crate) fn require_commander(scope: &wangge_domain::Scope, what: &str) -> Result<(), EngineError> {
    scope.may_change()?;
    if scope.role.commands() {
        Ok(())
    } else {
        let account = &scope.account;
        Err(EngineError::Forbidden(say!(
            scope.language,
            "账号 {account} 不是指挥员，无权{what}",
            "Account {account} is not a commander and may not {what}"
        )))
    }
}
