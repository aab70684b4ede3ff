//! Which district this window works on: the database file on this machine (the default), or
//! a `wangge serve` that several seats share. The choice is remembered in one line of text
//! beside the database (`server.txt`, or `WANGGE_CONNECTION_FILE`): a server's address, or
//! no file for this machine's database. Connected, the window loads the server's own page —
//! the same UI a browser seat gets, signing in with the server — and that page offers the way
//! back here (`?desktop_home=` names this app's page).

use std::path::PathBuf;
use std::time::Duration;

use tauri::{AppHandle, Manager, Url};
use wangge_api::{ApiError, ErrorCode};

/// How long the server may take to say it is ready before the window says it cannot connect.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the choice is remembered.
pub fn file() -> Result<PathBuf, ApiError> {
    if let Some(path) = std::env::var_os("WANGGE_CONNECTION_FILE").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    Ok(wangge_engine::paths::database_path()?.with_file_name("server.txt"))
}

/// The server this window is set to, if any (an unreadable or empty file is none).
pub fn remembered() -> Option<String> {
    let text = std::fs::read_to_string(file().ok()?).ok()?;
    let url = text.trim();
    (!url.is_empty()).then(|| url.to_owned())
}

/// Remembers `server` (checked first), or forgets it: this machine's database again.
pub fn remember(server: Option<&str>) -> Result<Option<String>, ApiError> {
    let path = file()?;
    match server {
        None => match std::fs::remove_file(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(io("忘记服务器地址", &path, &error)),
            _ => Ok(None),
        },
        Some(text) => {
            let url = parse(text)?;
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).map_err(|e| io("保存服务器地址", folder, &e))?;
            }
            std::fs::write(&path, format!("{url}\n")).map_err(|e| io("保存服务器地址", &path, &e))?;
            Ok(Some(url))
        }
    }
}

/// A server's address as typed (`http://10.1.2.3:8080`, `https://wangge.example.gov.cn/`),
/// without a trailing slash; refused in words when it is not one.
pub fn parse(text: &str) -> Result<String, ApiError> {
    let text = text.trim();
    let refused = |why: &str| ApiError::new(ErrorCode::InvalidInput, format!("服务器地址“{text}”{why}，应形如 http://10.1.2.3:8080"));
    let url = Url::parse(text).map_err(|_| refused("不是网址"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refused("须以 http:// 或 https:// 开头"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refused("缺少主机"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Asks the server whether it is a Wangge server ready to serve (`GET /readyz`); https
/// servers are only reached (their certificate is the window's to check when it loads them).
pub async fn check(server: &str) -> Result<(), ApiError> {
    let url = Url::parse(server).map_err(|_| unreachable_server(server, "地址无效"))?;
    let host = url.host_str().unwrap_or_default().to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let reached = tokio::time::timeout(CHECK_TIMEOUT, tokio::net::TcpStream::connect((host.as_str(), port))).await;
    let mut stream = match reached {
        Err(_) => return Err(unreachable_server(server, "连接超时")),
        Ok(Err(error)) => return Err(unreachable_server(server, &error.to_string())),
        Ok(Ok(stream)) => stream,
    };
    if url.scheme() == "https" {
        return Ok(());
    }
    let answer = tokio::time::timeout(CHECK_TIMEOUT, async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let request = format!("GET /readyz HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await?;
        let mut text = String::new();
        stream.read_to_string(&mut text).await?;
        Ok::<String, std::io::Error>(text)
    })
    .await;
    match answer {
        Ok(Ok(text)) if text.contains("\"status\":\"ready\"") => Ok(()),
        Ok(Ok(text)) if text.contains("\"status\":\"not ready\"") => Err(unreachable_server(server, "服务器尚未就绪（数据库未应答）")),
        Ok(Ok(_)) => Err(unreachable_server(server, "对方不是网格服务器（wangge serve）")),
        Ok(Err(error)) => Err(unreachable_server(server, &error.to_string())),
        Err(_) => Err(unreachable_server(server, "应答超时")),
    }
}

/// Loads the server's page in the main window, telling it where this app's page is.
pub fn open_in_window(app: &AppHandle, server: &str) -> Result<(), ApiError> {
    let window = app.get_webview_window("main").ok_or_else(|| ApiError::new(ErrorCode::Internal, "找不到主窗口"))?;
    let home = window.url().map_err(|e| ApiError::new(ErrorCode::Internal, format!("读取本机页面地址：{e}")))?;
    let mut home = home;
    home.set_query(None);
    home.set_fragment(None);
    let mut target = Url::parse(&format!("{server}/")).map_err(|_| unreachable_server(server, "地址无效"))?;
    target.query_pairs_mut().append_pair("desktop_home", home.as_str());
    tracing::info!(server, "loading the server's page");
    window.navigate(target).map_err(|e| ApiError::new(ErrorCode::Internal, format!("打开服务器页面：{e}")))
}

fn unreachable_server(server: &str, why: &str) -> ApiError {
    ApiError::new(ErrorCode::NotReady, format!("无法连接服务器 {server}：{why}"))
}

fn io(doing: &str, path: &std::path::Path, error: &std::io::Error) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("{doing}（{}）：{error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn addresses_are_http_or_https_with_a_host_and_no_trailing_slash() {
        assert_eq!(parse(" http://10.1.2.3:8080/ ").unwrap(), "http://10.1.2.3:8080");
        assert_eq!(parse("https://wangge.example.gov.cn").unwrap(), "https://wangge.example.gov.cn");
        for bad in ["10.1.2.3:8080", "ftp://10.1.2.3", "http://", "指挥中心"] {
            let refused = parse(bad).unwrap_err();
            assert!(refused.message.contains("应形如 http://"), "{bad}: {}", refused.message);
        }
    }
}
