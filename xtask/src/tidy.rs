//! Tidy: the repository's written contracts checked against the repository, as in
//! rust-analyzer's `xtask/src/tidy.rs`. Run with the other tests (`cargo test -p xtask`).
//!
//! - Every file path, test name and command the documents cite exists.
//! - Every Rust file starts with a `//!` doc saying what it is for.
//! - The error codes the TypeScript definitions promise are exactly the codes the engine and
//!   the bindings can throw.

use std::path::{Path, PathBuf};

use crate::root;

/// The documents whose citations must stay true.
const DOCUMENTS: &[&str] = &[
    "README.md",
    "ARCHITECTURE.md",
    "SAFETY.md",
    "CONTENT.md",
    "EMBEDDING.md",
    "content/README.md",
    "bindings/npm/README.md",
];

/// Folders never searched: built or installed, not written.
const SKIPPED: &[&str] = &["target", "node_modules", "dist", ".git"];

/// Every file of the repository (paths relative to the root, with `/`).
fn repository_files() -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !SKIPPED.contains(&name.as_str()) {
                    walk(&path, base, out);
                }
            } else if let Ok(relative) = path.strip_prefix(base) {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), &root(), &mut out);
    out
}

/// The inline code spans of a Markdown text, fenced blocks left out.
fn code_spans(text: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            spans.extend(line.split('`').skip(1).step_by(2));
        }
    }
    spans
}

/// A span that names a file or folder of the repository (`core/src/dates.rs`, `tests/`).
fn is_path(span: &str) -> bool {
    const EXTENSIONS: &[&str] =
        &[".rs", ".toml", ".mjs", ".js", ".md", ".json", ".css", ".html", ".ts", ".svg"];
    span.contains('/')
        && !span.contains([' ', '*', '<', '>', '…', '{', '?', '#', ':', '='])
        && !span.starts_with(['/', '.'])
        // Built, not written.
        && !span.starts_with("target/")
        && !span.starts_with("dist/")
        && (span.ends_with('/') || EXTENSIONS.iter().any(|e| span.ends_with(e)))
}

/// A span that names a test: a Rust test function (`a_72_hour_dissent_is_due_at_a_time…`) or
/// a browser test's title (`when the module cannot load, the widget says…`, up to the `…`).
fn test_name(span: &str) -> Option<&str> {
    let snake = span.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && span.matches('_').count() >= 3;
    let title = span.split_whitespace().count() >= 4
        && span.starts_with(|c: char| c.is_ascii_lowercase())
        && !span.contains(['=', '(', '{', '<', '"', '$', '/', '|'])
        && !["cargo ", "npm ", "git ", "node ", "apt-get ", "rustup "].iter().any(|c| span.starts_with(c));
    (snake || title).then(|| span.split('…').next().unwrap_or(span).trim_end().trim_end_matches(['.', ',']))
}

/// Every citation in `text` (a document in `folder`) that does not hold: paths that are not
/// in `files`, test names found in no `sources` text.
fn broken_citations(text: &str, folder: &str, files: &[String], sources: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for span in code_spans(text) {
        if is_path(span) {
            let dir = span.ends_with('/');
            // Root-relative, document-relative, or relative to the section's own folder
            // (`src/app.rs` under "### `bindings/`"): some file's path ends with it.
            let found = files.iter().any(|f| {
                let f = format!("/{f}");
                let local = format!("/{folder}/{span}").replace("//", "/");
                if dir {
                    f.contains(&format!("/{span}"))
                } else {
                    f.ends_with(&format!("/{span}")) || f == local
                }
            });
            if !found {
                problems.push(format!("cites `{span}`, which is not in the repository"));
            }
        } else if let Some(name) = test_name(span) {
            // Apostrophes are escaped in the JavaScript titles.
            if !sources.contains(name) && !sources.contains(&name.replace('\'', "\\'")) {
                problems.push(format!("cites the test or name `{span}`, which no source file holds"));
            }
        }
    }
    problems
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The text of every source file (Rust, JavaScript, TOML): where test names must be found.
fn sources(files: &[String]) -> String {
    files
        .iter()
        .filter(|f| [".rs", ".mjs", ".js", ".toml"].iter().any(|e| f.ends_with(e)))
        .map(|f| read(&root().join(f)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_path_and_test_the_documents_cite_exists() {
    let files = repository_files();
    let sources = sources(&files);
    let mut problems = Vec::new();
    for doc in DOCUMENTS {
        let folder = Path::new(doc).parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        for p in broken_citations(&read(&root().join(doc)), &folder, &files, &sources) {
            problems.push(format!("{doc}: {p}"));
        }
    }
    assert!(problems.is_empty(), "documents that no longer tell the truth:\n{}", problems.join("\n"));
}

#[test]
fn a_planted_bad_reference_is_caught() {
    let files = vec!["core/src/dates.rs".to_owned(), "tests/e2e/widget.test.mjs".to_owned()];
    let sources = "fn a_real_test_of_four_words() {}\ntest('the widget says what to do', …)";
    let good = "`core/src/dates.rs`, `e2e/widget.test.mjs`, `tests/`, `a_real_test_of_four_words`, `the widget says what…`";
    assert_eq!(broken_citations(good, "", &files, sources), Vec::<String>::new());
    let bad = "`core/src/calendar.rs` and `an_imagined_test_of_words` and `the widget sings a song…`\n```sh\n`not/checked.rs`\n```";
    assert_eq!(
        broken_citations(bad, "", &files, sources).len(),
        3,
        "{:?}",
        broken_citations(bad, "", &files, sources)
    );
}

#[test]
fn every_rust_file_says_what_it_is_for() {
    let missing: Vec<String> = repository_files()
        .into_iter()
        .filter(|f| f.ends_with(".rs") && !f.starts_with("target/"))
        .filter(|f| !read(&root().join(f)).starts_with("//!"))
        .collect();
    assert!(missing.is_empty(), "Rust files without a `//!` doc at the top:\n{}", missing.join("\n"));
}

/// The quoted upper-case codes that follow `marker` in `text`: `=> "UNKNOWN_FLOW"`.
fn codes_after(text: &str, marker: &str) -> std::collections::BTreeSet<String> {
    text.match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = text.get(at + marker.len()..)?;
            let code: String = rest.chars().take_while(|c| c.is_ascii_uppercase() || *c == '_').collect();
            (!code.is_empty() && rest.get(code.len()..)?.starts_with('"')).then_some(code)
        })
        .collect()
}

#[test]
fn the_typescript_error_codes_are_exactly_those_thrown() {
    let engine = read(&root().join("core/src/error.rs"));
    let code_fn = engine.split("pub fn code(&self)").nth(1).expect("EngineError::code in core/src/error.rs");
    let mut thrown = codes_after(code_fn.split("\n    }\n").next().unwrap_or_default(), "=> \"");
    let bindings: PathBuf = root().join("bindings/src");
    for entry in std::fs::read_dir(&bindings).into_iter().flatten().flatten() {
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let text = read(&entry.path());
            thrown.extend(codes_after(&text, "Failure::new(\""));
            thrown.extend(codes_after(&text, "code: \""));
        }
    }
    let api = read(&bindings.join("api.rs"));
    let declared = api
        .split("export type ErrorCode =")
        .nth(1)
        .and_then(|t| t.split(';').next())
        .expect("`export type ErrorCode = …;` in bindings/src/api.rs");
    let declared = codes_after(declared, "\"");
    assert!(thrown.len() > 10, "codes found: {thrown:?}");
    assert_eq!(declared, thrown, "the TypeScript ErrorCode type and the codes thrown differ");
}

type Graph = std::collections::BTreeMap<String, std::collections::BTreeSet<String>>;

/// What each of a crate's modules names after `crate::` (the first segment of each path: a
/// module, or an item of the crate root), tests and comments left out.
fn crate_paths(src: &Path) -> (Vec<String>, Graph) {
    let modules: Vec<String> = std::fs::read_dir(src)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".rs").map(str::to_owned))
        .collect();
    let mut graph = Graph::new();
    for module in &modules {
        let text = read(&src.join(format!("{module}.rs")));
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let code: String =
            code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        let mut uses = std::collections::BTreeSet::new();
        for (at, _) in code.match_indices("crate::") {
            let rest = code.get(at + "crate::".len()..).unwrap_or_default();
            // `crate::{a, b::c}` names several.
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or_default())
                    .collect(),
                None => vec![
                    rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or_default(),
                ],
            };
            uses.extend(names.into_iter().filter(|n| !n.is_empty() && n != module).map(str::to_owned));
        }
        graph.insert(module.clone(), uses);
    }
    (modules, graph)
}

/// Which of a crate's modules each module uses (`crate::name`), tests and comments left out.
fn module_imports(src: &Path) -> Graph {
    let (modules, mut graph) = crate_paths(src);
    for uses in graph.values_mut() {
        uses.retain(|n| modules.contains(n));
    }
    graph
}

/// A chain of imports that comes back to where it started, if there is one.
fn import_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path.split_off(at);
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    graph.keys().find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_cores_imports_point_one_way() {
    // The layers ARCHITECTURE.md lists (calendar → model → pack → hours, dates → validate,
    // compiled → load → contact, assess, search → engine, escalation → advice → record):
    // no module uses one that uses it back.
    let graph = module_imports(&root().join("core/src"));
    assert!(graph.len() > 15, "{graph:?}");
    assert_eq!(import_cycle(&graph), None, "a circle of imports in core/src");
    let planted: Graph =
        [("a".to_owned(), ["b".to_owned()].into()), ("b".to_owned(), ["a".to_owned()].into())].into();
    assert_eq!(import_cycle(&planted), Some(vec!["a".into(), "b".into(), "a".into()]));
}

#[test]
fn the_web_crates_imports_point_down() {
    // The rooms lib.rs lists (device, host, route, date input → drafts, store, offline → state
    // → journey → signs → forms → dates page → saved → result → pages → lib.rs): no module uses
    // one that uses it back, and none reaches up into lib.rs for an item of the crate root.
    let src = root().join("web/src");
    let graph = module_imports(&src);
    assert!(graph.len() > 12, "{graph:?}");
    assert_eq!(import_cycle(&graph), None, "a circle of imports in web/src");
    let (modules, paths) = crate_paths(&src);
    let up: Vec<(String, String)> = paths
        .iter()
        .filter(|(module, _)| module.as_str() != "lib")
        .flat_map(|(module, uses)| {
            uses.iter().filter(|n| !modules.contains(n)).map(move |n| (module.clone(), n.clone()))
        })
        .collect();
    assert_eq!(up, Vec::<(String, String)>::new(), "modules that use an item of lib.rs");
}
