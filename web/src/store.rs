//! Saved escalation plans as the device keeps them: the only thing the app ever stores, and
//! only when the user asks. A plan is kept in this browser's local storage under a label the
//! user chooses, so they can come back for the next due date. It holds the journey's answers
//! (choices and dates, never free text about a child) and is deleted one by one or by
//! "Clear and start again". The pages that save and list plans are in `saved.rs`.

use js_sys::{Array, JSON, Object, Reflect};
use safeguard_core::{
    Answer, FlowId, IndicatorId, NodeId, OptionId, Presence, Session, SortedMap, SortedSet,
};
use wasm_bindgen::{JsCast, JsValue};

/// The storage key; one key holds every saved plan.
const KEY: &str = "sussex-safeguarding-assistant.saved-plans";

/// A saved escalation plan.
///
/// Kept as JSON: a list of `{ label, saved, flow, session: { flow, answers } }`, each answer
/// `{ kind, value }` keyed by question id — `choice` (an option id), `not-sure` (no value),
/// `multi` (option ids), `indicators` (`{ id: "yes" | "not-sure" }`) or `date`
/// (`YYYY-MM-DD`). Written and read here through the browser's own `JSON` rather than serde,
/// which would add more to the module than the whole of this page; a component test pins
/// the exact text, so plans saved by earlier versions still open.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedPlan {
    /// The user's own label (they are told not to use names).
    pub label: String,
    /// When it was saved (UK local time, as text).
    pub saved: String,
    /// The flow the answers belong to.
    pub flow: String,
    /// The answers.
    pub session: Session,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The saved plans; none if there are none or storage is unavailable. A plan that cannot be
/// read (written by hand, or damaged) is left out. Reading stores nothing.
pub fn load() -> Vec<SavedPlan> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else { return Vec::new() };
    let Some(list) = JSON::parse(&text).ok().and_then(|v| v.dyn_into::<Array>().ok()) else {
        return Vec::new();
    };
    list.iter().filter_map(|plan| plan_from_js(&plan)).collect()
}

/// Writes the plans, or removes the key when there are none, so nothing is left behind.
pub fn store(plans: &[SavedPlan]) {
    let Some(storage) = storage() else { return };
    if plans.is_empty() {
        let _ = storage.remove_item(KEY);
        return;
    }
    let list: Array = plans.iter().map(plan_to_js).collect();
    if let Some(text) = JSON::stringify(&list).ok().and_then(|t| t.as_string()) {
        let _ = storage.set_item(KEY, &text);
    }
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

/// A plain object with these properties, in this order.
fn object(entries: impl IntoIterator<Item = (String, JsValue)>) -> JsValue {
    let out = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&out, &JsValue::from_str(&key), &value);
    }
    out.into()
}

fn plan_to_js(plan: &SavedPlan) -> JsValue {
    let session = plan.session.answers().iter().map(|(node, a)| (node.to_string(), answer_to_js(a)));
    let session = object([
        ("flow".to_owned(), JsValue::from_str(plan.session.flow().as_str())),
        ("answers".to_owned(), object(session)),
    ]);
    object([
        ("label".to_owned(), JsValue::from_str(&plan.label)),
        ("saved".to_owned(), JsValue::from_str(&plan.saved)),
        ("flow".to_owned(), JsValue::from_str(&plan.flow)),
        ("session".to_owned(), session),
    ])
}

fn plan_from_js(plan: &JsValue) -> Option<SavedPlan> {
    let session = get(plan, "session");
    let answers = get(&session, "answers").dyn_into::<Object>().ok()?;
    let answers = Object::entries(&answers)
        .iter()
        .map(|entry| {
            let entry = Array::from(&entry);
            Some((NodeId::new(entry.get(0).as_string()?), answer_from_js(&entry.get(1))?))
        })
        .collect::<Option<SortedMap<_, _>>>()?;
    Some(SavedPlan {
        label: text(plan, "label")?,
        saved: text(plan, "saved")?,
        flow: text(plan, "flow")?,
        session: Session::from_answers(FlowId::new(text(&session, "flow")?), answers),
    })
}

fn presence_name(p: Presence) -> &'static str {
    match p {
        Presence::Yes => "yes",
        Presence::NotSure => "not-sure",
    }
}

fn answer_to_js(answer: &Answer) -> JsValue {
    let (kind, value) = match answer {
        Answer::Choice(option) => ("choice", JsValue::from_str(option.as_str())),
        Answer::NotSure => ("not-sure", JsValue::UNDEFINED),
        Answer::Multi(options) => {
            ("multi", options.iter().map(|o| JsValue::from_str(o.as_str())).collect::<Array>().into())
        }
        Answer::Indicators(signs) => (
            "indicators",
            object(signs.iter().map(|(id, &p)| (id.to_string(), JsValue::from_str(presence_name(p))))),
        ),
        Answer::Date(date) => ("date", JsValue::from_str(&date.to_string())),
        Answer::Moment(at) => ("moment", JsValue::from_str(&safeguard_core::calendar::local_text(*at))),
    };
    let kind = ("kind".to_owned(), JsValue::from_str(kind));
    if value.is_undefined() { object([kind]) } else { object([kind, ("value".to_owned(), value)]) }
}

fn answer_from_js(answer: &JsValue) -> Option<Answer> {
    let value = get(answer, "value");
    Some(match text(answer, "kind")?.as_str() {
        "choice" => Answer::Choice(OptionId::new(value.as_string()?)),
        "not-sure" => Answer::NotSure,
        "multi" => Answer::Multi(
            value
                .dyn_into::<Array>()
                .ok()?
                .iter()
                .map(|o| o.as_string().map(OptionId::new))
                .collect::<Option<SortedSet<_>>>()?,
        ),
        "indicators" => Answer::Indicators(
            Object::entries(&value.dyn_into::<Object>().ok()?)
                .iter()
                .map(|entry| {
                    let entry = Array::from(&entry);
                    let presence = match entry.get(1).as_string()?.as_str() {
                        "yes" => Presence::Yes,
                        "not-sure" => Presence::NotSure,
                        _ => return None,
                    };
                    Some((IndicatorId::new(entry.get(0).as_string()?), presence))
                })
                .collect::<Option<SortedMap<_, _>>>()?,
        ),
        "date" => Answer::Date(safeguard_core::calendar::parse_date(&value.as_string()?)?),
        "moment" => Answer::Moment(safeguard_core::calendar::parse_local(&value.as_string()?)?),
        _ => return None,
    })
}
