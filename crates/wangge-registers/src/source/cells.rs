//! Turning XLSX cell values into the text a person sees, so that XLSX and CSV rows are
//! parsed by the same code.

use calamine::Data;

/// Text for one cell. Dates become ISO text (what the date parser reads first); whole
/// numbers lose the `.0` Excel never shows (phone and ID numbers stored as numbers).
pub(super) fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        // Keep Excel's own spelling (#N/A, #DIV/0!) so the row error shows what Excel showed.
        Data::Error(e) => e.to_string(),
    }
}

fn number_text(f: f64) -> String {
    // 2^53: beyond it whole floats are not exact, and Excel shows them in E notation anyway.
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn renders_cells() {
        assert_eq!(text(&Data::Float(13800138000.0)), "13800138000");
        assert_eq!(text(&Data::Float(120.75)), "120.75");
        let dt = ExcelDateTime::new(45943.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(&Data::DateTime(dt)), "2025-10-13 12:00:00");
        let d = ExcelDateTime::new(45943.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(&Data::DateTime(d)), "2025-10-13");
    }
}
