//! `Flood`: the abuse the central record must stand while devices sync, all on loopback,
//! bounded in count and stopped by [`Flood::stop`]:
//!
//! - slow connections: a TLS connection that sends a request line and then one header byte at a
//!   time, forever; when the server cuts one off, another takes its place;
//! - junk pushers: clients each on an address of their own (127.1.x.y), pushing bodies of junk
//!   with a bad signature, one request after another on a new connection; most name devices that
//!   do not exist, some name devices that do (stolen ids), whose bodies the server must read
//!   before it can find the signature bad.
//!
//! And what to read about the server afterwards: its peak resident memory ([`peak_rss`], from
//! `/proc`), and the test process's file-descriptor limit raised for the flood's sockets
//! ([`raise_fd_limit`]; the server, a child, inherits it).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_rustls::TlsConnector;
use uuid::Uuid;
use zastita_protocol::signing::{DeviceKey, headers};

/// What to flood the server with.
#[derive(Debug, Clone)]
pub struct FloodConfig {
    /// Slow connections held open at once.
    pub slow: usize,
    /// Junk pushers.
    pub junk: usize,
    /// The body each junk push declares and sends.
    pub junk_bytes: usize,
    /// Enrolled devices' ids; junk pusher `i` uses one of them when `i % stolen_every == 0`.
    pub stolen: Vec<Uuid>,
    pub stolen_every: usize,
    /// Pushes per junk pusher (`None`: until stopped).
    pub pushes: Option<usize>,
    /// Between two header bytes of a slow connection.
    pub dribble_every: Duration,
    /// Run the flood at the lowest scheduling priority (see [`Flood`]).
    pub low_priority: bool,
}

/// What the flood did (a snapshot; counters only go up).
#[derive(Debug, Clone, Default)]
pub struct FloodStats {
    /// Slow connections opened (TLS handshake done, request line sent).
    pub slow_opened: u64,
    /// Slow connections the server cut off.
    pub slow_cut: u64,
    /// Junk pushes started.
    pub pushes: u64,
    /// Junk pushers that started at least one push.
    pub pushers: u64,
    /// Junk pushes answered, by HTTP status.
    pub answers: BTreeMap<u16, u64>,
    /// Junk pushes whose connection closed without an answer.
    pub unanswered: u64,
    /// Junk body bytes written before the answer came (much of it into socket buffers).
    pub junk_sent: u64,
    /// Connections that could not be made (refused, handshake cut).
    pub connect_failed: u64,
}

#[derive(Default)]
struct Counters {
    slow_opened: AtomicU64,
    slow_cut: AtomicU64,
    pushes: AtomicU64,
    pushers: AtomicU64,
    unanswered: AtomicU64,
    junk_sent: AtomicU64,
    connect_failed: AtomicU64,
    answers: Mutex<BTreeMap<u16, u64>>,
}

/// A running flood: its tasks on a runtime of its own, one thread (with `low_priority`, at the
/// lowest scheduling priority, so that the machine's cores go first to the server and the device:
/// an attacker's machine is not the server's, here they share two cores).
pub struct Flood {
    stop: Arc<AtomicBool>,
    counters: Arc<Counters>,
    runtime: Option<tokio::runtime::Runtime>,
    slow: Vec<tokio::task::JoinHandle<()>>,
    junk: Vec<tokio::task::JoinHandle<()>>,
}

struct Target {
    addr: SocketAddr,
    tls: TlsConnector,
    stop: Arc<AtomicBool>,
    counters: Arc<Counters>,
}

impl Target {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    async fn connect(
        &self,
        from: Option<Ipv4Addr>,
    ) -> Option<tokio_rustls::client::TlsStream<TcpStream>> {
        let tcp = match from {
            Some(ip) => {
                let socket = TcpSocket::new_v4().ok()?;
                socket.bind(SocketAddr::new(IpAddr::V4(ip), 0)).ok()?;
                socket.connect(self.addr).await
            }
            None => TcpStream::connect(self.addr).await,
        };
        let name = ServerName::IpAddress(self.addr.ip().into());
        let connected = match tcp {
            Ok(tcp) => self.tls.connect(name, tcp).await.ok(),
            Err(_) => None,
        };
        if connected.is_none() {
            self.counters.connect_failed.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        connected
    }
}

fn tls_connector(ca_pem: &str) -> Result<TlsConnector> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(cert.context("reading the CA PEM")?)?;
    }
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// One slow connection after another, until stopped.
async fn slow(t: Arc<Target>, every: Duration) {
    while !t.stopped() {
        let Some(stream) = t.connect(None).await else {
            continue;
        };
        let (mut r, mut w) = tokio::io::split(stream);
        if w.write_all(b"POST /v1/push HTTP/1.1\r\nhost: 127.0.0.1\r\n")
            .await
            .is_err()
        {
            continue;
        }
        t.counters.slow_opened.fetch_add(1, Ordering::Relaxed);
        let cut = async {
            let mut b = [0u8; 512];
            while matches!(r.read(&mut b).await, Ok(n) if n > 0) {}
        };
        let dribble = async {
            for byte in b"x-wait-for-it: "
                .iter()
                .copied()
                .chain(std::iter::repeat(b'a'))
            {
                tokio::time::sleep(every).await;
                if t.stopped() || w.write_all(&[byte]).await.is_err() {
                    return;
                }
            }
        };
        tokio::select! {
            () = cut => { t.counters.slow_cut.fetch_add(1, Ordering::Relaxed); }
            () = dribble => {}
        }
    }
}

/// The head of a junk push: a fresh timestamp and nonce, a signature by a key that is no
/// device's.
fn junk_head(device: Uuid, length: usize, forger: &DeviceKey) -> String {
    let ts = chrono::Utc::now();
    let nonce = Uuid::now_v7();
    let signature = forger.sign(nonce.as_bytes());
    format!(
        "POST /v1/push HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
         content-length: {length}\r\n{}: {device}\r\n{}: {}\r\n{}: {nonce}\r\n{}: {signature}\r\n\r\n",
        headers::DEVICE,
        headers::TIMESTAMP,
        ts.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        headers::NONCE,
        headers::SIGNATURE,
    )
}

/// The status of an answer's head (`None` when the connection closed before one).
async fn answer_status<R: tokio::io::AsyncRead + Unpin>(r: &mut R) -> Option<u16> {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match r.read(&mut b).await {
            Ok(1) => head.push(b[0]),
            _ => return None,
        }
        if head.len() > 16 * 1024 {
            return None;
        }
    }
    String::from_utf8_lossy(&head)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
}

/// Junk pusher `i`: from 127.1.x.y, `pushes` times or until stopped.
async fn junk(t: Arc<Target>, i: usize, config: Arc<FloodConfig>, body: Arc<Vec<u8>>) {
    let from = Ipv4Addr::new(127, 1, (i / 250) as u8, (i % 250 + 1) as u8);
    let Ok((forger, _)) = DeviceKey::generate() else {
        return;
    };
    let mut done = 0usize;
    while !t.stopped() && config.pushes.is_none_or(|n| done < n) {
        let every = config.stolen_every.max(1);
        let device = match config.stolen.len() {
            n if n > 0 && i.is_multiple_of(every) => config.stolen[(i / every) % n],
            _ => Uuid::now_v7(),
        };
        let Some(stream) = t.connect(Some(from)).await else {
            continue;
        };
        if done == 0 {
            t.counters.pushers.fetch_add(1, Ordering::Relaxed);
        }
        done += 1;
        t.counters.pushes.fetch_add(1, Ordering::Relaxed);
        let (mut r, mut w) = tokio::io::split(stream);
        let head = junk_head(device, body.len(), &forger);
        let sent = AtomicU64::new(0);
        let writing = async {
            if w.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for piece in body.chunks(64 * 1024) {
                if t.stopped() || w.write_all(piece).await.is_err() {
                    return;
                }
                sent.fetch_add(piece.len() as u64, Ordering::Relaxed);
            }
            // All sent: wait for the answer.
            std::future::pending::<()>().await;
        };
        let status = tokio::select! {
            s = answer_status(&mut r) => s,
            () = writing => answer_status(&mut r).await,
        };
        t.counters
            .junk_sent
            .fetch_add(sent.load(Ordering::Relaxed), Ordering::Relaxed);
        match status {
            Some(s) => {
                if let Ok(mut a) = t.counters.answers.lock() {
                    *a.entry(s).or_default() += 1;
                }
            }
            None => {
                t.counters.unanswered.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

impl Flood {
    /// Start flooding the server at `addr` (its CA in `ca_pem`).
    pub fn start(addr: SocketAddr, ca_pem: &str, config: FloodConfig) -> Result<Flood> {
        let low_priority = config.low_priority;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("flood")
            .on_thread_start(move || {
                if low_priority {
                    // Linux: a thread id as the process names that one thread. Best effort.
                    let tid = rustix::thread::gettid();
                    let _ = rustix::process::setpriority_process(Some(tid), 19);
                }
            })
            .enable_all()
            .build()?;
        let stop = Arc::new(AtomicBool::new(false));
        let counters = Arc::new(Counters::default());
        let target = Arc::new(Target {
            addr,
            tls: tls_connector(ca_pem)?,
            stop: Arc::clone(&stop),
            counters: Arc::clone(&counters),
        });
        let body: Arc<Vec<u8>> = Arc::new(
            (0..config.junk_bytes)
                .map(|i| b"{\"junk\":"[i % 8])
                .collect(),
        );
        let config = Arc::new(config);
        let slow = (0..config.slow)
            .map(|_| runtime.spawn(slow(Arc::clone(&target), config.dribble_every)))
            .collect();
        let mut junk_tasks = Vec::with_capacity(config.junk);
        for i in 0..config.junk {
            junk_tasks.push(runtime.spawn(junk(
                Arc::clone(&target),
                i,
                Arc::clone(&config),
                Arc::clone(&body),
            )));
        }
        Ok(Flood {
            stop,
            counters,
            runtime: Some(runtime),
            slow,
            junk: junk_tasks,
        })
    }

    /// What it did so far.
    pub fn stats(&self) -> FloodStats {
        let c = &self.counters;
        FloodStats {
            slow_opened: c.slow_opened.load(Ordering::Relaxed),
            slow_cut: c.slow_cut.load(Ordering::Relaxed),
            pushes: c.pushes.load(Ordering::Relaxed),
            pushers: c.pushers.load(Ordering::Relaxed),
            answers: c.answers.lock().map(|a| a.clone()).unwrap_or_default(),
            unanswered: c.unanswered.load(Ordering::Relaxed),
            junk_sent: c.junk_sent.load(Ordering::Relaxed),
            connect_failed: c.connect_failed.load(Ordering::Relaxed),
        }
    }

    /// Wait (at most `within`) until `n` slow connections were opened and every junk pusher
    /// started pushing: the flood in full force.
    pub async fn in_force(&self, n: u64, within: Duration) -> Result<()> {
        let deadline = tokio::time::Instant::now() + within;
        let pushers = self.junk.len() as u64;
        loop {
            let (slow, started) = (
                self.counters.slow_opened.load(Ordering::Relaxed),
                self.counters.pushers.load(Ordering::Relaxed),
            );
            if slow >= n && started >= pushers {
                return Ok(());
            }
            anyhow::ensure!(
                tokio::time::Instant::now() < deadline,
                "within {within:?}: {slow} of {n} slow connections, {started} of {pushers} pushers"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether every junk pusher is done (those with a bounded number of pushes end).
    pub fn junk_done(&self) -> bool {
        self.junk.iter().all(tokio::task::JoinHandle::is_finished)
    }

    /// Stop every task and close every connection; what it did.
    pub fn stop(mut self) -> FloodStats {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.slow.iter().chain(&self.junk) {
            t.abort();
        }
        let stats = self.stats();
        if let Some(rt) = self.runtime.take() {
            // From inside a test's runtime a runtime may not wait for its tasks: they are dropped
            // (their connections closed) in the background.
            rt.shutdown_background();
        }
        stats
    }
}

impl Drop for Flood {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// The peak resident set of process `pid` so far (`VmHWM` in `/proc/<pid>/status`), in bytes.
pub fn peak_rss(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .context("no VmHWM in /proc/<pid>/status")?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()?;
    Ok(kib * 1024)
}

/// Raise this process's soft limit of open files to `want` (at most the hard limit), for a
/// flood's sockets; children (the server) inherit it.
pub fn raise_fd_limit(want: u64) -> Result<u64> {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let now = getrlimit(Resource::Nofile);
    if now.current.is_none_or(|c| c >= want) {
        return Ok(now.current.unwrap_or(u64::MAX));
    }
    let target = now.maximum.map_or(want, |m| m.min(want));
    setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(target),
            maximum: now.maximum,
        },
    )?;
    Ok(target)
}
