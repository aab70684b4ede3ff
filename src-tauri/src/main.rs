//! Wangge desktop command centre: the Tauri 2 shell. The window opens at once; the database
//! is opened (and on first start the demo district created, with progress on screen) in the
//! background; commands serve the engine's views; a poller pushes live figure changes and notices; the import dialog's
//! command imports files in the background.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// `say!(language, "中文", "English", …)` in every module: the texts written for a seat, in its language.
#[macro_use]
extern crate wangge_figures;

mod commands;
mod connection;
mod import;
mod live;
mod rental;
mod screening;
mod startup;
mod state;
mod wall;

use std::io::IsTerminal;
use std::time::Instant;

fn main() {
    let started = Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        // Colour codes only on a terminal, not in the log files tests keep.
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let wall = match wall::from_args(std::env::args()) {
        Ok(wall) => wall,
        Err(message) => {
            eprintln!("wangge-desktop: {message}");
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        .manage(state::AppState::new(started, wall))
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::map_view,
            commands::stats,
            commands::detail_map,
            commands::detail_values,
            commands::detail_levels,
            commands::locate,
            commands::figures_as_of,
            commands::export_briefing,
            commands::preview_briefing,
            commands::report_first_paint,
            commands::work_board,
            commands::ticket_detail,
            commands::enterprises,
            commands::enterprise_detail,
            commands::resumption_trend,
            commands::register_search,
            commands::reveal_person,
            commands::reveal_log,
            commands::warning_history,
            screening::screening_batches,
            screening::task_progress,
            screening::screening_work,
            screening::record_outcome,
            screening::verify_part,
            screening::import_screening,
            screening::export_screening,
            rental::rental_board,
            rental::landlord_detail,
            rental::score_landlord,
            commands::ticket_act,
            commands::reassign,
            commands::audit,
            commands::submit_ticket,
            commands::ticket_categories,
            import::import_file,
            commands::sign_in,
            commands::sign_out,
            commands::set_language,
            commands::set_server,
            commands::connect_server,
        ])
        .setup(move |app| {
            if wall.is_some() {
                use tauri::Manager;
                if let Some(window) = app.get_webview_window("main") {
                    // A wall shows the picture only: no frame, no title bar, the whole screen.
                    // Full screen is the window manager's to grant; a wall PC may run none,
                    // so the window is also sized to its monitor.
                    let monitor = window.current_monitor().ok().flatten();
                    let filled = window.set_decorations(false).and_then(|()| window.set_fullscreen(true)).and_then(|()| match &monitor {
                        Some(monitor) => {
                            window.set_position(*monitor.position())?;
                            window.set_size(*monitor.size())
                        }
                        None => Ok(()),
                    });
                    if let Err(error) = filled {
                        tracing::warn!(%error, "could not make the wall window full screen");
                    }
                }
                tracing::info!(dwell_secs = wall.map(|w| w.dwell_secs), "wall-screen mode");
            }
            match connection::remembered() {
                // Set to a server: the page connects; this machine's database stays closed.
                Some(url) => startup::publish(app.handle(), wangge_api::AppStatus::Server { url }),
                None => startup::open_once(app.handle()),
            }
            Ok(())
        })
        .build(tauri::generate_context!("../tauri.conf.json"));
    match result {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                close_database(handle);
            }
        }),
        Err(error) => {
            eprintln!("wangge-desktop: {error}");
            std::process::exit(1);
        }
    }
}

/// Folds the SQLite write-ahead log into the database file when the app exits, so the `.db`
/// file alone holds every committed change.
fn close_database(handle: &tauri::AppHandle) {
    use tauri::Manager;
    let state = handle.state::<state::AppState>();
    tauri::async_runtime::block_on(async {
        if let Some(loaded) = state.loaded.read().await.as_ref() {
            if let Err(error) = loaded.engine.store().checkpoint_and_close().await {
                tracing::warn!(%error, "could not checkpoint the database on exit");
            }
        }
    });
}
