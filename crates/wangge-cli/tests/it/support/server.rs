//! `wangge serve` as a child process: started on a free loopback port, its address read from
//! the line that says where it listens, and killed when the handle is dropped; and the
//! accounts that sign in to it (`wangge user`, the password on standard input).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};

use super::command;

/// A running `wangge serve`, killed when dropped, so a failing assertion leaves no server behind.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `wangge serve --db DB EXTRA…` on a free loopback port, its standard error read up to the
/// line that says where it listens; returns the server, that address and the lines before it.
pub fn serve_with(db: &str, extra: &[&str]) -> (Server, String, Vec<String>) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let mut child = command(&[&["serve", "--db", db, "--listen", &listen], extra].concat(), &[])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let child = Server(child);
    loop {
        let mut line = String::new();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "serve exited early: {lines:?}");
        if let Some(at) = line.find("listening on http://") {
            let address = line[at + "listening on http://".len()..].trim().to_owned();
            // Keep draining standard error so the server never blocks on a full pipe.
            std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
            return (child, address, lines);
        }
        lines.push(line);
    }
}

/// [`serve_with`] with the default limits.
pub fn serve(db: &str) -> (Server, String, Vec<String>) {
    serve_with(db, &[])
}

/// `wangge user ARGS` with `password` on standard input.
pub fn user_with_password(args: &[&str], password: &str) -> std::process::Output {
    let mut child =
        command(&[&["user"], args].concat(), &[]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// `POST /api/session` on a running server; the answer as JSON (a token and the account, or
/// the refusal).
pub async fn sign_in(client: &reqwest::Client, address: &str, name: &str, password: &str) -> serde_json::Value {
    client
        .post(format!("http://{address}/api/session"))
        .json(&serde_json::json!({ "name": name, "password": password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The small demo district in `db` with a commander of the whole district named `name`;
/// returns the district's code.
pub fn demo_with_commander(db: &str, seed: u64, name: &str, password: &str) -> String {
    super::ok(super::wangge(&["demo", "--db", db, "--seed", &seed.to_string(), "--scale", "small"], &[]));
    let root = super::stats(db, None)["node"]["code"].as_str().unwrap().to_owned();
    super::ok(user_with_password(&["add", "--db", db, "--name", name, "--role", "commander", "--node", &root], password));
    root
}
