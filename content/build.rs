//! Validates the pack and embeds its files. An invalid pack stops the build here, listing
//! every problem, so no program can be built that shows a practitioner invalid content.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use safeguard_core::{Pack, Severity, SourceFile};

#[path = "src/host.rs"]
mod host;

fn main() {
    if let Err(message) = validate_and_embed() {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

fn validate_and_embed() -> Result<(), String> {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let files = host::pack_files(&dir).map_err(|e| format!("cannot list the content files: {e}"))?;
    let mut texts = Vec::new();
    for (name, path) in &files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        texts.push((name.clone(), path.clone(), text));
    }
    let sources: Vec<SourceFile<'_>> =
        texts.iter().map(|(name, _, text)| SourceFile { path: name, text }).collect();
    let today = host::today();
    let loaded = match Pack::load(&sources, today) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            let mut msg =
                format!("the content pack has {errors} error(s); it must not reach a practitioner:\n");
            for d in &diagnostics {
                let _ = writeln!(msg, "  {d}");
            }
            return Err(msg);
        }
    };
    write_embedded(&texts, &loaded.pack, today)
}

fn write_embedded(files: &[(String, PathBuf, String)], pack: &Pack, today: NaiveDate) -> Result<(), String> {
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let mut code = String::from(
        "/// The pack's files: (path relative to `content/`, TOML text).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (name, path, _) in files {
        let _ = writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    let compiled = Path::new(&out).join("pack.bin");
    std::fs::write(&compiled, pack.compile()).map_err(|e| format!("cannot write the compiled pack: {e}"))?;
    let _ = writeln!(
        code,
        "/// The validated pack, compiled (see `Pack::compile`).\npub static COMPILED: &[u8] = include_bytes!({:?});",
        compiled.display().to_string()
    );
    let _ = writeln!(
        code,
        "/// The day the pack was validated.\npub const BUILD_DATE: (i32, u32, u32) = ({}, {}, {});",
        today.year(),
        today.month(),
        today.day()
    );
    std::fs::write(Path::new(&out).join("files.rs"), code).map_err(|e| e.to_string())
}
