//! The validated content pack: the only way content reaches the engine.
//!
//! **Invariant:** a [`Pack`] that exists has passed every validation rule in
//! [`crate::validate`] (through [`crate::load`], which alone builds one): ids are unique, every reference resolves, every flow is acyclic and
//! every path ends in an outcome naming contacts that exist for its area. The fields are
//! private and there are no setters, so the invariant cannot be broken after loading.

use chrono::NaiveDate;

use crate::diagnostic::Diagnostics;
use crate::ids::*;
use crate::model::*;
use crate::sorted::{SortedMap, SortedSet};

/// Items of one kind, in file order, with a lookup by id and the file each came from.
#[derive(Debug)]
pub(crate) struct Table<T> {
    items: Vec<T>,
    files: Vec<usize>,
    index: SortedMap<String, usize>,
}

/// Gives an item's id as a string, for tables and messages.
pub(crate) trait Keyed {
    const KIND: &'static str;
    fn key(&self) -> &str;
}

macro_rules! keyed {
    ($($t:ty => $kind:literal),* $(,)?) => {$(
        impl Keyed for $t {
            const KIND: &'static str = $kind;
            fn key(&self) -> &str {
                self.id.as_str()
            }
        }
    )*};
}

keyed!(
    Tier => "tier", Domain => "domain", Harm => "harm", Rule => "rule", Age => "age", Duty => "duty",
    Event => "event", Area => "area",
    Indicator => "indicator", Contact => "contact", Flow => "flow", Node => "node",
    Outcome => "outcome", Part => "part", Chapter => "chapter", Escalation => "escalation",
    Timescale => "timescale",
);

impl<T: Keyed> Table<T> {
    pub(crate) fn build(located: Vec<(usize, T)>, files: &[String], diags: &mut Diagnostics) -> Self {
        let mut table = Table { items: Vec::new(), files: Vec::new(), index: SortedMap::new() };
        for (file, item) in located {
            let file_name = files.get(file).map(String::as_str).unwrap_or_default();
            if let Some(&first) = table.index.get(item.key()) {
                let other = table.files.get(first).and_then(|&f| files.get(f));
                let other = other.map(String::as_str).unwrap_or_default();
                diags.error(
                    file_name,
                    item.key(),
                    format!("{} id `{}` is used twice (also in {other})", T::KIND, item.key()),
                );
                continue;
            }
            table.index.insert(item.key().to_owned(), table.items.len());
            table.items.push(item);
            table.files.push(file);
        }
        table
    }

    /// A table of items already known to have distinct ids.
    pub(crate) fn indexed(items: Vec<T>, files: Vec<usize>) -> Self {
        let index = items.iter().enumerate().map(|(i, item)| (item.key().to_owned(), i)).collect();
        Table { items, files, index }
    }
}

impl<T> Table<T> {
    pub(crate) fn items(&self) -> &Vec<T> {
        &self.items
    }

    /// The index, in the pack's file list, of the file each item came from.
    pub(crate) fn file_indices(&self) -> &Vec<usize> {
        &self.files
    }

    pub(crate) fn get(&self, id: &str) -> Option<&T> {
        self.index.get(id).and_then(|&i| self.items.get(i))
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter()
    }

    /// Items with the index of the file each came from.
    pub(crate) fn iter_located(&self) -> impl Iterator<Item = (usize, &T)> {
        self.files.iter().copied().zip(self.items.iter())
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }
}

/// Where a `next` leads.
#[derive(Clone, Copy, Debug)]
pub enum Target<'p> {
    /// Another question.
    Node(&'p Node),
    /// The end of the path.
    Outcome(&'p Outcome),
}

/// A validated content pack. See the module documentation for its invariant.
///
/// It also has a compiled form ([`Pack::compile`]): the validated pack as compact bytes,
/// which the browser loads without a TOML parser, the validator or field names.
#[derive(Debug)]
pub struct Pack {
    pub(crate) files: Vec<String>,
    pub(crate) info: PackInfo,
    /// Sorted by rank.
    pub(crate) tiers: Vec<Tier>,
    pub(crate) tier_table: Table<Tier>,
    pub(crate) domains: Table<Domain>,
    pub(crate) harms: Table<Harm>,
    pub(crate) rules: Table<Rule>,
    /// Youngest first.
    pub(crate) ages: Table<Age>,
    pub(crate) duties: Table<Duty>,
    /// Groups of words that mean the same in a search of the signs.
    pub(crate) synonyms: Vec<Synonym>,
    /// What timescales are counted from, in the order the timescales page lists them.
    pub(crate) events: Table<Event>,
    pub(crate) areas: Table<Area>,
    pub(crate) indicators: Table<Indicator>,
    pub(crate) contacts: Table<Contact>,
    pub(crate) flows: Table<Flow>,
    pub(crate) nodes: Table<Node>,
    pub(crate) outcomes: Table<Outcome>,
    pub(crate) parts: Table<Part>,
    pub(crate) chapters: Table<Chapter>,
    pub(crate) escalations: Table<Escalation>,
    pub(crate) timescales: Table<Timescale>,
    pub(crate) bank_holidays: Vec<(usize, BankHolidays)>,
    /// Derived from `bank_holidays`; not part of the compiled form.
    pub(crate) holiday_dates: SortedSet<NaiveDate>,
    /// Every word the sign search can find a sign by, built the first time a word finds
    /// nothing (see `search::vocabulary`), then kept: a practitioner typing a slip makes a
    /// search on every key. Not part of the compiled form.
    pub(crate) vocabulary: std::sync::OnceLock<SortedSet<String>>,
    pub(crate) hash: String,
    /// The day it passed validation: the `today` it was loaded with.
    pub(crate) validated: NaiveDate,
}

impl Pack {
    /// Name, version, the professional-judgement and privacy statements, the changelog.
    pub fn info(&self) -> &PackInfo {
        &self.info
    }

    /// A fingerprint of the content files (FNV-1a, 64 bits, hex): identifies exactly which
    /// content a record was made with. It is an identifier, not a security control.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The day this pack passed validation — for a compiled pack, the day its build checked
    /// it: how old a copy on a device is (see [`crate::freshness`]).
    pub fn validated_on(&self) -> NaiveDate {
        self.validated
    }

    /// Severity tiers, lowest first.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// A tier by id.
    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tier_table.get(id)
    }

    /// Assessment Framework domains.
    pub fn domains(&self) -> impl Iterator<Item = &Domain> {
        self.domains.iter()
    }

    /// A domain by id.
    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.get(id)
    }

    /// A specific harm by id.
    pub fn harm(&self, id: &str) -> Option<&Harm> {
        self.harms.get(id)
    }

    /// Combination rules.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    /// The age bands, youngest first.
    pub fn ages(&self) -> impl Iterator<Item = &Age> {
        self.ages.iter()
    }

    /// An age band by id.
    pub fn age(&self, id: &str) -> Option<&Age> {
        self.ages.get(id)
    }

    /// Duties, in file order.
    pub fn duties(&self) -> impl Iterator<Item = &Duty> {
        self.duties.iter()
    }

    /// A duty by id.
    pub fn duty(&self, id: &str) -> Option<&Duty> {
        self.duties.get(id)
    }

    /// Groups of words that mean the same in a search of the signs.
    pub fn synonyms(&self) -> &[Synonym] {
        &self.synonyms
    }

    /// What timescales are counted from, in file order.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.events.iter()
    }

    /// An event by id.
    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.get(id)
    }

    /// The bank holiday lists, with their names.
    pub fn bank_holiday_lists(&self) -> impl Iterator<Item = &BankHolidays> {
        self.bank_holidays.iter().map(|(_, b)| b)
    }

    /// Areas, in file order.
    pub fn areas(&self) -> impl Iterator<Item = &Area> {
        self.areas.iter()
    }

    /// An area by id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.get(id)
    }

    /// Indicators, in file order.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter()
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.get(id)
    }

    /// Contacts, in file order.
    pub fn contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.iter()
    }

    /// A contact by id.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.get(id)
    }

    /// The contact that plays `role` for a child living in `area`: the area's own, else a
    /// national one. With no area known, only national contacts qualify.
    pub fn contact_for(&self, area: Option<&AreaId>, role: &Role) -> Option<&Contact> {
        let plays = |c: &&Contact| c.roles.contains(role);
        let local =
            area.and_then(|a| self.contacts.iter().filter(plays).find(|c| c.area.as_ref() == Some(a)));
        local.or_else(|| self.contacts.iter().filter(plays).find(|c| c.area.is_none()))
    }

    /// Flows, in file order.
    pub fn flows(&self) -> impl Iterator<Item = &Flow> {
        self.flows.iter()
    }

    /// A flow by id.
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.get(id)
    }

    /// The questions of a flow, in file order.
    pub fn nodes_of<'a>(&'a self, flow: &'a FlowId) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes.iter().filter(move |n| &n.flow == flow)
    }

    /// A question by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// Outcomes, in file order.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter()
    }

    /// An outcome by id.
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.get(id)
    }

    /// What a `next` names: a node or an outcome.
    pub fn target(&self, id: &str) -> Option<Target<'_>> {
        self.nodes.get(id).map(Target::Node).or_else(|| self.outcomes.get(id).map(Target::Outcome))
    }

    /// Parts of the procedures, in file order.
    pub fn parts(&self) -> impl Iterator<Item = &Part> {
        self.parts.iter()
    }

    /// A part by id.
    pub fn part(&self, id: &str) -> Option<&Part> {
        self.parts.get(id)
    }

    /// Chapters, in file order.
    pub fn chapters(&self) -> impl Iterator<Item = &Chapter> {
        self.chapters.iter()
    }

    /// A chapter by id.
    pub fn chapter(&self, id: &str) -> Option<&Chapter> {
        self.chapters.get(id)
    }

    /// An escalation procedure by id.
    pub fn escalation(&self, id: &str) -> Option<&Escalation> {
        self.escalations.get(id)
    }

    /// Escalation procedures.
    pub fn escalations(&self) -> impl Iterator<Item = &Escalation> {
        self.escalations.iter()
    }

    /// A timescale by id.
    pub fn timescale(&self, id: &str) -> Option<&Timescale> {
        self.timescales.get(id)
    }

    /// Timescales, in file order.
    pub fn timescales(&self) -> impl Iterator<Item = &Timescale> {
        self.timescales.iter()
    }

    /// Bank holiday dates of every region in the pack.
    pub fn bank_holidays(&self) -> &SortedSet<NaiveDate> {
        &self.holiday_dates
    }

    /// The level an indicator falls at in an area: the area's override, else its tier's level.
    pub fn level_of<'a>(&self, area: &'a Area, indicator: &Indicator) -> Option<&'a Level> {
        match indicator.overrides.get(&area.id) {
            Some(level) => area.level.iter().find(|l| &l.id == level),
            None => self.level_for_tier(area, &indicator.tier),
        }
    }

    /// The level a tier falls at in an area.
    pub fn level_for_tier<'a>(&self, area: &'a Area, tier: &TierId) -> Option<&'a Level> {
        area.level.iter().find(|l| l.tiers.contains(tier))
    }

    /// Every sourced item with its kind and id, for review reports and validation.
    pub fn sourced_items(&self) -> Vec<SourcedItem<'_>> {
        let mut out = Vec::new();
        push_sourced(&mut out, self, &self.tier_table);
        push_sourced(&mut out, self, &self.domains);
        push_sourced(&mut out, self, &self.harms);
        push_sourced(&mut out, self, &self.rules);
        push_sourced(&mut out, self, &self.ages);
        push_sourced(&mut out, self, &self.duties);
        push_sourced(&mut out, self, &self.areas);
        for (file, area) in self.areas.iter_located() {
            for level in &area.level {
                out.push(self.sourced_item("level", level.id.as_str(), file, level));
            }
        }
        push_sourced(&mut out, self, &self.indicators);
        push_sourced(&mut out, self, &self.contacts);
        push_sourced(&mut out, self, &self.outcomes);
        push_sourced(&mut out, self, &self.parts);
        push_sourced(&mut out, self, &self.chapters);
        push_sourced(&mut out, self, &self.escalations);
        for (file, escalation) in self.escalations.iter_located() {
            for stage in &escalation.stage {
                out.push(self.sourced_item("stage", stage.id.as_str(), file, stage));
            }
        }
        push_sourced(&mut out, self, &self.timescales);
        for (file, b) in &self.bank_holidays {
            out.push(self.sourced_item("bank_holidays", &b.region, *file, b));
        }
        out
    }

    fn sourced_item<'a>(
        &'a self,
        kind: &'static str,
        id: &'a str,
        file: usize,
        item: &'a dyn Sourced,
    ) -> SourcedItem<'a> {
        SourcedItem { kind, id, file: self.file_name(file), provenance: item.provenance() }
    }

    pub(crate) fn file_name(&self, file: usize) -> &str {
        self.files.get(file).map(String::as_str).unwrap_or_default()
    }
}

fn push_sourced<'a, T: Keyed + Sourced>(out: &mut Vec<SourcedItem<'a>>, pack: &'a Pack, table: &'a Table<T>) {
    for (file, item) in table.iter_located() {
        out.push(pack.sourced_item(T::KIND, item.key(), file, item));
    }
}

/// A sourced item as listed for review.
#[derive(Clone, Copy, Debug)]
pub struct SourcedItem<'a> {
    /// `indicator`, `contact`, …
    pub kind: &'static str,
    /// Its id.
    pub id: &'a str,
    /// The file it is in.
    pub file: &'a str,
    /// Where it comes from.
    pub provenance: Provenance<'a>,
}

/// Every bank holiday of every region, for working-day sums.
pub(crate) fn holiday_dates(lists: &[(usize, BankHolidays)]) -> SortedSet<NaiveDate> {
    lists.iter().flat_map(|(_, b)| b.dates.iter().map(|d| d.date)).collect()
}

/// Counts of what a pack holds, for `content check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Counts {
    pub areas: usize,
    pub levels: usize,
    pub indicators: usize,
    pub questions: usize,
    pub outcomes: usize,
    pub contacts: usize,
    pub chapters: usize,
    pub drafts: usize,
}

impl Pack {
    /// How much the pack holds, and how much of it is still draft.
    pub fn counts(&self) -> Counts {
        Counts {
            areas: self.areas.len(),
            levels: self.areas.iter().map(|a| a.level.len()).sum(),
            indicators: self.indicators.len(),
            questions: self.nodes.len(),
            outcomes: self.outcomes.len(),
            contacts: self.contacts.len(),
            chapters: self.chapters.len(),
            drafts: self.sourced_items().iter().filter(|i| i.provenance.status == Status::Draft).count(),
        }
    }
}
