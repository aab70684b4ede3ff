//! A district as real ones come (issue 8): three levels under the district and no
//! micro-grids, made with `wangge import boundaries` from files with the parents in the codes.
//! The desktop window is open on it, drilled down to the community, where the grids are the
//! lowest level and open nothing. Micro-grids are then imported under one grid by another
//! process: without being touched, the open window draws that grid as one to open, and
//! opening it shows the new level.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::browser::tempdir;
use crate::cli::{self, Cli};
use crate::display::Display;
use crate::driver::TauriDriver;
use crate::{page, prereq};

const NOW: &str = "2020-03-20T09:00:00+08:00";
const COMMANDER: &str = "zhihui-wang";
const PASSWORD: &str = "指挥长-值班-2020夏";
const TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_window_draws_a_level_imported_under_a_grid_by_another_process() {
    let tools = match prereq::find_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    let display = match Display::acquire() {
        Ok(display) => display,
        Err(reason) => return prereq::missing(&reason),
    };
    let _window = crate::package::one_window_at_a_time().await;
    if let Err(failure) = run(&tools, &display).await {
        panic!("new-level end-to-end test failed: {failure}");
    }
}

/// A GeoJSON FeatureCollection of rectangles `(code, name, [west, south, east, north])`.
fn rectangles(path: &Path, areas: &[(&str, &str, [f64; 4])]) -> Result<(), String> {
    let features: Vec<String> = areas
        .iter()
        .map(|(code, name, [w, s, e, n])| {
            format!(
                r#"{{"type":"Feature","properties":{{"code":"{code}","name":"{name}"}},"geometry":{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}}}"#
            )
        })
        .collect();
    let text = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

async fn run(tools: &prereq::Tools, display: &Display) -> Result<(), String> {
    let artifacts = cli::artifacts_dir(&prereq::workspace_root());
    std::fs::create_dir_all(&artifacts).map_err(|e| format!("creating {}: {e}", artifacts.display()))?;
    let work = tempdir("levels")?;
    let db = work.join("district.db");
    let cli = Cli { program: tools.wangge.clone(), db: db.clone(), now: NOW.to_string() };

    // A street, its community, two grids side by side; then two micro-grids halving the first.
    let whole = [120.70, 30.70, 120.72, 30.72];
    let files = [("streets", vec![("TS-1", "测试街道", whole)]), ("communities", vec![("TS-1-1", "测试社区", whole)])];
    for (name, areas) in &files {
        rectangles(&work.join(format!("{name}.geojson")), areas)?;
    }
    rectangles(
        &work.join("grids.geojson"),
        &[("TS-1-1-1", "第一网格", [120.70, 30.70, 120.71, 30.72]), ("TS-1-1-2", "第二网格", [120.71, 30.70, 120.72, 30.72])],
    )?;
    rectangles(
        &work.join("micro.geojson"),
        &[("TS-1-1-1-1", "第一微网格", [120.70, 30.70, 120.705, 30.72]), ("TS-1-1-1-2", "第二微网格", [120.705, 30.70, 120.71, 30.72])],
    )?;
    cli.import_boundaries(&work.join("streets.geojson"), &["--level", "street", "--district-code", "TD", "--district-name", "测试区"])?;
    cli.import_boundaries(&work.join("communities.geojson"), &["--level", "community", "--parent-from-code", "prefix"])?;
    cli.import_boundaries(&work.join("grids.geojson"), &["--level", "grid", "--parent-from-code", "prefix"])?;
    cli.add_user(COMMANDER, "commander", "TD", PASSWORD)?;

    let env = [("DISPLAY", display.name.clone()), ("WANGGE_DB", db.display().to_string()), ("WANGGE_NOW", NOW.to_string())];
    let driver = TauriDriver::start(&tools.tauri_driver, &env, &artifacts.join("levels-tauri-driver.log"))?;
    let client = driver.session(&tools.desktop).await?;
    let outcome = async {
        page::sign_in(&client, COMMANDER, PASSWORD, Duration::from_secs(60)).await?;
        for code in ["TS-1", "TS-1-1"] {
            page::wait_until(&client, &format!("document.querySelector('path.openable[data-code=\"{code}\"]')"), TIMEOUT).await?;
            page::click_area(&client, code).await?;
        }
        let grid = "document.querySelector('path[data-code=\"TS-1-1-1\"]')";
        page::wait_until(&client, grid, TIMEOUT).await?;
        let openable = client
            .execute(&format!("return {grid}.classList.contains('openable')"), vec![])
            .await
            .map_err(|e| format!("reading the grid's area: {e}"))?;
        if openable != serde_json::json!(false) {
            return Err("a grid without micro-grids is drawn as one to open".into());
        }

        let imported = Instant::now();
        let said = cli.import_boundaries(
            &work.join("micro.geojson"),
            &["--level", "micro_grid", "--parent-from-code", "prefix", "--micro-kind", "building"],
        )?;
        page::wait_until(&client, "document.querySelector('path.openable[data-code=\"TS-1-1-1\"]')", TIMEOUT)
            .await
            .map_err(|e| format!("{e}\n(wangge import boundaries said: {said})"))?;
        eprintln!("the open window drew the grid as one to open {} ms after the import", imported.elapsed().as_millis());
        page::click_area(&client, "TS-1-1-1").await?;
        page::wait_until(
            &client,
            "document.querySelector('path[data-code=\"TS-1-1-1-1\"]') && document.querySelector('path[data-code=\"TS-1-1-1-2\"]')",
            TIMEOUT,
        )
        .await?;
        crate::browser::screenshot(&client, &artifacts, "levels-new-micro-grids.png").await;
        Ok(())
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    if outcome.is_ok() {
        let _ = std::fs::remove_dir_all(&work);
    }
    outcome
}
