//! Build and development commands that plain `cargo` cannot express.
//!
//! ```text
//! cargo xtask content check [--dir DIR] [--drafts]   validate a pack, print every problem and its counts
//! cargo xtask content graph [<flow>] [--svg DIR]     flows as Graphviz DOT (SVG with --svg)
//! cargo xtask content diff <git-ref>                 what changed in the pack since a revision
//! cargo xtask content report [--dir DIR]             sign-off sheet: verified / draft / overdue per area
//! cargo xtask content json [--dir DIR]               the pack as one JSON object, for Assistant.fromJson
//! cargo xtask assess <scenario.toml> [--dir DIR]     run one scenario, print the outcome and record
//! cargo xtask test                                   everything CI runs, installing what is missing
//! cargo xtask build                                  the site in dist/, with file sizes
//! cargo xtask package                                the npm package of the JavaScript API (target/npm/)
//! cargo xtask serve [--port N] [--dist DIR]          build and serve the app on http://127.0.0.1:8080
//!                                                    (--dist: serve that earlier build as it is)
//! cargo xtask bench                                  engine benchmarks and answer counts
//! cargo xtask golden --update                        rewrite the golden outcome records
//! cargo xtask icons                                  render the app icons (PNG) from web/icons/icon.svg
//! ```

mod bench;
mod build;
mod content;
mod e2e;
mod icons;
mod package;
mod serve;
mod test;
mod tools;
mod wasm_size;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["content", "check", rest @ ..] => content::check(rest),
        ["content", "graph", rest @ ..] => content::graph(rest),
        ["content", "report", rest @ ..] => content::report(rest),
        ["content", "diff", rest @ ..] => content::diff(rest),
        ["content", "json", rest @ ..] => content::json(rest),
        ["assess", file, rest @ ..] => content::assess(Path::new(file), rest),
        ["test"] => test::run(),
        ["build"] => build::build().map(drop),
        ["package"] => package::package().map(drop),
        ["e2e"] => e2e::run().and_then(|(passed, failed)| {
            println!("\n{passed} passed, {failed} failed");
            if failed == 0 { Ok(()) } else { Err(format!("{failed} browser test(s) failed")) }
        }),
        ["serve", rest @ ..] => serve::run(rest),
        ["bench"] => bench::run(),
        ["icons"] => icons::run_icons(),
        ["golden", "--update"] => golden_update(),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <command>
  content check [--dir DIR] [--drafts]   validate the content pack (default: content/)
  content graph [<flow>] [--svg DIR]     flows as Graphviz DOT, or SVG files with --svg
  content diff <git-ref>                 items added, removed and changed since a revision
  content json [--dir DIR]               the pack as one JSON object, for Assistant.fromJson
  content report [--dir DIR]             the sign-off sheet: verified, draft and overdue items per area
  assess <scenario.toml> [--dir DIR]     run one scenario and print its record
  test                                   run every check and test (what CI runs)
  build                                  build the site into dist/ and report its size
  package                                the npm package of the JavaScript API, packed into target/npm/
  e2e                                    only the browser tests (part of `test`)
  serve [--port N] [--dist DIR]          build and serve the app on http://127.0.0.1:8080
                                         (--dist: serve that earlier build as it is)
  bench                                  run the benchmarks
  golden --update                        rewrite tests/golden/ from the scenarios (review the diff)
  icons                                  render the app icons from web/icons/icon.svg (commit the PNGs)";

/// Rewrites the golden outcome records; `git diff tests/golden` then shows what changed.
fn golden_update() -> Result<(), String> {
    eprintln!("$ UPDATE_GOLDEN=1 cargo test -p safeguard-tests --test golden");
    let status = Command::new("cargo")
        .args(["test", "-p", "safeguard-tests", "--test", "golden"])
        .env("UPDATE_GOLDEN", "1")
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    if !status.success() {
        return Err("updating the golden records failed".to_owned());
    }
    println!("Rewrote tests/golden/. Review with `git diff tests/golden` and commit.");
    Ok(())
}

/// The workspace root (xtask lives one folder below it).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Runs a command in the workspace root, streaming its output; an error names the command.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not start `{program}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{program} {}` failed ({status})", args.join(" "))) }
}

/// The value after `--name` in `args`, if any.
pub fn flag<'a>(args: &[&'a str], name: &str) -> Option<&'a str> {
    args.windows(2).find(|w| w.first() == Some(&name)).and_then(|w| w.get(1).copied())
}
