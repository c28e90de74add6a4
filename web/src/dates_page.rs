//! The timescales page: the practitioner says what happened and when (a referral, a strategy
//! discussion, a conference at 14:00), and sees every date that follows, with the rule behind
//! each and a warning where a weekend or bank holiday falls in the window; the dates can be
//! added to a calendar. Reached from the menu, from an outcome's timescales ("work it out from
//! another date") and from the escalation plan.

use safeguard_core::model::Event as Happening;
use safeguard_core::{
    CalendarEntry, Deadline, Pack, Start, deadline, due_words, lower_first, start_words, window_note,
};
use yew::prelude::*;

use crate::date_input::{self, DateParts, Problem};
use crate::drafts::DatesForm;
use crate::journey::After;
use crate::route::Route;
use crate::state::{Action, Ctx};

/// The id of the first event's radio: where the error summary sends the practitioner when no
/// event is chosen.
const FIRST_EVENT: &str = "event-first";

/// The id of the heading of the dates shown, where focus moves once they are.
const RESULTS: &str = "dates-title";

/// The start the form describes for `event`, or the problem and the box it belongs to. A
/// planned event may be in the future; anything else has happened.
fn start_of(
    form: &DatesForm,
    event: Option<&Happening>,
    now: chrono::NaiveDateTime,
) -> Result<Start, Problem> {
    let Some(event) = event else {
        return Err(("Select what happened".to_owned(), FIRST_EVENT.to_owned()));
    };
    form.date.read(true, (!event.future).then_some(now))
}

/// The page, with `preset` the event an outcome or plan sent the practitioner here for.
pub fn dates_page(state: &Ctx, pack: &'static Pack, preset: Option<&str>) -> (Html, After) {
    let preset = preset.filter(|p| pack.event(p).is_some()).map(str::to_owned);
    // The form as the state holds it when asked (callbacks ask when their event comes, so
    // events that come together each build on the one before), with the event the page was
    // opened for until another is chosen.
    let current = {
        let (state, preset) = (state.clone(), preset.clone());
        move || {
            let mut form = state.dates.clone();
            if form.event.is_none() {
                form.event.clone_from(&preset);
            }
            form
        }
    };
    let form = current();
    // A problem moves focus to the error summary; dates shown, to their heading.
    let after = match (&form.problem, state.focus_next) {
        (Some((m, _)), _) => After::ShowProblem(m.clone()),
        (None, Some(id)) => After::FocusOn(id),
        (None, None) => After::Nothing,
    };
    let choose = |id: String| {
        let (state, current) = (state.clone(), current.clone());
        Callback::from(move |_: Event| {
            state.dispatch(Action::Dates(DatesForm { event: Some(id.clone()), ..current() }))
        })
    };
    let onsubmit = {
        let (state, current) = (state.clone(), current.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut next = current();
            // The date boxes are read as they are now: typing in them changes no state.
            if let Some(form) = e.target_dyn_into::<web_sys::Element>() {
                next.date = DateParts::typed_in(&form);
            }
            let event = next.event.as_deref().and_then(|id| pack.event(id));
            match start_of(&next, event, crate::device::now_uk()) {
                Ok(start) => {
                    next.problem = None;
                    next.shown = next.event.clone().map(|e| (e, start));
                    state.dispatch(Action::FocusNext(RESULTS));
                }
                Err(problem) => {
                    next.problem = Some(problem);
                    next.shown = None;
                }
            }
            state.dispatch(Action::Dates(next));
        })
    };
    let problem_in = |prefix: &str| {
        form.problem.as_ref().filter(|(_, f)| f.starts_with(prefix)).map(|(m, f)| (m.clone(), f.clone()))
    };
    let date_error = problem_in("date-");
    let event_error = problem_in("event-");
    let results = form.shown.as_ref().and_then(|(id, start)| Some((pack.event(id)?, *start)));
    let page = html! {
        <>
            <h1 tabindex="-1">{ "Work out the dates that follow" }</h1>
            <p class="lead">{ "Say what happened and when. You will see every timescale that follows, in working days or hours, with the rule behind each one." }</p>
            <form id="dates-form" {onsubmit} novalidate=true>
                if let Some((msg, field)) = &form.problem {
                    { crate::forms::error_summary(msg, Some(field)) }
                }
                <div class="form-group" data-error={event_error.is_some().then_some("")}>
                    <fieldset class="fieldset" aria-describedby={event_error.is_some().then_some("event-error")}>
                        <legend class="legend legend-m">{ "What happened?" }</legend>
                        if let Some((msg, _)) = &event_error {
                            <p class="error-message" id="event-error"><span class="visually-hidden">{ "Error: " }</span>{ msg }</p>
                        }
                        <div class="radios">
                            { for pack.events().enumerate().map(|(i, ev)| {
                                let id = if i == 0 { FIRST_EVENT.to_owned() } else { format!("event-{}", ev.id) };
                                let checked = form.event.as_deref() == Some(ev.id.as_str());
                                html! {
                                    <div class="radio">
                                        <input class="radio-input" type="radio" name="event" id={id.clone()} value={ev.id.to_string()}
                                            {checked} onchange={choose(ev.id.to_string())} />
                                        <label class="radio-label" for={id}>{ &ev.label }</label>
                                    </div>
                                }
                            }) }
                        </div>
                    </fieldset>
                </div>
                <div class="form-group" data-error={date_error.is_some().then_some("")}>
                    <fieldset class="fieldset" role="group" aria-describedby={date_error.is_some().then_some("date-error")}>
                        <legend class="legend legend-m">{ "When?" }</legend>
                        if let Some((msg, _)) = &date_error {
                            <p class="error-message" id="date-error"><span class="visually-hidden">{ "Error: " }</span>{ msg }</p>
                        }
                        { date_input::fields(&form.date, true, date_error.as_ref().map(|(_, f)| f.as_str())) }
                    </fieldset>
                </div>
                <button type="submit" class="button">{ "Show the dates" }</button>
            </form>
            if let Some((event, start)) = results {
                { dated(pack, event, start, crate::device::now_uk()) }
            }
            <p>{ "Resolving a professional difference? " }
                <a href={Route::Start(pack.info().escalation_flow.as_ref().map(ToString::to_string).unwrap_or_default()).href()}>{ "Plan each stage with the escalation steps" }</a>{ "." }</p>
        </>
    };
    (page, after)
}

/// One timescale's due date, with its rule (`counted`: the rule and what it is counted from), what to
/// know about its window and its source: the same on an outcome and on this page.
pub fn deadline_row(d: &Deadline<'_>, counted: &str) -> Html {
    let t = d.timescale;
    html! {
        <div class="summary-row">
            <dt>{ &t.label }</dt>
            <dd>
                <strong>{ format!("by {}", due_words(d.window.due)) }</strong>
                { format!(" ({counted})") }
                if let Some(note) = safeguard_core::deadline_note(d, crate::device::now_uk()) { <p class="warning-text"><strong>{ note }</strong></p> }
                if let Some(note) = window_note(&d.window) { <p class="warning-text">{ note }</p> }
                <p class="meta">{ &t.description }{ " " }<a href={t.source.clone()}>{ "Source" }</a></p>
            </dd>
        </div>
    }
}

/// The timescales that follow `event` from `start`, as seen at `now`, with the calendar
/// button.
fn dated(pack: &'static Pack, event: &Happening, start: Start, now: chrono::NaiveDateTime) -> Html {
    let found: Vec<Deadline<'_>> = pack
        .timescales()
        .filter(|t| t.counted_from.contains(&event.id))
        .filter_map(|t| deadline(pack, t, start))
        .map(|d| Deadline { window: d.window.as_of(now), ..d })
        .collect();
    let when = start_words(start);
    let version = &pack.info().version;
    let entries: Vec<CalendarEntry> = found.iter().map(|d| CalendarEntry::for_deadline(d, version)).collect();
    let calendar = crate::device::calendar_download(entries);
    html! {
        <section aria-labelledby="dates-title">
            <h2 id={RESULTS} tabindex="-1">{ format!("Dates that follow: {} on {when}", lower_first(&event.label)) }</h2>
            if found.is_empty() {
                <p>{ "No timescale in this guide is counted from that." }</p>
            } else {
                <dl class="summary-list">{ for found.iter().map(|d| deadline_row(d, &d.rule())) }</dl>
                <button type="button" class="button button-secondary" onclick={calendar}>{ "Add to calendar (.ics)" }</button>
                <p class="meta">{ "The calendar file is made on this device. It holds the due dates and what each is for, with the guidance version: no names or answers." }</p>
            }
        </section>
    }
}
