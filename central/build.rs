//! The central record embeds the console's web UI (`ui/dist-console`, built by `npm run build` in
//! `ui/`): without it the build stops here, saying how to make it, rather than inside a macro.
//! Cargo runs this again (and rebuilds the crate) whenever the built UI changes.

use std::path::Path;

fn main() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist-console");
    println!("cargo:rerun-if-changed={}", dist.display());
    if !dist.join("console.html").is_file() {
        // A build script reports by exiting non-zero with its message; no panic needed.
        eprintln!(
            "error: the console's web UI is not built ({} has no console.html).\n\
             Build it first: `cd ui && npm ci && npm run build` (scripts/test, scripts/run and \
             .ci/run do this before cargo).",
            dist.display()
        );
        std::process::exit(1);
    }
}
