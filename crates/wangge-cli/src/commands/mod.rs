//! One module per subcommand.

pub mod api_key;
pub mod audit;
pub mod brief;
pub mod demo;
pub mod enterprises;
pub mod export;
pub mod import;
pub mod isolation;
pub mod landlords;
pub mod locate;
pub mod reassign;
pub mod serve;
pub mod simulate;
pub mod stats;
pub mod task;
pub mod tickets;
pub mod user;
pub mod verify;
pub mod warnings;

/// Writes a command's output; a reader that stops early (`| head`) is not an error.
pub fn print(text: &str) -> anyhow::Result<std::process::ExitCode> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(std::process::ExitCode::SUCCESS),
    }
}
