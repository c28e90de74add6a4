//! Who to contact now: the contact for a role in the child's area, whether it is open at
//! this moment, and if not, the out-of-hours alternative that is.

use chrono::NaiveDateTime;

use crate::ids::{AreaId, Role};
use crate::model::{Contact, Hours};
use crate::pack::Pack;
use crate::time::{is_open, next_opening};

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
}

/// The contact to use now for `role` for a child in `area`, at UK local time `at`.
/// `None` only when no contact plays that role (validation rules that out for content).
pub fn contact_now<'p>(
    pack: &'p Pack,
    area: Option<&AreaId>,
    role: &'p Role,
    at: NaiveDateTime,
) -> Option<ContactNow<'p>> {
    let primary = pack.contact_for(area, role)?;
    let primary_open = is_open(pack, primary, at);
    let now = first_open(pack, primary, |c| is_open(pack, c, at)).unwrap_or_else(|last| last);
    let primary_opens = if primary_open { None } else { next_opening(pack, primary, at) };
    Some(ContactNow { role, primary, primary_open, now, primary_opens })
}

/// [`contact_now`] for each role, in order, skipping roles no contact plays.
pub fn contacts_now<'p>(
    pack: &'p Pack,
    area: Option<&AreaId>,
    roles: &'p [Role],
    at: NaiveDateTime,
) -> Vec<ContactNow<'p>> {
    roles.iter().filter_map(|r| contact_now(pack, area, r, at)).collect()
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
