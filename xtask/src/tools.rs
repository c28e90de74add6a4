//! Installing what a fresh machine lacks, each step guarded by a check so a second run is
//! instant: the wasm32 target, rustfmt and clippy, the wasm-bindgen CLI at exactly the
//! version the workspace pins, the npm tooling from the committed lock file, and Debian's
//! Chromium and ChromeDriver for browser tests.

use std::path::PathBuf;

use xshell::cmd;

use crate::{root, run, shell};

/// The wasm-bindgen version pinned in the workspace `Cargo.toml`; the CLI must match it.
pub const WASM_BINDGEN: &str = "0.2.130";

/// What `program args` prints, or `None` if it is missing or fails: a check, not echoed.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let sh = shell().ok()?;
    cmd!(sh, "{program} {args...}").quiet().ignore_stderr().read().ok()
}

/// Installs the wasm32 target if this toolchain lacks it.
pub fn wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    let sh = shell()?;
    run(cmd!(sh, "rustup target add wasm32-unknown-unknown"))
}

/// Adds rustfmt and clippy if this toolchain lacks them.
pub fn rust_components() -> Result<(), String> {
    if output("cargo", &["fmt", "--version"]).is_some() && output("cargo", &["clippy", "--version"]).is_some()
    {
        return Ok(());
    }
    let sh = shell()?;
    run(cmd!(sh, "rustup component add rustfmt clippy"))
}

/// Installs wasm-bindgen-cli at the pinned version (without `--locked`: one of its locked
/// dependencies is missing from the registry mirror here).
pub fn wasm_bindgen() -> Result<(), String> {
    let version = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(WASM_BINDGEN) {
        return Ok(());
    }
    let sh = shell()?;
    run(cmd!(sh, "cargo install wasm-bindgen-cli --version {WASM_BINDGEN}"))
}

/// Installs the npm tooling (binaryen's wasm-opt, esbuild, playwright-core, axe-core, TypeScript) from
/// the lock.
pub fn npm() -> Result<(), String> {
    let bin = root().join("node_modules").join(".bin");
    let installed = ["wasm-opt", "tsc", "esbuild"].iter().all(|tool| bin.join(tool).exists());
    if installed && root().join("node_modules").join("playwright-core").exists() {
        return Ok(());
    }
    let sh = shell()?;
    run(cmd!(sh, "npm ci --no-audit --no-fund"))
}

/// The npm-installed esbuild, which minifies the site's scripts and stylesheet.
pub fn esbuild() -> PathBuf {
    root().join("node_modules").join(".bin").join("esbuild")
}

/// The npm-installed wasm-opt (binaryen 132). Debian's wasm-opt 108 is never used: it exits 0
/// but corrupts current wasm-bindgen output.
pub fn wasm_opt() -> PathBuf {
    root().join("node_modules").join(".bin").join("wasm-opt")
}

/// Installs Debian's Chromium and ChromeDriver for the browser tests.
pub fn chromium() -> Result<(), String> {
    if PathBuf::from("/usr/bin/chromium").exists() && PathBuf::from("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    let sh = shell()?;
    run(cmd!(sh, "apt-get update"))?;
    run(cmd!(sh, "apt-get install -y chromium chromium-driver"))
}
