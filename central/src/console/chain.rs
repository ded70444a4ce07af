//! The chain's endpoints (`protocol::console::chain`): the board, opening an order, recording an
//! act, and an order's documents. Each is a plain async function of the server's state and the
//! signed-in [`Operator`] (the session extractor resolved it; a change also passed the CSRF
//! check), so the session layer wires them ([`routes_with`]); the work and its audit are the
//! store's (`store::chain`), on a blocking thread.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use uuid::Uuid;
use zastita_protocol::console::chain::{ActRequest, Board, BoardScope, OpenOrder, OrderFile};
use zastita_protocol::console::{ConsolePurpose, ConsolePurposeCode, codes};

use super::audit::{PurposeQuery, check_purpose};
use super::operator::Operator;
use super::session::{Changing, SignedIn};
use crate::server::AppState;
use crate::server::problem::ApiError;
use crate::store::chain::ChainError;
use crate::store::{Store, now};

/// Run `f` with the store on a blocking thread (the store's calls block).
async fn blocking_with<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store) -> Result<T, ChainError> + Send + 'static,
) -> Result<T, ApiError> {
    let store = state.store.clone();
    match tokio::task::spawn_blocking(move || f(&store)).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(e) => {
            tracing::error!(error = %e, "a console task failed");
            Err(ApiError::internal())
        }
    }
}

/// `GET /board`'s query.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardQuery {
    #[serde(default)]
    pub purpose: Option<ConsolePurposeCode>,
    #[serde(default)]
    pub purpose_text: Option<String>,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub scope: Option<BoardScope>,
}

impl From<SignedIn> for Operator {
    fn from(s: SignedIn) -> Operator {
        s.0
    }
}

impl From<Changing> for Operator {
    fn from(c: Changing) -> Operator {
        c.0
    }
}

impl From<ChainError> for ApiError {
    fn from(e: ChainError) -> Self {
        let code = e.code();
        match e {
            ChainError::Store(s) => ApiError::from(s),
            ChainError::NotFound => ApiError::new(
                StatusCode::NOT_FOUND,
                codes::NOT_FOUND,
                "no such order or document",
            ),
            ChainError::ForbiddenRole => ApiError::new(
                StatusCode::FORBIDDEN,
                code,
                "the operator's role may not do this",
            ),
            ChainError::OutsideJurisdiction => ApiError::new(
                StatusCode::FORBIDDEN,
                code,
                "the order is outside the operator's jurisdiction; the refusal is audited",
            ),
            ChainError::NotAdmitted { code: refusal } => ApiError::new(
                StatusCode::CONFLICT,
                code,
                format!("the law does not admit this act now: {refusal}"),
            ),
            ChainError::Invalid { field } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
                format!("{field} is missing or invalid"),
            ),
        }
    }
}

/// `GET /console/api/board`.
pub async fn board(state: AppState, op: Operator, q: BoardQuery) -> Result<Json<Board>, ApiError> {
    let p = check_purpose(q.purpose.map(|code| ConsolePurpose {
        code,
        text: q.purpose_text,
    }))?;
    let scope = q.scope.unwrap_or_default();
    let page = q.page.unwrap_or(0);
    blocking_with(&state, move |store| {
        store.board(&op, scope, page, &p, now())
    })
    .await
    .map(Json)
}

/// `POST /console/api/orders/{order_id}/open`.
pub async fn open(
    state: AppState,
    op: Operator,
    order_id: Uuid,
    body: OpenOrder,
) -> Result<Json<OrderFile>, ApiError> {
    blocking_with(&state, move |store| {
        store.open_order(&op, order_id, &body.purpose, now())
    })
    .await
    .map(Json)
}

/// `POST /console/api/orders/{order_id}/acts`.
pub async fn act(
    state: AppState,
    op: Operator,
    order_id: Uuid,
    body: ActRequest,
) -> Result<Json<OrderFile>, ApiError> {
    blocking_with(&state, move |store| store.act(&op, order_id, &body, now()))
        .await
        .map(Json)
}

/// `GET /console/api/orders/{order_id}/documents/{record_id}/{sha256}?purpose=…`: the PDF, never
/// cached.
pub async fn document(
    state: AppState,
    op: Operator,
    order_id: Uuid,
    record_id: Uuid,
    sha256: String,
    q: PurposeQuery,
) -> Result<Response, ApiError> {
    let p = q.purpose()?;
    let pdf = blocking_with(&state, move |store| {
        store.order_document(&op, order_id, record_id, &sha256, &p, now())
    })
    .await?;
    let mut r = pdf.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(r)
}

/// The chain's routes under `/console/api`, behind the session layer's extractors: `Read`
/// resolves a signed-in operator for a `GET` ([`SignedIn`]), `Change` also checks the CSRF
/// token ([`Changing`]). Each turns into the [`Operator`] the handlers take; their rejections
/// answer as they decide.
pub fn routes_with<Read, Change>() -> Router<AppState>
where
    Read: FromRequestParts<AppState> + Into<Operator> + Send + 'static,
    Change: FromRequestParts<AppState> + Into<Operator> + Send + 'static,
{
    Router::new()
        .route(
            "/console/api/board",
            get(
                |State(s): State<AppState>, op: Read, Query(q): Query<BoardQuery>| async move {
                    board(s, op.into(), q).await
                },
            ),
        )
        .route(
            "/console/api/orders/{order_id}/open",
            post(
                |State(s): State<AppState>,
                 Path(order_id): Path<Uuid>,
                 op: Change,
                 Json(body): Json<OpenOrder>| async move {
                    open(s, op.into(), order_id, body).await
                },
            ),
        )
        .route(
            "/console/api/orders/{order_id}/acts",
            post(
                |State(s): State<AppState>,
                 Path(order_id): Path<Uuid>,
                 op: Change,
                 Json(body): Json<ActRequest>| async move {
                    act(s, op.into(), order_id, body).await
                },
            ),
        )
        .route(
            "/console/api/orders/{order_id}/documents/{record_id}/{sha256}",
            get(
                |State(s): State<AppState>,
                 Path((order_id, record_id, sha256)): Path<(Uuid, Uuid, String)>,
                 op: Read,
                 Query(q): Query<PurposeQuery>| async move {
                    document(s, op.into(), order_id, record_id, sha256, q).await
                },
            ),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_has_its_status_and_console_code() {
        let cases = [
            (ChainError::NotFound, 404, codes::NOT_FOUND),
            (ChainError::ForbiddenRole, 403, codes::FORBIDDEN_ROLE),
            (
                ChainError::OutsideJurisdiction,
                403,
                codes::OUTSIDE_JURISDICTION,
            ),
            (
                ChainError::NotAdmitted {
                    code: "order_decision_before_proposal".into(),
                },
                409,
                codes::NOT_ADMITTED,
            ),
            (
                ChainError::Invalid { field: "reasons" },
                422,
                codes::INVALID,
            ),
        ];
        for (e, status, code) in cases {
            let detail = e.to_string();
            let a = ApiError::from(e);
            assert_eq!((a.status.as_u16(), a.code), (status, code), "{detail}");
        }
        let a = ApiError::from(ChainError::NotAdmitted {
            code: "order_decision_before_proposal".into(),
        });
        assert!(a.detail.ends_with("order_decision_before_proposal"));
    }
}
