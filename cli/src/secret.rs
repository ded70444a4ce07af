//! Getting passphrases: from an environment variable (scripts, tests) or a hidden prompt on the
//! terminal. The value is held in zeroizing memory and never echoed or logged.

use anyhow::{Result, bail};
use std::io::IsTerminal;
use zastita_core::keys::Passphrase;

/// A passphrase to unlock with.
pub fn passphrase(var: &str, prompt: &str) -> Result<Passphrase> {
    if let Some(p) = from_env(var) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no passphrase: set {var} or run in a terminal to be asked for it");
    }
    Ok(Passphrase::new(rpassword::prompt_password(format!(
        "{prompt}: "
    ))?))
}

/// A new passphrase: from the environment, or typed twice at the prompt.
pub fn new_passphrase(var: &str, prompt: &str) -> Result<Passphrase> {
    if let Some(p) = from_env(var) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no passphrase: set {var} or run in a terminal to be asked for it");
    }
    let first = Passphrase::new(rpassword::prompt_password(format!("{prompt}: "))?);
    let again = Passphrase::new(rpassword::prompt_password("Repeat it: ")?);
    if first.as_str() != again.as_str() {
        bail!("the two passphrases differ; nothing was changed");
    }
    Ok(first)
}

fn from_env(var: &str) -> Option<Passphrase> {
    std::env::var(var).ok().map(Passphrase::new)
}
