//! The browser UI at `/`: its files served to anyone with the types a browser needs, while
//! every path under `/api` and `/open311/v2` still answers as the APIs do; and a page saying
//! how to build the UI when there is none.

use std::path::Path;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{serve, serve_state, Served};

/// The start of every wasm module: magic and version. Enough for a content-type check.
const WASM: &[u8] = b"\0asm\x01\0\0\0";
const INDEX: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><title>网格指挥中心</title></html>\n";

/// A UI directory as `cargo xtask build-ui` leaves it, in miniature.
fn built_ui(dir: &Path) {
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join("wangge-ui_bg.wasm"), WASM).unwrap();
    std::fs::write(dir.join("wangge-ui.js"), "export default function init() {}\n").unwrap();
    std::fs::write(dir.join("style.css"), "body { margin: 0 }\n").unwrap();
}

async fn fetch(served: &Served, path: &str) -> reqwest::Response {
    served.client.get(format!("http://{}{path}", served.addr)).send().await.unwrap()
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response.headers().get(name).map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn the_ui_is_served_at_the_root_beside_both_apis() {
    let outside = tempfile::tempdir().unwrap();
    let dir = outside.path().join("dist");
    std::fs::create_dir(&dir).unwrap();
    built_ui(&dir);
    // Beside the UI directory, not in it: no path may reach it.
    std::fs::write(outside.path().join("secret.txt"), "not for the web").unwrap();
    let served = serve_state(|state| state.with_ui(&dir)).await;

    for path in ["/", "/index.html"] {
        let index = fetch(&served, path).await;
        assert_eq!(index.status(), 200, "{path}");
        assert_eq!(header(&index, "content-type"), "text/html", "{path}");
        // Revalidated on every load, so a new build shows at once.
        assert_eq!(header(&index, "cache-control"), "no-cache", "{path}");
        assert_eq!(header(&index, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(index.text().await.unwrap(), INDEX);
    }
    // A browser compiles the module while it streams only when it comes as application/wasm.
    let wasm = fetch(&served, "/wangge-ui_bg.wasm").await;
    assert_eq!(wasm.status(), 200);
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert_eq!(header(&wasm, "x-content-type-options"), "nosniff");
    assert_eq!(&wasm.bytes().await.unwrap()[..], WASM);
    let script = fetch(&served, "/wangge-ui.js").await;
    assert!(header(&script, "content-type").contains("javascript"), "{script:?}");
    assert_eq!(header(&fetch(&served, "/style.css").await, "content-type"), "text/css");

    // Revalidating an unchanged file costs a 304 and no body.
    let index = fetch(&served, "/").await;
    let modified = header(&index, "last-modified").to_owned();
    let again = served.client.get(format!("http://{}/", served.addr)).header("if-modified-since", modified).send().await.unwrap();
    assert_eq!(again.status(), 304);

    // A file the build does not hold: the page saying so.
    let missing = fetch(&served, "/no-such-file.js").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("界面文件未找到"));

    // The APIs keep every path under their prefixes, unknown ones included.
    let services = served.get("services.json").await;
    assert_eq!(services.status, 200, "{services:?}");
    let nope = served.get("nope.json").await;
    assert_eq!((nope.status, nope.content_type.as_str()), (404, "application/json; charset=utf-8"), "{nope:?}");
    assert!(nope.body.contains("/open311/v2/nope.json: no such resource"), "{nope:?}");
    // Paths no Open311 route has: in XML, the spec's format when the URL names none.
    for path in ["/open311/v2/a/b/c.json", "/open311/v2/", "/open311/v2"] {
        let answer = crate::common::answer(fetch(&served, path).await).await;
        assert_eq!((answer.status, answer.content_type.as_str()), (404, "text/xml; charset=utf-8"), "{path}: {answer:?}");
        assert!(answer.body.contains("no such resource; the API lives under /open311/v2/"), "{path}: {answer:?}");
    }
    for path in ["/api/anything", "/api/", "/api"] {
        let answer = fetch(&served, path).await;
        assert_eq!(answer.status(), 401, "{path}");
        assert_eq!(header(&answer, "www-authenticate"), "Bearer", "{path}");
    }

    // `..` climbs out of nothing, sent raw since an HTTP client would resolve it first.
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"] {
        let mut raw = tokio::net::TcpStream::connect(served.addr).await.unwrap();
        raw.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
        let mut answer = String::new();
        raw.read_to_string(&mut answer).await.unwrap();
        assert!(!answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
        assert!(!answer.contains("not for the web"), "{path}: {answer}");
    }
    served.stop().await;
}

#[tokio::test]
async fn without_a_ui_the_root_says_how_to_build_it() {
    let served = serve().await;
    for path in ["/", "/wangge-ui_bg.wasm"] {
        let page = fetch(&served, path).await;
        assert_eq!(page.status(), 404, "{path}");
        assert_eq!(header(&page, "content-type"), "text/html; charset=utf-8", "{path}");
        let text = page.text().await.unwrap();
        assert!(text.contains("界面文件未找到") && text.contains("cargo xtask build-ui"), "{path}: {text}");
    }
    // The APIs are all there without it.
    assert_eq!(served.get("services.json").await.status, 200);
    assert_eq!(fetch(&served, "/api/me").await.status(), 401);
    served.stop().await;
}
