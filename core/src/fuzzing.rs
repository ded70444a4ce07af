//! Entry points for the fuzz targets in `fuzz/` (and their regression tests): parsers that the
//! app only reaches through a file on disk, exposed on bytes. Nothing in the app calls them.

use std::path::Path;

use crate::keyring::{self, KeyringError, KeyringFile};

/// Parse the bytes of a `keyring.json` exactly as [`keyring::Keyring::load`] does.
pub fn keyring(bytes: &[u8]) -> Result<KeyringFile, KeyringError> {
    keyring::parse(Path::new(keyring::KEYRING_FILE_NAME), bytes)
}
