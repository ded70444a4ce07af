//! The console's transaction discipline: every request in one transaction with its audit entry
//! (a [`Mode::Write`]), or on a snapshot with its entry written after (a [`Mode::Read`], which
//! holds up no device's push); a refusal rolled back and audited in a transaction of its own.

use super::*;

/// Whether a console request writes (its changes and its audit entry in one transaction) or
/// only reads (on a snapshot, its audit entry written after).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Read,
    Write,
}

impl Store {
    /// Run `f` in one transaction with its audit entry (`detail` as `f` leaves it, `outcome:
    /// done`); a refusal rolls `f` back and is audited in a transaction of its own. A
    /// [`Mode::Read`] runs `f` on a snapshot ([`Store::read`]) and writes its audit entry after,
    /// in a short transaction: what it returns is only returned once the entry is written.
    pub(super) fn console_tx<T: Send>(
        &self,
        audit: &Audit<'_>,
        mode: Mode,
        now: DateTime<Utc>,
        mut f: impl FnMut(&mut dyn Sql, &mut serde_json::Map<String, Value>) -> Result<T> + Send,
    ) -> Result<T> {
        let purpose = match checked_purpose(audit.purpose) {
            Ok(p) => Some(p),
            Err(e) => {
                self.refused(audit, None, &e, now)?;
                return Err(e);
            }
        };
        let mut refusal: Option<ChainError> = None;
        let mut run = |sql: &mut dyn Sql| {
            refusal = None;
            let mut detail = serde_json::Map::new();
            match f(sql, &mut detail) {
                Ok(v) => {
                    detail.insert("outcome".into(), json!("done"));
                    Ok(Some((
                        v,
                        audit.entry(purpose.as_ref(), Value::Object(detail)),
                    )))
                }
                Err(ChainError::Store(e)) => Err(e),
                Err(e) => {
                    refusal = Some(e);
                    // Roll back whatever `f` wrote; the refusal is audited below.
                    Err(StoreError::Invalid("refused".into()))
                }
            }
        };
        let done = match mode {
            Mode::Write => self.tx(|sql| match run(sql)? {
                Some((v, entry)) => entry.append_at(sql, audit.op, now).map(|()| Some(v)),
                None => Ok(None),
            }),
            // A read's entry goes in the group commit of entries with nothing else to commit.
            Mode::Read => self.read(&mut run).and_then(|out| match out {
                Some((v, entry)) => {
                    let (actor, entry) = entry.into_parts(audit.op);
                    self.audit_grouped(&actor, &entry, now).map(|()| Some(v))
                }
                None => Ok(None),
            }),
        };
        match (done, refusal) {
            (_, Some(e)) => {
                self.refused(audit, purpose.as_ref(), &e, now)?;
                Err(e)
            }
            (Ok(Some(v)), None) => Ok(v),
            (Ok(None), None) => Err(corrupt("a console transaction returned nothing").into()),
            (Err(e), None) => Err(e.into()),
        }
    }

    fn refused(
        &self,
        audit: &Audit<'_>,
        purpose: Option<&ConsolePurpose>,
        e: &ChainError,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut detail = json!({"outcome": "refused", "code": e.code()});
        match e {
            ChainError::NotAdmitted { code } => detail["refusal"] = json!(code),
            ChainError::Invalid { field } => detail["field"] = json!(field),
            _ => {}
        }
        let (actor, entry) = audit.entry(purpose, detail).into_parts(audit.op);
        Ok(self.audit_grouped(&actor, &entry, now)?)
    }
}
