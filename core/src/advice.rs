//! The advice of a finished journey at one moment: the conclusion, the contacts to use now
//! (for each duty first, then for the general steps), the timescales as dates and the
//! escalation plan. [`crate::record`] renders it; the site and the API show it.

use chrono::{NaiveDate, NaiveDateTime};

use crate::contact::{Ask, ContactNow, contacts_now};
use crate::engine::{Conclusion, Session};
use crate::error::EngineError;
use crate::escalation::{Plan, plan};
use crate::ids::TimescaleId;
use crate::model::{Timescale, Urgency};
use crate::pack::Pack;
use crate::time::due_date;

/// A timescale with its due date.
#[derive(Clone, Copy, Debug)]
pub struct TimescaleDate<'p> {
    /// The timescale.
    pub timescale: &'p Timescale,
    /// When it is due, counted from the start date.
    pub due: NaiveDate,
}

/// Due dates of timescales counted from `start` (skipping ids that do not exist).
pub fn timescale_dates<'p>(pack: &'p Pack, ids: &[TimescaleId], start: NaiveDate) -> Vec<TimescaleDate<'p>> {
    let found: Vec<&Timescale> = ids.iter().filter_map(|id| pack.timescale(id.as_str())).collect();
    dated(pack, &found, start)
}

fn dated<'p>(pack: &'p Pack, timescales: &[&'p Timescale], start: NaiveDate) -> Vec<TimescaleDate<'p>> {
    timescales
        .iter()
        .filter_map(|t| {
            Some(TimescaleDate { timescale: t, due: due_date(start, t.duration(), pack.bank_holidays())? })
        })
        .collect()
}

/// Everything a finished journey shows, at one moment.
#[derive(Debug)]
pub struct Advice<'a> {
    /// What the journey concluded.
    pub conclusion: Conclusion<'a>,
    /// Whom to contact, as of `at`: the duties' contacts first, most urgent duty first, then
    /// the general steps'; each contact once.
    pub contacts: Vec<ContactNow<'a>>,
    /// Timescales as dates from the day of `at`.
    pub timescales: Vec<TimescaleDate<'a>>,
    /// The escalation plan, for an escalation outcome.
    pub plan: Option<Plan<'a>>,
    /// The UK local time the advice was made for.
    pub at: NaiveDateTime,
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
        duty.contacts.iter().enumerate().map(move |(i, role)| {
            let urgency = if i == 0 { duty.urgency } else { duty.urgency.min(Urgency::Routine) };
            Ask { role, urgency, duty: Some(duty) }
        })
    });
    let response = &conclusion.response;
    let general = response.contacts.iter().map(|role| Ask { role, urgency: response.urgency, duty: None });
    let asks: Vec<Ask<'a>> = for_duties.chain(general).collect();
    let contacts = contacts_now(pack, area, &asks, at);
    let timescales = dated(pack, &conclusion.timescales, at.date());
    let plan = match conclusion.escalation {
        Some((escalation, start, from)) => Some(plan(pack, escalation, area, start, from)?),
        None => None,
    };
    Ok(Advice { conclusion, contacts, timescales, plan, at })
}
