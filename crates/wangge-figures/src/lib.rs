//! Every figure of a node, declared once.
//!
//! A figure (在管隔离, 复工率, …) is counted by the domain, recounted in SQL by the store,
//! carried on the wire by `wangge-api`, named in warning rules and shown by the UI. All of
//! them take the list of figures from [`with_figures!`]: each figure's name (the JSON field
//! of `wangge stats --json` and the word warning rules use, never shown to a person), its
//! group, its Chinese and English labels, and for a rate the two counts it divides.
//!
//! Why a crate of its own holding a declarative macro: the domain computes the counts and
//! must not know the wire types; `wangge-api` carries them to the wasm UI and must not know
//! the domain. A const table both could see would label the figures, but could not declare
//! the fields of the domain's `Counts` and the API's `Figures`: each would list them again by
//! hand and only a test would notice one missing. The macro instead hands the list to a macro
//! of the caller's, which writes the struct fields, the sums, the rate methods and the
//! conversion between the two, so a figure missing on one side does not compile. With no
//! dependency but serde (for [`Language`]) and no behaviour beyond the table, both layers (and the wasm UI) can depend
//! on it without learning anything else. [`FIGURES`] is generated here from the same list for
//! the consumers that go by name: labels, the UI's panel, the warning rules' vocabulary, the
//! store's recount check.
//!
//! Adding a figure is one entry in [`with_figures!`] plus its counting in the domain
//! (`Counts::of_own_records`) and in SQL (`wangge-store`'s recount, whose test fails until it
//! counts the new figure too).

mod language;
pub use language::Language;

/// Hands the declaration of every figure to the caller's macro `$then`, as
///
/// ```text
/// counts { $( $(#[doc = "…"])* name => Group("中文", "English"), )* }
/// rates  { $( $(#[doc = "…"])* name = part / whole => Group("中文", "English"), )* }
/// ```
///
/// Counts add up from children to parent. A rate is `part / whole` of two counts, undefined
/// when `whole` is zero, so it is derived whenever read and never stored nor summed. The
/// order is that of the fields of `wangge stats --json`.
#[macro_export]
macro_rules! with_figures {
    ($then:ident) => {
        $then! {
            counts {
                /// People registered as living in the area (实有人口): the residents of its
                /// houses, as the register holds them now.
                residents => Isolation("实有人口", "Residents"),
                /// Isolations in force at the instant, of every kind.
                isolations_active => Isolation("在管隔离", "Active isolations"),
                /// Of the active isolations, those in a centralised facility.
                isolations_active_centralised => Isolation("集中隔离", "In centralised isolation"),
                /// Of the active isolations, those at home.
                isolations_active_home => Isolation("居家隔离", "In home isolation"),
                /// Of the active isolations, those under home observation.
                isolations_active_home_observation => Isolation("居家观察", "Under home observation"),
                /// Started today (the local day of the instant), up to the instant.
                isolations_new_today => Isolation("今日新增隔离", "New isolations today"),
                /// Released today, up to the instant.
                isolations_released_today => Isolation("今日解除隔离", "Isolations released today"),
                /// Follow-up slots of active isolations past their grace period and not done.
                follow_ups_overdue => Isolation("随访超时", "Overdue follow-ups"),
                /// Follow-up slots of active isolations whose grace period has passed: the slots
                /// that should have been done by now (the denominator of follow-up compliance).
                follow_ups_due => Isolation("应随访", "Follow-ups due"),
                /// Of `follow_ups_due`, those done within their grace period with the person seen
                /// (well or unwell); a missed or unattempted visit does not count.
                follow_ups_done_on_time => Isolation("按时随访", "Follow-ups on time"),
                /// Enterprises registered in the area.
                enterprises_total => Resumption("企业总数", "Enterprises"),
                /// Partly or fully resumed.
                enterprises_resumed => Resumption("已复工企业", "Enterprises resumed"),
                /// Enterprises above the designated size (规模以上), whose resumption the
                /// reports single out.
                enterprises_above_size => Resumption("规上企业", "Enterprises above designated size"),
                /// Of those, partly or fully resumed.
                enterprises_above_size_resumed => Resumption("规上已复工", "Above-size enterprises resumed"),
                /// The headcount of all enterprises.
                workers_total => Resumption("职工总数", "Workers"),
                /// Workers back at resumed enterprises.
                workers_back => Resumption("已返岗职工", "Workers back"),
                /// Tickets received by the instant (a ticket waiting in triage counts nowhere).
                tickets_received => Tickets("受理工单", "Tickets received"),
                /// Of the received tickets, those accepted by their unit.
                tickets_accepted => Tickets("已签收工单", "Tickets accepted"),
                /// Of the received tickets, those resolved.
                tickets_resolved => Tickets("已办结工单", "Tickets resolved"),
                /// Of the resolved tickets, those resolved by their deadline.
                tickets_resolved_on_time => Tickets("按时办结工单", "Tickets resolved on time"),
                /// Received and not resolved.
                tickets_open => Tickets("未办结工单", "Open tickets"),
                /// Open tickets past their deadline.
                tickets_overdue => Tickets("超期工单", "Overdue tickets"),
                /// Let houses (出租房户数) in the area.
                rental_houses => Rental("出租房", "Rental houses"),
                /// Rooms let in them (出租房间数), as the rental register gives them.
                rental_rooms => Rental("出租房间", "Rental rooms"),
                /// People registered at let houses, their landlords excepted (登记租客).
                tenants => Rental("登记租客", "Registered tenants"),
                /// Let houses whose landlord is on the 红榜 (a 五好房东 included), counted per
                /// house (户), as the rental figures are: a landlord letting two houses counts at each.
                landlords_red_listed => Rental("红榜房东", "Landlords on the red list"),
                /// Let houses whose landlord is on the 黑榜, counted per house.
                landlords_black_listed => Rental("黑榜房东", "Landlords on the black list"),
            }
            rates {
                /// Active isolations over residents, in [0, 1]: how much of the area is under
                /// isolation, comparable between a micro-grid and a street.
                isolation_rate = isolations_active / residents => Isolation("隔离率", "Isolation rate"),
                /// Resumed enterprises over all enterprises, in [0, 1].
                resumption_rate = enterprises_resumed / enterprises_total => Resumption("复工率", "Resumption rate"),
                /// Resumed above-size enterprises over all above-size ones, in [0, 1].
                above_size_resumption_rate = enterprises_above_size_resumed / enterprises_above_size
                    => Resumption("规上复工率", "Above-size resumption rate"),
                /// Workers back over the headcount of all enterprises, in [0, 1].
                worker_return_rate = workers_back / workers_total => Resumption("返岗率", "Worker return rate"),
                /// Accepted tickets over received tickets, in [0, 1].
                acceptance_rate = tickets_accepted / tickets_received => Tickets("签收率", "Acceptance rate"),
                /// Resolved tickets over received tickets, in [0, 1].
                resolution_rate = tickets_resolved / tickets_received => Tickets("办结率", "Resolution rate"),
                /// Tickets resolved by their deadline over resolved tickets, in [0, 1].
                on_time_rate = tickets_resolved_on_time / tickets_resolved => Tickets("按时办结率", "On-time resolution rate"),
                /// Follow-up slots done on time (person seen) over the slots due by now, in [0, 1].
                follow_up_compliance_rate = follow_ups_done_on_time / follow_ups_due => Isolation("随访按时率", "Follow-up compliance"),
            }
        }
    };
}

/// The blocks the figures are shown in, as the articles on grid work talk about them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// 疫情防控 · 隔离: isolations and their follow-up visits.
    Isolation,
    /// 复工复产: enterprises and workers back.
    Resumption,
    /// 诉求工单: citizens' requests.
    Tickets,
    /// 出租房屋: let houses, their tenants, and landlords under the 房东十二分制.
    Rental,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::Isolation, Group::Resumption, Group::Tickets, Group::Rental];

    /// The title a person reads: Chinese, the language of every seat.
    pub fn title(self) -> &'static str {
        self.title_zh()
    }

    /// The title in a seat's language.
    pub fn title_in(self, language: Language) -> &'static str {
        language.pick(self.title_zh(), self.title_en())
    }

    pub fn title_zh(self) -> &'static str {
        match self {
            Group::Isolation => "疫情防控 · 隔离",
            Group::Resumption => "复工复产",
            Group::Tickets => "诉求工单",
            Group::Rental => "出租房屋",
        }
    }

    pub fn title_en(self) -> &'static str {
        match self {
            Group::Isolation => "Epidemic control · isolation",
            Group::Resumption => "Resumption of work",
            Group::Tickets => "Citizens' requests",
            Group::Rental => "Rental housing",
        }
    }

    /// The group's figures, counts first, in declaration order.
    pub fn figures(self) -> impl Iterator<Item = &'static Figure> {
        FIGURES.iter().filter(move |f| f.group == self)
    }
}

/// Whether a figure is a count or a rate of two counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A whole number that adds up from children to parent.
    Count,
    /// `part / whole`, undefined when `whole` is zero.
    Rate { part: &'static Figure, whole: &'static Figure },
}

/// One declared figure. Only [`with_figures!`] makes them (`non_exhaustive`), so a
/// `&Figure` is always one of [`FIGURES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Figure {
    /// snake_case: the field of `wangge stats --json`, the word warning rules use. Machines
    /// read it; people read [`Figure::label`].
    pub name: &'static str,
    pub group: Group,
    pub kind: Kind,
    pub label_zh: &'static str,
    pub label_en: &'static str,
}

impl Figure {
    /// The label a person reads: Chinese, the language of every seat.
    pub fn label(&self) -> &'static str {
        self.label_zh
    }

    /// The label in a seat's language.
    pub fn label_in(&self, language: Language) -> &'static str {
        language.pick(self.label_zh, self.label_en)
    }

    /// Whether a parent's value is the sum of its children's (every count; no rate).
    pub fn adds_up(&self) -> bool {
        matches!(self.kind, Kind::Count)
    }

    pub fn is_rate(&self) -> bool {
        matches!(self.kind, Kind::Rate { .. })
    }

    /// The figure of that name (`tickets_overdue`).
    pub fn named(name: &str) -> Option<&'static Figure> {
        FIGURES.iter().find(|f| f.name == name)
    }

    /// The figure of that name or Chinese label (`tickets_overdue` or `超期工单`).
    pub fn named_or_labelled(word: &str) -> Option<&'static Figure> {
        FIGURES.iter().find(|f| f.name == word || f.label_zh == word)
    }
}

/// One figure's value at one node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FigureValue {
    Count(u64),
    /// `None` when the rate has nothing to divide by: a rate of an empty set is not 0% nor 100%.
    Rate(Option<f64>),
}

impl FigureValue {
    /// The value as a number to compare (`None` for an undefined rate).
    pub fn as_f64(self) -> Option<f64> {
        match self {
            FigureValue::Count(n) => Some(n as f64),
            FigureValue::Rate(rate) => rate,
        }
    }
}

/// How a figure moved since an earlier value, as a reader reads it: a count by how many
/// ("+12", "−3"), a rate in percentage points to one decimal ("+0.4 个百分点"), "持平" when
/// unchanged, "—" when either value is undefined. One wording for the figures panel and the
/// briefings' headline table.
pub fn change_text(figure: &Figure, now: Option<f64>, then: Option<f64>) -> String {
    let (Some(now), Some(then)) = (now, then) else {
        return "—".to_string();
    };
    let sign = |x: f64| if x > 0.0 { "+" } else { "−" };
    if figure.is_rate() {
        let points = ((now - then) * 1000.0).round() / 10.0;
        if points == 0.0 {
            "持平".to_string()
        } else {
            format!("{}{:.1} 个百分点", sign(points), points.abs())
        }
    } else {
        let delta = now.round() as i64 - then.round() as i64;
        if delta == 0 {
            "持平".to_string()
        } else {
            format!("{}{}", sign(delta as f64), grouped(delta.unsigned_abs()))
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

macro_rules! table {
    (
        counts { $( $(#[$cdoc:meta])* $count:ident => $cgroup:ident($czh:literal, $cen:literal), )* }
        rates { $( $(#[$rdoc:meta])* $rate:ident = $part:ident / $whole:ident => $rgroup:ident($rzh:literal, $ren:literal), )* }
    ) => {
        /// Every figure as a constant under its own name, for code that names one
        /// (`figure::tickets_overdue.label()`): a misspelt name does not compile.
        #[allow(non_upper_case_globals)]
        pub mod figure {
            use super::{Figure, Group, Kind};
            $(
                $(#[$cdoc])*
                pub const $count: Figure =
                    Figure { name: stringify!($count), group: Group::$cgroup, kind: Kind::Count, label_zh: $czh, label_en: $cen };
            )*
            $(
                $(#[$rdoc])*
                pub const $rate: Figure = Figure {
                    name: stringify!($rate),
                    group: Group::$rgroup,
                    kind: Kind::Rate { part: &$part, whole: &$whole },
                    label_zh: $rzh,
                    label_en: $ren,
                };
            )*
        }

        /// Every figure in declaration order: the counts, then the rates.
        pub const FIGURES: &[Figure] = &[$(figure::$count,)* $(figure::$rate,)*];
    };
}

with_figures!(table);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_labels_are_each_used_once() {
        let picks: [fn(&Figure) -> &'static str; 3] = [|f| f.name, |f| f.label_zh, |f| f.label_en];
        for pick in picks {
            let mut seen: Vec<&str> = FIGURES.iter().map(pick).collect();
            seen.sort_unstable();
            let before = seen.len();
            seen.dedup();
            assert_eq!(seen.len(), before, "{seen:?}");
        }
    }

    #[test]
    fn no_label_is_an_internal_name() {
        for f in FIGURES {
            assert!(f.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", f.name);
            assert!(!f.label_zh.is_ascii() && !f.label_zh.contains('_'), "{} is labelled {:?}", f.name, f.label_zh);
            assert!(!f.label_en.contains('_') && f.label_en != f.name, "{} is labelled {:?}", f.name, f.label_en);
            assert_eq!(f.label(), f.label_zh, "Chinese by default");
        }
    }

    #[test]
    fn counts_come_first_and_rates_divide_two_counts() {
        let first_rate = FIGURES.iter().position(Figure::is_rate).expect("some rates");
        assert!(FIGURES[..first_rate].iter().all(Figure::adds_up));
        for f in &FIGURES[first_rate..] {
            let Kind::Rate { part, whole } = f.kind else { panic!("{} among the rates", f.name) };
            assert!(part.adds_up() && whole.adds_up() && part != whole, "{}", f.name);
            assert_eq!(Figure::named(part.name), Some(part));
        }
    }

    #[test]
    fn every_figure_is_in_one_group_and_found_by_name_or_label() {
        let grouped: usize = Group::ALL.iter().map(|g| g.figures().count()).sum();
        assert_eq!(grouped, FIGURES.len());
        assert!(Group::ALL.iter().all(|g| g.figures().next().is_some()));
        assert_eq!(Figure::named("workers_back"), Some(&figure::workers_back));
        assert_eq!(Figure::named_or_labelled("超期工单"), Some(&figure::tickets_overdue));
        assert_eq!(Figure::named("超期工单"), None);
        assert_eq!(Figure::named("cases"), None);
        assert_eq!(figure::resumption_rate.label(), "复工率");
    }
}
