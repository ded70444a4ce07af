//! What the admin CLI lists: record versions, conflicts, quarantine, attachments, cases,
//! officers; and the cases of one police administration, as the console's station screen lists
//! them. Ids, digests, codes and times only — never payloads (an officer's name and rank,
//! opened from their sealed columns, are the roster's).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::crypt::Place;
use super::sql::Row;
use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordRow {
    pub device_id: Uuid,
    pub seq: u64,
    pub version_id: Uuid,
    pub record_id: Uuid,
    pub kind: String,
    pub version: u64,
    pub payload_sha256: String,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictRow {
    pub device_id: Uuid,
    pub seq: u64,
    pub version_id: Uuid,
    pub record_id: Uuid,
    pub payload_sha256: String,
    pub existing_version_id: Uuid,
    pub reason: String,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarantineRow {
    pub device_id: Uuid,
    pub seq: u64,
    pub version_id: Uuid,
    pub record_id: Uuid,
    pub kind: String,
    pub reason: String,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentRow {
    pub record_id: Uuid,
    pub sha256: String,
    pub size: u64,
    pub received: u64,
    pub complete: bool,
    pub device_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// A case of one police administration (`Store::administration_cases`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdministrationCaseRow {
    pub case_id: Uuid,
    pub number: Option<String>,
    pub numbered_at: Option<DateTime<Utc>>,
    pub year: i64,
    /// When its first version (its owner's) was received.
    pub received_at: DateTime<Utc>,
    pub device_id: Uuid,
    pub device_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRow {
    pub case_id: Uuid,
    pub number: Option<String>,
    pub police_administration: String,
    pub year: i64,
    pub device_id: Uuid,
    /// Accepted versions of the case header (its owner's; `device_id` owns it).
    pub versions: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficerRow {
    pub badge: String,
    pub name: String,
    pub added_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
    /// `patrol` or `competent`; absent for officers added before roles existed.
    pub role: Option<String>,
    /// The rank as the service gives it; absent when never said.
    pub rank: Option<String>,
    /// The police administration's code; absent when not assigned.
    pub administration: Option<String>,
}

fn all<T>(
    store: &Store,
    query: &str,
    map: impl Fn(&Row) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    store.tx(|sql| sql.query(query, &[])?.iter().map(&map).collect())
}

impl Store {
    pub fn records(&self) -> Result<Vec<RecordRow>, StoreError> {
        all(
            self,
            "SELECT device_id, seq, version_id, record_id, kind, version, payload_sha256, received_at
             FROM records ORDER BY device_id, seq",
            |r| {
                Ok(RecordRow {
                    device_id: r.uuid(0)?,
                    seq: r.u64(1)?,
                    version_id: r.uuid(2)?,
                    record_id: r.uuid(3)?,
                    kind: r.text(4)?,
                    version: r.u64(5)?,
                    payload_sha256: r.text(6)?,
                    received_at: r.time(7)?,
                })
            },
        )
    }

    /// The stored payload of a record version (for tests and the station's own tools; the CLI
    /// never prints it).
    pub fn payload(&self, version_id: Uuid) -> Result<Option<String>, StoreError> {
        self.tx(|sql| {
            let Some(r) = sql.query_opt(
                "SELECT payload FROM records WHERE version_id = $1",
                &[version_id.into()],
            )?
            else {
                return Ok(None);
            };
            let place = Place::new("records", "payload", version_id.to_string());
            sql.cipher()?.open_text(&place, &r.text(0)?).map(Some)
        })
    }

    pub fn conflicts(&self) -> Result<Vec<ConflictRow>, StoreError> {
        all(
            self,
            "SELECT device_id, seq, version_id, record_id, payload_sha256, existing_version_id, reason, received_at
             FROM conflicts ORDER BY id",
            |r| {
                Ok(ConflictRow {
                    device_id: r.uuid(0)?,
                    seq: r.u64(1)?,
                    version_id: r.uuid(2)?,
                    record_id: r.uuid(3)?,
                    payload_sha256: r.text(4)?,
                    existing_version_id: r.uuid(5)?,
                    reason: r.text(6)?,
                    received_at: r.time(7)?,
                })
            },
        )
    }

    pub fn quarantine(&self) -> Result<Vec<QuarantineRow>, StoreError> {
        all(
            self,
            "SELECT device_id, seq, version_id, record_id, kind, reason, received_at
             FROM quarantine ORDER BY device_id, seq",
            |r| {
                Ok(QuarantineRow {
                    device_id: r.uuid(0)?,
                    seq: r.u64(1)?,
                    version_id: r.uuid(2)?,
                    record_id: r.uuid(3)?,
                    kind: r.text(4)?,
                    reason: r.text(5)?,
                    received_at: r.time(6)?,
                })
            },
        )
    }

    pub fn attachments(&self) -> Result<Vec<AttachmentRow>, StoreError> {
        all(
            self,
            "SELECT record_id, sha256, size, received, complete, device_id, started_at, completed_at
             FROM attachments ORDER BY started_at, record_id",
            |r| {
                Ok(AttachmentRow {
                    record_id: r.uuid(0)?,
                    sha256: r.text(1)?,
                    size: r.u64(2)?,
                    received: r.u64(3)?,
                    complete: r.bool(4)?,
                    device_id: r.uuid(5)?,
                    started_at: r.time(6)?,
                    completed_at: r.opt_time(7)?,
                })
            },
        )
    }

    pub fn cases(&self) -> Result<Vec<CaseRow>, StoreError> {
        all(
            self,
            "SELECT c.case_id, c.number, c.police_administration, c.year, c.device_id,
                    (SELECT count(*) FROM records r
                     WHERE r.record_id = c.case_id AND r.kind = 'case' AND r.device_id = c.device_id)
             FROM cases c ORDER BY c.case_id",
            |r| {
                Ok(CaseRow {
                    case_id: r.uuid(0)?,
                    number: r.opt_text(1)?,
                    police_administration: r.text(2)?,
                    year: r.i64(3)?,
                    device_id: r.uuid(4)?,
                    versions: r.u64(5)?,
                })
            },
        )
    }

    /// The cases of the police administration `code`, the newest (first received) first.
    pub fn administration_cases(
        &self,
        code: &str,
    ) -> Result<Vec<AdministrationCaseRow>, StoreError> {
        self.tx(|sql| {
            sql.query(
                "SELECT c.case_id, c.number, c.numbered_at, c.year, c.device_id, d.label,
                        (SELECT min(r.received_at) FROM records r
                         WHERE r.record_id = c.case_id AND r.kind = 'case'
                           AND r.device_id = c.device_id) AS first_received
                 FROM cases c JOIN devices d ON d.id = c.device_id
                 WHERE c.police_administration = $1
                 ORDER BY first_received DESC, c.case_id DESC",
                &[code.into()],
            )?
            .iter()
            .map(|r| {
                Ok(AdministrationCaseRow {
                    case_id: r.uuid(0)?,
                    number: r.opt_text(1)?,
                    numbered_at: r.opt_time(2)?,
                    year: r.i64(3)?,
                    device_id: r.uuid(4)?,
                    device_label: r.text(5)?,
                    received_at: r.time(6)?,
                })
            })
            .collect()
        })
    }

    /// The police administration (its code) a case is numbered in; `None` for an unknown case.
    pub fn case_administration(&self, case_id: Uuid) -> Result<Option<String>, StoreError> {
        self.tx(|sql| {
            sql.query_opt(
                "SELECT police_administration FROM cases WHERE case_id = $1",
                &[case_id.into()],
            )?
            .map(|r| r.text(0))
            .transpose()
        })
    }

    pub fn officers(&self) -> Result<Vec<OfficerRow>, StoreError> {
        self.tx(|sql| {
            let rows = sql.query(
                "SELECT badge, name, added_at, removed_at, role, rank, administration
                 FROM officers ORDER BY badge",
                &[],
            )?;
            let cipher = sql.cipher()?;
            rows.iter()
                .map(|r| {
                    let badge = r.text(0)?;
                    Ok(OfficerRow {
                        name: cipher
                            .open_text(&Place::new("officers", "name", &badge), &r.text(1)?)?,
                        added_at: r.time(2)?,
                        removed_at: r.opt_time(3)?,
                        role: r.opt_text(4)?,
                        rank: cipher.open_opt_text(
                            &Place::new("officers", "rank", &badge),
                            r.opt_text(5)?.as_deref(),
                        )?,
                        administration: r.opt_text(6)?,
                        badge,
                    })
                })
                .collect()
        })
    }
}
