//! Practitioner scenarios: files a content author can read and write, replayed through the
//! engine exactly as a practitioner would answer.
//!
//! A scenario (`tests/scenarios/*.toml`) gives the journey, the moment ("now", UK local
//! time), the answer to each question by question id, and what must come out: the outcome,
//! the level, how soon to act, the duties with the contact each names, the contact
//! to use now, the procedures (and those that must not appear), the questions asked in
//! order and the dates.
//! `cargo xtask assess <file>` runs one and prints its record.

pub mod compiled;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use safeguard_core::model::{Ages, NodeKind};
use safeguard_core::{
    Answer, Due, OptionId, Pack, Presence, SHOWN_SIGNS, Session, Start, Step, advise, calendar, ics, render,
    search_signs, topics_of,
};
use serde::Deserialize;

/// A scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What happened, in a sentence.
    pub title: String,
    /// Who is worried (a teacher, a GP …).
    pub who: Option<String>,
    /// The journey (`worried`, `disagree`).
    pub flow: String,
    /// UK local time, `YYYY-MM-DDTHH:MM`.
    pub now: String,
    /// Answers by question id.
    pub answers: BTreeMap<String, toml::Value>,
    /// How the signs that decide the case are reached, by sign id: found with a search, or
    /// listed under a topic the practitioner chose. Checked against the pack, so a sign that
    /// moves off a topic, or that its words no longer find, fails the scenario.
    #[serde(default)]
    pub reached: BTreeMap<String, Reach>,
    /// When things happened, by event id, as the practitioner gives them on the outcome
    /// (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM`): the outcome's timescales count from them.
    #[serde(default)]
    pub happened: BTreeMap<String, String>,
    /// What must come out.
    pub expect: Expect,
}

/// How a sign is reached.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "lowercase")]
pub enum Reach {
    /// Found by searching with these words (among the matches a practitioner is shown).
    Search(String),
    /// Listed on the page of this topic (an option of the topics question), which the
    /// scenario chooses.
    Topic(String),
}

/// The expected result of a scenario. Fields left out are not checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The outcome id.
    pub outcome: String,
    /// The level id (threshold outcomes).
    pub level: Option<String>,
    /// How soon to act: `routine`, `statutory`, `urgent` or `immediate`.
    pub urgency: Option<String>,
    /// The duties found, each with the contact it names (the open alternative when the
    /// usual service is closed and the duty cannot wait, else the usual service); when given,
    /// exactly these.
    pub duties: Option<BTreeMap<String, String>>,
    /// The contact to use now for the first contact shown.
    pub contact_now: Option<String>,
    /// The contact to use now for every contact shown, in order; when given, exactly these.
    pub contacts: Option<Vec<String>>,
    /// Chapters that must be among the procedures.
    #[serde(default)]
    pub procedures: Vec<String>,
    /// Chapters that must not be among the procedures.
    #[serde(default)]
    pub not_procedures: Vec<String>,
    /// The question ids asked, in order.
    pub path: Option<Vec<String>>,
    /// Due dates that must appear (timescale or stage id = `YYYY-MM-DD`, or
    /// `YYYY-MM-DDTHH:MM` for a moment).
    #[serde(default)]
    pub dates: BTreeMap<String, String>,
    /// Timescales or stages that must have no date shown.
    #[serde(default)]
    pub not_dates: Vec<String>,
}

/// What a scenario produced.
#[derive(Debug, PartialEq)]
pub struct Run {
    /// The outcome id.
    pub outcome: String,
    /// The level id, for threshold outcomes.
    pub level: Option<String>,
    /// The area chosen, if any.
    pub area: Option<String>,
    /// How soon to act overall.
    pub urgency: String,
    /// The duties found, in the order shown, each with the contact it names (the
    /// first contact shown for it).
    pub duties: Vec<(String, Option<String>)>,
    /// The contact to use now for the first contact shown.
    pub contact_now: Option<String>,
    /// The contact to use now for every contact shown, in order.
    pub contacts: Vec<String>,
    /// The combination rules that fired (age rules included).
    pub rules: Vec<String>,
    /// The procedures shown.
    pub procedures: Vec<String>,
    /// The questions asked, in order.
    pub path: Vec<String>,
    /// Due dates shown: timescale ids and escalation stage ids.
    pub dates: BTreeMap<String, Due>,
    /// The rendered record.
    pub record: String,
    /// The calendar file of the due dates (RFC 5545), as the site offers it.
    pub calendar: String,
    /// The age bands the child may be in.
    pub ages: Ages,
    /// Each sign answered, with the question it was answered on.
    pub signs: BTreeMap<String, String>,
    /// The topics chosen (options of multi questions).
    pub topics: BTreeSet<String>,
}

impl Scenario {
    /// Parses a scenario file.
    pub fn parse(text: &str) -> Result<Scenario, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The moment the scenario happens.
    pub fn now(&self) -> Result<NaiveDateTime, String> {
        calendar::parse_local(&self.now)
            .ok_or_else(|| format!("now = {:?} is not YYYY-MM-DDTHH:MM", self.now))
    }

    /// Replays the scenario's answers until the journey ends.
    pub fn run(&self, pack: &Pack) -> Result<Run, String> {
        let at = self.now()?;
        let mut session = Session::new(pack, &self.flow).map_err(|e| e.to_string())?;
        let mut used = BTreeSet::new();
        // Signs found by searching can be added from any page: add them first; the walk
        // counts them where the flow reaches its found-signs question.
        let flow = session.flow().clone();
        for node in pack.nodes_of(&flow).filter(|n| n.kind == NodeKind::Found) {
            if let Some(value) = self.answers.get(node.id.as_str()) {
                let answer =
                    to_answer(node.kind, value).map_err(|e| format!("answer to `{}`: {e}", node.id))?;
                session = session.answer(pack, node.id.as_str(), answer).map_err(|e| e.to_string())?;
                used.insert(node.id.to_string());
            }
        }
        for _ in 0..=self.answers.len() {
            let node = match session.next_step(pack).map_err(|e| e.to_string())? {
                // The outcome's own follow-up question, answered on its page, if the scenario
                // answers it (on the 999 page: where the child lives).
                Step::Outcome(o) => match o.follow_up.as_ref().and_then(|id| pack.node(id.as_str())) {
                    Some(node)
                        if self.answers.contains_key(node.id.as_str())
                            && !used.contains(node.id.as_str()) =>
                    {
                        node
                    }
                    _ => break,
                },
                Step::Question(node) => node,
            };
            let (id, kind) = (node.id.to_string(), node.kind);
            let value = self
                .answers
                .get(&id)
                .ok_or_else(|| format!("no answer is given for question `{id}` ({})", node.question))?;
            let answer = to_answer(kind, value).map_err(|e| format!("answer to `{id}`: {e}"))?;
            session = session.answer(pack, &id, answer).map_err(|e| e.to_string())?;
            used.insert(id.clone());
        }
        // The questions in the order the journey asks them (found signs where the flow counts them).
        let path: Vec<String> = session
            .walk(pack)
            .map_err(|e| e.to_string())?
            .path
            .asked
            .iter()
            .map(|(n, _)| n.id.to_string())
            .collect();
        let unused: Vec<&String> = self.answers.keys().filter(|k| !used.contains(*k)).collect();
        if !unused.is_empty() {
            return Err(format!("answers given for questions that were not asked: {unused:?}"));
        }
        for (event, when) in &self.happened {
            let start =
                Start::parse(when).ok_or_else(|| format!("happened.{event} = {when:?} is not a date"))?;
            session = session
                .with_date(pack, event, Some(start), at)
                .map_err(|e| format!("happened.{event}: {e}"))?;
        }
        let walk = session.walk(pack).map_err(|e| e.to_string())?;
        let mut signs = BTreeMap::new();
        let mut topics = BTreeSet::new();
        for (node, answer) in &walk.path.asked {
            match answer {
                Answer::Indicators(map) => {
                    signs.extend(map.keys().map(|i| (i.to_string(), node.id.to_string())));
                }
                Answer::Multi(options) => topics.extend(options.iter().map(ToString::to_string)),
                _ => {}
            }
        }
        let ages = walk.path.ages.clone();
        let advice = advise(pack, &session, at).map_err(|e| e.to_string())?;
        let c = &advice.conclusion;
        let mut dates: BTreeMap<String, Due> =
            advice.timescales.iter().map(|t| (t.timescale.id.to_string(), t.window.due)).collect();
        for s in advice.plan.iter().flat_map(|p| &p.stages) {
            if let Some(due) = s.due() {
                dates.insert(s.stage.id.to_string(), due);
            }
        }
        let duties = c
            .duties
            .iter()
            .map(|found| {
                let contact = advice.contacts.iter().find(|n| n.duties.iter().any(|d| d.id == found.duty.id));
                (found.duty.id.to_string(), contact.map(|n| n.named().id.to_string()))
            })
            .collect();
        Ok(Run {
            outcome: c.outcome.id.to_string(),
            level: c.assessment.as_ref().map(|a| a.level.id.to_string()),
            area: c.path.area.map(|a| a.id.to_string()),
            urgency: urgency_name(c.urgency).to_owned(),
            duties,
            contact_now: advice.contacts.first().map(|n| n.now.id.to_string()),
            contacts: advice.contacts.iter().map(|n| n.now.id.to_string()).collect(),
            rules: {
                let signs: Vec<_> =
                    c.path.indicators.keys().filter_map(|i| pack.indicator(i.as_str())).collect();
                safeguard_core::fired(pack, &c.path.ages, &signs).iter().map(|r| r.id.to_string()).collect()
            },
            procedures: c.chapters.iter().map(|ch| ch.id.to_string()).collect(),
            path,
            dates,
            record: render(pack, &advice),
            calendar: ics(&calendar(pack, &advice), at),
            ages,
            signs,
            topics,
        })
    }

    /// Runs the scenario and lists every way the result differs from `expect`.
    pub fn check(&self, pack: &Pack) -> Result<Run, Vec<String>> {
        let run = self.run(pack).map_err(|e| vec![e])?;
        let e = &self.expect;
        let mut problems = Vec::new();
        let mut differ = |what: &str, want: &dyn std::fmt::Debug, got: &dyn std::fmt::Debug| {
            problems.push(format!("{what}: expected {want:?}, got {got:?}"));
        };
        if run.outcome != e.outcome {
            differ("outcome", &e.outcome, &run.outcome);
        }
        if e.level.is_some() && run.level != e.level {
            differ("level", &e.level, &run.level);
        }
        if e.contact_now.is_some() && run.contact_now != e.contact_now {
            differ("contact now", &e.contact_now, &run.contact_now);
        }
        if let Some(want) = &e.contacts
            && want != &run.contacts
        {
            differ("contacts to use now", want, &run.contacts);
        }
        if let Some(u) = &e.urgency
            && u != &run.urgency
        {
            differ("urgency", u, &run.urgency);
        }
        if let Some(want) = &e.duties {
            let got: BTreeMap<String, String> =
                run.duties.iter().map(|(d, c)| (d.clone(), c.clone().unwrap_or_default())).collect();
            if want != &got {
                differ("duties (each with the contact it names)", want, &got);
            }
        }
        for p in &e.procedures {
            if !run.procedures.contains(p) {
                differ("procedures to include", p, &run.procedures);
            }
        }
        for p in &e.not_procedures {
            if run.procedures.contains(p) {
                differ("procedures not to include", p, &run.procedures);
            }
        }
        for id in &e.not_dates {
            if let Some(date) = run.dates.get(id) {
                differ(&format!("no date for `{id}`"), &"none", date);
            }
        }
        if let Some(path) = &e.path
            && path != &run.path
        {
            differ("questions asked", path, &run.path);
        }
        for (id, date) in &e.dates {
            let got = run.dates.get(id).map(ToString::to_string);
            if got.as_deref() != Some(date.as_str()) {
                differ(&format!("date of `{id}`"), date, &got);
            }
        }
        problems.extend(self.reached.iter().filter_map(|(sign, how)| reach_problem(pack, &run, sign, how)));
        if problems.is_empty() { Ok(run) } else { Err(problems) }
    }
}

/// What is wrong with how the scenario says `sign` is reached, if anything.
fn reach_problem(pack: &Pack, run: &Run, sign: &str, how: &Reach) -> Option<String> {
    let Some(indicator) = pack.indicator(sign) else { return Some(format!("reached: no sign `{sign}`")) };
    let Some(page) = run.signs.get(sign) else {
        return Some(format!("reached: `{sign}` is not among the answers"));
    };
    let on = pack.node(page).map(|n| n.kind);
    match how {
        Reach::Search(words) => {
            let hits = search_signs(pack, words, &run.ages, SHOWN_SIGNS);
            if !hits.iter().any(|h| h.indicator.id.as_str() == sign) {
                let shown: Vec<&str> = hits.iter().map(|h| h.indicator.id.as_str()).collect();
                return Some(format!(
                    "reached: searching {words:?} does not show `{sign}` (shows {shown:?})"
                ));
            }
            (on != Some(NodeKind::Found)).then(|| {
                format!("reached: `{sign}` is said to be found by search but is answered on `{page}`")
            })
        }
        Reach::Topic(topic) => {
            if !run.topics.contains(topic) {
                return Some(format!("reached: the topic `{topic}` is not chosen"));
            }
            if !topics_of(pack, indicator).iter().any(|o| o.id.as_str() == topic) {
                return Some(format!("reached: `{sign}` is not listed under the topic `{topic}`"));
            }
            (on != Some(NodeKind::Indicators)).then(|| {
                format!("reached: `{sign}` is said to be ticked under a topic but is answered on `{page}`")
            })
        }
    }
}

/// An urgency as scenario files write it.
pub fn urgency_name(u: safeguard_core::model::Urgency) -> &'static str {
    use safeguard_core::model::Urgency;
    match u {
        Urgency::Routine => "routine",
        Urgency::Statutory => "statutory",
        Urgency::Urgent => "urgent",
        Urgency::Immediate => "immediate",
    }
}

/// Reads an answer as written in a scenario, for a question of the given kind.
fn to_answer(kind: NodeKind, value: &toml::Value) -> Result<Answer, String> {
    use toml::Value;
    match (kind, value) {
        (NodeKind::Choice, Value::String(s)) if s == "not-sure" => Ok(Answer::NotSure),
        (NodeKind::Choice, Value::String(s)) => Ok(Answer::Choice(OptionId::new(s.as_str()))),
        (NodeKind::Multi, Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(OptionId::new).ok_or("options are strings"))
            .collect::<Result<_, _>>()
            .map(Answer::Multi)
            .map_err(str::to_owned),
        (NodeKind::Indicators | NodeKind::Found, Value::Table(t)) => t
            .iter()
            .map(|(id, v)| match v.as_str() {
                Some("yes") => Ok((id.as_str().into(), Presence::Yes)),
                Some("not-sure") => Ok((id.as_str().into(), Presence::NotSure)),
                _ => Err(format!("indicator `{id}` must be \"yes\" or \"not-sure\"")),
            })
            .collect::<Result<_, _>>()
            .map(Answer::Indicators),
        (NodeKind::Date, Value::String(s)) if s.contains('T') => safeguard_core::calendar::parse_local(s)
            .map(Answer::Moment)
            .ok_or_else(|| format!("`{s}` is not YYYY-MM-DDTHH:MM")),
        (NodeKind::Date, Value::String(s)) => {
            s.parse().map(Answer::Date).map_err(|_| format!("`{s}` is not YYYY-MM-DD"))
        }
        (kind, v) => Err(format!("a {kind:?} question cannot take {v:?}")),
    }
}

/// A pack's files in the form the JavaScript API reads (`Assistant.fromJson`): one JSON object
/// with the tables of all files merged, each table an array of items as in TOML (the `[pack]`
/// table is an object). Written by `cargo xtask content json`.
pub fn json_form(files: &[safeguard_core::SourceFile<'_>]) -> Result<String, String> {
    let mut merged = serde_json::Map::new();
    for file in files {
        let table: toml::Table = toml::from_str(file.text).map_err(|e| format!("{}: {e}", file.path))?;
        for (key, value) in table {
            let value = serde_json::to_value(value).map_err(|e| format!("{}: {e}", file.path))?;
            match (merged.get_mut(&key), value) {
                (Some(serde_json::Value::Array(items)), serde_json::Value::Array(more)) => items.extend(more),
                (Some(_), _) => {
                    return Err(format!("{}: `{key}` appears twice and is not a list", file.path));
                }
                (None, value) => {
                    merged.insert(key, value);
                }
            }
        }
    }
    serde_json::to_string_pretty(&merged).map_err(|e| e.to_string())
}
