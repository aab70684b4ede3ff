//! An X display for the window: the one in DISPLAY (as under `xvfb-run`), or a private Xvfb
//! started here, so a plain `cargo test` also works on a machine without a screen.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::prereq::on_path;

/// A display; an Xvfb started here is stopped when this is dropped.
pub struct Display {
    pub name: String,
    xvfb: Option<Child>,
}

impl Display {
    pub fn acquire() -> Result<Display, String> {
        if let Some(name) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
            return Ok(Display { name, xvfb: None });
        }
        Display::private(1920, 1080)
    }

    /// An Xvfb of its own with a screen of `width`×`height`, whatever DISPLAY says (a wall
    /// is tested at its own size).
    pub fn private(width: u32, height: u32) -> Result<Display, String> {
        let xvfb = on_path("Xvfb").ok_or("no Xvfb (apt-get install xvfb)")?;
        let screen = format!("{width}x{height}x24");
        // -displayfd makes Xvfb choose a free display and print its number when ready.
        let mut child = Command::new(xvfb)
            .args(["-displayfd", "1", "-screen", "0", &screen, "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("starting Xvfb: {e}"))?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("Xvfb has no stdout")?;
        BufReader::new(stdout).read_line(&mut line).map_err(|e| format!("reading Xvfb's display: {e}"))?;
        let number = line.trim();
        if number.is_empty() {
            let _ = child.kill();
            return Err("Xvfb did not report a display".to_string());
        }
        Ok(Display { name: format!(":{number}"), xvfb: Some(child) })
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(child) = self.xvfb.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
