//! Who to contact now: the contact for a role in the child's area, whether it is open at
//! this moment, and if not, the out-of-hours alternative that is.
//!
//! Urgency decides what a closed contact means. For urgent and immediate matters the
//! practitioner uses the open alternative now. For routine matters they wait for the contact
//! to open: out-of-hours duty services are for emergencies, so they are offered only "if
//! things get worse". Either way an open contact is always named.

use chrono::NaiveDateTime;

use crate::ids::{AreaId, Role};
use crate::model::{Contact, Hours, Urgency};
use crate::pack::Pack;
use crate::time::{is_open, next_opening};

/// What the practitioner should do about a contact at this moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// The contact is open: use it now.
    OpenNow,
    /// It is closed and the matter is urgent: use the open alternative (`now`) now.
    UseAlternative,
    /// It is closed and the matter is routine: contact it when it opens; use the open
    /// alternative (`now`) only if the child comes to be at risk before then.
    WhenItOpens,
}

/// The advice for one role at one moment.
#[derive(Clone, Copy, Debug)]
pub struct ContactNow<'p> {
    /// The role asked for.
    pub role: &'p Role,
    /// The contact that plays the role for the area.
    pub primary: &'p Contact,
    /// Whether the primary contact is open now.
    pub primary_open: bool,
    /// The contact to use now: the primary if open, else the first open contact along its
    /// out-of-hours chain. Validation guarantees the chain always reaches an open contact;
    /// if it somehow does not, this is the last contact in the chain, never nothing.
    pub now: &'p Contact,
    /// When the primary next opens, if it keeps weekly sessions and is closed now.
    pub primary_opens: Option<NaiveDateTime>,
    /// What to do, given the urgency.
    pub when: When,
}

/// The contact to use now for `role` for a child in `area`, at UK local time `at`, for a
/// matter of the given urgency. `None` only when no contact plays that role (validation
/// rules that out for content).
pub fn contact_now<'p>(
    pack: &'p Pack,
    area: Option<&AreaId>,
    role: &'p Role,
    urgency: Urgency,
    at: NaiveDateTime,
) -> Option<ContactNow<'p>> {
    let primary = pack.contact_for(area, role)?;
    let primary_open = is_open(pack, primary, at);
    let now = first_open(pack, primary, |c| is_open(pack, c, at)).unwrap_or_else(|last| last);
    let primary_opens = if primary_open { None } else { next_opening(pack, primary, at) };
    let when = match (primary_open, urgency, primary_opens) {
        (true, _, _) => When::OpenNow,
        (false, Urgency::Routine, Some(_)) => When::WhenItOpens,
        (false, _, _) => When::UseAlternative,
    };
    Some(ContactNow { role, primary, primary_open, now, primary_opens, when })
}

/// [`contact_now`] for each role, in order, skipping roles no contact plays.
pub fn contacts_now<'p>(
    pack: &'p Pack,
    area: Option<&AreaId>,
    roles: &'p [Role],
    urgency: Urgency,
    at: NaiveDateTime,
) -> Vec<ContactNow<'p>> {
    roles.iter().filter_map(|r| contact_now(pack, area, r, urgency, at)).collect()
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
