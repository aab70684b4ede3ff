//! Engine refusals as the spec's error answers: 403 outside the scope, 404 unknown,
//! 400 invalid input naming the field. Storage failures never show their text to the client.

use wangge_engine::{EngineError, IntakeError};
use wangge_open311::ErrorResponse;

pub(crate) fn intake(err: &IntakeError) -> ErrorResponse {
    match err {
        IntakeError::Invalid { .. } => ErrorResponse::single(400, err.to_string()),
        IntakeError::UnknownRequest(_) => ErrorResponse::single(404, err.to_string()),
        IntakeError::Engine(inner) => engine(inner),
    }
}

fn engine(err: &EngineError) -> ErrorResponse {
    match err {
        // Spec, "Errors": 403 "because of wrong or missing api_key"; a key whose account
        // may not touch the place is the same kind of refusal.
        EngineError::Scope(_) | EngineError::Forbidden(_) => ErrorResponse::single(403, err.to_string()),
        EngineError::InvalidInput(_) | EngineError::Lifecycle(_) => ErrorResponse::single(400, err.to_string()),
        EngineError::UnknownNode(_) | EngineError::NotFound(_) => ErrorResponse::single(404, err.to_string()),
        // HTTP's own word for "somebody changed it since you read it".
        EngineError::Conflict { .. } => ErrorResponse::single(409, err.to_string()),
        EngineError::Store(_) | EngineError::District(_) | EngineError::Hierarchy(_) => {
            // The message may carry SQL, paths or record contents: it goes to the operator's
            // log, and the client learns only that the fault is ours.
            tracing::error!("open311: internal error: {err}");
            ErrorResponse::single(500, "internal error; the server's log has the details")
        }
    }
}
