//! The advice of a finished journey at one moment: the conclusion, the contacts to use now
//! (for each duty first, then for the general steps), the timescales as dates and the
//! escalation plan. [`crate::record`] renders it; the site and the API show it.

use chrono::NaiveDateTime;

use crate::calendar::{clock, long_date};
use crate::contact::{Ask, ContactNow, When, contacts_now};
use crate::dates::{CalendarEntry, Deadline, Start, deadline, urgent_deadline};
use crate::engine::{Conclusion, DUTIES_FIRST, Session};
use crate::error::EngineError;
use crate::escalation::{Plan, plan};
use crate::ids::{DutyId, TimescaleId};
use crate::model::{Event, Timescale, Urgency};
use crate::pack::Pack;

/// Deadlines of timescales counted from `start` (skipping ids that do not exist).
pub fn timescale_dates<'p>(pack: &'p Pack, ids: &[TimescaleId], start: Start) -> Vec<Deadline<'p>> {
    ids.iter().filter_map(|id| pack.timescale(id.as_str())).filter_map(|t| deadline(pack, t, start)).collect()
}

/// Something an outcome's timescales are counted from, and the date given for it.
#[derive(Clone, Copy, Debug)]
pub struct EventDate<'a> {
    /// The event.
    pub event: &'a Event,
    /// When it happened (or, planned, will), as the practitioner gave it.
    pub given: Option<Start>,
    /// Not given, but no later than another event given (`Event::taken_from`): when, and
    /// which.
    pub implied: Option<(Start, &'a Event)>,
}

impl EventDate<'_> {
    /// The date it is counted from: given, or else implied.
    pub fn date(&self) -> Option<Start> {
        self.given.or(self.implied.map(|(start, _)| start))
    }
}

/// Everything a finished journey shows, at one moment.
#[derive(Debug)]
pub struct Advice<'a> {
    /// What the journey concluded.
    pub conclusion: Conclusion<'a>,
    /// Whom to contact, as of `at`: most urgent first, and at the same urgency the duties'
    /// contacts before the general steps'; each contact once.
    pub contacts: Vec<ContactNow<'a>>,
    /// The timescales that have a date, as seen at `at`: counted from the date the
    /// practitioner gave for their event, or else from `at` for something taken to happen
    /// the day the guide is used (the practitioner recognises the risk, refers).
    pub timescales: Vec<Deadline<'a>>,
    /// Timescales counted from something whose date the guide cannot know (a strategy
    /// discussion, a child's return) and was not given: shown with what they are counted
    /// from, not dated.
    pub undated: Vec<&'a Timescale>,
    /// What the timescales are counted from, in the order they first come, each with the
    /// date given for it: the outcome asks each one's date.
    pub events: Vec<EventDate<'a>>,
    /// Timescales met by something given as done, or implied by a later step given, each with
    /// what met it (a referral made on Monday, or by the strategy discussion on Tuesday,
    /// meets "refer by"): said as done, not dated.
    pub met: Vec<(&'a Timescale, EventDate<'a>)>,
    /// The escalation plan, for an escalation outcome.
    pub plan: Option<Plan<'a>>,
    /// The UK local time the advice was made for.
    pub at: NaiveDateTime,
}

impl<'a> Advice<'a> {
    /// The contacts to name under a duty, most urgent first, each named once: a closed
    /// MARAC stands in with the police's 101, which the duty may name as well, and "Contact:
    /// Sussex Police 101; Sussex Police 101" reads as a fault. The contacts page lists each
    /// card still, with the closed service's form that can be sent now.
    pub fn duty_contacts(&self, duty: &DutyId) -> Vec<&ContactNow<'a>> {
        let mut named: Vec<&ContactNow<'a>> = Vec::new();
        for n in self.contacts.iter().filter(|n| n.duties.iter().any(|d| &d.id == duty)) {
            if !named.iter().any(|m| m.named().id == n.named().id) {
                named.push(n);
            }
        }
        named
    }

    /// The event with a date, given or implied, that `timescale` is counted from, if any
    /// (else it is counted from today, or not dated).
    pub fn dated_by(&self, timescale: &Timescale) -> Option<&EventDate<'a>> {
        dated_by(&self.events, timescale)
    }

    /// What to do now: the conclusion's steps ([`Conclusion::actions`]), with one more said
    /// before the level's own steps when they were written for office hours (a front door
    /// "in working hours", its online form), the service they name is closed now, and the
    /// matter cannot wait for it: which service to use instead. Such steps must not read as
    /// the way to act at 23:00 on a bank holiday; steps written to act on today already say
    /// what to do out of hours. The page, the record and the JS API list these.
    pub fn actions(&self) -> Vec<String> {
        let mut all: Vec<String> = self.conclusion.actions().map(str::to_owned).collect();
        let office_hours = self.conclusion.response.paced < Urgency::Urgent;
        if office_hours
            && let Some(c) = self.contacts.iter().find(|c| c.general && c.when == When::UseAlternative)
        {
            let opens = c
                .primary_opens
                .map(|o| format!(" (it opens {} at {})", long_date(o.date()), clock(o)))
                .unwrap_or_default();
            let phone = c.now.phone.as_deref().map(|p| format!(" on {p}")).unwrap_or_default();
            let line = format!(
                "{} is closed now{opens}. What cannot wait goes to {}{phone} now, not through the steps below: see \"Who to contact now\".",
                c.primary.name, c.now.name
            );
            let at = usize::from(all.first().is_some_and(|a| a == DUTIES_FIRST));
            all.insert(at, line);
        }
        all
    }
}

/// Where the contacts asked for at `urgency` are listed under "Who to contact now" (higher
/// first, ties in the order asked): most urgent first, a duty's contacts together (999
/// beside the police step that names it) and before the response's at the same urgency,
/// except a routine duty's (a helpline for the victim), which follow the routine
/// response's own front door.
fn listed(urgency: Urgency, duty: bool) -> u32 {
    let first = match (duty, urgency) {
        (true, Urgency::Routine) => 0,
        (true, _) | (false, Urgency::Routine) => 1,
        (false, _) => 0,
    };
    urgency as u32 * 2 + first
}

/// The advice for a finished journey at UK local time `at`.
pub fn advise<'a>(
    pack: &'a Pack,
    session: &'a Session,
    at: NaiveDateTime,
) -> Result<Advice<'a>, EngineError> {
    let conclusion = session.conclude(pack)?;
    let area = conclusion.path.area.map(|a| &a.id);
    // A duty's first contact is the way to act on it, at the duty's urgency; later ones are
    // further help (an advice line, a helpline), offered when they open.
    let for_duties = conclusion.duties.iter().flat_map(|found| {
        let duty = found.duty;
        let at = found.urgency;
        duty.contacts.iter().enumerate().map(move |(i, role)| {
            let urgency = if i == 0 { at } else { at.min(Urgency::Routine) };
            (listed(at, true), Ask { role, urgency, duty: Some(duty) })
        })
    });
    let response = &conclusion.response;
    let general = response
        .contacts
        .iter()
        .map(|role| (listed(response.urgency, false), Ask { role, urgency: response.urgency, duty: None }));
    let mut asks: Vec<(u32, Ask<'a>)> = for_duties.chain(general).collect();
    crate::sorted::sort_by_rank_desc(&mut asks, |(rank, _)| *rank);
    let asks: Vec<Ask<'a>> = asks.into_iter().map(|(_, ask)| ask).collect();
    let contacts = contacts_now(pack, area, &asks, at);
    let now = Start { date: at.date(), time: Some(at.time()) };
    // A timescale met by something given as done (a referral made on Monday) is not listed,
    // nor asked about.
    let met_by = |t: &'a Timescale| {
        t.met_by
            .iter()
            .find_map(|e| {
                let done = event_date(pack, session, pack.event(e.as_str())?);
                Some((t, done))
            })
            .filter(|(_, done)| done.date().is_some())
    };
    let mut met = Vec::new();
    let mut listed: Vec<&'a Timescale> = Vec::new();
    for t in &conclusion.timescales {
        match met_by(t) {
            Some(done) => met.push(done),
            None => listed.push(t),
        }
    }
    let events = asked_dates(pack, session, &listed);
    // From the date given for one of its events; else from now, when one is taken to
    // happen the day the guide is used; else not dated.
    let start = |t: &Timescale| {
        dated_by(&events, t).and_then(EventDate::date).or_else(|| {
            events.iter().any(|e| e.event.today && t.counted_from.contains(&e.event.id)).then_some(now)
        })
    };
    let mut timescales = Vec::new();
    let mut undated = Vec::new();
    // To act on today or now: what cannot wait is due the day it became known.
    let urgent = conclusion.urgency >= Urgency::Urgent;
    for t in listed {
        let dated = |from| if urgent { urgent_deadline(pack, t, from) } else { deadline(pack, t, from) };
        match start(t).and_then(dated) {
            Some(d) => timescales.push(Deadline { window: d.window.as_of(at), ..d }),
            None => undated.push(t),
        }
    }
    let plan = match conclusion.escalation {
        Some((escalation, start, from)) => Some(plan(pack, escalation, area, start, from, at)?),
        None => None,
    };
    Ok(Advice { conclusion, contacts, timescales, undated, events, met, plan, at })
}

/// The first of the events `t` is counted from that has a date, given or implied.
fn dated_by<'e, 'a>(events: &'e [EventDate<'a>], t: &Timescale) -> Option<&'e EventDate<'a>> {
    events.iter().filter(|e| t.counted_from.contains(&e.event.id)).find(|e| e.date().is_some())
}

/// The events `timescales` are counted from, each once in the order they first come, with
/// the dates the session gives for them.
fn asked_dates<'a>(pack: &'a Pack, session: &Session, timescales: &[&'a Timescale]) -> Vec<EventDate<'a>> {
    let mut events: Vec<EventDate<'a>> = Vec::new();
    for id in timescales.iter().flat_map(|t| &t.counted_from) {
        if let Some(event) = pack.event(id.as_str())
            && !events.iter().any(|e| e.event.id == event.id)
        {
            events.push(event_date(pack, session, event));
        }
    }
    events
}

/// `event` with the date given for it, or else implied by the earliest of its `taken_from`
/// events given.
fn event_date<'a>(pack: &'a Pack, session: &Session, event: &'a Event) -> EventDate<'a> {
    let dates = session.dates();
    let implied = event
        .taken_from
        .iter()
        .filter_map(|id| Some((*dates.get(id)?, pack.event(id.as_str())?)))
        .min_by_key(|(start, _)| start.moment());
    EventDate { event, given: dates.get(&event.id).copied(), implied }
}

/// Every due date of the advice, for a calendar file: the timescales counted from today, then
/// the escalation stages that have a date.
pub fn calendar(pack: &Pack, advice: &Advice<'_>) -> Vec<CalendarEntry> {
    let version = &pack.info().version;
    let timescales = advice.timescales.iter().map(|d| CalendarEntry::for_deadline(d, version));
    let stages = advice.plan.iter().flat_map(|p| &p.stages).filter_map(|s| s.calendar_entry(version));
    timescales.chain(stages).collect()
}
