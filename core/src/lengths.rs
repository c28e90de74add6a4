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

use crate::calendar::{Duration, Unit, number_word};
use crate::diagnostic::Diagnostics;
use crate::ids::TimescaleId;
use crate::model::{Area, Duty, Escalation, Indicator, Node, Outcome, Rule, Timescale};

const OPEN: &str = "{timescale:";
/// What follows a placeholder's id to ask for the length with its number spelt out.
const WORDS: &str = ":words";
/// The same, capitalised, to start a sentence: "One working day".
const CAPITAL: &str = ":Words";
/// How many characters of an id or a text a message quotes: a hostile pack with long ids
/// named in many messages must not make the list of problems grow faster than the pack.
const QUOTED: usize = 80;

/// The items whose texts may name a timescale's length, each with the index of its file.
pub(crate) struct Texts<'a> {
    pub escalations: &'a mut [(usize, Escalation)],
    pub duties: &'a mut [(usize, Duty)],
    pub outcomes: &'a mut [(usize, Outcome)],
    pub nodes: &'a mut [(usize, Node)],
    pub indicators: &'a mut [(usize, Indicator)],
    pub rules: &'a mut [(usize, Rule)],
    pub areas: &'a mut [(usize, Area)],
    pub timescales: &'a mut [(usize, Timescale)],
}

/// The lengths of the timescales one item names itself: length → the ids of the timescales
/// that long (72 hours → "conference-dissent").
type Lengths = BTreeMap<Duration, BTreeSet<String>>;

/// How many (length written, item's timescales) look-ups a pack may need. The real pack needs
/// a few thousand; a pack built to be slow (an indicator naming one duty a million times, a
/// text with a hundred thousand lengths) is refused when it reaches this, so loading stays
/// linear in the size of the pack.
const LOOKUPS: usize = 5_000_000;

/// Resolves the placeholders in every text of `items`, reporting unknown timescales and
/// lengths written out by hand. `names` are the files' names, by index. Linear in the size of
/// the pack: each item's timescales are gathered once, an item that names another many times
/// looks at it once, the look-ups have a budget ([`LOOKUPS`]), an item's problems are said
/// once per length, and a message quotes at most [`QUOTED`] characters of an id, so a hostile
/// pack given to `Assistant.fromJson` cannot make it slow.
pub(crate) fn resolve(items: Texts<'_>, names: &[String], diags: &mut Diagnostics) {
    let Texts { escalations, duties, outcomes, nodes, indicators, rules, areas, timescales } = items;
    let lengths: BTreeMap<String, Duration> =
        timescales.iter().map(|(_, t)| (t.id.to_string(), t.duration())).collect();
    let length = |id: &str| lengths.get(id).copied();
    let gather = |ids: &mut dyn Iterator<Item = &TimescaleId>| {
        let mut map = Lengths::new();
        for id in ids {
            if let Some(length) = length(id.as_str()) {
                map.entry(length).or_default().insert(id.to_string());
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
        check.texts(texts, own, file(i), e.id.as_str());
    }
    for (i, d) in duties.iter_mut() {
        let own: Vec<&Lengths> = by_duty.get(d.id.as_str()).into_iter().collect();
        check.texts(vec![&mut d.title, &mut d.text, &mut d.why], own, file(i), d.id.as_str());
    }
    for (i, o) in outcomes.iter_mut() {
        let own = outcome_sources(o.id.as_str());
        let mut texts: Vec<&mut String> = vec![&mut o.title, &mut o.summary];
        texts.extend(o.actions.iter_mut());
        check.texts(texts, own, file(i), o.id.as_str());
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
        check.texts(texts, own, file(i), n.id.as_str());
    }
    for (i, ind) in indicators.iter_mut() {
        let own = duty_sources(&mut ind.duties.iter().map(|d| d.as_str()));
        let mut texts: Vec<&mut String> = vec![&mut ind.text];
        texts.extend(ind.help.as_mut());
        check.texts(texts, own, file(i), ind.id.as_str());
    }
    for (i, r) in rules.iter_mut() {
        let own = duty_sources(&mut r.duties.iter().map(|d| d.as_str()));
        check.texts(vec![&mut r.description], own, file(i), r.id.as_str());
    }
    for (i, a) in areas.iter_mut() {
        for level in &mut a.level {
            let own = gather(&mut level.timescales.iter());
            let item = format!("{} {}", a.id, level.id);
            let mut texts: Vec<&mut String> = vec![&mut level.name, &mut level.summary];
            texts.extend(level.actions.iter_mut());
            for alt in &mut level.alternative {
                // A response's texts, with the level's own timescales and the response's.
                let response = gather(&mut alt.timescales.iter());
                let mut texts: Vec<&mut String> = vec![&mut alt.summary];
                texts.extend(alt.actions.iter_mut());
                check.texts(texts, vec![&own, &response], file(i), &item);
            }
            check.texts(texts, vec![&own], file(i), &item);
        }
    }
    for (i, t) in timescales.iter_mut() {
        let own = gather(&mut std::iter::once(&t.id));
        let texts: Vec<&mut String> = vec![&mut t.label, &mut t.from, &mut t.description];
        check.texts(texts, vec![&own], file(i), t.id.as_str());
    }
}

/// Refuses a placeholder left in any text of `items` once [`resolve`] has run: one in a text
/// it does not read (a contact's opening hours, a chapter's title) would reach a practitioner
/// as it was typed. Every field is looked at, through the item's serde form
/// ([`crate::strings`]), so a field added to the model later is covered without anyone
/// remembering to list it here. `table` is how the items' table is written: `[[contact]]`.
pub(crate) fn unfilled<T: serde::Serialize>(
    items: &[(usize, T)],
    table: &str,
    names: &[String],
    diags: &mut Diagnostics,
) {
    for (i, item) in items {
        // The item's first string names it: the id, for every kind that has one.
        let mut first = None;
        let mut left = 0_usize;
        let mut example = None;
        crate::strings::each_string(item, &mut |s| {
            first.get_or_insert_with(|| quoted(s));
            if s.contains(OPEN) {
                left += 1;
                example.get_or_insert_with(|| quoted(s));
            }
        });
        let Some(example) = example else { continue };
        let file = names.get(*i).map(String::as_str).unwrap_or_default();
        let texts = if left == 1 { "a text keeps".to_owned() } else { format!("{left} texts keep") };
        diags.error(
            file,
            format!("{table} {}", first.unwrap_or_default()),
            format!("{texts} a `{OPEN}…}}` that nothing fills in here (only the texts of items that lead to timescales are filled in): \"{example}\""),
        );
    }
}

/// At most [`QUOTED`] characters of `s`, marked when cut.
fn quoted(s: &str) -> String {
    match s.char_indices().nth(QUOTED) {
        Some((at, _)) => format!("{}…", s.get(..at).unwrap_or_default()),
        None => s.to_owned(),
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
    /// One item's texts, whose own timescales' lengths are in `own` (an item reached twice
    /// through the same source is looked at once). Each length it writes out is reported
    /// once, whichever of its texts writes it.
    fn texts(&mut self, texts: Vec<&mut String>, mut own: Vec<&Lengths>, file: &str, item: &str) {
        let item = quoted(item);
        let mut seen = BTreeSet::new();
        own.retain(|lengths| seen.insert(std::ptr::from_ref::<Lengths>(lengths)));
        let mut written: BTreeMap<Duration, Written> = BTreeMap::new();
        for text in texts {
            for w in lengths_in(text) {
                written.entry(w.length).or_insert(w);
            }
            fill(text, self.length, file, &item, self.diags);
        }
        for (length, Written { text: words, spelt, .. }) in &written {
            for lengths in &own {
                let Some(left) = self.lookups.checked_sub(1) else {
                    if !self.spent {
                        self.spent = true;
                        self.diags.error(file, &item, format!("the pack names timescales and writes lengths too many times over to check ({LOOKUPS} look-ups): it cannot be checked for lengths written out by hand"));
                    }
                    return;
                };
                self.lookups = left;
                let Some(ids) = lengths.get(length) else { continue };
                // Words, where the placeholder would give words: it spells up to twelve.
                let form = if *spelt && Duration::spelt(length) != length.to_string() { WORDS } else { "" };
                // A few ids are enough to act on; naming them all could be long.
                let shown: Vec<String> = ids.iter().take(3).map(|id| quoted(id)).collect();
                let more = match ids.len().saturating_sub(shown.len()) {
                    0 => String::new(),
                    n => format!(" (and {n} more)"),
                };
                let write =
                    shown.iter().map(|id| format!("{OPEN}{id}{form}}}")).collect::<Vec<_>>().join(" or ");
                self.diags.error(
                    file,
                    &item,
                    format!("writes out \"{}\", the length of timescale `{}`{more}: write {write} so the length is kept in one place", quoted(words), shown.join("`, `")),
                );
                break;
            }
        }
    }
}

/// A length written in a text.
#[derive(Debug)]
struct Written {
    length: Duration,
    /// As the text has it: "one working day", "72-hour".
    text: String,
    /// Its number was written in words.
    spelt: bool,
}

/// The lengths written in `text` as a number, in figures or words, and a unit ("72 hours",
/// "5 working days", "one working day", "a 72-hour wait", "Forty-two days"), in the order
/// they come, each number and unit a whole word: "172 hours" is not 72 hours, "someone day"
/// holds no "one day", and "one hourly" no hour.
///
/// It looks for a unit after a space or a hyphen and reads the word before it, rather than
/// reading every word: every text of a pack passes through here on each load, and units
/// are rare.
fn lengths_in(text: &str) -> Vec<Written> {
    const UNITS: [(&str, Unit); 8] = [
        ("working days", Unit::WorkingDays),
        ("working day", Unit::WorkingDays),
        ("hours", Unit::Hours),
        ("hour", Unit::Hours),
        ("days", Unit::Days),
        ("day", Unit::Days),
        ("months", Unit::Months),
        ("month", Unit::Months),
    ];
    let mut found = Vec::new();
    for (gap, pair) in text.as_bytes().windows(2).enumerate() {
        // The byte before a unit: an ASCII space or hyphen, or the last byte of a no-break
        // space; what it belongs to is checked below.
        let [b' ' | b'\t' | b'\n' | b'\r' | b'-' | 0xA0, first] = pair else { continue };
        if !matches!(first.to_ascii_lowercase(), b'w' | b'h' | b'd' | b'm') {
            continue;
        }
        // `first` is ASCII, so the unit starts on a character boundary.
        let unit_at = gap + 1;
        let (Some(before), Some(after)) = (text.get(..unit_at), text.get(unit_at..)) else { continue };
        let Some(space) = before.chars().next_back().filter(|c| c.is_whitespace() || *c == '-') else {
            continue;
        };
        let before = before.get(..before.len() - space.len_utf8()).unwrap_or_default();
        let whole = |u: &str| {
            after.get(..u.len()).is_some_and(|a| a.eq_ignore_ascii_case(u))
                && after.get(u.len()..).and_then(|r| r.chars().next()).is_none_or(|c| !c.is_alphanumeric())
        };
        let Some((unit_words, unit)) = UNITS.iter().find(|(u, _)| whole(u)) else { continue };
        let Some((amount, number_at, spelt)) = number_before(before) else { continue };
        let written = text.get(number_at..unit_at + unit_words.len()).unwrap_or_default();
        found.push(Written { length: Duration { amount, unit: *unit }, text: written.to_owned(), spelt });
    }
    found
}

/// The whole number that ends `before`, where it starts, and whether it is in words:
/// "within 72" → 72, "within forty-two" → 42 (in words). Not a number: "1.5", "1,000"'s
/// last part, a word that is not a number.
fn number_before(before: &str) -> Option<(u32, usize, bool)> {
    let start = before.trim_end_matches(char::is_alphanumeric).len();
    let word = before.get(start..).filter(|w| !w.is_empty())?;
    let head = before.get(..start).unwrap_or_default();
    if word.bytes().all(|b| b.is_ascii_digit()) {
        let mut tail = head.chars().rev();
        if matches!(tail.next(), Some('.' | ',')) && tail.next().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        return Some((word.parse().ok()?, start, false));
    }
    let n = number_word(word)?;
    // "forty-two": a ten, a hyphen, and a unit.
    let ten = head.strip_suffix('-').filter(|_| (1..10).contains(&n)).and_then(|h| {
        let at = h.trim_end_matches(char::is_alphanumeric).len();
        let ten = h.get(at..).and_then(number_word).filter(|t| *t >= 20 && t % 10 == 0)?;
        Some((ten + n, at))
    });
    Some(match ten {
        Some((amount, at)) => (amount, at, true),
        None => (n, start, true),
    })
}

/// One text: each `{timescale:ID}` replaced by that timescale's length, each
/// `{timescale:ID:words}` by the same with its number spelt out, and `{timescale:ID:Words}`
/// by that with a capital, to start a sentence.
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
            // Said once: what follows is kept without the opening, so the check for
            // placeholders left in texts does not say it again.
            rest = after;
            break;
        };
        let inside = after.get(..end).unwrap_or_default();
        let (id, form) = match inside.split_once(':') {
            Some((id, form)) => (id, Some(form)),
            None => (inside, None),
        };
        match (length(id), form) {
            (Some(length), None) => out.push_str(&length.to_string()),
            (Some(length), Some("words")) => out.push_str(&length.spelt()),
            (Some(length), Some("Words")) => {
                let spelt = length.spelt();
                let mut chars = spelt.chars();
                out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                out.push_str(chars.as_str());
            }
            (Some(_), Some(form)) => diags.error(
                file,
                item,
                format!(
                    "{OPEN}{}}}: `:{}` is not a form of a length (write `{WORDS}`, `{CAPITAL}` or nothing)",
                    quoted(inside),
                    quoted(form)
                ),
            ),
            (None, _) => diags.error(file, item, format!("{OPEN}{}}} names no timescale", quoted(inside))),
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    *text = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    const DISSENT: Duration = Duration { amount: 72, unit: Unit::Hours };
    const DECISION: Duration = Duration { amount: 1, unit: Unit::WorkingDays };

    /// `text` checked against `own` and a copy of it (an item with two sources), with a
    /// budget.
    fn checked_against(text: &str, own: &Lengths, lookups: usize) -> (String, Vec<String>) {
        let length = |id: &str| match id {
            "dissent" => Some(DISSENT),
            "decision" => Some(DECISION),
            _ => None,
        };
        let copy = own.clone();
        let mut text = text.to_owned();
        let mut diags = Diagnostics::default();
        Check { length: &length, lookups, spent: false, diags: &mut diags }.texts(
            vec![&mut text],
            vec![own, &copy, own],
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
            [(DISSENT, refs.iter().map(|r| (*r).to_owned()).collect())].into()
        };
        checked_against(text, &own, lookups)
    }

    fn run(text: &str, refs: &[&str]) -> (String, Vec<String>) {
        checked(text, refs, LOOKUPS)
    }

    /// The lengths read in `text`, as written and in figures.
    fn read(text: &str) -> Vec<(String, String)> {
        lengths_in(text).into_iter().map(|w| (w.text, w.length.to_string())).collect()
    }

    #[test]
    fn a_pack_that_needs_too_many_look_ups_is_refused_not_checked_for_ever() {
        // Two lengths written, two sources each (the third is the first again): four look-ups.
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
        let (_, problems) = run("within 72 hours of it, and 72 hours after", &["dissent"]);
        assert_eq!(problems.len(), 1, "said once: {problems:?}");
        assert!(problems[0].contains("{timescale:dissent}"), "{problems:?}");
        let (_, problems) = run("within {timescale:nope} of it", &[]);
        assert!(problems.iter().any(|p| p.contains("names no timescale")), "{problems:?}");
        let (text, problems) = run("within {timescale:dissent of it", &[]);
        assert!(problems.iter().any(|p| p.contains("closing")), "{problems:?}");
        assert!(!text.contains(OPEN), "said once, not again as left unfilled: {text}");
        // Another item's length written out is not this rule's business, and a figure is read
        // whole: "172 hours" is not "72 hours".
        assert!(run("a 72 hours notice", &[]).1.is_empty());
        assert!(run("within 172 hours or a72 hours", &["dissent"]).1.is_empty());
    }

    #[test]
    fn lengths_are_read_in_figures_and_words_in_the_forms_people_write() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
        };
        assert_eq!(
            read("5 working days, then 72 hours and 1 day"),
            pairs(&[("5 working days", "5 working days"), ("72 hours", "72 hours"), ("1 day", "1 day")])
        );
        assert_eq!(
            read("One Working Day, then three months; someone day, one hourly, 1.5 days"),
            pairs(&[("One Working Day", "1 working day"), ("three months", "3 months")])
        );
        assert_eq!(
            read(
                "a 72-hour wait, 48\u{2013}72\u{a0}hours, \u{201c}fifteen working days\u{201d}, forty-two days"
            ),
            pairs(&[
                ("72-hour", "72 hours"),
                ("72\u{a0}hours", "72 hours"),
                ("fifteen working days", "15 working days"),
                ("forty-two days", "42 days"),
            ])
        );
        // A unit in the wrong number is the same length: "1 working days".
        assert_eq!(read("1 working days"), pairs(&[("1 working days", "1 working day")]));
    }

    #[test]
    fn a_length_in_words_has_its_own_placeholder_and_is_refused_written_out() {
        let decision: Lengths = [(DECISION, ["decision".to_owned()].into())].into();
        let own = |text: &str| checked_against(text, &decision, LOOKUPS);
        assert_eq!(
            own("within {timescale:decision:words}, or {timescale:decision}. {timescale:decision:Words}."),
            ("within one working day, or 1 working day. One working day.".to_owned(), vec![])
        );
        let (_, problems) = own("If you hear nothing within one working day, follow up");
        assert!(problems.iter().any(|p| p.contains("{timescale:decision:words}")), "{problems:?}");
        let (_, problems) = own("within {timescale:decision:wordz}");
        assert!(problems.iter().any(|p| p.contains("`:wordz` is not a form")), "{problems:?}");
    }

    #[test]
    fn messages_quote_a_few_short_ids_whatever_the_pack_holds() {
        let long = "x".repeat(10_000);
        let ids: BTreeSet<String> = (0..100).map(|n| format!("{long}{n}")).collect();
        let own: Lengths = [(DISSENT, ids)].into();
        let (_, problems) = checked_against("within 72 hours", &own, LOOKUPS);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].len() < 1_000 && problems[0].contains("(and 97 more)"), "{}", problems[0].len());
    }
}
