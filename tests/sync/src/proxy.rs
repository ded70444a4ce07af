//! A fault-injecting TCP proxy between a device and the central record (these machines have no
//! `tc netem`). It forwards bytes untouched — TLS stays end to end between the device and the
//! server — and, per connection, may inject one fault:
//!
//! - **refuse**: accept and reset at once (a dropped connection);
//! - **delay**: hold the connection before forwarding anything;
//! - **cut**: forward the request, then reset after the server has sent `n` bytes — with `n`
//!   past the TLS handshake this is a reset in the middle of a response whose request the server
//!   has already processed, the case that tests exactly-once;
//! - **duplicate**: repeat a stretch of the server's bytes (a duplicated response segment; TLS
//!   must reject it and the client retry).
//!
//! Faults are drawn from a seeded generator so a failing run can be replayed from its seed.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What happens to one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Pass,
    Refuse,
    Delay(Duration),
    /// Reset both sides once the server has sent this many bytes on the connection.
    Cut(usize),
    /// Send the server's bytes at this offset twice.
    Duplicate(usize),
    /// Once the client has sent `after_request_bytes` (a large request, e.g. a push body), let
    /// `response_bytes` more of the server's bytes through, then reset: a cut inside the answer
    /// to a request the server has received whole.
    CutResponse {
        after_request_bytes: usize,
        response_bytes: usize,
    },
}

/// How often each fault is drawn, in percent of connections (the rest pass).
#[derive(Debug, Clone, Copy, Default)]
pub struct FaultRates {
    pub refuse: u32,
    pub delay: u32,
    pub cut: u32,
    pub duplicate: u32,
    /// Longest delay drawn.
    pub max_delay: Duration,
    /// Cut and duplicate offsets are drawn below this many server bytes.
    pub max_offset: usize,
}

impl FaultRates {
    /// Every kind of fault, `each` percent of connections apiece.
    pub fn all(each: u32) -> FaultRates {
        FaultRates {
            refuse: each,
            delay: each,
            cut: each,
            duplicate: each,
            max_delay: Duration::from_millis(300),
            max_offset: 12_000,
        }
    }

    /// Only dropped connections (connection refused/reset before anything is exchanged).
    pub fn drops(percent: u32) -> FaultRates {
        FaultRates {
            refuse: percent,
            ..FaultRates::default()
        }
    }
}

/// A deterministic generator (SplitMix64): reproducible from its seed, no dependency.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

enum Plan {
    Random(FaultRates, SplitMix64),
    /// These faults for the next connections, in order, then pass.
    Script(std::collections::VecDeque<Fault>),
}

/// Counters a test can read.
#[derive(Debug, Default)]
pub struct ProxyStats {
    pub connections: AtomicU64,
    pub faults: AtomicU64,
    /// One line per finished connection: fault, bytes each way, whether it was cut.
    pub log: Mutex<Vec<String>>,
    pub client_bytes: AtomicU64,
    pub server_bytes: AtomicU64,
}

/// A running proxy; dropping it stops accepting (open connections finish on their own).
pub struct FaultProxy {
    addr: SocketAddr,
    upstream: Arc<Mutex<SocketAddr>>,
    plan: Arc<Mutex<Plan>>,
    pub stats: Arc<ProxyStats>,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// Listen on a free loopback port and forward to `upstream`.
    pub async fn start(upstream: SocketAddr) -> std::io::Result<FaultProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let upstream = Arc::new(Mutex::new(upstream));
        let plan = Arc::new(Mutex::new(Plan::Script(Default::default())));
        let stats = Arc::new(ProxyStats::default());
        let task = tokio::spawn(accept_loop(
            listener,
            upstream.clone(),
            plan.clone(),
            stats.clone(),
        ));
        Ok(FaultProxy {
            addr,
            upstream,
            plan,
            stats,
            task,
        })
    }

    /// Where devices connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Forward to another server address from the next connection on (a restarted server).
    pub fn set_upstream(&self, upstream: SocketAddr) {
        if let Ok(mut u) = self.upstream.lock() {
            *u = upstream;
        }
    }

    /// Draw a fault for every connection from `rates` with a generator seeded by `seed`.
    pub fn random(&self, rates: FaultRates, seed: u64) {
        self.set_plan(Plan::Random(rates, SplitMix64::new(seed)));
    }

    /// Inject exactly these faults on the next connections, then pass everything.
    pub fn script(&self, faults: impl IntoIterator<Item = Fault>) {
        self.set_plan(Plan::Script(faults.into_iter().collect()));
    }

    /// Pass everything from now on.
    pub fn heal(&self) {
        self.set_plan(Plan::Script(Default::default()));
    }

    fn set_plan(&self, plan: Plan) {
        if let Ok(mut p) = self.plan.lock() {
            *p = plan;
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn draw(plan: &Mutex<Plan>) -> Fault {
    let Ok(mut plan) = plan.lock() else {
        return Fault::Pass;
    };
    match &mut *plan {
        Plan::Script(queue) => queue.pop_front().unwrap_or(Fault::Pass),
        Plan::Random(rates, rng) => {
            let roll = rng.below(100) as u32;
            let offset = |rng: &mut SplitMix64| rng.below(rates.max_offset.max(1) as u64) as usize;
            let mut edge = rates.refuse;
            if roll < edge {
                return Fault::Refuse;
            }
            edge += rates.delay;
            if roll < edge {
                let ms = rng.below(rates.max_delay.as_millis().max(1) as u64);
                return Fault::Delay(Duration::from_millis(ms));
            }
            edge += rates.cut;
            if roll < edge {
                return Fault::Cut(offset(rng));
            }
            edge += rates.duplicate;
            if roll < edge {
                return Fault::Duplicate(offset(rng));
            }
            Fault::Pass
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    upstream: Arc<Mutex<SocketAddr>>,
    plan: Arc<Mutex<Plan>>,
    stats: Arc<ProxyStats>,
) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            continue;
        };
        stats.connections.fetch_add(1, Ordering::Relaxed);
        let fault = draw(&plan);
        if fault != Fault::Pass {
            stats.faults.fetch_add(1, Ordering::Relaxed);
        }
        let target = upstream.lock().map(|u| *u).ok();
        let stats = stats.clone();
        tokio::spawn(async move {
            if let Some(target) = target {
                let _ = serve(client, target, fault, &stats).await;
            }
        });
    }
}

/// Close with a TCP reset rather than a clean FIN: what a dropped link or a crashed peer gives.
fn reset(stream: &TcpStream) {
    let _ = stream.set_zero_linger();
}

async fn serve(
    client: TcpStream,
    target: SocketAddr,
    fault: Fault,
    stats: &ProxyStats,
) -> std::io::Result<()> {
    match fault {
        Fault::Refuse => {
            reset(&client);
            return Ok(());
        }
        Fault::Delay(d) => tokio::time::sleep(d).await,
        _ => {}
    }
    let server = match TcpStream::connect(target).await {
        Ok(s) => s,
        Err(e) => {
            // The server is down (killed mid-test): the device sees a reset, as in the field.
            reset(&client);
            return Err(e);
        }
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let mut client = client;
    let mut server = server;
    let client_sent = AtomicU64::new(0);
    let cut = {
        let (mut client_read, mut client_write) = client.split();
        let (mut server_read, mut server_write) = server.split();

        let upstream = async {
            let mut buf = vec![0u8; 16 * 1024];
            loop {
                let n = client_read.read(&mut buf).await?;
                if n == 0 {
                    let _ = server_write.shutdown().await;
                    return Ok::<_, std::io::Error>(());
                }
                stats.client_bytes.fetch_add(n as u64, Ordering::Relaxed);
                server_write.write_all(&buf[..n]).await?;
                client_sent.fetch_add(n as u64, Ordering::Relaxed);
            }
        };
        let downstream = async {
            let mut buf = vec![0u8; 16 * 1024];
            let mut sent = 0usize;
            let mut duplicated = false;
            // For CutResponse: server bytes let through since the request crossed its size.
            let mut since_request: Option<usize> = None;
            loop {
                let n = server_read.read(&mut buf).await?;
                if n == 0 {
                    let _ = client_write.shutdown().await;
                    return Ok::<bool, std::io::Error>(false);
                }
                stats.server_bytes.fetch_add(n as u64, Ordering::Relaxed);
                let chunk = &buf[..n];
                match fault {
                    Fault::Cut(limit) if sent + n >= limit => {
                        let keep = limit.saturating_sub(sent);
                        client_write.write_all(&chunk[..keep]).await?;
                        return Ok(true);
                    }
                    Fault::Duplicate(at) if !duplicated && sent + n > at => {
                        // Bytes [from, to) go out twice, back to back.
                        let from = at.saturating_sub(sent).min(n - 1);
                        let to = (from + 64).min(n);
                        client_write.write_all(&chunk[..to]).await?;
                        client_write.write_all(&chunk[from..]).await?;
                        duplicated = true;
                    }
                    Fault::CutResponse {
                        after_request_bytes,
                        response_bytes,
                    } if client_sent.load(Ordering::Relaxed) >= after_request_bytes as u64 => {
                        let through = since_request.unwrap_or(0);
                        if through + n >= response_bytes {
                            let keep = response_bytes.saturating_sub(through);
                            client_write.write_all(&chunk[..keep]).await?;
                            return Ok(true);
                        }
                        since_request = Some(through + n);
                        client_write.write_all(chunk).await?;
                    }
                    _ => client_write.write_all(chunk).await?,
                }
                sent += n;
            }
        };
        tokio::pin!(upstream);
        tokio::pin!(downstream);
        // Run both directions; a cut ends the connection with resets on both sides.
        tokio::select! {
            r = &mut downstream => r.unwrap_or(false),
            _ = &mut upstream => {
                // The client finished sending; keep forwarding the response until it ends.
                downstream.await.unwrap_or(false)
            }
        }
    };
    if cut {
        reset(&client);
        reset(&server);
    }
    if let Ok(mut log) = stats.log.lock() {
        log.push(format!(
            "{fault:?}: client sent {}, cut {cut}",
            client_sent.load(Ordering::Relaxed)
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A server that answers a connection's first bytes with `reply_len` bytes, then closes.
    async fn reply_server(reply_len: usize) -> SocketAddr {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = l.accept().await {
                tokio::spawn(async move {
                    let mut buf = [0u8; 1024];
                    if matches!(s.read(&mut buf).await, Ok(n) if n > 0) {
                        let reply: Vec<u8> = (0..reply_len).map(|i| (i % 251) as u8).collect();
                        let _ = s.write_all(&reply).await;
                        let _ = s.shutdown().await;
                    }
                });
            }
        });
        addr
    }

    /// Send a request and read the answer until the connection ends (or fails).
    async fn exchange(addr: SocketAddr) -> Vec<u8> {
        let mut got = Vec::new();
        let Ok(mut s) = TcpStream::connect(addr).await else {
            return got;
        };
        if s.write_all(b"hello").await.is_err() {
            return got;
        }
        let mut buf = [0u8; 4096];
        while let Ok(n) = s.read(&mut buf).await {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        got
    }

    fn pattern(i: usize) -> u8 {
        (i % 251) as u8
    }

    #[tokio::test]
    async fn faults_do_what_they_say() {
        let server = reply_server(10_000).await;
        let proxy = FaultProxy::start(server).await.unwrap();
        let expected: Vec<u8> = (0..10_000).map(pattern).collect();

        // Pass: every byte arrives unchanged.
        assert!(exchange(proxy.addr()).await == expected);

        // Cut after 3000 bytes: the client gets at most those, then a reset.
        proxy.script([Fault::Cut(3000)]);
        let got = exchange(proxy.addr()).await;
        assert!(got.len() <= 3000, "{}", got.len());
        assert!(got[..] == expected[..got.len()]);

        // Refuse: nothing arrives.
        proxy.script([Fault::Refuse]);
        assert!(exchange(proxy.addr()).await.is_empty());

        // Duplicate at 100: 64 bytes from offset 100 arrive twice.
        proxy.script([Fault::Duplicate(100)]);
        let got = exchange(proxy.addr()).await;
        assert_eq!(got.len(), 10_064);
        let first_diff = got.iter().enumerate().position(|(i, b)| *b != pattern(i));
        assert_eq!(first_diff, Some(164));

        // And healed again.
        assert!(exchange(proxy.addr()).await == expected);
        assert_eq!(proxy.stats.faults.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn random_faults_follow_the_rates_and_the_seed() {
        let plan = Mutex::new(Plan::Random(FaultRates::drops(10), SplitMix64::new(7)));
        let draws: Vec<Fault> = (0..10_000).map(|_| draw(&plan)).collect();
        let refused = draws.iter().filter(|f| **f == Fault::Refuse).count();
        assert!((800..1200).contains(&refused), "{refused}");
        assert!(
            draws
                .iter()
                .all(|f| matches!(f, Fault::Refuse | Fault::Pass))
        );
        let again = Mutex::new(Plan::Random(FaultRates::drops(10), SplitMix64::new(7)));
        let replay: Vec<Fault> = (0..10_000).map(|_| draw(&again)).collect();
        assert_eq!(draws, replay);
    }
}
