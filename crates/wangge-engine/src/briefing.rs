//! Briefings (每日简报) of a node for a day: the figures as of the end of each day of the
//! period, computed from the records by the same function as the live figures, the node's
//! children as they were drawn on the day, and the files `wangge-brief` draws from them.
//!
//! A past day's briefing depends only on what the records say happened up to that day's end,
//! so it is the same file whenever it is made. The day of "now" is the exception: its figures
//! are those of now, and "数据截至" says so.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use wangge_api as api;
use wangge_brief::{BriefData, Child, Day, Format, Rendered, Template, UnitOnTime};
use wangge_domain::as_known::Rewind;
use wangge_domain::metrics::on_time_by_unit;
use wangge_domain::{District, Language, MetricsIndex, NodeId, Scope, Timestamp};
use wangge_figures::say;

use crate::engine::Engine;
use crate::error::EngineError;

/// What to brief: a node (the scope's root when `None`), a day, a template, the formats, and
/// whether each child gets its own briefing too.
pub struct BriefingRequest<'a> {
    pub code: Option<&'a str>,
    pub date: Date,
    pub template: &'a Template,
    pub formats: &'a [Format],
    pub children: bool,
}

/// One briefing written: whose it is and the files it became.
#[derive(Debug, Clone)]
pub struct WrittenBriefing {
    pub node: api::NodeRef,
    pub files: Vec<PathBuf>,
}

/// Reads `YYYY-MM-DD`; `what` names the field in the error (in Chinese: the command line's).
pub fn parse_date(what: &str, text: &str) -> Result<Date, EngineError> {
    parse_date_in(what, text, Language::Chinese)
}

/// [`parse_date`] refusing in `language`, for a seat.
pub(crate) fn parse_date_in(what: &str, text: &str, language: Language) -> Result<Date, EngineError> {
    text.trim().parse::<Date>().map_err(|_| {
        EngineError::InvalidInput(say!(
            language,
            "{what}：“{text}”不是日期，应写作 YYYY-MM-DD，例如 2026-12-01",
            "{what}: \"{text}\" is not a date; write it as YYYY-MM-DD, for example 2026-12-01"
        ))
    })
}

/// An instant to show figures as of: RFC 3339, Unix seconds, or a date meaning the end of that day (now,
/// for today: the end of today has not come). `what` names the field in the error, which is in
/// Chinese: only the command line reads an instant from text.
pub fn parse_as_of(what: &str, text: &str, now: Timestamp) -> Result<Timestamp, EngineError> {
    if let Ok(at) = text.trim().parse::<jiff::Timestamp>() {
        return Ok(Timestamp::from_jiff(at));
    }
    if let Ok(secs) = text.trim().parse::<i64>() {
        return Ok(Timestamp(secs));
    }
    let date = parse_date(what, text).map_err(|_| {
        EngineError::InvalidInput(format!("{what}：“{text}”既不是日期（YYYY-MM-DD）也不是带时区的时刻（如 2026-12-01T18:00:00+08:00）"))
    })?;
    Ok(day_end_of(date, now))
}

/// The figures of every node at some instants, each computed once and shared by every
/// briefing of a batch (a street and all its communities read the same days).
struct Instants {
    /// Oldest first; the last is the briefing's day.
    at: Vec<Timestamp>,
    indexes: Vec<MetricsIndex>,
    /// For each node briefed, the units that resolved its tickets by the day's end: code →
    /// (resolved, on time).
    units: HashMap<NodeId, BTreeMap<String, (u64, u64)>>,
}

impl Instants {
    fn day_end(&self) -> Timestamp {
        *self.at.last().expect("a briefing has at least its own day")
    }
}

impl Engine {
    /// The figures one briefing is drawn from: the node at the end of each of the
    /// template's days (and one day before them), its children on the day.
    pub async fn brief_data(
        &self,
        scope: &Scope,
        code: Option<&str>,
        date: Date,
        days: u32,
        now: Timestamp,
    ) -> Result<BriefData, EngineError> {
        let id = self.node_in_scope(scope, code)?;
        let instants = self.instants(date, days, id, &[id], now, scope.language).await?;
        self.brief_data_of(id, date, &instants).await
    }

    /// Draws the briefing of a node (and of each of its children when asked) and writes its
    /// files into `out`, which is created if missing. Briefings are drawn in parallel, one per
    /// core; `progress` hears of each one written. Returns what was written, node first.
    pub async fn export_briefings(
        &self,
        scope: &Scope,
        request: &BriefingRequest<'_>,
        out: &Path,
        now: Timestamp,
        progress: &(dyn Fn(api::Progress) + Sync),
    ) -> Result<Vec<WrittenBriefing>, EngineError> {
        let id = self.node_in_scope(scope, request.code)?;
        let mut nodes = vec![id];
        if request.children {
            let day_end = day_end_of(request.date, now);
            for &child in self.district().hierarchy.children(id) {
                if self.figure_at(child, day_end).await?.is_some() {
                    nodes.push(child);
                }
            }
        }
        let language = scope.language;
        let instants = self.instants(request.date, request.template.days, id, &nodes, now, language).await?;
        let mut briefs = Vec::with_capacity(nodes.len());
        for &node in &nodes {
            briefs.push((node, self.brief_data_of(node, request.date, &instants).await?));
        }
        std::fs::create_dir_all(out).map_err(|e| {
            EngineError::InvalidInput(say!(
                language,
                "无法创建输出文件夹 {}：{e}",
                "Cannot create the output folder {}: {e}",
                out.display()
            ))
        })?;
        let total = briefs.len() as u64;
        let done = std::sync::atomic::AtomicU64::new(0);
        let hierarchy = &self.district().hierarchy;
        briefs
            .par_iter()
            .map(|(node, data)| {
                let rendered = wangge_brief::output::render(data, request.template, request.formats)
                    .map_err(|e| drawing_failed(&data.unit_name, &e, language))?;
                let files = write_files(out, data, request.template, &rendered, request.formats, language)?;
                let done = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(api::Progress { stage: say!(language, "绘制简报", "Drawing briefings"), done, total });
                Ok(WrittenBriefing { node: crate::convert::node_ref(hierarchy, *node), files })
            })
            .collect()
    }

    /// The figures of a node and its children at the end of a day (now, for today or no
    /// day), with the node's at the end of the day before: the app's view of the past and its
    /// day-on-day change.
    pub async fn figures_as_of(&self, scope: &Scope, request: &api::AsOfRequest, now: Timestamp) -> Result<api::AsOfFigures, EngineError> {
        let id = self.node_in_scope(scope, request.code.as_deref())?;
        let date = match request.date.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(text) => parse_date_in("date", text, scope.language)?,
            None => now.local().date(),
        };
        let instants = self.instants(date, 1, id, &[], now, scope.language).await?;
        let hierarchy = &self.district().hierarchy;
        let [previous, on_the_day] = [&instants.indexes[0], &instants.indexes[1]];
        let figures = |index: &MetricsIndex, node: NodeId| crate::convert::figures(&index.metrics(node));
        let day_end = instants.day_end();
        let mut children = Vec::new();
        for &child in hierarchy.children(id) {
            if let Some((name, _)) = self.figure_at(child, day_end).await? {
                let node = hierarchy.node(child);
                children.push(api::ChildStats {
                    code: node.code.0.clone(),
                    name,
                    level: crate::convert::level(node.level),
                    metrics: figures(on_the_day, child),
                });
            }
        }
        Ok(api::AsOfFigures {
            node: crate::convert::node_ref(hierarchy, id),
            date: date.to_string(),
            data_as_of: data_as_of(date, day_end),
            live: day_end == now,
            metrics: figures(on_the_day, id),
            previous: figures(previous, id),
            children,
        })
    }

    /// The briefing of one node for a day, drawn for the screen: its pages as SVG.
    pub async fn preview_briefing(
        &self,
        scope: &Scope,
        request: &api::BriefingExport,
        now: Timestamp,
    ) -> Result<api::BriefingPreview, EngineError> {
        let template = bundled_template(&request.template, scope.language)?;
        let date = parse_date_in("date", &request.date, scope.language)?;
        let data = self.brief_data(scope, request.code.as_deref(), date, template.days, now).await?;
        let rendered =
            wangge_brief::output::render(&data, &template, &[]).map_err(|e| drawing_failed(&data.unit_name, &e, scope.language))?;
        Ok(api::BriefingPreview { pages: rendered.pages })
    }

    /// [`Engine::export_briefings`] as the app asks for it: a bundled template by name, the
    /// day as text; answers with the files written.
    pub async fn export_briefing(
        &self,
        scope: &Scope,
        request: &api::BriefingExport,
        out: &Path,
        now: Timestamp,
        progress: &(dyn Fn(api::Progress) + Sync),
    ) -> Result<api::ExportedBriefings, EngineError> {
        let template = bundled_template(&request.template, scope.language)?;
        let date = parse_date_in("date", &request.date, scope.language)?;
        let formats = Format::ALL;
        let briefing =
            BriefingRequest { code: request.code.as_deref(), date, template: &template, formats: &formats, children: request.children };
        let written = self.export_briefings(scope, &briefing, out, now, progress).await?;
        Ok(api::ExportedBriefings {
            folder: out.display().to_string(),
            briefings: written.len(),
            files: written.iter().flat_map(|w| w.files.iter().map(|f| f.display().to_string())).collect(),
        })
    }

    /// The end of each day the template shows, one day more before them; the briefing's day
    /// ends at 23:59:59, or now when it is today. A day after today has no figures yet.
    /// `briefed` are the nodes (all under `under`) whose units' resolutions are wanted; a
    /// refusal is worded in `language`.
    async fn instants(
        &self,
        date: Date,
        days: u32,
        under: NodeId,
        briefed: &[NodeId],
        now: Timestamp,
        language: Language,
    ) -> Result<Instants, EngineError> {
        let day = day_number(date);
        let today = now.local_day_number();
        if day > today {
            let today = now.local().date();
            return Err(EngineError::InvalidInput(say!(
                language,
                "简报日期 {date} 在今天（{today}）之后，还没有数据",
                "The briefing's date {date} is after today ({today}): there are no figures yet"
            )));
        }
        let at: Vec<Timestamp> = (0..=i64::from(days)).rev().map(|back| day_end_or_now(day - back, now)).collect();
        let mut units = HashMap::new();
        let day_end = *at.last().expect("at least the briefing's day");
        let indexes = self
            .indexes_as_known_at(&at, under, &mut |district| {
                for &node in briefed {
                    units.insert(node, on_time_by_unit(district, node, day_end));
                }
            })
            .await?;
        Ok(Instants { at, indexes, units })
    }

    /// The figures of `under` and every node below it at each instant (ascending), from the
    /// district as it was known then: the changes committed after an instant are undone
    /// before its figures are counted. `at_last` also sees the district as known at the last
    /// instant.
    pub(crate) async fn indexes_as_known_at(
        &self,
        at: &[Timestamp],
        under: NodeId,
        at_last: &mut (dyn FnMut(&District) + Send),
    ) -> Result<Vec<MetricsIndex>, EngineError> {
        let rules = self.metric_rules();
        let Some(&earliest) = at.first() else { return Ok(Vec::new()) };
        let undo = self.store().committed_after(earliest).await?;
        if undo.is_empty() {
            at_last(self.district());
            return Ok(at.par_iter().map(|&instant| MetricsIndex::build_under(self.district(), under, instant, rules)).collect());
        }
        let mut rewind = Rewind::new(self.district().clone_for_figures(), undo);
        let mut indexes = Vec::with_capacity(at.len());
        for (back, &instant) in at.iter().rev().enumerate() {
            let district = rewind.back_to(instant)?;
            if back == 0 {
                at_last(district);
            }
            indexes.push(MetricsIndex::build_under(district, under, instant, rules));
        }
        indexes.reverse();
        Ok(indexes)
    }

    async fn brief_data_of(&self, id: NodeId, date: Date, instants: &Instants) -> Result<BriefData, EngineError> {
        let hierarchy = &self.district().hierarchy;
        let node = hierarchy.node(id);
        let day_end = instants.day_end();
        let days = instants
            .at
            .iter()
            .zip(&instants.indexes)
            .map(|(&at, index)| Day { label: format!("{:02}-{:02}", at.local_date().1, at.local_date().2), counts: *index.counts(id) })
            .collect();
        let on_the_day = instants.indexes.last().expect("a briefing has at least its own day");
        let mut children = Vec::new();
        for &child in hierarchy.children(id) {
            let Some((name, boundary)) = self.figure_at(child, day_end).await? else { continue };
            let (warning, _) = self.warning_rules().evaluate(hierarchy.node(child).level, &on_the_day.metrics(child));
            children.push(Child { name, counts: *on_the_day.counts(child), boundary, warning });
        }
        // A unit retired or not yet drawn on the day keeps its records: it is briefed under
        // its current name.
        let unit_name = self.figure_at(id, day_end).await?.map_or_else(|| node.name.clone(), |(name, _)| name);
        Ok(BriefData {
            unit_name,
            unit_code: node.code.0.clone(),
            level_label: node.level.label_zh().to_string(),
            child_level_label: node.level.child().map(|level| level.label_zh().to_string()).unwrap_or_default(),
            date: date.to_string(),
            data_as_of: data_as_of(date, day_end),
            days,
            children,
            units: self.units_named(instants.units.get(&id)),
        })
    }

    /// Units' resolutions by name, every unit once (two codes of one name are added up).
    fn units_named(&self, tallies: Option<&BTreeMap<String, (u64, u64)>>) -> Vec<UnitOnTime> {
        let mut by_name: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for (code, (resolved, on_time)) in tallies.into_iter().flatten() {
            let tally = by_name.entry(self.units().name_of(&self.district().hierarchy, code)).or_default();
            tally.0 += resolved;
            tally.1 += on_time;
        }
        by_name.into_iter().map(|(name, (resolved, on_time))| UnitOnTime { name, resolved, on_time }).collect()
    }

    /// A node's name and boundary as they were drawn at `at`: the current figure, or the
    /// stored version a later redraw replaced; `None` when the node was not drawn then (not
    /// yet imported, or retired).
    async fn figure_at(&self, id: NodeId, at: Timestamp) -> Result<Option<(String, geo::MultiPolygon<f64>)>, EngineError> {
        let node = self.district().hierarchy.node(id);
        if node.is_valid_at(at) {
            return Ok(Some((node.name.clone(), node.boundary.clone())));
        }
        if node.valid_from.is_none_or(|from| from <= at) {
            return Ok(None);
        }
        let versions = self.store().node_versions(node.code.as_str()).await?;
        let covering = versions.into_iter().find(|v| v.valid_from.is_none_or(|from| from <= at) && at < v.valid_to);
        Ok(covering.map(|version| (version.name, version.boundary)))
    }
}

/// A bundled template by name, or the refusal (in `language`) naming the ones there are.
fn bundled_template(name: &str, language: Language) -> Result<Template, EngineError> {
    Template::bundled(name).ok_or_else(|| {
        let known: Vec<&str> = wangge_brief::template::BUNDLED.iter().map(|(name, _)| *name).collect();
        let known = known.join(language.pick("、", ", "));
        EngineError::InvalidInput(say!(
            language,
            "template：没有名为 {name} 的简报模板（有 {known}）",
            "template: there is no briefing template named {name} (there are {known})"
        ))
    })
}

/// A briefing that could not be drawn, named by its unit.
fn drawing_failed(unit: &str, error: &dyn std::fmt::Display, language: Language) -> EngineError {
    EngineError::InvalidInput(say!(language, "{unit}：{error}", "{unit}: {error}"))
}

/// Days since 1970-01-01 of a civil date.
fn day_number(date: Date) -> i64 {
    Timestamp::at_local(date.to_datetime(jiff::civil::Time::midnight())).local_day_number()
}

/// The instant figures of `date` are as of: the day's last second, or now for today (and
/// for a day still to come).
fn day_end_of(date: Date, now: Timestamp) -> Timestamp {
    day_end_or_now(day_number(date), now)
}

/// [`last_day_ends_in`] refusing in Chinese.
pub(crate) fn last_day_ends(days: Option<u32>, default: u32, most: u32, now: Timestamp) -> Result<Vec<Timestamp>, crate::EngineError> {
    last_day_ends_in(days, default, most, now, Language::Chinese)
}

/// The ends of the last `days` days (default `default`, 1 to `most`), oldest first, the last
/// being `now`: the instants a day-by-day view (复工进度, 预警记录) reads the district at. A
/// count out of range is refused in `language`.
pub(crate) fn last_day_ends_in(
    days: Option<u32>,
    default: u32,
    most: u32,
    now: Timestamp,
    language: Language,
) -> Result<Vec<Timestamp>, crate::EngineError> {
    let days = days.unwrap_or(default);
    if !(1..=most).contains(&days) {
        return Err(crate::EngineError::InvalidInput(say!(
            language,
            "天数：{days} 不在 1 到 {most} 之间",
            "Days: {days} is not between 1 and {most}"
        )));
    }
    let today = now.local_day_number();
    Ok((0..i64::from(days)).rev().map(|back| day_end_or_now(today - back, now)).collect())
}

/// [`day_end_of`] of a day number.
pub(crate) fn day_end_or_now(day: i64, now: Timestamp) -> Timestamp {
    if day >= now.local_day_number() {
        now
    } else {
        day_end(day)
    }
}

/// The last second of a local day: a record stamped at the next midnight belongs to the next day.
fn day_end(day: i64) -> Timestamp {
    Timestamp::start_of_local_day(day + 1).plus_secs(-1)
}

/// "2026-12-01 24:00" for a whole day, the time of day for today's briefing made before its end.
fn data_as_of(date: Date, at: Timestamp) -> String {
    let local = at.local();
    if at.plus_secs(1).local_day_number() != at.local_day_number() {
        format!("{date} 24:00")
    } else {
        format!("{date} {:02}:{:02}", local.hour(), local.minute())
    }
}

/// The files of one briefing, named `日期-编码-单位名称简报名`: one PDF, and one PNG and SVG per page.
fn write_files(
    out: &Path,
    data: &BriefData,
    template: &Template,
    rendered: &Rendered,
    formats: &[Format],
    language: Language,
) -> Result<Vec<PathBuf>, EngineError> {
    let stem = format!("{}-{}-{}{}", data.date, data.unit_code, safe_file_name(&data.unit_name), safe_file_name(&template.title));
    let mut files = Vec::new();
    let mut write = |name: String, bytes: &[u8]| -> Result<(), EngineError> {
        let path = out.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| EngineError::InvalidInput(say!(language, "无法写入 {}：{e}", "Cannot write {}: {e}", path.display())))?;
        files.push(path);
        Ok(())
    };
    if let Some(pdf) = &rendered.pdf {
        write(format!("{stem}.pdf"), pdf)?;
    }
    for (index, png) in rendered.png.iter().enumerate() {
        write(format!("{stem}-第{}页.png", index + 1), png)?;
    }
    if formats.contains(&Format::Svg) {
        for (index, svg) in rendered.pages.iter().enumerate() {
            write(format!("{stem}-第{}页.svg", index + 1), svg.as_bytes())?;
        }
    }
    Ok(files)
}

/// A name as a file name: characters no file system takes become "_".
pub(crate) fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_ends_one_second_before_the_next_local_midnight() {
        let date: Date = "2026-12-01".parse().unwrap();
        let end = day_end(day_number(date));
        assert_eq!(end.rfc3339(), "2026-12-01T23:59:59+08:00");
        assert_eq!(data_as_of(date, end), "2026-12-01 24:00");
        assert_eq!(data_as_of(date, Timestamp::from_local(2026, 12, 1, 17, 5)), "2026-12-01 17:05");
        assert_eq!(day_end(day_number(date)).plus_secs(1), Timestamp::from_local(2026, 12, 2, 0, 0));
    }

    #[test]
    fn a_date_that_is_no_date_is_named_in_the_error() {
        let err = parse_date("--date", "2026-02-30").unwrap_err().to_string();
        assert!(err.contains("--date") && err.contains("2026-02-30") && err.contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn file_names_lose_only_what_file_systems_refuse() {
        assert_eq!(safe_file_name("和睦街道/东片"), "和睦街道_东片");
        assert_eq!(safe_file_name("南湖区"), "南湖区");
    }
}
