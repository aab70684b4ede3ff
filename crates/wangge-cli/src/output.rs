//! Everything the command line says on stderr, through `tracing`: warnings, notes, the
//! lines of progress and the summaries that have always gone there. A command's result (a
//! table, JSON, "ok: …") is printed on stdout by the command itself and never passes here.
//!
//! What shows is decided once, at start, by `-q`, `-v` (repeatable) or `RUST_LOG`:
//!
//! | | errors | warnings | [`REPORT`], [`PROGRESS`] | notes (`info`) | `debug`, `trace` |
//! |---|---|---|---|---|---|
//! | `-q` | yes | no | error-level only | no | no |
//! | default | yes | yes | yes | `wangge serve` only (as if `-v`) | no |
//! | `-v` | yes | yes | yes | yes | no |
//! | `-vv` | yes | yes | yes | yes | debug, of this project's crates |
//! | `-vvv` | yes | yes | yes | yes | trace, of this project's crates; debug of the others |
//!
//! `RUST_LOG`, when set, replaces the level directives (but not the two targets'), so a
//! developer can ask for anything, e.g. `RUST_LOG=sqlx=debug` for the SQL.
//!
//! Lines are written for people: `warning: …`, `error: …`, a note as it is, a debug line
//! with the module it comes from. A line waits for the progress bars to step aside
//! ([`crate::progress`]), so it never lands in the middle of one.

use std::io::Write as _;
use std::sync::OnceLock;

use indicatif::{MultiProgress, ProgressDrawTarget};
use tracing::{Event, Level, Subscriber};
use tracing_log::NormalizeEvent as _;
use tracing_subscriber::filter::ParseError;
use tracing_subscriber::fmt::format::{FormatEvent, FormatFields, Writer};
use tracing_subscriber::fmt::{FmtContext, MakeWriter};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::EnvFilter;

/// The target of the lines a user reads as the outcome of the command even though they go to
/// stderr (what `demo` created, what `export` wrote, why an import was refused). Shown unless
/// `-q`; at `error` level even then, so an exit status is never left unexplained.
pub const REPORT: &str = "wangge::report";

/// The target of the one line each finished stage of long work leaves behind
/// (`placing rows: 2000/2000`): in a log it is all the progress there is. Hidden by `-q`.
pub const PROGRESS: &str = "wangge::progress";

/// How much the user asked to hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verbosity {
    /// `-v` given this many times.
    pub verbose: u8,
    /// `-q`: errors and results only.
    pub quiet: bool,
}

impl Verbosity {
    /// The filter the flags ask for; `serving` makes the default `-v`, because a server's
    /// notes (where it listens, what it refused, when it stopped) are all it says.
    fn directives(self, serving: bool) -> String {
        if self.quiet {
            return format!("error,{REPORT}=error,{PROGRESS}=off");
        }
        let steps = if serving { self.verbose.max(1) } else { self.verbose };
        // sqlx warns of a statement slower than a second by printing its SQL: a developer's
        // note (loading a large district takes seconds by nature), shown from -vvv on only.
        let level = match steps {
            0 => "warn,sqlx::query=error",
            1 => "warn,sqlx::query=error,wangge=info",
            2 => "warn,sqlx::query=error,wangge=debug",
            _ => "debug,wangge=trace",
        };
        format!("{level},{}", Self::shown())
    }

    /// The two targets' directives when not quiet; more specific than any bare level, so
    /// `RUST_LOG=error` keeps the summaries.
    fn shown() -> String {
        format!("{REPORT}=info,{PROGRESS}=info")
    }
}

/// Sets up the log and the progress bars for this process. `serving`: the command is
/// `wangge serve`. Call once, before anything is said.
pub fn init(verbosity: Verbosity, serving: bool) {
    let target = if verbosity.quiet { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() };
    bars().set_draw_target(target);
    let rust_log = std::env::var("RUST_LOG").ok();
    let (filter, refused) = filter(verbosity, serving, rust_log.as_deref());
    // Fails only when a subscriber is already set (never, in the binary): nothing to do then.
    let _ = tracing_subscriber::registry().with(filter).with(layer(AroundBars)).try_init();
    if let Some(err) = refused {
        tracing::warn!("RUST_LOG is ignored: {err}");
    }
}

/// The filter for the flags, or for `RUST_LOG` when it is set and not blank; with the
/// reason when `RUST_LOG` cannot be read (the flags' filter is used then).
fn filter(verbosity: Verbosity, serving: bool, rust_log: Option<&str>) -> (EnvFilter, Option<ParseError>) {
    let wanted = || EnvFilter::new(verbosity.directives(serving));
    let Some(env) = rust_log.filter(|v| !v.trim().is_empty()) else { return (wanted(), None) };
    let ours = if verbosity.quiet { format!("{REPORT}=error,{PROGRESS}=off") } else { Verbosity::shown() };
    // Ours first: a directive for the same target in RUST_LOG comes later and wins.
    match EnvFilter::builder().parse(format!("{ours},{env}")) {
        Ok(filter) => (filter, None),
        Err(err) => (wanted(), Some(err)),
    }
}

/// Lines formatted by [`Plain`] into `writer`.
fn layer<S, W>(writer: W) -> impl tracing_subscriber::Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer().with_ansi(false).with_writer(writer).event_format(Plain)
}

/// The bars every long piece of work draws in; log lines are written around them.
pub fn bars() -> &'static MultiProgress {
    static BARS: OnceLock<MultiProgress> = OnceLock::new();
    // Before `init` (unit tests): nothing drawn.
    BARS.get_or_init(|| MultiProgress::with_draw_target(ProgressDrawTarget::hidden()))
}

/// Prints a line of the command's result on stdout without tearing a progress bar.
pub fn result_line(line: &str) -> std::io::Result<()> {
    bars().suspend(|| writeln!(std::io::stdout().lock(), "{line}"))
}

/// `warning: …`, `error: …`, a note as it is; debug and trace lines name their module.
/// The two targets' lines are written as they are, whatever their level.
struct Plain;

impl<S, N> FormatEvent<S, N> for Plain
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> std::fmt::Result {
        // Records from the `log` crate (sqlx's) carry their real target only here.
        let normalized = event.normalized_metadata();
        let meta = normalized.as_ref().unwrap_or_else(|| event.metadata());
        let target = meta.target();
        if target != REPORT && target != PROGRESS {
            match *meta.level() {
                Level::ERROR => write!(writer, "error: ")?,
                Level::WARN => write!(writer, "warning: ")?,
                Level::INFO if target.starts_with("wangge") => {}
                Level::INFO => write!(writer, "{target}: ")?,
                Level::DEBUG => write!(writer, "debug: {target}: ")?,
                Level::TRACE => write!(writer, "trace: {target}: ")?,
            }
        }
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// Gives each log line to stderr whole, with the bars out of the way while it is written.
struct AroundBars;

impl<'a> MakeWriter<'a> for AroundBars {
    type Writer = Line;

    fn make_writer(&'a self) -> Line {
        Line(Vec::new())
    }
}

/// One formatted line, written when dropped.
struct Line(Vec<u8>);

impl std::io::Write for Line {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        if !self.0.is_empty() {
            // Nowhere to tell of a failed write to stderr.
            bars().suspend(|| {
                let _ = std::io::stderr().lock().write_all(&self.0);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Everything written, for the test to read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    struct Into(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Into {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Into;

        fn make_writer(&'a self) -> Into {
            Into(self.0.clone())
        }
    }

    /// What one event of each kind leaves on stderr under these flags and `RUST_LOG`.
    fn said(verbose: u8, quiet: bool, serving: bool, rust_log: Option<&str>) -> String {
        let captured = Captured::default();
        let (filter, refused) = filter(Verbosity { verbose, quiet }, serving, rust_log);
        assert!(refused.is_none(), "{refused:?}");
        let subscriber = tracing_subscriber::registry().with(filter).with(layer(captured.clone()));
        tracing::subscriber::with_default(subscriber, || {
            tracing::error!("broken");
            tracing::warn!(rows = 3, "odd dates");
            tracing::info!("a note");
            tracing::debug!("a detail");
            tracing::info!(target: REPORT, "created 南湖区");
            tracing::error!(target: REPORT, "refused: nothing was written");
            tracing::info!(target: PROGRESS, "placing rows: 2/2");
        });
        let bytes = captured.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    const DETAIL: &str = "debug: wangge::output::tests: a detail\n";

    #[test]
    fn by_default_warnings_and_the_outcome() {
        let expected = "error: broken\nwarning: odd dates rows=3\ncreated 南湖区\nrefused: nothing was written\nplacing rows: 2/2\n";
        assert_eq!(said(0, false, false, None), expected);
    }

    #[test]
    fn quiet_keeps_errors_and_the_reason_for_a_failure() {
        assert_eq!(said(0, true, false, None), "error: broken\nrefused: nothing was written\n");
        assert_eq!(said(0, true, true, None), "error: broken\nrefused: nothing was written\n", "a quiet server too");
    }

    #[test]
    fn each_v_says_more() {
        let notes = "error: broken\nwarning: odd dates rows=3\na note\ncreated 南湖区\nrefused: nothing was written\nplacing rows: 2/2\n";
        assert_eq!(said(1, false, false, None), notes);
        assert_eq!(said(0, false, true, None), notes, "a server's log has its notes");
        assert!(said(2, false, false, None).contains(DETAIL));
        assert!(!said(1, false, false, None).contains("a detail"));
    }

    #[test]
    fn rust_log_decides_the_levels_but_keeps_the_outcome() {
        assert_eq!(
            said(0, false, false, Some("error")),
            "error: broken\ncreated 南湖区\nrefused: nothing was written\nplacing rows: 2/2\n"
        );
        assert!(said(0, false, false, Some("wangge=debug")).contains(DETAIL));
        assert!(said(0, false, false, Some("  ")).contains("warning: odd dates"), "blank is unset");
        assert!(!said(0, false, false, Some("wangge::progress=off")).contains("placing rows"), "RUST_LOG has the last word");
        let (_, refused) = filter(Verbosity { verbose: 0, quiet: false }, false, Some("wangge=loud"));
        assert!(refused.is_some());
    }

    #[test]
    fn flags_give_their_directives() {
        let v = |verbose, quiet| Verbosity { verbose, quiet };
        assert_eq!(v(0, false).directives(false), "warn,sqlx::query=error,wangge::report=info,wangge::progress=info");
        assert_eq!(v(0, false).directives(true), v(1, false).directives(false), "a server has its notes");
        assert_eq!(v(2, false).directives(true), v(2, false).directives(false), "and -vv is -vv");
        assert_eq!(v(9, false).directives(false), "debug,wangge=trace,wangge::report=info,wangge::progress=info");
        assert_eq!(v(0, true).directives(true), "error,wangge::report=error,wangge::progress=off");
    }
}
