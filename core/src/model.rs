//! The content file format: what a content author writes in `content/*.toml`.
//!
//! These types are the data contract documented in `content/README.md`; serde is used on them
//! only because the content files are themselves a stable format. Every struct refuses unknown
//! fields, so a misspelt field is an error the author sees rather than a fact silently lost.
//! Nothing here is known to be valid: [`crate::Pack`] is the validated form.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::calendar::{Duration, Unit};
use crate::ids::*;
use crate::sorted::{SortedMap, SortedSet};

/// Where a fact comes from and how far it can be trusted.
#[derive(Clone, Copy, Debug)]
pub struct Provenance<'a> {
    /// The public address of the source.
    pub source: &'a str,
    /// The day a person last checked the item against its source.
    pub reviewed: NaiveDate,
    /// Whether the partnership has signed the item off.
    pub status: Status,
    /// Why the item is draft, or what to check.
    pub note: Option<&'a str>,
    /// Who signed the item off, for a verified item.
    pub verified_by: Option<&'a str>,
    /// When they signed it off.
    pub verified_on: Option<NaiveDate>,
}

/// How many months after its review an item is overdue for another check.
pub const REVIEW_MONTHS: u32 = 12;

impl Provenance<'_> {
    /// Whether the item was last reviewed more than [`REVIEW_MONTHS`] before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        today
            .checked_sub_months(chrono::Months::new(REVIEW_MONTHS))
            .is_some_and(|limit| self.reviewed < limit)
    }
}

/// Review status of a content item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Checked against its source and signed off.
    Verified,
    /// Drafted from the research; to be checked before it is relied on.
    Draft,
}

/// Items that carry provenance; implemented for every sourced table.
pub trait Sourced {
    /// Its provenance.
    fn provenance(&self) -> Provenance<'_>;
}

/// Declares a content table whose items carry provenance: appends the `source`, `reviewed`,
/// `status` and `note` fields every sourced item has, refuses unknown fields, and implements
/// [`Sourced`]. (serde's `flatten` would do the appending but cannot refuse unknown fields.)
macro_rules! sourced {
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($body)*
            /// The public address the item comes from.
            pub source: String,
            /// The day a person last checked the item against its source.
            #[serde(with = "date")]
            pub reviewed: NaiveDate,
            /// Verified or draft.
            pub status: Status,
            /// Why the item is draft, or what to check.
            pub note: Option<String>,
            /// Who signed the item off: a named person and their role. Required with
            /// `status = "verified"`, and only then.
            pub verified_by: Option<String>,
            /// The day they signed it off.
            #[serde(default, with = "opt_date")]
            pub verified_on: Option<NaiveDate>,
        }

        impl Sourced for $name {
            fn provenance(&self) -> Provenance<'_> {
                Provenance {
                    source: &self.source,
                    reviewed: self.reviewed,
                    status: self.status,
                    note: self.note.as_deref(),
                    verified_by: self.verified_by.as_deref(),
                    verified_on: self.verified_on,
                }
            }
        }
    };
}

/// One content file. Any file may hold any table; the loader merges them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ContentFile {
    pub pack: Option<PackInfo>,
    #[serde(default)]
    pub tier: Vec<Tier>,
    #[serde(default)]
    pub domain: Vec<Domain>,
    #[serde(default)]
    pub harm: Vec<Harm>,
    #[serde(default)]
    pub rule: Vec<Rule>,
    #[serde(default)]
    pub age: Vec<Age>,
    #[serde(default)]
    pub duty: Vec<Duty>,
    #[serde(default)]
    pub synonym: Vec<Synonym>,
    #[serde(default)]
    pub event: Vec<Event>,
    #[serde(default)]
    pub area: Vec<Area>,
    #[serde(default)]
    pub indicator: Vec<Indicator>,
    #[serde(default)]
    pub contact: Vec<Contact>,
    #[serde(default)]
    pub flow: Vec<Flow>,
    #[serde(default)]
    pub node: Vec<Node>,
    #[serde(default)]
    pub outcome: Vec<Outcome>,
    #[serde(default)]
    pub part: Vec<Part>,
    #[serde(default)]
    pub chapter: Vec<Chapter>,
    #[serde(default)]
    pub escalation: Vec<Escalation>,
    #[serde(default)]
    pub timescale: Vec<Timescale>,
    #[serde(default)]
    pub bank_holidays: Vec<BankHolidays>,
}

/// The pack as a whole.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    /// Short id, e.g. `pan-sussex`.
    pub id: String,
    /// The content's name, e.g. "Pan Sussex threshold and escalation guidance".
    pub name: String,
    /// The service's title on every page, e.g. "Sussex safeguarding: threshold and escalation guide".
    pub title: String,
    /// Who it is for, in one sentence, shown on the home page.
    pub audience: String,
    /// The name of the procedures the index covers, e.g. "Pan Sussex child protection and safeguarding procedures".
    pub procedures_title: String,
    /// The flow to offer when a practitioner disagrees with a decision.
    pub escalation_flow: Option<FlowId>,
    /// Content version, e.g. `2026.11.0`.
    pub version: String,
    /// Who publishes it.
    pub publisher: String,
    /// The statement that the tool supports, not replaces, professional judgement.
    pub judgement: String,
    /// What the tool does with what is typed.
    pub privacy: String,
    /// Newest first.
    #[serde(default)]
    pub changelog: Vec<ChangelogEntry>,
}

impl PackInfo {
    /// The day the guidance itself last changed: its newest changelog entry, or `copied` (the
    /// day the copy was made) if it has no changelog.
    pub fn updated(&self, copied: NaiveDate) -> NaiveDate {
        self.changelog.iter().map(|c| c.date).max().unwrap_or(copied)
    }
}

/// One version's summary of changes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ChangelogEntry {
    pub version: String,
    #[serde(with = "date")]
    pub date: NaiveDate,
    pub summary: String,
}

sourced! {
/// A rung of the severity scale shared by every indicator.
#[allow(missing_docs)]
pub struct Tier {
    pub id: TierId,
    pub rank: u8,
    pub name: String,
    pub description: String,
}
}

sourced! {
/// An Assessment Framework domain and its dimensions.
#[allow(missing_docs)]
pub struct Domain {
    pub id: DomainId,
    pub name: String,
    pub dimensions: Vec<Dimension>,
}
}

/// A dimension of a domain.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Dimension {
    pub id: DimensionId,
    pub name: String,
}

sourced! {
/// A specific harm or circumstance.
#[allow(missing_docs)]
pub struct Harm {
    pub id: HarmId,
    pub name: String,
}
}

sourced! {
/// A combination rule: when all its conditions hold, the level is at least `raises_to`, and
/// its duties apply.
///
/// Every condition about indicators can only become true as more indicators are answered
/// yes, which is what keeps assessment monotonic. The age condition holds when the child
/// may be in one of the bands, so "I don't know" (every band) fires every rule a known age
/// would.
#[allow(missing_docs)]
pub struct Rule {
    pub id: RuleId,
    pub description: String,
    pub min_indicators: Option<u32>,
    pub min_domains: Option<u32>,
    pub min_tier: Option<TierId>,
    #[serde(default)]
    pub all_tags: Vec<Tag>,
    /// The age bands it applies to; none means any age.
    #[serde(default)]
    pub ages: Vec<AgeId>,
    pub raises_to: TierId,
    /// How soon to act when it fires; by default, as soon as its level says.
    pub urgency: Option<Urgency>,
    #[serde(default)]
    pub duties: Vec<DutyId>,
    #[serde(default)]
    pub procedures: Vec<ChapterId>,
}
}

/// Something that happened, that timescales are counted from: a referral, a strategy
/// discussion, a conference. The tool's own wording, so it carries no provenance.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Its id.
    pub id: EventId,
    /// What happened, in words: "A strategy discussion was held".
    pub label: String,
    /// The question an outcome asks for its date: "When did the child come back?". Missing,
    /// it is reported by validation with the pack's other problems.
    #[serde(default)]
    pub question: String,
    /// The time of day matters (a timescale from it is in hours).
    #[serde(default)]
    pub time: bool,
    /// It can be planned for a later date (a private fostering arrangement that will start).
    #[serde(default)]
    pub future: bool,
    /// Until its own date is given, it happened no later than the earliest of these given:
    /// learning of FGM, or of an allegation, is recognising the risk.
    #[serde(default)]
    pub taken_from: Vec<EventId>,
    /// On an outcome, it is taken to happen the day the guide is used (the practitioner
    /// recognises the risk, refers, learns of something), so its timescales are dated from
    /// then; other timescales ask for the date instead of assuming today.
    #[serde(default)]
    pub today: bool,
}

/// Words a practitioner may use for the same thing when searching the signs ("bruise",
/// "mark", "injury"): a search for one finds signs written with any of them. The tool's own
/// wording, so it carries no provenance.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonym {
    /// The words, lower case.
    pub words: Vec<String>,
}

sourced! {
/// An age band of the child, youngest first in the pack. Options of the age question name
/// the bands they stand for; indicators and rules name the bands they apply to.
#[allow(missing_docs)]
pub struct Age {
    pub id: AgeId,
    pub label: String,
    pub hint: Option<String>,
}
}

sourced! {
/// Something the practitioner must do because of what they found, whatever the level:
/// report to the police, get a paediatric opinion, notify a private fostering arrangement…
/// Declared once and attached to indicators and rules; the outcome shows the duties first,
/// most urgent first, each with its contact.
#[allow(missing_docs)]
pub struct Duty {
    pub id: DutyId,
    /// Short and imperative: "Report known FGM to the police yourself".
    pub title: String,
    /// What to do, in full.
    pub text: String,
    /// The law or procedure behind it.
    pub why: String,
    pub urgency: Urgency,
    /// Roles; the first is the one to use now.
    pub contacts: Vec<Role>,
    #[serde(default)]
    pub procedures: Vec<ChapterId>,
    #[serde(default)]
    pub timescales: Vec<TimescaleId>,
    /// Done whatever the family agrees (a police report, a LADO or Prevent referral, a
    /// notification the law asks for). Once such a duty is found, the guide does not ask
    /// whether the family agrees to help: the answer would change nothing, and asking reads
    /// as if the family should be told first.
    #[serde(default)]
    pub without_consent: bool,
}
}

sourced! {
/// A local authority area and its own threshold framework.
#[allow(missing_docs)]
pub struct Area {
    pub id: AreaId,
    pub name: String,
    pub framework: String,
    pub level: Vec<Level>,
}
}

/// Does the help at a level need the family's agreement?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Consent {
    /// Universal services: nothing to agree.
    None,
    /// Help is voluntary: it needs the family's agreement.
    Agreement,
    /// Refer without consent where asking would raise the risk; otherwise tell the family.
    Inform,
}

/// How soon the practitioner must act, apart from the level: two children at the same level
/// can need different responses (a protection referral today, or a notification).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    /// Support, with the family's agreement where help is voluntary: no emergency.
    Routine,
    /// A statutory step that is not an emergency (a child in need assessment, a
    /// notification): the next working day is soon enough, out-of-hours services are not
    /// for it.
    Statutory,
    /// Act today: significant harm. Out of hours, the emergency duty service.
    Urgent,
    /// Now: the child is in immediate danger.
    Immediate,
}

/// What to do and whom to contact: given by a level (or one of its alternatives), or by a
/// fixed outcome.
///
/// Written as plain fields on `[[area.level]]`, `[[area.level.alternative]]` and
/// `[[outcome]]` (serde's `flatten` cannot be combined with refusing unknown fields), and
/// gathered here by their `response()` methods.
#[derive(Clone, Copy, Debug)]
pub struct Response<'a> {
    /// How soon to act; a threshold level always has one, a fixed outcome may leave it out.
    pub urgency: Urgency,
    /// How soon the steps below were written for: the level's (or alternative's) own urgency.
    /// Less than `urgency` when a sign that cannot wait raised how soon to act, keeping these
    /// steps; the page then says which steps come first (see `Conclusion::actions`).
    pub paced: Urgency,
    /// Whether the help needs the family's agreement (levels only).
    pub consent: Option<Consent>,
    /// What it means for the child: the level's (or alternative's) summary, or the outcome's.
    pub summary: &'a str,
    /// What to do now, in order.
    pub actions: &'a [String],
    /// Roles; the first is the one to use now.
    pub contacts: &'a [Role],
    /// Chapters that apply.
    pub procedures: &'a [ChapterId],
    /// Timescales that follow.
    pub timescales: &'a [TimescaleId],
}

impl<'a> Response<'a> {
    /// A response acted on at the pace its steps were written for.
    fn written_for(
        urgency: Urgency,
        consent: Option<Consent>,
        summary: &'a str,
        actions: &'a [String],
        contacts: &'a [Role],
        procedures: &'a [ChapterId],
        timescales: &'a [TimescaleId],
    ) -> Self {
        Response { urgency, paced: urgency, consent, summary, actions, contacts, procedures, timescales }
    }
}

impl Level {
    /// What to do and whom to contact at this level, at its own urgency.
    pub fn response(&self) -> Response<'_> {
        let urgency = self.urgency.unwrap_or(Urgency::Routine);
        let c = Some(self.consent);
        Response::written_for(
            urgency,
            c,
            &self.summary,
            &self.actions,
            &self.contacts,
            &self.procedures,
            &self.timescales,
        )
    }

    /// The response for a child at this level whose signs call for `urgency`: the level's
    /// own, unless the signs call for less and an alternative covers it, in which case the
    /// least urgent alternative that is at least as urgent as the signs. Never less urgent
    /// than `urgency`: a sign that cannot wait (a child with nobody to look after them)
    /// raises how soon to act above the level's own pace, keeping the level's steps.
    pub fn response_for(&self, urgency: Urgency) -> Response<'_> {
        let own = self.response();
        if urgency >= own.urgency {
            return Response { urgency, ..own };
        }
        self.alternative
            .iter()
            .filter(|a| a.urgency >= urgency && a.urgency < own.urgency)
            .min_by_key(|a| a.urgency)
            .map_or(own, Alternative::response)
    }
}

impl Outcome {
    /// What to do and whom to contact.
    pub fn response(&self) -> Response<'_> {
        let urgency = self.urgency.unwrap_or(Urgency::Routine);
        Response::written_for(
            urgency,
            None,
            &self.summary,
            &self.actions,
            &self.contacts,
            &self.procedures,
            &self.timescales,
        )
    }
}

sourced! {
/// A level of an area's framework.
#[allow(missing_docs)]
pub struct Level {
    pub id: LevelId,
    pub number: u8,
    pub name: String,
    pub summary: String,
    pub tiers: Vec<TierId>,
    pub consent: Consent,
    pub urgency: Option<Urgency>,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<Role>,
    #[serde(default)]
    pub procedures: Vec<ChapterId>,
    #[serde(default)]
    pub timescales: Vec<TimescaleId>,
    /// Responses for children at this level whose signs call for less than its own urgency
    /// (support or a statutory assessment rather than protection).
    #[serde(default)]
    pub alternative: Vec<Alternative>,
}
}

/// A level's response at a lower urgency than its own (see [`Level::response_for`]): e.g.
/// a child in need assessment rather than a child protection referral. It shares the
/// level's provenance.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Alternative {
    pub urgency: Urgency,
    pub consent: Consent,
    /// What the level means for these children, in place of the level's summary.
    pub summary: String,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<Role>,
    #[serde(default)]
    pub procedures: Vec<ChapterId>,
    #[serde(default)]
    pub timescales: Vec<TimescaleId>,
}

impl Alternative {
    /// What to do and whom to contact on this route, at its own urgency.
    pub fn response(&self) -> Response<'_> {
        let (urgency, c) = (self.urgency, Some(self.consent));
        Response::written_for(
            urgency,
            c,
            &self.summary,
            &self.actions,
            &self.contacts,
            &self.procedures,
            &self.timescales,
        )
    }
}

sourced! {
/// Something a practitioner may see or be told about a child.
#[allow(missing_docs)]
pub struct Indicator {
    pub id: IndicatorId,
    pub text: String,
    pub help: Option<String>,
    /// Words practitioners use for the sign that its text and help do not (slang, police
    /// and health shorthand, other spellings: "misper", "plugging", "sunna"): the sign
    /// search finds the sign by them as by its help. Never shown, so a sign is worded for
    /// every reader while found by the words each of them types.
    #[serde(default)]
    pub terms: Vec<String>,
    pub domain: DomainId,
    pub dimension: DimensionId,
    pub harm: Option<HarmId>,
    pub tier: TierId,
    /// How soon to act on it; by default, as soon as the level it falls at says. Set lower
    /// for signs of need rather than harm (a disabled child whose parents are not coping).
    pub urgency: Option<Urgency>,
    /// The age bands it can apply to; none means any age. It is not shown for other ages.
    #[serde(default)]
    pub ages: Vec<AgeId>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// A safety-critical sign: it must be reachable from every topic a practitioner could
    /// reasonably choose for it.
    #[serde(default)]
    pub critical: bool,
    /// What the practitioner must do when it applies, whatever the level.
    #[serde(default)]
    pub duties: Vec<DutyId>,
    /// Chapters about what it is about.
    #[serde(default)]
    pub procedures: Vec<ChapterId>,
    #[serde(default)]
    pub overrides: SortedMap<AreaId, LevelId>,
}
}

/// The age bands the child may be in: the one the practitioner gave, or every band when
/// the age is not known. A sign or rule for some bands applies when the child may be in
/// any of them, so not knowing the age takes the safer route for every age.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ages(Option<SortedSet<AgeId>>);

impl Ages {
    /// Not known: every band.
    pub fn unknown() -> Ages {
        Ages(None)
    }

    /// The child is in one of `bands`.
    pub fn among(bands: impl IntoIterator<Item = AgeId>) -> Ages {
        Ages(Some(bands.into_iter().collect()))
    }

    /// Whether something for `bands` (none: any age) may apply to this child.
    pub fn any_of(&self, bands: &[AgeId]) -> bool {
        match &self.0 {
            _ if bands.is_empty() => true,
            None => true,
            Some(known) => bands.iter().any(|b| known.contains(b)),
        }
    }

    /// The bands the child may be in, when the age was given.
    pub fn known(&self) -> Option<&SortedSet<AgeId>> {
        self.0.as_ref()
    }
}

/// Whether an indicator applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    /// The practitioner knows it applies.
    Yes,
    /// The practitioner is not sure: it counts as if it applies (the safer route), and the
    /// reasons say it was not sure.
    NotSure,
}

sourced! {
/// A service a practitioner can contact.
#[allow(missing_docs)]
pub struct Contact {
    pub id: ContactId,
    pub name: String,
    pub area: Option<AreaId>,
    pub roles: Vec<Role>,
    pub phone: Option<String>,
    pub textphone: Option<String>,
    pub email: Option<String>,
    pub web_form: Option<String>,
    #[serde(default)]
    pub other_phones: Vec<OtherPhone>,
    pub hours: Hours,
    pub out_of_hours: Option<ContactId>,
    pub use_for: String,
}
}

/// A further number for a contact.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct OtherPhone {
    pub label: String,
    pub number: String,
}

/// When a contact answers.
///
/// Written untagged — the fields tell the variant, as in `{ always = true }`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Hours {
    /// Always open (`{ always = true }`).
    Always {
        /// Must be `true`.
        always: bool,
    },
    /// Open exactly when another contact is closed (`{ outside = "ws-ifd" }`).
    Outside {
        /// The contact whose hours this one complements.
        outside: ContactId,
    },
    /// Open in weekly sessions.
    Sessions {
        /// The sessions of a week.
        sessions: Vec<Session>,
        /// Open or closed on bank holidays.
        bank_holidays: BankHolidayRule,
    },
}

/// Whether a contact with weekly sessions opens on bank holidays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BankHolidayRule {
    /// Keeps its usual sessions on bank holidays.
    Open,
    /// Closed all day on bank holidays.
    Closed,
}

/// One weekly opening session, e.g. Monday to Friday 09:00–17:00.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Session {
    #[serde(with = "weekdays")]
    pub days: Vec<Weekday>,
    #[serde(with = "time")]
    pub opens: NaiveTime,
    #[serde(with = "time")]
    pub closes: NaiveTime,
}

/// A guided flow of questions.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Flow {
    pub id: FlowId,
    pub title: String,
    pub description: String,
    pub start: NodeId,
}

/// The kind of answer a question takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// One option; each option routes.
    Choice,
    /// Any number of options; the node routes.
    Multi,
    /// Yes / not sure / no for each listed indicator.
    Indicators,
    /// A calendar date.
    Date,
    /// Signs the practitioner found by searching, from the topics page or any page of signs:
    /// any sign of the pack that can apply at the child's age. Never asked as a page of its
    /// own: skipped until a sign is found, then listed with the answers like any page.
    Found,
}

/// A question.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Node {
    pub id: NodeId,
    pub flow: FlowId,
    pub kind: NodeKind,
    pub question: String,
    pub hint: Option<String>,
    #[serde(default)]
    pub options: Vec<QuestionOption>,
    /// On a choice node: the option that "not sure" counts as.
    pub not_sure: Option<OptionId>,
    #[serde(default)]
    pub indicators: Vec<IndicatorId>,
    /// Where multi, indicator and date nodes go, and where any skipped node goes.
    pub next: Option<String>,
    pub when: Option<Condition>,
    /// On a date question: the time of day is asked too (optional), for timescales in hours.
    #[serde(default)]
    pub time: bool,
}

/// An option of a question.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct QuestionOption {
    pub id: OptionId,
    pub label: String,
    pub hint: Option<String>,
    /// Choice nodes only: a node or outcome id.
    pub next: Option<String>,
    /// Choosing it sets where the child lives.
    pub area: Option<AreaId>,
    /// Choosing it says the child is in one of these age bands ("I don't know" lists every
    /// band).
    #[serde(default)]
    pub ages: Vec<AgeId>,
    /// A sentence added to the outcome's actions.
    pub advice: Option<String>,
    /// Duties that apply when it is chosen (a worry about someone who works with children
    /// brings the LADO duty, whatever else is found).
    #[serde(default)]
    pub duties: Vec<DutyId>,
    /// Chapters that apply when it is chosen (a topic's own chapters).
    #[serde(default)]
    pub procedures: Vec<ChapterId>,
}

/// When a node is asked.
///
/// Written untagged — the fields tell the variant, as in `{ node = "about", includes = "neglect" }`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Condition {
    /// An option was ticked on a multi node.
    Includes {
        /// The multi node.
        node: NodeId,
        /// The option.
        includes: OptionId,
    },
    /// The level assessed from the answers so far has this consent rule.
    LevelConsent {
        /// The consent rule.
        level_consent: Consent,
    },
}

/// How an outcome produces its advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    /// The outcome's own response.
    Fixed,
    /// The level assessed from the indicators decides the response.
    Threshold,
    /// An escalation plan from a date.
    Escalation,
}

sourced! {
/// The end of a path through a flow.
#[allow(missing_docs)]
pub struct Outcome {
    pub id: OutcomeId,
    pub kind: OutcomeKind,
    pub title: String,
    pub summary: String,
    pub urgency: Option<Urgency>,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<Role>,
    #[serde(default)]
    pub procedures: Vec<ChapterId>,
    #[serde(default)]
    pub timescales: Vec<TimescaleId>,
    pub escalation: Option<EscalationId>,
    pub start_date: Option<NodeId>,
    pub stage_from: Option<NodeId>,
    /// A choice question asked on the outcome's own page, after its advice, whose answer
    /// refines the advice but never changes the outcome: on the 999 page, where the child
    /// lives, so the area's front door can be named once the child is safe.
    pub follow_up: Option<NodeId>,
}
}

sourced! {
/// A part of the procedures.
#[allow(missing_docs)]
pub struct Part {
    pub id: PartId,
    pub number: u8,
    pub title: String,
}
}

sourced! {
/// A chapter of the procedures.
#[allow(missing_docs)]
pub struct Chapter {
    pub id: ChapterId,
    pub part: PartId,
    /// The number the chapter has at `url`, which may be from an older edition than its part.
    pub number: String,
    pub title: String,
    /// Its address; left out where none is held, rather than guessed.
    pub url: Option<String>,
    /// The area whose own guidance it is (a partnership's page rather than a Pan Sussex
    /// chapter): listed on outcomes for children in that area only.
    pub area: Option<AreaId>,
    #[serde(default)]
    pub keywords: Vec<String>,
}
}

sourced! {
/// A statutory or local timescale.
#[allow(missing_docs)]
pub struct Timescale {
    pub id: TimescaleId,
    pub label: String,
    pub amount: u32,
    pub unit: Unit,
    /// What starts the clock, in words.
    pub from: String,
    /// What starts the clock: the events it is counted from.
    pub counted_from: Vec<EventId>,
    /// It is due this long before the event, not after (notice ahead of a planned start).
    #[serde(default)]
    pub before: bool,
    pub description: String,
    /// When it is due with no news, the practitioner should follow up (and may escalate).
    #[serde(default)]
    pub follow_up: bool,
    /// Another agency acts by this date (children's social care decides, a conference is
    /// held): once it has passed, the practitioner checks that it happened and follows up,
    /// rather than being told to do it.
    #[serde(default)]
    pub theirs: bool,
    /// On an outcome to act on today or now, it is due the day its event happened: a child
    /// at risk now is referred now, not within the working day the rule allows otherwise.
    #[serde(default)]
    pub urgent_same_day: bool,
    /// Events whose date, given or taken from another (`Event::taken_from`), shows it was
    /// done (a referral made on Monday meets "refer by"): the outcome then says it is done.
    #[serde(default)]
    pub met_by: Vec<EventId>,
}
}

impl Timescale {
    /// Its length.
    pub fn duration(&self) -> Duration {
        Duration { amount: self.amount, unit: self.unit }
    }

    /// Its rule in words: "1 working day from recognising …", "42 days before the planned
    /// start …".
    pub fn rule(&self) -> String {
        format!("{} {} {}", self.duration(), if self.before { "before" } else { "from" }, self.from)
    }
}

sourced! {
/// An escalation procedure.
#[allow(missing_docs)]
pub struct Escalation {
    pub id: EscalationId,
    pub title: String,
    pub statement: String,
    pub immediate_risk: String,
    pub record: Vec<String>,
    pub stage: Vec<Stage>,
}
}

sourced! {
/// A stage of an escalation procedure.
#[allow(missing_docs)]
pub struct Stage {
    pub id: StageId,
    pub title: String,
    pub who: String,
    pub contact_role: Option<Role>,
    /// How long the stage has, where a source gives it.
    pub due: Option<Duration>,
    /// Or the timescale that gives its length (so the length is written once).
    pub timescale: Option<TimescaleId>,
    /// When no length is sourced: how soon, in words ("Without delay").
    pub timing: Option<String>,
    pub actions: Vec<String>,
    #[serde(default)]
    pub area_notes: SortedMap<AreaId, String>,
}
}

sourced! {
/// Bank holidays of a region.
#[allow(missing_docs)]
pub struct BankHolidays {
    pub region: String,
    pub dates: Vec<BankHoliday>,
}
}

/// One bank holiday.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct BankHoliday {
    #[serde(with = "date")]
    pub date: NaiveDate,
    pub name: String,
}

/// The text forms of dates, times and days that authors write (`2026-11-23`, `09:00`,
/// `mon`), read and written the same way in TOML and JSON.
/// Dates are strings (`"2026-11-23"`), not TOML dates, so the same files read as TOML or JSON.
/// (Our own parsers: chrono's general ones would add its whole parsing machinery to the WASM.)
/// A UK local date and time written `YYYY-MM-DDTHH:MM`.
pub(crate) mod moment {
    use chrono::NaiveDateTime;

    use super::*;

    pub(crate) fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&crate::calendar::local_text(*t))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let s = String::deserialize(d)?;
        crate::calendar::parse_local(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not a date and time written YYYY-MM-DDTHH:MM"))
        })
    }
}

/// An optional date in the same text form.
pub(crate) mod opt_date {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::date::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        super::date::deserialize(d).map(Some)
    }
}

pub(crate) mod date {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = String::deserialize(d)?;
        crate::calendar::parse_date(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a date written YYYY-MM-DD")))
    }
}

mod time {
    use super::*;

    pub(super) fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&crate::calendar::clock(*t))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        crate::calendar::parse_time(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a time written HH:MM")))
    }
}

mod weekdays {
    use super::*;

    pub(super) fn serialize<S: Serializer>(days: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(days.iter().map(|d| d.to_string().to_ascii_lowercase()))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
        Vec::<String>::deserialize(d)?
            .into_iter()
            .map(|s| {
                s.parse::<Weekday>()
                    .map_err(|_| serde::de::Error::custom(format!("`{s}` is not a day (mon, tue, … sun)")))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text formats keep the authors' untagged form both ways, and a value comes back as the
    /// variant it was. (The compiled form is tested in `compiled`.)
    #[test]
    fn untagged_enums_round_trip_as_text() {
        let hours = vec![
            Hours::Always { always: true },
            Hours::Outside { outside: ContactId::new("ws-ifd") },
            Hours::Sessions {
                sessions: vec![Session {
                    days: vec![Weekday::Mon, Weekday::Fri],
                    opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                    closes: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                }],
                bank_holidays: BankHolidayRule::Closed,
            },
        ];
        let as_text = serde_json::to_string(&hours).unwrap();
        assert!(
            as_text.starts_with(
                r#"[{"always":true},{"outside":"ws-ifd"},{"sessions":[{"days":["mon","fri"],"opens":"09:00""#
            ),
            "{as_text}"
        );
        let back: Vec<Hours> = serde_json::from_str(&as_text).unwrap();
        assert_eq!(format!("{back:?}"), format!("{hours:?}"));
        let condition = Condition::LevelConsent { level_consent: Consent::Agreement };
        let text = serde_json::to_string(&condition).unwrap();
        assert_eq!(text, r#"{"level_consent":"agreement"}"#);
        let back: Condition = serde_json::from_str(&text).unwrap();
        assert!(matches!(back, Condition::LevelConsent { level_consent: Consent::Agreement }));
    }
}
