//! Property tests: random event sequences either apply or are refused without changing the
//! state, and inserting a suspension never moves a deadline earlier.

use proptest::prelude::*;

use super::tests::*;
use crate::lifecycle::*;

const UNITS: [&str; 3] = ["A", "B", "C"];

/// Any event at minute `n`, over three units, legal or not.
fn event() -> impl Strategy<Value = TicketEvent> {
    let unit = || prop::sample::select(&UNITS[..]);
    let n = 0i64..3000;
    (0u8..15, unit(), unit(), n, 1i64..20_000).prop_map(|(kind, u, v, n, secs)| match kind {
        0 => rec(n, u),
        1 => acc(u, n),
        2 => start(u, n),
        3 => ret(u, n),
        4 => susp(n),
        5 => resume(n),
        6 => ext(if secs % 2 == 0 { Some(u) } else { None }, n, secs),
        7 => esc(n, u),
        8 => reas(n, u, v),
        9 => co(n, &[u, v][..1 + (secs % 2) as usize]),
        10 => res(u, n),
        11 => visit(n, Satisfaction::Neutral),
        12 => close(n),
        13 => reopen(n),
        _ => sup(n),
    })
}

proptest! {
    #[test]
    fn every_event_applies_or_leaves_the_state_intact(mut events in prop::collection::vec(event(), 1..40)) {
        events.sort_by_key(|e| e.at());
        let policies = SlaPolicies::default();
        let mut state = fresh();
        for event in &events {
            let copy = state.clone();
            match state.apply(event, &policies) {
                Ok(next) => {
                    prop_assert_eq!(next.last_event_at, Some(event.at()));
                    prop_assert_eq!(next.owners.len(), next.units.units.len(), "owners and clocks stay parallel");
                    state = next;
                }
                Err(e) => {
                    prop_assert_eq!(&state, &copy, "refusal {} changed the state", e);
                    prop_assert!(e.to_string().contains("ticket 17"));
                }
            }
        }
    }

    #[test]
    fn a_suspension_never_moves_a_deadline_earlier(
        accept in 0i64..600, pause_at in 0i64..3000, pause_len in 0i64..3000
    ) {
        let cal = calendar();
        let base = vec![rec(0, "A"), acc("A", accept)];
        let plain = fresh().replay(&base, &SlaPolicies::default()).unwrap();
        let mut paused_events = base.clone();
        let pause_at = accept + pause_at;
        paused_events.extend([susp(pause_at), resume(pause_at + pause_len)]);
        let paused = fresh().replay(&paused_events, &SlaPolicies::default()).unwrap();
        let before = plain.deadline(&cal).unwrap();
        let after = paused.deadline(&cal).unwrap();
        prop_assert!(after >= before, "citizen deadline moved from {} to {}", before, after);
        let unit = |s: &TicketState| s.unit_clocks("A").and_then(|u| u.resolution.deadline(&cal)).unwrap();
        prop_assert!(unit(&paused) >= unit(&plain));
    }
}
