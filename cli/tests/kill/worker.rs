//! One store's part of the campaign: it is created and enrolled with the real CLI, then runs
//! operations chosen by its seeded generator, each killed at a random instant, each followed by
//! the check (`check.rs`).

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;
use zastita_sync_tests::device::fresh_ids;

use crate::Shared;
use crate::ledger::{CaseState, Ledger, Pending, StatementState};

pub const BADGE: &str = "NS1234";
pub const FIRST_PIN: &str = "Zelena livada 7";
const FIXTURE: &str = include_str!("../../../tests/fixtures/case-v4.json");

/// What was being done when the kill came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    DraftAutosave,
    StatementAutosave,
    Record,
    Sign,
    Import,
    Document,
    SyncRound,
    FeedApply,
    UnlockCount,
    Passwd,
}

impl Phase {
    pub const ALL: [Phase; 10] = [
        Phase::DraftAutosave,
        Phase::StatementAutosave,
        Phase::Record,
        Phase::Sign,
        Phase::Import,
        Phase::Document,
        Phase::SyncRound,
        Phase::FeedApply,
        Phase::UnlockCount,
        Phase::Passwd,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Phase::DraftAutosave => "case draft autosave",
            Phase::StatementAutosave => "statement autosave",
            Phase::Record => "recording a case",
            Phase::Sign => "signing a statement",
            Phase::Import => "import",
            Phase::Document => "document (PDF)",
            Phase::SyncRound => "sync round (push)",
            Phase::FeedApply => "sync feed application",
            Phase::UnlockCount => "unlock counting",
            Phase::Passwd => "passphrase change",
        }
    }
}

/// SplitMix64: small, seeded, good enough to spread kill instants.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// How a run ended: killed by our SIGKILL, or finished (its output).
pub struct Run {
    pub killed: bool,
    pub out: Output,
}

impl Run {
    pub fn succeeded(&self) -> bool {
        !self.killed && self.out.status.success()
    }

    pub fn stdout_json(&self) -> Value {
        serde_json::from_slice(&self.out.stdout).unwrap()
    }

    fn describe(&self) -> String {
        format!(
            "exit {:?}\nstdout: {}\nstderr: {}",
            self.out.status,
            String::from_utf8_lossy(&self.out.stdout),
            String::from_utf8_lossy(&self.out.stderr)
        )
    }
}

pub struct Worker {
    pub index: u64,
    _dir: TempDir,
    pub work: PathBuf,
    pub store: PathBuf,
    rng: Rng,
    pub ledger: Ledger,
    /// Per phase: the longest a finished run took after its passphrase was accepted, and in all.
    after_unlock: BTreeMap<Phase, Duration>,
    total: BTreeMap<Phase, Duration>,
    n: u64,
    /// Filled by `finish`: the device's central id and its outbox (seq, version id, digest).
    pub central_id: String,
    pub outbox: Vec<(u64, String, String)>,
    pub final_versions: usize,
}

/// The keyring's unlock counter as the file says now (`None` while unreadable).
pub fn failures_on_disk(store: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(store.join("keyring.json")).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    v["unlock"]["consecutive_failures"].as_u64()
}

fn wait_until(child: &mut Child, until: Instant) {
    loop {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        let now = Instant::now();
        if now >= until {
            return;
        }
        std::thread::sleep((until - now).min(Duration::from_millis(2)));
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Worker {
    pub fn new(index: u64, seed: u64, shared: &Shared) -> Worker {
        let dir = tempfile::Builder::new()
            .prefix("zastita-kill-")
            .tempdir()
            .unwrap();
        let work = dir.path().to_path_buf();
        let store = work.join("store");
        let mut w = Worker {
            index,
            _dir: dir,
            work,
            store,
            rng: Rng(seed),
            ledger: Ledger {
                pin: FIRST_PIN.to_owned(),
                cases: BTreeMap::new(),
                statements: BTreeMap::new(),
                acked_seq: 0,
                failures: 0,
            },
            after_unlock: BTreeMap::new(),
            total: BTreeMap::new(),
            n: 0,
            central_id: String::new(),
            outbox: Vec::new(),
            final_versions: 0,
        };
        w.must(&["init", "--name", "Milica Jovanović"], &[]);
        let code = shared
            .central
            .enrollment_code(&shared.central.url())
            .unwrap();
        let enrolled: Value =
            serde_json::from_str(&w.must(&["--json", "enroll", &code], &[])).unwrap();
        w.central_id = enrolled["central_device_id"].as_str().unwrap().to_owned();
        w
    }

    fn next_n(&mut self) -> u64 {
        self.n += 1;
        self.n
    }

    /// The CLI on this store, as this officer, with the current passphrase.
    pub fn cli(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_zastita"));
        cmd.env_remove("ZASTITA_NEW_PIN")
            .env_remove("ZASTITA_OFFICER")
            .env_remove("ZASTITA_STORE")
            .arg("--store")
            .arg(&self.store)
            .arg("--officer")
            .arg(BADGE)
            .args(args)
            .env("ZASTITA_PIN", &self.ledger.pin)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Run to the end; it must succeed. Its stdout.
    pub fn must(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = self.cli(args, env).output().unwrap();
        assert!(
            out.status.success(),
            "store {}: zastita {} failed: {}",
            self.index,
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run `cmd` and SIGKILL it at a random instant: mostly after the passphrase was accepted
    /// (the unlock counter went up and back to 0: the keyring says so), sometimes anywhere,
    /// key derivation included.
    fn attempt(&mut self, shared: &Shared, phase: Phase, mut cmd: Command, anywhere: bool) -> Run {
        let anywhere = anywhere || self.rng.below(4) == 0;
        let before = failures_on_disk(&self.store).unwrap_or(0);
        let started = Instant::now();
        let mut child = cmd.spawn().unwrap();
        let mut accepted = None;
        if anywhere {
            let total = self
                .total
                .get(&phase)
                .copied()
                .unwrap_or(Duration::from_millis(1500));
            let delay = Duration::from_millis(self.rng.below(ms(total) * 5 / 4 + 1));
            wait_until(&mut child, started + delay);
        } else {
            let mut counted = false;
            loop {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                match failures_on_disk(&self.store) {
                    Some(n) if n > before => counted = true,
                    Some(0) if counted => {
                        accepted = Some(Instant::now());
                        break;
                    }
                    _ => {}
                }
                assert!(
                    started.elapsed() < Duration::from_secs(120),
                    "{phase:?} hangs"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
            if let Some(t) = accepted {
                let est = self
                    .after_unlock
                    .get(&phase)
                    .copied()
                    .unwrap_or(Duration::from_millis(150));
                let delay = Duration::from_millis(self.rng.below(ms(est) * 5 / 4 + 1));
                wait_until(&mut child, t + delay);
            }
        }
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        let killed = out.status.signal() == Some(9);
        if !killed {
            let took = started.elapsed();
            let total = self.total.entry(phase).or_insert(took);
            *total = (*total).max(took);
            if let Some(t) = accepted {
                let after = t.elapsed();
                let e = self.after_unlock.entry(phase).or_insert(after);
                *e = (*e).max(after);
            }
        }
        {
            let mut tally = shared.tally.lock().unwrap();
            let t = tally.phases.entry(phase).or_default();
            if killed {
                t.0 += 1;
            } else {
                t.1 += 1;
            }
        }
        if killed {
            shared.kills.fetch_add(1, Ordering::SeqCst);
        }
        Run { killed, out }
    }

    /// A finished run must have succeeded (a kill is the only way a command may stop short).
    fn finished_ok(&self, run: &Run, what: &str) {
        assert!(
            run.killed || run.out.status.success(),
            "store {}: {what} failed without a kill: {}",
            self.index,
            run.describe()
        );
    }

    pub fn campaign(&mut self, shared: &Shared) {
        while shared.kills.load(Ordering::SeqCst) < shared.target {
            let phase =
                Phase::ALL[usize::try_from(self.rng.below(Phase::ALL.len() as u64)).unwrap()];
            self.step(shared, phase);
        }
    }

    fn step(&mut self, shared: &Shared, phase: Phase) {
        match phase {
            Phase::DraftAutosave => self.draft(shared),
            Phase::StatementAutosave => self.statement_save(shared),
            Phase::Record => self.record(shared),
            Phase::Sign => self.sign(shared),
            Phase::Import => self.import(shared),
            Phase::Document => self.document(shared),
            Phase::SyncRound => self.sync(shared, Phase::SyncRound),
            Phase::FeedApply => self.feed(shared),
            Phase::UnlockCount => self.wrong_pins(shared),
            Phase::Passwd => self.passwd(shared),
        }
    }

    fn write(&mut self, name: &str, value: &Value) -> PathBuf {
        let n = self.next_n();
        let path = self.work.join(format!("{name}-{n}.json"));
        std::fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
        path
    }

    /// A case of the ledger that satisfies `pred`, chosen at random.
    fn pick_case(&mut self, pred: impl Fn(&CaseState) -> bool) -> Option<String> {
        let ids: Vec<String> = self
            .ledger
            .cases
            .iter()
            .filter(|(_, c)| pred(c))
            .map(|(id, _)| id.clone())
            .collect();
        let i = usize::try_from(self.rng.below(ids.len() as u64)).ok()?;
        ids.get(i).cloned()
    }

    /// Import a fresh copy of the sample case, uninterrupted (a precondition of other phases).
    fn ensure_imported_case(&mut self) -> String {
        if let Some(id) = self.pick_case(|c| c.issued_order) {
            return id;
        }
        let file = fresh_ids(FIXTURE).unwrap();
        let path = self.write("case", &file);
        let out = self.must(&["--json", "case", "import", path.to_str().unwrap()], &[]);
        let id = serde_json::from_str::<Value>(&out).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        self.ledger.cases.insert(id.clone(), imported_state(&file));
        id
    }

    fn draft(&mut self, shared: &Shared) {
        let n = self.next_n();
        // Half the time a new case, else a draft over a case this store has.
        let target = if self.rng.below(2) == 0 {
            None
        } else {
            self.pick_case(|_| true)
        };
        let mut content = match &target {
            Some(id) => {
                let c = &self.ledger.cases[id];
                c.draft.clone().unwrap_or_else(|| c.content.clone())
            }
            None => {
                let file = fresh_ids(FIXTURE).unwrap();
                json!({ "incident": file["incident"], "people": file["people"] })
            }
        };
        let base = FIXTURE_NARRATIVE.with(|b| b.clone());
        content["incident"]["narrative"] = Value::String(format!("{base} (izmena {n})"));
        let path = self.write("draft", &content);
        let mut args = vec!["--json", "case", "draft", path.to_str().unwrap()];
        if let Some(id) = &target {
            args.extend(["--id", id.as_str()]);
        }
        let cmd = self.cli(&args, &[]);
        let run = self.attempt(shared, Phase::DraftAutosave, cmd, false);
        self.finished_ok(&run, "case draft");
        let case = match (&target, run.succeeded()) {
            (None, true) => Some(run.stdout_json()["id"].as_str().unwrap().to_owned()),
            (t, _) => t.clone(),
        };
        if run.succeeded() && target.is_none() {
            // A new case the ledger learns of from the answer.
            let id = case.clone().unwrap();
            self.ledger.cases.insert(
                id,
                CaseState {
                    people: people_of(&content),
                    content: content.clone(),
                    ..CaseState::default()
                },
            );
        }
        crate::check::after(self, &Pending::Draft { case, content }, run.succeeded());
    }

    fn statement_save(&mut self, shared: &Shared) {
        let Some(id) = self.unsigned_statement() else {
            return;
        };
        let n = self.next_n();
        let text = format!("Izjava oštećene, dopuna broj {n}: suprug mi je pretio.");
        let draft = json!({ "place": "PS Novi Sad", "language": "sr", "text": text });
        let path = self.write("statement", &draft);
        let cmd = self.cli(&["statement", "save", &id, path.to_str().unwrap()], &[]);
        let run = self.attempt(shared, Phase::StatementAutosave, cmd, false);
        self.finished_ok(&run, "statement save");
        crate::check::after(self, &Pending::StatementText { id, text }, run.succeeded());
    }

    /// An unsigned statement, started (uninterrupted) when there is none.
    fn unsigned_statement(&mut self) -> Option<String> {
        if let Some((id, _)) = self
            .ledger
            .statements
            .iter()
            .find(|(_, s)| s.signed.is_none())
        {
            return Some(id.clone());
        }
        let case = self.ensure_imported_case();
        let victim = self.ledger.cases[&case]
            .people
            .iter()
            .find(|(_, role)| role == "victim")
            .map(|(id, _)| id.clone())?;
        let text = "Suprug me je udario i pretio mi.".to_owned();
        let draft = json!({ "place": "PS Novi Sad", "language": "sr", "text": text });
        let path = self.write("statement", &draft);
        let out = self.must(
            &[
                "--json",
                "statement",
                "start",
                "--case",
                &case,
                "--person",
                &victim,
                path.to_str().unwrap(),
            ],
            &[],
        );
        let view: Value = serde_json::from_str(&out).unwrap();
        let id = view["statement"]["id"].as_str().unwrap().to_owned();
        self.ledger.statements.insert(
            id.clone(),
            StatementState {
                case,
                text,
                signed: None,
            },
        );
        Some(id)
    }

    fn record(&mut self, shared: &Shared) {
        let Some(case) = self.pick_case(|c| c.draft.is_some()) else {
            // Nothing to record: autosave a draft first (that is a phase of its own).
            return self.draft(shared);
        };
        let cmd = self.cli(&["case", "record", &case], &[]);
        let run = self.attempt(shared, Phase::Record, cmd, false);
        self.finished_ok(&run, "case record");
        crate::check::after(self, &Pending::Record { case }, run.succeeded());
    }

    fn sign(&mut self, shared: &Shared) {
        let Some(id) = self.unsigned_statement() else {
            return;
        };
        let sample: Value = serde_json::from_str(FIXTURE).unwrap();
        let st = &sample["statements"][0];
        let signatures = json!({
            "victim_signature": st["victim_signature"],
            "officer_signature": st["officer_signature"],
        });
        let path = self.write("signatures", &signatures);
        let cmd = self.cli(&["statement", "sign", &id, path.to_str().unwrap()], &[]);
        let run = self.attempt(shared, Phase::Sign, cmd, false);
        self.finished_ok(&run, "statement sign");
        crate::check::after(self, &Pending::Sign { id }, run.succeeded());
    }

    fn import(&mut self, shared: &Shared) {
        let file = fresh_ids(FIXTURE).unwrap();
        let case = file["id"].as_str().unwrap().to_owned();
        let path = self.write("case", &file);
        let cmd = self.cli(&["case", "import", path.to_str().unwrap()], &[]);
        let run = self.attempt(shared, Phase::Import, cmd, false);
        self.finished_ok(&run, "case import");
        let bytes = std::fs::read(&path).unwrap();
        crate::check::after(
            self,
            &Pending::Import { case, file: bytes },
            run.succeeded(),
        );
    }

    fn document(&mut self, shared: &Shared) {
        let case = self.ensure_imported_case();
        let n = self.next_n();
        let path = self.work.join(format!("summary-{n}.pdf"));
        let kind = if self.rng.below(2) == 0 {
            "summary"
        } else {
            "order"
        };
        let cmd = self.cli(
            &[
                "document",
                "--case",
                &case,
                "--kind",
                kind,
                "-o",
                path.to_str().unwrap(),
                "--purpose",
                "station_review",
            ],
            &[],
        );
        let run = self.attempt(shared, Phase::Document, cmd, false);
        self.finished_ok(&run, "document");
        crate::check::after(self, &Pending::Document { case, path }, run.succeeded());
    }

    fn sync(&mut self, shared: &Shared, phase: Phase) {
        let queued_before = self.queued();
        let cmd = self.cli(&["sync"], &[]);
        let run = self.attempt(shared, phase, cmd, false);
        self.finished_ok(&run, "sync");
        crate::check::after(self, &Pending::Sync { queued_before }, run.succeeded());
    }

    /// The outbox's last seq, read without a session (nothing audited, nothing queued).
    fn queued(&self) -> u64 {
        let conn =
            zastita_core::app::testing::open_raw(&self.store, &self.ledger.pin, BADGE).unwrap();
        let seq: i64 = conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM outbox", [], |r| r.get(0))
            .unwrap();
        u64::try_from(seq).unwrap()
    }

    /// The central record decides things for this device (official numbers for its synced
    /// cases, roster changes), then a sync pulls and applies them.
    fn feed(&mut self, shared: &Shared) {
        let synced: Vec<String> = self
            .ledger
            .cases
            .iter()
            .filter(|(_, c)| c.synced && !c.number_assigned)
            .map(|(id, _)| id.clone())
            .collect();
        for id in synced.iter().take(3) {
            // A case may have been numbered on arrival already: the feed brings that one.
            if let Err(e) = shared
                .central
                .admin(&["case-number", "assign", "--case", id, "--auto"])
            {
                assert!(e.to_string().contains("already has the number"), "{e:#}");
            }
            if let Some(c) = self.ledger.cases.get_mut(id) {
                c.number_assigned = true;
            }
        }
        for _ in 0..3 {
            let n = self.next_n();
            let badge = format!("K{}X{n}", self.index);
            shared
                .central
                .admin(&[
                    "officer",
                    "add",
                    "--badge",
                    &badge,
                    "--name",
                    "Petar Petrović",
                    "--administration",
                    "NS",
                ])
                .unwrap();
        }
        self.sync(shared, Phase::FeedApply);
    }

    /// One to three wrong passphrases in a row, each killed at any instant: the counter only
    /// goes up (by one for every attempt that was answered), then the check's right passphrase
    /// resets it.
    fn wrong_pins(&mut self, shared: &Shared) {
        for _ in 0..=self.rng.below(3) {
            let before = self.light_failures();
            let cmd = self.cli(
                &["case", "list", "--purpose", "station_review"],
                &[("ZASTITA_PIN", "Pogresna lozinka 1")],
            );
            let run = self.attempt(shared, Phase::UnlockCount, cmd, true);
            assert!(
                !run.out.status.success(),
                "a wrong passphrase unlocked: {}",
                run.describe()
            );
            let after = self.light_failures();
            assert!(
                after >= before,
                "the unlock counter went down: {before} → {after}"
            );
            if !run.killed {
                assert_eq!(
                    after,
                    before + 1,
                    "an answered wrong passphrase was not counted"
                );
            }
            self.ledger.failures = after;
        }
        crate::check::after(self, &Pending::WrongPin, false);
    }

    /// The counter as `zastita status` reports it (no unlock).
    fn light_failures(&self) -> u32 {
        let out = self.must(&["--json", "status"], &[]);
        let v: Value = serde_json::from_str(&out).unwrap();
        u32::try_from(v["consecutive_failures"].as_u64().unwrap()).unwrap()
    }

    fn passwd(&mut self, shared: &Shared) {
        let n = self.next_n();
        let new = format!("Plava reka {n} kuca {}", self.index);
        let cmd = self.cli(&["officer", "passwd"], &[("ZASTITA_NEW_PIN", new.as_str())]);
        let run = self.attempt(shared, Phase::Passwd, cmd, false);
        self.finished_ok(&run, "officer passwd");
        crate::check::after(self, &Pending::Passwd { new }, run.succeeded());
    }

    /// Sync until nothing is pending (uninterrupted), and read what the device's outbox holds.
    /// Every command's own unlock and lock are audited, and audit entries are records too, so
    /// the outbox always grows by the final command's lock: what must be on the central record is
    /// everything up to the final sync's acked seq, and that covers everything queued before it.
    pub fn finish(&mut self, _shared: &Shared) {
        let raw = |w: &Worker| {
            zastita_core::app::testing::open_raw(&w.store, &w.ledger.pin, BADGE).unwrap()
        };
        let queued_before: i64 = raw(self)
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM outbox", [], |r| r.get(0))
            .unwrap();
        self.must(&["sync"], &[]);
        let conn = raw(self);
        let acked: i64 = conn
            .query_row("SELECT acked_seq FROM outbox_ack WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(
            acked >= queued_before,
            "store {}: the final sync left seqs up to {queued_before} unacknowledged ({acked})",
            self.index
        );
        let mut stmt = conn
            .prepare("SELECT seq, version_id, payload FROM outbox WHERE seq <= ?1 ORDER BY seq")
            .unwrap();
        // The digest the envelope carries: of the payload's canonical bytes.
        self.outbox = stmt
            .query_map([acked], |r| {
                let payload: Value = serde_json::from_str(&r.get::<_, String>(2)?).unwrap();
                Ok((
                    u64::try_from(r.get::<_, i64>(0)?).unwrap(),
                    r.get::<_, String>(1)?,
                    zastita_protocol::messages::payload_digest(&payload).unwrap(),
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        self.final_versions = self.outbox.len();
    }
}

thread_local! {
    static FIXTURE_NARRATIVE: String = serde_json::from_str::<Value>(FIXTURE).unwrap()["incident"]["narrative"]
        .as_str()
        .unwrap()
        .to_owned();
}

/// (id, role) of every person in a case file or case content.
pub fn people_of(v: &Value) -> Vec<(String, String)> {
    v["people"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or_default().to_owned(),
                p["role"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// What the ledger knows of a case imported from `file`.
pub fn imported_state(file: &Value) -> CaseState {
    CaseState {
        version: u32::try_from(file["version"].as_u64().unwrap()).unwrap(),
        people: people_of(file),
        content: json!({ "incident": file["incident"], "people": file["people"] }),
        issued_order: file["orders"]
            .as_array()
            .is_some_and(|o| o.iter().any(|o| !o["order"]["issued"].is_null())),
        ..CaseState::default()
    }
}
