//! The pages that are not questions or outcomes: home, journey start, check answers,
//! procedure search, about, not found.

use safeguard_core::model::Status;
use safeguard_core::{
    DOORS_HEADING, DOORS_INTRO, Diagnostic, Front, Pack, describe_answer, hours_text, long_date, search,
    tel_address,
};
use yew::prelude::*;

use crate::forms::question_page;
use crate::journey::{After, finished, navigate, page_changing, session_of, step_route};
use crate::result::result_page;
use crate::route::Route;
use crate::search_box::{Found, SearchBox};
use crate::state::{Action, Ctx};

/// The page for the current route, and what should happen once it is shown. Pages are plain
/// functions of the state (see ARCHITECTURE.md on why pages are not components). Until the
/// pack is in, the home and journey start pages show from its front, and the others wait.
pub fn page(state: &Ctx, front: &'static Front, pack: Option<&'static Pack>) -> (Html, After) {
    let page = match (&state.route, pack) {
        (Route::Home, _) => home(front),
        (Route::Start(flow), _) if front.flow(flow).is_some() => start(state, front, pack, flow),
        (_, None) => return (waiting(front, state.options.area.as_deref()), After::Waiting),
        (route, Some(pack)) => return guide_page(state, pack, route),
    };
    (page, After::Nothing)
}

/// The pages that need the whole pack.
fn guide_page(state: &Ctx, pack: &'static Pack, route: &Route) -> (Html, After) {
    let known = |flow: &str| pack.flow(flow).is_some();
    let page = match route {
        Route::Question(flow, node) if known(flow) => return question_page(state, pack, flow, node),
        Route::Check(flow) if known(flow) => return check(state, pack, flow),
        Route::Result(flow) if known(flow) => return result_page(state, pack, flow),
        Route::Procedures => procedures(state, pack),
        Route::Contacts => contacts(pack, crate::device::now_uk()),
        Route::About => about(pack),
        Route::Saved => crate::saved::saved_page(state, pack),
        Route::Timescales(event) => return crate::dates_page::dates_page(state, pack, event.as_deref()),
        _ => not_found(),
    };
    (page, After::Nothing)
}

/// Shown in place of a page that needs the pack while it is on its way (a second or so on a
/// slow line): it is announced, and meanwhile it says what the page as served said — call
/// 999, and each area's front door and out-of-hours numbers (only the host's `area`, when
/// it names one the guide knows).
fn waiting(front: &Front, area: Option<&str>) -> Html {
    html! {
        <>
            <h1 tabindex="-1">{ "Loading the guidance…" }</h1>
            <p role="status">{ "This page will show as soon as the guidance has arrived." }</p>
            <div class="warning" role="note">
                <strong>{ "If a child is in immediate danger, call 999 now." }</strong>
            </div>
            <h2>{ DOORS_HEADING }</h2>
            <p>{ DOORS_INTRO }</p>
            { for front.doors_for(area).into_iter().map(|door| html! {
                <>
                    <h3>{ &door.name }</h3>
                    <ul class="list">
                        { for door.services.iter().map(|s| html! {
                            <li>
                                <strong>{ &s.name }</strong>
                                if let Some(phone) = &s.phone {
                                    { ": " }<a href={tel_address(phone)}>{ phone }</a>
                                }
                                { format!(". {}.", s.hours) }
                            </li>
                        }) }
                    </ul>
                </>
            }) }
        </>
    }
}

fn not_found() -> Html {
    html! {
        <>
            <h1 tabindex="-1">{ "Page not found" }</h1>
            <p>{ "This page does not exist. " }<a href="#/">{ "Go to the start" }</a></p>
        </>
    }
}

/// Shown when the content does not load: the app gives no guidance rather than wrong guidance.
pub fn broken(problem: &Diagnostic) -> Html {
    html! {
        <>
            <h1 tabindex="-1">{ "This guide cannot be used right now" }</h1>
            <p>{ "Its content failed a safety check, so it shows no guidance. If a child is in immediate danger, call 999. Otherwise contact your local children's services front door as usual." }</p>
            <details><summary>{ "Technical details" }</summary>
                <p>{ problem.to_string() }</p>
            </details>
        </>
    }
}

fn home(pack: &Front) -> Html {
    html! {
        <>
            <h1 tabindex="-1">{ &pack.info().title }</h1>
            <p class="lead">{ &pack.info().audience }</p>
            <div class="warning" role="note">
                <strong>{ "If a child is in immediate danger, call 999 now." }</strong>
            </div>
            <ul class="cards">
                { for pack.flows().map(|f| html! {
                    <li class="card">
                        <h2><a href={Route::Start(f.id.to_string()).href()}>{ &f.title }</a></h2>
                        <p>{ &f.description }</p>
                    </li>
                }) }
                <li class="card">
                    <h2><a href={Route::Procedures.href()}>{ "Find a procedure" }</a></h2>
                    <p>{ format!("Search the chapters of the {}.", pack.info().procedures_title) }</p>
                </li>
                <li class="card">
                    <h2><a href={Route::Timescales(None).href()}>{ "Work out timescales" }</a></h2>
                    <p>{ "Say what happened and when (a referral, a strategy discussion, a conference) and see every date that follows." }</p>
                </li>
            </ul>
            <p class="inset">{ &pack.info().judgement }</p>
        </>
    }
}

fn start(state: &Ctx, front: &'static Front, pack: Option<&'static Pack>, flow_id: &str) -> Html {
    let Some(flow) = front.flow(flow_id) else { return not_found() };
    let started = state.sessions.get(flow_id).is_some_and(|s| !s.answers().is_empty());
    let start = {
        let (state, flow) = (state.clone(), flow.clone());
        page_changing(move || {
            // Before the pack is in, the journey's first question (which then waits for it).
            let next = match pack {
                Some(pack) => session_of(&state, pack, flow.id.as_str())
                    .map(|session| step_route(pack, flow.id.as_str(), &session)),
                None => Some(Route::Question(flow.id.to_string(), flow.start.to_string())),
            };
            if let Some(next) = next {
                navigate(&state, &next);
            }
            if !started {
                crate::offline::apply_update_at_new_journey(state.update_ready, state.options.embedded);
            }
        })
    };
    let restart = {
        let (state, flow) = (state.clone(), flow.clone());
        page_changing(move || {
            let first = Route::Question(flow.id.to_string(), flow.start.to_string());
            state.dispatch(Action::Clear(Some(flow.id.to_string()), first.clone()));
            navigate(&state, &first);
        })
    };
    html! {
        <>
            <h1 tabindex="-1">{ &flow.title }</h1>
            <p class="lead">{ &flow.description }</p>
            <p>{ "You will answer a few questions, one at a time. At the end you will see what to do now, who to contact, the procedures that apply and the dates that follow, with a record you can copy, print or download." }</p>
            <div class="inset"><p>{ &front.info().judgement }</p></div>
            <div class="warning" role="note">
                <strong>{ "Do not enter names or anything else that could identify a child or family. " }</strong>
                { "Nothing you enter leaves this device, and it is forgotten when you close the page." }
            </div>
            <p class="meta">
                { format!("Guidance version {} ({}). {} of its items are still drafts being checked with the partnerships; they are marked as drafts where they appear.", front.info().version, front.hash(), front.drafts()) }
            </p>
            if started {
                <div class="button-group">
                    <button type="button" class="button" onclick={start}>{ "Continue where you left off" }</button>
                    <button type="button" class="button button-secondary" onclick={restart}>{ "Start again" }</button>
                </div>
            } else {
                <button type="button" class="button button-start" onclick={start}>{ "Start now" }</button>
            }
        </>
    }
}

fn check(state: &Ctx, pack: &Pack, flow: &str) -> (Html, After) {
    let Some(session) = session_of(state, pack, flow) else { return (not_found(), After::Nothing) };
    if !finished(pack, &session) {
        return (Html::default(), After::Redirect(step_route(pack, flow, &session)));
    }
    let Ok(walk) = session.walk(pack) else { return (not_found(), After::Nothing) };
    let page = html! {
        <>
            <h1 tabindex="-1">{ "Check your answers" }</h1>
            <dl class="summary-list">
                { for walk.path.asked.iter().map(|(node, answer)| html! {
                    <div class="summary-row">
                        <dt>{ &node.question }</dt>
                        <dd>{ describe_answer(pack, node, answer) }</dd>
                        <dd class="summary-action">
                            <a href={Route::Question(flow.to_owned(), node.id.to_string()).href()}>
                                { "Change" }<span class="visually-hidden">{ format!(" your answer to: {}", node.question) }</span>
                            </a>
                        </dd>
                    </div>
                }) }
            </dl>
            <p>{ "If these answers are right, see what to do now." }</p>
            <a class="button" role="button" href={Route::Result(flow.to_owned()).href()}>{ "See what to do" }</a>
        </>
    };
    (page, After::Nothing)
}

fn procedures(state: &Ctx, pack: &'static Pack) -> Html {
    let matches = Callback::from(move |query: String| {
        let hits = search(pack, &query, 20);
        let status = match (query.trim().is_empty(), hits.len()) {
            (true, _) => String::new(),
            (false, 1) => "1 result".to_owned(),
            (false, n) => format!("{n} results"),
        };
        let list = html! {
            if !query.trim().is_empty() {
                <ul class="list">{ for hits.iter().map(|h| chapter_item(pack, h.chapter)) }</ul>
            }
        };
        Found { status, list }
    });
    // Kept while the practitioner looks elsewhere, without re-rendering the app on each key.
    let kept = state.query.clone();
    html! {
        <>
            <h1 tabindex="-1">{ "Find a procedure" }</h1>
            <p>{ format!("Search the chapters of the {}. The links open the published procedures.", pack.info().procedures_title) }</p>
            <SearchBox id="procedure-search" class="search" label="Search the procedures"
                hint="For example: section 47, strategy discussion, allegations, missing"
                initial={kept.get()} on_input={Callback::from(move |typed| kept.set(typed))} {matches} />
            <h2>{ "All parts" }</h2>
            { for pack.parts().map(|p| {
                let chapters: Vec<_> = pack.chapters().filter(|c| c.part == p.id).collect();
                html! {
                    <section class="part">
                        <h3>{ format!("Part {}: {}", p.number, p.title) }</h3>
                        if chapters.is_empty() {
                            <p class="meta">{ "No chapter addresses are held for this part yet." }</p>
                        } else {
                            <ul class="list">{ for chapters.into_iter().map(|c| chapter_item(pack, c)) }</ul>
                        }
                    </section>
                }
            }) }
        </>
    }
}

/// A chapter as an item of a list of links.
fn chapter_item(pack: &Pack, chapter: &safeguard_core::model::Chapter) -> Html {
    html! { <li>{ crate::result::chapter_link(pack, chapter) }</li> }
}

/// Every contact the guide knows, national ones first, then each area's, with when it
/// answers: the numbers a practitioner may need whatever the journey.
fn contacts(pack: &Pack, at: chrono::NaiveDateTime) -> Html {
    let groups = std::iter::once(("Across Sussex and nationally".to_owned(), None))
        .chain(pack.areas().map(|a| (a.name.clone(), Some(&a.id))));
    html! {
        <>
            <h1 tabindex="-1">{ "Contacts" }</h1>
            <div class="warning" role="note"><strong>{ "If a child is in immediate danger, call 999 now." }</strong></div>
            <p>{ "Every service this guide can point you to, with when it answers. A journey through the guide tells you which one to use now for your worry." }</p>
            <p class="meta">{ format!("Open or closed as of {} at {} (UK time).", long_date(at.date()), safeguard_core::clock(at)) }</p>
            { for groups.map(|(title, area)| {
                let listed: Vec<_> = pack.contacts().filter(|c| c.area.as_ref() == area).collect();
                html! {
                    <section class="contact-group">
                        <h2>{ title }</h2>
                        <ul class="list contacts">
                            { for listed.into_iter().map(|c| html! {
                                <li class="contact">
                                    <h3>{ &c.name }
                                        if safeguard_core::hours::is_open(pack, c, at) { <span class="tag tag-open">{ "open now" }</span> } else { <span class="tag">{ "closed now" }</span> }
                                    </h3>
                                    <p><strong>{ "When: " }</strong>{ hours_text(pack, c) }</p>
                                    { crate::result::ways(c) }
                                </li>
                            }) }
                        </ul>
                    </section>
                }
            }) }
        </>
    }
}

fn about(pack: &'static Pack) -> Html {
    let info = pack.info();
    let items = pack.sourced_items();
    let drafts: Vec<_> = items.iter().filter(|i| i.provenance.status == Status::Draft).collect();
    let fresh = crate::offline::copy_freshness(pack);
    let overdue = &fresh.overdue;
    html! {
        <>
            <h1 tabindex="-1">{ "About this guidance" }</h1>
            <h2>{ "Version" }</h2>
            <p>{ format!("{} version {}, content fingerprint {}. Published by: {}.", info.name, info.version, pack.hash(), info.publisher) }</p>
            <h2>{ "What's new" }</h2>
            <ul class="list">{ for info.changelog.iter().map(|c| html! { <li>{ format!("{} ({}): {}", c.version, long_date(c.date), c.summary) }</li> }) }</ul>
            <h2>{ "Professional judgement" }</h2>
            <p>{ &info.judgement }</p>
            <h2>{ "Privacy" }</h2>
            <p>{ &info.privacy }</p>
            <p>{ "This guide makes no requests to any other website, sets no cookies and uses no analytics. Your answers are never put in the page address. \"Clear and start again\" forgets everything at once." }</p>
            <h2>{ "Accessibility" }</h2>
            <p>{ "This guide aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. It works with a keyboard alone, with screen readers, at 400% zoom and on small screens. Every page is checked automatically with an accessibility testing tool before release. If something does not work for you, tell the safeguarding children partnership for your area." }</p>
            <h2>{ "Sources and review" }</h2>
            <p>{ format!("Every indicator, contact, timescale and procedure link carries the address of its source and the date it was last reviewed. {} items in all; {} are verified and {} are drafts still to be checked.", items.len(), items.len() - drafts.len(), drafts.len()) }</p>
            if !overdue.is_empty() {
                <p>{ format!("{} items are past their review date on this device's date; check them with their sources before relying on them:", overdue.len()) }</p>
                <ul class="list small">
                    { for overdue.iter().map(|d| html! {
                        <li>{ format!("{} {} (reviewed {}): ", d.kind, d.id, long_date(d.provenance.reviewed)) }<a href={d.provenance.source.to_owned()}>{ "source" }</a></li>
                    }) }
                </ul>
            }
            <details>
                <summary>{ format!("The {} draft items", drafts.len()) }</summary>
                <ul class="list small">
                    { for drafts.iter().map(|d| html! {
                        <li>
                            { format!("{} {} (reviewed {}): ", d.kind, d.id, long_date(d.provenance.reviewed)) }
                            <a href={d.provenance.source.to_owned()}>{ "source" }</a>
                            { d.provenance.note.map(|n| format!(" {n}")).unwrap_or_default() }
                        </li>
                    }) }
                </ul>
            </details>
        </>
    }
}
