//! The work board's state: the filter, the last board fetched, the selected ticket and its
//! detail, the open reassign and intake dialogs and the message line. Fetching lives here too: one
//! board request at a time (a newer wish waits for it and then asks again), answers for an
//! outdated filter dropped, conflict answers folded into the rows.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wangge_api::{ApiError, BoardFilter, ErrorCode, TicketDetail, TicketRow, UnitLoad, WorkBoard};

use super::calls;
use super::format;

/// A line above the rows: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// `None` for good news.
    pub code: Option<ErrorCode>,
    pub message: String,
    /// The parts of `message` that are data, not the UI's words (names, the backend's
    /// messages): shown as they are, marked not to be translated.
    pub data: Vec<String>,
}

impl Notice {
    /// A message in the UI's own words only.
    pub fn words(code: Option<ErrorCode>, message: String) -> Self {
        Notice { code, message, data: Vec::new() }
    }
}

/// What the reassign dialog starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReassignDraft {
    /// One ticket, or the tickets picked on the board.
    pub rows: Vec<TicketRow>,
    /// The owner it moves away from (`None`: the sole owner).
    pub from_unit: Option<String>,
    /// The unit it was dropped on; empty when opened from the detail.
    pub to_unit: String,
}

/// Every signal of one board (Copy, so closures take it freely).
#[derive(Clone, Copy)]
pub struct Board {
    pub filter: RwSignal<BoardFilter>,
    pub data: RwSignal<Option<WorkBoard>>,
    /// A request for the board is on its way.
    pub loading: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    pub selected: RwSignal<Option<i64>>,
    pub detail: RwSignal<Option<TicketDetail>>,
    pub dialog: RwSignal<Option<ReassignDraft>>,
    /// The tickets ticked for a bulk step (批量改派, 批量督办), in the order ticked.
    pub picked: RwSignal<Vec<i64>>,
    /// The intake form (受理登记) is open.
    pub intake: RwSignal<bool>,
    /// The id of the ticket this board's intake form created last.
    pub submitted: RwSignal<Option<i64>>,
    /// The note or reason typed in the detail (kept here, so a live refresh of the detail
    /// does not wipe what is being typed); cleared when another ticket is selected.
    pub note: RwSignal<String>,
    /// The owner on whose behalf the detail's actions are taken (`None`: the first owner).
    pub acting_unit: RwSignal<Option<String>>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
    detail_generation: StoredValue<u64>,
}

impl Board {
    /// A board of the tickets under `node`.
    pub fn new(node: String) -> Self {
        Board {
            filter: RwSignal::new(BoardFilter { node: Some(node), ..BoardFilter::default() }),
            data: RwSignal::new(None),
            loading: RwSignal::new(false),
            notice: RwSignal::new(None),
            selected: RwSignal::new(None),
            detail: RwSignal::new(None),
            dialog: RwSignal::new(None),
            picked: RwSignal::new(Vec::new()),
            intake: RwSignal::new(false),
            submitted: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            acting_unit: RwSignal::new(None),
            in_flight: StoredValue::new(false),
            again: StoredValue::new(false),
            detail_generation: StoredValue::new(0),
        }
    }

    /// Asks for the board under the current filter. While a request is out, the wish is
    /// remembered and served when it comes back, so a burst of events costs two requests.
    pub fn refetch(self) {
        if self.in_flight.get_value() {
            self.again.set_value(true);
            return;
        }
        self.in_flight.set_value(true);
        self.loading.set(true);
        spawn_local(async move {
            loop {
                self.again.set_value(false);
                let Some(asked) = self.filter.try_get_untracked() else {
                    return;
                };
                let answer = calls::work_board(&asked).await;
                // The board may have been closed meanwhile: then its signals are gone.
                let Some(current) = self.filter.try_get_untracked() else {
                    return;
                };
                if current == asked {
                    match answer {
                        Ok(board) => {
                            if self.data.with_untracked(|d| d.as_ref() != Some(&board)) {
                                self.data.set(Some(board));
                            }
                            if matches!(self.notice.get_untracked(), Some(Notice { code: Some(ErrorCode::NotReady), .. })) {
                                self.notice.set(None);
                            }
                        }
                        Err(error) => self.fail(error),
                    }
                } else {
                    self.again.set_value(true);
                }
                if !self.again.get_value() {
                    break;
                }
            }
            self.in_flight.set_value(false);
            self.loading.set(false);
        });
    }

    /// Fetches the selected ticket's detail (or clears it); an answer for a ticket no longer
    /// selected is dropped.
    pub fn refetch_detail(self) {
        let Some(id) = self.selected.get_untracked() else {
            self.detail.set(None);
            return;
        };
        let generation = self.detail_generation.get_value() + 1;
        self.detail_generation.set_value(generation);
        spawn_local(async move {
            let answer = calls::ticket_detail(id).await;
            if self.detail_generation.try_get_value() != Some(generation) {
                return;
            }
            match answer {
                Ok(detail) => {
                    if self.detail.with_untracked(|d| d.as_ref() != Some(&detail)) {
                        self.detail.set(Some(detail));
                    }
                }
                Err(error) => {
                    // A ticket this seat cannot see (or that does not exist) is not left
                    // "loading" beside the board.
                    if matches!(error.code, ErrorCode::NotFound | ErrorCode::Forbidden | ErrorCode::OutsideScope) {
                        self.selected.set(None);
                    }
                    self.fail(error)
                }
            }
        });
    }

    /// Selects a ticket (or none) and fetches its detail.
    pub fn select(self, id: Option<i64>) {
        if self.selected.get_untracked() != id {
            self.note.set(String::new());
            self.acting_unit.set(None);
            self.detail.set(None);
        }
        self.selected.set(id);
        self.refetch_detail();
    }

    /// Puts rows the shell just returned in place of the rows with the same ids.
    pub fn replace_rows(self, fresh: &[TicketRow]) {
        if fresh.is_empty() {
            return;
        }
        self.data.update(|data| {
            if let Some(board) = data.as_mut() {
                for row in &mut board.rows {
                    if let Some(new) = fresh.iter().find(|f| f.id == row.id) {
                        *row = new.clone();
                    }
                }
            }
        });
    }

    /// After a write succeeded: say so (`data`: the names in the message), and bring rows,
    /// cards and detail up to date.
    pub fn written(self, rows: &[TicketRow], message: String, data: Vec<String>) {
        self.replace_rows(rows);
        self.notice.set(Some(Notice { code: None, message, data }));
        self.refetch();
        self.refetch_detail();
    }

    /// After the intake form created a ticket: say where it went, select it (its detail
    /// opens) and refetch the rows, which show it when it lies under the board's node.
    pub fn created(self, row: TicketRow) {
        let owners = format::owner_names(&row);
        let notice = match &row.micro_grid {
            Some(place) => Notice {
                code: None,
                message: tf!("已受理登记工单 #{}（{place}），承办：{owners}", "Ticket #{} received ({place}), handled by {owners}", row.id),
                data: vec![place.clone(), owners],
            },
            None => Notice::words(
                None,
                tf!(
                    "已受理登记工单 #{}，未能定位，已进入待分拨",
                    "Ticket #{} received; it could not be placed and awaits dispatch",
                    row.id
                ),
            ),
        };
        self.submitted.set(Some(row.id));
        self.notice.set(Some(notice));
        self.select(Some(row.id));
        self.refetch();
    }

    /// Shows an error; a conflict also brings the tickets as they stand now.
    pub fn fail(self, error: ApiError) {
        if error.code == ErrorCode::Conflict {
            self.replace_rows(&error.fresh);
            self.refetch();
            self.refetch_detail();
        }
        // The backend's words, shown as they are.
        let data = vec![error.message.clone()];
        let _ = self.notice.try_set(Some(Notice { code: Some(error.code), message: error.message, data }));
    }

    /// The units of the board (for names, the dialog and the cards).
    pub fn units(self) -> Vec<UnitLoad> {
        self.data.with(|d| d.as_ref().map(|b| b.units.clone()).unwrap_or_default())
    }

    /// The name of one of `row`'s owners: the row's own `owner_names`, else a unit card's.
    pub fn owner_name(self, row: &TicketRow, code: &str) -> String {
        format::owner_name_of(row, code).unwrap_or_else(|| self.unit_name(code))
    }

    /// A unit's name when the board knows it, else its code (triage in the page's language).
    pub fn unit_name(self, code: &str) -> String {
        if let Some(name) = format::triage_name(code) {
            return name.to_string();
        }
        self.data
            .with_untracked(|d| d.as_ref().and_then(|b| b.units.iter().find(|u| u.code == code).map(|u| u.name.clone())))
            .unwrap_or_else(|| code.to_string())
    }

    /// Opens the reassign dialog for `row`, towards `to_unit` (empty: to be chosen).
    pub fn open_reassign(self, row: TicketRow, to_unit: String) {
        let unit_filter = self.filter.get_untracked().unit;
        let from_unit = match row.owners.as_slice() {
            [only] => Some(only.clone()),
            owners => unit_filter.filter(|u| owners.contains(u)).or_else(|| owners.first().cloned()),
        };
        self.dialog.set(Some(ReassignDraft { rows: vec![row], from_unit, to_unit }));
    }

    /// The picked tickets that are on the board now, in the order picked.
    pub fn picked_rows(self) -> Vec<TicketRow> {
        let picked = self.picked.get_untracked();
        self.data.with_untracked(|d| {
            let rows = d.as_ref().map(|b| b.rows.as_slice()).unwrap_or_default();
            picked.iter().filter_map(|id| rows.iter().find(|r| r.id == *id).cloned()).collect()
        })
    }

    /// Opens the reassign dialog for every picked ticket, each moved from its sole owner
    /// (or from the unit the board is filtered to).
    pub fn open_bulk_reassign(self) {
        let rows = self.picked_rows();
        if rows.is_empty() {
            return;
        }
        let from_unit = self.filter.get_untracked().unit.filter(|unit| rows.iter().all(|r| r.owners.contains(unit)));
        self.dialog.set(Some(ReassignDraft { rows, from_unit, to_unit: String::new() }));
    }

    /// Ticks or unticks a ticket for a bulk step.
    pub fn toggle_pick(self, id: i64) {
        self.picked.update(|picked| match picked.iter().position(|p| *p == id) {
            Some(i) => {
                picked.remove(i);
            }
            None => picked.push(id),
        });
    }
}
