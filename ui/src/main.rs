//! Wangge's command-centre UI: a Leptos client-side app compiled to wasm32 and shown by the
//! desktop shell. The pure parts (projection, colours, figure, board and audit formatting) also build on the
//! host, where their unit tests run.

// On the host nothing calls these outside their tests.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports, unused_macros))]
#[macro_use]
mod i18n;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod colours;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod detail_plane;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod enterprise_map;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod figures;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod notice_groups;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod projection;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod wall_playlist;

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod audit;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod board;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod as_of;
#[cfg(target_arch = "wasm32")]
mod batch_map;
#[cfg(target_arch = "wasm32")]
mod breadcrumb;
#[cfg(target_arch = "wasm32")]
mod bridge;
#[cfg(target_arch = "wasm32")]
mod briefing;
#[cfg(target_arch = "wasm32")]
mod centre;
#[cfg(target_arch = "wasm32")]
mod connection;
#[cfg(target_arch = "wasm32")]
mod detail_map;
#[cfg(target_arch = "wasm32")]
mod detail_paint;
#[cfg(target_arch = "wasm32")]
mod enterprises;
#[cfg(target_arch = "wasm32")]
mod hover;
#[cfg(target_arch = "wasm32")]
mod import;
#[cfg(target_arch = "wasm32")]
mod language_switch;
#[cfg(target_arch = "wasm32")]
mod legend;
#[cfg(target_arch = "wasm32")]
mod live;
#[cfg(target_arch = "wasm32")]
mod map;
#[cfg(target_arch = "wasm32")]
mod map_overlay;
#[cfg(target_arch = "wasm32")]
mod notices;
#[cfg(target_arch = "wasm32")]
mod panel;
#[cfg(target_arch = "wasm32")]
mod registers;
#[cfg(target_arch = "wasm32")]
mod rental;
#[cfg(target_arch = "wasm32")]
mod resumption_trend;
#[cfg(target_arch = "wasm32")]
mod screening;
#[cfg(target_arch = "wasm32")]
mod signin;
#[cfg(target_arch = "wasm32")]
mod status;
#[cfg(target_arch = "wasm32")]
mod wall;
#[cfg(target_arch = "wasm32")]
mod warning_history;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    language_switch::adopt(language_switch::remembered());
    leptos::mount::mount_to_body(app::App);
}

/// On the host there is no window to draw in; this binary exists so the pure modules and
/// their tests compile with `cargo test -p wangge-ui`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("wangge-ui is a wasm32 app: build it with `cargo xtask build-ui`.");
}
