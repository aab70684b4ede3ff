//! Why an intake operation refused: the field at fault, an unknown request, or an engine error.

use crate::error::EngineError;

/// Intake's errors carry the field a client must fix, so a transport can name it without
/// parsing messages (Open311 wants "400 naming the field", "404 for unknown ids").
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The input cannot become a ticket; `field` is the client's name for it (`lat`,
    /// `address_string`, `service_code`, ...).
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// No request with this id exists (or it is not a number we ever hand out).
    #[error("service_request_id: {0:?} was not found")]
    UnknownRequest(String),
    /// Scope refusals and storage failures, as every other operation reports them.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl IntakeError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        IntakeError::Invalid { field, message: message.into() }
    }
}
