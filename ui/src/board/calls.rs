//! The work board's shell commands, typed: each wraps `bridge::invoke` with the argument
//! names the Tauri commands take (see `wangge_api::commands`).

use serde::Serialize;
use wangge_api::{
    commands, ApiError, BoardFilter, Choice, Reassign, TicketAction, TicketDetail, TicketForm, TicketRow, TicketVersion, WorkBoard,
};

use crate::bridge;

#[derive(Serialize)]
struct FilterArgs<'a> {
    filter: &'a BoardFilter,
}

#[derive(Serialize)]
struct IdArgs {
    id: i64,
}

#[derive(Serialize)]
struct ActArgs<'a> {
    ticket: TicketVersion,
    action: &'a TicketAction,
}

#[derive(Serialize)]
struct ReassignArgs<'a> {
    request: &'a Reassign,
}

#[derive(Serialize)]
struct FormArgs<'a> {
    form: &'a TicketForm,
}

/// The rows, SLA counts and unit workload for `filter`.
pub async fn work_board(filter: &BoardFilter) -> Result<WorkBoard, ApiError> {
    bridge::invoke(commands::WORK_BOARD, &FilterArgs { filter }).await
}

/// One ticket with its timeline and per-unit deadlines.
pub async fn ticket_detail(id: i64) -> Result<TicketDetail, ApiError> {
    bridge::invoke(commands::TICKET_DETAIL, &IdArgs { id }).await
}

/// One step on one ticket, decided on `ticket`'s version; returns the ticket as it now is.
pub async fn ticket_act(ticket: TicketVersion, action: &TicketAction) -> Result<TicketRow, ApiError> {
    bridge::invoke(commands::TICKET_ACT, &ActArgs { ticket, action }).await
}

/// 改派: returns the moved tickets as they now are.
pub async fn reassign(request: &Reassign) -> Result<Vec<TicketRow>, ApiError> {
    bridge::invoke(commands::REASSIGN, &ReassignArgs { request }).await
}

/// 受理登记: the new ticket's row; a refusal's message starts with the field it names.
pub async fn submit_ticket(form: &TicketForm) -> Result<TicketRow, ApiError> {
    bridge::invoke(commands::SUBMIT_TICKET, &FormArgs { form }).await
}

/// The enterprises under a node that the intake form offers for an enterprise demand (by
/// name; the ticket keeps the id, so a rename keeps the link).
pub async fn enterprises_under(node: Option<String>) -> Result<Vec<wangge_api::EnterpriseRow>, ApiError> {
    #[derive(Serialize)]
    struct Args {
        filter: wangge_api::EnterpriseFilter,
    }
    let filter = wangge_api::EnterpriseFilter { node, limit: Some(500), ..wangge_api::EnterpriseFilter::default() };
    let list: wangge_api::EnterpriseList = bridge::invoke(commands::ENTERPRISES, &Args { filter }).await?;
    Ok(list.rows)
}

/// The categories the intake form offers.
pub async fn ticket_categories() -> Result<Vec<Choice>, ApiError> {
    bridge::invoke(commands::TICKET_CATEGORIES, &()).await
}
