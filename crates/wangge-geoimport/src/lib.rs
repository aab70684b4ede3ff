//! Boundary import, the pure part: reading GeoJSON boundary files into candidate nodes and
//! checking their topology before anything is written.
//!
//! - [`read`]: GeoJSON text → [`Candidate`]s in WGS84 with RFC 7946 winding ([`CoordSystem`]
//!   says whether the file is GCJ-02), or a [`ReadError`] naming file and feature or line.
//! - [`check`]: candidates → a [`Report`] of findings (ring defects, self-intersections, codes,
//!   children outside their parent, sibling overlaps and gaps), each an error or a warning.
//!
//! Storing the result is a later step's business; nothing here touches a database.

pub mod check;
pub mod error;
pub mod gcj02;
pub mod limits;
pub mod mapping;
pub mod read;
pub mod rings;
pub mod winding;

pub use check::{check, CheckOptions, Finding, FindingKind, ParentBoundary, Report, Severity};
pub use error::{ReadError, ReadErrorKind};
pub use mapping::PropertyMapping;
pub use read::{read_file, read_geojson, Candidate, CoordSystem, ReadOptions};
pub use rings::{RingDefect, RingRef};
