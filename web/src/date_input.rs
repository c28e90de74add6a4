//! The date (and time of day) fields, as the GOV.UK design system asks for a memorable date:
//! day, month and year in separate boxes, plus an optional time where a deadline is in hours.
//! One set of boxes and one reader, used by date questions in a journey and by the timescales
//! page, so both check what is typed the same way and give the same messages.
//!
//! While the practitioner types, the boxes are the browser's alone: a key re-renders nothing.
//! The form reads them when it is sent ([`DateParts::typed_in`]), and what was read is what
//! the boxes start from when the page is drawn again (with a problem, say), so nothing typed
//! is lost.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use safeguard_core::{Start, clock};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

/// What is typed in the boxes, kept as typed so nothing is lost when there is a problem.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DateParts {
    /// The day, month and year boxes.
    pub day: String,
    pub month: String,
    pub year: String,
    /// The time box (where the question asks it).
    pub time: String,
}

/// A problem with what was typed: the message, and the id of the box to correct.
pub type Problem = (String, String);

impl DateParts {
    /// What the boxes inside `form` hold now (a box it lacks reads as empty).
    pub fn typed_in(form: &Element) -> DateParts {
        let value = |name: &str| {
            let input = form.query_selector(&format!("input[name='{name}']")).ok().flatten();
            input.and_then(|i| i.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
        };
        DateParts { day: value("day"), month: value("month"), year: value("year"), time: value("time") }
    }

    /// The boxes filled in from a start, as when going back to a page already answered.
    pub fn from_start(start: Start) -> DateParts {
        DateParts {
            day: start.date.day().to_string(),
            month: start.date.month().to_string(),
            year: start.date.year().to_string(),
            time: start.time.map(clock).unwrap_or_default(),
        }
    }

    /// What the boxes say, or the problem with them. The time is read only `with_time`;
    /// `latest` is the last date allowed (today, for something that has happened).
    pub fn read(&self, with_time: bool, latest: Option<NaiveDateTime>) -> Result<Start, Problem> {
        let field = |f: &str| format!("date-{f}");
        let parts = [("day", &self.day), ("month", &self.month), ("year", &self.year)];
        let time = self.time.trim();
        if let Some((name, _)) = parts.iter().find(|(_, v)| v.trim().is_empty()) {
            let all_empty = parts.iter().all(|(_, v)| v.trim().is_empty());
            let msg = match (all_empty, with_time && !time.is_empty()) {
                (true, true) => "Enter the date as well as the time".to_owned(),
                (true, false) => "Enter the date".to_owned(),
                (false, _) => format!("The date must include a {name}"),
            };
            return Err((msg, field(name)));
        }
        let num = |v: &str| v.trim().parse::<u32>().ok();
        let invalid = || ("Enter a real date, for example 27 3 2026".to_owned(), field("day"));
        let (Some(d), Some(m), Some(y)) = (num(&self.day), num(&self.month), num(&self.year)) else {
            return Err(invalid());
        };
        if self.year.trim().len() != 4 {
            return Err(("The year must have four digits".to_owned(), field("year")));
        }
        let date =
            i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d)).ok_or_else(invalid)?;
        if !(2000..=2100).contains(&y) {
            return Err(("The date must be between 2000 and 2100".to_owned(), field("year")));
        }
        if latest.is_some_and(|latest| date > latest.date()) {
            return Err(("The date must be today or in the past".to_owned(), field("day")));
        }
        let time = match time {
            "" => None,
            _ if !with_time => None,
            t => Some(parse_time(t).ok_or_else(|| {
                ("Enter the time in hours and minutes, for example 14:00".to_owned(), field("time"))
            })?),
        };
        if let (Some(latest), Some(time)) = (latest, time)
            && date.and_time(time) > latest
        {
            return Err(("The time must be now or in the past".to_owned(), field("time")));
        }
        Ok(Start { date, time })
    }
}

/// The time of day as people write it: `14:00`, `14.00` or `9:05` (24-hour clock).
fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.replace('.', ":");
    let (h, m) = text.split_once(':')?;
    let (h, m) = (h.trim(), m.trim());
    if m.len() != 2 || h.is_empty() || h.len() > 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// The boxes, starting from `parts`, with `bad` the id of the one that has a problem. Their
/// value is given as the default only (`defaultValue`): a `value` would be written back over
/// what is typed whenever anything else on the page is drawn again.
pub fn fields(parts: &DateParts, with_time: bool, bad: Option<&str>) -> Html {
    let input = |name: &'static str, label: &'static str, value: &str, width: &'static str| {
        let id = format!("date-{name}");
        let invalid = (bad == Some(id.as_str())).then_some("true");
        html! {
            <div class="date-item">
                <label class="label" for={id.clone()}>{ label }</label>
                <input class="input" data-width={width} aria-invalid={invalid} id={id} name={name} type="text" inputmode="numeric" ~defaultValue={value.to_owned()} />
            </div>
        }
    };
    html! {
        <>
            <div class="hint">
                { "For example, 27 3 2026" }
                if with_time { { ". Add the time if you know it, for example 14:00: a deadline in hours counts from it." } }
            </div>
            <div class="date-input">
                { input("day", "Day", &parts.day, "2") }
                { input("month", "Month", &parts.month, "2") }
                { input("year", "Year", &parts.year, "4") }
                if with_time { { input("time", "Time (if known)", &parts.time, "4") } }
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(day: &str, month: &str, year: &str, time: &str) -> DateParts {
        DateParts { day: day.into(), month: month.into(), year: year.into(), time: time.into() }
    }

    #[test]
    fn times_read_as_people_write_them() {
        assert_eq!(parse_time("14:00"), NaiveTime::from_hms_opt(14, 0, 0));
        assert_eq!(parse_time("9.05"), NaiveTime::from_hms_opt(9, 5, 0));
        for bad in ["25:00", "14", "14:5", "2pm", ":30", "123:00"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_problem_names_its_box() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).and_then(|d| d.and_hms_opt(14, 30, 0));
        let field = |p: DateParts, t| p.read(t, today).unwrap_err().1;
        assert_eq!(field(parts("", "", "", "14:00"), true), "date-day");
        assert_eq!(
            parts("", "", "", "14:00").read(true, today).unwrap_err().0,
            "Enter the date as well as the time"
        );
        assert_eq!(field(parts("3", "", "2026", ""), true), "date-month");
        assert_eq!(field(parts("31", "2", "2026", ""), true), "date-day");
        assert_eq!(field(parts("3", "12", "26", ""), true), "date-year");
        assert_eq!(field(parts("2", "12", "2026", ""), true), "date-day", "a future date");
        assert_eq!(field(parts("1", "12", "2026", "25:00"), true), "date-time");
        assert_eq!(field(parts("1", "12", "2026", "18:00"), true), "date-time", "later today");
        assert!(parts("1", "12", "2026", "14:30").read(true, today).is_ok(), "this minute");
        let start = parts("1", "12", "2026", "9.30").read(true, today).unwrap();
        assert_eq!(start.time, NaiveTime::from_hms_opt(9, 30, 0));
        assert_eq!(DateParts::from_start(start), parts("1", "12", "2026", "09:30"));
        assert_eq!(parts("1", "12", "2026", "junk").read(false, today).unwrap().time, None, "no time asked");
    }
}
