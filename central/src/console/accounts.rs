//! The accounts an institution's administrator manages in the console (`GET/POST
//! /console/api/operators`, `POST /operators/{id}/reset`, `POST /operators/{id}/disable`): only
//! their own institution's, never granting a role their institution cannot hold
//! (`store::operators::role_fits`), each act and view in the admin audit. The admin CLI
//! (`zastita-central operator …`) does the same over the same store functions for any
//! institution.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;
use zastita_protocol::console::auth::{NewOperator, NewOperatorResponse, OperatorSummary};
use zastita_protocol::console::{ConsolePurpose, ConsolePurposeCode, OperatorRole, codes};

use super::audit::{
    Audit, PurposeQuery, forbidden_role, from_store, not_found, refuse_outside, require_role, write,
};
use super::operator::Operator;
use super::session::{Changing, SignedIn};
use crate::server::problem::ApiError;
use crate::server::{AppState, blocking};
use crate::store::now;
use crate::store::operators::{self, OperatorAccount, role_fits};

const ADMIN: &[OperatorRole] = &[OperatorRole::InstitutionAdmin];

/// The purpose of an account change: administering accounts (the act says the rest).
fn administration() -> ConsolePurpose {
    ConsolePurpose {
        code: ConsolePurposeCode::Administration,
        text: None,
    }
}

pub fn summary(a: OperatorAccount) -> OperatorSummary {
    OperatorSummary {
        id: a.id,
        login: a.login,
        name: a.name,
        role: a.role,
        institution: a.institution,
        state: a.state.as_str().to_owned(),
        created_at: a.created_at,
        last_sign_in_at: a.last_sign_in_at,
    }
}

/// `GET /console/api/operators?purpose=…`: the administrator's institution's accounts.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(op): SignedIn,
    Query(q): Query<PurposeQuery>,
) -> Result<Json<Vec<OperatorSummary>>, ApiError> {
    require_role(&state, &op, ADMIN, "operators.list").await?;
    let purpose = q.purpose()?;
    let institution = op.institution.clone();
    let entry = Audit::new("operators.list").purpose(&purpose);
    let accounts = blocking(&state, move |s| {
        entry
            .on(s, &op)
            .tx(|sql| operators::accounts(sql, Some(&institution), now()))
    })
    .await?;
    Ok(Json(accounts.into_iter().map(summary).collect()))
}

/// `POST /console/api/operators`: a new account of the administrator's institution.
pub async fn add(
    State(state): State<AppState>,
    Changing(op): Changing,
    Json(new): Json<NewOperator>,
) -> Result<Json<NewOperatorResponse>, ApiError> {
    require_role(&state, &op, ADMIN, "operators.add").await?;
    if !role_fits(new.role, op.institution.kind) {
        write(
            Audit::new("refused").detail(
                json!({"code": codes::FORBIDDEN_ROLE, "action": "operators.add",
                               "role": new.role}),
            ),
            &state,
            &op,
        )
        .await?;
        return Err(forbidden_role());
    }
    let done = blocking(&state, move |s| {
        s.tx(|sql| {
            let made = operators::add(
                sql,
                &operators::NewOperator {
                    login: &new.login,
                    name: &new.name,
                    role: new.role,
                    institution: op.institution.clone(),
                    language: new.language.as_deref(),
                },
                now(),
            );
            let (account, code) = match made {
                Ok(made) => made,
                Err(e) => return Ok(Err(e)),
            };
            Audit::new("operators.add")
                .target(format!("operator:{}", account.id))
                .purpose(&administration())
                .detail(json!({"role": account.role, "login": account.login}))
                .append(sql, &op)?;
            Ok(Ok((account, code)))
        })
    })
    .await?;
    let (account, code) = done.map_err(from_store)?;
    Ok(Json(NewOperatorResponse {
        operator: summary(account),
        setup_code: code.code,
        setup_expires_at: code.expires_at,
    }))
}

/// The account `id` if it is of the administrator's institution: 404 when there is none, 403
/// `outside_jurisdiction` (audited) when it is another institution's.
async fn own(state: &AppState, op: &Operator, id: Uuid, action: &str) -> Result<(), ApiError> {
    let found = blocking(state, move |s| {
        s.tx(|sql| operators::account(sql, id, now()))
    })
    .await?;
    match found {
        None => Err(not_found()),
        Some(a) if a.institution != op.institution => {
            Err(refuse_outside(state, op, action, format!("operator:{id}")).await)
        }
        Some(_) => Ok(()),
    }
}

/// `POST /console/api/operators/{id}/reset`: a new setup code; the account's sessions end.
pub async fn reset(
    State(state): State<AppState>,
    Changing(op): Changing,
    Path(id): Path<Uuid>,
) -> Result<Json<NewOperatorResponse>, ApiError> {
    require_role(&state, &op, ADMIN, "operators.reset").await?;
    own(&state, &op, id, "operators.reset").await?;
    let entry = Audit::new("operators.reset")
        .target(format!("operator:{id}"))
        .purpose(&administration());
    let (account, code) = blocking(&state, move |s| {
        entry.on(s, &op).tx(|sql| {
            let code = operators::reset(sql, id, now())?;
            let account = operators::account(sql, id, now())?
                .ok_or_else(|| crate::store::StoreError::Invalid("no such operator".into()))?;
            Ok((account, code))
        })
    })
    .await?;
    Ok(Json(NewOperatorResponse {
        operator: summary(account),
        setup_code: code.code,
        setup_expires_at: code.expires_at,
    }))
}

/// `POST /console/api/operators/{id}/disable`: the account signs in no more; its sessions end.
pub async fn disable(
    State(state): State<AppState>,
    Changing(op): Changing,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    require_role(&state, &op, ADMIN, "operators.disable").await?;
    own(&state, &op, id, "operators.disable").await?;
    let entry = Audit::new("operators.disable")
        .target(format!("operator:{id}"))
        .purpose(&administration());
    blocking(&state, move |s| {
        entry
            .on(s, &op)
            .tx(|sql| operators::disable(sql, id, now()))
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
