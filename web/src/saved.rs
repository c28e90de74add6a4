//! Saved escalation plans: the only thing the app ever stores, and only when the user asks.
//!
//! A plan is saved in this browser's local storage under a label the user chooses, so they
//! can come back for the next due date. It holds the journey's answers (choices and dates,
//! never free text about a child) and is deleted one by one or by "Clear and start again".

use js_sys::{Array, JSON, Object, Reflect};
use safeguard_core::{
    Answer, FlowId, IndicatorId, NodeId, OptionId, Pack, Presence, Session, SortedMap, SortedSet, advise,
};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::{Action, Ctx, Route, navigate};

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

/// The opt-in form on an escalation plan: `flow` and `session` make the plan, `now` is when
/// it is saved, as shown. The inputs keep what is typed themselves (nothing is lost when a
/// problem is shown); only the problem is in the state.
pub fn save_form(state: &Ctx, flow: &str, session: &Session, now: &str) -> Html {
    let already = state.saved.iter().any(|p| p.session == *session);
    let onsubmit = {
        let (state, flow, session, now) = (state.clone(), flow.to_owned(), session.clone(), now.to_owned());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let field = |id: &str| {
                e.target_dyn_into::<web_sys::Element>()
                    .and_then(|form| form.query_selector(id).ok().flatten())
                    .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
            };
            let label = field("#save-label").map(|i| i.value().trim().to_owned()).unwrap_or_default();
            let agreed = field("#save-agree").is_some_and(|i| i.checked());
            if label.is_empty() {
                state.dispatch(Action::SaveProblem("Enter a label for this plan"));
            } else if !agreed {
                state.dispatch(Action::SaveProblem("Confirm that you want this plan kept on this device"));
            } else {
                let plan =
                    SavedPlan { label, saved: now.clone(), flow: flow.clone(), session: session.clone() };
                state.dispatch(Action::Save(plan));
            }
        })
    };
    if already {
        return html! {
            <div class="inset no-print" role="status">
                <p>{ "This plan is saved on this device. " }<a href={Route::Saved.href()}>{ "See your saved plans" }</a></p>
            </div>
        };
    }
    html! {
        <form class="no-print save" {onsubmit} novalidate=true>
            <h2>{ "Save this plan on this device" }</h2>
            <p>{ "Only if you want to come back to it for the next due date. It is kept in this browser, on this device only, until you delete it or choose \"Clear and start again\". Nothing is sent anywhere." }</p>
            if let Some(p) = state.save_problem {
                <div class="error-summary" role="alert"><h3 class="error-summary-title">{ "There is a problem" }</h3><p>{ p }</p></div>
            }
            <div class="form-group">
                <label class="label" for="save-label">{ "A label for this plan" }</label>
                <div class="hint" id="save-label-hint">{ "Use something only you will recognise, such as your own case reference. Do not use names or anything that identifies a child or family." }</div>
                <input class="input" id="save-label" type="text" autocomplete="off" aria-describedby="save-label-hint" />
            </div>
            <div class="checkboxes form-group">
                <div class="checkbox">
                    <input class="checkbox-input" type="checkbox" id="save-agree" />
                    <label class="checkbox-label" for="save-agree">{ "Keep this plan on this device until I delete it" }</label>
                </div>
            </div>
            <button type="submit" class="button button-secondary">{ "Save on this device" }</button>
        </form>
    }
}

/// The next stage still to come of a saved plan, in words.
fn next_due(pack: &Pack, plan: &SavedPlan, today: chrono::NaiveDate) -> String {
    let Ok(advice) = advise(pack, &plan.session, today.and_hms_opt(12, 0, 0).unwrap_or_default()) else {
        return "This plan no longer fits the current guidance: open it to check, or delete it.".to_owned();
    };
    let Some(p) = advice.plan else { return String::new() };
    // The first stage not yet past its date; a stage with no date ("without delay") counts
    // as still to come.
    match p.stages.iter().find(|s| s.due().is_none_or(|due| due.date() >= today)) {
        Some(s) => format!("Next: {}, {}", s.stage.title, safeguard_core::stage_due(s)),
        None => "All stages are past their due dates.".to_owned(),
    }
}

/// The list of saved plans.
pub fn saved_page(state: &Ctx, pack: &'static Pack) -> Html {
    let today = crate::result::now_uk().date();
    html! {
        <>
            <h1 tabindex="-1">{ "Saved plans" }</h1>
            <p>{ "Plans you chose to keep on this device. They are not sent anywhere." }</p>
            if state.saved.is_empty() {
                <p>{ "You have no saved plans." }</p>
            } else {
                <ul class="list saved">
                    { for state.saved.iter().map(|plan| {
                        let open = {
                            let (state, plan) = (state.clone(), plan.clone());
                            Callback::from(move |_: MouseEvent| {
                                state.dispatch(Action::Answered(plan.flow.clone(), plan.session.clone()));
                                navigate(&state, &Route::Result(plan.flow.clone()));
                            })
                        };
                        let delete = {
                            let (state, plan) = (state.clone(), plan.clone());
                            Callback::from(move |_: MouseEvent| state.dispatch(Action::Delete(plan.clone())))
                        };
                        html! {
                            <li class="contact">
                                <h2>{ &plan.label }</h2>
                                <p class="meta">{ format!("Saved {}", plan.saved) }</p>
                                <p>{ next_due(pack, plan, today) }</p>
                                <div class="button-group">
                                    <button type="button" class="button button-secondary" onclick={open}>
                                        { "Open" }<span class="visually-hidden">{ format!(" {}", plan.label) }</span>
                                    </button>
                                    <button type="button" class="button button-secondary" onclick={delete}>
                                        { "Delete" }<span class="visually-hidden">{ format!(" {}", plan.label) }</span>
                                    </button>
                                </div>
                            </li>
                        }
                    }) }
                </ul>
            }
        </>
    }
}
