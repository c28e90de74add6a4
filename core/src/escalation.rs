//! The professional-differences escalation plan: from the day the current stage started,
//! each stage with its due date and whom to contact. A stage whose length no source gives
//! has no date ("without delay"), and the stages after it start when it ends.

use chrono::NaiveDate;

use crate::error::EngineError;
use crate::ids::{AreaId, StageId};
use crate::model::{Contact, Escalation, Stage};
use crate::pack::Pack;
use crate::time::due_date;

/// One stage of a plan.
#[derive(Clone, Copy, Debug)]
pub struct PlannedStage<'p> {
    /// The stage.
    pub stage: &'p Stage,
    /// The day it starts: the plan's start, or the previous stage's due date (none when
    /// the previous stage has no date).
    pub starts: Option<NaiveDate>,
    /// The day it should be resolved by, where its length is sourced and its start known.
    pub due: Option<NaiveDate>,
    /// The contact for the stage in the area, if the stage names a role.
    pub contact: Option<&'p Contact>,
    /// What this area adds for the stage.
    pub area_note: Option<&'p str>,
}

/// An escalation plan.
#[derive(Clone, Debug)]
pub struct Plan<'p> {
    /// The procedure.
    pub escalation: &'p Escalation,
    /// The stages from the current one on, with dates.
    pub stages: Vec<PlannedStage<'p>>,
}

/// Plans `escalation` for a child in `area`, with the stage `from` (default: the first)
/// starting on `start`. Each later stage starts when the one before is due.
pub fn plan<'p>(
    pack: &'p Pack,
    escalation: &'p Escalation,
    area: Option<&AreaId>,
    start: NaiveDate,
    from: Option<&StageId>,
) -> Result<Plan<'p>, EngineError> {
    let first = match from {
        None => 0,
        Some(id) => escalation
            .stage
            .iter()
            .position(|s| &s.id == id)
            .ok_or_else(|| EngineError::UnknownEscalation(id.to_string()))?,
    };
    let mut stages = Vec::new();
    let mut starts = Some(start);
    for stage in escalation.stage.iter().skip(first) {
        let due = match (starts, stage.due) {
            (Some(from), Some(length)) => Some(
                due_date(from, length, pack.bank_holidays())
                    .ok_or_else(|| EngineError::DateOutOfRange(from.to_string()))?,
            ),
            _ => None,
        };
        let contact = stage.contact_role.as_ref().and_then(|r| pack.contact_for(area, r));
        let area_note = area.and_then(|a| stage.area_notes.get(a)).map(String::as_str);
        stages.push(PlannedStage { stage, starts, due, contact, area_note });
        starts = due;
    }
    Ok(Plan { escalation, stages })
}
