//! The search of the signs, on the topics page and every page of signs: the sign that decides
//! a case is often under a topic the practitioner did not pick. Matches show their topics and a
//! tick box; a tick adds the sign to the journey's found signs at once, so it counts as if it
//! had been ticked on its own page, and the result count is announced to screen readers.

use safeguard_core::model::{Ages, NodeKind};
use safeguard_core::{Answer, Pack, Presence, SHOWN_SIGNS, Session, SignHit, SortedMap, search_signs};
use yew::prelude::*;

use crate::search_box::{Found, SearchBox};
use crate::state::{Action, Ctx};

/// The search box and its matches, for a journey whose flow collects found signs. `page`
/// names the page it is on: what is typed is kept until the page changes.
pub fn search_section(
    state: &Ctx,
    pack: &'static Pack,
    page: &str,
    flow: &str,
    session: &Session,
    ages: &Ages,
) -> Html {
    let Some(found) = pack.nodes_of(session.flow()).find(|n| n.kind == NodeKind::Found) else {
        return Html::default();
    };
    let ticked: SortedMap<String, Presence> = match session.answers().get(&found.id) {
        Some(Answer::Indicators(map)) => map.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        _ => SortedMap::new(),
    };
    let matches = {
        let (state, flow, session, ages) = (state.clone(), flow.to_owned(), session.clone(), ages.clone());
        let found = found.id.to_string();
        Callback::from(move |query: String| {
            matches(
                &state,
                pack,
                &flow,
                &session,
                &found,
                &ticked,
                &search_signs(pack, &query, &ages, SHOWN_SIGNS),
                &query,
            )
        })
    };
    html! {
        <section class="sign-search" aria-labelledby="sign-search-title">
            <h2 class="heading-section" id="sign-search-title">{ "Search the signs of every topic" }</h2>
            <SearchBox key={page.to_owned()} id="sign-search" label="Describe what you have seen or been told"
                hint="For example: bruise, baby, missing, images, county lines, homeless" {matches} />
        </section>
    }
}

/// The signs found for `query`, each with a tick box that adds it to (or takes it from) the
/// journey's found signs at once.
#[allow(clippy::too_many_arguments)]
fn matches(
    state: &Ctx,
    pack: &'static Pack,
    flow: &str,
    session: &Session,
    found: &str,
    ticked: &SortedMap<String, Presence>,
    hits: &[SignHit<'_>],
    query: &str,
) -> Found {
    let status = match (query.trim().is_empty(), hits.len()) {
        (true, _) => String::new(),
        (false, 0) => {
            "No signs found. Try other words, or choose the topics closest to your worry.".to_owned()
        }
        (false, 1) => "1 sign found".to_owned(),
        (false, n) => format!("{n} signs found"),
    };
    let list = html! {
        if !hits.is_empty() {
            <div class="checkboxes">
                { for hits.iter().map(|hit| {
                    let key = hit.indicator.id.to_string();
                    let id = format!("found-{key}");
                    let checked = ticked.contains_key(&key);
                    let topics: Vec<&str> = hit.topics.iter().map(|t| t.label.as_str()).collect();
                    let onchange = {
                        let (state, flow, session, key) = (state.clone(), flow.to_owned(), session.clone(), key.clone());
                        let (found, ticked) = (found.to_owned(), ticked.clone());
                        Callback::from(move |_: Event| {
                            let mut now = ticked.clone();
                            if now.remove(&key).is_none() {
                                now.insert(key.clone(), Presence::Yes);
                            }
                            let answer = Answer::Indicators(now.iter().map(|(k, v)| (k.as_str().into(), *v)).collect());
                            if let Ok(next) = session.answer(pack, &found, answer) {
                                state.dispatch(Action::Answered(flow.clone(), next));
                            }
                        })
                    };
                    html! {
                        <div class="checkbox">
                            <input class="checkbox-input" type="checkbox" id={id.clone()} {checked} {onchange}
                                aria-describedby={format!("{id}-hint")} />
                            <label class="checkbox-label" for={id.clone()}>{ &hit.indicator.text }</label>
                            <div class="hint checkbox-hint" id={format!("{id}-hint")}>
                                { if topics.is_empty() { "Found by search".to_owned() } else { format!("Under: {}", topics.join("; ")) } }
                                if checked { <strong>{ ". Added to your answers." }</strong> }
                            </div>
                        </div>
                    }
                }) }
            </div>
        }
    };
    Found { status, list }
}
