//! `cargo xtask bench`: engine benchmarks (criterion) and how many answers practitioners
//! need, over the scenario set. Budgets are printed beside the figures; nothing here fails.

use safeguard_tests::Scenario;

use crate::content::load_dir;
use crate::{root, run as run_cmd};

pub fn run() -> Result<(), String> {
    run_cmd("cargo", &["bench", "-p", "safeguard-core", "--bench", "engine"])?;
    let pack = load_dir(&root().join("content"))?.pack;
    let dir = root().join("tests").join("scenarios");
    let mut counts = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?.flatten() {
        let text = std::fs::read_to_string(entry.path()).map_err(|e| e.to_string())?;
        let scenario = Scenario::parse(&text).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        counts.push(scenario.run(&pack).map_err(|e| format!("{}: {e}", entry.path().display()))?.path.len());
    }
    counts.sort_unstable();
    let median = counts.get(counts.len() / 2).copied().unwrap_or(0);
    let max = counts.last().copied().unwrap_or(0);
    println!("\n| measure | figure | budget |\n| --- | --- | --- |");
    println!("| answers to an outcome, median ({} scenarios) | {median} | ≤ 7 |", counts.len());
    println!("| answers to an outcome, maximum | {max} | — |");
    println!(
        "| content load + validate, one assessment, one search | see criterion above | ≤ 5 ms, ≤ 20 µs, — |"
    );
    Ok(())
}
