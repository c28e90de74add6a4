//! Opening hours: whether a contact answers at a moment, and when it next opens.
//!
//! Above the pack (it follows a contact's `outside` reference and reads the bank holidays the
//! pack holds); below validation, which checks with it that every contact leads to one that
//! is open at every moment of the week, and below the contact routing in [`crate::contact`].

use chrono::{Datelike, Days, NaiveDateTime, NaiveTime, Weekday};

use crate::model::{BankHolidayRule, Contact, Hours};
use crate::pack::Pack;

/// How deep `outside` references may nest; content validation refuses cycles, this guards
/// the engine against a pack that was never validated.
const MAX_DEPTH: usize = 8;

/// Whether a contact answers at a UK local date and time.
pub fn is_open(pack: &Pack, contact: &Contact, at: NaiveDateTime) -> bool {
    let holiday = pack.bank_holidays().contains(&at.date());
    open_on(pack, contact, at.weekday(), at.time(), holiday)
}

/// Whether a contact answers on a weekday at a time, on a bank holiday or not. Validation
/// uses this to check every hour of the week without picking real dates.
pub(crate) fn open_on(pack: &Pack, contact: &Contact, day: Weekday, time: NaiveTime, holiday: bool) -> bool {
    open_at_depth(pack, contact, day, time, holiday, 0)
}

fn open_at_depth(
    pack: &Pack,
    contact: &Contact,
    day: Weekday,
    time: NaiveTime,
    holiday: bool,
    depth: usize,
) -> bool {
    match &contact.hours {
        Hours::Always { always } => *always,
        Hours::Outside { outside } => match pack.contact(outside.as_str()) {
            Some(other) if depth < MAX_DEPTH => !open_at_depth(pack, other, day, time, holiday, depth + 1),
            _ => false,
        },
        Hours::Sessions { sessions, bank_holidays } => {
            if holiday && *bank_holidays == BankHolidayRule::Closed {
                return false;
            }
            sessions.iter().any(|s| s.days.contains(&day) && s.opens <= time && time < s.closes)
        }
    }
}

/// When a contact with weekly sessions next opens after `at`, looking up to three weeks
/// ahead (long enough to pass Christmas). `None` for contacts without sessions.
pub fn next_opening(pack: &Pack, contact: &Contact, at: NaiveDateTime) -> Option<NaiveDateTime> {
    let Hours::Sessions { sessions, bank_holidays } = &contact.hours else {
        return None;
    };
    (0..21u64)
        .filter_map(|d| at.date().checked_add_days(Days::new(d)))
        .filter(|date| *bank_holidays == BankHolidayRule::Open || !pack.bank_holidays().contains(date))
        .flat_map(|date| {
            sessions
                .iter()
                .filter(move |s| s.days.contains(&date.weekday()))
                .map(move |s| date.and_time(s.opens))
        })
        .filter(|opens| *opens > at)
        .min()
}

/// The first contact along `start`'s out-of-hours chain (`start` itself first) for which
/// `open` holds, or `Err` with the last contact of the chain if none is open. A contact open
/// `outside` another's hours falls back to that other one when it is closed itself. Stops at
/// a repeated contact, so a looping chain cannot hang.
pub(crate) fn first_open<'p>(
    pack: &'p Pack,
    start: &'p Contact,
    open: impl Fn(&Contact) -> bool,
) -> Result<&'p Contact, &'p Contact> {
    let mut current = start;
    let mut seen = vec![&start.id];
    loop {
        if open(current) {
            return Ok(current);
        }
        let complement = match &current.hours {
            Hours::Outside { outside } => Some(outside),
            _ => None,
        };
        let next = current.out_of_hours.as_ref().or(complement);
        match next.and_then(|id| pack.contact(id.as_str())) {
            Some(next) if !seen.contains(&&next.id) => {
                seen.push(&next.id);
                current = next;
            }
            _ => return Err(current),
        }
    }
}

/// When a contact that is open at `at` closes next, if it keeps weekly sessions.
pub fn closes_at(contact: &Contact, at: NaiveDateTime) -> Option<NaiveDateTime> {
    let Hours::Sessions { sessions, .. } = &contact.hours else {
        return None;
    };
    let (day, time) = (at.weekday(), at.time());
    sessions
        .iter()
        .filter(|s| s.days.contains(&day) && s.opens <= time && time < s.closes)
        .map(|s| at.date().and_time(s.closes))
        .max()
}
