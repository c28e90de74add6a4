//! The shapes that cross the JavaScript boundary. Each derives `Tsify`, so the package's
//! TypeScript definitions are generated from these very types and cannot drift from them.
//!
//! They are views: plain data copied out of the engine's borrowed results, in camelCase, with
//! dates as `YYYY-MM-DD` and UK local times as `YYYY-MM-DDTHH:MM`. Provenance (source and
//! review date) travels with every sourced item, as on the site.

use chrono::NaiveDateTime;
use safeguard_core::model::{
    Chapter, Contact, Indicator, Level, Node, NodeKind, Outcome, OutcomeKind, Sourced, Status, Timescale,
    Urgency,
};
use safeguard_core::{
    Advice, Answer, ContactNow, Deadline, FoundDuty, Pack, Path, Plan, Presence, SignHit, Start, Step, Walk,
    When, due_words, window_note,
};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Where an item comes from and when a person last checked it.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    /// The public address the item comes from.
    pub source: String,
    /// `YYYY-MM-DD`.
    pub reviewed: String,
    /// Still being checked with the partnership.
    pub draft: bool,
}

fn provenance(item: &impl Sourced) -> Provenance {
    let p = item.provenance();
    Provenance {
        source: p.source.to_owned(),
        reviewed: p.reviewed.to_string(),
        draft: p.status == Status::Draft,
    }
}

/// What a pack holds, for choosing a journey and showing the guidance version.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PackSummary {
    /// The pack's id, e.g. `pan-sussex`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The title practitioners see.
    pub title: String,
    /// The content version.
    pub version: String,
    /// A fingerprint of the content: records quote it.
    pub hash: String,
    /// The professional-judgement statement, to show with any advice.
    pub judgement: String,
    /// The privacy statement.
    pub privacy: String,
    /// The journeys, in order.
    pub journeys: Vec<JourneySummary>,
    /// The areas and their levels of need.
    pub areas: Vec<AreaSummary>,
    /// How many items are still drafts.
    pub drafts: usize,
}

/// A journey (flow).
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct JourneySummary {
    /// Its id, for `start`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it is for.
    pub description: String,
}

/// An area and its framework.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AreaSummary {
    /// Its id, e.g. `west-sussex`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The name of its framework of levels.
    pub framework: String,
    /// Its levels, lowest first.
    pub levels: Vec<LevelView>,
}

/// A level of need in an area's own words.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LevelView {
    /// 1 is the lowest.
    pub number: u8,
    /// Its name in the area's framework.
    pub name: String,
    /// What it means.
    pub summary: String,
    /// Source and review.
    pub provenance: Provenance,
}

fn level(l: &Level) -> LevelView {
    LevelView {
        number: l.number,
        name: l.name.clone(),
        summary: l.summary.clone(),
        provenance: provenance(l),
    }
}

impl PackSummary {
    /// The summary of `pack`.
    pub fn of(pack: &Pack) -> Self {
        let info = pack.info();
        PackSummary {
            id: info.id.clone(),
            name: info.name.clone(),
            title: info.title.clone(),
            version: info.version.clone(),
            hash: pack.hash().to_owned(),
            judgement: info.judgement.clone(),
            privacy: info.privacy.clone(),
            journeys: pack
                .flows()
                .map(|f| JourneySummary {
                    id: f.id.to_string(),
                    title: f.title.clone(),
                    description: f.description.clone(),
                })
                .collect(),
            areas: pack
                .areas()
                .map(|a| AreaSummary {
                    id: a.id.to_string(),
                    name: a.name.clone(),
                    framework: a.framework.clone(),
                    levels: a.level.iter().map(level).collect(),
                })
                .collect(),
            drafts: pack.counts().drafts,
        }
    }
}

/// Where a journey stands: the next question, or the outcome reached.
#[derive(Serialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StepView {
    /// Ask this next.
    Question {
        /// The question.
        question: QuestionView,
    },
    /// The journey has ended: call `outcome()` for the advice.
    #[serde(rename_all = "camelCase")]
    Outcome {
        /// The outcome's id.
        id: String,
        /// Its title.
        title: String,
        /// A question the outcome's own page asks after its advice (on the 999 page: where
        /// the child lives, so the area's number open now can be named). `answer` it to
        /// refine the outcome; the journey stays at this outcome.
        follow_up: Option<QuestionView>,
    },
}

impl StepView {
    /// The view of where a walk stopped (the next question has no answer yet).
    pub fn of(walk: &Walk<'_>, pack: &Pack) -> Self {
        match walk.end {
            Step::Question(node) => {
                StepView::Question { question: QuestionView::of(node, pack, None, &walk.path) }
            }
            Step::Outcome(o) => {
                let follow_up = o.follow_up.as_ref().and_then(|id| pack.node(id.as_str())).map(|node| {
                    let answer = walk.path.asked.iter().find(|(n, _)| n.id == node.id).map(|(_, a)| a);
                    QuestionView::of(node, pack, answer, &walk.path)
                });
                StepView::Outcome { id: o.id.to_string(), title: o.title.clone(), follow_up }
            }
        }
    }
}

/// The kind of answer a question takes.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum QuestionKind {
    /// One option (`{ kind: "choice" }`, or `{ kind: "notSure" }` where offered).
    Choice,
    /// Any number of options.
    Multi,
    /// The signs that apply, each yes or not sure.
    Indicators,
    /// A date.
    Date,
    /// Signs found by searching (`searchSigns`), from any page: answered like an indicator
    /// question, with any sign of the pack.
    Found,
}

/// A question.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QuestionView {
    /// Its id, for `answer`.
    pub id: String,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// The question.
    pub text: String,
    /// Help under the question.
    pub hint: Option<String>,
    /// Its options (choice and multi questions).
    pub options: Vec<OptionView>,
    /// Whether "not sure" is offered; it counts as the safer answer.
    pub not_sure: bool,
    /// Its signs (indicator questions): those that can apply at the child's age.
    pub indicators: Vec<IndicatorView>,
    /// The answer already given, when going back over a journey.
    pub answer: Option<AnswerInput>,
}

impl QuestionView {
    /// The view of `node`, with its current answer, on `path` (which decides the signs shown
    /// for the child's age).
    pub fn of(node: &Node, pack: &Pack, answer: Option<&Answer>, path: &Path<'_>) -> Self {
        QuestionView {
            id: node.id.to_string(),
            kind: match node.kind {
                NodeKind::Choice => QuestionKind::Choice,
                NodeKind::Multi => QuestionKind::Multi,
                NodeKind::Indicators => QuestionKind::Indicators,
                NodeKind::Date => QuestionKind::Date,
                NodeKind::Found => QuestionKind::Found,
            },
            text: node.question.clone(),
            hint: node.hint.clone(),
            options: node
                .options
                .iter()
                .map(|o| OptionView { id: o.id.to_string(), label: o.label.clone(), hint: o.hint.clone() })
                .collect(),
            not_sure: node.not_sure.is_some(),
            indicators: path
                .shown(pack, node)
                .map(|i: &Indicator| IndicatorView {
                    id: i.id.to_string(),
                    text: i.text.clone(),
                    help: i.help.clone(),
                    provenance: provenance(i),
                })
                .collect(),
            answer: answer.map(AnswerInput::from),
        }
    }
}

/// An option of a question.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OptionView {
    /// Its id, for the answer.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Help under it.
    pub hint: Option<String>,
}

/// A sign found by searching the signs of every topic.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SignView {
    /// Its id, for the answer to the found-signs question.
    pub id: String,
    /// The sign.
    pub text: String,
    /// More about it.
    pub help: Option<String>,
    /// The topics whose pages list it.
    pub topics: Vec<String>,
    /// Source and review.
    pub provenance: Provenance,
}

impl SignView {
    /// The view of a search hit.
    pub fn of(hit: &SignHit<'_>) -> Self {
        SignView {
            id: hit.indicator.id.to_string(),
            text: hit.indicator.text.clone(),
            help: hit.indicator.help.clone(),
            topics: hit.topics.iter().map(|t| t.label.clone()).collect(),
            provenance: provenance(hit.indicator),
        }
    }
}

/// A sign of need or harm.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorView {
    /// Its id, for the answer.
    pub id: String,
    /// The sign.
    pub text: String,
    /// More about it.
    pub help: Option<String>,
    /// Source and review.
    pub provenance: Provenance,
}

/// An answer, as given to `answer` and as returned for questions already answered.
#[derive(Serialize, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum AnswerInput {
    /// One option of a choice question.
    Choice {
        /// The option's id.
        option: String,
    },
    /// "Not sure", where the question offers it: it counts as the safer answer.
    NotSure,
    /// Options of a multi question (none is an answer too).
    Multi {
        /// The options' ids.
        options: Vec<String>,
    },
    /// The signs that apply on an indicator question (none is an answer too).
    #[serde(rename_all = "camelCase")]
    Indicators {
        /// Signs known to apply.
        #[serde(default)]
        yes: Vec<String>,
        /// Signs suspected but not known: counted as yes.
        #[serde(default)]
        not_sure: Vec<String>,
    },
    /// A date, `YYYY-MM-DD`; or, where the question asks the time of day too,
    /// `YYYY-MM-DDTHH:MM` (UK time).
    Date {
        /// The date.
        date: String,
    },
}

impl From<&Answer> for AnswerInput {
    fn from(answer: &Answer) -> Self {
        let ids = |p: Presence, map: &safeguard_core::SortedMap<_, Presence>| {
            map.iter().filter(|(_, v)| **v == p).map(|(k, _)| format!("{k}")).collect()
        };
        match answer {
            Answer::Choice(o) => AnswerInput::Choice { option: o.to_string() },
            Answer::NotSure => AnswerInput::NotSure,
            Answer::Multi(set) => {
                AnswerInput::Multi { options: set.iter().map(ToString::to_string).collect() }
            }
            Answer::Indicators(map) => AnswerInput::Indicators {
                yes: ids(Presence::Yes, map),
                not_sure: ids(Presence::NotSure, map),
            },
            Answer::Date(d) => AnswerInput::Date { date: d.to_string() },
            Answer::Moment(at) => AnswerInput::Date { date: safeguard_core::calendar::local_text(*at) },
        }
    }
}

impl AnswerInput {
    /// The engine's answer; a malformed date, or a sign given both as yes and as not sure,
    /// cannot be one.
    pub fn into_answer(self) -> Result<Answer, String> {
        Ok(match self {
            AnswerInput::Choice { option } => Answer::Choice(option.as_str().into()),
            AnswerInput::NotSure => Answer::NotSure,
            AnswerInput::Multi { options } => {
                Answer::Multi(options.iter().map(|o| o.as_str().into()).collect())
            }
            AnswerInput::Indicators { yes, not_sure } => {
                if let Some(both) = yes.iter().find(|i| not_sure.contains(i)) {
                    return Err(format!("`{both}` is given both as yes and as not sure"));
                }
                Answer::Indicators(
                    yes.iter()
                        .map(|i| (i.as_str().into(), Presence::Yes))
                        .chain(not_sure.iter().map(|i| (i.as_str().into(), Presence::NotSure)))
                        .collect(),
                )
            }
            AnswerInput::Date { date } => match Start::parse(&date) {
                Some(Start { date, time: None }) => Answer::Date(date),
                Some(Start { date, time: Some(time) }) => Answer::Moment(date.and_time(time)),
                None => {
                    return Err(format!(
                        "`{date}` is not a date (YYYY-MM-DD) or a date and UK time (YYYY-MM-DDTHH:MM)"
                    ));
                }
            },
        })
    }
}

/// A question answered on the current path, in words, as the check-answers page shows it.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AnsweredView {
    /// The question's id (to change the answer, `answer` it again).
    pub id: String,
    /// The question.
    pub question: String,
    /// The answer in words.
    pub answer: String,
}

/// Everything the outcome page shows, at one moment.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AdviceView {
    /// The outcome reached.
    pub outcome: OutcomeView,
    /// How soon to act, apart from the level: `immediate` (now, 999), `urgent` (today:
    /// significant harm), `statutory` (a statutory step, not an emergency) or `routine`
    /// (support).
    pub urgency: String,
    /// What the outcome means for this child: the level's summary for these signs (a level
    /// can mean a protection referral or a needs assessment), or the outcome's.
    pub summary: String,
    /// What the practitioner must do because of what they found, whatever the level: shown
    /// first, most urgent first. Each one's contact is among `contacts`, marked with its id.
    pub duties: Vec<DutyView>,
    /// The child's area, if known.
    pub area: Option<String>,
    /// The level of need (threshold outcomes).
    pub level: Option<LevelView>,
    /// The signs that led to the level, highest first.
    pub reasons: Vec<ReasonView>,
    /// Combination rules that fired.
    pub rules: Vec<RuleView>,
    /// What to do now, in order.
    pub actions: Vec<String>,
    /// Who to contact now.
    pub contacts: Vec<ContactAdvice>,
    /// The procedure chapters that apply: for what was found first, then the level's.
    pub procedures: Vec<ProcedureView>,
    /// Timescales with a date: counted from the date given for their event (`dateEvent`),
    /// or from now for something taken to happen today (recognising the risk, making the
    /// referral).
    pub timescales: Vec<TimescaleView>,
    /// Timescales counted from something whose date only the practitioner knows (a strategy
    /// discussion, a child's return) and has not been given: give it with `dateEvent`.
    pub undated: Vec<TimescaleView>,
    /// What the timescales are counted from, each with the question that asks its date and
    /// the date given, if any.
    pub events: Vec<EventView>,
    /// The escalation plan (escalation outcomes).
    pub escalation: Option<PlanView>,
    /// The UK local time the advice was made for, `YYYY-MM-DDTHH:MM`.
    pub at: String,
}

/// Something an outcome's timescales are counted from.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    /// Its id (for `dateEvent`).
    pub id: String,
    /// What happened, in words.
    pub label: String,
    /// The question that asks its date: "When did the child come back?".
    pub question: String,
    /// A time of day matters (a timescale from it is in hours).
    pub time: bool,
    /// It may be planned for a later date.
    pub future: bool,
    /// Taken to happen today until another date is given.
    pub today: bool,
    /// The date given: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` (UK time).
    pub given: Option<String>,
    /// Not given, but taken from another event given (learning of FGM is recognising the
    /// risk): its date, in the same form.
    pub implied: Option<String>,
}

/// An outcome.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeView {
    /// Its id.
    pub id: String,
    /// `fixed`, `threshold` or `escalation`.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// What it means.
    pub summary: String,
    /// Source and review.
    pub provenance: Provenance,
}

fn outcome(o: &Outcome) -> OutcomeView {
    let kind = match o.kind {
        OutcomeKind::Fixed => "fixed",
        OutcomeKind::Threshold => "threshold",
        OutcomeKind::Escalation => "escalation",
    };
    OutcomeView {
        id: o.id.to_string(),
        kind: kind.to_owned(),
        title: o.title.clone(),
        summary: o.summary.clone(),
        provenance: provenance(o),
    }
}

/// A duty that applies.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DutyView {
    /// Its id.
    pub id: String,
    /// What to do, in a few words.
    pub title: String,
    /// What to do, in full.
    pub text: String,
    /// The law or procedure behind it.
    pub why: String,
    /// How soon: `immediate`, `urgent`, `statutory` or `routine`.
    pub urgency: String,
    /// What led to it: the signs and rules, in the guidance's words.
    pub because: Vec<String>,
    /// Source and review.
    pub provenance: Provenance,
}

/// How soon, as the API writes it.
fn urgency(u: Urgency) -> String {
    match u {
        Urgency::Routine => "routine",
        Urgency::Statutory => "statutory",
        Urgency::Urgent => "urgent",
        Urgency::Immediate => "immediate",
    }
    .to_owned()
}

fn duty(f: &FoundDuty<'_>) -> DutyView {
    let d = f.duty;
    DutyView {
        id: d.id.to_string(),
        title: d.title.clone(),
        text: d.text.clone(),
        why: d.why.clone(),
        urgency: urgency(f.urgency),
        because: f.because.clone(),
        provenance: provenance(d),
    }
}

/// Why a sign counts.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ReasonView {
    /// The sign's id.
    pub indicator: String,
    /// The sign.
    pub text: String,
    /// Answered "not sure" (counted as yes).
    pub not_sure: bool,
    /// The level it falls at in the area.
    pub level: u8,
    /// Its Assessment Framework domain.
    pub domain: String,
    /// Whether it alone reaches the level.
    pub decisive: bool,
    /// Source and review.
    pub provenance: Provenance,
}

/// A combination rule that fired.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    /// Its id.
    pub id: String,
    /// What it says.
    pub description: String,
    /// The level it points to.
    pub level: u8,
    /// Whether it raised the level above what the signs alone reach.
    pub raised: bool,
    /// Whether it points to the level reached, so it is part of why (a rule pointing lower
    /// still brings its duties).
    pub reaches: bool,
    /// Source and review.
    pub provenance: Provenance,
}

/// Who to contact for one role, now.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactAdvice {
    /// The role, e.g. `front-door`.
    pub role: String,
    /// `openNow`: use `primary` now. `useAlternative`: it is closed and the matter is urgent,
    /// use `now`. `whenItOpens`: it is closed and the matter is routine: contact it when it
    /// opens (`primaryOpens`); use `now` only if the child comes to be at risk before then.
    pub when: String,
    /// The contact for the role in the area.
    pub primary: ContactView,
    /// Whether it is open now.
    pub primary_open: bool,
    /// When it next opens, if closed (`YYYY-MM-DDTHH:MM`, UK time).
    pub primary_opens: Option<String>,
    /// The contact open now: always named.
    pub now: ContactView,
    /// How soon the matter it is for must be acted on.
    pub urgency: String,
    /// The duties (ids) it is the contact for; none when it is for the general steps.
    pub duties: Vec<String>,
}

/// A service to contact.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Main phone number.
    pub phone: Option<String>,
    /// Textphone.
    pub textphone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Online form.
    pub web_form: Option<String>,
    /// Other numbers, each with what it is for.
    pub other_phones: Vec<PhoneView>,
    /// What to use it for.
    pub use_for: String,
    /// Source and review.
    pub provenance: Provenance,
}

/// A further number.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PhoneView {
    /// What it is for.
    pub label: String,
    /// The number.
    pub number: String,
}

fn contact(c: &Contact) -> ContactView {
    ContactView {
        id: c.id.to_string(),
        name: c.name.clone(),
        phone: c.phone.clone(),
        textphone: c.textphone.clone(),
        email: c.email.clone(),
        web_form: c.web_form.clone(),
        other_phones: c
            .other_phones
            .iter()
            .map(|p| PhoneView { label: p.label.clone(), number: p.number.clone() })
            .collect(),
        use_for: c.use_for.clone(),
        provenance: provenance(c),
    }
}

/// Local time as `YYYY-MM-DDTHH:MM`.
fn local(t: NaiveDateTime) -> String {
    format!("{}T{}", t.date(), safeguard_core::clock(t))
}

impl ContactAdvice {
    /// The view of one role's contact advice.
    pub fn of(c: &ContactNow<'_>) -> Self {
        let when = match c.when {
            When::OpenNow => "openNow",
            When::UseAlternative => "useAlternative",
            When::WhenItOpens => "whenItOpens",
        };
        ContactAdvice {
            role: c.role.to_string(),
            when: when.to_owned(),
            primary: contact(c.primary),
            primary_open: c.primary_open,
            primary_opens: c.primary_opens.map(local),
            now: contact(c.now),
            urgency: urgency(c.urgency),
            duties: c.duties.iter().map(|d| d.id.to_string()).collect(),
        }
    }
}

/// A procedure chapter.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ProcedureView {
    /// Its id.
    pub id: String,
    /// Its number at its address, e.g. `1.2` (empty if none); older editions numbered
    /// chapters differently from their current part.
    pub number: String,
    /// Its title.
    pub title: String,
    /// How to list it: its number and title, or its title with its part where the number
    /// is an older edition's.
    pub label: String,
    /// Its address; none where no address is held.
    pub url: Option<String>,
    /// The part it belongs to.
    pub part: Option<String>,
    /// Source and review.
    pub provenance: Provenance,
}

/// The view of a chapter.
pub fn procedure(pack: &Pack, c: &Chapter) -> ProcedureView {
    ProcedureView {
        id: c.id.to_string(),
        number: c.number.clone(),
        title: c.title.clone(),
        label: safeguard_core::chapter_label(pack, c),
        url: c.url.clone(),
        part: pack.part(c.part.as_str()).map(|p| p.title.clone()),
        provenance: provenance(c),
    }
}

/// A statutory timescale, with its due date where it is known.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TimescaleView {
    /// Its id.
    pub id: String,
    /// What it is.
    pub label: String,
    /// More about it.
    pub description: String,
    /// Its length in words: "15 working days", "72 hours".
    pub length: String,
    /// Counted from what, in words.
    pub from: String,
    /// The events it is counted from (ids for the `timescales` call's `from`).
    pub counted_from: Vec<String>,
    /// It is due this long before the event, not after.
    pub before: bool,
    /// On an outcome to act on today or now: due the same day as its event, not after its
    /// length.
    pub same_day: bool,
    /// What it was counted from: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` (UK time). None where
    /// the event's date is not known.
    pub start: Option<String>,
    /// Due: `YYYY-MM-DD` (by the end of that day), or `YYYY-MM-DDTHH:MM` (UK time) for an
    /// hours rule counted from a given time. None where the event's date is not known.
    pub due: Option<String>,
    /// The due date in words ("Sunday 5 April 2026 at 14:00").
    pub due_text: Option<String>,
    /// What to know about the window: holidays in it, when to act by if it ends on a closed
    /// day, a date past the bank holidays the guide holds.
    pub note: Option<String>,
    /// Source and review.
    pub provenance: Provenance,
}

impl TimescaleView {
    /// The view of a timescale whose start is not known.
    pub fn undated(t: &Timescale) -> Self {
        TimescaleView {
            id: t.id.to_string(),
            label: t.label.clone(),
            description: t.description.clone(),
            length: t.duration().to_string(),
            from: t.from.clone(),
            counted_from: t.counted_from.iter().map(ToString::to_string).collect(),
            before: t.before,
            same_day: false,
            start: None,
            due: None,
            due_text: None,
            note: None,
            provenance: provenance(t),
        }
    }

    /// The view of a dated timescale.
    pub fn dated(d: &Deadline<'_>) -> Self {
        TimescaleView {
            start: Some(d.start.to_string()),
            same_day: d.same_day,
            due: Some(d.window.due.to_string()),
            due_text: Some(due_words(d.window.due)),
            note: window_note(&d.window),
            ..TimescaleView::undated(d.timescale)
        }
    }
}

/// A professional-differences escalation plan.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    /// The procedure's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// When to use it.
    pub statement: String,
    /// What to do if the child is at immediate risk: act first, escalate afterwards.
    pub immediate_risk: String,
    /// What to record at every stage.
    pub record: Vec<String>,
    /// The stages from the current one on, each with its dates.
    pub stages: Vec<StageView>,
}

/// One stage of a plan.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct StageView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who to speak to.
    pub who: String,
    /// The contact for the stage in the area, if it names a role.
    pub contact: Option<ContactView>,
    /// What to do.
    pub actions: Vec<String>,
    /// What the area adds.
    pub area_note: Option<String>,
    /// Starts, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; none when the stage before it has no date.
    pub starts: Option<String>,
    /// Due, `YYYY-MM-DD` (working days skip weekends and bank holidays) or
    /// `YYYY-MM-DDTHH:MM` (an hours rule from a given time); none where no source gives the
    /// stage a length.
    pub due: Option<String>,
    /// The due date in words.
    pub due_text: Option<String>,
    /// What to know about the stage's window (holidays, a closed day).
    pub note: Option<String>,
    /// When no length is sourced, how soon in words ("Without delay").
    pub timing: Option<String>,
    /// Source and review: a draft stage is still being checked.
    pub provenance: Provenance,
}

impl PlanView {
    /// The view of a plan.
    pub fn of(p: &Plan<'_>) -> Self {
        let e = p.escalation;
        PlanView {
            id: e.id.to_string(),
            title: e.title.clone(),
            statement: e.statement.clone(),
            immediate_risk: e.immediate_risk.clone(),
            record: e.record.clone(),
            stages: p
                .stages
                .iter()
                .map(|s| StageView {
                    id: s.stage.id.to_string(),
                    title: s.stage.title.clone(),
                    who: s.stage.who.clone(),
                    contact: s.contact.map(contact),
                    actions: s.stage.actions.clone(),
                    area_note: s.area_note.map(str::to_owned),
                    starts: s.starts.map(|d| d.to_string()),
                    due: s.due().map(|d| d.to_string()),
                    due_text: s.due().map(due_words),
                    note: s.window.as_ref().and_then(window_note),
                    timing: s.stage.timing.clone(),
                    provenance: provenance(s.stage),
                })
                .collect(),
        }
    }
}

impl AdviceView {
    /// The view of a finished journey's advice.
    pub fn of(pack: &Pack, advice: &Advice<'_>) -> Self {
        let c = &advice.conclusion;
        let assessment = c.assessment.as_ref();
        AdviceView {
            outcome: outcome(c.outcome),
            urgency: urgency(c.urgency),
            summary: c.response.summary.to_owned(),
            duties: c.duties.iter().map(duty).collect(),
            area: c.path.area.map(|a| a.id.to_string()),
            level: assessment.map(|a| level(a.level)),
            reasons: assessment
                .map(|a| {
                    a.reasons
                        .iter()
                        .map(|r| ReasonView {
                            indicator: r.indicator.id.to_string(),
                            text: r.indicator.text.clone(),
                            not_sure: r.presence == Presence::NotSure,
                            level: r.level.number,
                            domain: r.domain.name.clone(),
                            decisive: r.decisive,
                            provenance: provenance(r.indicator),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            rules: assessment
                .map(|a| {
                    a.rules
                        .iter()
                        .map(|f| RuleView {
                            id: f.rule.id.to_string(),
                            description: f.rule.description.clone(),
                            level: f.level.number,
                            raised: f.raised,
                            reaches: f.reaches,
                            provenance: provenance(f.rule),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            actions: advice.actions(),
            contacts: advice.contacts.iter().map(ContactAdvice::of).collect(),
            procedures: c.chapters.iter().map(|ch| procedure(pack, ch)).collect(),
            timescales: advice.timescales.iter().map(TimescaleView::dated).collect(),
            undated: advice.undated.iter().map(|t| TimescaleView::undated(t)).collect(),
            events: advice
                .events
                .iter()
                .map(|e| EventView {
                    id: e.event.id.to_string(),
                    label: e.event.label.clone(),
                    question: e.event.question.clone(),
                    time: e.event.time,
                    future: e.event.future,
                    today: e.event.today,
                    given: e.given.map(|g| g.to_string()),
                    implied: e.implied.map(|(start, _)| start.to_string()),
                })
                .collect(),
            escalation: advice.plan.as_ref().map(PlanView::of),
            at: local(advice.at),
        }
    }
}

/// The answered questions on the current path, in words.
pub fn answered(pack: &Pack, walk: &safeguard_core::Walk<'_>) -> Vec<AnsweredView> {
    walk.path
        .asked
        .iter()
        .map(|(node, answer)| AnsweredView {
            id: node.id.to_string(),
            question: node.question.clone(),
            answer: safeguard_core::describe_answer(pack, node, answer),
        })
        .collect()
}
