//! Reading CSV/TSV text: decode, sniff the delimiter, split records, check the header.
//!
//! Records of the wrong length are kept as they are: a ragged row is that row's problem,
//! reported later with its line number, not a reason to refuse the whole file.

use super::{encoding, header, CellProblem, Row, SourceError, SourceFormat, Table, TextEncoding};

/// Candidate delimiters, in order of preference on a tie.
const CANDIDATES: [u8; 3] = [b',', b'\t', b';'];

pub(super) fn read(bytes: &[u8], file: &str, delimiter: Option<u8>, stated: Option<TextEncoding>) -> Result<Table, SourceError> {
    let (text, used) = encoding::decode(bytes, file, stated)?;
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(&text));

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        // Flexible so a short or long record comes back as data instead of an error that
        // would stop the whole read.
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut raw_header = None;
    let mut rows = Vec::new();
    let mut blank = 0;
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter { text: text.as_bytes(), byte: 0, line: 1 };
    // Whether the last record read was a data row (not the header, not blank).
    let mut last_is_row = false;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(SourceError::Csv { file: file.to_owned(), message: e.to_string() }),
        }
        let line = lines.line_at(record.position().map_or(0, |p| p.byte() as usize));
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        last_is_row = false;
        if raw_header.is_none() {
            raw_header = Some(cells);
            continue;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            blank += 1;
            continue;
        }
        rows.push(Row { number: line, cells, problems: Vec::new() });
        last_is_row = true;
    }
    // Every program that writes CSV ends each line with a line break; a last line without one
    // is where a copy or a download stopped, and its last value may be cut (30.747 → 30.7).
    if last_is_row && !text.ends_with(['\n', '\r']) {
        if let Some(row) = rows.last_mut() {
            row.problems.push(CellProblem {
                column: row.cells.len().saturating_sub(1),
                reason: "在文件末尾且没有换行：文件像是在这里被截断了，这个值可能不完整（如果这一行是完整的，请在末尾加一个换行）"
                    .to_owned(),
                reason_en: "is at the end of the file with no line break: the file looks cut off here and the value may be \
                            incomplete (if the row is complete, add a line break at the end)"
                    .to_owned(),
            });
        }
    }
    let raw_header = raw_header.ok_or_else(|| SourceError::Empty { file: file.to_owned() })?;
    let (header, problems) = header::check(raw_header, &mut rows, 0, 0, &[]);
    if !problems.is_empty() {
        return Err(SourceError::Header { file: file.to_owned(), problems });
    }
    Ok(Table {
        file: file.to_owned(),
        format: SourceFormat::Delimited { delimiter },
        encoding: Some(used),
        sheet: None,
        header,
        rows,
        blank_rows_skipped: blank,
    })
}

/// Turns record start offsets into editor line numbers. csv's own line count points at the
/// blank lines it skipped before a record, so the count is redone here, moving forward only
/// (records come in order, so the whole file is scanned once).
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, start: usize) -> usize {
        let start = start.min(self.text.len());
        if start > self.byte {
            self.line += self.text[self.byte..start].iter().filter(|&&b| b == b'\n').count();
            self.byte = start;
        }
        // Step over the blank lines csv skips before the record really starts.
        while let Some(&b) = self.text.get(self.byte) {
            match b {
                b'\n' => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.byte += 1;
        }
        self.line
    }
}

/// Picks the candidate occurring most often on the first line, outside quotes. The header
/// line is the most regular line of a register, and names rarely contain delimiters.
fn sniff_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    let mut counts = [0usize; CANDIDATES.len()];
    let mut in_quotes = false;
    for b in first_line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("a;b;\"x,y,z\""), b';');
        assert_eq!(sniff_delimiter("single"), b',');
    }

    #[test]
    fn ragged_rows_survive_and_lines_are_counted() {
        let t = read(b"a,b\n1,2\n\n3\n\"x\ny\",4,5\n,\n6,7\n", "t.csv", None, None).unwrap();
        let numbers: Vec<_> = t.rows.iter().map(|r| (r.number, r.cells.len())).collect();
        assert_eq!(numbers, vec![(2, 2), (4, 1), (5, 3), (8, 2)]);
        assert_eq!(t.blank_rows_skipped, 1);
    }
}
