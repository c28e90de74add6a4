//! Errors the engine returns for bad input. Each has a stable `code` that crosses the
//! JavaScript boundary unchanged, and a message a person can act on.
//!
//! An error never changes anything: every operation that can fail takes the session by
//! reference and returns a new one, so after an error the caller still holds the old session.

use std::fmt;

/// Something asked of the engine that it cannot do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineError {
    /// No flow with this id.
    UnknownFlow(String),
    /// No question with this id.
    UnknownNode(String),
    /// The question belongs to another flow.
    NodeNotInFlow {
        /// The question.
        node: String,
        /// The session's flow.
        flow: String,
    },
    /// The question is not on the current path (skipped, or not reached yet).
    NotOnPath(String),
    /// The question has no such option.
    InvalidOption {
        /// The question.
        node: String,
        /// The option given.
        option: String,
    },
    /// The indicator is not asked on this question.
    InvalidIndicator {
        /// The question.
        node: String,
        /// The indicator given.
        indicator: String,
    },
    /// The answer is of the wrong kind for the question (a date for a choice, …).
    WrongAnswerKind {
        /// The question.
        node: String,
        /// The kind of answer it takes.
        expected: &'static str,
    },
    /// "Not sure" is not offered on this question.
    NotSureNotOffered(String),
    /// A date outside 2000–2100.
    DateOutOfRange(String),
    /// Nothing has been answered yet, so there is nothing to go back to.
    NothingToGoBack,
    /// The journey has not reached an outcome yet.
    NotFinished,
    /// No area with this id.
    UnknownArea(String),
    /// No escalation procedure or stage with this id.
    UnknownEscalation(String),
    /// A session whose saved answers no longer fit the content (e.g. saved with older content).
    StaleSession(String),
    /// No event (something timescales are counted from) with this id.
    UnknownEvent(String),
    /// No timescale of the outcome reached is counted from this event.
    EventNotOnOutcome(String),
    /// A date given for something that has happened is later than now.
    DateInFuture(String),
}

impl EngineError {
    /// A stable code for programs: never reworded, never reused.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownFlow(_) => "UNKNOWN_FLOW",
            Self::UnknownNode(_) => "UNKNOWN_NODE",
            Self::NodeNotInFlow { .. } => "NODE_NOT_IN_FLOW",
            Self::NotOnPath(_) => "NOT_ON_PATH",
            Self::InvalidOption { .. } => "INVALID_OPTION",
            Self::InvalidIndicator { .. } => "INVALID_INDICATOR",
            Self::WrongAnswerKind { .. } => "WRONG_ANSWER_KIND",
            Self::NotSureNotOffered(_) => "NOT_SURE_NOT_OFFERED",
            Self::DateOutOfRange(_) => "DATE_OUT_OF_RANGE",
            Self::NothingToGoBack => "NOTHING_TO_GO_BACK",
            Self::NotFinished => "NOT_FINISHED",
            Self::UnknownArea(_) => "UNKNOWN_AREA",
            Self::UnknownEscalation(_) => "UNKNOWN_ESCALATION",
            Self::StaleSession(_) => "STALE_SESSION",
            Self::UnknownEvent(_) => "UNKNOWN_EVENT",
            Self::EventNotOnOutcome(_) => "EVENT_NOT_ON_OUTCOME",
            Self::DateInFuture(_) => "DATE_IN_FUTURE",
        }
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownFlow(id) => write!(f, "there is no journey called `{id}`"),
            Self::UnknownNode(id) => write!(f, "there is no question called `{id}`"),
            Self::NodeNotInFlow { node, flow } => {
                write!(f, "question `{node}` is not part of the journey `{flow}`")
            }
            Self::NotOnPath(id) => {
                write!(f, "question `{id}` is not asked on this journey with the answers given so far")
            }
            Self::InvalidOption { node, option } => {
                write!(f, "`{option}` is not one of the answers to question `{node}`")
            }
            Self::InvalidIndicator { node, indicator } => {
                write!(f, "`{indicator}` is not one of the indicators asked about in `{node}`")
            }
            Self::WrongAnswerKind { node, expected } => {
                write!(f, "question `{node}` needs {expected}")
            }
            Self::NotSureNotOffered(id) => write!(f, "question `{id}` does not offer \"not sure\""),
            Self::DateOutOfRange(d) => write!(f, "the date {d} is not between 2000 and 2100"),
            Self::NothingToGoBack => {
                f.write_str("this is the first question: there is nothing to go back to")
            }
            Self::NotFinished => f.write_str("the journey has not reached an outcome yet"),
            Self::UnknownArea(id) => write!(f, "there is no area called `{id}`"),
            Self::UnknownEscalation(id) => {
                write!(f, "there is no escalation procedure or stage called `{id}`")
            }
            Self::StaleSession(why) => write!(
                f,
                "the saved answers no longer fit this version of the guidance ({why}); please start again"
            ),
            Self::UnknownEvent(id) => {
                write!(f, "there is nothing called `{id}` that timescales are counted from")
            }
            Self::EventNotOnOutcome(id) => {
                write!(f, "no timescale of this outcome is counted from `{id}`")
            }
            Self::DateInFuture(when) => {
                write!(f, "{when} is later than now: give the date it happened")
            }
        }
    }
}

impl std::error::Error for EngineError {}
