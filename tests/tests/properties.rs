//! The safety principles, proven over random answer sequences in every area of the Sussex
//! pack (property tests: about 100 000 random sessions per run in total).
//!
//! 1. Immediate danger is asked first, and "yes" or "not sure" always leads to the 999 outcome.
//! 2. One more risk indicator never lowers the level or the urgency; "not sure" counts as yes;
//!    not knowing the child's age never gives a lower level than any known age.
//! 3. Every path ends in an outcome that names a contact open at that moment; every duty an
//!    answer brings is on the outcome with a contact, open now where the duty is to act now
//!    or today.
//! 4. No input panics, and a rejected answer leaves the session as it was.
//! 5. An outcome with no protection response (a notification, a needs assessment, support)
//!    never shows section 47 chapters or a conference date.

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use proptest::prelude::*;
use safeguard_core::hours::is_open;
use safeguard_core::model::{Indicator, NodeKind, OutcomeKind, Urgency};
use safeguard_core::{
    Ages, Answer, DUTIES_FIRST, IndicatorId, Pack, Presence, Session, SortedMap, SortedSet, Step, When,
    advise, assess, fired,
};

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| safeguard_content::load().expect("the Sussex pack loads").pack)
}

/// Sessions per property; six properties make about 100 000 sessions per run.
const CASES: u32 = 16_000;

fn config() -> ProptestConfig {
    ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() }
}

/// An answer to `node` chosen by `die`, covering every kind of answer including "not sure";
/// on an indicator page, among the signs `shown` for the child's age.
fn random_answer(node: &safeguard_core::model::Node, shown: &[IndicatorId], die: u64) -> Answer {
    match node.kind {
        NodeKind::Choice => {
            let n = node.options.len() as u64 + u64::from(node.not_sure.is_some());
            let pick = (die % n.max(1)) as usize;
            match node.options.get(pick) {
                Some(o) => Answer::Choice(o.id.clone()),
                None => Answer::NotSure,
            }
        }
        NodeKind::Multi => Answer::Multi(
            node.options
                .iter()
                .enumerate()
                .filter(|(i, _)| die >> (i % 64) & 1 == 1)
                .map(|(_, o)| o.id.clone())
                .collect(),
        ),
        NodeKind::Indicators | NodeKind::Found => Answer::Indicators(
            shown
                .iter()
                .enumerate()
                .filter_map(|(i, id)| match die.rotate_right((2 * i % 64) as u32) % 4 {
                    0 => Some((id.clone(), Presence::Yes)),
                    1 => Some((id.clone(), Presence::NotSure)),
                    _ => None,
                })
                .collect(),
        ),
        NodeKind::Date => {
            let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
            Answer::Date(start + TimeDelta::days((die % 1400) as i64))
        }
    }
}

/// Answers every question with random answers until the journey ends.
fn random_session(flow: &str, dice: &[u64]) -> Session {
    let pack = pack();
    let mut session = Session::new(pack, flow).expect("flow exists");
    for &die in dice {
        let walk = session.walk(pack).expect("walks");
        let node = match walk.end {
            Step::Outcome(_) => return session,
            Step::Question(node) => node,
        };
        let shown: Vec<IndicatorId> = walk.path.shown(pack, node).map(|i| i.id.clone()).collect();
        let answer = random_answer(node, &shown, die);
        session = session.answer(pack, node.id.as_str(), answer).expect("a valid answer is accepted");
    }
    session
}

fn moment(minutes: u32) -> NaiveDateTime {
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
    start + TimeDelta::minutes(i64::from(minutes))
}

fn flows() -> Vec<String> {
    pack().flows().map(|f| f.id.to_string()).collect()
}

proptest! {
    #![proptest_config(config())]

    /// Principle 3: every random path ends in an outcome, and that outcome names at least
    /// one contact, each leading to one that is open at that moment.
    #[test]
    fn every_path_ends_in_an_outcome_with_a_contact_open_now(
        flow in 0usize..2,
        dice in prop::collection::vec(any::<u64>(), 40),
        minutes in 0u32..(4 * 366 * 24 * 60),
    ) {
        let flows = flows();
        let session = random_session(&flows[flow % flows.len()], &dice);
        let pack = pack();
        let at = moment(minutes);
        prop_assert!(matches!(session.next_step(pack), Ok(Step::Outcome(_))), "the journey did not end in an outcome");
        let advice = advise(pack, &session, at).expect("a finished journey gives advice");
        prop_assert!(!advice.contacts.is_empty(), "outcome {} names no contact", advice.conclusion.outcome.id);
        for c in &advice.contacts {
            prop_assert!(is_open(pack, c.now, at), "{} is given as the contact now but is closed at {at}", c.now.id);
        }
    }

    /// Principle 3, for duties: every duty that a ticked sign or a fired rule brings is on
    /// the outcome, whatever the outcome; each has a contact; a duty to act now or today has a
    /// contact open now that the practitioner is told to use now; and duties come most
    /// urgent first.
    #[test]
    fn every_duty_found_is_shown_with_a_contact_open_now(
        flow in 0usize..2,
        dice in prop::collection::vec(any::<u64>(), 40),
        minutes in 0u32..(4 * 366 * 24 * 60),
    ) {
        let flows = flows();
        let session = random_session(&flows[flow % flows.len()], &dice);
        let pack = pack();
        let at = moment(minutes);
        let advice = advise(pack, &session, at).expect("a finished journey gives advice");
        let c = &advice.conclusion;
        let signs: Vec<&Indicator> = c.path.indicators.keys().filter_map(|i| pack.indicator(i.as_str())).collect();
        let rules = fired(pack, &c.path.ages, &signs);
        let chosen = c.path.chosen();
        let expected: SortedSet<&str> = signs
            .iter()
            .flat_map(|i| &i.duties)
            .chain(rules.iter().flat_map(|r| &r.duties))
            .chain(chosen.flat_map(|o| &o.duties))
            .map(|d| d.as_str())
            .collect();
        let shown: SortedSet<&str> = c.duties.iter().map(|d| d.duty.id.as_str()).collect();
        prop_assert_eq!(&shown, &expected, "the duties shown are not the duties found");
        prop_assert!(c.duties.windows(2).all(|w| w[0].urgency >= w[1].urgency), "duties are not most urgent first");
        let area = c.path.area.map(|a| &a.id);
        for found in &c.duties {
            let d = found.duty;
            let contacts: Vec<_> = advice.contacts.iter().filter(|n| n.duties.iter().any(|x| x.id == d.id)).collect();
            prop_assert!(!contacts.is_empty(), "duty {} is shown without a contact", d.id);
            let named: Vec<_> = advice.duty_contacts(&d.id).iter().map(|n| &n.named().id).collect();
            let once: SortedSet<_> = named.iter().collect();
            prop_assert!(!named.is_empty() && once.len() == named.len(), "duty {} names a contact twice: {:?}", d.id, named);
            // The first role is the way to act on the duty: open now for a duty to act on now
            // or today, and never "wait until it opens".
            let first = d.contacts.first().and_then(|role| pack.contact_for(area, role));
            let first = first.and_then(|f| contacts.iter().find(|n| n.primary.id == f.id));
            prop_assert!(first.is_some(), "duty {} is shown without its first contact", d.id);
            prop_assert!(found.urgency >= d.urgency, "duty {} is shown as less urgent than it is", d.id);
            if let Some(n) = first.filter(|_| found.urgency >= Urgency::Urgent) {
                prop_assert!(is_open(pack, n.now, at), "duty {}: {} is closed at {at}", d.id, n.now.id);
                prop_assert!(n.when != When::WhenItOpens, "duty {} must be acted on now, but is told to wait for {}", d.id, n.primary.id);
            }
            prop_assert!(c.urgency >= found.urgency, "the outcome is less urgent than its duty {}", d.id);
        }
        // A duty that cannot wait as long as the level's steps is said first under "What to
        // do now", so a referral "in working hours" never reads as the pace for it.
        let sooner = c.duties.iter().any(|d| d.urgency >= Urgency::Urgent && d.urgency > c.response.paced);
        let first = c.actions().next();
        prop_assert_eq!(first == Some(DUTIES_FIRST), sooner, "\"do these first\" said wrongly: {:?}", first);
        prop_assert_eq!(c.actions().filter(|a| *a == DUTIES_FIRST).count(), usize::from(sooner));
        // Where the level's steps were written for office hours, the service they name is
        // closed and the matter cannot wait, the steps say which service to use now first.
        let actions = advice.actions();
        let steps = actions.iter().position(|a| c.response.actions.first() == Some(a));
        let office_hours = c.response.paced < Urgency::Urgent;
        if let Some(closed) = advice.contacts.iter().filter(|_| office_hours).find(|n| n.general && n.when == When::UseAlternative) {
            let said = actions.iter().position(|a| a.starts_with(&format!("{} is closed now", closed.primary.name)) && a.contains(&closed.now.name));
            prop_assert!(said.is_some_and(|x| steps.is_none_or(|s| x < s)), "closed {} not said before the steps: {:?}", closed.primary.id, actions);
        } else {
            prop_assert_eq!(actions.len(), c.actions().count(), "a closed service said while open or routine");
        }
    }

    /// Principle 5: where nothing calls for a protection response, no section 47 chapter, no
    /// strategy discussion and no conference date is shown.
    #[test]
    fn no_protection_response_means_no_section_47_or_conference(
        dice in prop::collection::vec(any::<u64>(), 40),
        minutes in 0u32..(4 * 366 * 24 * 60),
    ) {
        let session = random_session("worried", &dice);
        let pack = pack();
        let advice = advise(pack, &session, moment(minutes)).expect("advice");
        let c = &advice.conclusion;
        if c.response.urgency <= Urgency::Statutory {
            for ch in &c.chapters {
                prop_assert!(!["ch-s47", "ch-strategy-discussions", "ch-icpc"].contains(&ch.id.as_str()), "{} shown with no protection response", ch.id);
            }
            for t in &advice.timescales {
                prop_assert!(t.timescale.id.as_str() != "strategy-to-icpc", "a conference date with no protection response");
            }
        }
    }

    /// Principle 1: whatever else is answered, "yes" or "not sure" to the first question
    /// (immediate danger) ends the journey at once in the 999 outcome.
    #[test]
    fn immediate_danger_first_and_always_999(
        flow in 0usize..2,
        not_sure in any::<bool>(),
        dice in prop::collection::vec(any::<u64>(), 40),
        minutes in 0u32..(4 * 366 * 24 * 60),
    ) {
        let pack = pack();
        let flows = flows();
        let flow = &flows[flow % flows.len()];
        // Answer randomly first, then change the first answer: later answers must not matter.
        let session = random_session(flow, &dice);
        let first = match Session::new(pack, flow).expect("flow").next_step(pack).expect("walks") {
            Step::Question(n) => n,
            Step::Outcome(o) => return Err(TestCaseError::fail(format!("flow {flow} starts with outcome {}", o.id))),
        };
        let answer = if not_sure { Answer::NotSure } else { Answer::Choice("yes".into()) };
        let session = session.answer(pack, first.id.as_str(), answer).expect("the first question takes yes and not sure");
        let advice = advise(pack, &session, moment(minutes)).expect("advice");
        let outcome = advice.conclusion.outcome;
        prop_assert_eq!(outcome.kind, OutcomeKind::Fixed);
        prop_assert_eq!(outcome.urgency, Some(Urgency::Immediate));
        prop_assert_eq!(advice.conclusion.path.asked.len(), 1);
        let first_contact = advice.contacts.first().expect("a contact");
        prop_assert_eq!(first_contact.now.phone.as_deref(), Some("999"));
    }

    /// Principle 2: answering yes to one more indicator never lowers the level or the
    /// urgency, in any area, at any age; "not sure" gives the same level as "yes"; and not
    /// knowing the age never gives a lower level or urgency than any known age band.
    #[test]
    fn one_more_indicator_never_lowers_the_level(
        area in 0usize..3,
        age in 0usize..7,
        picks in prop::collection::btree_set(0usize..1000, 0..12),
        extra in 0usize..1000,
        unsure in any::<u64>(),
    ) {
        let pack = pack();
        let areas: Vec<_> = pack.areas().collect();
        let area = areas[area % areas.len()];
        let bands: Vec<_> = pack.ages().map(|a| a.id.clone()).collect();
        let ages = match bands.get(age) {
            Some(band) => Ages::among([band.clone()]),
            None => Ages::unknown(),
        };
        let all: Vec<IndicatorId> = pack.indicators().map(|i| i.id.clone()).collect();
        let presence = |i: usize| if unsure >> (i % 64) & 1 == 1 { Presence::NotSure } else { Presence::Yes };
        let chosen: SortedMap<IndicatorId, Presence> =
            picks.iter().map(|&i| (all[i % all.len()].clone(), presence(i))).collect();
        let before = assess(pack, area, &ages, &chosen).expect("assesses");
        let mut more = chosen.clone();
        more.insert(all[extra % all.len()].clone(), presence(extra));
        let after = assess(pack, area, &ages, &more).expect("assesses");
        prop_assert!(after.level.number >= before.level.number, "adding {} lowered the level in {} from {} to {}", all[extra % all.len()], area.id, before.level.number, after.level.number);
        prop_assert!(after.response.urgency >= before.response.urgency, "adding {} lowered the urgency in {}", all[extra % all.len()], area.id);
        let all_yes: SortedMap<_, _> = chosen.keys().map(|k| (k.clone(), Presence::Yes)).collect();
        prop_assert_eq!(assess(pack, area, &ages, &all_yes).expect("assesses").level.number, before.level.number);
        let unknown = assess(pack, area, &Ages::unknown(), &chosen).expect("assesses");
        for band in &bands {
            let known = assess(pack, area, &Ages::among([band.clone()]), &chosen).expect("assesses");
            prop_assert!(unknown.level.number >= known.level.number, "age unknown gives level {} but {band} gives {}", unknown.level.number, known.level.number);
            prop_assert!(unknown.response.urgency >= known.response.urgency, "age unknown is less urgent than {band}");
        }
    }

    /// Principle 4: no answer panics; a rejected answer is a typed error and the session
    /// is unchanged, and the journey can carry on after it.
    #[test]
    fn bad_answers_are_errors_and_change_nothing(
        dice in prop::collection::vec(any::<u64>(), 8),
        node in "[a-z-]{0,12}|immediate-danger|area|topics|ind-key|consent|disagree-stage",
        option in "[a-z-]{0,12}|yes|no|west-sussex",
        kind in 0u8..5,
        day in any::<i32>(),
    ) {
        let pack = pack();
        let session = random_session("worried", &dice);
        let before = session.clone();
        let answer = match kind {
            0 => Answer::Choice(option.as_str().into()),
            1 => Answer::NotSure,
            2 => Answer::Multi(SortedSet::from([option.as_str().into()])),
            3 => Answer::Indicators(SortedMap::from([(option.as_str().into(), Presence::Yes)])),
            _ => Answer::Date(NaiveDate::from_num_days_from_ce_opt(day % 3_000_000).unwrap_or(NaiveDate::MIN)),
        };
        match session.answer(pack, &node, answer) {
            Ok(next) => prop_assert!(next.next_step(pack).is_ok()),
            Err(e) => {
                prop_assert!(!e.code().is_empty() && !e.to_string().is_empty());
                prop_assert_eq!(&session, &before);
                prop_assert!(session.next_step(pack).is_ok(), "the session still works after an error");
            }
        }
        let _ = session.back(pack);
    }
}

/// Going back and changing an earlier answer keeps the later answers still on the path.
#[test]
fn changing_an_earlier_answer_keeps_later_answers_on_the_path() {
    let pack = pack();
    let s = Session::new(pack, "worried").unwrap();
    let s = s.answer(pack, "immediate-danger", Answer::Choice("no".into())).unwrap();
    let s = s.answer(pack, "area", Answer::Choice("west-sussex".into())).unwrap();
    let s = s.answer(pack, "age", Answer::Choice("age-1-12".into())).unwrap();
    let s = s.answer(pack, "topics", Answer::Multi(SortedSet::from(["physical-abuse".into()]))).unwrap();
    // Change the area: the later answers are still on the path and are kept.
    let s = s.answer(pack, "area", Answer::Choice("brighton-hove".into())).unwrap();
    match s.next_step(pack).unwrap() {
        Step::Question(n) => assert_eq!(n.id.as_str(), "ind-physical"),
        Step::Outcome(o) => panic!("unexpected outcome {}", o.id),
    }
    assert_eq!(s.walk(pack).unwrap().path.asked.len(), 4);
    // Back removes only the last answer on the path.
    let back = s.back(pack).unwrap();
    match back.next_step(pack).unwrap() {
        Step::Question(n) => assert_eq!(n.id.as_str(), "topics"),
        Step::Outcome(o) => panic!("unexpected outcome {}", o.id),
    }
    // A question not yet reached cannot be answered.
    let err = back.answer(pack, "consent", Answer::Choice("agreed".into())).unwrap_err();
    assert_eq!(err.code(), "NOT_ON_PATH");
    let fresh = Session::new(pack, "worried").unwrap();
    assert_eq!(fresh.back(pack).unwrap_err().code(), "NOTHING_TO_GO_BACK");
}

/// Every flow's first question is the immediate-danger question, checked by name too.
#[test]
fn every_flow_asks_about_immediate_danger_first() {
    let pack = pack();
    for flow in pack.flows() {
        let first = pack.node(flow.start.as_str()).unwrap();
        assert!(
            first.question.to_lowercase().contains("immediate"),
            "flow {} starts with {}",
            flow.id,
            first.question
        );
        assert!(first.not_sure.is_some(), "flow {} offers no \"not sure\" on danger", flow.id);
    }
}

/// A saved session survives a round trip through serde unchanged (here via TOML, which the
/// core already reads; the bindings use JSON).
#[test]
fn sessions_serialise() {
    let pack = pack();
    let s = random_session("worried", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Saved {
        session: Session,
    }
    let text = toml::to_string(&Saved { session: s.clone() }).unwrap();
    let back: Saved = toml::from_str(&text).unwrap();
    assert_eq!(back.session, s);
    assert!(back.session.next_step(pack).is_ok());
}
