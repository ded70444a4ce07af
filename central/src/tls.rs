//! The central record's TLS material in its data directory: `ca.pem` (the CA devices pin at
//! enrolment, by the SHA-256 of its DER), `server.pem` and `server-key.pem`. `init` makes them
//! with rcgen (or takes a station's own); `serve` loads them into a rustls configuration (ring
//! provider) that sends the chain [server, CA]. Keys are written readable by their owner only.
//!
//! The CA's private key never stays on the serving machine: a new CA's `ca-key.pem` is written
//! to a directory of its own outside the data directory (`init --ca-key-out DIR`), for the
//! station to move offline; a station's own CA key is read, never copied. [`check_no_ca_key`]
//! is `serve`'s refusal while one is found in the data directory, and [`renew`] makes a new
//! server key and certificate from the offline CA key (devices pin the CA, so they keep
//! syncing).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, TimeDelta, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

pub const CA_CERT: &str = "ca.pem";
pub const CA_KEY: &str = "ca-key.pem";
pub const SERVER_CERT: &str = "server.pem";
pub const SERVER_KEY: &str = "server-key.pem";

/// The names a server certificate is made for when none are given.
pub const DEFAULT_HOSTNAMES: &[&str] = &["localhost", "127.0.0.1", "::1"];

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{0} already exists: this directory is initialised (remove its certificates to start over)"
    )]
    AlreadyInitialised(PathBuf),
    #[error("{path} holds no usable {what}")]
    BadPem { path: PathBuf, what: &'static str },
    #[error("cannot make the certificate: {0}")]
    Rcgen(#[from] rcgen::Error),
    #[error("the certificate and key do not make a TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
    #[error("{0} is missing: run `zastita-central init --data DIR` first")]
    NotInitialised(PathBuf),
    #[error(
        "a new CA's private key needs a directory of its own outside the data directory: \
         --ca-key-out DIR (then move it offline)"
    )]
    CaKeyOutMissing,
    #[error(
        "--ca-key-out {0} is inside the data directory: the CA's private key must not live on the \
         serving machine's data; give a directory outside it (a removable medium)"
    )]
    CaKeyOutInsideData(PathBuf),
    #[error(
        "{0} holds the CA's private key: move it off this machine (offline storage) before \
         serving; `serve --allow-ca-key-in-data` overrides this for a demo only"
    )]
    CaKeyOnServer(PathBuf),
    #[error("{0} is not the private key of the CA in the data directory (ca.pem)")]
    WrongCaKey(PathBuf),
}

/// Where `init` takes its certificates from.
#[derive(Debug, Clone)]
pub enum CertSource {
    /// A new CA and a server certificate signed by it.
    Generate,
    /// The station's CA signs a new server certificate.
    WithCa { ca_cert: PathBuf, ca_key: PathBuf },
    /// The station's own server certificate, key and CA, copied in.
    Provided {
        cert: PathBuf,
        key: PathBuf,
        ca_cert: PathBuf,
    },
}

fn read(path: &Path) -> Result<String, TlsError> {
    std::fs::read_to_string(path).map_err(|source| TlsError::Io {
        path: path.to_owned(),
        source,
    })
}

fn write(path: &Path, text: &str, private: bool) -> Result<(), TlsError> {
    let io = |source| TlsError::Io {
        path: path.to_owned(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(path).map_err(io)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)
}

fn validity(params: &mut CertificateParams, days: i64) {
    let from = Utc::now() - TimeDelta::days(1);
    let to = Utc::now() + TimeDelta::days(days);
    let ymd =
        |d: chrono::DateTime<Utc>| rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8);
    params.not_before = ymd(from);
    params.not_after = ymd(to);
}

fn ca_params() -> Result<CertificateParams, TlsError> {
    let mut p = CertificateParams::new(Vec::<String>::new())?;
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.distinguished_name
        .push(DnType::CommonName, "Zaštita central record CA");
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    validity(&mut p, 20 * 365);
    Ok(p)
}

fn server_params(hostnames: &[String]) -> Result<CertificateParams, TlsError> {
    let mut p = CertificateParams::new(hostnames.to_vec())?;
    p.distinguished_name
        .push(DnType::CommonName, "Zaštita central record");
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.use_authority_key_identifier_extension = true;
    validity(&mut p, 825);
    Ok(p)
}

fn create_private_dir(dir: &Path) -> Result<(), TlsError> {
    let io = |source| TlsError::Io {
        path: dir.to_owned(),
        source,
    };
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
        }
    }
    Ok(())
}

fn canonical(path: &Path) -> Result<PathBuf, TlsError> {
    path.canonicalize().map_err(|source| TlsError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Write the TLS material into `dir` (created if needed), and a new CA's private key into
/// `ca_key_out` (created if needed; it must not be `dir` or inside it). Refuses to overwrite.
/// Returns where the CA key was written, when a new CA was made.
pub fn init(
    dir: &Path,
    hostnames: &[String],
    source: &CertSource,
    ca_key_out: Option<&Path>,
) -> Result<Option<PathBuf>, TlsError> {
    let key_out = match (source, ca_key_out) {
        (CertSource::Generate, None) => return Err(TlsError::CaKeyOutMissing),
        (CertSource::Generate, Some(out)) => Some(out),
        // A station's own CA key stays where the station keeps it; nothing new to put away.
        (_, _) => None,
    };
    create_private_dir(dir)?;
    for name in [CA_CERT, CA_KEY, SERVER_CERT, SERVER_KEY] {
        let path = dir.join(name);
        if path.exists() {
            return Err(TlsError::AlreadyInitialised(path));
        }
    }
    let key_path = match key_out {
        Some(out) => {
            create_private_dir(out)?;
            let out = canonical(out)?;
            if out.starts_with(canonical(dir)?) {
                return Err(TlsError::CaKeyOutInsideData(out));
            }
            let path = out.join(CA_KEY);
            if path.exists() {
                return Err(TlsError::AlreadyInitialised(path));
            }
            Some(path)
        }
        None => None,
    };
    match source {
        CertSource::Generate => {
            let ca_key = KeyPair::generate()?;
            let params = ca_params()?;
            let ca = params.self_signed(&ca_key)?;
            let issuer = Issuer::new(params, &ca_key);
            let key = KeyPair::generate()?;
            let cert = server_params(hostnames)?.signed_by(&key, &issuer)?;
            if let Some(path) = &key_path {
                write(path, &ca_key.serialize_pem(), true)?;
            }
            write(&dir.join(CA_CERT), &ca.pem(), false)?;
            write(&dir.join(SERVER_CERT), &cert.pem(), false)?;
            write(&dir.join(SERVER_KEY), &key.serialize_pem(), true)?;
        }
        CertSource::WithCa { ca_cert, ca_key } => {
            let ca_pem = read(ca_cert)?;
            let (cert, key) = signed_server_cert(&ca_pem, ca_cert, ca_key, hostnames)?;
            write(&dir.join(CA_CERT), &ca_pem, false)?;
            write(&dir.join(SERVER_CERT), &cert, false)?;
            write(&dir.join(SERVER_KEY), &key, true)?;
        }
        CertSource::Provided { cert, key, ca_cert } => {
            let ca_pem = read(ca_cert)?;
            let cert_pem = read(cert)?;
            let key_pem = read(key)?;
            // Refuse unusable files now rather than at `serve`.
            certs(&cert_pem, cert)?;
            certs(&ca_pem, ca_cert)?;
            PrivateKeyDer::from_pem_slice(key_pem.as_bytes()).map_err(|_| TlsError::BadPem {
                path: key.clone(),
                what: "private key",
            })?;
            write(&dir.join(CA_CERT), &ca_pem, false)?;
            write(&dir.join(SERVER_CERT), &cert_pem, false)?;
            write(&dir.join(SERVER_KEY), &key_pem, true)?;
        }
    }
    Ok(key_path)
}

/// A new server key and certificate for `hostnames`, signed by the CA (`ca_pem` from
/// `ca_cert_path`, its key in `ca_key`): both as PEM. The result is checked the way a device
/// checks it (a chain to that CA, for the first host name), so a key that is not the CA's is
/// refused here rather than by every device.
fn signed_server_cert(
    ca_pem: &str,
    ca_cert_path: &Path,
    ca_key: &Path,
    hostnames: &[String],
) -> Result<(String, String), TlsError> {
    let signing = KeyPair::from_pem(&read(ca_key)?).map_err(|_| TlsError::BadPem {
        path: ca_key.to_owned(),
        what: "private key",
    })?;
    let issuer = Issuer::from_ca_cert_pem(ca_pem, &signing).map_err(|_| TlsError::BadPem {
        path: ca_cert_path.to_owned(),
        what: "CA certificate",
    })?;
    let key = KeyPair::generate()?;
    let cert = server_params(hostnames)?.signed_by(&key, &issuer)?;
    let ca = certs(ca_pem, ca_cert_path)?;
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca[0].clone())?;
    let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        Arc::new(rustls::crypto::ring::default_provider()),
    )
    .build()
    .map_err(|e| TlsError::Rustls(rustls::Error::General(e.to_string())))?;
    let name = hostnames
        .first()
        .and_then(|h| rustls::pki_types::ServerName::try_from(h.clone()).ok())
        .ok_or_else(|| TlsError::Rustls(rustls::Error::General("no usable host name".into())))?;
    rustls::client::danger::ServerCertVerifier::verify_server_cert(
        verifier.as_ref(),
        cert.der(),
        &[],
        &name,
        &[],
        rustls::pki_types::UnixTime::now(),
    )
    .map_err(|_| TlsError::WrongCaKey(ca_key.to_owned()))?;
    Ok((cert.pem(), key.serialize_pem()))
}

/// Refuse to serve while the CA's private key is in the data directory.
pub fn check_no_ca_key(dir: &Path) -> Result<(), TlsError> {
    let path = dir.join(CA_KEY);
    if path.exists() {
        return Err(TlsError::CaKeyOnServer(path));
    }
    Ok(())
}

/// What [`renew`] made.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Renewed {
    /// SHA-256 of the new server certificate's DER.
    pub sha256: String,
    pub hostnames: Vec<String>,
}

/// The host names of the server certificate in `dir`.
fn current_hostnames(dir: &Path) -> Result<Vec<String>, TlsError> {
    use x509_parser::extensions::GeneralName;
    let path = existing(dir, SERVER_CERT)?;
    let der = certs(&read(&path)?, &path)?;
    let bad = || TlsError::BadPem {
        path: path.clone(),
        what: "certificate with host names",
    };
    let (_, cert) = x509_parser::parse_x509_certificate(der[0].as_ref()).map_err(|_| bad())?;
    let names = cert
        .subject_alternative_name()
        .map_err(|_| bad())?
        .ok_or_else(bad)?;
    Ok(names
        .value
        .general_names
        .iter()
        .filter_map(|n| match n {
            GeneralName::DNSName(name) => Some((*name).to_owned()),
            GeneralName::IPAddress(octets) => match octets.len() {
                4 => <[u8; 4]>::try_from(*octets)
                    .ok()
                    .map(|o| std::net::IpAddr::from(o).to_string()),
                16 => <[u8; 16]>::try_from(*octets)
                    .ok()
                    .map(|o| std::net::IpAddr::from(o).to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect())
}

/// Make the new server certificate [`renew`] would install, without installing it: signed by
/// the CA key at `ca_key` (brought from offline storage), for `hostnames` (none: the current
/// certificate's). Returns its PEM, its key's PEM and what it is.
pub fn prepare_renewal(
    dir: &Path,
    ca_key: &Path,
    hostnames: &[String],
) -> Result<(String, String, Renewed), TlsError> {
    let ca_path = existing(dir, CA_CERT)?;
    let hostnames = if hostnames.is_empty() {
        current_hostnames(dir)?
    } else {
        hostnames.to_vec()
    };
    let (cert, key) = signed_server_cert(&read(&ca_path)?, &ca_path, ca_key, &hostnames)?;
    let der = certs(&cert, Path::new(SERVER_CERT))?;
    let sha256 = zastita_protocol::signing::sha256_hex(der[0].as_ref());
    Ok((cert, key, Renewed { sha256, hostnames }))
}

/// Install a renewal [`prepare_renewal`] made: the new key and certificate replace the old
/// (each written beside it and renamed over it; the running server keeps the old pair until it
/// is restarted). The CA, and so every device's pin, stays.
pub fn install_renewal(dir: &Path, cert: &str, key: &str) -> Result<(), TlsError> {
    let cert_path = existing(dir, SERVER_CERT)?;
    let key_path = existing(dir, SERVER_KEY)?;
    for (path, text, private) in [(&key_path, key, true), (&cert_path, cert, false)] {
        let new = path.with_extension("pem.new");
        let _ = std::fs::remove_file(&new);
        write(&new, text, private)?;
        std::fs::rename(&new, path).map_err(|source| TlsError::Io {
            path: path.clone(),
            source,
        })?;
    }
    // The pair must load as `serve` loads it.
    server_config(dir).map(drop)
}

fn certs(pem: &str, path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let list: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|_| TlsError::BadPem {
            path: path.to_owned(),
            what: "certificate",
        })?;
    if list.is_empty() {
        return Err(TlsError::BadPem {
            path: path.to_owned(),
            what: "certificate",
        });
    }
    Ok(list)
}

fn existing(dir: &Path, name: &str) -> Result<PathBuf, TlsError> {
    let path = dir.join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(TlsError::NotInitialised(path))
    }
}

/// The CA certificate's PEM text from `dir`.
pub fn ca_pem(dir: &Path) -> Result<String, TlsError> {
    read(&existing(dir, CA_CERT)?)
}

/// SHA-256 (lower-case hex) of the CA certificate's DER, as the enrolment code carries it.
pub fn ca_fingerprint(ca_pem: &str) -> Result<String, TlsError> {
    let list = certs(ca_pem, Path::new(CA_CERT))?;
    Ok(zastita_protocol::signing::sha256_hex(list[0].as_ref()))
}

/// The rustls server configuration from `dir`: the server certificate, then the CA (unless the
/// server file already ends with it), with the ring provider. HTTP/2 and HTTP/1.1 by ALPN.
pub fn server_config(dir: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let cert_path = existing(dir, SERVER_CERT)?;
    let key_path = existing(dir, SERVER_KEY)?;
    let ca_path = existing(dir, CA_CERT)?;
    let mut chain = certs(&read(&cert_path)?, &cert_path)?;
    let ca = certs(&read(&ca_path)?, &ca_path)?;
    if let Some(ca) = ca.into_iter().next()
        && chain.last() != Some(&ca)
    {
        chain.push(ca);
    }
    let key = PrivateKeyDer::from_pem_slice(read(&key_path)?.as_bytes()).map_err(|_| {
        TlsError::BadPem {
            path: key_path.clone(),
            what: "private key",
        }
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
