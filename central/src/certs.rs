//! `init` and `cert renew`: the TLS material in the data directory, the CA's private key kept
//! out of it (`--ca-key-out`, then offline), the central key outside it (`key_commands.rs`),
//! and each written to the admin audit. Part of the binary, not the library.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::json;
use zastita_central::store::admin_audit::AdminEntry;
use zastita_central::store::{Location, Store, now};
use zastita_central::tls::{self, CertSource};

use crate::args::{Cli, InitArgs};
use crate::key_commands::init_key;
use crate::{data_dir, database, open, operator};

pub(crate) fn init(cli: &Cli, a: &InitArgs) -> Result<()> {
    let dir = data_dir(cli)?;
    let actor = operator::actor(cli, true)?;
    let hostnames: Vec<String> = if a.hostnames.is_empty() {
        tls::DEFAULT_HOSTNAMES
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    } else {
        a.hostnames.clone()
    };
    let source = match (&a.ca_cert, &a.ca_key, &a.cert, &a.key) {
        (None, None, None, None) => CertSource::Generate,
        (Some(ca_cert), Some(ca_key), None, None) => CertSource::WithCa {
            ca_cert: ca_cert.clone(),
            ca_key: ca_key.clone(),
        },
        (Some(ca_cert), None, Some(cert), Some(key)) => CertSource::Provided {
            cert: cert.clone(),
            key: key.clone(),
            ca_cert: ca_cert.clone(),
        },
        _ => bail!("give either --ca-cert with --ca-key, or --cert, --key and --ca-cert, or none"),
    };
    // The key first (a refused path leaves nothing behind; a key made here is removed again if
    // init goes no further: nothing is encrypted under it yet), then the database: a target it
    // refuses (plaintext, no CA) leaves no files behind.
    let key = init_key(cli, dir)?;
    let made = (|| {
        let store = Store::open(&Location::from_args(dir, database(cli)?), key.keys.clone())
            .context("cannot create the central record's database")?;
        let ca_key = tls::init(dir, &hostnames, &source, a.ca_key_out.as_deref())?;
        anyhow::Ok((store, ca_key))
    })();
    let (store, ca_key) = match made {
        Ok(made) => made,
        Err(e) => {
            key.undo();
            return Err(e);
        }
    };
    let fingerprint = tls::ca_fingerprint(&tls::ca_pem(dir)?)?;
    store.append_admin_audit(
        &actor,
        &AdminEntry::new("init").detail(json!({
            "backend": store.backend_name(),
            "ca_sha256": fingerprint,
            "hostnames": hostnames,
            "ca_key_written_to": ca_key,
        })),
        now(),
    )?;
    println!(
        "initialised {} ({} storage); CA SHA-256 {fingerprint}",
        dir.display(),
        store.backend_name()
    );
    if let Some(path) = ca_key {
        println!(
            "the CA's private key is {}: move it to offline storage (a removable medium kept \
             locked away) and delete it from this machine; `serve` refuses to start while it is \
             in the data directory, and `cert renew --ca-key` needs it only to renew the server \
             certificate",
            path.display()
        );
    }
    key.explain();
    Ok(())
}

pub(crate) fn renew(cli: &Cli, ca_key: &Path, hostnames: &[String]) -> Result<()> {
    let dir = data_dir(cli)?;
    let actor = operator::actor(cli, true)?;
    let (cert, key, renewed) = tls::prepare_renewal(dir, ca_key, hostnames)?;
    // Audited before the files change: a renewal that is not in the audit never happened.
    open(cli)?.append_admin_audit(
        &actor,
        &AdminEntry::new("cert.renew")
            .target("server-certificate")
            .detail(serde_json::to_value(&renewed)?),
        now(),
    )?;
    tls::install_renewal(dir, &cert, &key)?;
    println!(
        "server certificate renewed for {} (SHA-256 {}), signed by the same CA: devices keep \
         syncing. Restart `serve` to use it, and put the CA key back offline.",
        renewed.hostnames.join(", "),
        renewed.sha256
    );
    Ok(())
}
