//! The store's snapshot reads (`Store::read`, what the console's board and documents read on):
//! on every backend a snapshot holds up no writer (a device's push commits while a board is
//! being read), sees one instant throughout, refuses to write, and runs at background priority.

use std::sync::mpsc;
use std::time::Duration;

use zastita_central::store::sql::Sql;

use super::harness::{backends, enrolled};

fn devices(sql: &mut dyn Sql) -> u64 {
    sql.query_one("SELECT COUNT(*) FROM devices", &[])
        .unwrap()
        .u64(0)
        .unwrap()
}

/// A device enrolled (a write) from another thread while a snapshot is open: it commits without
/// waiting for the snapshot to end, and the snapshot keeps seeing the instant it began at. On
/// SQLite a read on the writing connection would hold the write up until the snapshot ended,
/// and this test would time out instead.
#[test]
fn a_snapshot_holds_up_no_writer_and_sees_one_instant() {
    for b in backends("a_snapshot_holds_up_no_writer_and_sees_one_instant") {
        let store = b.store.clone();
        let (before, during) = b
            .store
            .read(|sql| {
                let before = devices(sql);
                let (done, wait) = mpsc::channel();
                let writer = store.clone();
                std::thread::spawn(move || {
                    let (_, device) = enrolled(&writer);
                    let _ = done.send(device.id);
                });
                let enrolled = wait.recv_timeout(Duration::from_secs(30));
                assert!(
                    enrolled.is_ok(),
                    "{}: the write waited for the snapshot to end",
                    b.name
                );
                Ok((before, devices(sql)))
            })
            .unwrap();
        assert_eq!(
            before, during,
            "{}: the snapshot saw a write that committed after it began",
            b.name
        );
        let after = b.store.read(|sql| Ok(devices(sql))).unwrap();
        assert_eq!(after, before + 1, "{}: the write was not committed", b.name);
    }
}

/// A snapshot is read-only by the database's own rule, not by convention.
#[test]
fn a_write_in_a_snapshot_is_refused_and_nothing_is_written() {
    for b in backends("a_write_in_a_snapshot_is_refused_and_nothing_is_written") {
        let before = b.store.read(|sql| Ok(devices(sql))).unwrap();
        let refused = b.store.read(|sql| {
            sql.execute(
                "INSERT INTO devices (id, label, public_key, app_version, enrolled_at)
                 VALUES ($1, 'x', 'x', '0', $2)",
                &[
                    uuid::Uuid::now_v7().into(),
                    zastita_central::store::now().into(),
                ],
            )
        });
        assert!(refused.is_err(), "{}: a snapshot wrote", b.name);
        let after = b.store.read(|sql| Ok(devices(sql))).unwrap();
        assert_eq!(before, after, "{}", b.name);
    }
}

/// A snapshot runs at background priority, the caller's thread keeps its own: the console's
/// views give way to the devices' pushes when the CPU is short.
#[cfg(target_os = "linux")]
#[test]
fn a_snapshot_runs_at_background_priority_and_the_caller_keeps_its_own() {
    let nice = || rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap();
    let before = nice();
    for b in backends("a_snapshot_runs_at_background_priority") {
        let inside = b.store.read(|_| Ok(nice())).unwrap();
        assert_eq!(inside, 10.max(before), "{}", b.name);
        assert_eq!(nice(), before, "{}: the caller's priority changed", b.name);
    }
}
