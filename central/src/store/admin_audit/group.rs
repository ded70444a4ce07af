//! Group commit of the admin audit entries that commit nothing else (a console view, an order
//! opened to read, a refusal): each caller waits until its own entry is committed, as before,
//! but the entries of callers who arrive while one commit is running go in the next commit
//! together instead of one transaction each. On SQLite every transaction takes the one writer
//! the devices' pushes wait for, so fifty operators' views no longer cost fifty writer turns and
//! fifty fsyncs; on PostgreSQL fewer transactions race for the chain's last entry.
//!
//! No leader thread: the first caller to find no commit running commits everything queued so
//! far, then hands over (whoever still waits and finds no commit running takes the next batch).
//! The lock is never held across a commit, and a commit that ends in a panic still answers its
//! batch (failed) and lets the next one start (`Committing`).

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use super::{Actor, AdminEntry, append};
use crate::store::{Store, StoreError};

/// An entry waiting to be written.
struct Queued {
    ticket: u64,
    actor: Actor,
    entry: AdminEntry,
    at: DateTime<Utc>,
}

#[derive(Default)]
struct State {
    queue: Vec<Queued>,
    /// A commit is running.
    committing: bool,
    next_ticket: u64,
    /// Each committed (or failed) ticket's outcome, until its caller takes it.
    done: HashMap<u64, Result<(), String>>,
    /// Batches committed and entries in them (for the tests).
    batches: u64,
    entries: u64,
}

/// The queue of read entries, shared by every clone of a [`Store`].
#[derive(Default)]
pub struct Group {
    state: Mutex<State>,
    wake: Condvar,
}

/// A running commit: when it ends — returned, or unwound by a panic — its batch's callers get
/// its outcome (a failure if it has none) and the next commit may start.
struct Committing<'a> {
    group: &'a Group,
    tickets: Vec<u64>,
    outcome: Option<Result<(), String>>,
}

impl Drop for Committing<'_> {
    fn drop(&mut self) {
        let outcome = self
            .outcome
            .take()
            .unwrap_or_else(|| Err("the commit's thread failed".to_owned()));
        let mut state = self
            .group
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.committing = false;
        state.batches += 1;
        state.entries += self.tickets.len() as u64;
        for t in &self.tickets {
            state.done.insert(*t, outcome.clone());
        }
        drop(state);
        self.group.wake.notify_all();
    }
}

impl Group {
    fn lock(&self) -> Result<MutexGuard<'_, State>, StoreError> {
        self.state
            .lock()
            .map_err(|_| StoreError::Corrupt("a thread failed while queuing audit entries".into()))
    }

    /// Write `entry` by `actor` at `at` through `store` with whatever else is queued; return once
    /// it is committed (or its commit failed).
    pub fn append(
        &self,
        store: &Store,
        actor: &Actor,
        entry: &AdminEntry,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut state = self.lock()?;
        let me = state.next_ticket;
        state.next_ticket += 1;
        state.queue.push(Queued {
            ticket: me,
            actor: actor.clone(),
            entry: entry.clone(),
            at,
        });
        loop {
            if let Some(outcome) = state.done.remove(&me) {
                return outcome.map_err(StoreError::GroupFailed);
            }
            if !state.committing {
                state.committing = true;
                let batch = std::mem::take(&mut state.queue);
                drop(state);
                let mut committing = Committing {
                    group: self,
                    tickets: batch.iter().map(|q| q.ticket).collect(),
                    outcome: None,
                };
                // Only these entries: not a pending entry of the caller's store.
                let plain = Store {
                    audit: None,
                    ..store.clone()
                };
                committing.outcome = Some(
                    plain
                        .tx(|sql| {
                            for q in &batch {
                                append(sql, &q.actor, &q.entry, q.at)?;
                            }
                            Ok(())
                        })
                        .map_err(|e| e.to_string()),
                );
                drop(committing);
                state = self.lock()?;
                continue;
            }
            state = self.wake.wait(state).map_err(|_| {
                StoreError::Corrupt("a thread failed while queuing audit entries".into())
            })?;
        }
    }

    /// Batches committed so far, and the entries in them.
    pub fn committed(&self) -> (u64, u64) {
        self.lock()
            .map(|s| (s.batches, s.entries))
            .unwrap_or_default()
    }
}
