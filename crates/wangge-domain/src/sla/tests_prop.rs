//! Property tests of working-time arithmetic and clocks, on the real 2025–2026 calendars.
//! Instants range from late 2024 to early 2027 so that the edges of the known years (where
//! the prefix table hands over to plain week arithmetic) are crossed often.

use proptest::prelude::*;

use crate::sla::date::LocalDate;
use crate::sla::tests::calendar;
use crate::sla::{ClockKind, SlaClock, SlaPolicy, WorkingCalendar};
use crate::time::Timestamp;

fn instant() -> impl Strategy<Value = Timestamp> {
    let lo = Timestamp::from_local(2024, 10, 1, 0, 0).secs();
    let hi = Timestamp::from_local(2027, 3, 1, 0, 0).secs();
    (lo..hi).prop_map(Timestamp)
}

/// Up to 40 working days of 7.5 h.
fn working_secs() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..4 * 3600, 0i64..40 * 27_000]
}

/// Working seconds in [a, b) counted day by day, independently of the prefix sums.
fn naive_between(cal: &WorkingCalendar, a: Timestamp, b: Timestamp) -> i64 {
    let mut total = 0;
    let mut date = LocalDate::of(a);
    while date.start() < b {
        if cal.is_working_day(date) {
            for &(open, close) in cal.hours().intervals() {
                let from = date.start().secs() + i64::from(open);
                let to = date.start().secs() + i64::from(close);
                total += (to.min(b.secs()) - from.max(a.secs())).max(0);
            }
        }
        date = date.succ();
    }
    total
}

/// A clock started at `start` with pauses at the given (offset, length) wall-clock seconds,
/// laid end to end after the start.
fn clock_with_pauses(start: Timestamp, target: i64, pauses: &[(i64, i64)]) -> SlaClock {
    let mut clock = SlaClock::start(ClockKind::Resolution, SlaPolicy::new(target), start);
    let mut t = start;
    for &(gap, length) in pauses {
        t = t.plus_secs(gap);
        clock.pause(t).expect("pause in order");
        t = t.plus_secs(length);
        clock.resume(t).expect("resume in order");
    }
    clock
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn working_secs_between_matches_a_day_by_day_count(a in instant(), span in 0i64..60 * 86_400) {
        let cal = calendar();
        let b = a.plus_secs(span);
        prop_assert_eq!(cal.working_secs_between(a, b), naive_between(&cal, a, b));
    }

    #[test]
    fn add_then_measure_gives_back_the_seconds(s in instant(), n in working_secs()) {
        let cal = calendar();
        prop_assert_eq!(cal.working_secs_between(s, cal.add_working_secs(s, n)), n);
        // And from an instant inside business hours, the case the SLA engine starts from.
        let open = cal.next_working_instant(s);
        prop_assert!(cal.is_working_instant(open));
        let end = cal.add_working_secs(open, n);
        prop_assert_eq!(cal.working_secs_between(open, end), n);
        // The answer is the earliest such instant.
        if n > 0 {
            prop_assert!(cal.working_secs_between(open, end.plus_secs(-1)) < n);
        }
    }

    #[test]
    fn more_seconds_never_give_an_earlier_instant(s in instant(), n in working_secs(), more in working_secs(), later in 0i64..30 * 86_400) {
        let cal = calendar();
        prop_assert!(cal.add_working_secs(s, n) <= cal.add_working_secs(s, n + more));
        prop_assert!(cal.add_working_secs(s, n) <= cal.add_working_secs(s.plus_secs(later), n));
        prop_assert!(cal.add_working_secs(s, n) >= s);
    }

    #[test]
    fn next_working_instant_skips_only_closed_time(t in instant()) {
        let cal = calendar();
        let next = cal.next_working_instant(t);
        prop_assert!(next >= t);
        prop_assert!(cal.is_working_instant(next));
        prop_assert_eq!(cal.working_secs_between(t, next), 0);
    }

    #[test]
    fn adding_a_pause_never_moves_the_deadline_earlier(
        start in instant(),
        target in working_secs(),
        pauses in prop::collection::vec((0i64..5 * 86_400, 0i64..5 * 86_400), 1..4),
        drop in 0usize..4,
    ) {
        let cal = calendar();
        let drop = drop % pauses.len();
        let with_all = clock_with_pauses(start, target, &pauses);
        // The same history without one of the pauses (its time merged into the running gap).
        let mut fewer = pauses.clone();
        let (gap, length) = fewer.remove(drop);
        if let Some(following) = fewer.get_mut(drop) {
            following.0 += gap + length;
        }
        let without = clock_with_pauses(start, target, &fewer);
        let (d_with, d_without) = (with_all.deadline(&cal), without.deadline(&cal));
        prop_assert!(d_with.is_some() && d_without.is_some());
        prop_assert!(d_with >= d_without, "with {:?} < without {:?}", d_with, d_without);
        // An open pause at the end never gives an earlier deadline either: None (unknown)
        // or, if the time had run out before it, the same deadline.
        let mut open = without.clone();
        let last = open.pauses().last().and_then(|p| p.to).unwrap_or(start);
        open.pause(last.plus_secs(gap)).expect("pause");
        prop_assert!(open.deadline(&cal).is_none_or(|d| Some(d) == d_without));
    }

    #[test]
    fn an_extension_never_moves_the_deadline_earlier(start in instant(), target in working_secs(), extra in 1i64..10 * 27_000, after in 0i64..10 * 86_400) {
        let cal = calendar();
        let plain = SlaClock::start(ClockKind::Resolution, SlaPolicy::new(target), start);
        let mut extended = plain.clone();
        extended.extend(start.plus_secs(after), extra, "审批人").expect("extend");
        prop_assert!(extended.deadline(&cal) > plain.deadline(&cal));
    }

    #[test]
    fn elapsed_plus_remaining_is_the_target(start in instant(), target in working_secs(), now_after in 0i64..20 * 86_400) {
        let cal = calendar();
        let clock = SlaClock::start(ClockKind::Acceptance, SlaPolicy::new(target), start);
        let now = start.plus_secs(now_after);
        prop_assert_eq!(clock.elapsed_working_secs_at(now, &cal) + clock.remaining_working_secs_at(now, &cal), target);
        prop_assert_eq!(clock.elapsed_working_secs_at(now, &cal), cal.working_secs_between(start, now));
    }
}
