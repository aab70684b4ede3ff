# Installs what the project needs and is missing. Sourced by dev.sh; each step checks
# before it installs, so a second run costs seconds.

# Pinned tool versions. wasm-bindgen-cli must equal the wasm-bindgen of Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130
TAURI_DRIVER_VERSION=2.1.0

SYSTEM_PACKAGES=(
  build-essential pkg-config curl file libssl-dev libxdo-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev
  libayatana-appindicator3-dev
  xvfb xauth webkit2gtk-driver dbus-x11 at-spi2-core imagemagick
  chromium chromium-driver
  fonts-dejavu-core fonts-noto-cjk
  poppler-utils
  postgresql
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_system_packages() {
  local missing=()
  for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing system packages: ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"; else
      echo "cargo not found: install rustup first (https://rustup.rs), then run this again" >&2; return 1
    fi
  fi
  # rust-toolchain.toml pins the compiler and the wasm32 target; rustup installs them on first use.
  rustup show active-toolchain >/dev/null
  rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
}

ensure_wasm_bindgen() {
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    # Without --locked: its lockfile wants a crate version the registry here lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_tauri_driver() {
  # tauri-driver has no --version; cargo's own record of installs says which one is there.
  if ! cargo install --list | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
  fi
}

# Runs a command on a virtual X screen with a private session bus (WebKit wants one).
run_with_display() {
  local launcher=()
  if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null; then
    launcher=(dbus-run-session --)
  fi
  "${launcher[@]}" xvfb-run -a -s "-screen 0 1920x1080x24" "$@"
}
