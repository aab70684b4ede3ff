#!/usr/bin/env bash
# The desktop end-to-end test: builds what it needs (the wasm UI, the desktop app, the CLI)
# and runs tests/desktop under a virtual X screen. Screenshots land in tests/artifacts/.
#
#   scripts/desktop-e2e.sh            build, then run the test
#   SKIP_BUILD=1 scripts/desktop-e2e.sh   run against binaries already built
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "desktop-e2e: $1 is missing ($2)" >&2; exit 1; }
}
need xvfb-run "apt-get install xvfb xauth"
need WebKitWebDriver "apt-get install webkit2gtk-driver"
need wasm-bindgen "cargo install wasm-bindgen-cli --version <the version in Cargo.lock>"
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
need tauri-driver "cargo install tauri-driver --version 2.1.0 --locked"

if [ -z "${SKIP_BUILD:-}" ]; then
    step "building the UI (cargo xtask build-ui)"
    cargo xtask build-ui
    step "building the desktop app and the CLI (debug)"
    # The app embeds ui/dist at compile time, so it is built after the UI.
    cargo build -p wangge-desktop -p wangge-cli
fi

export WANGGE_BIN="${WANGGE_BIN:-$PWD/target/debug/wangge}"
export WANGGE_DESKTOP_BIN="${WANGGE_DESKTOP_BIN:-$PWD/target/debug/wangge-desktop}"

# WebKit wants a session bus for some services; give it a private one when none is running
# and dbus-launch exists. Without it the window still works, with warnings.
launcher=()
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null 2>&1; then
    launcher=(dbus-run-session --)
fi

step "running the desktop end-to-end test under Xvfb"
"${launcher[@]}" xvfb-run -a -s "-screen 0 1920x1080x24" \
    cargo test -p wangge-tests --test desktop -- --nocapture
