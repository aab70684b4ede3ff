//! Live figures: one signal per area on screen (keyed by node code) and one for the focused
//! node, so a `figures-changed` event touches only the cells and fills of the nodes it
//! names. Nothing is refetched and no path is re-created. Views that cannot be patched
//! from figures (the work board) follow `log_seq` instead and refetch when it moves.

use std::collections::HashMap;

use leptos::prelude::*;
use wangge_api::{Figures, FiguresChanged, MapView};

/// The registry of live figure signals for the view on screen.
#[derive(Clone, Copy)]
pub struct Live {
    /// Signals of the areas on screen, by code.
    areas: StoredValue<HashMap<String, RwSignal<Figures>>>,
    /// The focused node's code and its figures' signal.
    focus: StoredValue<Option<(String, RwSignal<Figures>)>>,
    /// The newest figures heard per code, with the sequence number that carried them, so a
    /// view fetched just before an event still ends up current.
    heard: StoredValue<HashMap<String, (i64, Figures)>>,
    /// The last change-log sequence number applied to the screen.
    pub seq: RwSignal<i64>,
    /// The last change-log sequence number the shell reported reading (`log-advanced` or
    /// `figures-changed`), whether or not any figure moved.
    pub log_seq: RwSignal<i64>,
    /// Bumped when the backend says the screen missed changes (a browser seat that
    /// reconnected): views that patch themselves from events fetch themselves again.
    pub resyncs: RwSignal<u32>,
    /// The sequence number of the last change heard live (not while a past day is shown):
    /// views that patch many places at once (the full-detail map) read [`Live::heard_after`].
    pub heard_seq: RwSignal<i64>,
    /// On while a past day is shown: events are heard (and kept) but no signal on screen moves.
    frozen: RwSignal<bool>,
}

/// The signals made for one map view.
pub struct ViewSignals {
    pub focus: RwSignal<Figures>,
    pub areas: Vec<RwSignal<Figures>>,
}

impl Live {
    pub fn new() -> Self {
        Live {
            areas: StoredValue::new(HashMap::new()),
            focus: StoredValue::new(None),
            heard: StoredValue::new(HashMap::new()),
            seq: RwSignal::new(0),
            log_seq: RwSignal::new(0),
            resyncs: RwSignal::new(0),
            heard_seq: RwSignal::new(0),
            frozen: RwSignal::new(false),
        }
    }

    /// Holds the screen still: a past day is shown, live events must not write over it.
    pub fn freeze(&self) {
        self.frozen.set(true);
    }

    /// Back to live: views fetch themselves again, with everything heard meanwhile.
    pub fn thaw(&self) {
        if self.frozen.get_untracked() {
            self.frozen.set(false);
            self.resyncs.update(|n| *n += 1);
        }
    }

    /// Makes the signals of a freshly fetched view (owned by the caller's reactive scope, so
    /// they go when the view goes) and makes them the targets of later events.
    pub fn install(&self, view: &MapView) -> ViewSignals {
        let frozen = self.frozen.get_untracked();
        let current = |code: &str, fetched: &Figures| {
            if frozen {
                return *fetched;
            }
            self.heard.with_value(|heard| heard.get(code).filter(|(seq, _)| *seq > view.seq).map(|(_, f)| *f)).unwrap_or(*fetched)
        };
        let focus = RwSignal::new(current(&view.focus.node.code, &view.focus.metrics));
        let areas: Vec<RwSignal<Figures>> = view.areas.iter().map(|area| RwSignal::new(current(&area.node.code, &area.metrics))).collect();
        self.areas.set_value(view.areas.iter().zip(&areas).map(|(area, signal)| (area.node.code.clone(), *signal)).collect());
        self.focus.set_value(Some((view.focus.node.code.clone(), focus)));
        if view.seq > self.seq.get_untracked() {
            self.seq.set(view.seq);
        }
        ViewSignals { focus, areas }
    }

    /// Applies one event: sets only the signals of the codes it names. Events older than what
    /// is on screen are ignored (their figures are already included).
    pub fn apply(&self, change: FiguresChanged) {
        self.log_advanced(change.seq);
        if change.seq <= self.seq.get_untracked() {
            return;
        }
        if change.redrawn && !self.frozen.get_untracked() {
            // Areas were drawn or redrawn: the views fetch their maps again.
            self.seq.set(change.seq);
            self.resyncs.update(|n| *n += 1);
            return;
        }
        self.heard.update_value(|heard| {
            for node in &change.nodes {
                heard.insert(node.code.clone(), (change.seq, node.metrics));
            }
        });
        if self.frozen.get_untracked() {
            return;
        }
        self.heard_seq.set(change.seq);
        for node in &change.nodes {
            if let Some(signal) = self.areas.with_value(|areas| areas.get(&node.code).copied()) {
                // The signal may belong to a view that is being replaced: then nothing to do.
                let _ = signal.try_set(node.metrics);
            }
            let focused = self.focus.with_value(|focus| focus.as_ref().filter(|(code, _)| *code == node.code).map(|(_, s)| *s));
            if let Some(signal) = focused {
                let _ = signal.try_set(node.metrics);
            }
        }
        self.seq.set(change.seq);
    }

    /// Calls `each` with every node's newest figures heard after `seq`.
    pub fn heard_after(&self, seq: i64, mut each: impl FnMut(&str, &Figures)) {
        self.heard.with_value(|heard| {
            for (code, (heard_at, figures)) in heard {
                if *heard_at > seq {
                    each(code, figures);
                }
            }
        });
    }

    /// The live feed (re)connected, current to `seq`: if the screen is older, events were
    /// missed while it was away, so views are fetched again instead of patched.
    pub fn caught_up(&self, seq: i64) {
        let on_screen = self.seq.get_untracked();
        if on_screen > 0 && seq > on_screen {
            self.resyncs.update(|n| *n += 1);
        }
        self.log_advanced(seq);
    }

    /// The shell read the change log up to `seq`: views that follow the log refetch.
    pub fn log_advanced(&self, seq: i64) {
        if seq > self.log_seq.get_untracked() {
            self.log_seq.set(seq);
        }
    }
}
