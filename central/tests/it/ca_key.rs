//! Issue 13, item 5: the CA's private key does not live on the serving machine. `init` writes a
//! new CA's key to its own directory outside the data directory and says to move it offline;
//! `serve` refuses to start while `ca-key.pem` is in the data directory (unless told, for a
//! demo); `cert renew --ca-key` makes a new server certificate from the offline key, and a device
//! that pinned the CA at enrolment keeps syncing with the renewed server.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use serde_json::Value;

use crate::admin_audit::{Station, files, stderr};
use crate::harness::{BIN, TestCentral, trusting};

/// `serve` on `data` (any free loopback port); the child and its address, or its stderr when it
/// exited instead.
fn serve(data: &Path, key: &Path, extra: &[&str]) -> Result<(Child, String), String> {
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .arg("--key-file")
        .arg(key)
        .args(extra)
        .env_remove("ZASTITA_CENTRAL_DATABASE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    match line.trim().strip_prefix("listening on ") {
        Some(url) => Ok((child, url.to_owned())),
        None => {
            let out = child.wait_with_output().unwrap();
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

/// The DER of the certificate the server at `url` presents, through a client trusting only the
/// CA in `ca_pem`.
async fn served_certificate(url: &str, ca_pem: &str) -> Vec<u8> {
    let config = trusting(ca_pem.as_bytes());
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(config)
        .tls_info(true)
        .build()
        .unwrap();
    let r = client
        .get(format!("{url}/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    r.extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|i| i.peer_certificate())
        .unwrap()
        .to_vec()
}

fn der(pem_path: &Path) -> Vec<u8> {
    let pem = std::fs::read(pem_path).unwrap();
    CertificateDer::pem_slice_iter(&pem)
        .next()
        .unwrap()
        .unwrap()
        .to_vec()
}

#[test]
fn init_writes_the_ca_key_outside_the_data_directory() {
    for st in Station::all("init_writes_the_ca_key_outside_the_data_directory") {
        let inside = st.data.join("keys");
        for (args, says) in [
            (vec!["init"], "--ca-key-out DIR"),
            (
                vec!["init", "--ca-key-out", inside.to_str().unwrap()],
                "is inside the data directory",
            ),
        ] {
            let out = st.run(Some("Ana Operator"), &args);
            assert!(!out.status.success(), "{}: {args:?}", st.name);
            assert!(stderr(&out).contains(says), "{}", stderr(&out));
            assert!(!st.data.join("ca.pem").exists(), "{}: {args:?}", st.name);
        }
        let offline = st.ca_key_dir();
        let out = st.ok(&["init", "--ca-key-out", offline.to_str().unwrap()]);
        let key = offline.join("ca-key.pem");
        assert!(
            out.contains(&format!("the CA's private key is {}", key.display())),
            "{out}"
        );
        assert!(out.contains("move it to offline storage"), "{out}");
        assert!(
            std::fs::read_to_string(&key)
                .unwrap()
                .contains("PRIVATE KEY")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", st.name);
        }
        let mut held = files(&st.data);
        held.retain(|f| f.ends_with(".pem"));
        held.sort();
        assert_eq!(
            held,
            ["ca.pem", "server-key.pem", "server.pem"],
            "{}",
            st.name
        );
    }
}

#[test]
fn serve_refuses_while_the_ca_key_is_in_the_data_directory() {
    let st = Station::all("serve_refuses_while_the_ca_key_is_in_the_data_directory")
        .into_iter()
        .next()
        .unwrap();
    st.init();
    std::fs::copy(
        st.ca_key_dir().join("ca-key.pem"),
        st.data.join("ca-key.pem"),
    )
    .unwrap();
    let e = serve(&st.data, &st.key_file, &[]).map(|_| ()).unwrap_err();
    assert!(
        e.contains("ca-key.pem holds the CA's private key: move it off this machine"),
        "{e}"
    );
    assert!(e.contains("--allow-ca-key-in-data"), "{e}");
    // A demo may override it; the override is in the admin audit.
    let (mut child, _) = serve(&st.data, &st.key_file, &["--allow-ca-key-in-data"]).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let audit: Value = serde_json::from_str(&st.ok(&["audit", "list", "--json"])).unwrap();
    let start = &audit[1];
    assert_eq!(start["action"], "serve.start", "{audit}");
    assert_eq!(start["actor_kind"], "system");
    let detail: Value = serde_json::from_str(start["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["allow_ca_key_in_data"], true);
}

#[tokio::test]
async fn a_renewed_server_certificate_keeps_pinned_devices_syncing() {
    let mut central = TestCentral::start();
    let data = central.data();
    let ca_key = central.dir.path().join("ca-key").join("ca-key.pem");
    let ca_pem = std::fs::read_to_string(data.join("ca.pem")).unwrap();
    let device = central.device().await;
    let (status, body) = central.push(&device, &[device.person(1)]).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let old = der(&data.join("server.pem"));
    assert_eq!(served_certificate(&central.url, &ca_pem).await, old);

    // Refused: without an operator, and with a key that is not the CA's.
    let renew = ["cert", "renew", "--data", data.to_str().unwrap()];
    let out = Command::new(BIN)
        .args(renew)
        .arg("--key-file")
        .arg(crate::harness::key_file(&data))
        .args(["--ca-key", ca_key.to_str().unwrap()])
        .env_remove("ZASTITA_CENTRAL_OPERATOR")
        .output()
        .unwrap();
    assert!(stderr(&out).contains("--operator"), "{}", stderr(&out));
    let stranger = central.dir.path().join("stranger.pem");
    std::fs::write(
        &stranger,
        rcgen::KeyPair::generate().unwrap().serialize_pem(),
    )
    .unwrap();
    let out = central.cli(&["cert", "renew", "--ca-key", stranger.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("is not the private key of the CA"),
        "{}",
        stderr(&out)
    );
    assert_eq!(der(&data.join("server.pem")), old, "nothing changed");

    let out = central.cli_ok(&["cert", "renew", "--ca-key", ca_key.to_str().unwrap()]);
    assert!(
        out.contains("server certificate renewed for localhost, 127.0.0.1, ::1"),
        "{out}"
    );
    let new = der(&data.join("server.pem"));
    assert_ne!(new, old);
    assert!(
        out.contains(&zastita_protocol::signing::sha256_hex(&new)),
        "{out}"
    );

    // The server started again on the renewed pair (the running one keeps the old until it
    // restarts): the same device, whose client trusts only the CA it pinned, syncs on.
    let (mut renewed, url) = serve(&data, &crate::harness::key_file(&data), &[]).unwrap();
    assert_eq!(served_certificate(&url, &ca_pem).await, new);
    central.url = url;
    let (status, body) = central.push(&device, &[device.person(2)]).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    renewed.kill().unwrap();
    renewed.wait().unwrap();

    let audit = central.cli_json(&["audit", "list", "--json"]);
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "cert.renew")
        .unwrap_or_else(|| panic!("no cert.renew in {audit}"));
    assert_eq!(entry["actor_name"], "Test Operator");
    assert!(
        entry["detail"]
            .as_str()
            .unwrap()
            .contains(&zastita_protocol::signing::sha256_hex(&new))
    );
}
