//! `zastita person history`: a person of a case looked up — at the central record when the device
//! is enrolled and reaches it, else from what the device holds (its own cases, the offline list)
//! with one line saying what could not be asked.

use anyhow::{Result, bail};
use zastita_core::app::{PersonHistoryRequest, PersonQuery, Session};
use zastita_core::error::Error;
use zastita_core::sync::{self, ClientOptions};

use crate::args::PersonCommand;
use crate::given::{give_purpose, parse_case_id};
use crate::network::{Borrowed, runtime};
use crate::output;

/// Run `command` on the unlocked `session`.
pub(crate) fn history(session: &mut Session, command: &PersonCommand, json: bool) -> Result<()> {
    let err = |e: Error| anyhow::Error::new(e);
    let PersonCommand::History {
        case_id,
        jmbg,
        family_name,
        given_name,
        born,
        purpose,
        offline,
    } = command;
    let case_id = parse_case_id(case_id)?;
    give_purpose(session, Some(case_id), purpose)?;
    let query = PersonQuery {
        jmbg: jmbg.clone(),
        family_name: family_name.clone().unwrap_or_default(),
        given_name: given_name.clone().unwrap_or_default(),
        date_of_birth: *born,
    };
    let Some(person_id) = session.find_person(case_id, &query).map_err(err)? else {
        bail!("no person in case {case_id} with that JMBG, or those names and date of birth");
    };
    let req = PersonHistoryRequest {
        case_id,
        person_id,
        purpose: None,
    };
    let enrolled = session.sync_status().map_err(err)?.enrolled;
    let mut online_error = None;
    let mut history = None;
    if enrolled && !offline {
        let access = Borrowed(std::sync::Mutex::new(session));
        let options = ClientOptions::default();
        let answer = runtime()?.block_on(async {
            let mut client = sync::client_for(&access, &options)?;
            sync::lookup_history(&access, &mut client, req.clone()).await
        });
        match answer {
            Ok(h) => history = Some(h),
            Err(e) => online_error = Some(e),
        }
    }
    let history = match history {
        Some(h) => h,
        None => session.person_history(req).map_err(err)?,
    };
    if let Some(e) = online_error {
        eprintln!(
            "zastita: the central record could not be asked: {}",
            output::core_error(&Error::from(e))
        );
    }
    output::person_history(&history, json)?;
    Ok(())
}
