//! Reading the window through WebDriver: waiting for conditions, reading the figures panel,
//! and comparing it with `wangge stats`; setting form controls and clicking what a selector
//! names. Hooks used: `.app[data-ready][data-seq]`, `.panel[data-node-code]`,
//! `[data-metric][data-value]`, `path[data-code]`.

use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::{Map, Value};

/// Polls a JavaScript expression until it is truthy; returns its last value. A WebDriver
/// error counts as "not yet" until the timeout (WebKit's driver now and then answers a script
/// with an empty error while the page redraws), and is named if it was the last answer.
pub async fn wait_until(client: &Client, expression: &str, timeout: Duration) -> Result<Value, String> {
    let deadline = Instant::now() + timeout;
    loop {
        let (truthy, value, error) = match client.execute(&format!("return ({expression});"), vec![]).await {
            Ok(value) => {
                let truthy = match &value {
                    Value::Null => false,
                    Value::Bool(b) => *b,
                    Value::String(s) => !s.is_empty(),
                    _ => true,
                };
                (truthy, value, None)
            }
            Err(e) => (false, Value::Null, Some(e.to_string())),
        };
        if truthy {
            return Ok(value);
        }
        if Instant::now() > deadline {
            return Err(match error {
                Some(e) => format!("timed out after {timeout:?} evaluating `{expression}`: {e}"),
                None => format!("timed out after {timeout:?} waiting for `{expression}`"),
            });
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The focused node's code and every figure cell as `{metric: {value, text}}`.
pub async fn panel(client: &Client) -> Result<(String, Map<String, Value>), String> {
    const SCRIPT: &str = r#"
        const panel = document.querySelector('.panel[data-node-code]');
        if (!panel) return null;
        const figures = {};
        for (const cell of panel.querySelectorAll('[data-metric]')) {
            figures[cell.dataset.metric] = { value: cell.dataset.value, text: cell.textContent };
        }
        return { code: panel.dataset.nodeCode, figures };
    "#;
    let value = client.execute(SCRIPT, vec![]).await.map_err(|e| format!("reading the panel: {e}"))?;
    let code = value["code"].as_str().ok_or("no figures panel on screen")?.to_string();
    let figures = value["figures"].as_object().cloned().ok_or("the panel has no figures")?;
    Ok((code, figures))
}

/// Every difference between the panel and `wangge stats`'s `metrics`; empty when equal.
pub fn differences(shown: &Map<String, Value>, metrics: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for (key, expected) in metrics {
        let Some(cell) = shown.get(key) else {
            out.push(format!("{key}: not shown"));
            continue;
        };
        let value = cell["value"].as_str().unwrap_or_default();
        let text = cell["text"].as_str().unwrap_or_default();
        let matches = match expected {
            Value::Null => value.is_empty() && text == "—",
            Value::Number(n) if n.is_u64() => n.as_u64().map(|n| n.to_string()).as_deref() == Some(value),
            Value::Number(n) => match (n.as_f64(), value.parse::<f64>()) {
                (Some(want), Ok(got)) => (want - got).abs() < 1e-12 && text == format!("{:.2}%", want * 100.0),
                _ => false,
            },
            _ => false,
        };
        if !matches {
            out.push(format!("{key}: window shows {value:?} ({text:?}), wangge stats says {expected}"));
        }
    }
    for key in shown.keys().filter(|k| !metrics.contains_key(*k)) {
        out.push(format!("{key}: shown but not in wangge stats"));
    }
    out
}

/// Clicks an area of the map. WebDriver clicks the centre of the element's bounding box, which
/// for a concave polygon may lie on a neighbour, so the event is dispatched on the element.
pub async fn click_area(client: &Client, code: &str) -> Result<(), String> {
    let script = r#"
        const area = document.querySelector(`path[data-code="${arguments[0]}"]`);
        if (!area) return false;
        area.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        return true;
    "#;
    let clicked = client.execute(script, vec![Value::String(code.to_string())]).await.map_err(|e| format!("clicking area {code}: {e}"))?;
    if clicked == Value::Bool(true) {
        Ok(())
    } else {
        Err(format!("no map area with data-code {code}"))
    }
}

/// Sets a form control as a hand would and sends the event the UI listens to (`change` for
/// a select, `input` otherwise). A select without an option of that value is an error.
pub async fn set_field(client: &Client, selector: &str, value: &str) -> Result<(), String> {
    let script = r#"
        const el = document.querySelector(arguments[0]);
        if (!el) return 'missing';
        el.value = arguments[1];
        el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
        return el.value === arguments[1] ? 'set' : 'refused';
    "#;
    let outcome = client
        .execute(script, vec![Value::String(selector.to_string()), Value::String(value.to_string())])
        .await
        .map_err(|e| format!("setting {selector}: {e}"))?;
    match outcome.as_str() {
        Some("set") => Ok(()),
        Some("missing") => Err(format!("no {selector} on screen")),
        _ => Err(format!("{selector} does not take the value {value:?}")),
    }
}

/// Clicks the element a selector names (WebDriver scrolls it into view first).
pub async fn click(client: &Client, selector: &str) -> Result<(), String> {
    client
        .find(fantoccini::Locator::Css(selector))
        .await
        .map_err(|e| format!("no {selector}: {e}"))?
        .click()
        .await
        .map_err(|e| format!("clicking {selector}: {e}"))
}

/// Signs in on the sign-in screen (which must be showing) and waits for the first map.
pub async fn sign_in(client: &Client, name: &str, password: &str, timeout: Duration) -> Result<(), String> {
    wait_until(client, "document.querySelector('[data-status=\"sign-in\"]')", timeout).await?;
    set_field(client, "input[name=\"name\"]", name).await?;
    set_field(client, "input[name=\"password\"]", password).await?;
    click(client, ".sign-in-form button[type=\"submit\"]").await?;
    let settled = r#"document.querySelector('.app[data-ready="true"]') ? 'ready'
        : (document.querySelector('[data-refused]')?.textContent || null)"#;
    let state = wait_until(client, settled, timeout).await?;
    match state.as_str() {
        Some("ready") => Ok(()),
        _ => Err(format!("signing in as {name} was refused: {state}")),
    }
}
