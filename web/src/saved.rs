//! Saved escalation plans: the only thing the app ever stores, and only when the user asks.
//!
//! A plan is saved in this browser's local storage under a label the user chooses, so they
//! can come back for the next due date. It holds the journey's answers (choices and dates,
//! never free text about a child) and is deleted one by one or by "Clear and start again".

use safeguard_core::{Pack, Session, advise, long_date};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::pages::loaded;
use crate::{Action, Ctx, Route, navigate};

/// The storage key; one key holds every saved plan.
const KEY: &str = "sussex-safeguarding-assistant.saved-plans";

/// A saved escalation plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

/// The saved plans; none if there are none or storage is unavailable. Reading stores nothing.
pub fn load() -> Vec<SavedPlan> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else { return Vec::new() };
    js_sys::JSON::parse(&text).ok().and_then(|v| serde_wasm_bindgen::from_value(v).ok()).unwrap_or_default()
}

/// Writes the plans, or removes the key when there are none, so nothing is left behind.
pub fn store(plans: &[SavedPlan]) {
    let Some(storage) = storage() else { return };
    if plans.is_empty() {
        let _ = storage.remove_item(KEY);
        return;
    }
    // JSON-compatible: maps become plain objects (not JS `Map`s, which JSON drops).
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let text = plans.serialize(&serializer).ok().and_then(|v| js_sys::JSON::stringify(&v).ok());
    if let Some(text) = text.and_then(|t| t.as_string()) {
        let _ = storage.set_item(KEY, &text);
    }
}

/// Props of [`SaveForm`].
#[derive(Properties, PartialEq)]
pub struct SaveProps {
    /// The flow of the plan.
    pub flow: String,
    /// The answers that make the plan.
    pub session: Session,
    /// When it is being saved, as shown.
    pub now: String,
}

/// The opt-in form on an escalation plan.
#[component]
pub fn SaveForm(props: &SaveProps) -> Html {
    let state = use_context::<Ctx>();
    let label = use_state(String::new);
    let agreed = use_state(|| false);
    let problem = use_state(|| None::<&'static str>);
    let Some(state) = state else { return Html::default() };
    let already = state.saved.iter().any(|p| p.session == props.session);
    let oninput = {
        let label = label.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            label.set(input.value());
        })
    };
    let onchange = {
        let agreed = agreed.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            agreed.set(input.checked());
        })
    };
    let onsubmit = {
        let (label, agreed, problem, state) = (label.clone(), agreed.clone(), problem.clone(), state.clone());
        let (flow, session, now) = (props.flow.clone(), props.session.clone(), props.now.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = label.trim().to_owned();
            if text.is_empty() {
                problem.set(Some("Enter a label for this plan"));
            } else if !*agreed {
                problem.set(Some("Confirm that you want this plan kept on this device"));
            } else {
                problem.set(None);
                let plan = SavedPlan {
                    label: text,
                    saved: now.clone(),
                    flow: flow.clone(),
                    session: session.clone(),
                };
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
            if let Some(p) = *problem {
                <div class="error-summary" role="alert"><h3 class="error-summary-title">{ "There is a problem" }</h3><p>{ p }</p></div>
            }
            <div class="form-group">
                <label class="label" for="save-label">{ "A label for this plan" }</label>
                <div class="hint" id="save-label-hint">{ "Use something only you will recognise, such as your own case reference. Do not use names or anything that identifies a child or family." }</div>
                <input class="input" id="save-label" type="text" autocomplete="off" aria-describedby="save-label-hint"
                    value={(*label).clone()} {oninput} />
            </div>
            <div class="checkboxes form-group">
                <div class="checkbox">
                    <input class="checkbox-input" type="checkbox" id="save-agree" checked={*agreed} {onchange} />
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
    match p.stages.iter().find(|s| s.due >= today) {
        Some(s) => format!("Next: {} by {}", s.stage.title, long_date(s.due)),
        None => "All stages are past their due dates.".to_owned(),
    }
}

/// The list of saved plans.
#[component]
pub fn SavedPage() -> Html {
    let state = use_context::<Ctx>();
    let (Some(pack), Some(state)) = (loaded(), state) else { return Html::default() };
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
