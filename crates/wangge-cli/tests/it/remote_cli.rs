//! The command line against a server (`--db http://HOST:PORT`): `wangge stats --as NAME`
//! signs in with the password on standard input and prints what `wangge stats` prints on the
//! server's own file — the whole district for a commander, refusing another street to a
//! street leader in the server's words; a wrong password and a missing account are refused
//! before anything is printed; `wangge locate` asks the server too; `wangge reassign`
//! moves a ticket there as the account (the audit trail names it; a leader is refused); other commands refuse
//! a server's address instead of taking it for a file.

use std::io::Write as _;
use std::process::{Output, Stdio};

use serde_json::Value;

use crate::support::server::{demo_with_commander, serve, user_with_password};
use crate::support::{command, json, movable_ticket, ok, stats, wangge};

const NAME: &str = "zhihui";
const PASSWORD: &str = "指挥长-远程-2026";
const LEADER: &str = "jiedao";

/// `wangge ARGS` with `input` on standard input.
fn wangge_typing(args: &[&str], input: &str) -> Output {
    let mut child = command(args, &[]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(format!("{input}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_signs_in_to_a_server_and_prints_what_the_file_gives_that_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("served.db").to_str().unwrap().to_owned();
    let root = demo_with_commander(&db, 7, NAME, PASSWORD);
    let district = stats(&db, None);
    let streets: Vec<String> = district["children"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect();
    ok(user_with_password(&["add", "--db", &db, "--name", LEADER, "--role", "leader", "--node", &streets[0]], PASSWORD));
    let (_server, address, _) = serve(&db);
    let url = format!("http://{address}");

    // A commander: the district and a street, byte for byte what the file gives.
    let whole = wangge_typing(&["stats", "--db", &url, "--as", NAME, "--json"], PASSWORD);
    assert!(whole.status.success(), "{}", String::from_utf8_lossy(&whole.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&whole.stdout).unwrap(), district);
    let street = wangge_typing(&["stats", "--db", &url, "--as", NAME, "--node", &streets[1], "--json"], PASSWORD);
    assert_eq!(serde_json::from_slice::<Value>(&street.stdout).unwrap(), stats(&db, Some(&streets[1])));
    let table = wangge_typing(&["stats", "--db", &url, "--as", NAME], PASSWORD);
    assert!(String::from_utf8_lossy(&table.stdout).contains(district["node"]["name"].as_str().unwrap()));

    // A street leader: their street as the root, another street refused in the server's words.
    let own = wangge_typing(&["stats", "--db", &url, "--as", LEADER, "--json"], PASSWORD);
    assert_eq!(serde_json::from_slice::<Value>(&own.stdout).unwrap()["node"]["code"], streets[0].as_str());
    let other = wangge_typing(&["stats", "--db", &url, "--as", LEADER, "--node", &streets[1], "--json"], PASSWORD);
    assert!(!other.status.success() && other.stdout.is_empty());
    assert!(String::from_utf8_lossy(&other.stderr).contains("不在账号"), "{}", String::from_utf8_lossy(&other.stderr));

    // Refused before anything is printed: a wrong password, no account named.
    let wrong = wangge_typing(&["stats", "--db", &url, "--as", NAME, "--json"], "not-the-password");
    assert!(!wrong.status.success() && wrong.stdout.is_empty());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("账号或密码不正确"), "{}", String::from_utf8_lossy(&wrong.stderr));
    let nobody = wangge(&["stats", "--db", &url, "--json"], &[]);
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("--as"), "{}", String::from_utf8_lossy(&nobody.stderr));

    // A reassignment through the server, as the account: the file's audit trail names it; a
    // street leader's is refused and moves nothing.
    let (row, _, to) = movable_ticket(&db);
    let id = row["id"].as_i64().unwrap().to_string();
    let refused = wangge_typing(&["reassign", "--db", &url, "--as", LEADER, "--ticket", &id, "--to", &to, "--reason", "调整"], PASSWORD);
    assert!(!refused.status.success() && refused.stdout.is_empty());
    let moved =
        wangge_typing(&["reassign", "--db", &url, "--as", NAME, "--ticket", &id, "--to", &to, "--reason", "远程属地调整"], PASSWORD);
    assert!(moved.status.success(), "{}", String::from_utf8_lossy(&moved.stderr));
    assert!(String::from_utf8_lossy(&moved.stdout).contains(&to));
    let audit = json(wangge(&["audit", "--db", &db, "--entity", "ticket", "--id", &id, "--json"], &[]));
    let rows = audit.as_array().unwrap();
    assert_eq!(rows.len(), 1, "only the commander's move: {audit}");
    assert_eq!(rows[0]["actor"], NAME);
    assert!(rows[0]["summary"].as_str().unwrap().contains("远程属地调整"));

    // Other commands take no server: refused, and no file is made of the address.
    let board = wangge(&["tickets", "--db", &url], &[]);
    assert!(!board.status.success());
    assert!(
        String::from_utf8_lossy(&board.stderr).contains("wangge stats、wangge locate 与 wangge reassign"),
        "{}",
        String::from_utf8_lossy(&board.stderr)
    );
    assert!(!std::path::Path::new("http:").exists());

    // `locate` asks the server: the same place as on the file.
    let houses = dir.path().join("houses.csv");
    ok(wangge(&["export", "houses", "--db", &db, "--node", &root, "--out", houses.to_str().unwrap()], &[]));
    let text = std::fs::read_to_string(&houses).unwrap();
    let first: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    let remote = wangge_typing(&["locate", "--db", &url, "--as", NAME, "--lon", first[4], "--lat", first[5], "--json"], PASSWORD);
    assert!(remote.status.success(), "{}", String::from_utf8_lossy(&remote.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&remote.stdout).unwrap()["place"]["code"], first[2]);
}
