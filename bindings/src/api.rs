//! The typed engine API for agencies' own code (feature `api`, the npm package).
//!
//! An [`Assistant`] holds one content pack and at most one journey in progress. Every method
//! takes plain JavaScript values and checks them itself, so no input can cause a panic: a
//! value of the wrong type, an unknown id or a malformed pack is an `Error` with a stable
//! `code` (`INVALID_ARGUMENT`, `UNKNOWN_NODE`, `INVALID_OPTION`, `INVALID_CONTENT`, …; the
//! engine's codes are `EngineError::code`). Every method computes its whole result before
//! changing anything, so after an error the journey is exactly as it was.
//!
//! TypeScript types come from the view structs (`views.rs`, `Tsify`); each method names its
//! parameter and return types with `unchecked_*_type`, because the values are checked here
//! rather than by generated glue that could only throw code-less errors.

mod views;

use chrono::{DateTime, NaiveDateTime};
use js_sys::{JsString, Reflect};
use safeguard_core::calendar::uk_local;
use safeguard_core::model::{ContentFile, Urgency};
use safeguard_core::{
    Ages, AreaId, Diagnostic, EngineError, Pack, ParsedFile, Session, Severity, Start, Step, advise,
    contact_now, fingerprint, plan, render, search, timescale_dates,
};
use serde::Serialize;
use tsify::Tsify;
use views::*;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// The largest content pack accepted, in characters of JSON. The Sussex pack is about a
/// quarter of a megabyte; a limit keeps a runaway input from exhausting the module's memory,
/// which would abort it.
const MAX_PACK_CHARS: u32 = 8 * 1024 * 1024;
/// The longest id, query or date accepted.
const MAX_TEXT_CHARS: u32 = 1000;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_TYPE: &str = r#"
/** Every `code` a SafeguardError can carry. Never reworded or reused; checked against the
 *  codes the engine and these bindings throw by the tidy test (xtask/src/tidy.rs). */
export type ErrorCode = "INVALID_ARGUMENT" | "INVALID_CONTENT" | "NO_JOURNEY" | "UNKNOWN_FLOW"
    | "UNKNOWN_NODE" | "NODE_NOT_IN_FLOW" | "NOT_ON_PATH" | "INVALID_OPTION" | "INVALID_INDICATOR"
    | "WRONG_ANSWER_KIND" | "NOT_SURE_NOT_OFFERED" | "DATE_OUT_OF_RANGE" | "NOTHING_TO_GO_BACK"
    | "NOT_FINISHED" | "UNKNOWN_AREA" | "UNKNOWN_ESCALATION" | "STALE_SESSION" | "UNKNOWN_ROLE"
    | "UNKNOWN_EVENT" | "EVENT_NOT_ON_OUTCOME" | "DATE_IN_FUTURE"
    | "UNKNOWN_TIMESCALE" | "INTERNAL";

/** What every method throws: an `Error` with a stable `code` and, for some codes, details. */
export interface SafeguardError extends Error {
    name: "SafeguardError";
    code: ErrorCode;
    /** For INVALID_CONTENT: every problem found. */
    details?: { problems: Problem[] };
}
"#;

/// A problem found in a content pack.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// `error` refuses the pack; `warning` is listed only alongside errors.
    pub severity: String,
    /// The file (`pack.json` for a pack given as JSON).
    pub file: String,
    /// The item, e.g. `indicator "x"`.
    pub item: String,
    /// What is wrong, in words.
    pub message: String,
}

/// An error on its way to JavaScript.
struct Failure {
    code: &'static str,
    message: String,
    details: Option<JsValue>,
}

impl Failure {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Failure { code, message: message.into(), details: None }
    }

    fn argument(message: impl Into<String>) -> Self {
        Failure::new("INVALID_ARGUMENT", message)
    }

    fn content(problems: &[Diagnostic]) -> Self {
        // Draft items are listed by `content check --drafts`, not as reasons for refusal.
        let list: Vec<Problem> = problems
            .iter()
            .filter(|d| d.severity != Severity::Draft)
            .map(|d| Problem {
                severity: d.severity.name().to_owned(),
                file: d.file.clone(),
                item: d.item.clone(),
                message: d.message.clone(),
            })
            .collect();
        let errors = problems.iter().filter(|d| d.severity == Severity::Error).count();
        let details = serde_wasm_bindgen::to_value(&ProblemsDetail { problems: list }).ok();
        Failure {
            code: "INVALID_CONTENT",
            message: format!("the content pack has {errors} error(s)"),
            details,
        }
    }
}

#[derive(Serialize)]
struct ProblemsDetail {
    problems: Vec<Problem>,
}

impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Self {
        Failure::new(e.code(), e.to_string())
    }
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> JsValue {
        let error = js_sys::Error::new(&f.message);
        error.set_name("SafeguardError");
        let _ = Reflect::set(&error, &"code".into(), &f.code.into());
        if let Some(details) = f.details {
            let _ = Reflect::set(&error, &"details".into(), &details);
        }
        error.into()
    }
}

type Out = Result<JsValue, JsValue>;

fn to_js(value: &impl Serialize) -> Out {
    serde_wasm_bindgen::to_value(value).map_err(|e| Failure::new("INTERNAL", e.to_string()).into())
}

/// A string argument of at most `max` characters.
fn text(value: &JsValue, what: &str, max: u32) -> Result<String, Failure> {
    let s =
        value.dyn_ref::<JsString>().ok_or_else(|| Failure::argument(format!("{what} must be a string")))?;
    if s.length() > max {
        return Err(Failure::argument(format!("{what} is longer than {max} characters")));
    }
    s.as_string().ok_or_else(|| Failure::argument(format!("{what} is not valid text")))
}

/// An optional string argument: `undefined` or `null` is none.
fn optional_text(value: &JsValue, what: &str) -> Result<Option<String>, Failure> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        text(value, what, MAX_TEXT_CHARS).map(Some)
    }
}

/// The longest answer or list accepted, in characters of JSON.
const MAX_VALUE_CHARS: u32 = 100_000;

/// A structured argument (an answer, a list of ids, a `Date`), read as JSON. `JSON.stringify`
/// is called through a catching import, so a hostile value — a throwing getter, a `Proxy`, a
/// fake `Date` — becomes an `INVALID_ARGUMENT`, never an exception thrown through the module
/// (which would leave the assistant locked for every later call).
fn json_of<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, Failure> {
    let text =
        js_sys::JSON::stringify(value).map_err(|_| Failure::argument(format!("{what} cannot be read")))?;
    let text = JsValue::from(text);
    let text = text.dyn_ref::<JsString>().ok_or_else(|| Failure::argument(format!("{what} is missing")))?;
    if text.length() > MAX_VALUE_CHARS {
        return Err(Failure::argument(format!("{what} is longer than {MAX_VALUE_CHARS} characters")));
    }
    let text = text.as_string().ok_or_else(|| Failure::argument(format!("{what} is not valid text")))?;
    serde_json::from_str(&text).map_err(|e| Failure::argument(format!("{what} is not valid: {e}")))
}

/// A `YYYY-MM-DD` argument.
fn start(value: &JsValue, what: &str) -> Result<Start, Failure> {
    let s = text(value, what, MAX_TEXT_CHARS)?;
    Start::parse(&s).ok_or_else(|| {
        Failure::argument(format!(
            "{what} `{s}` is not a date (YYYY-MM-DD) or a date and UK time (YYYY-MM-DDTHH:MM)"
        ))
    })
}

/// UK local time at `value`: a `Date` or milliseconds since 1970; now when left out.
fn moment(value: &JsValue) -> Result<NaiveDateTime, Failure> {
    let invalid = || Failure::argument("`at` must be a valid Date or a number of milliseconds");
    let instant = if value.is_undefined() || value.is_null() {
        DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
    } else if let Some(ms) = value.as_f64() {
        Some(ms).filter(|ms| ms.is_finite()).and_then(|ms| DateTime::from_timestamp_millis(ms as i64))
    } else if value.is_instance_of::<js_sys::Date>() {
        // Through JSON (`toJSON`), so an invalid or fake Date is an error, not an exception.
        let iso: String = json_of(value, "`at`")?;
        DateTime::parse_from_rfc3339(&iso).ok().map(|t| t.to_utc())
    } else {
        None
    };
    instant.map(uk_local).ok_or_else(invalid)
}

/// The assistant: one content pack and the journey in progress.
#[wasm_bindgen]
pub struct Assistant {
    pack: Pack,
    session: Option<Session>,
}

impl Assistant {
    fn session(&self) -> Result<&Session, Failure> {
        self.session
            .as_ref()
            .ok_or_else(|| Failure::new("NO_JOURNEY", "no journey has been started: call start()"))
    }

    /// The id of a known area, if one is named.
    fn area(&self, area: Option<String>) -> Result<Option<&AreaId>, Failure> {
        match area {
            None => Ok(None),
            Some(a) => {
                self.pack.area(&a).map(|found| Some(&found.id)).ok_or(EngineError::UnknownArea(a).into())
            }
        }
    }

    /// The step `session` stands at, as JavaScript.
    fn step(&self, session: &Session) -> Out {
        let walk = session.walk(&self.pack).map_err(Failure::from)?;
        to_js(&StepView::of(&walk, &self.pack))
    }

    /// Makes `next` the journey, if its step can be given; otherwise nothing changes.
    fn advance(&mut self, next: Session) -> Out {
        let step = self.step(&next)?;
        self.session = Some(next);
        Ok(step)
    }
}

#[wasm_bindgen]
impl Assistant {
    /// The Sussex guidance built into this package (validated when the package was built).
    pub fn sussex() -> Result<Assistant, JsValue> {
        let pack = safeguard_content::compiled().map_err(|d| Failure::content(&[d]))?;
        Ok(Assistant { pack, session: None })
    }

    /// A content pack given as JSON: one object with the same tables as the pack's TOML files
    /// (`cargo xtask content json` writes the Sussex pack in this form). It is validated with
    /// the same rules as `cargo xtask content check`; an invalid pack is refused with
    /// `INVALID_CONTENT` and every problem in `details.problems`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
    ) -> Result<Assistant, JsValue> {
        let refuse = |message: String| {
            let file = "pack.json".to_owned();
            Failure::content(&[Diagnostic { severity: Severity::Error, file, item: String::new(), message }])
        };
        let chars = json.dyn_ref::<JsString>().map_or(0, JsString::length);
        if chars > MAX_PACK_CHARS {
            return Err(refuse(format!(
                "the pack is {chars} characters long; the limit is {MAX_PACK_CHARS}"
            ))
            .into());
        }
        let json = text(&json, "the content pack", MAX_PACK_CHARS)?;
        let today = moment(&JsValue::UNDEFINED)?.date();
        let content: ContentFile = serde_json::from_str(&json).map_err(|e| refuse(e.to_string()))?;
        let files = vec![ParsedFile { path: "pack.json".to_owned(), content }];
        let loaded = Pack::load_parsed(files, fingerprint([json.as_bytes()]), today)
            .map_err(|problems| Failure::content(&problems))?;
        Ok(Assistant { pack: loaded.pack, session: None })
    }

    /// The pack: version, statements, journeys, areas and their levels.
    #[wasm_bindgen(unchecked_return_type = "PackSummary")]
    pub fn info(&self) -> Out {
        to_js(&PackSummary::of(&self.pack))
    }

    /// Starts `journey` afresh (forgetting any journey in progress) and gives its first
    /// question, which is always about immediate danger.
    #[wasm_bindgen(unchecked_return_type = "StepView")]
    pub fn start(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] journey: JsValue) -> Out {
        let journey = text(&journey, "the journey", MAX_TEXT_CHARS)?;
        let session = Session::new(&self.pack, &journey).map_err(Failure::from)?;
        self.advance(session)
    }

    /// Answers "where does the child live?" in advance with `area`, for a host that knows
    /// it. Questions before it (immediate danger first) are still asked.
    #[wasm_bindgen(js_name = setArea, unchecked_return_type = "StepView")]
    pub fn set_area(&mut self, #[wasm_bindgen(unchecked_param_type = "string")] area: JsValue) -> Out {
        let area = text(&area, "the area", MAX_TEXT_CHARS)?;
        let next = self.session()?.with_area(&self.pack, &area).map_err(Failure::from)?;
        self.advance(next)
    }

    /// Where the journey stands: the next question, or the outcome.
    #[wasm_bindgen(unchecked_return_type = "StepView")]
    pub fn current(&self) -> Out {
        self.step(self.session()?)
    }

    /// A question of the journey — the next one or one already answered — with its answer.
    #[wasm_bindgen(unchecked_return_type = "QuestionView")]
    pub fn question(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Out {
        let id = text(&id, "the question", MAX_TEXT_CHARS)?;
        let walk = self.session()?.walk(&self.pack).map_err(Failure::from)?;
        let asked = walk.path.asked.iter().find(|(n, _)| n.id.as_str() == id);
        let view = match (asked, walk.end) {
            (Some((node, answer)), _) => QuestionView::of(node, &self.pack, Some(answer), &walk.path),
            (None, Step::Question(node)) if node.id.as_str() == id => {
                QuestionView::of(node, &self.pack, None, &walk.path)
            }
            (None, Step::Outcome(o)) if o.follow_up.as_ref().is_some_and(|f| f.as_str() == id) => {
                match self.pack.node(&id) {
                    Some(node) => QuestionView::of(node, &self.pack, None, &walk.path),
                    None => return Err(Failure::from(EngineError::UnknownNode(id)).into()),
                }
            }
            _ => return Err(Failure::from(EngineError::NotOnPath(id)).into()),
        };
        to_js(&view)
    }

    /// Answers (or changes the answer to) a question, and gives the next step. The question
    /// must be the next one or one already answered on the current path.
    #[wasm_bindgen(unchecked_return_type = "StepView")]
    pub fn answer(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] question: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AnswerInput")] answer: JsValue,
    ) -> Out {
        let question = text(&question, "the question", MAX_TEXT_CHARS)?;
        let answer: AnswerInput = json_of(&answer, "the answer")?;
        let answer = answer.into_answer().map_err(Failure::argument)?;
        let next = self.session()?.answer(&self.pack, &question, answer).map_err(Failure::from)?;
        self.advance(next)
    }

    /// One step back: forgets the last answer on the path and gives that question again.
    #[wasm_bindgen(unchecked_return_type = "StepView")]
    pub fn back(&mut self) -> Out {
        let previous = self.session()?.back(&self.pack).map_err(Failure::from)?;
        self.advance(previous)
    }

    /// The questions answered on the current path, in order, with the answers in words.
    #[wasm_bindgen(unchecked_return_type = "AnsweredView[]")]
    pub fn answers(&self) -> Out {
        let walk = self.session()?.walk(&self.pack).map_err(Failure::from)?;
        to_js(&answered(&self.pack, &walk))
    }

    /// The advice for the finished journey at `at` (a `Date` or milliseconds; now if left
    /// out): level and why, what to do, who to contact now, procedures, dates, the plan.
    #[wasm_bindgen(unchecked_return_type = "AdviceView")]
    pub fn outcome(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Date | number")] at: JsValue,
    ) -> Out {
        let at = moment(&at)?;
        let advice = advise(&self.pack, self.session()?, at).map_err(Failure::from)?;
        to_js(&AdviceView::of(&self.pack, &advice))
    }

    /// Gives the date something the outcome's timescales are counted from happened (or, for
    /// a planned event, will happen): `when` is `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` in UK
    /// time; `null` takes a date given back. The journey must have reached its outcome, and
    /// something that has happened cannot be later than `at` (now if left out). Gives the
    /// advice at `at`, its timescales counted from the date given; on an error nothing
    /// changes.
    #[wasm_bindgen(js_name = dateEvent, unchecked_return_type = "AdviceView")]
    pub fn date_event(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null")] when: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Date | number")] at: JsValue,
    ) -> Out {
        let event = text(&event, "the event", MAX_TEXT_CHARS)?;
        let when = match optional_text(&when, "`when`")? {
            Some(_) => Some(start(&when, "`when`")?),
            None => None,
        };
        let at = moment(&at)?;
        let next = self.session()?.with_date(&self.pack, &event, when, at).map_err(Failure::from)?;
        let view = AdviceView::of(&self.pack, &advise(&self.pack, &next, at).map_err(Failure::from)?);
        let out = to_js(&view)?;
        self.session = Some(next);
        Ok(out)
    }

    /// The record of the finished journey as Markdown: no names, the content version and hash,
    /// and the time it was made.
    pub fn record(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Date | number")] at: JsValue,
    ) -> Result<String, JsValue> {
        let at = moment(&at)?;
        let advice = advise(&self.pack, self.session()?, at).map_err(Failure::from)?;
        Ok(render(&self.pack, &advice))
    }

    /// Who to contact now for `role` (e.g. `"front-door"`) for a child in `area` (or none, for
    /// national contacts), for a matter of `urgency` (`"routine"`, `"statutory"`, `"urgent"`
    /// or `"immediate"`), at `at`.
    #[wasm_bindgen(js_name = contactNow, unchecked_return_type = "ContactAdvice")]
    pub fn contact_now(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] role: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] area: JsValue,
        #[wasm_bindgen(unchecked_param_type = "\"routine\" | \"statutory\" | \"urgent\" | \"immediate\"")]
        urgency: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Date | number")] at: JsValue,
    ) -> Out {
        let role = text(&role, "the role", MAX_TEXT_CHARS)?;
        let area = optional_text(&area, "the area")?;
        let urgency = match text(&urgency, "the urgency", MAX_TEXT_CHARS)?.as_str() {
            "routine" => Urgency::Routine,
            "statutory" => Urgency::Statutory,
            "urgent" => Urgency::Urgent,
            "immediate" => Urgency::Immediate,
            other => {
                return Err(Failure::argument(format!(
                    "urgency `{other}` is not routine, statutory, urgent or immediate"
                ))
                .into());
            }
        };
        let at = moment(&at)?;
        let area = self.area(area)?;
        let role = self
            .pack
            .contacts()
            .flat_map(|c| c.roles.iter())
            .find(|r| r.as_str() == role)
            .ok_or_else(|| Failure::new("UNKNOWN_ROLE", format!("no contact plays the role `{role}`")))?;
        let advice = contact_now(&self.pack, area, role, urgency, at).ok_or_else(|| {
            Failure::new("UNKNOWN_ROLE", format!("no contact plays the role `{role}` here"))
        })?;
        to_js(&ContactAdvice::of(&advice))
    }

    /// The escalation plan of procedure `escalation` for a child in `area`, with the stage
    /// `stage` (or the first) starting on `from` (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` in UK
    /// time for a stage in hours, such as a dissent after a conference): each stage with its
    /// due date and what to know about its window.
    #[wasm_bindgen(js_name = escalationPlan, unchecked_return_type = "PlanView")]
    pub fn escalation_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] escalation: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] area: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] stage: JsValue,
    ) -> Out {
        let id = text(&escalation, "the escalation", MAX_TEXT_CHARS)?;
        let from = start(&from, "`from`")?;
        let area = optional_text(&area, "the area")?;
        let stage = optional_text(&stage, "the stage")?;
        let escalation =
            self.pack.escalation(&id).ok_or(EngineError::UnknownEscalation(id)).map_err(Failure::from)?;
        let area = self.area(area)?;
        let stage = match stage {
            Some(s) => Some(
                &escalation
                    .stage
                    .iter()
                    .find(|x| x.id.as_str() == s)
                    .ok_or(EngineError::UnknownEscalation(s))
                    .map_err(Failure::from)?
                    .id,
            ),
            None => None,
        };
        // As seen when it started: the caller's clock is not known here, so a "do it before"
        // time is given even if it has gone by (the app's own plans are made at its clock).
        let planned =
            plan(&self.pack, escalation, area, from, stage, from.moment()).map_err(Failure::from)?;
        to_js(&PlanView::of(&planned))
    }

    /// Due dates of timescales (by id) counted from `from` (`YYYY-MM-DD`, or
    /// `YYYY-MM-DDTHH:MM` in UK time, from which a rule in hours counts on the clock). Unknown
    /// ids are an error, not skipped, so a typo is noticed.
    #[wasm_bindgen(unchecked_return_type = "TimescaleView[]")]
    pub fn timescales(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
    ) -> Out {
        let list: Vec<String> = json_of(&ids, "the timescales (an array of ids)")?;
        let from = start(&from, "`from`")?;
        let mut wanted = Vec::new();
        for id in list {
            let found = self
                .pack
                .timescale(&id)
                .ok_or_else(|| Failure::new("UNKNOWN_TIMESCALE", format!("no timescale `{id}`")))?;
            wanted.push(found.id.clone());
        }
        let dated = timescale_dates(&self.pack, &wanted, from);
        if dated.len() < wanted.len() {
            return Err(Failure::from(EngineError::DateOutOfRange(from.to_string())).into());
        }
        to_js(&dated.iter().map(TimescaleView::dated).collect::<Vec<_>>())
    }

    /// Procedure chapters matching `query`, best first, at most `limit` (default 10).
    #[wasm_bindgen(js_name = searchProcedures, unchecked_return_type = "ProcedureView[]")]
    pub fn search_procedures(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] limit: JsValue,
    ) -> Out {
        let query = text(&query, "the query", MAX_TEXT_CHARS)?;
        let hits = search(&self.pack, &query, limit_of(&limit)?);
        to_js(&hits.iter().map(|h| procedure(&self.pack, h.chapter)).collect::<Vec<_>>())
    }

    /// Signs of every topic matching `query` (words and the pack's synonyms: "mark" finds
    /// bruises), best first, at most `limit` (default 10), for the child's age on the journey
    /// in progress (every age without one). Add a sign by answering the journey's found-signs
    /// question (`kind: "found"`) with it.
    #[wasm_bindgen(js_name = searchSigns, unchecked_return_type = "SignView[]")]
    pub fn search_signs(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] limit: JsValue,
    ) -> Out {
        let query = text(&query, "the query", MAX_TEXT_CHARS)?;
        let limit = limit_of(&limit)?;
        let ages = match &self.session {
            Some(s) => s.walk(&self.pack).map_err(Failure::from)?.path.ages,
            None => Ages::unknown(),
        };
        let hits = safeguard_core::search_signs(&self.pack, &query, &ages, limit);
        to_js(&hits.iter().map(SignView::of).collect::<Vec<_>>())
    }
}

/// A result limit given from JavaScript: none for the default (10), else a number of at least 1.
fn limit_of(limit: &JsValue) -> Result<usize, Failure> {
    match (!limit.is_null() && !limit.is_undefined()).then(|| limit.as_f64()) {
        None => Ok(10),
        Some(Some(n)) if n.is_finite() && n >= 1.0 => Ok(n.min(1000.0) as usize),
        _ => Err(Failure::argument("`limit` must be a number of at least 1")),
    }
}
