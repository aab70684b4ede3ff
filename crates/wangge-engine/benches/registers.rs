//! `cargo bench -p wangge-engine --bench registers`: rows per second of a register import
//! with assignment, end to end — read and parse the CSV (`wangge-registers`), place every
//! row (point-in-polygon for houses, the house register for people), store all of them in
//! one transaction with their change-log rows (SQLite file, `synchronous=FULL`).
//!
//! The district is the full demo (南湖区, 7,424 micro-grids). The files are generated here:
//! `WANGGE_BENCH_ROWS` houses (default 1,000,000) at the points of the demo's houses, then as
//! many people, half at those houses by code and half by exact address. BENCHMARKS.md
//! records the numbers.

use std::fmt::Write as _;
use std::time::Instant;

use wangge_domain::{House, Timestamp};
use wangge_engine::registers::{Numbered, RegisterOptions};
use wangge_engine::{Engine, Store};
use wangge_registers::{open_table, parse_rows, FromRow, HouseRow, ImportPolicy, PersonRow, SourceOptions};

fn id_number(n: usize) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    // Area, a birth date in 1990 from n / 1000, sequence n % 1000.
    let day = n / 1000;
    let first17 = format!("330402{}{:02}{:02}{:03}", 1900 + day / 336, day / 28 % 12 + 1, day % 28 + 1, n % 1000);
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Parses `bytes` into numbered rows of `T`, timing it.
fn read<T: FromRow>(bytes: &[u8], label: &str) -> (Vec<Numbered<T>>, f64) {
    let t = Instant::now();
    let table = open_table(bytes, label, &SourceOptions::default()).expect("the generated file reads");
    let mapped = T::suggest_mapping(&table.header).apply(&table).expect("the headers are suggested");
    let outcome = parse_rows::<T>(&mapped, ImportPolicy::AllOrNothing).expect("every generated row is good");
    let rows = mapped.rows.iter().zip(outcome.accepted).map(|(r, row)| Numbered { number: r.number, row }).collect();
    (rows, t.elapsed().as_secs_f64())
}

fn main() {
    let rows: usize = std::env::var("WANGGE_BENCH_ROWS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let now = Timestamp::from_local(2026, 11, 23, 10, 0);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bench.db");
        let store = Store::open_sqlite_file(&path).await.unwrap();
        let t = Instant::now();
        Engine::create_demo(&store, wangge_engine::DEFAULT_SEED, now, &mut |_| {}).await.unwrap();
        let mut engine = Engine::open(store, now).await.unwrap();
        let scope = engine.district_scope("bench");
        println!("full demo district created and opened: {:.1} s", t.elapsed().as_secs_f64());

        let mut points: Vec<House> = engine.district().houses.values().cloned().collect();
        points.sort_by_key(|h| h.id);
        let mut houses = String::from("房屋编码,地址,经度,纬度\n");
        for i in 0..rows {
            let h = &points[i % points.len()];
            let _ = writeln!(houses, "B{i:07},基准新村{i}号,{},{}", h.location.x(), h.location.y());
        }
        let mut people = String::from("姓名,身份证号,联系电话,房屋编码,地址\n");
        for i in 0..rows {
            if i % 2 == 0 {
                let _ = writeln!(people, "测试{i},{},1380000{:04},B{i:07},", id_number(i), i % 10_000);
            } else {
                let _ = writeln!(people, "测试{i},{},,,基准新村{i}号", id_number(i));
            }
        }
        println!("generated {rows} houses ({} MB) and {rows} people ({} MB)", houses.len() >> 20, people.len() >> 20);
        let options = RegisterOptions { progress_every: 0, ..RegisterOptions::default() };
        let dry = RegisterOptions { dry_run: true, ..options.clone() };

        let (house_rows, parse) = read::<HouseRow>(houses.as_bytes(), "houses.csv");
        drop(houses);
        let t = Instant::now();
        engine.import_houses(&scope, house_rows.clone(), &dry, now, &mut |_| {}).await.unwrap();
        let place = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let report = engine.import_houses(&scope, house_rows, &options, now, &mut |_| {}).await.unwrap();
        let store_secs = t.elapsed().as_secs_f64();
        assert_eq!((report.created.len(), report.placed_by_coordinates), (rows, rows), "{:?}", report.rejected.first());
        let total = parse + store_secs;
        println!(
            "houses: {rows} rows: read+parse {parse:.2} s, place+store {store_secs:.2} s (placing alone, dry run: {place:.2} s; {} micro-grids): {:.0} rows/s end to end",
            report.by_micro_grid.len(),
            rows as f64 / total
        );

        let (person_rows, parse) = read::<PersonRow>(people.as_bytes(), "people.csv");
        drop(people);
        let t = Instant::now();
        engine.import_people(&scope, person_rows.clone(), &dry, now, &mut |_| {}).await.unwrap();
        let place = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let report = engine.import_people(&scope, person_rows, &options, now, &mut |_| {}).await.unwrap();
        let store_secs = t.elapsed().as_secs_f64();
        assert_eq!(report.created.len(), rows, "{:?}", report.rejected.first());
        let total = parse + store_secs;
        println!(
            "people: {rows} rows ({} by house code, {} by address): read+parse {parse:.2} s, place+store {store_secs:.2} s (placing alone, dry run: {place:.2} s): {:.0} rows/s end to end",
            report.placed_by_house_code,
            report.placed_by_address,
            rows as f64 / total
        );
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("database file: {} MB", size >> 20);
    });
}
