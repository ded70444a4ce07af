//! The central record's web console in a real browser. [`Browser`]: Debian's `chromium`,
//! headless at 1366×768, driven through `chromedriver` (on a free port, killed with its process
//! group) by thirtyfour, trusting the test server's certificate by its public key alone
//! (`--ignore-certificate-errors-spki-list` with [`spki_sha256`], never a blanket ignore). Before
//! any page script runs, a watch records every CSP violation, script error, failed resource and
//! `console.error`/`console.warn` ([`Browser::problems`]); [`Browser::axe`] runs axe-core (from
//! `ui/node_modules`) on the page; [`Browser::screenshot`] saves a PNG. [`central_console`]
//! starts the real `zastita-central` binary (through `tests/sync`'s `Central`) and gives the
//! console's address and the pin; [`totp`] computes an authenticator's code from the secret the
//! setup screen shows, and [`Browser::sign_in`] / [`Browser::give_purpose`] drive the first
//! screens with key presses. The signed-in journeys (board, prosecutor, court) build on these.
//!
//! Needs (installed by `scripts/setup`): `chromium` and `chromium-driver` from Debian, and
//! `npm ci` in `ui/` (axe-core). The console's UI is embedded in the central binary (`npm run
//! build` in `ui/` before cargo).

use anyhow::{Context, Result, bail};
use base64::Engine;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
pub use zastita_sync_tests::central::{Backend, Central};

/// The office PC the console must serve (issue 15: 1366×768).
pub const DESK: (u32, u32) = (1366, 768);
/// A tablet held upright.
pub const TABLET: (u32, u32) = (800, 1280);

/// Where screenshots go: `$ZASTITA_SCREENSHOTS`, else `zastita-console-screenshots` in the temp
/// dir (a selection is copied to `docs/screenshots/`).
pub fn screenshot_dir() -> PathBuf {
    std::env::var_os("ZASTITA_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("zastita-console-screenshots"))
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// axe-core as `npm ci` installed it (a pinned devDependency of `ui/`).
pub fn axe_source() -> Result<String> {
    let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .with_context(|| format!("{} is missing: run `npm ci` in ui/", path.display()))
}

fn find_tool(names: &[&str]) -> Result<PathBuf> {
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    names
        .iter()
        .flat_map(|n| dirs.iter().map(move |d| d.join(n)))
        .find(|p| p.is_file())
        .with_context(|| {
            format!("none of {names:?} found: run scripts/setup (chromium, chromium-driver)")
        })
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The base64 SHA-256 of the first certificate's SubjectPublicKeyInfo in `pem`: what Chromium's
/// `--ignore-certificate-errors-spki-list` trusts (that key, and nothing else).
pub fn spki_sha256(pem: &str) -> Result<String> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .map_err(|e| anyhow::anyhow!("not a PEM certificate: {e}"))?;
    let cert = block
        .parse_x509()
        .map_err(|e| anyhow::anyhow!("not an X.509 certificate: {e}"))?;
    let digest = ring::digest::digest(&ring::digest::SHA256, cert.tbs_certificate.subject_pki.raw);
    Ok(base64::engine::general_purpose::STANDARD.encode(digest.as_ref()))
}

/// The real central record (SQLite) serving the console, and the pin of its server key. The
/// binary must embed the UI as built now: one older than `ui/dist-console` would test yesterday's
/// console (`cargo test -p zastita-console-tests` builds the library, not the binary).
pub fn central_console() -> Result<(Central, String)> {
    if std::env::var_os("ZASTITA_CENTRAL_BIN").is_none() {
        let bin = zastita_sync_tests::central::workspace_binary(
            "zastita-central",
            "ZASTITA_CENTRAL_BIN",
        )?;
        let page = workspace_root().join("ui/dist-console/console.html");
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified());
        if let (Ok(b), Ok(u)) = (modified(&bin), modified(&page))
            && b < u
        {
            bail!(
                "{} is older than the console's build ({}): run `cargo build -p zastita-central`",
                bin.display(),
                page.display()
            );
        }
    }
    let central = Central::start(Backend::Sqlite)?;
    let pem = std::fs::read_to_string(central.data().join(zastita_central::tls::SERVER_CERT))?;
    let pin = spki_sha256(&pem)?;
    Ok((central, pin))
}

/// [`central_console`] with more `serve` arguments (a short `--console-idle`, say).
pub fn central_console_with(serve_args: &[&str]) -> Result<(Central, String)> {
    // The binary's age is checked once, by `central_console`'s rule.
    if std::env::var_os("ZASTITA_CENTRAL_BIN").is_none() {
        let bin = zastita_sync_tests::central::workspace_binary(
            "zastita-central",
            "ZASTITA_CENTRAL_BIN",
        )?;
        let page = workspace_root().join("ui/dist-console/console.html");
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified());
        if let (Ok(b), Ok(u)) = (modified(&bin), modified(&page))
            && b < u
        {
            bail!(
                "{} is older than the console's build ({}): run `cargo build -p zastita-central`",
                bin.display(),
                page.display()
            );
        }
    }
    let central = Central::start_with(Backend::Sqlite, serve_args)?;
    let pem = std::fs::read_to_string(central.data().join(zastita_central::tls::SERVER_CERT))?;
    let pin = spki_sha256(&pem)?;
    Ok((central, pin))
}

/// An HTTPS client trusting the central record's CA alone: for what a browser cannot express (a
/// change without the CSRF token, an act the screens never offer), sent with a session's cookie.
pub fn https_client(central: &Central) -> Result<reqwest::Client> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(central.ca_pem()?.as_bytes()) {
        roots.add(cert?)?;
    }
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .https_only(true)
        .build()?)
}

/// The current TOTP step's unix seconds, with at least 12 seconds of it left (waiting out the
/// end of one): the code of the step before is then still accepted for a few seconds more.
pub async fn fresh_step() -> Result<u64> {
    let now = unix_now()?;
    if now % 30 > 18 {
        tokio::time::sleep(Duration::from_secs(30 - now % 30 + 1)).await;
    }
    unix_now()
}

pub fn unix_now() -> Result<u64> {
    Ok(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs())
}

/// chromedriver in a process group of its own; the group goes on drop (chromium with it).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && matches!(self.0.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What the watch records, installed before every document's own scripts.
const WATCH: &str = r#"(() => {
  const seen = [];
  Object.defineProperty(window, '__zastitaProblems', { value: seen });
  document.addEventListener('securitypolicyviolation', (e) =>
    seen.push(`csp: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
  window.addEventListener('error', (e) => {
    const t = e.target;
    seen.push(t && t !== window ? `resource failed: ${t.src || t.href || t.tagName}` : `error: ${e.message}`);
  }, true);
  window.addEventListener('unhandledrejection', (e) => seen.push(`unhandled rejection: ${e.reason}`));
  for (const level of ['error', 'warn']) {
    const original = console[level].bind(console);
    console[level] = (...args) => { seen.push(`console.${level}: ${args.map(String).join(' ')}`); original(...args); };
  }
})();"#;

/// The RFC 6238 code (HMAC-SHA-1, 6 digits, 30-second steps) of a base32 secret (as the
/// console's setup shows it) at `unix` seconds: what the operator's authenticator app shows.
pub fn totp(secret_base32: &str, unix: u64) -> Result<String> {
    let key = base32_decode(secret_base32)?;
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &key);
    let tag = ring::hmac::sign(&key, &(unix / 30).to_be_bytes());
    let mac = tag.as_ref();
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let word = u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]);
    Ok(format!("{:06}", (word & 0x7fff_ffff) % 1_000_000))
}

/// RFC 4648 base32 (upper or lower case, padding and spaces ignored).
fn base32_decode(s: &str) -> Result<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let value = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .with_context(|| format!("not base32: {}", char::from(c)))?;
        buffer = (buffer << 5) | u32::try_from(value)?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff)?);
        }
    }
    Ok(out)
}

/// One axe-core finding.
#[derive(Debug, Clone)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub targets: Vec<String>,
}

/// A headless Chromium session.
pub struct Browser {
    pub driver: WebDriver,
    _chromedriver: Guard,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Chromium at 1366×768 trusting the server key whose SPKI hash is `pin`.
    pub async fn start(pin: &str) -> Result<Browser> {
        // thirtyfour's reqwest is built without a crypto provider in this workspace.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let chromedriver = find_tool(&["chromedriver"])?;
        let chromium = find_tool(&["chromium", "chromium-browser"])?;
        let port = free_port()?;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting chromedriver")?;
        let guard = Guard(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("chromedriver did not listen on {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir()?;
        let mut caps = Capabilities::new();
        caps.set("browserName", "chrome")?;
        caps.set(
            "goog:chromeOptions",
            json!({
                "binary": chromium,
                "args": [
                    "--headless=new",
                    // Root in CI containers: Chromium's sandbox needs user namespaces it may lack.
                    "--no-sandbox",
                    "--disable-dev-shm-usage",
                    "--disable-gpu",
                    format!("--window-size={},{}", DESK.0, DESK.1),
                    // The pin works only with a profile of its own.
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--ignore-certificate-errors-spki-list={pin}"),
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-extensions",
                    "--lang=sr-Latn",
                ],
            }),
        )?;
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
            .await
            .context("starting a WebDriver session (chromium)")?;
        driver.set_script_timeout(Duration::from_secs(60)).await?;
        driver
            .cdp()
            .send_raw(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": WATCH }),
            )
            .await
            .context("installing the page watch")?;
        Ok(Browser {
            driver,
            _chromedriver: guard,
            _profile: profile,
        })
    }

    pub async fn open(&self, url: &str) -> Result<()> {
        self.driver.goto(url).await?;
        Ok(())
    }

    /// Waits for `<main data-screen="screen">`.
    pub async fn screen(&self, screen: &str) -> Result<WebElement> {
        self.driver
            .query(By::Css(format!("main[data-screen=\"{screen}\"]")))
            .wait(Duration::from_secs(20), Duration::from_millis(50))
            .first()
            .await
            .with_context(|| format!("screen `{screen}` did not appear"))
    }

    /// The element with `data-testid`.
    pub async fn testid(&self, id: &str) -> Result<WebElement> {
        self.driver
            .query(By::Css(format!("[data-testid=\"{id}\"]")))
            .wait(Duration::from_secs(20), Duration::from_millis(50))
            .first()
            .await
            .with_context(|| format!("no element [data-testid={id}]"))
    }

    /// Types `text` into the field with `data-testid` (real key presses, as an operator types).
    pub async fn fill(&self, id: &str, text: &str) -> Result<()> {
        let field = self.testid(id).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Signs in on the sign-in screen and waits for the next one (the purpose prompt, or the
    /// view of a role that reads no case); a refusal is an error with the screen's message.
    pub async fn sign_in(&self, login: &str, passphrase: &str, totp: &str) -> Result<()> {
        self.screen("sign-in").await?;
        self.fill("login", login).await?;
        self.fill("passphrase", passphrase).await?;
        self.fill("totp", totp).await?;
        self.testid("sign-in").await?.click().await?;
        let next = self
            .driver
            .query(By::Css(
                "main[data-screen]:not([data-screen=\"sign-in\"]), [data-testid=\"sign-in-error\"]",
            ))
            .wait(Duration::from_secs(20), Duration::from_millis(50))
            .first()
            .await?;
        if next.attr("data-testid").await?.as_deref() == Some("sign-in-error") {
            bail!("sign-in refused: {}", next.text().await?);
        }
        Ok(())
    }

    /// Answers the purpose prompt with `code` (a `ConsolePurposeCode`).
    pub async fn give_purpose(&self, code: &str) -> Result<()> {
        self.screen("purpose").await?;
        self.testid(&format!("purpose-{code}"))
            .await?
            .click()
            .await?;
        self.testid("purpose-submit").await?.click().await?;
        Ok(())
    }

    /// First-time setup in the console of an account the CLI made (its setup code): passphrase,
    /// the QR code's secret, confirmed with the previous step's code; back on sign-in, the
    /// secret (for [`totp`]) and the unix second whose code signs in next (a step not used yet).
    pub async fn set_up(
        &self,
        base: &str,
        login: &str,
        code: &str,
        passphrase: &str,
    ) -> Result<(String, u64)> {
        self.open(&format!("{base}/console/setup")).await?;
        self.screen("setup").await?;
        self.fill("setup-login", login).await?;
        self.fill("setup-code", code).await?;
        self.fill("setup-passphrase", passphrase).await?;
        self.fill("setup-repeat", passphrase).await?;
        self.testid("setup-start").await?.click().await?;
        let secret = self.testid("setup-secret").await?.text().await?;
        let now = fresh_step().await?;
        self.fill("setup-totp", &totp(&secret, now - 30)?).await?;
        self.testid("setup-confirm").await?.click().await?;
        self.screen("sign-in").await?;
        Ok((secret, now))
    }

    /// The element with `data-testid` `id` inside the one with `data-testid` `within`.
    pub async fn inside(&self, within: &str, id: &str) -> Result<WebElement> {
        self.driver
            .query(By::Css(format!(
                "[data-testid=\"{within}\"] [data-testid=\"{id}\"]"
            )))
            .wait(Duration::from_secs(20), Duration::from_millis(50))
            .first()
            .await
            .with_context(|| format!("no element [data-testid={id}] in [data-testid={within}]"))
    }

    /// The value of the session cookie (HttpOnly: the page cannot read it, the driver can).
    pub async fn session_cookie(&self) -> Result<String> {
        Ok(self
            .driver
            .get_named_cookie("__Host-zastita-console")
            .await?
            .value)
    }

    /// Everything the watch recorded on this page so far.
    pub async fn problems(&self) -> Result<Vec<String>> {
        let v = self
            .driver
            .execute(
                "return window.__zastitaProblems || ['the page watch is missing'];",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(v.json().clone())?)
    }

    /// Runs axe-core on the page; its serious and critical violations.
    pub async fn axe(&self) -> Result<Vec<Violation>> {
        let present = self
            .driver
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if present.json() != &Value::Bool(true) {
            self.driver.execute(&axe_source()?, vec![]).await?;
        }
        let out = self
            .driver
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { resultTypes: ['violations'] })
                     .then((r) => done(JSON.stringify(r.violations.map((v) => ({
                       id: v.id, impact: v.impact, help: v.help,
                       targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))))
                     .catch((e) => done('ERROR ' + e));"#,
                vec![],
            )
            .await?;
        let text = out.json().as_str().unwrap_or("ERROR no answer").to_owned();
        if let Some(e) = text.strip_prefix("ERROR ") {
            bail!("axe-core failed: {e}");
        }
        let all: Vec<Value> = serde_json::from_str(&text)?;
        Ok(all
            .into_iter()
            .map(|v| Violation {
                id: v["id"].as_str().unwrap_or_default().to_owned(),
                impact: v["impact"].as_str().unwrap_or_default().to_owned(),
                help: v["help"].as_str().unwrap_or_default().to_owned(),
                targets: v["targets"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|t| t.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .filter(|v| v.impact == "serious" || v.impact == "critical")
            .collect())
    }

    /// The window's size (the viewport follows).
    pub async fn resize(&self, (w, h): (u32, u32)) -> Result<()> {
        self.driver.set_window_rect(0, 0, w, h).await?;
        Ok(())
    }

    /// A PNG of the viewport as `<name>.png` in [`screenshot_dir`].
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        // A frame for the last change to be painted.
        self.driver
            .execute_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        self.driver.screenshot(&path).await?;
        Ok(path)
    }

    pub async fn quit(self) -> Result<()> {
        self.driver.quit().await?;
        Ok(())
    }
}

/// Fails with every problem and violation found, named.
pub fn assert_clean(what: &str, problems: &[String], violations: &[Violation]) -> Result<()> {
    if problems.is_empty() && violations.is_empty() {
        return Ok(());
    }
    bail!("{what}: page problems {problems:#?}; serious or critical axe violations {violations:#?}")
}

/// Whether `path` exists and is a PNG.
pub fn is_png(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.starts_with(b"\x89PNG\r\n\x1a\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B (SHA-1), the 8-digit codes' last six digits.
    #[test]
    fn totp_gives_the_rfc_codes() -> Result<()> {
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
        for (unix, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(totp(secret, unix)?, code, "at {unix}");
        }
        assert_eq!(
            totp("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", 59)?,
            "287082"
        );
        assert!(totp("not base32!", 59).is_err());
        Ok(())
    }
}
