//! The register reader's integration tests, one binary (shared helpers in `common`: the test
//! data folder and a person register with Chinese headers):
//!
//! - `bounds`: files read within bounds (sparse XLSX, zip bomb, over-long cells, NUL, a cut
//!   last line, an encoding that changes within the file);
//! - `encodings_and_policy`: UTF-8, UTF-8 with BOM and GBK copies read alike; the two import
//!   policies and their error reports;
//! - `messages_zh`: every message about a broken file of every register reads Chinese;
//! - `service_requests`: the real 311 exports of the shared test data;
//! - `xlsx`: workbooks built in the test, read back (merged headers, dates, sheets).

mod common;

mod bounds;
mod encodings_and_policy;
mod messages_zh;
mod service_requests;
mod xlsx;
