//! The abuse limits of `serve`, against the real binary over real HTTPS: each refuses what it
//! must, with the project's `Problem` and its code, and — where it matters — before the body is
//! read (shown by answers that arrive while the client has sent only part of what it declared).
//! Storage limits (the attachment quota, abandoned uploads) run on both backends.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::Utc;
use serde_json::{Value, json};
use tokio::io::{AsyncWriteExt, split};
use uuid::Uuid;
use zastita_protocol::messages::{MAX_CHUNK_BYTES, MAX_PUSH_BYTES, MAX_VIOLATION_BYTES, codes};
use zastita_protocol::signing::sha256_hex;

use zastita_central::store::Location;

use crate::harness::{Signed, TestCentral, TestDevice, databases, stale};
use crate::wire::{GUARD, answer, connect, dribble_until_closed, signed_head};

fn code(body: &[u8]) -> String {
    let v: Value = serde_json::from_slice(body)
        .unwrap_or_else(|_| panic!("not a Problem: {}", String::from_utf8_lossy(body)));
    v["code"].as_str().unwrap().to_owned()
}

/// Poll `f` every 100 ms until it is true; a panic naming `what` after [`GUARD`].
async fn eventually<F: std::future::Future<Output = bool>>(what: &str, mut f: impl FnMut() -> F) {
    let deadline = tokio::time::Instant::now() + GUARD;
    while !f().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: not within {GUARD:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn openapi_status(c: &TestCentral) -> Option<u16> {
    let r = c
        .client
        .get(format!("{}/v1/openapi.json", c.url))
        .send()
        .await
        .ok()?;
    Some(r.status().as_u16())
}

#[tokio::test]
async fn a_client_dribbling_its_headers_or_its_handshake_is_cut_off() {
    let c = TestCentral::start_with(&["--header-timeout", "1s", "--handshake-timeout", "1s"]);
    let mut s = connect(&c).await;
    s.write_all(b"POST /v1/push HTTP/1.1\r\nhost: 127.0.0.1\r\n")
        .await
        .unwrap();
    // A header byte every 100 ms: the connection lives on only while the header timeout allows.
    dribble_until_closed(s, b"x-padding: aaaaaaaa\r\n", Duration::from_millis(100)).await;
    // A connection that says nothing after the handshake.
    dribble_until_closed(connect(&c).await, b"", Duration::from_millis(100)).await;
    // A TCP connection that never starts its handshake.
    let tcp = tokio::net::TcpStream::connect(c.addr()).await.unwrap();
    let mut tcp = tcp;
    let mut b = [0u8; 16];
    let read = tokio::time::timeout(GUARD, tokio::io::AsyncReadExt::read(&mut tcp, &mut b))
        .await
        .expect("the server kept a silent TCP connection open");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    assert_eq!(openapi_status(&c).await, Some(200), "and it serves on");
}

#[tokio::test]
async fn a_slow_body_or_a_slow_request_is_answered_408() {
    let c = TestCentral::start_with(&["--body-timeout", "1s", "--request-timeout", "3s"]);
    let d = c.device().await;
    // Ten bytes of a hundred, then nothing.
    let mut s = connect(&c).await;
    let head = signed_head(&d, "POST", "/v1/push", b"", Some(100), Utc::now());
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&[b' '; 10]).await.unwrap();
    let a = answer(&mut s).await.expect("an answer");
    assert_eq!(
        (a.status, a.code()),
        (408, codes::REQUEST_TIMEOUT.to_owned())
    );
    // A byte every 500 ms: never idle for the body timeout, but over the request's time.
    let s = connect(&c).await;
    let (mut r, mut w) = split(s);
    let head = signed_head(&d, "POST", "/v1/push", b"", Some(100), Utc::now());
    w.write_all(head.as_bytes()).await.unwrap();
    let writing = tokio::spawn(async move {
        for _ in 0..100 {
            if w.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });
    let a = answer(&mut r).await.expect("an answer");
    assert_eq!(
        (a.status, a.code()),
        (408, codes::REQUEST_TIMEOUT.to_owned())
    );
    writing.abort();
}

#[tokio::test]
async fn too_many_requests_from_a_device_are_refused_with_when_to_come_back() {
    let c = TestCentral::start_with(&["--device-rate", "1", "--device-burst", "3"]);
    let d = c.device().await;
    for _ in 0..3 {
        assert_eq!(c.get(&d, "/v1/feed?after=0").await.0, 200);
    }
    let (status, headers, body) = c
        .send_full(Signed::new(&d, "GET", "/v1/feed?after=0", b""))
        .await;
    assert_eq!((status, code(&body)), (429, codes::RATE_LIMITED.to_owned()));
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait >= 1, "{wait}");
    // Another device is not held up.
    let e = c.device().await;
    assert_eq!(c.get(&e, "/v1/feed?after=0").await.0, 200);
}

#[tokio::test]
async fn too_many_requests_from_an_address_are_refused_with_when_to_come_back() {
    let c = TestCentral::start_with(&["--address-rate", "1", "--address-burst", "2"]);
    assert_eq!(openapi_status(&c).await, Some(200));
    assert_eq!(openapi_status(&c).await, Some(200));
    let r = c
        .client
        .get(format!("{}/v1/openapi.json", c.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(
        r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_eq!(code(&r.bytes().await.unwrap()), codes::RATE_LIMITED);
}

#[tokio::test]
async fn requests_over_the_concurrency_limit_are_shed() {
    let c = TestCentral::start_with(&["--max-requests", "1"]);
    let d = c.device().await;
    // One push in progress, its body not yet all there.
    let mut held = connect(&c).await;
    let head = signed_head(&d, "POST", "/v1/push", b"", Some(1000), Utc::now());
    held.write_all(head.as_bytes()).await.unwrap();
    held.write_all(&[b' '; 10]).await.unwrap();
    // The push holds the one slot from when its headers are read; poll until it does.
    let deadline = tokio::time::Instant::now() + GUARD;
    let shed = loop {
        let r = c
            .client
            .get(format!("{}/v1/openapi.json", c.url))
            .send()
            .await
            .unwrap();
        if r.status() == 503 {
            let retry = r.headers()["retry-after"].to_str().unwrap().to_owned();
            break Some((retry, code(&r.bytes().await.unwrap())));
        }
        assert!(tokio::time::Instant::now() < deadline, "nothing was shed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(shed, Some(("1".to_owned(), codes::OVERLOADED.to_owned())));
    drop(held);
    eventually("served again once the push ended", || async {
        openapi_status(&c).await == Some(200)
    })
    .await;
}

/// Headers that condemn a request are answered at once: the client declared 8 MiB and has sent
/// 1 KiB; the server answers without waiting for the rest (before, it read every byte first).
#[tokio::test]
async fn a_request_its_headers_condemn_is_refused_before_its_body_is_read() {
    let c = TestCentral::start();
    let d = c.device().await;
    let revoked = c.device().await;
    c.cli_ok(&["device", "revoke", "--device", &revoked.id.to_string()]);
    let mut stranger = TestDevice::new();
    stranger.id = Uuid::now_v7();
    let cases = [
        (&stranger, Utc::now(), 401, codes::UNKNOWN_DEVICE),
        (&revoked, Utc::now(), 403, codes::REVOKED),
        (&d, stale(), 401, codes::STALE_TIMESTAMP),
    ];
    for (device, ts, status, expected) in cases {
        let mut s = connect(&c).await;
        let head = signed_head(device, "POST", "/v1/push", b"", Some(MAX_PUSH_BYTES), ts);
        s.write_all(head.as_bytes()).await.unwrap();
        s.write_all(&[b'x'; 1024]).await.unwrap();
        let a = answer(&mut s)
            .await
            .expect("an answer while the body is still coming");
        assert_eq!((a.status, a.code()), (status, expected.to_owned()));
    }
    // A known device's body is read before its signature can be checked, and the signature fails.
    let junk = vec![b'x'; 64 * 1024];
    let mut s = connect(&c).await;
    let head = signed_head(
        &d,
        "POST",
        "/v1/push",
        b"other",
        Some(junk.len()),
        Utc::now(),
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&junk).await.unwrap();
    let a = answer(&mut s).await.expect("an answer");
    assert_eq!((a.status, a.code()), (401, codes::BAD_SIGNATURE.to_owned()));
}

/// An enrolled device refused from its headers (its clock off, revoked, over its rate) while it
/// sends a large body still reads its refusal — the rest of the body is discarded, not cut off
/// with a reset — so it can correct its clock, wipe itself, or wait. (Before, every body was read
/// first; this pins that the refusals made before reading do not cost the device its answer.)
#[tokio::test]
async fn an_enrolled_device_refused_from_its_headers_still_reads_the_refusal() {
    let c = TestCentral::start_with(&["--device-rate", "1", "--device-burst", "1"]);
    let d = c.device().await;
    // As large as a push may be (a chunk, for the rate limit).
    let big = vec![b' '; MAX_PUSH_BYTES];
    let chunk = vec![b' '; MAX_CHUNK_BYTES];
    let mut req = Signed::new(&d, "POST", "/v1/push", &big);
    req.timestamp = Some(stale());
    let (s, b) = c.send(req).await;
    assert_eq!((s, code(&b)), (401, codes::STALE_TIMESTAMP.to_owned()));
    assert_eq!(
        c.get(&d, "/v1/feed?after=0").await.0,
        200,
        "its one request"
    );
    let path = format!(
        "/v1/attachments/{}/{}?offset=0&size=9",
        Uuid::now_v7(),
        "ab".repeat(32)
    );
    let (s, h, b) = c.send_full(Signed::new(&d, "PUT", &path, &chunk)).await;
    assert_eq!((s, code(&b)), (429, codes::RATE_LIMITED.to_owned()));
    assert!(h.contains_key("retry-after"));
    // The largest body a device sends besides a push, a violation report, over its rate: its
    // 429 too (before, a rate-limited body over a chunk's size was cut off with a reset).
    let report = vec![b' '; MAX_VIOLATION_BYTES];
    let (s, h, b) = c
        .send_full(Signed::new(&d, "POST", "/v1/violations", &report))
        .await;
    assert_eq!((s, code(&b)), (429, codes::RATE_LIMITED.to_owned()));
    assert!(h.contains_key("retry-after"));
    c.cli_ok(&["device", "revoke", "--device", &d.id.to_string()]);
    let (s, b) = c.send(Signed::new(&d, "POST", "/v1/push", &big)).await;
    assert_eq!((s, code(&b)), (403, codes::REVOKED.to_owned()));
}

#[tokio::test]
async fn a_body_over_the_endpoints_limit_is_refused_without_reading_it_all() {
    let c = TestCentral::start();
    let d = c.device().await;
    // Declared over the limit: 413 at once, 1 KiB sent.
    let mut s = connect(&c).await;
    let head = signed_head(
        &d,
        "POST",
        "/v1/push",
        b"",
        Some(MAX_PUSH_BYTES + 1),
        Utc::now(),
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&[b' '; 1024]).await.unwrap();
    let a = answer(&mut s).await.expect("an answer");
    assert_eq!((a.status, a.code()), (413, codes::TOO_LARGE.to_owned()));
    // No length declared (chunked): refused once past the chunk limit, while 64 MiB are being sent.
    let path = format!(
        "/v1/attachments/{}/{}?offset=0&size=100",
        Uuid::now_v7(),
        "ab".repeat(32)
    );
    let (mut r, mut w) = split(connect(&c).await);
    let head = signed_head(&d, "PUT", &path, b"", None, Utc::now());
    w.write_all(head.as_bytes()).await.unwrap();
    const TOTAL: usize = 64 * 1024 * 1024;
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let writing = tokio::spawn(async move {
        let piece = vec![b'x'; 64 * 1024];
        let mut frame = format!("{:x}\r\n", piece.len()).into_bytes();
        frame.extend_from_slice(&piece);
        frame.extend_from_slice(b"\r\n");
        while counter.load(Ordering::Relaxed) < TOTAL {
            if w.write_all(&frame).await.is_err() {
                return;
            }
            counter.fetch_add(piece.len(), Ordering::Relaxed);
        }
        let _ = w.write_all(b"0\r\n\r\n").await;
    });
    let a = answer(&mut r).await.expect("an answer");
    let when = sent.load(Ordering::Relaxed);
    writing.abort();
    assert_eq!((a.status, a.code()), (413, codes::TOO_LARGE.to_owned()));
    assert!(
        when < TOTAL,
        "the answer came only after all {TOTAL} bytes were sent"
    );
    assert!(
        when >= MAX_CHUNK_BYTES,
        "refused at {when} bytes, before the limit"
    );
}

/// Every refusal is a `Problem` with a fixed text: nothing the client sent comes back.
#[tokio::test]
async fn no_refusal_quotes_the_request() {
    const MARK: &str = "Jelena";
    let c = TestCentral::start();
    let d = c.device().await;
    let check = |what: &str, status: u16, body: &[u8], expected: u16| {
        let text = String::from_utf8_lossy(body);
        assert_eq!(status, expected, "{what}: {text}");
        assert!(!text.contains(MARK), "{what} quotes the request: {text}");
        let p: zastita_protocol::messages::Problem = serde_json::from_slice(body)
            .unwrap_or_else(|_| panic!("{what}: not a Problem: {text}"));
        assert_eq!(p.status, expected, "{what}");
    };
    let bodies = [
        format!("{{\"{MARK}\": 1}}"),
        format!("{{\"envelopes\": \"{MARK}\", \"device_time\": \"{MARK}\"}}"),
        format!("{{\"envelopes\": [], \"device_time\": \"{MARK}\"}}"),
        MARK.to_owned(),
    ];
    for b in &bodies {
        let (s, r) = c
            .send(Signed::new(&d, "POST", "/v1/push", b.as_bytes()))
            .await;
        check(b, s, &r, 400);
        let (s, r) = c
            .send(Signed::new(&d, "POST", "/v1/status-key", b.as_bytes()))
            .await;
        check(b, s, &r, 400);
    }
    let enrol = |body: Value| {
        let c = &c;
        async move {
            let r = c
                .client
                .post(format!("{}/v1/enroll", c.url))
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
        }
    };
    let (s, r) = enrol(json!({"token": 1, MARK: MARK})).await;
    check("enrol, unknown field", s, &r, 400);
    let (s, r) = enrol(
        json!({"token": MARK, "public_key": MARK, "label": "x", "app_version": "1",
                               "device_time": MARK}),
    )
    .await;
    check("enrol, bad time", s, &r, 400);
    for path in [
        format!("/v1/attachments/{MARK}/{MARK}"),
        format!("/v1/feed?after={MARK}"),
        format!("/v1/feed?after=0&limit={MARK}"),
    ] {
        let (s, r) = c.send(Signed::new(&d, "GET", &path, b"")).await;
        check(&path, s, &r, 400);
    }
    let r = c
        .client
        .delete(format!("{}/v1/push", c.url))
        .send()
        .await
        .unwrap();
    let (s, r) = (r.status().as_u16(), r.bytes().await.unwrap());
    check("DELETE /v1/push", s, &r, 405);
    assert_eq!(code(&r), codes::METHOD_NOT_ALLOWED);
    let r = c
        .client
        .get(format!("{}/v1/{MARK}", c.url))
        .send()
        .await
        .unwrap();
    let (s, r) = (r.status().as_u16(), r.bytes().await.unwrap());
    check("an unknown path", s, &r, 404);
}

/// Push a person record (outbox `seq`) and put the first `sent` bytes of an attachment of `size`
/// bytes for it; the answer.
async fn put(
    c: &TestCentral,
    d: &TestDevice,
    seq: u64,
    size: usize,
    sent: usize,
) -> (u16, Vec<u8>) {
    let envelope = d.person(seq);
    let record = envelope.envelope.record_id;
    assert_eq!(c.push(d, &[envelope]).await.0, 200);
    let data: Vec<u8> = (0..size).map(|i| (i * 13 % 256) as u8).collect();
    let path = format!(
        "/v1/attachments/{record}/{}?offset=0&size={size}",
        sha256_hex(&data)
    );
    c.send(Signed::new(d, "PUT", &path, &data[..sent])).await
}

/// `f` on every backend, each in a runtime of its own (the harness's PostgreSQL client, which
/// makes and drops the databases, runs one of its own and cannot be used inside another).
/// The `--database` URL of `location`, if on PostgreSQL.
fn database(location: &Location) -> Option<&str> {
    match location {
        Location::Sqlite(_) => None,
        Location::Postgres(target) => Some(target.url.as_str()),
    }
}

fn on_every_backend<F: std::future::Future<Output = ()>>(
    test: &str,
    f: impl Fn(&'static str, Location) -> F,
) {
    for db in databases(test) {
        let run = f(db.name, db.location.clone());
        tokio::runtime::Runtime::new().unwrap().block_on(run);
    }
}

#[test]
fn an_attachment_past_the_devices_quota_is_refused_with_its_code() {
    let test = "an_attachment_past_the_devices_quota_is_refused_with_its_code";
    on_every_backend(test, |name, location| async move {
        let c = TestCentral::start_on(database(&location), &["--attachment-quota-mib", "1"]);
        let d = c.device().await;
        // An incomplete upload holds its whole declared size.
        let (s, b) = put(&c, &d, 1, 700_000, 1000).await;
        assert_eq!(s, 200, "{}: {}", name, String::from_utf8_lossy(&b));
        let (s, b) = put(&c, &d, 2, 400_000, 400_000).await;
        assert_eq!(
            (s, code(&b)),
            (413, codes::QUOTA_EXCEEDED.to_owned()),
            "{}",
            name
        );
        let (s, _) = put(&c, &d, 3, 300_000, 300_000).await;
        assert_eq!(s, 200, "{}: what still fits is taken", name);
        // The quota is the device's own.
        let e = c.device().await;
        assert_eq!(put(&c, &e, 1, 700_000, 700_000).await.0, 200, "{}", name);
    });
}

#[test]
fn an_abandoned_upload_expires_and_the_device_starts_over() {
    let test = "an_abandoned_upload_expires_and_the_device_starts_over";
    on_every_backend(test, |name, location| async move {
        let c = TestCentral::start_on(database(&location), &["--upload-expiry", "2s"]);
        let d = c.device().await;
        // One attachment complete, one abandoned half way.
        let mut paths = Vec::new();
        let whole = vec![5u8; 50_000];
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 249) as u8).collect();
        for (seq, bytes, sent) in [(1, &whole, whole.len()), (2, &data, 100_000)] {
            let envelope = d.person(seq);
            let record = envelope.envelope.record_id;
            assert_eq!(c.push(&d, &[envelope]).await.0, 200);
            let path = format!("/v1/attachments/{record}/{}", sha256_hex(bytes));
            let put = format!("{path}?offset=0&size={}", bytes.len());
            let (s, _) = c.send(Signed::new(&d, "PUT", &put, &bytes[..sent])).await;
            assert_eq!(s, 200, "{}", name);
            paths.push(path);
        }
        let (done, abandoned) = (&paths[0], &paths[1]);
        assert_eq!(c.get(&d, abandoned).await.1["received"], 100_000);
        eventually(
            &format!("{}: the abandoned upload deleted", name),
            || async { c.get(&d, abandoned).await.1["received"] == 0 },
        )
        .await;
        let (_, st) = c.get(&d, done).await;
        assert_eq!(st["complete"], true, "{}: a complete one stays", name);
        // The device starts over from byte 0, and it completes.
        let put = format!("{abandoned}?offset=0&size={}", data.len());
        let (s, b) = c.send(Signed::new(&d, "PUT", &put, &data)).await;
        assert_eq!(s, 200, "{}", name);
        assert_eq!(
            serde_json::from_slice::<Value>(&b).unwrap()["complete"],
            true
        );
    });
}

/// Out of file descriptors, the server cannot accept; it must not stop, and it serves again once
/// descriptors are free. (axum-server's accept loop already backs off; this pins it.)
#[tokio::test]
async fn running_out_of_file_descriptors_does_not_stop_the_server() {
    use rustix::process::{Pid, Resource, Rlimit, getrlimit, prlimit};
    let mut c = TestCentral::start();
    let pid = Pid::from_raw(i32::try_from(c.pid()).unwrap()).unwrap();
    let fds = || {
        std::fs::read_dir(format!("/proc/{}/fd", c.pid()))
            .unwrap()
            .count() as u64
    };
    let limit = fds() + 4;
    prlimit(
        Some(pid),
        Resource::Nofile,
        Rlimit {
            current: Some(limit),
            maximum: getrlimit(Resource::Nofile).maximum,
        },
    )
    .unwrap();
    let mut held = Vec::new();
    for _ in 0..32 {
        held.push(tokio::net::TcpStream::connect(c.addr()).await.unwrap());
    }
    eventually("the server at its descriptor limit", || async {
        fds() >= limit
    })
    .await;
    // Give the accept loop time to fail on the connections still waiting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        c.running(),
        "the server stopped when it ran out of descriptors"
    );
    drop(held);
    eventually("served again", || async {
        openapi_status(&c).await == Some(200)
    })
    .await;
    assert!(c.running());
}
