//! The engine and content model of the Sussex threshold and escalation assistant.
//!
//! **Architecture invariant:** this crate knows nothing of the web. It does no IO, reads no
//! clock and no randomness, and depends only on serde, toml and chrono, so it builds and
//! behaves the same natively, in WASM and in every host. Callers pass in the content text
//! and the moment.
//!
//! The flow of a journey: load a [`Pack`] from its files (validated: an invalid pack never
//! loads), start a [`Session`], [`Session::answer`] questions until [`Session::next_step`]
//! gives an outcome, then [`advise`] gives the level, reasons, contacts open now, dates and
//! escalation plan, and [`record`] renders it.

mod advice;
mod assess;
pub mod calendar;
mod case;
mod compiled;
mod contact;
mod dates;
mod diagnostic;
mod engine;
mod error;
mod escalation;
mod fingerprint;
mod freshness;
mod front;
pub mod hours;
mod ids;
mod lengths;
mod load;
pub mod model;
mod pack;
mod record;
mod search;
mod sorted;
mod strings;
mod validate;

pub use advice::{Advice, EventDate, advise, calendar, timescale_dates};
pub use assess::{Assessment, FiredRule, Reason, assess, fired};
pub use calendar::{clock, long_date, short_date};
pub use case::{lower_first, upper_first};
pub use contact::{Ask, ContactNow, When, contact_now, contacts_now, hours_text, tel_address};
pub use dates::{
    ActBy, CalendarEntry, Deadline, Due, Start, Window, deadline, due_from, due_words, ics, start_words,
    urgent_deadline, window, window_note,
};
pub use diagnostic::{Diagnostic, Severity};
pub use engine::{Answer, Conclusion, DUTIES_FIRST, FoundDuty, Path, Session, Step, Walk, chosen_option};
pub use error::EngineError;
pub use escalation::{Plan, PlannedStage, plan, stage_length};
pub use fingerprint::fingerprint;
pub use freshness::{Freshness, STALE_AFTER_DAYS, freshness};
pub use front::{DOORS_HEADING, DOORS_INTRO, DoorService, Front, FrontDoor};
pub use ids::*;
pub use load::{Loaded, ParsedFile, SourceFile};
pub use model::{Ages, Presence};
pub use pack::{Counts, Pack, SourcedItem, Target};
pub use record::{
    DUE_TODAY, LATEST_DATES, PASSED, PASSED_THEIRS, acts_today, chapter_label, counted_from, deadline_note,
    describe_answer, done_words, due_note, follow_up_words, plain_text, purpose, record, render, stage_due,
    urgency_words,
};
pub use search::{Hit, SHOWN_SIGNS, SignHit, search, search_signs, topics_of};
pub use sorted::{SortedMap, SortedSet};
