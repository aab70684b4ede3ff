//! The full-detail map (挂图作战) end to end in headless Chromium against `wangge serve` at
//! 1920×1080: a commander switches the map to 全域网格 and every micro-grid of the district
//! (`wangge stats` counts them) is drawn at once; clicks at three points of the screen each
//! pick the micro-grid `wangge locate` finds at the point the page says was clicked (the
//! test also works that point out from the page's view and plane), and the card shows its
//! name and `wangge stats`'s figure; in 预警等级 the picked one's card shows the level
//! `wangge warnings` gives it; an isolation moved into the picked micro-grid by another
//! process (`wangge isolation transfer`) shows on its card without refetching the map; the
//! wheel zooms in until micro-grids are named; a scripted drag pans for 120 frames and the
//! frame times are printed and written to `tests/artifacts/detail-timings.json`.
//! Screenshots go to `tests/artifacts/detail-*.png`.
//!
//! `WANGGE_DETAIL_SCALE=city` runs the same steps on the demo at city scale (100,000
//! micro-grids) as the benchmark of BENCHMARKS.md; the test command runs the district.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use serde_json::Value;

use crate::browser::{browser_tools, screenshot, tempdir, ChromeDriver, Server};
use crate::cli::{self, Cli};
use crate::{page, prereq};

const NOW: &str = "2020-03-20T09:00:00+08:00";
const SEED: u64 = 11;
const NAME: &str = "guatu";
const PASSWORD: &str = "挂图作战-指挥-2026";
const TIMEOUT: Duration = Duration::from_secs(60);
const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_district_at_micro_grid_detail_picks_pans_and_follows_changes() {
    let tools = match browser_tools() {
        Ok(tools) => tools,
        Err(reason) => return prereq::missing(&reason),
    };
    let _turn = crate::package::one_window_at_a_time().await;
    let root = prereq::workspace_root();
    let artifacts = cli::artifacts_dir(&root);
    let work = tempdir("detail").expect("a work folder");
    let db = work.join("district.db");
    let cli = Cli { program: tools.wangge.clone(), db: db.clone(), now: NOW.to_string() };
    let scale = std::env::var("WANGGE_DETAIL_SCALE").unwrap_or_else(|_| "full".to_string());
    let outcome = async {
        cli.demo_at_scale(SEED, &scale)?;
        let district = cli.stats(None)?;
        let code = district["node"]["code"].as_str().ok_or("district without code")?.to_string();
        cli.add_user(NAME, "commander", &code, PASSWORD)?;
        let port = crate::browser::free_port()?;
        let _server = Server::start(&tools, &db, port, &artifacts.join("detail-serve.log"))?;
        let driver = ChromeDriver::start(&tools.chromedriver, &artifacts.join("detail-chromedriver.log"))?;
        let client = driver.session(&tools.chromium, WIDTH, HEIGHT).await?;
        let result = drive(&client, &cli, &district, port, &work, &artifacts, &scale).await;
        screenshot(&client, &artifacts, "detail-final.png").await;
        let _ = client.close().await;
        result
    }
    .await;
    match outcome {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&work);
        }
        Err(failure) => panic!("full-detail map end-to-end test failed (database kept in {}): {failure}", work.display()),
    }
}

async fn drive(
    client: &fantoccini::Client,
    cli: &Cli,
    district: &Value,
    port: u16,
    work: &Path,
    artifacts: &Path,
    scale: &str,
) -> Result<(), String> {
    client.goto(&format!("http://127.0.0.1:{port}/")).await.map_err(|e| format!("opening the page: {e}"))?;
    page::sign_in(client, NAME, PASSWORD, TIMEOUT).await?;
    page::wait_until(client, "document.querySelector('[data-action=\"detail-map\"]')", TIMEOUT).await?;

    // 1. Every micro-grid of the district at once.
    let micro_grids = district["levels"]["micro_grid"].as_u64().ok_or("no micro-grid count")?;
    let labels = open_detail(client, micro_grids).await?;
    if labels == 0 {
        return Err("no label on the map of the whole district".into());
    }
    screenshot(client, artifacts, &format!("detail-{scale}-district.png")).await;

    // 2. Clicks pick the micro-grid under the pointer, as `wangge locate` places the point.
    let canvas = rect(client, ".detail-canvas").await?;
    let mut picked = String::new();
    let mut picked_grid = String::new();
    for (fx, fy) in [(0.5, 0.5), (0.38, 0.42), (0.61, 0.57)] {
        let at = ((canvas[0] + canvas[2] * fx).round(), (canvas[1] + canvas[3] * fy).round());
        let previous = read_hooks(client).await?["pickedAt"].as_str().unwrap_or_default().to_string();
        click_at(client, at).await?;
        let picked_now = format!("(() => {{ const m = document.querySelector('.detail-map'); return m.dataset.pickedAt !== '{previous}' && m.dataset.picked; }})()");
        let code = page::wait_until(client, &picked_now, TIMEOUT).await?;
        let code = code.as_str().unwrap_or_default().to_string();
        let hooks = read_hooks(client).await?;
        let [lon, lat] = lon_lat(&hooks["pickedAt"])?;
        let expected = expected_lon_lat(&hooks, (at.0 - canvas[0], at.1 - canvas[1]))?;
        // Within a pixel: the page may round the pointer's position.
        let pixel = 1.0 / (view_of(&hooks)?[0] * plane_of(&hooks)?[3]);
        if (lon - expected[0]).abs() > pixel || (lat - expected[1]).abs() > pixel {
            return Err(format!("the page says it was clicked at {lon},{lat}; its own view puts the click at {expected:?}"));
        }
        let located = cli.locate(lon, lat)?;
        assert_eq_or(Some(code.as_str()), located["place"]["code"].as_str(), &format!("the place picked at {lon},{lat}"))?;
        let card = card(client).await?;
        assert_eq_or(card["name"].as_str(), located["place"]["name"].as_str(), "the card's name")?;
        let stats = cli.stats(Some(&code))?;
        let active = stats["metrics"]["isolations_active"].as_u64().ok_or("no isolations_active")?;
        assert_eq_or(card["value"].as_str(), Some(active.to_string().as_str()), &format!("{code}'s 在管隔离 on the card"))?;
        let path = located["path"].as_array().cloned().unwrap_or_default();
        picked_grid = path.iter().rev().nth(1).and_then(|n| n["code"].as_str()).unwrap_or_default().to_string();
        picked = code;
    }
    screenshot(client, artifacts, &format!("detail-{scale}-picked.png")).await;

    // 2b. 预警等级: every place filled by its level; the picked one's is `wangge warnings`'s.
    page::click(client, "[data-map-mode=\"warning\"]").await?;
    page::wait_until(client, "document.querySelector('.detail-map[data-colouring=\"warning\"]')", TIMEOUT).await?;
    let level = page::wait_until(
        client,
        &format!("(() => {{ const v = document.querySelector('.detail-card[data-code=\"{picked}\"] .detail-card-value'); return v && v.dataset.value; }})()"),
        TIMEOUT,
    )
    .await?;
    let warnings = cli.warnings(&picked_grid)?;
    let expected =
        warnings["children"].as_array().into_iter().flatten().find(|c| c["node"]["code"] == picked.as_str()).map(|c| c["level"].clone());
    assert_eq_or(Some(level.clone()), expected, &format!("{picked}'s warning level on the card"))?;
    screenshot(client, artifacts, &format!("detail-{scale}-warning.png")).await;
    page::click(client, "[data-choropleth=\"isolations_active\"]").await?;
    page::wait_until(client, "document.querySelector('.detail-map[data-colouring=\"metric\"]')", TIMEOUT).await?;

    // 3. An isolation moved into the picked micro-grid by another process shows on its card.
    let before = cli.stats(Some(&picked))?["metrics"]["isolations_active"].as_u64().unwrap_or(0);
    let register = work.join("isolations.csv");
    let district_code = district["node"]["code"].as_str().unwrap_or_default();
    cli.export_isolations(district_code, &register)?;
    let text = std::fs::read_to_string(&register).map_err(|e| e.to_string())?;
    // 编号,人员编号,姓名,身份证号,联系电话,隔离方式,微网格,开始时间,计划解除时间,解除时间,…
    let moved = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f.len() > 9 && f[9].is_empty() && f[6] != picked)
        .and_then(|f| f[0].trim_start_matches('\u{feff}').parse::<i64>().ok())
        .ok_or("no active isolation elsewhere to move")?;
    let values_seq = read_hooks(client).await?["valuesSeq"].as_str().unwrap_or_default().to_string();
    cli.transfer_isolation(moved, &picked)?;
    let after = cli.stats(Some(&picked))?["metrics"]["isolations_active"].as_u64().unwrap_or(0);
    assert_eq_or(Some(after), Some(before + 1), "the CLI's count after the transfer")?;
    let pushed = Instant::now();
    page::wait_until(
        client,
        &format!("document.querySelector('.detail-card[data-code=\"{picked}\"] .detail-card-value[data-value=\"{after}\"]')"),
        TIMEOUT,
    )
    .await?;
    eprintln!("the moved isolation showed on {picked}'s card {:.2} s after the CLI returned", pushed.elapsed().as_secs_f64());
    let now_seq = read_hooks(client).await?["valuesSeq"].as_str().unwrap_or_default().to_string();
    if now_seq == values_seq {
        return Err("the values' sequence number did not move with the change".into());
    }

    // 4. The wheel zooms in about the pointer until micro-grids carry their names.
    let centre = (canvas[2] / 2.0, canvas[3] / 2.0);
    let k0 = view_of(&read_hooks(client).await?)?[0];
    client
        .execute(
            "const c = document.querySelector('.detail-canvas'); const r = c.getBoundingClientRect();\
             for (let i = 0; i < 6; i++) c.dispatchEvent(new WheelEvent('wheel', {deltaY: -300, clientX: r.left + arguments[0], clientY: r.top + arguments[1], bubbles: true, cancelable: true}));",
            vec![centre.0.into(), centre.1.into()],
        )
        .await
        .map_err(|e| format!("zooming: {e}"))?;
    let zoomed = page::wait_until(
        client,
        &format!("(() => {{ const m = document.querySelector('.detail-map'); return Number(m.dataset.view.split(',')[0]) > {k0} * 4 && Number(m.dataset.lod) > 0 ? m.dataset.labels : null; }})()"),
        TIMEOUT,
    )
    .await?;
    eprintln!("zoomed in: {} labels, level of detail {}", zoomed.as_str().unwrap_or_default(), read_hooks(client).await?["lod"]);
    screenshot(client, artifacts, &format!("detail-{scale}-zoomed.png")).await;
    // Back to the whole district for the pan.
    page::click(client, "[data-action=\"detail-fit\"]").await?;
    page::wait_until(client, &format!("Number(document.querySelector('.detail-map').dataset.view.split(',')[0]) === {k0}"), TIMEOUT)
        .await?;

    // 5. A drag of 120 frames: the time between frames and each frame's own work.
    let timings = pan_timings(client).await?;
    report(artifacts, scale, "headless Chromium", micro_grids, &timings)?;
    Ok(())
}

/// Switches the map to 全域网格 and waits until all `micro_grids` are drawn; returns how many
/// labels the whole district's map carries.
pub(crate) async fn open_detail(client: &fantoccini::Client, micro_grids: u64) -> Result<u64, String> {
    let asked = Instant::now();
    page::click(client, "[data-action=\"detail-map\"]").await?;
    let drawn = page::wait_until(
        client,
        "(() => { const m = document.querySelector('.detail-map'); \
          return m && Number(m.dataset.drawn) > 0 && m.dataset.view ? m.dataset.drawn : null; })()",
        TIMEOUT,
    )
    .await?;
    eprintln!("full-detail map of {micro_grids} micro-grids drawn {:.2} s after the click", asked.elapsed().as_secs_f64());
    let hooks = read_hooks(client).await?;
    assert_eq_or(hooks["areas"].as_str(), Some(micro_grids.to_string().as_str()), "places received")?;
    assert_eq_or(drawn.as_str(), Some(micro_grids.to_string().as_str()), "places drawn")?;
    Ok(hooks["labels"].as_str().and_then(|l| l.parse().ok()).unwrap_or(0))
}

/// Runs [`PAN_SCRIPT`] (its answer left on the page and polled: WebKit's driver has answered
/// async scripts with empty errors under load) and checks that the drag moved the view.
pub(crate) async fn pan_timings(client: &fantoccini::Client) -> Result<Value, String> {
    client.execute(PAN_SCRIPT, vec![]).await.map_err(|e| format!("panning: {e}"))?;
    let timings = page::wait_until(client, "window.__detailPan", TIMEOUT).await?;
    let (frames, views) = (timings["frames"].as_u64().unwrap_or(0), timings["views"].as_u64().unwrap_or(0));
    if frames < 100 || views < 100 {
        return Err(format!("the pan ran {frames} frames moving the view in {views} of them, not 120: {timings}"));
    }
    Ok(timings)
}

/// Prints the pan's timings and writes them to `tests/artifacts/detail-timings-{scale}-{browser}.json`.
pub(crate) fn report(artifacts: &Path, scale: &str, browser: &str, micro_grids: u64, timings: &Value) -> Result<(), String> {
    let summary = serde_json::json!({
        "scale": scale,
        "micro_grids": micro_grids,
        "browser": browser,
        "idle_frame_interval_ms": timings["idle"],
        "frame_interval_ms": timings["intervals"],
        "frame_work_ms": timings["work"],
        "full_render_frame_interval_ms": timings["render"],
        "render_call_ms": timings["renderCall"],
    });
    eprintln!("panning the full-detail map ({micro_grids} micro-grids, {browser}): {summary}");
    let file = artifacts.join(format!("detail-timings-{scale}-{}.json", browser.replace(' ', "-").to_lowercase()));
    std::fs::write(&file, serde_json::to_string_pretty(&summary).unwrap_or_default()).map_err(|e| format!("{}: {e}", file.display()))
}

/// Drags across the canvas for 120 animation frames with synthetic pointer events, reading
/// after each frame the page's own `data-frame-ms`; then has the whole layer drawn again in
/// each of 30 frames. Leaves in `window.__detailPan` the intervals between frames of both
/// (percentiles) and each drag frame's own work.
pub(crate) const PAN_SCRIPT: &str = r#"
window.__detailPan = null;
const map = document.querySelector('.detail-map');
const canvas = map.querySelector('.detail-canvas');
const r = canvas.getBoundingClientRect();
const at = (x, y) => ({ clientX: r.left + x, clientY: r.top + y, pointerId: 1, button: 0, buttons: 1, bubbles: true, pointerType: 'mouse', isPrimary: true });
let x = r.width / 2, y = r.height / 2;
// First 30 frames of the page left alone: the display's own pace, for comparison.
const idle = [];
function rest(t) {
  idle.push(t);
  if (idle.length <= 30) { requestAnimationFrame(rest); return; }
  canvas.dispatchEvent(new PointerEvent('pointerdown', at(x, y)));
  requestAnimationFrame(step);
}
const stamps = [], work = [];
let moved = 0, lastView = map.dataset.view;
let n = 0;
function step(t) {
  stamps.push(t);
  if (n > 0) { work.push(Number(map.dataset.frameMs)); if (map.dataset.view !== lastView) moved++; }
  lastView = map.dataset.view;
  if (n++ < 120) {
    x += (n % 60 < 30 ? 3 : -3); y += (n % 40 < 20 ? 2 : -2);
    canvas.dispatchEvent(new PointerEvent('pointermove', at(x, y)));
    requestAnimationFrame(step);
  } else {
    canvas.dispatchEvent(new PointerEvent('pointerup', at(x, y)));
    setTimeout(() => requestAnimationFrame(redraw), 500);
  }
}
// Then 30 frames that each draw the whole layer again (复位 asks for a full render): the
// time between those frames includes rasterising every place.
const fit = document.querySelector('[data-action="detail-fit"]');
const redraws = [];
let r0 = 0;
function redraw(t) {
  redraws.push(t);
  if (r0++ < 30) { fit.click(); requestAnimationFrame(redraw); return; }
  const intervals = stamps.slice(1).map((s, i) => s - stamps[i]);
  const full = redraws.slice(2).map((s, i) => s - redraws[i + 1]);
  const pct = (a, p) => { const s = [...a].sort((u, v) => u - v); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  const sum = a => ({ p50: pct(a, 0.5), p95: pct(a, 0.95), max: Math.max(...a) });
  const still = idle.slice(1).map((s, i) => s - idle[i]);
  window.__detailPan = ({ idle: sum(still), frames: stamps.length - 1, views: moved, intervals: sum(intervals), work: sum(work), render: sum(full), renderCall: Number(map.dataset.renderMs) });
}
requestAnimationFrame(rest);
"#;

async fn read_hooks(client: &fantoccini::Client) -> Result<Value, String> {
    client
        .execute("const m = document.querySelector('.detail-map'); return m ? Object.assign({}, m.dataset) : null;", vec![])
        .await
        .map_err(|e| format!("reading the map's hooks: {e}"))
}

async fn card(client: &fantoccini::Client) -> Result<Value, String> {
    client
        .execute(
            "const c = document.querySelector('.detail-card'); return c ? { code: c.dataset.code, \
             name: c.querySelector('.detail-card-name').textContent, value: c.querySelector('.detail-card-value').dataset.value } : null;",
            vec![],
        )
        .await
        .map_err(|e| format!("reading the card: {e}"))
}

async fn rect(client: &fantoccini::Client, selector: &str) -> Result<[f64; 4], String> {
    let r = client
        .execute(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
            vec![selector.into()],
        )
        .await
        .map_err(|e| format!("measuring {selector}: {e}"))?;
    let n = |i: usize| r[i].as_f64().unwrap_or_default();
    Ok([n(0), n(1), n(2), n(3)])
}

/// A real click (pointer moved there, pressed, released) at viewport pixel `at`.
async fn click_at(client: &fantoccini::Client, at: (f64, f64)) -> Result<(), String> {
    let click = MouseActions::new("mouse".to_string())
        .then(PointerAction::MoveTo { duration: None, x: at.0.round(), y: at.1.round() })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    client.perform_actions(click).await.map_err(|e| format!("clicking at {at:?}: {e}"))?;
    client.release_actions().await.map_err(|e| format!("releasing the mouse: {e}"))
}

fn view_of(hooks: &Value) -> Result<[f64; 3], String> {
    let parts: Vec<f64> = hooks["view"].as_str().unwrap_or_default().split(',').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [k, tx, ty] => Ok([*k, *tx, *ty]),
        _ => Err(format!("no view on the map: {hooks}")),
    }
}

fn lon_lat(value: &Value) -> Result<[f64; 2], String> {
    let parts: Vec<f64> = value.as_str().unwrap_or_default().split(',').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [lon, lat] => Ok([*lon, *lat]),
        _ => Err(format!("no point picked: {value}")),
    }
}

/// Where the click at canvas pixel `at` is, by the page's view and plane (as `DetailPlane` documents them).
fn expected_lon_lat(hooks: &Value, at: (f64, f64)) -> Result<[f64; 2], String> {
    let [k, tx, ty] = view_of(hooks)?;
    let [lon0, lat0, lon_factor, units] = plane_of(hooks)?;
    let (x, y) = ((at.0 - tx) / k, (at.1 - ty) / k);
    Ok([lon0 + x / (lon_factor * units), lat0 - y / units])
}

fn plane_of(hooks: &Value) -> Result<[f64; 4], String> {
    let plane: Vec<f64> = hooks["plane"].as_str().unwrap_or_default().split(',').filter_map(|p| p.parse().ok()).collect();
    match plane.as_slice() {
        [lon0, lat0, lon_factor, units] => Ok([*lon0, *lat0, *lon_factor, *units]),
        _ => Err(format!("no plane on the map: {hooks}")),
    }
}

fn assert_eq_or<T: PartialEq + std::fmt::Debug>(shown: T, expected: T, what: &str) -> Result<(), String> {
    if shown == expected {
        Ok(())
    } else {
        Err(format!("{what}: the page shows {shown:?}, expected {expected:?}"))
    }
}
