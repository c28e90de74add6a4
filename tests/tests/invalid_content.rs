//! One broken fixture per validation rule: each file in `fixtures/invalid/` is loaded with
//! the valid `fixtures/base.toml`, must be refused, and must produce the messages its
//! `# expect:` lines give, every one as an error naming a file.

use std::path::Path;

use chrono::NaiveDate;
use safeguard_core::{Pack, Severity, SourceFile};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
}

fn base() -> String {
    std::fs::read_to_string(fixtures().join("base.toml")).unwrap()
}

#[test]
fn the_base_fixture_is_valid() {
    let base = base();
    let loaded = Pack::load(&[SourceFile { path: "base.toml", text: &base }], today());
    let loaded = loaded.unwrap_or_else(|d| panic!("base.toml is invalid: {d:#?}"));
    assert_eq!(loaded.pack.counts().indicators, 2);
}

#[test]
fn every_invalid_fixture_is_refused_with_its_message() {
    let base = base();
    let mut dir: Vec<_> =
        std::fs::read_dir(fixtures().join("invalid")).unwrap().flatten().map(|e| e.path()).collect();
    dir.sort();
    assert!(dir.len() >= 15, "expected a fixture for every rule, found {}", dir.len());
    let mut failures = Vec::new();
    for path in dir {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("# expect: ")).collect();
        assert!(!expected.is_empty(), "{name} has no `# expect:` line");
        let files = [SourceFile { path: "base.toml", text: &base }, SourceFile { path: &name, text: &text }];
        match Pack::load(&files, today()) {
            Ok(_) => failures.push(format!("{name}: the pack loaded, but it breaks a rule")),
            Err(diagnostics) => {
                let errors: Vec<String> = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(ToString::to_string)
                    .collect();
                for want in expected {
                    if !errors.iter().any(|e| e.contains(want)) {
                        failures.push(format!("{name}: no error says {want:?}; got {errors:#?}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_pack_without_a_pack_table_is_refused() {
    let errors = Pack::load(&[SourceFile { path: "empty.toml", text: "" }], today()).unwrap_err();
    assert!(errors.iter().any(|d| d.message.contains("no file has a [pack] table")));
}

#[test]
fn all_problems_are_reported_at_once() {
    let base = base();
    let a = std::fs::read_to_string(fixtures().join("invalid/unknown-reference.toml")).unwrap();
    let b = std::fs::read_to_string(fixtures().join("invalid/contact-gap.toml")).unwrap();
    let files = [
        SourceFile { path: "base.toml", text: &base },
        SourceFile { path: "a.toml", text: &a },
        SourceFile { path: "b.toml", text: &b },
    ];
    let errors = Pack::load(&files, today()).unwrap_err();
    assert!(errors.iter().any(|d| d.file == "a.toml" && d.item == "lost"));
    assert!(errors.iter().any(|d| d.file == "b.toml" && d.item == "weekday-only"));
}

#[test]
fn bank_holidays_ending_within_a_year_are_a_warning() {
    let base = base();
    let files = [SourceFile { path: "base.toml", text: &base }];
    let loaded = Pack::load(&files, NaiveDate::from_ymd_opt(2027, 6, 1).unwrap()).unwrap();
    let warning = loaded.warnings.iter().find(|w| w.item == "bank_holidays").expect("a warning");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("bank holidays end on 2027-12-27"));
    let fresh = Pack::load(&files, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()).unwrap();
    assert!(fresh.warnings.iter().all(|w| w.item != "bank_holidays"));
}

#[test]
fn items_reviewed_over_a_year_ago_and_drafts_are_listed_but_load() {
    let base = base();
    let files = [SourceFile { path: "base.toml", text: &base }];
    let later = Pack::load(&files, NaiveDate::from_ymd_opt(2027, 6, 1).unwrap()).unwrap();
    let overdue: Vec<_> =
        later.warnings.iter().filter(|w| w.message.contains("more than 12 months ago")).collect();
    assert!(overdue.iter().any(|w| w.item == "hungry" && w.severity == Severity::Warning), "{overdue:#?}");
    let now = Pack::load(&files, today()).unwrap();
    assert!(now.warnings.iter().all(|w| !w.message.contains("more than 12 months ago")));
    let draft = "[[harm]]\nid = \"unsure\"\nname = \"Unsure\"\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\nnote = \"check the name\"\n";
    let with_draft =
        [SourceFile { path: "base.toml", text: &base }, SourceFile { path: "d.toml", text: draft }];
    let loaded = Pack::load(&with_draft, today()).unwrap();
    let listed: Vec<_> = loaded.warnings.iter().filter(|w| w.severity == Severity::Draft).collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].to_string(), "draft: d.toml: unsure: harm is a draft: check the name");
}

/// A safety-critical sign that only one topic's page lists is a warning: a practitioner who
/// picks another topic for it would not see it. Listed on a second topic's page, it is not.
#[test]
fn a_safety_critical_sign_on_one_topic_only_is_a_warning() {
    let base = base();
    let topics = r#"
[[indicator]]
id = "bruised-baby"
text = "A baby who is not yet moving about has a bruise."
domain = "child"
dimension = "health"
tier = "high"
critical = true
source = "https://example.org/indicators"
reviewed = "2026-01-01"
status = "draft"

[[flow]]
id = "topical"
title = "Topical"
description = "Topics, then their pages."
start = "t-danger"

[[node]]
id = "t-danger"
flow = "topical"
kind = "choice"
question = "Immediate danger?"
not_sure = "yes"
options = [{ id = "yes", label = "Yes", next = "emergency" }, { id = "no", label = "No", next = "t-where" }]

[[node]]
id = "t-where"
flow = "topical"
kind = "choice"
question = "Where?"
options = [{ id = "town", label = "Town", area = "town", next = "t-topics" }, { id = "x", label = "Else", next = "emergency" }]

[[node]]
id = "t-topics"
flow = "topical"
kind = "multi"
question = "What worries you?"
options = [{ id = "babies", label = "A baby" }, { id = "injuries", label = "Injuries" }]
next = "t-babies"

[[node]]
id = "t-babies"
flow = "topical"
kind = "indicators"
question = "About the baby?"
when = { node = "t-topics", includes = "babies" }
indicators = ["bruised-baby"]
next = "t-injuries"

[[node]]
id = "t-injuries"
flow = "topical"
kind = "indicators"
question = "About injuries?"
when = { node = "t-topics", includes = "injuries" }
indicators = ["injured"]
next = "threshold"
"#;
    let warned = |extra: &str| {
        let files =
            [SourceFile { path: "base.toml", text: &base }, SourceFile { path: "t.toml", text: extra }];
        let loaded = Pack::load(&files, today()).unwrap_or_else(|d| panic!("{d:#?}"));
        loaded
            .warnings
            .iter()
            .any(|w| w.item == "bruised-baby" && w.message.contains("only from the topic `babies`"))
    };
    assert!(warned(topics));
    let on_both =
        topics.replace(r#"indicators = ["injured"]"#, r#"indicators = ["injured", "bruised-baby"]"#);
    assert!(!warned(&on_both));
}
