//! The command line against a server (`--db http://HOST:PORT`): it signs in like any seat —
//! the account named by `--as` (or `WANGGE_USER`), the password from `WANGGE_PASSWORD` or the
//! first line of standard input, never an argument — and asks the server the same commands
//! the desktop and the browser ask (`POST /api/call/{name}`), so what it prints is what a
//! seat of that account sees. A database file or `postgres://` URL stays the administrator's
//! way in, without sign-in.

use anyhow::Context as _;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wangge_api::{ApiError, SignIn};

/// Whether `--db` names a server rather than a database.
pub fn is_server(db: &str) -> bool {
    db.starts_with("http://") || db.starts_with("https://")
}

/// A signed-in session with a server.
pub struct Remote {
    base: String,
    client: reqwest::Client,
    token: String,
}

#[derive(serde::Deserialize)]
struct Session {
    token: String,
}

impl Remote {
    /// Signs in to the server at `base` as `name` (else `WANGGE_USER`).
    pub async fn sign_in(base: &str, name: Option<&str>) -> anyhow::Result<Remote> {
        let base = base.trim_end_matches('/').to_owned();
        let name = match name {
            Some(name) => name.to_owned(),
            None => std::env::var("WANGGE_USER").ok().filter(|n| !n.is_empty()).ok_or_else(|| {
                anyhow::anyhow!("连接服务器 {base} 须登录：用 --as 账号（或环境变量 WANGGE_USER）指明账号，密码从标准输入读取")
            })?,
        };
        let password = password()?;
        let client = reqwest::Client::new();
        let response = client
            .post(format!("{base}/api/session"))
            .json(&SignIn { name: name.clone(), password })
            .send()
            .await
            .with_context(|| format!("无法连接服务器 {base}"))?;
        if !response.status().is_success() {
            return Err(refusal(&base, response).await);
        }
        let session: Session = response.json().await.with_context(|| format!("{base} 的登录应答无法读取"))?;
        Ok(Remote { base, client, token: session.token })
    }

    /// Calls one command with its JSON arguments and decodes the answer.
    pub async fn call<A: Serialize, T: DeserializeOwned>(&self, command: &str, args: &A) -> anyhow::Result<T> {
        let response = self
            .client
            .post(format!("{}/api/call/{command}", self.base))
            .bearer_auth(&self.token)
            .json(args)
            .send()
            .await
            .with_context(|| format!("无法连接服务器 {}", self.base))?;
        if !response.status().is_success() {
            return Err(refusal(&self.base, response).await);
        }
        response.json().await.with_context(|| format!("{} 对 {command} 的应答无法读取", self.base))
    }
}

/// The password: `WANGGE_PASSWORD`, else the first line of standard input.
fn password() -> anyhow::Result<String> {
    if let Some(password) = std::env::var("WANGGE_PASSWORD").ok().filter(|p| !p.is_empty()) {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).context("读取密码（标准输入）")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(!password.is_empty(), "没有读到密码：请从标准输入给出密码（或设置 WANGGE_PASSWORD）");
    Ok(password)
}

/// The server's refusal in its own words (its `ApiError`), or the status when it gave none.
async fn refusal(base: &str, response: reqwest::Response) -> anyhow::Error {
    let status = response.status();
    match response.json::<ApiError>().await {
        Ok(error) => anyhow::anyhow!("{base}：{}", error.message),
        Err(_) => anyhow::anyhow!("{base} 拒绝了请求（HTTP {status}）"),
    }
}
