//! XML support: a small tree reader, an ordered writer, and the mapping of
//! each document type (implemented on [`crate::Document`]).

pub mod codec;
pub mod tree;
pub mod write;
