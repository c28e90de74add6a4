//! The safety principles, proven over random answer sequences in every area of the Sussex
//! pack (property tests: 100 000 random sessions per run in total).
//!
//! 1. Immediate danger is asked first, and "yes" or "not sure" always leads to the 999 outcome.
//! 2. One more risk indicator never lowers the level; "not sure" counts as yes.
//! 3. Every path ends in an outcome that names a contact open at that moment.
//! 4. No input panics, and a rejected answer leaves the session as it was.

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use proptest::prelude::*;
use safeguard_core::model::{NodeKind, OutcomeKind, Urgency};
use safeguard_core::time::is_open;
use safeguard_core::{
    Answer, IndicatorId, Pack, Presence, Session, SortedMap, SortedSet, Step, advise, assess,
};

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| safeguard_content::load().expect("the Sussex pack loads").pack)
}

/// Sessions per property; four properties make 100 000 sessions per run.
const CASES: u32 = 25_000;

fn config() -> ProptestConfig {
    ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() }
}

/// An answer to `node` chosen by `die`, covering every kind of answer including "not sure".
fn random_answer(node: &safeguard_core::model::Node, die: u64) -> Answer {
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
        NodeKind::Indicators => Answer::Indicators(
            node.indicators
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
        let node = match session.next_step(pack).expect("walks") {
            Step::Outcome(_) => return session,
            Step::Question(node) => node,
        };
        let answer = random_answer(node, die);
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

    /// Principle 2: answering yes to one more indicator never lowers the level, in any area;
    /// and "not sure" gives the same level as "yes".
    #[test]
    fn one_more_indicator_never_lowers_the_level(
        area in 0usize..3,
        picks in prop::collection::btree_set(0usize..1000, 0..12),
        extra in 0usize..1000,
        unsure in any::<u64>(),
    ) {
        let pack = pack();
        let areas: Vec<_> = pack.areas().collect();
        let area = areas[area % areas.len()];
        let all: Vec<IndicatorId> = pack.indicators().map(|i| i.id.clone()).collect();
        let presence = |i: usize| if unsure >> (i % 64) & 1 == 1 { Presence::NotSure } else { Presence::Yes };
        let chosen: SortedMap<IndicatorId, Presence> =
            picks.iter().map(|&i| (all[i % all.len()].clone(), presence(i))).collect();
        let before = assess(pack, area, &chosen).expect("assesses").level.number;
        let mut more = chosen.clone();
        more.insert(all[extra % all.len()].clone(), presence(extra));
        let after = assess(pack, area, &more).expect("assesses").level.number;
        prop_assert!(after >= before, "adding {} lowered the level in {} from {before} to {after}", all[extra % all.len()], area.id);
        let all_yes: SortedMap<_, _> = chosen.keys().map(|k| (k.clone(), Presence::Yes)).collect();
        prop_assert_eq!(assess(pack, area, &all_yes).expect("assesses").level.number, before);
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
    let s = s.answer(pack, "works-with-children", Answer::Choice("no".into())).unwrap();
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
