//! The work board (工单, issue 3): ticket rows with SLA chips and countdowns, unit cards to
//! drag tickets onto for reassignment, the selected ticket's detail with its timeline and
//! actions, bulk steps on ticked rows, a lookup by ticket number, and the intake form (受理登记). One job per file; `format` and `form` are pure
//! and also build on the host for their tests.

pub mod form;
pub mod format;

#[cfg(target_arch = "wasm32")]
mod actions;
#[cfg(target_arch = "wasm32")]
mod bulk;
#[cfg(target_arch = "wasm32")]
mod calls;
#[cfg(target_arch = "wasm32")]
mod detail;
#[cfg(target_arch = "wasm32")]
mod drag;
#[cfg(target_arch = "wasm32")]
mod filters;
#[cfg(target_arch = "wasm32")]
mod intake;
#[cfg(target_arch = "wasm32")]
mod lookup;
#[cfg(target_arch = "wasm32")]
pub(crate) mod notice;
#[cfg(target_arch = "wasm32")]
mod panel;
#[cfg(target_arch = "wasm32")]
mod reassign;
#[cfg(target_arch = "wasm32")]
mod rows;
#[cfg(target_arch = "wasm32")]
mod sla_counts;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod tabs;
#[cfg(target_arch = "wasm32")]
mod units;

#[cfg(target_arch = "wasm32")]
pub use panel::BoardPanel;
#[cfg(target_arch = "wasm32")]
pub use tabs::{PanelTab, PanelTabs};
