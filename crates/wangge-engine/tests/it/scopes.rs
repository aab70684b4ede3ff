//! Who sees what, as a property (issue 11): random accounts — any role, rooted at any node of
//! the Small demo, unit handlers with a unit that owns the chosen ticket or not — against
//! random nodes and records, through every read operation of the engine and the writes a
//! seat can send. No answer names a node outside the account's part of the hierarchy; reads
//! of another part are refused; personal data (board rows, a ticket's history, an
//! enterprise's demands, a landlord's record, the audit trail) reaches only the roles whose
//! work needs it, and a
//! unit handler only its unit's tickets; every write the role, the unit or the place does
//! not allow is refused without a trace in the change log.

use std::cell::RefCell;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use wangge_domain::{Hierarchy, Level, NodeId, Role, Scope};
use wangge_engine::{Engine, Store};

use crate::support::{demo_on, NOW};

const SEED: u64 = 11;

/// The district and the records the cases pick from.
struct World {
    engine: Engine,
    tickets: Vec<i64>,
    enterprises: Vec<i64>,
    isolations: Vec<i64>,
    /// Let houses with a landlord: (landlord, house).
    lettings: Vec<(i64, i64)>,
}

/// One case: who asks (role, and a node of the given level as their root), about which node
/// (inside their part, or anywhere), and which records.
#[derive(Debug, Clone)]
struct Case {
    role: Role,
    root_level: usize,
    root: Index,
    target_inside: bool,
    target: Index,
    ticket: Index,
    enterprise: Index,
    isolation: Index,
    /// For a unit handler: whether its unit is an owner of the chosen ticket, or the owner of
    /// another ticket picked by `other_ticket`.
    owns_ticket: bool,
    other_ticket: Index,
    letting: Index,
}

fn cases() -> impl Strategy<Value = Case> {
    (
        (0..Role::ALL.len(), 0..Level::ALL.len(), any::<Index>(), any::<bool>(), any::<Index>()),
        (any::<Index>(), any::<Index>(), any::<Index>(), any::<bool>(), any::<Index>()),
        any::<Index>(),
    )
        .prop_map(
            |((role, root_level, root, target_inside, target), (ticket, enterprise, isolation, owns_ticket, other_ticket), letting)| Case {
                role: Role::ALL[role],
                root_level,
                root,
                target_inside,
                target,
                ticket,
                enterprise,
                isolation,
                owns_ticket,
                other_ticket,
                letting,
            },
        )
}

#[test]
fn no_read_shows_and_no_write_touches_anything_outside_the_account() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let world = runtime.block_on(async {
        let store = Store::open_sqlite_file(&dir.path().join("scopes.db")).await.unwrap();
        demo_on(&store, SEED).await;
        let engine = Engine::open(store, NOW).await.unwrap();
        let district = engine.district();
        let sorted = |mut ids: Vec<i64>| {
            ids.sort_unstable();
            ids
        };
        World {
            tickets: sorted(district.tickets.keys().copied().collect()),
            enterprises: sorted(district.enterprises.keys().copied().collect()),
            isolations: sorted(district.isolations.values().filter(|i| i.released_at.is_none()).map(|i| i.id).collect()),
            lettings: {
                let mut lettings: Vec<(i64, i64)> =
                    district.houses.values().filter_map(|h| h.rental.and_then(|r| r.landlord_id).map(|l| (l, h.id))).collect();
                lettings.sort_unstable();
                lettings
            },
            engine,
        }
    });
    assert!(!world.tickets.is_empty() && !world.enterprises.is_empty() && !world.isolations.is_empty() && !world.lettings.is_empty());
    let world = RefCell::new(world);
    let mut runner = TestRunner::new(Config { cases: 192, failure_persistence: None, ..Config::default() });
    let outcome = runner.run(&cases(), |case| {
        let mut world = world.borrow_mut();
        runtime.block_on(one_case(&mut world, &case))
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

async fn one_case(world: &mut World, case: &Case) -> Result<(), TestCaseError> {
    let hierarchy = world.engine.district().hierarchy.clone();
    let level = Level::ALL[case.root_level];
    let at_level: Vec<NodeId> = hierarchy.nodes().filter(|(_, n)| n.level == level).map(|(id, _)| id).collect();
    prop_assume!(!at_level.is_empty());
    let root = *case.root.get(&at_level);
    let target = if case.target_inside {
        *case.target.get(&hierarchy.subtree(root))
    } else {
        *case.target.get(&hierarchy.nodes().map(|(id, _)| id).collect::<Vec<_>>())
    };
    let engine = &world.engine;
    let owners_of = |id: i64| -> Vec<String> {
        let board = engine.ticket_detail(&engine.district_scope("test"), id, NOW).expect("the district's commander sees every ticket");
        board.row.owners
    };
    let ticket_id = *case.ticket.get(&world.tickets);
    let ticket_owners = owners_of(ticket_id);
    let scope = if case.role == Role::UnitHandler {
        let pool = if case.owns_ticket { ticket_owners.clone() } else { owners_of(*case.other_ticket.get(&world.tickets)) };
        prop_assume!(!pool.is_empty());
        Scope::unit_handler("probe", hierarchy.node(root).code.clone(), pool[0].clone())
    } else {
        Scope::new("probe", case.role, hierarchy.node(root).code.clone())
    };
    let handled = scope.handled_unit().map(str::to_owned);
    let inside = hierarchy.covers(root, target);
    let code = hierarchy.node(target).code.0.clone();

    // Figures, the map (and its full detail), warnings, enterprises by sector, the 红黑榜: aggregates to every role
    // (the board's rows and the 红黑榜's landlords only to roles that see people), inside only.
    let rental = wangge_api::RentalQuery { node: Some(code.clone()), standing: None };
    let detail = wangge_api::DetailMapRequest { code: Some(code.clone()) };
    let values = wangge_api::DetailValuesRequest { code: Some(code.clone()), metric: wangge_api::ChoroplethMetric::TicketsOverdue };
    let reads: [(&str, Result<Value, String>); 9] = [
        ("detail_map", json(engine.detail_map(&scope, &detail))),
        ("detail_values", json(engine.detail_values(&scope, &values))),
        ("detail_levels", json(engine.detail_levels(&scope, &detail))),
        ("rental_board", json(engine.rental_board(&scope, &rental, NOW))),
        ("stats", json(engine.stats(&scope, Some(&code)))),
        ("map_view", json(engine.map_view(&scope, Some(&code)))),
        ("warnings", json(engine.warnings(&scope, Some(&code)))),
        ("enterprise_breakdown", json(engine.enterprise_breakdown(&scope, Some(&code), NOW))),
        ("work_board", json(engine.work_board(&scope, &wangge_api::BoardFilter { node: Some(code.clone()), ..Default::default() }, NOW))),
    ];
    for (operation, answer) in reads {
        match answer {
            Ok(value) => {
                prop_assert!(inside, "{operation} of {code} answered {:?} rooted at {}", case.role, hierarchy.node(root).code);
                within(&hierarchy, root, &value, operation)?;
                if operation == "rental_board" && !case.role.sees_personal_data() {
                    prop_assert!(value["landlords"].as_array().is_some_and(Vec::is_empty), "{:?} got landlords", case.role);
                }
                if operation == "work_board" {
                    let rows = value["rows"].as_array().expect("a board has rows");
                    match &handled {
                        Some(unit) => prop_assert!(
                            rows.iter().all(|row| row["owners"].as_array().is_some_and(|o| o.iter().any(|o| o == unit.as_str()))),
                            "a handler of {unit} got another unit's ticket"
                        ),
                        None if !case.role.sees_personal_data() => prop_assert!(rows.is_empty(), "{:?} got board rows", case.role),
                        None => {}
                    }
                }
            }
            Err(error) => prop_assert!(!inside, "{operation} of {code} refused to {:?} inside its part: {error}", case.role),
        }
    }
    let as_of = engine.stats_as_of(&scope, Some(&code), NOW).await;
    prop_assert_eq!(as_of.is_ok(), inside, "stats_as_of of {}", code);

    // A ticket's detail and an enterprise's demands: personal data, inside only; a ticket
    // also to a handler of a unit that owns it.
    let ticket = &engine.district().tickets[&ticket_id];
    let ticket_place = match &ticket.micro_grid {
        Some(code) => hierarchy.id_of(code).expect("placed tickets lie in micro-grids"),
        None => hierarchy.root(),
    };
    let ticket_inside = hierarchy.covers(root, ticket_place);
    let owned = handled.as_ref().is_some_and(|unit| ticket_owners.contains(unit));
    let detail = engine.ticket_detail(&scope, ticket_id, NOW);
    prop_assert_eq!(detail.is_ok(), ticket_inside && (case.role.sees_personal_data() || owned), "ticket {} to {:?}", ticket_id, scope);

    let enterprise_id = *case.enterprise.get(&world.enterprises);
    let enterprise_place =
        hierarchy.id_of(&engine.district().enterprises[&enterprise_id].micro_grid).expect("enterprises lie in micro-grids");
    let enterprise = engine.enterprise_detail(&scope, enterprise_id, NOW);
    prop_assert_eq!(
        enterprise.is_ok(),
        hierarchy.covers(root, enterprise_place) && case.role.sees_personal_data(),
        "enterprise {} to {:?}",
        enterprise_id,
        case.role
    );

    // A landlord's record: personal data, to roles that see people where the landlord lets.
    let (landlord, let_house) = *case.letting.get(&world.lettings);
    let lets_inside =
        engine.district().lettings_of(landlord).any(|h| hierarchy.id_of(&h.micro_grid).is_some_and(|leaf| hierarchy.covers(root, leaf)));
    let record = engine.landlord_detail(&scope, landlord, NOW);
    prop_assert_eq!(record.is_ok(), lets_inside && case.role.sees_personal_data(), "landlord {} to {:?}", landlord, case.role);

    // The audit trail: its readers, and only rows of records in their part.
    match engine.audit(&scope, &wangge_api::AuditFilter { limit: Some(40), ..Default::default() }).await {
        Ok(rows) => {
            prop_assert!(case.role.reads_audit(), "{:?} read the audit trail", case.role);
            for row in rows {
                let place = place_of_record(engine, &hierarchy, &row.entity, row.entity_id);
                prop_assert!(
                    place.is_none_or(|p| hierarchy.covers(root, p)),
                    "audit row {} ({} {}) lies outside {}",
                    row.seq,
                    row.entity,
                    row.entity_id,
                    hierarchy.node(root).code
                );
            }
        }
        Err(error) => prop_assert!(!case.role.reads_audit(), "audit refused to {:?}: {error}", case.role),
    }

    // Writes that the role or the place does not allow are refused and leave no trace.
    let head = world.engine.last_seq();
    let version = wangge_api::TicketVersion { id: ticket_id, version: ticket.version };
    if !(case.role.commands() && ticket_inside) {
        let request = wangge_api::Reassign {
            tickets: vec![version],
            from_unit: None,
            to_unit: hierarchy.node(root).code.0.clone(),
            reason: "测试改派".into(),
        };
        prop_assert!(world.engine.reassign(&scope, &request, NOW).await.is_err(), "{:?} reassigned ticket {}", case.role, ticket_id);
    }
    if !((case.role.makes_changes() || owned) && ticket_inside) {
        let action = wangge_api::TicketAction::Suspend { reason: "测试挂起".into() };
        prop_assert!(world.engine.act(&scope, version, action, NOW).await.is_err(), "{:?} suspended ticket {}", case.role, ticket_id);
    }
    let isolation_id = *case.isolation.get(&world.isolations);
    let isolation_place =
        hierarchy.id_of(&world.engine.district().isolations[&isolation_id].micro_grid).expect("isolations lie in micro-grids");
    if !(case.role.makes_changes() && hierarchy.covers(root, isolation_place)) {
        let released = world.engine.release_isolation(&scope, isolation_id, NOW).await;
        prop_assert!(released.is_err(), "{:?} released isolation {}", case.role, isolation_id);
    }
    let house_place = hierarchy.id_of(&world.engine.district().houses[&let_house].micro_grid).expect("houses lie in micro-grids");
    if !(case.role.makes_changes() && hierarchy.covers(root, house_place)) {
        let item = world.engine.landlord_rules().items[0].wording.clone();
        let form = wangge_api::LandlordScoreForm { landlord_id: landlord, house_id: let_house, item, reason: "测试扣分".into() };
        let scored = world.engine.score_landlord(&scope, &form, NOW).await;
        prop_assert!(scored.is_err(), "{:?} scored landlord {} at house {}", case.role, landlord, let_house);
    }
    prop_assert_eq!(world.engine.last_seq(), head, "a refused write reached the change log");
    Ok(())
}

fn json<T: serde::Serialize, E: std::fmt::Display>(answer: Result<T, E>) -> Result<Value, String> {
    answer.map(|value| serde_json::to_value(value).expect("API types serialise")).map_err(|e| e.to_string())
}

/// Every node an answer names (by a `code` or `micro_grid` field anywhere in it) lies under
/// `root`. Unit codes such as `dept:market` name no node and pass.
fn within(hierarchy: &Hierarchy, root: NodeId, value: &Value, operation: &str) -> Result<(), TestCaseError> {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                if let ("code" | "micro_grid", Value::String(code)) = (key.as_str(), field) {
                    if let Some(id) = hierarchy.id(code) {
                        prop_assert!(hierarchy.covers(root, id), "{operation} names {code}, outside {}", hierarchy.node(root).code);
                    }
                }
                within(hierarchy, root, field, operation)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                within(hierarchy, root, item, operation)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Where a record named by the audit lies now; `None` for kinds placed through another
/// record (people, follow-ups) or no longer found.
fn place_of_record(engine: &Engine, hierarchy: &Hierarchy, entity: &str, id: i64) -> Option<NodeId> {
    let district = engine.district();
    match entity {
        "ticket" => district.tickets.get(&id).map(|t| t.micro_grid.as_ref().and_then(|c| hierarchy.id_of(c)).unwrap_or(hierarchy.root())),
        "house" => district.houses.get(&id).and_then(|h| hierarchy.id_of(&h.micro_grid)),
        "isolation" => district.isolations.get(&id).and_then(|i| hierarchy.id_of(&i.micro_grid)),
        "enterprise" => district.enterprises.get(&id).and_then(|e| hierarchy.id_of(&e.micro_grid)),
        _ => None,
    }
}

/// The audit trail as an administrator reads it (issue 11 item 6): the same rows as a
/// commander's, names, ID numbers and phones masked by their ends, a citizen's words and
/// exact places not shown, and no raw record.
#[tokio::test]
async fn an_administrator_reads_the_audit_trail_with_personal_fields_masked() {
    use wangge_domain::masking::{mask_id_number, mask_name, mask_phone};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite_file(&dir.path().join("audit.db")).await.unwrap();
    demo_on(&store, SEED).await;
    let mut engine = Engine::open(store, NOW).await.unwrap();
    let root = engine.district_ref().code;
    let commander = Scope::new("zhao", Role::Commander, root.as_str());
    // A resident registered through the engine, so that the log holds a person.
    let house_id = *engine.district().houses.keys().min().expect("the demo has houses");
    let person = wangge_domain::Person {
        id: 0,
        name: "欧阳娜娜".into(),
        id_number: "330402199001011234".into(),
        phone: "13800135678".into(),
        house_id,
        employer: None,
        version: 0,
    };
    engine.create(&commander, wangge_domain::Change::Person(person), NOW).await.unwrap();
    // And a ticket supervised, so that it holds a ticket.
    let mut ids: Vec<(i64, i64)> = engine.district().tickets.values().map(|t| (t.id, t.version)).collect();
    ids.sort_unstable();
    let mut supervised = false;
    for (id, version) in ids {
        let step = wangge_api::TicketAction::Supervise { note: "限期办结".into() };
        if engine.act(&commander, wangge_api::TicketVersion { id, version }, step, NOW).await.is_ok() {
            supervised = true;
            break;
        }
    }
    assert!(supervised, "some ticket of the demo is open");
    let administrator = Scope::new("guan", Role::Administrator, root.as_str());
    let field = |row: &wangge_api::AuditRow, label: &str| row.fields.iter().find(|f| f.label == label).map(|f| f.after.clone());
    for entity in ["person", "ticket"] {
        let filter = wangge_api::AuditFilter { entity: Some(entity.into()), limit: Some(3), ..Default::default() };
        let clear = engine.audit(&commander, &filter).await.unwrap();
        let masked = engine.audit(&administrator, &filter).await.unwrap();
        assert!(!clear.is_empty(), "the demo's log holds {entity} rows");
        assert_eq!(clear.iter().map(|r| r.seq).collect::<Vec<_>>(), masked.iter().map(|r| r.seq).collect::<Vec<_>>());
        for (clear, masked) in clear.iter().zip(&masked) {
            assert!(!clear.after.is_empty() && masked.after.is_empty() && masked.before.as_deref().is_none_or(str::is_empty));
            assert_eq!(clear.summary, masked.summary);
            if entity == "person" {
                let name = field(clear, "姓名").unwrap();
                assert_eq!(field(masked, "姓名").unwrap(), mask_name(&name));
                assert_ne!(field(masked, "姓名").unwrap(), name);
                assert_eq!(field(masked, "身份证号").unwrap(), mask_id_number(&field(clear, "身份证号").unwrap()));
                if let Some(phone) = field(clear, "电话").filter(|p| p != "—") {
                    assert_eq!(field(masked, "电话").unwrap(), mask_phone(&phone));
                }
            }
            // Every other field reads the same: a ticket's 督办, a place by name.
            for (shown, hidden) in clear.fields.iter().zip(&masked.fields) {
                assert_eq!(shown.label, hidden.label);
                match shown.label.as_str() {
                    "姓名" | "身份证号" | "电话" => {}
                    "地址" | "位置" | "诉求内容" | "体温" | "随访结果" => assert_eq!(hidden.after, "（本账号不显示）"),
                    _ => assert_eq!((&shown.before, &shown.after), (&hidden.before, &hidden.after), "{}", shown.label),
                }
            }
        }
    }
}
