//! tauri-driver in front of WebKitWebDriver, on free ports, with the app's environment (the
//! app inherits tauri-driver's). The whole process group goes when this is dropped, so a
//! failing test leaves no window behind.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct TauriDriver {
    child: Child,
    pub port: u16,
}

impl TauriDriver {
    /// Starts tauri-driver with `env` added to its environment and waits until it listens.
    pub fn start(program: &Path, env: &[(&str, String)], log: &Path) -> Result<TauriDriver, String> {
        let [port, native_port] = free_ports()?;
        let log_file = std::fs::File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
        let mut command = Command::new(program);
        command
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .stdout(Stdio::from(log_file))
            .stderr(Stdio::from(log_err))
            // Its own process group: dropping kills tauri-driver, WebKitWebDriver and the app.
            .process_group(0);
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().map_err(|e| format!("starting {}: {e}", program.display()))?;
        let driver = TauriDriver { child, port };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("tauri-driver did not listen on {port} within 15 s (log: {})", log.display()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Opens a WebDriver session that starts `app` (its window is the session's).
    pub async fn session(&self, app: &Path) -> Result<fantoccini::Client, String> {
        self.session_with_args(app, &[]).await
    }

    /// The same, starting `app` with command-line arguments.
    pub async fn session_with_args(&self, app: &Path, args: &[&str]) -> Result<fantoccini::Client, String> {
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app.display().to_string(), "args": args },
        });
        let capabilities = capabilities.as_object().cloned().ok_or("capabilities are not a JSON object")?;
        fantoccini::ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&self.url())
            .await
            .map_err(|e| format!("opening a WebDriver session on {}: {e}", app.display()))
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// Two distinct ports nobody listens on right now (the OS picks them). Both listeners are
/// held until both ports are known: asked one after the other, the OS may hand out the same
/// port twice, and WebKitWebDriver then cannot listen beside tauri-driver.
fn free_ports() -> Result<[u16; 2], String> {
    let bind = || TcpListener::bind(("127.0.0.1", 0)).map_err(|e| format!("finding a free port: {e}"));
    let (first, second) = (bind()?, bind()?);
    let port = |l: &TcpListener| l.local_addr().map(|a| a.port()).map_err(|e| e.to_string());
    Ok([port(&first)?, port(&second)?])
}
