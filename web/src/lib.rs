//! The practitioner-facing app in Yew over `safeguard-core`: one root component, `App`,
//! holding the state, and every page a plain function of it.
//!
//! **Architecture invariant:** the app keeps answers in memory only. Routes (hash-based, so
//! the app works from any path and inside a widget) name pages and question ids, never
//! answers. Nothing is stored and nothing is sent anywhere.
//!
//! [`mount`] starts the app inside any element; the site, the intranet widget and the
//! offline app all call it.

mod date_input;
mod dates_page;
mod forms;
mod offline;
mod pages;
mod result;
mod route;
mod saved;
mod signs;

use std::rc::Rc;
use std::sync::OnceLock;

use gloo::events::EventListener;
use safeguard_core::model::Urgency;
use safeguard_core::{Diagnostic, Pack, Session, SortedMap, Step};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

pub use route::Route;

/// The content pack, once the host has handed it over ([`load_pack`]).
static PACK: OnceLock<Result<Pack, Diagnostic>> = OnceLock::new();

/// Reads the content pack the host fetched: the compiled file the build wrote beside the
/// module (`pack-<hash>.bin`, validated by that build, so no TOML parser or validator ships
/// in the module). Apart from the module so that a content correction downloads only the
/// pack. Read once per page: later calls (a second widget) return the first result. An
/// error means the bytes are not a pack this engine can read; the host should then keep
/// showing what it showed before the app.
pub fn load_pack(bytes: &[u8]) -> Result<&'static Pack, &'static Diagnostic> {
    PACK.get_or_init(|| Pack::from_compiled(bytes)).as_ref()
}

/// The content pack given to [`load_pack`]. An error means it was not given or could not be
/// read; the app then says so instead of showing guidance.
pub fn pack() -> Result<&'static Pack, &'static Diagnostic> {
    static MISSING: OnceLock<Diagnostic> = OnceLock::new();
    PACK.get().map_or_else(
        || {
            Err(MISSING.get_or_init(|| Diagnostic {
                severity: safeguard_core::Severity::Error,
                file: String::new(),
                item: String::new(),
                message: "the guidance was not loaded".to_owned(),
            }))
        },
        Result::as_ref,
    )
}

/// Starts the app inside `element` as the host page asks.
pub fn mount(element: Element, options: Options) {
    yew::Renderer::<App>::with_root_and_props(element, AppProps { options }).render();
}

/// What the host page asks of the app. The site asks nothing; the widget reads these from
/// its element's attributes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The journey (flow id) to open when no page is named.
    pub journey: Option<String>,
    /// The area (area id) the host serves: journeys start with "where does the child live"
    /// answered, still shown on the check page and changeable. Ignored for a journey that
    /// does not offer it.
    pub area: Option<String>,
    /// A tighter layout for a narrow column.
    pub compact: bool,
    /// Embedded in someone else's page: pages change in memory, not in the address (the page
    /// has its own, and two widgets would fight over one `#`), and the app does not take the
    /// focus when it loads.
    pub embedded: bool,
    /// Told when a journey reaches its outcome: the journey and the level, nothing else.
    pub on_complete: Option<Callback<Completion>>,
}

/// What a host page may learn when a journey ends: never answers or free text.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    /// The journey (flow id).
    pub journey: String,
    /// The level of need reached, with its name in the area's words; none when the journey
    /// gives no level (an emergency, an escalation plan).
    pub level: Option<(u8, String)>,
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// What the host page asks.
    #[prop_or_default]
    pub options: Options,
}

/// Everything the app holds: where the user is and the answers given, per journey.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// The current page.
    pub route: Route,
    /// Answers so far, by flow id.
    pub sessions: SortedMap<String, Session>,
    /// Escalation plans the user chose to keep on this device.
    pub saved: Vec<saved::SavedPlan>,
    /// A new version of the guidance is installed and waits for the user to agree.
    pub update_ready: bool,
    /// What the host page asked.
    pub options: Options,
    /// The last finished journey the host was told of (journey, answers).
    pub told: Option<(String, Session)>,
    /// What is typed in the procedure search.
    pub query: String,
    /// What is typed in the search of the signs (until the page changes).
    pub signs_query: String,
    /// The element (by id) to move focus to once the page is shown, then forgotten.
    pub focus_next: Option<&'static str>,
    /// Whether the record on this page was copied (until the page changes).
    pub copied: Option<bool>,
    /// What is wrong with the save form on this page (until the page changes).
    pub save_problem: Option<&'static str>,
    /// The question being answered on this page (until the page changes).
    pub form: Option<forms::Form>,
    /// What is chosen and typed on the timescales page (until the page changes).
    pub dates: dates_page::DatesForm,
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
    Save(saved::SavedPlan),
    /// Delete a saved plan.
    Delete(saved::SavedPlan),
    /// Updated guidance is waiting (from the service worker).
    UpdateReady,
    /// The host was told that this journey finished with these answers.
    Told((String, Session)),
    /// The procedure search text changed.
    Search(String),
    /// The search of the signs changed.
    SignSearch(String),
    /// Move focus to this element (by id) once shown.
    FocusNext(&'static str),
    /// Focus was moved as asked.
    Focused,
    /// The record was copied to the clipboard, or could not be.
    Copied(bool),
    /// The save form was sent with this problem.
    SaveProblem(&'static str),
    /// What is ticked or typed on a question, or the problem with it, changed.
    Form(forms::Form),
    /// What is chosen or typed on the timescales page, or what it shows, changed.
    Dates(dates_page::DatesForm),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let clears = matches!(action, Action::Clear(..));
        let clears_all = matches!(action, Action::Clear(None, _));
        let mut next = (*self).clone();
        match action {
            Action::Go(route) => next.route = route,
            Action::Answered(flow, session) => {
                next.sessions.insert(flow, session);
            }
            Action::Clear(Some(flow), route) => {
                next.sessions.remove(&flow);
                next.route = route;
            }
            Action::Clear(None, route) => {
                next.sessions.clear();
                next.saved.clear();
                next.query.clear();
                next.dates = dates_page::DatesForm::default();
                next.route = route;
            }
            // Start from what is stored now: another widget on the page may have changed it.
            Action::Save(plan) => {
                next.saved = saved::load();
                next.saved.push(plan);
                next.save_problem = None;
            }
            Action::Delete(plan) => {
                next.saved = saved::load();
                next.saved.retain(|p| *p != plan);
            }
            Action::UpdateReady => next.update_ready = true,
            Action::Told(told) => next.told = Some(told),
            Action::Search(query) => next.query = query,
            Action::SignSearch(query) => next.signs_query = query,
            Action::FocusNext(id) => next.focus_next = Some(id),
            Action::Focused => next.focus_next = None,
            Action::Copied(copied) => next.copied = Some(copied),
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
            next.signs_query.clear();
            next.dates = dates_page::DatesForm::default();
        }
        // Clearing starts a new journey: the moment to switch to waiting guidance.
        if clears {
            offline::apply_update_at_new_journey(&self);
        }
        // Storage follows the state, so a cleared or deleted plan leaves nothing behind. Clearing
        // everything empties storage even if this app's list looked empty already: another
        // widget on the page may have saved a plan since.
        if next.saved != self.saved || clears_all {
            saved::store(&next.saved);
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

/// The app state, handed to every page.
pub type Ctx = UseReducerHandle<State>;

/// Moves to `route`. On the site that changes the location hash, so the browser's back and
/// forward work; embedded, the page changes in memory.
pub fn navigate(state: &Ctx, route: &Route) {
    if state.options.embedded {
        state.dispatch(Action::Go(route.clone()));
    } else if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&route.href());
    }
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
}

impl After {
    fn run(&self, state: &Ctx, main: &NodeRef) {
        match self {
            After::Nothing => {}
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

fn current_route() -> Route {
    web_sys::window().and_then(|w| w.location().hash().ok()).map_or(Route::Home, |h| Route::parse(&h))
}

thread_local! {
    /// The page is being reloaded because the user asked (to use updated guidance): leaving
    /// needs no confirmation.
    pub(crate) static LEAVING_ON_PURPOSE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The root component: layout, routing and focus management.
#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = use_reducer(move || {
        let here = if options.embedded { Route::Home } else { current_route() };
        let route = match (here, &options.journey) {
            (Route::Home, Some(flow)) if pack().is_ok_and(|p| p.flow(flow).is_some()) => {
                Route::Start(flow.clone())
            }
            (route, _) => route,
        };
        State { route, saved: saved::load(), options, ..State::default() }
    });
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|w| {
                let on_hash = state.clone();
                let hash = (!state.options.embedded).then(|| {
                    EventListener::new(&w, "hashchange", move |_| {
                        on_hash.dispatch(Action::Go(current_route()))
                    })
                });
                let update = EventListener::new(&w, offline::UPDATE_READY, move |_| {
                    state.dispatch(Action::UpdateReady)
                });
                (hash, update)
            });
            move || drop(listeners)
        });
    }
    // Answers live only in memory: leaving or reloading the page while there are answers asks
    // first (the browser shows its own words). The listener exists only while there are
    // answers, so an empty guide never gets in the way of leaving.
    {
        let has_answers = state.sessions.values().any(|s| !s.answers().is_empty());
        use_effect_with(has_answers, move |&has| {
            let listener = web_sys::window().filter(|_| has).map(|w| {
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&w, "beforeunload", options, |e| {
                    if LEAVING_ON_PURPOSE.get() {
                        return;
                    }
                    e.prevent_default();
                    // Browsers that predate `preventDefault` here look for a return value.
                    if let Some(e) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                        e.set_return_value("Your answers will be forgotten.");
                    }
                })
            });
            move || drop(listener)
        });
    }
    let main = use_node_ref();
    // The page focus last moved to.
    let focused = use_mut_ref(|| None::<Route>);
    let (body, after) = match pack() {
        Ok(pack) => pages::page(&state, pack),
        Err(problem) => (pages::broken(problem), After::Nothing),
    };
    // Once a page is shown: do what it asked, and if it is a new page, move focus to its
    // heading, so screen reader and keyboard users start there. Embedded, not on the first
    // page: a widget must not pull the host page to itself on load.
    {
        let (state, main) = (state.clone(), main.clone());
        use_effect_with((state.route.clone(), after), move |(route, after)| {
            after.run(&state, &main);
            let first = focused.borrow().is_none();
            if focused.borrow().as_ref() == Some(route) {
                return;
            }
            *focused.borrow_mut() = Some(route.clone());
            if first && state.options.embedded {
                return;
            }
            focus_first(&main, "h1");
        });
    }
    let clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Clear(None, Route::Home));
            navigate(&state, &Route::Home);
        })
    };
    let version =
        pack().map(|p| format!("Guidance version {} ({})", p.info().version, p.hash())).unwrap_or_default();
    let title = pack().map(|p| p.info().title.clone()).unwrap_or_default();
    let fresh = pack().ok().map(offline::copy_freshness);
    let journeys: Vec<(String, String)> =
        pack().map(|p| p.flows().map(|f| (f.id.to_string(), f.title.clone())).collect()).unwrap_or_default();
    html! {
        <div class="app" data-embedded={state.options.embedded.then_some("")}
            data-compact={state.options.compact.then_some("")} onclick={follow_links(state.clone())}>
            <a class="skip-link" href="#main-content" onclick={skip_to_main(main.clone())}>{ "Skip to main content" }</a>
            <header class="header">
                <div class="width">
                    <a class="header-title" href="#/">{ title }</a>
                    <nav aria-label="Main">
                        <ul class="nav">
                            { for journeys.into_iter().map(|(id, title)| html! {
                                <li><a href={Route::Start(id).href()}>{ title }</a></li>
                            }) }
                            <li><a href="#/procedures">{ "Find a procedure" }</a></li>
                            <li><a href="#/contacts">{ "Contacts" }</a></li>
                            <li><a href="#/timescales">{ "Timescales" }</a></li>
                            <li><a href="#/about">{ "About" }</a></li>
                            if !state.saved.is_empty() {
                                <li><a href="#/saved">{ format!("Saved plans ({})", state.saved.len()) }</a></li>
                            }
                        </ul>
                    </nav>
                    <button type="button" class="button button-secondary clear" onclick={clear}>
                        { "Clear and start again" }
                    </button>
                </div>
            </header>
            <div class="width">
                { offline::update_notice(state.update_ready, state.sessions.values().any(|s| !s.answers().is_empty()), state.options.embedded) }
                { fresh.as_deref().map(offline::age_warning).unwrap_or_default() }
            </div>
            <main class="width main" id="main-content" ref={main} tabindex="-1">
                { body }
            </main>
            <footer class="footer">
                <div class="width">
                    <p>{ "This guide supports your professional judgement; it does not replace it." }</p>
                    <p>{ "Nothing you enter leaves this device, and nothing is stored unless you choose to save a plan. Do not enter names. \"Clear and start again\" forgets everything, saved plans included." }</p>
                    <p>{ version }</p>
                    <p>{ fresh.as_deref().map(offline::updated_line).unwrap_or_default() }</p>
                </div>
            </footer>
        </div>
    }
}

/// Moves focus to the first element in `root` that matches `selector`.
fn focus_first(root: &NodeRef, selector: &str) {
    if let Some(found) = root.cast::<Element>().and_then(|r| r.query_selector(selector).ok().flatten())
        && let Ok(found) = found.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = found.focus();
    }
}

/// Embedded, the app's own links (`#/…`) change the page in memory instead of the host page's
/// address. Links elsewhere (sources, `tel:`, procedure chapters) are left alone.
fn follow_links(state: Ctx) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        if !state.options.embedded || e.default_prevented() {
            return;
        }
        let link = e.target_dyn_into::<Element>().and_then(|t| t.closest("a").ok().flatten());
        if let Some(href) = link.and_then(|a| a.get_attribute("href")).filter(|h| h.starts_with("#/")) {
            e.prevent_default();
            state.dispatch(Action::Go(Route::parse(&href)));
        }
    })
}

/// The skip link moves focus without changing the hash (the hash is the route).
fn skip_to_main(main: NodeRef) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        if let Some(m) = main.cast::<web_sys::HtmlElement>() {
            let _ = m.focus();
        }
    })
}
