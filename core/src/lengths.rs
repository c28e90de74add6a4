//! Lengths written once: an escalation's or a duty's text names a timescale's length as
//! `{timescale:ID}`, which loading replaces with that length in words ("72 hours"), so the
//! figure lives in `timescales.toml` alone and a correction there reaches every sentence.
//!
//! A text that writes out the length of a timescale its own item refers to (an escalation's
//! stages, a duty's `timescales`) is refused: the two copies would drift apart unseen. Part
//! of loading, before validation, so every reader of a pack — TOML, JSON or compiled — sees
//! the same words.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostics;
use crate::ids::TimescaleId;
use crate::model::{Duty, Escalation, Timescale};

const OPEN: &str = "{timescale:";

/// Resolves the placeholders in escalations and duties, reporting unknown timescales and
/// lengths written out by hand. `names` are the files' names, by index. Linear in the size of
/// the texts: a hostile pack given to `Assistant.fromJson` cannot make it slow.
pub(crate) fn resolve(
    escalations: &mut [(usize, Escalation)],
    duties: &mut [(usize, Duty)],
    timescales: &[(usize, Timescale)],
    names: &[String],
    diags: &mut Diagnostics,
) {
    let lengths: BTreeMap<&str, String> =
        timescales.iter().map(|(_, t)| (t.id.as_str(), t.duration().to_string())).collect();
    let length = |id: &str| lengths.get(id).cloned();
    // The lengths an item's own timescales give, to be written as placeholders.
    let owned = |ids: &mut dyn Iterator<Item = &TimescaleId>| -> BTreeMap<String, String> {
        ids.filter_map(|id| Some((length(id.as_str())?, id.to_string()))).collect()
    };
    for (file, e) in escalations.iter_mut() {
        let file = names.get(*file).map(String::as_str).unwrap_or_default();
        let refs = owned(&mut e.stage.iter().filter_map(|s| s.timescale.as_ref()));
        let mut texts: Vec<&mut String> = vec![&mut e.title, &mut e.statement, &mut e.immediate_risk];
        texts.extend(e.record.iter_mut());
        for s in &mut e.stage {
            texts.extend([&mut s.title, &mut s.who]);
            texts.extend(s.timing.as_mut());
            texts.extend(s.actions.iter_mut());
            texts.extend(s.area_notes.values_mut());
        }
        for text in texts {
            fill(text, &refs, &length, file, e.id.as_str(), diags);
        }
    }
    for (file, d) in duties.iter_mut() {
        let file = names.get(*file).map(String::as_str).unwrap_or_default();
        let refs = owned(&mut d.timescales.iter());
        for text in [&mut d.title, &mut d.text, &mut d.why] {
            fill(text, &refs, &length, file, d.id.as_str(), diags);
        }
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
