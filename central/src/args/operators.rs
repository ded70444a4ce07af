//! The `operator` command's arguments: console accounts made, listed, reset and disabled by the
//! admin CLI, with the roles and institution kinds a station types.

use clap::{Subcommand, ValueEnum};
use zastita_protocol::console::{InstitutionKind, OperatorRole};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OperatorRoleArg {
    Station,
    Prosecutor,
    Court,
    InstitutionAdmin,
    Auditor,
}

impl From<OperatorRoleArg> for OperatorRole {
    fn from(r: OperatorRoleArg) -> Self {
        match r {
            OperatorRoleArg::Station => Self::Station,
            OperatorRoleArg::Prosecutor => Self::Prosecutor,
            OperatorRoleArg::Court => Self::Court,
            OperatorRoleArg::InstitutionAdmin => Self::InstitutionAdmin,
            OperatorRoleArg::Auditor => Self::Auditor,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum InstitutionKindArg {
    PoliceAdministration,
    BasicProsecutor,
    BasicCourt,
    Oversight,
}

impl From<InstitutionKindArg> for InstitutionKind {
    fn from(k: InstitutionKindArg) -> Self {
        match k {
            InstitutionKindArg::PoliceAdministration => Self::PoliceAdministration,
            InstitutionKindArg::BasicProsecutor => Self::BasicProsecutor,
            InstitutionKindArg::BasicCourt => Self::BasicCourt,
            InstitutionKindArg::Oversight => Self::Oversight,
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum OperatorCommand {
    /// Add a console account; prints its one-time setup code (valid 72 hours) to hand over.
    Add {
        /// 3 to 64 of a-z, 0-9, '.', '_', '-' (not the person's full name).
        #[arg(long)]
        login: String,
        /// The person's first and last name (kept encrypted).
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: OperatorRoleArg,
        #[arg(long, value_enum)]
        institution_kind: InstitutionKindArg,
        /// The institution: an administration's code (NS), an office's or court's name as the
        /// reference data spells it (either script), the oversight body's name.
        #[arg(long)]
        institution: String,
        /// sr-Latn, sr-Cyrl, hu or en.
        #[arg(long)]
        language: Option<String>,
        /// Print {"operator", "setup_code", "setup_expires_at"}.
        #[arg(long)]
        json: bool,
    },
    /// List the accounts (no secret is shown).
    List {
        #[arg(long)]
        json: bool,
    },
    /// A new setup code for an account (a lost phone or passphrase); its sessions end.
    Reset {
        #[arg(long)]
        login: String,
        #[arg(long)]
        json: bool,
    },
    /// Disable an account: it signs in no more; its sessions end.
    Disable {
        #[arg(long)]
        login: String,
    },
}
