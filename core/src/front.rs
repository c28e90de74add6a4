//! The front of a pack: the little a host needs to show the guide's first pages (home, a
//! journey's start, the header and the footer) before the whole pack has arrived, and each
//! area's front door and out-of-hours numbers for the pages that wait for it.
//!
//! Why: on a slow line the module and the pack share the bandwidth, so a start page that
//! waits for both is interactive only once both are in. The front is a file of its own of a
//! kilobyte or so, written by the same build from the same validated pack and read by the
//! same never-panicking reader; the host asks for the pack so that it arrives after the
//! module, and the questions, outcomes and reference pages wait for it, showing 999 and the
//! front doors meanwhile. A front names its pack's fingerprint, so a pack of another version
//! is refused rather than shown under its front. It is built by `Pack::front` (in
//! `contact.rs`, which works out the front doors).

use chrono::NaiveDate;

use crate::ids::AreaId;
use crate::model::{Flow, PackInfo};
use crate::pack::Pack;

/// The front of a [`Pack`] (see the module documentation). Its compiled form is read and
/// written in `load.rs`, beside the pack's.
#[derive(Debug)]
pub struct Front {
    pub(crate) info: PackInfo,
    pub(crate) flows: Vec<Flow>,
    pub(crate) drafts: usize,
    pub(crate) hash: String,
    pub(crate) validated: NaiveDate,
    pub(crate) doors: Vec<FrontDoor>,
}

/// The heading over the front doors wherever they are listed before the guide can say more:
/// the page as served and the pages waiting for the pack.
pub const DOORS_HEADING: &str = "Who to contact about a child";

/// The sentence under [`DOORS_HEADING`].
pub const DOORS_INTRO: &str = "Use the service for where the child lives. Ring the out-of-hours number only when the front door is closed.";

/// One area's children's services front door and the out-of-hours services that cover it
/// when it is closed, in order, with numbers and hours in the words of the contacts page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontDoor {
    /// The area's id.
    pub area: AreaId,
    /// The area's name.
    pub name: String,
    /// The front door first, then its out-of-hours chain.
    pub services: Vec<DoorService>,
}

/// A service in a [`FrontDoor`]'s chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoorService {
    /// The service's name.
    pub name: String,
    /// Its phone number as shown, if it has one.
    pub phone: Option<String>,
    /// When it is open, in words (see [`crate::hours_text`]).
    pub hours: String,
}

impl Front {
    /// The pack as a whole: its title, version, judgement statement…
    pub fn info(&self) -> &PackInfo {
        &self.info
    }

    /// The journeys, in the pack's order.
    pub fn flows(&self) -> impl Iterator<Item = &Flow> {
        self.flows.iter()
    }

    /// A journey by id.
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.iter().find(|f| f.id.as_str() == id)
    }

    /// How many of the pack's sourced items are still drafts.
    pub fn drafts(&self) -> usize {
        self.drafts
    }

    /// The pack's fingerprint ([`Pack::hash`]).
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The day the pack passed validation ([`Pack::validated_on`]).
    pub fn validated_on(&self) -> NaiveDate {
        self.validated
    }

    /// Each area's front door and out-of-hours services, in the pack's order of areas.
    pub fn doors(&self) -> &[FrontDoor] {
        &self.doors
    }

    /// The front doors to show where the host named an area: that area's, or every area's
    /// when it names none the guide knows (a child may live anywhere in Sussex).
    pub fn doors_for(&self, area: Option<&str>) -> Vec<&FrontDoor> {
        let theirs: Vec<&FrontDoor> = self.doors.iter().filter(|d| Some(d.area.as_str()) == area).collect();
        if theirs.is_empty() { self.doors.iter().collect() } else { theirs }
    }

    /// Whether `pack` is the pack this is the front of.
    pub fn fronts(&self, pack: &Pack) -> bool {
        self.hash == pack.hash()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;

    fn pack() -> Pack {
        let text = include_str!("../../tests/fixtures/base.toml");
        Pack::load(&[crate::SourceFile { path: "base.toml", text }], parse_date("2026-11-23").unwrap())
            .unwrap()
            .pack
    }

    #[test]
    fn a_front_reads_back_as_the_front_of_its_pack() {
        let pack = pack();
        let front = Front::from_compiled(&pack.front().compile()).unwrap();
        assert!(front.fronts(&pack));
        assert_eq!(front.info().title, pack.info().title);
        assert_eq!(front.drafts(), pack.counts().drafts);
        assert_eq!(front.validated_on(), pack.validated_on());
        let ids = |flows: Vec<&Flow>| flows.iter().map(|f| f.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(front.flows().collect()), ids(pack.flows().collect()));
        assert_eq!(front.doors(), pack.front().doors());
        assert!(!front.doors().is_empty(), "the fixture has a front door");
        let first = pack.flows().next().unwrap();
        assert_eq!(front.flow(first.id.as_str()).map(|f| &f.start), Some(&first.start));
    }

    #[test]
    fn a_front_and_a_pack_are_never_taken_for_each_other() {
        let pack = pack();
        let (front, compiled) = (pack.front().compile(), pack.compile());
        assert!(Pack::from_compiled(&front).is_err(), "a front read as a pack");
        assert!(Front::from_compiled(&compiled).is_err(), "a pack read as a front");
        for cut in [0, 4, 12, front.len() / 2, front.len() - 1] {
            assert!(Front::from_compiled(&front[..cut]).is_err(), "a front cut at {cut} read");
        }
        let mut damaged = front.clone();
        if let Some(b) = damaged.last_mut() {
            *b ^= 1;
        }
        assert!(Front::from_compiled(&damaged).is_err(), "a damaged front read");
    }
}
