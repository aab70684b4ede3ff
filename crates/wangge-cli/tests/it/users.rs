//! `wangge user …` on a database file, and `wangge serve` as the seats meet it: the
//! administrator made on the first start with a one-time password, signing in over HTTP,
//! and `GET /api/stats` answering exactly what `wangge stats --json` prints.

use serde_json::Value;

use crate::support::server::{serve, sign_in, user_with_password};
use crate::support::{command, fails, json, ok, small_demo, stats};

const PASSWORD: &str = "街道值班-2026冬季";

fn streets(db: &str) -> Vec<String> {
    stats(db, None)["children"].as_array().unwrap().iter().map(|child| child["code"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn accounts_are_added_listed_disabled_and_refused_with_reasons() {
    let (_dir, db) = small_demo();
    let street = streets(&db)[0].clone();
    ok(user_with_password(&["add", "--db", &db, "--name", "li", "--role", "leader", "--node", &street], PASSWORD));

    let listed = json(command(&["user", "list", "--db", &db, "--json"], &[]).output().unwrap());
    let li = listed.as_array().unwrap().iter().find(|a| a["name"] == "li").expect("li is listed");
    assert_eq!(li["role"], "leader");
    assert_eq!(li["node"], street.as_str());
    assert_eq!(li["disabled"], false);
    assert_eq!(li["language"], "zh-CN", "Chinese unless asked");

    // An account may be made to read English; a language Wangge does not speak is refused.
    ok(user_with_password(&["add", "--db", &db, "--name", "lee", "--role", "leader", "--node", &street, "--lang", "en"], PASSWORD));
    let listed = json(command(&["user", "list", "--db", &db, "--json"], &[]).output().unwrap());
    let lee = listed.as_array().unwrap().iter().find(|a| a["name"] == "lee").expect("lee is listed");
    assert_eq!(lee["language"], "en");
    let french =
        fails(user_with_password(&["add", "--db", &db, "--name", "le", "--role", "leader", "--node", &street, "--lang", "fr"], PASSWORD));
    assert!(french.contains("\"fr\"") && french.contains("zh-CN"), "{french}");

    let taken = fails(user_with_password(&["add", "--db", &db, "--name", "li", "--role", "leader", "--node", &street], PASSWORD));
    assert!(taken.contains("账号“li”已存在"), "{taken}");
    let short = fails(user_with_password(&["add", "--db", &db, "--name", "wang", "--role", "leader", "--node", &street], "123456"));
    assert!(short.contains("密码太短"), "{short}");
    let nowhere = fails(user_with_password(&["add", "--db", &db, "--name", "wang", "--role", "leader", "--node", "NO-SUCH"], PASSWORD));
    assert!(nowhere.contains("NO-SUCH"), "{nowhere}");
    let role = fails(user_with_password(&["add", "--db", &db, "--name", "wang", "--role", "mayor", "--node", &street], PASSWORD));
    assert!(role.contains("“mayor”") && role.contains("wall_screen"), "{role}");
    let empty = fails(user_with_password(&["add", "--db", &db, "--name", "wang", "--role", "leader", "--node", &street], ""));
    assert!(empty.contains("standard input"), "{empty}");

    // A unit handler names its unit; no other role does; an unknown unit is refused.
    let district = stats(&db, None)["node"]["code"].as_str().unwrap().to_owned();
    let handler = |name: &str, unit: Option<&str>| {
        let mut args = vec!["add", "--db", &db, "--name", name, "--role", "unit_handler", "--node", &district];
        args.extend(unit.map(|u| ["--unit", u]).into_iter().flatten());
        user_with_password(&args, PASSWORD)
    };
    ok(handler("shichang", Some("dept:market")));
    assert!(fails(handler("wu", None)).contains("须用 --unit"));
    assert!(fails(handler("wu", Some("dept:nowhere"))).contains("dept:nowhere"));
    let leader_with_unit = fails(user_with_password(
        &["add", "--db", &db, "--name", "wu", "--role", "leader", "--node", &street, "--unit", "dept:market"],
        PASSWORD,
    ));
    assert!(leader_with_unit.contains("负责人账号不用 --unit"), "{leader_with_unit}");
    let listed = json(command(&["user", "list", "--db", &db, "--json"], &[]).output().unwrap());
    let shichang = listed.as_array().unwrap().iter().find(|a| a["name"] == "shichang").expect("the handler is listed");
    assert_eq!((shichang["role"].as_str(), shichang["unit"].as_str()), (Some("unit_handler"), Some("dept:market")));
    assert!(listed.as_array().unwrap().iter().all(|a| a["name"] == "shichang" || a["unit"].is_null()), "{listed}");

    ok(command(&["user", "disable", "--db", &db, "--name", "li"], &[]).output().unwrap());
    let listed = json(command(&["user", "list", "--db", &db, "--json"], &[]).output().unwrap());
    assert_eq!(listed.as_array().unwrap().iter().find(|a| a["name"] == "li").unwrap()["disabled"], true);
    let missing = fails(command(&["user", "disable", "--db", &db, "--name", "nobody"], &[]).output().unwrap());
    assert!(missing.contains("没有名为“nobody”的账号"), "{missing}");
}

#[tokio::test]
async fn the_first_start_makes_an_administrator_who_reads_what_the_cli_prints() {
    let (_dir, db) = small_demo();
    let street = streets(&db)[1].clone();
    let (server, address, said) = serve(&db);
    let said = said.concat();
    let password = said.split("一次性密码：").nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap_or_else(|| panic!("{said}"));
    let password = password.trim_end_matches(['（', '(']).to_owned();

    let client = reqwest::Client::new();
    let signed_in = sign_in(&client, &address, "admin", &password).await;
    let token = signed_in["token"].as_str().unwrap_or_else(|| panic!("{signed_in}"));
    assert_eq!(signed_in["account"]["role"], "commander");
    assert_eq!(signed_in["account"]["administrator"], true);

    let response = client.get(format!("http://{address}/api/stats?node={street}")).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let served: Value = response.json().await.unwrap();
    assert_eq!(served, stats(&db, Some(&street)));

    let anonymous = client.get(format!("http://{address}/api/stats?node={street}")).send().await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    drop(server);

    // The password was shown once: a second start makes no administrator and prints none.
    let (again, _, said) = serve(&db);
    assert!(!said.concat().contains("一次性密码"), "{said:?}");
    drop(again);
    let listed = json(command(&["user", "list", "--db", &db, "--json"], &[]).output().unwrap());
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
}
