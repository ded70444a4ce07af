//! The `zastita-app` binary: find the store directory and start the window.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use anyhow::Context;
use clap::Parser;
use std::path::PathBuf;
use zastita_core::app::DeviceConfig;

/// Zaštita: recording domestic-violence calls, offline and encrypted.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The store directory. Default: `store` under the user's data directory for the app
    /// (e.g. ~/.local/share/rs.zastita.app/store on Linux).
    #[arg(long, env = "ZASTITA_STORE")]
    store: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    zastita_app::run(args.store, DeviceConfig::default()).context("the app could not run")
}
