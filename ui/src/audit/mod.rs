//! The audit view (审计): the append-only change log within the seat's scope, newest first,
//! filtered by kind of record, record id, actor and a limit; each row opens to the record
//! before and after the change (pretty-printed JSON). It refetches whenever the shell
//! reports that the log moved on (`log-advanced`), like the work board. A wall screen is
//! refused by the engine (`Forbidden`) and shows "大屏不显示审计记录" instead.
//! `labels` is pure and also builds on the host for its tests.

pub mod labels;

#[cfg(target_arch = "wasm32")]
mod filters;
#[cfg(target_arch = "wasm32")]
mod panel;
#[cfg(target_arch = "wasm32")]
mod reveals;
#[cfg(target_arch = "wasm32")]
mod rows;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
pub use panel::AuditPanel;
