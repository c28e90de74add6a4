//! `cargo xtask package`: the npm package of the typed JavaScript API, and its install test.
//!
//! The package's module is the bindings crate built with feature `api` only (no Yew, no DOM),
//! with wasm-bindgen's TypeScript definitions, which come from the Rust types (`Tsify`). Its
//! hand-written entry point, `package.json` and README are in `bindings/npm/`. `npm pack`
//! turns it into `target/npm/sussex-safeguarding-assistant-<version>.tgz`.

use std::path::PathBuf;
use xshell::cmd;

use crate::{build, root, run, shell};

/// Builds the package and packs it; returns the tarball.
pub fn package() -> Result<PathBuf, String> {
    let npm = root().join("target").join("npm");
    let dir = npm.join("package");
    build::module(&["--no-default-features", "--features", "api"], "safeguard", &dir, true)?;
    let source = root().join("bindings").join("npm");
    for file in ["index.js", "index.d.ts", "README.md"] {
        std::fs::copy(source.join(file), dir.join(file)).map_err(|e| format!("cannot copy {file}: {e}"))?;
    }
    let manifest = std::fs::read_to_string(source.join("package.json")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("package.json"), manifest.replace("%VERSION%", &version()?))
        .map_err(|e| e.to_string())?;
    let sh = shell()?;
    sh.change_dir(&dir);
    let out = cmd!(sh, "npm pack --silent --pack-destination {npm}").read().map_err(|e| e.to_string())?;
    let name = out.lines().last().unwrap_or_default().trim().to_owned();
    if name.is_empty() {
        return Err("npm pack named no tarball".to_owned());
    }
    let tarball = npm.join(name);
    println!("Packed {}", tarball.display());
    Ok(tarball)
}

/// The bindings crate's version, which the package carries.
fn version() -> Result<String, String> {
    let text =
        std::fs::read_to_string(root().join("bindings").join("Cargo.toml")).map_err(|e| e.to_string())?;
    let manifest: toml::Table = toml::from_str(&text).map_err(|e| e.to_string())?;
    manifest
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| "bindings/Cargo.toml has no package.version".to_owned())
}

/// Installs the packed tarball into a scratch project, as an agency would, and runs
/// `tests/npm/` there: it imports the package in Node and type-checks a TypeScript consumer
/// against its definitions. Returns (passed, failed).
pub fn test() -> Result<(u64, u64), String> {
    let tarball = package()?;
    let scratch = root().join("target").join("npm").join("scratch");
    crate::e2e::copy_dir(&root().join("tests").join("npm"), &scratch)?;
    std::fs::write(
        scratch.join("package.json"),
        "{ \"name\": \"scratch\", \"private\": true, \"type\": \"module\" }\n",
    )
    .map_err(|e| e.to_string())?;
    let sh = shell()?;
    let install = "--no-audit --no-fund --ignore-scripts --no-package-lock";
    let install = install.split(' ');
    run(cmd!(sh, "npm install --prefix {scratch} {install...} {tarball}"))?;
    let tsc = root().join("node_modules").join(".bin").join("tsc");
    let env = [("TSC", tsc.to_string_lossy().into_owned())];
    crate::e2e::node_tests(&scratch, &env)
}
