//! The import dialog (导入, in the header): boundaries (level, parent, CRS, the properties
//! naming codes and names, parents from codes, the district of a first import), the four
//! registers and 12345 hotline exports, from a path typed or pasted (there is no native file
//! picker: the shell has no dialog plugin). The shell imports in the background and sends
//! `import-progress`, shown as a bar while the window stays usable; the result shows the
//! counts, the first row errors or the boundary topology report, with 修复并导入 /
//! 接受警告并导入 / 取消 when warnings stopped it.
//!
//! Test hooks: `.import-dialog[data-busy]`, `.import-result[data-outcome][data-stored]
//! [data-rejected]`, `[data-error-row]`, `[data-finding-kind]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use wangge_api::{commands, ApiError, ImportKind, ImportOutcome, ImportReport, ImportRequest, Level, Progress};

use crate::bridge;

/// The latest `import-progress` event (provided as context by the app).
#[derive(Clone, Copy)]
pub struct ImportProgress(pub RwSignal<Option<Progress>>);

#[derive(Serialize)]
struct ImportArgs {
    request: ImportRequest,
}

/// The header button that opens the dialog. The header is drawn anew with every map, so
/// whether the dialog is open is kept by the caller, and the dialog lives outside the map.
#[component]
pub fn ImportButton(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <button class="metric-button import-open" data-import-open="true" on:click=move |_| open.set(true)>{t!("导入", "Import")}</button>
    }
}

/// The dialog while `open`: kept apart from the map, so that the map drawn again after an
/// import (areas are new) does not take the report away.
#[component]
pub fn ImportLayer(open: RwSignal<bool>) -> impl IntoView {
    move || open.get().then(|| view! { <ImportDialog on_close=Callback::new(move |_| open.set(false)) /> })
}

#[component]
fn ImportDialog(on_close: Callback<()>) -> impl IntoView {
    let progress = use_context::<ImportProgress>().map(|p| p.0).unwrap_or_else(|| RwSignal::new(None));
    let kind = RwSignal::new(ImportKind::Houses.as_str().to_string());
    let path = RwSignal::new(String::new());
    let encoding = RwSignal::new("auto".to_string());
    let good_rows = RwSignal::new(false);
    let level = RwSignal::new("grid".to_string());
    let parent = RwSignal::new(String::new());
    let gcj02 = RwSignal::new(false);
    let code_field = RwSignal::new("code".to_string());
    let name_field = RwSignal::new("name".to_string());
    let parent_rule = RwSignal::new(String::new());
    let district_code = RwSignal::new(String::new());
    let district_name = RwSignal::new(String::new());
    let micro_kind = RwSignal::new(String::new());
    let strict_codes = RwSignal::new(false);
    let mapping = RwSignal::new(String::new());
    let sheet = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<ImportReport, ApiError>>);
    let is_boundaries = move || kind.get() == ImportKind::Boundaries.as_str();

    let run = move |accept_warnings: bool, fix: bool| {
        if busy.get_untracked() {
            return;
        }
        let Some(k) = ImportKind::parse(&kind.get_untracked()) else { return };
        let request = ImportRequest {
            kind: k,
            path: path.get_untracked(),
            encoding: Some(encoding.get_untracked()).filter(|e| e != "auto"),
            good_rows: good_rows.get_untracked(),
            level: Some(level_of(&level.get_untracked())),
            parent: Some(parent.get_untracked()).filter(|p| !p.trim().is_empty()),
            gcj02: gcj02.get_untracked(),
            accept_warnings,
            fix,
            code_field: given(code_field),
            name_field: given(name_field),
            parent_from_code: given(parent_rule),
            district_code: given(district_code),
            district_name: given(district_name),
            micro_kind: given(micro_kind).filter(|_| level.get_untracked() == "micro_grid"),
            strict_codes: strict_codes.get_untracked(),
            mapping: given(mapping),
            sheet: given(sheet),
        };
        busy.set(true);
        result.set(None);
        progress.set(None);
        spawn_local(async move {
            let answer = bridge::invoke::<_, ImportReport>(commands::IMPORT_FILE, &ImportArgs { request }).await;
            let _ = result.try_set(Some(answer));
            let _ = busy.try_set(false);
        });
    };

    let kind_options = ImportKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str()>{k.label_in(crate::i18n::language())}</option> })
        .collect_view();
    let boundary_fields = move || {
        is_boundaries().then(|| {
            view! {
                <div class="intake-row import-boundary-fields">
                    <label class="intake-field">
                        <span class="dialog-label">{t!("层级", "Level")}</span>
                        <select class="import-level" prop:value=move || level.get()
                            on:change=move |e| level.set(event_target_value(&e))>
                            <option value="street">{t!("街道/乡镇", "Street")}</option>
                            <option value="community">{t!("社区/村", "Community")}</option>
                            <option value="grid">{t!("网格", "Grid")}</option>
                            <option value="micro_grid">{t!("微网格", "Micro-grid")}</option>
                        </select>
                    </label>
                    <TextField label=t!("上级编码（可空）", "Parent code (optional)") input_class="import-parent" value=parent />
                    <CheckField label=t!("坐标为 GCJ-02（高德/腾讯）", "Coordinates in GCJ-02 (Amap/Tencent)") input_class="import-gcj02" value=gcj02 />
                </div>
                <div class="intake-row import-boundary-fields">
                    <TextField label=t!("编码属性", "Code property") input_class="import-code-field" value=code_field />
                    <TextField label=t!("名称属性", "Name property") input_class="import-name-field" value=name_field />
                    <TextField label=t!("按编码找上级（prefix 或 regex:…，可空）", "Parent from code (prefix or regex:…, optional)") input_class="import-parent-rule" placeholder="prefix" value=parent_rule />
                    <CheckField label=t!("同一编码的多个要素不合并（报错）", "Do not merge features sharing a code (error)") input_class="import-strict-codes" value=strict_codes />
                </div>
                <div class="intake-row import-boundary-fields">
                    <TextField label=t!("区编码（首次导入街道时）", "District code (first import of streets)") input_class="import-district-code" value=district_code />
                    <TextField label=t!("区名称（首次导入街道时）", "District name (first import of streets)") input_class="import-district-name" value=district_name />
                    {move || (level.get() == "micro_grid").then(|| view! {
                        <label class="intake-field">
                            <span class="dialog-label">{t!("微网格类型（要素未注明时）", "Micro-grid type (where a feature has none)")}</span>
                            <select class="import-micro-kind" prop:value=move || micro_kind.get()
                                on:change=move |e| micro_kind.set(event_target_value(&e))>
                                <option value="">{t!("按要素的 kind 属性", "From the feature's kind property")}</option>
                                {micro_grid_kinds().into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                            </select>
                        </label>
                    })}
                </div>
            }
        })
    };
    // Tables: the same saved mapping file `wangge import … --mapping` takes, and the sheet.
    let table_fields = move || {
        (!is_boundaries()).then(|| {
            view! {
                <div class="intake-row import-table-fields">
                    <TextField label=t!(
                        "字段对应文件（可空；JSON，字段 → 列名，12345 工单还可对应类别和状态）",
                        "Field mapping file (optional; JSON, field → column; 12345 tickets can also map categories and statuses)"
                    ) input_class="import-mapping"
                        placeholder="/path/to/mapping.json" value=mapping />
                    <TextField label=t!("工作表（XLSX，可空）", "Sheet (XLSX, optional)") input_class="import-sheet" value=sheet />
                </div>
            }
        })
    };
    let progress_view = move || {
        busy.get().then(|| {
            let p = progress.get();
            // The stage is the backend's words, in the seat's language; before the first event,
            // the dialog's own.
            let (stage, done, total) = p.map(|p| (p.stage, p.done, p.total)).unwrap_or_else(|| (t!("开始", "Starting").into(), 0, 1));
            view! {
                <div class="import-progress" data-stage=stage.clone() data-done=done data-total=total>
                    <progress max=total.max(1) value=done></progress>
                    <span>
                        <span>{stage.clone()}</span>
                        {tf!("：{done}/{total}", ": {done}/{total}")}
                    </span>
                </div>
            }
        })
    };
    let result_view = move || {
        result.get().map(|answer| match answer {
            Err(error) => view! {
                <div class="import-result" data-outcome="error">
                    <p class="dialog-problem">{error.message}</p>
                </div>
            }
            .into_any(),
            Ok(report) => report_view(report, run, on_close).into_any(),
        })
    };

    view! {
        <div class="dialog-backdrop" on:keydown=move |e| if e.key() == "Escape" { on_close.run(()) }>
            <div class="intake-dialog import-dialog" role="dialog" aria-label=t!("导入", "Import")
                data-busy=move || busy.get().to_string()>
                <h3>{t!("导入", "Import")}</h3>
                <div class="intake-row">
                    <label class="intake-field">
                        <span class="dialog-label">{t!("类型", "Type")}</span>
                        <select class="import-kind" prop:value=move || kind.get()
                            on:change=move |e| kind.set(event_target_value(&e))>
                            {kind_options}
                        </select>
                    </label>
                    <label class="intake-field">
                        <span class="dialog-label">{t!("编码", "Encoding")}</span>
                        <select class="import-encoding" prop:value=move || encoding.get()
                            on:change=move |e| encoding.set(event_target_value(&e))>
                            <option value="auto">{t!("自动识别", "Auto-detect")}</option>
                            <option value="gbk">"GBK"</option>
                            <option value="utf-8">"UTF-8"</option>
                        </select>
                    </label>
                    <CheckField label=t!("只导入正确的行", "Import only the correct rows") input_class="import-good-rows" value=good_rows />
                </div>
                <TextField label=t!("文件路径（输入或粘贴；CSV/TSV/XLSX，边界为 GeoJSON）", "File path (type or paste; CSV/TSV/XLSX, boundaries as GeoJSON)") input_class="import-path"
                    placeholder="/path/to/file.csv" value=path />
                {boundary_fields}
                {table_fields}
                {progress_view}
                {result_view}
                <div class="dialog-buttons">
                    <button class="metric-button import-start" disabled=move || busy.get()
                        on:click=move |_| run(false, false)>{t!("开始导入", "Start import")}</button>
                    <button class="metric-button import-close" on:click=move |_| on_close.run(())>{t!("关闭", "Close")}</button>
                </div>
            </div>
        </div>
    }
}

fn report_view(report: ImportReport, run: impl Fn(bool, bool) + Copy + 'static, on_close: Callback<()>) -> impl IntoView {
    let outcome = match report.outcome {
        ImportOutcome::Imported => "imported",
        ImportOutcome::Refused => "refused",
        ImportOutcome::Cancelled => "cancelled",
        ImportOutcome::Unchanged => "unchanged",
    };
    let headline = match report.outcome {
        ImportOutcome::Imported => tf!(
            "已导入 {} 条（共 {} 行，拒绝 {} 行）",
            "Imported {} records ({} rows, {} rejected)",
            report.stored,
            report.rows,
            report.rejected
        ),
        ImportOutcome::Refused => tf!(
            "未导入：{} 行有错误（共 {} 行），全部或全不",
            "Not imported: {} rows have errors ({} rows; all or nothing)",
            report.rejected,
            report.rows
        ),
        ImportOutcome::Cancelled => {
            tf!("已取消：{} 条警告需确认，未写入", "Cancelled: {} warnings to confirm, nothing written", report.warnings())
        }
        ImportOutcome::Unchanged => t!("无需导入：所有要素均已是现状", "Nothing to import: every feature is already current").to_string(),
    };
    let summary = report.summary.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view();
    let errors = (!report.errors.is_empty()).then(|| {
        let rows = report
            .errors
            .iter()
            .map(|e| {
                view! {
                    <tr data-error-row=e.row>
                        <td>{e.row}</td><td translate="no">{e.column.clone()}</td><td translate="no">{e.value.clone()}</td><td>{e.reason.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="import-errors">
                <thead><tr><th>{t!("行", "Row")}</th><th>{t!("列", "Column")}</th><th>{t!("值", "Value")}</th><th>{t!("原因", "Reason")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let findings = (!report.findings.is_empty()).then(|| {
        let items = report
            .findings
            .iter()
            .map(|f| {
                let place = match (&f.code, f.location) {
                    (Some(code), Some([x, y])) => format!("{code} @ {x:.5},{y:.5}"),
                    (Some(code), None) => code.clone(),
                    (None, Some([x, y])) => format!("@ {x:.5},{y:.5}"),
                    (None, None) => f.feature.map(|i| tf!("要素 {i}", "Feature {i}")).unwrap_or_default(),
                };
                view! {
                    <li data-finding-kind=f.kind.clone() data-severity=f.severity.clone()>
                        <b>{if f.severity == "error" { t!("错误", "Error") } else { t!("警告", "Warning") }}</b>
                        " " <span>{finding_kind(&f.kind)}</span> " · " {place} " · " <span>{f.message.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="import-findings">{items}</ul> }
    });
    let fixes = report
        .fixes
        .iter()
        .map(|f| view! { <li class="import-fix-line">{t!("已修复：", "Fixed: ")}<span>{f.clone()}</span></li> })
        .collect_view();
    let choices = (report.outcome == ImportOutcome::Cancelled).then(|| {
        view! {
            <div class="dialog-buttons">
                <button class="metric-button import-fix" on:click=move |_| run(false, true)>{t!("修复并导入", "Fix and import")}</button>
                <button class="metric-button import-accept" on:click=move |_| run(true, false)>{t!("接受警告并导入", "Accept warnings and import")}</button>
                <button class="metric-button import-cancel" on:click=move |_| on_close.run(())>{t!("取消", "Cancel")}</button>
            </div>
        }
    });
    view! {
        <div class="import-result" data-outcome=outcome data-stored=report.stored data-rejected=report.rejected>
            <p class="import-headline">{headline} {tf!("（{:.1} 秒）", " ({:.1} s)", report.seconds)}</p>
            <ul class="import-summary">{summary}{fixes}</ul>
            {errors}
            {findings}
            {choices}
        </div>
    }
}

/// A labelled one-line text field bound to `value`; `input_class` is the test hook.
#[component]
fn TextField(
    label: &'static str,
    input_class: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    view! {
        <label class="intake-field">
            <span class="dialog-label">{label}</span>
            <input type="text" class=input_class placeholder=placeholder prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e)) />
        </label>
    }
}

/// A labelled checkbox bound to `value`; `input_class` is the test hook.
#[component]
fn CheckField(label: &'static str, input_class: &'static str, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="intake-field">
            <input type="checkbox" class=input_class prop:checked=move || value.get()
                on:change=move |e| value.set(event_target_checked(&e)) />
            <span>{label}</span>
        </label>
    }
}

/// A finding's kind (the code `wangge_api::BoundaryFinding::kind` carries) as the page's
/// language names it; a code this dialog does not know yet reads as a problem of another kind.
fn finding_kind(code: &str) -> &'static str {
    match code {
        "placement" => t!("无法归入层级", "Cannot be placed in the hierarchy"),
        "missing_code" => t!("缺少编码", "Missing code"),
        "missing_name" => t!("缺少名称", "Missing name"),
        "unclosed_ring" => t!("环未闭合", "Unclosed ring"),
        "too_few_positions" => t!("坐标点过少", "Too few positions"),
        "self_intersection" => t!("自相交", "Self-intersection"),
        "duplicate_code" => t!("编码重复", "Duplicate code"),
        "code_not_under_parent" => t!("编码不在上级之下", "Code not under its parent"),
        "parent_mismatch" => t!("上级不符", "Parent mismatch"),
        "outside_parent" => t!("超出上级范围", "Outside the parent"),
        "overlap" => t!("重叠", "Overlap"),
        "gap" => t!("缝隙", "Gap"),
        _ => t!("其他问题", "Other problem"),
    }
}

/// The kinds of micro-grid (四级网格) as `wangge import boundaries --micro-kind` names them,
/// with their names in the page's language.
fn micro_grid_kinds() -> [(&'static str, &'static str); 6] {
    [
        ("stairwell", t!("楼道", "Stairwell")),
        ("building", t!("楼宇", "Building")),
        ("street_segment", t!("街面", "Street frontage")),
        ("work_unit", t!("单位", "Work unit")),
        ("enterprise", t!("企业", "Enterprise")),
        ("villager_group", t!("村民小组", "Villager group")),
    ]
}

/// A text field's value, unless left empty.
fn given(field: RwSignal<String>) -> Option<String> {
    Some(field.get_untracked().trim().to_owned()).filter(|text| !text.is_empty())
}

fn level_of(text: &str) -> Level {
    match text {
        "street" => Level::Street,
        "community" => Level::Community,
        "micro_grid" => Level::MicroGrid,
        _ => Level::Grid,
    }
}
