//! What is ticked or chosen on a page before it is sent, and what was typed in its date boxes
//! when it was last sent, as the app state keeps it until the page changes (so nothing is lost
//! when there is a problem): a question's [`Form`] and the timescales page's [`DatesForm`];
//! and reading a question's draft as an answer.

use safeguard_core::model::{Node, NodeKind};
use safeguard_core::{Answer, OptionId, Presence, SortedMap, SortedSet, Start};

use crate::date_input::{DateParts, Problem};

/// The question being answered, as the app state holds it until the page changes: what is
/// ticked or typed, and the problem with the last answer sent — the message, and the field it
/// belongs to (none when the engine refused the answer, only possible if the page and the
/// pack disagree).
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// The flow and question, `flow/node`.
    pub(crate) key: String,
    pub(crate) draft: Draft,
    pub(crate) problem: Option<(String, Option<String>)>,
}

/// What is ticked or typed on the page before it is submitted.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Draft {
    pub(crate) choice: Option<String>,
    pub(crate) multi: SortedSet<String>,
    pub(crate) indicators: SortedMap<String, Presence>,
    /// The date boxes as they were when the form was last sent (they are read from the page
    /// then, not on each key), or as the answer gives them.
    pub(crate) date: DateParts,
}

/// The value the "not sure" radio stands for; option ids are kebab-case, so it cannot clash.
pub(crate) const NOT_SURE: &str = "__not_sure";

impl Draft {
    pub(crate) fn from_answer(answer: Option<&Answer>) -> Draft {
        let mut d = Draft::default();
        match answer {
            Some(Answer::Choice(o)) => d.choice = Some(o.to_string()),
            Some(Answer::NotSure) => d.choice = Some(NOT_SURE.to_owned()),
            Some(Answer::Multi(set)) => d.multi = set.iter().map(ToString::to_string).collect(),
            Some(Answer::Indicators(map)) => {
                d.indicators = map.iter().map(|(k, v)| (k.to_string(), *v)).collect()
            }
            Some(Answer::Date(date)) => d.date = DateParts::from_start(Start { date: *date, time: None }),
            Some(Answer::Moment(at)) => {
                d.date = DateParts::from_start(Start { date: at.date(), time: Some(at.time()) })
            }
            None => {}
        }
        d
    }

    /// The answer, or the message to show and the id of the field it belongs to.
    pub(crate) fn answer(&self, node: &Node) -> Result<Answer, (String, String)> {
        match node.kind {
            NodeKind::Choice => match self.choice.as_deref() {
                Some(NOT_SURE) => Ok(Answer::NotSure),
                Some(o) => Ok(Answer::Choice(OptionId::new(o))),
                None => Err(("Select an answer".to_owned(), option_id(node, first_option(node)))),
            },
            NodeKind::Multi if self.multi.is_empty() => Err((
                "Select at least one, or \"I'm not sure\", or find a sign with the search below".to_owned(),
                option_id(node, first_option(node)),
            )),
            NodeKind::Multi => {
                Ok(Answer::Multi(self.multi.iter().map(|o| OptionId::new(o.as_str())).collect()))
            }
            NodeKind::Indicators | NodeKind::Found => {
                Ok(Answer::Indicators(self.indicators.iter().map(|(k, v)| (k.as_str().into(), *v)).collect()))
            }
            NodeKind::Date => Ok(match self.date.read(node.time, Some(crate::device::now_uk()))? {
                Start { date, time: Some(time) } => Answer::Moment(date.and_time(time)),
                Start { date, time: None } => Answer::Date(date),
            }),
        }
    }
}

pub(crate) fn first_option(node: &Node) -> &str {
    node.options.first().map_or("", |o| o.id.as_str())
}

pub(crate) fn option_id(node: &Node, option: &str) -> String {
    format!("{}-{option}", node.id)
}

/// What is chosen and typed on the timescales page, and what it showed, or on an outcome's
/// date form (`event` is then the event whose form is open): kept in the app state until the
/// page changes, so nothing typed is lost when there is a problem.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DatesForm {
    /// The event chosen.
    pub event: Option<String>,
    /// The date and time as they were when the form was last sent.
    pub date: DateParts,
    /// The problem with what was sent.
    pub problem: Option<Problem>,
    /// What the dates are shown for, once sent without a problem.
    pub shown: Option<(String, Start)>,
}
