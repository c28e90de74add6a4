//! The practitioner-facing app in Yew over `safeguard-core`: one root component, `App`,
//! holding the state, and every page a plain function of it.
//!
//! **Architecture invariant:** the app keeps answers in memory only. Routes (hash-based, so
//! the app works from any path and inside a widget) name pages and question ids, never
//! answers. Nothing is stored and nothing is sent anywhere.
//!
//! [`mount`] starts the app inside any element; the site, the intranet widget and the
//! offline app all call it.

// The rooms, from the bottom up; each uses only rooms below it (the tidy test
// `the_web_crates_imports_point_down` checks that no module uses one that uses it back, and
// that none reaches up into this file):
// - `device` (the clock, files made on the device), `host` (the host contract), `route`,
//   `date_input` (the date boxes and their reader), `search_box` (a search box that shows
//   its own matches);
// - `drafts` (what is typed on a page before it is sent), `store` (saved plans on the
//   device), `offline` (the offline copy's news and age);
// - `state` (the state and its reducer), then `journey` (where a session stands, changing
//   page, what a page asks once shown);
// - the pages: `signs`, `forms` (questions), `dates_page`, `saved`, `result` (the outcome),
//   `pages` (the others, and which page a route shows);
// - here, at the top: loading the pack, mounting, and the layout.
mod date_input;
mod dates_page;
mod device;
mod drafts;
mod forms;
mod host;
mod journey;
mod offline;
mod outcome_dates;
mod pages;
mod result;
mod route;
mod saved;
mod search_box;
mod signs;
mod state;
mod store;

use std::cell::RefCell;
use std::sync::OnceLock;

use gloo::events::EventListener;
use safeguard_core::{Diagnostic, Freshness, Front, Pack};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::journey::{After, focus_first, navigate, page_changing};
use crate::offline::LEAVING_ON_PURPOSE;
use crate::state::{Action, Ctx, State};

pub use host::{Completion, Options};
pub use route::Route;

/// The content pack, once the host has handed over bytes that read ([`load_pack`]).
static PACK: OnceLock<Pack> = OnceLock::new();
/// The pack's front, once the host has handed it over ([`load_front`]), or taken from the
/// pack when the host handed over the pack alone.
static FRONT: OnceLock<Front> = OnceLock::new();

thread_local! {
    /// The apps on this page still showing only the pack's front, told when the pack is in.
    static WAITING: RefCell<Vec<UseReducerDispatcher<State>>> = const { RefCell::new(Vec::new()) };
}

/// Reads the front of the content pack (`front-<hash>.bin`): enough for the home and journey
/// start pages while the pack itself is on its way (see `safeguard_core::Front`). Read once
/// per page, like the pack.
pub fn load_front(bytes: &[u8]) -> Result<&'static Front, Diagnostic> {
    if let Some(front) = FRONT.get() {
        return Ok(front);
    }
    let front = Front::from_compiled(bytes)?;
    Ok(FRONT.get_or_init(|| front))
}

/// Reads the content pack the host fetched: the compiled file the build wrote beside the
/// module (`pack-<hash>.bin`, validated by that build, so no TOML parser or validator ships
/// in the module). Apart from the module so that a content correction downloads only the
/// pack. Read once per page: later calls (a second widget) get the pack already read. Only a
/// pack that reads, and is the pack of the front already shown, is kept, so bytes damaged on
/// the way can be fetched again and succeed; an error means the host should put back what it
/// showed before the app. Apps showing only the front then show the whole guide.
pub fn load_pack(bytes: &[u8]) -> Result<&'static Pack, Diagnostic> {
    if let Some(pack) = PACK.get() {
        return Ok(pack);
    }
    let pack = Pack::from_compiled(bytes)?;
    if FRONT.get().is_some_and(|front| !front.fronts(&pack)) {
        return Err(Diagnostic::of_pack(
            "the guidance file is of another version than the page; reload the page",
        ));
    }
    let pack = PACK.get_or_init(|| pack);
    let _ = FRONT.get_or_init(|| pack.front());
    for app in WAITING.take() {
        app.dispatch(Action::PackIn);
    }
    Ok(pack)
}

/// The content pack given to [`load_pack`], if it is in yet.
pub fn pack() -> Option<&'static Pack> {
    PACK.get()
}

/// Starts the app inside `element` as the host page asks, once [`load_front`] or
/// [`load_pack`] has read what it shows; the handle stops it.
pub fn mount(element: Element, options: Options) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root_and_props(element, AppProps { options }).render()
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// What the host page asks.
    #[prop_or_default]
    pub options: Options,
}

fn current_route() -> Route {
    web_sys::window().and_then(|w| w.location().hash().ok()).map_or(Route::Home, |h| Route::parse(&h))
}

/// The root component: layout, routing and focus management.
#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let state = use_reducer(move || {
        let here = if options.embedded { Route::Home } else { current_route() };
        let route = match (here, &options.journey) {
            (Route::Home, Some(flow)) if FRONT.get().is_some_and(|f| f.flow(flow).is_some()) => {
                Route::Start(flow.clone())
            }
            (route, _) => route,
        };
        State { route, saved: store::load(), options, complete: PACK.get().is_some(), ..State::default() }
    });
    // Until the pack is in, this app waits for it (`load_pack` tells the waiting apps).
    {
        let state = state.clone();
        use_effect_with((), move |_| match PACK.get() {
            Some(_) if !state.complete => state.dispatch(Action::PackIn),
            Some(_) => {}
            None => WAITING.with_borrow_mut(|apps| apps.push(state.dispatcher())),
        });
    }
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
    // The page focus last moved to, and whether it was waiting for the pack.
    let focused = use_mut_ref(|| None::<(Route, bool)>);
    let (body, after) = match FRONT.get() {
        Some(front) => pages::page(&state, front, pack()),
        None => (pages::broken(&Diagnostic::of_pack("the guidance was not loaded")), After::Nothing),
    };
    // Once a page is shown: do what it asked, and if it is a new page, move focus to its
    // heading, so screen reader and keyboard users start there. Embedded, not on the first
    // page: a widget must not pull the host page to itself on load. When the pack arrives on
    // a page that waited for it, focus moves only if it is still where the wait left it (on
    // its heading, or nowhere): someone who has moved on, to the menu say, stays there.
    {
        let (state, main) = (state.clone(), main.clone());
        use_effect_with((state.route.clone(), after), move |(route, after)| {
            after.run(&state, &main);
            let before = focused.borrow().clone();
            let shown = (route.clone(), *after == After::Waiting);
            if before.as_ref() == Some(&shown) {
                return;
            }
            *focused.borrow_mut() = Some(shown);
            let arrived = before.as_ref().is_some_and(|(was, waiting)| *waiting && was == route);
            if (before.is_none() && state.options.embedded) || (arrived && !focus_left_alone(&main)) {
                return;
            }
            focus_first(&main, "h1");
        });
    }
    // Every hook is above: the hooks must be the same on every render.
    let Some(front) = FRONT.get() else { return body };
    let clear = {
        let state = state.clone();
        page_changing(move || {
            state.dispatch(Action::Clear(None, Route::Home));
            navigate(&state, &Route::Home);
        })
    };
    let version = format!("Guidance version {} ({})", front.info().version, front.hash());
    let fresh = pack().map(offline::copy_freshness);
    html! {
        <div class="app" data-embedded={state.options.embedded.then_some("")}
            data-compact={state.options.compact.then_some("")} onclick={follow_links(state.clone())}>
            <a class="skip-link" href="#main-content" onclick={skip_to_main(main.clone())}>{ "Skip to main content" }</a>
            <header class="header">
                <div class="width">
                    <a class="header-title" href="#/">{ &front.info().title }</a>
                    <nav aria-label="Main">
                        <ul class="nav">
                            { for front.flows().map(|f| html! {
                                <li><a href={Route::Start(f.id.to_string()).href()}>{ &f.title }</a></li>
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
            // Inside a landmark, so a screen reader's list of regions reaches it (WCAG 1.3.1);
            // only when there is something to say, so no empty region is listed.
            if state.update_ready || fresh.as_deref().is_some_and(Freshness::needs_warning) {
                <section class="width" aria-label="About this copy of the guide">
                    { offline::update_notice(state.update_ready, state.sessions.values().any(|s| !s.answers().is_empty()), state.options.embedded) }
                    { fresh.as_deref().map(offline::age_warning).unwrap_or_default() }
                </section>
            }
            <main class="width main" id="main-content" ref={main} tabindex="-1">
                { body }
            </main>
            <footer class="footer">
                <div class="width">
                    <p>{ "This guide supports your professional judgement; it does not replace it." }</p>
                    <p>{ "Nothing you enter leaves this device, and nothing is stored unless you choose to save a plan. Do not enter names. \"Clear and start again\" forgets everything, saved plans included." }</p>
                    <p>{ version }</p>
                    <p>{ offline::updated_line(front) }</p>
                </div>
            </footer>
        </div>
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

/// Whether focus is on `main`'s heading or on nothing at all (the page's body): where a page
/// left it.
fn focus_left_alone(main: &NodeRef) -> bool {
    let Some(active) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()) else {
        return true;
    };
    let heading = main.cast::<Element>().and_then(|m| m.query_selector("h1").ok().flatten());
    heading.is_some_and(|h| h == active) || active.tag_name().eq_ignore_ascii_case("body")
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
