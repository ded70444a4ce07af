//! `TestApp`: the real `zastita-app` binary on a real store in a temp dir, shown on an Xvfb
//! display and driven through `tauri-driver` → `WebKitWebDriver` → WebKitGTK, as an officer's
//! clicks and key presses would drive it. Each `TestApp::start` is one run of the app; dropping or
//! `quit`ting it closes the window (the app exits), so a second `start` on the same store is a
//! restart.
//!
//! Needs (installed by `scripts/setup`): `Xvfb`, `WebKitWebDriver` (Debian's webkit2gtk-driver)
//! and `tauri-driver` (`cargo install tauri-driver --locked`). Uses `$DISPLAY` when set, else
//! starts its own Xvfb.

pub mod steps;

use anyhow::{Context, Result, bail};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
pub use zastita_sync_tests::central::workspace_binary;

/// The screen size the tests run at (DESIGN §1: a 1280×800 tablet or laptop).
/// Tall enough to hold the window upright at 800×1280 too.
pub const SCREEN: &str = "1280x1280x24";

/// Where screenshots go: `$ZASTITA_SCREENSHOTS`, else `zastita-e2e-screenshots` in the temp dir.
pub fn screenshot_dir() -> PathBuf {
    std::env::var_os("ZASTITA_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("zastita-e2e-screenshots"))
}

/// The app binary under test: `$ZASTITA_APP_BIN`, else `zastita-app` beside this test's
/// target directory (`cargo build -p zastita-app` puts it there; scripts/test builds it first).
/// The app binary under test (see [`workspace_binary`]).
pub fn app_binary() -> Result<PathBuf> {
    workspace_binary("zastita-app", "ZASTITA_APP_BIN")
}

fn find_tool(name: &str) -> Result<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .with_context(|| format!("`{name}` not found: run scripts/setup"))
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A child process killed on drop. tauri-driver runs in a process group of its own, and the whole
/// group goes: killing tauri-driver alone left its WebKitWebDriver running after every test.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        // Give it a moment to clean up after itself (Xvfb removes its /tmp/.X<n>-lock on
        // SIGTERM, not on SIGKILL), then make sure.
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && matches!(self.0.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether X display `n` is in use: its lock file names a process that is still running. (A lock
/// left by a killed server is stale; Xvfb takes the display over.)
fn display_taken(n: u32) -> bool {
    std::fs::read_to_string(format!("/tmp/.X{n}-lock"))
        .ok()
        .and_then(|pid| pid.trim().parse::<u32>().ok())
        .is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists())
}

/// An X display for the app: `$DISPLAY`, or a private Xvfb that lives as long as this value.
pub struct Display {
    pub name: String,
    _xvfb: Option<Guard>,
}

impl Display {
    pub fn get() -> Result<Display> {
        if let Some(d) = std::env::var_os("DISPLAY").filter(|d| !d.is_empty()) {
            return Ok(Display {
                name: d.to_string_lossy().into_owned(),
                _xvfb: None,
            });
        }
        let xvfb = find_tool("Xvfb")?;
        for n in 90..140 {
            if display_taken(n) {
                continue;
            }
            let name = format!(":{n}");
            let child = Command::new(&xvfb)
                .args([&name, "-screen", "0", SCREEN, "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            let mut guard = Guard(child);
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if socket.exists() {
                    return Ok(Display {
                        name,
                        _xvfb: Some(guard),
                    });
                }
                if guard.0.try_wait()?.is_some() {
                    break; // lost a race for this display number; try the next
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        bail!("could not start Xvfb")
    }
}

/// One run of the app, driven through WebDriver.
pub struct TestApp {
    pub driver: WebDriver,
    _tauri_driver: Guard,
    /// How long from asking for the session until the first screen was on display.
    pub started_in: Duration,
}

impl TestApp {
    /// Start the app on the store in `store`, on `display`, and wait for its first screen.
    pub async fn start(display: &Display, store: &Path) -> Result<TestApp> {
        // reqwest (thirtyfour's client) is built without a crypto provider in this workspace.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let port = free_port()?;
        let native_port = free_port()?;
        let child = Command::new(find_tool("tauri-driver")?)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display.name)
            // The app inherits this: it runs on the test's store, never the user's.
            .env("ZASTITA_STORE", store)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting tauri-driver")?;
        let guard = Guard(child);
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("tauri-driver did not listen on {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut caps = Capabilities::new();
        caps.set(
            "tauri:options",
            serde_json::json!({"application": app_binary()?}),
        )?;
        let t = Instant::now();
        // tauri-driver listens before its WebKitWebDriver does; a session asked for in between
        // fails to connect. Ask again a few times before calling it a failure.
        let mut attempt = 0;
        let driver = loop {
            attempt += 1;
            match WebDriver::new(&url, caps.clone()).await {
                Ok(d) => break d,
                Err(e) if attempt < 5 => {
                    eprintln!("WebDriver session attempt {attempt} failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => return Err(e).context("starting a WebDriver session (the app)"),
            }
        };
        driver
            .query(By::Css("main[data-screen]:not([data-screen=\"loading\"])"))
            .wait(Duration::from_secs(30), Duration::from_millis(20))
            .first()
            .await
            .context("the app's first screen did not appear")?;
        let started_in = t.elapsed();
        Ok(TestApp {
            driver,
            _tauri_driver: guard,
            started_in,
        })
    }

    /// The element with `data-testid`, waiting for it to appear.
    /// Wait (up to 60 s: a round over HTTPS in a debug build) until the sync screen shows no
    /// round running and `pending` records waiting.
    pub async fn synced(&self, pending: u64) -> Result<()> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let running = !self
                .driver
                .find_all(By::Css("[data-testid=\"sync-progress\"]"))
                .await?
                .is_empty();
            let count = self.el("sync-pending").await?.attr("data-count").await?;
            if !running && count.as_deref() == Some(&pending.to_string()) {
                return Ok(());
            }
            anyhow::ensure!(
                std::time::Instant::now() < deadline,
                "sync never finished with {pending} pending (running: {running}, pending: {count:?})"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }

    pub async fn el(&self, testid: &str) -> Result<WebElement> {
        self.css(&format!("[data-testid=\"{testid}\"]")).await
    }

    /// Pick `value` in the <select> `testid` (inside `scope`, a CSS prefix, when not empty).
    pub async fn choose(&self, scope: &str, testid: &str, value: &str) -> Result<()> {
        self.css(&format!(
            "{scope} [data-testid=\"{testid}\"] option[value=\"{value}\"]"
        ))
        .await?
        .click()
        .await?;
        Ok(())
    }

    /// Type `text` into the field `testid` (inside `scope`, a CSS prefix, when not empty).
    pub async fn type_in(&self, scope: &str, testid: &str, text: &str) -> Result<()> {
        self.css(&format!("{scope} [data-testid=\"{testid}\"]"))
            .await?
            .send_keys(text)
            .await?;
        Ok(())
    }

    pub async fn css(&self, selector: &str) -> Result<WebElement> {
        self.driver
            .query(By::Css(selector))
            .wait(Duration::from_secs(15), Duration::from_millis(50))
            .first()
            .await
            .with_context(|| format!("no element {selector}"))
    }

    /// Wait until the screen `name` (the `data-screen` of the current screen) shows.
    pub async fn screen(&self, name: &str) -> Result<WebElement> {
        self.css(&format!("main[data-screen=\"{name}\"]")).await
    }

    pub async fn click(&self, testid: &str) -> Result<()> {
        let e = self.el(testid).await?;
        e.wait_until().clickable().await?;
        e.click().await?;
        Ok(())
    }

    pub async fn type_into(&self, testid: &str, text: &str) -> Result<()> {
        let e = self.el(testid).await?;
        e.clear().await?;
        e.send_keys(text).await?;
        Ok(())
    }

    /// Wait until `testid`'s text contains `needle`; returns the text.
    pub async fn text_contains(&self, testid: &str, needle: &str) -> Result<String> {
        self.text_where(testid, &format!("containing {needle:?}"), |t| {
            t.contains(needle)
        })
        .await
    }

    /// Wait until `testid`'s text satisfies `ok` (described as `what` in the failure); returns it.
    pub async fn text_where(
        &self,
        testid: &str,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self.el(testid).await?.text().await?;
            if ok(&text) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                bail!("{testid} never became {what}; last text: {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until `testid` has attribute `attr` = `value`.
    pub async fn attr_is(&self, testid: &str, attr: &str, value: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let got = self.el(testid).await?.attr(attr).await?;
            if got.as_deref() == Some(value) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("{testid}[{attr}] is {got:?}, expected {value:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Draw a zig-zag signature across the canvas `testid` with the mouse.
    pub async fn sign_on(&self, testid: &str) -> Result<()> {
        let pad = self.el(testid).await?;
        pad.scroll_into_view().await?;
        let mut chain = self
            .driver
            .action_chain()
            .move_to_element_with_offset(&pad, -120, 0)
            .click_and_hold();
        for i in 0..12 {
            let dy = if i % 2 == 0 { 25 } else { -25 };
            chain = chain.move_by_offset(20, dy);
        }
        chain.release().perform().await?;
        Ok(())
    }

    /// Save a screenshot of the window as `dir/name.png` (after a frame has been drawn).
    pub async fn screenshot(&self, dir: &Path, name: &str) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        self.driver
            .execute(
                // Two frames, so what was just changed is painted; WebKitGTK may not run frames
                // for a window that is not being painted, hence the timeout.
                "return await new Promise(r => { requestAnimationFrame(() => requestAnimationFrame(() => r(true))); setTimeout(() => r(false), 300); });",
                vec![],
            )
            .await?;
        self.driver
            .screenshot(&dir.join(format!("{name}.png")))
            .await?;
        Ok(())
    }

    /// Close the window: the app exits (and locks its session on the way out).
    pub async fn quit(self) -> Result<()> {
        self.driver.quit().await?;
        Ok(())
    }
}
