//! The central record's TLS material in its data directory: `ca.pem` (the CA devices pin at
//! enrolment, by the SHA-256 of its DER), `ca-key.pem` (when this central record made or was
//! given the CA's key), `server.pem` and `server-key.pem`. `init` makes them with rcgen (or
//! takes a station's own); `serve` loads them into a rustls configuration (ring provider) that
//! sends the chain [server, CA]. Keys are written readable by their owner only.

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

/// Write the TLS material into `dir` (created if needed). Refuses to overwrite.
pub fn init(dir: &Path, hostnames: &[String], source: &CertSource) -> Result<(), TlsError> {
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
    for name in [CA_CERT, CA_KEY, SERVER_CERT, SERVER_KEY] {
        let path = dir.join(name);
        if path.exists() {
            return Err(TlsError::AlreadyInitialised(path));
        }
    }
    match source {
        CertSource::Generate => {
            let ca_key = KeyPair::generate()?;
            let params = ca_params()?;
            let ca = params.self_signed(&ca_key)?;
            let issuer = Issuer::new(params, &ca_key);
            let key = KeyPair::generate()?;
            let cert = server_params(hostnames)?.signed_by(&key, &issuer)?;
            write(&dir.join(CA_CERT), &ca.pem(), false)?;
            write(&dir.join(CA_KEY), &ca_key.serialize_pem(), true)?;
            write(&dir.join(SERVER_CERT), &cert.pem(), false)?;
            write(&dir.join(SERVER_KEY), &key.serialize_pem(), true)?;
        }
        CertSource::WithCa { ca_cert, ca_key } => {
            let ca_pem = read(ca_cert)?;
            let ca_key_pem = read(ca_key)?;
            let signing = KeyPair::from_pem(&ca_key_pem).map_err(|_| TlsError::BadPem {
                path: ca_key.clone(),
                what: "private key",
            })?;
            let issuer =
                Issuer::from_ca_cert_pem(&ca_pem, &signing).map_err(|_| TlsError::BadPem {
                    path: ca_cert.clone(),
                    what: "CA certificate",
                })?;
            let key = KeyPair::generate()?;
            let cert = server_params(hostnames)?.signed_by(&key, &issuer)?;
            write(&dir.join(CA_CERT), &ca_pem, false)?;
            write(&dir.join(CA_KEY), &ca_key_pem, true)?;
            write(&dir.join(SERVER_CERT), &cert.pem(), false)?;
            write(&dir.join(SERVER_KEY), &key.serialize_pem(), true)?;
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
    Ok(())
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
