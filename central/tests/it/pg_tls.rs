//! Issue 13, item 4 (TLS): the central record reaches PostgreSQL over TLS, the server's
//! certificate verified against the CA it is given (`sslrootcert` in the URL, or
//! `--database-ca`) and the host name; a certificate from another CA is refused with a clear
//! error; plaintext is refused unless explicitly allowed, and then only to this machine.
//! `ZASTITA_TEST_POSTGRES` (from scripts/postgres) names the test CA in its URL.

use std::path::PathBuf;

use zastita_central::store::postgres::PgTarget;
use zastita_central::store::{Location, Store, StoreError};

use crate::admin_audit::{files, stderr};
use crate::harness::{BIN, TestDb, databases, new_keys};

/// The test's PostgreSQL database, or `None` (and a line saying so) without one.
fn postgres(test: &str) -> Option<(TestDb, String)> {
    let db = databases(test)
        .into_iter()
        .find(|d| d.name == "postgresql")?;
    let Location::Postgres(t) = &db.location else {
        unreachable!()
    };
    let url = t.url.clone();
    Some((db, url))
}

/// The URL without its TLS parameters, and the CA its `sslrootcert` names.
fn split_tls(url: &str) -> (String, PathBuf) {
    let (base, query) = url
        .split_once('?')
        .expect("scripts/postgres's URL has a query");
    let mut ca = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| match p.split_once('=') {
            Some(("sslrootcert", v)) => {
                ca = Some(PathBuf::from(v));
                false
            }
            Some(("sslmode", _)) => false,
            _ => true,
        })
        .collect();
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (
        url,
        ca.expect("ZASTITA_TEST_POSTGRES names its CA (sslrootcert=); run scripts/postgres"),
    )
}

/// Whether this store's connection is encrypted, as PostgreSQL sees it.
fn ssl(store: &Store) -> bool {
    store
        .tx(|sql| {
            sql.query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )?
            .bool(0)
        })
        .unwrap()
}

fn open_err(target: PgTarget) -> String {
    match Store::open(&Location::Postgres(target), new_keys()) {
        Err(StoreError::DatabaseTls(m)) => m,
        Err(e) => panic!("not a TLS refusal: {e}"),
        Ok(_) => panic!("opened"),
    }
}

#[test]
fn the_central_record_reaches_postgres_over_verified_tls() {
    let Some((_db, url)) = postgres("the_central_record_reaches_postgres_over_verified_tls") else {
        return;
    };
    assert!(url.contains("sslmode=verify-full"), "{url}");
    let store = Store::open(
        &Location::Postgres(PgTarget::new(url.clone())),
        _db.keys.clone(),
    )
    .unwrap();
    assert!(ssl(&store), "the URL's sslrootcert");
    let (plain, ca) = split_tls(&url);
    let store = Store::open(
        &Location::Postgres(PgTarget {
            url: plain,
            ca: Some(ca),
            insecure_local: false,
        }),
        _db.keys.clone(),
    )
    .unwrap();
    assert!(ssl(&store), "--database-ca");
}

#[test]
fn a_postgres_certificate_from_another_ca_is_refused() {
    let Some((_db, url)) = postgres("a_postgres_certificate_from_another_ca_is_refused") else {
        return;
    };
    let (plain, _) = split_tls(&url);
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other-ca.pem");
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    std::fs::write(&other, params.self_signed(&key).unwrap().pem()).unwrap();
    let e = open_err(PgTarget {
        url: plain,
        ca: Some(other.clone()),
        insecure_local: false,
    });
    assert!(
        e.contains(&format!(
            "its server certificate must be signed by the CA in {}",
            other.display()
        )),
        "{e}"
    );
    assert!(e.contains("127.0.0.1"), "{e}");
    assert!(e.contains("UnknownIssuer"), "rustls's own reason: {e}");
}

#[test]
fn plaintext_to_postgres_is_refused_without_the_explicit_local_flag() {
    // Refused before any connection: no server needed for these.
    let e = open_err(PgTarget::new(
        "postgres://zastita:zastita@127.0.0.1:1/postgres?sslmode=disable",
    ));
    assert!(e.contains("--insecure-local-database"), "{e}");
    let e = open_err(PgTarget::new(
        "postgres://zastita:zastita@127.0.0.1:1/postgres",
    ));
    assert!(e.contains("--database-ca FILE"), "{e}");
    let e = open_err(PgTarget {
        url: "postgres://zastita:zastita@db.example.invalid/postgres".into(),
        ca: None,
        insecure_local: true,
    });
    assert!(e.contains("only for a database on this machine"), "{e}");
    // The binary: `init` refuses before it writes anything.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("central");
    let offline = dir.path().join("offline");
    let init = |extra: &[&str]| {
        std::process::Command::new(BIN)
            .args(["init", "--data", data.to_str().unwrap()])
            .arg("--key-file")
            .arg(crate::harness::key_file(&data))
            .args(["--ca-key-out", offline.to_str().unwrap()])
            .args(extra)
            .env("ZASTITA_CENTRAL_OPERATOR", "Ana Operator")
            .env_remove("ZASTITA_CENTRAL_DATABASE")
            .output()
            .unwrap()
    };
    let out = init(&[
        "--database",
        "postgres://zastita:zastita@127.0.0.1:1/postgres?sslmode=disable",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("sslmode=disable asks for plaintext"),
        "{}",
        stderr(&out)
    );
    let out = init(&[
        "--database",
        "postgres://zastita:zastita@db.example.invalid/postgres",
        "--insecure-local-database",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not db.example.invalid"),
        "{}",
        stderr(&out)
    );
    assert!(files(&data).is_empty(), "{:?}", files(&data));
    assert!(!offline.exists());
    // With the flag, to this machine: plaintext, and PostgreSQL sees it so.
    let Some((_db, url)) =
        postgres("plaintext_to_postgres_is_refused_without_the_explicit_local_flag")
    else {
        return;
    };
    let (plain, _) = split_tls(&url);
    let store = Store::open(
        &Location::Postgres(PgTarget {
            url: plain,
            ca: None,
            insecure_local: true,
        }),
        _db.keys.clone(),
    )
    .unwrap();
    assert!(!ssl(&store));
}
