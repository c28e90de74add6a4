//! How current a copy of the guidance is. An offline copy of safeguarding guidance is only
//! safe if it knows its own age: contacts change, and so do procedures.
//!
//! The core reads no clock: the host passes the day the copy was made (its build) and the
//! device's date, and shows what comes back.

use chrono::NaiveDate;

use crate::Pack;
use crate::pack::SourcedItem;

/// A copy older than this many days asks to be refreshed before it is relied on.
pub const STALE_AFTER_DAYS: i64 = 30;

/// What a host should say about the age of its copy of the guidance.
#[derive(Clone, Debug)]
pub struct Freshness<'p> {
    /// The day this copy was made (validated and built).
    pub copied: NaiveDate,
    /// Whether the copy is more than [`STALE_AFTER_DAYS`] old on `today`.
    pub stale: bool,
    /// Items past their review date on `today` (see [`crate::model::REVIEW_MONTHS`]).
    pub overdue: Vec<SourcedItem<'p>>,
}

impl Freshness<'_> {
    /// Whether there is anything to warn about.
    pub fn needs_warning(&self) -> bool {
        self.stale || !self.overdue.is_empty()
    }
}

/// Judges `pack`, copied on `copied`, as seen on `today`.
pub fn freshness(pack: &Pack, copied: NaiveDate, today: NaiveDate) -> Freshness<'_> {
    let stale = (today - copied).num_days() > STALE_AFTER_DAYS;
    let overdue = pack.sourced_items().into_iter().filter(|item| item.provenance.overdue(today)).collect();
    Freshness { copied, stale, overdue }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn pack() -> Pack {
        let text = include_str!("../../tests/fixtures/base.toml");
        Pack::load(&[crate::SourceFile { path: "base.toml", text }], day("2026-11-23")).unwrap().pack
    }

    #[test]
    fn a_copy_turns_stale_after_thirty_days() {
        let pack = pack();
        let copied = day("2026-11-01");
        assert!(!freshness(&pack, copied, day("2026-12-01")).stale, "30 days is not yet stale");
        assert!(freshness(&pack, copied, day("2026-12-02")).stale, "31 days is stale");
        assert!(!freshness(&pack, copied, day("2026-10-01")).stale, "a clock set back is not stale");
    }

    #[test]
    fn items_past_their_review_date_are_listed() {
        let pack = pack();
        let total = pack.sourced_items().len();
        let copied = day("2026-11-23");
        let now = freshness(&pack, copied, copied);
        let later = freshness(&pack, copied, day("2040-01-01"));
        assert!(now.overdue.len() < total);
        assert_eq!(pack.info().updated(copied), copied, "with no changelog, the copy's own day");
        assert_eq!(later.overdue.len(), total, "every item is overdue in 2040");
        assert!(later.needs_warning());
    }
}
