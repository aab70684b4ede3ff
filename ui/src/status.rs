//! What the window shows before and instead of the map: the progress of the first start's
//! demo load, and errors in words a commander can act on.

use leptos::prelude::*;
use wangge_api::{ApiError, ErrorCode, Progress};

/// The progress display while the database opens (and, on first start, the demo district
/// is created).
#[component]
pub fn LoadingScreen(progress: Progress) -> impl IntoView {
    let percent = if progress.total == 0 { 0.0 } else { progress.done as f64 * 100.0 / progress.total as f64 };
    view! {
        <div class="loading" data-status="loading">
            <h1>{t!("网格 · 指挥中心", "Wangge · Command centre")}</h1>
            <p class="loading-stage">{t!("正在准备数据：", "Preparing data: ")} <span translate="no">{progress.stage.clone()}</span></p>
            <div class="progress"><div class="progress-fill" style=format!("width: {percent:.1}%")></div></div>
            <p class="loading-count">{format!("{} / {} ({percent:.0}%)", progress.done, progress.total)}</p>
        </div>
    }
}

/// An error, explained by its code, with the backend's message underneath.
#[component]
pub fn ErrorBox(error: ApiError) -> impl IntoView {
    let headline = match error.code {
        ErrorCode::NotFound => t!("未找到该区域", "Area not found"),
        ErrorCode::OutsideScope | ErrorCode::Forbidden => t!("无权查看该区域", "You may not view this area"),
        ErrorCode::InvalidInput => t!("请求有误", "Invalid request"),
        ErrorCode::NotReady => t!("数据库仍在加载，请稍候", "The database is still loading, please wait"),
        ErrorCode::SignInRequired => t!("请先登录", "Please sign in first"),
        ErrorCode::TooManyAttempts => t!("尝试次数过多，请稍后再试", "Too many attempts, please try again later"),
        ErrorCode::Conflict => t!("记录已被他人修改", "The record was changed by someone else"),
        ErrorCode::Storage => t!("数据库读写失败", "Database read or write failed"),
        ErrorCode::Internal => t!("程序内部错误", "Internal error"),
    };
    view! {
        <div class="error" data-status="error" data-error-code=format!("{:?}", error.code)>
            <h2>{headline}</h2>
            <p>{error.message}</p>
        </div>
    }
}
