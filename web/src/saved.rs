//! The pages of saved escalation plans: the opt-in form that saves one, and the list of
//! those kept on this device with their next due dates (how they are kept: `store.rs`).

use safeguard_core::{Pack, Session, advise};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::journey::{navigate, page_changing};
use crate::route::Route;
use crate::state::{Action, Ctx};
use crate::store::SavedPlan;

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
    let today = crate::device::now_uk().date();
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
                            page_changing(move || {
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
