//! Why a boundary file could not be read at all.
//!
//! Reading stops at the first of these: the file is not usable as a whole. Problems a user may
//! choose to accept (winding, self-intersections, overlaps) are not errors here but findings of
//! the topology report (see [`crate::check`]).

/// A fatal problem with a boundary file; every variant names the file, and where it applies
/// the feature index (0-based, in file order) or the line and column of the text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: cannot read the file: {message}")]
    Io { file: String, message: String },
    #[error("{file}: not valid JSON at line {line}, column {column}: {message}")]
    Json { file: String, line: usize, column: usize, message: String },
    #[error("{file}: {at}: {message}")]
    Structure { file: String, at: String, message: String },
    #[error("{file}: feature {feature}: geometry is {found}, not a Polygon or MultiPolygon")]
    NotPolygon { file: String, feature: usize, found: String },
    #[error("{file}: feature {feature}: coordinates{path}: {message}")]
    Coordinates { file: String, feature: usize, path: String, message: String },
    #[error("{file}: the file holds no features")]
    Empty { file: String },
    /// Over one of the bounds of [`crate::limits`], found before the text is parsed.
    #[error("{file}: {at}: {message}")]
    Limit { file: String, at: String, message: String },
}

/// The variant of a [`ReadError`] without its details, for callers (and tests) that branch on
/// the kind of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadErrorKind {
    Io,
    Json,
    Structure,
    NotPolygon,
    Coordinates,
    Empty,
    Limit,
}

impl ReadError {
    pub fn kind(&self) -> ReadErrorKind {
        match self {
            ReadError::Io { .. } => ReadErrorKind::Io,
            ReadError::Json { .. } => ReadErrorKind::Json,
            ReadError::Structure { .. } => ReadErrorKind::Structure,
            ReadError::NotPolygon { .. } => ReadErrorKind::NotPolygon,
            ReadError::Coordinates { .. } => ReadErrorKind::Coordinates,
            ReadError::Empty { .. } => ReadErrorKind::Empty,
            ReadError::Limit { .. } => ReadErrorKind::Limit,
        }
    }
}
