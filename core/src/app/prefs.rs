//! The officer-facing preferences of a device: language, auto-lock delay and theme.
//!
//! They hold nothing personal, so they live in plain `prefs.json` beside the store: the unlock
//! screen can then already speak the officer's language. A missing or unreadable file means the
//! defaults (Serbian Latin, 5 minutes, follow the system); it is rewritten at the next save.

use serde::{Deserialize, Serialize};
use std::path::Path;

pub use crate::domain::Language;
use crate::domain::{FieldError, FieldErrorCode};
use crate::error::Error;
use crate::fsutil;

/// The preferences file in the store directory.
pub const PREFS_FILE: &str = "prefs.json";

/// The auto-lock delay officers may choose, in minutes.
pub const AUTO_LOCK_MINUTES: std::ops::RangeInclusive<u32> = 1..=30;

/// Light or dark screens; `system` follows the operating system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Prefs {
    pub language: Language,
    /// Minutes without a touch or key press before the app locks itself.
    pub auto_lock_minutes: u32,
    pub theme: Theme,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            language: Language::default(),
            auto_lock_minutes: 5,
            theme: Theme::default(),
        }
    }
}

impl Prefs {
    /// The preferences saved in `dir`, or the defaults when there are none or they cannot be
    /// read (a damaged preferences file must never keep an officer from unlocking).
    pub fn load(dir: &Path) -> Prefs {
        std::fs::read(dir.join(PREFS_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Prefs>(&bytes).ok())
            .filter(|p| p.check().is_ok())
            .unwrap_or_default()
    }

    /// Check and save atomically (write a temporary file, fsync, rename).
    pub fn save(&self, dir: &Path) -> Result<(), Error> {
        self.check().map_err(Error::Invalid)?;
        super::create_private_dir(dir).map_err(Error::PrefsWrite)?;
        let mut bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::PrefsWrite(std::io::Error::other(e.to_string())))?;
        bytes.push(b'\n');
        fsutil::write_atomic(dir, PREFS_FILE, &bytes, fsutil::PRIVATE)
            .map_err(|e| Error::PrefsWrite(e.source))
    }

    fn check(&self) -> Result<(), Vec<FieldError>> {
        if AUTO_LOCK_MINUTES.contains(&self.auto_lock_minutes) {
            Ok(())
        } else {
            Err(vec![FieldError {
                field: "auto_lock_minutes".to_owned(),
                code: FieldErrorCode::OutOfRange,
            }])
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_damaged_files_give_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
        std::fs::write(dir.path().join(PREFS_FILE), b"{not json").unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
        std::fs::write(
            dir.path().join(PREFS_FILE),
            br#"{"language":"hu","auto_lock_minutes":99,"theme":"dark"}"#,
        )
        .unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
    }

    #[test]
    fn saved_prefs_come_back_and_use_the_language_tags() {
        let dir = tempfile::tempdir().unwrap();
        let p = Prefs {
            language: Language::SrCyrl,
            auto_lock_minutes: 30,
            theme: Theme::Dark,
        };
        p.save(dir.path()).unwrap();
        assert_eq!(Prefs::load(dir.path()), p);
        let text = std::fs::read_to_string(dir.path().join(PREFS_FILE)).unwrap();
        assert!(text.contains(r#""language": "sr-Cyrl""#), "{text}");
        assert!(!fsutil::tmp_path(dir.path(), PREFS_FILE).exists());
    }

    #[test]
    fn an_out_of_range_delay_is_refused_and_the_saved_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let good = Prefs {
            auto_lock_minutes: 10,
            ..Prefs::default()
        };
        good.save(dir.path()).unwrap();
        for minutes in [0, 31, u32::MAX] {
            let bad = Prefs {
                auto_lock_minutes: minutes,
                ..good
            };
            match bad.save(dir.path()) {
                Err(Error::Invalid(fields)) => assert_eq!(fields[0].field, "auto_lock_minutes"),
                other => panic!("{minutes}: {other:?}"),
            }
        }
        assert_eq!(Prefs::load(dir.path()), good);
    }
}
