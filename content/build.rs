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
    write_embedded(&texts, loaded.pack.hash(), today)
}

fn write_embedded(files: &[(String, PathBuf, String)], hash: &str, today: NaiveDate) -> Result<(), String> {
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let mut code = String::from(
        "/// The pack's files: (path relative to `content/`, TOML text).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (name, path, _) in files {
        let _ = writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string());
    }
    code.push_str("];\n/// The same files as JSON, for the browser, which parses JSON natively.\npub static JSON_FILES: &[(&str, &str)] = &[\n");
    for (i, (name, _, text)) in files.iter().enumerate() {
        let value: toml::Value = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        let mut json = String::new();
        to_json(&value, &mut json);
        let json_path = Path::new(&out).join(format!("{i}.json"));
        std::fs::write(&json_path, json).map_err(|e| e.to_string())?;
        let _ = writeln!(code, "    ({name:?}, include_str!({:?})),", json_path.display().to_string());
    }
    code.push_str("];\n");
    let _ = writeln!(code, "/// The content hash of the TOML files.\npub const HASH: &str = {hash:?};");
    let _ = writeln!(
        code,
        "/// The day the pack was validated.\npub const BUILD_DATE: (i32, u32, u32) = ({}, {}, {});",
        today.year(),
        today.month(),
        today.day()
    );
    std::fs::write(Path::new(&out).join("files.rs"), code).map_err(|e| e.to_string())
}

/// Writes a TOML value as JSON. The pack uses no TOML dates (dates are strings), so every
/// value has a JSON counterpart.
fn to_json(value: &toml::Value, out: &mut String) {
    match value {
        toml::Value::String(s) => string(s, out),
        toml::Value::Integer(i) => out.push_str(&i.to_string()),
        toml::Value::Float(f) => out.push_str(&f.to_string()),
        toml::Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        toml::Value::Datetime(d) => string(&d.to_string(), out),
        toml::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                to_json(item, out);
            }
            out.push(']');
        }
        toml::Value::Table(table) => {
            out.push('{');
            for (i, (key, item)) in table.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(key, out);
                out.push(':');
                to_json(item, out);
            }
            out.push('}');
        }
    }
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
