//! The journey engine: a pure state machine over a flow.
//!
//! A [`Session`] is only the answers given so far, keyed by question id. Where the journey
//! stands is always recomputed by walking the flow from its start with those answers, so
//! there is no cursor to fall out of step: changing an earlier answer keeps every later
//! answer that is still on the new path, and answers off the path are simply not used.
//! Every operation takes the session by reference and returns a new one, so a rejected
//! answer leaves the caller's session exactly as it was.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, assess, fired};
use crate::dates::Start;
use crate::error::EngineError;
use crate::ids::*;
use crate::model::*;
use crate::pack::{Pack, Target};
use crate::sorted::{SortedMap, SortedSet};

/// An answer to one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Answer {
    /// One option of a choice question.
    Choice(OptionId),
    /// "Not sure" on a choice question that offers it; routes as the node's `not_sure` option.
    NotSure,
    /// The options ticked on a multi question (possibly none).
    Multi(SortedSet<OptionId>),
    /// The indicators that apply on an indicator question; those left out do not apply.
    Indicators(SortedMap<IndicatorId, Presence>),
    /// A date.
    Date(#[serde(with = "crate::model::date")] NaiveDate),
    /// A date and a time of day, on a date question that asks the time too.
    Moment(#[serde(with = "crate::model::moment")] NaiveDateTime),
}

/// The answers given so far on one journey. Plain data: serialise it to save or resume.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    flow: FlowId,
    answers: SortedMap<NodeId, Answer>,
    /// When things happened that the outcome's timescales are counted from, where the
    /// practitioner gave it on the outcome (the child came back last night; the FGM became
    /// known on Friday). Like answers off the path, a date no timescale of the outcome needs
    /// any more is kept and not used.
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    dates: SortedMap<EventId, Start>,
}

/// Where a journey stands.
#[derive(Clone, Copy, Debug)]
pub enum Step<'p> {
    /// The next question to ask.
    Question(&'p Node),
    /// The journey has ended here.
    Outcome(&'p Outcome),
}

/// The current path of a session: what was asked and what follows from the answers.
#[derive(Debug, Default)]
pub struct Path<'a> {
    /// The questions asked on the current path with their answers, in order. Answers are
    /// copied so a walk borrows only the pack, never the session.
    pub asked: Vec<(&'a Node, Answer)>,
    /// The area chosen on the path, if any.
    pub area: Option<&'a Area>,
    /// The age bands the child may be in: every band until the age is given.
    pub ages: Ages,
    /// The indicators answered yes or not sure on the path (those shown for the child's age).
    pub indicators: SortedMap<IndicatorId, Presence>,
}

impl<'a> Path<'a> {
    /// The indicators of `node` shown for the child's age, most serious first (by tier),
    /// and in the node's order within a tier, so a page always reads the same way.
    pub fn shown(&self, pack: &'a Pack, node: &'a Node) -> impl Iterator<Item = &'a Indicator> + use<'a> {
        let mut shown: Vec<&'a Indicator> = node
            .indicators
            .iter()
            .filter_map(|id| pack.indicator(id.as_str()))
            .filter(|i| self.ages.any_of(&i.ages))
            .collect();
        crate::sorted::sort_by_rank_desc(&mut shown, |i| {
            pack.tier(i.tier.as_str()).map_or(0, |t| u32::from(t.rank))
        });
        shown.into_iter()
    }

    /// The signs counted on the path from questions other than `node`: on a page, these are
    /// already chosen (found by searching, or ticked on another page).
    pub fn counted_elsewhere(&self, node: &NodeId) -> SortedSet<IndicatorId> {
        self.asked
            .iter()
            .filter(|(n, _)| &n.id != node)
            .filter_map(|(_, a)| match a {
                Answer::Indicators(map) => Some(map.keys().cloned()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The options chosen on the path: the choice made on each choice question ("not sure"
    /// as the option it stands for) and every option ticked on multi questions.
    pub fn chosen(&self) -> impl Iterator<Item = &'a QuestionOption> + '_ {
        self.asked.iter().flat_map(|(node, answer)| {
            let ticked: Vec<&'a QuestionOption> = match answer {
                Answer::Multi(set) => node.options.iter().filter(|o| set.contains(&o.id)).collect(),
                _ => chosen_option(node, answer).into_iter().collect(),
            };
            ticked
        })
    }
}

/// A session walked through its flow.
#[derive(Debug)]
pub struct Walk<'a> {
    /// The path so far.
    pub path: Path<'a>,
    /// Where the walk stopped.
    pub end: Step<'a>,
}

impl Session {
    /// A new, empty journey through `flow`.
    pub fn new(pack: &Pack, flow: &str) -> Result<Session, EngineError> {
        let flow = pack.flow(flow).ok_or_else(|| EngineError::UnknownFlow(flow.to_owned()))?;
        Ok(Session { flow: flow.id.clone(), answers: SortedMap::new(), dates: SortedMap::new() })
    }

    /// A session holding `answers`, as saved earlier (for instance on the device). Nothing is
    /// checked here: walking it reports answers that no longer fit the pack as
    /// [`EngineError::StaleSession`], as for any session read back from storage.
    pub fn from_answers(flow: FlowId, answers: SortedMap<NodeId, Answer>) -> Session {
        Session { flow, answers, dates: SortedMap::new() }
    }

    /// The flow this session follows.
    pub fn flow(&self) -> &FlowId {
        &self.flow
    }

    /// Every answer held, including any no longer on the path.
    pub fn answers(&self) -> &SortedMap<NodeId, Answer> {
        &self.answers
    }

    /// The dates given for events, including any no longer needed by the outcome.
    pub fn dates(&self) -> &SortedMap<EventId, Start> {
        &self.dates
    }

    /// This session with the date `event` happened (or, with `None`, without one: its
    /// timescales are counted from today again, or wait for a date). The journey must have
    /// ended on an outcome with a timescale counted from `event`, and something that has
    /// happened cannot be later than `now` (a planned event can).
    pub fn with_date(
        &self,
        pack: &Pack,
        event: &str,
        when: Option<Start>,
        now: NaiveDateTime,
    ) -> Result<Session, EngineError> {
        let found = pack.event(event).ok_or_else(|| EngineError::UnknownEvent(event.to_owned()))?;
        let conclusion = self.conclude(pack)?;
        if !conclusion.timescales.iter().any(|t| t.counted_from.contains(&found.id)) {
            return Err(EngineError::EventNotOnOutcome(event.to_owned()));
        }
        let mut next = self.clone();
        match when {
            Some(start) => {
                in_range(start.date)?;
                if !found.future && start.moment() > now {
                    return Err(EngineError::DateInFuture(start.to_string()));
                }
                next.dates.insert(found.id.clone(), start);
            }
            None => {
                next.dates.remove(&found.id);
            }
        }
        Ok(next)
    }

    /// Walks the flow from its start with the answers held.
    pub fn walk<'a>(&self, pack: &'a Pack) -> Result<Walk<'a>, EngineError> {
        let stale = |why: String| EngineError::StaleSession(why);
        let flow =
            pack.flow(self.flow.as_str()).ok_or_else(|| EngineError::UnknownFlow(self.flow.to_string()))?;
        let mut path = Path::default();
        let mut current =
            pack.target(flow.start.as_str()).ok_or_else(|| stale(format!("no start `{}`", flow.start)))?;
        // A validated flow is acyclic, so a walk visits each node at most once.
        for _ in 0..=pack.nodes.len() {
            let node = match current {
                Target::Outcome(outcome) => {
                    // The outcome's own follow-up question refines its advice once answered.
                    let follow_up = outcome.follow_up.as_ref().and_then(|id| {
                        let answer = self.answers.get(id)?;
                        Some((pack.node(id.as_str()), answer))
                    });
                    if let Some((node, answer)) = follow_up {
                        let node = node.ok_or_else(|| stale(format!("no follow-up `{}`", outcome.id)))?;
                        self.take(pack, node, answer, &mut path)?;
                    }
                    return Ok(Walk { path, end: Step::Outcome(outcome) });
                }
                Target::Node(node) => node,
            };
            // An indicator question with no sign for the child's age is skipped like one whose
            // condition does not hold.
            let shows_signs = node.kind != NodeKind::Indicators || path.shown(pack, node).next().is_some();
            let next = if !shows_signs || !condition_holds(pack, node.when.as_ref(), &path)? {
                node.next.as_deref()
            } else if let Some(answer) = self.answers.get(&node.id) {
                self.take(pack, node, answer, &mut path)?;
                route(node, answer)
            } else if node.kind == NodeKind::Found {
                // Nothing found by searching yet: not a page of its own.
                node.next.as_deref()
            } else {
                return Ok(Walk { path, end: Step::Question(node) });
            };
            let next = next.ok_or_else(|| stale(format!("question `{}` leads nowhere", node.id)))?;
            current = pack.target(next).ok_or_else(|| stale(format!("`{next}` does not exist")))?;
        }
        Err(stale("the questions loop".to_owned()))
    }

    /// Takes a held answer into the path: checked against its question, applied, and
    /// recorded (an indicator answer only with the signs shown for the child's age: signs
    /// ticked before the age was changed no longer count).
    fn take<'a>(
        &self,
        pack: &'a Pack,
        node: &'a Node,
        answer: &Answer,
        path: &mut Path<'a>,
    ) -> Result<(), EngineError> {
        check_answer(node, answer).map_err(|e| EngineError::StaleSession(e.to_string()))?;
        let answer = match answer {
            Answer::Indicators(map) => Answer::Indicators(
                map.iter()
                    .filter(|(id, _)| pack.indicator(id.as_str()).is_some_and(|i| path.ages.any_of(&i.ages)))
                    .map(|(id, p)| (id.clone(), *p))
                    .collect(),
            ),
            other => other.clone(),
        };
        apply(pack, node, &answer, path)?;
        path.asked.push((node, answer));
        Ok(())
    }

    /// The next question, or the outcome.
    pub fn next_step<'a>(&self, pack: &'a Pack) -> Result<Step<'a>, EngineError> {
        Ok(self.walk(pack)?.end)
    }

    /// This session with `node` answered (or its answer changed). The question must be the
    /// next one or one already answered on the current path.
    pub fn answer(&self, pack: &Pack, node: &str, answer: Answer) -> Result<Session, EngineError> {
        let found = pack.node(node).ok_or_else(|| EngineError::UnknownNode(node.to_owned()))?;
        if found.flow != self.flow {
            return Err(EngineError::NodeNotInFlow { node: node.to_owned(), flow: self.flow.to_string() });
        }
        check_answer(found, &answer)?;
        let walk = self.walk(pack)?;
        let is_next = match walk.end {
            Step::Question(q) => q.id == found.id,
            Step::Outcome(o) => o.follow_up.as_ref() == Some(&found.id),
        };
        // Signs found by searching can be added from any page: answers off the path are
        // simply not used until the walk reaches them.
        let anywhere = found.kind == NodeKind::Found;
        if !is_next && !anywhere && !walk.path.asked.iter().any(|(n, _)| n.id == found.id) {
            return Err(EngineError::NotOnPath(node.to_owned()));
        }
        if let Answer::Indicators(map) = &answer {
            let shown = |id: &IndicatorId| match found.kind {
                NodeKind::Found => {
                    pack.indicator(id.as_str()).is_some_and(|i| walk.path.ages.any_of(&i.ages))
                }
                _ => walk.path.shown(pack, found).any(|i| &i.id == id),
            };
            if let Some(hidden) = map.keys().find(|i| !shown(i)) {
                return Err(EngineError::InvalidIndicator {
                    node: node.to_owned(),
                    indicator: hidden.to_string(),
                });
            }
        }
        let mut next = self.clone();
        next.answers.insert(found.id.clone(), answer);
        Ok(next)
    }

    /// This session with the area already known: every question of the flow that asks where
    /// the child lives is answered with the option for `area`, ahead of reaching it.
    ///
    /// For a host that knows its area (a widget on a West Sussex school's intranet). The
    /// questions before it, immediate danger first, are still asked; the answer still shows on
    /// the check page and can be changed. An area the flow does not offer is an error.
    pub fn with_area(&self, pack: &Pack, area: &str) -> Result<Session, EngineError> {
        let mut next = self.clone();
        let mut found = false;
        for node in pack.nodes_of(&self.flow).filter(|n| n.kind == NodeKind::Choice) {
            let chosen = node.options.iter().find(|o| o.area.as_ref().is_some_and(|a| a.as_str() == area));
            if let Some(option) = chosen {
                next.answers.insert(node.id.clone(), Answer::Choice(option.id.clone()));
                found = true;
            }
        }
        if found { Ok(next) } else { Err(EngineError::UnknownArea(area.to_owned())) }
    }

    /// This session without its last answer on the path: one step back.
    pub fn back(&self, pack: &Pack) -> Result<Session, EngineError> {
        let walk = self.walk(pack)?;
        let (last, _) = walk.path.asked.last().ok_or(EngineError::NothingToGoBack)?;
        let mut prev = self.clone();
        prev.answers.remove(&last.id);
        Ok(prev)
    }
}

/// Checks that an answer fits its question. Used on new answers and on saved ones.
fn check_answer(node: &Node, answer: &Answer) -> Result<(), EngineError> {
    let id = || node.id.to_string();
    let option = |o: &OptionId| {
        if node.options.iter().any(|x| &x.id == o) {
            Ok(())
        } else {
            Err(EngineError::InvalidOption { node: id(), option: o.to_string() })
        }
    };
    match (node.kind, answer) {
        (NodeKind::Choice, Answer::Choice(o)) => option(o),
        (NodeKind::Choice, Answer::NotSure) if node.not_sure.is_some() => Ok(()),
        (_, Answer::NotSure) => Err(EngineError::NotSureNotOffered(id())),
        (NodeKind::Multi, Answer::Multi(set)) => set.iter().try_for_each(option),
        (NodeKind::Indicators, Answer::Indicators(map)) => map.keys().try_for_each(|i| {
            if node.indicators.contains(i) {
                Ok(())
            } else {
                Err(EngineError::InvalidIndicator { node: id(), indicator: i.to_string() })
            }
        }),
        // Any sign of the pack; whether it exists and suits the age is checked with the pack.
        (NodeKind::Found, Answer::Indicators(_)) => Ok(()),
        (NodeKind::Date, Answer::Date(d)) => in_range(*d),
        (NodeKind::Date, Answer::Moment(m)) if node.time => in_range(m.date()),
        (kind, _) => Err(EngineError::WrongAnswerKind { node: id(), expected: expected(kind) }),
    }
}

/// Dates the engine takes: 2000 to 2100.
fn in_range(d: NaiveDate) -> Result<(), EngineError> {
    match (NaiveDate::from_ymd_opt(2000, 1, 1), NaiveDate::from_ymd_opt(2101, 1, 1)) {
        (Some(lo), Some(hi)) if (lo..hi).contains(&d) => Ok(()),
        _ => Err(EngineError::DateOutOfRange(d.to_string())),
    }
}

fn expected(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Choice => "one of its options, or \"not sure\" where offered",
        NodeKind::Multi => "a list of its options (possibly empty)",
        NodeKind::Indicators => "the indicators that apply, each yes or not sure",
        NodeKind::Date => "a date (and, where the question asks it, a time of day)",
        NodeKind::Found => "the signs found, each yes or not sure",
    }
}

/// The option an answer to a choice question stands for ("not sure" stands for the node's
/// `not_sure` option).
pub fn chosen_option<'p>(node: &'p Node, answer: &Answer) -> Option<&'p QuestionOption> {
    let id = match answer {
        Answer::Choice(o) => o,
        Answer::NotSure => node.not_sure.as_ref()?,
        _ => return None,
    };
    node.options.iter().find(|o| &o.id == id)
}

fn route<'p>(node: &'p Node, answer: &Answer) -> Option<&'p str> {
    match node.kind {
        NodeKind::Choice => chosen_option(node, answer)?.next.as_deref(),
        NodeKind::Multi | NodeKind::Indicators | NodeKind::Date | NodeKind::Found => node.next.as_deref(),
    }
}

fn apply<'a>(
    pack: &'a Pack,
    node: &'a Node,
    answer: &Answer,
    path: &mut Path<'a>,
) -> Result<(), EngineError> {
    let chosen = chosen_option(node, answer);
    if let Some(area) = chosen.and_then(|o| o.area.as_ref()) {
        path.area = Some(pack.area(area.as_str()).ok_or_else(|| EngineError::UnknownArea(area.to_string()))?);
    }
    if let Some(option) = chosen.filter(|o| !o.ages.is_empty()) {
        path.ages = Ages::among(option.ages.iter().cloned());
    }
    if let Answer::Indicators(map) = answer {
        for (id, presence) in map {
            // The same indicator on two pages: "yes" anywhere wins over "not sure".
            let held = path.indicators.get(id).map_or(*presence, |held| (*held).min(*presence));
            path.indicators.insert(id.clone(), held);
        }
    }
    Ok(())
}

fn condition_holds(pack: &Pack, when: Option<&Condition>, path: &Path<'_>) -> Result<bool, EngineError> {
    Ok(match when {
        None => true,
        Some(Condition::Includes { node, includes }) => path
            .asked
            .iter()
            .any(|(n, a)| &n.id == node && matches!(a, Answer::Multi(set) if set.contains(includes))),
        Some(Condition::LevelConsent { level_consent }) => match path.area {
            Some(area) => {
                assess(pack, area, &path.ages, &path.indicators)?.response.consent == Some(*level_consent)
                    && !(*level_consent == Consent::Agreement && duty_without_consent(pack, path))
            }
            None => false,
        },
    })
}

/// What a finished journey concluded, ready for a view or a record.
#[derive(Debug)]
pub struct Conclusion<'a> {
    /// The path that led here.
    pub path: Path<'a>,
    /// The outcome reached.
    pub outcome: &'a Outcome,
    /// For a threshold outcome: the level and why.
    pub assessment: Option<Assessment<'a>>,
    /// What to do and whom to contact: the level's response for these signs, or the
    /// outcome's own.
    pub response: Response<'a>,
    /// How soon to act overall: the response's urgency, or a duty's where that is sooner.
    pub urgency: Urgency,
    /// What the practitioner must do because of what they found, whatever the level: most
    /// urgent first, then in the pack's order.
    pub duties: Vec<FoundDuty<'a>>,
    /// Sentences the chosen options add to the actions.
    pub advice: Vec<&'a str>,
    /// The chapters that apply: for the duties, rules, signs and topics found first, then
    /// the response's own; each once.
    pub chapters: Vec<&'a Chapter>,
    /// The timescales that follow: the duties' first, then the response's; each once.
    pub timescales: Vec<&'a Timescale>,
    /// For an escalation outcome: the procedure, when its current stage started (a date, and
    /// the time where it was given), and that stage.
    pub escalation: Option<(&'a Escalation, Start, Option<&'a StageId>)>,
}

/// Said first under "What to do now" when a duty found cannot wait as long as the level's
/// own steps: those steps (a referral "in working hours") must not read as the pace for
/// crisis help or a report that is due today.
pub const DUTIES_FIRST: &str =
    "Do the steps under \"Do these first\" now: they cannot wait for the steps below.";

impl Conclusion<'_> {
    /// What to do now, in order: [`DUTIES_FIRST`] where a duty to act on today or now is
    /// more urgent than the steps, then the response's steps, then what the chosen options
    /// add. The page, the record and the JS API all list these.
    pub fn actions(&self) -> impl Iterator<Item = &str> {
        let first = self.duties.iter().any(|d| d.sooner_than(self.response.paced)).then_some(DUTIES_FIRST);
        first
            .into_iter()
            .chain(self.response.actions.iter().map(String::as_str))
            .chain(self.advice.iter().copied())
    }
}

impl FoundDuty<'_> {
    /// Whether the duty is to be acted on today or now, and sooner than steps written for
    /// `paced`: a statutory notification beside routine steps is not "cannot wait".
    pub fn sooner_than(&self, paced: Urgency) -> bool {
        self.urgency >= Urgency::Urgent && self.urgency > paced
    }
}

/// A duty that applies, and what led to it.
#[derive(Clone, Debug)]
pub struct FoundDuty<'a> {
    /// The duty.
    pub duty: &'a Duty,
    /// What led to it, in the content's words: the answers, signs and rules.
    pub because: Vec<String>,
    /// How soon to act on it: the duty's own urgency, or that of a sign or rule that led to
    /// it where that is sooner.
    pub urgency: Urgency,
}

impl Session {
    /// The conclusion of a finished journey.
    pub fn conclude<'a>(&self, pack: &'a Pack) -> Result<Conclusion<'a>, EngineError> {
        let Walk { path, end } = self.walk(pack)?;
        let Step::Outcome(outcome) = end else {
            return Err(EngineError::NotFinished);
        };
        let stale = |why: &str| EngineError::StaleSession(format!("outcome `{}`: {why}", outcome.id));
        let (assessment, response) = match outcome.kind {
            OutcomeKind::Threshold => {
                let area = path.area.ok_or_else(|| stale("the area is not known"))?;
                let assessment = assess(pack, area, &path.ages, &path.indicators)?;
                let response = assessment.response;
                (Some(assessment), response)
            }
            OutcomeKind::Fixed | OutcomeKind::Escalation => (None, outcome.response()),
        };
        let escalation = match (outcome.kind, &outcome.escalation) {
            (OutcomeKind::Escalation, Some(id)) => {
                let procedure = pack
                    .escalation(id.as_str())
                    .ok_or_else(|| EngineError::UnknownEscalation(id.to_string()))?;
                let answer_of = |node: &Option<NodeId>| {
                    path.asked.iter().find(|(n, _)| Some(&n.id) == node.as_ref()).map(|(_, a)| a)
                };
                let start = match answer_of(&outcome.start_date) {
                    Some(Answer::Date(d)) => Start { date: *d, time: None },
                    Some(Answer::Moment(m)) => Start { date: m.date(), time: Some(m.time()) },
                    _ => return Err(stale("no start date was given")),
                };
                let stage = match answer_of(&outcome.stage_from) {
                    Some(Answer::Choice(o)) => {
                        procedure.stage.iter().find(|s| s.id.as_str() == o.as_str()).map(|s| &s.id)
                    }
                    _ => None,
                };
                Some((procedure, start, stage))
            }
            _ => None,
        };
        let mut advice: Vec<&str> = Vec::new();
        for line in path.asked.iter().filter_map(|(n, a)| chosen_option(n, a)?.advice.as_deref()) {
            if !advice.contains(&line) {
                advice.push(line);
            }
        }
        // Signs and rules count on every outcome they lead to, not only where a level is shown:
        // a duty found on the way to "talk it through" still applies.
        let signs: Vec<&Indicator> =
            path.indicators.keys().filter_map(|id| pack.indicator(id.as_str())).collect();
        let rules = fired(pack, &path.ages, &signs);
        let duties = found_duties(pack, &path, &signs, &rules);
        let urgency = duties.iter().map(|d| d.urgency).fold(response.urgency, Ord::max);

        let mut chapters: Vec<&Chapter> = Vec::new();
        let mut timescales: Vec<&Timescale> = Vec::new();
        // Signs in the order the reasons show them (highest level first), where there are reasons.
        let ordered: Vec<&Indicator> = match &assessment {
            Some(a) => a.reasons.iter().map(|r| r.indicator).collect(),
            None => signs.clone(),
        };
        let ids = duties
            .iter()
            .flat_map(|d| &d.duty.procedures)
            .chain(rules.iter().flat_map(|r| &r.procedures))
            .chain(ordered.iter().flat_map(|i| &i.procedures))
            .chain(topic_chapters(pack, &path).flat_map(|o| &o.procedures))
            .chain(response.procedures);
        let here = |c: &Chapter| c.area.is_none() || c.area.as_ref() == path.area.map(|a| &a.id);
        for chapter in ids.filter_map(|id| pack.chapter(id.as_str())).filter(|c| here(c)) {
            if !chapters.iter().any(|c| c.id == chapter.id) {
                chapters.push(chapter);
            }
        }
        let ids = duties.iter().flat_map(|d| &d.duty.timescales).chain(response.timescales);
        for timescale in ids.filter_map(|id| pack.timescale(id.as_str())) {
            if !timescales.iter().any(|t| t.id == timescale.id) {
                timescales.push(timescale);
            }
        }
        Ok(Conclusion {
            outcome,
            assessment,
            response,
            urgency,
            duties,
            advice,
            chapters,
            timescales,
            escalation,
            path,
        })
    }
}

/// The options chosen on the path whose own chapters apply: every chosen option, except a
/// topic whose pages already brought chapters of their own through the signs ticked there
/// (a ticked sign of FGM links the FGM chapter; the topic's chapter on forced marriage
/// would only be noise). A topic with no such sign ticked keeps its chapters: the worry was
/// still about it.
fn topic_chapters<'a, 'p>(
    pack: &'p Pack,
    path: &'a Path<'p>,
) -> impl Iterator<Item = &'p QuestionOption> + 'a {
    path.asked.iter().flat_map(move |(node, answer)| {
        let chosen: Vec<&'p QuestionOption> = match answer {
            Answer::Multi(set) => node
                .options
                .iter()
                .filter(|o| set.contains(&o.id) && !signs_bring_chapters(pack, path, &node.id, &o.id))
                .collect(),
            _ => chosen_option(node, answer).into_iter().collect(),
        };
        chosen
    })
}

/// Whether a sign of the topic's own kind, ticked on a page asked because `option` of
/// question `multi` was chosen, links a chapter of its own. A sign of another kind listed
/// there too (an exploitation sign on the disabled children's page) does not stand for the
/// topic: the topic's chapters stay.
fn signs_bring_chapters(pack: &Pack, path: &Path<'_>, multi: &NodeId, option: &OptionId) -> bool {
    path.asked.iter().any(|(page, answer)| {
        let for_topic = matches!(&page.when, Some(Condition::Includes { node, includes }) if node == multi && includes == option);
        let Answer::Indicators(ticked) = answer else { return false };
        let own = page_harm(pack, page);
        for_topic
            && ticked.keys().any(|id| {
                pack.indicator(id.as_str()).is_some_and(|i| !i.procedures.is_empty() && i.harm.as_ref() == own)
            })
    })
}

/// The kind of harm most signs of a page are about (the first in the page's order on a tie).
fn page_harm<'p>(pack: &'p Pack, page: &Node) -> Option<&'p HarmId> {
    let harms: Vec<&HarmId> =
        page.indicators.iter().filter_map(|id| pack.indicator(id.as_str())?.harm.as_ref()).collect();
    let count = |h: &HarmId| harms.iter().filter(|x| **x == h).count();
    harms.iter().copied().fold(None, |best: Option<&HarmId>, h| match best {
        Some(b) if count(b) >= count(h) => Some(b),
        _ => Some(h),
    })
}

/// Whether a duty found so far is done whatever the family agrees ([`Duty::without_consent`]).
fn duty_without_consent(pack: &Pack, path: &Path<'_>) -> bool {
    let signs: Vec<&Indicator> =
        path.indicators.keys().filter_map(|id| pack.indicator(id.as_str())).collect();
    let rules = fired(pack, &path.ages, &signs);
    found_duties(pack, path, &signs, &rules).iter().any(|d| d.duty.without_consent)
}

/// The duties of the options chosen, the signs and the fired rules, each once with what led
/// to it: most urgent first, then in the pack's order.
fn found_duties<'a>(
    pack: &'a Pack,
    path: &Path<'a>,
    signs: &[&'a Indicator],
    rules: &[&'a Rule],
) -> Vec<FoundDuty<'a>> {
    let mut found: Vec<FoundDuty<'a>> = Vec::new();
    for duty in pack.duties() {
        // Options chosen, on choice questions and ticked on multi questions (a topic).
        let from_answers = path.asked.iter().flat_map(|(node, answer)| {
            let chosen: Vec<&QuestionOption> = match answer {
                Answer::Multi(set) => node.options.iter().filter(|o| set.contains(&o.id)).collect(),
                _ => chosen_option(node, answer).into_iter().collect(),
            };
            let duty = &duty.id;
            chosen
                .into_iter()
                .filter(move |o| o.duties.contains(duty))
                .map(move |o| format!("{} {}", node.question, o.label))
        });
        let signs: Vec<&Indicator> = signs.iter().copied().filter(|i| i.duties.contains(&duty.id)).collect();
        let rules: Vec<&Rule> = rules.iter().copied().filter(|r| r.duties.contains(&duty.id)).collect();
        // A sign or rule that cannot wait makes its duty not wait either: medical care after
        // an assault last night is for now, after a tooth left to rot for today.
        let urgency = signs
            .iter()
            .filter_map(|i| i.urgency)
            .chain(rules.iter().filter_map(|r| r.urgency))
            .fold(duty.urgency, Ord::max);
        let because: Vec<String> = from_answers
            .chain(signs.iter().map(|i| i.text.clone()))
            .chain(rules.iter().map(|r| r.description.clone()))
            .collect();
        if !because.is_empty() {
            found.push(FoundDuty { duty, because, urgency });
        }
    }
    // Most urgent first; among equals, a duty urgent in itself before one raised by a sign
    // (after a recent assault, the police before "do not tell the family").
    crate::sorted::sort_by_rank_desc(&mut found, |d| d.urgency as u32 * 4 + d.duty.urgency as u32);
    found
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::load::SourceFile;

    fn pack() -> Pack {
        with("")
    }

    /// The base fixture with `extra` content.
    fn with(extra: &str) -> Pack {
        let base = include_str!("../../tests/fixtures/base.toml");
        let files =
            [SourceFile { path: "base.toml", text: base }, SourceFile { path: "extra.toml", text: extra }];
        Pack::load(&files, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
            .unwrap_or_else(|d| panic!("{d:#?}"))
            .pack
    }

    /// Two age bands, an age question, a sign for the young only, a page of it alone, a duty
    /// on the young sign and an emergency outcome that asks where the child lives.
    const AGED: &str = r#"
[[age]]
id = "young"
label = "Under 10"
source = "https://example.org/ages"
reviewed = "2026-01-01"
status = "draft"

[[age]]
id = "old"
label = "10 to 17"
source = "https://example.org/ages"
reviewed = "2026-01-01"
status = "draft"

[[duty]]
id = "tell-police"
title = "Tell the police"
text = "Call them today."
why = "The law."
urgency = "urgent"
contacts = ["front-door"]
source = "https://example.org/duties"
reviewed = "2026-01-01"
status = "draft"

[[indicator]]
id = "young-sign"
text = "A sign only a young child can show."
domain = "child"
dimension = "health"
tier = "low"
ages = ["young"]
duties = ["tell-police"]
source = "https://example.org/indicators"
reviewed = "2026-01-01"
status = "draft"

[[flow]]
id = "aged"
title = "Aged"
description = "With an age question."
start = "a-danger"

[[node]]
id = "a-danger"
flow = "aged"
kind = "choice"
question = "Immediate danger?"
not_sure = "yes"
options = [
  { id = "yes", label = "Yes", next = "a-emergency" },
  { id = "no", label = "No", next = "a-where" },
]

[[node]]
id = "a-where"
flow = "aged"
kind = "choice"
question = "Where?"
options = [{ id = "town", label = "Town", area = "town", next = "a-age" }, { id = "x", label = "Else", next = "a-emergency" }]

[[node]]
id = "a-age"
flow = "aged"
kind = "choice"
question = "How old?"
options = [
  { id = "young", label = "Under 10", ages = ["young"], next = "a-young-only" },
  { id = "old", label = "10 to 17", ages = ["old"], next = "a-young-only" },
  { id = "unknown", label = "I don't know", ages = ["young", "old"], next = "a-young-only" },
]

[[node]]
id = "a-young-only"
flow = "aged"
kind = "indicators"
question = "Only for the young?"
indicators = ["young-sign"]
next = "a-signs"

[[node]]
id = "a-signs"
flow = "aged"
kind = "indicators"
question = "Which apply?"
indicators = ["hungry", "young-sign"]
next = "threshold"

[[node]]
id = "a-emergency-where"
flow = "aged"
kind = "choice"
question = "Once you have called 999: where?"
options = [{ id = "town", label = "Town", area = "town" }, { id = "x", label = "Else" }]

[[outcome]]
id = "a-emergency"
kind = "fixed"
title = "Call 999"
summary = "Now."
urgency = "immediate"
actions = ["Call 999."]
contacts = ["emergency", "front-door"]
follow_up = "a-emergency-where"
source = "https://example.org/outcomes"
reviewed = "2026-01-01"
status = "draft"
"#;

    fn asked(p: &Pack, s: &Session) -> Vec<String> {
        s.walk(p).unwrap().path.asked.iter().map(|(n, _)| n.id.to_string()).collect()
    }

    #[test]
    fn signs_are_shown_for_the_age_given_and_every_sign_when_it_is_not_known() {
        let p = with(AGED);
        let s = Session::new(&p, "aged").unwrap();
        let s = s.answer(&p, "a-danger", Answer::Choice("no".into())).unwrap();
        let s = s.answer(&p, "a-where", Answer::Choice("town".into())).unwrap();
        let old = s.answer(&p, "a-age", Answer::Choice("old".into())).unwrap();
        // The page whose only sign is for the young is skipped; the next shows one sign.
        let walk = old.walk(&p).unwrap();
        let Step::Question(page) = walk.end else { panic!("expected a question") };
        assert_eq!(page.id.as_str(), "a-signs");
        let shown: Vec<&str> = walk.path.shown(&p, page).map(|i| i.id.as_str()).collect();
        assert_eq!(shown, ["hungry"]);
        let hidden = Answer::Indicators([("young-sign".into(), Presence::Yes)].into());
        assert_eq!(code(old.answer(&p, "a-signs", hidden.clone())), "INVALID_INDICATOR");
        // Not knowing the age shows both pages and every sign.
        let unknown = s.answer(&p, "a-age", Answer::Choice("unknown".into())).unwrap();
        let unknown = unknown.answer(&p, "a-young-only", Answer::Indicators(SortedMap::new())).unwrap();
        let walk = unknown.walk(&p).unwrap();
        let Step::Question(page) = walk.end else { panic!("expected a question") };
        assert_eq!(walk.path.shown(&p, page).count(), 2);
        let done = unknown.answer(&p, "a-signs", hidden).unwrap();
        // Changing the age afterwards drops the sign that no longer applies.
        let now_old = done.answer(&p, "a-age", Answer::Choice("old".into())).unwrap();
        assert!(now_old.walk(&p).unwrap().path.indicators.is_empty());
        assert_eq!(asked(&p, &now_old), ["a-danger", "a-where", "a-age", "a-signs"]);
    }

    #[test]
    fn a_duty_is_found_on_any_outcome_with_what_led_to_it() {
        let p = with(AGED);
        let mut s = Session::new(&p, "aged").unwrap();
        for (node, answer) in [
            ("a-danger", Answer::Choice("no".into())),
            ("a-where", Answer::Choice("town".into())),
            ("a-age", Answer::Choice("young".into())),
            ("a-young-only", Answer::Indicators([("young-sign".into(), Presence::NotSure)].into())),
            ("a-signs", Answer::Indicators(SortedMap::new())),
        ] {
            s = s.answer(&p, node, answer).unwrap();
        }
        let c = s.conclude(&p).unwrap();
        let duties: Vec<(&str, Vec<String>)> =
            c.duties.iter().map(|d| (d.duty.id.as_str(), d.because.clone())).collect();
        assert_eq!(duties, [("tell-police", vec!["A sign only a young child can show.".to_owned()])]);
        // The level's response is routine; the duty makes the outcome urgent.
        assert_eq!((c.response.urgency, c.urgency), (Urgency::Routine, Urgency::Urgent));
        let advice = crate::advise(
            &p,
            &s,
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap().and_hms_opt(12, 0, 0).unwrap(),
        )
        .unwrap();
        let first = advice.contacts.first().unwrap();
        // Saturday: the front door is closed, and the duty is urgent, so its alternative now.
        assert_eq!((first.primary.id.as_str(), first.now.id.as_str()), ("town-door", "town-night"));
        assert_eq!(first.duties.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["tell-police"]);
    }

    #[test]
    fn the_999_outcome_asks_where_the_child_lives_on_its_own_page() {
        let p = with(AGED);
        let s = Session::new(&p, "aged").unwrap().answer(&p, "a-danger", Answer::NotSure).unwrap();
        assert!(matches!(s.next_step(&p).unwrap(), Step::Outcome(o) if o.id.as_str() == "a-emergency"));
        let at = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap().and_hms_opt(12, 0, 0).unwrap();
        let before = crate::advise(&p, &s, at).unwrap();
        let names: Vec<&str> = before.contacts.iter().map(|c| c.now.id.as_str()).collect();
        assert_eq!(names, ["police"], "with no area, only 999");
        let s = s.answer(&p, "a-emergency-where", Answer::Choice("town".into())).unwrap();
        assert!(matches!(s.next_step(&p).unwrap(), Step::Outcome(o) if o.id.as_str() == "a-emergency"));
        let after = crate::advise(&p, &s, at).unwrap();
        let names: Vec<&str> = after.contacts.iter().map(|c| c.now.id.as_str()).collect();
        assert_eq!(names, ["police", "town-night"], "999 first, then the area's service open now");
        assert_eq!(asked(&p, &s), ["a-danger", "a-emergency-where"]);
        // Back removes the follow-up answer first.
        assert_eq!(asked(&p, &s.back(&p).unwrap()), ["a-danger"]);
    }

    fn code(r: Result<Session, EngineError>) -> &'static str {
        r.map(|_| "OK").unwrap_or_else(|e| e.code())
    }

    #[test]
    fn a_journey_runs_to_its_outcome() {
        let p = pack();
        let s = Session::new(&p, "worried").unwrap();
        let s = s.answer(&p, "danger", Answer::Choice("no".into())).unwrap();
        let s = s.answer(&p, "where", Answer::Choice("town".into())).unwrap();
        let s =
            s.answer(&p, "signs", Answer::Indicators([("injured".into(), Presence::Yes)].into())).unwrap();
        let c = s.conclude(&p).unwrap();
        assert_eq!(c.outcome.id.as_str(), "threshold");
        assert_eq!(c.assessment.unwrap().level.id.as_str(), "town-2");
        assert_eq!(c.response.urgency, Urgency::Urgent);
    }

    #[test]
    fn wrong_answers_get_typed_errors() {
        let p = pack();
        let s = Session::new(&p, "worried").unwrap();
        assert_eq!(code(s.answer(&p, "nope", Answer::NotSure)), "UNKNOWN_NODE");
        assert_eq!(code(s.answer(&p, "danger", Answer::Choice("perhaps".into()))), "INVALID_OPTION");
        assert_eq!(code(s.answer(&p, "danger", Answer::Date(NaiveDate::MIN))), "WRONG_ANSWER_KIND");
        assert_eq!(code(s.answer(&p, "where", Answer::Choice("town".into()))), "NOT_ON_PATH");
        let s = s.answer(&p, "danger", Answer::Choice("no".into())).unwrap();
        assert_eq!(code(s.answer(&p, "where", Answer::NotSure)), "NOT_SURE_NOT_OFFERED");
        let s = s.answer(&p, "where", Answer::Choice("town".into())).unwrap();
        let bad = Answer::Indicators([("elsewhere".into(), Presence::Yes)].into());
        assert_eq!(code(s.answer(&p, "signs", bad)), "INVALID_INDICATOR");
        assert_eq!(s.conclude(&p).unwrap_err().code(), "NOT_FINISHED");
        assert_eq!(code(Session::new(&p, "other")), "UNKNOWN_FLOW");
    }

    #[test]
    fn a_known_area_is_answered_ahead_but_danger_is_still_asked_first() {
        let p = pack();
        let s = Session::new(&p, "worried").unwrap().with_area(&p, "town").unwrap();
        assert!(matches!(s.next_step(&p).unwrap(), Step::Question(q) if q.id.as_str() == "danger"));
        let s = s.answer(&p, "danger", Answer::Choice("no".into())).unwrap();
        assert!(matches!(s.next_step(&p).unwrap(), Step::Question(q) if q.id.as_str() == "signs"));
        let asked: Vec<_> = s.walk(&p).unwrap().path.asked.iter().map(|(n, _)| n.id.to_string()).collect();
        assert_eq!(asked, ["danger", "where"]);
        let empty = Session::new(&p, "worried").unwrap();
        assert_eq!(code(empty.with_area(&p, "elsewhere")), "UNKNOWN_AREA");
    }

    #[test]
    fn a_stale_saved_answer_is_reported_not_panicked_on() {
        let p = pack();
        let mut s = Session::new(&p, "worried").unwrap();
        s.answers.insert(NodeId::new("danger"), Answer::Choice("gone".into()));
        assert_eq!(s.next_step(&p).unwrap_err().code(), "STALE_SESSION");
    }
}
