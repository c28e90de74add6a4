//! Practitioner scenarios (`tests/scenarios/*.toml`): each replays a vignette through the
//! Sussex pack and checks the outcome, level, contact now, procedures, questions and dates.
//! Together they must cover every outcome in every area it can be reached from, and every
//! level of every area.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use safeguard_tests::{Run, Scenario};

fn runs() -> Vec<(String, Run)> {
    runs_on(&safeguard_content::load().expect("the Sussex pack loads").pack)
}

fn runs_on(pack: &safeguard_core::Pack) -> Vec<(String, Run)> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"));
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let mut failures = Vec::new();
    let mut runs = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let scenario = match Scenario::parse(&std::fs::read_to_string(&path).unwrap()) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        match scenario.check(pack) {
            Ok(run) => runs.push((name, run)),
            Err(problems) => {
                failures.push(format!("{name} ({}):\n  - {}", scenario.title, problems.join("\n  - ")))
            }
        }
    }
    assert!(failures.is_empty(), "scenarios failed:\n{}", failures.join("\n"));
    runs
}

/// The browser runs on the compiled pack: every scenario must give the very same result,
/// record text included, as on the pack read from TOML.
#[test]
fn scenarios_give_the_same_results_on_the_compiled_pack() {
    let compiled = safeguard_content::compiled().unwrap_or_else(|d| panic!("{d}"));
    let from_toml = runs();
    let from_compiled = runs_on(&compiled);
    assert_eq!(from_toml.len(), from_compiled.len());
    for ((name, a), (_, b)) in from_toml.iter().zip(&from_compiled) {
        assert_eq!(a, b, "{name} differs on the compiled pack");
    }
}

/// Agencies can load a pack given as JSON through the JavaScript API: the Sussex pack in
/// that form, validated by the same rules, must give the same results (the content hash in
/// each record aside: it fingerprints the text the pack was read from).
#[test]
fn scenarios_give_the_same_results_on_the_pack_given_as_json() {
    let toml_pack = safeguard_content::load().expect("the Sussex pack loads").pack;
    let json = safeguard_tests::json_form(&safeguard_content::files()).unwrap();
    let content: safeguard_core::model::ContentFile = serde_json::from_str(&json).unwrap();
    let files = vec![safeguard_core::ParsedFile { path: "pack.json".into(), content }];
    let hash = safeguard_core::fingerprint([json.as_bytes()]);
    let json_pack = safeguard_core::Pack::load_parsed(files, hash, safeguard_content::build_date())
        .unwrap_or_else(|problems| panic!("{problems:?}"))
        .pack;
    let from_toml = runs_on(&toml_pack);
    let from_json = runs_on(&json_pack);
    assert_eq!(from_toml.len(), from_json.len());
    for ((name, a), (_, mut b)) in from_toml.into_iter().zip(from_json) {
        b.record = b.record.replace(json_pack.hash(), toml_pack.hash());
        assert_eq!(a, b, "{name} differs on the pack given as JSON");
    }
}

#[test]
fn scenarios_hold_and_cover_every_outcome_and_level() {
    let pack = safeguard_content::load().unwrap().pack;
    let runs = runs();
    assert!(runs.len() >= 30, "at least 30 scenarios are needed, found {}", runs.len());

    let levels: BTreeSet<&str> = runs.iter().filter_map(|(_, r)| r.level.as_deref()).collect();
    for area in pack.areas() {
        for level in &area.level {
            assert!(
                levels.contains(level.id.as_str()),
                "no scenario reaches level {} in {}",
                level.id,
                area.id
            );
        }
    }
    let mut areas_by_outcome: BTreeMap<&str, BTreeSet<Option<&str>>> = BTreeMap::new();
    for (_, r) in &runs {
        areas_by_outcome.entry(r.outcome.as_str()).or_default().insert(r.area.as_deref());
    }
    for outcome in pack.outcomes() {
        let Some(areas) = areas_by_outcome.get(outcome.id.as_str()) else {
            panic!("no scenario reaches outcome {}", outcome.id);
        };
        // An outcome reached once an area is known must be shown in every area.
        if areas.iter().any(Option::is_some) {
            for area in pack.areas() {
                assert!(
                    areas.contains(&Some(area.id.as_str())),
                    "no scenario reaches {} in {}",
                    outcome.id,
                    area.id
                );
            }
        }
    }
}

/// Issue 13's coverage: every duty is shown in a scenario in every area, every age rule
/// fires in one, and every urgency is reached.
#[test]
fn scenarios_cover_every_duty_in_every_area_every_age_rule_and_every_urgency() {
    let pack = safeguard_content::load().unwrap().pack;
    let runs = runs();
    let mut missing = Vec::new();
    for duty in pack.duties() {
        for area in pack.areas() {
            let shown = runs.iter().any(|(_, r)| {
                r.area.as_deref() == Some(area.id.as_str())
                    && r.duties.iter().any(|(d, _)| d == duty.id.as_str())
            });
            if !shown {
                missing.push(format!("duty {} in {}", duty.id, area.id));
            }
        }
    }
    for rule in pack.rules().filter(|r| !r.ages.is_empty()) {
        if !runs.iter().any(|(_, r)| r.rules.iter().any(|f| f == rule.id.as_str())) {
            missing.push(format!("age rule {}", rule.id));
        }
    }
    for urgency in ["routine", "statutory", "urgent", "immediate"] {
        if !runs.iter().any(|(_, r)| r.urgency == urgency) {
            missing.push(format!("urgency {urgency}"));
        }
    }
    assert!(missing.is_empty(), "no scenario covers: {}", missing.join(", "));
}

#[test]
fn records_never_ask_for_or_hold_identifying_details() {
    for (name, run) in runs() {
        assert!(run.record.contains("holds no names"), "{name}: the record does not say it holds no names");
        assert!(
            run.record.contains("## Professional judgement"),
            "{name}: the record lacks the judgement statement"
        );
    }
}

/// Every scenario's calendar file parses as a calendar program reads it (RFC 5545), has one
/// event per due date shown, and holds none of the signs the practitioner ticked: only what
/// is due, what to do and the guidance version.
#[test]
fn calendar_files_parse_with_one_event_per_due_date_and_no_answers() {
    let pack = safeguard_content::load().expect("the Sussex pack loads").pack;
    let mut with_events = 0;
    for (name, run) in runs() {
        let mut calendars = ical::IcalParser::new(run.calendar.as_bytes());
        let calendar = calendars
            .next()
            .unwrap_or_else(|| panic!("{name}: no calendar"))
            .unwrap_or_else(|e| panic!("{name}: the calendar file does not parse: {e}\n{}", run.calendar));
        assert!(calendars.next().is_none(), "{name}: one calendar per file");
        assert_eq!(calendar.events.len(), run.dates.len(), "{name}: one event per due date");
        with_events += usize::from(!calendar.events.is_empty());
        let unfolded = run.calendar.replace("\r\n ", "");
        let scenario = Scenario::parse(
            &std::fs::read_to_string(
                Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).join(&name),
            )
            .unwrap(),
        )
        .unwrap();
        for value in scenario.answers.values() {
            for id in value.as_table().map(|t| t.keys().collect::<Vec<_>>()).unwrap_or_default() {
                let text = &pack.indicator(id).unwrap().text;
                assert!(!unfolded.contains(text.as_str()), "{name}: the calendar holds the sign `{id}`");
            }
        }
    }
    assert!(with_events >= 10, "scenarios with due dates exercise the calendar: {with_events}");
}
