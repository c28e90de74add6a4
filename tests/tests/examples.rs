//! Other partnerships' packs: every pack in `content/examples/` must load with no errors or
//! warnings and pass its own scenarios in `tests/examples/<pack>/`, with no change to the
//! engine. This is what proves the engine holds no Sussex-specific logic.

use std::path::Path;

use safeguard_content::host::{pack_files, today};
use safeguard_core::{Pack, Severity, SourceFile};
use safeguard_tests::Scenario;

fn load(dir: &Path) -> Pack {
    let files: Vec<(String, String)> = pack_files(dir)
        .unwrap()
        .into_iter()
        .map(|(name, path)| (name, std::fs::read_to_string(path).unwrap()))
        .collect();
    let sources: Vec<SourceFile<'_>> = files.iter().map(|(path, text)| SourceFile { path, text }).collect();
    let loaded = Pack::load(&sources, today()).unwrap_or_else(|d| panic!("{}: {d:#?}", dir.display()));
    let warnings: Vec<String> =
        loaded.warnings.iter().filter(|w| w.severity == Severity::Warning).map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{}: {warnings:#?}", dir.display());
    loaded.pack
}

#[test]
fn every_example_pack_loads_and_passes_its_scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let packs: Vec<_> = std::fs::read_dir(root.join("content/examples"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    assert!(!packs.is_empty(), "content/examples/ holds at least one other pack");
    for entry in packs {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pack = load(&entry.path());
        assert_ne!(pack.info().id, "pan-sussex");
        let dir = root.join("tests/examples").join(&name);
        let mut scenarios: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        scenarios.sort();
        assert!(scenarios.len() >= 6, "{name} has {} scenarios; at least 6 are needed", scenarios.len());
        let mut failures = Vec::new();
        let mut levels = std::collections::BTreeSet::new();
        for path in scenarios {
            let scenario = Scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
            match scenario.check(&pack) {
                Ok(run) => {
                    levels.extend(run.level);
                }
                Err(problems) => failures.push(format!("{}: {}", path.display(), problems.join("; "))),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        for area in pack.areas() {
            for level in &area.level {
                assert!(levels.contains(level.id.as_str()), "{name}: no scenario reaches {}", level.id);
            }
        }
    }
}
