//! The `zastita-central` binary's command line (clap): the commands, their arguments and the
//! value enums, with the help text the station reads. Part of the binary, not the library.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use uuid::Uuid;
use zastita_central::server::limits::{Limits, PerHour, Rate};
use zastita_central::store::operators::ConsoleOptions;
mod operators;
pub(crate) use operators::OperatorCommand;

#[derive(Parser)]
#[command(
    name = "zastita-central",
    version,
    about = "The Zaštita central record"
)]
pub(crate) struct Cli {
    /// Data directory: TLS material, and `central.db` unless --database is given.
    #[arg(long, global = true, env = "ZASTITA_CENTRAL_DATA")]
    pub(crate) data: Option<PathBuf>,
    /// PostgreSQL instead of SQLite: `postgres://user:password@host/db`, reached over TLS
    /// (verify-full; the CA by --database-ca or `?sslrootcert=FILE`).
    #[arg(long, global = true, env = "ZASTITA_CENTRAL_DATABASE")]
    pub(crate) database: Option<String>,
    /// The CA (PEM) that signed PostgreSQL's server certificate.
    #[arg(long, global = true, env = "ZASTITA_CENTRAL_DATABASE_CA")]
    pub(crate) database_ca: Option<PathBuf>,
    /// Reach PostgreSQL without TLS: only a database on this machine (loopback or a Unix
    /// socket), for tests and demos.
    #[arg(long, global = true)]
    pub(crate) insecure_local_database: bool,
    /// The central key file, outside the data directory (or its text in ZASTITA_CENTRAL_KEY, or
    /// the systemd credential `zastita-central-key`). `init` creates it where this says.
    #[arg(long, global = true, env = "ZASTITA_CENTRAL_KEY_FILE")]
    pub(crate) key_file: Option<PathBuf>,
    /// Who is acting (first and last name), written to the admin audit with the OS user.
    /// Required by every command that changes something.
    #[arg(long, global = true, env = "ZASTITA_CENTRAL_OPERATOR")]
    pub(crate) operator: Option<String>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Create the CA and server certificate (or take the station's) and the database schema.
    Init(InitArgs),
    /// Serve the HTTPS API.
    Serve(ServeArgs),
    /// The officer roster.
    #[command(subcommand)]
    Officer(OfficerCommand),
    /// Enrol, revoke and list devices.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// The console's operator accounts (prosecutors, courts, station staff, administrators,
    /// auditors).
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Court decisions on orders.
    #[command(subcommand, name = "court-decision")]
    CourtDecision(CourtCommand),
    /// Official case numbers.
    #[command(subcommand, name = "case-number")]
    CaseNumber(CaseNumberCommand),
    /// Cases the central record holds.
    #[command(subcommand)]
    Cases(ListCommand),
    /// Record versions received (ids and digests, never payloads).
    #[command(subcommand)]
    Records(ListCommand),
    /// Conflicting versions kept for review.
    #[command(subcommand)]
    Conflicts(ListCommand),
    /// Envelopes set aside as invalid.
    #[command(subcommand)]
    Quarantine(ListCommand),
    /// Attachments, complete or in progress.
    #[command(subcommand)]
    Attachments(ListCommand),
    /// The server certificate.
    #[command(subcommand)]
    Cert(CertCommand),
    /// The admin audit: every operator's action, hash-chained.
    #[command(subcommand)]
    Audit(ListCommand),
    /// Check the device audit chains, the admin audit chain, every attachment's SHA-256 and
    /// that every personal value is encrypted and decrypts; exit code 2 and each problem when
    /// something does not add up.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Add a new current central key and re-encrypt every value under it, in small transactions
    /// (safe while serve runs; run again with --resume if interrupted).
    #[command(name = "rotate-key")]
    RotateKey(RotateKeyArgs),
    /// Rewrite central.db under the current central key (serve stopped): a plaintext file from
    /// before encryption, or one whose pages are under an older key after rotate-key.
    #[command(name = "encrypt-database")]
    EncryptDatabase,
}

#[derive(Args)]
pub(crate) struct RotateKeyArgs {
    /// Only say how many values each key holds and which keys may be retired.
    #[arg(long, conflicts_with_all = ["resume", "retire"])]
    pub(crate) status: bool,
    /// Re-encrypt what is not yet under the current key, adding no key.
    #[arg(long, conflicts_with = "retire")]
    pub(crate) resume: bool,
    /// Remove key ID from the key file (refused while any value, or central.db, is under it).
    #[arg(long, value_name = "ID")]
    pub(crate) retire: Option<u32>,
    /// Write the changed key file here instead (serve takes its key from a credential or the
    /// environment and cannot see the file change); nothing is re-encrypted until it is installed.
    #[arg(long, value_name = "PATH")]
    pub(crate) out: Option<std::path::PathBuf>,
    /// --status as JSON.
    #[arg(long, requires = "status")]
    pub(crate) json: bool,
}

#[derive(Args)]
pub(crate) struct InitArgs {
    /// A name or address the server certificate is for (repeatable; default localhost, 127.0.0.1, ::1).
    #[arg(long = "hostname")]
    pub(crate) hostnames: Vec<String>,
    /// The station's CA certificate (PEM): signs a new server certificate with --ca-key, or is the
    /// CA of --cert.
    #[arg(long)]
    pub(crate) ca_cert: Option<PathBuf>,
    /// The station's CA key (PEM).
    #[arg(long, requires = "ca_cert", conflicts_with_all = ["cert", "key"])]
    pub(crate) ca_key: Option<PathBuf>,
    /// The station's own server certificate (PEM), with --key and --ca-cert.
    #[arg(long, requires_all = ["key", "ca_cert"])]
    pub(crate) cert: Option<PathBuf>,
    /// The server certificate's key (PEM).
    #[arg(long, requires = "cert")]
    pub(crate) key: Option<PathBuf>,
    /// Where a new CA's private key goes (created 0700; not the data directory or inside it).
    /// Move it offline afterwards: it is needed only to renew the server certificate.
    #[arg(long, conflicts_with_all = ["ca_key", "cert"])]
    pub(crate) ca_key_out: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8443")]
    pub(crate) listen: SocketAddr,
    /// Number cases and orders when they first arrive.
    #[arg(long, default_value_t = true, action = ArgAction::Set)]
    pub(crate) auto_case_numbers: bool,
    /// Serve even though the CA's private key is in the data directory (a demo only).
    #[arg(long)]
    pub(crate) allow_ca_key_in_data: bool,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
    #[command(flatten)]
    pub(crate) console: ConsoleArgs,
}

/// The console's sessions and sign-in (central/README.md, "Operators and the console").
#[derive(Args)]
#[command(next_help_heading = "Console")]
pub(crate) struct ConsoleArgs {
    /// A console session unused this long ends.
    #[arg(long, default_value = "15m", value_parser = duration)]
    pub(crate) console_idle: Duration,
    /// A console session ends this long after sign-in, whatever happens.
    #[arg(long, default_value = "12h", value_parser = duration)]
    pub(crate) console_absolute: Duration,
    /// The lock after 5 failed sign-ins in a row; each further failure doubles it (at most a
    /// day).
    #[arg(long, default_value = "1m", value_parser = duration)]
    pub(crate) console_lockout: Duration,
}

impl ConsoleArgs {
    pub(crate) fn options(&self) -> ConsoleOptions {
        ConsoleOptions {
            idle: self.console_idle,
            absolute: self.console_absolute,
            lockout: self.console_lockout,
        }
    }
}

/// The abuse limits (central/README.md, "Limits"). Durations are a number and a unit: 500ms,
/// 30s, 10m, 24h.
#[derive(Args)]
#[command(next_help_heading = "Limits")]
pub(crate) struct LimitArgs {
    /// Longest TLS handshake of a new connection.
    #[arg(long, default_value = "10s", value_parser = duration)]
    pub(crate) handshake_timeout: Duration,
    /// Longest wait for a request's headers (and, on a kept-alive connection, for the next
    /// request); then the connection is closed.
    #[arg(long, default_value = "10s", value_parser = duration)]
    pub(crate) header_timeout: Duration,
    /// Longest pause between two pieces of a request body (408).
    #[arg(long, default_value = "30s", value_parser = duration)]
    pub(crate) body_timeout: Duration,
    /// Longest request, from its headers to the answer (408).
    #[arg(long, default_value = "120s", value_parser = duration)]
    pub(crate) request_timeout: Duration,
    /// Requests in progress at once; the next is refused at once (503, Retry-After). Bodies
    /// being read take at most this many times 8 MiB of memory.
    #[arg(long, default_value = "64")]
    pub(crate) max_requests: NonZeroU32,
    /// Requests per second one device may make, sustained (429, Retry-After).
    #[arg(long, default_value = "30")]
    pub(crate) device_rate: NonZeroU32,
    /// Requests one device may make at once above its rate.
    #[arg(long, default_value = "300")]
    pub(crate) device_burst: NonZeroU32,
    /// Requests per second from one remote address, sustained (a station's tablets may share
    /// one address behind NAT).
    #[arg(long, default_value = "100")]
    pub(crate) address_rate: NonZeroU32,
    /// Requests from one remote address at once above its rate.
    #[arg(long, default_value = "1000")]
    pub(crate) address_burst: NonZeroU32,
    /// MiB of attachments one device may hold, stored and incomplete (413 quota_exceeded).
    #[arg(long, default_value_t = 2048)]
    pub(crate) attachment_quota_mib: u64,
    /// An incomplete attachment untouched this long is deleted; the device starts it again.
    #[arg(long, default_value = "24h", value_parser = duration)]
    pub(crate) upload_expiry: Duration,
    /// Console sign-in and setup attempts per minute from one remote address (429).
    #[arg(long, default_value = "30")]
    pub(crate) sign_ins_per_minute: NonZeroU32,
    /// History lookups per hour one device may make, sustained (429, Retry-After).
    #[arg(long, default_value = "360")]
    pub(crate) history_device_per_hour: NonZeroU32,
    /// History lookups one device may make at once above its rate.
    #[arg(long, default_value = "60")]
    pub(crate) history_device_burst: NonZeroU32,
    /// History lookups per hour one officer may make, on any device (429, Retry-After).
    #[arg(long, default_value = "120")]
    pub(crate) history_officer_per_hour: NonZeroU32,
    /// History lookups one officer may make at once above their rate.
    #[arg(long, default_value = "30")]
    pub(crate) history_officer_burst: NonZeroU32,
}

impl LimitArgs {
    pub(crate) fn limits(&self) -> Limits {
        Limits {
            handshake_timeout: self.handshake_timeout,
            header_timeout: self.header_timeout,
            body_timeout: self.body_timeout,
            request_timeout: self.request_timeout,
            max_requests: self.max_requests,
            device_rate: Rate {
                per_second: self.device_rate,
                burst: self.device_burst,
            },
            address_rate: Rate {
                per_second: self.address_rate,
                burst: self.address_burst,
            },
            attachment_quota: self.attachment_quota_mib.saturating_mul(1024 * 1024),
            upload_expiry: self.upload_expiry,
            sign_ins_per_minute: self.sign_ins_per_minute,
            history_device: PerHour {
                per_hour: self.history_device_per_hour,
                burst: self.history_device_burst,
            },
            history_officer: PerHour {
                per_hour: self.history_officer_per_hour,
                burst: self.history_officer_burst,
            },
        }
    }
}

/// `500ms`, `30s`, `10m`, `24h`: a positive duration.
fn duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n
        .parse()
        .map_err(|_| "a duration is a whole number and a unit: 500ms, 30s, 10m, 24h".to_owned())?;
    let d = match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        "h" => Duration::from_secs(n.saturating_mul(3600)),
        _ => return Err("the unit must be ms, s, m or h (e.g. 30s)".to_owned()),
    };
    if d.is_zero() {
        return Err("a limit of zero would refuse everything".to_owned());
    }
    Ok(d)
}

#[derive(Subcommand)]
pub(crate) enum CertCommand {
    /// A new server key and certificate signed by the CA's key (brought from offline storage);
    /// devices pin the CA, so they keep syncing. Restart `serve` afterwards.
    Renew {
        /// The CA's private key (PEM), e.g. on the removable medium it is kept on.
        #[arg(long)]
        ca_key: PathBuf,
        /// A name or address the certificate is for (repeatable; default: the current ones).
        #[arg(long = "hostname")]
        hostnames: Vec<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum RoleArg {
    Patrol,
    Competent,
}

impl From<RoleArg> for zastita_protocol::messages::OfficerRole {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Patrol => Self::Patrol,
            RoleArg::Competent => Self::Competent,
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum OfficerCommand {
    /// Add an officer to the roster (again, after a removal: with a new name or role). The
    /// role travels to the devices of the officer's administration: only a competent officer
    /// completes the risk finding and issues orders.
    Add {
        #[arg(long)]
        badge: String,
        #[arg(long)]
        name: String,
        /// patrol, or competent (the competent police officer for domestic violence, Art. 15).
        #[arg(long, value_enum, default_value_t = RoleArg::Patrol)]
        role: RoleArg,
        /// The rank printed with the name on the orders ("policijski narednik").
        #[arg(long)]
        rank: Option<String>,
        /// The police administration (code like NS, or name); without it the officer's roster
        /// changes reach no device until `officer assign`.
        #[arg(long)]
        administration: Option<String>,
        /// On the roster since (RFC 3339; default now): records the officer made before are
        /// refused as `unknown_officer`.
        #[arg(long)]
        since: Option<String>,
    },
    /// Remove an officer from the roster (their administration's devices, and every other
    /// device whose records name them, drop their key).
    Remove {
        #[arg(long)]
        badge: String,
    },
    /// Move an officer to a police administration (its devices are told; the one they leave
    /// takes them off its devices).
    Assign {
        #[arg(long)]
        badge: String,
        #[arg(long)]
        administration: String,
    },
    /// List the roster.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum DeviceCommand {
    /// Print a one-time enrolment code (text and QR code) for a device.
    Enroll {
        #[arg(long)]
        label: String,
        /// The address devices reach this central record at.
        #[arg(long, default_value = "https://localhost:8443")]
        server: String,
        /// How long the code stays valid.
        #[arg(long, default_value_t = 24)]
        valid_hours: u32,
        /// The device's police administration (code like NS, or name): its feed carries that
        /// roster. Without it the device reads no roster until `device assign`.
        #[arg(long)]
        administration: Option<String>,
        /// Print {"code","token","expires_at"} and no QR code.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a device; it is told to wipe itself.
    Revoke {
        #[arg(long)]
        device: Uuid,
    },
    /// Assign a device to a police administration: its feed carries that roster from now on,
    /// starting with the roster as it stands.
    Assign {
        #[arg(long)]
        device: Uuid,
        #[arg(long)]
        administration: String,
    },
    /// List enrolled devices.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Outcome {
    Extended,
    Refused,
}

#[derive(Subcommand)]
pub(crate) enum CourtCommand {
    /// Record a court's decision on extending an order's measures.
    Add {
        #[arg(long)]
        order: Uuid,
        #[arg(long)]
        court: String,
        #[arg(long)]
        number: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        decided_on: String,
        #[arg(long, value_enum)]
        outcome: Outcome,
        /// When extended measures end (RFC 3339, e.g. 2026-12-30T12:00:00+01:00).
        #[arg(long)]
        ends_at: Option<String>,
    },
}

#[derive(Subcommand)]
pub(crate) enum CaseNumberCommand {
    /// Give a case its official number.
    Assign {
        #[arg(long)]
        case: Uuid,
        #[arg(long, conflicts_with = "auto", required_unless_present = "auto")]
        number: Option<String>,
        /// The next number of the case's police administration and year.
        #[arg(long)]
        auto: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum ListCommand {
    List {
        #[arg(long)]
        json: bool,
    },
}

impl ListCommand {
    pub(crate) fn json(&self) -> bool {
        let ListCommand::List { json } = self;
        *json
    }
}

#[cfg(test)]
mod tests;
