//! Network changes, as a wake-up for the background sync ([`crate::sync`]): an interface or an
//! address coming up or going away is the moment a device back from a flat with no signal can
//! reach the central record again.
//!
//! `if-watch` listens to the operating system (netlink on Linux, IP Helper notifications on
//! Windows, SystemConfiguration on Apple) and polls the address list elsewhere (Android).
//! Events come in bursts (an interface brings several addresses); one wake-up follows each burst.

use std::time::Duration;

/// Quiet time after the last event of a burst before waking sync.
const SETTLE: Duration = Duration::from_secs(2);

/// Watch the network until the app exits, calling `on_change` after each burst of changes. If
/// the system refuses a watcher, sync still runs at unlock, on its timer and on "sync now".
pub fn spawn(on_change: impl Fn() + Send + 'static) {
    tauri::async_runtime::spawn(async move {
        let mut watcher = match if_watch::tokio::IfWatcher::new() {
            Ok(w) => w,
            Err(e) => {
                eprintln!("zastita: no network-change notifications ({e}); sync runs on its timer");
                return;
            }
        };
        loop {
            // Wait for one event, then let the burst settle.
            if std::future::poll_fn(|cx| watcher.poll_if_event(cx))
                .await
                .is_err()
            {
                tokio::time::sleep(SETTLE).await;
                continue;
            }
            while tokio::time::timeout(SETTLE, std::future::poll_fn(|cx| watcher.poll_if_event(cx)))
                .await
                .is_ok()
            {}
            on_change();
        }
    });
}
