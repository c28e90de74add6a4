//! The professional-differences escalation plan: from the moment the current stage started,
//! each stage with its due date (or its due moment, for a stage in hours from a given time),
//! what to know about its window, and whom to contact. A stage whose length no source gives
//! has no date ("without delay"), and the stages after it start when it ends.

use chrono::NaiveDateTime;

use crate::dates::{CalendarEntry, Due, Start, Window, window, window_note};
use crate::error::EngineError;
use crate::ids::{AreaId, StageId};
use crate::model::{Contact, Duration, Escalation, Stage};
use crate::pack::Pack;

/// One stage of a plan.
#[derive(Clone, Debug)]
pub struct PlannedStage<'p> {
    /// The stage.
    pub stage: &'p Stage,
    /// Its number among the escalation's stages, from 1, as the questions name it: a plan
    /// that begins at the second stage begins at 2.
    pub number: usize,
    /// When it starts: the plan's start, or when the previous stage is due (none when the
    /// previous stage has no date).
    pub starts: Option<Start>,
    /// When it should be resolved by, and what to know about the window, where its length is
    /// sourced and its start known.
    pub window: Option<Window<'p>>,
    /// The contact for the stage in the area, if the stage names a role.
    pub contact: Option<&'p Contact>,
    /// What this area adds for the stage.
    pub area_note: Option<&'p str>,
}

impl PlannedStage<'_> {
    /// When it is due, if it has a date.
    pub fn due(&self) -> Option<Due> {
        self.window.as_ref().map(|w| w.due)
    }

    /// Its due date for a calendar, for guidance `version`, if it has one: what to do in it,
    /// never who is involved.
    pub fn calendar_entry(&self, version: &str) -> Option<CalendarEntry> {
        let window = self.window.as_ref()?;
        let note = window_note(window).map(|n| n + " ").unwrap_or_default();
        Some(CalendarEntry {
            title: format!("{} due", self.stage.title),
            description: format!("{} {note}Guidance version {version}.", self.stage.actions.join(" ")),
            due: window.due,
        })
    }
}

/// An escalation plan.
#[derive(Clone, Debug)]
pub struct Plan<'p> {
    /// The procedure.
    pub escalation: &'p Escalation,
    /// The stages from the current one on, with dates.
    pub stages: Vec<PlannedStage<'p>>,
}

/// A stage's length: its own, or its timescale's.
pub fn stage_length(pack: &Pack, stage: &Stage) -> Option<Duration> {
    stage
        .due
        .or_else(|| stage.timescale.as_ref().and_then(|t| pack.timescale(t.as_str())).map(|t| t.duration()))
}

/// Plans `escalation` for a child in `area`, with the stage `from` (default: the first)
/// starting at `start`, as seen at `now`. Each later stage starts when the one before is due.
pub fn plan<'p>(
    pack: &'p Pack,
    escalation: &'p Escalation,
    area: Option<&AreaId>,
    start: Start,
    from: Option<&StageId>,
    now: NaiveDateTime,
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
    for (number, stage) in escalation.stage.iter().enumerate().skip(first).map(|(i, s)| (i + 1, s)) {
        let window = match (starts, stage_length(pack, stage)) {
            (Some(from), Some(length)) => Some(
                window(pack, from, length, false)
                    .ok_or_else(|| EngineError::DateOutOfRange(from.date.to_string()))?
                    .as_of(now),
            ),
            _ => None,
        };
        let contact = stage.contact_role.as_ref().and_then(|r| pack.contact_for(area, r));
        let area_note = area.and_then(|a| stage.area_notes.get(a)).map(String::as_str);
        let next = window.as_ref().map(|w| match w.due {
            Due::Day(date) => Start { date, time: None },
            Due::Moment(at) => Start { date: at.date(), time: Some(at.time()) },
        });
        stages.push(PlannedStage { stage, number, starts, window, contact, area_note });
        starts = next;
    }
    Ok(Plan { escalation, stages })
}
