//! Which micro-grid a point lies in.
//!
//! `wangge_domain::routing::MicroGridLocator` (an R-tree over the micro-grids) is the one
//! locator of the product; this file only names it for intake. The engine keeps one over the
//! micro-grids current now and rebuilds it after a boundary import changes the hierarchy.

pub(crate) use wangge_domain::routing::MicroGridLocator as Locator;
