//! End-to-end tests in real Chromium: the built site is served on a free loopback port, the
//! practitioner scenarios are turned into click-by-click walks (labels to click, text to
//! expect), and `node --test tests/e2e/` drives Chromium through them with Playwright.

use std::path::Path;
use xshell::cmd;

use chrono::{Datelike, NaiveDateTime, TimeDelta};
use safeguard_core::model::{Node, NodeKind};
use safeguard_core::{Pack, Start, calendar::uk_local, clock, due_words};
use safeguard_tests::{Reach, Scenario};
use serde::Serialize;

use crate::{build, content::load_dir, root, serve, tools};

/// One scenario as the browser test walks it.
#[derive(Serialize)]
struct Walk {
    name: String,
    title: String,
    flow: String,
    /// The moment of the scenario as a UTC instant, for the browser's clock.
    now_utc: String,
    steps: Vec<StepFx>,
    /// The heading the outcome page must show.
    heading: String,
    /// A contact name the outcome page must show.
    contact: Option<String>,
    /// A procedure link the outcome page must show: the first one listed, which is for what
    /// was found (a duty, a sign or a topic) where anything was.
    procedure: Option<String>,
    /// The duties the outcome page must show first, each with its contact card.
    duties: Vec<DutyFx>,
    /// The outcome is to act now (999): shown straight after the last answer, with no
    /// check-your-answers page in between.
    direct: bool,
    /// The outcome page's own follow-up question, answered there (on the 999 page: where
    /// the child lives).
    follow_up: Option<StepFx>,
    /// Every contact the outcome page must name as the one to use now.
    contacts: Vec<String>,
    /// Dates given on the outcome page (the scenario's `happened`), each with the due dates
    /// it must then show.
    happened: Vec<HappenedFx>,
}

/// A date given on the outcome page for what its timescales are counted from.
#[derive(Serialize)]
struct HappenedFx {
    /// The event's question, which names its form and buttons.
    question: String,
    day: String,
    month: String,
    year: String,
    /// The time of day (`22:40`), or empty; the time box is there only where `with_time`.
    time: String,
    with_time: bool,
    /// The due dates in words of the timescales counted from it, as the page shows them.
    dues: Vec<String>,
}

#[derive(Serialize)]
struct DutyFx {
    title: String,
    contact: Option<String>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum StepFx {
    Choice {
        question: String,
        label: String,
    },
    Multi {
        question: String,
        labels: Vec<String>,
    },
    Indicators {
        question: String,
        ticks: Vec<Tick>,
    },
    /// Signs found with the search on the page before, each by its own words.
    Found {
        question: String,
        ticks: Vec<Tick>,
    },
    Date {
        question: String,
        day: String,
        month: String,
        year: String,
        /// The time of day (`14:00`), or empty.
        time: String,
    },
}

#[derive(Serialize)]
struct Tick {
    id: String,
    text: String,
    not_sure: bool,
    /// The words a practitioner searches with to find it (the scenario's `reached`), if any.
    query: Option<String>,
}

/// The UTC instant that is `local` in the UK (the earlier one when the clock goes back).
fn utc_of(local: NaiveDateTime) -> String {
    let candidates = [local - TimeDelta::hours(1), local];
    let utc = candidates.into_iter().find(|c| uk_local(c.and_utc()) == local).unwrap_or(local);
    utc.and_utc().to_rfc3339()
}

fn step(pack: &Pack, node: &Node, value: &toml::Value) -> Result<StepFx, String> {
    let question = node.question.clone();
    let label = |id: &str| {
        node.options
            .iter()
            .find(|o| o.id.as_str() == id)
            .map(|o| o.label.clone())
            .ok_or(format!("no option {id}"))
    };
    Ok(match (node.kind, value) {
        (NodeKind::Choice, toml::Value::String(s)) if s == "not-sure" => {
            StepFx::Choice { question, label: "Not sure".into() }
        }
        (NodeKind::Choice, toml::Value::String(s)) => StepFx::Choice { question, label: label(s)? },
        (NodeKind::Multi, toml::Value::Array(items)) => StepFx::Multi {
            question,
            labels: items.iter().filter_map(|v| v.as_str()).map(label).collect::<Result<_, _>>()?,
        },
        (NodeKind::Indicators | NodeKind::Found, toml::Value::Table(t)) => {
            let ticks = t
                .iter()
                .map(|(id, v)| {
                    let text =
                        pack.indicator(id).map(|i| i.text.clone()).ok_or(format!("no indicator {id}"))?;
                    Ok(Tick { id: id.clone(), text, not_sure: v.as_str() == Some("not-sure"), query: None })
                })
                .collect::<Result<_, String>>()?;
            match node.kind {
                NodeKind::Found => StepFx::Found { question, ticks },
                _ => StepFx::Indicators { question, ticks },
            }
        }
        (NodeKind::Date, toml::Value::String(s)) => {
            let (date, time) = s.split_once('T').unwrap_or((s, ""));
            let d: chrono::NaiveDate = date.parse().map_err(|_| format!("bad date {s}"))?;
            StepFx::Date {
                question,
                day: d.day().to_string(),
                month: d.month().to_string(),
                year: d.year().to_string(),
                time: time.to_owned(),
            }
        }
        _ => return Err(format!("answer to {} does not fit", node.id)),
    })
}

/// Every scenario as a walk, with what its outcome page must show.
fn walks(pack: &Pack) -> Result<Vec<Walk>, String> {
    let dir = root().join("tests").join("scenarios");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).map_err(|e| e.to_string())?.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut walks = Vec::new();
    for path in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let scenario = Scenario::parse(&text).map_err(|e| format!("{name}: {e}"))?;
        let run = scenario.run(pack).map_err(|e| format!("{name}: {e}"))?;
        let mut steps = Vec::new();
        let mut follow_up = None;
        for id in &run.path {
            let node = pack.node(id).ok_or(format!("{name}: no question {id}"))?;
            let value = scenario.answers.get(id).ok_or(format!("{name}: no answer to {id}"))?;
            let mut fx = step(pack, node, value).map_err(|e| format!("{name}: {e}"))?;
            if let StepFx::Found { ticks, .. } = &mut fx {
                for tick in ticks {
                    if let Some(Reach::Search(words)) = scenario.reached.get(&tick.id) {
                        tick.query = Some(words.clone());
                    }
                }
            }
            if pack.outcomes().any(|o| o.follow_up.as_ref() == Some(&node.id)) {
                follow_up = Some(fx);
            } else {
                steps.push(fx);
            }
        }
        let heading = match (&run.level, run.area.as_deref()) {
            (Some(level), Some(area)) => pack
                .area(area)
                .and_then(|a| a.level.iter().find(|l| l.id.as_str() == level))
                .map(|l| format!("Level {}: {}", l.number, l.name))
                .unwrap_or_default(),
            _ => pack.outcome(&run.outcome).map(|o| o.title.clone()).unwrap_or_default(),
        };
        let mut happened = Vec::new();
        for (id, when) in &scenario.happened {
            let event = pack.event(id).ok_or(format!("{name}: no event {id}"))?;
            let start = Start::parse(when).ok_or(format!("{name}: bad date {when}"))?;
            let dues = pack
                .timescales()
                .filter(|t| t.counted_from.contains(&event.id))
                .filter_map(|t| run.dates.get(t.id.as_str()))
                .map(|due| due_words(*due))
                .collect();
            happened.push(HappenedFx {
                question: event.question.clone(),
                day: start.date.day().to_string(),
                month: start.date.month().to_string(),
                year: start.date.year().to_string(),
                time: start.time.map(clock).unwrap_or_default(),
                with_time: event.time,
                dues,
            });
        }
        walks.push(Walk {
            title: scenario.title.clone(),
            flow: scenario.flow.clone(),
            now_utc: utc_of(scenario.now()?),
            steps,
            heading,
            contact: run.contact_now.as_deref().and_then(|c| pack.contact(c)).map(|c| c.name.clone()),
            procedure: run.procedures.iter().filter_map(|p| pack.chapter(p)).find_map(|c| c.url.clone()),
            duties: run
                .duties
                .iter()
                .filter_map(|(id, contact)| {
                    let duty = pack.duty(id)?;
                    let contact = contact.as_deref().and_then(|c| pack.contact(c)).map(|c| c.name.clone());
                    Some(DutyFx { title: duty.title.clone(), contact })
                })
                .collect(),
            direct: run.urgency == "immediate",
            follow_up,
            contacts: run.contacts.iter().filter_map(|c| pack.contact(c)).map(|c| c.name.clone()).collect(),
            happened,
            name,
        });
    }
    Ok(walks)
}

/// Builds and serves the site, writes the walks, and runs the browser tests.
/// Returns (passed, failed).
pub fn run() -> Result<(u64, u64), String> {
    tools::chromium()?;
    tools::npm()?;
    let dist = build::build()?;
    let pack = load_dir(&root().join("content"))?.pack;
    let fixtures = root().join("target").join("e2e");
    std::fs::create_dir_all(&fixtures).map_err(|e| e.to_string())?;
    let walks = serde_json::to_string_pretty(&walks(&pack)?).map_err(|e| e.to_string())?;
    let walks_file = fixtures.join("walks.json");
    std::fs::write(&walks_file, walks).map_err(|e| e.to_string())?;
    // A second copy of the site on its own port, which the update test redeploys.
    let next = fixtures.join("next-site");
    copy_dir(&dist, &next)?;
    let base = spawn_server(dist)?;
    let next_base = spawn_server(next.clone())?;
    let changed = content_only_rebuild(&fixtures)?;
    let env = [
        ("E2E_BASE_URL", base),
        ("E2E_WALKS", walks_file.to_string_lossy().into_owned()),
        ("E2E_ROOT", root().to_string_lossy().into_owned()),
        ("E2E_NEXT_URL", next_base),
        ("E2E_NEXT_DIR", next.to_string_lossy().into_owned()),
        ("E2E_CHANGED_DIR", changed.dist.to_string_lossy().into_owned()),
        ("E2E_CHANGED_PHONE", format!("{}\n{}", changed.from, changed.to)),
    ];
    node_tests(&root().join("tests").join("e2e"), &env)
}

/// A second build of the site whose content differs from `content/` in one item: the first
/// phone number of a front door (its last digit changed).
pub struct ContentOnlyRebuild {
    /// Where it was built.
    pub dist: std::path::PathBuf,
    /// The number in `content/`, and in this build.
    pub from: String,
    pub to: String,
}

/// Builds the site again into `<dir>/changed-site` from a copy of `content/` with one phone
/// number changed, after `build::build()` has built `dist/`.
pub fn content_only_rebuild(dir: &Path) -> Result<ContentOnlyRebuild, String> {
    let content = dir.join("changed-content");
    copy_tree(&root().join("content"), &content)?;
    let contacts = content.join("contacts.toml");
    let text = std::fs::read_to_string(&contacts).map_err(|e| e.to_string())?;
    let pack = load_dir(&root().join("content"))?.pack;
    let (id, from) = pack
        .areas()
        .find_map(|a| {
            let door = pack.contact_for(Some(&a.id), &safeguard_core::Role::new("front-door"))?;
            Some((door.id.to_string(), door.phone.clone()?))
        })
        .ok_or("no front door has a phone number")?;
    let last =
        from.chars().last().and_then(|c| c.to_digit(10)).ok_or("the number does not end in a digit")?;
    let to = format!("{}{}", &from[..from.len() - 1], (last + 1) % 10);
    // That contact's own line: another contact may share the number.
    let (old, new) = (format!("phone = \"{from}\""), format!("phone = \"{to}\""));
    let block = text
        .split_inclusive("[[contact]]")
        .position(|b| b.lines().any(|l| l.trim() == format!("id = \"{id}\"")))
        .ok_or(format!("contacts.toml has no contact `{id}`"))?;
    let mut blocks: Vec<String> = text.split_inclusive("[[contact]]").map(str::to_owned).collect();
    let own = blocks.get_mut(block).filter(|b| b.contains(&old));
    let own = own.ok_or(format!("contact `{id}` in contacts.toml has no line `{old}`"))?;
    *own = own.replacen(&old, &new, 1);
    std::fs::write(&contacts, blocks.concat()).map_err(|e| e.to_string())?;
    let dist = build::build_from(&content, &dir.join("changed-site"))?;
    Ok(ContentOnlyRebuild { dist, from, to })
}

/// Replaces `to` with a copy of the folder tree `from`.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Serves `dir` on a free loopback port for the rest of the run; returns its address.
pub fn spawn_server(dir: std::path::PathBuf) -> Result<String, String> {
    let listener = serve::listen(0)?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || serve::serve(listener, &dir));
    Ok(format!("http://127.0.0.1:{port}"))
}

/// Replaces `to` with a copy of the files of `from` (a flat folder, as `dist/` is).
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())?.flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs `node --test` on `dir` with the TAP reporter and reads its pass and fail counts.
pub fn node_tests(dir: &Path, env: &[(&str, String)]) -> Result<(u64, u64), String> {
    let sh = crate::shell()?;
    let cmd = env.iter().fold(cmd!(sh, "node --test --test-reporter=tap {dir}"), |cmd, (k, v)| cmd.env(k, v));
    crate::test::counted(cmd, |line, passed, failed| {
        if let Some(n) = line.strip_prefix("# pass ") {
            *passed = n.trim().parse().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            *failed = n.trim().parse().unwrap_or(0);
        }
    })
}
