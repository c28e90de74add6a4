//! Fuzzing the content loaders with a fixed budget: whatever text a pack holds, loading
//! returns a pack or a list of problems, and never panics (a panic in WASM would kill the app
//! on someone's intranet). Inputs are real pack files with random damage — bytes flipped,
//! lines dropped or repeated, text cut short — and plain random text, both as TOML files and
//! as the JSON form the JavaScript API's `Assistant.fromJson` reads (that method adds only
//! type and size checks, fuzzed in `bindings/tests/api/mod.rs`); and the compiled pack and
//! its front, damaged after their checksum (written again), as the app's reader meets them.
//!
//! Each property runs 2 000 cases here; `cargo xtask fuzz --cases N` runs N of each (it sets
//! `PROPTEST_CASES`) and writes what it found to `target/bench/fuzz.json`.
//!
//! A damaged TOML pack is loaded the way [`Pack::load`] does it — each file read by
//! [`SourceFile::parse`], then [`Pack::load_parsed`] — with the untouched files read once
//! for the whole run rather than once per case: the same code on the same inputs (a file
//! that does not read leaves the others merged and validated, as `Pack::load` does), at a
//! fifth of the cost, which is what makes a million cases a target affordable.

use chrono::NaiveDate;
use proptest::prelude::*;
use safeguard_core::model::ContentFile;
use safeguard_core::{Diagnostic, Pack, ParsedFile, SourceFile, fingerprint};
use safeguard_tests::compiled::damaged;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2_000)
}

/// The Sussex pack compiled, and its front compiled, as the app reads them; made once.
fn compiled() -> &'static (Vec<u8>, Vec<u8>) {
    static COMPILED: std::sync::OnceLock<(Vec<u8>, Vec<u8>)> = std::sync::OnceLock::new();
    COMPILED.get_or_init(|| {
        let pack = safeguard_content::load().expect("the Sussex pack loads").pack;
        (pack.compile(), pack.front().compile())
    })
}

/// The Sussex pack's files, each with its text and its reading, read once.
fn files() -> &'static [(SourceFile<'static>, ParsedFile)] {
    static FILES: std::sync::OnceLock<Vec<(SourceFile<'static>, ParsedFile)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        safeguard_content::files()
            .into_iter()
            .map(|f| (f, f.parse().expect("the Sussex pack reads")))
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Damage {
    FlipByte(usize, u8),
    DropLine(usize),
    RepeatLine(usize),
    CutAt(usize),
    Insert(usize, String),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Damage::FlipByte(i, b)),
        any::<usize>().prop_map(Damage::DropLine),
        any::<usize>().prop_map(Damage::RepeatLine),
        any::<usize>().prop_map(Damage::CutAt),
        (any::<usize>(), "[\\[\\]{}=\"a-z0-9 ,.\\n-]{0,24}").prop_map(|(i, s)| Damage::Insert(i, s)),
    ]
}

fn apply(text: &str, d: &Damage) -> String {
    // Lines are split only for the damages that need them: on the whole JSON pack, splitting
    // for every damage was most of a case's time.
    let lines = || text.lines().collect::<Vec<&str>>();
    match d {
        Damage::FlipByte(i, b) => {
            let mut bytes = text.as_bytes().to_vec();
            if !bytes.is_empty() {
                let i = i % bytes.len();
                bytes[i] = *b;
            }
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
        Damage::DropLine(i) if !text.is_empty() => {
            let mut lines = lines();
            lines.remove(i % lines.len());
            lines.join("\n")
        }
        Damage::RepeatLine(i) if !text.is_empty() => {
            let mut lines = lines();
            let i = i % lines.len();
            lines.insert(i, lines[i]);
            lines.join("\n")
        }
        Damage::CutAt(i) => {
            let mut cut = i % (text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text[..cut].to_owned()
        }
        Damage::Insert(i, s) => {
            let mut at = i % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            format!("{}{s}{}", &text[..at], &text[at..])
        }
        _ => text.to_owned(),
    }
}

/// The Sussex pack in the JSON form `Assistant.fromJson` reads.
fn json_pack() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| safeguard_tests::json_form(&safeguard_content::files()).unwrap())
}

/// What `Assistant.fromJson` does with text that passed its type and size checks.
fn load_json(text: &str) -> Result<Pack, Vec<Diagnostic>> {
    let content: ContentFile = serde_json::from_str(text).map_err(|e| {
        vec![Diagnostic {
            severity: safeguard_core::Severity::Error,
            file: "pack.json".into(),
            item: String::new(),
            message: e.to_string(),
        }]
    })?;
    let files = vec![ParsedFile { path: "pack.json".into(), content }];
    Pack::load_parsed(files, fingerprint([text.as_bytes()]), today()).map(|loaded| loaded.pack)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn damaged_packs_load_or_explain_never_panic(file in any::<usize>(), damages in prop::collection::vec(damage(), 1..4)) {
        let files = files();
        let damaged = file % files.len();
        let (source, _) = files[damaged];
        let mut text = source.text.to_owned();
        for d in &damages {
            text = apply(&text, d);
        }
        let read = SourceFile { path: source.path, text: &text }.parse();
        // A file that does not read leaves the rest, which `Pack::load` still merges and
        // validates: the same here, so a pack missing a whole file is fuzzed too.
        let others = || files.iter().enumerate().filter(|(i, _)| *i != damaged).map(|(_, (_, p))| p.clone());
        let loaded = match read {
            Ok(read) => {
                let parsed = files.iter().enumerate().map(|(i, (_, p))| if i == damaged { read.clone() } else { p.clone() });
                Pack::load_parsed(parsed.collect(), fingerprint([text.as_bytes()]), today())
            }
            Err(problem) => {
                if let Err(rest) = Pack::load_parsed(others().collect(), fingerprint([text.as_bytes()]), today()) {
                    prop_assert!(rest.iter().all(|p| !p.message.is_empty()));
                }
                Err(vec![problem])
            }
        };
        match loaded {
            Ok(loaded) => prop_assert!(loaded.pack.counts().areas > 0),
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                prop_assert!(problems.iter().all(|p| !p.message.is_empty()));
            }
        }
    }

    #[test]
    fn damaged_json_packs_load_or_explain_never_panic(damages in prop::collection::vec(damage(), 1..4)) {
        let mut text = json_pack().to_owned();
        for d in &damages {
            text = apply(&text, d);
        }
        match load_json(&text) {
            Ok(pack) => prop_assert!(pack.counts().areas > 0),
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                prop_assert!(problems.iter().all(|p| !p.message.is_empty()));
            }
        }
    }

    #[test]
    fn damaged_compiled_packs_and_fronts_never_panic(front in any::<bool>(), damages in prop::collection::vec((any::<usize>(), any::<u8>()), 1..5)) {
        let (pack, front_bytes) = compiled();
        // After the header, with the checksum written again: the reader meets the damage.
        let bytes = damaged(if front { front_bytes } else { pack }, damages);
        let problem = if front {
            safeguard_core::Front::from_compiled(&bytes).err()
        } else {
            Pack::from_compiled(&bytes).err()
        };
        prop_assert!(problem.is_none_or(|p| !p.message.is_empty()));
    }

    #[test]
    fn random_text_is_refused_with_reasons(text in "\\PC{0,400}") {
        let sources = [SourceFile { path: "random.toml", text: &text }];
        prop_assert!(Pack::load(&sources, today()).is_err());
    }
}
