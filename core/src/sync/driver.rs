//! The driver: a sync round and an enrolment, alternating short local steps on the session with
//! network calls, so the store is never held across an `await` and the officer's work goes on
//! while a round runs.
//!
//! A round: register the status key if the central record lacks it, push batches until nothing is pending (each batch from `acked_seq + 1`, so a gap the
//! central record reports is resent), upload the PDFs of acknowledged documents in chunks
//! (resuming where the central record's copy ends) — after the push, refresh the offline list of
//! orders in force from its cursor (a new list key: read again from 0) —, pull the feed until `more` is false, record
//! the round (audited), then push once more so that what the round itself recorded — its audit
//! entry, order versions from the feed — leaves in the same round.

use zastita_protocol::messages::{
    MAX_CHUNK_BYTES, MAX_FEED_PAGE, MAX_IN_FORCE_PAGE, MAX_PUSH_ENVELOPES, codes,
};

use super::{
    ATTACHMENT_INCONSISTENT, ClientOptions, EnrolledDevice, PendingAttachment, SyncClient,
    SyncError, SyncPhase, SyncProgress, SyncSummary,
};
use crate::app::Session;
use crate::error::Error;

/// How the driver reaches the unlocked session for a moment. The app implements it over its
/// `Mutex<Option<Session>>` (provided below), the CLI over its own session.
pub trait SessionAccess: Sync {
    /// Run `f` on the unlocked session; `None` when the store is locked (no session).
    fn with_session<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R>;

    /// The central record revoked this device and its keys are destroyed: end the session now
    /// ([`Session::close_revoked`]: the data key leaves memory, the database is deleted), without
    /// waiting for an auto-lock. Called by [`run_round`] right after the wipe. An adapter that
    /// cannot take the session here (the CLI, which lends it) must do so when the round returns
    /// [`SyncError::Revoked`].
    fn revoked(&self) {}
}

impl SessionAccess for std::sync::Mutex<Option<Session>> {
    fn with_session<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        // A poisoned lock means a panic elsewhere mid-operation: treat the store as locked.
        let mut guard = self.lock().ok()?;
        guard.as_mut().map(f)
    }

    fn revoked(&self) {
        let session = match self.lock() {
            Ok(mut guard) => guard.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(s) = session {
            // The keys are already gone; a database the platform will not delete now is
            // deleted by the next `Device::open`.
            let _ = s.close_revoked();
        }
    }
}

/// One local step: `Locked` when there is no session, the step's own error otherwise.
fn local<A: SessionAccess, R>(
    access: &A,
    f: impl FnOnce(&mut Session) -> Result<R, Error>,
) -> Result<R, SyncError> {
    match access.with_session(f) {
        None => Err(SyncError::Locked),
        Some(r) => r.map_err(SyncError::from),
    }
}

/// Enrol this device with the code the station handed over (text form
/// `zastita-enroll:v1:<token>:<ca sha256>:<https url>`), under a label for the station's lists.
/// Audited; the device key and the pinned CA are stored in the encrypted store.
pub async fn enroll<A: SessionAccess>(
    access: &A,
    code: &str,
    label: &str,
    options: &ClientOptions,
) -> Result<EnrolledDevice, SyncError> {
    let pending = local(access, |s| {
        s.enroll_begin(code, label, &options.app_version)
    })?;
    let answer = match SyncClient::enroll(&pending, options).await {
        Ok(a) => a,
        Err(e) => {
            let _ = access.with_session(|s| s.sync_failed(&e));
            return Err(e);
        }
    };
    local(access, |s| s.enroll_finish(pending, &answer))
}

/// Build a client for the enrolled device (its credentials read from the store for a moment).
pub fn client_for<A: SessionAccess>(
    access: &A,
    options: &ClientOptions,
) -> Result<SyncClient, SyncError> {
    let creds = local(access, |s| s.sync_credentials())?;
    SyncClient::new(creds, options)
}

/// One full sync round. `progress` is called after every step. On failure the error is recorded
/// in the sync state (`Session::sync_failed`) and returned; on `Revoked` the device's keys are
/// destroyed and [`SessionAccess::revoked`] ends the session before this returns.
pub async fn run_round<A, P>(
    access: &A,
    client: &mut SyncClient,
    mut progress: P,
) -> Result<SyncSummary, SyncError>
where
    A: SessionAccess,
    P: FnMut(SyncProgress) + Send,
{
    let sent0 = client.bytes_sent();
    let received0 = client.bytes_received();
    let result = round(access, client, &mut progress, sent0, received0).await;
    match result {
        Ok(summary) => Ok(summary),
        Err(SyncError::Locked) => Err(SyncError::Locked),
        Err(e) => {
            let _ = access.with_session(|s| {
                let _ = s.sync_failed(&e);
                if matches!(e, SyncError::Revoked) {
                    let _ = s.sync_revoked();
                }
            });
            if matches!(e, SyncError::Revoked) {
                access.revoked();
            }
            Err(e)
        }
    }
}

async fn round<A, P>(
    access: &A,
    client: &mut SyncClient,
    progress: &mut P,
    sent0: u64,
    received0: u64,
) -> Result<SyncSummary, SyncError>
where
    A: SessionAccess,
    P: FnMut(SyncProgress) + Send,
{
    let mut summary = SyncSummary::default();
    local(access, |s| s.sync_started())?;
    register_status_key(access, client).await?;
    push_all(access, client, progress, &mut summary).await?;
    refresh_in_force(access, client, &mut summary).await?;
    send_violation_reports(access, client, &mut summary).await?;
    upload_attachments(access, client, progress, &mut summary).await?;
    pull_feed(access, client, progress, &mut summary).await?;
    summary.bytes_sent = client.bytes_sent() - sent0;
    summary.bytes_received = client.bytes_received() - received0;
    local(access, |s| s.sync_succeeded(&summary))?;
    // What the round recorded (its audit entry, order versions from the feed) leaves now too.
    push_all(access, client, progress, &mut summary).await?;
    let status = local(access, |s| s.sync_status())?;
    summary.pending_after = status.pending;
    summary.acked_seq = status.acked_seq;
    summary.skew_ms = status.skew_ms;
    summary.bytes_sent = client.bytes_sent() - sent0;
    summary.bytes_received = client.bytes_received() - received0;
    Ok(summary)
}

/// Register the status key if the central record may not hold it (a device enrolled before
/// status keys existed). A central record that refuses or does not know the request holds up
/// nothing: the next round asks again.
async fn register_status_key<A: SessionAccess>(
    access: &A,
    client: &mut SyncClient,
) -> Result<(), SyncError> {
    let Some(public_key) = local(access, |s| s.sync_status_key_pending())? else {
        return Ok(());
    };
    match client.register_status_key(&public_key).await {
        Ok(()) => local(access, |s| s.sync_status_key_registered()),
        Err(SyncError::Refused { .. } | SyncError::Protocol(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

async fn push_all<A, P>(
    access: &A,
    client: &mut SyncClient,
    progress: &mut P,
    summary: &mut SyncSummary,
) -> Result<(), SyncError>
where
    A: SessionAccess,
    P: FnMut(SyncProgress) + Send,
{
    let total = local(access, |s| s.pending_outbox())?;
    let mut done = 0u64;
    progress(SyncProgress {
        phase: SyncPhase::Push,
        done,
        total: Some(total),
    });
    loop {
        let (before, batch) = local(access, |s| {
            Ok((s.sync_acked_seq()?, s.sync_outgoing(MAX_PUSH_ENVELOPES)?))
        })?;
        if batch.is_empty() {
            return Ok(());
        }
        let n = batch.len() as u64;
        let answer = client.push(batch).await?;
        let tally = local(access, |s| s.sync_record_push(&answer))?;
        summary.pushed += n;
        summary.accepted += tally.accepted;
        summary.conflicts += tally.conflicts;
        summary.quarantined += tally.quarantined;
        done = tally.acked_seq.saturating_sub(before).saturating_add(done);
        progress(SyncProgress {
            phase: SyncPhase::Push,
            done: done.min(total),
            total: Some(total),
        });
        if tally.acked_seq <= before {
            // The central record acknowledged nothing new: resending the same batch would loop.
            // The rest stays pending (sync_status shows it) for the next round.
            return Ok(());
        }
    }
}

/// Send the violations reported on other devices' orders (after the push, so the central record
/// holds the reporting case). A refusal settles the report (shown with its code, not sent
/// again); a failure stops the step and the next round sends the rest.
async fn send_violation_reports<A: SessionAccess>(
    access: &A,
    client: &mut SyncClient,
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    for report in local(access, |s| s.pending_violation_reports())? {
        match client.report_violation(&report).await {
            Ok(accepted) => {
                local(access, |s| s.violation_accepted(&accepted))?;
                summary.violations_reported += 1;
            }
            Err(SyncError::Refused { status, code, .. }) if (400..500).contains(&status) => {
                local(access, |s| s.violation_refused(report.report_id, &code))?;
                summary.violations_refused += 1;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Read the offline list of orders in force from its cursor to its end. A central record that
/// refuses the list, or answers what this build cannot use, holds up nothing: the list stays as
/// it was refreshed last (the history view says when) and the next round asks again.
async fn refresh_in_force<A: SessionAccess>(
    access: &A,
    client: &mut SyncClient,
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    let mut restarted = false;
    loop {
        let cursor = local(access, |s| s.in_force_cursor())?;
        let page = match client.in_force(cursor, MAX_IN_FORCE_PAGE).await {
            Ok(page) => page,
            Err(SyncError::Refused { .. } | SyncError::Protocol(_)) => return Ok(()),
            Err(e) => return Err(e),
        };
        let outcome = match local(access, |s| s.apply_in_force(&page)) {
            Ok(o) => o,
            Err(SyncError::Protocol(_)) => return Ok(()),
            Err(e) => return Err(e),
        };
        if outcome.restart {
            if restarted {
                return Ok(());
            }
            restarted = true;
            continue;
        }
        summary.in_force_changes += outcome.applied;
        if outcome.complete {
            summary.in_force_refreshed = true;
            summary.in_force_entries = local(access, |s| s.in_force_entries())?;
            return Ok(());
        }
        if outcome.cursor <= cursor {
            return Ok(());
        }
    }
}

async fn upload_attachments<A, P>(
    access: &A,
    client: &mut SyncClient,
    progress: &mut P,
    summary: &mut SyncSummary,
) -> Result<(), SyncError>
where
    A: SessionAccess,
    P: FnMut(SyncProgress) + Send,
{
    let pending = local(access, |s| s.sync_pending_attachments())?;
    let total = pending.len() as u64;
    progress(SyncProgress {
        phase: SyncPhase::Attachments,
        done: 0,
        total: Some(total),
    });
    for (i, a) in pending.iter().enumerate() {
        match upload_one(access, client, a).await {
            Ok(sent) => {
                summary.attachment_bytes += sent;
                summary.attachments_uploaded += 1;
            }
            // Like a poison record, one refused attachment must not hold up the feed (a
            // revocation, a court's decision) or the attachments after it.
            Err(Upload::Refused { code, detail }) => {
                local(access, |s| {
                    s.sync_attachment_refused(a.record_id, &code, &detail)
                })?;
                summary.attachments_refused += 1;
            }
            Err(Upload::Round(e)) => return Err(e),
        }
        progress(SyncProgress {
            phase: SyncPhase::Attachments,
            done: i as u64 + 1,
            total: Some(total),
        });
    }
    Ok(())
}

/// Why an attachment's upload stopped.
enum Upload {
    /// This attachment cannot go up as it is (the central record refused it, or the device's copy
    /// disagrees with its record): keep the reason, go on with the round.
    Refused { code: String, detail: String },
    /// The round cannot go on (offline, the server failing, this device refused…).
    Round(SyncError),
}

/// The central record's refusals that concern one attachment, not the device or the round (a
/// full quota holds up this document only: the feed and the rest still go through).
const ATTACHMENT_REFUSALS: [&str; 6] = [
    codes::UNKNOWN_RECORD,
    codes::HASH_MISMATCH,
    codes::OFFSET_MISMATCH,
    codes::TOO_LARGE,
    codes::QUOTA_EXCEEDED,
    codes::MALFORMED,
];

impl From<SyncError> for Upload {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Refused { code, detail, .. }
                if ATTACHMENT_REFUSALS.contains(&code.as_str()) =>
            {
                Upload::Refused { code, detail }
            }
            other => Upload::Round(other),
        }
    }
}

fn inconsistent(detail: String) -> Upload {
    Upload::Refused {
        code: ATTACHMENT_INCONSISTENT.to_owned(),
        detail,
    }
}

/// Upload one attachment from where the central record's copy ends; returns the bytes sent.
async fn upload_one<A: SessionAccess>(
    access: &A,
    client: &mut SyncClient,
    a: &PendingAttachment,
) -> Result<u64, Upload> {
    /// Offset or hash disagreements survived before giving up on this round.
    const MAX_RESTARTS: u32 = 3;
    let mut sent = 0u64;
    let mut restarts = 0;
    let mut status = client.attachment_status(a.record_id, &a.sha256).await?;
    loop {
        local(access, |s| s.sync_attachment_progress(a.record_id, &status))?;
        if status.complete {
            return Ok(sent);
        }
        if status.received >= a.size {
            return Err(Upload::Round(SyncError::Protocol(format!(
                "the central record holds all {} bytes of attachment {} but not as complete",
                a.size, a.record_id
            ))));
        }
        let offset = status.received;
        let chunk = local(access, |s| {
            s.sync_attachment_chunk(a.record_id, offset, MAX_CHUNK_BYTES)
        })?;
        let len = chunk.len() as u64;
        if len == 0 {
            return Err(inconsistent(format!(
                "the PDF of document {} is shorter on this device than its recorded size ({} of {} bytes)",
                a.record_id, offset, a.size
            )));
        }
        match client
            .put_chunk(a.record_id, &a.sha256, offset, a.size, chunk)
            .await
        {
            Ok(next) => {
                sent += len;
                status = next;
            }
            Err(SyncError::Refused { code, .. })
                if (code == codes::OFFSET_MISMATCH || code == codes::HASH_MISMATCH)
                    && restarts < MAX_RESTARTS =>
            {
                restarts += 1;
                status = client.attachment_status(a.record_id, &a.sha256).await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

async fn pull_feed<A, P>(
    access: &A,
    client: &mut SyncClient,
    progress: &mut P,
    summary: &mut SyncSummary,
) -> Result<(), SyncError>
where
    A: SessionAccess,
    P: FnMut(SyncProgress) + Send,
{
    loop {
        let cursor = local(access, |s| s.sync_cursor())?;
        let page = client.feed(cursor, MAX_FEED_PAGE).await?;
        let outcome = local(access, |s| s.sync_apply_feed(&page))?;
        if outcome.revoked {
            return Err(SyncError::Revoked);
        }
        summary.changes_applied += outcome.applied;
        progress(SyncProgress {
            phase: SyncPhase::Feed,
            done: summary.changes_applied,
            total: None,
        });
        if !page.more || outcome.cursor <= cursor {
            return Ok(());
        }
    }
}

/// An online history lookup (`POST /v1/history`) for a person of a case on this device: the
/// request made locally (a recorded person, the purpose — refused without one), sent signed, the
/// answer kept with the case and the consultation audited with its purpose; a refusal or failure
/// is audited too. Returns the person's history view with the answer.
pub async fn lookup_history<A: SessionAccess>(
    access: &A,
    client: &mut SyncClient,
    req: crate::app::PersonHistoryRequest,
) -> Result<crate::app::PersonHistory, SyncError> {
    let request = local(access, |s| s.history_request(req))?;
    match client.history(&request).await {
        Ok(answer) => local(access, |s| s.history_answered(&request, &answer)),
        Err(e) => {
            let refused = matches!(e, SyncError::Refused { .. });
            let _ = access.with_session(|s| s.history_failed(&request, refused));
            if matches!(e, SyncError::Revoked) {
                let _ = access.with_session(|s| s.sync_revoked());
                access.revoked();
            }
            Err(e)
        }
    }
}
