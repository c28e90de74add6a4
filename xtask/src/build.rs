//! `cargo xtask build`: the site in `dist/`.
//!
//! cargo (release, wasm32) → wasm-bindgen `--target web` → wasm-opt `-Oz` (binaryen 132 from
//! npm) → scripts and stylesheets minified (esbuild from npm) → content-hashed file names (so they can be cached for ever): the module, its glue,
//! `boot.js`, `load.js` and `offline.js`, the compiled content pack and its front, the two stylesheets, the icons and the web app manifest → `index.html` that
//! references them → `widget.js`, the intranet widget (not hashed: hosts link to it) →
//! `sw.js`, the service worker, holding the build's version and the exact list of its files
//! to keep offline → a brotli and a gzip copy of each text and WASM file. No inline script
//! or style, so the strict Content-Security-Policy holds. Prints each file's size raw,
//! gzipped and brotli, and the first-load total.

use std::path::{Path, PathBuf};

use safeguard_core::model::PackInfo;
use safeguard_core::{DOORS_HEADING, DOORS_INTRO, Front, fingerprint, tel_address};

use xshell::cmd;

use crate::{root, run, shell, tools};

/// What rustc 1.95 enables for wasm32 by default; wasm-opt must accept the same.
pub const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
];

/// Builds the bindings crate for wasm32 with `features` (cargo's feature arguments), runs
/// wasm-bindgen (`--target web`, TypeScript definitions if asked) and wasm-opt `-Oz` into
/// `out`, and returns the paths of the glue (`<name>.js`) and the module (`<name>_bg.wasm`).
pub fn module(
    features: &[&str],
    name: &str,
    out: &Path,
    typescript: bool,
) -> Result<(PathBuf, PathBuf), String> {
    tools::wasm_target()?;
    tools::wasm_bindgen()?;
    tools::npm()?;
    let sh = shell()?;
    run(cmd!(
        sh,
        "cargo build --release --target wasm32-unknown-unknown -p safeguard-bindings {features...}"
    ))?;
    let raw = root().join("target").join("wasm32-unknown-unknown/release/safeguard_bindings.wasm");
    let (glue, wasm) = (out.join(format!("{name}.js")), out.join(format!("{name}_bg.wasm")));
    // The same module as last time (a content-only change, say): wasm-bindgen and the
    // optimiser, most of a build's time, would only write the same files again.
    let built = out.join(".built-from");
    let source =
        fingerprint([read(&raw)?.as_slice(), format!("{features:?} {name} {typescript}").as_bytes()]);
    if glue.exists() && wasm.exists() && std::fs::read_to_string(&built).is_ok_and(|b| b == source) {
        eprintln!("(the module is unchanged since the last build: reusing {})", out.display());
        return Ok((glue, wasm));
    }
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let no_typescript = (!typescript).then_some("--no-typescript");
    run(cmd!(sh, "wasm-bindgen {no_typescript...} --target web --out-name {name} --out-dir {out} {raw}"))?;
    let wasm = out.join(format!("{name}_bg.wasm"));
    let optimised = out.join(format!("{name}_bg.opt.wasm"));
    // First, functions that differ only in constants (copies of one generic function) become
    // one with a parameter: ~0.7 KB gzip. `--converge` repeats the passes until the module
    // stops shrinking: ~1.5 KB gzip for a few more seconds of build. Ordering the functions by
    // name (before the names are stripped) puts the copies of each generic function side by
    // side, where the compressor finds their likeness: ~2 KB gzip, with the same code.
    let passes = [
        "--merge-similar-functions",
        "-Oz",
        "--converge",
        "--reorder-functions-by-name",
        "--strip-debug",
        "--strip-producers",
    ];
    let (wasm_opt, features) = (tools::wasm_opt(), WASM_FEATURES);
    run(cmd!(sh, "{wasm_opt} {passes...} {features...} {wasm} -o {optimised}"))?;
    std::fs::rename(&optimised, &wasm).map_err(|e| format!("cannot replace {}: {e}", wasm.display()))?;
    std::fs::write(&built, source).map_err(|e| e.to_string())?;
    Ok((glue, wasm))
}

/// Builds the site from `content/` into `dist/` and returns its path.
pub fn build() -> Result<PathBuf, String> {
    build_from(&root().join("content"), &root().join("dist"))
}

/// Builds the site with the pack in `content` into `dist`. The module does not depend on the
/// content (it is handed the pack file at run time), so two builds that differ only in
/// content differ only in the pack file and the files that name it or show its front doors.
pub fn build_from(content: &Path, dist: &Path) -> Result<PathBuf, String> {
    let (glue_file, wasm_file) = module(&[], "app", &root().join("target").join("site-pkg"), false)?;
    let web = root().join("web");
    let dist = dist.to_path_buf();
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear {}: {e}", dist.display()))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    let glue = emit(&dist, "app", "js", &minified(&read(&glue_file)?, "js")?)?;
    let module_bytes = read(&wasm_file)?;
    let wasm = emit(&dist, "app", "wasm", &module_bytes)?;
    // Asks for the pack a round trip before the module's last byte is due, so it needs the
    // module's size.
    let load = fill(
        &read_text(&web.join("load.js"))?,
        &[("%GLUE%", glue.as_str()), ("%WASM_SIZE%", &module_bytes.len().to_string())],
    );
    let load = emit(&dist, "load", "js", &minified(load.as_bytes(), "js")?)?;
    let base = emit(&dist, "base", "css", &minified(&read(&web.join("base.css"))?, "css")?)?;
    let css = emit(&dist, "style", "css", &minified(&read(&web.join("style.css"))?, "css")?)?;
    let offline = emit(&dist, "offline", "js", &minified(&read(&web.join("offline.js"))?, "js")?)?;
    let names = [
        ("%GLUE%", glue.as_str()),
        ("%WASM%", &wasm),
        ("%OFFLINE%", &offline),
        ("%LOAD%", &load),
        ("%BASE_CSS%", &base),
        ("%CSS%", &css),
    ];
    // `boot.js` does not name the pack or its front (it reads their addresses from the page),
    // so a content change leaves it, and every other hashed name but theirs, as it was.
    let boot = fill(&read_text(&web.join("boot.js"))?, &names);
    let boot = emit(&dist, "boot", "js", &minified(boot.as_bytes(), "js")?)?;
    let pack = crate::content::load_dir(content)?.pack;
    // The validated pack in its compiled form, a file of its own beside the module: a
    // content correction is a new pack file, not a new module.
    let pack_file = emit(&dist, "pack", "bin", &pack.compile())?;
    // Its front, enough for the start pages: the app starts with it while the pack is on its
    // way (see `safeguard_core::Front`).
    let front = pack.front();
    let front_file = emit(&dist, "front", "bin", &front.compile())?;
    let doors = front_doors(&front);
    // The widget keeps its name: host pages link to it. Its loading and failure states show
    // the same front doors as the page.
    let doors_json = serde_json::to_string(&doors).map_err(|e| e.to_string())?;
    let widget = fill(&read_text(&web.join("widget.js"))?, &names)
        .replace("%FRONT_DOORS%", &doors_json)
        .replace("%PACK%", &pack_file)
        .replace("%FRONT%", &front_file);
    let widget = minified(widget.as_bytes(), "js")?;
    std::fs::write(dist.join("widget.js"), widget).map_err(|e| format!("cannot write widget.js: {e}"))?;
    let mut icons = Vec::new();
    for &(name, size, maskable) in crate::icons::ICONS {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "png"));
        icons.push((emit(&dist, stem, ext, &read(&web.join("icons").join(name))?)?, size, maskable));
    }
    let manifest = emit(&dist, "manifest", "webmanifest", manifest(pack.info(), &icons)?.as_bytes())?;
    let page = Page {
        info: pack.info(),
        front_doors: front_doors_html(&doors),
        base: &base,
        css: &css,
        wasm: &wasm,
        pack: &pack_file,
        front: &front_file,
        glue: &glue,
        offline: &offline,
        load: &load,
        boot: &boot,
        manifest: &manifest,
        icons: &icons,
    };
    std::fs::write(dist.join("index.html"), page.html()).map_err(|e| e.to_string())?;
    service_worker(&dist, &web)?;
    precompress(&dist)?;
    report(&dist)?;
    Ok(dist)
}

/// Writes `sw.js` (not hashed: its address must stay the same for updates to be found) with
/// the build's version and its exact file list: every file in `dist/` but the worker itself,
/// the page as `./`.
fn service_worker(dist: &Path, web: &Path) -> Result<(), String> {
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut contents = Vec::new();
    for name in &names {
        contents.push(read(&dist.join(name))?);
    }
    let version = fingerprint(names.iter().map(|n| n.as_bytes()).chain(contents.iter().map(Vec::as_slice)));
    let files: Vec<String> = names
        .iter()
        .map(|n| if n == "index.html" { "\"./\"".to_owned() } else { format!("{n:?}") })
        .collect();
    let worker = fill(
        &read_text(&web.join("sw.js"))?,
        &[("%VERSION%", &version), ("%FILES%", &format!("[{}]", files.join(", ")))],
    );
    let worker = minified(worker.as_bytes(), "js")?;
    std::fs::write(dist.join("sw.js"), worker).map_err(|e| format!("cannot write sw.js: {e}"))
}

/// Whether a file is a compressed copy written by [`precompress`].
pub fn is_compressed_copy(name: &str) -> bool {
    name.ends_with(".gz") || name.ends_with(".br")
}

/// Writes a gzip (`.gz`) and a brotli (`.br`, quality 11) copy beside every text and WASM
/// file, as servers with `gzip_static`/`brotli_static` (or a CDN) serve them: the files are
/// compressed once, at their best, not on every request. The gzip copies come from zopfli,
/// whose output any gzip reader takes but is about 5 % smaller than `gzip -9`.
pub(crate) fn precompress(dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if matches!(ext, "html" | "js" | "css" | "wasm" | "bin" | "webmanifest" | "svg" | "json") {
            files.push(path.to_string_lossy().into_owned());
        }
    }
    for file in &files {
        let data = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let mut gz = Vec::new();
        zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, data.as_slice(), &mut gz)
            .map_err(|e| format!("cannot gzip {file}: {e}"))?;
        std::fs::write(format!("{file}.gz"), gz).map_err(|e| e.to_string())?;
    }
    let brotli = "const fs = require('fs'), zlib = require('zlib');\nfor (const f of process.argv.slice(1)) fs.writeFileSync(f + '.br', zlib.brotliCompressSync(fs.readFileSync(f), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));";
    let sh = shell()?;
    run(cmd!(sh, "node -e {brotli} {files...}").quiet())
}

/// The web app manifest. Start URL, scope and id are relative, so the app installs from any
/// base path.
fn manifest(info: &PackInfo, icons: &[(String, u32, bool)]) -> Result<String, String> {
    let icons: Vec<serde_json::Value> = icons
        .iter()
        .map(|(src, size, maskable)| {
            serde_json::json!({
                "src": src,
                "sizes": format!("{size}x{size}"),
                "type": "image/png",
                "purpose": if *maskable { "maskable" } else { "any" },
            })
        })
        .collect();
    let manifest = serde_json::json!({
        "id": "./",
        "name": info.title,
        "short_name": "Safeguarding guide",
        "description": info.audience,
        "lang": "en-GB",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": "#ffffff",
        "icons": icons,
    });
    serde_json::to_string_pretty(&manifest).map(|m| m + "\n").map_err(|e| e.to_string())
}

/// The app's brand colour (`--brand` in `web/base.css`), for the manifest and the browser bar.
const THEME: &str = "#1d70b8";

/// `text` minified by esbuild (npm, pinned): comments, spaces and local names go; what the
/// code or stylesheet does stays. `loader` is `js` or `css`. Every script and both stylesheets
/// are part of the first download.
fn minified(text: &[u8], loader: &str) -> Result<Vec<u8>, String> {
    let sh = shell()?;
    let esbuild = tools::esbuild();
    let minify = cmd!(sh, "{esbuild} --minify --loader={loader} --log-level=warning").stdin(text).quiet();
    let out = minify.ignore_status().output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("esbuild failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(out.stdout)
}

/// Replaces each `%MARKER%` of a template.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |text, (marker, value)| text.replace(marker, value))
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
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

/// The page that loads the app, with the names of the files it references.
struct Page<'a> {
    info: &'a PackInfo,
    /// Each area's front door and out-of-hours service, as HTML.
    front_doors: String,
    /// The stylesheet the page as served needs (in the head).
    base: &'a str,
    /// The app's own stylesheet (at the end of the body).
    css: &'a str,
    wasm: &'a str,
    pack: &'a str,
    front: &'a str,
    glue: &'a str,
    offline: &'a str,
    load: &'a str,
    boot: &'a str,
    manifest: &'a str,
    /// (file, size, maskable) of each icon.
    icons: &'a [(String, u32, bool)],
}

impl Page<'_> {
    /// Until the app starts, the page says what a person must know even if it never does:
    /// call 999 when a child is in immediate danger, and each area's front door and
    /// out-of-hours number with their hours — readable with JavaScript off or a module that
    /// fails to load, and on screen a whole module download sooner on a slow connection.
    ///
    /// The module is preloaded with the page: the glue asks for it only once the glue itself
    /// has arrived, which on a 560 ms round trip is one round trip spent waiting. `as="fetch"`
    /// with `crossorigin` matches the glue's own `fetch` (CORS mode, same-origin credentials),
    /// so the browser reuses the preloaded response instead of fetching twice. The pack's
    /// front (a few hundred bytes: what the start pages show) is preloaded the same way, and
    /// `boot.js` finds its address in that link (`data-front`). The pack itself is not
    /// preloaded: on a line shared equally among open requests it would slow the module
    /// down, and the start page needs only the front. `load.js` asks for it a round trip
    /// before the module's last byte is due, at the address in `#app`'s `data-pack`. On slow
    /// 4G at 4× CPU the start page was interactive about 290 ms sooner (module in at 2499 →
    /// 2213 ms, median of 7 runs).
    ///
    /// Only `base.css` (what the page as served uses) is in the head. The app's stylesheet is
    /// linked at the end of the body: the browser paints what comes before it without
    /// waiting, and the module script, deferred, still runs only once it has arrived. On slow
    /// 4G at 4× CPU the numbers were on screen 71 ms sooner (median of 9 alternating runs,
    /// 1374 → 1303 ms; the start page interactive unchanged), because the smaller file shares
    /// the line with the module and the pack for less time.
    fn html(&self) -> String {
        let (title, audience) = (escape(&self.info.title), escape(&self.info.audience));
        let Page { base, css, glue, wasm, pack, front, offline, load, boot, manifest, front_doors, .. } =
            self;
        let icon = |want: u32| {
            self.icons
                .iter()
                .find(|(_, size, maskable)| *size == want && !maskable)
                .map_or("", |i| i.0.as_str())
        };
        let (small, large) = (icon(192), icon(512));
        format!(
            r#"<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{audience}">
<meta name="theme-color" content="{THEME}">
<link rel="manifest" href="{manifest}">
<link rel="icon" href="{small}" sizes="192x192" type="image/png">
<link rel="apple-touch-icon" href="{large}">
<link rel="stylesheet" href="{base}">
<link rel="preload" href="{wasm}" as="fetch" type="application/wasm" crossorigin>
<link rel="preload" href="{front}" as="fetch" crossorigin data-front>
<link rel="modulepreload" href="{glue}">
<link rel="modulepreload" href="{load}">
<link rel="modulepreload" href="{offline}">
<script type="module" src="{boot}"></script>
</head>
<body>
<div id="app" data-pack="{pack}">
<main class="width main">
<h1>{title}</h1>
<p><strong>If a child is in immediate danger, call 999 now.</strong></p>
<p class="loading">Loading the guide…</p>
<noscript><p>The guided questions need JavaScript. Until then, contact the children's services front door for where the child lives.</p></noscript>
{front_doors}
</main>
</div>
<link rel="stylesheet" href="{css}">
</body>
</html>
"#
        )
    }
}

/// An area's front door and out-of-hours chain (`safeguard_core::FrontDoor`) as the widget's
/// script takes it.
#[derive(serde::Serialize)]
struct FrontDoor {
    area: String,
    name: String,
    /// (service, (phone, its `tel:` address), hours)
    contacts: Vec<(String, Option<Phone>, String)>,
}

/// A phone number as shown, and its `tel:` address.
type Phone = (String, String);

fn front_doors(front: &Front) -> Vec<FrontDoor> {
    front
        .doors()
        .iter()
        .map(|door| FrontDoor {
            area: door.area.to_string(),
            name: door.name.clone(),
            contacts: door
                .services
                .iter()
                .map(|s| {
                    (s.name.clone(), s.phone.as_ref().map(|p| (p.clone(), tel_address(p))), s.hours.clone())
                })
                .collect(),
        })
        .collect()
}

/// The front doors as HTML for the page as served.
fn front_doors_html(doors: &[FrontDoor]) -> String {
    let mut html = format!("<h2>{DOORS_HEADING}</h2>\n<p>{DOORS_INTRO}</p>\n");
    for door in doors {
        html.push_str(&format!("<h3>{}</h3>\n<ul class=\"list\">\n", escape(&door.name)));
        for (name, phone, hours) in &door.contacts {
            let phone = phone
                .as_ref()
                .map_or(String::new(), |(p, tel)| format!(": <a href=\"{tel}\">{}</a>", escape(p)));
            html.push_str(&format!(
                "<li><strong>{}</strong>{phone}. {}.</li>\n",
                escape(name),
                escape(hours)
            ));
        }
        html.push_str("</ul>\n");
    }
    html
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
    // Bytes, and KiB (1024 bytes): "KB" in this project's budgets means KiB.
    println!("| **first load** | {raw} | {} ({:.1} KiB) | {} |\n", s.gzip, s.gzip as f64 / 1024.0, s.brotli);
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

/// The bytes a browser receives for each file in `dir`, as [`precompress`] left it: raw, and
/// gzip and brotli — the compressed copy where the build wrote one, the file itself where it
/// did not (images, already compressed, are sent as they are).
pub fn sizes(dir: &Path) -> Result<Sizes, String> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(|e| e.to_string())?.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut out = Sizes { files: Vec::new(), gzip: 0, brotli: 0 };
    let original = |f: &&PathBuf| f.is_file() && !is_compressed_copy(&f.to_string_lossy());
    for f in files.iter().filter(original) {
        let raw = std::fs::metadata(f).map(|m| m.len()).map_err(|e| e.to_string())?;
        let copy =
            |ext: &str| std::fs::metadata(format!("{}.{ext}", f.display())).map(|m| m.len()).unwrap_or(raw);
        let (gz, br) = (copy("gz"), copy("br"));
        out.gzip += gz;
        out.brotli += br;
        out.files.push((f.file_name().unwrap_or_default().to_string_lossy().into_owned(), raw, gz, br));
    }
    Ok(out)
}
