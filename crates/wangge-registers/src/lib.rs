//! Register import, the pure reading layer: turn a file a district brings (CSV in UTF-8,
//! UTF-8 with BOM or GBK/GB18030, TSV, XLSX) into typed rows plus a row-level error list.
//!
//! Nothing here touches the database: a later step stores the accepted rows. The flow is
//! `source::open_table` → `mapping::ColumnMapping::apply` → `rows::parse_rows`, and
//! `report` writes the rejected rows back out for the person who has to fix them, and
//! `write` writes the tables the exports hand out (CSV or XLSX, inert to formulas).
//!
//! What a person reads (row errors, a file's refusal) comes in Chinese by default, the command
//! line's language; the `…_in` functions and `message_in` methods word it in a seat's.

// `say!(language, "中文", "English", …)` in every module: the texts written for a seat, in its language.
#[macro_use]
extern crate wangge_figures;

pub mod file;
pub mod mapping;
pub mod registers;
pub mod report;
pub mod rows;
pub mod screening;
pub mod service_request;
pub mod source;
pub mod write;

pub use file::{read_file, read_file_in, read_mapping_file, read_mapping_file_in, FileError, FileRequest, ReadFile};
pub use mapping::{ColumnMapping, FieldSpec, MappedTable, MappingError, MappingFile, MissingField};
pub use registers::{EnterpriseRow, HouseRow, IsolationRow, PersonRow, RentalRow};
pub use report::{error_list_csv, rejected_rows_csv};
pub use rows::{
    parse_rows, parse_rows_in, DateOrder, FromRow, ImportOutcome, ImportPolicy, ImportRejected, LocalDateTime, RowError, RowReader,
};
pub use service_request::ServiceRequestRow;
pub use source::{open_table, HeaderProblem, Row, SourceError, SourceFormat, SourceOptions, Table, TextEncoding};
pub use write::{write_table, CutCell, TableFormat, TableOut, WriteError};
