//! Boundary imports in the seat's language: a broken file of grids (a feature without a code,
//! one naming a parent that does not exist, one crossing itself) is refused with its topology
//! findings, placement problems and fixes worded in the importing seat's language — English for
//! an English seat, with the names and codes it quotes as the file writes them; Chinese for a
//! Chinese seat. Nothing is written either way.

use geo::{BoundingRect, LineString, MultiPolygon};
use serde_json::{json, Value};
use wangge_domain::{Language, Level, Scope};
use wangge_engine::boundaries::geoimport::{CoordSystem, PropertyMapping, ReadOptions};
use wangge_engine::boundaries::{BoundaryOptions, BoundaryPlan};
use wangge_engine::boundary_file::{import_boundary_file, BoundaryFileRequest, BoundaryOutcome};
use wangge_engine::Engine;

use crate::support::{two_seats, NOW};

fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

fn polygons(shape: &MultiPolygon<f64>) -> Value {
    let ring = |r: &LineString<f64>| r.0.iter().map(|c| json!([c.x, c.y])).collect::<Vec<_>>();
    let parts: Vec<Vec<Vec<Value>>> =
        shape.0.iter().map(|p| std::iter::once(p.exterior()).chain(p.interiors()).map(ring).collect()).collect();
    json!({"type": "MultiPolygon", "coordinates": parts})
}

/// The grids of a community with at least three, as a file: the first names parent 999999, the
/// second is redrawn as a bow-tie across its bounds, the third has lost its code. Returns the
/// file's text and every name of the hierarchy (data, quoted as written in either language).
fn broken_grids(engine: &Engine) -> (String, Vec<String>) {
    let h = &engine.district().hierarchy;
    let community = h
        .nodes()
        .find(|(id, n)| n.level == Level::Community && h.children(*id).len() >= 3)
        .map(|(id, _)| id)
        .expect("a community with three grids");
    let mut features = Vec::new();
    for (i, &grid) in h.children(community).iter().enumerate() {
        let node = h.node(grid);
        let mut properties = json!({"code": node.code.0, "name": node.name, "parent": h.node(community).code.0});
        let mut geometry = polygons(&node.boundary);
        match i {
            0 => properties["parent"] = json!("999999"),
            1 => {
                let b = node.boundary.bounding_rect().unwrap();
                let (x0, y0, x1, y1) = (b.min().x, b.min().y, b.max().x, b.max().y);
                geometry = json!({"type": "Polygon", "coordinates": [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]]});
            }
            2 => properties["code"] = Value::Null,
            _ => {}
        }
        features.push(json!({"type": "Feature", "properties": properties, "geometry": geometry}));
    }
    // Longest first: a grid's name holds its community's.
    let mut names: Vec<String> = h.nodes().map(|(_, n)| n.name.clone()).collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    (json!({"type": "FeatureCollection", "features": features}).to_string(), names)
}

/// Every text of the plan a seat is shown: placement problems, findings, fixes.
fn texts(plan: &BoundaryPlan) -> Vec<String> {
    let problems = plan.problems.iter().map(|p| p.message.clone());
    problems.chain(plan.report.findings.iter().map(|f| f.message.clone())).chain(plan.fixes.iter().cloned()).collect()
}

#[tokio::test]
async fn a_broken_boundary_file_is_reported_in_the_seat_language() {
    let (dir, mut engine, _other) = two_seats(47).await;
    let chinese: Scope = engine.district_scope("importer");
    let english = Scope { language: Language::English, ..chinese.clone() };
    let (text, names) = broken_grids(&engine);
    let path = dir.path().join("grids.geojson");
    std::fs::write(&path, text).unwrap();
    let store = engine.store().clone();
    let before = engine.district().hierarchy.nodes().count();

    let mut told = Vec::new();
    for scope in [&chinese, &english] {
        for fix in [false, true] {
            let request = BoundaryFileRequest {
                path: path.clone(),
                read: ReadOptions {
                    mapping: PropertyMapping { code: "code".into(), name: "name".into(), parent: Some("parent".into()), kind: None },
                    coords: CoordSystem::Wgs84,
                },
                // As the desktop asks: the options carry the seat's language.
                options: BoundaryOptions { fix, language: scope.language, ..BoundaryOptions::new(Level::Grid, NOW.local_day_start()) },
                accept_warnings: false,
            };
            let done = import_boundary_file(&store, Some((&mut engine, scope)), &scope.account, &request, NOW).await.unwrap();
            assert_eq!((done.outcome, done.seqs.len()), (BoundaryOutcome::Refused, 0), "{:#?}", done.plan);
            let plan = done.plan.expect("the file is read and planned");
            // Committing a plan with errors is refused in the seat's language too.
            let refusal = engine.import_boundaries(scope, &plan, NOW).await.unwrap_err().into_api(scope.language).message;
            told.push((scope.language, fix, plan, refusal));
        }
    }
    assert_eq!(engine.district().hierarchy.nodes().count(), before, "nothing was written");

    for (language, fix, plan, refusal) in &told {
        let texts = texts(plan);
        assert!(texts.len() >= 3, "{language:?} fix {fix}: {texts:#?}");
        for text in texts.iter().chain([refusal]) {
            match language {
                Language::Chinese => assert!(has_chinese(text), "{text}"),
                // Names are data: an English text quotes them as written, and holds no other Chinese.
                Language::English => {
                    let bare = names.iter().fold(text.clone(), |t, name| t.replace(name.as_str(), ""));
                    assert!(!has_chinese(&bare), "{text}");
                }
            }
        }
        let said = |needle: &str| texts.iter().any(|t| t.contains(needle));
        match language {
            Language::Chinese => {
                assert!(said("上级 999999 不在层级中（请先导入社区/村）"), "{texts:#?}");
                assert!(said("：没有编码（请检查编码属性的设置）"), "{texts:#?}");
                assert!(refusal.starts_with("边界导入有 ") && refusal.ends_with("个错误，未写入任何内容"), "{refusal}");
            }
            Language::English => {
                assert!(said("parent 999999 is not in the hierarchy (import the community level first)"), "{texts:#?}");
                assert!(said(": no code (check the property mapping)"), "{texts:#?}");
                assert!(refusal.starts_with("the boundary import has ") && refusal.ends_with("errors; nothing was written"), "{refusal}");
            }
        }
        match (language, fix) {
            (Language::Chinese, false) => assert!(said("的外环自相交，共 1 处"), "{texts:#?}"),
            (Language::English, false) => assert!(said(" exterior ring crosses itself at 1 point"), "{texts:#?}"),
            (Language::Chinese, true) => assert!(said("1 处自相交已消除，图形按其围成的区域重建"), "{texts:#?}"),
            (Language::English, true) => assert!(said("1 self-intersection(s) resolved by rebuilding the figure"), "{texts:#?}"),
        }
    }

    // Both languages report the same things, only worded differently.
    let facts = |plan: &BoundaryPlan| {
        let problems: Vec<_> = plan.problems.iter().map(|p| (p.feature, p.code.clone())).collect();
        let findings: Vec<_> = plan.report.findings.iter().map(|f| (f.severity, f.feature, f.code.clone(), f.kind.clone())).collect();
        (problems, findings, plan.fixes.len())
    };
    for fix in [false, true] {
        let of = |language| told.iter().find(|(l, f, _, _)| *l == language && *f == fix).map(|(_, _, plan, _)| facts(plan)).unwrap();
        assert_eq!(of(Language::Chinese), of(Language::English), "fix {fix}");
    }
}
