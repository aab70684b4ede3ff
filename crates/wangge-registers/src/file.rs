//! Reading one register or hotline file as every front end does (`wangge import …`, the
//! desktop's import dialog): the bytes opened as CSV/TSV or XLSX, the columns mapped from the
//! header and corrected by a saved mapping file, every row read into `T` with the good rows
//! and the refused ones kept apart. The caller applies the import policy once the engine has
//! had its say too, so one report lists every problem. [`read_file_in`] words the errors in a
//! seat's language; [`read_file`] in Chinese, the command line's.

use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use wangge_domain::Language;

use crate::{
    open_table, parse_rows_in, FromRow, ImportPolicy, MappedTable, MappingError, MappingFile, Row, RowError, SourceError, SourceFormat,
    SourceOptions, TextEncoding,
};

/// Which file, and how to read it.
#[derive(Debug, Clone, Default)]
pub struct FileRequest {
    pub path: PathBuf,
    /// `utf-8`, `gbk`, … for a CSV/TSV; `None`: detected.
    pub encoding: Option<String>,
    /// The worksheet of an XLSX workbook; `None`: the first.
    pub sheet: Option<String>,
    /// A saved mapping file (JSON: field → column, and value maps) correcting the mapping
    /// suggested from the header.
    pub mapping: Option<PathBuf>,
}

/// A file read into typed records; nothing stored yet.
#[derive(Debug)]
pub struct ReadFile<T> {
    pub mapped: MappedTable,
    /// Every good row's record with the row's number (the line or sheet row it starts on).
    pub records: Vec<(usize, T)>,
    /// The rows refused while reading, with every error found in each.
    pub rejected: Vec<(Row, Vec<RowError>)>,
    /// The mapping file, when one was given: its value maps are the importing step's.
    pub mapping_file: Option<MappingFile>,
    /// What of the request did not apply to this file (a sheet named for a CSV, …).
    pub ignored: Vec<String>,
}

/// Why a file could not be read at all (a row's problem is a [`RowError`] instead).
#[derive(Debug)]
pub enum FileError {
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    UnknownEncoding(String),
    Source(SourceError),
    MappingFile {
        path: PathBuf,
        message: String,
    },
    /// Required fields found no column: the file's columns are listed by the error.
    Mapping(MappingError),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(Language::Chinese))
    }
}

impl FileError {
    /// Why the file could not be read, in a seat's language (`Display` is the Chinese).
    pub fn message_in(&self, language: Language) -> String {
        match self {
            FileError::Unreadable { path, error } => {
                let path = path.display();
                say!(language, "读取 {path} 失败：{error}", "Reading {path} failed: {error}")
            }
            FileError::UnknownEncoding(name) => {
                say!(language, "无法识别的编码“{name}”（请用 utf-8 或 gbk）", "Unknown encoding \"{name}\" (use utf-8 or gbk)")
            }
            FileError::Source(error) => error.message_in(language),
            FileError::MappingFile { path, message } => {
                let path = path.display();
                say!(language, "列对应文件 {path}：{message}", "Mapping file {path}: {message}")
            }
            FileError::Mapping(error) => {
                let MappingError::MissingColumns { missing, .. } = error;
                let field = missing.first().map_or_else(String::new, |m| m.field.clone());
                let error = error.message_in(language);
                say!(
                    language,
                    "{error}\n未导入任何内容；请用列对应文件指明各列，例如 {{\"{field}\": \"<列名>\"}}",
                    "{error}\nNothing was imported; name the columns in a mapping file, e.g. {{\"{field}\": \"<column>\"}}"
                )
            }
        }
    }
}

impl std::error::Error for FileError {}

impl<T> ReadFile<T> {
    /// Data rows in the file (blank rows aside).
    pub fn rows(&self) -> usize {
        self.mapped.rows.len()
    }

    /// What was read, for the summary line: format, encoding, sheet.
    pub fn describe(&self) -> String {
        let mut text = self.mapped.format.to_string();
        if let Some(encoding) = self.mapped.encoding {
            let _ = write!(text, ", {encoding}");
        }
        if let Some(sheet) = &self.mapped.sheet {
            let _ = write!(text, ", sheet {sheet:?}");
        }
        text
    }

    /// The row with this number, as read.
    pub fn row(&self, number: usize) -> Option<&Row> {
        // Rows are in file order with ascending numbers.
        self.mapped.rows.binary_search_by_key(&number, |r| r.number).ok().map(|i| &self.mapped.rows[i])
    }

    /// The file's column name for a target field (the field's words when unmapped).
    pub fn column_of(&self, field: &str) -> String {
        crate::mapping::column_of(&self.mapped, field)
    }

    /// [`ReadFile::column_of`], an unmapped field's words in `language`.
    pub fn column_of_in(&self, field: &str, language: Language) -> String {
        crate::mapping::column_of_in(&self.mapped, field, language)
    }

    /// `columns: id ← "Unique Key", created_at ← "Created Date", ...; unmapped: lon, lat`
    pub fn mapping_line(&self, fields: &[&str]) -> String {
        let mut used = Vec::new();
        let mut unmapped = Vec::new();
        for field in fields {
            match self.mapped.fields.get(*field) {
                Some((_, column)) => used.push(format!("{field} ← {column:?}")),
                None => unmapped.push(*field),
            }
        }
        let mut line = format!("{}: columns: {}", self.mapped.file, used.join(", "));
        if !unmapped.is_empty() {
            let _ = write!(line, "; unmapped: {}", unmapped.join(", "));
        }
        line
    }
}

/// Reads a saved mapping file. Unknown field names and value maps are refused, so a typo
/// does not silently leave a field to the suggestion.
pub fn read_mapping_file<T: FromRow>(path: &Path) -> Result<MappingFile, FileError> {
    read_mapping_file_in::<T>(path, Language::Chinese)
}

/// [`read_mapping_file`], refusing in `language`.
pub fn read_mapping_file_in<T: FromRow>(path: &Path, language: Language) -> Result<MappingFile, FileError> {
    let refused = |message: String| FileError::MappingFile { path: path.to_owned(), message };
    let text = std::fs::read_to_string(path).map_err(|e| refused(e.to_string()))?;
    let saved = MappingFile::parse_in(&text, language).map_err(refused)?;
    saved.check_in(T::FIELDS, T::VALUE_MAPS, language).map_err(refused)?;
    Ok(saved)
}

/// Opens the file, maps its columns and reads every row into `T`; errors in Chinese.
pub fn read_file<T: FromRow>(request: &FileRequest) -> Result<ReadFile<T>, FileError> {
    read_file_in(request, Language::Chinese)
}

/// [`read_file`], the rows' errors and what was ignored worded in `language` (a seat's).
pub fn read_file_in<T: FromRow>(request: &FileRequest, language: Language) -> Result<ReadFile<T>, FileError> {
    let path = &request.path;
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| FileError::Unreadable { path: path.clone(), error })?;
    let encoding = request
        .encoding
        .as_deref()
        .filter(|name| !name.trim().is_empty() && *name != "auto")
        .map(|name| TextEncoding::from_label(name).ok_or_else(|| FileError::UnknownEncoding(name.to_owned())))
        .transpose()?;
    let sheet = request.sheet.clone().filter(|s| !s.trim().is_empty());
    let options = SourceOptions { encoding, sheet: sheet.clone(), ..SourceOptions::default() };
    let table = open_table(&bytes, &label, &options).map_err(FileError::Source)?;
    let mut ignored = Vec::new();
    if sheet.is_some() && table.format != SourceFormat::Xlsx {
        ignored.push(say!(
            language,
            "未使用指定的工作表：{label} 是 {}，不是 XLSX 工作簿",
            "The worksheet named was not used: {label} is {}, not an XLSX workbook",
            table.format
        ));
    }
    if encoding.is_some() && table.format == SourceFormat::Xlsx {
        ignored.push(say!(
            language,
            "未使用指定的编码：{label} 是 XLSX 工作簿",
            "The encoding named was not used: {label} is an XLSX workbook"
        ));
    }
    let mut mapping = T::suggest_mapping(&table.header);
    let mapping_file = request.mapping.as_deref().map(|path| read_mapping_file_in::<T>(path, language)).transpose()?;
    if let Some(saved) = &mapping_file {
        saved.overlay(&mut mapping);
    }
    let mapped = mapping.apply(&table).map_err(FileError::Mapping)?;
    // Every row is read whatever the policy: it is applied once the engine has had its say.
    // Good rows only never refuses the whole file; all or nothing would, with every row.
    let outcome = parse_rows_in::<T>(&mapped, ImportPolicy::GoodRowsOnly, language)
        .unwrap_or_else(|refusal| crate::ImportOutcome { accepted: Vec::new(), rejected: refusal.rejected });
    let refused: HashSet<usize> = outcome.rejected.iter().map(|(row, _)| row.number).collect();
    let numbers = mapped.rows.iter().map(|r| r.number).filter(|n| !refused.contains(n));
    let records = numbers.zip(outcome.accepted).collect();
    Ok(ReadFile { mapped, records, rejected: outcome.rejected, mapping_file, ignored })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EnterpriseRow, IsolationRow, PersonRow};

    fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    }

    fn read<T: FromRow>(text: &str, language: Language) -> Result<ReadFile<T>, FileError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.csv");
        std::fs::write(&path, text).unwrap();
        read_file_in::<T>(&FileRequest { path, ..FileRequest::default() }, language)
    }

    /// (row, column, reason) of every refused row's errors.
    fn errors<T>(read: &ReadFile<T>) -> Vec<(usize, String, String)> {
        read.rejected.iter().flat_map(|(_, errors)| errors.iter().map(|e| (e.row, e.column.clone(), e.reason.clone()))).collect()
    }

    const PEOPLE: &str = "name,id_number,phone\n,330402199001011230,1\nB,12345,2\nC,330402199001011230,3\nD,330402199001011230,4\n\
                          E,330402199001011230,5,extra\nF\u{1},330402199001011230,6\n";

    #[test]
    fn row_errors_come_in_the_language_asked_and_in_chinese_as_before() {
        let english = errors(&read::<PersonRow>(PEOPLE, Language::English).unwrap());
        let s = |row: usize, column: &str, reason: &str| (row, column.to_owned(), reason.to_owned());
        assert_eq!(
            english,
            [
                s(2, "name", "Required"),
                s(3, "id_number", "Not a resident ID number: 17 digits and a digit or X are expected, not 5 characters"),
                s(5, "id_number", "Duplicate: row 4 has the same value"),
                s(6, "column 4 (D, no header)", "The row has 4 cells; the header has only 3 columns"),
                s(7, "name", "The cell has the control character U+0001 at character 2; a register holds only text"),
            ]
        );
        let chinese = errors(&read::<PersonRow>(PEOPLE, Language::Chinese).unwrap());
        assert_eq!(
            chinese,
            [
                s(2, "name", "此项必填"),
                s(3, "id_number", "不是居民身份证号：应为 17 位数字加 1 位数字或 X，实有 5 位"),
                s(5, "id_number", "重复：第 4 行已有相同的值"),
                s(6, "第 4 列（D 列，无表头）", "该行有 4 个单元格，表头只有 3 列"),
                s(7, "name", "单元格第 2 个字符是控制字符 U+0001；登记表只能是文本"),
            ]
        );
    }

    #[test]
    fn every_register_checks_words_in_english_without_chinese() {
        let enterprise = "name,above_designated_size,headcount,status,resumed_at\nA,maybe,x,paused,\nB,yes,5,not resumed,2026-01-05\n";
        let isolation = "id_number,kind,started_at,planned_end\n330402199001011230,quarantine,someday,\n\
                         330402199001011230,home,2026-01-05,2026-01-01\n";
        let mut reasons: Vec<String> =
            errors(&read::<EnterpriseRow>(enterprise, Language::English).unwrap()).into_iter().map(|e| e.2).collect();
        reasons.extend(errors(&read::<IsolationRow>(isolation, Language::English).unwrap()).into_iter().map(|e| e.2));
        assert_eq!(reasons.len(), 7, "{reasons:#?}");
        assert!(reasons.iter().all(|r| !has_chinese(r)), "{reasons:#?}");
        assert!(reasons.contains(&"Resumption status not recognised: write not resumed, partly or fully".to_owned()), "{reasons:#?}");
        assert!(reasons.iter().any(|r| r.starts_with("\"someday\" is not a date (accepted: ")), "{reasons:#?}");
        let chinese = errors(&read::<EnterpriseRow>(enterprise, Language::Chinese).unwrap());
        assert!(chinese.iter().any(|e| e.2 == "无法识别的复工状态：请写 未复工、部分复工 或 全面复工"), "{chinese:#?}");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_refused_in_the_language_asked() {
        let missing = read::<PersonRow>("name\nA\n", Language::English).unwrap_err();
        let text = missing.message_in(Language::English);
        assert!(text.contains("Required field \"ID number\" (id_number) has no column. The file's columns: name"), "{text}");
        assert!(text.ends_with("Nothing was imported; name the columns in a mapping file, e.g. {\"id_number\": \"<column>\"}"), "{text}");
        assert!(!has_chinese(&text), "{text}");
        assert!(missing.to_string().contains("必填字段“身份证号”（id_number）没有对应的列；文件中的列：name"), "{missing}");
        let empty = read::<PersonRow>("", Language::English).unwrap_err();
        assert!(
            empty.message_in(Language::English).ends_with(": the file is empty (no header row)"),
            "{}",
            empty.message_in(Language::English)
        );
        assert!(empty.to_string().ends_with("：文件是空的（没有表头行）"), "{empty}");
        let duplicate = read::<PersonRow>("name,name,id_number\nA,B,330402199001011230\n", Language::English).unwrap_err();
        let text = duplicate.message_in(Language::English);
        assert!(text.ends_with(": header \"name\" appears more than once (A1, B1)"), "{text}");
    }

    #[test]
    fn every_whole_file_refusal_has_english_words() {
        let file = "list.csv".to_owned();
        let refusals = [
            SourceError::Empty { file: file.clone() },
            SourceError::Encoding { file: file.clone(), encoding: "GBK".into(), line: 3, byte_offset: 9, preview: "abc".into() },
            SourceError::MixedEncoding {
                file: file.clone(),
                line: 2,
                line_encoding: "UTF-8".into(),
                other_lines: 3,
                other_first: 4,
                other_encoding: "GBK".into(),
            },
            SourceError::StatedEncodingContradicted { file: file.clone(), encoding: "GBK".into(), line: 1 },
            SourceError::UnknownEncoding { file: file.clone(), label: "latin-9".into() },
            SourceError::Header {
                file: file.clone(),
                problems: vec![crate::HeaderProblem::Merged { range: "A1:B1".into(), text: "info".into() }],
            },
            SourceError::NoSuchSheet { file: file.clone(), sheet: "People".into(), available: vec!["Sheet1".into(), "Sheet2".into()] },
            SourceError::NoSheets { file: file.clone() },
            SourceError::Xlsx { file: file.clone(), message: "bad zip".into() },
            SourceError::Csv { file: file.clone(), message: "bad quote".into() },
        ];
        for refusal in refusals {
            let english = refusal.message_in(Language::English);
            assert!(english.starts_with("list.csv: ") && !has_chinese(&english), "{english}");
            assert_eq!(refusal.message_in(Language::Chinese), refusal.to_string());
        }
        let unknown = FileError::UnknownEncoding("latin-9".into());
        assert_eq!(unknown.message_in(Language::English), "Unknown encoding \"latin-9\" (use utf-8 or gbk)");
        assert_eq!(unknown.to_string(), "无法识别的编码“latin-9”（请用 utf-8 或 gbk）");
    }
}
