//! The central record at rest, on every backend: the key is refused when it is missing, another
//! record's, inside the data directory or readable by others (and a wrong key never makes a new
//! database); a marker written into every personal field is nowhere in the SQLite file, its WAL
//! or a `pg_dump`; `rotate-key` re-encrypts everything while the server runs, old data still
//! reads, and the old key can then be retired; a value moved to another row does not decrypt;
//! a plaintext `central.db` from before is refused until `encrypt-database` rewrites it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use zastita_central::keys::{self, CentralKeys, KeySet, KeySource};
use zastita_central::store::audit_chain::GENESIS;
use zastita_central::store::crypt::ValueProblem;
use zastita_central::store::postgres::PgTarget;
use zastita_central::store::push::PushPolicy;
use zastita_central::store::roster::NewOfficer;
use zastita_central::store::rotation::Cursor;
use zastita_central::store::schema::apply_dialect;
use zastita_central::store::{Location, Store, StoreError, now, sqlite};
use zastita_protocol::messages::{OfficerRole, PushRequest, ReceiptOutcome, RecordKind};
use zastita_protocol::signing::sha256_hex;

use crate::harness::{
    BIN, Signed, TestCentral, TestDb, TestDevice, case_payload, databases, enrolled, key_file,
    new_keys, order_payload, pg_connect,
};

/// The binary on `data` with no key and nothing from this process's environment.
fn bare(data: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--data")
        .arg(data)
        .env_remove("ZASTITA_CENTRAL_DATABASE")
        .env_remove("ZASTITA_CENTRAL_KEY")
        .env_remove("ZASTITA_CENTRAL_KEY_FILE")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env("ZASTITA_CENTRAL_OPERATOR", "Test Operator");
    c
}

fn db_args(c: &TestCentral) -> Vec<String> {
    c.database
        .iter()
        .flat_map(|url| ["--database".to_owned(), url.clone()])
        .collect()
}

fn refused(out: &Output, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "accepted; stdout {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr.contains(says), "{stderr}");
}

/// A central record on each backend (its PostgreSQL database dropped after it).
fn servers(test: &str) -> Vec<(TestCentral, Option<TestDb>)> {
    databases(test)
        .into_iter()
        .map(|db| match &db.location {
            Location::Sqlite(_) => (TestCentral::start(), None),
            Location::Postgres(t) => (TestCentral::start_on(Some(&t.url), &[]), Some(db)),
        })
        .collect()
}

fn location(c: &TestCentral) -> Location {
    match &c.database {
        Some(url) => Location::Postgres(PgTarget::new(url.clone())),
        None => Location::Sqlite(c.data().join("central.db")),
    }
}

/// The store `c` serves, opened in this process with its key file.
fn open_with_key_file(c: &TestCentral) -> Store {
    let keys = CentralKeys::load(KeySource::File(key_file(&c.data()))).unwrap();
    Store::open(&location(c), keys).unwrap()
}

fn write_key(path: &Path, mode: u32) {
    keys::write_new(path, &KeySet::generate(Utc::now()).unwrap()).unwrap();
    set_mode(path, mode);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn copy_key(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    set_mode(to, 0o600);
}

#[test]
fn a_missing_wrong_or_misplaced_key_is_refused() {
    for (c, _db) in servers("a_missing_wrong_or_misplaced_key_is_refused") {
        let data = c.data();
        let name = if c.database.is_some() {
            "postgresql"
        } else {
            "sqlite"
        };
        let args = db_args(&c);
        let run = |key: &[&std::ffi::OsStr], env: &[(&str, &std::ffi::OsStr)], cmd: &[&str]| {
            bare(&data)
                .args(&args)
                .args(key)
                .envs(env.iter().copied())
                .args(cmd)
                .output()
                .unwrap()
        };
        let list = ["officer", "list"];
        let file = c.dir.path().join("central.db.before");
        let db_file = data.join("central.db");
        if c.database.is_none() {
            std::fs::copy(&db_file, &file).unwrap();
        }
        refused(&run(&[], &[], &list), "no central key was given");

        let wrong = c.dir.path().join("wrong.key");
        write_key(&wrong, 0o600);
        let flag = std::ffi::OsStr::new("--key-file");
        refused(
            &run(&[flag, wrong.as_os_str()], &[], &list),
            "the central key does not fit this database",
        );
        // serve with the wrong key stops with the same words and never listens.
        refused(
            &run(
                &[flag, wrong.as_os_str()],
                &[],
                &["serve", "--listen", "127.0.0.1:0"],
            ),
            "the central key does not fit this database",
        );
        if c.database.is_none() {
            assert_eq!(
                std::fs::read(&db_file).unwrap(),
                std::fs::read(&file).unwrap(),
                "{name}: a wrong key left central.db as it was"
            );
        }

        let right = key_file(&data);
        let inside = data.join("central.key");
        copy_key(&right, &inside);
        refused(
            &run(&[flag, inside.as_os_str()], &[], &list),
            "is inside the data directory",
        );
        let open = c.dir.path().join("open.key");
        copy_key(&right, &open);
        set_mode(&open, 0o644);
        refused(&run(&[flag, open.as_os_str()], &[], &list), "chmod 600");
        let text = std::fs::read_to_string(&right).unwrap();
        refused(
            &run(
                &[flag, right.as_os_str()],
                &[(keys::ENV_KEY, text.as_ref())],
                &list,
            ),
            "given more than once",
        );

        // The environment variable and the systemd credential are the key as well as the file.
        let out = run(&[], &[(keys::ENV_KEY, text.as_ref())], &list);
        assert!(out.status.success(), "{name}: {out:?}");
        let creds = c.dir.path().join("credentials");
        std::fs::create_dir(&creds).unwrap();
        copy_key(&right, &creds.join(keys::CREDENTIAL));
        let out = run(&[], &[("CREDENTIALS_DIRECTORY", creds.as_os_str())], &list);
        assert!(out.status.success(), "{name}: {out:?}");

        // init: a key is required, never inside the data directory; a refusal leaves nothing.
        let fresh = c.dir.path().join("fresh");
        let out = bare(&fresh).args(&args).arg("init").output().unwrap();
        refused(&out, "init needs to know where to keep the central key");
        let out = bare(&fresh)
            .args(&args)
            .arg("--key-file")
            .arg(fresh.join("central.key"))
            .arg("init")
            .output()
            .unwrap();
        refused(&out, "is inside the data directory");
        assert!(!fresh.exists(), "{name}: a refused init made nothing");
        // The right key still opens the record, unchanged.
        assert!(c.cli(&list).status.success(), "{name}");
    }
}

#[test]
fn another_key_is_refused_and_the_database_left_as_found() {
    for db in databases("another_key_is_refused_and_the_database_left_as_found") {
        let n = db.name;
        let s = db.open().unwrap();
        add_officer(&s, "NS1234", "Ana Kovač", None);
        drop(s);
        match Store::open(&db.location, new_keys()) {
            Err(StoreError::WrongKey(why)) => assert!(why.contains("key file"), "{n}: {why}"),
            other => panic!("{n}: {other:?}"),
        }
        let s = db.open().unwrap();
        assert_eq!(s.officers().unwrap()[0].name, "Ana Kovač", "{n}");
    }
}

/// Put `badge` on the roster of `s`.
fn add_officer(s: &Store, badge: &str, name: &str, rank: Option<&str>) {
    s.add_officer(
        &NewOfficer {
            badge,
            name,
            role: OfficerRole::Patrol,
            rank,
            administration: None,
            since: None,
        },
        now(),
    )
    .unwrap();
}

/// The officer whose name and rank carry the marker (the envelopes name the harness's).
const MARKED: &str = "NS4321";

/// The roster entry of `badge`.
fn officer(c: &TestCentral, badge: &str) -> Value {
    c.cli_json(&["officer", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["badge"] == badge)
        .cloned()
        .unwrap()
}

/// Markers: one for text, one of 13 digits for the personal number.
fn markers() -> (String, String) {
    use ring::rand::SecureRandom;
    let mut r = [0u8; 20];
    ring::rand::SystemRandom::new().fill(&mut r).unwrap();
    let text: String = r[..8].iter().map(|b| format!("{b:02x}")).collect();
    let digits: String = r[8..].iter().map(|b| char::from(b'0' + b % 10)).collect();
    (format!("Mrk{text}"), format!("9{digits}"))
}

/// Write `m` (and the personal number `jmbg`) into every personal field the central record
/// keeps: the roster, a case, a person, a statement, an order, an audit entry, a conflicting and
/// a quarantined version, an attachment, a court decision. The device and the order.
async fn populate(c: &TestCentral, m: &str, jmbg: &str) -> (TestDevice, Uuid) {
    c.cli_ok(&[
        "officer",
        "add",
        "--badge",
        MARKED,
        "--name",
        &format!("Ana {m}"),
        "--role",
        "competent",
        "--rank",
        &format!("narednik {m}"),
    ]);
    let d = c.device().await;
    let (case, person, statement, order) = (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    );
    let mut case_p = case_payload(case, "Novi Sad");
    case_p["incident"]["address"] = json!(format!("Bulevar {m} 12"));
    let person_version = Uuid::now_v7();
    let served = Utc::now() - TimeDelta::hours(20);
    let mut order_p = order_payload(order, case, served);
    order_p["content"]["victim"] = json!({"name": format!("Jelena {m}"), "jmbg": jmbg});
    let envelopes = [
        d.envelope(1, RecordKind::Case, case, case_p),
        d.envelope_v(
            2,
            person_version,
            RecordKind::Person,
            person,
            1,
            json!({"id": person, "role": "victim", "first_name": format!("Jelena {m}"),
                   "last_name": m, "jmbg": jmbg, "phone": format!("+381 {m}")}),
        ),
        d.envelope(
            3,
            RecordKind::Statement,
            statement,
            json!({"id": statement, "case_id": case, "text": format!("Izjava: {m} je udario.")}),
        ),
        d.envelope(4, RecordKind::Order, order, order_p),
        d.envelope(
            5,
            RecordKind::Audit,
            Uuid::now_v7(),
            json!({"seq": 1, "prev_hash": GENESIS, "hash": "ab".repeat(32),
                   "action": "record", "detail": format!("{{\"name\":\"{m}\"}}")}),
        ),
    ];
    let (s, b) = c.push(&d, &envelopes).await;
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&b));
    // The same version again with another payload: kept as a conflict.
    let changed = d.envelope_v(
        2,
        person_version,
        RecordKind::Person,
        person,
        1,
        json!({"id": person, "first_name": format!("{m} drugačije"), "jmbg": jmbg}),
    );
    // A payload whose id is not the record's: quarantined.
    let stray = d.envelope(
        6,
        RecordKind::Person,
        Uuid::now_v7(),
        json!({"id": Uuid::now_v7(), "first_name": m, "jmbg": jmbg}),
    );
    let (s, b) = c.push(&d, &[changed, stray]).await;
    assert_eq!(s, 200);
    let r: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(r["receipts"][0]["outcome"], "conflict");
    assert_eq!(r["receipts"][1]["outcome"], "quarantined");
    // A PDF mentioning them, as an attachment of the statement.
    let pdf = format!("%PDF-1.7\n(Izjava: {m}, JMBG {jmbg})\n%%EOF\n").into_bytes();
    let sha = sha256_hex(&pdf);
    let path = format!(
        "/v1/attachments/{statement}/{sha}?offset=0&size={}",
        pdf.len()
    );
    let (s, b) = c.send(Signed::new(&d, "PUT", &path, &pdf)).await;
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&b));
    // The court's decision.
    let ends = (served + TimeDelta::days(20)).to_rfc3339();
    c.cli_ok(&[
        "court-decision",
        "add",
        "--order",
        &order.to_string(),
        "--court",
        &format!("Osnovni sud {m}"),
        "--number",
        &format!("R1 {m}"),
        "--decided-on",
        &served.date_naive().to_string(),
        "--outcome",
        "extended",
        "--ends-at",
        &ends,
    ]);
    (d, order)
}

/// The console's chain on a case whose people, statements and address carry `m`: the
/// prosecutor opens it (the receipt), evaluates and proposes with `m` in his words and evidence
/// (the acts' detail, the proposal PDF, the index's row), all sealed.
fn console_chain(
    rt: &tokio::runtime::Runtime,
    c: &TestCentral,
    d: &TestDevice,
    store: &Store,
    m: &str,
) {
    use crate::console_chain::{acting, case_envelopes, duty, prosecutor_of};
    use zastita_protocol::console::chain::Act;
    let (p, envelopes) = case_envelopes(d, 7, "Novi Sad", Utc::now() - TimeDelta::hours(3), m);
    let (s, b) = rt.block_on(c.push(d, &envelopes));
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&b));
    let ns = prosecutor_of("Novi Sad");
    let file = store.open_order(&ns, p.order, &duty(), now()).unwrap();
    assert!(file.people.iter().any(|p| p.to_string().contains(m)));
    store
        .act(
            &ns,
            p.order,
            &acting(Act::Evaluate {
                agrees: false,
                reasons: format!("Ocena {m}"),
            }),
            now(),
        )
        .unwrap();
    let proposed = store
        .act(
            &ns,
            p.order,
            &acting(Act::Propose {
                reasons: format!("Predlog {m}"),
                evidence: vec![format!("Dokaz {m}")],
            }),
            now(),
        )
        .unwrap();
    assert!(proposed.chain.proposal.unwrap().evidence[0].contains(m));
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// `pg_dump` of `url`, by the pg_dump of the server's own major version when installed.
pub fn pg_dump(url: &str) -> Vec<u8> {
    let version: String = pg_connect(url)
        .query_one("SHOW server_version_num", &[])
        .unwrap()
        .get(0);
    let major = version.parse::<u32>().unwrap() / 10_000;
    let own = PathBuf::from(format!("/usr/lib/postgresql/{major}/bin/pg_dump"));
    let bin = if own.exists() {
        own
    } else {
        PathBuf::from("pg_dump")
    };
    let out = Command::new(&bin)
        .arg("--dbname")
        .arg(url)
        .output()
        .unwrap_or_else(|e| panic!("{} (postgresql-client): {e}", bin.display()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A runtime for the HTTP calls (the storage and PostgreSQL calls block, outside it).
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

#[test]
fn a_marker_in_every_personal_field_is_nowhere_on_disk_or_in_a_dump() {
    let rt = runtime();
    for (mut c, _db) in servers("a_marker_in_every_personal_field_is_nowhere_on_disk_or_in_a_dump")
    {
        let (m, jmbg) = markers();
        let (d, _) = rt.block_on(populate(&c, &m, &jmbg));
        // A console operator named with the marker, set up: its setup code, passphrase and
        // TOTP secret are kept hashed or sealed, never as they are.
        let mut needles = rt.block_on(crate::console_client::enrol_marked(&c, &m));
        needles.extend([m.clone(), jmbg.clone()]);
        // The central record holds them and gives them back.
        let marked = officer(&c, MARKED);
        assert_eq!(marked["name"], json!(format!("Ana {m}")));
        assert_eq!(marked["rank"], json!(format!("narednik {m}")));
        let (s, feed) = rt.block_on(c.get(&d, "/v1/feed?after=0&limit=500"));
        assert_eq!(s, 200);
        assert!(feed.to_string().contains(&format!("Osnovni sud {m}")));
        assert_eq!(
            c.cli_json(&["conflicts", "list", "--json"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            c.cli_json(&["quarantine", "list", "--json"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let store = open_with_key_file(&c);
        console_chain(&rt, &c, &d, &store, &m);
        let report = store.check_encryption().unwrap();
        assert!(report.ok(), "{:?}", report.bad);
        // the roster's name and rank, 5 records, a conflict, a quarantined envelope, a chunk,
        // the feed's changes (the officer, two numbers, the decision), an operator's name and
        // TOTP secret; the console's case (6 records, 2 numbers, 3 acts and their changes, the
        // index row's municipality and the proposal: 2)
        assert!(
            report.checked >= 2 + 5 + 1 + 1 + 1 + 4 + 2 + 6 + 2 + 3 + 3 + 2,
            "{report:?}"
        );
        drop(store);
        match &c.database {
            None => {
                // While serving (the WAL holds the newest pages), then after a kill.
                for _ in 0..2 {
                    let mut seen = 0;
                    for f in files(&c.data()) {
                        let bytes = std::fs::read(&f).unwrap();
                        seen += bytes.len();
                        for needle in &needles {
                            assert!(!contains(&bytes, needle), "{needle} in {}", f.display());
                        }
                    }
                    let db = std::fs::read(c.data().join("central.db")).unwrap();
                    assert!(
                        !db.starts_with(b"SQLite format 3"),
                        "central.db is SQLCipher"
                    );
                    assert!(seen > 50_000, "the files were read ({seen} bytes)");
                    c.kill();
                }
            }
            Some(url) => {
                let dump = pg_dump(url);
                for needle in &needles {
                    assert!(!contains(&dump, needle), "{needle} in pg_dump");
                }
                // The dump is of this database: ids and badges are there, values are sealed.
                assert!(contains(&dump, "NS1234") && contains(&dump, "zc1.1."));
                assert!(contains(&dump, &d.id.to_string()));
            }
        }
    }
}

fn usage(c: &TestCentral) -> Value {
    c.cli_json(&["rotate-key", "--status", "--json"])
}

fn values_under(u: &Value, id: u64) -> u64 {
    u["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key_id"] == id)
        .map_or(0, |k| k["values"].as_u64().unwrap())
}

#[test]
fn rotate_key_reencrypts_everything_while_serving_and_the_old_key_retires() {
    let rt = runtime();
    for (mut c, _db) in
        servers("rotate_key_reencrypts_everything_while_serving_and_the_old_key_retires")
    {
        let sqlite = c.database.is_none();
        let (m, jmbg) = markers();
        let (d, _) = rt.block_on(populate(&c, &m, &jmbg));
        let before = usage(&c);
        assert_eq!(before["current"], 1);
        let total = values_under(&before, 1);
        assert!(total >= 14, "{before}");
        assert_eq!(before["other_values"], 0);

        // While the server serves.
        let out = c.cli_ok(&["rotate-key"]);
        assert!(out.contains("key 2 is now the current key"), "{out}");
        let after = usage(&c);
        assert_eq!(after["current"], 2, "{after}");
        assert_eq!(values_under(&after, 1), 0, "{after}");
        assert_eq!(values_under(&after, 2), total, "{after}");
        // The running server reads what was re-encrypted and writes under the new key.
        let (s, feed) = rt.block_on(c.get(&d, "/v1/feed?after=0&limit=500"));
        assert_eq!(s, 200, "{feed}");
        assert!(feed.to_string().contains(&format!("Osnovni sud {m}")));
        let (s, _) = rt.block_on(c.push(&d, &[d.person(7)]));
        assert_eq!(s, 200);
        assert_eq!(values_under(&usage(&c), 1), 0);
        refused(
            &c.cli(&["rotate-key", "--retire", "2"]),
            "is the current key",
        );
        if sqlite {
            // The file's pages are still under key 1: rewritten with serve stopped.
            assert_eq!(after["database_key"], 1);
            refused(&c.cli(&["rotate-key", "--retire", "1"]), "encrypt-database");
            refused(&c.cli(&["encrypt-database"]), "is open in another process");
            c.kill();
            let out = c.cli_ok(&["encrypt-database"]);
            assert!(out.contains("from key 1 to key 2"), "{out}");
            assert_eq!(usage(&c)["database_key"], 2);
        }
        let out = c.cli_ok(&["rotate-key", "--retire", "1"]);
        assert!(out.contains("key 1 retired"), "{out}");
        let left = KeySource::File(key_file(&c.data())).read().unwrap();
        assert_eq!((left.ids(), left.current()), (vec![2], 2));
        // Old data reads with the new key alone.
        assert_eq!(officer(&c, MARKED)["name"], json!(format!("Ana {m}")));
        let store = open_with_key_file(&c);
        let report = store.check_encryption().unwrap();
        assert!(report.ok(), "{:?}", report.bad);
        assert_eq!(report.by_key.keys().copied().collect::<Vec<_>>(), [2]);
        assert_eq!(report.checked, total + 1);
    }
}

/// A key set holding `db`'s key and a new current one.
fn rotated(db: &TestDb) -> KeySet {
    let mut set = KeySet::parse(&db.keys.now().set().to_text(), "test").unwrap();
    set.add_current(Utc::now()).unwrap();
    set
}

fn push_people(s: &Store, n: u64) -> Vec<Uuid> {
    let (d, dev) = enrolled(s);
    let envelopes: Vec<_> = (1..=n).map(|i| d.person(i)).collect();
    let versions = envelopes.iter().map(|e| e.envelope.version_id).collect();
    let r = s
        .push(
            &dev,
            &PushRequest {
                envelopes,
                device_time: Utc::now(),
            },
            now(),
            PushPolicy { auto_numbers: true },
        )
        .unwrap();
    assert!(
        r.receipts
            .iter()
            .all(|r| r.outcome == ReceiptOutcome::Accepted)
    );
    versions
}

#[test]
fn reencryption_stops_anywhere_and_resumes() {
    for db in databases("reencryption_stops_anywhere_and_resumes") {
        let n = db.name;
        let old = db.open().unwrap();
        let versions = push_people(&old, 3);
        for b in ["NS1", "NS2"] {
            add_officer(&old, b, "Ana", Some("narednik"));
        }
        let all = old.values_under(1).unwrap();
        assert!(all >= 3 + 2 * 2 + 2, "{n}: {all}");
        assert_eq!(all, old.check_encryption().unwrap().checked, "{n}");
        let new = Store::open(&db.location, CentralKeys::fixed(rotated(&db))).unwrap();
        // One step, then the process "stops": a new pass picks up the rest, once each.
        let first = new.reencrypt_step(&mut Cursor::default()).unwrap();
        assert!(first.reencrypted > 0 && !first.done, "{n}: {first:?}");
        let mut cursor = Cursor::default();
        let mut rest = 0;
        loop {
            let p = new.reencrypt_step(&mut cursor).unwrap();
            rest += p.reencrypted;
            if p.done {
                break;
            }
        }
        assert_eq!(first.reencrypted + rest, all, "{n}");
        assert_eq!(new.values_under(1).unwrap(), 0, "{n}");
        assert_eq!(new.values_under(2).unwrap(), all, "{n}");
        assert!(new.check_encryption().unwrap().ok(), "{n}");
        // The store that holds only key 1 cannot read them now, and says why.
        assert!(matches!(
            old.payload(versions[0]),
            Err(StoreError::Undecryptable {
                problem: ValueProblem::UnknownKey { key_id: 2 },
                ..
            })
        ));
        let officers = new.officers().unwrap();
        let ns1 = officers.iter().find(|o| o.badge == "NS1").unwrap();
        assert_eq!(ns1.rank.as_deref(), Some("narednik"), "{n}");
    }
}

#[test]
fn a_value_moved_to_another_row_or_written_plain_is_caught() {
    for db in databases("a_value_moved_to_another_row_or_written_plain_is_caught") {
        let n = db.name;
        let s = db.open().unwrap();
        let v = push_people(&s, 2);
        add_officer(&s, "NS1", "Ana", None);
        add_officer(&s, "NS2", "Petar", None);
        db.execute(&format!(
            "UPDATE records SET payload = (SELECT payload FROM records WHERE version_id = '{}')
             WHERE version_id = '{}'",
            v[1], v[0]
        ));
        db.execute(
            "UPDATE officers SET name = (SELECT name FROM officers WHERE badge = 'NS2')
             WHERE badge = 'NS1'",
        );
        db.execute("UPDATE officers SET rank = 'narednik' WHERE badge = 'NS2'");
        assert!(
            matches!(
                s.payload(v[0]),
                Err(StoreError::Undecryptable {
                    table: "records",
                    problem: ValueProblem::DoesNotDecrypt { key_id: 1 },
                    ..
                })
            ),
            "{n}"
        );
        assert!(s.payload(v[1]).unwrap().is_some(), "{n}");
        assert!(s.officers().is_err(), "{n}");
        let report = s.check_encryption().unwrap();
        let bad: Vec<(&str, &str, &str, &ValueProblem)> = report
            .bad
            .iter()
            .map(|b| (b.table, b.column, b.row.as_str(), &b.problem))
            .collect();
        let first = v[0].to_string();
        assert_eq!(
            bad,
            [
                (
                    "records",
                    "payload",
                    first.as_str(),
                    &ValueProblem::DoesNotDecrypt { key_id: 1 }
                ),
                (
                    "officers",
                    "name",
                    "NS1",
                    &ValueProblem::DoesNotDecrypt { key_id: 1 }
                ),
                ("officers", "rank", "NS2", &ValueProblem::NotEncrypted),
            ],
            "{n}"
        );
    }
}

#[test]
fn a_plaintext_central_db_is_refused_until_encrypt_database_rewrites_it() {
    let mut c = TestCentral::start();
    c.kill();
    let path = c.data().join("central.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    // central.db as a build from before encryption left it: plaintext, in WAL mode.
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(&apply_dialect(
        include_str!("../fixtures/central-schema1.sql"),
        &sqlite::DIALECT,
    ))
    .unwrap();
    old.pragma_update(None, "journal_mode", "WAL").unwrap();
    drop(old);
    let before = std::fs::read(&path).unwrap();
    assert!(contains(&before, "Milica Jovanovi"));
    refused(&c.cli(&["officer", "list"]), "plaintext database");
    refused(&c.cli(&["serve"]), "encrypt-database");
    assert_eq!(std::fs::read(&path).unwrap(), before, "left as found");
    {
        // Not while another process has it open.
        let holder = rusqlite::Connection::open(&path).unwrap();
        let _: i64 = holder
            .query_row("SELECT count(*) FROM officers", [], |r| r.get(0))
            .unwrap();
        refused(&c.cli(&["encrypt-database"]), "is open in another process");
    }
    let out = c.cli_ok(&["encrypt-database"]);
    // 16 of the file's own, the console's index of the order it holds (the municipality) and
    // the history's two keys.
    assert!(
        out.contains("is now encrypted under key 1; 19 values sealed"),
        "{out}"
    );
    for f in files(&c.data()) {
        let bytes = std::fs::read(&f).unwrap();
        for plain in ["Milica Jovanovi", "Bulevar oslobo", "SQLite format 3"] {
            assert!(!contains(&bytes, plain), "{plain} in {}", f.display());
        }
    }
    let roster = c.cli_json(&["officer", "list", "--json"]);
    assert_eq!(roster[0]["name"], "Milica Jovanović");
    assert!(
        c.cli_ok(&["encrypt-database"])
            .contains("already under key 1")
    );
    assert!(open_with_key_file(&c).check_encryption().unwrap().ok());
}
