//! The server's abuse limits: what `serve` was started with ([`Limits`], whose defaults
//! `central/README.md` lists) and the well-kept middleware that enforces them.
//!
//! Around every route, outermost first ([`layered`]): every error answer made a `Problem`
//! (`problem::ensure_problem`); the request timeout (tower-http, 408); the per-address rate limit
//! (tower_governor, 429 with `Retry-After`); the global limit of requests in progress, shedding
//! the excess at once (tower's load shed over its global concurrency limit, 503 with
//! `Retry-After`); the body-read timeout between two pieces of a body (tower-http, 408 when a
//! handler reads). The per-device rate limit ([`Guard::check_device`], governor) is checked by
//! `auth` from the headers, before a body byte is read; the console's sign-ins and setups per
//! address ([`Guard::check_sign_in`], governor) by its handlers; history lookups per device and
//! per officer ([`Guard::check_history`], governor) by their handler. Connection-level limits (TLS handshake,
//! header read, the first request) are set on the listener in `server::serve`.
//!
//! Both rate limiters forget idle keys once a minute ([`Guard::forget_idle`]), so addresses and
//! devices seen once do not accumulate.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::http::Request;
use axum::response::IntoResponse;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_governor::GovernorError;
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::PeerIpKeyExtractor;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutBody, TimeoutLayer};
use uuid::Uuid;

use super::problem::{ApiError, ensure_problem};

/// A sustained rate and the burst allowed above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_second: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Rate {
    fn quota(self) -> Quota {
        Quota::per_second(self.per_second).allow_burst(self.burst)
    }
}

/// What `serve` was started with (`serve --help` names the flags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The TLS handshake of a new connection.
    pub handshake_timeout: Duration,
    /// A request's headers (and a kept-alive connection's wait for the next request).
    pub header_timeout: Duration,
    /// Between two pieces of a request body.
    pub body_timeout: Duration,
    /// A whole request, from its headers to the answer.
    pub request_timeout: Duration,
    /// Requests in progress at once; the next is refused (503) until one ends.
    pub max_requests: NonZeroU32,
    /// Requests per device (checked from the headers, before the body).
    pub device_rate: Rate,
    /// Requests per remote address (a station's tablets may share one behind NAT).
    pub address_rate: Rate,
    /// Bytes of attachments one device may hold (stored and incomplete, each at its declared size).
    pub attachment_quota: u64,
    /// An incomplete attachment untouched this long is deleted; the device starts it again.
    pub upload_expiry: Duration,
    /// The console's sign-in and setup attempts per remote address per minute (also the burst).
    pub sign_ins_per_minute: NonZeroU32,
    /// History lookups (`POST /v1/history`) one device may make per hour, and at once.
    pub history_device: PerHour,
    /// History lookups one officer (by badge, on any device) may make per hour, and at once.
    pub history_officer: PerHour,
}

/// A sustained rate per hour and the burst allowed above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerHour {
    pub per_hour: NonZeroU32,
    pub burst: NonZeroU32,
}

impl PerHour {
    fn quota(self) -> Quota {
        let every = Duration::from_secs(3600) / self.per_hour.get();
        Quota::with_period(every.max(Duration::from_nanos(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(self.burst)
    }
}

const fn nz(n: u32) -> NonZeroU32 {
    match NonZeroU32::new(n) {
        Some(n) => n,
        None => NonZeroU32::MIN,
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            handshake_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(120),
            max_requests: nz(64),
            device_rate: Rate {
                per_second: nz(30),
                burst: nz(300),
            },
            address_rate: Rate {
                per_second: nz(100),
                burst: nz(1000),
            },
            attachment_quota: 2 * 1024 * 1024 * 1024,
            upload_expiry: Duration::from_secs(24 * 60 * 60),
            sign_ins_per_minute: nz(30),
            history_device: PerHour {
                per_hour: nz(360),
                burst: nz(60),
            },
            history_officer: PerHour {
                per_hour: nz(120),
                burst: nz(30),
            },
        }
    }
}

/// The limits and the rate limiters' state, shared by every request.
pub struct Guard {
    pub limits: Limits,
    devices: DefaultKeyedRateLimiter<Uuid>,
    sign_ins: DefaultKeyedRateLimiter<IpAddr>,
    history_devices: DefaultKeyedRateLimiter<Uuid>,
    history_officers: DefaultKeyedRateLimiter<String>,
    addresses: Arc<GovernorConfig<PeerIpKeyExtractor, governor::middleware::NoOpMiddleware>>,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// The nanoseconds between two requests at `per_second` (at least one).
fn period(per_second: NonZeroU32) -> Duration {
    Duration::from_nanos((1_000_000_000 / u64::from(per_second.get())).max(1))
}

impl Guard {
    pub fn new(limits: Limits) -> Guard {
        let addresses = GovernorConfigBuilder::default()
            .period(period(limits.address_rate.per_second))
            .burst_size(limits.address_rate.burst.get())
            .key_extractor(PeerIpKeyExtractor)
            .finish()
            // Both are non-zero by their types, the only way `finish` refuses.
            .map(Arc::new);
        Guard {
            devices: RateLimiter::keyed(limits.device_rate.quota()),
            sign_ins: RateLimiter::keyed(Quota::per_minute(limits.sign_ins_per_minute)),
            history_devices: RateLimiter::keyed(limits.history_device.quota()),
            history_officers: RateLimiter::keyed(limits.history_officer.quota()),
            addresses: addresses.unwrap_or_else(|| Arc::new(GovernorConfig::default())),
            limits,
        }
    }

    /// Count a request of `device` (already known to be enrolled, not revoked, and fresh); a
    /// refusal says in how many seconds to come back.
    pub fn check_device(&self, device: Uuid) -> Result<(), ApiError> {
        self.devices.check_key(&device).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        })
    }

    /// Count a console sign-in or setup attempt from `address`; 429 `rate_limited` over the
    /// limit.
    pub fn check_sign_in(&self, address: IpAddr) -> Result<(), ApiError> {
        self.sign_ins.check_key(&address).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        })
    }

    /// Count a history lookup of `device` for the officer `badge` (the device's, then the
    /// officer's limit); 429 `rate_limited` over either, saying in how many seconds to come back.
    pub fn check_history(&self, device: Uuid, badge: &str) -> Result<(), ApiError> {
        let refused = |not_until: governor::NotUntil<_>| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        };
        self.history_devices.check_key(&device).map_err(refused)?;
        self.history_officers
            .check_key(&badge.to_owned())
            .map_err(refused)
    }

    /// Let the rate limiters forget keys that are back to a full burst.
    pub fn forget_idle(&self) {
        self.devices.retain_recent();
        self.devices.shrink_to_fit();
        self.history_devices.retain_recent();
        self.history_devices.shrink_to_fit();
        self.history_officers.retain_recent();
        self.history_officers.shrink_to_fit();
        self.sign_ins.retain_recent();
        self.sign_ins.shrink_to_fit();
        let addresses = self.addresses.limiter();
        addresses.retain_recent();
        addresses.shrink_to_fit();
    }
}

/// The answer to a request the per-address limiter refused.
fn address_refused(e: GovernorError) -> axum::response::Response {
    match e {
        GovernorError::TooManyRequests { wait_time, .. } => {
            ApiError::rate_limited(wait_time).into_response()
        }
        // The peer address is always there (`into_make_service_with_connect_info`).
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => {
            tracing::error!("the per-address limiter found no peer address");
            ApiError::internal().into_response()
        }
    }
}

/// `router` with every limit of [`Guard`] around its routes (see the module's order).
pub fn layered(router: Router, guard: &Guard) -> Router {
    let limits = &guard.limits;
    router
        // Innermost: handlers read bodies that time out between two pieces.
        .layer(
            ServiceBuilder::new()
                .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
                .map_request(|r: Request<TimeoutBody<Body>>| r.map(Body::new)),
        )
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                    tracing::warn!("requests in progress at the limit: one refused");
                    ApiError::overloaded()
                }))
                .load_shed()
                .layer(GlobalConcurrencyLimitLayer::new(
                    usize::try_from(limits.max_requests.get()).unwrap_or(usize::MAX),
                )),
        )
        .layer(
            tower_governor::GovernorLayer::new(Arc::clone(&guard.addresses))
                .error_handler(address_refused),
        )
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(axum::middleware::map_response(ensure_problem))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_device_over_its_burst_is_told_when_to_come_back() {
        let guard = Guard::new(Limits {
            device_rate: Rate {
                per_second: nz(1),
                burst: nz(2),
            },
            ..Limits::default()
        });
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert!(guard.check_device(a).is_ok());
        assert!(guard.check_device(a).is_ok());
        let refused = guard.check_device(a).unwrap_err();
        assert_eq!(
            refused.code,
            zastita_protocol::messages::codes::RATE_LIMITED
        );
        assert_eq!(refused.retry_after, Some(1));
        assert!(guard.check_device(b).is_ok(), "each device has its own");
        guard.forget_idle();
    }

    #[test]
    fn a_rate_is_a_period_between_requests() {
        assert_eq!(period(nz(100)), Duration::from_millis(10));
        assert_eq!(period(nz(u32::MAX)), Duration::from_nanos(1));
    }
}
