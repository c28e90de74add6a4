//! The calendar: UK local time, working days, due dates, and dates and times as text.
//!
//! The bottom layer of the core: it knows nothing of content packs (bank holidays are given
//! as a set of dates). The core never reads a clock: callers pass the moment. Devices give
//! UTC; contacts publish UK local hours, so [`uk_local`] converts with the Europe/London rule
//! (British Summer Time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
//! Sunday of October). A full time-zone database would cost the WASM bundle hundreds of
//! kilobytes for one rule.

use std::fmt;

use chrono::{
    DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc, Weekday,
};
use serde::{Deserialize, Serialize};

use crate::sorted::SortedSet;

/// Units a timescale can be measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Monday to Friday, skipping bank holidays.
    WorkingDays,
    /// Calendar days.
    Days,
    /// Clock hours.
    Hours,
    /// Calendar months.
    Months,
}

/// An amount of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Duration {
    pub amount: u32,
    pub unit: Unit,
}

/// In words: "15 working days", "72 hours", "1 month".
impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit_words())
    }
}

/// Small whole numbers as running text writes them ("within one working day"); larger ones
/// stay figures. A content author chooses the form with `{timescale:ID}` or
/// `{timescale:ID:words}` (see `lengths.rs`), so the spelt-out copy stays tied to the figure.
const NUMBER_WORDS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// The tens, from twenty, for reading numbers like "forty-two".
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// The number a word names, from "zero" to "nineteen" or a ten from "twenty" to "ninety",
/// in any case ("One working day" starts a sentence). `lengths.rs` reads "forty-two" as a
/// ten and a unit joined by a hyphen.
pub(crate) fn number_word(word: &str) -> Option<u32> {
    let small = NUMBER_WORDS.iter().position(|w| w.eq_ignore_ascii_case(word));
    let ten = || TENS.iter().position(|w| w.eq_ignore_ascii_case(word)).map(|n| (n + 2) * 10);
    small.or_else(ten).and_then(|n| u32::try_from(n).ok())
}

impl Duration {
    /// Its length with a number up to twelve spelt out: "one working day", "three months",
    /// but "72 hours" and "15 working days".
    pub fn spelt(&self) -> String {
        match usize::try_from(self.amount).ok().filter(|n| *n <= 12).and_then(|n| NUMBER_WORDS.get(n)) {
            Some(word) => format!("{word} {}", self.unit_words()),
            None => self.to_string(),
        }
    }

    /// Its unit, singular or plural to suit its amount: "working day", "hours".
    fn unit_words(&self) -> String {
        let word = match self.unit {
            Unit::WorkingDays => "working day",
            Unit::Days => "day",
            Unit::Hours => "hour",
            Unit::Months => "month",
        };
        format!("{word}{}", if self.amount == 1 { "" } else { "s" })
    }
}

/// The UK local date and time of a UTC instant.
pub fn uk_local(utc: DateTime<Utc>) -> NaiveDateTime {
    let naive = utc.naive_utc();
    let year = naive.year();
    let starts = last_sunday(year, 3).and_then(|d| d.and_hms_opt(1, 0, 0));
    let ends = last_sunday(year, 10).and_then(|d| d.and_hms_opt(1, 0, 0));
    let bst = matches!((starts, ends), (Some(s), Some(e)) if naive >= s && naive < e);
    if bst { naive + TimeDelta::hours(1) } else { naive }
}

/// The UTC instant of a UK local date and time: the earlier one when the clock goes back,
/// and for a time the spring change skips, the instant an hour later on the clock.
pub fn uk_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    let summer = local - TimeDelta::hours(1);
    if uk_local(summer.and_utc()) == local { summer } else { local }
}

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = NaiveDate::from_ymd_opt(year, month + 1, 1)?;
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_days(Days::new(u64::from(back)))
}

/// Monday to Friday and not a bank holiday.
pub fn is_working_day(date: NaiveDate, holidays: &SortedSet<NaiveDate>) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// The date `n` working days after `start` (the next working day is day 1).
///
/// `None` only if the date would leave chrono's range.
pub fn add_working_days(start: NaiveDate, n: u32, holidays: &SortedSet<NaiveDate>) -> Option<NaiveDate> {
    let mut date = start;
    let mut left = n;
    while left > 0 {
        date = date.succ_opt()?;
        if is_working_day(date, holidays) {
            left -= 1;
        }
    }
    Some(date)
}

/// The day a duration ends, counted from `start`. Hours count as whole days (72 hours from a
/// conference on Monday ends on Thursday), which is how practitioners read them.
pub fn due_date(start: NaiveDate, d: Duration, holidays: &SortedSet<NaiveDate>) -> Option<NaiveDate> {
    match d.unit {
        Unit::WorkingDays => add_working_days(start, d.amount, holidays),
        Unit::Days => start.checked_add_days(Days::new(u64::from(d.amount))),
        Unit::Hours => start.checked_add_days(Days::new(u64::from(d.amount.div_ceil(24)))),
        Unit::Months => start.checked_add_months(Months::new(d.amount)),
    }
}

/// A UK local date-time from `YYYY-MM-DDTHH:MM` (what scenario files and date inputs give).
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    let (date, time) = s.split_once('T')?;
    Some(parse_date(date)?.and_time(parse_time(time)?))
}

/// A UK local date and time written `YYYY-MM-DDTHH:MM`, as [`parse_local`] reads it.
pub fn local_text(t: NaiveDateTime) -> String {
    format!("{}T{}", t.date(), clock(t))
}

// Dates and times are parsed and written by hand in the few fixed forms the guidance uses:
// chrono's general strftime machinery would add tens of kilobytes to the WASM module.

/// A date written `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A time written `HH:MM`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(d: NaiveDate) -> &'static str {
    MONTHS.get(d.month0() as usize).copied().unwrap_or_default()
}

/// A date as people write it: "Monday 23 November 2026".
pub fn long_date(d: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let day = DAYS.get(d.weekday().num_days_from_monday() as usize).copied().unwrap_or_default();
    format!("{day} {} {} {}", d.day(), month_name(d), d.year())
}

/// A short date for diagrams: "23 Nov 2026".
pub fn short_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d).get(..3).unwrap_or_default(), d.year())
}

/// A time of day: "09:05".
pub fn clock(t: impl Timelike) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn local(s: &str) -> NaiveDateTime {
        parse_local(s).unwrap()
    }

    #[test]
    fn gmt_in_winter_and_bst_in_summer() {
        assert_eq!(uk_local(utc("2026-01-15T09:00:00Z")), local("2026-01-15T09:00"));
        assert_eq!(uk_local(utc("2026-07-15T09:00:00Z")), local("2026-07-15T10:00"));
    }

    #[test]
    fn spring_clock_change_2026_at_one_utc() {
        // 29 March 2026 is the last Sunday of March: 01:00 GMT becomes 02:00 BST.
        assert_eq!(uk_local(utc("2026-03-29T00:59:00Z")), local("2026-03-29T00:59"));
        assert_eq!(uk_local(utc("2026-03-29T01:00:00Z")), local("2026-03-29T02:00"));
    }

    #[test]
    fn autumn_clock_change_2026_at_one_utc() {
        // 25 October 2026 is the last Sunday of October: 02:00 BST becomes 01:00 GMT.
        assert_eq!(uk_local(utc("2026-10-25T00:59:00Z")), local("2026-10-25T01:59"));
        assert_eq!(uk_local(utc("2026-10-25T01:00:00Z")), local("2026-10-25T01:00"));
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        let christmas: SortedSet<NaiveDate> =
            ["2026-12-25", "2026-12-28"].iter().map(|d| d.parse().unwrap()).collect();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Friday + 1 working day = Monday.
        assert_eq!(add_working_days(d("2026-11-20"), 1, &christmas), Some(d("2026-11-23")));
        // Thursday 24 December + 1: Christmas Day (Fri), weekend, Boxing Day substitute (Mon 28).
        assert_eq!(add_working_days(d("2026-12-24"), 1, &christmas), Some(d("2026-12-29")));
        assert_eq!(add_working_days(d("2026-11-23"), 0, &christmas), Some(d("2026-11-23")));
        assert_eq!(add_working_days(d("2026-11-23"), 15, &christmas), Some(d("2026-12-14")));
    }

    #[test]
    fn dates_and_times_read_and_write_in_the_fixed_forms() {
        let d = parse_date("2026-11-23").unwrap();
        assert_eq!(long_date(d), "Monday 23 November 2026");
        assert_eq!(short_date(d), "23 Nov 2026");
        assert_eq!(clock(parse_time("09:05").unwrap()), "09:05");
        for bad in ["2026-11-31", "2026-1-2", "26-11-23", "2026-11-23-1", "", "x"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for bad in ["9:05", "24:00", "09:60", "0905"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(
            parse_local("2026-03-29T01:30").map(|t| t.to_string()),
            Some("2026-03-29 01:30:00".to_owned())
        );
    }

    #[test]
    fn small_lengths_spelt_out_and_read_back() {
        let spelt = |amount, unit| Duration { amount, unit }.spelt();
        assert_eq!(spelt(1, Unit::WorkingDays), "one working day");
        assert_eq!(spelt(3, Unit::Months), "three months");
        assert_eq!(spelt(12, Unit::Hours), "twelve hours");
        assert_eq!(spelt(72, Unit::Hours), "72 hours");
        assert_eq!(spelt(15, Unit::WorkingDays), "15 working days");
        assert_eq!(number_word("One"), Some(1));
        assert_eq!(number_word("fifteen"), Some(15));
        assert_eq!(number_word("Forty"), Some(40));
        assert_eq!(number_word("hundred"), None);
    }

    #[test]
    fn hours_round_up_to_whole_days() {
        let none = SortedSet::new();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let h = |amount| Duration { amount, unit: Unit::Hours };
        assert_eq!(due_date(d("2026-11-23"), h(72), &none), Some(d("2026-11-26")));
        assert_eq!(due_date(d("2026-11-23"), h(1), &none), Some(d("2026-11-24")));
        let m = Duration { amount: 3, unit: Unit::Months };
        assert_eq!(due_date(d("2026-11-30"), m, &none), Some(d("2027-02-28")));
    }
}
