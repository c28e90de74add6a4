//! Ids as newtypes, so an indicator id can never be passed where a contact id is expected.
//!
//! Ids come from content files; they are kebab-case strings. Each kind gets its own type.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a string as this kind of id (no check: unknown ids are caught where they are used).
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
            /// The id as written in the content.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    )*};
}

id_type! {
    /// A local authority area (`west-sussex`).
    AreaId,
    /// A level in one area's framework (`ws-3`).
    LevelId,
    /// A severity tier shared by all indicators (`complex`).
    TierId,
    /// An Assessment Framework domain (`parenting-capacity`).
    DomainId,
    /// A dimension within a domain (`basic-care`).
    DimensionId,
    /// A specific harm or circumstance (`neglect`).
    HarmId,
    /// An indicator (`neglect-often-hungry`).
    IndicatorId,
    /// A combination rule.
    RuleId,
    /// A label that combination rules look for.
    Tag,
    /// A contact (`ws-ifd`).
    ContactId,
    /// What a contact is for (`front-door`); outcomes name roles, areas supply contacts.
    Role,
    /// A part of the procedures (`part-6`).
    PartId,
    /// A procedure chapter (`ch-s47`).
    ChapterId,
    /// A statutory or local timescale.
    TimescaleId,
    /// An escalation procedure (`professional-differences`).
    EscalationId,
    /// A stage of an escalation procedure.
    StageId,
    /// A guided flow (`worried`).
    FlowId,
    /// A question node in a flow.
    NodeId,
    /// An option of a question.
    OptionId,
    /// An outcome of a flow.
    OutcomeId,
    /// An age band of the child (`age-13-15`).
    AgeId,
    /// Something a practitioner must do because of what they found (`fgm-report`).
    DutyId,
    /// Something that happened, that timescales are counted from (`strategy-discussion`).
    EventId,
}
