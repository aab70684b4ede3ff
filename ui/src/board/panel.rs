//! The work board panel (工单): filters, SLA counts, the rows beside the unit cards, the
//! bulk bar of ticked rows, the selected ticket's detail, the reassign dialog and the intake form (受理登记). It
//! refetches when its filter changes and when the shell reports that the change log moved
//! on (`log-advanced`, `figures-changed`). Root hooks: `.board[data-board-node]
//! [data-board-ready][data-seq][data-submitted]` (the id the intake form created last);
//! `[data-action="open-intake"]` opens the form.

use leptos::prelude::*;
use wangge_api::{NodeRef, TicketRow};

use super::bulk::BulkBar;
use super::detail::DetailPane;
use super::drag::{DragGhost, Dragger};
use super::filters::Filters;
use super::format;
use super::intake::IntakeLayer;
use super::notice::NoticeLine;
use super::reassign::ReassignLayer;
use super::rows::TicketRows;
use super::sla_counts::SlaCounts;
use super::state::{Board, Notice};
use super::units::UnitCards;
use crate::live::Live;

#[component]
pub fn BoardPanel(
    /// The focused node: the board shows the tickets under it and its children as units.
    node: NodeRef,
    /// The live registry, whose `log_seq` moves whenever the shell read new changes.
    live: Live,
    /// The micro-grid picked on the map, which the intake form starts from.
    picked: Signal<Option<NodeRef>>,
) -> impl IntoView {
    let board = Board::new(node.code.clone());
    let on_drop = Callback::new(move |(row, unit): (TicketRow, String)| {
        if row.owners.contains(&unit) {
            let name = board.unit_name(&unit);
            let message = tf!("工单 #{} 已由{}承办", "Ticket #{} is already handled by {}", row.id, name);
            let data = if format::triage_name(&unit).is_some() { Vec::new() } else { vec![name] };
            board.notice.set(Some(Notice { code: None, message, data }));
        } else {
            board.open_reassign(row, unit);
        }
    });
    let dragger = Dragger::install(on_drop);

    // Fetch on the first render, on every filter change and whenever the log moved on.
    Effect::new(move |_| {
        board.filter.track();
        live.log_seq.track();
        board.refetch();
    });
    Effect::new(move |previous: Option<i64>| {
        let seq = live.log_seq.get();
        if previous.is_some_and(|p| p != seq) && board.selected.get_untracked().is_some() {
            board.refetch_detail();
        }
        seq
    });

    let changes = crate::app::abilities().changes;
    let ready = move || (board.data.with(Option::is_some) && !board.loading.get()).to_string();
    let seq = move || board.data.with(|d| d.as_ref().map(|b| b.seq.to_string()).unwrap_or_default());
    let submitted = move || board.submitted.get().map(|id| id.to_string()).unwrap_or_default();
    view! {
        <aside class="board" data-board-node=node.code.clone() data-board-ready=ready data-seq=seq
            data-submitted=submitted class:is-dragging=move || dragger.dragging_id().is_some()>
            <header class="board-head">
                <span class="panel-level">{node.level.label_in(crate::i18n::language())}</span>
                <h2 class="panel-name"><span translate="no">{node.name.clone()}</span>{t!(" · 工单", " · Tickets")}</h2>
                {changes.then(|| view! {
                    <button class="action primary intake-open" data-action="open-intake"
                        on:click=move |_| board.intake.set(true)>
                        {t!("受理登记", "Intake")}
                    </button>
                })}
            </header>
            <Filters board=board />
            <SlaCounts board=board />
            <NoticeLine board=board />
            <BulkBar board=board />
            <div class="board-columns">
                <TicketRows board=board dragger=dragger />
                <UnitCards board=board dragger=dragger />
            </div>
            <DetailPane board=board />
            <ReassignLayer board=board />
            <IntakeLayer board=board picked=picked />
            <DragGhost dragger=dragger />
        </aside>
    }
}
