//! One module per subcommand.

pub mod demo;
pub mod serve;
pub mod simulate;
pub mod stats;
pub mod verify;
