//! The engine's answers on the Sussex pack for things scenarios do not cover directly:
//! procedure search, contacts across the clock and the calendar, and escalation dates.

use safeguard_core::calendar::{parse_local, uk_local};
use safeguard_core::model::Urgency;
use safeguard_core::{Pack, Role, Start, When, chapter_label, contact_now, hours_text, plan, search};

fn pack() -> Pack {
    safeguard_content::load().expect("the Sussex pack loads").pack
}

fn first_hit(pack: &Pack, query: &str) -> String {
    search(pack, query, 5).first().map(|h| h.chapter.id.to_string()).unwrap_or_default()
}

#[test]
fn search_finds_chapters_by_title_keyword_and_number() {
    let pack = pack();
    assert_eq!(first_hit(&pack, "section 47"), "ch-s47");
    assert_eq!(first_hit(&pack, "s47"), "ch-s47");
    assert_eq!(first_hit(&pack, "strategy discussion"), "ch-strategy-discussions");
    assert_eq!(first_hit(&pack, "allegation against a teacher"), "ch-allegations");
    assert_eq!(first_hit(&pack, "allegations zzzz"), "", "every word must match");
    assert_eq!(first_hit(&pack, "allegations"), "ch-allegations");
    assert_eq!(first_hit(&pack, "6.8"), "ch-s47");
    // Case and punctuation (curly quotes and dashes as pasted from documents) do not matter.
    assert_eq!(first_hit(&pack, "“STRATEGY – Discussion”"), "ch-strategy-discussions");
    // What a practitioner finds is searchable too: FGM, county lines, private fostering.
    assert_eq!(first_hit(&pack, "FGM"), "ch-fgm");
    assert_eq!(first_hit(&pack, "county lines"), "ch-exploitation");
    assert!(first_hit(&pack, "private fostering").starts_with("ch-private-fostering-"));
    assert!(search(&pack, "", 5).is_empty());
    assert!(search(&pack, "the of and", 5).is_empty());
    assert!(search(&pack, "zzzz", 5).is_empty());
    assert!(search(&pack, "child", 3).len() <= 3);
}

#[test]
fn a_front_door_closing_within_the_hour_names_the_service_after_it() {
    let pack = pack();
    let role = Role::new("front-door");
    let soon = |area: &str, at: &str| {
        let c =
            contact_now(&pack, Some(&area.into()), &role, Urgency::Urgent, parse_local(at).unwrap()).unwrap();
        c.closes_soon.map(|(close, then)| (close.to_string(), then.id.to_string()))
    };
    // Thursday 16:58 in East Sussex: the Single Point of Advice closes at 17:00.
    assert_eq!(
        soon("east-sussex", "2026-12-03T16:58"),
        Some(("2026-12-03 17:00:00".into(), "es-eds".into()))
    );
    // Friday it closes at 16:30; an hour and more before closing, nothing is said.
    assert_eq!(
        soon("east-sussex", "2026-12-04T15:45"),
        Some(("2026-12-04 16:30:00".into(), "es-eds".into()))
    );
    assert_eq!(soon("east-sussex", "2026-12-03T15:59"), None);
    // A service open at all hours never closes soon.
    let police = Role::new("police");
    let c =
        contact_now(&pack, None, &police, Urgency::Urgent, parse_local("2026-12-03T16:58").unwrap()).unwrap();
    assert!(c.closes_soon.is_none());
}

#[test]
fn the_front_door_in_hours_and_the_duty_service_out_of_hours() {
    let pack = pack();
    let role = Role::new("front-door");
    let now = |area: &str, at: &str| {
        let at = parse_local(at).unwrap();
        let c = contact_now(&pack, Some(&area.into()), &role, Urgency::Urgent, at).unwrap();
        (c.now.id.to_string(), c.primary_open, c.primary_opens.map(|o| o.to_string()))
    };
    // A Monday morning, a Monday evening, Christmas Day, the Boxing Day substitute.
    assert_eq!(now("west-sussex", "2026-11-23T10:00"), ("ws-ifd".into(), true, None));
    assert_eq!(
        now("west-sussex", "2026-11-23T17:00"),
        ("ws-edt".into(), false, Some("2026-11-24 09:00:00".into()))
    );
    assert_eq!(now("brighton-hove", "2026-12-25T11:00").0, "bh-eds");
    assert_eq!(
        now("brighton-hove", "2026-12-28T11:00"),
        ("bh-eds".into(), false, Some("2026-12-29 09:00:00".into()))
    );
    // East Sussex closes at 16:30 on Fridays.
    assert_eq!(now("east-sussex", "2026-11-27T16:29").0, "es-spoa");
    assert_eq!(now("east-sussex", "2026-11-27T16:30").0, "es-eds");
}

#[test]
fn clock_changes_move_the_opening_hour_with_uk_time() {
    let pack = pack();
    let role = Role::new("front-door");
    let utc = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    let at = |s: &str| {
        let at = uk_local(utc(s));
        contact_now(&pack, Some(&"west-sussex".into()), &role, Urgency::Urgent, at)
            .unwrap()
            .now
            .id
            .to_string()
    };
    // Monday after the spring change: 08:30 UTC is 09:30 BST, so the front door is open.
    assert_eq!(at("2026-03-30T08:30:00Z"), "ws-ifd");
    // Monday after the autumn change: 08:30 UTC is 08:30 GMT, so it is not open yet.
    assert_eq!(at("2026-10-26T08:30:00Z"), "ws-edt");
    assert_eq!(at("2026-10-26T09:00:00Z"), "ws-ifd");
}

#[test]
fn an_escalation_plan_dates_each_stage_in_working_days() {
    let pack = pack();
    let procedure = pack.escalation("professional-differences").unwrap();
    let start = Start { date: "2026-12-21".parse().unwrap(), time: None };
    let p = plan(&pack, procedure, Some(&"west-sussex".into()), start, None, start.moment()).unwrap();
    let dates: Vec<Option<String>> = p.stages.iter().map(|s| s.due().map(|d| d.to_string())).collect();
    // 5 working days from Monday 21 December skips Christmas, Boxing Day (28th) and the weekend.
    assert_eq!(dates.first(), Some(&Some("2026-12-30".to_owned())));
    assert!(
        p.stages.windows(2).all(|w| w[1].starts.map(|s| s.date) == w[0].due().map(|d| d.date())),
        "each stage starts when the last is due"
    );
    // Later stages have no sourced length: no date, and so no start date for those after them.
    let stage_2 = p.stages.get(1).unwrap();
    assert_eq!((stage_2.due(), stage_2.stage.timing.as_deref()), (None, Some("Without delay")));
    assert!(p.stages.iter().skip(2).all(|s| s.starts.is_none() && s.due().is_none()));
    assert_eq!(p.stages.len(), procedure.stage.len());
    let later = plan(&pack, procedure, None, start, Some(&"stage-3".into()), start.moment()).unwrap();
    assert_eq!(later.stages.first().map(|s| s.stage.id.as_str()), Some("stage-3"));
    let err = plan(&pack, procedure, None, start, Some(&"stage-9".into()), start.moment()).unwrap_err();
    assert_eq!(err.code(), "UNKNOWN_ESCALATION");
}

#[test]
fn routine_matters_wait_for_the_front_door_and_urgent_ones_do_not() {
    let pack = pack();
    let role = Role::new("front-door");
    let saturday = parse_local("2026-11-28T11:00").unwrap();
    let area = Some("east-sussex".into());
    let routine = contact_now(&pack, area.as_ref(), &role, Urgency::Routine, saturday).unwrap();
    assert_eq!(routine.when, When::WhenItOpens);
    assert_eq!(routine.primary.id.as_str(), "es-spoa");
    assert_eq!(routine.primary_opens.map(|o| o.to_string()).as_deref(), Some("2026-11-30 08:30:00"));
    assert_eq!(routine.now.id.as_str(), "es-eds", "an open contact is still named, for if things get worse");
    let urgent = contact_now(&pack, area.as_ref(), &role, Urgency::Urgent, saturday).unwrap();
    assert_eq!(urgent.when, When::UseAlternative);
    let monday = parse_local("2026-11-30T10:00").unwrap();
    assert_eq!(
        contact_now(&pack, area.as_ref(), &role, Urgency::Routine, monday).unwrap().when,
        When::OpenNow
    );
}

#[test]
fn opening_hours_read_as_people_write_them() {
    let pack = pack();
    let hours = |id: &str| hours_text(&pack, pack.contact(id).unwrap());
    assert_eq!(hours("ws-ifd"), "Monday to Friday, 09:00 to 17:00; closed on bank holidays");
    assert_eq!(
        hours("es-spoa"),
        "Monday to Thursday, 08:30 to 17:00; Friday, 08:30 to 16:30; closed on bank holidays"
    );
    assert_eq!(hours("police-999"), "At all hours, every day");
    assert!(hours("ws-edt").starts_with("Whenever West Sussex Integrated Front Door (IFD) is closed"));
}

#[test]
fn chapters_are_listed_under_their_own_part() {
    let pack = pack();
    let label = |id: &str| chapter_label(&pack, pack.chapter(id).unwrap());
    assert_eq!(label("ch-s47"), "6.8 Section 47 Enquiries");
    // An older edition's number is not shown as if it belonged to the part.
    assert_eq!(label("ch-making-referral"), "Making a Referral (Part 5; numbered 3.2 in the edition linked)");
    assert_eq!(
        label("ch-known-offenders"),
        "Risk Management of Known Offenders and Those who Pose a Risk (Part 12)"
    );
}

fn sixteen_plus() -> safeguard_core::Ages {
    safeguard_core::Ages::among(["age-16-17".into()])
}

fn thirteen() -> safeguard_core::Ages {
    safeguard_core::Ages::among(["age-13-15".into()])
}

#[test]
fn the_signs_of_every_topic_can_be_searched_by_their_words_and_synonyms() {
    let pack = pack();
    let found = |query: &str, ages: &safeguard_core::Ages| -> Vec<String> {
        safeguard_core::search_signs(&pack, query, ages, 20)
            .iter()
            .map(|h| h.indicator.id.to_string())
            .collect()
    };
    let any = safeguard_core::Ages::unknown();
    // A bruise on a baby, by its own words and by a synonym ("mark"), with its topics.
    assert!(found("bruise baby", &any).contains(&"unborn-baby-non-mobile-injury".to_owned()));
    assert!(found("mark baby", &any).contains(&"unborn-baby-non-mobile-injury".to_owned()));
    let hit = safeguard_core::search_signs(&pack, "bruise baby", &any, 20)
        .into_iter()
        .find(|h| h.indicator.id.as_str() == "unborn-baby-non-mobile-injury")
        .unwrap();
    let topics: Vec<&str> = hit.topics.iter().map(|t| t.id.as_str()).collect();
    assert!(topics.contains(&"physical-abuse") && topics.contains(&"unborn-baby"), "{topics:?}");
    // "nudes" finds the signs written with "images"; "county lines" the exploitation signs.
    assert!(found("nudes", &any).contains(&"online-adult-nudes".to_owned()));
    assert!(found("county lines", &any).contains(&"exploitation-county-lines".to_owned()));
    // Words no sign uses do not hide the signs the other words find ("sofa surfing"), and
    // signs matching more of the words come first; "sti" does not find "still".
    assert_eq!(found("county lines zzzz", &any), found("county lines", &any));
    assert!(found("zzzz", &any).is_empty());
    assert!(found("sofa surfing", &sixteen_plus()).contains(&"development-homeless-young-person".to_owned()));
    assert!(found("sti", &any).contains(&"sexual-under-13-pregnant-sti".to_owned()));
    assert!(!found("sti", &any).iter().any(|id| id == "mental-health-low-level"));
    assert!(found("older boyfriend", &thirteen()).contains(&"sexual-under-16-warning-signs".to_owned()));
    // Signs for another age are not found.
    let sixteen = safeguard_core::Ages::among(["age-16-17".into()]);
    assert!(found("antenatal", &any).contains(&"unborn-baby-missed-antenatal".to_owned()));
    assert!(!found("antenatal", &sixteen).contains(&"unborn-baby-missed-antenatal".to_owned()));
    assert!(found("", &any).is_empty());
}

#[test]
fn a_sign_found_by_searching_counts_as_if_ticked_on_its_own_page() {
    use safeguard_core::{Answer, Presence, Session, SortedMap, SortedSet};
    let pack = pack();
    let s = Session::new(&pack, "worried").unwrap();
    let s = s.answer(&pack, "immediate-danger", Answer::Choice("no".into())).unwrap();
    let s = s.answer(&pack, "area", Answer::Choice("east-sussex".into())).unwrap();
    let s = s.answer(&pack, "age", Answer::Choice("non-mobile".into())).unwrap();
    // From the topics page, before choosing topics: a sign of another topic is found.
    let found: SortedMap<_, _> = [("unborn-baby-non-mobile-injury".into(), Presence::Yes)].into();
    let s = s.answer(&pack, "found-signs", Answer::Indicators(found)).unwrap();
    let s = s.answer(&pack, "topics", Answer::Multi(SortedSet::from(["physical-abuse".into()]))).unwrap();
    // The injuries page shows it as already chosen, and the journey reaches level 4.
    let walk = s.walk(&pack).unwrap();
    assert!(walk.path.counted_elsewhere(&"ind-physical".into()).contains("unborn-baby-non-mobile-injury"));
    let s = s.answer(&pack, "ind-physical", Answer::Indicators(SortedMap::new())).unwrap();
    let c = s.conclude(&pack).unwrap();
    assert_eq!(c.assessment.unwrap().level.id.as_str(), "es-4");
    assert!(c.duties.iter().any(|d| d.duty.id.as_str() == "paediatric-opinion"));
    // A sign that does not suit the age cannot be found and added.
    let teen: SortedMap<_, _> = [("development-neet".into(), Presence::Yes)].into();
    assert_eq!(
        s.answer(&pack, "found-signs", Answer::Indicators(teen)).unwrap_err().code(),
        "INVALID_INDICATOR"
    );
}

#[test]
fn sign_pages_list_the_most_serious_signs_first_in_a_stable_order() {
    use safeguard_core::{Answer, Session};
    let pack = pack();
    let s = Session::new(&pack, "worried").unwrap();
    let s = s.answer(&pack, "immediate-danger", Answer::Choice("no".into())).unwrap();
    let walk = s.walk(&pack).unwrap();
    for page in pack.flows().flat_map(|f| pack.nodes_of(&f.id)).filter(|n| !n.indicators.is_empty()) {
        // (rank, place on the page as written): ranks fall, and within a rank the page's own
        // order is kept.
        let order: Vec<(u8, usize)> = walk
            .path
            .shown(&pack, page)
            .map(|i| {
                let place = page.indicators.iter().position(|x| x == &i.id).unwrap();
                (pack.tier(i.tier.as_str()).unwrap().rank, place)
            })
            .collect();
        assert!(
            order.windows(2).all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)),
            "{} is not most serious first in a stable order: {order:?}",
            page.id
        );
    }
}

/// `tests/searches.toml`: words practitioners typed into the signs search, and the sign each
/// must find near the top.
#[test]
fn practitioners_words_find_the_sign_they_describe() {
    #[derive(serde::Deserialize)]
    struct Searches {
        search: Vec<Search>,
    }
    #[derive(serde::Deserialize)]
    struct Search {
        words: String,
        finds: String,
        within: usize,
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/searches.toml");
    let searches: Searches = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let pack = pack();
    let any = safeguard_core::Ages::unknown();
    let mut problems = Vec::new();
    for s in &searches.search {
        assert!(pack.indicator(&s.finds).is_some(), "{}: no sign `{}`", s.words, s.finds);
        let hits = safeguard_core::search_signs(&pack, &s.words, &any, safeguard_core::SHOWN_SIGNS);
        let at = hits.iter().position(|h| h.indicator.id.as_str() == s.finds);
        if at.is_none_or(|at| at >= s.within) {
            problems.push(format!(
                "\"{}\" puts {} at {:?}, wanted within {}",
                s.words,
                s.finds,
                at.map(|a| a + 1),
                s.within
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
