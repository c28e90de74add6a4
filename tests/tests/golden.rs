//! Golden outcome records, the way GOV.UK Smart Answers keeps regression artefacts: the record
//! of every scenario's outcome is committed under `tests/golden/`, and this test fails on any
//! difference, so a content change shows reviewers exactly which outcomes it changes.
//! `cargo xtask golden --update` rewrites them (it sets `UPDATE_GOLDEN=1`).

use std::path::Path;

use safeguard_tests::Scenario;

/// The record as committed: the content hash is replaced, so a change to one item changes
/// only the records it affects, not every file.
fn normalise(record: &str, hash: &str) -> String {
    record.replace(hash, "<content hash>")
}

#[test]
fn every_scenario_record_matches_its_golden_file() {
    let pack = safeguard_content::load().expect("the Sussex pack loads").pack;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut files: Vec<_> =
        std::fs::read_dir(root.join("scenarios")).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let mut changed = Vec::new();
    let mut expected_names = Vec::new();
    for path in files {
        let scenario = Scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let run = scenario.run(&pack).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_stem().unwrap().to_string_lossy().into_owned() + ".md";
        let golden = root.join("golden").join(&name);
        let actual = normalise(&run.record, pack.hash());
        let committed = std::fs::read_to_string(&golden).unwrap_or_default();
        if committed != actual {
            if update {
                std::fs::write(&golden, &actual).unwrap();
            }
            changed.push(name.clone());
        }
        expected_names.push(name);
    }
    // A golden file whose scenario is gone is stale.
    for entry in std::fs::read_dir(root.join("golden")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !expected_names.contains(&name) {
            if update {
                std::fs::remove_file(entry.path()).unwrap();
            }
            changed.push(format!("{name} (no scenario)"));
        }
    }
    assert!(
        update || changed.is_empty(),
        "these outcome records differ from tests/golden/ (review the change, then run `cargo xtask golden --update` and commit):\n{}",
        changed.join("\n")
    );
}
