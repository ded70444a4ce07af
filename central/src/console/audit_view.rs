//! The auditor's view: `GET /console/api/audit` searches the central record's admin audit
//! ([`AuditPage`], newest first, 100 entries a page; filters `actor`, `action`, `target`, `from`,
//! `to`, `before`, `purpose` — the last a purpose code the entries were made with). The auditor
//! role only; the search itself is audited (purpose `audit`: the role has no other, so none is
//! asked; `purpose` here is the filter).

use axum::Json;
use axum::extract::{Query, State};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use zastita_protocol::console::{
    AuditEntryView, AuditPage, ConsolePurpose, ConsolePurposeCode, OperatorRole,
};

use super::audit::{Audit, require_role};
use super::session::SignedIn;
use crate::server::problem::ApiError;
use crate::server::{AppState, blocking};
use crate::store::admin_audit::{AuditFilter, search};

/// Entries a page.
pub const PAGE: u64 = 100;

/// The query's filters (each optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<u64>,
    pub purpose: Option<ConsolePurposeCode>,
}

fn code_text(c: ConsolePurposeCode) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `GET /console/api/audit`.
pub async fn search_audit(
    State(state): State<AppState>,
    SignedIn(op): SignedIn,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    require_role(&state, &op, &[OperatorRole::Auditor], "audit.search").await?;
    let filter = AuditFilter {
        actor: q.actor.filter(|s| !s.is_empty()),
        action: q.action.filter(|s| !s.is_empty()),
        target: q.target.filter(|s| !s.is_empty()),
        from: q.from,
        to: q.to,
        before: q.before,
        purpose: q.purpose.map(code_text),
    };
    // Which filters were used, not their values (an actor's name, a target's id stay out).
    let used: Vec<&str> = [
        ("actor", filter.actor.is_some()),
        ("action", filter.action.is_some()),
        ("target", filter.target.is_some()),
        ("from", filter.from.is_some()),
        ("to", filter.to.is_some()),
        ("before", filter.before.is_some()),
        ("purpose", filter.purpose.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, used)| used.then_some(k))
    .collect();
    let entry = Audit::new("audit.search")
        .purpose(&ConsolePurpose {
            code: ConsolePurposeCode::Audit,
            text: None,
        })
        .detail(json!({"filters": used}));
    let rows = blocking(&state, move |s| {
        entry.on(s, &op).tx(|sql| search(sql, &filter, PAGE + 1))
    })
    .await?;
    let more = rows.len() as u64 > PAGE;
    let entries: Vec<AuditEntryView> = rows
        .into_iter()
        .take(PAGE as usize)
        .map(|r| AuditEntryView {
            seq: r.seq,
            at: r.at,
            actor_kind: r.actor_kind.as_str().to_owned(),
            actor_id: r.actor_id,
            actor_name: r.actor_name.unwrap_or_default(),
            action: r.action,
            target: r.target,
            purpose: r.purpose,
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null),
        })
        .collect();
    let before = if more {
        entries.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(Json(AuditPage { entries, before }))
}
