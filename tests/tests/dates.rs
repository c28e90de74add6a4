//! Dates the practitioner gives, on the Sussex pack: deadlines counted from the moment
//! something happened, in working days or clock hours, with warnings where a weekend or bank
//! holiday falls in the window, and the calendar file of the due dates.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use safeguard_core::{
    ActBy, CalendarEntry, DUE_TODAY, Due, PASSED, PASSED_THEIRS, Pack, Start, deadline, due_note, ics,
    window_note,
};

fn pack() -> Pack {
    safeguard_content::load().expect("the Sussex pack loads").pack
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    safeguard_core::calendar::parse_local(s).unwrap()
}

#[test]
fn a_72_hour_dissent_is_due_at_a_time_and_warns_of_easter() {
    let pack = pack();
    let dissent = pack.timescale("conference-dissent").unwrap();
    // A conference at 14:00 on Thursday 2 April 2026, before Good Friday.
    let start = Start { date: date("2026-04-02"), time: NaiveTime::from_hms_opt(14, 0, 0) };
    let d = deadline(&pack, dissent, start).unwrap();
    assert_eq!(d.window.due, Due::Moment(at("2026-04-05T14:00")));
    let names =
        |hs: &[&safeguard_core::model::BankHoliday]| hs.iter().map(|h| h.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&d.window.holidays), ["Good Friday"]);
    assert_eq!(names(&d.window.holidays_after), ["Easter Monday"]);
    assert_eq!(d.window.act_by, Some(ActBy::Before(at("2026-04-02T17:00"))));
    assert_eq!(
        window_note(&d.window).unwrap(),
        "Good Friday falls in between, and Easter Monday straight after: do it before Thursday 2 April 2026 at 17:00 if you can."
    );
    // Looked at on Good Friday, the Thursday has gone by: do it now, never before a time past.
    let seen = d.window.clone().as_of(at("2026-04-03T11:00"));
    assert_eq!(seen.act_by, Some(ActBy::Now));
    assert_eq!(
        window_note(&seen).unwrap(),
        "Good Friday falls in between, and Easter Monday straight after: do it now."
    );
    // Once the Sunday has gone by, Easter and the closed day no longer matter: "it has passed"
    // is said alone.
    assert_eq!(window_note(&d.window.clone().as_of(at("2026-04-05T15:00"))), None);
    // Looked at before the Thursday's close, it is unchanged.
    assert_eq!(
        d.window.clone().as_of(at("2026-04-02T16:00")).act_by,
        Some(ActBy::Before(at("2026-04-02T17:00")))
    );
    // Without a time, hours count as whole days; ending on a Sunday, it still says when to
    // act by.
    let no_time = deadline(&pack, dissent, Start { date: date("2026-04-02"), time: None }).unwrap();
    assert_eq!(no_time.window.due, Due::Day(date("2026-04-05")));
    assert_eq!(no_time.window.act_by, Some(ActBy::Before(at("2026-04-02T17:00"))));
    // A deadline already past says so; earlier on its day, that it is due today.
    assert!(d.window.passed(at("2026-04-05T14:01")) && !d.window.passed(at("2026-04-05T14:00")));
    assert_eq!(due_note(&d.window, at("2026-04-05T14:01")), Some(PASSED));
    assert_eq!(due_note(&d.window, at("2026-04-05T09:00")), Some(DUE_TODAY));
    assert_eq!(due_note(&d.window, at("2026-04-04T23:59")), None);
}

#[test]
fn working_day_deadlines_warn_of_a_holiday_straight_after() {
    let pack = pack();
    let referral = pack.timescale("referral-decision").unwrap();
    // Wednesday 23 December 2026: one working day is Thursday 24th; Christmas follows.
    let d = deadline(&pack, referral, Start { date: date("2026-12-23"), time: None }).unwrap();
    assert_eq!(d.window.due, Due::Day(date("2026-12-24")));
    assert!(
        window_note(&d.window).unwrap().starts_with("Christmas Day and Boxing Day"),
        "{:?}",
        window_note(&d.window)
    );
    // An ordinary week: no note.
    let plain = deadline(&pack, referral, Start { date: date("2026-11-24"), time: None }).unwrap();
    assert_eq!(plain.window.due, Due::Day(date("2026-11-25")));
    assert_eq!(window_note(&plain.window), None);
}

#[test]
fn a_notice_due_before_a_planned_start_counts_back() {
    let pack = pack();
    let notice = pack.timescale("private-fostering-notice").unwrap();
    assert!(notice.before);
    let d = deadline(&pack, notice, Start { date: date("2027-03-01"), time: None }).unwrap();
    assert_eq!(d.window.due, Due::Day(date("2027-01-18")));
}

#[test]
fn dates_past_the_bank_holidays_held_say_so() {
    let pack = pack();
    let referral = pack.timescale("referral-decision").unwrap();
    let last = *pack.bank_holidays().last().unwrap();
    let d = deadline(&pack, referral, Start { date: last + chrono::Days::new(30), time: None }).unwrap();
    assert!(d.window.beyond_holidays);
    assert!(window_note(&d.window).unwrap().contains("not yet in this guide"));
}

#[test]
fn the_calendar_file_is_rfc_5545_with_one_event_per_due_date_and_no_answers() {
    let entries = vec![
        CalendarEntry {
            title: "Escalation stage 1 due".to_owned(),
            description: "Talk it through, practitioner to practitioner; guidance version 2026.12.0, with commas; and semicolons".to_owned(),
            due: Due::Day(date("2026-12-30")),
        },
        CalendarEntry {
            title: "Raise professional dissent about a conference decision".to_owned(),
            description: "Within 72 hours of the conference. ".repeat(6),
            due: Due::Moment(at("2026-04-05T14:00")),
        },
    ];
    let text = ics(&entries, at("2026-04-02T15:30"));
    assert!(text.lines().count() > 10);
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "lines are folded at 75 octets");
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    let calendars: Vec<_> = ical::IcalParser::new(text.as_bytes()).collect();
    assert_eq!(calendars.len(), 1);
    let calendar = calendars.into_iter().next().unwrap().expect("the file parses");
    assert_eq!(calendar.events.len(), 2);
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    let first = &calendar.events[0];
    assert_eq!(prop(first, "SUMMARY"), "Escalation stage 1 due");
    assert_eq!(prop(first, "DTSTART"), "20261230");
    assert!(
        prop(first, "DESCRIPTION").contains("with commas\\, and semicolons")
            || prop(first, "DESCRIPTION").contains("commas")
    );
    // 14:00 on 5 April 2026 in the UK is 13:00 UTC (British Summer Time).
    assert_eq!(prop(&calendar.events[1], "DTSTART"), "20260405T130000Z");
    for e in &calendar.events {
        for required in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"] {
            assert!(!prop(e, required).is_empty(), "{required} is present");
        }
    }
}

#[test]
fn an_escalation_stage_in_working_days_over_christmas_warns() {
    let pack = pack();
    let procedure = pack.escalation("professional-differences").unwrap();
    // Stage 1 (a working week) raised on Monday 21 December 2026.
    let start = Start { date: date("2026-12-21"), time: None };
    let plan =
        safeguard_core::plan(&pack, procedure, Some(&"east-sussex".into()), start, None, start.moment())
            .unwrap();
    let first = plan.stages.first().unwrap();
    assert_eq!(first.due(), Some(Due::Day(date("2026-12-30"))));
    let note = first.window.as_ref().and_then(window_note).unwrap();
    assert!(note.starts_with("Christmas Day and Boxing Day (substitute day) fall in between"), "{note}");
    // Its calendar entry says what to do and the guidance version, and when.
    let entry = first.calendar_entry(&pack.info().version).unwrap();
    assert_eq!(entry.title, format!("{} due", first.stage.title));
    assert!(entry.description.contains(&pack.info().version));
}

#[test]
fn a_plan_begun_at_a_later_stage_keeps_the_stages_numbers_and_says_which_dates_have_passed() {
    let pack = pack();
    let procedure = pack.escalation("professional-differences").unwrap();
    // Stage 2 begun on Friday 20 November 2026, looked at on Monday 21 December.
    let start = Start { date: date("2026-11-20"), time: None };
    let from = procedure.stage.get(1).map(|s| s.id.clone());
    let plan = safeguard_core::plan(
        &pack,
        procedure,
        Some(&"west-sussex".into()),
        start,
        from.as_ref(),
        start.moment(),
    )
    .unwrap();
    let numbers: Vec<usize> = plan.stages.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [2, 3, 4]);
    // Stage 1 (a working week) raised on the same day is long past by then.
    let whole =
        safeguard_core::plan(&pack, procedure, Some(&"west-sussex".into()), start, None, start.moment())
            .unwrap();
    let first = whole.stages.first().unwrap();
    assert_eq!(first.number, 1);
    let window = first.window.as_ref().expect("stage 1 has a length");
    assert_eq!(due_note(window, at("2026-12-21T10:00")), Some(PASSED));
}

#[test]
fn a_deadline_on_a_bank_holiday_says_so() {
    let pack = pack();
    let dissent = pack.timescale("conference-dissent").unwrap();
    // A conference ending at 18:00 on Tuesday 22 December 2026: 72 hours ends on Christmas Day.
    let start = Start { date: date("2026-12-22"), time: NaiveTime::from_hms_opt(18, 0, 0) };
    let d = deadline(&pack, dissent, start).unwrap();
    assert_eq!(d.window.due, Due::Moment(at("2026-12-25T18:00")));
    assert_eq!(
        window_note(&d.window).unwrap(),
        "It falls on Christmas Day, and Boxing Day (substitute day) straight after: do it before Thursday 24 December 2026 at 17:00 if you can."
    );
}

/// A finished journey whose outcome has timescales counted from a child's return (the
/// return home interview) and from today (the referral).
fn back_from_missing(pack: &Pack) -> safeguard_core::Session {
    use safeguard_core::{Answer, Presence, Session};
    let choose = |o: &str| Answer::Choice(o.into());
    let mut s = Session::new(pack, "worried").unwrap();
    for (node, answer) in [
        ("immediate-danger", choose("no")),
        ("area", choose("west-sussex")),
        ("age", choose("age-13-15")),
        ("topics", Answer::Multi(["missing".into()].into_iter().collect())),
        (
            "ind-missing",
            Answer::Indicators([("missing-cannot-account".into(), Presence::Yes)].into_iter().collect()),
        ),
    ] {
        s = s.answer(pack, node, answer).unwrap();
    }
    s
}

#[test]
fn a_date_given_on_the_outcome_dates_what_follows_from_it_and_a_bad_one_changes_nothing() {
    use safeguard_core::{EngineError, advise, render};
    let pack = pack();
    let now = at("2027-02-01T09:30");
    let session = back_from_missing(&pack);
    let before = advise(&pack, &session, now).unwrap();
    let interview = |a: &safeguard_core::Advice<'_>| {
        a.timescales.iter().find(|d| d.timescale.id.as_str() == "return-home-interview").map(|d| d.window.due)
    };
    assert_eq!(interview(&before), None, "not dated until the return is given");
    assert!(before.undated.iter().any(|t| t.id.as_str() == "return-home-interview"));
    let asked: Vec<&str> = before.events.iter().map(|e| e.event.id.as_str()).collect();
    assert!(asked.contains(&"child-returned") && asked.contains(&"risk-recognised"), "{asked:?}");

    let returned = Start::parse("2027-01-29T22:40").unwrap();
    let dated = session.with_date(&pack, "child-returned", Some(returned), now).unwrap();
    let after = advise(&pack, &dated, now).unwrap();
    assert_eq!(interview(&after), Some(Due::Moment(at("2027-02-01T22:40"))));
    assert!(
        render(&pack, &after)
            .contains("72 hours from the child's return, on Friday 29 January 2027 at 22:40 as you gave it")
    );
    // Given days later, the deadline has passed: the interview is children's services' to
    // offer, so the practitioner is asked to check it happened, not to do it.
    let late = advise(&pack, &dated, at("2027-02-02T08:00")).unwrap();
    let record = render(&pack, &late);
    assert!(record.contains(PASSED_THEIRS) && !record.contains(PASSED), "{record}");
    // Something taken as today can be given another day too; removing it goes back to today.
    let friday = Start::parse("2027-01-29").unwrap();
    let earlier = dated.with_date(&pack, "risk-recognised", Some(friday), now).unwrap();
    let referral = |a: &safeguard_core::Advice<'_>| {
        a.timescales.iter().find(|d| d.timescale.id.as_str() == "referral-by-referrer").map(|d| d.window.due)
    };
    // The outcome is to act today, so the referral was due the same day: it has passed.
    let referred = advise(&pack, &earlier, now).unwrap();
    assert_eq!(referral(&referred), Some(Due::Day(date("2027-01-29"))));
    assert!(render(&pack, &referred).contains("the same day as recognising"));
    let back = earlier.with_date(&pack, "risk-recognised", None, now).unwrap();
    assert_eq!(back, dated);

    // Refused, each with its own error, and the session given is untouched.
    let tomorrow = Start::parse("2027-02-02").unwrap();
    let refused = |event: &str, when: Start| session.with_date(&pack, event, Some(when), now).unwrap_err();
    assert_eq!(refused("child-returned", tomorrow), EngineError::DateInFuture("2027-02-02".into()));
    assert_eq!(refused("nothing", friday), EngineError::UnknownEvent("nothing".into()));
    assert_eq!(refused("fgm-known", friday), EngineError::EventNotOnOutcome("fgm-known".into()));
    let ancient = Start::parse("1999-12-31").unwrap();
    assert_eq!(refused("child-returned", ancient), EngineError::DateOutOfRange("1999-12-31".into()));
    assert_eq!(session, back_from_missing(&pack));
    // A journey not yet finished has no timescales to date.
    let unfinished = safeguard_core::Session::new(&pack, "worried").unwrap();
    assert_eq!(
        unfinished.with_date(&pack, "child-returned", Some(friday), now),
        Err(EngineError::NotFinished)
    );
    // The dates travel with the session, as the text form.
    let json = serde_json::to_string(&dated).unwrap();
    assert!(json.contains(r#""dates":{"child-returned":"2027-01-29T22:40"}"#), "{json}");
    assert_eq!(serde_json::from_str::<safeguard_core::Session>(&json).unwrap(), dated);
}
