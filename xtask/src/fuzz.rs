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

use std::process::{Command, Stdio};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::root;

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

const LOADERS: [(&str, &str); 3] = [
    ("content loader: damaged TOML pack", "damaged_packs_load_or_explain_never_panic"),
    (
        "content loader: damaged JSON pack (Assistant.fromJson)",
        "damaged_json_packs_load_or_explain_never_panic",
    ),
    ("content loader: random text", "random_text_is_refused_with_reasons"),
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
    let n = cases.to_string();
    let native = ["test", "--profile", "bench", "-p", "safeguard-tests", "--test", "fuzz"];
    let api = [&["test", "--profile", "bench"][..], &API, &["--test", "api_node"]].concat();
    // Build both first, so the targets' times are the runs alone.
    crate::run("cargo", &[&native[..], &["--no-run"]].concat())?;
    let built = with_env(Command::new("cargo").args(&api).arg("--no-run"), &n).status();
    if !built.is_ok_and(|s| s.success()) {
        return Err("the JavaScript API's fuzz test did not build".to_owned());
    }

    let mut report =
        Report { finished: String::new(), complete: false, commit: commit(), cases, targets: Vec::new() };
    for (name, test) in LOADERS {
        let mut cmd = Command::new("cargo");
        cmd.args(native).args(["--", "--exact", test, "--test-threads", "1"]);
        report.targets.push(target(name, cases, with_env(&mut cmd, &n))?);
        write(&mut report)?;
    }
    let mut cmd = Command::new("cargo");
    cmd.args(&api).args(["--", "random_values_into_every_entry_point", "--nocapture"]);
    report.targets.push(target(
        "JavaScript API: each of its 13 entry points (Node)",
        cases,
        with_env(&mut cmd, &n),
    )?);
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

fn with_env<'a>(cmd: &'a mut Command, cases: &str) -> &'a mut Command {
    cmd.current_dir(root())
        .env("PROPTEST_CASES", cases)
        .env("API_FUZZ_CASES", cases)
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
}

/// Runs one target to its end, keeping its output for the report.
fn target(name: &str, cases: u64, cmd: &mut Command) -> Result<Target, String> {
    eprintln!("fuzz: {name}, {cases} inputs…");
    let start = Instant::now();
    let out = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).output().map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() {
        if !text.contains("1 passed") {
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
    let inputs = number_after(&text, "successes: ").or_else(|| number_after(&text, "call ")).unwrap_or(0);
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

fn number_after(text: &str, label: &str) -> Option<u64> {
    let rest = &text[text.find(label)? + label.len()..];
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn commit() -> String {
    let git =
        |args: &[&str]| Command::new("git").args(args).current_dir(root()).output().ok().map(|o| o.stdout);
    let head = git(&["rev-parse", "--short", "HEAD"]).map(|o| String::from_utf8_lossy(&o).trim().to_owned());
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|o| !o.is_empty());
    format!("{}{}", head.unwrap_or_else(|| "unknown".into()), if dirty { "+changes" } else { "" })
}
