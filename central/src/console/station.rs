//! The station's administration in the console (issue 15, item 7; `protocol::console::station`):
//! its police administration's devices — the list, a new enrolment code with its QR code as SVG,
//! revocation —, its officers — the list, add, remove, move to an administration — and its
//! cases' official numbers — the list, a number typed or the next one, which goes down the
//! owning device's feed — over the same store functions the admin CLI uses (`station.rs` and
//! `case-number assign` in the binary), with the same admin audit entries (`device.enroll`,
//! `device.revoke`, `officer.add`…, `case_number.assign`, actor kind `console`). Station staff
//! only (403 `forbidden_role`), and only their own administration's devices, officers and cases
//! (403 `outside_jurisdiction`, audited).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use chrono::TimeDelta;
use serde_json::json;
use uuid::Uuid;
use zastita_protocol::console::station::{
    AssignCaseNumber, AssignOfficer, AssignedCaseNumber, EnrolmentCodeView, NewEnrolment,
    NewStationOfficer, StationCase, StationDevice, StationOfficer,
};
use zastita_protocol::console::{ConsolePurpose, ConsolePurposeCode, OperatorRole, codes};
use zastita_protocol::enrollment::EnrollmentCode;
use zastita_protocol::messages::OfficerRole;

use super::audit::{Audit, PurposeQuery, invalid, not_found, refuse_outside, require_role, write};
use super::operator::Operator;
use super::session::{Changing, SignedIn};
use crate::server::problem::ApiError;
use crate::server::{AppState, blocking};
use crate::store::roster::NewOfficer;
use crate::store::{StoreError, now};

const STATION: &[OperatorRole] = &[OperatorRole::Station];

fn administration_purpose() -> ConsolePurpose {
    ConsolePurpose {
        code: ConsolePurposeCode::Administration,
        text: None,
    }
}

/// The station's police administration (its code); a station operator's institution always is one.
fn own(op: &Operator) -> String {
    op.institution.key.clone()
}

/// `GET /console/api/station/devices?purpose=…`.
pub async fn devices(
    State(state): State<AppState>,
    SignedIn(op): SignedIn,
    Query(q): Query<PurposeQuery>,
) -> Result<Json<Vec<StationDevice>>, ApiError> {
    require_role(&state, &op, STATION, "device.list").await?;
    let purpose = q.purpose()?;
    let code = own(&op);
    let entry = Audit::new("device.list").purpose(&purpose);
    let devices = blocking(&state, move |s| entry.on(s, &op).devices()).await?;
    Ok(Json(
        devices
            .into_iter()
            .filter(|d| d.administration.as_deref() == Some(code.as_str()))
            .map(|d| StationDevice {
                id: d.id,
                label: d.label,
                enrolled_at: d.enrolled_at,
                revoked_at: d.revoked_at,
                acked_seq: d.acked_seq,
            })
            .collect(),
    ))
}

/// `POST /console/api/station/enrolments`: a one-time code for a device of the administration.
pub async fn enrol(
    State(state): State<AppState>,
    Changing(op): Changing,
    headers: HeaderMap,
    Json(req): Json<NewEnrolment>,
) -> Result<Json<EnrolmentCodeView>, ApiError> {
    require_role(&state, &op, STATION, "device.enroll").await?;
    let label = crate::store::admin_audit::check_name("device's label", &req.label)
        .map_err(|_| invalid("the label is one line of 1 to 120 characters"))?;
    let hours = req.valid_hours.unwrap_or(24);
    if !(1..=168).contains(&hours) {
        return Err(invalid("an enrolment code is valid for 1 to 168 hours"));
    }
    // The address the operator reached this server at is the one tablets reach it at.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| invalid("the request names no host"))?;
    let server = format!("https://{host}");
    let fingerprint =
        crate::tls::ca_fingerprint(&state.options.ca_pem).map_err(|_| ApiError::internal())?;
    let code = own(&op);
    let (l, c) = (label.clone(), code.clone());
    let token = blocking(&state, move |s| {
        s.create_token_for(&l, Some(&c), TimeDelta::hours(i64::from(hours)), now())
    })
    .await?;
    // As the CLI: the entry names the token by its digest, in a transaction of its own; a
    // token whose entry failed is never shown, and so never used.
    let digest = zastita_protocol::signing::sha256_hex(token.token.as_bytes());
    write(
        Audit::new("device.enroll")
            .target(format!("token:{digest}"))
            .purpose(&administration_purpose())
            .detail(
                json!({"label": label, "server": server, "administration": code,
                           "expires_at": token.expires_at}),
            ),
        &state,
        &op,
    )
    .await?;
    let enrolment = EnrollmentCode {
        token: token.token,
        ca_sha256: fingerprint,
        server,
    }
    .to_string();
    let qr = qrcode::QrCode::new(enrolment.as_bytes()).map_err(|_| ApiError::internal())?;
    let qr_svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .build();
    Ok(Json(EnrolmentCodeView {
        code: enrolment,
        expires_at: token.expires_at,
        qr_svg,
    }))
}

/// `POST /console/api/station/devices/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    Changing(op): Changing,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    require_role(&state, &op, STATION, "device.revoke").await?;
    let device = blocking(&state, move |s| s.device(id))
        .await?
        .ok_or_else(not_found)?;
    if device.administration.as_deref() != Some(own(&op).as_str()) {
        return Err(refuse_outside(&state, &op, "device.revoke", format!("device:{id}")).await);
    }
    let entry = Audit::new("device.revoke")
        .target(format!("device:{id}"))
        .purpose(&administration_purpose());
    blocking(&state, move |s| entry.on(s, &op).revoke(id, now())).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn role_of(s: Option<&str>) -> Option<OfficerRole> {
    match s {
        Some("patrol") => Some(OfficerRole::Patrol),
        Some("competent") => Some(OfficerRole::Competent),
        _ => None,
    }
}

/// `GET /console/api/station/officers?purpose=…`: the administration's roster.
pub async fn officers(
    State(state): State<AppState>,
    SignedIn(op): SignedIn,
    Query(q): Query<PurposeQuery>,
) -> Result<Json<Vec<StationOfficer>>, ApiError> {
    require_role(&state, &op, STATION, "officer.list").await?;
    let purpose = q.purpose()?;
    let code = own(&op);
    let entry = Audit::new("officer.list").purpose(&purpose);
    let rows = blocking(&state, move |s| entry.on(s, &op).officers()).await?;
    Ok(Json(
        rows.into_iter()
            .filter(|o| o.administration.as_deref() == Some(code.as_str()))
            .map(|o| StationOfficer {
                role: role_of(o.role.as_deref()),
                badge: o.badge,
                name: o.name,
                rank: o.rank,
                added_at: o.added_at,
                removed_at: o.removed_at,
            })
            .collect(),
    ))
}

/// `POST /console/api/station/officers`: on the administration's roster from now.
pub async fn add_officer(
    State(state): State<AppState>,
    Changing(op): Changing,
    Json(o): Json<NewStationOfficer>,
) -> Result<StatusCode, ApiError> {
    require_role(&state, &op, STATION, "officer.add").await?;
    let code = own(&op);
    // The badge, role and administration, not the officer's name or rank (as the CLI).
    let entry = Audit::new("officer.add")
        .target(format!("officer:{}", o.badge))
        .purpose(&administration_purpose())
        .detail(json!({"role": o.role, "administration": code}));
    blocking(&state, move |s| {
        entry.on(s, &op).add_officer(
            &NewOfficer {
                badge: &o.badge,
                name: &o.name,
                role: o.role,
                rank: o.rank.as_deref(),
                administration: Some(&code),
                since: None,
            },
            now(),
        )
    })
    .await
    .map_err(officer_refusal)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The roster's refusals as the console answers them (fixed texts: the badge is not echoed).
fn officer_refusal(e: ApiError) -> ApiError {
    if e.code == zastita_protocol::messages::codes::MALFORMED {
        invalid("the roster refused this officer (a badge taken, or a field missing)")
    } else {
        e
    }
}

/// The officer `badge` if of the station's administration (or of none, for `assign`): 404 when
/// not on the roster's list, 403 `outside_jurisdiction` (audited) when another's.
async fn own_officer(
    state: &AppState,
    op: &Operator,
    badge: &str,
    action: &str,
    unassigned_too: bool,
) -> Result<(), ApiError> {
    let rows = blocking(state, |s| s.officers()).await?;
    let Some(o) = rows.into_iter().find(|o| o.badge == badge) else {
        return Err(not_found());
    };
    let ok = match o.administration.as_deref() {
        Some(a) => a == op.institution.key,
        None => unassigned_too,
    };
    if ok {
        Ok(())
    } else {
        Err(refuse_outside(state, op, action, format!("officer:{badge}")).await)
    }
}

/// `POST /console/api/station/officers/{badge}/remove`.
pub async fn remove_officer(
    State(state): State<AppState>,
    Changing(op): Changing,
    Path(badge): Path<String>,
) -> Result<StatusCode, ApiError> {
    require_role(&state, &op, STATION, "officer.remove").await?;
    own_officer(&state, &op, &badge, "officer.remove", false).await?;
    let entry = Audit::new("officer.remove")
        .target(format!("officer:{badge}"))
        .purpose(&administration_purpose());
    blocking(&state, move |s| {
        entry.on(s, &op).remove_officer(&badge, now())
    })
    .await
    .map_err(officer_refusal)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /console/api/station/officers/{badge}/assign`: an officer of the administration (or of
/// none) to `administration`.
pub async fn assign_officer(
    State(state): State<AppState>,
    Changing(op): Changing,
    Path(badge): Path<String>,
    Json(a): Json<AssignOfficer>,
) -> Result<StatusCode, ApiError> {
    require_role(&state, &op, STATION, "officer.assign").await?;
    let Some(to) = crate::numbering::administration_by_code(&a.administration) else {
        return Err(invalid("no police administration has this code"));
    };
    own_officer(&state, &op, &badge, "officer.assign", true).await?;
    let entry = Audit::new("officer.assign")
        .target(format!("officer:{badge}"))
        .purpose(&administration_purpose())
        .detail(json!({"administration": to}));
    blocking(&state, move |s| {
        entry.on(s, &op).assign_officer(&badge, to, now())
    })
    .await
    .map_err(officer_refusal)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The longest official number a station types (characters).
const MAX_CASE_NUMBER: usize = 40;

/// `GET /console/api/station/cases?purpose=…`: the administration's cases, newest first.
pub async fn cases(
    State(state): State<AppState>,
    SignedIn(op): SignedIn,
    Query(q): Query<PurposeQuery>,
) -> Result<Json<Vec<StationCase>>, ApiError> {
    require_role(&state, &op, STATION, "cases.list").await?;
    let purpose = q.purpose()?;
    let code = own(&op);
    let entry = Audit::new("cases.list").purpose(&purpose);
    let rows = blocking(&state, move |s| {
        entry.on(s, &op).administration_cases(&code)
    })
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|c| StationCase {
                case_id: c.case_id,
                number: c.number,
                numbered_at: c.numbered_at,
                year: i32::try_from(c.year).unwrap_or_default(),
                received_at: c.received_at,
                device_id: c.device_id,
                device_label: c.device_label,
            })
            .collect(),
    ))
}

/// `POST /console/api/station/cases/{case_id}/number`: a case of the administration gets its
/// official number, typed or the next one; the owning device's feed carries it (as the CLI's).
pub async fn assign_case_number(
    State(state): State<AppState>,
    Changing(op): Changing,
    Path(case_id): Path<Uuid>,
    Json(req): Json<AssignCaseNumber>,
) -> Result<Json<AssignedCaseNumber>, ApiError> {
    const ACTION: &str = "case_number.assign";
    require_role(&state, &op, STATION, ACTION).await?;
    let typed = match req {
        AssignCaseNumber::Auto { auto: true } => None,
        AssignCaseNumber::Auto { auto: false } => {
            return Err(invalid(
                "give a number, or ask for the next one with auto: true",
            ));
        }
        AssignCaseNumber::Typed { number } => {
            let n = number.trim();
            if n.is_empty()
                || n.chars().count() > MAX_CASE_NUMBER
                || n.chars().any(char::is_control)
            {
                return Err(invalid("a case number is one line of 1 to 40 characters"));
            }
            Some(n.to_owned())
        }
    };
    let administration = blocking(&state, move |s| s.case_administration(case_id))
        .await?
        .ok_or_else(not_found)?;
    if administration != own(&op) {
        return Err(refuse_outside(&state, &op, ACTION, format!("case:{case_id}")).await);
    }
    // As the CLI writes it (`case-number assign`), with the console's purpose.
    let entry = Audit::new(ACTION)
        .target(format!("case:{case_id}"))
        .purpose(&administration_purpose())
        .detail(json!({"auto": typed.is_none(), "number": typed}));
    let number = blocking(&state, move |s| {
        match entry
            .on(s, &op)
            .assign_case_number(case_id, typed.as_deref(), now())
        {
            Ok(number) => Ok(Ok(number)),
            Err(e) => number_refusal(e).map(Err),
        }
    })
    .await??;
    Ok(Json(AssignedCaseNumber { case_id, number }))
}

/// The numbering's refusals (`store::numbers`) as the console answers them: 409 with a code of
/// their own and a fixed text (no number echoed); anything else is the store's failure.
fn number_refusal(e: StoreError) -> Result<ApiError, StoreError> {
    match e {
        StoreError::AlreadyNumbered { .. } => Ok(ApiError::new(
            StatusCode::CONFLICT,
            codes::ALREADY_NUMBERED,
            "this case has its official number already; a case never gets a second one",
        )),
        StoreError::NumberTaken(_) => Ok(ApiError::new(
            StatusCode::CONFLICT,
            codes::NUMBER_TAKEN,
            "this number is another case's",
        )),
        StoreError::UnknownCase(_) => Ok(not_found()),
        e => Err(e),
    }
}
