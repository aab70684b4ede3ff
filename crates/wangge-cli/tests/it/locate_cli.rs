//! `wangge locate` on the small demo: the coordinates of houses (`wangge export houses`) land
//! in the micro-grid each house is registered in, the line names the way down from the
//! district, a point outside the district exits 1, and a street leader locates nothing in
//! another street.

use crate::support::{json, ok, small_demo, stats, wangge};

#[test]
fn houses_are_located_in_their_micro_grids() {
    let (dir, db) = small_demo();
    let district = stats(&db, None);
    let streets: Vec<String> = district["children"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect();
    let out = dir.path().join("houses.csv");
    ok(wangge(&["export", "houses", "--db", &db, "--node", &streets[0], "--out", out.to_str().unwrap()], &[]));
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert!(rows.len() > 20, "{} houses", rows.len());
    for row in rows.iter().step_by(rows.len() / 20) {
        let (micro_grid, lon, lat) = (row[2], row[4], row[5]);
        let located = json(wangge(&["locate", "--db", &db, "--lon", lon, "--lat", lat, "--json"], &[]));
        assert_eq!(located["place"]["code"], micro_grid, "house at {lon},{lat}");
        assert_eq!(located["path"][0]["code"], district["node"]["code"]);
        assert_eq!(located["path"][1]["code"], streets[0].as_str());
    }
    let (lon, lat) = (rows[0][4], rows[0][5]);
    let line = ok(wangge(&["locate", "--db", &db, "--lon", lon, "--lat", lat], &[]));
    let name = district["node"]["name"].as_str().unwrap();
    assert!(line.starts_with(rows[0][2]) && line.contains(&format!("（{name} › ")), "{line}");

    let outside = wangge(&["locate", "--db", &db, "--lon", "-70.5", "--lat", "40.1"], &[]);
    assert_eq!(outside.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&outside.stdout).contains("不在本辖区任何网格内"));

    // A leader of the other street does not see the house's place.
    let leader = [("WANGGE_SCOPE", streets[1].as_str()), ("WANGGE_ROLE", "leader")];
    let theirs = wangge(&["locate", "--db", &db, "--lon", lon, "--lat", lat, "--json"], &leader);
    assert_eq!(theirs.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&theirs.stdout).trim(), "null");
}
