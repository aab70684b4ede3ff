//! Engine errors, and their translation into the codes every transport shows.

use wangge_api::{ApiError, ErrorCode};
use wangge_domain::district::DistrictError;
use wangge_domain::{HierarchyError, ScopeError};
use wangge_store::StoreError;

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

impl From<EngineError> for ApiError {
    fn from(err: EngineError) -> ApiError {
        let code = match &err {
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
        let message = err.to_string();
        let fresh = match err {
            EngineError::Conflict { fresh, .. } => fresh,
            _ => Vec::new(),
        };
        ApiError { code, message, fresh }
    }
}

/// Refuses anyone but a commander: leaders and grid workers act for their part, they do not
/// move work between units; read-only roles change nothing.
pub(crate) fn require_commander(scope: &wangge_domain::Scope, what: &str) -> Result<(), EngineError> {
    scope.may_change()?;
    if scope.role.commands() {
        Ok(())
    } else {
        Err(EngineError::Forbidden(format!("账号 {} 不是指挥员，无权{what}", scope.account)))
    }
}
