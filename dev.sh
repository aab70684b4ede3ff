#!/usr/bin/env bash
# The two commands of the README:
#   ./dev.sh run    install what is missing, then start the desktop app on the embedded default
#   ./dev.sh test   install what is missing, then run every test (what CI runs)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

case "${1:-}" in
  run)
    ensure_system_packages
    ensure_rust
    ensure_wasm_bindgen
    cargo xtask build-ui
    cargo build -p wangge-desktop -p wangge-cli
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      cat >&2 <<MSG
No display: neither DISPLAY nor WAYLAND_DISPLAY is set, so the desktop window cannot open.
To run it headless on a virtual screen:   xvfb-run -a ./dev.sh run
To use the district without a window:     target/debug/wangge demo --db wangge.db
                                          target/debug/wangge stats --db wangge.db
MSG
      exit 2
    fi
    exec target/debug/wangge-desktop
    ;;
  test)
    ensure_system_packages
    ensure_rust
    ensure_wasm_bindgen
    ensure_tauri_driver
    eval "$(scripts/test-postgres.sh start)"
    trap 'scripts/test-postgres.sh stop' EXIT
    started=$(date +%s)
    # House guards first, so a formatting slip fails in seconds: the format, and the shared
    # domain and API types still building for the browser's wasm32.
    cargo fmt --all -- --check
    cargo check -p wangge-domain -p wangge-api --target wasm32-unknown-unknown --locked
    # The desktop app embeds ui/dist when it compiles (even under clippy: tauri's context macro
    # reads it), so the UI is built before every lint runs as an error. Its end-to-end test
    # drives the built binaries: build those next, then run every test of the workspace in one
    # go, on a virtual screen for the real window.
    cargo xtask build-ui
    cargo clippy --workspace --all-targets --locked -- -D warnings
    cargo build -p wangge-desktop -p wangge-cli
    # The package test runs `cargo xtask deb --no-build`: compile the Tauri bundler here, visibly.
    cargo build -p xtask --features deb
    export WANGGE_BIN="$PWD/target/debug/wangge" WANGGE_DESKTOP_BIN="$PWD/target/debug/wangge-desktop"
    run_with_display cargo test --workspace
    echo "all tests passed in $(( $(date +%s) - started )) s (after installs)"
    ;;
  *)
    echo "usage: ./dev.sh run | test" >&2
    exit 64
    ;;
esac
