//! The audit view's state: the filter, the rows last fetched (or the refusal), which rows
//! are open. One request at a time: a newer wish waits for it and then asks again, and an
//! answer for an outdated filter is dropped.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, ApiError, AuditFilter, AuditRow, ErrorCode};

use super::labels::DEFAULT_LIMIT;
use crate::bridge;

#[derive(Serialize)]
struct FilterArgs<'a> {
    filter: &'a AuditFilter,
}

/// Every signal of one audit view (Copy, so closures take it freely).
#[derive(Clone, Copy)]
pub struct Audit {
    pub filter: RwSignal<AuditFilter>,
    /// The last answer: rows newest first, or why there are none.
    pub answer: RwSignal<Option<Result<Vec<AuditRow>, ApiError>>>,
    /// A request is on its way.
    pub loading: RwSignal<bool>,
    /// The seqs of the rows opened to their before and after (kept across refetches).
    pub expanded: RwSignal<HashSet<i64>>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
}

impl Audit {
    pub fn new() -> Self {
        Audit {
            filter: RwSignal::new(AuditFilter { limit: Some(DEFAULT_LIMIT), ..AuditFilter::default() }),
            answer: RwSignal::new(None),
            loading: RwSignal::new(false),
            expanded: RwSignal::new(HashSet::new()),
            in_flight: StoredValue::new(false),
            again: StoredValue::new(false),
        }
    }

    /// The engine refused this seat the audit trail (a wall screen); asking again would
    /// only be refused again.
    pub fn forbidden(self) -> bool {
        self.answer.with_untracked(|a| matches!(a, Some(Err(e)) if e.code == ErrorCode::Forbidden))
    }

    /// Asks for the rows under the current filter (see the module doc for the pacing).
    pub fn refetch(self) {
        if self.forbidden() {
            return;
        }
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
                let answer: Result<Vec<AuditRow>, ApiError> = bridge::invoke(commands::AUDIT, &FilterArgs { filter: &asked }).await;
                // The view may have been closed meanwhile: then its signals are gone.
                let Some(current) = self.filter.try_get_untracked() else {
                    return;
                };
                if current == asked {
                    if self.answer.with_untracked(|a| a.as_ref() != Some(&answer)) {
                        self.answer.set(Some(answer));
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

    /// Opens or closes one row.
    pub fn toggle(self, seq: i64) {
        self.expanded.update(|open| {
            if !open.remove(&seq) {
                open.insert(seq);
            }
        });
    }
}
