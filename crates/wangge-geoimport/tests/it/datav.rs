//! The DataV (GeoAtlas) Zhejiang files: GCJ-02, clockwise exteriors, nested `parent.adcode`.

use crate::common;

use std::path::PathBuf;

use geo::{BooleanOps, Translate};
use wangge_geoimport::check::area_m2;
use wangge_geoimport::gcj02::wgs84_to_gcj02;
use wangge_geoimport::winding::signed_area2;
use wangge_geoimport::{
    check, read_file, Candidate, CheckOptions, CoordSystem, FindingKind, ParentBoundary, PropertyMapping, ReadOptions, Report,
};

const FILES: [(&str, &str); 4] =
    [("330000_full.json", "330000"), ("330100_full.json", "330100"), ("330400_full.json", "330400"), ("330700_full.json", "330700")];

fn dir() -> Option<PathBuf> {
    common::testdata().map(|d| d.join("zhejiang/datav-anzhou99"))
}

fn datav(coords: CoordSystem) -> ReadOptions {
    ReadOptions { mapping: PropertyMapping::datav(), coords }
}

fn ring_findings(report: &Report, code: &str) -> usize {
    report
        .findings
        .iter()
        .filter(|f| f.code.as_deref() == Some(code))
        .filter(|f| {
            matches!(f.kind, FindingKind::SelfIntersection { .. } | FindingKind::UnclosedRing { .. } | FindingKind::TooFewPositions { .. })
        })
        .count()
}

#[test]
fn files_read_with_mapping_conversion_and_winding() {
    let Some(dir) = dir() else { return };
    for (file, parent) in FILES {
        let gcj = read_file(&dir.join(file), &datav(CoordSystem::Gcj02)).unwrap();
        let raw = read_file(&dir.join(file), &datav(CoordSystem::Wgs84)).unwrap();
        assert!(!gcj.is_empty());
        for (c, r) in gcj.iter().zip(&raw) {
            let code = c.code.as_deref().unwrap();
            assert!(code.len() == 6 && code.starts_with(&parent[..2]), "{file}: {code}");
            assert!(c.name.is_some(), "{file}: {code}");
            assert_eq!(c.parent.as_deref(), Some(parent), "{file}: {code}");
            // Every ring in these files is an exterior written clockwise.
            let rings: usize = c.boundary.0.iter().map(|p| 1 + p.interiors().len()).sum();
            assert_eq!(c.rewound_rings, rings, "{file}: {code}");
            assert!(c.boundary.0.iter().all(|p| signed_area2(p.exterior()) > 0.0));
            // Converted vertices map back onto the file's GCJ-02 positions.
            for (p, q) in c.boundary.0.iter().zip(&r.boundary.0) {
                for (w, g) in p.exterior().0.iter().zip(&q.exterior().0) {
                    let (lon, lat) = wgs84_to_gcj02(w.x, w.y);
                    assert!((lon - g.x).abs() < 1e-8 && (lat - g.y).abs() < 1e-8, "{file}: {w:?} vs {g:?}");
                    assert!((w.x - g.x).abs() > 1e-3, "{file}: GCJ-02 offset in Zhejiang is ~500 m");
                }
            }
        }
    }
}

#[test]
fn ningbo_and_zhoushan_self_intersect_the_rest_are_clean() {
    let Some(dir) = dir() else { return };
    let mut total = 0;
    for (file, _) in FILES {
        let candidates = read_file(&dir.join(file), &datav(CoordSystem::Gcj02)).unwrap();
        let report = check(&candidates, &CheckOptions::default());
        assert!(!report.blocks_import(), "{file}: {:#?}", report.errors().collect::<Vec<_>>());
        for c in &candidates {
            let code = c.code.as_deref().unwrap();
            let n = ring_findings(&report, code);
            total += n;
            if matches!(code, "330200" | "330900") {
                assert!(n > 0, "{file}: {code} should self-intersect");
            } else {
                assert_eq!(n, 0, "{file}: {code}: {:#?}", report.for_feature(c.index).collect::<Vec<_>>());
            }
        }
    }
    // 宁波: 1 pair of parts crossing; 舟山: 2 pairs (islands drawn over each other).
    assert_eq!(total, 3);
    let jiaxing = read_file(&dir.join("330400_full.json"), &datav(CoordSystem::Gcj02)).unwrap();
    assert!(jiaxing.iter().any(|c| c.code.as_deref() == Some("330402") && c.name.as_deref() == Some("南湖区")));
}

/// Sibling districts in one DataV file share their vertices exactly, so even with a zero
/// tolerance there is no overlap and no enclosed gap.
#[test]
fn siblings_of_one_file_neither_overlap_nor_leave_gaps() {
    let Some(dir) = dir() else { return };
    for (file, _) in FILES {
        let candidates = read_file(&dir.join(file), &datav(CoordSystem::Gcj02)).unwrap();
        let report = check(&candidates, &CheckOptions { area_tolerance_m2: 0.0, ..CheckOptions::default() });
        let area_findings: Vec<_> =
            report.findings.iter().filter(|f| matches!(f.kind, FindingKind::Overlap { .. } | FindingKind::Gap { .. })).collect();
        assert!(area_findings.is_empty(), "{file}: {area_findings:#?}");
    }
}

/// Moving one district ~100 m east must produce an overlap with its eastern neighbour and a
/// gap on its west side, each with an area and a location.
#[test]
fn a_shifted_district_overlaps_and_leaves_a_gap() {
    let Some(dir) = dir() else { return };
    let mut candidates = read_file(&dir.join("330400_full.json"), &datav(CoordSystem::Gcj02)).unwrap();
    let nanhu = candidates.iter().position(|c| c.code.as_deref() == Some("330402")).unwrap();
    candidates[nanhu].boundary = candidates[nanhu].boundary.translate(0.001, 0.0);
    let report = check(&candidates, &CheckOptions::default());
    let overlaps: Vec<_> = report.findings.iter().filter(|f| matches!(f.kind, FindingKind::Overlap { .. })).collect();
    let gaps: Vec<_> = report.findings.iter().filter(|f| matches!(f.kind, FindingKind::Gap { .. })).collect();
    assert!(!overlaps.is_empty() && !gaps.is_empty(), "{:#?}", report.findings);
    for f in overlaps.iter().chain(&gaps) {
        assert!(f.location.is_some());
        let area = match f.kind {
            FindingKind::Overlap { area_m2, .. } | FindingKind::Gap { area_m2 } => area_m2,
            _ => unreachable!(),
        };
        assert!(area >= CheckOptions::default().area_tolerance_m2);
    }
    assert!(overlaps.iter().all(|f| f.message.contains("330402")), "{overlaps:#?}");
}

fn city(province: &[Candidate], code: &str) -> ParentBoundary {
    let c = province.iter().find(|c| c.code.as_deref() == Some(code)).unwrap();
    ParentBoundary { code: code.into(), boundary: c.boundary.clone() }
}

/// The city outline in the province file is generalised more coarsely than the districts in
/// the city's own file: every district sticks out by slivers, and slivers of the city are in
/// no district. Both stay far below 1% of the areas involved; nothing is wholly outside.
#[test]
fn districts_against_their_city_outline() {
    let Some(dir) = dir() else { return };
    let province = read_file(&dir.join("330000_full.json"), &datav(CoordSystem::Gcj02)).unwrap();
    for (file, code) in &FILES[1..] {
        let parent = city(&province, code);
        let districts = read_file(&dir.join(file), &datav(CoordSystem::Gcj02)).unwrap();
        let report = check(&districts, &CheckOptions { parent: Some(parent.clone()), ..CheckOptions::default() });
        assert!(!report.blocks_import(), "{file}: {:#?}", report.errors().collect::<Vec<_>>());
        for c in &districts {
            let outside = area_m2(&c.boundary.difference(&parent.boundary));
            assert!(outside < 0.01 * area_m2(&c.boundary), "{file}: {:?} {outside}", c.code);
        }
        let gap_total: f64 =
            report.findings.iter().filter_map(|f| if let FindingKind::Gap { area_m2 } = f.kind { Some(area_m2) } else { None }).sum();
        assert!(gap_total < 0.01 * area_m2(&parent.boundary), "{file}: {gap_total}");
        // A district of another city is mostly outside: an error.
        let mut stray = districts.clone();
        stray.push(province.iter().find(|c| c.code.as_deref() == Some("331100")).unwrap().clone());
        let report = check(&stray, &CheckOptions { parent: Some(parent), siblings: false, ..CheckOptions::default() });
        assert!(report.errors().any(|f| matches!(f.kind, FindingKind::OutsideParent { .. }) && f.code.as_deref() == Some("331100")));
        assert!(report.errors().any(|f| matches!(f.kind, FindingKind::CodeNotUnderParent { .. }) && f.code.as_deref() == Some("331100")));
    }
}
