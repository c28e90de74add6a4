//! `cargo xtask test`: every check CI runs, in one command that works on a fresh machine.
//! It installs what is missing first, then runs the fast checks before the slow ones, and
//! the test suites last so their summary closes the output.

use std::process::Command;

use crate::run as sh;

/// Installs the wasm32 target if this toolchain lacks it.
pub fn ensure_wasm_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("could not run rustup: {e}"))?;
    if String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    sh("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// Adds rustfmt and clippy if this toolchain lacks them.
fn ensure_components() -> Result<(), String> {
    let missing = ["fmt", "clippy"].iter().any(|tool| {
        !Command::new("cargo").args([tool, "--version"]).output().is_ok_and(|o| o.status.success())
    });
    if missing { sh("rustup", &["component", "add", "rustfmt", "clippy"]) } else { Ok(()) }
}

pub fn run() -> Result<(), String> {
    ensure_components()?;
    ensure_wasm_target()?;
    sh("cargo", &["fmt", "--all", "--", "--check"])?;
    sh("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    // The core must build for the browser as it is, with the embedded, validated pack.
    sh(
        "cargo",
        &[
            "build",
            "-p",
            "safeguard-core",
            "-p",
            "safeguard-content",
            "-p",
            "safeguard-bindings",
            "--target",
            "wasm32-unknown-unknown",
        ],
    )?;
    crate::content::check(&[])?;
    sh("cargo", &["test", "--workspace"])
}
