//! The compiled form of a validated pack: compact bytes that the browser decodes with a
//! small hand-written reader.
//!
//! Why not serde: serde's generated code for ~30 content types, with its error machinery
//! (which formats floats), was the largest single part of the WASM module. Here every type's
//! layout is one line in [`layouts!`], and each type gets one plain, non-generic decoder.
//!
//! **Layout:** a magic tag and the fingerprint of [`SCHEMA`] (so bytes written by an engine
//! with another layout are refused, never guessed at); the FNV-1a checksum of the rest (the
//! pack travels as a file of its own, over the network and through caches: a byte changed on
//! the way, a digit of a phone number say, is refused rather than shown); the length of the
//! structure, the structure, then the text. The structure holds the number of strings that
//! occur more than once (the table), then the pack's fields in order. Integers are LEB128
//! varints (dates as zigzag days from the common era, times as seconds from midnight); a
//! string is its place in the table plus one, or 0 for the next string of the text; lists
//! and maps are a length and their items; an `Option` is 0 or 1 and the value; an enum is
//! the index of its variant and that variant's fields. The text holds the table's strings,
//! then the others in the order they are used, each ended by [`END`].
//!
//! Why two parts: with the strings out of the structure, prose sits beside prose and numbers
//! beside numbers, and each compresses as what it is. Measured on the Sussex pack (brotli 11):
//! 53961 B with lengths and strings in one stream, 52463 B with the text apart but lengths in
//! the structure, 49677 B with ends in the text instead of lengths.
//!
//! **Decoding never panics and never over-allocates:** the reader is sticky — once it runs
//! out of bytes or meets a value that cannot be, it records the failure and hands back empty
//! values until the caller checks — and no length can claim more items than bytes remain.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

use crate::front::{DoorService, Front, FrontDoor};
use crate::ids::*;
use crate::model::*;
use crate::pack::{Pack, Table};
use crate::sorted::SortedMap;

/// The first bytes of every compiled pack. The last is the version of how values are
/// written (varints, the string table…): change it when that changes. Changes to the types
/// and their fields change the [`SCHEMA`] fingerprint that follows on their own.
const MAGIC: &[u8; 4] = b"SGP4";

/// Ends each string in the text: a byte that never occurs in UTF-8, so no string needs
/// escaping, and one a compressor learns at once (a length in the structure costs about a
/// byte each even compressed).
const END: u8 = 0xff;

/// Writes values in the compiled layout; [`written`] drives it.
#[derive(Default)]
pub(crate) struct Writer {
    body: Vec<u8>,
    /// The strings' bytes, apart from the structure: prose then compresses as prose.
    text: Vec<u8>,
    /// A first pass only counts how often each string occurs, writing nothing.
    counting: bool,
    uses: HashMap<String, usize>,
    /// The strings that occur more than once, in order of first use, and where each is.
    table: Vec<String>,
    index: HashMap<String, usize>,
}

/// The bytes of what `put` writes: a string table, then the values. A first pass counts
/// the strings, so the second knows which recur.
fn written(put: impl Fn(&mut Writer)) -> Vec<u8> {
    let mut counted = Writer { counting: true, ..Writer::default() };
    put(&mut counted);
    let mut w = Writer { uses: counted.uses, ..Writer::default() };
    put(&mut w);
    let mut structure = Writer::default();
    structure.varint(w.table.len() as u64);
    for s in &w.table {
        structure.text(s);
    }
    structure.body.extend(w.body);
    structure.text.extend(w.text);
    let mut out = Writer::default();
    out.varint(structure.body.len() as u64);
    out.body.extend(structure.body);
    out.body.extend(structure.text);
    out.body
}

impl Writer {
    fn byte(&mut self, b: u8) {
        self.body.push(b);
    }

    fn varint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.byte((n as u8) | 0x80);
            n >>= 7;
        }
        self.byte(n as u8);
    }

    /// A string's bytes, in the text, each ended by [`END`].
    fn text(&mut self, s: &str) {
        self.text.extend_from_slice(s.as_bytes());
        self.text.push(END);
    }

    /// A string that recurs (ids, source addresses, notes shared by many items) is written
    /// once, in the table, and referred to by its place plus one: a compressor's window
    /// cannot see back far enough to share them all. One that occurs once is written where
    /// it is used, after a 0, so prose stays beside its neighbours.
    fn string(&mut self, s: &str) {
        if self.counting {
            *self.uses.entry(s.to_owned()).or_default() += 1;
        } else if self.uses.get(s).is_some_and(|&n| n > 1) {
            let next = self.table.len();
            let at = *self.index.entry(s.to_owned()).or_insert(next);
            if at == next {
                self.table.push(s.to_owned());
            }
            self.varint(at as u64 + 1);
        } else {
            self.varint(0);
            self.text(s);
        }
    }
}

/// Reads values in the compiled layout; see the module documentation for why it is sticky.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The strings' bytes, which follow the structure; `text_at` is how far they are read.
    text: &'a [u8],
    text_at: usize,
    failed: bool,
    strings: Vec<&'a str>,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes` that has split the structure from the text and read the string
    /// table.
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        let mut r = Reader { bytes, at: 0, text: &[], text_at: 0, failed: false, strings: Vec::new() };
        let structure = r.len();
        let (start, end) = (r.at, r.at + structure);
        r.text = bytes.get(end..).unwrap_or_default();
        r.bytes = bytes.get(start..end).unwrap_or_default();
        r.at = 0;
        let n = r.len();
        let mut strings = Vec::with_capacity(n);
        while strings.len() < n && !r.failed {
            let s = std::str::from_utf8(r.text()).unwrap_or_else(|_| r.fail(""));
            strings.push(s);
        }
        r.strings = strings;
        r
    }

    /// Whether every byte was read, and made sense.
    fn read_exactly(&self) -> bool {
        !self.failed && self.at == self.bytes.len() && self.text_at == self.text.len()
    }

    fn byte(&mut self) -> u8 {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                b
            }
            None => self.fail(0),
        }
    }

    /// Records that the bytes are not a pack, and gives `value` to carry on with.
    fn fail<T>(&mut self, value: T) -> T {
        self.failed = true;
        value
    }

    fn varint(&mut self) -> u64 {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte();
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return n;
            }
        }
        self.fail(0)
    }

    /// A length: never more than the bytes left, since every item takes at least one.
    fn len(&mut self) -> usize {
        let n = self.varint();
        let left = self.bytes.len() - self.at.min(self.bytes.len());
        match usize::try_from(n) {
            Ok(n) if n <= left => n,
            _ => self.fail(0),
        }
    }

    /// The bytes of the next string in the text, up to its [`END`].
    fn text(&mut self) -> &'a [u8] {
        let rest = self.text.get(self.text_at..).unwrap_or_default();
        let Some(n) = rest.iter().position(|&b| b == END) else { return self.fail(&[]) };
        self.text_at += n + 1;
        rest.get(..n).unwrap_or_default()
    }

    /// A string: written here (after a 0), or its place in the table plus one.
    fn string(&mut self) -> String {
        let found = match self.varint() {
            0 => std::str::from_utf8(self.text()).ok(),
            at => usize::try_from(at - 1).ok().and_then(|at| self.strings.get(at)).copied(),
        };
        found.map_or_else(|| self.fail(String::new()), str::to_owned)
    }

    fn u32(&mut self) -> u32 {
        let n = self.varint();
        u32::try_from(n).unwrap_or_else(|_| self.fail(0))
    }
}

/// A type with a compiled layout.
pub(crate) trait Compact: Sized {
    fn put(&self, w: &mut Writer);
    /// Reads a value; on bad bytes, marks the reader failed and returns a placeholder.
    fn take(r: &mut Reader<'_>) -> Self;
}

impl Compact for u8 {
    fn put(&self, w: &mut Writer) {
        w.byte(*self);
    }
    fn take(r: &mut Reader<'_>) -> Self {
        r.byte()
    }
}

impl Compact for u32 {
    fn put(&self, w: &mut Writer) {
        w.varint(u64::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Self {
        r.u32()
    }
}

impl Compact for usize {
    fn put(&self, w: &mut Writer) {
        w.varint(*self as u64);
    }
    fn take(r: &mut Reader<'_>) -> Self {
        r.u32() as usize
    }
}

impl Compact for bool {
    fn put(&self, w: &mut Writer) {
        w.byte(u8::from(*self));
    }
    fn take(r: &mut Reader<'_>) -> Self {
        match r.byte() {
            0 => false,
            1 => true,
            _ => r.fail(false),
        }
    }
}

impl Compact for String {
    fn put(&self, w: &mut Writer) {
        w.string(self);
    }
    fn take(r: &mut Reader<'_>) -> Self {
        r.string()
    }
}

impl Compact for NaiveDate {
    fn put(&self, w: &mut Writer) {
        let days = self.num_days_from_ce();
        w.varint(u64::from(((days << 1) ^ (days >> 31)) as u32));
    }
    fn take(r: &mut Reader<'_>) -> Self {
        let z = r.u32();
        let days = ((z >> 1) as i32) ^ -((z & 1) as i32);
        NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_else(|| r.fail(NaiveDate::MIN))
    }
}

impl Compact for NaiveTime {
    fn put(&self, w: &mut Writer) {
        self.num_seconds_from_midnight().put(w);
    }
    fn take(r: &mut Reader<'_>) -> Self {
        let seconds = r.u32();
        NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).unwrap_or_else(|| r.fail(NaiveTime::MIN))
    }
}

impl Compact for Weekday {
    fn put(&self, w: &mut Writer) {
        w.byte(self.num_days_from_monday() as u8);
    }
    fn take(r: &mut Reader<'_>) -> Self {
        let day = r.byte();
        Weekday::try_from(day).unwrap_or_else(|_| r.fail(Weekday::Mon))
    }
}

impl<T: Compact> Compact for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.byte(0),
            Some(value) => {
                w.byte(1);
                value.put(w);
            }
        }
    }
    fn take(r: &mut Reader<'_>) -> Self {
        match r.byte() {
            0 => None,
            1 => Some(T::take(r)),
            _ => r.fail(None),
        }
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        for item in self {
            item.put(w);
        }
    }
    fn take(r: &mut Reader<'_>) -> Self {
        let n = r.len();
        let mut items = Vec::with_capacity(n);
        while items.len() < n && !r.failed {
            items.push(T::take(r));
        }
        items
    }
}

impl<K: Compact + Ord, V: Compact> Compact for SortedMap<K, V> {
    fn put(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        for (key, value) in self.iter() {
            key.put(w);
            value.put(w);
        }
    }
    fn take(r: &mut Reader<'_>) -> Self {
        let entries: Vec<(K, V)> = Vec::take(r);
        entries.into_iter().collect()
    }
}

impl<A: Compact, B: Compact> Compact for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn take(r: &mut Reader<'_>) -> Self {
        let a = A::take(r);
        (a, B::take(r))
    }
}

/// The compiled form keeps a table's items and their files; the index is rebuilt on loading.
impl<T: Compact + crate::pack::Keyed> Compact for Table<T> {
    fn put(&self, w: &mut Writer) {
        self.items().put(w);
        self.file_indices().put(w);
    }
    fn take(r: &mut Reader<'_>) -> Self {
        let items = Vec::take(r);
        Table::indexed(items, Vec::take(r))
    }
}

/// Declares the layout of every content type, and [`SCHEMA`], their text, whose fingerprint
/// heads the bytes. Records list every field: the writer destructures without `..` and the
/// reader builds the struct literally, so a field added to a type and left out here is a
/// compile error, not a silently dropped fact. Unit enums list every variant (an exhaustive
/// `match`); enums with fields give each variant's fields, and a placeholder for bad bytes.
macro_rules! layouts {
    (
        records { $($rec:ident { $($field:ident),* $(,)? })* }
        ids { $($id:ident),* $(,)? }
        units { $($unit:ident { $first:ident $(, $uv:ident)* $(,)? })* }
        variants { $($var:ident { $($case:ident { $($cf:ident),* }),* $(,)? } else $fallback:expr;)* }
    ) => {
        /// The layout of every type, as text: its fingerprint heads the compiled bytes.
        const SCHEMA: &str = stringify!(
            $($rec { $($field),* })* $($id)* $($unit { $first $(, $uv)* })* $($var { $($case { $($cf),* }),* })*
        );

        $(impl Compact for $rec {
            fn put(&self, w: &mut Writer) {
                let $rec { $($field),* } = self;
                $($field.put(w);)*
            }
            fn take(r: &mut Reader<'_>) -> Self {
                $rec { $($field: Compact::take(r)),* }
            }
        })*

        $(impl Compact for $id {
            fn put(&self, w: &mut Writer) {
                w.string(self.as_str());
            }
            fn take(r: &mut Reader<'_>) -> Self {
                $id::new(r.string())
            }
        })*

        $(impl Compact for $unit {
            fn put(&self, w: &mut Writer) {
                match self {
                    $unit::$first $(| $unit::$uv)* => w.byte(*self as u8),
                }
            }
            fn take(r: &mut Reader<'_>) -> Self {
                let b = r.byte();
                $(if b == $unit::$uv as u8 {
                    return $unit::$uv;
                })*
                if b != $unit::$first as u8 {
                    r.fail(())
                }
                $unit::$first
            }
        })*

        $(impl Compact for $var {
            fn put(&self, w: &mut Writer) {
                const CASES: &[&str] = &[$(stringify!($case)),*];
                let tag = |case: &str| CASES.iter().position(|c| *c == case).unwrap_or_default() as u8;
                match self {
                    $($var::$case { $($cf),* } => {
                        w.byte(tag(stringify!($case)));
                        $($cf.put(w);)*
                    })*
                }
            }
            fn take(r: &mut Reader<'_>) -> Self {
                const CASES: &[&str] = &[$(stringify!($case)),*];
                let case = CASES.get(usize::from(r.byte())).copied().unwrap_or_default();
                $(if case == stringify!($case) {
                    return $var::$case { $($cf: Compact::take(r)),* };
                })*
                r.fail($fallback)
            }
        })*
    };
}

layouts! {
    records {
        Front { info, flows, drafts, hash, validated, doors }
        FrontDoor { area, name, services }
        DoorService { name, phone, hours }
        PackInfo { id, name, title, audience, procedures_title, escalation_flow, version, publisher, judgement, privacy, changelog }
        ChangelogEntry { version, date, summary }
        Tier { id, rank, name, description, source, reviewed, status, note, verified_by, verified_on }
        Domain { id, name, dimensions, source, reviewed, status, note, verified_by, verified_on }
        Dimension { id, name }
        Harm { id, name, source, reviewed, status, note, verified_by, verified_on }
        Rule { id, description, min_indicators, min_domains, min_tier, all_tags, ages, raises_to, urgency, duties, procedures, source, reviewed, status, note, verified_by, verified_on }
        Age { id, label, hint, source, reviewed, status, note, verified_by, verified_on }
        Duty { id, title, text, why, urgency, contacts, procedures, timescales, without_consent, source, reviewed, status, note, verified_by, verified_on }
        Area { id, name, framework, level, source, reviewed, status, note, verified_by, verified_on }
        Level { id, number, name, summary, tiers, consent, urgency, actions, contacts, procedures, timescales, alternative, source, reviewed, status, note, verified_by, verified_on }
        Alternative { urgency, consent, summary, actions, contacts, procedures, timescales }
        Indicator { id, text, help, terms, domain, dimension, harm, tier, urgency, ages, tags, critical, duties, procedures, overrides, source, reviewed, status, note, verified_by, verified_on }
        Contact { id, name, area, roles, phone, textphone, email, web_form, other_phones, hours, out_of_hours, use_for, source, reviewed, status, note, verified_by, verified_on }
        OtherPhone { label, number }
        Synonym { words }
        Event { id, label, question, time, future, taken_from, today }
        Session { days, opens, closes }
        Flow { id, title, description, start }
        Node { id, flow, kind, question, hint, options, not_sure, indicators, next, when, time }
        QuestionOption { id, label, hint, next, area, ages, advice, duties, procedures }
        Outcome { id, kind, title, summary, urgency, actions, contacts, procedures, timescales, escalation, start_date, stage_from, follow_up, source, reviewed, status, note, verified_by, verified_on }
        Part { id, number, title, source, reviewed, status, note, verified_by, verified_on }
        Chapter { id, part, number, title, url, area, keywords, source, reviewed, status, note, verified_by, verified_on }
        Duration { amount, unit }
        Timescale { id, label, amount, unit, from, counted_from, before, description, follow_up, theirs, urgent_same_day, met_by, source, reviewed, status, note, verified_by, verified_on }
        Escalation { id, title, statement, immediate_risk, record, stage, source, reviewed, status, note, verified_by, verified_on }
        Stage { id, title, who, contact_role, due, timescale, timing, actions, area_notes, source, reviewed, status, note, verified_by, verified_on }
        BankHolidays { region, dates, source, reviewed, status, note, verified_by, verified_on }
        BankHoliday { date, name }
    }
    ids {
        AreaId, LevelId, TierId, DomainId, DimensionId, HarmId, IndicatorId, RuleId, Tag, ContactId, Role,
        PartId, ChapterId, TimescaleId, EscalationId, StageId, FlowId, NodeId, OptionId, OutcomeId, AgeId,
        DutyId, EventId,
    }
    units {
        Status { Verified, Draft }
        Consent { None, Agreement, Inform }
        Urgency { Routine, Statutory, Urgent, Immediate }
        BankHolidayRule { Open, Closed }
        NodeKind { Choice, Multi, Indicators, Date, Found }
        OutcomeKind { Fixed, Threshold, Escalation }
        Unit { WorkingDays, Days, Hours, Months }
    }
    variants {
        Hours { Always { always }, Outside { outside }, Sessions { sessions, bank_holidays } }
            else Hours::Always { always: false };
        Condition { Includes { node, includes }, LevelConsent { level_consent } }
            else Condition::LevelConsent { level_consent: Consent::None };
    }
}

/// The first bytes of a compiled pack (`magic` [`MAGIC`]) or front (`magic` [`FRONT_MAGIC`]):
/// the magic tag and the FNV-1a fingerprint of [`SCHEMA`] and the `fields` written in order,
/// worked out by the compiler so the layout text itself is not shipped.
const fn header(magic: &[u8; 4], fields: &str) -> [u8; 12] {
    let types = crate::fingerprint::fnv1a(crate::fingerprint::OFFSET, SCHEMA.as_bytes());
    let hash = crate::fingerprint::fnv1a(types, fields.as_bytes());
    let [m0, m1, m2, m3] = *magic;
    let [h0, h1, h2, h3, h4, h5, h6, h7] = hash.to_le_bytes();
    [m0, m1, m2, m3, h0, h1, h2, h3, h4, h5, h6, h7]
}

/// A pack's header.
const HEADER: [u8; 12] = header(MAGIC, PACK_SCHEMA);

/// The magic tag of a compiled [`Front`]: not a pack's, so neither is read as the other; the
/// same version of how values are written.
const FRONT_MAGIC: &[u8; 4] = &[b'S', b'G', b'F', MAGIC[3]];

/// A front's header.
const FRONT_HEADER: [u8; 12] = header(FRONT_MAGIC, stringify!(Front));

/// `header`, the checksum of `body`, then `body`.
fn sealed(header: &[u8; 12], body: Vec<u8>) -> Vec<u8> {
    let sum = crate::fingerprint::fnv1a(crate::fingerprint::OFFSET, &body).to_le_bytes();
    [header.as_slice(), &sum, &body].concat()
}

/// The body of bytes [`sealed`] with `header`, if they are whole and undamaged.
fn opened<'b>(header: &[u8; 12], bytes: &'b [u8]) -> Option<&'b [u8]> {
    let (sum, body) = bytes.strip_prefix(header.as_slice())?.split_first_chunk::<8>()?;
    (u64::from_le_bytes(*sum) == crate::fingerprint::fnv1a(crate::fingerprint::OFFSET, body)).then_some(body)
}

/// The compiled bytes of a front.
pub(crate) fn compile_front(front: &Front) -> Vec<u8> {
    sealed(&FRONT_HEADER, written(|w| front.put(w)))
}

/// Reads bytes written by [`compile_front`]; `None` unless they are exactly a front in this
/// layout.
pub(crate) fn decode_front(bytes: &[u8]) -> Option<Front> {
    let r = &mut Reader::new(opened(&FRONT_HEADER, bytes)?);
    let front = Front::take(r);
    r.read_exactly().then_some(front)
}

/// Defines [`compile`] and [`decode`] from one list of the pack's stored fields, in order.
/// `holiday_dates` is left out: it is derived from `bank_holidays` on reading.
macro_rules! pack_layout {
    ($($field:ident),* $(,)?) => {
        /// The pack's fields in order, as text: part of the fingerprint that heads the bytes,
        /// so a pack compiled with other fields is refused.
        const PACK_SCHEMA: &str = stringify!($($field),*);

        /// The compiled bytes of a pack.
        pub(crate) fn compile(pack: &Pack) -> Vec<u8> {
            let Pack { $($field,)* holiday_dates: _, vocabulary: _ } = pack;
            sealed(&HEADER, written(|w| {
                $($field.put(w);)*
            }))
        }

        /// Reads bytes written by [`compile`]; `None` unless they are exactly a pack in this
        /// layout.
        pub(crate) fn decode(bytes: &[u8]) -> Option<Pack> {
            let r = &mut Reader::new(opened(&HEADER, bytes)?);
            $(let $field = Compact::take(r);)*
            if !r.read_exactly() {
                return None;
            }
            let mut pack =
                Pack { $($field,)* holiday_dates: Default::default(), vocabulary: Default::default() };
            pack.holiday_dates = crate::pack::holiday_dates(&pack.bank_holidays);
            Some(pack)
        }
    };
}

pack_layout!(
    files,
    info,
    tiers,
    tier_table,
    domains,
    harms,
    rules,
    ages,
    duties,
    synonyms,
    events,
    areas,
    indicators,
    contacts,
    flows,
    nodes,
    outcomes,
    parts,
    chapters,
    escalations,
    timescales,
    bank_holidays,
    hash,
    validated,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Compact>(value: &T) -> (Vec<u8>, Option<T>) {
        let bytes = written(|w| value.put(w));
        let r = &mut Reader::new(&bytes);
        let back = T::take(r);
        let ok = r.read_exactly();
        (bytes, ok.then_some(back))
    }

    #[test]
    fn every_variant_comes_back_as_itself() {
        let hours = vec![
            Hours::Always { always: true },
            Hours::Outside { outside: ContactId::new("ws-ifd") },
            Hours::Sessions {
                sessions: vec![Session {
                    days: vec![Weekday::Mon, Weekday::Sun],
                    opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                    closes: NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
                }],
                bank_holidays: BankHolidayRule::Closed,
            },
        ];
        let back = round_trip(&hours).1.unwrap();
        assert_eq!(format!("{back:?}"), format!("{hours:?}"));
        for condition in [
            Condition::Includes { node: NodeId::new("about"), includes: OptionId::new("neglect") },
            Condition::LevelConsent { level_consent: Consent::Inform },
        ] {
            let back = round_trip(&condition).1.unwrap();
            assert_eq!(format!("{back:?}"), format!("{condition:?}"));
        }
        for unit in [Unit::WorkingDays, Unit::Days, Unit::Hours, Unit::Months] {
            assert_eq!(round_trip(&unit).1, Some(unit));
        }
    }

    #[test]
    fn numbers_and_dates_keep_their_range() {
        for n in [0u32, 1, 127, 128, 300, u32::MAX] {
            assert_eq!(round_trip(&n).1, Some(n));
        }
        for d in [NaiveDate::MIN, NaiveDate::MAX, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()] {
            assert_eq!(round_trip(&d).1, Some(d));
        }
        // A structure of six bytes (an empty string table, then five bytes) and no text.
        assert_eq!(round_trip(&u32::MAX).0, [6, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    }

    #[test]
    fn impossible_values_fail_the_read_without_panicking() {
        let read = |bytes: &[u8]| {
            let r = &mut Reader::new(bytes);
            let _ = <Vec<Hours>>::take(r);
            r.failed
        };
        // Each starts with the length of the structure, then the size of the string table
        // (mostly empty). A list claiming more items than bytes remain; an unknown variant;
        // invalid UTF-8 in the table; a string not in the table (place 5); a varint that
        // never ends; a day that is not a weekday; a string with no end in the text; a
        // structure longer than the bytes.
        for bytes in [
            &[6, 0, 0xff, 0xff, 0xff, 0xff, 0x0f][..],
            &[3, 0, 1, 9],
            &[4, 1, 1, 1, 1, 0xc3, 0x28, END],
            &[4, 0, 1, 1, 5],
            &[13, 0, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80],
            &[9, 0, 1, 2, 1, 1, 7, 0, 0, 0],
            &[4, 0, 1, 1, 0, b'w', b's'],
            &[9, 0, 1, 0, 1],
        ] {
            assert!(read(bytes), "{bytes:?} read as hours");
        }
        assert!(!read(&[4, 0, 1, 0, 1]), "a good value failed");
        let ws_ifd = b"ws-ifd".as_slice();
        assert!(!read(&[&[4, 1, 1, 1, 1], ws_ifd, &[END]].concat()), "an id from the table failed");
        assert!(!read(&[&[4, 0, 1, 1, 0], ws_ifd, &[END]].concat()), "an id written in place failed");
        // Text left over is not a pack either.
        let r = &mut Reader::new(&[4, 0, 1, 0, 1, b'x', END]);
        let _ = <Vec<Hours>>::take(r);
        assert!(!r.read_exactly(), "unread text went unnoticed");
    }
}
