//! `Central`: the real central-record server (`zastita-central`) on a free loopback port with
//! its own data directory and CA, and its admin CLI — what the station runs, for the app's
//! end-to-end sync test.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::workspace_binary;

pub struct Central {
    bin: PathBuf,
    data: tempfile::TempDir,
    server: Option<Child>,
    /// `https://127.0.0.1:PORT`, as the server printed it.
    pub url: String,
}

impl Central {
    /// `zastita-central init` on a new data directory, then `serve` on a free port.
    pub fn start() -> Result<Central> {
        let bin = workspace_binary("zastita-central", "ZASTITA_CENTRAL_BIN")?;
        let data = tempfile::tempdir()?;
        let mut central = Central {
            bin,
            data,
            server: None,
            url: String::new(),
        };
        central.admin(&["init"])?;
        central.serve()?;
        Ok(central)
    }

    fn serve(&mut self) -> Result<()> {
        let mut child = Command::new(&self.bin)
            .arg("--data")
            .arg(self.data.path())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting zastita-central serve")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let (tx, rx) = mpsc::channel();
        // Read (and keep draining) the server's output on a thread of its own.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.trim().strip_prefix("listening on ") {
                    let _ = tx.send(url.to_owned());
                }
            }
        });
        self.server = Some(child);
        self.url = rx
            .recv_timeout(Duration::from_secs(30))
            .context("zastita-central never said where it listens")?;
        Ok(())
    }

    /// Stop the server (the device then finds the central record unreachable).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Run an admin command on this central record's data; its standard output.
    pub fn admin(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.bin)
            .arg("--data")
            .arg(self.data.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("running zastita-central {args:?}"))?;
        if !out.status.success() {
            bail!(
                "zastita-central {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8(out.stdout)?)
    }

    pub fn admin_json(&self, args: &[&str]) -> Result<serde_json::Value> {
        let text = self.admin(args)?;
        serde_json::from_str(&text)
            .with_context(|| format!("zastita-central {args:?} printed no JSON: {text}"))
    }

    /// A one-time enrolment code for a device labelled `label`.
    pub fn enrollment_code(&self, label: &str) -> Result<String> {
        let v = self.admin_json(&[
            "device", "enroll", "--label", label, "--server", &self.url, "--json",
        ])?;
        v["code"]
            .as_str()
            .map(str::to_owned)
            .context("no code in `device enroll --json`")
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        self.stop();
    }
}
