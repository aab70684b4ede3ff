//! The real streets and towns of 南湖区 (330402) with their 12-digit statistical zoning codes.
//!
//! These are public facts (GB/T 2260 and the statistical zoning codes), embedded here because
//! the shipped application carries no data files.

/// The district's 6-digit GB/T 2260 code.
pub const DISTRICT_CODE: &str = "330402";
pub const DISTRICT_NAME: &str = "南湖区";

/// Whether a street-level unit is an urban street (街道) or a town (镇); towns hold villages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreetKind {
    Street,
    Town,
}

pub struct StreetFact {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: StreetKind,
}

/// In code order, as the zoning table lists them.
pub const STREETS: [StreetFact; 13] = [
    StreetFact { code: "330402007000", name: "建设街道", kind: StreetKind::Street },
    StreetFact { code: "330402008000", name: "解放街道", kind: StreetKind::Street },
    StreetFact { code: "330402009000", name: "新嘉街道", kind: StreetKind::Street },
    StreetFact { code: "330402010000", name: "南湖街道", kind: StreetKind::Street },
    StreetFact { code: "330402011000", name: "新兴街道", kind: StreetKind::Street },
    StreetFact { code: "330402012000", name: "七星街道", kind: StreetKind::Street },
    StreetFact { code: "330402013000", name: "东栅街道", kind: StreetKind::Street },
    StreetFact { code: "330402014000", name: "城南街道", kind: StreetKind::Street },
    StreetFact { code: "330402015000", name: "长水街道", kind: StreetKind::Street },
    StreetFact { code: "330402100000", name: "凤桥镇", kind: StreetKind::Town },
    StreetFact { code: "330402101000", name: "余新镇", kind: StreetKind::Town },
    StreetFact { code: "330402103000", name: "新丰镇", kind: StreetKind::Town },
    StreetFact { code: "330402105000", name: "大桥镇", kind: StreetKind::Town },
];
