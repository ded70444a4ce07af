//! `zastita-central operator …`: the console's accounts from the admin CLI — add (with its
//! one-time setup code), list, reset, disable — each in the admin audit with the CLI's operator,
//! in the transaction of what it does. Part of the binary, not the library.

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::json;
use zastita_central::store::admin_audit::AdminEntry;
use zastita_central::store::now;
use zastita_central::store::operators::{NewOperator, OperatorAccount, SetupCode, role_str};
use zastita_protocol::console::Institution;

use super::args::{Cli, OperatorCommand};
use super::{audited, list, open, reading};

#[derive(Serialize)]
struct WithCode<'a> {
    operator: &'a OperatorAccount,
    setup_code: &'a str,
    setup_expires_at: chrono::DateTime<chrono::Utc>,
}

fn print_code(json: bool, account: &OperatorAccount, code: &SetupCode) -> Result<()> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&WithCode {
                operator: account,
                setup_code: &code.code,
                setup_expires_at: code.expires_at,
            })?
        );
    } else {
        println!("operator {} ({})", account.login, account.id);
        println!("setup code: {}", code.code);
        println!(
            "valid until {} — hand it to the person only; they choose a passphrase and enrol an \
             authenticator app with it at the console's first sign-in",
            code.expires_at.to_rfc3339()
        );
    }
    Ok(())
}

/// The account of `login`, or an error naming it.
fn by_login(cli: &Cli, login: &str) -> Result<OperatorAccount> {
    open(cli)?
        .operator_by_login(login, now())?
        .with_context(|| {
            format!("no operator with the login {login:?}; `operator list` shows them")
        })
}

pub(crate) fn operator(cli: &Cli, c: &OperatorCommand) -> Result<()> {
    match c {
        OperatorCommand::Add {
            login,
            name,
            role,
            institution_kind,
            institution,
            language,
            json,
        } => {
            let role = (*role).into();
            let kind = (*institution_kind).into();
            // The login, role and institution, not the person's name (sealed in `operators`).
            let entry = AdminEntry::new("operator.add")
                .target(format!("login:{login}"))
                .detail(json!({"role": role_str(role), "institution_kind": kind,
                               "institution": institution}));
            let (account, code) = audited(cli, true, entry)?.add_operator(
                &NewOperator {
                    login,
                    name,
                    role,
                    institution: Institution {
                        kind,
                        key: institution.clone(),
                    },
                    language: language.as_deref(),
                },
                now(),
            )?;
            print_code(*json, &account, &code)
        }
        OperatorCommand::List { json } => {
            let rows = reading(cli, "operator.list")?.operators(now())?;
            let rows: Vec<serde_json::Value> = rows
                .iter()
                .map(|a| {
                    let mut v = serde_json::to_value(a).unwrap_or_default();
                    v["institution_kind"] =
                        serde_json::to_value(a.institution.kind).unwrap_or_default();
                    v["institution_key"] = a.institution.key.clone().into();
                    v
                })
                .collect();
            list(
                *json,
                &rows,
                &[
                    "login",
                    "name",
                    "role",
                    "institution_kind",
                    "institution_key",
                    "state",
                    "created_at",
                    "last_sign_in_at",
                ],
            )
        }
        OperatorCommand::Reset { login, json } => {
            let account = by_login(cli, login)?;
            let entry =
                AdminEntry::new("operator.reset").target(format!("operator:{}", account.id));
            let code = audited(cli, true, entry)?.reset_operator(account.id, now())?;
            print_code(*json, &account, &code)
        }
        OperatorCommand::Disable { login } => {
            let account = by_login(cli, login)?;
            let entry =
                AdminEntry::new("operator.disable").target(format!("operator:{}", account.id));
            audited(cli, true, entry)?.disable_operator(account.id, now())?;
            println!("operator {} disabled; their sessions ended", account.login);
            Ok(())
        }
    }
}
