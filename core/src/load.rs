//! Loading: content files → the content model → validation → a [`Pack`]; and a pack's
//! compiled form back and forth ([`Pack::compile`], [`Pack::from_compiled`]).
//!
//! The only place a `Pack` is built, so the pack's invariant (it has passed every rule in
//! [`crate::validate`]) is kept here. Above the pack, validation and the compiled form in the
//! core's layers; the pack itself knows nothing of loading.

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fingerprint::fingerprint;
use crate::front::Front;
use crate::model::*;
use crate::pack::{Pack, Table, holiday_dates};

/// A content file already read into the content model — from TOML by [`Pack::load`], or from
/// another serde format by its caller (the JavaScript API reads JSON) for
/// [`Pack::load_parsed`].
#[derive(Clone, Debug)]
pub struct ParsedFile {
    /// Its name, used in messages (a path relative to the pack folder, for files).
    pub path: String,
    /// Its tables.
    pub content: ContentFile,
}

/// One content file handed to the loader. The core does no IO: callers read the files.
#[derive(Clone, Copy, Debug)]
pub struct SourceFile<'a> {
    /// Its path relative to the pack folder, used in messages (e.g. `contacts.toml`).
    pub path: &'a str,
    /// Its TOML text.
    pub text: &'a str,
}

impl SourceFile<'_> {
    /// Reads the file's TOML into the content model: the first step of [`Pack::load`], on its
    /// own so that a caller holding many files parsed once (the fuzz tests, which damage one
    /// file at a time) can pass them to [`Pack::load_parsed`] without reading them again.
    pub fn parse(&self) -> Result<ParsedFile, Diagnostic> {
        match toml::from_str::<ContentFile>(self.text) {
            Ok(content) => Ok(ParsedFile { path: self.path.to_owned(), content }),
            Err(e) => Err(Diagnostic {
                severity: crate::diagnostic::Severity::Error,
                file: self.path.to_owned(),
                item: String::new(),
                message: toml_message(&e, self.text),
            }),
        }
    }
}

/// A pack that loaded, with the warnings a person should still look at.
#[derive(Debug)]
pub struct Loaded {
    /// The validated pack.
    pub pack: Pack,
    /// Warnings (never errors).
    pub warnings: Vec<Diagnostic>,
}

impl Pack {
    /// Reads, merges and validates a pack from its files.
    ///
    /// Returns every problem at once: all errors and warnings if any error was found, or the
    /// pack and its warnings. `today` is the date "reviewed in the future" and bank-holiday
    /// coverage are judged against; the core never reads a clock.
    pub fn load(files: &[SourceFile<'_>], today: NaiveDate) -> Result<Loaded, Vec<Diagnostic>> {
        let mut diags = Diagnostics::default();
        let mut parsed = Vec::with_capacity(files.len());
        for file in files {
            match file.parse() {
                Ok(file) => parsed.push(file),
                Err(problem) => diags.0.push(problem),
            }
        }
        Self::validated(parsed, content_hash(files), diags, today)
    }

    /// Merges and validates files read by the caller, with the same rules as [`Pack::load`].
    /// `hash` identifies the content: the caller's [`fingerprint`] of the text it read.
    pub fn load_parsed(
        files: Vec<ParsedFile>,
        hash: String,
        today: NaiveDate,
    ) -> Result<Loaded, Vec<Diagnostic>> {
        Self::validated(files, hash, Diagnostics::default(), today)
    }

    /// Assembles and validates; `diags` may already hold problems found while reading.
    fn validated(
        parsed: Vec<ParsedFile>,
        hash: String,
        mut diags: Diagnostics,
        today: NaiveDate,
    ) -> Result<Loaded, Vec<Diagnostic>> {
        let pack = Self::assemble(parsed, hash, today, &mut diags);
        if let Some(pack) = &pack {
            crate::validate::validate(pack, today, &mut diags);
        }
        match pack {
            Some(pack) if !diags.has_errors() => Ok(Loaded { pack, warnings: diags.0 }),
            _ => {
                let mut all = diags.0;
                all.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.file.cmp(&b.file)));
                Err(all)
            }
        }
    }

    /// Merges the files; `None` when there is no `[pack]` table to build on.
    fn assemble(
        files: Vec<ParsedFile>,
        hash: String,
        validated: NaiveDate,
        diags: &mut Diagnostics,
    ) -> Option<Pack> {
        let names: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        let mut merged = Merged::default();
        for (i, file) in files.into_iter().enumerate() {
            merged.add(i, file.content);
        }
        let texts = crate::lengths::Texts {
            escalations: &mut merged.escalation,
            duties: &mut merged.duty,
            outcomes: &mut merged.outcome,
            nodes: &mut merged.node,
            indicators: &mut merged.indicator,
            rules: &mut merged.rule,
            areas: &mut merged.area,
            timescales: &mut merged.timescale,
        };
        crate::lengths::resolve(texts, &names, diags);
        merged.unfilled(&names, diags);
        let mut infos = merged.pack.into_iter();
        let Some((_, info)) = infos.next() else {
            diags.error("", "", "no file has a [pack] table (id, name, version …)");
            return None;
        };
        for (file, _) in infos {
            let name = names.get(file).map(String::as_str).unwrap_or_default();
            diags.error(name, "[pack]", "a second [pack] table: a pack has exactly one");
        }
        let mut tiers: Vec<Tier> = merged.tier.iter().map(|(_, t)| t.clone()).collect();
        tiers.sort_by_key(|t| t.rank);
        let holiday_dates = holiday_dates(&merged.bank_holidays);
        Some(Pack {
            info,
            tiers,
            tier_table: Table::build(merged.tier, &names, diags),
            domains: Table::build(merged.domain, &names, diags),
            harms: Table::build(merged.harm, &names, diags),
            rules: Table::build(merged.rule, &names, diags),
            ages: Table::build(merged.age, &names, diags),
            duties: Table::build(merged.duty, &names, diags),
            synonyms: merged.synonym.into_iter().map(|(_, s)| s).collect(),
            events: Table::build(merged.event, &names, diags),
            areas: Table::build(merged.area, &names, diags),
            indicators: Table::build(merged.indicator, &names, diags),
            contacts: Table::build(merged.contact, &names, diags),
            flows: Table::build(merged.flow, &names, diags),
            nodes: Table::build(merged.node, &names, diags),
            outcomes: Table::build(merged.outcome, &names, diags),
            parts: Table::build(merged.part, &names, diags),
            chapters: Table::build(merged.chapter, &names, diags),
            escalations: Table::build(merged.escalation, &names, diags),
            timescales: Table::build(merged.timescale, &names, diags),
            bank_holidays: merged.bank_holidays,
            holiday_dates,
            vocabulary: Default::default(),
            hash,
            validated,
            files: names,
        })
    }

    /// The compiled form of this pack (see [`crate::compiled`]): what
    /// [`Pack::from_compiled`] reads back.
    pub fn compile(&self) -> Vec<u8> {
        crate::compiled::compile(self)
    }

    /// Reads a pack compiled by [`Pack::compile`].
    ///
    /// **Trust:** this does not validate. It is for bytes that a build wrote from a pack that
    /// had just passed validation (`safeguard-content` is that build), so the invariant holds
    /// by construction; packs from anywhere else go through [`Pack::load`]. Bytes written with
    /// another layout, cut short or damaged (their checksum differs) are reported, never
    /// guessed at.
    pub fn from_compiled(bytes: &[u8]) -> Result<Pack, Diagnostic> {
        crate::compiled::decode(bytes).ok_or_else(|| {
            Diagnostic::of_pack(
                "the compiled pack does not match this engine (another layout, or damaged); rebuild it",
            )
        })
    }
}

impl Front {
    /// The compiled form (see [`crate::compiled`]): what [`Front::from_compiled`] reads back.
    pub fn compile(&self) -> Vec<u8> {
        crate::compiled::compile_front(self)
    }

    /// Reads a front compiled by [`Front::compile`]. Like [`Pack::from_compiled`], it trusts
    /// the build that wrote it and refuses bytes of another layout, cut short or damaged.
    pub fn from_compiled(bytes: &[u8]) -> Result<Front, Diagnostic> {
        crate::compiled::decode_front(bytes).ok_or_else(|| {
            Diagnostic::of_pack("the compiled front of the pack does not match this engine (another layout, or damaged); rebuild it")
        })
    }
}

/// Tables of every file, each item with the index of its file.
#[derive(Default)]
struct Merged {
    pack: Vec<(usize, PackInfo)>,
    tier: Vec<(usize, Tier)>,
    domain: Vec<(usize, Domain)>,
    harm: Vec<(usize, Harm)>,
    rule: Vec<(usize, Rule)>,
    age: Vec<(usize, Age)>,
    duty: Vec<(usize, Duty)>,
    synonym: Vec<(usize, Synonym)>,
    event: Vec<(usize, Event)>,
    area: Vec<(usize, Area)>,
    indicator: Vec<(usize, Indicator)>,
    contact: Vec<(usize, Contact)>,
    flow: Vec<(usize, Flow)>,
    node: Vec<(usize, Node)>,
    outcome: Vec<(usize, Outcome)>,
    part: Vec<(usize, Part)>,
    chapter: Vec<(usize, Chapter)>,
    escalation: Vec<(usize, Escalation)>,
    timescale: Vec<(usize, Timescale)>,
    bank_holidays: Vec<(usize, BankHolidays)>,
}

impl Merged {
    fn add(&mut self, file: usize, c: ContentFile) {
        fn tag<T>(file: usize, items: Vec<T>) -> impl Iterator<Item = (usize, T)> {
            items.into_iter().map(move |t| (file, t))
        }
        self.pack.extend(c.pack.map(|p| (file, p)));
        self.tier.extend(tag(file, c.tier));
        self.domain.extend(tag(file, c.domain));
        self.harm.extend(tag(file, c.harm));
        self.rule.extend(tag(file, c.rule));
        self.age.extend(tag(file, c.age));
        self.duty.extend(tag(file, c.duty));
        self.synonym.extend(tag(file, c.synonym));
        self.event.extend(tag(file, c.event));
        self.area.extend(tag(file, c.area));
        self.indicator.extend(tag(file, c.indicator));
        self.contact.extend(tag(file, c.contact));
        self.flow.extend(tag(file, c.flow));
        self.node.extend(tag(file, c.node));
        self.outcome.extend(tag(file, c.outcome));
        self.part.extend(tag(file, c.part));
        self.chapter.extend(tag(file, c.chapter));
        self.escalation.extend(tag(file, c.escalation));
        self.timescale.extend(tag(file, c.timescale));
        self.bank_holidays.extend(tag(file, c.bank_holidays));
    }

    /// Refuses a timescale placeholder left in any item's texts (see [`crate::lengths`]).
    /// Every table is named here (the pattern has no `..`), so a new one cannot be missed.
    fn unfilled(&self, names: &[String], diags: &mut Diagnostics) {
        use crate::lengths::unfilled;
        let Merged {
            pack,
            tier,
            domain,
            harm,
            rule,
            age,
            duty,
            synonym,
            event,
            area,
            indicator,
            contact,
            flow,
            node,
            outcome,
            part,
            chapter,
            escalation,
            timescale,
            bank_holidays,
        } = self;
        unfilled(pack, "[pack]", names, diags);
        unfilled(tier, "[[tier]]", names, diags);
        unfilled(domain, "[[domain]]", names, diags);
        unfilled(harm, "[[harm]]", names, diags);
        unfilled(rule, "[[rule]]", names, diags);
        unfilled(age, "[[age]]", names, diags);
        unfilled(duty, "[[duty]]", names, diags);
        unfilled(synonym, "[[synonym]]", names, diags);
        unfilled(event, "[[event]]", names, diags);
        unfilled(area, "[[area]]", names, diags);
        unfilled(indicator, "[[indicator]]", names, diags);
        unfilled(contact, "[[contact]]", names, diags);
        unfilled(flow, "[[flow]]", names, diags);
        unfilled(node, "[[node]]", names, diags);
        unfilled(outcome, "[[outcome]]", names, diags);
        unfilled(part, "[[part]]", names, diags);
        unfilled(chapter, "[[chapter]]", names, diags);
        unfilled(escalation, "[[escalation]]", names, diags);
        unfilled(timescale, "[[timescale]]", names, diags);
        unfilled(bank_holidays, "[[bank_holidays]]", names, diags);
    }
}

/// A TOML error on one line, with the line and column an author needs to find it.
fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim();
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_owned(),
    }
}

/// FNV-1a over the files in path order, so the same content always gives the same hash.
fn content_hash(files: &[SourceFile<'_>]) -> String {
    let mut sorted: Vec<&SourceFile<'_>> = files.iter().collect();
    sorted.sort_by_key(|f| f.path);
    fingerprint(sorted.iter().flat_map(|f| [f.path.as_bytes(), f.text.as_bytes()]))
}
