//! Dates the practitioner gives: what happened and when (a referral, a strategy discussion, a
//! conference at 14:00), and every timescale that follows from it, in working days or hours,
//! with a warning where a weekend or bank holiday falls in the window, and a calendar file of
//! the due dates.
//!
//! Hours are counted on the clock from the moment given (72 hours from a conference at 14:00
//! on Thursday ends at 14:00 on Sunday); without a time, hours count as whole days, as before.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Weekday};

use crate::calendar::{clock, due_date, is_working_day, long_date};
use crate::model::{BankHoliday, Duration, Timescale, Unit};
use crate::pack::Pack;

/// When something happened: a day, and the time of day where the rule is in hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Start {
    /// The day.
    pub date: NaiveDate,
    /// The time of day, if given.
    pub time: Option<NaiveTime>,
}

impl Start {
    /// Reads `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` with the time of day (UK local time).
    pub fn parse(text: &str) -> Option<Start> {
        match text.split_once('T') {
            Some(_) => {
                crate::calendar::parse_local(text).map(|at| Start { date: at.date(), time: Some(at.time()) })
            }
            None => crate::calendar::parse_date(text).map(|date| Start { date, time: None }),
        }
    }

    /// The moment it starts: its time of day, or the start of the day when none is given.
    pub fn moment(self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }
}

/// The same text form [`Start::parse`] reads.
impl std::fmt::Display for Start {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.time {
            Some(t) => f.write_str(&crate::calendar::local_text(self.date.and_time(t))),
            None => write!(f, "{}", self.date),
        }
    }
}

/// Written in the text form, as a session holds it: `"2026-12-01"` or `"2026-12-01T21:00"`.
impl serde::Serialize for Start {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Start {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Start, D::Error> {
        let text = String::deserialize(d)?;
        Start::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a date written YYYY-MM-DD or YYYY-MM-DDTHH:MM"))
        })
    }
}

/// When something is due: by the end of a day, or at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// By the end of this day.
    Day(NaiveDate),
    /// By this moment (UK local time).
    Moment(NaiveDateTime),
}

impl Due {
    /// The day it falls on.
    pub fn date(&self) -> NaiveDate {
        match self {
            Due::Day(d) => *d,
            Due::Moment(m) => m.date(),
        }
    }
}

/// The text form scenario files and the JavaScript API use: `2026-12-04`, or
/// `2026-12-04T14:00` for a moment (UK local time).
impl std::fmt::Display for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Due::Day(d) => write!(f, "{d}"),
            Due::Moment(m) => f.write_str(&crate::calendar::local_text(*m)),
        }
    }
}

/// Office hours end at this time: the last moment to raise something "in working hours".
const CLOSE: (u32, u32) = (17, 0);

/// When `length` from `start` ends (or, `before`, when it is due ahead of a planned start).
pub fn due_from(pack: &Pack, start: Start, length: Duration, before: bool) -> Option<Due> {
    let holidays = pack.bank_holidays();
    if before {
        let date = match length.unit {
            Unit::Days => start.date.checked_sub_days(Days::new(u64::from(length.amount)))?,
            Unit::Months => start.date.checked_sub_months(chrono::Months::new(length.amount))?,
            Unit::Hours => start.date.checked_sub_days(Days::new(u64::from(length.amount.div_ceil(24))))?,
            Unit::WorkingDays => {
                let mut date = start.date;
                let mut left = length.amount;
                while left > 0 {
                    date = date.pred_opt()?;
                    if is_working_day(date, holidays) {
                        left -= 1;
                    }
                }
                date
            }
        };
        return Some(Due::Day(date));
    }
    match (length.unit, start.time) {
        (Unit::Hours, Some(time)) => {
            let at =
                start.date.and_time(time).checked_add_signed(TimeDelta::hours(i64::from(length.amount)))?;
            Some(Due::Moment(at))
        }
        _ => due_date(start.date, length, holidays).map(Due::Day),
    }
}

/// A window of time from a start: when it is due, and what a practitioner should know about
/// it.
#[derive(Clone, Debug)]
pub struct Window<'p> {
    /// When it is due.
    pub due: Due,
    /// Bank holidays that fall between the start and the day it is due (offices may be
    /// closed then).
    pub holidays: Vec<&'p BankHoliday>,
    /// Bank holidays straight after the day it is due, before the next working day.
    pub holidays_after: Vec<&'p BankHoliday>,
    /// Where the window ends on a day offices are closed: when to act by.
    pub act_by: Option<ActBy>,
    /// The window ends later than the last bank holiday the guide knows, so a holiday could
    /// be missing from the count.
    pub beyond_holidays: bool,
}

/// When to act on a window that ends on a day offices are closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActBy {
    /// Before the end of the last working day before it, if you can.
    Before(NaiveDateTime),
    /// That time had gone by when the window was looked at (a plan made the day after a
    /// conference, over Easter): now, never "before" a time past.
    Now,
}

impl ActBy {
    /// In words: "do it before Thursday 2 April 2026 at 17:00 if you can", or "do it now".
    fn words(self) -> String {
        match self {
            ActBy::Before(before) => {
                format!("do it before {} at {} if you can", long_date(before.date()), clock(before))
            }
            ActBy::Now => "do it now".to_owned(),
        }
    }
}

impl Window<'_> {
    /// The window as seen at `now`: a last working time to act before that has already gone
    /// by becomes "do it now"; once the window itself has closed, its closed days and
    /// holidays no longer matter, and are not said beside "it has passed".
    #[must_use]
    pub fn as_of(mut self, now: NaiveDateTime) -> Self {
        if self.passed(now) {
            self.act_by = None;
            self.holidays.clear();
            self.holidays_after.clear();
            return self;
        }
        if let Some(ActBy::Before(before)) = self.act_by
            && before <= now
        {
            self.act_by = Some(ActBy::Now);
        }
        self
    }

    /// Whether the window has already closed at `now` (a planned start too close for a
    /// notice due before it, or a start given long ago): then it is to be done now.
    pub fn passed(&self, now: NaiveDateTime) -> bool {
        match self.due {
            Due::Day(day) => day < now.date(),
            Due::Moment(at) => at < now,
        }
    }
}

/// A timescale's window from a start.
#[derive(Clone, Debug)]
pub struct Deadline<'p> {
    /// The timescale.
    pub timescale: &'p Timescale,
    /// What it is counted from.
    pub start: Start,
    /// Due by the end of the start's own day, the matter being urgent
    /// (`Timescale::urgent_same_day`), not after the timescale's length.
    pub same_day: bool,
    /// Its window.
    pub window: Window<'p>,
}

impl Deadline<'_> {
    /// Its rule in words: the timescale's own ([`Timescale::rule`]), or "the same day as
    /// recognising …".
    pub fn rule(&self) -> String {
        if self.same_day { format!("the same day as {}", self.timescale.from) } else { self.timescale.rule() }
    }
}

/// The deadline of `timescale` counted from `start`.
pub fn deadline<'p>(pack: &'p Pack, timescale: &'p Timescale, start: Start) -> Option<Deadline<'p>> {
    let window = window(pack, start, timescale.duration(), timescale.before)?;
    Some(Deadline { timescale, start, same_day: false, window })
}

/// The deadline of `timescale` on an outcome to act on today or now: the end of the day of
/// `start` where the timescale says so (`urgent_same_day`), else as [`deadline`]. Out of
/// hours services are open then, so no closed day or holiday is said of it.
pub fn urgent_deadline<'p>(pack: &'p Pack, timescale: &'p Timescale, start: Start) -> Option<Deadline<'p>> {
    if !timescale.urgent_same_day {
        return deadline(pack, timescale, start);
    }
    let window = Window {
        due: Due::Day(start.date),
        holidays: Vec::new(),
        holidays_after: Vec::new(),
        act_by: None,
        beyond_holidays: false,
    };
    Some(Deadline { timescale, start, same_day: true, window })
}

/// The window of `length` from `start` (or, `before`, ending at a planned start).
pub fn window(pack: &Pack, start: Start, length: Duration, before: bool) -> Option<Window<'_>> {
    let due = due_from(pack, start, length, before)?;
    let holidays = pack.bank_holidays();
    let (from, to) = if before { (due.date(), start.date) } else { (start.date, due.date()) };
    // Up to the first working day after the due day: a holiday straight after matters too.
    let mut until = to;
    for _ in 0..14 {
        match until.succ_opt() {
            Some(next) => {
                until = next;
                if is_working_day(next, holidays) {
                    break;
                }
            }
            None => break,
        }
    }
    // A notice due before a planned start is given by its due day: holidays between that
    // day and the start do not shorten the time to give it.
    let (in_window, after): (Vec<&BankHoliday>, Vec<&BankHoliday>) = all_holidays(pack)
        .into_iter()
        .filter(|h| !before && h.date > from && h.date <= until)
        .partition(|h| h.date <= to);
    // A window that ends on a closed day, at a time or on the day alone ("72 hours" from a
    // conference whose time was not given ends on a day, which may be a Sunday).
    let act_by = match due {
        Due::Moment(at) if !is_working_day(at.date(), holidays) => last_working_close(pack, at, start),
        Due::Day(day) if !is_working_day(day, holidays) => {
            last_working_close(pack, day.and_time(NaiveTime::MIN), start)
        }
        _ => None,
    }
    .map(ActBy::Before);
    let beyond_holidays = holidays.last().is_none_or(|last| until > *last);
    Some(Window { due, holidays: in_window, holidays_after: after, act_by, beyond_holidays })
}

/// The end of office hours on the last working day before `at`, if it is after the start.
fn last_working_close(pack: &Pack, at: NaiveDateTime, start: Start) -> Option<NaiveDateTime> {
    let mut day = at.date();
    for _ in 0..14 {
        day = day.pred_opt()?;
        if is_working_day(day, pack.bank_holidays()) {
            let close = day.and_hms_opt(CLOSE.0, CLOSE.1, 0)?;
            let started = start.moment();
            return (close > started).then_some(close);
        }
    }
    None
}

/// Every bank holiday the pack lists, in date order.
fn all_holidays(pack: &Pack) -> Vec<&BankHoliday> {
    let mut all: Vec<&BankHoliday> = pack.bank_holiday_lists().flat_map(|b| &b.dates).collect();
    all.sort_by_key(|h| h.date);
    all.dedup_by_key(|h| h.date);
    all
}

/// A due date in words: "Sunday 5 April 2026 at 14:00", or "Tuesday 7 April 2026".
pub fn due_words(due: Due) -> String {
    match due {
        Due::Day(d) => long_date(d),
        Due::Moment(m) => format!("{} at {}", long_date(m.date()), clock(m)),
    }
}

/// A start in words: "Thursday 3 December 2026 at 14:00", or the day alone.
pub fn start_words(start: Start) -> String {
    match start.time {
        Some(t) => due_words(Due::Moment(start.date.and_time(t))),
        None => long_date(start.date),
    }
}

/// What a practitioner should know about a deadline's window, in words, if anything: the
/// holidays in it, when to act by if the window ends on a closed day, and a date past the
/// bank holidays the guide knows.
pub fn window_note(d: &Window<'_>) -> Option<String> {
    let mut parts = Vec::new();
    if !d.holidays.is_empty() || !d.holidays_after.is_empty() {
        // A holiday on the due day itself is named as such, not as one in between.
        let on_due: Vec<&str> =
            d.holidays.iter().filter(|h| h.date == d.due.date()).map(|h| h.name.as_str()).collect();
        let between: Vec<&str> =
            d.holidays.iter().filter(|h| h.date != d.due.date()).map(|h| h.name.as_str()).collect();
        let after: Vec<&str> = d.holidays_after.iter().map(|h| h.name.as_str()).collect();
        let verb = |n: usize| if n == 1 { "falls" } else { "fall" };
        let mut pieces = Vec::new();
        if !on_due.is_empty() {
            pieces.push(format!("it falls on {}", join_and(&on_due)));
        }
        if !between.is_empty() {
            pieces.push(format!("{} {} in between", join_and(&between), verb(between.len())));
        }
        if !after.is_empty() {
            // "…, and Easter Monday straight after"; alone, with its verb.
            let v = if pieces.is_empty() { format!(" {}", verb(after.len())) } else { String::new() };
            pieces.push(format!("{}{v} straight after", join_and(&after)));
        }
        let when = pieces.join(", and ");
        match d.act_by {
            Some(act) => parts.push(format!("{when}: {}", act.words())),
            None => {
                parts.push(format!("{when}, when offices may be closed: do not leave it to the last day"))
            }
        }
    } else if let Some(act) = d.act_by {
        let day = weekday_name(d.due.date().weekday());
        parts.push(format!("It falls on a {day}, when offices are closed: {}", act.words()));
    }
    if d.beyond_holidays {
        parts.push("bank holidays that late are not yet in this guide: check the date".to_owned());
    }
    (!parts.is_empty()).then(|| crate::upper_first(&parts.join("; ")) + ".")
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// One due date for a calendar file: what is due, what to do, and when.
#[derive(Clone, Debug)]
pub struct CalendarEntry {
    /// The event's title, e.g. "Escalation stage 1 due".
    pub title: String,
    /// What to do, and the guidance version.
    pub description: String,
    /// When it is due.
    pub due: Due,
}

impl CalendarEntry {
    /// A timescale's due date, counted from `start`, for guidance `version`.
    pub fn for_deadline(d: &Deadline<'_>, version: &str) -> CalendarEntry {
        let t = d.timescale;
        let note = window_note(&d.window).map(|n| n + " ").unwrap_or_default();
        CalendarEntry {
            title: format!("Due: {}", t.label),
            description: format!(
                "{} {} ({}). {note}Guidance version {version}.",
                t.description,
                d.rule(),
                start_words(d.start)
            ),
            due: d.window.due,
        }
    }
}

/// A calendar file (RFC 5545, text/calendar) with one event per entry: a due day as an
/// all-day event, a due moment as half an hour from it, in UTC. It holds only what the
/// entries say, never names or answers. `stamp` is the moment the file is made, in UTC.
pub fn ics(entries: &[CalendarEntry], stamp: NaiveDateTime) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Sussex safeguarding guide//Due dates//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    // Written by hand: chrono's strftime machinery would add tens of kilobytes to the module.
    let day = |d: NaiveDate| format!("{:04}{:02}{:02}", d.year(), d.month(), d.day());
    let utc =
        |t: NaiveDateTime| format!("{}T{:02}{:02}{:02}Z", day(t.date()), t.hour(), t.minute(), t.second());
    for e in entries {
        let uid = crate::fingerprint::fingerprint([
            e.title.as_bytes(),
            due_words(e.due).as_bytes(),
            e.description.as_bytes(),
        ]);
        lines.push("BEGIN:VEVENT".to_owned());
        lines.push(format!("UID:{uid}@sussex-safeguarding-guide"));
        lines.push(format!("DTSTAMP:{}", utc(stamp)));
        match e.due {
            Due::Day(d) => {
                lines.push(format!("DTSTART;VALUE=DATE:{}", day(d)));
                lines.push(format!("DTEND;VALUE=DATE:{}", day(d.succ_opt().unwrap_or(d))));
            }
            Due::Moment(m) => {
                let start = crate::calendar::uk_to_utc(m);
                lines.push(format!("DTSTART:{}", utc(start)));
                lines.push(format!("DTEND:{}", utc(start + TimeDelta::minutes(30))));
            }
        }
        lines.push(format!("SUMMARY:{}", escape(&e.title)));
        lines.push(format!("DESCRIPTION:{}", escape(&e.description)));
        lines.push("TRANSP:TRANSPARENT".to_owned());
        lines.push("END:VEVENT".to_owned());
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

/// Text escaped as RFC 5545 asks: backslash, semicolon, comma and newline.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (never inside a character), ended by CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}
