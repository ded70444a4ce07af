//! A person's history (issue 16): `POST /v1/history`, the online lookup, and `GET /v1/in-force`,
//! the offline list of orders in force in the device's police administration. Both are signed
//! device requests like `/v1/push` and `/v1/feed` (`auth::admit`, then the signature and nonce);
//! a lookup is also held to its device's and its officer's limits (`Guard::check_history`, 429
//! `rate_limited` with `Retry-After`, not audited: nothing was read). The store checks the
//! purpose, the officer and the person, answers, and audits the lookup or its refusal. And
//! `POST /v1/violations`: an officer's report of a violation of another device's order in force,
//! found at a new call (held to the same limits; the store checks and audits it).

use axum::Json;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use zastita_protocol::messages::{
    HistoryRequest, HistoryResponse, InForceList, MAX_IN_FORCE_PAGE, MAX_VIOLATION_BYTES,
    ViolationAccepted, ViolationReport, codes,
};
use zastita_protocol::shapes;

use super::auth::{admit, refused};
use super::body::{json, signed_body};
use super::handlers::{Remote, page_of, request};
use super::problem::ApiError;
use super::{AppState, blocking};
use crate::store::Store;
use crate::store::chain::ViolationRefusal;
use crate::store::history::{HistoryRefusal, LookupRequest};

/// Largest history request read (two ids, a badge and a purpose of at most 200 characters).
pub const MAX_HISTORY_BYTES: usize = 8 * 1024;

fn refusal(r: HistoryRefusal) -> ApiError {
    match r {
        HistoryRefusal::Store(e) => ApiError::from(e),
        HistoryRefusal::PurposeRequired => ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::PURPOSE_REQUIRED,
            r.to_string(),
        ),
        HistoryRefusal::UnknownOfficer => {
            ApiError::new(StatusCode::FORBIDDEN, codes::UNKNOWN_OFFICER, r.to_string())
        }
        HistoryRefusal::NotInOpenCase => ApiError::new(
            StatusCode::FORBIDDEN,
            codes::NOT_IN_OPEN_CASE,
            r.to_string(),
        ),
        HistoryRefusal::NothingToLookUp => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::NOTHING_TO_LOOK_UP,
            r.to_string(),
        ),
    }
}

/// A signed device request as it arrived, with its endpoint's body limit.
struct Signed {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
    max: usize,
}

/// A signed request naming an officer (a lookup, a violation report): admitted, verified and
/// read (under `max`), the officer a badge, held to the device's and the officer's limits, then
/// answered by `work` with the device's id on a blocking thread; its refusals (a store failure
/// among them) answered by `refuse`. Every refusal is logged like any refused request.
async fn officers_answer<T, A, E>(
    state: &AppState,
    remote: std::net::SocketAddr,
    r: Signed,
    officer: impl Fn(&T) -> &str,
    work: impl FnOnce(&Store, uuid::Uuid, T) -> Result<A, E> + Send + 'static,
    refuse: fn(E) -> ApiError,
) -> Result<Json<A>, ApiError>
where
    T: serde::de::DeserializeOwned + Send + 'static,
    A: Send + 'static,
    E: Send + 'static,
{
    let admitted = admit(state, request(&r.method, &r.uri, &r.headers, remote)).await;
    let (device, b) = signed_body(state, admitted, &r.headers, r.body, r.max).await?;
    let id = device.id;
    let fail = |e: ApiError| refused(e, Some(id), remote);
    let req: T = json(&b).map_err(fail)?;
    if !shapes::is_badge(officer(&req)) {
        return Err(fail(ApiError::malformed(
            "the officer must be a badge: 1 to 16 letters, digits or hyphens",
        )));
    }
    state.guard.check_history(id, officer(&req)).map_err(fail)?;
    blocking(state, move |s| Ok(work(s, id, req)))
        .await
        .map_err(fail)?
        .map(Json)
        .map_err(|e| fail(refuse(e)))
}

/// `POST /v1/history`.
pub async fn history(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<HistoryResponse>, ApiError> {
    let signed = Signed {
        method,
        uri,
        headers,
        body,
        max: MAX_HISTORY_BYTES,
    };
    let now = crate::store::now();
    officers_answer(
        &state,
        remote,
        signed,
        |r: &HistoryRequest| &r.officer,
        move |s, device, req| {
            let r = LookupRequest {
                device,
                case_id: req.case_id,
                person_id: req.person_id,
                officer: &req.officer,
                purpose: &req.purpose,
            };
            s.history(&r, now)
        },
        refusal,
    )
    .await
}

fn violation_refusal(r: ViolationRefusal) -> ApiError {
    let text = r.to_string();
    match r {
        ViolationRefusal::Store(e) => ApiError::from(e),
        ViolationRefusal::Invalid { .. } => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::INVALID_FIELD, text)
        }
        ViolationRefusal::UnknownOfficer => {
            ApiError::new(StatusCode::FORBIDDEN, codes::UNKNOWN_OFFICER, text)
        }
        ViolationRefusal::NotInOpenCase => {
            ApiError::new(StatusCode::FORBIDDEN, codes::NOT_IN_OPEN_CASE, text)
        }
        ViolationRefusal::NotThePerpetrator => {
            ApiError::new(StatusCode::FORBIDDEN, codes::NOT_THE_PERPETRATOR, text)
        }
        ViolationRefusal::NotAdmitted(_) => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::NOT_ADMITTED, text)
        }
    }
}

/// `POST /v1/violations`: held to the lookups' limits (a report reads whether a person of the
/// case is an order's perpetrator, so it must not become a cheaper probe).
pub async fn violation(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ViolationAccepted>, ApiError> {
    let signed = Signed {
        method,
        uri,
        headers,
        body,
        max: MAX_VIOLATION_BYTES,
    };
    let now = crate::store::now();
    officers_answer(
        &state,
        remote,
        signed,
        |r: &ViolationReport| &r.officer,
        move |s, device, report| s.report_violation(device, &report, now),
        violation_refusal,
    )
    .await
}

/// `GET /v1/in-force?after=N&limit=M`.
pub async fn in_force(
    State(state): State<AppState>,
    ConnectInfo(remote): Remote,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<InForceList>, ApiError> {
    let device = admit(&state, request(&method, &uri, &headers, remote))
        .await?
        .verify(&state, &[])
        .await?;
    let fail = |e: ApiError| refused(e, Some(device.id), remote);
    let (after, limit) = page_of(&uri, MAX_IN_FORCE_PAGE).map_err(fail)?;
    let now = crate::store::now();
    let id = device.id;
    let list = blocking(&state, move |s| s.in_force_list(&device, after, limit, now))
        .await
        .map_err(|e| refused(e, Some(id), remote))?;
    Ok(Json(list))
}
