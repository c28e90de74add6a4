//! Installing what a fresh machine lacks, each step guarded by a check so a second run is
//! instant: the wasm32 target, rustfmt and clippy, the wasm-bindgen CLI at exactly the
//! version the workspace pins, the npm tooling from the committed lock file, and Debian's
//! Chromium and ChromeDriver for browser tests.

use std::path::PathBuf;
use std::process::Command;

use crate::{root, run};

/// The wasm-bindgen version pinned in the workspace `Cargo.toml`; the CLI must match it.
pub const WASM_BINDGEN: &str = "0.2.130";

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Installs the wasm32 target if this toolchain lacks it.
pub fn wasm_target() -> Result<(), String> {
    if output("rustup", &["target", "list", "--installed"])
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// Adds rustfmt and clippy if this toolchain lacks them.
pub fn rust_components() -> Result<(), String> {
    if succeeds("cargo", &["fmt", "--version"]) && succeeds("cargo", &["clippy", "--version"]) {
        return Ok(());
    }
    run("rustup", &["component", "add", "rustfmt", "clippy"])
}

/// Installs wasm-bindgen-cli at the pinned version (without `--locked`: one of its locked
/// dependencies is missing from the registry mirror here).
pub fn wasm_bindgen() -> Result<(), String> {
    if output("wasm-bindgen", &["--version"]).split_whitespace().nth(1) == Some(WASM_BINDGEN) {
        return Ok(());
    }
    run("cargo", &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN])
}

/// Installs the npm tooling (binaryen's wasm-opt, esbuild, playwright-core, axe-core, TypeScript) from
/// the lock.
pub fn npm() -> Result<(), String> {
    let bin = root().join("node_modules").join(".bin");
    let installed = ["wasm-opt", "tsc", "esbuild"].iter().all(|tool| bin.join(tool).exists());
    if installed && root().join("node_modules").join("playwright-core").exists() {
        return Ok(());
    }
    run("npm", &["ci", "--no-audit", "--no-fund"])
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
    run("apt-get", &["update"])?;
    run("apt-get", &["install", "-y", "chromium", "chromium-driver"])
}
