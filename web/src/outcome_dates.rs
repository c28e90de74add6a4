//! An outcome's timescales, and the dates of what they are counted from. A timescale counted
//! from something that happens the day the guide is used (the practitioner recognises the
//! risk) is dated from today until another day is given; one counted from something only the
//! practitioner knows the date of (the child came back last night, the strategy discussion was
//! on Monday) waits for that date. Each is asked in the event's own words, one form open at a
//! time, and the date given goes into the session: the page, the record and the calendar file
//! all count from it, and a deadline already passed says to act now.

use safeguard_core::{
    Advice, EventDate, Pack, Session, Start, counted_from, done_words, long_date, lower_first, start_words,
    upper_first,
};
use yew::prelude::*;

use crate::date_input::{self, DateParts};
use crate::dates_page::deadline_row;
use crate::drafts::DatesForm;
use crate::state::{Action, Ctx};

/// The id of the timescales heading, where focus returns once a date is given or removed.
const HEADING: &str = "timescales";

/// The id of the legend of the open date form, where focus moves when it opens.
const OPEN_FORM: &str = "event-date";

/// The outcome's timescales with a date form per event, and whether the open form has a
/// problem to show (the page moves focus to it).
pub fn timescales(
    state: &Ctx,
    pack: &'static Pack,
    flow: &str,
    session: &Session,
    advice: &Advice<'_>,
) -> (Html, Option<String>) {
    if advice.timescales.is_empty() && advice.undated.is_empty() && advice.met.is_empty() {
        return (Html::default(), None);
    }
    let urgency = advice.conclusion.urgency;
    let problem = state.dates.problem.as_ref().map(|(m, _)| m.clone());
    let page = html! {
        <>
            <h2 id={HEADING} tabindex="-1">{ "Timescales" }</h2>
            if safeguard_core::acts_today(urgency) { <p><strong>{ safeguard_core::LATEST_DATES }</strong></p> }
            if !advice.timescales.is_empty() {
                <dl class="summary-list">
                    { for advice.timescales.iter().map(|d| deadline_row(d, &counted_from(advice, d))) }
                </dl>
            }
            if !advice.met.is_empty() {
                <dl class="summary-list">
                    { for advice.met.iter().map(|(t, done)| html! {
                        <div class="summary-row">
                            <dt>{ &t.label }</dt>
                            <dd>{ upper_first(&done_words(done)) }{ "." }</dd>
                        </div>
                    }) }
                </dl>
            }
            if !advice.undated.is_empty() {
                <p>{ "These follow from something whose date only you know, or that has not happened yet: give its date below to see when each is due." }</p>
                <dl class="summary-list">
                    { for advice.undated.iter().map(|t| html! {
                        <div class="summary-row">
                            <dt>{ &t.label }</dt>
                            <dd>{ format!("{}. Not dated yet.", t.rule()) }</dd>
                        </div>
                    }) }
                </dl>
            }
            <h3>{ "When things happened" }</h3>
            { for advice.events.iter().map(|e| event_block(state, pack, flow, session, advice, *e)) }
        </>
    };
    (page, problem)
}

/// One event: the date given or taken, and its form when open, or the buttons that open it
/// and remove a date given.
fn event_block(
    state: &Ctx,
    pack: &'static Pack,
    flow: &str,
    session: &Session,
    advice: &Advice<'_>,
    e: EventDate<'_>,
) -> Html {
    let event = e.event;
    let id = event.id.to_string();
    // Without the date given, it is counted from today, unless another date given stands in.
    let takes_today = event.today && !event.taken_from.iter().any(|t| session.dates().contains_key(t));
    let open = state.dates.event.as_deref() == Some(id.as_str());
    let status = match (e.given, e.implied, event.today) {
        (Some(start), ..) => format!("You gave {}.", start_words(start)),
        (None, Some((start, by)), _) => format!(
            "Taken as {}, when {}, unless you give another day.",
            start_words(start),
            lower_first(&by.label)
        ),
        (None, None, true) => {
            format!("Taken as today, {}, unless you give another day.", long_date(advice.at.date()))
        }
        (None, None, false) => "Not given: what follows from it is not dated.".to_owned(),
    };
    // Shows a problem with what was typed, keeping it in the boxes.
    let refuse = {
        let (state, id) = (state.clone(), id.clone());
        move |problem: (String, String), typed: DateParts| {
            state.dispatch(Action::Dates(DatesForm {
                event: Some(id.clone()),
                date: typed,
                problem: Some(problem),
                shown: None,
            }))
        }
    };
    // Sets or removes the date, or shows the problem the engine found with it.
    let set = {
        let (state, flow, session, id, refuse) =
            (state.clone(), flow.to_owned(), session.clone(), id.clone(), refuse.clone());
        move |when: Option<Start>, typed: DateParts| match session.with_date(
            pack,
            &id,
            when,
            crate::device::now_uk(),
        ) {
            Ok(next) => {
                state.dispatch(Action::Answered(flow.clone(), next));
                state.dispatch(Action::Dates(DatesForm::default()));
                state.dispatch(Action::FocusNext(HEADING));
            }
            Err(err) => refuse((err.to_string(), "date-day".to_owned()), typed),
        }
    };
    if !open {
        let opens = {
            let (state, id) = (state.clone(), id.clone());
            let date = e.given.map(DateParts::from_start).unwrap_or_default();
            Callback::from(move |_: MouseEvent| {
                state.dispatch(Action::Dates(DatesForm {
                    event: Some(id.clone()),
                    date: date.clone(),
                    problem: None,
                    shown: None,
                }));
                state.dispatch(Action::FocusNext(OPEN_FORM));
            })
        };
        let remove = {
            let set = set.clone();
            Callback::from(move |_: MouseEvent| set(None, DateParts::default()))
        };
        return html! {
            <div class="event-date">
                <p><strong>{ &event.question }</strong>{ " " }{ status }</p>
                <div class="button-group no-print">
                    <button type="button" class="button button-secondary" onclick={opens}>
                        { if e.given.is_some() { "Change the date" } else { "Give the date" } }
                        <span class="visually-hidden">{ format!(": {}", event.question) }</span>
                    </button>
                    if e.given.is_some() {
                        <button type="button" class="button button-secondary" onclick={remove}>
                            { if takes_today { "Count from today" } else { "Remove the date" } }
                            <span class="visually-hidden">{ format!(": {}", event.question) }</span>
                        </button>
                    }
                </div>
            </div>
        };
    }
    let form = &state.dates;
    let onsubmit = {
        let future = event.future;
        let with_time = event.time;
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            // The date boxes are read as they are now: typing in them changes no state.
            let typed =
                ev.target_dyn_into::<web_sys::Element>().map(|f| DateParts::typed_in(&f)).unwrap_or_default();
            let latest = (!future).then(crate::device::now_uk);
            match typed.read(with_time, latest) {
                Ok(start) => set(Some(start), typed),
                Err(problem) => refuse(problem, typed),
            }
        })
    };
    let cancel = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Dates(DatesForm::default()));
            state.dispatch(Action::FocusNext(HEADING));
        })
    };
    let bad = form.problem.as_ref().map(|(_, f)| f.as_str());
    html! {
        <form class="event-date" {onsubmit} novalidate=true>
            if let Some((msg, field)) = &form.problem {
                { crate::forms::error_summary(msg, Some(field)) }
            }
            <div class="form-group" data-error={bad.is_some().then_some("")}>
                <fieldset class="fieldset" role="group" aria-describedby={bad.is_some().then_some("event-date-error")}>
                    <legend class="legend-small" id={OPEN_FORM} tabindex="-1">{ &event.question }</legend>
                    if let Some((msg, _)) = &form.problem {
                        <p class="error-message" id="event-date-error"><span class="visually-hidden">{ "Error: " }</span>{ msg }</p>
                    }
                    { date_input::fields(&form.date, event.time, bad) }
                </fieldset>
            </div>
            <div class="button-group">
                <button type="submit" class="button">{ "Use this date" }</button>
                <button type="button" class="button button-secondary" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </form>
    }
}
