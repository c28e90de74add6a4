//! What build scripts and tools need from the host: a pack's files on disk and today's date.
//! The engine itself never touches either; they are passed in.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{Days, NaiveDate};

/// Every `*.toml` file of the pack in `dir`, with its path relative to `dir` (using `/`),
/// sorted by that path. Skips `Cargo.toml`, and the `examples`, `src` and `target` folders,
/// which hold other packs and this crate's code.
pub fn pack_files(dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    collect(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "examples" | "src" | "target") {
                collect(root, &path, out)?;
            }
        } else if name.ends_with(".toml") && name != "Cargo.toml" {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push((parts.join("/"), path));
        }
    }
    Ok(())
}

/// Today's date (UTC), or that of `SOURCE_DATE_EPOCH` when set, for reproducible builds.
pub fn today() -> NaiveDate {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0));
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(Days::new(secs / 86_400)))
        .unwrap_or(NaiveDate::MIN)
}
