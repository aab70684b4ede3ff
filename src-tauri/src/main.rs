//! Placeholder until this part is built.
fn main() {}
