//! `cargo xtask bench`: one table of figures with their budgets, printed and written to
//! `target/bench/report.md` and `report.json`. It reports; it never fails on a budget.
//!
//! - Size: every file of a first load, raw, gzip and brotli, beside the same figures for a
//!   minimal Yew counter app built with the same profile and tools (the "Yew floor").
//! - Engine: criterion medians for content load + validate, one assessment, one search.
//! - Effort: question pages from start to outcome across the scenarios (median and maximum).
//!
//! - Fuzz: the last `cargo xtask fuzz` run (`target/bench/fuzz.json`).
//! - Load: throttled first visit, offline repeat visit and last answer → outcome, in headless
//!   Chromium (`tests/e2e/load.bench.mjs`).
//!
//! A figure that could not be measured is listed as such, with why.

use safeguard_core::model::NodeKind;
use safeguard_tests::Scenario;
use serde::Serialize;

use crate::build::{self, Sizes, sizes};
use crate::content::load_dir;
use xshell::cmd;

use crate::{root, run as run_cmd, shell, tools};

#[derive(Serialize)]
struct Row {
    measure: String,
    figure: String,
    budget: String,
}

fn row(measure: impl Into<String>, figure: impl Into<String>, budget: impl Into<String>) -> Row {
    Row { measure: measure.into(), figure: figure.into(), budget: budget.into() }
}

/// Whether `value` is within `limit`, judged on the unrounded figure: a ratio of 0.504 shows
/// as 0.50 at two decimals, and must not read as meeting a target of 0.5.
fn verdict(value: f64, limit: f64) -> &'static str {
    if value <= limit { "met" } else { "not met" }
}

pub fn run() -> Result<(), String> {
    let mut rows = Vec::new();
    let dist = build::build()?;
    let ours = sizes(&dist)?;
    for (name, raw, gz, br) in &ours.files {
        rows.push(row(format!("size: {name}"), format!("{raw} B raw, {gz} B gzip, {br} B brotli"), ""));
    }
    rows.push(row(
        "size: first load, total",
        format!(
            "{:.1} KiB gzip ({} B; {:.1} KiB brotli)",
            ours.gzip as f64 / 1024.0,
            ours.gzip,
            ours.brotli as f64 / 1024.0
        ),
        "",
    ));
    // The module cargo built for the site, before its names are stripped.
    let raw = root().join("target/wasm32-unknown-unknown/release/safeguard_bindings.wasm");
    match std::fs::read(&raw).map_err(|e| e.to_string()).and_then(|bytes| crate::wasm_size::breakdown(&bytes))
    {
        Ok(b) => {
            let total: u64 = b.code.iter().map(|c| c.1).sum();
            let top: Vec<String> =
                b.code.iter().take(10).map(|(name, bytes)| format!("{name} {} KB", bytes / 1024)).collect();
            rows.push(row(
                "size: WASM code by crate, before wasm-opt (largest 10)",
                format!("{} KB in all: {}", total / 1024, top.join(", ")),
                "",
            ));
            rows.push(row(
                "size: WASM data section (the app's own text; the content pack is its own file)",
                format!("{} KB", b.data / 1024),
                "",
            ));
        }
        Err(e) => rows.push(row("size: WASM code by crate", format!("not measured: {e}"), "")),
    }
    match content_only_update(&dist) {
        Ok(r) => rows.extend(r),
        Err(e) => rows.push(row("size: a content-only update", format!("not measured: {e}"), "")),
    }
    let floor = yew_floor();
    match &floor {
        Ok((floor, _)) => {
            let ratio = ours.brotli as f64 / floor.brotli.max(1) as f64;
            rows.push(row(
                "size: first load ÷ minimal Yew app's (same profile and tools; brotli as sent)",
                format!(
                    "{ratio:.3} × ({} B brotli floor; gzip {:.2} ×): {}",
                    floor.brotli,
                    ours.gzip as f64 / floor.gzip.max(1) as f64,
                    verdict(ratio, 2.6),
                ),
                "≤ 2.6 × (issue #15)",
            ))
        }
        Err(e) => rows.push(row("size: Yew floor", format!("not measured: {e}"), "")),
    }

    let sh = shell()?;
    run_cmd(cmd!(sh, "cargo bench -p safeguard-tests --bench engine"))?;
    // Budgets in nanoseconds.
    for (name, limit) in [
        ("content load + validate", Some(5e6)),
        ("one assessment", Some(20e3)),
        ("one procedure search", None),
    ] {
        let figure = criterion_median(name)
            .map_or("not measured (criterion wrote no estimate)".to_owned(), |ns| {
                judged(duration(ns), ns, limit)
            });
        let budget = limit.map(|l| format!("≤ {} native", duration(l))).unwrap_or_default();
        rows.push(row(format!("engine: {name}"), figure, budget));
    }
    match wasm_engine() {
        Ok(figures) => {
            // Budgets in nanoseconds; the figures come in µs.
            for (key, measure, limit) in [
                (
                    "json_load_validate_us",
                    "engine (WASM): content load + validate, pack given as JSON",
                    Some(5e6),
                ),
                ("compiled_load_us", "engine (WASM): load of the compiled pack, as the app does", None),
                ("outcome_us", "engine (WASM): one assessment with its advice (outcome())", None),
                ("search_us", "engine (WASM): one procedure search", None),
            ] {
                let figure = figures
                    .get(key)
                    .and_then(serde_json::Value::as_f64)
                    .map_or("not measured".to_owned(), |us| judged(duration(us * 1e3), us * 1e3, limit));
                rows.push(row(
                    measure,
                    figure,
                    limit.map(|l| format!("≤ {}", duration(l))).unwrap_or_default(),
                ));
            }
        }
        Err(e) => rows.push(row("engine: in WASM", format!("not measured: {e}"), "")),
    }

    let counts = pages_needed()?;
    let median = counts.get(counts.len() / 2).copied().unwrap_or(0);
    let most = counts.last().copied().unwrap_or(0);
    rows.push(row(
        format!("effort: question pages to an outcome, median ({} scenarios)", counts.len()),
        judged(median.to_string(), median as f64, Some(5.0)),
        "≤ 5",
    ));
    rows.push(row(
        "effort: question pages to an outcome, maximum",
        judged(most.to_string(), most as f64, Some(8.0)),
        "≤ 8",
    ));
    match load_times(&dist, floor.as_ref().ok().map(|f| f.1.as_path())) {
        Ok(times) => {
            for (key, measure, limit) in [
                ("first_paint_ms", "load: first contentful paint, first visit (4× CPU, slow 4G)", None),
                (
                    "numbers_shown_ms",
                    "load: 999 and every front door's number on screen, first visit (page as served)",
                    None,
                ),
                (
                    "interactive_ms",
                    "load: start page interactive, first visit (4× CPU, slow 4G, served brotli-compressed)",
                    None,
                ),
                (
                    "first_question_ms",
                    "load: first question on screen, \"Start now\" clicked the moment it shows, first visit (the pack follows the module)",
                    None,
                ),
                (
                    "offline_repeat_ms",
                    "load: start page interactive, repeat visit offline (4× CPU)",
                    Some(300.0),
                ),
                ("answer_to_outcome_ms", "load: last answer to outcome page (4× CPU)", Some(100.0)),
                (
                    "key_typed_ms",
                    "load: a key typed in the procedure search, to the next frame (4× CPU)",
                    None,
                ),
            ] {
                let figure = times
                    .get(key)
                    .and_then(serde_json::Value::as_f64)
                    .map_or("not measured".to_owned(), |ms| {
                        judged(format!("{ms:.0} ms (median)"), ms, limit)
                    });
                let budget = limit.map(|l| format!("≤ {l} ms")).unwrap_or_default();
                rows.push(row(measure, figure, budget));
            }
            let ms = |key: &str| times.get(key).and_then(serde_json::Value::as_f64);
            let floor = ms("floor_interactive_ms");
            rows.push(row(
                "load: the minimal Yew app's button interactive, first visit (same throttling, runs alternating)",
                floor.map_or("not measured".to_owned(), |f| format!("{f:.0} ms (median)")),
                "",
            ));
            for (key, measure, limit) in [
                (
                    "numbers_shown_ms",
                    "load: 999 and the front doors' numbers on screen ÷ the floor's interactive",
                    0.5,
                ),
                ("interactive_ms", "load: start page interactive ÷ the floor's interactive", 0.9),
            ] {
                let figure = match (ms(key), floor) {
                    (Some(ours), Some(floor)) if floor > 0.0 => {
                        judged(format!("{:.3} ×", ours / floor), ours / floor, Some(limit))
                    }
                    _ => "not measured".to_owned(),
                };
                rows.push(row(measure, figure, format!("≤ {limit} ×")));
            }
        }
        Err(e) => rows.push(row("load: throttled times in Chromium", format!("not measured: {e}"), "")),
    }
    rows.extend(fuzz_rows());
    let mut md = String::from("| measure | figure | budget |\n| --- | --- | --- |\n");
    for r in &rows {
        md.push_str(&format!("| {} | {} | {} |\n", r.measure, r.figure, r.budget));
    }
    println!("\n{md}");
    let out = root().join("target").join("bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    std::fs::write(out.join("report.md"), &md).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
    std::fs::write(out.join("report.json"), json).map_err(|e| e.to_string())?;
    println!("Written to {} (report.md, report.json).", out.display());
    Ok(())
}

/// Builds the npm package and times its engine in Node's V8 (`tests/npm/engine.bench.mjs`,
/// medians in µs, through the JavaScript API).
fn wasm_engine() -> Result<serde_json::Map<String, serde_json::Value>, String> {
    crate::package::package()?;
    let out = root().join("target").join("bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let json = out.join("pack.json");
    std::fs::write(&json, safeguard_tests::json_form(&safeguard_content::files())?)
        .map_err(|e| e.to_string())?;
    let sh = shell()?;
    let figures = cmd!(sh, "node tests/npm/engine.bench.mjs")
        .env("PACKAGE_ENTRY", root().join("target/npm/package/index.js"))
        .env("PACK_JSON", &json);
    figures_of(figures)
}

/// Serves `dist` (and the Yew floor's page, when built) and runs `tests/e2e/load.bench.mjs`
/// in headless Chromium (see there for the throttling); returns its JSON of medians.
fn load_times(
    dist: &std::path::Path,
    floor: Option<&std::path::Path>,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    tools::chromium()?;
    let base = crate::e2e::spawn_server(dist.to_path_buf())?;
    let sh = shell()?;
    let mut node =
        cmd!(sh, "node tests/e2e/load.bench.mjs").env("E2E_BASE_URL", base).env("E2E_ROOT", root());
    if let Some(floor) = floor {
        node = node.env("BENCH_FLOOR_URL", crate::e2e::spawn_server(floor.to_path_buf())?);
    }
    figures_of(node)
}

/// Runs a benchmark script that prints its figures as one JSON object; if it fails, the first
/// lines of what it said go into the report.
fn figures_of(script: xshell::Cmd<'_>) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let out = script.ignore_status().output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).lines().take(5).collect::<Vec<_>>().join(" "));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("unreadable figures: {e}"))
}

/// Builds a one-component Yew counter with our release profile, wasm-bindgen and wasm-opt,
/// and a page that starts it, and measures it the same way: the size no Yew app can go
/// below. Returns its sizes and its folder, which the load bench times beside ours.
fn yew_floor() -> Result<(Sizes, std::path::PathBuf), String> {
    let dir = root().join("target").join("yew-floor");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = "[package]\nname = \"yew-floor\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nyew = { version = \"0.23\", features = [\"csr\"] }\nwasm-bindgen = \"=0.2.130\"\n\n[workspace]\n\n[profile.release]\nopt-level = \"z\"\nlto = true\ncodegen-units = 1\npanic = \"abort\"\n";
    let lib = "use wasm_bindgen::prelude::wasm_bindgen;\nuse yew::prelude::*;\n\n#[component]\nfn Counter() -> Html {\n    let n = use_state(|| 0);\n    let onclick = { let n = n.clone(); Callback::from(move |_| n.set(*n + 1)) };\n    html! { <button {onclick}>{ *n }</button> }\n}\n\n#[wasm_bindgen(start)]\npub fn start() {\n    yew::Renderer::<Counter>::new().render();\n}\n";
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/lib.rs"), lib).map_err(|e| e.to_string())?;
    let manifest_path = dir.join("Cargo.toml");
    let sh = shell()?;
    run_cmd(cmd!(
        sh,
        "cargo build --release --target wasm32-unknown-unknown --manifest-path {manifest_path}"
    ))?;
    let out = dir.join("pkg");
    let wasm = dir.join("target/wasm32-unknown-unknown/release/yew_floor.wasm");
    run_cmd(cmd!(sh, "wasm-bindgen --target web --no-typescript --out-dir {out} {wasm}"))?;
    let bg = out.join("yew_floor_bg.wasm");
    let opt = out.join("yew_floor_bg.opt.wasm");
    let (wasm_opt, features) = (tools::wasm_opt(), build::WASM_FEATURES);
    run_cmd(cmd!(sh, "{wasm_opt} -Oz {features...} {bg} -o {opt}"))?;
    // Under the name its glue asks for, as the site's module is.
    std::fs::rename(&opt, &bg).map_err(|e| e.to_string())?;
    // A page that starts it, with no inline script (our server sends the site's strict CSP).
    let page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Yew floor</title>\n<script type=\"module\" src=\"boot.js\"></script>\n</head>\n<body></body>\n</html>\n";
    std::fs::write(out.join("index.html"), page).map_err(|e| e.to_string())?;
    std::fs::write(out.join("boot.js"), "import init from \"./yew_floor.js\";\nawait init();\n")
        .map_err(|e| e.to_string())?;
    build::precompress(&out)?;
    Ok((sizes(&out)?, out))
}

/// Criterion's median estimate for a benchmark, in nanoseconds.
fn criterion_median(name: &str) -> Option<f64> {
    let file = root().join("target/criterion").join(name).join("new/estimates.json");
    std::fs::read_to_string(&file)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["median"]["point_estimate"].as_f64())
}

/// A duration given in nanoseconds, in readable units.
fn duration(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// `figure`, followed by whether `value` is within `limit` where there is one: every figure
/// with a budget says whether it meets it.
fn judged(figure: String, value: f64, limit: Option<f64>) -> String {
    match limit {
        Some(limit) => format!("{figure}: {}", verdict(value, limit)),
        None => figure,
    }
}

/// How many answers each scenario needs, sorted.
fn pages_needed() -> Result<Vec<usize>, String> {
    let pack = load_dir(&root().join("content"))?.pack;
    let dir = root().join("tests").join("scenarios");
    let mut counts = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?.flatten() {
        let text = std::fs::read_to_string(entry.path()).map_err(|e| e.to_string())?;
        let scenario = Scenario::parse(&text).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        let run = scenario.run(&pack).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        // Signs found by searching are ticked on another page, and a follow-up question is
        // asked on the outcome's own page: neither is a page of its own.
        let own_page = |id: &&String| {
            pack.node(id).is_some_and(|n| n.kind != NodeKind::Found)
                && !pack.outcomes().any(|o| o.follow_up.as_ref().is_some_and(|f| f.as_str() == id.as_str()))
        };
        counts.push(run.path.iter().filter(own_page).count());
    }
    counts.sort_unstable();
    Ok(counts)
}

/// Builds the site again with one phone number changed (as the e2e test does) and reports
/// which files' names changed, which files were rewritten, and what a returning user's
/// browser downloads: the files that are new or rewritten (brotli, as sent), not the module.
fn content_only_update(dist: &std::path::Path) -> Result<Vec<Row>, String> {
    let changed = crate::e2e::content_only_rebuild(&root().join("target/bench"))?;
    let (before, after) = (sizes(dist)?, sizes(&changed.dist)?);
    let renamed: Vec<&str> = after
        .files
        .iter()
        .map(|f| f.0.as_str())
        .filter(|n| !before.files.iter().any(|b| b.0 == *n))
        .collect();
    let same_bytes =
        |name: &str| std::fs::read(dist.join(name)).ok() == std::fs::read(changed.dist.join(name)).ok();
    let rewritten: Vec<&str> =
        after.files.iter().map(|f| f.0.as_str()).filter(|n| !renamed.contains(n) && !same_bytes(n)).collect();
    let downloaded: Vec<&(String, u64, u64, u64)> = after
        .files
        .iter()
        .filter(|f| renamed.contains(&f.0.as_str()) || rewritten.contains(&f.0.as_str()))
        .collect();
    let total: u64 = downloaded.iter().map(|f| f.3).sum();
    let pack: u64 = downloaded
        .iter()
        .filter(|f| f.0.starts_with("pack-") || f.0.starts_with("front-"))
        .map(|f| f.3)
        .sum();
    let module: u64 = after.files.iter().filter(|f| f.0.ends_with(".wasm")).map(|f| f.3).sum();
    Ok(vec![
        row(
            "size: a content-only change (one phone number): files renamed / rewritten",
            format!("{} / {}", renamed.join(", "), rewritten.join(", ")),
            "only the pack and its front renamed",
        ),
        row(
            "size: a content-only change: what a returning user downloads (brotli)",
            format!(
                "{total} B: the pack and its front {pack} B, and {} B for the page, widget and worker that name them; the module ({module} B) is kept",
                total - pack
            ),
            "the pack and the files that name it; never the module",
        ),
    ])
}

/// The last long fuzz run's figures (`cargo xtask fuzz`), or how to get them. CI runs the
/// same targets with small budgets on every run (2 000 loader inputs, 400 calls per API
/// entry point in Node and again in Chromium).
fn fuzz_rows() -> Vec<Row> {
    let budget = "≥ 1 000 000 inputs, 0 failures";
    let report = std::fs::read_to_string(crate::fuzz::report_path())
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<crate::fuzz::Report>(&text).map_err(|e| e.to_string()));
    match report {
        Ok(r) => r
            .targets
            .iter()
            .map(|t| {
                let figure = format!(
                    "{} inputs in {:.0} s, {} failures ({} run, {}, commit {})",
                    t.inputs,
                    t.seconds,
                    t.failures,
                    if r.complete { "finished" } else { "unfinished" },
                    r.finished,
                    r.commit
                );
                row(format!("fuzz: {}", t.name), figure, budget)
            })
            .collect(),
        Err(e) => vec![row("fuzz: long run", format!("not run ({e}): `cargo xtask fuzz`"), budget)],
    }
}

#[cfg(test)]
mod tests {
    use super::{duration, judged, verdict};

    /// A ratio just over its target is not met, however it rounds for the table.
    #[test]
    fn a_target_is_judged_on_the_unrounded_figure() {
        assert_eq!(verdict(0.504, 0.5), "not met");
        assert_eq!(verdict(0.5, 0.5), "met");
        assert_eq!(verdict(244.0, 300.0), "met");
        assert_eq!(verdict(301.0, 300.0), "not met");
    }

    /// Every figure with a budget says whether it meets it, in the units it is shown in.
    #[test]
    fn a_budgeted_figure_says_met_or_not_met() {
        assert_eq!(judged(duration(6.05e6), 6.05e6, Some(5e6)), "6.05 ms: not met");
        assert_eq!(judged(duration(16_000.0), 16_000.0, Some(20e3)), "16.0 µs: met");
        assert_eq!(judged(duration(112_100.0), 112_100.0, None), "112.1 µs");
        assert_eq!(duration(5e6), "5.00 ms");
    }
}
