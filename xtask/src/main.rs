//! Build and development commands that plain `cargo` cannot express.
//!
//! The commands and their flags are declared once, in `flags.rs`; `cargo xtask --help`
//! prints them.

mod bench;
mod build;
mod content;
mod e2e;
mod flags;
mod fuzz;
mod icons;
mod package;
mod serve;
mod test;
#[cfg(test)]
mod tidy;
mod tools;
mod wasm_size;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xshell::{Cmd, Shell, cmd};

fn main() -> ExitCode {
    let flags = match flags::Xtask::from_env() {
        Ok(flags) => flags,
        Err(e) if e.is_help() => {
            println!("{e}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{e}\n\n{}", flags::Xtask::HELP);
            return ExitCode::FAILURE;
        }
    };
    use flags::{ContentCmd as C, XtaskCmd as X};
    let result = match flags.subcommand {
        X::Content(c) => match c.subcommand {
            C::Check(f) => content::check(f.dir, f.drafts),
            C::Graph(f) => content::graph(f.dir, f.flow, f.svg),
            C::Report(f) => content::report(f.dir),
            C::Diff(f) => content::diff(&f.rev),
            C::Json(f) => content::json(f.dir),
        },
        X::Assess(f) => content::assess(&f.scenario, f.dir),
        X::Test(_) => test::run(),
        X::Build(_) => build::build().map(drop),
        X::Package(_) => package::package().map(drop),
        X::E2e(_) => e2e::run().and_then(|(passed, failed)| {
            println!("\n{passed} passed, {failed} failed");
            if failed == 0 { Ok(()) } else { Err(format!("{failed} browser test(s) failed")) }
        }),
        X::Serve(f) => serve::run(f.port.unwrap_or(8080), f.dist),
        X::Bench(_) => bench::run(),
        X::Fuzz(f) => fuzz::run(f.cases.unwrap_or(1_000_000)),
        X::Icons(_) => icons::run_icons(),
        X::Golden(flags::Golden { update: () }) => golden_update(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Rewrites the golden outcome records; `git diff tests/golden` then shows what changed.
fn golden_update() -> Result<(), String> {
    let sh = shell()?;
    eprintln!("(with UPDATE_GOLDEN=1)");
    run(cmd!(sh, "cargo test -p safeguard-tests --test golden").env("UPDATE_GOLDEN", "1"))?;
    println!("Rewrote tests/golden/. Review with `git diff tests/golden` and commit.");
    Ok(())
}

/// The workspace root (xtask lives one folder below it).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A shell in the workspace root. Commands are written as `cmd!(sh, "cargo test {args...}")`
/// (xshell): each argument stays one argument, never split again on spaces, and the command
/// is echoed before it runs.
pub fn shell() -> Result<Shell, String> {
    let sh = Shell::new().map_err(|e| format!("no shell: {e}"))?;
    sh.change_dir(root());
    Ok(sh)
}

/// Runs a command, its output streaming to ours; the error names the command and its status.
pub fn run(cmd: Cmd<'_>) -> Result<(), String> {
    cmd.run().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::flags::{Xtask, XtaskCmd};

    fn parse(args: &[&str]) -> xflags::Result<Xtask> {
        Xtask::from_vec(args.iter().map(Into::into).collect())
    }

    #[test]
    fn an_unknown_flag_or_command_is_an_error_not_ignored() {
        let wrong = parse(&["serve", "--prot", "9000"]).expect_err("a misspelt flag is refused");
        assert!(wrong.to_string().contains("--prot"), "{wrong}");
        assert!(parse(&["serv"]).is_err());
        assert!(parse(&["serve", "--port", "nine"]).is_err(), "a port is a number");
        assert!(parse(&["golden"]).is_err(), "golden rewrites files only when asked with --update");
        match parse(&["serve", "--port", "9000"]).map(|f| f.subcommand) {
            Ok(XtaskCmd::Serve(s)) => assert_eq!(s.port, Some(9000)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_usage_names_every_command() {
        for command in [
            "content check",
            "assess",
            "test",
            "build",
            "package",
            "e2e",
            "serve",
            "bench",
            "fuzz",
            "golden",
            "icons",
        ] {
            assert!(Xtask::HELP.contains(&format!("xtask {command}")), "{command}");
        }
    }
}
