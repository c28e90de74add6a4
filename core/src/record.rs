//! The record of a finished journey: a plain Markdown summary a practitioner can paste into
//! their own notes.
//!
//! **Invariant:** the record holds only what the content says and the options chosen: the
//! engine never asks for free text, so there is no name or identifying detail to leak.

use std::fmt::Write;

use chrono::NaiveDateTime;

use crate::advice::{Advice, EventDate, advise};
use crate::calendar::{clock, long_date};
use crate::contact::{ContactNow, When};
use crate::dates::{Deadline, Window, due_words, start_words, window_note};
use crate::engine::{Answer, Session, chosen_option};
use crate::error::EngineError;
use crate::model::*;
use crate::pack::Pack;

/// Said of a deadline whose window has already closed (see `Window::passed`).
pub const PASSED: &str = "This date has already passed: do it now.";

/// Said of another agency's deadline whose window has closed (`Timescale::theirs`): the
/// practitioner cannot do it, but can check it was done.
pub const PASSED_THEIRS: &str =
    "This date has already passed: check that it has happened, and follow it up now if it has not.";

/// Said of a deadline that falls today and has not yet passed.
pub const DUE_TODAY: &str = "This is due today.";

/// Said over the timescales of an outcome that is to be acted on today or now: the dates
/// are the procedures' outer limits, and a referral due "by" next week must not read as
/// time to wait when a duty above says straight away.
pub const LATEST_DATES: &str = "These are the latest dates the procedures allow. Where a step above says now or today, do it now or today: the dates never give more time.";

/// Whether an outcome's timescales need [`LATEST_DATES`] said over them.
pub fn acts_today(urgency: Urgency) -> bool {
    urgency >= Urgency::Urgent
}

/// A dated timescale's rule and what it is counted from, in words: "72 hours from the
/// child's return, on Tuesday 1 December 2026 at 21:00 as you gave it", or "…, taken as
/// today, Thursday 3 December 2026". The outcome's page and its record say the same.
pub fn counted_from(advice: &Advice<'_>, d: &Deadline<'_>) -> String {
    match advice.dated_by(d.timescale) {
        Some(EventDate { given: Some(start), .. }) => {
            format!("{}, on {} as you gave it", d.rule(), start_words(*start))
        }
        Some(EventDate { implied: Some((start, by)), .. }) => {
            format!("{}, taken as {}, when {}", d.rule(), start_words(*start), crate::lower_first(&by.label))
        }
        _ => format!("{}, taken as today, {}", d.rule(), long_date(advice.at.date())),
    }
}

/// A timescale met by something done, in words: "done: a referral was made to children's
/// services on Monday 10 May 2027, as you gave it", or "… by Monday 7 December 2026, when a
/// strategy discussion was held".
pub fn done_words(done: &EventDate<'_>) -> String {
    let what = crate::lower_first(&done.event.label);
    match (done.given, done.implied) {
        (Some(when), _) => format!("done: {what} on {}, as you gave it", start_words(when)),
        (None, Some((when, by))) => {
            format!("done: {what} by {}, when {}", start_words(when), crate::lower_first(&by.label))
        }
        (None, None) => format!("done: {what}"),
    }
}

/// When to follow up a decision not heard of, as of `now`: by its due date, or now, once a
/// referral given as made days ago has passed it.
pub fn follow_up_words(d: &Deadline<'_>, now: NaiveDateTime) -> String {
    let due = due_words(d.window.due);
    if d.window.passed(now) {
        format!("You should have heard back by {due}: if you have not, follow up now.")
    } else {
        format!("If you have not heard back by {due}, follow up.")
    }
}

/// What to say of a timescale's deadline at `now`, beside its date: as [`due_note`], except
/// that another agency's deadline gone by asks the practitioner to check it, not to do it.
pub fn deadline_note(d: &Deadline<'_>, now: NaiveDateTime) -> Option<&'static str> {
    match due_note(&d.window, now) {
        Some(PASSED) if d.timescale.theirs => Some(PASSED_THEIRS),
        note => note,
    }
}

/// What to say of a deadline at `now`, beside its date: that it has passed, or is today.
/// A date alone reads as time in hand; a practitioner coming back to a plan days later, or
/// late on the day itself, is told plainly.
pub fn due_note(window: &Window<'_>, now: NaiveDateTime) -> Option<&'static str> {
    if window.passed(now) {
        Some(PASSED)
    } else if window.due.date() == now.date() {
        Some(DUE_TODAY)
    } else {
        None
    }
}

/// How soon to act, in words: a short label and a sentence. The outcome's panel, its
/// colour and the record all follow it.
pub fn urgency_words(urgency: Urgency) -> (&'static str, &'static str) {
    match urgency {
        Urgency::Immediate => {
            ("Act now", "Act now: call 999 if anyone is in danger, then do the steps below straight away.")
        }
        Urgency::Urgent => (
            "Act today",
            "Act today: what cannot wait comes first below; do it now, or today at the latest, out of hours too.",
        ),
        Urgency::Statutory => (
            "A statutory step, not an emergency",
            "A statutory step is needed, but it is not an emergency: act in working hours, and sooner if things get worse.",
        ),
        Urgency::Routine => (
            "Not an emergency",
            "Not an emergency: follow the steps below, and act sooner if things get worse.",
        ),
    }
}

/// A chapter as it is listed: its number where the number belongs to its part, else its
/// title with its part and the number it has at the address held (older editions numbered
/// chapters differently), so no chapter seems to sit under the wrong part.
pub fn chapter_label(pack: &Pack, chapter: &Chapter) -> String {
    let Some(part) = pack.part(chapter.part.as_str()) else {
        return format!("{} {}", chapter.number, chapter.title).trim().to_owned();
    };
    let n = part.number.to_string();
    if chapter.number.is_empty() {
        format!("{} (Part {n})", chapter.title)
    } else if chapter.number == n || chapter.number.starts_with(&format!("{n}.")) {
        format!("{} {}", chapter.number, chapter.title)
    } else {
        format!("{} (Part {n}; numbered {} in the edition linked)", chapter.title, chapter.number)
    }
}

/// An answer in words, as the check-answers page and the record show it.
pub fn describe_answer(pack: &Pack, node: &Node, answer: &Answer) -> String {
    let label = |id: &str| {
        node.options.iter().find(|o| o.id.as_str() == id).map_or(id, |o| o.label.as_str()).to_owned()
    };
    match answer {
        Answer::Choice(o) => label(o.as_str()),
        Answer::NotSure => match chosen_option(node, answer) {
            Some(o) => format!("Not sure (taken as: {})", o.label),
            None => "Not sure".to_owned(),
        },
        Answer::Multi(set) if set.is_empty() => "None of these".to_owned(),
        Answer::Multi(set) => set.iter().map(|o| label(o.as_str())).collect::<Vec<_>>().join("; "),
        Answer::Indicators(map) if map.is_empty() => "None of these".to_owned(),
        Answer::Indicators(map) => map
            .iter()
            .map(|(id, p)| {
                let text = pack.indicator(id.as_str()).map_or(id.as_str(), |i| i.text.as_str());
                match p {
                    Presence::Yes => text.to_owned(),
                    Presence::NotSure => format!("{text} (not sure: counted as yes)"),
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Date(d) => long_date(*d),
        Answer::Moment(m) => format!("{} at {}", long_date(m.date()), clock(*m)),
    }
}

fn phone_line(c: &Contact) -> String {
    let mut ways = Vec::new();
    if let Some(p) = &c.phone {
        ways.push(format!("phone {p}"));
    }
    if let Some(t) = &c.textphone {
        ways.push(format!("textphone {t}"));
    }
    for o in &c.other_phones {
        ways.push(format!("{}: {}", o.label, o.number));
    }
    if let Some(e) = &c.email {
        ways.push(format!("email {e}"));
    }
    if let Some(w) = &c.web_form {
        ways.push(format!("online: {w}"));
    }
    ways.join("; ")
}

/// The record of a finished journey as Markdown.
pub fn record(pack: &Pack, session: &Session, at: NaiveDateTime) -> Result<String, EngineError> {
    let advice = advise(pack, session, at)?;
    Ok(render(pack, &advice))
}

/// The record as plain text, for the `.txt` download and the clipboard: the Markdown of
/// [`render`] without its marks. Headings are underlined (`===` for the title, `---` for a
/// section), bold marks go, and list items and addresses stay as they are.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines() {
        let (heading, text) = match line.strip_prefix("# ") {
            Some(title) => (Some('='), title),
            None => match line.strip_prefix("## ").or_else(|| line.strip_prefix("### ")) {
                Some(section) => (Some('-'), section),
                None => (None, line),
            },
        };
        let text = text.replace("**", "");
        out.push_str(&text);
        out.push('\n');
        if let Some(mark) = heading {
            out.extend(std::iter::repeat_n(mark, text.chars().count()));
            out.push('\n');
        }
    }
    out
}

/// Renders advice as Markdown. Writing to a `String` cannot fail, so results are ignored.
pub fn render(pack: &Pack, advice: &Advice<'_>) -> String {
    let c = &advice.conclusion;
    let info = pack.info();
    let mut out = String::new();
    let _ = writeln!(out, "# Safeguarding record: {}\n", c.outcome.title);
    let _ = writeln!(out, "- Made: {} at {} (UK time)", long_date(advice.at.date()), clock(advice.at));
    let _ = writeln!(out, "- Guidance: {} version {} (content {})", info.name, info.version, pack.hash());
    if let Some(area) = c.path.area {
        let _ = writeln!(out, "- Area: {} ({})", area.name, area.framework);
    }
    let _ = writeln!(out, "- How soon: {}", urgency_words(c.urgency).1);
    let _ = writeln!(
        out,
        "- This record holds no names or other details that identify a child or family. Keep it that way.\n"
    );

    let _ = writeln!(out, "## Answers\n");
    for (node, answer) in &c.path.asked {
        let _ = writeln!(out, "- {} **{}**", node.question, describe_answer(pack, node, answer));
    }

    let _ = writeln!(out, "\n## Outcome\n\n{}", c.outcome.summary);

    if !c.duties.is_empty() {
        let _ = writeln!(out, "\n## Do these first\n");
        for (i, found) in c.duties.iter().enumerate() {
            let d = found.duty;
            let _ =
                writeln!(out, "{}. **{}** ({}) {}", i + 1, d.title, urgency_words(found.urgency).0, d.text);
            let _ = writeln!(out, "   - Why: {} (source: {})", d.why, d.source);
            let _ = writeln!(out, "   - Because: {}", found.because.join("; "));
            let contacts: Vec<&str> =
                advice.duty_contacts(&d.id).into_iter().map(|n| n.named().name.as_str()).collect();
            if !contacts.is_empty() {
                let _ = writeln!(out, "   - Contact: {} (see below)", contacts.join("; "));
            }
        }
    }

    if let Some(a) = &c.assessment {
        let _ = writeln!(out, "\n## Level of need\n");
        let _ = writeln!(
            out,
            "**Level {}: {}** ({})\n\n{}",
            a.level.number, a.level.name, a.area.framework, a.response.summary
        );
        let _ = writeln!(out, "\n### Why this level\n");
        if a.reasons.is_empty() {
            let _ = writeln!(out, "- No indicators were chosen, so the lowest level applies.");
        }
        for r in &a.reasons {
            let unsure = if r.presence == Presence::NotSure { "not sure, counted as yes; " } else { "" };
            let _ = writeln!(
                out,
                "- {} ({unsure}level {}; {}; source: {})",
                r.indicator.text, r.level.number, r.domain.name, r.indicator.source
            );
        }
        for f in a.rules.iter().filter(|f| f.reaches) {
            let effect = if f.raised { "raised the level to" } else { "points to" };
            let _ = writeln!(
                out,
                "- {} This {effect} level {}. (source: {})",
                f.rule.description, f.level.number, f.rule.source
            );
        }
    }

    let _ = writeln!(out, "\n## What to do now\n");
    for (i, action) in advice.actions().iter().enumerate() {
        let _ = writeln!(out, "{}. {action}", i + 1);
    }

    if !advice.contacts.is_empty() {
        let _ = writeln!(out, "\n## Who to contact now\n");
        for now in &advice.contacts {
            contact_lines(&mut out, now);
        }
    }

    if !c.chapters.is_empty() {
        let _ = writeln!(out, "\n## Procedures that apply\n");
        for ch in &c.chapters {
            let at = ch.url.as_deref().unwrap_or("no address is held for this chapter yet");
            let _ = writeln!(out, "- {}: {at}", chapter_label(pack, ch));
        }
    }

    if !advice.timescales.is_empty() || !advice.undated.is_empty() || !advice.met.is_empty() {
        let _ = writeln!(out, "\n## Timescales\n");
        if acts_today(c.urgency) {
            let _ = writeln!(out, "{LATEST_DATES}\n");
        }
        for d in &advice.timescales {
            let t = d.timescale;
            let _ =
                writeln!(out, "- {}: by {} ({})", t.label, due_words(d.window.due), counted_from(advice, d));
            if let Some(note) = deadline_note(d, advice.at) {
                let _ = writeln!(out, "  {note}");
            }
            if let Some(note) = window_note(&d.window) {
                let _ = writeln!(out, "  {note}");
            }
        }
        for (t, done) in &advice.met {
            let _ = writeln!(out, "- {}: {}", t.label, done_words(done));
        }
        for t in &advice.undated {
            let _ = writeln!(
                out,
                "- {}: {}: give its date on the outcome to see when it is due",
                t.label,
                t.rule()
            );
        }
        if let Some(d) = advice.timescales.iter().find(|d| d.timescale.follow_up) {
            let _ = writeln!(
                out,
                "\n{} If you disagree with the decision, use the escalation steps.",
                follow_up_words(d, advice.at)
            );
        }
    }

    if let Some(plan) = &advice.plan {
        let e = plan.escalation;
        let _ = writeln!(
            out,
            "\n## {}\n\n{}\n\n**If the child is at risk now:** {}\n",
            e.title, e.statement, e.immediate_risk
        );
        for s in &plan.stages {
            let _ = writeln!(out, "### {}: {}\n", s.stage.title, stage_due(s));
            let _ = writeln!(out, "- Who: {}", s.stage.who);
            if let Some(starts) = s.starts {
                let _ = writeln!(out, "- Starts: {}", start_words(starts));
            }
            if let Some(note) = s.window.as_ref().and_then(|w| due_note(w, advice.at)) {
                let _ = writeln!(out, "- {note}");
            }
            if let Some(note) = s.window.as_ref().and_then(window_note) {
                let _ = writeln!(out, "- {note}");
            }
            if s.stage.status == Status::Draft {
                let _ = writeln!(out, "- Draft: this stage is still being checked with the partnership.");
            }
            if let Some(contact) = s.contact {
                let _ = writeln!(out, "- Contact: {}: {}", contact.name, phone_line(contact));
            }
            if let Some(note) = s.area_note {
                let _ = writeln!(out, "- In this area: {note}");
            }
            for a in &s.stage.actions {
                let _ = writeln!(out, "- {a}");
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "### Keep a record of\n");
        for r in &e.record {
            let _ = writeln!(out, "- {r}");
        }
    }

    let _ = writeln!(out, "\n## Professional judgement\n\n{}", info.judgement);
    out
}

/// When a planned stage is due, in words: a date, or the sourced timing where no length is
/// given ("without delay").
pub fn stage_due(s: &crate::escalation::PlannedStage<'_>) -> String {
    match (s.due(), &s.stage.timing) {
        (Some(due), _) => format!("due by {}", due_words(due)),
        (None, Some(timing)) => crate::lower_first(timing),
        (None, None) => "as soon as the previous stage ends".to_owned(),
    }
}

/// What a contact is for, in words, when it serves any duty: the duties' titles, and the
/// outcome's general steps if it is their contact too. `None` for a contact of the general
/// steps only.
pub fn purpose(now: &ContactNow<'_>) -> Option<String> {
    if now.duties.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = now.duties.iter().map(|d| d.title.as_str()).collect();
    if now.general {
        parts.push("the steps under \"What to do now\"");
    }
    Some(parts.join("; "))
}

/// For a contact that closes within the hour: when, and what to use after that.
fn closing_line(now: &ContactNow<'_>) -> Option<String> {
    let (close, then) = now.closes_soon?;
    Some(format!("It closes at {}. After that, use {}: {}.", clock(close), then.name, phone_line(then)))
}

fn contact_lines(out: &mut String, now: &ContactNow<'_>) {
    let p = now.primary;
    let opens = now
        .primary_opens
        .map(|o| format!("; it opens {} at {}", long_date(o.date()), clock(o)))
        .unwrap_or_default();
    let purpose = purpose(now).map(|p| format!(" For: {p}.")).unwrap_or_default();
    match now.when {
        When::OpenNow => {
            let _ = writeln!(out, "- **{}** (open now): {}.{purpose}", p.name, phone_line(p));
            if let Some(line) = closing_line(now) {
                let _ = writeln!(out, "  {line}");
            }
        }
        When::UseAlternative => {
            let _ = writeln!(out, "- {} is closed now{opens}.{purpose}", p.name);
            let _ = writeln!(out, "  Use now: **{}**: {}", now.now.name, phone_line(now.now));
        }
        When::WhenItOpens => {
            let then = if p.web_form.is_some() || p.email.is_some() {
                "Send their form or email now (it is read when they open), or contact them then"
            } else {
                "Contact them then"
            };
            let _ =
                writeln!(out, "- **{}** is closed now{opens}. {then}: {}.{purpose}", p.name, phone_line(p));
            let _ = writeln!(
                out,
                "  If you come to think the child is at risk of harm before then: **{}**: {}",
                now.now.name,
                phone_line(now.now)
            );
        }
    }
}

#[cfg(test)]
mod plain_tests {
    #[test]
    fn the_plain_text_record_has_no_markdown_marks() {
        let md = "# Safeguarding record: Call 999 now\n\n- Made: today\n\n## Outcome\n\n**Level 4** (area)\n- **Police** (open now): phone 999.\n";
        let text = super::plain_text(md);
        assert_eq!(
            text,
            "Safeguarding record: Call 999 now\n=================================\n\n- Made: today\n\nOutcome\n-------\n\nLevel 4 (area)\n- Police (open now): phone 999.\n"
        );
    }
}
