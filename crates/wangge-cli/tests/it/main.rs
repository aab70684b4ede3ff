//! The `wangge` command line end to end, one binary: every test runs the real binary on
//! real SQLite files (and on PostgreSQL where `WANGGE_TEST_PG_URL` names a server) at one
//! fixed instant, through the helpers in `support`.
//!
//! - `cli`: the forms outside checks use (`demo`, `stats --json`, `verify`, `simulate`),
//!   figures reconciling down the tree, scope, bad input;
//! - `api_keys`: each Open311 client its own key, revoked alone, named in the audit trail;
//! - `audit_chain`: `audit verify` names an edited or removed row;
//! - `audit_scope`: `audit --limit` counts rows in a leader's scope;
//! - `briefings`: `brief` files and their figures, `stats --as-of`, past days unchanged by later commits;
//! - `calendar_config`: a district's working calendar from the configuration folder;
//! - `export_inert`: exports hold no live spreadsheet formula;
//! - `import_boundaries`: boundary files, redrawn grids, the shared GeoJSON test data;
//! - `import_registers`: the four registers, their encodings and refusals;
//! - `import_tickets`, `import_tickets_mapped`: 311 and 12345 exports, mapping files;
//! - `locate_cli`: `locate` puts houses' coordinates in their micro-grids, within the scope;
//! - `remote_cli`: `stats` and `locate` against a server, signed in as an account;
//! - `real_district`: a real district's files as they come, three levels deep;
//! - `registers_more`: isolations after import, the enterprise breakdown, exports in scope;
//! - `simulate_retries`: two simulators on one file retry their conflicts;
//! - `tasks`: screening batches split by grid, outcomes, progress;
//! - `tickets_cli`: the board, reassignment and the audit trail;
//! - `two_servers`: two `serve` processes on one PostgreSQL, a seat on each hearing the other's commits;
//! - `users`: accounts on a database file, and `serve`'s first start and sign-in;
//! - `warnings_cli`: four-colour warnings from a rules file.

mod support;

mod api_keys;
mod audit_chain;
mod audit_scope;
mod briefings;
mod calendar_config;
mod cli;
mod export_inert;
mod import_boundaries;
mod import_registers;
mod import_tickets;
mod import_tickets_mapped;
mod locate_cli;
mod real_district;
mod registers_more;
mod remote_cli;
mod restarts;
mod simulate_retries;
mod tasks;
mod tickets_cli;
mod two_servers;
mod users;
mod warnings_cli;
