//! Versioned boundaries on both backends: a redraw keeps the old figure in `node_versions`, a
//! new node joins its parent, a retirement keeps the node and its records, and what the store
//! cannot take (a second district, a figure older than the stored one) changes nothing.

use wangge_domain::*;
use wangge_store::{Store, StoreError};

use crate::support::district::{small, square, t};
use crate::support::pg::PgDb;
use crate::support::TempDb;

fn node_of(district: &District, code: &str) -> Node {
    district.hierarchy.node(district.hierarchy.id(code).unwrap()).clone()
}

async fn versions(store: Store) {
    let original = small();
    store.save_district(&original, &mut |_, _, _| {}).await.unwrap();
    let day2 = t(0).plus_secs(86_400);

    // Redraw G1 from day 2, add G3 under C1, retire G2 (and its micro-grid M3) from day 2.
    let mut g1 = node_of(&original, "G1");
    let old_g1 = g1.clone();
    g1.boundary = square(120.7111, 30.7111, 0.002);
    g1.name = "第一网格（新）".into();
    g1.valid_from = Some(day2);
    let mut g3 = node_of(&original, "G1");
    g3.code = "G3".into();
    g3.boundary = square(120.75, 30.75, 0.001);
    g3.valid_from = Some(day2);
    let mut g2 = node_of(&original, "G2");
    g2.valid_to = Some(day2);
    let mut m3 = node_of(&original, "M3");
    m3.valid_to = Some(day2);
    let changes = vec![Change::Node(g1.clone()), Change::Node(g3.clone()), Change::Node(g2.clone()), Change::Node(m3.clone())];
    let seqs = store.commit_all("importer", day2, &changes).await.unwrap();
    assert_eq!(seqs.len(), 4);

    // The log carries the nodes for other seats; the first one's audit row has the old G1.
    let log = store.changes_since(0, 10).await.unwrap();
    assert_eq!(log.iter().map(|r| r.change.clone()).collect::<Vec<_>>(), changes);
    assert_eq!(log[0].change.entity(), "node");

    // Only the redraw made a version: a retirement and a new node replace nothing.
    let kept = store.node_versions("G1").await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].boundary, old_g1.boundary);
    assert_eq!(kept[0].name, old_g1.name);
    assert_eq!((kept[0].valid_from, kept[0].valid_to), (None, day2));
    assert!(store.node_versions("G2").await.unwrap().is_empty());
    assert!(store.node_versions("G3").await.unwrap().is_empty());

    // A reload sees the new hierarchy, and every record where it was.
    let (loaded, last) = store.load_district().await.unwrap();
    assert_eq!(last, seqs[3]);
    for node in [&g1, &g3, &g2, &m3] {
        assert_eq!(&node_of(&loaded, node.code.as_str()), node);
    }
    assert_eq!(loaded.tickets, original.tickets);
    assert_eq!(loaded.hierarchy.len(), original.hierarchy.len() + 1);

    // A figure older than the stored one, and a second district, are refused whole.
    let mut stale = g1.clone();
    stale.valid_from = Some(t(0));
    let mut second = node_of(&original, "330402");
    second.code = "330411".into();
    for bad in [Change::Node(stale), Change::Node(second)] {
        let error = store.commit_all("importer", day2, &[Change::Node(g3.clone()), bad]).await.unwrap_err();
        assert!(matches!(error, StoreError::Node { .. }), "{error:?}");
    }
    assert_eq!(store.last_seq().await.unwrap(), seqs[3]);
    assert_eq!(store.node_versions("G1").await.unwrap().len(), 1);

    // Nodes are committed as they are, never created with a fresh id.
    let error = store.create_all("importer", day2, &[Change::Node(g3)]).await.unwrap_err();
    assert!(matches!(error, StoreError::Node { .. }), "{error:?}");
    store.close().await;
}

/// A boundary import into an empty store starts with the district itself.
async fn first_node_claims_the_district(store: Store) {
    let root = node_of(&small(), "330402");
    assert!(!store.has_district().await.unwrap());
    store.commit_all("importer", t(0), &[Change::Node(root.clone())]).await.unwrap();
    assert!(store.has_district().await.unwrap());
    let (loaded, _) = store.load_district().await.unwrap();
    assert_eq!(loaded.hierarchy.len(), 1);
    assert_eq!(store.save_district(&small(), &mut |_, _, _| {}).await.unwrap_err().to_string(), StoreError::AlreadyHasDistrict.to_string());
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_versions_on_sqlite() {
    let db = TempDb::new("versions");
    versions(Store::open_sqlite_file(&db.path).await.unwrap()).await;
    let empty = TempDb::new("versions-empty");
    first_node_claims_the_district(Store::open_sqlite_file(&empty.path).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_versions_on_postgres() {
    let Some(db) = PgDb::create("versions").await else { return };
    versions(Store::open(&db.url).await.unwrap()).await;
    db.drop_database().await;
    let Some(empty) = PgDb::create("versions_empty").await else { return };
    first_node_claims_the_district(Store::open(&empty.url).await.unwrap()).await;
    empty.drop_database().await;
}
