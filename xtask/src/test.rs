//! `cargo xtask test`: every check CI runs, in one command that works on a fresh machine.
//! It installs what is missing first, then runs the fast checks before the slow ones, and
//! the test suites last so their summary closes the output.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use xshell::{Cmd, cmd};

use crate::{run as go, shell, tools};

pub fn run() -> Result<(), String> {
    let sh = shell()?;
    tools::rust_components()?;
    tools::wasm_target()?;
    go(cmd!(sh, "cargo fmt --all -- --check"))?;
    go(cmd!(sh, "cargo clippy --workspace --all-targets -- -D warnings"))?;
    // The core must build for the browser as it is, with the embedded, validated pack.
    let crates = ["-p", "safeguard-core", "-p", "safeguard-content", "-p", "safeguard-bindings"];
    go(cmd!(sh, "cargo build {crates...} --target wasm32-unknown-unknown"))?;
    crate::content::check(None, false)?;
    tools::wasm_bindgen()?;
    tools::chromium()?;
    let web = ["-p", "safeguard-web", "-p", "safeguard-bindings", "--target", "wasm32-unknown-unknown"];
    go(cmd!(sh, "cargo clippy {web...} --all-targets -- -D warnings"))?;
    let (passed, failed) = cargo_test(cmd!(sh, "cargo test --workspace --all-targets"))?;
    // Component tests run in headless Chromium through wasm-bindgen-test-runner.
    let (component_passed, component_failed) = cargo_test(cmd!(
        sh,
        "cargo test -p safeguard-web --target wasm32-unknown-unknown --test components"
    ))?;
    // The JavaScript API (feature `api`): the same tests in Node and in headless Chromium.
    let api = [
        "-p",
        "safeguard-bindings",
        "--target",
        "wasm32-unknown-unknown",
        "--no-default-features",
        "--features",
        "api",
    ];
    go(cmd!(sh, "cargo clippy {api...} --all-targets -- -D warnings"))?;
    let (api_passed, api_failed) =
        cargo_test(cmd!(sh, "cargo test {api...} --test api_node --test api_browser"))?;
    // The npm package, installed from its tarball into a scratch project and used from there.
    let (package_passed, package_failed) = crate::package::test()?;
    let passed = passed + component_passed + api_passed + package_passed;
    let failed = failed + component_failed + api_failed + package_failed;
    let (browser_passed, browser_failed) = crate::e2e::run()?;
    let (passed, failed) = (passed + browser_passed, failed + browser_failed);
    // One plain closing line: cargo's own last line is often a crate with no tests.
    println!("\n{passed} passed, {failed} failed");
    if failed == 0 && passed > 0 { Ok(()) } else { Err(format!("{failed} test(s) failed")) }
}

/// Runs a `cargo test` command, echoing its output, and adds up the results of its test
/// binaries.
fn cargo_test(cmd: Cmd<'_>) -> Result<(u64, u64), String> {
    counted(cmd.env("CHROMEDRIVER", "/usr/bin/chromedriver"), |line, passed, failed| {
        if let Some(result) = line.strip_prefix("test result: ") {
            *passed += count(result, " passed");
            *failed += count(result, " failed");
        }
    })
}

/// Runs a test command, echoing its output line by line to ours as it comes (xshell would
/// hold it to the end, and a test run's progress is wanted while it runs), and lets `tally`
/// read the pass and fail counts from it. A failing command with no failed test counted (it
/// could not build, say) is an error.
pub fn counted(cmd: Cmd<'_>, tally: impl Fn(&str, &mut u64, &mut u64)) -> Result<(u64, u64), String> {
    eprintln!("$ {cmd}");
    let what = cmd.to_string();
    let mut child = Command::from(cmd)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {what}: {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            tally(&line, &mut passed, &mut failed);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && failed == 0 {
        return Err(format!("`{what}` failed ({status})"));
    }
    Ok((passed, failed))
}

/// The number before `label` in a cargo summary such as "ok. 7 passed; 0 failed; …".
fn count(summary: &str, label: &str) -> u64 {
    summary
        .split(';')
        .find_map(|part| {
            part.trim().trim_start_matches("ok. ").trim_start_matches("FAILED. ").strip_suffix(label)
        })
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}
