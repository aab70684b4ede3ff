//! The board's message line: what a write did, or why it did not happen (a conflict says so
//! and the rows already show the ticket as it stands now). `data-notice` is `ok`, `conflict`
//! or `error`; `data-error-code` names the code.

use leptos::prelude::*;
use wangge_api::ErrorCode;

use super::state::Board;

#[component]
pub fn NoticeLine(board: Board) -> impl IntoView {
    move || {
        board.notice.get().map(|notice| {
            let kind = match notice.code {
                None => "ok",
                Some(ErrorCode::Conflict) => "conflict",
                Some(_) => "error",
            };
            let headline = match notice.code {
                None => "",
                Some(ErrorCode::Conflict) => "工单已被他人更新，已显示最新状态：",
                Some(ErrorCode::InvalidInput) => "请求有误：",
                Some(ErrorCode::Forbidden | ErrorCode::OutsideScope) => "无权操作：",
                Some(ErrorCode::NotFound) => "未找到：",
                Some(ErrorCode::NotReady) => "数据库仍在加载：",
                Some(ErrorCode::SignInRequired) => "请先登录：",
                Some(ErrorCode::TooManyAttempts) => "尝试过多：",
                Some(ErrorCode::Storage) => "数据库读写失败：",
                Some(ErrorCode::Internal) => "程序内部错误：",
            };
            view! {
                <div class="board-notice" data-notice=kind
                    data-error-code=notice.code.map(|c| format!("{c:?}")).unwrap_or_default()>
                    <span>{headline} {notice.message.clone()}</span>
                    <button class="notice-close" title="关闭" on:click=move |_| board.notice.set(None)>"×"</button>
                </div>
            }
        })
    }
}
