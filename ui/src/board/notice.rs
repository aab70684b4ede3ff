//! The board's message line: what a write did, or why it did not happen (a conflict says so
//! and the rows already show the ticket as it stands now). `data-notice` is `ok`, `conflict`
//! or `error`; `data-error-code` names the code. Names and the backend's words in the message
//! are marked `translate="no"` ([`marked`], which the ticket's history and the audit rows use
//! too).

use leptos::prelude::*;
use wangge_api::ErrorCode;

use super::format;
use super::state::Board;

/// A text with the parts that are data (`data`: names, typed texts) each in a span marked
/// `translate="no"`, and the words around them left to the page's language.
pub(crate) fn marked(text: &str, data: &[String]) -> impl IntoView {
    format::data_pieces(text, data)
        .into_iter()
        .map(|(piece, is_data)| {
            let piece = piece.to_string();
            if is_data {
                view! { <span translate="no">{piece}</span> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}

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
                Some(ErrorCode::Conflict) => {
                    t!("工单已被他人更新，已显示最新状态：", "Someone else updated this ticket; it is shown as it stands now:")
                }
                Some(ErrorCode::InvalidInput) => t!("请求有误：", "Invalid request:"),
                Some(ErrorCode::Forbidden | ErrorCode::OutsideScope) => t!("无权操作：", "Not allowed:"),
                Some(ErrorCode::NotFound) => t!("未找到：", "Not found:"),
                Some(ErrorCode::NotReady) => t!("数据库仍在加载：", "The database is still loading:"),
                Some(ErrorCode::SignInRequired) => t!("请先登录：", "Please sign in first:"),
                Some(ErrorCode::TooManyAttempts) => t!("尝试过多：", "Too many attempts:"),
                Some(ErrorCode::Storage) => t!("数据库读写失败：", "Database read or write failed:"),
                Some(ErrorCode::Internal) => t!("程序内部错误：", "Internal error:"),
            };
            let message = marked(&notice.message, &notice.data);
            view! {
                <div class="board-notice" data-notice=kind
                    data-error-code=notice.code.map(|c| format!("{c:?}")).unwrap_or_default()>
                    <span>{headline} {message}</span>
                    <button class="notice-close" title=t!("关闭", "Close") on:click=move |_| board.notice.set(None)>"×"</button>
                </div>
            }
        })
    }
}
