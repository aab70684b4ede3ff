//! `GET /api/live`: a WebSocket per seat. It opens with `hello` (the account and its area's
//! figures as of a sequence number), then relays every catch-up of the server's engine as
//! the seat's [`SeatFeed`] words it (the desktop's events, decided in `wangge_engine::live`): `figures-changed` with the nodes within the seat's area, and
//! `log-advanced` with the new sequence number, in order; and the notices: `sla-breached`
//! (tickets within the area, never to a wall screen) and `warning-changed`. A seat too slow to keep up is
//! closed rather than silently skipped, and reconnects to a fresh `hello`.

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use tracing::Instrument;
use wangge_api::{ApiError, ErrorCode, LiveMessage};
use wangge_domain::accounts::Account;
use wangge_engine::accounts::account_view;
use wangge_engine::live::SeatFeed;

use super::{failure, Seat};
use crate::state::AppState;

/// WebSocket close code for "try again later" (RFC 6455 §7.4.1, 1013).
const TRY_AGAIN_LATER: u16 = 1013;

pub(crate) async fn live(State(state): State<AppState>, Extension(seat): Extension<Seat>, upgrade: WebSocketUpgrade) -> Response {
    let Ok(place) = state.live_seats.clone().try_acquire_owned() else {
        return failure(ApiError::new(ErrorCode::NotReady, "在线席位已满，请稍后再连"));
    };
    // The feed runs as a task of its own once upgraded: it keeps the request's span, so its
    // lines carry the id of the request that opened it.
    let span = tracing::Span::current();
    upgrade
        .on_upgrade(move |socket| {
            async move {
                if let Err(reason) = relay(socket, &state, &seat.account).await {
                    tracing::info!(account = %seat.account.name, "live feed closed: {reason}");
                }
                drop(place);
            }
            .instrument(span)
        })
        .into_response()
}

async fn relay(mut socket: WebSocket, state: &AppState, account: &Account) -> Result<(), String> {
    let scope = account.scope();
    let mut closing = state.closing.subscribe();
    // Joined under the engine's lock, with the picture: the live loop needs the lock to
    // catch up, so no advance falls between the picture and the first message.
    let (hello, _membership, mut updates) = {
        let engine = state.engine.read().await;
        let seq = engine.last_seq();
        let stats = engine.stats(&scope, None).map_err(|err| err.to_string())?;
        let account = account_view(&engine.district().hierarchy, account).map_err(|err| err.to_string())?;
        let (membership, updates) = state.live.join(SeatFeed::new(scope, seq));
        (LiveMessage::Hello { seq, account, stats: Box::new(stats) }, membership, updates)
    };
    send(&mut socket, &hello).await?;
    loop {
        tokio::select! {
            batch = updates.recv() => match batch {
                Some(messages) => {
                    for message in &messages {
                        send(&mut socket, message).await?;
                    }
                }
                // Dropped by the live loop: its backlog was full.
                None => {
                    let frame = CloseFrame { code: TRY_AGAIN_LATER, reason: "behind; reconnect".into() };
                    let _ = socket.send(Message::Close(Some(frame))).await;
                    return Err("fell behind the live loop".to_owned());
                }
            },
            () = stopping(&mut closing) => {
                let _ = socket.send(Message::Close(None)).await;
                return Ok(());
            }
            incoming = socket.recv() => match incoming {
                // A seat only listens; what it sends (pings are answered by the library) is
                // ignored until it closes.
                Some(Ok(Message::Close(_)) | Err(_)) | None => return Ok(()),
                Some(Ok(_)) => {}
            },
        }
    }
}

/// Completes when the server begins to stop (the watch's guard is not `Send`, so it is
/// dropped here, before the relay awaits anything else).
async fn stopping(closing: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = closing.wait_for(|closing| *closing).await;
}

async fn send(socket: &mut WebSocket, message: &LiveMessage) -> Result<(), String> {
    let text = serde_json::to_string(message).map_err(|err| err.to_string())?;
    socket.send(Message::Text(text.into())).await.map_err(|err| err.to_string())
}
