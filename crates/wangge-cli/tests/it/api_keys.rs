//! `wangge api-key`: each Open311 client its own key, printed once and stored only as a
//! digest; a running `wangge serve` files a client's requests under the client's name (as
//! the audit trail shows) and stops taking a key the moment it is revoked, while the other
//! clients' keys go on working.

use serde_json::Value;

use crate::support::server::serve;
use crate::support::{command, fails, json, ok, small_demo, wangge};

fn issue(db: &str, client: &str) -> String {
    let key = ok(wangge(&["api-key", "add", "--db", db, "--client", client], &[])).trim().to_owned();
    assert_eq!(key.len(), 64, "a key is 32 random bytes in hex: {key:?}");
    key
}

async fn post(client: &reqwest::Client, address: &str, body: String) -> (u16, Value) {
    let answer = client
        .post(format!("http://{address}/open311/v2/requests.json"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.json().await.unwrap())
}

#[tokio::test]
async fn each_client_files_under_its_own_name_until_its_key_is_revoked() {
    let (dir, db) = small_demo();
    let hotline = issue(&db, "12345热线");
    let app = issue(&db, "城市服务App");
    assert_ne!(hotline, app);
    let taken = fails(wangge(&["api-key", "add", "--db", &db, "--client", "12345热线"], &[]));
    assert!(taken.contains("12345热线") && taken.contains("已存在"), "{taken}");
    // Only digests are stored: neither key is anywhere in the database's files.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for key in [&hotline, &app] {
            assert!(!bytes.windows(key.len()).any(|w| w == key.as_bytes()), "a key is stored in clear");
        }
    }

    let (_server, address, _) = serve(&db);
    let client = reqwest::Client::new();
    let services: Value = client.get(format!("http://{address}/open311/v2/services.json")).send().await.unwrap().json().await.unwrap();
    let service = services[0]["service_code"].as_str().unwrap().to_owned();
    let body = |key: &str| format!("api_key={key}&service_code={service}&address_string=%E6%9C%AA%E7%9F%A5%E8%B7%AF1%E5%8F%B7");

    let (status, filed) = post(&client, &address, body(&hotline)).await;
    assert_eq!(status, 201, "{filed}");
    let id: i64 = filed[0]["service_request_id"].as_str().unwrap().parse().unwrap();
    let rows = json(command(&["audit", "--db", &db, "--entity", "ticket", "--id", &id.to_string(), "--json"], &[]).output().unwrap());
    assert_eq!(rows[0]["actor"], "12345热线", "{rows}");

    let (status, refused) = post(&client, &address, body("not-a-key")).await;
    assert_eq!(status, 403, "{refused}");

    ok(wangge(&["api-key", "revoke", "--db", &db, "--client", "12345热线"], &[]));
    let (status, refused) = post(&client, &address, body(&hotline)).await;
    assert_eq!(status, 403, "a revoked key is refused at once: {refused}");
    let (status, filed) = post(&client, &address, body(&app)).await;
    assert_eq!(status, 201, "the other client goes on: {filed}");

    let listed = json(command(&["api-key", "list", "--db", &db, "--json"], &[]).output().unwrap());
    let state = |name: &str| listed.as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["revoked_at"].clone();
    assert!(state("12345热线").is_number(), "{listed}");
    assert!(state("城市服务App").is_null(), "{listed}");
    let again = fails(wangge(&["api-key", "revoke", "--db", &db, "--client", "12345热线"], &[]));
    assert!(again.contains("12345热线"), "{again}");
}
