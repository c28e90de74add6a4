//! Who to contact now: the contact for a role in the child's area, whether it is open at
//! this moment, and if not, the out-of-hours alternative that is.
//!
//! Urgency decides what a closed contact means. For urgent and immediate matters the
//! practitioner uses the open alternative now. For routine and statutory matters they wait
//! for the contact to open: out-of-hours duty services are for emergencies, so they are
//! offered only "if things get worse". Either way an open contact is always named.

use chrono::NaiveDateTime;

use crate::front::{DoorService, Front, FrontDoor};
use crate::hours::{closes_at, first_open, is_open, next_opening};
use crate::ids::{AreaId, Role};
use crate::model::{Contact, Duty, Hours, Urgency};
use crate::pack::Pack;

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
#[derive(Clone, Debug)]
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
    /// How soon the matter it is for must be acted on.
    pub urgency: Urgency,
    /// What to do, given the urgency.
    pub when: When,
    /// The duties it is the contact for.
    pub duties: Vec<&'p Duty>,
    /// Whether it is also the contact for the outcome's general steps (the referral of the
    /// child, say), not only for its duties.
    pub general: bool,
    /// When an open primary closes within the hour, and the service to use after that: a
    /// practitioner who rings at 16:55 needs the out-of-hours number too.
    pub closes_soon: Option<(NaiveDateTime, &'p Contact)>,
}

impl<'p> ContactNow<'p> {
    /// The contact a duty names: the open alternative when it is to be used now, else the
    /// usual service (open now, or to be contacted when it opens). The page, the record and
    /// the scenario tests all name this one.
    pub fn named(&self) -> &'p Contact {
        if self.when == When::UseAlternative { self.now } else { self.primary }
    }
}

/// How long before a contact closes the guide names the service to use after it.
const CLOSING_SOON_MINUTES: i64 = 60;

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
    // Only for matters to act on today: routine and statutory ones wait for the next opening.
    let closes_soon = if primary_open && urgency >= Urgency::Urgent { closes_at(primary, at) } else { None }
        .filter(|close| *close - at <= chrono::TimeDelta::minutes(CLOSING_SOON_MINUTES))
        .and_then(|close| {
            let then = first_open(pack, primary, |c| is_open(pack, c, close)).ok()?;
            (then.id != primary.id).then_some((close, then))
        });
    let when = match (primary_open, urgency, primary_opens) {
        (true, _, _) => When::OpenNow,
        (false, Urgency::Routine | Urgency::Statutory, Some(_)) => When::WhenItOpens,
        (false, _, _) => When::UseAlternative,
    };
    Some(ContactNow {
        role,
        primary,
        primary_open,
        now,
        primary_opens,
        urgency,
        when,
        duties: Vec::new(),
        general: false,
        closes_soon,
    })
}

/// What a contact is wanted for: a role, how soon, and the duty it serves (none for the
/// outcome's general steps).
#[derive(Clone, Copy, Debug)]
pub struct Ask<'p> {
    /// The role.
    pub role: &'p Role,
    /// How soon.
    pub urgency: Urgency,
    /// The duty it is for.
    pub duty: Option<&'p Duty>,
}

/// [`contact_now`] for each ask, in order, skipping roles no contact plays. A contact asked
/// for more than once (the front door for two duties and the level) appears once, where it
/// was first asked for, with every duty it serves, routed for the most urgent of them.
pub fn contacts_now<'p>(
    pack: &'p Pack,
    area: Option<&AreaId>,
    asks: &[Ask<'p>],
    at: NaiveDateTime,
) -> Vec<ContactNow<'p>> {
    let mut out: Vec<ContactNow<'p>> = Vec::new();
    for ask in asks {
        let Some(mut now) = contact_now(pack, area, ask.role, ask.urgency, at) else { continue };
        now.duties.extend(ask.duty);
        now.general = ask.duty.is_none();
        match out.iter_mut().find(|c| c.primary.id == now.primary.id) {
            None => out.push(now),
            Some(held) => {
                let mut duties = std::mem::take(&mut held.duties);
                for d in now.duties.drain(..) {
                    if !duties.iter().any(|x| x.id == d.id) {
                        duties.push(d);
                    }
                }
                let general = held.general || now.general;
                if now.urgency > held.urgency {
                    let role = held.role;
                    *held = now;
                    held.role = role;
                }
                held.duties = duties;
                held.general = general;
            }
        }
    }
    out
}

/// The `tel:` address of a phone number as the pack writes it ("0330 222 6664" →
/// "tel:03302226664"): digits and a leading `+` only. One rule for the app, the page as
/// served and the widget's loading state.
pub fn tel_address(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{digits}")
}

/// When a contact answers, in words, for the contacts page: "Monday to Friday, 09:00 to
/// 17:00; closed on bank holidays", "At all hours, every day", or "When West Sussex
/// Integrated Front Door (IFD) is closed".
pub fn hours_text(pack: &Pack, contact: &Contact) -> String {
    match &contact.hours {
        Hours::Always { .. } => "At all hours, every day".to_owned(),
        Hours::Outside { outside } => {
            let other = pack.contact(outside.as_str()).map_or(outside.as_str(), |c| c.name.as_str());
            format!("Whenever {other} is closed: evenings, nights, weekends and bank holidays")
        }
        Hours::Sessions { sessions, bank_holidays } => {
            let times: Vec<String> = sessions
                .iter()
                .map(|s| {
                    format!(
                        "{}, {} to {}",
                        day_span(&s.days),
                        crate::calendar::clock(s.opens),
                        crate::calendar::clock(s.closes)
                    )
                })
                .collect();
            let holidays = match bank_holidays {
                crate::model::BankHolidayRule::Open => "open on bank holidays",
                crate::model::BankHolidayRule::Closed => "closed on bank holidays",
            };
            format!("{}; {holidays}", times.join("; "))
        }
    }
}

/// Days in words: a run of days as "Monday to Friday", others listed.
fn day_span(days: &[chrono::Weekday]) -> String {
    const NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let name =
        |d: &chrono::Weekday| NAMES.get(d.num_days_from_monday() as usize).copied().unwrap_or_default();
    let numbers: Vec<u32> = days.iter().map(chrono::Weekday::num_days_from_monday).collect();
    let run = numbers.windows(2).all(|w| w.get(1).copied() == w.first().map(|f| f + 1));
    match (days.first(), days.last()) {
        (Some(first), Some(last)) if run && days.len() > 2 => format!("{} to {}", name(first), name(last)),
        _ => days.iter().map(name).collect::<Vec<_>>().join(", "),
    }
}

impl Pack {
    /// This pack's front (see [`Front`]), with each area's front doors.
    pub fn front(&self) -> Front {
        Front {
            info: self.info().clone(),
            flows: self.flows().cloned().collect(),
            drafts: self.counts().drafts,
            hash: self.hash().to_owned(),
            validated: self.validated_on(),
            doors: self.front_doors(),
        }
    }

    /// Each area's children's services front door and the out-of-hours chain that covers it
    /// when it is closed: what the page as served, the widget's loading state and the pages
    /// that wait for the pack show, so none holds a number the guide itself does not.
    fn front_doors(&self) -> Vec<FrontDoor> {
        let role = Role::new("front-door");
        self.areas()
            .filter_map(|area| {
                let mut services = Vec::new();
                let mut next = self.contact_for(Some(&area.id), &role);
                // The out-of-hours chain: validation guarantees it ends at an open contact.
                let mut seen: Vec<&str> = Vec::new();
                while let Some(c) = next.filter(|c| !seen.contains(&c.id.as_str())) {
                    seen.push(c.id.as_str());
                    services.push(DoorService {
                        name: c.name.clone(),
                        phone: c.phone.clone(),
                        hours: hours_text(self, c),
                    });
                    next = c.out_of_hours.as_ref().and_then(|id| self.contact(id.as_str()));
                }
                (!services.is_empty()).then(|| FrontDoor {
                    area: area.id.clone(),
                    name: area.name.clone(),
                    services,
                })
            })
            .collect()
    }
}
