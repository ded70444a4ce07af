//! The domain model of a domestic-violence case as the device records it: ids, the incident, the
//! people involved, statements of every party and their signatures. Plain data with serde; the
//! rules that judge it live in [`validate`], the JMBG rules in [`jmbg`].

pub mod assessment;
pub mod ids;
pub mod incident;
pub mod jmbg;
pub mod language;
pub mod order;
pub mod person;
pub mod purpose;
pub mod statement;
pub mod text;
pub mod validate;

pub use ids::{
    AssessmentId, Badge, BadgeError, CaseId, DocumentId, EventId, OrderId, PersonId, StatementId,
};
pub use incident::{
    GeoPoint, Incident, NotificationMeans, Reporter, ReporterKind, ViolenceForm, Weapon,
    WeaponKind, WeaponLegality, WelfareNotification,
};
pub use jmbg::{Jmbg, JmbgError};
pub use language::Language;
pub use text::{control_character, fold_for_search};
pub use validate::{FieldError, FieldErrorCode, Strictness, validate_case, validate_statement};

pub use order::{
    AppealOutcome, CourtOutcome, EventSource, Issued, LegalBasis, Measure, Order, OrderContent,
    OrderEvent, OrderEventKind, OrderEventName, OrderNumber, Party,
};
pub use person::{Household, Person, Relationship, Role};
pub use purpose::{PURPOSE_TEXT_MAX_CHARS, Purpose, PurposeCode};
pub use statement::{Signature, SignaturePoint, Statement, StatementDraft};
