//! Which PostgreSQL the central record connects to, and how the connection is protected: a
//! [`PgTarget`] (the URL, the CA, the explicit insecure-local permission) becomes a `postgres`
//! [`Config`] and a [`Transport`]. TLS with rustls (ring) and `sslmode=verify-full` semantics:
//! the server's certificate must chain to the CA given (`--database-ca FILE`, or `sslrootcert=`
//! in the URL) and be for the host name connected to. Plaintext only with
//! `--insecure-local-database`, and only to this machine (loopback or a Unix socket).
//!
//! **Invariant:** nothing is sent to a database before its target passed [`transport`]: a
//! refused target never opens a socket.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::store::StoreError;

/// Where the central record's PostgreSQL is and how to reach it.
#[derive(Clone, PartialEq, Eq)]
pub struct PgTarget {
    /// `postgres://user:password@host:port/db`, optionally `?sslmode=verify-full&sslrootcert=FILE`
    /// (libpq's spelling, so the same URL works with psql).
    pub url: String,
    /// The CA that signed PostgreSQL's server certificate (`--database-ca`); else the URL's
    /// `sslrootcert`.
    pub ca: Option<PathBuf>,
    /// Plaintext to a database on this machine (`--insecure-local-database`): tests and demos.
    pub insecure_local: bool,
}

impl PgTarget {
    /// Verified TLS, the CA named in the URL (`sslrootcert=`).
    pub fn new(url: impl Into<String>) -> PgTarget {
        PgTarget {
            url: url.into(),
            ca: None,
            insecure_local: false,
        }
    }
}

/// The URL without its password: a target may be printed, its secret never.
impl std::fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgTarget")
            .field("url", &redacted(&self.url))
            .field("ca", &self.ca)
            .field("insecure_local", &self.insecure_local)
            .finish()
    }
}

/// `postgres://user:…@host/db`: the URL with its password replaced.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(not a postgres:// URL)".into();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split_once(':').map_or(user_info, |(u, _)| u);
            format!("{scheme}://{user}:…@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

/// How connections are made once the target is accepted.
#[derive(Clone)]
pub enum Transport {
    /// TLS, the server's certificate checked against `ca` and the host name.
    Tls {
        connector: MakeRustlsConnect,
        ca: PathBuf,
    },
    /// No TLS: a database on this machine, with the explicit permission.
    Plain,
}

impl Transport {
    /// Open one connection.
    pub fn connect(&self, config: &Config) -> Result<Client, postgres::Error> {
        match self {
            Transport::Tls { connector, .. } => config.connect(connector.clone()),
            Transport::Plain => config.connect(NoTls),
        }
    }

    /// A failed connection explained: a certificate refused by the TLS check names the CA
    /// it was checked against; anything else is PostgreSQL's own error.
    pub fn explain(&self, config: &Config, e: postgres::Error) -> StoreError {
        match self {
            Transport::Tls { ca, .. } if is_tls_failure(&e) => StoreError::DatabaseTls(format!(
                "the TLS connection to PostgreSQL at {} failed: its server certificate must be \
                 signed by the CA in {} and name that host ({})",
                hosts(config),
                ca.display(),
                super::describe(&e)
            )),
            _ => StoreError::Postgres(e),
        }
    }
}

fn hosts(config: &Config) -> String {
    let names: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    names.join(", ")
}

/// Whether `e` (or what caused it) is rustls refusing the handshake.
fn is_tls_failure(e: &postgres::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(c) = cause {
        if c.is::<rustls::Error>() {
            return true;
        }
        if let Some(io) = c.downcast_ref::<std::io::Error>()
            && io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
        {
            return true;
        }
        cause = c.source();
    }
    false
}

fn refuse(why: impl Into<String>) -> StoreError {
    StoreError::DatabaseTls(why.into())
}

/// The TLS parameters of a URL (libpq's names, which the `postgres` crate does not read), and
/// the URL without them.
struct Split {
    url: String,
    sslmode: Option<String>,
    sslrootcert: Option<String>,
}

fn split(url: &str) -> Result<Split, StoreError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(refuse(
            "the database must be a postgres:// URL (postgres://user:password@host:port/db)",
        ));
    }
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let mut out = Split {
        url: base.to_owned(),
        sslmode: None,
        sslrootcert: None,
    };
    let mut kept = Vec::new();
    for pair in query.into_iter().flat_map(|q| q.split('&')) {
        match pair.split_once('=') {
            Some(("sslmode", v)) => out.sslmode = Some(percent_decoded(v)?),
            Some(("sslrootcert", v)) => out.sslrootcert = Some(percent_decoded(v)?),
            _ if pair.is_empty() => {}
            _ => kept.push(pair),
        }
    }
    if !kept.is_empty() {
        out.url = format!("{base}?{}", kept.join("&"));
    }
    Ok(out)
}

fn percent_decoded(v: &str) -> Result<String, StoreError> {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = v
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| refuse("a %-escape in the database URL is not two hex digits"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| refuse("the database URL's parameters are not UTF-8"))
}

fn is_local(host: &Host) -> bool {
    match host {
        Host::Tcp(name) => {
            name.eq_ignore_ascii_case("localhost")
                || name
                    .trim_matches(['[', ']'])
                    .parse::<IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        #[cfg(unix)]
        Host::Unix(_) => true,
    }
}

/// The CA certificates in `path` as rustls roots.
fn roots(path: &Path) -> Result<rustls::RootCertStore, StoreError> {
    let pem = std::fs::read(path).map_err(|e| {
        refuse(format!(
            "cannot read the database CA {}: {e}",
            path.display()
        ))
    })?;
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        let cert = cert.map_err(|_| {
            refuse(format!(
                "the database CA {} is not PEM certificates",
                path.display()
            ))
        })?;
        roots.add(cert).map_err(|e| {
            refuse(format!(
                "the database CA {} holds an unusable certificate: {e}",
                path.display()
            ))
        })?;
    }
    if roots.is_empty() {
        return Err(refuse(format!(
            "the database CA {} holds no certificate",
            path.display()
        )));
    }
    Ok(roots)
}

/// Check `target` and say how to connect to it, without connecting. Refused: a URL that is not
/// `postgres://`; any `sslmode` but `verify-full` (or `disable` with the permission); TLS
/// without a CA, or with two different ones; plaintext without the permission or to another
/// machine; TLS over a Unix socket (PostgreSQL has none there).
pub fn transport(target: &PgTarget) -> Result<(Config, Transport), StoreError> {
    let parts = split(&target.url)?;
    let mut config: Config = parts.url.parse()?;
    if target.insecure_local {
        if parts.sslmode.as_deref().is_some_and(|m| m != "disable")
            || parts.sslrootcert.is_some()
            || target.ca.is_some()
        {
            return Err(refuse(
                "--insecure-local-database asks for plaintext, but the database URL or \
                 --database-ca asks for TLS: choose one",
            ));
        }
        if let Some(host) = config.get_hosts().iter().find(|h| !is_local(h)) {
            let name = match host {
                Host::Tcp(n) => n.clone(),
                #[cfg(unix)]
                Host::Unix(p) => p.display().to_string(),
            };
            return Err(refuse(format!(
                "--insecure-local-database is only for a database on this machine (localhost, \
                 a loopback address or a Unix socket), not {name}: use TLS (--database-ca)"
            )));
        }
        if config.get_hostaddrs().iter().any(|ip| !ip.is_loopback()) {
            return Err(refuse(
                "--insecure-local-database is only for a database on this machine: hostaddr is \
                 not a loopback address",
            ));
        }
        config.ssl_mode(SslMode::Disable);
        return Ok((config, Transport::Plain));
    }
    match parts.sslmode.as_deref() {
        None | Some("verify-full") => {}
        Some("disable") => {
            return Err(refuse(
                "sslmode=disable asks for plaintext: the central record reaches PostgreSQL over \
                 TLS only (plaintext to a database on this machine needs \
                 --insecure-local-database, for tests and demos)",
            ));
        }
        Some(other) => {
            return Err(refuse(format!(
                "sslmode={other} is not accepted: the central record connects with verify-full \
                 only (TLS, the server's certificate checked against the CA and the host name)"
            )));
        }
    }
    let ca = match (&target.ca, parts.sslrootcert.map(PathBuf::from)) {
        (Some(a), Some(b)) if *a != b => {
            return Err(refuse(format!(
                "two database CAs given: --database-ca {} and sslrootcert={} in the URL",
                a.display(),
                b.display()
            )));
        }
        (Some(a), _) => a.clone(),
        (None, Some(b)) => b,
        (None, None) => {
            return Err(refuse(
                "PostgreSQL is reached over TLS, checked against the CA that signed its server \
                 certificate: give --database-ca FILE (or sslrootcert=FILE in the URL); \
                 plaintext to a database on this machine needs --insecure-local-database",
            ));
        }
    };
    #[cfg(unix)]
    if config
        .get_hosts()
        .iter()
        .any(|h| matches!(h, Host::Unix(_)))
    {
        return Err(refuse(
            "PostgreSQL offers no TLS over a Unix socket: connect to its host name, or use \
             --insecure-local-database for the local socket",
        ));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| refuse(format!("TLS: {e}")))?
        .with_root_certificates(roots(&ca)?)
        .with_no_client_auth();
    config.ssl_mode(SslMode::Require);
    Ok((
        config,
        Transport::Tls {
            connector: MakeRustlsConnect::new(tls),
            ca,
        },
    ))
}

/// One connection to `target` on its own (tests, tools): checked like the store's own.
pub fn client(target: &PgTarget) -> Result<Client, StoreError> {
    let (config, transport) = transport(target)?;
    transport
        .connect(&config)
        .map_err(|e| transport.explain(&config, e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn refused(t: &PgTarget) -> String {
        match transport(t) {
            Err(StoreError::DatabaseTls(m)) => m,
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("accepted {t:?}"),
        }
    }

    #[test]
    fn tls_parameters_are_taken_out_of_the_url() {
        let s = split("postgres://u:p@h:5/db?sslmode=verify-full&application_name=x&sslrootcert=%2Ftmp%2Fca%20.pem").unwrap();
        assert_eq!(s.url, "postgres://u:p@h:5/db?application_name=x");
        assert_eq!(s.sslmode.as_deref(), Some("verify-full"));
        assert_eq!(s.sslrootcert.as_deref(), Some("/tmp/ca .pem"));
        assert!(split("host=h dbname=db").is_err());
        assert!(split("postgres://h/db?sslrootcert=%zz").is_err());
    }

    #[test]
    fn plaintext_and_weak_modes_are_refused_without_connecting() {
        let t = |url: &str, insecure_local| PgTarget {
            url: url.into(),
            ca: None,
            insecure_local,
        };
        // The hosts below are never looked up: each target is refused before any socket.
        assert!(refused(&t("postgres://u@db.example.invalid/db", false)).contains("--database-ca"));
        assert!(
            refused(&t(
                "postgres://u@db.example.invalid/db?sslmode=disable",
                false
            ))
            .contains("--insecure-local-database")
        );
        for mode in ["require", "prefer", "allow", "verify-ca"] {
            let url = format!("postgres://u@db.example.invalid/db?sslmode={mode}");
            assert!(refused(&t(&url, false)).contains("verify-full"), "{mode}");
        }
        assert!(
            refused(&t("postgres://u@db.example.invalid/db", true)).contains("db.example.invalid")
        );
        assert!(refused(&t("postgres://u@10.1.2.3/db", true)).contains("10.1.2.3"));
        assert!(
            refused(&t("postgres://u@127.0.0.1/db?sslmode=verify-full", true)).contains("choose")
        );
        for local in [
            "postgres://u@127.0.0.1/db",
            "postgres://u@localhost/db?sslmode=disable",
            "postgres://u@[::1]/db",
        ] {
            assert!(
                matches!(transport(&t(local, true)), Ok((_, Transport::Plain))),
                "{local}"
            );
        }
        let mut both = t("postgres://u@h/db?sslrootcert=/a.pem", false);
        both.ca = Some("/b.pem".into());
        assert!(refused(&both).contains("two database CAs"));
        assert!(
            refused(&t(
                "postgres://u@h/db?sslrootcert=/nonexistent/ca.pem",
                false
            ))
            .contains("/nonexistent/ca.pem")
        );
    }

    #[test]
    fn a_printed_target_hides_the_password() {
        let t = PgTarget::new("postgres://zastita:s3cret@127.0.0.1:5432/db?sslrootcert=/ca.pem");
        let shown = format!("{t:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("zastita:…@127.0.0.1:5432/db"), "{shown}");
    }
}
