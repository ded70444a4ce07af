//! Whom the device trusts: rustls client configurations with ring as the only provider and no
//! public CA at all.
//!
//! - Before enrolment the device knows only the SHA-256 of the central record's CA certificate
//!   (from the enrolment code). [`fingerprint_config`] accepts a server whose presented chain
//!   contains a certificate with exactly that fingerprint, and then verifies the server
//!   certificate against that CA with rustls' own WebPKI verifier (signature, validity, name).
//! - After enrolment, [`pinned_config`] trusts the CA PEM stored at enrolment and nothing else.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use super::SyncError;

/// Install ring as the process's rustls provider (once; a second call is harmless). reqwest
/// with `rustls-no-provider` panics without one.
pub(crate) fn install_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// SHA-256 (lower-case hex) of a certificate's DER bytes.
pub(crate) fn fingerprint(der: &[u8]) -> String {
    zastita_protocol::signing::sha256_hex(der)
}

/// The certificates in a PEM text, in order.
pub(crate) fn certificates(pem: &str) -> Result<Vec<CertificateDer<'static>>, SyncError> {
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(pem.as_bytes()).collect();
    match certs {
        Ok(c) if !c.is_empty() => Ok(c),
        _ => Err(SyncError::Certificate {
            detail: "the central record's CA certificate is not a readable PEM certificate"
                .to_owned(),
        }),
    }
}

fn finish(
    builder: rustls::ConfigBuilder<ClientConfig, rustls::WantsVerifier>,
    verifier: Option<Arc<dyn ServerCertVerifier>>,
    roots: Option<RootCertStore>,
) -> ClientConfig {
    let mut config = match (verifier, roots) {
        (Some(v), _) => builder
            .dangerous()
            .with_custom_certificate_verifier(v)
            .with_no_client_auth(),
        (None, Some(r)) => builder.with_root_certificates(r).with_no_client_auth(),
        (None, None) => builder
            .with_root_certificates(RootCertStore::empty())
            .with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config
}

fn builder() -> Result<rustls::ConfigBuilder<ClientConfig, rustls::WantsVerifier>, SyncError> {
    ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| SyncError::Certificate {
            detail: format!("TLS cannot be set up: {e}"),
        })
}

/// Trust only the CA(s) in `ca_pem` (stored at enrolment).
pub(crate) fn pinned_config(ca_pem: &str) -> Result<ClientConfig, SyncError> {
    let mut roots = RootCertStore::empty();
    for cert in certificates(ca_pem)? {
        roots.add(cert).map_err(|e| SyncError::Certificate {
            detail: format!("the pinned CA certificate is unusable: {e}"),
        })?;
    }
    Ok(finish(builder()?, None, Some(roots)))
}

/// Trust a server whose chain holds a CA with this SHA-256, verified as that CA's server.
pub(crate) fn fingerprint_config(ca_sha256: &str) -> Result<ClientConfig, SyncError> {
    let verifier = FingerprintVerifier {
        ca_sha256: ca_sha256.to_ascii_lowercase(),
        provider: provider(),
    };
    Ok(finish(builder()?, Some(Arc::new(verifier)), None))
}

/// Picks the CA out of the presented chain by its fingerprint, then lets rustls' WebPKI verifier
/// judge the server certificate against that CA alone.
#[derive(Debug)]
struct FingerprintVerifier {
    ca_sha256: String,
    provider: Arc<CryptoProvider>,
}

impl FingerprintVerifier {
    fn algorithms(&self) -> &WebPkiSupportedAlgorithms {
        &self.provider.signature_verification_algorithms
    }
}

impl ServerCertVerifier for FingerprintVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let ca = intermediates
            .iter()
            .find(|c| fingerprint(c.as_ref()) == self.ca_sha256)
            .ok_or(rustls::Error::InvalidCertificate(
                CertificateError::UnknownIssuer,
            ))?;
        let mut roots = RootCertStore::empty();
        roots.add(ca.clone().into_owned())?;
        let others: Vec<CertificateDer<'_>> = intermediates
            .iter()
            .filter(|c| c.as_ref() != ca.as_ref())
            .cloned()
            .collect();
        let webpki = WebPkiServerVerifier::builder_with_provider(
            Arc::new(roots),
            Arc::clone(&self.provider),
        )
        .build()
        .map_err(|e| rustls::Error::General(e.to_string()))?;
        webpki.verify_server_cert(end_entity, &others, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, self.algorithms())
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, self.algorithms())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms().supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn unreadable_pem_is_a_certificate_error_and_configs_build() {
        install_provider();
        assert!(matches!(
            pinned_config("not a certificate"),
            Err(SyncError::Certificate { .. })
        ));
        let c = fingerprint_config(&"AB".repeat(32)).unwrap();
        assert_eq!(c.alpn_protocols.len(), 2);
    }
}
