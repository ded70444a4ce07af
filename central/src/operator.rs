//! Who runs an admin command, for the admin audit: the person (`--operator` or
//! `ZASTITA_CENTRAL_OPERATOR`, required by every command that changes something) and the OS
//! user running the binary (the real uid's account, and the account `sudo` was run from). Part
//! of the binary, not the library.

use anyhow::{Result, bail};
use zastita_central::store::admin_audit::Actor;

use crate::args::Cli;

/// The OS account running this process: `root`, or `root (sudo from ana)`.
pub(crate) fn os_user() -> String {
    let user = whoami::username().unwrap_or_else(|_| "unknown".to_owned());
    match std::env::var("SUDO_USER") {
        Ok(from) if !from.is_empty() && from != user => format!("{user} (sudo from {from})"),
        _ => user,
    }
}

/// The actor of an admin command; a command that changes something (`changing`) is refused
/// without the operator's name.
pub(crate) fn actor(cli: &Cli, changing: bool) -> Result<Actor> {
    let name = cli.operator.as_deref().filter(|n| !n.trim().is_empty());
    if changing && name.is_none() {
        bail!(
            "who is making this change? Give your name with --operator \"First Last\" (or \
             ZASTITA_CENTRAL_OPERATOR): every change is written to the admin audit with it"
        );
    }
    Ok(Actor::admin_cli(name, &os_user())?)
}
