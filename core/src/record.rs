//! The record of a finished journey: a plain Markdown summary a practitioner can paste into
//! their own notes.
//!
//! **Invariant:** the record holds only what the content says and the options chosen: the
//! engine never asks for free text, so there is no name or identifying detail to leak.

use std::fmt::Write;

use chrono::{NaiveDate, NaiveDateTime};

use crate::contact::{ContactNow, When, contacts_now};
use crate::engine::{Answer, Conclusion, Presence, Session, chosen_option};
use crate::error::EngineError;
use crate::escalation::{Plan, plan};
use crate::ids::TimescaleId;
use crate::model::*;
use crate::pack::Pack;
use crate::time::{clock, due_date, long_date};

/// A timescale with its due date.
#[derive(Clone, Copy, Debug)]
pub struct TimescaleDate<'p> {
    /// The timescale.
    pub timescale: &'p Timescale,
    /// When it is due, counted from the start date.
    pub due: NaiveDate,
}

/// Due dates of timescales counted from `start` (skipping ids that do not exist).
pub fn timescale_dates<'p>(pack: &'p Pack, ids: &[TimescaleId], start: NaiveDate) -> Vec<TimescaleDate<'p>> {
    ids.iter()
        .filter_map(|id| pack.timescale(id.as_str()))
        .filter_map(|t| {
            Some(TimescaleDate { timescale: t, due: due_date(start, t.duration(), pack.bank_holidays())? })
        })
        .collect()
}

/// Everything a finished journey shows, at one moment.
#[derive(Debug)]
pub struct Advice<'a> {
    /// What the journey concluded.
    pub conclusion: Conclusion<'a>,
    /// Whom to contact, as of `at`.
    pub contacts: Vec<ContactNow<'a>>,
    /// Timescales as dates from the day of `at`.
    pub timescales: Vec<TimescaleDate<'a>>,
    /// The escalation plan, for an escalation outcome.
    pub plan: Option<Plan<'a>>,
    /// The UK local time the advice was made for.
    pub at: NaiveDateTime,
}

/// The advice for a finished journey at UK local time `at`.
pub fn advise<'a>(
    pack: &'a Pack,
    session: &'a Session,
    at: NaiveDateTime,
) -> Result<Advice<'a>, EngineError> {
    let conclusion = session.conclude(pack)?;
    let area = conclusion.path.area.map(|a| &a.id);
    let contacts = contacts_now(pack, area, conclusion.response.contacts, conclusion.response.urgency, at);
    let timescales = timescale_dates(pack, conclusion.response.timescales, at.date());
    let plan = match conclusion.escalation {
        Some((escalation, start, from)) => Some(plan(pack, escalation, area, start, from)?),
        None => None,
    };
    Ok(Advice { conclusion, contacts, timescales, plan, at })
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
    let _ = writeln!(
        out,
        "- This record holds no names or other details that identify a child or family. Keep it that way.\n"
    );

    let _ = writeln!(out, "## Answers\n");
    for (node, answer) in &c.path.asked {
        let _ = writeln!(out, "- {} **{}**", node.question, describe_answer(pack, node, answer));
    }

    let _ = writeln!(out, "\n## Outcome\n\n{}", c.outcome.summary);
    if let Some(a) = &c.assessment {
        let _ = writeln!(out, "\n## Level of need\n");
        let _ = writeln!(
            out,
            "**Level {}: {}** ({})\n\n{}",
            a.level.number, a.level.name, a.area.framework, a.level.summary
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
        for f in &a.rules {
            let effect = if f.raised { "raised the level to" } else { "points to at least" };
            let _ = writeln!(
                out,
                "- {} This {effect} level {}. (source: {})",
                f.rule.description, f.level.number, f.rule.source
            );
        }
    }

    let _ = writeln!(out, "\n## What to do now\n");
    let actions = c.response.actions.iter().map(String::as_str).chain(c.advice.iter().copied());
    for (i, action) in actions.enumerate() {
        let _ = writeln!(out, "{}. {action}", i + 1);
    }

    if !advice.contacts.is_empty() {
        let _ = writeln!(out, "\n## Who to contact now\n");
        for now in &advice.contacts {
            let p = now.primary;
            let opens = now
                .primary_opens
                .map(|o| format!("; it opens {} at {}", long_date(o.date()), clock(o)))
                .unwrap_or_default();
            match now.when {
                When::OpenNow => {
                    let _ = writeln!(out, "- **{}** (open now): {}", p.name, phone_line(p));
                }
                When::UseAlternative => {
                    let _ = writeln!(out, "- {} is closed now{opens}.", p.name);
                    let _ = writeln!(out, "  Use now: **{}**: {}", now.now.name, phone_line(now.now));
                }
                When::WhenItOpens => {
                    let _ = writeln!(
                        out,
                        "- **{}** is closed now{opens}. Contact them then: {}",
                        p.name,
                        phone_line(p)
                    );
                    let _ = writeln!(
                        out,
                        "  If you come to think the child is at risk of harm before then: **{}**: {}",
                        now.now.name,
                        phone_line(now.now)
                    );
                }
            }
        }
    }

    let chapters: Vec<&Chapter> =
        c.response.procedures.iter().filter_map(|id| pack.chapter(id.as_str())).collect();
    if !chapters.is_empty() {
        let _ = writeln!(out, "\n## Procedures that apply\n");
        for ch in chapters {
            let _ = writeln!(out, "- {} {}: {}", ch.number, ch.title, ch.url);
        }
    }

    if !advice.timescales.is_empty() {
        let _ = writeln!(out, "\n## Timescales (counted from {})\n", long_date(advice.at.date()));
        for t in &advice.timescales {
            let _ =
                writeln!(out, "- {}: by {} (from {})", t.timescale.label, long_date(t.due), t.timescale.from);
        }
        if let Some(t) = advice.timescales.iter().find(|t| t.timescale.follow_up) {
            let _ = writeln!(
                out,
                "\nIf you have not heard back by {}, follow up. If you disagree with the decision, use the escalation steps.",
                long_date(t.due)
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
            let _ = writeln!(out, "### {}: due by {}\n", s.stage.title, long_date(s.due));
            let _ = writeln!(out, "- Who: {}", s.stage.who);
            let _ = writeln!(out, "- Starts: {}", long_date(s.starts));
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
