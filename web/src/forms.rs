//! Question pages: one question per page, in the GOV.UK patterns (radios, checkboxes with
//! hints and conditional reveals, date input, error summary). What the user has ticked or
//! typed stays on the page when there is an error: nothing is lost.

use safeguard_core::model::{Indicator, Node, NodeKind, Status};
use safeguard_core::{Answer, IndicatorId, Pack, Presence, Session, SortedSet, Step, long_date};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::date_input::{self, DateParts};
use crate::drafts::{Draft, Form, NOT_SURE, option_id};
use crate::journey::{After, navigate, session_of, step_route};
use crate::route::Route;
use crate::state::{Action, Ctx};

/// A question of a journey, if the journey has reached it; otherwise a redirect to where the
/// journey stands.
pub fn question_page(state: &Ctx, pack: &'static Pack, flow: &str, node_id: &str) -> (Html, After) {
    let Some(session) = session_of(state, pack, flow) else { return (Html::default(), After::Nothing) };
    let Ok(walk) = session.walk(pack) else {
        return (Html::default(), After::Redirect(Route::Start(flow.to_owned())));
    };
    let position = walk.path.asked.iter().position(|(n, _)| n.id.as_str() == node_id);
    let is_next = matches!(walk.end, Step::Question(n) if n.id.as_str() == node_id);
    let Some(node) = pack.node(node_id).filter(|_| is_next || position.is_some()) else {
        return (Html::default(), After::Redirect(step_route(pack, flow, &session)));
    };
    let existing = position.and_then(|i| walk.path.asked.get(i)).map(|(_, a)| a.clone());
    let previous = match position {
        Some(i) => i.checked_sub(1).and_then(|p| walk.path.asked.get(p)),
        None => walk.path.asked.last(),
    };
    let back = previous
        .map_or(Route::Start(flow.to_owned()), |(n, _)| Route::Question(flow.to_owned(), n.id.to_string()));
    let (edit, after) = editing(state, flow, node, existing.as_ref());
    // Signs found by searching are listed on their own page as the signs found so far.
    let shown: Vec<&Indicator> = match (node.kind, &existing) {
        (NodeKind::Found, Some(Answer::Indicators(found))) => {
            found.keys().filter_map(|id| pack.indicator(id.as_str())).collect()
        }
        _ => walk.path.shown(pack, node).collect(),
    };
    let elsewhere = walk.path.counted_elsewhere(&node.id);
    let search = match node.kind {
        NodeKind::Multi | NodeKind::Indicators | NodeKind::Found => crate::signs::search_section(
            state,
            pack,
            &format!("{flow}/{node_id}"),
            flow,
            &session,
            &walk.path.ages,
        ),
        NodeKind::Choice | NodeKind::Date => Html::default(),
    };
    let fields = Fields { shown: &shown, elsewhere: &elsewhere, tiers: pack.tiers() };
    let page = html! {
        <>
            <a class="back-link" href={back.href()}>{ "Back" }</a>
            { question_form(pack, flow, node, session, &edit, &fields, Heading::Page, search) }
        </>
    };
    (page, after)
}

/// What an indicators page shows: its signs for the child's age, most serious first; the
/// signs already chosen elsewhere on the path (found by searching, or on another page); and
/// the severity tiers, whose names head the groups of a long page.
struct Fields<'a> {
    shown: &'a [&'a Indicator],
    elsewhere: &'a SortedSet<IndicatorId>,
    tiers: &'a [safeguard_core::model::Tier],
}

/// A page longer than this is grouped under the names of the severity tiers.
const GROUP_OVER: usize = 8;

/// The form of `node` as the state holds it (or fresh, with its answer), and what should
/// happen once shown: a problem shown moves focus to the error summary.
fn editing(state: &Ctx, flow: &str, node: &Node, existing: Option<&Answer>) -> (Edit, After) {
    let key = format!("{flow}/{}", node.id);
    let form = state.form.clone().filter(|f| f.key == key).unwrap_or_else(|| Form {
        key,
        draft: Draft::from_answer(existing),
        problem: None,
    });
    let after =
        form.problem.as_ref().map_or(After::Nothing, |(message, _)| After::ShowProblem(message.clone()));
    (Edit { state: state.clone(), form }, after)
}

/// An outcome's follow-up question, asked on the outcome's own page (on the 999 page: where
/// the child lives, to name the area's number open now). Answering it refines the outcome.
pub fn follow_up_form(
    state: &Ctx,
    pack: &'static Pack,
    flow: &str,
    node: &Node,
    session: &Session,
) -> (Html, After) {
    let existing = session.answers().get(&node.id);
    let (edit, after) = editing(state, flow, node, existing);
    let none = SortedSet::new();
    let fields = Fields { shown: &[], elsewhere: &none, tiers: &[] };
    (
        question_form(pack, flow, node, session.clone(), &edit, &fields, Heading::Section, Html::default()),
        after,
    )
}

/// Where a question's heading sits: it is the page's heading, or a section of an outcome page.
#[derive(Clone, Copy, PartialEq)]
enum Heading {
    Page,
    Section,
}

/// The form as the page's inputs see it: they read the draft and set a new one, which goes
/// to the app state. Both read the state as it is now, not as it was rendered, so events that
/// come together (autofill, a script) each build on the one before.
#[derive(Clone)]
struct Edit {
    state: Ctx,
    form: Form,
}

impl std::ops::Deref for Edit {
    type Target = Draft;
    fn deref(&self) -> &Draft {
        &self.now().draft
    }
}

impl Edit {
    /// The form as the state holds it now, or as it was rendered if the state has none yet.
    fn now(&self) -> &Form {
        match &self.state.form {
            Some(now) if now.key == self.form.key => now,
            _ => &self.form,
        }
    }

    fn set(&self, draft: Draft) {
        self.state.dispatch(Action::Form(Form { draft, ..self.now().clone() }));
    }

    /// The answer sent as `draft` was refused: the page shows the problem with `draft` as sent.
    fn refuse(&self, draft: Draft, problem: (String, Option<String>)) {
        let key = self.now().key.clone();
        self.state.dispatch(Action::Form(Form { key, draft, problem: Some(problem) }));
    }
}

/// The form of one question. The problem with the last answer sent is shown in the error
/// summary, with the page as it was.
/// The form of a question: its fields, then `between` (the search of the signs, a form of
/// its own that cannot sit inside this one), then the button that sends it.
#[allow(clippy::too_many_arguments)]
fn question_form(
    pack: &'static Pack,
    flow: &str,
    node: &Node,
    session: Session,
    draft: &Edit,
    fields: &Fields<'_>,
    heading: Heading,
    between: Html,
) -> Html {
    let problem = &draft.form.problem;
    // Topics may be left unticked once a sign has been found by searching: the worry is known.
    let found_any = pack.nodes_of(session.flow()).any(|n| {
        n.kind == NodeKind::Found
            && matches!(session.answers().get(&n.id), Some(Answer::Indicators(m)) if !m.is_empty())
    });
    let onsubmit = {
        let (draft, node, flow) = (draft.clone(), node.clone(), flow.to_owned());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // The date boxes are read as they are now: typing in them changes no state.
            let mut sent = (*draft).clone();
            if let Some(form) =
                e.target_dyn_into::<web_sys::Element>().filter(|_| node.kind == NodeKind::Date)
            {
                sent.date = DateParts::typed_in(&form);
            }
            let answer = match sent.answer(&node) {
                Ok(answer) => answer,
                Err(_) if node.kind == NodeKind::Multi && found_any => Answer::Multi(SortedSet::new()),
                Err((message, field)) => return draft.refuse(sent, (message, Some(field))),
            };
            match session.answer(pack, node.id.as_str(), answer) {
                Ok(next) => {
                    let state = &draft.state;
                    let route = step_route(pack, &flow, &next);
                    state.dispatch(Action::Answered(flow.clone(), next));
                    if heading == Heading::Section {
                        // The page stays; the contacts the answer brings are above the form.
                        state.dispatch(Action::FocusNext("contacts-now"));
                    }
                    navigate(state, &route);
                }
                Err(e) => draft.refuse(sent, (e.to_string(), None)),
            }
        })
    };
    // A problem with one of this question's fields, shown beside them too.
    let invalid = problem.as_ref().and_then(|(message, field)| Some((message, field.as_deref()?)));
    let error_id = format!("{}-error", node.id);
    let hint_id = format!("{}-hint", node.id);
    let described = {
        let mut ids = Vec::new();
        if node.hint.is_some() {
            ids.push(hint_id.clone());
        }
        if invalid.is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let form_id = format!("{}-form", node.id);
    let fields = match node.kind {
        NodeKind::Choice => choice_fields(node, draft),
        NodeKind::Multi => multi_fields(node, draft),
        NodeKind::Indicators | NodeKind::Found => indicator_fields(fields, draft),
        NodeKind::Date => date_fields(node, draft, invalid.map(|(_, f)| f)),
    };
    html! {
        <>
        <form key={draft.form.key.clone()} id={form_id.clone()} {onsubmit} novalidate=true>
            if let Some((msg, field)) = problem {
                { error_summary(msg, field.as_deref()) }
            }
            <div class="form-group" data-error={invalid.is_some().then_some("")}>
                <fieldset class="fieldset" aria-describedby={described}>
                    <legend class="legend">
                        if heading == Heading::Page {
                            <h1 class="heading" tabindex="-1">{ &node.question }</h1>
                        } else {
                            <h2 class="heading-section">{ &node.question }</h2>
                        }
                    </legend>
                    if let Some(hint) = &node.hint {
                        <div class="hint" id={hint_id.clone()}>{ hint }</div>
                    }
                    if let Some((msg, _)) = invalid {
                        <p class="error-message" id={error_id.clone()}>
                            <span class="visually-hidden">{ "Error: " }</span>{ msg }
                        </p>
                    }
                    { fields }
                </fieldset>
            </div>
        </form>
        { between }
        <button type="submit" class="button" form={form_id}>{ if heading == Heading::Page { "Continue" } else { "Show the contacts for this answer" } }</button>
        </>
    }
}

/// Moves focus to a field named in the error summary (the hash is the route, so the link's
/// own jump is cancelled).
/// The GOV.UK error summary of a form: the problem, linked to the field to correct (the
/// link moves focus there without touching the address, which holds the route).
pub(crate) fn error_summary(message: &str, field: Option<&str>) -> Html {
    html! {
        <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
            <h2 class="error-summary-title" id="error-summary-title">{ "There is a problem" }</h2>
            <ul class="list">
                <li>
                    if let Some(f) = field {
                        <a href={format!("#{f}")} onclick={focus_field(f.to_owned())}>{ message }</a>
                    } else {
                        { message }
                    }
                </li>
            </ul>
        </div>
    }
}

fn focus_field(id: String) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        let target: Option<web_sys::Element> = e.target_dyn_into::<web_sys::Element>();
        let root = target.and_then(|t| t.closest("form").ok().flatten());
        let field = root.and_then(|r| r.query_selector(&format!("#{id}")).ok().flatten());
        if let Some(f) = field.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = f.focus();
        }
    })
}

fn choice_fields(node: &Node, draft: &Edit) -> Html {
    let radio = |value: String, label: String, hint: Option<String>| {
        let id = option_id(node, &value);
        let checked = draft.choice.as_deref() == Some(value.as_str());
        let onchange = {
            let (draft, value) = (draft.clone(), value.clone());
            Callback::from(move |_: Event| {
                let mut d = (*draft).clone();
                d.choice = Some(value.clone());
                draft.set(d);
            })
        };
        let hint_id = format!("{id}-hint");
        html! {
            <div class="radio">
                <input class="radio-input" type="radio" id={id.clone()} name={node.id.to_string()} value={value}
                    {checked} {onchange} aria-describedby={hint.as_ref().map(|_| hint_id.clone())} />
                <label class="radio-label" for={id}>{ label }</label>
                if let Some(h) = hint { <div class="hint radio-hint" id={hint_id}>{ h }</div> }
            </div>
        }
    };
    html! {
        <div class="radios">
            { for node.options.iter().map(|o| radio(o.id.to_string(), o.label.clone(), o.hint.clone())) }
            if node.not_sure.is_some() {
                <div class="radios-divider">{ "or" }</div>
                { radio(NOT_SURE.to_owned(), "Not sure".to_owned(), Some("We will take the safer answer.".to_owned())) }
            }
        </div>
    }
}

fn multi_fields(node: &Node, draft: &Edit) -> Html {
    html! {
        <div class="checkboxes">
            { for node.options.iter().map(|o| {
                let id = option_id(node, o.id.as_str());
                let value = o.id.to_string();
                let checked = draft.multi.contains(&value);
                let onchange = {
                    let (draft, value) = (draft.clone(), value.clone());
                    Callback::from(move |_: Event| {
                        let mut d = (*draft).clone();
                        if !d.multi.remove(&value) {
                            d.multi.insert(value.clone());
                        }
                        draft.set(d);
                    })
                };
                let hint_id = format!("{id}-hint");
                html! {
                    <div class="checkbox">
                        <input class="checkbox-input" type="checkbox" id={id.clone()} name={node.id.to_string()} value={value} {checked} {onchange}
                            aria-describedby={o.hint.as_ref().map(|_| hint_id.clone())} />
                        <label class="checkbox-label" for={id}>{ &o.label }</label>
                        if let Some(h) = &o.hint { <div class="hint checkbox-hint" id={hint_id}>{ h }</div> }
                    </div>
                }
            }) }
        </div>
    }
}

fn indicator_fields(fields: &Fields<'_>, draft: &Edit) -> Html {
    // A long page is grouped under the severity tiers' names, most serious first (the signs
    // come sorted that way); a short one is one list.
    let groups: Vec<(Option<&str>, Vec<&Indicator>)> = if fields.shown.len() > GROUP_OVER {
        let mut groups: Vec<(Option<&str>, Vec<&Indicator>)> = Vec::new();
        for ind in fields.shown {
            let name = fields.tiers.iter().find(|t| t.id == ind.tier).map(|t| t.name.as_str());
            match groups.last_mut() {
                Some((n, list)) if *n == name => list.push(ind),
                _ => groups.push((name, vec![*ind])),
            }
        }
        groups
    } else {
        vec![(None, fields.shown.to_vec())]
    };
    html! {
        <>
            <p class="hint">{ "Tick each one you know of or suspect. If you are not sure, tick it and say so: it will count, to be safe. If none apply, continue without ticking any." }</p>
            { for groups.into_iter().map(|(name, list)| html! {
            <>
            if let Some(name) = name { <h2 class="group-title">{ name }</h2> }
            <div class="checkboxes">
                { for list.into_iter().map(|ind| {
                    if fields.elsewhere.contains(&ind.id) {
                        return chosen_elsewhere(ind);
                    }
                    let key = ind.id.to_string();
                    let id = format!("ind-{key}");
                    let presence = draft.indicators.get(&key).copied();
                    let toggle = {
                        let (draft, key) = (draft.clone(), key.clone());
                        Callback::from(move |_: Event| {
                            let mut d = (*draft).clone();
                            if d.indicators.remove(&key).is_none() {
                                d.indicators.insert(key.clone(), Presence::Yes);
                            }
                            draft.set(d);
                        })
                    };
                    let set = |p: Presence| {
                        let (draft, key) = (draft.clone(), key.clone());
                        Callback::from(move |_: Event| {
                            let mut d = (*draft).clone();
                            d.indicators.insert(key.clone(), p);
                            draft.set(d);
                        })
                    };
                    let hint_id = format!("{id}-hint");
                    html! {
                        <div class="checkbox">
                            <input class="checkbox-input" type="checkbox" id={id.clone()} value={key.clone()}
                                checked={presence.is_some()} onchange={toggle}
                                aria-describedby={ind.help.as_ref().map(|_| hint_id.clone())} />
                            <label class="checkbox-label" for={id.clone()}>
                                { &ind.text }
                            </label>
                            if let Some(help) = &ind.help { <div class="hint checkbox-hint" id={hint_id}>{ help }</div> }
                            <details class="provenance">
                                <summary>{ "Where this comes from" }<span class="visually-hidden">{ format!(": {}", ind.text) }</span></summary>
                                <p class="meta">
                                    <a href={ind.source.clone()}>{ "Source" }</a>{ format!(", reviewed {}.", long_date(ind.reviewed)) }
                                    if ind.status == Status::Draft {
                                        { format!(" Draft: {}", ind.note.as_deref().unwrap_or("still to be checked with the partnership.")) }
                                    }
                                </p>
                            </details>
                            if let Some(p) = presence {
                                <div class="conditional">
                                    <fieldset class="fieldset">
                                        <legend class="legend-small">{ "How sure are you?" }</legend>
                                        <div class="radios radios-small radios-inline">
                                            <div class="radio">
                                                <input class="radio-input" type="radio" id={format!("{id}-yes")} name={format!("{id}-sure")}
                                                    checked={p == Presence::Yes} onchange={set(Presence::Yes)} />
                                                <label class="radio-label" for={format!("{id}-yes")}>{ "I know this" }</label>
                                            </div>
                                            <div class="radio">
                                                <input class="radio-input" type="radio" id={format!("{id}-not-sure")} name={format!("{id}-sure")}
                                                    checked={p == Presence::NotSure} onchange={set(Presence::NotSure)} />
                                                <label class="radio-label" for={format!("{id}-not-sure")}>{ "I suspect it, or I'm not sure" }</label>
                                            </div>
                                        </div>
                                    </fieldset>
                                </div>
                            }
                        </div>
                    }
                }) }
            </div>
            </>
            }) }
        </>
    }
}

/// A sign already chosen elsewhere on the journey: shown ticked, and not sent again with this
/// page (it counts once, where it was chosen).
fn chosen_elsewhere(ind: &Indicator) -> Html {
    let id = format!("ind-{}", ind.id);
    html! {
        <div class="checkbox">
            <input class="checkbox-input" type="checkbox" id={id.clone()} checked=true disabled=true
                aria-describedby={format!("{id}-hint")} />
            <label class="checkbox-label" for={id.clone()}>{ &ind.text }</label>
            <div class="hint checkbox-hint" id={format!("{id}-hint")}>{ "Already chosen: you found it by searching or ticked it on another page." }</div>
        </div>
    }
}

fn date_fields(node: &Node, draft: &Edit, bad: Option<&str>) -> Html {
    date_input::fields(&draft.date, node.time, bad)
}
