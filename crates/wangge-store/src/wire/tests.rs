//! The stored formats against their committed fixtures, and domain → stored → domain round
//! trips of every kind of change.

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use wangge_domain::lifecycle::{Priority, Satisfaction, TicketEvent, TicketStatus};
use wangge_domain::*;

use super::{decode, encode, samples, DecodeError, FORMAT};

pub(super) const V1: &str = include_str!("fixtures/v1.jsonl");
pub(super) const V1_UNVERSIONED: &str = include_str!("fixtures/v1_unversioned.jsonl");

/// The samples as rows from before record versions (migration 0005) and node validity
/// (0003) read: what `fixtures/v1_unversioned.jsonl` must decode to.
pub(super) fn unversioned_samples() -> Vec<Change> {
    samples::all()
        .into_iter()
        .filter_map(|change| {
            Some(match change {
                Change::House(r) => Change::House(House { version: 0, ..r }),
                // A person's workplace came after versions: no unversioned row names one.
                Change::Person(r) if r.employer.is_some() => return None,
                Change::Person(r) => Change::Person(Person { version: 0, ..r }),
                Change::Isolation(r) => Change::Isolation(Isolation { version: 0, ..r }),
                Change::FollowUp(r) => Change::FollowUp(FollowUp { version: 0, ..r }),
                Change::Enterprise(r) => Change::Enterprise(Enterprise { version: 0, ..r }),
                Change::Task(r) => Change::Task(Task { version: 0, ..r }),
                Change::TaskItem(r) => Change::TaskItem(TaskItem { version: 0, ..r }),
                Change::Node(r) => Change::Node(Node { valid_from: None, valid_to: None, ..r }),
                // Tickets were versioned from the first, and landlords' marks came after
                // versions: there is no unversioned row of either.
                Change::Ticket(_) | Change::LandlordMark(_) => return None,
            })
        })
        .collect()
}

#[test]
fn the_format_1_fixture_reads_into_todays_domain_types() {
    let lines: Vec<&str> = V1.lines().collect();
    let samples = samples::all();
    assert_eq!(lines.len(), samples.len(), "one fixture line per sample");
    for (n, (line, sample)) in lines.iter().zip(&samples).enumerate() {
        let read = decode(1, line).unwrap_or_else(|e| panic!("fixture line {}: {e}", n + 1));
        assert_eq!(&read, sample, "fixture line {}", n + 1);
    }
}

#[test]
fn format_1_rows_from_before_versions_read_as_version_0() {
    let lines: Vec<&str> = V1_UNVERSIONED.lines().collect();
    let expected = unversioned_samples();
    assert_eq!(lines.len(), expected.len());
    for (n, (line, expected)) in lines.iter().zip(&expected).enumerate() {
        assert!(!line.contains("\"version\":") && !line.contains("\"valid_from\":"), "line {} is not a legacy row", n + 1);
        assert_eq!(&decode(1, line).unwrap_or_else(|e| panic!("legacy line {}: {e}", n + 1)), expected, "legacy line {}", n + 1);
    }
}

/// The point of the wire types: what is written is the committed format-1 text, byte for
/// byte, whatever the domain's own serde would say. Were the store to serialise domain types
/// again, the first rename in the domain would fail here instead of changing the log.
#[test]
fn writing_gives_the_format_1_fixture_byte_for_byte() {
    assert_eq!(FORMAT, 1, "a new format needs its own fixture and this test for it");
    for (n, (line, sample)) in V1.lines().zip(samples::all()).enumerate() {
        assert_eq!(encode(&sample).expect("encodes"), line, "fixture line {}", n + 1);
    }
}

/// The names of format 1 spelled out, checked against the fixture: a reader of a dumped log
/// (or of this test) learns the format without the code.
#[test]
fn the_format_1_names_are_those_of_the_fixture() {
    let fields: &[(&str, &[&str])] = &[
        ("node", &["code", "name", "level", "parent", "micro_kind", "boundary", "staff", "valid_from", "valid_to"]),
        ("house", &["id", "code", "micro_grid", "address", "location", "version"]),
        ("person", &["id", "name", "id_number", "phone", "house_id", "version"]),
        ("isolation", &["id", "person_id", "micro_grid", "kind", "started_at", "planned_end", "released_at", "version"]),
        ("follow_up", &["id", "isolation_id", "due_at", "done_at", "temperature_c", "result", "version"]),
        (
            "enterprise",
            &[
                "id",
                "name",
                "micro_grid",
                "sector",
                "above_designated_size",
                "headcount",
                "status",
                "resumed_at",
                "workers_back",
                "version",
            ],
        ),
        (
            "ticket",
            &[
                "id",
                "source",
                "category",
                "priority",
                "summary",
                "micro_grid",
                "location",
                "owning_unit",
                "received_at",
                "accepted_at",
                "resolved_at",
                "closed_at",
                "deadline",
                "status",
                "supervised",
                "version",
                "events",
            ],
        ),
        ("task", &["id", "title", "owner_unit", "created_at", "deadline", "version"]),
        ("task_item", &["id", "task_id", "person_name", "id_number", "address", "micro_grid", "outcome", "reported_at", "version"]),
        ("landlord_mark", &["id", "landlord_id", "house_id", "duty", "item", "points", "reason", "recorded_by", "recorded_at", "version"]),
    ];
    let events: &[(&str, &[&str])] = &[
        ("received", &["at", "unit"]),
        ("accepted", &["unit", "at"]),
        ("started", &["unit", "at"]),
        ("returned", &["unit", "at", "reason"]),
        ("suspended", &["at", "reason"]),
        ("resumed", &["at"]),
        ("extended", &["unit", "at", "working_secs", "approver"]),
        ("escalated", &["at", "to_unit", "reason"]),
        ("reassigned", &["at", "from_unit", "to_unit", "reason", "by"]),
        ("co_dispatched", &["at", "units"]),
        ("resolved", &["unit", "at", "note"]),
        ("return_visit", &["at", "satisfaction"]),
        ("closed", &["at"]),
        ("reopened", &["at", "reason"]),
        ("supervised", &["at", "by", "note"]),
    ];
    let added_later: &[(&str, &[&str])] = &[("house", &["rental"]), ("ticket", &["enterprise"]), ("person", &["employer"])];
    // Key order is checked by the byte-for-byte test; sets here, so serde_json's map type
    // (sorted or not, by feature) does not matter.
    let keys = |value: &Value| {
        let mut keys: Vec<String> = value.as_object().expect("an object").keys().cloned().collect();
        keys.sort();
        keys
    };
    let sorted = |names: &[&str]| {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort();
        names
    };
    let mut kinds_seen = std::collections::BTreeSet::new();
    let mut events_seen = std::collections::BTreeSet::new();
    for line in V1.lines() {
        let change: Value = serde_json::from_str(line).expect("the fixture is JSON");
        assert_eq!(keys(&change), ["kind", "record"]);
        let kind = change["kind"].as_str().expect("kind is text");
        let (_, expected) = fields.iter().find(|(k, _)| *k == kind).unwrap_or_else(|| panic!("unexpected kind {kind}"));
        // A field added after the format's first release is left out when unset.
        let optional = added_later.iter().find(|(k, _)| *k == kind).map_or(&[][..], |(_, fields)| *fields);
        let present: Vec<String> = keys(&change["record"]).into_iter().filter(|k| !optional.contains(&k.as_str())).collect();
        assert_eq!(present, sorted(expected), "{kind}");
        kinds_seen.insert(kind.to_string());
        for event in change["record"]["events"].as_array().into_iter().flatten() {
            let name = event["event"].as_str().expect("event is text");
            let (_, expected) = events.iter().find(|(e, _)| *e == name).unwrap_or_else(|| panic!("unexpected event {name}"));
            let mut expected = sorted(expected);
            expected.push("event".into());
            expected.sort();
            assert_eq!(keys(event), expected, "event {name}");
            events_seen.insert(name.to_string());
        }
        if kind == "node" {
            for polygon in change["record"]["boundary"].as_array().expect("boundary is an array") {
                assert_eq!(keys(polygon), ["exterior", "interiors"]);
                assert_eq!(keys(&polygon["exterior"][0]), ["x", "y"]);
            }
        }
        if kind == "house" {
            assert_eq!(keys(&change["record"]["location"]), ["x", "y"]);
        }
    }
    assert_eq!(kinds_seen.len(), fields.len(), "the fixture holds every kind");
    assert_eq!(events_seen.len(), events.len(), "the fixture holds every event");
}

#[test]
fn every_enum_text_of_the_domain_is_in_the_fixture() {
    // Not a format rule but a check that the samples cover every variant, so the fixture
    // pins the text of each.
    let all: Vec<Change> = samples::all();
    let has = |f: &dyn Fn(&Change) -> bool| all.iter().any(f);
    for &kind in IsolationKind::ALL {
        assert!(has(&|c| matches!(c, Change::Isolation(r) if r.kind == kind)), "{kind:?}");
    }
    for &result in FollowUpResult::ALL {
        assert!(has(&|c| matches!(c, Change::FollowUp(r) if r.result == Some(result))), "{result:?}");
    }
    for &status in ResumptionStatus::ALL {
        assert!(has(&|c| matches!(c, Change::Enterprise(r) if r.status == status)), "{status:?}");
    }
    for &duty in LandlordDuty::ALL {
        assert!(has(&|c| matches!(c, Change::LandlordMark(r) if r.duty == duty)), "{duty:?}");
    }
    for &source in TicketSource::ALL {
        assert!(has(&|c| matches!(c, Change::Ticket(r) if r.source == source)), "{source:?}");
    }
    for &category in TicketCategory::ALL {
        assert!(has(&|c| matches!(c, Change::Ticket(r) if r.category == category)), "{category:?}");
    }
    for status in TicketStatus::ALL {
        assert!(has(&|c| matches!(c, Change::Ticket(r) if r.status == status)), "{status:?}");
    }
    for priority in [Priority::Normal, Priority::Urgent] {
        assert!(has(&|c| matches!(c, Change::Ticket(r) if r.priority == priority)), "{priority:?}");
    }
    for satisfaction in [Satisfaction::Satisfied, Satisfaction::Neutral, Satisfaction::Dissatisfied] {
        let visited = |e: &TicketEvent| matches!(e, TicketEvent::ReturnVisit { satisfaction: s, .. } if *s == satisfaction);
        assert!(has(&|c| matches!(c, Change::Ticket(r) if r.events.iter().any(visited))), "{satisfaction:?}");
    }
    for &outcome in TaskOutcome::ALL {
        assert!(has(&|c| matches!(c, Change::TaskItem(r) if r.outcome == Some(outcome))), "{outcome:?}");
    }
    for level in Level::ALL {
        assert!(has(&|c| matches!(c, Change::Node(r) if r.level == level)), "{level:?}");
    }
    for kind in MicroGridKind::ALL {
        assert!(has(&|c| matches!(c, Change::Node(r) if r.micro_kind == Some(kind))), "{kind:?}");
    }
    for role in StaffRole::ALL {
        assert!(has(&|c| matches!(c, Change::Node(r) if r.staff.iter().any(|s| s.role == role))), "{role:?}");
    }
}

#[test]
fn an_unknown_or_malformed_format_is_refused_not_guessed() {
    let line = V1.lines().next().expect("a line");
    assert!(matches!(decode(2, line), Err(DecodeError::UnknownFormat(2))));
    assert!(matches!(decode(0, line), Err(DecodeError::UnknownFormat(0))));
    let renamed = line.replacen("\"micro_kind\"", "\"microKind\"", 1).replacen("\"level\":\"district\"", "\"level\":\"county\"", 1);
    assert!(matches!(decode(1, &renamed), Err(DecodeError::Malformed { format: 1, .. })));
    let error = super::decode_column(7, "before", 3, line).expect_err("format 3 is unknown");
    assert!(error.to_string().contains("change-log row 7 is in format 3"), "{error}");
}

fn round_trip(change: &Change) {
    let text = encode(change).unwrap_or_else(|e| panic!("{} {}: {e}", change.entity(), change.entity_id()));
    let back = decode(FORMAT, &text).unwrap_or_else(|e| panic!("{} {}: {e}\n{text}", change.entity(), change.entity_id()));
    assert_eq!(&back, change, "{text}");
}

#[test]
fn every_sample_survives_domain_to_stored_to_domain() {
    samples::all().iter().for_each(round_trip);
}

#[test]
fn every_record_of_the_demo_district_survives_domain_to_stored_to_domain() {
    let config = wangge_demo::DemoConfig { seed: 7, now: Timestamp(1_581_350_400), scale: wangge_demo::Scale::Small };
    let district = wangge_demo::generate(&config, &mut |_, _, _| {});
    let mut count = 0;
    let mut check = |change: Change| {
        round_trip(&change);
        count += 1;
    };
    district.hierarchy.nodes().for_each(|(_, n)| check(Change::Node(n.clone())));
    district.houses.values().for_each(|r| check(Change::House(r.clone())));
    district.people.values().for_each(|r| check(Change::Person(r.clone())));
    district.isolations.values().for_each(|r| check(Change::Isolation(r.clone())));
    district.follow_ups.values().for_each(|r| check(Change::FollowUp(r.clone())));
    district.enterprises.values().for_each(|r| check(Change::Enterprise(r.clone())));
    district.tickets.values().for_each(|r| check(Change::Ticket(r.clone())));
    district.tasks.values().for_each(|r| check(Change::Task(r.clone())));
    district.task_items.values().for_each(|r| check(Change::TaskItem(r.clone())));
    assert!(count > 1_000, "the demo district has records of every kind ({count})");
}

/// Random records of every kind, with the values serialisers get wrong more often than
/// hand-picked samples do: any finite float, any integer, any text.
struct Random(ChaCha8Rng);

impl Random {
    fn text(&mut self) -> String {
        const ALPHABET: &[char] =
            &['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u{0}', '\u{1f}', '\u{7f}', '网', '格', '🏠', '\u{2028}', 'é'];
        let len = self.0.gen_range(0..12);
        (0..len).map(|_| ALPHABET[self.0.gen_range(0..ALPHABET.len())]).collect()
    }

    fn float(&mut self) -> f64 {
        loop {
            let x = match self.0.gen_range(0..3) {
                0 => f64::from_bits(self.0.gen()),
                1 => self.0.gen_range(-180.0..180.0),
                _ => self.0.gen_range(35.0..42.0),
            };
            // JSON has no NaN or infinity; the domain never holds them in a record.
            if x.is_finite() {
                return x;
            }
        }
    }

    fn int(&mut self) -> i64 {
        match self.0.gen_range(0..4) {
            0 => self.0.gen(),
            1 => [i64::MIN, i64::MAX, 0, -1][self.0.gen_range(0..4)],
            _ => self.0.gen_range(-10_000..2_000_000_000),
        }
    }

    fn small(&mut self) -> u32 {
        if self.0.gen_bool(0.2) {
            self.0.gen()
        } else {
            self.0.gen_range(0..100)
        }
    }

    fn at(&mut self) -> Timestamp {
        Timestamp(self.int())
    }

    fn maybe<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.0.gen_bool(0.5) {
            Some(f(self))
        } else {
            None
        }
    }

    fn pick<T: Copy>(&mut self, values: &[T]) -> T {
        values[self.0.gen_range(0..values.len())]
    }

    fn code(&mut self) -> NodeCode {
        NodeCode(self.text())
    }

    fn point(&mut self) -> Point<f64> {
        Point::new(self.float(), self.float())
    }

    fn ring(&mut self) -> LineString<f64> {
        let len = self.0.gen_range(0..6);
        LineString((0..len).map(|_| Coord { x: self.float(), y: self.float() }).collect())
    }

    fn event(&mut self) -> TicketEvent {
        let at = self.at();
        match self.0.gen_range(0..15) {
            0 => TicketEvent::Received { at, unit: self.text() },
            1 => TicketEvent::Accepted { unit: self.text(), at },
            2 => TicketEvent::Started { unit: self.text(), at },
            3 => TicketEvent::Returned { unit: self.text(), at, reason: self.text() },
            4 => TicketEvent::Suspended { at, reason: self.text() },
            5 => TicketEvent::Resumed { at },
            6 => TicketEvent::Extended { unit: self.maybe(Self::text), at, working_secs: self.int(), approver: self.text() },
            7 => TicketEvent::Escalated { at, to_unit: self.text(), reason: self.text() },
            8 => TicketEvent::Reassigned { at, from_unit: self.text(), to_unit: self.text(), reason: self.text(), by: self.text() },
            9 => TicketEvent::CoDispatched { at, units: (0..self.0.gen_range(0..4)).map(|_| self.text()).collect() },
            10 => TicketEvent::Resolved { unit: self.text(), at, note: self.text() },
            11 => TicketEvent::ReturnVisit {
                at,
                satisfaction: self.pick(&[Satisfaction::Satisfied, Satisfaction::Neutral, Satisfaction::Dissatisfied]),
            },
            12 => TicketEvent::Closed { at },
            13 => TicketEvent::Reopened { at, reason: self.text() },
            _ => TicketEvent::Supervised { at, by: self.text(), note: self.text() },
        }
    }

    fn change(&mut self) -> Change {
        let id = self.int();
        match self.0.gen_range(0..10) {
            0 => Change::House(House {
                id,
                code: self.text(),
                micro_grid: self.code(),
                address: self.text(),
                location: self.point(),
                rental: (self.0.gen_range(0..2) == 1).then(|| Rental { rooms: self.small(), landlord_id: Some(self.int()) }),
                version: self.small(),
            }),
            1 => Change::Person(Person {
                id,
                name: self.text(),
                id_number: self.text(),
                phone: self.text(),
                house_id: self.int(),
                employer: (self.0.gen_range(0..2) == 1).then(|| self.int()),
                version: self.small(),
            }),
            2 => Change::Isolation(Isolation {
                id,
                person_id: self.int(),
                micro_grid: self.code(),
                kind: self.pick(IsolationKind::ALL),
                started_at: self.at(),
                planned_end: self.at(),
                released_at: self.maybe(Self::at),
                version: self.small(),
            }),
            3 => Change::FollowUp(FollowUp {
                id,
                isolation_id: self.int(),
                due_at: self.at(),
                done_at: self.maybe(Self::at),
                temperature_c: self.maybe(Self::float),
                result: self.maybe(|r| r.pick(FollowUpResult::ALL)),
                version: self.small(),
            }),
            4 => Change::Enterprise(Enterprise {
                id,
                name: self.text(),
                micro_grid: self.code(),
                sector: self.text(),
                above_designated_size: self.0.gen(),
                headcount: self.small(),
                status: self.pick(ResumptionStatus::ALL),
                resumed_at: self.maybe(Self::at),
                workers_back: self.small(),
                version: self.small(),
            }),
            5 => Change::Ticket(Ticket {
                id,
                source: self.pick(TicketSource::ALL),
                category: self.pick(TicketCategory::ALL),
                priority: self.pick(&[Priority::Normal, Priority::Urgent]),
                summary: self.text(),
                micro_grid: self.maybe(Self::code),
                location: self.maybe(Self::point),
                owning_unit: self.text(),
                received_at: self.at(),
                accepted_at: self.maybe(Self::at),
                resolved_at: self.maybe(Self::at),
                closed_at: self.maybe(Self::at),
                deadline: self.at(),
                status: self.pick(&TicketStatus::ALL),
                supervised: self.0.gen(),
                version: self.int(),
                enterprise: self.0.gen_bool(0.3).then(|| self.0.gen_range(1..10_000)),
                events: (0..self.0.gen_range(0..20)).map(|_| self.event()).collect(),
            }),
            6 => Change::Task(Task {
                id,
                title: self.text(),
                owner_unit: self.code(),
                created_at: self.at(),
                deadline: self.at(),
                verified: self.maybe(|r| Verification { by: r.text(), at: r.at() }),
                version: self.small(),
            }),
            7 => Change::TaskItem(TaskItem {
                id,
                task_id: self.int(),
                person_name: self.text(),
                id_number: self.text(),
                address: self.text(),
                micro_grid: self.maybe(Self::code),
                outcome: self.maybe(|r| r.pick(TaskOutcome::ALL)),
                reported_at: self.maybe(Self::at),
                version: self.small(),
            }),
            8 => Change::LandlordMark(LandlordMark {
                id,
                landlord_id: self.int(),
                house_id: self.int(),
                duty: self.pick(LandlordDuty::ALL),
                item: self.text(),
                points: self.0.gen(),
                reason: self.text(),
                recorded_by: self.text(),
                recorded_at: self.at(),
                version: self.small(),
            }),
            _ => Change::Node(Node {
                code: self.code(),
                name: self.text(),
                level: self.pick(&Level::ALL),
                parent: self.maybe(Self::code),
                micro_kind: self.maybe(|r| r.pick(&MicroGridKind::ALL)),
                // Built as the domain builds polygons (rings closed by Polygon::new).
                boundary: MultiPolygon(
                    (0..self.0.gen_range(0..3))
                        .map(|_| {
                            let exterior = self.ring();
                            let interiors = (0..self.0.gen_range(0..3)).map(|_| self.ring()).collect();
                            Polygon::new(exterior, interiors)
                        })
                        .collect(),
                ),
                staff: (0..self.0.gen_range(0..4))
                    .map(|_| StaffMember { role: self.pick(&StaffRole::ALL), name: self.text(), phone: self.text() })
                    .collect(),
                valid_from: self.maybe(Self::at),
                valid_to: self.maybe(Self::at),
            }),
        }
    }
}

#[test]
fn random_changes_of_every_kind_survive_domain_to_stored_to_domain() {
    let mut random = Random(ChaCha8Rng::seed_from_u64(13));
    let mut kinds = std::collections::BTreeSet::new();
    for _ in 0..5_000 {
        let change = random.change();
        kinds.insert(change.entity());
        round_trip(&change);
    }
    assert_eq!(kinds.len(), 10, "every kind was drawn");
}
