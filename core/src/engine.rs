//! The journey engine: a pure state machine over a flow.
//!
//! A [`Session`] is only the answers given so far, keyed by question id. Where the journey
//! stands is always recomputed by walking the flow from its start with those answers, so
//! there is no cursor to fall out of step: changing an earlier answer keeps every later
//! answer that is still on the new path, and answers off the path are simply not used.
//! Every operation takes the session by reference and returns a new one, so a rejected
//! answer leaves the caller's session exactly as it was.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, assess};
use crate::error::EngineError;
use crate::ids::*;
use crate::model::*;
use crate::pack::{Pack, Target};
use crate::sorted::{SortedMap, SortedSet};

/// Whether an indicator applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    /// The practitioner knows it applies.
    Yes,
    /// The practitioner is not sure: it counts as if it applies (the safer route), and the
    /// reasons say it was not sure.
    NotSure,
}

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
}

/// The answers given so far on one journey. Plain data: serialise it to save or resume.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    flow: FlowId,
    answers: SortedMap<NodeId, Answer>,
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
    /// The indicators answered yes or not sure on the path.
    pub indicators: SortedMap<IndicatorId, Presence>,
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
        Ok(Session { flow: flow.id.clone(), answers: SortedMap::new() })
    }

    /// A session holding `answers`, as saved earlier (for instance on the device). Nothing is
    /// checked here: walking it reports answers that no longer fit the pack as
    /// [`EngineError::StaleSession`], as for any session read back from storage.
    pub fn from_answers(flow: FlowId, answers: SortedMap<NodeId, Answer>) -> Session {
        Session { flow, answers }
    }

    /// The flow this session follows.
    pub fn flow(&self) -> &FlowId {
        &self.flow
    }

    /// Every answer held, including any no longer on the path.
    pub fn answers(&self) -> &SortedMap<NodeId, Answer> {
        &self.answers
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
                    return Ok(Walk { path, end: Step::Outcome(outcome) });
                }
                Target::Node(node) => node,
            };
            let next = if !condition_holds(pack, node.when.as_ref(), &path)? {
                node.next.as_deref()
            } else if let Some(answer) = self.answers.get(&node.id) {
                check_answer(node, answer).map_err(|e| stale(e.to_string()))?;
                apply(pack, node, answer, &mut path)?;
                path.asked.push((node, answer.clone()));
                route(node, answer)
            } else {
                return Ok(Walk { path, end: Step::Question(node) });
            };
            let next = next.ok_or_else(|| stale(format!("question `{}` leads nowhere", node.id)))?;
            current = pack.target(next).ok_or_else(|| stale(format!("`{next}` does not exist")))?;
        }
        Err(stale("the questions loop".to_owned()))
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
        let is_next = matches!(walk.end, Step::Question(q) if q.id == found.id);
        if !is_next && !walk.path.asked.iter().any(|(n, _)| n.id == found.id) {
            return Err(EngineError::NotOnPath(node.to_owned()));
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
        (NodeKind::Date, Answer::Date(d)) => {
            match (NaiveDate::from_ymd_opt(2000, 1, 1), NaiveDate::from_ymd_opt(2101, 1, 1)) {
                (Some(lo), Some(hi)) if (lo..hi).contains(d) => Ok(()),
                _ => Err(EngineError::DateOutOfRange(d.to_string())),
            }
        }
        (kind, _) => Err(EngineError::WrongAnswerKind { node: id(), expected: expected(kind) }),
    }
}

fn expected(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Choice => "one of its options, or \"not sure\" where offered",
        NodeKind::Multi => "a list of its options (possibly empty)",
        NodeKind::Indicators => "the indicators that apply, each yes or not sure",
        NodeKind::Date => "a date",
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
        NodeKind::Multi | NodeKind::Indicators | NodeKind::Date => node.next.as_deref(),
    }
}

fn apply<'a>(
    pack: &'a Pack,
    node: &'a Node,
    answer: &Answer,
    path: &mut Path<'a>,
) -> Result<(), EngineError> {
    if let Some(area) = chosen_option(node, answer).and_then(|o| o.area.as_ref()) {
        path.area = Some(pack.area(area.as_str()).ok_or_else(|| EngineError::UnknownArea(area.to_string()))?);
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
            Some(area) => assess(pack, area, &path.indicators)?.level.consent == *level_consent,
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
    /// What to do and whom to contact: the level's response, or the outcome's own.
    pub response: Response<'a>,
    /// Sentences the chosen options and the indicators' legal duties add to the actions.
    pub advice: Vec<&'a str>,
    /// For an escalation outcome: the procedure, the date its current stage started, and
    /// that stage.
    pub escalation: Option<(&'a Escalation, NaiveDate, Option<&'a StageId>)>,
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
                let assessment = assess(pack, area, &path.indicators)?;
                let response = assessment.level.response();
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
                let Some(Answer::Date(start)) = answer_of(&outcome.start_date) else {
                    return Err(stale("no start date was given"));
                };
                let stage = match answer_of(&outcome.stage_from) {
                    Some(Answer::Choice(o)) => {
                        procedure.stage.iter().find(|s| s.id.as_str() == o.as_str()).map(|s| &s.id)
                    }
                    _ => None,
                };
                Some((procedure, *start, stage))
            }
            _ => None,
        };
        let from_options = path.asked.iter().filter_map(|(n, a)| chosen_option(n, a)?.advice.as_deref());
        let duties = assessment.iter().flat_map(|a| &a.reasons).filter_map(|r| r.indicator.duty.as_deref());
        let mut advice: Vec<&str> = Vec::new();
        for line in from_options.chain(duties) {
            if !advice.contains(&line) {
                advice.push(line);
            }
        }
        Ok(Conclusion { outcome, assessment, response, advice, escalation, path })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::pack::SourceFile;

    fn pack() -> Pack {
        let base = include_str!("../../tests/fixtures/base.toml");
        let files = [SourceFile { path: "base.toml", text: base }];
        Pack::load(&files, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap().pack
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
