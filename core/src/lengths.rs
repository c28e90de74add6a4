//! Lengths written once: a text that gives a timescale's length names it as
//! `{timescale:ID}`, which loading replaces with that length ("72 hours", "1 working day"),
//! or `{timescale:ID:words}`, the same with a small number spelt out ("one working day"), so
//! the figure lives in `timescales.toml` alone and a correction there reaches every sentence.
//!
//! Every text a practitioner reads about an item that leads to timescales may use it: an
//! escalation and its stages, a duty, an outcome (its own timescales and its escalation's), a
//! question (the timescales of the outcomes its date starts, and its options' duties'), an
//! indicator (its duties'), an area's level (its own timescales and, for a response at a lower
//! urgency, the response's) and a timescale (itself). Such a text that writes out the length
//! of one of its item's own timescales, in figures or in words, is refused: the two copies
//! would drift apart unseen. A placeholder anywhere else is refused too ([`unfilled`]), so none
//! reaches a practitioner as it was typed. Part of loading, before validation, so every reader
//! of a pack — TOML, JSON or compiled — sees the same words.

use std::collections::{BTreeMap, BTreeSet};

use crate::calendar::{Duration, number_word};
use crate::diagnostic::Diagnostics;
use crate::ids::TimescaleId;
use crate::model::{Area, Duty, Escalation, Indicator, Node, Outcome, Timescale};

const OPEN: &str = "{timescale:";
/// What follows a placeholder's id to ask for the length with its number spelt out.
const WORDS: &str = ":words";

/// The items whose texts may name a timescale's length, each with the index of its file.
pub(crate) struct Texts<'a> {
    pub escalations: &'a mut [(usize, Escalation)],
    pub duties: &'a mut [(usize, Duty)],
    pub outcomes: &'a mut [(usize, Outcome)],
    pub nodes: &'a mut [(usize, Node)],
    pub indicators: &'a mut [(usize, Indicator)],
    pub areas: &'a mut [(usize, Area)],
    pub timescales: &'a mut [(usize, Timescale)],
}

/// The lengths of the timescales one item names itself: length in figures → the ids of the
/// timescales that long ("72 hours" → "conference-dissent").
type Lengths = BTreeMap<String, BTreeSet<String>>;

/// How many (length written, item's timescales) look-ups a pack may need. The real pack needs
/// a few thousand; a pack built to be slow (an indicator naming one duty a million times, a
/// text with a hundred thousand lengths) is refused when it reaches this, so loading stays
/// linear in the size of the pack.
const LOOKUPS: usize = 5_000_000;

/// Resolves the placeholders in every text of `items`, reporting unknown timescales and
/// lengths written out by hand. `names` are the files' names, by index. Linear in the size of
/// the pack: each item's timescales are gathered once, an item that names another many times
/// looks at it once, and the look-ups have a budget ([`LOOKUPS`]), so a hostile pack given to
/// `Assistant.fromJson` cannot make it slow.
pub(crate) fn resolve(items: Texts<'_>, names: &[String], diags: &mut Diagnostics) {
    let Texts { escalations, duties, outcomes, nodes, indicators, areas, timescales } = items;
    let lengths: BTreeMap<String, Duration> =
        timescales.iter().map(|(_, t)| (t.id.to_string(), t.duration())).collect();
    let length = |id: &str| lengths.get(id).copied();
    let gather = |ids: &mut dyn Iterator<Item = &TimescaleId>| {
        let mut map = Lengths::new();
        for id in ids {
            if let Some(length) = length(id.as_str()) {
                map.entry(length.to_string()).or_default().insert(id.to_string());
            }
        }
        map
    };
    let by_escalation: BTreeMap<String, Lengths> = escalations
        .iter()
        .map(|(_, e)| (e.id.to_string(), gather(&mut e.stage.iter().filter_map(|s| s.timescale.as_ref()))))
        .collect();
    let by_duty: BTreeMap<String, Lengths> =
        duties.iter().map(|(_, d)| (d.id.to_string(), gather(&mut d.timescales.iter()))).collect();
    let by_outcome: BTreeMap<String, Lengths> =
        outcomes.iter().map(|(_, o)| (o.id.to_string(), gather(&mut o.timescales.iter()))).collect();
    let escalation_of: BTreeMap<String, String> = outcomes
        .iter()
        .filter_map(|(_, o)| Some((o.id.to_string(), o.escalation.as_ref()?.to_string())))
        .collect();
    // A question's date starts an outcome's timescales when the outcome names it.
    let mut outcomes_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, o) in outcomes.iter() {
        for node in [&o.start_date, &o.stage_from, &o.follow_up].into_iter().flatten() {
            outcomes_of.entry(node.to_string()).or_default().insert(o.id.to_string());
        }
    }
    // An outcome's own timescales and its escalation's.
    let outcome_sources = |id: &str| -> Vec<&Lengths> {
        let escalation = escalation_of.get(id).and_then(|e| by_escalation.get(e));
        by_outcome.get(id).into_iter().chain(escalation).collect()
    };
    let duty_sources = |ids: &mut dyn Iterator<Item = &str>| -> Vec<&Lengths> {
        ids.collect::<BTreeSet<_>>().into_iter().filter_map(|d| by_duty.get(d)).collect()
    };
    let file = |i: &usize| names.get(*i).map(String::as_str).unwrap_or_default();
    let mut check = Check { length: &length, lookups: LOOKUPS, spent: false, diags };

    for (i, e) in escalations.iter_mut() {
        let own: Vec<&Lengths> = by_escalation.get(e.id.as_str()).into_iter().collect();
        let mut texts: Vec<&mut String> = vec![&mut e.title, &mut e.statement, &mut e.immediate_risk];
        texts.extend(e.record.iter_mut());
        for s in &mut e.stage {
            texts.extend([&mut s.title, &mut s.who]);
            texts.extend(s.timing.as_mut());
            texts.extend(s.actions.iter_mut());
            texts.extend(s.area_notes.values_mut());
        }
        check.texts(texts, &own, file(i), e.id.as_str());
    }
    for (i, d) in duties.iter_mut() {
        let own: Vec<&Lengths> = by_duty.get(d.id.as_str()).into_iter().collect();
        check.texts(vec![&mut d.title, &mut d.text, &mut d.why], &own, file(i), d.id.as_str());
    }
    for (i, o) in outcomes.iter_mut() {
        let own = outcome_sources(o.id.as_str());
        let mut texts: Vec<&mut String> = vec![&mut o.title, &mut o.summary];
        texts.extend(o.actions.iter_mut());
        check.texts(texts, &own, file(i), o.id.as_str());
    }
    for (i, n) in nodes.iter_mut() {
        let mut own: Vec<&Lengths> =
            outcomes_of.get(n.id.as_str()).into_iter().flatten().flat_map(|o| outcome_sources(o)).collect();
        own.extend(duty_sources(&mut n.options.iter().flat_map(|o| o.duties.iter().map(|d| d.as_str()))));
        let mut texts: Vec<&mut String> = vec![&mut n.question];
        texts.extend(n.hint.as_mut());
        for o in &mut n.options {
            texts.push(&mut o.label);
            texts.extend(o.hint.as_mut());
            texts.extend(o.advice.as_mut());
        }
        check.texts(texts, &own, file(i), n.id.as_str());
    }
    for (i, ind) in indicators.iter_mut() {
        let own = duty_sources(&mut ind.duties.iter().map(|d| d.as_str()));
        let mut texts: Vec<&mut String> = vec![&mut ind.text];
        texts.extend(ind.help.as_mut());
        check.texts(texts, &own, file(i), ind.id.as_str());
    }
    for (i, a) in areas.iter_mut() {
        for level in &mut a.level {
            let own = gather(&mut level.timescales.iter());
            let item = format!("{} {}", a.id, level.id);
            let mut texts: Vec<&mut String> = vec![&mut level.name, &mut level.summary];
            texts.extend(level.actions.iter_mut());
            check.texts(texts, &[&own], file(i), &item);
            for alt in &mut level.alternative {
                let response = gather(&mut alt.timescales.iter());
                let mut texts: Vec<&mut String> = vec![&mut alt.summary];
                texts.extend(alt.actions.iter_mut());
                check.texts(texts, &[&own, &response], file(i), &item);
            }
        }
    }
    for (i, t) in timescales.iter_mut() {
        let own = gather(&mut std::iter::once(&t.id));
        let texts: Vec<&mut String> = vec![&mut t.label, &mut t.from, &mut t.description];
        check.texts(texts, &[&own], file(i), t.id.as_str());
    }
}

/// Refuses a placeholder left in any text of `items` once [`resolve`] has run: one in a text
/// it does not read (a contact's opening hours, a chapter's title) would reach a practitioner
/// as it was typed. Every field is looked at, through the item's serde form
/// ([`crate::strings`]), so a field added to the model later is covered without anyone
/// remembering to list it here.
pub(crate) fn unfilled<T: serde::Serialize>(
    items: &[(usize, T)],
    kind: &str,
    names: &[String],
    diags: &mut Diagnostics,
) {
    for (i, item) in items {
        // The item's first string names it: the id, for every kind that has one.
        let mut first = None;
        let mut found = Vec::new();
        crate::strings::each_string(item, &mut |s| {
            first.get_or_insert_with(|| s.to_owned());
            if s.contains(OPEN) {
                found.push(s.chars().take(120).collect::<String>());
            }
        });
        let file = names.get(*i).map(String::as_str).unwrap_or_default();
        for shown in found {
            diags.error(
                file,
                format!("[[{kind}]] {}", first.as_deref().unwrap_or_default()),
                format!("a `{OPEN}…}}` is not filled in here (only the texts of items that lead to timescales are): \"{shown}\""),
            );
        }
    }
}

/// The checking of texts, with what is left of the look-up budget.
struct Check<'a, F: Fn(&str) -> Option<Duration>> {
    length: &'a F,
    lookups: usize,
    /// The budget ran out (said once).
    spent: bool,
    diags: &'a mut Diagnostics,
}

impl<F: Fn(&str) -> Option<Duration>> Check<'_, F> {
    /// One item's texts, whose own timescales' lengths are in `own`.
    fn texts(&mut self, texts: Vec<&mut String>, own: &[&Lengths], file: &str, item: &str) {
        for text in texts {
            let written: BTreeSet<Written> = lengths_in(text).into_iter().collect();
            for Written { figures, text: words, spelt } in &written {
                for lengths in own {
                    let Some(left) = self.lookups.checked_sub(1) else {
                        if !self.spent {
                            self.spent = true;
                            self.diags.error(file, item, format!("the pack names timescales and writes lengths too many times over to check ({LOOKUPS} look-ups): it cannot be checked for lengths written out by hand"));
                        }
                        break;
                    };
                    self.lookups = left;
                    if let Some(ids) = lengths.get(figures) {
                        let form = if *spelt { WORDS } else { "" };
                        let write = ids
                            .iter()
                            .map(|id| format!("{OPEN}{id}{form}}}"))
                            .collect::<Vec<_>>()
                            .join(" or ");
                        let ids = ids.iter().map(String::as_str).collect::<Vec<_>>().join("`, `");
                        self.diags.error(
                            file,
                            item,
                            format!("writes out \"{words}\", the length of timescale `{ids}`: write {write} so the length is kept in one place"),
                        );
                    }
                }
            }
            fill(text, self.length, file, item, self.diags);
        }
    }
}

/// A length written in a text.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Written {
    /// In figures, as [`Duration`] shows it: "1 working day".
    figures: String,
    /// As the text has it: "one working day".
    text: String,
    /// It was written with its number in words: "one working day".
    spelt: bool,
}

/// The lengths written in `text` as a number, in figures or words, and a unit ("72 hours",
/// "5 working days", "one working day"), in the order they come, each number a whole word:
/// "72 hours" holds no "2 hours", and "someone day" no "one day".
///
/// It looks for a unit after a space and reads the word before it, rather than reading
/// every word: every text of a pack passes through here on each load, and units are rare.
fn lengths_in(text: &str) -> Vec<Written> {
    const UNITS: [&str; 8] =
        ["working days", "working day", "hours", "hour", "days", "day", "months", "month"];
    let mut found = Vec::new();
    for (space, pair) in text.as_bytes().windows(2).enumerate() {
        if !matches!(pair, [b' ', b'w' | b'h' | b'd' | b'm']) {
            continue;
        }
        // A space is one byte, so both sides of it are whole characters.
        let (Some(before), Some(after)) = (text.get(..space), text.get(space + 1..)) else { continue };
        let Some(unit) = UNITS.iter().find(|u| after.starts_with(*u)) else { continue };
        let word_at = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| i + 1);
        let word = before.get(word_at..).unwrap_or_default();
        let number = if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
            word.parse::<u64>().ok().map(|n| (n.to_string(), false))
        } else {
            number_word(word).map(|n| (n.to_string(), true))
        };
        if let Some((figure, spelt)) = number {
            found.push(Written {
                figures: format!("{figure} {unit}"),
                text: format!("{word} {unit}"),
                spelt,
            });
        }
    }
    found
}

/// One text: each `{timescale:ID}` replaced by that timescale's length, and each
/// `{timescale:ID:words}` by the same with its number spelt out.
fn fill(
    text: &mut String,
    length: &impl Fn(&str) -> Option<Duration>,
    file: &str,
    item: &str,
    diags: &mut Diagnostics,
) {
    if !text.contains(OPEN) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(OPEN) {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + OPEN.len()..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            diags.error(file, item, format!("`{OPEN}` without its closing `}}`"));
            return;
        };
        let inside = after.get(..end).unwrap_or_default();
        let (id, spelt) = match inside.strip_suffix(WORDS) {
            Some(id) => (id, true),
            None => (inside, false),
        };
        match length(id) {
            Some(length) if spelt => out.push_str(&length.spelt()),
            Some(length) => out.push_str(&length.to_string()),
            None => diags.error(file, item, format!("{OPEN}{inside}}} names no timescale")),
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    *text = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Unit;

    /// `text` checked against `own` (twice, as an item with two sources), with a budget.
    fn checked_against(text: &str, own: &Lengths, lookups: usize) -> (String, Vec<String>) {
        let length = |id: &str| match id {
            "dissent" => Some(Duration { amount: 72, unit: Unit::Hours }),
            "decision" => Some(Duration { amount: 1, unit: Unit::WorkingDays }),
            _ => None,
        };
        let mut text = text.to_owned();
        let mut diags = Diagnostics::default();
        Check { length: &length, lookups, spent: false, diags: &mut diags }.texts(
            vec![&mut text],
            &[own, own],
            "f",
            "item",
        );
        (text, diags.0.into_iter().map(|d| d.message).collect())
    }

    /// `text` checked for an item whose own timescales `refs` are 72 hours long.
    fn checked(text: &str, refs: &[&str], lookups: usize) -> (String, Vec<String>) {
        let own: Lengths = if refs.is_empty() {
            Lengths::new()
        } else {
            [("72 hours".to_owned(), refs.iter().map(|r| (*r).to_owned()).collect())].into()
        };
        checked_against(text, &own, lookups)
    }

    fn run(text: &str, refs: &[&str]) -> (String, Vec<String>) {
        checked(text, refs, LOOKUPS)
    }

    #[test]
    fn a_pack_that_needs_too_many_look_ups_is_refused_not_checked_for_ever() {
        // Two lengths written, two sources each: four look-ups.
        assert!(checked("1 day and 2 days", &[], 4).1.is_empty());
        let (_, problems) = checked("1 day and 2 days", &[], 3);
        assert!(problems.iter().any(|p| p.contains("too many times over")), "{problems:?}");
        // The same length written many times is looked up once.
        assert!(checked(&"1 day, ".repeat(1000), &[], 2).1.is_empty());
    }

    #[test]
    fn a_placeholder_becomes_the_length_and_a_written_out_length_is_refused() {
        assert_eq!(
            run("within {timescale:dissent} of it", &["dissent"]),
            ("within 72 hours of it".to_owned(), vec![])
        );
        assert_eq!(run("if the {timescale:dissent} have passed", &[]).0, "if the 72 hours have passed");
        let (_, problems) = run("within 72 hours of it", &["dissent"]);
        assert!(problems.iter().any(|p| p.contains("{timescale:dissent}")), "{problems:?}");
        let (_, problems) = run("within {timescale:nope} of it", &[]);
        assert!(problems.iter().any(|p| p.contains("names no timescale")), "{problems:?}");
        let (_, problems) = run("within {timescale:dissent of it", &[]);
        assert!(problems.iter().any(|p| p.contains("closing")), "{problems:?}");
        // Another item's length written out is not this rule's business, and a figure is read
        // whole: "172 hours" is not "72 hours".
        assert!(run("a 72 hours notice", &[]).1.is_empty());
        assert!(run("within 172 hours or a72 hours", &["dissent"]).1.is_empty());
        let figures = |text| lengths_in(text).into_iter().map(|w| (w.figures, w.spelt)).collect::<Vec<_>>();
        assert_eq!(
            figures("5 working days, then 72 hours and 1 day"),
            [("5 working days".into(), false), ("72 hours".into(), false), ("1 day".into(), false)]
        );
        assert_eq!(
            figures("One working day, then three months; someone day"),
            [("1 working day".into(), true), ("3 months".into(), true)]
        );
    }

    #[test]
    fn a_length_in_words_has_its_own_placeholder_and_is_refused_written_out() {
        let decision: Lengths = [("1 working day".to_owned(), ["decision".to_owned()].into())].into();
        let own = |text: &str| checked_against(text, &decision, LOOKUPS);
        assert_eq!(
            own("within {timescale:decision:words}, or {timescale:decision}"),
            ("within one working day, or 1 working day".to_owned(), vec![])
        );
        let (_, problems) = own("If you hear nothing within one working day, follow up");
        assert!(problems.iter().any(|p| p.contains("{timescale:decision:words}")), "{problems:?}");
        let (_, problems) = own("within {timescale:decision:wordz}");
        assert!(problems.iter().any(|p| p.contains("names no timescale")), "{problems:?}");
    }
}
