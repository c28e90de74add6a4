//! Moving through a journey: where a session stands as a page, the session of a journey,
//! changing page, and what a page asks to happen once it is shown ([`After`]).

use safeguard_core::model::Urgency;
use safeguard_core::{Pack, Session, Step};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::host::Completion;
use crate::route::Route;
use crate::state::{Action, Ctx, State};

/// Moves to `route`: the page changes in memory at once, and on the site the location hash
/// follows, so the browser's back and forward work (embedded, the host's address is left
/// alone). The `hashchange` that follows finds the page already there and draws nothing.
/// Waiting for it instead cost a frame and a drawing of the old page with the new answers.
/// A route whose address would read back as another (an id the routes cannot carry) is left
/// to the address, so the page shown is always the one the address names.
pub fn navigate(state: &Ctx, route: &Route) {
    if state.options.embedded {
        return state.dispatch(Action::Go(route.clone()));
    }
    let href = route.href();
    if Route::parse(&href) == *route {
        state.dispatch(Action::Go(route.clone()));
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&href);
    }
}

/// The click of a button that changes the page. The page changes in memory, so the new page
/// is drawn before the browser has finished with the click (Yew renders in a microtask,
/// inside the event's dispatch) and may put a submit button where this one was: the click's
/// default action is cancelled, so it cannot go on to send the new page's form (in the widget, "Start now" showed "There is a
/// problem" on the first question before any answer).
pub fn page_changing(change: impl Fn() + 'static) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        change();
    })
}

/// The session of `flow`, or a new one (with the host's area answered, if it gave one).
pub fn session_of(state: &State, pack: &Pack, flow: &str) -> Option<Session> {
    if let Some(session) = state.sessions.get(flow) {
        return Some(session.clone());
    }
    let new = Session::new(pack, flow).ok()?;
    let area = state.options.area.as_deref();
    Some(area.and_then(|a| new.with_area(pack, a).ok()).unwrap_or(new))
}

/// Where a session stands as a route: its next question, or checking the answers — except
/// where the outcome is to act now (999, or a duty to call 999), which is shown at once:
/// checking answers must never stand between a practitioner and calling 999.
pub fn step_route(pack: &Pack, flow: &str, session: &Session) -> Route {
    match session.next_step(pack) {
        Ok(Step::Question(node)) => Route::Question(flow.to_owned(), node.id.to_string()),
        Ok(Step::Outcome(_)) if session.conclude(pack).is_ok_and(|c| c.urgency == Urgency::Immediate) => {
            Route::Result(flow.to_owned())
        }
        Ok(Step::Outcome(_)) => Route::Check(flow.to_owned()),
        Err(_) => Route::Start(flow.to_owned()),
    }
}

/// Whether a session has reached its outcome, so its answers can be checked and its outcome
/// shown.
pub fn finished(pack: &Pack, session: &Session) -> bool {
    matches!(session.next_step(pack), Ok(Step::Outcome(_)))
}

/// What should happen once a page is shown. Pages are plain functions of the state; the app
/// carries out what they ask after rendering.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum After {
    /// Nothing.
    #[default]
    Nothing,
    /// Replace the location with this route, without a history entry: a page was opened that
    /// the journey has not reached.
    Redirect(Route),
    /// Tell the host page, if it asked, that a journey reached its outcome with these answers:
    /// once per finished set of answers, not again when the page is only shown again.
    Completed(Completion, Session),
    /// Move focus to the error summary, which shows this problem (a new problem, a new move).
    ShowProblem(String),
    /// Move focus to the element with this id, as the state asked (`State::focus_next`).
    FocusOn(&'static str),
    /// Nothing yet: the page waits for the content pack. The page shown in its place once the
    /// pack is in is a new page to the reader, and focus moves to its heading.
    Waiting,
}

impl After {
    pub(crate) fn run(&self, state: &Ctx, main: &NodeRef) {
        match self {
            After::Nothing | After::Waiting => {}
            After::ShowProblem(_) => focus_first(main, ".error-summary"),
            After::FocusOn(id) => {
                focus_first(main, &format!("#{id}"));
                state.dispatch(Action::Focused);
            }
            After::Redirect(to) if state.options.embedded => state.dispatch(Action::Go(to.clone())),
            After::Redirect(to) => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().replace(&to.href());
                }
            }
            After::Completed(completion, session) => {
                let Some(tell) = state.options.on_complete.as_ref() else { return };
                let told = (completion.journey.clone(), session.clone());
                if state.told.as_ref() != Some(&told) {
                    tell.emit(completion.clone());
                    state.dispatch(Action::Told(told));
                }
            }
        }
    }
}

/// Moves focus to the first element in `root` that matches `selector`.
pub(crate) fn focus_first(root: &NodeRef, selector: &str) {
    if let Some(found) = root.cast::<Element>().and_then(|r| r.query_selector(selector).ok().flatten())
        && let Ok(found) = found.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = found.focus();
    }
}
