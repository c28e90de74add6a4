//! `content check`, `content graph` and `assess`: the content author's commands.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use safeguard_content::host::{pack_files, today};
use safeguard_core::model::{NodeKind, REVIEW_MONTHS, Status};
use safeguard_core::{Loaded, Pack, Severity, SourceFile, Target};
use safeguard_tests::Scenario;

use xshell::cmd;

use crate::{root, run, shell};

/// Reads and validates the pack in `dir`; on failure, every problem in one message.
pub fn load_dir(dir: &Path) -> Result<Loaded, String> {
    let texts = read_pack(dir)?;
    let sources: Vec<SourceFile<'_>> = texts.iter().map(|(path, text)| SourceFile { path, text }).collect();
    Pack::load(&sources, today()).map_err(|diagnostics| {
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let mut msg = String::new();
        for d in &diagnostics {
            let _ = writeln!(msg, "{d}");
        }
        let _ =
            write!(msg, "\n{errors} error(s): the pack in {} must not reach a practitioner.", dir.display());
        msg
    })
}

/// The pack's folder: `--dir`, else `content/`.
fn pack_dir(dir: Option<PathBuf>) -> PathBuf {
    dir.unwrap_or_else(|| root().join("content"))
}

pub fn check(dir: Option<PathBuf>, list_drafts: bool) -> Result<(), String> {
    let dir = pack_dir(dir);
    let Loaded { pack, warnings } = load_dir(&dir)?;
    let (drafts, warnings): (Vec<_>, Vec<_>) =
        warnings.into_iter().partition(|w| w.severity == Severity::Draft);
    for w in &warnings {
        println!("{w}");
    }
    if list_drafts {
        for d in &drafts {
            println!("{d}");
        }
    }
    let c = pack.counts();
    let info = pack.info();
    println!("{} {} (content {})", info.name, info.version, pack.hash());
    println!(
        "ok: {} areas, {} levels, {} indicators, {} questions, {} outcomes, {} contacts, {} chapters",
        c.areas, c.levels, c.indicators, c.questions, c.outcomes, c.contacts, c.chapters
    );
    println!("0 errors, {} warnings, {} draft items (list them with --drafts)", warnings.len(), c.drafts);
    Ok(())
}

/// `content report`: the sign-off sheet. Per area, how many items are verified, draft and
/// overdue for review, and the sources the guidance rests on.
pub fn report(dir: Option<PathBuf>) -> Result<(), String> {
    let Loaded { pack, .. } = load_dir(&pack_dir(dir))?;
    let today = today();
    let area_of = |kind: &str, id: &str| -> Option<String> {
        match kind {
            "area" => Some(id.to_owned()),
            "level" => {
                pack.areas().find(|a| a.level.iter().any(|l| l.id.as_str() == id)).map(|a| a.id.to_string())
            }
            "contact" => pack.contact(id).and_then(|c| c.area.as_ref()).map(ToString::to_string),
            _ => None,
        }
    };
    let items = pack.sourced_items();
    let mut groups: Vec<(String, String)> =
        pack.areas().map(|a| (a.id.to_string(), a.name.clone())).collect();
    groups.push((String::new(), "All areas (shared items)".to_owned()));
    let info = pack.info();
    println!("# Sign-off sheet: {} {} (content {})\n", info.name, info.version, pack.hash());
    println!("Items are overdue when last reviewed more than {REVIEW_MONTHS} months ago.\n");
    println!("| area | verified | draft | overdue |\n| --- | ---: | ---: | ---: |");
    for (id, name) in &groups {
        let mine: Vec<_> =
            items.iter().filter(|i| area_of(i.kind, i.id).unwrap_or_default() == *id).collect();
        let verified = mine.iter().filter(|i| i.provenance.status == Status::Verified).count();
        let overdue = mine.iter().filter(|i| i.provenance.overdue(today)).count();
        println!("| {name} | {verified} | {} | {overdue} |", mine.len() - verified);
    }
    let mut sources: std::collections::BTreeMap<&str, (usize, usize)> = std::collections::BTreeMap::new();
    for i in &items {
        let entry = sources.entry(i.provenance.source).or_default();
        entry.0 += 1;
        if i.provenance.status == Status::Draft {
            entry.1 += 1;
        }
    }
    let mut sources: Vec<_> = sources.into_iter().collect();
    sources.sort_by_key(|(source, (n, _))| (std::cmp::Reverse(*n), *source));
    println!(
        "\n## Sources ({} addresses)\n\n| items | of which draft | source |\n| ---: | ---: | --- |",
        sources.len()
    );
    for (source, (n, drafts)) in sources {
        println!("| {n} | {drafts} | {source} |");
    }
    Ok(())
}

/// `content graph [<flow>] [--svg DIR]`: a flow (or every flow) as Graphviz DOT on standard
/// output, or with `--svg DIR`, one SVG per flow written by Graphviz's `dot` when installed.
pub fn graph(dir: Option<PathBuf>, named: Option<String>, svg: Option<PathBuf>) -> Result<(), String> {
    let Loaded { pack, .. } = load_dir(&pack_dir(dir))?;
    let flows: Vec<_> = match named {
        Some(id) => vec![pack.flow(&id).ok_or_else(|| format!("no flow `{id}`"))?],
        None => pack.flows().collect(),
    };
    let Some(dir) = svg else {
        for flow in flows {
            print!("{}", dot(&pack, &flow.id));
        }
        return Ok(());
    };
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    // Commands run in the workspace root: the folder as the caller named it.
    let dir = std::path::absolute(&dir).map_err(|e| e.to_string())?;
    for flow in flows {
        let out = dir.join(format!("{}.svg", flow.id));
        let sh = shell()?;
        run(cmd!(sh, "dot -Tsvg -o {out}").stdin(dot(&pack, &flow.id)))
            .map_err(|e| format!("{e} (Graphviz is needed for --svg: apt-get install graphviz)"))?;
        println!("wrote {}", out.display());
    }
    Ok(())
}

/// `content diff <old-ref>`: items added, removed and changed in the pack since a git
/// revision, by kind and id, for reviewers.
pub fn diff(old_ref: &str) -> Result<(), String> {
    let scratch = root().join("target").join("content-diff");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    // Export the old content folder with git itself, so nothing in the work tree changes.
    let sh = shell()?;
    let archive = cmd!(sh, "git archive --format=tar {old_ref} content").ignore_status().output();
    let archive = archive.map_err(|e| e.to_string())?;
    if !archive.status.success() {
        return Err(format!("git archive {old_ref}: {}", String::from_utf8_lossy(&archive.stderr).trim()));
    }
    run(cmd!(sh, "tar -x -C {scratch}").stdin(archive.stdout))?;
    let (old_items, new_items) = (items_in(&scratch.join("content"))?, items_in(&pack_dir(None))?);
    println!("Changes to the content since {old_ref}:\n");
    let (mut added, mut removed, mut changed) = (0, 0, 0);
    for (key, text) in &new_items {
        match old_items.get(key) {
            None => {
                added += 1;
                println!("added    {} {}", key.0, key.1);
            }
            Some(before) if before != text => {
                changed += 1;
                println!("changed  {} {}", key.0, key.1);
            }
            Some(_) => {}
        }
    }
    for key in old_items.keys().filter(|k| !new_items.contains_key(*k)) {
        removed += 1;
        println!("removed  {} {}", key.0, key.1);
    }
    println!("\n{added} added, {removed} removed, {changed} changed.");
    Ok(())
}

/// The (name, text) of each file of the pack in `dir`.
fn read_pack(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut texts = Vec::new();
    for (name, path) in pack_files(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        texts.push((name, text));
    }
    Ok(texts)
}

/// `content json [--dir DIR]`: the pack in the form the JavaScript API reads
/// (`Assistant.fromJson`), on standard output, after checking that it is valid.
pub fn json(dir: Option<PathBuf>) -> Result<(), String> {
    let dir = pack_dir(dir);
    load_dir(&dir)?;
    let texts = read_pack(&dir)?;
    let sources: Vec<SourceFile<'_>> = texts.iter().map(|(path, text)| SourceFile { path, text }).collect();
    let json = safeguard_tests::json_form(&sources)?;
    writeln!(std::io::stdout(), "{json}").map_err(|e| format!("cannot write the pack: {e}"))
}

/// Every item of the pack files in `dir` by (table, id), with a text that changes whenever
/// the item does. Read as plain TOML, not through the content model, so a pack written for
/// an older schema can still be compared.
fn items_in(dir: &Path) -> Result<BTreeMap<(String, String), String>, String> {
    let mut out = BTreeMap::new();
    for (name, path) in pack_files(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
        for (kind, value) in table {
            match value {
                toml::Value::Array(items) => {
                    for item in items {
                        add_item(&mut out, &kind, item);
                    }
                }
                other => {
                    out.insert((kind.clone(), format!("[{kind}]")), format!("{other:?}"));
                }
            }
        }
    }
    Ok(out)
}

/// Adds one item, and an area's levels (or an escalation's stages) as items of their own.
fn add_item(out: &mut BTreeMap<(String, String), String>, kind: &str, mut item: toml::Value) {
    if let toml::Value::Table(t) = &mut item {
        for nested in ["level", "stage"] {
            if let Some(toml::Value::Array(children)) = t.remove(nested) {
                for child in children {
                    add_item(out, nested, child);
                }
            }
        }
    }
    let id = item.get("id").or_else(|| item.get("region")).and_then(|v| v.as_str()).unwrap_or("?").to_owned();
    out.insert((kind.to_owned(), id), format!("{item:?}"));
}

/// A flow as Graphviz DOT: questions as boxes, outcomes as rounded boxes, skips dashed.
fn dot(pack: &Pack, flow: &safeguard_core::FlowId) -> String {
    let q = |s: &str| format!("{s:?}");
    let mut out =
        format!("digraph {} {{\n  rankdir=TB;\n  node [shape=box, fontname=\"Arial\"];\n", q(flow.as_str()));
    let mut outcomes = std::collections::BTreeSet::new();
    for n in pack.nodes_of(flow) {
        let _ =
            writeln!(out, "  {} [label={}];", q(n.id.as_str()), q(&format!("{}\n({})", n.question, n.id)));
        let mut edge = |to: &str, label: &str, style: &str| {
            if let Some(Target::Outcome(o)) = pack.target(to) {
                outcomes.insert(o.id.clone());
            }
            let _ = writeln!(out, "  {} -> {} [label={}{style}];", q(n.id.as_str()), q(to), q(label));
        };
        match n.kind {
            NodeKind::Choice => {
                for o in &n.options {
                    let not_sure = if n.not_sure.as_ref() == Some(&o.id) { " / not sure" } else { "" };
                    if let Some(next) = &o.next {
                        edge(next, &format!("{}{not_sure}", o.label), "");
                    }
                }
                if let (Some(_), Some(next)) = (&n.when, &n.next) {
                    edge(next, "skipped", ", style=dashed");
                }
            }
            _ => {
                if let Some(next) = &n.next {
                    let label = if n.when.is_some() { "answered or skipped" } else { "" };
                    edge(next, label, "");
                }
            }
        }
    }
    for id in outcomes {
        if let Some(o) = pack.outcome(id.as_str()) {
            let _ = writeln!(
                out,
                "  {} [label={}, shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0e8\"];",
                q(id.as_str()),
                q(&o.title)
            );
        }
    }
    out.push_str("}\n");
    out
}

pub fn assess(file: &Path, dir: Option<PathBuf>) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let scenario = Scenario::parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let Loaded { pack, .. } = load_dir(&pack_dir(dir))?;
    let run = scenario.run(&pack).map_err(|e| format!("{}: {e}", file.display()))?;
    println!("Scenario: {}", scenario.title);
    println!("Outcome: {}", run.outcome);
    if let Some(level) = &run.level {
        println!("Level: {level}");
    }
    println!("Answers needed: {}\n", run.path.len());
    print!("{}", run.record);
    match scenario.check(&pack) {
        Ok(_) => Ok(()),
        Err(problems) => {
            Err(format!("\nThe scenario's expectations do not hold:\n- {}", problems.join("\n- ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into a fresh folder under `target/` and returns it.
    fn pack_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = root().join("target").join("xtask-tests").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        dir
    }

    #[test]
    fn content_diff_lists_added_removed_and_changed_items() {
        let base = std::fs::read_to_string(root().join("tests/fixtures/base.toml")).unwrap();
        let old = pack_dir("old", &[("base.toml", &base)]);
        let changed = base
            .replace("phone = \"01234 000000\"", "phone = \"01234 999999\"")
            .replace("[[indicator]]\nid = \"hungry\"", "[[indicator]]\nid = \"often-hungry\"");
        let new = pack_dir("new", &[("base.toml", &changed)]);
        let (before, after) = (items_in(&old).unwrap(), items_in(&new).unwrap());
        let key = |kind: &str, id: &str| (kind.to_owned(), id.to_owned());
        assert_ne!(before.get(&key("contact", "town-door")), after.get(&key("contact", "town-door")));
        assert!(
            before.contains_key(&key("indicator", "hungry"))
                && !after.contains_key(&key("indicator", "hungry"))
        );
        assert!(after.contains_key(&key("indicator", "often-hungry")));
        assert_eq!(
            before.get(&key("level", "town-2")),
            after.get(&key("level", "town-2")),
            "levels are items too"
        );
    }
}
