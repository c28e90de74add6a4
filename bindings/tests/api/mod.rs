//! The typed JavaScript API, exercised as JavaScript would: plain JS values in, JS values or
//! `Error`s with a `code` out. Bad input of every kind must give a coded error, never a
//! panic, and leave the journey exactly as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use js_sys::{Array, JSON, Reflect};
use safeguard_bindings::Assistant;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// A JS value from JSON text.
fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or_else(|_| panic!("bad JSON in the test: {json}"))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_else(|| panic!("no string `{key}` in {}", show(value)))
}

fn show(value: &JsValue) -> String {
    JSON::stringify(value).map(String::from).unwrap_or_default()
}

/// The `code` of an error, checking that it is a real JavaScript `Error`.
fn code<T>(result: Result<T, JsValue>) -> String {
    match result {
        Ok(_) => "OK".to_owned(),
        Err(e) => {
            assert!(e.is_instance_of::<js_sys::Error>(), "errors are Error objects: {e:?}");
            assert_eq!(text(&e, "name"), "SafeguardError");
            assert!(!text(&e, "message").is_empty(), "every error says what is wrong");
            text(&e, "code")
        }
    }
}

fn choice(option: &str) -> JsValue {
    js(&format!(r#"{{"kind":"choice","option":"{option}"}}"#))
}

/// 10:00 on Monday 23 November 2026 (UK time is GMT in November).
fn monday_morning() -> JsValue {
    js_sys::Date::new(&JsValue::from_str("2026-11-23T10:00:00Z")).into()
}

/// A West Sussex journey to an unexplained injury.
fn worried_to_outcome(a: &mut Assistant) -> JsValue {
    let step = a.start("worried".into()).unwrap();
    assert_eq!(text(&get(&step, "question"), "id"), "immediate-danger", "immediate danger is asked first");
    a.answer("immediate-danger".into(), choice("no")).unwrap();
    a.answer("area".into(), choice("west-sussex")).unwrap();
    a.answer("age".into(), choice("age-1-12")).unwrap();
    a.answer("topics".into(), js(r#"{"kind":"multi","options":["physical-abuse"]}"#)).unwrap();
    a.answer("ind-physical".into(), js(r#"{"kind":"indicators","notSure":["physical-unexplained-injury"]}"#))
        .unwrap()
}

#[wasm_bindgen_test]
fn a_journey_runs_from_start_to_advice_and_record() {
    let mut a = Assistant::sussex().unwrap();
    let info = a.info().unwrap();
    assert!(text(&info, "hash").len() == 16);
    assert_eq!(get(&info, "journeys").dyn_into::<Array>().unwrap().length(), 2);
    let end = worried_to_outcome(&mut a);
    assert_eq!(text(&end, "kind"), "outcome");
    let answers = a.answers().unwrap().dyn_into::<Array>().unwrap();
    assert_eq!(answers.length(), 5);
    assert!(show(&answers).contains("not sure"), "answers in words: {}", show(&answers));

    let advice = a.outcome(monday_morning()).unwrap();
    let level = get(&advice, "level");
    assert_eq!(get(&level, "number").as_f64(), Some(4.0), "not sure counts as yes: {}", show(&advice));
    assert_eq!(text(&advice, "area"), "west-sussex");
    let reasons = get(&advice, "reasons").dyn_into::<Array>().unwrap();
    assert_eq!(get(&reasons.get(0), "notSure").as_bool(), Some(true));
    assert!(text(&get(&reasons.get(0), "provenance"), "source").starts_with("https://"));
    let contacts = get(&advice, "contacts").dyn_into::<Array>().unwrap();
    assert!(contacts.length() > 0, "a contact is named");
    assert_eq!(text(&contacts.get(0), "when"), "openNow", "the front door is open on a Monday morning");
    assert!(get(&advice, "procedures").dyn_into::<Array>().unwrap().length() > 0);
    assert_eq!(text(&advice, "at"), "2026-11-23T10:00");

    let record = a.record(monday_morning()).unwrap();
    assert!(record.contains(&text(&info, "hash")), "the record names the content hash");
    assert!(record.contains("23 November 2026"));

    // A question already answered can be looked at again, with its answer.
    let area = a.question("area".into()).unwrap();
    assert_eq!(text(&get(&area, "answer"), "option"), "west-sussex");
    // Back, then forward again.
    let back = a.back().unwrap();
    assert_eq!(text(&get(&back, "question"), "id"), "ind-physical");
}

#[wasm_bindgen_test]
fn duties_come_first_with_their_contacts_and_the_999_page_asks_the_area() {
    let mut a = Assistant::sussex().unwrap();
    a.start("worried".into()).unwrap();
    for (question, answer) in [
        ("immediate-danger", choice("no")),
        ("area", choice("west-sussex")),
        ("age", choice("age-1-12")),
        ("topics", js(r#"{"kind":"multi","options":["harmful-practices"]}"#)),
        ("ind-harmful-practices", js(r#"{"kind":"indicators","yes":["harmful-practices-fgm-known"]}"#)),
    ] {
        a.answer(question.into(), answer).unwrap();
    }
    let advice = a.outcome(monday_morning()).unwrap();
    assert_eq!(text(&advice, "urgency"), "urgent");
    let duties = get(&advice, "duties").dyn_into::<Array>().unwrap();
    let ids: Vec<String> = duties.iter().map(|d| text(&d, "id")).collect();
    assert!(ids.contains(&"fgm-report".to_owned()), "{ids:?}");
    let contacts = get(&advice, "contacts").dyn_into::<Array>().unwrap();
    let for_fgm = contacts.iter().find(|c| show(&get(c, "duties")).contains("fgm-report"));
    assert_eq!(for_fgm.map(|c| text(&get(&c, "now"), "id")), Some("police-101".to_owned()));
    let procedures = get(&advice, "procedures").dyn_into::<Array>().unwrap();
    assert_eq!(text(&procedures.get(0), "id"), "ch-fgm", "the chapter for what was found comes first");

    // The FGM became known last Thursday, not today: given on the outcome, the report's
    // deadline counts from then; a later date, or an event no timescale here counts from, is
    // refused and changes nothing; `null` goes back to today.
    let fgm_due = |advice: &JsValue| {
        let all = get(advice, "timescales").dyn_into::<Array>().unwrap();
        all.iter().find(|t| text(t, "id") == "fgm-report").map(|t| (text(&t, "start"), text(&t, "due")))
    };
    let events = get(&advice, "events").dyn_into::<Array>().unwrap();
    let fgm = events.iter().find(|e| text(e, "id") == "fgm-known").expect("the outcome asks when");
    assert_eq!(text(&fgm, "question"), "When did you learn of the FGM?");
    assert!(get(&fgm, "given").is_null() || get(&fgm, "given").is_undefined());
    let given = a.date_event("fgm-known".into(), "2026-11-19".into(), monday_morning()).unwrap();
    assert_eq!(fgm_due(&given), Some(("2026-11-19".to_owned(), "2026-11-20".to_owned())));
    assert_eq!(
        code(a.date_event("fgm-known".into(), "2026-11-30".into(), monday_morning())),
        "DATE_IN_FUTURE"
    );
    assert_eq!(
        code(a.date_event("child-returned".into(), "2026-11-19".into(), monday_morning())),
        "EVENT_NOT_ON_OUTCOME"
    );
    assert_eq!(code(a.date_event("nothing".into(), "2026-11-19".into(), monday_morning())), "UNKNOWN_EVENT");
    assert_eq!(
        code(a.date_event("fgm-known".into(), "19/11/2026".into(), monday_morning())),
        "INVALID_ARGUMENT"
    );
    let kept = a.outcome(monday_morning()).unwrap();
    assert_eq!(
        fgm_due(&kept),
        Some(("2026-11-19".to_owned(), "2026-11-20".to_owned())),
        "a refused date changes nothing"
    );
    assert!(a.record(monday_morning()).unwrap().contains("on Thursday 19 November 2026 as you gave it"));
    let today = a.date_event("fgm-known".into(), JsValue::NULL, monday_morning()).unwrap();
    assert_eq!(fgm_due(&today), Some(("2026-11-23T10:00".to_owned(), "2026-11-24".to_owned())));

    // "Yes" to immediate danger ends at 999 at once; its page asks where the child lives.
    a.start("worried".into()).unwrap();
    let step = a.answer("immediate-danger".into(), choice("yes")).unwrap();
    assert_eq!(text(&step, "kind"), "outcome");
    assert_eq!(text(&get(&step, "followUp"), "id"), "emergency-area");
    let before = get(&a.outcome(monday_morning()).unwrap(), "contacts").dyn_into::<Array>().unwrap();
    assert_eq!(before.length(), 1, "999 alone until the area is known");
    a.answer("emergency-area".into(), choice("brighton-hove")).unwrap();
    let after = get(&a.outcome(monday_morning()).unwrap(), "contacts").dyn_into::<Array>().unwrap();
    assert_eq!(text(&get(&after.get(0), "now"), "id"), "police-999");
    assert_eq!(
        text(&get(&after.get(1), "now"), "id"),
        "bh-fdff",
        "the area's front door, open on a Monday morning"
    );
}

#[wasm_bindgen_test]
fn a_host_area_is_answered_ahead_but_danger_comes_first() {
    let mut a = Assistant::sussex().unwrap();
    a.start("worried".into()).unwrap();
    let step = a.set_area("east-sussex".into()).unwrap();
    assert_eq!(text(&get(&step, "question"), "id"), "immediate-danger");
    let step = a.answer("immediate-danger".into(), choice("no")).unwrap();
    assert_eq!(text(&get(&step, "question"), "id"), "age", "the area given is not asked");
    assert_eq!(code(a.set_area("atlantis".into())), "UNKNOWN_AREA");
}

#[wasm_bindgen_test]
fn contacts_plans_timescales_and_search_work_without_a_journey() {
    let a = Assistant::sussex().unwrap();
    // Saturday 28 November 2026, 11:00: the front door is shut, so someone else is named now.
    let saturday: JsValue = js_sys::Date::new(&JsValue::from_str("2026-11-28T11:00:00Z")).into();
    let now = a.contact_now("front-door".into(), "brighton-hove".into(), "urgent".into(), saturday).unwrap();
    assert_eq!(text(&now, "when"), "useAlternative");
    assert_ne!(text(&get(&now, "now"), "id"), text(&get(&now, "primary"), "id"));

    let plan = a
        .escalation_plan(
            "professional-differences".into(),
            "2026-12-18".into(),
            "west-sussex".into(),
            JsValue::UNDEFINED,
        )
        .unwrap();
    let stages = get(&plan, "stages").dyn_into::<Array>().unwrap();
    assert!(stages.length() >= 3);
    assert_eq!(text(&stages.get(0), "starts"), "2026-12-18");
    assert!(text(&stages.get(0), "due").as_str() > "2026-12-18");

    let dates = a.timescales(js(r#"["referral-decision"]"#), "2026-11-23".into()).unwrap();
    assert_eq!(Array::from(&dates).length(), 1);
    // 72 hours from a conference ending at 14:00 on Thursday 2 April 2026 (before Easter):
    // due at a time, with Good Friday named and the last working afternoon to act by.
    let dissent =
        Array::from(&a.timescales(js(r#"["conference-dissent"]"#), "2026-04-02T14:00".into()).unwrap());
    let dissent = dissent.get(0);
    assert_eq!(text(&dissent, "due"), "2026-04-05T14:00");
    assert_eq!(text(&dissent, "dueText"), "Sunday 5 April 2026 at 14:00");
    let note = text(&dissent, "note");
    assert!(note.contains("Good Friday") && note.contains("Thursday 2 April 2026 at 17:00"), "{note}");
    assert_eq!(
        code(a.timescales(js(r#"["conference-dissent"]"#), "2026-04-02T25:00".into())),
        "INVALID_ARGUMENT"
    );

    let hits = a.search_procedures("neglect".into(), JsValue::UNDEFINED).unwrap();
    let hits = Array::from(&hits);
    assert!(hits.length() > 0);
    assert!(text(&hits.get(0), "url").starts_with("https://"));
    let one = a.search_procedures("neglect".into(), 1.into()).unwrap();
    assert_eq!(Array::from(&one).length(), 1);
    // Signs of every topic, by their words or a synonym: "mark" finds bruises.
    let signs = Array::from(&a.search_signs("baby mark".into(), JsValue::UNDEFINED).unwrap());
    assert!(
        signs.iter().any(|s| text(&s, "id") == "unborn-baby-non-mobile-injury"),
        "{}",
        show(&signs.into())
    );
}

/// Every kind of bad input gives an `Error` with its code, and the journey stays as it was,
/// however often it happens.
#[wasm_bindgen_test]
fn bad_input_gives_coded_errors_and_changes_nothing() {
    let mut a = Assistant::sussex().unwrap();
    assert_eq!(code(a.current()), "NO_JOURNEY");
    assert_eq!(code(a.answer("immediate-danger".into(), choice("no"))), "NO_JOURNEY");
    assert_eq!(code(a.start(42.into())), "INVALID_ARGUMENT");
    assert_eq!(code(a.start("nowhere".into())), "UNKNOWN_FLOW");
    a.start("worried".into()).unwrap();
    a.answer("immediate-danger".into(), choice("no")).unwrap();
    let before = show(&a.current().unwrap());
    let answers_before = show(&a.answers().unwrap());

    let huge = JsValue::from_str(&"x".repeat(100_000));
    let cases: Vec<(&str, Result<JsValue, JsValue>)> = vec![
        ("UNKNOWN_NODE", a.answer("nope".into(), choice("no"))),
        ("INVALID_OPTION", a.answer("area".into(), choice("atlantis"))),
        ("NOT_ON_PATH", a.answer("topics".into(), js(r#"{"kind":"multi","options":[]}"#))),
        ("NODE_NOT_IN_FLOW", a.answer("disagree-area".into(), choice("west-sussex"))),
        ("WRONG_ANSWER_KIND", a.answer("area".into(), js(r#"{"kind":"date","date":"2026-01-01"}"#))),
        ("NOT_SURE_NOT_OFFERED", a.answer("area".into(), js(r#"{"kind":"notSure"}"#))),
        ("INVALID_ARGUMENT", a.answer("area".into(), js(r#"{"kind":"date","date":"2026-02-30"}"#))),
        ("INVALID_ARGUMENT", a.answer("area".into(), "west-sussex".into())),
        ("INVALID_ARGUMENT", a.answer("area".into(), js(r#"{"kind":"choice"}"#))),
        (
            "INVALID_ARGUMENT",
            a.answer("area".into(), js(r#"{"kind":"choice","option":"west-sussex","extra":1}"#)),
        ),
        ("INVALID_ARGUMENT", a.answer("area".into(), js(r#"{"kind":"guess"}"#))),
        ("INVALID_ARGUMENT", a.answer("area".into(), JsValue::NULL)),
        ("INVALID_ARGUMENT", a.answer(JsValue::UNDEFINED, choice("west-sussex"))),
        ("INVALID_ARGUMENT", a.answer(huge.clone(), choice("west-sussex"))),
        ("NOT_FINISHED", a.outcome(JsValue::UNDEFINED)),
        ("INVALID_ARGUMENT", a.outcome(f64::NAN.into())),
        ("INVALID_ARGUMENT", a.outcome("tomorrow".into())),
        ("INVALID_ARGUMENT", a.outcome(1e300.into())),
        ("INVALID_ARGUMENT", a.question(js("{}"))),
        ("NOT_ON_PATH", a.question("topics".into())),
        ("INVALID_ARGUMENT", a.search_procedures(huge.clone(), JsValue::UNDEFINED)),
        ("INVALID_ARGUMENT", a.search_procedures("neglect".into(), (-1).into())),
        ("INVALID_ARGUMENT", a.search_procedures("neglect".into(), "ten".into())),
        ("UNKNOWN_ROLE", a.contact_now("nobody".into(), JsValue::NULL, "urgent".into(), JsValue::UNDEFINED)),
        (
            "UNKNOWN_AREA",
            a.contact_now("front-door".into(), "atlantis".into(), "urgent".into(), JsValue::UNDEFINED),
        ),
        (
            "INVALID_ARGUMENT",
            a.contact_now("front-door".into(), JsValue::NULL, "soon".into(), JsValue::UNDEFINED),
        ),
        (
            "UNKNOWN_ESCALATION",
            a.escalation_plan("x".into(), "2026-01-01".into(), JsValue::NULL, JsValue::NULL),
        ),
        (
            "UNKNOWN_ESCALATION",
            a.escalation_plan(
                "professional-differences".into(),
                "2026-01-01".into(),
                JsValue::NULL,
                "stage-9".into(),
            ),
        ),
        (
            "INVALID_ARGUMENT",
            a.escalation_plan(
                "professional-differences".into(),
                "01/01/2026".into(),
                JsValue::NULL,
                JsValue::NULL,
            ),
        ),
        ("INVALID_ARGUMENT", a.timescales("referral-decision".into(), "2026-01-01".into())),
        ("UNKNOWN_TIMESCALE", a.timescales(js(r#"["nope"]"#), "2026-01-01".into())),
        ("INVALID_ARGUMENT", a.timescales(js("[1]"), "2026-01-01".into())),
    ];
    for (want, result) in cases {
        assert_eq!(code(result), want);
    }
    // Hostile values: reading them throws in JavaScript. Each must come back as a coded
    // error, not an exception through the module (which would lock the assistant).
    let boom = js_sys::Function::new_no_args("throw new Error('boom')");
    let handler = js_sys::Object::new();
    for trap in ["get", "ownKeys", "getOwnPropertyDescriptor", "has"] {
        Reflect::set(&handler, &trap.into(), &boom).unwrap();
    }
    let proxy: JsValue = js_sys::Proxy::new(&js_sys::Object::new(), &handler).into();
    let array_proxy: JsValue = js_sys::Proxy::new(&Array::new(), &handler).into();
    let getter = js_sys::Function::new_no_args("return { get kind() { throw new Error('boom'); } }")
        .call0(&JsValue::NULL)
        .unwrap();
    let fake_date =
        js_sys::Function::new_no_args("return Object.create(Date.prototype)").call0(&JsValue::NULL).unwrap();
    let bad_date: JsValue = js_sys::Date::new(&f64::NAN.into()).into();
    let hostile: Vec<(&str, Result<JsValue, JsValue>)> = vec![
        ("INVALID_ARGUMENT", a.answer("area".into(), proxy.clone())),
        ("INVALID_ARGUMENT", a.answer("area".into(), getter)),
        ("INVALID_ARGUMENT", a.timescales(array_proxy, "2026-01-01".into())),
        ("INVALID_ARGUMENT", a.outcome(fake_date)),
        ("INVALID_ARGUMENT", a.outcome(bad_date)),
        ("INVALID_ARGUMENT", a.search_procedures(proxy.clone(), proxy)),
        (
            "INVALID_ARGUMENT",
            a.answer("area".into(), js(r#"{"kind":"indicators","yes":["a"],"notSure":["a"]}"#)),
        ),
    ];
    for (want, result) in hostile {
        assert_eq!(code(result), want);
    }
    // The same mistakes again and again change nothing either.
    for _ in 0..200 {
        assert_eq!(code(a.answer("area".into(), choice("atlantis"))), "INVALID_OPTION");
        assert_eq!(code(a.answer("area".into(), js("[]"))), "INVALID_ARGUMENT");
    }
    assert_eq!(show(&a.current().unwrap()), before, "the next step is as it was");
    assert_eq!(show(&a.answers().unwrap()), answers_before, "the answers are as they were");
    // And the journey carries on.
    let step = a.answer("area".into(), choice("west-sussex")).unwrap();
    assert_eq!(text(&get(&step, "question"), "id"), "age");
    // Going back past the start is an error, not an empty journey.
    a.back().unwrap();
    a.back().unwrap();
    assert_eq!(code(a.back()), "NOTHING_TO_GO_BACK");
    assert_eq!(text(&get(&a.current().unwrap(), "question"), "id"), "immediate-danger");
}

/// The small valid pack of the test fixtures, in the JSON form `fromJson` reads.
fn fixture_json() -> String {
    let toml_text = include_str!("../../../tests/fixtures/base.toml");
    let value: toml::Value = toml::from_str(toml_text).unwrap();
    serde_json::to_string(&value).unwrap()
}

#[wasm_bindgen_test]
fn a_pack_given_as_json_is_validated_and_used() {
    let mut a = Assistant::from_json(fixture_json().into()).unwrap();
    assert_eq!(text(&a.info().unwrap(), "id"), "fixture");
    a.start("worried".into()).unwrap();
    a.answer("danger".into(), choice("no")).unwrap();
    a.answer("where".into(), choice("town")).unwrap();
    let end = a.answer("signs".into(), js(r#"{"kind":"indicators","yes":["injured"]}"#)).unwrap();
    assert_eq!(text(&end, "kind"), "outcome");
    let advice = a.outcome(monday_morning()).unwrap();
    assert_eq!(get(&get(&advice, "level"), "number").as_f64(), Some(2.0));
}

/// The problems listed with an `INVALID_CONTENT` error.
fn problems(result: Result<Assistant, JsValue>) -> Vec<String> {
    let e = result.err().expect("the pack is refused");
    assert_eq!(code::<()>(Err(e.clone())), "INVALID_CONTENT");
    let list = Array::from(&get(&get(&e, "details"), "problems"));
    list.iter().map(|p| format!("{}: {}", text(&p, "severity"), text(&p, "message"))).collect()
}

#[wasm_bindgen_test]
fn invalid_malformed_and_huge_packs_are_refused_with_every_problem() {
    // Valid JSON, invalid content: two problems at once.
    let mut pack: serde_json::Value = serde_json::from_str(&fixture_json()).unwrap();
    let tiers = pack["tier"].as_array_mut().unwrap();
    let copy = tiers[0].clone();
    tiers.push(copy);
    pack["flow"][0]["start"] = "nowhere".into();
    let found = problems(Assistant::from_json(pack.to_string().into()));
    assert!(found.len() >= 2, "every problem is listed: {found:?}");
    assert!(found.iter().any(|p| p.contains("nowhere")), "{found:?}");
    assert!(found.iter().all(|p| p.starts_with("error") || p.starts_with("warning")), "{found:?}");

    // Malformed JSON says where.
    let found = problems(Assistant::from_json(r#"{"pack": {"id": "x",}"#.into()));
    assert!(found[0].contains("line 1"), "{found:?}");
    // An unknown table or field is refused, not ignored.
    let found = problems(Assistant::from_json(r#"{"surprise": []}"#.into()));
    assert!(found[0].contains("surprise"), "{found:?}");
    // Deep nesting is refused without overflowing the stack.
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    problems(Assistant::from_json(deep.into()));
    // Too big to be a pack: refused before it is read.
    let huge = format!("\"{}\"", "x".repeat(9 * 1024 * 1024));
    assert!(problems(Assistant::from_json(huge.into()))[0].contains("limit"));
    // Not text at all.
    assert_eq!(code(Assistant::from_json(42.into())), "INVALID_ARGUMENT");
    // And an empty object has no [pack] table.
    assert!(problems(Assistant::from_json("{}".into()))[0].contains("[pack]"));
}

/// A small deterministic generator (xorshift), so a failing run can be replayed exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A random answer of the right shape for the question view `q` (it may still be refused:
    /// "not sure" where it is not offered, say).
    fn answer_to(&mut self, q: &JsValue) -> JsValue {
        let ids = |list: &str| -> Vec<String> {
            Array::from(&get(q, list)).iter().map(|o| text(&o, "id")).collect()
        };
        let some = |rng: &mut Rng, all: &[String]| -> Vec<String> {
            all.iter().filter(|_| rng.below(3) == 0).cloned().collect()
        };
        let answer = match text(q, "kind").as_str() {
            "choice" if self.below(5) == 0 => serde_json::json!({ "kind": "notSure" }),
            "choice" => {
                let options = ids("options");
                serde_json::json!({ "kind": "choice", "option": options[self.below(options.len())] })
            }
            "multi" => serde_json::json!({ "kind": "multi", "options": some(self, &ids("options")) }),
            "indicators" => {
                let all = ids("indicators");
                serde_json::json!({ "kind": "indicators", "yes": some(self, &all), "notSure": some(self, &all) })
            }
            _ => {
                serde_json::json!({ "kind": "date", "date": format!("20{:02}-{:02}-{:02}", self.below(40), 1 + self.below(12), 1 + self.below(28)) })
            }
        };
        js(&answer.to_string())
    }

    /// Any JavaScript value an agency's code might pass by mistake, with real ids and answer
    /// shapes mixed in so that some calls get deep into the engine.
    fn value(&mut self, depth: u32) -> JsValue {
        const WORDS: &[&str] = &[
            "worried",
            "disagree",
            "immediate-danger",
            "area",
            "topics",
            "ind-physical",
            "west-sussex",
            "no",
            "yes",
            "choice",
            "notSure",
            "multi",
            "indicators",
            "date",
            "kind",
            "option",
            "options",
            "front-door",
            "professional-differences",
            "stage-1",
            "2026-11-23",
            "2026-02-30",
            "",
            "physical-unexplained-injury",
            "<script>",
            "\u{0}",
            "🦀",
        ];
        match self.below(if depth > 2 { 7 } else { 10 }) {
            0 => JsValue::UNDEFINED,
            1 => JsValue::NULL,
            2 => JsValue::from_bool(self.below(2) == 0),
            3 => JsValue::from_f64(
                [0.0, -1.0, 1.0, 3.5, f64::NAN, f64::INFINITY, 1e300, 1.8e15][self.below(8)],
            ),
            4..=6 => JsValue::from_str(self.pick(WORDS)),
            7 => js_sys::Date::new(&JsValue::from_f64((self.next() % 4_000_000_000_000) as f64)).into(),
            8 => (0..self.below(4)).map(|_| self.value(depth + 1)).collect::<Array>().into(),
            _ => {
                let object = js_sys::Object::new();
                for _ in 0..self.below(4) {
                    let key = self.pick(WORDS);
                    Reflect::set(&object, &key.into(), &self.value(depth + 1)).unwrap();
                }
                object.into()
            }
        }
    }
}

/// Every code an API call may throw.
const CODES: &[&str] = &[
    "INVALID_ARGUMENT",
    "INVALID_CONTENT",
    "NO_JOURNEY",
    "UNKNOWN_FLOW",
    "UNKNOWN_NODE",
    "NODE_NOT_IN_FLOW",
    "NOT_ON_PATH",
    "INVALID_OPTION",
    "INVALID_INDICATOR",
    "WRONG_ANSWER_KIND",
    "NOT_SURE_NOT_OFFERED",
    "DATE_OUT_OF_RANGE",
    "NOTHING_TO_GO_BACK",
    "NOT_FINISHED",
    "UNKNOWN_AREA",
    "UNKNOWN_ESCALATION",
    "STALE_SESSION",
    "UNKNOWN_ROLE",
    "UNKNOWN_EVENT",
    "EVENT_NOT_ON_OUTCOME",
    "DATE_IN_FUTURE",
    "UNKNOWN_TIMESCALE",
];

/// The entry points the random calls go into, in the order of the `match` below.
const ENTRY_POINTS: [&str; 14] = [
    "start",
    "answer",
    "setArea",
    "back",
    "question",
    "outcome",
    "record",
    "contactNow",
    "escalationPlan",
    "timescales",
    "searchProcedures",
    "searchSigns",
    "dateEvent",
    "fromJson",
];

/// The number of random calls each entry point gets in each run (in Node and again in
/// Chromium): 400, or `API_FUZZ_CASES` at build time (`cargo xtask fuzz --cases N` sets it).
fn fuzz_cases() -> usize {
    option_env!("API_FUZZ_CASES").and_then(|n| n.parse().ok()).unwrap_or(400)
}

/// Random values into every entry point that takes them, until each has had
/// [`fuzz_cases`] calls: each call returns a value or a coded error (a panic would abort the
/// module and fail the run), and the assistant keeps working throughout.
#[wasm_bindgen_test]
fn random_values_into_every_entry_point_give_values_or_coded_errors() {
    let mut rng = Rng(0x5eed_2026_1123_0001);
    let mut a = Assistant::sussex().unwrap();
    let damaged = fixture_json();
    let (mut ok, mut outcomes, mut calls) = (0, 0, [0; ENTRY_POINTS.len()]);
    let mut i = 0;
    while calls.iter().any(|&n| n < fuzz_cases()) {
        i += 1;
        let (v1, v2, v3, v4) = (rng.value(0), rng.value(0), rng.value(0), rng.value(0));
        // Answers three times as often as the rest, so that journeys get somewhere.
        let entry = match rng.below(16) {
            0 => 0,
            1..=3 => 1,
            n => n - 2,
        };
        calls[entry] += 1;
        let result = match entry {
            0 => a.start(if rng.below(2) == 0 { "worried".into() } else { v1 }),
            1 => {
                // Mostly answers that fit the question asked, so journeys move on; else junk.
                let question = a.current().ok().map(|s| get(&s, "question")).filter(|q| q.is_object());
                match question {
                    Some(q) if rng.below(4) > 0 => {
                        let answer = rng.answer_to(&q);
                        a.answer(get(&q, "id"), answer)
                    }
                    _ => a.answer(v1, v2),
                }
            }
            2 => a.set_area(v1),
            3 => a.back(),
            4 => a.question(v1),
            5 => a.outcome(v1),
            6 => a.record(v1).map(JsValue::from),
            7 => a.contact_now(v1, v2, v3, v4),
            8 => a.escalation_plan(v1, v2, v3, v4),
            9 => a.timescales(v1, v2),
            10 => a.search_procedures(v1, v2),
            11 => a.search_signs(v1, v2),
            12 => {
                // Mostly an event the outcome asks about, with a date or none; else junk.
                let outcome = a.outcome(JsValue::UNDEFINED).ok();
                let events = outcome.map(|o| get(&o, "events")).and_then(|e| e.dyn_into::<Array>().ok());
                match events.filter(|e| e.length() > 0 && rng.below(4) > 0) {
                    Some(events) => {
                        let event = get(&events.get(rng.below(events.length() as usize) as u32), "id");
                        let when = match rng.below(3) {
                            0 => JsValue::NULL,
                            1 => "2026-11-20T09:30".into(),
                            _ => v2,
                        };
                        a.date_event(event, when, v3)
                    }
                    None => a.date_event(v1, v2, v3),
                }
            }
            _ => {
                // A damaged pack: a byte changed, or the text cut short.
                let mut bytes = damaged.clone().into_bytes();
                let at = rng.below(bytes.len());
                if rng.below(2) == 0 {
                    bytes[at] = b"{}[]\",:0a \n"[rng.below(11)];
                } else {
                    bytes.truncate(at);
                }
                Assistant::from_json(String::from_utf8_lossy(&bytes).into_owned().into())
                    .map(|_| JsValue::NULL)
            }
        };
        match result {
            Ok(value) => {
                ok += 1;
                if value.is_object() && get(&value, "kind").as_string().as_deref() == Some("outcome") {
                    outcomes += 1;
                }
            }
            Err(e) => {
                let code = code::<()>(Err(e));
                let entry = ENTRY_POINTS[entry];
                assert!(CODES.contains(&code.as_str()), "call {i} ({entry}): unexpected code {code}");
            }
        }
    }
    wasm_bindgen_test::console_log!(
        "fuzz: {i} calls, {} or more into each of {ENTRY_POINTS:?}",
        fuzz_cases()
    );
    // The run is only worth something if it got past the argument checks into the engine.
    assert!(ok > i / 20, "only {ok} of {i} calls succeeded");
    assert!(outcomes > 0, "no random journey reached an outcome");
    // Still working after thousands of mistakes.
    let step = a.start("worried".into()).unwrap();
    assert_eq!(text(&get(&step, "question"), "id"), "immediate-danger");
}
