//! The command line as clap parses it: global options, the commands that need no unlock and
//! those that act as an unlocked officer, with their arguments and help texts.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

use zastita_core::app::OfficerRole;
use zastita_core::domain::{Purpose, PurposeCode};

/// Zaštita — domestic-violence case records for police patrols, offline and encrypted.
#[derive(Debug, Parser)]
#[command(name = "zastita", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    /// Store directory (the encrypted database and its keyring).
    #[arg(long, global = true, env = "ZASTITA_STORE", value_name = "DIR")]
    pub(crate) store: Option<PathBuf>,
    /// Badge number of the officer acting (for `init`: the first officer).
    #[arg(long, global = true, env = "ZASTITA_OFFICER", value_name = "BADGE")]
    pub(crate) officer: Option<String>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a new store with its first officer (passphrase from ZASTITA_PIN or a prompt).
    Init {
        /// The officer's full name.
        #[arg(long)]
        name: String,
        /// The officer's rank, printed with the name on the orders ("policijski narednik").
        #[arg(long, default_value = "")]
        rank: String,
    },
    /// Show the device's lock state without unlocking.
    Status {
        /// First ask the central record whether this device was revoked (signed with the status
        /// key in the keyring; no passphrase), and destroy its keys if it was.
        #[arg(long)]
        check_revocation: bool,
    },
    #[command(flatten)]
    Unlocked(UnlockedCommand),
}

/// Commands that need an unlocked store (passphrase from ZASTITA_PIN or a prompt).
#[derive(Debug, Subcommand)]
pub(crate) enum UnlockedCommand {
    /// Officers enrolled on this device.
    #[command(subcommand)]
    Officer(OfficerCommand),
    /// Cases on this device.
    #[command(subcommand)]
    Case(CaseCommand),
    /// A person's history: earlier cases, orders in force, the repeat flag and the Art. 16
    /// suggestions.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Statements of the people in a case: start, autosave, sign.
    #[command(subcommand)]
    Statement(StatementCommand),
    /// Render a document of a case as PDF (stored in the case too).
    Document {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        #[command(flatten)]
        purpose: PurposeArgs,
        #[arg(long, value_enum)]
        kind: DocKind,
        /// The order (for `order` and `receipt`); default: the case's latest issued order.
        #[arg(long = "order", value_name = "ID")]
        order_id: Option<String>,
        /// sr-Latn, sr-Cyrl, hu or en.
        #[arg(long, default_value = "sr-Latn")]
        lang: String,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Risk instruments (assessment questionnaires as data files).
    #[command(subcommand)]
    Instrument(InstrumentCommand),
    /// Emergency-measure orders.
    #[command(subcommand)]
    Order(OrderCommand),
    /// Station policy: when to re-assess risk, by level (no option: show the current intervals).
    Reassessment {
        #[arg(long, value_name = "HOURS")]
        extreme_hours: Option<u32>,
        #[arg(long, value_name = "HOURS")]
        high_hours: Option<u32>,
        #[arg(long, value_name = "HOURS")]
        medium_hours: Option<u32>,
        #[arg(long, value_name = "HOURS")]
        low_hours: Option<u32>,
    },
    /// Station policy: how many minutes after a completed risk assessment an order not yet
    /// forwarded to the prosecutor is flagged (the law says "at once", Art. 16; the delay is the
    /// station's). No option: show the current one. Applies to orders issued from now on.
    Forwarding {
        #[arg(long, value_name = "MINUTES")]
        warn_after_minutes: Option<u32>,
    },
    /// Enrol this device with the central record, with the code the station prints
    /// (`zastita-enroll:v1:…`). Prints the device's central id.
    Enroll {
        code: String,
        /// A label for the station's device list (default: "Zaštita" and the device tag).
        #[arg(long, default_value = "")]
        label: String,
    },
    /// One full sync round with the central record (progress on stderr, a summary on stdout),
    /// or with --status, where sync stands.
    Sync {
        /// Show the sync state (pending, last success, errors, quarantine) instead of syncing.
        #[arg(long)]
        status: bool,
    },
    /// Check the database (page HMACs, structure) and the audit chain.
    Verify,
    /// Show the audit log, newest first.
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum PersonCommand {
    /// The history of a person of a case, found by JMBG or by family name, given name and date
    /// of birth: the device's own cases and the offline list of orders in force, and the
    /// central record when the device is enrolled and can reach it (--offline: do not ask).
    History {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        #[arg(long, value_name = "JMBG", required_unless_present = "family_name")]
        jmbg: Option<String>,
        #[arg(long, value_name = "NAME", requires_all = ["given_name", "born"])]
        family_name: Option<String>,
        #[arg(long, value_name = "NAME")]
        given_name: Option<String>,
        /// The date of birth, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        born: Option<chrono::NaiveDate>,
        #[command(flatten)]
        purpose: PurposeArgs,
        /// Use only what is on this device (its cases and the offline list).
        #[arg(long)]
        offline: bool,
    },
    /// Record a violation (Art. 36) of an order `person history` shows in force against a
    /// person of the case: on this device's own order, as its event; on another device's, as a
    /// report the next `zastita sync` sends to the central record.
    Violation {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        /// The order's id (the last word of its IN FORCE line in `person history`).
        #[arg(long = "order", value_name = "ID")]
        order_id: String,
        /// When it took place (RFC 3339, e.g. 2026-12-06T21:40:00+01:00).
        #[arg(long, value_name = "TIME")]
        at: chrono::DateTime<chrono::FixedOffset>,
        #[arg(long, value_name = "TEXT")]
        description: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        evidence: String,
        #[command(flatten)]
        purpose: PurposeArgs,
    },
}

/// Why the data is consulted (EU Law Enforcement Directive, Art. 25): logged with the
/// consultation. Every command that shows or takes out a case's personal data needs it.
#[derive(Debug, clap::Args)]
pub(crate) struct PurposeArgs {
    /// Why you consult it: responding_to_call, follow_up, station_review, judicial_request
    /// (a prosecutor's or court's request) or training.
    #[arg(long = "purpose", value_enum, value_name = "CODE")]
    pub(crate) code: PurposeArg,
    /// In your own words (optional; one line, at most 200 characters), e.g. the request's number.
    #[arg(long = "purpose-text", value_name = "TEXT")]
    pub(crate) text: Option<String>,
}

impl PurposeArgs {
    pub(crate) fn purpose(&self) -> Purpose {
        Purpose {
            code: self.code.into(),
            text: self.text.clone(),
        }
    }
}

/// The purpose codes as typed (the same as stored in the audit log).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub(crate) enum PurposeArg {
    RespondingToCall,
    FollowUp,
    StationReview,
    JudicialRequest,
    Training,
}

impl From<PurposeArg> for PurposeCode {
    fn from(p: PurposeArg) -> Self {
        match p {
            PurposeArg::RespondingToCall => PurposeCode::RespondingToCall,
            PurposeArg::FollowUp => PurposeCode::FollowUp,
            PurposeArg::StationReview => PurposeCode::StationReview,
            PurposeArg::JudicialRequest => PurposeCode::JudicialRequest,
            PurposeArg::Training => PurposeCode::Training,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum DocKind {
    Order,
    Receipt,
    Summary,
}

#[derive(Debug, Subcommand)]
pub(crate) enum InstrumentCommand {
    /// The latest version of every instrument.
    List,
    /// Add an instrument, or a new version of one, from its JSON file (checked first).
    Add { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub(crate) enum OrderCommand {
    /// Enter the prosecutor's proposal to extend the measures (Art. 18), when the police learn
    /// of it (station).
    Proposal {
        #[arg(long = "order", value_name = "ID")]
        order_id: String,
        /// When the proposal was made (RFC 3339).
        #[arg(long)]
        at: chrono::DateTime<chrono::FixedOffset>,
    },
    /// Enter the prosecutor's decision not to propose an extension: the measures end at their
    /// 48 hours (station).
    NotProposed {
        #[arg(long = "order", value_name = "ID")]
        order_id: String,
        #[arg(long)]
        at: chrono::DateTime<chrono::FixedOffset>,
        #[arg(long)]
        reason: String,
    },
    /// Enter the court's decision on extending an order's measures (station).
    CourtDecision {
        #[arg(long = "order", value_name = "ID")]
        order_id: String,
        #[arg(long)]
        court: String,
        /// The decision's number, e.g. "R1 123/26".
        #[arg(long)]
        number: String,
        /// The decision's date, YYYY-MM-DD.
        #[arg(long)]
        date: chrono::NaiveDate,
        /// The new end of the measures as the decision states it (RFC 3339, e.g.
        /// 2026-12-30T12:00:00+01:00); omit with --refused.
        #[arg(long, conflicts_with = "refused")]
        ends_at: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// The court refused to extend.
        #[arg(long)]
        refused: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum RoleArg {
    Patrol,
    Competent,
}

impl From<RoleArg> for OfficerRole {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Patrol => OfficerRole::Patrol,
            RoleArg::Competent => OfficerRole::Competent,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum OfficerCommand {
    /// Enrol another officer (their passphrase from ZASTITA_NEW_PIN or a prompt).
    Add {
        #[arg(long)]
        badge: String,
        #[arg(long)]
        name: String,
        /// patrol (records cases, statements, draft assessments) or competent (the competent
        /// police officer for domestic violence, Art. 15: also completes the finding and issues).
        #[arg(long, value_enum, default_value_t = RoleArg::Patrol)]
        role: RoleArg,
        /// The rank, printed with the name on the orders ("policijski narednik").
        #[arg(long, default_value = "")]
        rank: String,
    },
    /// Set an officer's rank on this device (the central record's roster, once it names a rank,
    /// decides over it). An empty rank clears it.
    Rank { badge: String, rank: String },
    /// Set an officer's role on this device (the central record's roster, once it names a role,
    /// decides over it).
    Role {
        badge: String,
        #[arg(value_enum)]
        role: RoleArg,
    },
    /// Change your passphrase (new one from ZASTITA_NEW_PIN or a prompt).
    Passwd,
    /// List enrolled officers.
    List,
}

#[derive(Debug, Subcommand)]
pub(crate) enum CaseCommand {
    /// Autosave a case's draft from a JSON file (a new case, or case ID with --id)
    ///
    /// FILE is the content as the app's form sends it (JSON with `incident` and `people`). Prints
    /// the case id and what recording would still refuse; never refuses an incomplete draft.
    Draft {
        file: PathBuf,
        #[arg(long, value_name = "ID")]
        id: Option<String>,
    },
    /// Record a case's draft: checked, frozen as its next version, queued for the central record
    Record { id: String },
    /// Import a case file (JSON).
    Import { file: PathBuf },
    /// List cases, newest first (names and addresses: a consultation, with its purpose).
    List {
        /// Words to find in names, address or municipality.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
        #[command(flatten)]
        purpose: PurposeArgs,
    },
    /// Show one case (a consultation, with its purpose).
    Show {
        id: String,
        #[command(flatten)]
        purpose: PurposeArgs,
    },
    /// Export a case file (to stdout, or to a file with -o), logged with its purpose and
    /// recipient.
    Export {
        id: String,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        purpose: PurposeArgs,
        /// Who the case file is for (one line, at most 200 characters), e.g. "OJT Novi Sad".
        #[arg(long, value_name = "WHO")]
        recipient: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum StatementCommand {
    /// Start taking a statement from a person in a case, saved as a draft at once. FILE (JSON,
    /// optional): `place`, `language`, `interpreter`, `text`. Prints the statement id.
    Start {
        #[arg(long = "case", value_name = "ID")]
        case_id: String,
        /// The person giving it (an id from `case show --json`).
        #[arg(long = "person", value_name = "ID")]
        person_id: String,
        /// The signed statement this one corrects or completes (an addendum).
        #[arg(long, value_name = "ID")]
        amends: Option<String>,
        file: Option<PathBuf>,
    },
    /// Autosave a statement being taken: FILE (JSON) as for `start`. A signed statement refuses.
    Save { id: String, file: PathBuf },
    /// Sign a statement; it is frozen and queued for the central record. FILE (JSON) holds the
    /// signatures as drawn: `officer_signature`, and `victim_signature` or
    /// `victim_not_signed_reason` for the person giving it. Prints its SHA-256 fingerprint.
    Sign { id: String, file: PathBuf },
}
