//! The outcome page: the level and why, what to do now, who to contact now (from the
//! device clock, in UK time), procedures, dates, the escalation plan and the record.

use chrono::NaiveDateTime;
use safeguard_core::model::{Chapter, Contact, Level, Status, Urgency};
use safeguard_core::{
    Advice, ContactNow, Pack, Plan, Session, When, advise, chapter_label, clock, due_note, long_date,
    purpose, render, short_date, stage_due, stage_length, start_words, tel_address, urgency_words,
    window_note,
};
use yew::prelude::*;

use crate::device::{calendar_download, download, now_uk};
use crate::host::Completion;
use crate::journey::{After, finished, navigate, page_changing, session_of, step_route};
use crate::route::Route;
use crate::state::{Action, CopiedFrom, Ctx};

/// The outcome of a finished journey.
pub fn result_page(state: &Ctx, pack: &'static Pack, flow: &str) -> (Html, After) {
    let Some(session) = session_of(state, pack, flow) else { return (Html::default(), After::Nothing) };
    if !finished(pack, &session) {
        return (Html::default(), After::Redirect(step_route(pack, flow, &session)));
    }
    let advice = match advise(pack, &session, now_uk()) {
        Ok(a) => a,
        Err(e) => {
            let page =
                html! { <><h1 tabindex="-1">{ "Something went wrong" }</h1><p>{ e.to_string() }</p></> };
            return (page, After::Nothing);
        }
    };
    // The record is made when it is copied, downloaded or shown, not each time the page is
    // drawn: most drawings of this page never need it.
    let record = Record { pack, session: session.clone(), at: advice.at };
    let copy = {
        let (record, state) = (record.clone(), state.clone());
        Callback::from(move |_: MouseEvent| copy_text(&state, record.plain()))
    };
    let download = |text: fn(&Record) -> String, extension: &'static str, mime: &'static str| {
        let record = record.clone();
        Callback::from(move |_: MouseEvent| {
            let at = record.at;
            let name =
                format!("safeguarding-record-{}-{}.{extension}", at.date(), clock(at).replace(':', ""));
            download(&text(&record), &name, mime)
        })
    };
    let entries = safeguard_core::calendar(pack, &advice);
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let restart = {
        let (state, flow) = (state.clone(), flow.to_owned());
        page_changing(move || {
            state.dispatch(Action::Clear(Some(flow.clone()), Route::Start(flow.clone())));
            navigate(&state, &Route::Start(flow.clone()));
        })
    };
    let c = &advice.conclusion;
    let completion = Completion {
        journey: flow.to_owned(),
        level: c.assessment.as_ref().map(|a| (a.level.number, a.level.name.clone())),
    };
    let draft = c.outcome.status == Status::Draft
        || c.assessment.as_ref().is_some_and(|a| a.level.status == Status::Draft);
    // The outcome's own follow-up question (on the 999 page: where the child lives).
    let follow_up = c.outcome.follow_up.as_ref().and_then(|id| pack.node(id.as_str()));
    let (follow_up, problem) = match follow_up {
        Some(node) => {
            let (form, after) = crate::forms::follow_up_form(state, pack, flow, node, &session);
            (form, after)
        }
        None => (Html::default(), After::Nothing),
    };
    let (timescales, dates_problem) = crate::outcome_dates::timescales(state, pack, flow, &session, &advice);
    let page = html! {
        <>
            { panel(&advice) }
            if draft {
                <div class="warning" role="note">
                    <strong>{ "Draft guidance. " }</strong>
                    { "Parts of this advice are drafts still being checked with the partnership. Use your judgement and check with your safeguarding lead." }
                </div>
            }
            { duties(&advice) }
            if let Some(a) = &c.assessment {
                { diagram(&a.area.level, a.level, &a.area.framework) }
                <h2>{ "Why this level" }</h2>
                if a.reasons.is_empty() {
                    <p>{ "You did not choose any of the listed signs, so the lowest level applies." }</p>
                } else {
                    <ul class="list reasons">
                        { for a.reasons.iter().map(|r| html! {
                            <li>
                                { &r.indicator.text }
                                if r.presence == safeguard_core::Presence::NotSure { <strong>{ " (not sure: counted, to be safe)" }</strong> }
                                <span class="meta">{ format!(" Level {}; {}. ", r.level.number, r.domain.name) }
                                    <a href={r.indicator.source.clone()}>{ "Source" }</a>
                                    { format!(", reviewed {}", r.indicator.reviewed) }
                                    if r.indicator.status == Status::Draft { { " (draft)" } }
                                </span>
                            </li>
                        }) }
                        { for a.rules.iter().filter(|f| f.reaches).map(|f| html! {
                            <li>
                                { &f.rule.description }
                                <strong>{ if f.raised { format!(" This raised the level to {}.", f.level.number) } else { format!(" This points to level {}.", f.level.number) } }</strong>
                                <span class="meta">{ " " }<a href={f.rule.source.clone()}>{ "Source" }</a></span>
                            </li>
                        }) }
                    </ul>
                }
            }
            <h2>{ "What to do now" }</h2>
            <ol class="list list-number">
                { for advice.actions().into_iter().map(|a| html! { <li>{ a }</li> }) }
            </ol>
            if !advice.contacts.is_empty() {
                <h2 id="contacts-now" tabindex="-1">{ "Who to contact now" }</h2>
                <p class="meta">{ format!("Worked out for {} at {} (UK time).", long_date(advice.at.date()), clock(advice.at)) }</p>
                <ul class="list contacts">{ for advice.contacts.iter().map(contact_now) }</ul>
            }
            { follow_up }
            { procedures(pack, &c.chapters) }
            { timescales }
            if let Some(plan) = &advice.plan {
                { escalation(pack, plan, advice.at) }
                { crate::saved::save_form(state, flow, &session, &format!("{} at {}", long_date(advice.at.date()), clock(advice.at))) }
            }
            { follow_up_line(pack, &advice) }
            <h2>{ "Keep a record" }</h2>
            <p>{ "The record holds your answers, the advice and the dates, with the guidance version. It holds no names: keep it that way when you add it to your notes." }</p>
            <div class="button-group no-print">
                <button type="button" class="button button-secondary" onclick={copy}>{ "Copy the record" }</button>
                <button type="button" class="button button-secondary" onclick={download(Record::plain, "txt", "text/plain;charset=utf-8")}>{ "Download the record (.txt)" }</button>
                <button type="button" class="button button-secondary" onclick={download(Record::markdown, "md", "text/markdown;charset=utf-8")}>{ "Download as Markdown (.md)" }</button>
                if !entries.is_empty() {
                    <button type="button" class="button button-secondary" onclick={calendar_download(entries)}>{ "Add the due dates to a calendar (.ics)" }</button>
                }
                <button type="button" class="button button-secondary" onclick={print}>{ "Print this page" }</button>
            </div>
            <p class="meta" role="status">{ match state.copied {
                Some(true) => "The record has been copied. Paste it into your notes or referral form.",
                Some(false) => "The record could not be copied here. Use Download instead.",
                None => "",
            } }</p>
            <RecordShown {record} />
            <div class="button-group no-print">
                <a class="button button-secondary" role="button" href={Route::Check(flow.to_owned()).href()}>{ "Check or change your answers" }</a>
                <button type="button" class="button button-secondary" onclick={restart}>{ "Start a new journey" }</button>
            </div>
        </>
    };
    // A follow-up answer moves focus to the contacts it brings; a problem, to its summary.
    let problem = match (problem, dates_problem) {
        (After::Nothing, Some(message)) => After::ShowProblem(message),
        (problem, _) => problem,
    };
    let after = match (problem, state.focus_next) {
        (After::Nothing, Some(id)) => After::FocusOn(id),
        // The host is told once per set of answers: a date given on this page is no new
        // outcome.
        (After::Nothing, None) => After::Completed(
            completion,
            Session::from_answers(session.flow().clone(), session.answers().clone()),
        ),
        (shown, _) => shown,
    };
    (page, after)
}

/// The record of an outcome: the answers, the advice and the dates, as Markdown for those
/// who want it and as plain text that any computer opens. Made again from the answers and
/// the moment the page was worked out for, which give the same advice, so it always says
/// what the page says, even when a service has opened or closed since.
#[derive(Clone)]
struct Record {
    pack: &'static Pack,
    session: Session,
    at: NaiveDateTime,
}

impl PartialEq for Record {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.pack, other.pack) && self.session == other.session && self.at == other.at
    }
}

impl Record {
    fn markdown(&self) -> String {
        // The page was drawn from the same answers and moment, so this cannot fail here; if it
        // ever did, the record says why rather than being empty.
        advise(self.pack, &self.session, self.at).map_or_else(|e| e.to_string(), |a| render(self.pack, &a))
    }

    fn plain(&self) -> String {
        safeguard_core::plain_text(&self.markdown())
    }
}

#[derive(Properties, PartialEq)]
struct RecordProps {
    record: Record,
}

/// "Show the record": the record is written out only once it is opened.
#[component]
fn RecordShown(props: &RecordProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(e.target_dyn_into::<web_sys::Element>().is_some_and(|d| d.has_attribute("open")))
        })
    };
    html! {
        <details class="no-print record-details" {ontoggle}>
            <summary>{ "Show the record" }</summary>
            if *open { <pre class="record">{ props.record.markdown() }</pre> }
        </details>
    }
}

/// How soon to act, as the panel's colour: act now or today (red), a statutory step that is
/// not an emergency (amber), support (blue).
fn urgency_mark(u: Urgency) -> &'static str {
    match u {
        Urgency::Immediate => "now",
        Urgency::Urgent => "today",
        Urgency::Statutory => "statutory",
        Urgency::Routine => "support",
    }
}

fn panel(advice: &Advice<'_>) -> Html {
    let c = &advice.conclusion;
    let (label, sentence) = urgency_words(c.urgency);
    let mark = urgency_mark(c.urgency);
    let (title, lines): (String, Vec<&str>) = match &c.assessment {
        Some(a) => (
            format!("Level {}: {}", a.level.number, a.level.name),
            vec![&a.area.framework, a.response.summary],
        ),
        None => (c.outcome.title.clone(), vec![&c.outcome.summary]),
    };
    html! {
        <div class="panel" data-urgency={mark}>
            <p class="panel-tag"><span class="visually-hidden">{ "How soon: " }</span>{ label }</p>
            <h1 class="panel-title" tabindex="-1">{ title }</h1>
            { for lines.into_iter().map(|l| html! { <p class="panel-body">{ l }</p> }) }
            <p class="panel-body">{ sentence }</p>
        </div>
    }
}

/// What the practitioner must do because of what they found, first, each with its contact
/// now and why.
fn duties(advice: &Advice<'_>) -> Html {
    let found = &advice.conclusion.duties;
    if found.is_empty() {
        return Html::default();
    }
    html! {
        <section class="duties" aria-labelledby="duties-title">
            <h2 id="duties-title">{ "Do these first" }</h2>
            <p>{ "What you found brings these steps, whatever the level. The contact for each is worked out for now." }</p>
            <ol class="list duty-list">
                { for found.iter().map(|f| {
                    let d = f.duty;
                    let contacts = advice.duty_contacts(&d.id);
                    html! {
                        <li class="duty" data-urgency={urgency_mark(f.urgency)}>
                            <h3 class="duty-title">{ &d.title }<span class="tag">{ urgency_words(f.urgency).0 }</span></h3>
                            <p>{ &d.text }</p>
                            { for contacts.iter().map(|n| {
                                let use_now = n.named();
                                html! {
                                    <p class="duty-contact"><strong>{ "Contact: " }</strong>{ &use_now.name }
                                        if let Some(p) = &use_now.phone { { ", " }<a href={tel_address(p)}>{ p }</a> }
                                        { match n.when {
                                            When::OpenNow => " (open now)",
                                            When::UseAlternative => " (open now, in place of the usual service)",
                                            When::WhenItOpens => " (closed now: see Who to contact now)",
                                        } }
                                    </p>
                                }
                            }) }
                            <p class="meta">{ format!("Why: {} ", d.why) }<a href={d.source.clone()}>{ "Source" }</a>
                                if d.status == Status::Draft { { " (draft)" } }</p>
                            <p class="meta">{ "Because you said:" }</p>
                            <ul class="list list-bullet meta">{ for f.because.iter().map(|b| html! { <li>{ b }</li> }) }</ul>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// The area's levels drawn as a strip, lowest to highest, with this child's level marked;
/// the text alternative says the same in words.
fn diagram(levels: &[Level], level: &Level, framework: &str) -> Html {
    let n = levels.len().max(1) as u32;
    let width = 600u32;
    let cell = width / n;
    let alt = format!(
        "{framework} has {n} levels, from level 1 ({}) to level {n} ({}). This child's level is {}: {}.",
        levels.first().map_or("", |l| l.name.as_str()),
        levels.last().map_or("", |l| l.name.as_str()),
        level.number,
        level.name
    );
    html! {
        <figure class="diagram">
            <svg viewBox={format!("0 0 {width} 90")} role="img" aria-labelledby="levels-title" class="levels">
                <title id="levels-title">{ alt.clone() }</title>
                { for levels.iter().enumerate().map(|(i, l)| {
                    let x = cell * i as u32;
                    let here = l.id == level.id;
                    html! {
                        <g>
                            <rect x={x.to_string()} y="10" width={(cell - 4).to_string()} height="50"
                                class="level-box" data-here={here.then_some("")} />
                            <text x={(x + cell / 2).to_string()} y="42" text-anchor="middle" class="level-number">{ l.number.to_string() }</text>
                            if here {
                                <text x={(x + cell / 2).to_string()} y="82" text-anchor="middle" class="level-marker">{ "This child" }</text>
                            }
                        </g>
                    }
                }) }
            </svg>
            <figcaption class="meta">{ alt }</figcaption>
        </figure>
    }
}

pub(crate) fn ways(c: &Contact) -> Html {
    html! {
        <ul class="list ways">
            if let Some(p) = &c.phone { <li>{ "Phone: " }<a href={tel_address(p)}>{ p }</a></li> }
            if let Some(t) = &c.textphone { <li>{ format!("Textphone: {t}") }</li> }
            { for c.other_phones.iter().map(|o| html! { <li>{ format!("{}: ", o.label) }<a href={tel_address(&o.number)}>{ &o.number }</a></li> }) }
            if let Some(e) = &c.email { <li>{ "Email: " }<a href={format!("mailto:{e}")}>{ e }</a></li> }
            if let Some(w) = &c.web_form { <li><a href={w.clone()}>{ "Online form or website" }</a></li> }
            <li class="meta">{ format!("{}. ", c.use_for.trim_end_matches('.')) }<a href={c.source.clone()}>{ "Source" }</a>{ format!(", reviewed {}", c.reviewed) }
                if c.status == Status::Draft { { " (draft: check before relying on it)" } }</li>
        </ul>
    }
}

fn contact_now(now: &ContactNow<'_>) -> Html {
    let p = now.primary;
    let purpose =
        purpose(now).map(|p| html! { <p class="contact-for"><strong>{ "For: " }</strong>{ p }</p> });
    // A form or an email can be sent while the service is closed; it is read when it opens.
    let still = (p.web_form.is_some() || p.email.is_some()).then(|| html! {
        <>
            <p>{ format!("You can still send {}'s form or email now; it is read when they open:", p.name) }</p>
            { ways(p) }
        </>
    });
    let opens = now
        .primary_opens
        .map(|o| format!(" It opens {} at {}.", long_date(o.date()), clock(o)))
        .unwrap_or_default();
    match now.when {
        When::OpenNow => html! {
            <li class="contact">
                <h3>{ &p.name }<span class="tag tag-open">{ "open now" }</span></h3>
                { purpose.clone() }
                { ways(p) }
                if let Some((close, then)) = now.closes_soon {
                    <p><strong>{ format!("It closes at {}. After that, use {}:", clock(close), then.name) }</strong></p>
                    { ways(then) }
                }
            </li>
        },
        When::UseAlternative => html! {
            <li class="contact">
                <h3>{ &now.now.name }<span class="tag tag-open">{ "open now" }</span></h3>
                { purpose.clone() }
                <p>{ format!("{} is closed now.{opens} Use this service now instead.", p.name) }</p>
                { ways(now.now) }
                { still }
            </li>
        },
        When::WhenItOpens => html! {
            <li class="contact">
                <h3>{ &p.name }<span class="tag">{ "closed now" }</span></h3>
                { purpose }
                if p.web_form.is_some() || p.email.is_some() {
                    <p>{ format!("Send their form or email now: it is read when they open.{opens} Or phone them then.") }</p>
                } else {
                    <p>{ format!("Contact them when they open.{opens}") }</p>
                }
                { ways(p) }
                <p><strong>{ format!("If you come to think the child is at risk of harm before then: {}", now.now.name) }</strong></p>
                { ways(now.now) }
            </li>
        },
    }
}

fn procedures(pack: &Pack, chapters: &[&Chapter]) -> Html {
    if chapters.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <h2>{ "Procedures that apply" }</h2>
            <ul class="list">
                { for chapters.iter().map(|ch| html! { <li>{ chapter_link(pack, ch) }</li> }) }
            </ul>
        </>
    }
}

/// A chapter as a link to its address, or as its name with a note where no address is held.
pub(crate) fn chapter_link(pack: &Pack, ch: &Chapter) -> Html {
    let label = chapter_label(pack, ch);
    html! {
        <>
            if let Some(url) = &ch.url {
                <a href={url.clone()}>{ label }</a>
            } else {
                { label }<span class="meta">{ " (no address is held for this chapter yet: look it up on the procedures site)" }</span>
            }
            if ch.status == Status::Draft { <span class="tag">{ "draft" }</span> }
        </>
    }
}

fn escalation(pack: &Pack, plan: &Plan<'_>, at: NaiveDateTime) -> Html {
    let e = plan.escalation;
    let n = plan.stages.len().max(1) as u32;
    let step = 560 / n;
    html! {
        <section class="escalation">
            <h2>{ &e.title }</h2>
            <div class="warning" role="note"><strong>{ "If the child is at risk now: " }</strong>{ &e.immediate_risk }</div>
            <h3>{ "The Professional Difference Statement" }</h3>
            <p class="inset">{ &e.statement }</p>
            <figure class="diagram">
                <svg viewBox="0 0 600 110" role="img" aria-labelledby="timeline-title" class="timeline">
                    <title id="timeline-title">{ format!("Timeline of {} stages, each with its due date.", plan.stages.len()) }</title>
                    <line x1="20" y1="40" x2="580" y2="40" class="timeline-line" />
                    { for plan.stages.iter().enumerate().map(|(i, s)| {
                        let x = 20 + step * i as u32 + step / 2;
                        html! {
                            <g>
                                <circle cx={x.to_string()} cy="40" r="10" class="timeline-dot" />
                                <text x={x.to_string()} y="20" text-anchor="middle" class="timeline-label">{ format!("Stage {}", s.number) }</text>
                                <text x={x.to_string()} y="75" text-anchor="middle" class="timeline-date">{ s.due().map_or_else(|| s.stage.timing.clone().unwrap_or_default(), |d| short_date(d.date())) }</text>
                            </g>
                        }
                    }) }
                </svg>
            </figure>
            <ol class="list stages">
                { for plan.stages.iter().map(|s| html! {
                    <li class="stage">
                        <h3>{ format!("{}: {}", s.stage.title, stage_due(s)) }</h3>
                        <p>{ format!("Who: {}", s.stage.who) }</p>
                        <p class="meta">
                            { s.starts.map(|d| format!("Starts {}. ", start_words(d))).unwrap_or_default() }
                            { stage_length(pack, s.stage).map(|d| format!("Allow {d}. ")).unwrap_or_default() }
                            if s.stage.status == Status::Draft { <strong>{ "Draft: this stage is still being checked with the partnership." }</strong> }
                        </p>
                        if let Some(note) = s.window.as_ref().and_then(|w| due_note(w, at)) { <p class="warning-text"><strong>{ note }</strong></p> }
                        if let Some(note) = s.window.as_ref().and_then(window_note) { <p class="warning-text">{ note }</p> }
                        if let Some(note) = s.area_note { <p><strong>{ "In this area: " }</strong>{ note }</p> }
                        <ul class="list list-bullet">{ for s.stage.actions.iter().map(|a| html! { <li>{ a }</li> }) }</ul>
                        if let Some(c) = s.contact { <p>{ format!("Contact: {}", c.name) }</p>{ ways(c) } }
                    </li>
                }) }
            </ol>
            <h3>{ "What to record at every stage" }</h3>
            <ul class="list list-bullet">{ for e.record.iter().map(|r| html! { <li>{ r }</li> }) }</ul>
            <p>{ "Other dates, such as those that follow a referral, a strategy discussion or a conference: " }
                <a href={Route::Timescales(None).href()}>{ "work out the timescales" }</a>{ "." }</p>
        </section>
    }
}

fn follow_up_line(pack: &Pack, advice: &Advice<'_>) -> Html {
    let Some(t) = advice.timescales.iter().find(|t| t.timescale.follow_up) else { return Html::default() };
    let escalation = pack.info().escalation_flow.as_ref().map(|f| Route::Start(f.to_string()));
    html! {
        <div class="inset">
            <p>{ safeguard_core::follow_up_words(t, advice.at) }{ " " }
                if let Some(route) = escalation {
                    { "If you disagree with the decision, " }<a href={route.href()}>{ "use the escalation steps" }</a>{ "." }
                }
            </p>
        </div>
    }
}

/// Copies text to the clipboard and then says whether it was copied: only once the browser
/// has answered, since it may refuse (no permission, the page not focused, an intranet's
/// policy), and a practitioner told "copied" would not keep the record another way.
/// Pages not served over HTTPS have no clipboard at all: that is a "could not", not an error.
fn copy_text(state: &Ctx, text: String) {
    let of = CopiedFrom::of(state);
    let navigator = web_sys::window().map(|w| w.navigator());
    let has_clipboard = navigator.as_ref().is_some_and(|n| {
        js_sys::Reflect::get(n, &wasm_bindgen::JsValue::from_str("clipboard")).is_ok_and(|c| c.is_object())
    });
    let Some(navigator) = navigator.filter(|_| has_clipboard) else {
        return state.dispatch(Action::Copied(of, false));
    };
    let written = wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(&text));
    let state = state.clone();
    yew::platform::spawn_local(async move {
        let copied = written.await.is_ok();
        state.dispatch(Action::Copied(of, copied));
    });
}
