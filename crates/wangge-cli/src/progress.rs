//! Progress of long work on stderr: the engine's `Progress` callbacks drawn as one bar per
//! stage on a terminal, and one line per finished stage in the log, which is all that shows
//! when stderr is a file or a pipe (no bar is drawn there). `-q` hides both.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use wangge_api::Progress;

use crate::output::{bars, PROGRESS};

/// The stages of one piece of work, one after the other: a stage ends when the next begins
/// or at [`Stages::finish`].
pub struct Stages {
    current: Option<Stage>,
    /// Stages of fewer items leave no line: a small export needs no account of its progress.
    logged_from: u64,
}

struct Stage {
    name: String,
    bar: ProgressBar,
    done: u64,
    total: u64,
}

impl Stages {
    pub fn new() -> Self {
        Stages { current: None, logged_from: 0 }
    }

    /// Only stages of at least `items` leave their line.
    pub fn logged_from(mut self, items: u64) -> Self {
        self.logged_from = items;
        self
    }

    /// The engine's report: a new stage name ends the stage before.
    pub fn update(&mut self, progress: &Progress) {
        self.set(&progress.stage, progress.done, progress.total);
    }

    pub fn set(&mut self, stage: &str, done: u64, total: u64) {
        if self.current.as_ref().is_none_or(|s| s.name != stage) {
            self.end_stage();
            let bar = bars().add(ProgressBar::new(total).with_style(bar_style()).with_message(stage.to_owned()));
            self.current = Some(Stage { name: stage.to_owned(), bar, done, total });
        }
        let Some(current) = self.current.as_mut() else { return };
        if current.total != total {
            current.bar.set_length(total);
        }
        current.bar.set_position(done);
        (current.done, current.total) = (done, total);
    }

    /// The work is done: the last stage leaves its line too.
    pub fn finish(mut self) {
        self.end_stage();
    }

    fn end_stage(&mut self) {
        if let Some(Stage { name, bar, done, total }) = self.current.take() {
            clear(&bar);
            if total >= self.logged_from {
                tracing::info!(target: PROGRESS, "{name}: {done}/{total}");
            }
        }
    }
}

impl Drop for Stages {
    fn drop(&mut self) {
        // Work that failed half-way leaves no line saying its stage ended.
        if let Some(stage) = self.current.take() {
            clear(&stage.bar);
        }
    }
}

/// A count of work with no stages (changes simulated) or no count at all (a boundary file
/// being checked): a bar when the total is known, a spinner otherwise. Cleared when dropped.
pub struct Counter(ProgressBar);

impl Counter {
    pub fn new(message: String, total: Option<u64>) -> Self {
        let bar = match total {
            Some(total) => ProgressBar::new(total).with_style(bar_style()),
            None => ProgressBar::new_spinner().with_style(spinner_style()),
        };
        let bar = bars().add(bar.with_message(message));
        if !bars().is_hidden() {
            // A spinner that moves only when the work reports would look stuck in long steps.
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Counter(bar)
    }

    pub fn inc(&self) {
        self.0.inc(1);
    }

    pub fn set(&self, done: u64) {
        self.0.set_position(done);
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        clear(&self.0);
    }
}

fn clear(bar: &ProgressBar) {
    bar.finish_and_clear();
    bars().remove(bar);
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg} {wide_bar} {human_pos}/{human_len} ({elapsed}, {eta} left)")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} {human_pos} ({elapsed})").unwrap_or_else(|_| ProgressStyle::default_spinner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_ends_when_the_next_begins_and_its_bar_goes() {
        let mut stages = Stages::new();
        stages.set("reading", 0, 10);
        stages.set("reading", 10, 10);
        let first = stages.current.as_ref().map(|s| s.bar.clone()).unwrap();
        stages.set("storing", 0, 3);
        assert!(first.is_finished(), "the first stage's bar is cleared");
        let current = stages.current.as_ref().unwrap();
        assert_eq!((current.name.as_str(), current.done, current.total), ("storing", 0, 3));
        assert_eq!(current.bar.length(), Some(3));
        stages.finish();
    }
}
