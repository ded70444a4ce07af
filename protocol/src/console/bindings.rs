//! The console's TypeScript declarations (`ui/src/console/bindings.ts`), generated from this
//! module's types with ts-rs (feature `ts`). The case's own types (`Order`, `Person`…) are core's
//! and already generated for the app into `ui/src/lib/bindings.ts`: the console's file imports
//! them from there ([`APP_TYPES`]) rather than declaring them twice. `tests/console_bindings.rs`
//! fails when the checked-in file differs from [`typescript`].

use ts_rs::{Config, TS};

use super::auth::{
    NewOperator, NewOperatorResponse, OperatorSummary, SessionInfo, SetupConfirm, SetupRequest,
    SetupResponse, SignInRequest,
};
use super::chain::{
    Act, ActKind, ActParty, ActRequest, Board, BoardEntry, BoardScope, BoardStatus, ChainStage,
    ChainView, Clock, ClockKind, DeclinedView, DocumentRef, EvaluationView, OpenOrder, OrderFile,
    ProposalView, Receipt,
};
use super::station::{
    AssignCaseNumber, AssignOfficer, AssignedCaseNumber, EnrolmentCodeView, NewEnrolment,
    NewStationOfficer, StationCase, StationDevice, StationOfficer,
};
use super::{
    AuditEntryView, AuditPage, ConsolePurpose, ConsolePurposeCode, Institution, InstitutionKind,
    Me, OperatorRole,
};

/// Where the generated file lives, relative to the workspace root.
pub const BINDINGS_PATH: &str = "ui/src/console/bindings.ts";

/// Where the app's generated types live, relative to the console's file.
pub const APP_BINDINGS_IMPORT: &str = "../lib/bindings";

/// The app's (core's) types the console's types name (`ts(type = "…")` on a field).
pub const APP_TYPES: [&str; 8] = [
    "Assessment",
    "Incident",
    "OfficerRole",
    "Order",
    "OrderClocks",
    "OrderEventKind",
    "Person",
    "Statement",
];

macro_rules! declarations {
    ($cfg:expr; $($ty:ty),* $(,)?) => {
        vec![$(format!("export {}", <$ty as TS>::decl($cfg))),*]
    };
}

/// The whole generated file: the app's types imported, then every console type.
pub fn typescript() -> String {
    // JSON numbers: a seq or a count is a `number` in the browser, never a `bigint`.
    let cfg = Config::default().with_large_int("number");
    let decls = declarations![&cfg;
        OperatorRole,
        InstitutionKind,
        Institution,
        Me,
        ConsolePurposeCode,
        ConsolePurpose,
        AuditEntryView,
        AuditPage,
        SetupRequest,
        SetupResponse,
        SetupConfirm,
        SignInRequest,
        SessionInfo,
        OperatorSummary,
        NewOperator,
        NewOperatorResponse,
        BoardScope,
        Board,
        ClockKind,
        Clock,
        BoardStatus,
        ChainStage,
        BoardEntry,
        OpenOrder,
        Receipt,
        EvaluationView,
        DocumentRef,
        ProposalView,
        DeclinedView,
        ChainView,
        OrderFile,
        ActKind,
        ActParty,
        Act,
        ActRequest,
        StationDevice,
        NewEnrolment,
        EnrolmentCodeView,
        StationOfficer,
        NewStationOfficer,
        AssignOfficer,
        StationCase,
        AssignCaseNumber,
        AssignedCaseNumber,
    ];
    let mut out = String::from(
        "// Generated from protocol/src/console by protocol/src/console/bindings.rs. Do not edit by\n\
         // hand: run `ZASTITA_BLESS=1 cargo test -p zastita-protocol --test console_bindings`.\n",
    );
    out.push_str(&format!(
        "import type {{ {} }} from '{APP_BINDINGS_IMPORT}';\n\n",
        APP_TYPES.join(", ")
    ));
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
