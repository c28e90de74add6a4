//! The Sussex content pack, embedded in the program.
//!
//! **Invariant:** the build script validates the pack with the same rules as
//! `cargo xtask content check` and refuses to build if any fails, so every program that
//! depends on this crate carries a valid pack.

pub mod host;

use chrono::NaiveDate;
use safeguard_core::{Diagnostic, Loaded, Pack, SourceFile};

include!(concat!(env!("OUT_DIR"), "/files.rs"));

/// The pack's files, as embedded when the program was built.
pub fn files() -> Vec<SourceFile<'static>> {
    FILES.iter().map(|&(path, text)| SourceFile { path, text }).collect()
}

/// The validated pack in its compiled form, as the build wrote it after validating: what
/// the browser loads, with no TOML parser or validator in the WASM module.
pub fn compiled() -> Result<Pack, Diagnostic> {
    Pack::from_compiled(COMPILED)
}

/// The day the pack was validated by the build.
pub fn build_date() -> NaiveDate {
    let (y, m, d) = BUILD_DATE;
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Loads the embedded pack. It passed validation when it was built, so this only fails if
/// the engine's rules changed without rebuilding the content; the error lists why.
pub fn load() -> Result<Loaded, Vec<Diagnostic>> {
    Pack::load(&files(), build_date())
}
