//! The app state and its reducer: where the user is, the answers per journey, and what is
//! typed on the page until it changes. Pages read it and send it [`Action`]s; nothing else
//! changes it.

use std::cell::RefCell;
use std::rc::Rc;

use safeguard_core::{Session, SortedMap};
use yew::prelude::*;

use crate::drafts::{DatesForm, Form};
use crate::host::Options;
use crate::offline;
use crate::route::Route;
use crate::store::{self, SavedPlan};

/// Everything the app holds: where the user is and the answers given, per journey.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// The current page.
    pub route: Route,
    /// Answers so far, by flow id.
    pub sessions: SortedMap<String, Session>,
    /// Escalation plans the user chose to keep on this device.
    pub saved: Vec<SavedPlan>,
    /// A new version of the guidance is installed and waits for the user to agree.
    pub update_ready: bool,
    /// What the host page asked.
    pub options: Options,
    /// The last finished journey the host was told of (journey, answers).
    pub told: Option<(String, Session)>,
    /// What is typed in the procedure search, kept while the practitioner looks elsewhere.
    pub query: Kept,
    /// The element (by id) to move focus to once the page is shown, then forgotten.
    pub focus_next: Option<&'static str>,
    /// Whether the record on this page was copied (until the page or the answers change).
    pub copied: Option<bool>,
    /// What is wrong with the save form on this page (until the page changes).
    pub save_problem: Option<&'static str>,
    /// The question being answered on this page (until the page changes).
    pub form: Option<Form>,
    /// What is chosen and typed on the timescales page, or an outcome's date form (until the
    /// page changes).
    pub dates: DatesForm,
    /// Whether the content pack is in. Until it is, the app has only the pack's front: the
    /// home and journey start pages show, and other pages wait.
    pub complete: bool,
}

/// What can happen to the state.
pub enum Action {
    /// The location changed.
    Go(Route),
    /// A journey's answers changed.
    Answered(String, Session),
    /// Forget a journey's answers (`Some`), or everything, saved plans included (`None`),
    /// and go to a page. The page changes in the same step, so no page is ever shown with
    /// answers it no longer has.
    Clear(Option<String>, Route),
    /// Keep a plan on this device (the user opted in).
    Save(SavedPlan),
    /// Delete a saved plan.
    Delete(SavedPlan),
    /// Updated guidance is waiting (from the service worker).
    UpdateReady,
    /// The content pack is in.
    PackIn,
    /// The host was told that this journey finished with these answers.
    Told((String, Session)),
    /// Move focus to this element (by id) once shown.
    FocusNext(&'static str),
    /// Focus was moved as asked.
    Focused,
    /// The record of this page and these answers was copied to the clipboard, or could not
    /// be. The browser says so later: by then the page or the answers may have changed, and
    /// the news is not about them.
    Copied(CopiedFrom, bool),
    /// The save form was sent with this problem.
    SaveProblem(&'static str),
    /// What is ticked or typed on a question, or the problem with it, changed.
    Form(Form),
    /// What is chosen or typed on the timescales page, or what it shows, changed.
    Dates(DatesForm),
}

/// What a copy of the record was taken from: the page and every journey's answers.
#[derive(Clone, Debug, PartialEq)]
pub struct CopiedFrom {
    route: Route,
    sessions: SortedMap<String, Session>,
}

impl CopiedFrom {
    pub fn of(state: &State) -> Self {
        CopiedFrom { route: state.route.clone(), sessions: state.sessions.clone() }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let clears = matches!(action, Action::Clear(..));
        let clears_all = matches!(action, Action::Clear(None, _));
        let mut next = (*self).clone();
        match action {
            Action::Go(route) => next.route = route,
            // The record copied was of the answers before: a follow-up answered on the
            // outcome page changes it.
            Action::Answered(flow, session) => {
                next.sessions.insert(flow, session);
                next.copied = None;
            }
            Action::Clear(Some(flow), route) => {
                next.sessions.remove(&flow);
                next.route = route;
            }
            Action::Clear(None, route) => {
                next.sessions.clear();
                next.saved.clear();
                next.query = Kept::default();
                next.dates = DatesForm::default();
                next.route = route;
            }
            // Start from what is stored now: another widget on the page may have changed it.
            Action::Save(plan) => {
                next.saved = store::load();
                next.saved.push(plan);
                next.save_problem = None;
            }
            Action::Delete(plan) => {
                next.saved = store::load();
                next.saved.retain(|p| *p != plan);
            }
            Action::UpdateReady => next.update_ready = true,
            Action::PackIn => next.complete = true,
            Action::Told(told) => next.told = Some(told),
            Action::FocusNext(id) => next.focus_next = Some(id),
            Action::Focused => next.focus_next = None,
            Action::Copied(of, copied) if of == CopiedFrom::of(&self) => next.copied = Some(copied),
            Action::Copied(..) => {}
            Action::SaveProblem(problem) => next.save_problem = Some(problem),
            Action::Form(form) => next.form = Some(form),
            Action::Dates(dates) => next.dates = dates,
        }
        // "Copied", a form's problem and what is ticked on a question belong to the page
        // they were on.
        if next.route != self.route {
            next.copied = None;
            next.save_problem = None;
            next.form = None;
            next.dates = DatesForm::default();
        }
        // Clearing starts a new journey: the moment to switch to waiting guidance.
        if clears {
            offline::apply_update_at_new_journey(self.update_ready, self.options.embedded);
        }
        // Storage follows the state, so a cleared or deleted plan leaves nothing behind. Clearing
        // everything empties storage even if this app's list looked empty already: another
        // widget on the page may have saved a plan since.
        if next.saved != self.saved || clears_all {
            store::store(&next.saved);
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

/// Text kept for when its page is shown again, written as it is typed without re-rendering
/// the app: the box that holds it shows its own matches (`search_box`), and nothing else on
/// screen depends on it. A new one (clearing) is a change of state; writing into it is not.
#[derive(Clone, Debug, Default)]
pub struct Kept(Rc<RefCell<String>>);

impl Kept {
    pub fn get(&self) -> String {
        self.0.borrow().clone()
    }

    pub fn set(&self, text: String) {
        *self.0.borrow_mut() = text;
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Kept) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The app state, handed to every page.
pub type Ctx = UseReducerHandle<State>;

#[cfg(test)]
mod tests {
    use super::*;
    use safeguard_core::Pack;

    /// The browser answers a copy later. By then a follow-up answer (same page) or another
    /// page may have come: the news must not say a record was copied that no longer is the
    /// one shown.
    #[test]
    fn news_of_a_copy_is_only_about_the_page_and_answers_it_was_taken_from() {
        let pack = Pack::from_compiled(safeguard_content::COMPILED).expect("the Sussex pack reads");
        let session = Session::new(&pack, "worried").expect("the worried journey starts");
        let mut on_result = State { route: Route::Result("worried".into()), ..State::default() };
        on_result.sessions.insert("worried".into(), session.clone());
        let state = Rc::new(on_result);
        let of = CopiedFrom::of(&state);

        let told = state.clone().reduce(Action::Copied(of.clone(), true));
        assert_eq!(told.copied, Some(true), "the same page and answers: the news is shown");

        let other = session.with_area(&pack, "east-sussex").expect("an area is an answer");
        assert_ne!(other, session);
        let answered = state.clone().reduce(Action::Answered("worried".into(), other));
        assert_eq!(
            answered.clone().reduce(Action::Copied(of.clone(), true)).copied,
            None,
            "answers changed since"
        );

        let moved = state.reduce(Action::Go(Route::Check("worried".into())));
        assert_eq!(moved.reduce(Action::Copied(of, false)).copied, None, "another page since");
    }
}
