//! `zastita-central verify`: every check of what the central record holds, in one report of
//! sections — each device's audit chain against its anchor ([`Store::check_audit_chains`]), the
//! admin audit chain ([`Store::check_admin_audit`]), every complete attachment's SHA-256
//! recomputed from its chunks ([`Store::check_attachments`]), every encrypted value read back
//! ([`Store::check_encryption`]: none in plaintext, none that does not decrypt for its row). A
//! section lists each problem
//! specifically (which device, entry or attachment, and what is wrong); the report is `ok` only
//! when no section has one.
//!
//! A new check is one more [`Section`] pushed in [`Store::verify`].

use serde::Serialize;
use uuid::Uuid;

use super::attachments::chunks_sha256;
use super::{Store, StoreError};

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// `device_audit_chains`, `admin_audit`, `attachments`.
    pub name: &'static str,
    /// How many things it checked (chains, entries, attachments).
    pub checked: u64,
    /// Each problem found, specifically; none when the section is whole.
    pub problems: Vec<String>,
    /// What to note off this machine (the admin audit's newest entry and hash).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Section {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub ok: bool,
    pub sections: Vec<Section>,
}

impl VerifyReport {
    pub fn new(sections: Vec<Section>) -> VerifyReport {
        VerifyReport {
            ok: sections.iter().all(Section::ok),
            sections,
        }
    }

    /// Every problem, each prefixed with its section.
    pub fn problems(&self) -> Vec<String> {
        self.sections
            .iter()
            .flat_map(|s| s.problems.iter().map(move |p| format!("{}: {p}", s.name)))
            .collect()
    }
}

/// A complete attachment whose chunks are not what was accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentProblem {
    pub record_id: Uuid,
    pub sha256: String,
    pub problem: String,
}

impl Store {
    /// Every complete attachment's chunks, hashed again: how many were checked, and each one
    /// whose bytes no longer add up (a chunk changed, missing or added).
    pub fn check_attachments(&self) -> Result<(u64, Vec<AttachmentProblem>), StoreError> {
        self.tx(|sql| {
            let complete = sql.query(
                "SELECT record_id, sha256, size FROM attachments WHERE complete = $1
                 ORDER BY record_id, sha256",
                &[true.into()],
            )?;
            let mut problems = Vec::new();
            for a in &complete {
                let (record_id, sha256, size) = (a.uuid(0)?, a.text(1)?, a.u64(2)?);
                let digest = match chunks_sha256(sql, record_id, &sha256) {
                    Ok(d) => d,
                    Err(e @ StoreError::Undecryptable { .. }) => {
                        problems.push(AttachmentProblem {
                            record_id,
                            sha256,
                            problem: format!("a chunk cannot be read: {e}"),
                        });
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                let problem = if let Some(at) = digest.gap_at {
                    Some(format!(
                        "its chunks do not follow one another at byte {at} (a chunk is missing \
                         or overlaps)"
                    ))
                } else if digest.bytes != size {
                    Some(format!(
                        "its chunks hold {} bytes, not the {size} it was accepted with",
                        digest.bytes
                    ))
                } else if digest.sha256 != sha256 {
                    Some(format!(
                        "its chunks hash to {}, not to the SHA-256 it was accepted with (a chunk \
                         was changed)",
                        digest.sha256
                    ))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    problems.push(AttachmentProblem {
                        record_id,
                        sha256,
                        problem,
                    });
                }
            }
            Ok((complete.len() as u64, problems))
        })
    }

    /// Every check, one section each.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        let chains = self.check_audit_chains()?;
        let devices = Section {
            name: "device_audit_chains",
            checked: chains.len() as u64,
            problems: chains
                .iter()
                .flat_map(|c| {
                    c.breaks
                        .iter()
                        .map(move |b| format!("device {}: {b}", c.device_id))
                })
                .collect(),
            note: None,
        };
        let admin = self.check_admin_audit()?;
        let admin = Section {
            name: "admin_audit",
            checked: admin.entries,
            problems: admin.problems,
            note: admin
                .head
                .map(|(seq, hash)| format!("newest entry {seq}, hash {hash}")),
        };
        let (checked, bad) = self.check_attachments()?;
        let attachments = Section {
            name: "attachments",
            checked,
            problems: bad
                .into_iter()
                .map(|p| {
                    format!(
                        "attachment {} of record {}: {}",
                        p.sha256, p.record_id, p.problem
                    )
                })
                .collect(),
            note: None,
        };
        let sealed = self.check_encryption()?;
        let encryption = Section {
            name: "encryption",
            checked: sealed.checked,
            problems: sealed
                .bad
                .iter()
                .map(|b| format!("{}.{} of row {} {}", b.table, b.column, b.row, b.problem))
                .collect(),
            note: None,
        };
        Ok(VerifyReport::new(vec![
            devices,
            admin,
            attachments,
            encryption,
        ]))
    }
}
