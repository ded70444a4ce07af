//! Requests written by hand over TLS, for what an HTTP client will not do: send half a request
//! and wait, dribble headers, read the answer while the body is still going out. Every wait has
//! a guard (`GUARD`) so that a server that never answers fails the test instead of hanging it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use uuid::Uuid;
use zastita_protocol::signing::{self, headers};

use crate::harness::{TestCentral, TestDevice, trusting};

/// Longest any wait here lasts; reaching it means the server did not do what the test expects.
pub const GUARD: Duration = Duration::from_secs(30);

/// A TLS connection to the central record, trusting only its CA.
pub async fn connect(c: &TestCentral) -> TlsStream<TcpStream> {
    let config = trusting(&std::fs::read(c.data().join("ca.pem")).unwrap());
    let tcp = TcpStream::connect(c.addr()).await.unwrap();
    let name = ServerName::IpAddress(c.addr().ip().into());
    TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .unwrap()
}

/// The head of a request signed as `device` at `ts` for the whole `body` (the signature is over
/// the body the test means to send, even if it sends only part of it), declaring `length` bytes
/// (`None`: chunked).
pub fn signed_head(
    device: &TestDevice,
    method: &str,
    path: &str,
    body: &[u8],
    length: Option<usize>,
    ts: DateTime<Utc>,
) -> String {
    let nonce = Uuid::now_v7().to_string();
    let sig = device.key.sign(&signing::request_signing_bytes(
        method, path, ts, &nonce, body,
    ));
    let length = length.map_or_else(
        || "transfer-encoding: chunked".to_owned(),
        |n| format!("content-length: {n}"),
    );
    format!(
        "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
         {length}\r\n{}: {}\r\n{}: {}\r\n{}: {nonce}\r\n{}: {sig}\r\n\r\n",
        headers::DEVICE,
        device.id,
        headers::TIMESTAMP,
        ts.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        headers::NONCE,
        headers::SIGNATURE,
    )
}

/// An answer as read off the wire.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Answer {
    /// The answer's `Problem` code.
    pub fn code(&self) -> String {
        let v: serde_json::Value = serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not a Problem: {}", String::from_utf8_lossy(&self.body)));
        v["code"].as_str().unwrap().to_owned()
    }

    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

/// Read one answer (head, then a `content-length` body). `None` when the server closed the
/// connection without answering; a panic when nothing came within [`GUARD`].
pub async fn answer<R: tokio::io::AsyncRead + Unpin>(r: &mut R) -> Option<Answer> {
    tokio::time::timeout(GUARD, read_answer(r))
        .await
        .unwrap_or_else(|_| panic!("no answer within {GUARD:?}: the server is still reading"))
}

async fn read_answer<R: tokio::io::AsyncRead + Unpin>(r: &mut R) -> Option<Answer> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match r.read(&mut byte).await {
            Ok(0) | Err(_) => return None,
            Ok(_) => buf.push(byte[0]),
        }
    }
    let head = String::from_utf8(buf).unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut answer = Answer {
        status,
        head,
        body: Vec::new(),
    };
    let length: usize = answer
        .header("content-length")
        .map_or(0, |v| v.parse().unwrap());
    answer.body = vec![0; length];
    r.read_exact(&mut answer.body).await.ok()?;
    Some(answer)
}

/// Wait until the server closes `stream`, writing one more byte of `dribble` every `every` (a
/// client that sends its headers a byte at a time). Panics when the server kept it open for
/// [`GUARD`].
pub async fn dribble_until_closed(stream: TlsStream<TcpStream>, dribble: &[u8], every: Duration) {
    let (mut r, mut w) = tokio::io::split(stream);
    let closed = async {
        let mut b = [0u8; 256];
        loop {
            match r.read(&mut b).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    let writing = async {
        if dribble.is_empty() {
            std::future::pending::<()>().await;
        }
        for byte in dribble.iter().cycle() {
            if w.write_all(&[*byte]).await.is_err() || w.flush().await.is_err() {
                // Cut off: wait for the read side to see it too.
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(every).await;
        }
    };
    tokio::time::timeout(GUARD, async {
        tokio::select! {
            () = closed => {},
            () = writing => {},
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the server kept a dribbling connection open for {GUARD:?}"));
}
