//! Which micro-grid a point lies in.
//!
//! `wangge_domain::routing::MicroGridLocator` (an R-tree over the micro-grids) is the one
//! locator of the product; this file only names it for intake, so the engine keeps one per
//! district (the hierarchy never changes after the engine opens).

pub(crate) use wangge_domain::routing::MicroGridLocator as Locator;
