//! `cargo xtask fuzz [--cases N]`: the fuzz targets with N inputs each (default 1 000 000),
//! one after another, each in its own process, and what they found written to
//! `target/bench/fuzz.json` for `cargo xtask bench` to report and SAFETY.md to cite.
//!
//! The targets are the tests CI runs with a small budget — the content loaders
//! (`tests/tests/fuzz.rs`: damaged TOML, damaged JSON, random text) and every JavaScript API
//! entry point (`bindings/tests/api/mod.rs`, in Node) — built with the optimised `bench`
//! profile and told their budget through `PROPTEST_CASES` and `API_FUZZ_CASES`. A run stops
//! a target at its first failure: a panic, or an input that was neither loaded nor refused
//! with reasons; the report keeps the failing input as the test printed it.

use std::time::Instant;

use serde::{Deserialize, Serialize};
use xshell::{Cmd, cmd};

use crate::{root, run as go, shell};

/// What one run of `cargo xtask fuzz` found.
#[derive(Serialize, Deserialize)]
pub struct Report {
    /// When the report was last written (UTC, RFC 3339): after each target, so a long run
    /// stopped part way still records the targets it finished.
    pub finished: String,
    /// Whether every target has run.
    #[serde(default)]
    pub complete: bool,
    /// The commit it ran on, with `+changes` if the tree had uncommitted changes.
    pub commit: String,
    /// Inputs per target.
    pub cases: u64,
    pub targets: Vec<Target>,
}

#[derive(Serialize, Deserialize)]
pub struct Target {
    pub name: String,
    /// Inputs tried: `cases` when it passed; when it failed, as far as the test says it got
    /// before stopping (0 when it does not say).
    pub inputs: u64,
    pub seconds: f64,
    pub failures: u64,
    /// The test's own words about its first failure (the shrunk input, the panic message).
    pub first_failure: Option<String>,
}

/// Where the report is written.
pub fn report_path() -> std::path::PathBuf {
    root().join("target/bench/fuzz.json")
}

const LOADERS: [(&str, &str); 4] = [
    ("content loader: damaged TOML pack", "damaged_packs_load_or_explain_never_panic"),
    (
        "content loader: damaged JSON pack (Assistant.fromJson)",
        "damaged_json_packs_load_or_explain_never_panic",
    ),
    ("content loader: random text", "random_text_is_refused_with_reasons"),
    ("compiled pack and its front (the app's reader)", "damaged_compiled_packs_and_fronts_never_panic"),
];

const API: [&str; 7] = [
    "-p",
    "safeguard-bindings",
    "--target",
    "wasm32-unknown-unknown",
    "--no-default-features",
    "--features",
    "api",
];

pub fn run(cases: u64) -> Result<(), String> {
    crate::tools::wasm_target()?;
    crate::tools::wasm_bindgen()?;
    let sh = shell()?;
    let n = cases.to_string();
    sh.set_var("PROPTEST_CASES", &n);
    sh.set_var("API_FUZZ_CASES", &n);
    sh.set_var("CHROMEDRIVER", "/usr/bin/chromedriver");
    let native = || cmd!(sh, "cargo test --profile bench -p safeguard-tests --test fuzz");
    let api = || cmd!(sh, "cargo test --profile bench {API...} --test api_node");
    // Build both first, so the targets' times are the runs alone.
    go(native().arg("--no-run"))?;
    go(api().arg("--no-run"))?;

    let mut report =
        Report { finished: String::new(), complete: false, commit: commit(), cases, targets: Vec::new() };
    for (name, test) in LOADERS {
        let run = native().args(["--", "--exact", test, "--test-threads", "1"]);
        report.targets.push(target(name, cases, run)?);
        write(&mut report)?;
    }
    let run = api().args(["--", "random_values_into_every_entry_point", "--nocapture"]);
    report.targets.push(target("JavaScript API: each of its 13 entry points (Node)", cases, run)?);
    report.complete = true;
    let path = write(&mut report)?;
    for t in &report.targets {
        println!("{}: {} inputs, {:.0} s, {} failures", t.name, t.inputs, t.seconds, t.failures);
    }
    println!("Written to {}.", path.display());
    match report.targets.iter().map(|t| t.failures).sum::<u64>() {
        0 => Ok(()),
        n => Err(format!("{n} fuzz target(s) failed: see {}", path.display())),
    }
}

/// Writes the report as it stands, stamped with the time; returns where.
fn write(report: &mut Report) -> Result<std::path::PathBuf, String> {
    report.finished = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).to_rfc3339();
    let path = report_path();
    std::fs::create_dir_all(path.parent().unwrap_or(&root())).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
    std::fs::write(&path, json).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Runs one target to its end, keeping its output for the report.
fn target(name: &str, cases: u64, cmd: Cmd<'_>) -> Result<Target, String> {
    eprintln!("fuzz: {name}, {cases} inputs…");
    let start = Instant::now();
    let out = cmd.quiet().ignore_status().output().map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() {
        if !ran_one_test(&text) {
            return Err(format!("{name}: the test did not run\n{text}"));
        }
        return Ok(Target {
            name: name.to_owned(),
            inputs: cases,
            seconds,
            failures: 0,
            first_failure: None,
        });
    }
    // proptest: "Test failed: …; minimal failing input: …\n\tsuccesses: N"; the API test: "call N (…)".
    let inputs = number_between(&text, "successes: ", "")
        .or_else(|| number_between(&text, "call ", " ("))
        .unwrap_or(0);
    let failure: String = text
        .lines()
        .filter(|l| {
            l.contains("panicked") || l.contains("minimal failing input") || l.contains("Test failed")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let failure = if failure.is_empty() {
        text.chars().rev().take(2000).collect::<Vec<_>>().into_iter().rev().collect()
    } else {
        failure
    };
    Ok(Target { name: name.to_owned(), inputs, seconds, failures: 1, first_failure: Some(failure) })
}

/// Whether the test harness says exactly one test ran and passed ("11 passed" is not it: the
/// filter matched more than the target).
fn ran_one_test(output: &str) -> bool {
    output.lines().any(|l| l.trim_start().starts_with("test result: ok. 1 passed;"))
}

/// The number in the first `label<digits><then>` of `text`: proptest's "successes: 12", the
/// API test's "call 7 (…)" (and not the "call " of "call 999" in a message).
fn number_between(text: &str, label: &str, then: &str) -> Option<u64> {
    text.match_indices(label).find_map(|(at, _)| {
        let rest = text.get(at + label.len()..)?;
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let follows = rest.get(digits..)?.starts_with(then);
        if digits > 0 && follows { rest.get(..digits)?.parse().ok() } else { None }
    })
}

fn commit() -> String {
    let Ok(sh) = shell() else { return "unknown".into() };
    let git = |cmd: Cmd<'_>| cmd.quiet().read().ok();
    let head = git(cmd!(sh, "git rev-parse --short HEAD"));
    let dirty = git(cmd!(sh, "git status --porcelain --untracked-files=no")).is_some_and(|o| !o.is_empty());
    format!("{}{}", head.unwrap_or_else(|| "unknown".into()), if dirty { "+changes" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runs_count_and_progress_are_read_exactly() {
        assert!(ran_one_test("running 1 test\ntest result: ok. 1 passed; 0 failed; 0 ignored"));
        assert!(!ran_one_test("test result: ok. 11 passed; 0 failed"));
        assert!(!ran_one_test("test result: ok. 0 passed; 0 failed; 1 filtered out"));
        let api = "told to call 999 first\npanicked: call 4127 (outcome): unexpected code X";
        assert_eq!(number_between(api, "call ", " ("), Some(4127));
        assert_eq!(number_between("minimal failing input\n\tsuccesses: 88\n", "successes: ", ""), Some(88));
        assert_eq!(number_between("no figures here", "call ", " ("), None);
    }
}
