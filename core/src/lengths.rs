//! Lengths written once: a text that gives a timescale's length names it as
//! `{timescale:ID}`, which loading replaces with that length in words ("72 hours"), so the
//! figure lives in `timescales.toml` alone and a correction there reaches every sentence.
//!
//! Every text a practitioner reads about an item that leads to timescales may use it: an
//! escalation and its stages, a duty, an outcome (its own timescales and its escalation's), a
//! question (the timescales of the outcomes its date starts, and its options' duties') and an
//! indicator (its duties'). Such a text that writes out the length of one of its item's own
//! timescales is refused: the two copies would drift apart unseen. Part of loading, before
//! validation, so every reader of a pack — TOML, JSON or compiled — sees the same words.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostics;
use crate::ids::TimescaleId;
use crate::model::{Duty, Escalation, Indicator, Node, Outcome, Timescale};

const OPEN: &str = "{timescale:";

/// The items whose texts may name a timescale's length, each with the index of its file.
pub(crate) struct Texts<'a> {
    pub escalations: &'a mut [(usize, Escalation)],
    pub duties: &'a mut [(usize, Duty)],
    pub outcomes: &'a mut [(usize, Outcome)],
    pub nodes: &'a mut [(usize, Node)],
    pub indicators: &'a mut [(usize, Indicator)],
}

/// Timescale ids an item leads to, keyed by the item's id.
type Owned = BTreeMap<String, BTreeSet<TimescaleId>>;

/// Resolves the placeholders in every text of `items`, reporting unknown timescales and
/// lengths written out by hand. `names` are the files' names, by index. Linear in the size of
/// the texts: a hostile pack given to `Assistant.fromJson` cannot make it slow.
pub(crate) fn resolve(
    items: Texts<'_>,
    timescales: &[(usize, Timescale)],
    names: &[String],
    diags: &mut Diagnostics,
) {
    let lengths: BTreeMap<&str, String> =
        timescales.iter().map(|(_, t)| (t.id.as_str(), t.duration().to_string())).collect();
    let length = |id: &str| lengths.get(id).cloned();
    // Each item's own timescales, as length in words → timescale id.
    let refs = |ids: &mut dyn Iterator<Item = &TimescaleId>| -> BTreeMap<String, String> {
        ids.filter_map(|id| Some((length(id.as_str())?, id.to_string()))).collect()
    };
    let Texts { escalations, duties, outcomes, nodes, indicators } = items;
    let of = |map: &Owned, key: &str| map.get(key).into_iter().flatten().cloned().collect::<Vec<_>>();
    let mut by_escalation = Owned::new();
    for (_, e) in escalations.iter() {
        by_escalation
            .entry(e.id.to_string())
            .or_default()
            .extend(e.stage.iter().filter_map(|s| s.timescale.clone()));
    }
    let mut by_duty = Owned::new();
    for (_, d) in duties.iter() {
        by_duty.entry(d.id.to_string()).or_default().extend(d.timescales.iter().cloned());
    }
    let mut by_outcome = Owned::new();
    // A question's date starts an outcome's timescales when the outcome names it.
    let mut by_node = Owned::new();
    for (_, o) in outcomes.iter() {
        let mut ids: BTreeSet<TimescaleId> = o.timescales.iter().cloned().collect();
        ids.extend(o.escalation.as_ref().map(|e| of(&by_escalation, e.as_str())).unwrap_or_default());
        for node in [&o.start_date, &o.stage_from, &o.follow_up].into_iter().flatten() {
            by_node.entry(node.to_string()).or_default().extend(ids.iter().cloned());
        }
        by_outcome.entry(o.id.to_string()).or_default().extend(ids);
    }
    let file = |i: &usize| names.get(*i).map(String::as_str).unwrap_or_default();
    let mut fill_all = |texts: Vec<&mut String>, own: Vec<TimescaleId>, file: &str, item: &str| {
        let own = refs(&mut own.iter());
        for text in texts {
            fill(text, &own, &length, file, item, diags);
        }
    };

    for (i, e) in escalations.iter_mut() {
        let own = of(&by_escalation, e.id.as_str());
        let mut texts: Vec<&mut String> = vec![&mut e.title, &mut e.statement, &mut e.immediate_risk];
        texts.extend(e.record.iter_mut());
        for s in &mut e.stage {
            texts.extend([&mut s.title, &mut s.who]);
            texts.extend(s.timing.as_mut());
            texts.extend(s.actions.iter_mut());
            texts.extend(s.area_notes.values_mut());
        }
        fill_all(texts, own, file(i), e.id.as_str());
    }
    for (i, d) in duties.iter_mut() {
        let own = of(&by_duty, d.id.as_str());
        fill_all(vec![&mut d.title, &mut d.text, &mut d.why], own, file(i), d.id.as_str());
    }
    for (i, o) in outcomes.iter_mut() {
        let own = of(&by_outcome, o.id.as_str());
        let mut texts: Vec<&mut String> = vec![&mut o.title, &mut o.summary];
        texts.extend(o.actions.iter_mut());
        fill_all(texts, own, file(i), o.id.as_str());
    }
    for (i, n) in nodes.iter_mut() {
        let mut own = of(&by_node, n.id.as_str());
        own.extend(n.options.iter().flat_map(|o| o.duties.iter().flat_map(|d| of(&by_duty, d.as_str()))));
        let mut texts: Vec<&mut String> = vec![&mut n.question];
        texts.extend(n.hint.as_mut());
        for o in &mut n.options {
            texts.push(&mut o.label);
            texts.extend(o.hint.as_mut());
            texts.extend(o.advice.as_mut());
        }
        fill_all(texts, own, file(i), n.id.as_str());
    }
    for (i, ind) in indicators.iter_mut() {
        let own: Vec<TimescaleId> = ind.duties.iter().flat_map(|d| of(&by_duty, d.as_str())).collect();
        let mut texts: Vec<&mut String> = vec![&mut ind.text];
        texts.extend(ind.help.as_mut());
        fill_all(texts, own, file(i), ind.id.as_str());
    }
}

/// The lengths written in `text` as a number and a unit ("72 hours", "5 working days"), each
/// starting at a word's start: "72 hours" holds no "2 hours".
fn lengths_in(text: &str) -> Vec<String> {
    const UNITS: [&str; 8] =
        ["working days", "working day", "hours", "hour", "days", "day", "months", "month"];
    let mut found = Vec::new();
    let mut previous = ' ';
    for (at, c) in text.char_indices() {
        if c.is_ascii_digit() && !previous.is_alphanumeric() {
            let rest = text.get(at..).unwrap_or_default();
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let after = rest.get(digits..).unwrap_or_default();
            if let Some(unit) = after.strip_prefix(' ').and_then(|a| UNITS.iter().find(|u| a.starts_with(*u)))
            {
                found.push(format!("{} {unit}", rest.get(..digits).unwrap_or_default()));
            }
        }
        previous = c;
    }
    found
}

/// One text: each `{timescale:ID}` replaced; a length of the item's own timescales (`refs`:
/// length in words → timescale id) written out is an error.
fn fill(
    text: &mut String,
    refs: &BTreeMap<String, String>,
    length: &impl Fn(&str) -> Option<String>,
    file: &str,
    item: &str,
    diags: &mut Diagnostics,
) {
    for words in lengths_in(text) {
        if let Some(id) = refs.get(&words) {
            diags.error(
                file,
                item,
                format!("writes out \"{words}\", the length of timescale `{id}`: write {OPEN}{id}}} so the length is kept in one place"),
            );
        }
    }
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
        let id = after.get(..end).unwrap_or_default();
        match length(id) {
            Some(words) => out.push_str(&words),
            None => diags.error(file, item, format!("{OPEN}{id}}} names no timescale")),
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    *text = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, refs: &[&str]) -> (String, Vec<String>) {
        let refs: BTreeMap<String, String> =
            refs.iter().map(|r| ("72 hours".to_owned(), (*r).to_owned())).collect();
        let length = |id: &str| (id == "dissent").then(|| "72 hours".to_owned());
        let mut text = text.to_owned();
        let mut diags = Diagnostics::default();
        fill(&mut text, &refs, &length, "f.toml", "item", &mut diags);
        (text, diags.0.into_iter().map(|d| d.message).collect())
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
        assert_eq!(
            lengths_in("5 working days, then 72 hours and 1 day"),
            ["5 working days", "72 hours", "1 day"]
        );
    }
}
