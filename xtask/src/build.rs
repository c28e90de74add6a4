//! `cargo xtask build`: the site in `dist/`.
//!
//! cargo (release, wasm32) → wasm-bindgen `--target web` → wasm-opt `-Oz` (binaryen 132 from
//! npm) → content-hashed file names (so they can be cached for ever) → `index.html` that
//! references them. No inline script or style, so the strict Content-Security-Policy holds.
//! Prints each file's size raw and gzipped, and the first-load total.

use std::path::{Path, PathBuf};
use std::process::Command;

use safeguard_core::fingerprint;

use crate::{root, run, tools};

/// What rustc 1.95 enables for wasm32 by default; wasm-opt must accept the same.
pub const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
];

/// Builds the site into `dist/` and returns its path.
pub fn build() -> Result<PathBuf, String> {
    tools::wasm_target()?;
    tools::wasm_bindgen()?;
    tools::npm()?;
    run("cargo", &["build", "--release", "--target", "wasm32-unknown-unknown", "-p", "safeguard-bindings"])?;
    let target = root().join("target");
    let raw = target.join("wasm32-unknown-unknown/release/safeguard_bindings.wasm");
    let pkg = target.join("site-pkg");
    run(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "app",
            "--out-dir",
            &pkg.to_string_lossy(),
            &raw.to_string_lossy(),
        ],
    )?;
    let wasm = pkg.join("app_bg.wasm");
    let optimised = pkg.join("app_bg.opt.wasm");
    let mut args = vec!["-Oz", "--strip-debug", "--strip-producers"];
    args.extend_from_slice(WASM_FEATURES);
    let (wasm_in, wasm_out) = (wasm.to_string_lossy().into_owned(), optimised.to_string_lossy().into_owned());
    args.extend([wasm_in.as_str(), "-o", wasm_out.as_str()]);
    run(&tools::wasm_opt().to_string_lossy(), &args)?;

    let dist = root().join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear {}: {e}", dist.display()))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    let glue = emit(&dist, "app", "js", &read(&pkg.join("app.js"))?)?;
    let wasm = emit(&dist, "app", "wasm", &read(&optimised)?)?;
    let css = emit(&dist, "style", "css", &read(&root().join("web/style.css"))?)?;
    let boot = format!(
        "// Starts the assistant: loads the WASM module and mounts the app in #app.\nimport init, {{ mount }} from \"./{glue}\";\n\nawait init({{ module_or_path: new URL(\"./{wasm}\", import.meta.url) }});\nmount(document.getElementById(\"app\"), {{}});\n"
    );
    let boot = emit(&dist, "boot", "js", boot.as_bytes())?;
    let pack = crate::content::load_dir(&root().join("content"))?.pack;
    let html = index_html(&pack.info().title, &pack.info().audience, &css, &glue, &boot);
    std::fs::write(dist.join("index.html"), html).map_err(|e| e.to_string())?;
    report(&dist)?;
    Ok(dist)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes `bytes` as `<stem>-<hash>.<ext>` and returns the file name.
fn emit(dist: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<String, String> {
    let hash = fingerprint([bytes]);
    let name = format!("{stem}-{}.{ext}", hash.get(..10).unwrap_or(&hash));
    std::fs::write(dist.join(&name), bytes).map_err(|e| format!("cannot write {name}: {e}"))?;
    Ok(name)
}

/// The page that loads the app. Until the app starts it says what a person must know even
/// if it never does: call 999 when a child is in immediate danger.
fn index_html(title: &str, audience: &str, css: &str, glue: &str, boot: &str) -> String {
    let (title, audience) = (escape(title), escape(audience));
    format!(
        r#"<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{audience}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}">
<link rel="modulepreload" href="{glue}">
<script type="module" src="{boot}"></script>
</head>
<body>
<div id="app">
<main class="width main">
<h1>{title}</h1>
<p><strong>If a child is in immediate danger, call 999 now.</strong></p>
<p class="loading">Loading the guide…</p>
<noscript><p>This guide needs JavaScript. Otherwise contact your local children's services front door as usual.</p></noscript>
</main>
</div>
</body>
</html>
"#
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Prints every file's size, raw, gzipped and brotli-compressed, and the first-load total.
fn report(dist: &Path) -> Result<(), String> {
    let s = sizes(dist)?;
    println!("\n| file | bytes | gzip | brotli |\n| --- | ---: | ---: | ---: |");
    for (name, raw, gz, br) in &s.files {
        println!("| {name} | {raw} | {gz} | {br} |");
    }
    let raw: u64 = s.files.iter().map(|f| f.1).sum();
    println!("| **first load** | {raw} | {} ({:.1} KB) | {} |\n", s.gzip, s.gzip as f64 / 1024.0, s.brotli);
    Ok(())
}

/// Sizes of the files in a folder.
pub struct Sizes {
    /// (name, raw, gzip, brotli) per file, by name.
    pub files: Vec<(String, u64, u64, u64)>,
    /// Total gzip bytes.
    pub gzip: u64,
    /// Total brotli bytes.
    pub brotli: u64,
}

/// Raw, gzip (-9) and brotli (quality 11, by Node's zlib) sizes of every file in `dir`.
pub fn sizes(dir: &Path) -> Result<Sizes, String> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(|e| e.to_string())?.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut out = Sizes { files: Vec::new(), gzip: 0, brotli: 0 };
    for f in files.iter().filter(|f| f.is_file()) {
        let raw = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        let gz = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(f)
            .output()
            .map(|o| o.stdout.len() as u64)
            .unwrap_or(0);
        let br = Command::new("node")
            .args([
                "-e",
                "process.stdout.write(String(require('zlib').brotliCompressSync(require('fs').readFileSync(process.argv[1])).length))",
            ])
            .arg(f)
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(0);
        out.gzip += gz;
        out.brotli += br;
        out.files.push((f.file_name().unwrap_or_default().to_string_lossy().into_owned(), raw, gz, br));
    }
    Ok(out)
}
