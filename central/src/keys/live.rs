//! The central key as a running process holds it: the set read from its source with its column
//! keys derived, read again when the key file changes (looked at every [`RECHECK`], or at once for
//! a key id it lacks), so `rotate-key` can run beside `serve`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Instant, SystemTime};

use ring::aead::LessSafeKey;

use super::{KeyError, KeySet, KeySource, RECHECK};

/// How a file looked when it was read (a changed one is read again).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
        #[cfg(unix)]
        inode: std::os::unix::fs::MetadataExt::ino(&m),
    })
}

/// A key set with its derived column keys, as read at one moment.
pub struct Loaded {
    set: KeySet,
    columns: BTreeMap<u32, LessSafeKey>,
}

impl Loaded {
    fn new(set: KeySet) -> Loaded {
        let columns = set
            .ids()
            .into_iter()
            .filter_map(|id| set.column_key(id).map(|k| (id, k)))
            .collect();
        Loaded { set, columns }
    }

    pub fn set(&self) -> &KeySet {
        &self.set
    }

    pub fn current(&self) -> u32 {
        self.set.current
    }

    /// The column key `id`, if this set holds it.
    pub fn column_key(&self, id: u32) -> Option<&LessSafeKey> {
        self.columns.get(&id)
    }
}

/// The central key as a running process holds it: the set read from its source, read again when
/// the file changes (checked at most every [`RECHECK`], or at once for a key id it lacks).
pub struct CentralKeys {
    source: Option<KeySource>,
    state: RwLock<(Arc<Loaded>, Option<Stamp>)>,
    checked: Mutex<Instant>,
    plaintext: bool,
}

impl std::fmt::Debug for CentralKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CentralKeys")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl CentralKeys {
    /// Read the key from `source`.
    pub fn load(source: KeySource) -> Result<Arc<CentralKeys>, KeyError> {
        let set = source.read()?;
        let stamp = source.path().and_then(stamp);
        Ok(Arc::new(CentralKeys {
            source: Some(source),
            state: RwLock::new((Arc::new(Loaded::new(set)), stamp)),
            checked: Mutex::new(Instant::now()),
            plaintext: false,
        }))
    }

    /// A key set held as given, never read again (tests, tools).
    pub fn fixed(set: KeySet) -> Arc<CentralKeys> {
        Arc::new(CentralKeys {
            source: None,
            state: RwLock::new((Arc::new(Loaded::new(set)), None)),
            checked: Mutex::new(Instant::now()),
            plaintext: false,
        })
    }

    /// **Benchmark only** (cargo feature `bench`, never in a station's build): keys that encrypt
    /// nothing — column values stored as they are and an SQLite file without SQLCipher — so the
    /// sync bench can report what encryption costs in the same run.
    #[cfg(feature = "bench")]
    #[doc(hidden)]
    pub fn bench_plaintext(set: KeySet) -> Arc<CentralKeys> {
        Arc::new(CentralKeys {
            source: None,
            state: RwLock::new((Arc::new(Loaded::new(set)), None)),
            checked: Mutex::new(Instant::now()),
            plaintext: true,
        })
    }

    /// Whether this is the bench's plaintext twin (never true outside the `bench` feature).
    pub fn plaintext(&self) -> bool {
        self.plaintext
    }

    /// Where the key came from (`None`: given by a test or tool).
    pub fn source(&self) -> Option<&KeySource> {
        self.source.as_ref()
    }

    fn loaded(&self) -> Arc<Loaded> {
        match self.state.read() {
            Ok(s) => s.0.clone(),
            Err(poisoned) => poisoned.into_inner().0.clone(),
        }
    }

    /// The keys now: the file is looked at again when [`RECHECK`] has passed since last time.
    pub fn now(&self) -> Arc<Loaded> {
        let due = match self.checked.lock() {
            Ok(mut at) if at.elapsed() >= RECHECK => {
                *at = Instant::now();
                true
            }
            _ => false,
        };
        if due {
            self.reload_if_changed();
        }
        self.loaded()
    }

    /// The keys, read again first if the file changed: for a value under a key id not held.
    pub fn refreshed(&self) -> Arc<Loaded> {
        self.reload_if_changed();
        self.loaded()
    }

    fn reload_if_changed(&self) {
        let Some(source) = &self.source else { return };
        let Some(path) = source.path() else { return };
        let now = stamp(path);
        let known = match self.state.read() {
            Ok(s) => s.1.clone(),
            Err(p) => p.into_inner().1.clone(),
        };
        if now.is_none() || now == known {
            return;
        }
        match source.read() {
            Ok(set) => {
                if let Ok(mut s) = self.state.write() {
                    *s = (Arc::new(Loaded::new(set)), now);
                }
                tracing::info!(source = %source.describe(), "central key file read again");
            }
            // Half-edited or briefly unreadable: keep the keys held, say so, try again later.
            Err(e) => tracing::warn!(error = %e, "the changed central key file cannot be used"),
        }
    }
}
