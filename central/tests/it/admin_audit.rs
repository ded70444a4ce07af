//! Issue 13, item 9: every admin action carries its operator (the person and the OS user) and is
//! written to the append-only, hash-chained admin audit, on both backends — through the store
//! (an action and its entry commit together; UPDATE, DELETE and TRUNCATE refused) and through
//! the real binary (a change refused without `--operator`; `audit list`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use zastita_central::store::admin_audit::{Actor, ActorKind, AdminEntry};
use zastita_central::store::roster::NewOfficer;
use zastita_central::store::{Location, StoreError, now};
use zastita_protocol::messages::OfficerRole;

use crate::harness::{BIN, TestDb, backends, databases};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The real binary on one test database: `--data`, `--key-file` (the database's own key) and,
/// for PostgreSQL, `--database`.
pub struct Station {
    pub name: &'static str,
    pub data: PathBuf,
    pub key_file: PathBuf,
    database: Option<String>,
    pub db: TestDb,
    _dir: tempfile::TempDir,
}

impl Station {
    /// One per backend, not yet initialised.
    pub fn all(test: &str) -> Vec<Station> {
        databases(test)
            .into_iter()
            .map(|db| {
                let dir = tempfile::tempdir().unwrap();
                let (data, database) = match &db.location {
                    Location::Sqlite(path) => (path.parent().unwrap().to_owned(), None),
                    Location::Postgres(t) => (dir.path().join("central"), Some(t.url.clone())),
                };
                let key_file = dir.path().join("central.key");
                zastita_central::keys::write_new(&key_file, db.keys.now().set()).unwrap();
                Station {
                    name: db.name,
                    data,
                    key_file,
                    database,
                    db,
                    _dir: dir,
                }
            })
            .collect()
    }

    /// The CA key's directory, outside the data directory.
    pub fn ca_key_dir(&self) -> PathBuf {
        self._dir.path().join("offline")
    }

    /// Run a command as `operator` (none: without one).
    pub fn run(&self, operator: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .arg("--data")
            .arg(&self.data)
            .arg("--key-file")
            .arg(&self.key_file);
        if let Some(url) = &self.database {
            cmd.args(["--database", url]);
        }
        cmd.env_remove("ZASTITA_CENTRAL_DATABASE")
            .env_remove("ZASTITA_CENTRAL_OPERATOR");
        if let Some(name) = operator {
            cmd.env("ZASTITA_CENTRAL_OPERATOR", name);
        }
        cmd.output().unwrap()
    }

    /// Run a command as "Ana Operator" that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(Some("Ana Operator"), args);
        assert!(
            out.status.success(),
            "{}: {args:?}: {}",
            self.name,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn init(&self) {
        let out = self.ca_key_dir();
        self.ok(&["init", "--ca-key-out", out.to_str().unwrap()]);
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn petar(role: OfficerRole) -> NewOfficer<'static> {
    NewOfficer {
        badge: "NS7",
        name: "Petar Petrović",
        role,
        rank: None,
        administration: None,
        since: None,
    }
}

fn ana() -> Actor {
    Actor::admin_cli(Some("Ana Operator"), "root").unwrap()
}

#[test]
fn an_admin_action_and_its_entry_commit_together_in_one_chain() {
    for b in backends("an_admin_action_and_its_entry_commit_together_in_one_chain") {
        let s = &b.store;
        let add = || AdminEntry::new("officer.add").target("officer:NS7");
        s.audited(&ana(), add())
            .add_officer(&petar(OfficerRole::Competent), now())
            .unwrap();
        // Refused: the action rolls back, and its entry with it.
        let again = s
            .audited(&ana(), add())
            .add_officer(&petar(OfficerRole::Patrol), now());
        assert!(
            matches!(again, Err(StoreError::OfficerExists(_))),
            "{}",
            b.name
        );
        // One entry per audited store, however many transactions it runs.
        let listing = s.audited(&ana(), AdminEntry::new("officer.list"));
        listing.officers().unwrap();
        listing.officers().unwrap();
        let rows = s.admin_audit().unwrap();
        let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["officer.add", "officer.list"], "{}", b.name);
        assert_eq!(rows[0].seq, 1);
        assert_eq!(rows[0].prev_hash, GENESIS);
        assert_eq!(rows[1].prev_hash, rows[0].hash, "{}", b.name);
        assert_eq!(rows[0].actor_kind, ActorKind::AdminCli);
        assert_eq!(rows[0].actor_id, "root");
        assert_eq!(rows[0].actor_name.as_deref(), Some("Ana Operator"));
        assert_eq!(rows[0].target.as_deref(), Some("officer:NS7"));
        let all = serde_json::to_string(&rows).unwrap();
        assert!(!all.contains("Petrović"), "{}: {all}", b.name);
        let report = s.check_admin_audit().unwrap();
        assert!(report.problems.is_empty(), "{}: {report:?}", b.name);
        assert_eq!(report.head, Some((2, rows[1].hash.clone())));
    }
}

#[test]
fn the_database_refuses_to_change_or_remove_an_admin_audit_entry() {
    for b in backends("the_database_refuses_to_change_or_remove_an_admin_audit_entry") {
        let s = &b.store;
        let system = Actor::system("zastita").unwrap();
        s.append_admin_audit(&system, &AdminEntry::new("serve.start"), now())
            .unwrap();
        s.append_admin_audit(&ana(), &AdminEntry::new("verify"), now())
            .unwrap();
        let before = s.admin_audit().unwrap();
        let mut attempts = vec![
            "UPDATE admin_audit SET actor_name = 'Someone Else' WHERE seq = 2",
            "DELETE FROM admin_audit WHERE seq = 2",
            "DELETE FROM admin_audit",
        ];
        if b.name == "postgresql" {
            attempts.push("TRUNCATE admin_audit");
        }
        for statement in attempts {
            let e = s.tx(|sql| sql.execute(statement, &[])).unwrap_err();
            assert!(
                e.to_string().contains("append-only"),
                "{}: {statement}: {e}",
                b.name
            );
        }
        assert_eq!(s.admin_audit().unwrap(), before, "{}", b.name);
    }
}

#[test]
fn changes_need_an_operator_and_the_audit_lists_who_did_what() {
    for st in Station::all("changes_need_an_operator_and_the_audit_lists_who_did_what") {
        let offline = st.ca_key_dir();
        let init = ["init", "--ca-key-out", offline.to_str().unwrap()];
        let refused = st.run(None, &init);
        assert!(!refused.status.success(), "{}", st.name);
        assert!(
            stderr(&refused).contains("--operator"),
            "{}",
            stderr(&refused)
        );
        assert!(
            !st.data.join("ca.pem").exists(),
            "{}: nothing made",
            st.name
        );
        st.init();
        let add = [
            "officer",
            "add",
            "--badge",
            "NS7",
            "--name",
            "Petar Petrović",
        ];
        let refused = st.run(None, &add);
        assert!(!refused.status.success(), "{}", st.name);
        assert!(stderr(&refused).contains("ZASTITA_CENTRAL_OPERATOR"));
        // A blank name is no name.
        assert!(!st.run(Some("  "), &add).status.success());
        // Reading needs no name, and is audited all the same.
        assert!(!st.ok(&["officer", "list"]).contains("NS7"), "{}", st.name);
        let out = st.run(None, &["officer", "list", "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        st.ok(&add);
        let audit: Value = serde_json::from_str(&st.ok(&["audit", "list", "--json"])).unwrap();
        let rows = audit.as_array().unwrap();
        let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
        assert_eq!(
            actions,
            ["init", "officer.list", "officer.list", "officer.add"],
            "{}",
            st.name
        );
        let os_user = whoami_user();
        for r in rows {
            assert_eq!(r["actor_kind"], "admin_cli");
            assert_eq!(r["actor_id"].as_str().unwrap(), os_user, "{}", st.name);
        }
        assert_eq!(rows[2]["actor_name"], Value::Null, "read without a name");
        assert_eq!(rows[3]["actor_name"], "Ana Operator");
        assert_eq!(rows[3]["target"], "officer:NS7");
        assert!(!audit.to_string().contains("Petrović"), "{audit}");
        let table = st.ok(&["audit", "list"]);
        assert!(
            table.starts_with("seq\tat\tactor_kind\tactor_id\tactor_name\taction"),
            "{table}"
        );
        assert!(table.contains("officer.add"), "{table}");
    }
}

/// The OS user the binary will name, read the way it reads it (the real uid's account).
fn whoami_user() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    let user = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    match std::env::var("SUDO_USER") {
        Ok(from) if !from.is_empty() && from != user => format!("{user} (sudo from {from})"),
        _ => user,
    }
}

/// The data directory's files (for "nothing was made").
pub fn files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Views' entries written by the group commit (`Store::audit_grouped`) from many threads at once:
/// each caller's every entry is committed once, and the chain still verifies; fewer
/// transactions than entries once callers overlap.
#[test]
fn read_entries_committed_together_are_each_written_once_in_an_unbroken_chain() {
    const CALLERS: usize = 16;
    const EACH: usize = 25;
    for b in backends("read_entries_committed_together_are_each_written_once_in_an_unbroken_chain")
    {
        let barrier = std::sync::Barrier::new(CALLERS);
        std::thread::scope(|s| {
            for c in 0..CALLERS {
                let (store, barrier) = (&b.store, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let actor = Actor {
                        kind: ActorKind::Console,
                        id: format!("op-{c}"),
                        name: None,
                    };
                    for i in 0..EACH {
                        let entry =
                            AdminEntry::new("console.board").detail(serde_json::json!({"i": i}));
                        store.audit_grouped(&actor, &entry, now()).unwrap();
                    }
                });
            }
        });
        let rows = b.store.admin_audit().unwrap();
        let board: Vec<_> = rows
            .iter()
            .filter(|r| r.action == "console.board")
            .collect();
        assert_eq!(board.len(), CALLERS * EACH, "{}: each entry once", b.name);
        for c in 0..CALLERS {
            let mine: Vec<_> = board
                .iter()
                .filter(|r| r.actor_id == format!("op-{c}"))
                .map(|r| r.detail.clone())
                .collect();
            let expected: Vec<_> = (0..EACH).map(|i| format!("{{\"i\":{i}}}")).collect();
            assert_eq!(
                mine, expected,
                "{}: caller {c}'s entries, in its order",
                b.name
            );
        }
        let report = b.store.check_admin_audit().unwrap();
        assert!(
            report.problems.is_empty(),
            "{}: {:?}",
            b.name,
            report.problems
        );
        let (batches, entries) = b.store.grouped_audits_committed();
        assert_eq!(entries, (CALLERS * EACH) as u64, "{}", b.name);
        assert!(
            batches < entries,
            "{}: {batches} transactions for {entries} entries from {CALLERS} threads at once",
            b.name
        );
    }
}
