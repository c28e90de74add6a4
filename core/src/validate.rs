//! Content validation: every rule a pack must pass before it can reach a practitioner.
//!
//! Rules are listed in `content/README.md`. Each failing rule adds a diagnostic naming the
//! file, the item and the problem in plain words; validation never stops at the first
//! problem, so an author sees everything to fix at once.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate, NaiveTime, Weekday};

use crate::diagnostic::Diagnostics;
use crate::hours::{first_open, open_on};
use crate::ids::*;
use crate::model::*;
use crate::pack::{Pack, Target};

pub(crate) fn validate(pack: &Pack, today: NaiveDate, d: &mut Diagnostics) {
    provenance(pack, today, d);
    tiers(pack, d);
    domains(pack, d);
    areas(pack, d);
    indicators(pack, d);
    rules(pack, d);
    duties(pack, d);
    synonyms(pack, d);
    contacts(pack, d);
    procedures(pack, d);
    timescales(pack, d);
    escalations(pack, d);
    bank_holidays(pack, today, d);
    flows(pack, d);
}

/// Runs `check` on each item of a table with the item's file name.
macro_rules! each {
    ($pack:expr, $table:ident, |$file:ident, $item:ident| $body:block) => {
        for (file_index, $item) in $pack.$table.iter_located() {
            let $file = $pack.file_name(file_index);
            $body
        }
    };
}

fn provenance(pack: &Pack, today: NaiveDate, d: &mut Diagnostics) {
    for item in pack.sourced_items() {
        let p = item.provenance;
        if !(p.source.starts_with("https://") || p.source.starts_with("http://")) {
            d.error(
                item.file,
                item.id,
                format!("{} source `{}` is not a web address (http:// or https://)", item.kind, p.source),
            );
        }
        if p.reviewed > today {
            d.error(
                item.file,
                item.id,
                format!("{} reviewed date {} is in the future", item.kind, p.reviewed),
            );
        } else if p.overdue(today) {
            d.warning(
                item.file,
                item.id,
                format!(
                    "{} was last reviewed on {}, more than {REVIEW_MONTHS} months ago: check it against its source",
                    item.kind, p.reviewed
                ),
            );
        }
        match (p.status, p.verified_by, p.verified_on) {
            (Status::Draft, None, None) => {
                let note = p.note.unwrap_or("no note says what to check");
                d.draft(item.file, item.id, format!("{} is a draft: {note}", item.kind));
            }
            (Status::Draft, _, _) => d.error(
                item.file,
                item.id,
                format!("{} is a draft but names a sign-off (verified_by, verified_on): set status = \"verified\", or remove them", item.kind),
            ),
            (Status::Verified, Some(by), Some(on)) if !by.trim().is_empty() => {
                if on > today {
                    d.error(item.file, item.id, format!("{} was signed off on {on}, which is in the future", item.kind));
                }
            }
            (Status::Verified, _, _) => d.error(
                item.file,
                item.id,
                format!("{} is marked verified without a named sign-off: give verified_by (who signed it off) and verified_on (when), or mark it draft", item.kind),
            ),
        }
    }
}

/// Errors for age bands named in `bands` that the pack does not declare.
fn age_refs(pack: &Pack, file: &str, item: &str, bands: &[AgeId], d: &mut Diagnostics) {
    for band in bands {
        if pack.age(band.as_str()).is_none() {
            d.error(file, item, format!("age band `{band}` does not exist"));
        }
    }
}

/// Errors for chapters named in `ids` that do not exist.
fn chapter_refs(pack: &Pack, file: &str, item: &str, ids: &[ChapterId], d: &mut Diagnostics) {
    for ch in ids {
        if pack.chapter(ch.as_str()).is_none() {
            d.error(file, item, format!("chapter `{ch}` does not exist"));
        }
    }
}

/// Errors for duties named in `ids` that do not exist.
fn duty_refs(pack: &Pack, file: &str, item: &str, ids: &[DutyId], d: &mut Diagnostics) {
    for duty in ids {
        if pack.duty(duty.as_str()).is_none() {
            d.error(file, item, format!("duty `{duty}` does not exist"));
        }
    }
}

fn tiers(pack: &Pack, d: &mut Diagnostics) {
    if pack.tiers.is_empty() {
        d.error("", "", "the pack has no [[tier]]: indicators need a severity scale");
    }
    for (expected, tier) in (1u8..).zip(&pack.tiers) {
        if tier.rank != expected {
            d.error("", tier.id.as_str(), format!("tier ranks must run 1, 2, 3 … without gaps or repeats; found {} where {expected} was expected", tier.rank));
        }
    }
}

fn domains(pack: &Pack, d: &mut Diagnostics) {
    each!(pack, domains, |file, domain| {
        let mut seen = BTreeSet::new();
        for dim in &domain.dimensions {
            if !seen.insert(&dim.id) {
                d.error(file, &domain.id, format!("dimension `{}` is listed twice", dim.id));
            }
        }
    });
}

/// Errors for references in a level's or fixed outcome's response, for one area (or none).
///
/// The first role is the contact to use now: it must have a contact for the area (or a
/// national one), known or not. Later roles are further help where the area has it (a
/// designated doctor, an education advice line): each must be played somewhere, so a
/// misspelt role is caught, and is shown where the area, once known, has a contact for it.
fn response_refs(
    pack: &Pack,
    file: &str,
    item: &str,
    r: Response<'_>,
    area: Option<&AreaId>,
    d: &mut Diagnostics,
) {
    for (i, role) in r.contacts.iter().enumerate() {
        let missing = pack.contact_for(area, role).is_none();
        if missing && (i == 0 || !pack.contacts().any(|c| c.roles.contains(role))) {
            let place = area.map_or("when the area is not known".to_owned(), |a| format!("in `{a}`"));
            d.error(file, item, format!("no contact plays the role `{role}` {place} (nor a national one)"));
        }
    }
    chapter_refs(pack, file, item, r.procedures, d);
    for t in r.timescales {
        if pack.timescale(t.as_str()).is_none() {
            d.error(file, item, format!("timescale `{t}` does not exist"));
        }
    }
}

fn areas(pack: &Pack, d: &mut Diagnostics) {
    if pack.areas.len() == 0 {
        d.error("", "", "the pack has no [[area]]");
    }
    let mut level_ids = BTreeSet::new();
    each!(pack, areas, |file, area| {
        if area.level.is_empty() {
            d.error(file, &area.id, "the area has no levels");
        }
        for (expected, level) in (1u8..).zip(&area.level) {
            let item = format!("{}/{}", area.id, level.id);
            if !level_ids.insert(&level.id) {
                d.error(file, &item, format!("level id `{}` is used twice", level.id));
            }
            if level.number != expected {
                d.error(file, &item, format!("levels must be numbered 1, 2, 3 … from lowest to highest; found {} where {expected} was expected", level.number));
            }
            if level.urgency.is_none() {
                d.error(file, &item, "the level needs an urgency (routine, urgent or immediate)");
            }
            if level.contacts.is_empty() {
                d.error(file, &item, "the level names no contacts: every outcome must name a contact");
            }
            for tier in &level.tiers {
                if pack.tier(tier.as_str()).is_none() {
                    d.error(file, &item, format!("tier `{tier}` does not exist"));
                }
            }
            response_refs(pack, file, &item, level.response(), Some(&area.id), d);
            let own = level.response().urgency;
            let mut urgencies = BTreeSet::new();
            for alt in &level.alternative {
                if alt.urgency >= own {
                    d.error(file, &item, format!("an alternative response must be less urgent than the level's own ({own:?}); this one is {:?}", alt.urgency));
                }
                if !urgencies.insert(alt.urgency) {
                    d.error(
                        file,
                        &item,
                        format!("two alternative responses have the urgency {:?}", alt.urgency),
                    );
                }
                if alt.contacts.is_empty() {
                    d.error(
                        file,
                        &item,
                        "an alternative response names no contacts: every outcome must name a contact",
                    );
                }
                if alt.summary.trim().is_empty() {
                    d.error(file, &item, "an alternative response needs a summary");
                }
                response_refs(pack, file, &item, alt.response(), Some(&area.id), d);
            }
        }
        for tier in &pack.tiers {
            let n = area.level.iter().filter(|l| l.tiers.contains(&tier.id)).count();
            if n != 1 {
                d.error(
                    file,
                    &area.id,
                    format!(
                        "tier `{}` falls at {n} levels of this area; it must fall at exactly one",
                        tier.id
                    ),
                );
            }
        }
    });
}

/// For each indicator, the topics (options of a multi question) whose choice brings a page
/// that lists it; `None` when a page listing it is asked whatever the topics.
fn topics_of(pack: &Pack) -> BTreeMap<&IndicatorId, Option<BTreeSet<&OptionId>>> {
    let mut topics: BTreeMap<&IndicatorId, Option<BTreeSet<&OptionId>>> = BTreeMap::new();
    for node in pack.nodes.iter() {
        for i in &node.indicators {
            let held = topics.entry(i).or_insert_with(|| Some(BTreeSet::new()));
            match (&node.when, held) {
                (Some(Condition::Includes { includes, .. }), Some(set)) => {
                    set.insert(includes);
                }
                (Some(Condition::Includes { .. }), None) => {}
                (_, held) => *held = None,
            }
        }
    }
    topics
}

fn indicators(pack: &Pack, d: &mut Diagnostics) {
    let on_pages: BTreeSet<&IndicatorId> = pack.nodes.iter().flat_map(|n| &n.indicators).collect();
    let topics = topics_of(pack);
    each!(pack, indicators, |file, i| {
        let id = i.id.as_str();
        age_refs(pack, file, id, &i.ages, d);
        duty_refs(pack, file, id, &i.duties, d);
        chapter_refs(pack, file, id, &i.procedures, d);
        if let Some(Some(set)) = topics.get(&i.id)
            && i.critical
            && set.len() == 1
        {
            let only = set.iter().next().map(|o| o.as_str()).unwrap_or_default();
            d.warning(file, id, format!("a safety-critical sign reachable only from the topic `{only}`: list it under every topic a practitioner could choose for it"));
        }
        if i.text.trim().is_empty() {
            d.error(file, id, "the indicator has no text");
        }
        for term in &i.terms {
            if term.trim().is_empty() || term.chars().any(char::is_uppercase) {
                d.error(file, id, format!("search term `{term}` must be lower-case words, not empty"));
            }
        }
        match pack.domain(i.domain.as_str()) {
            None => d.error(file, id, format!("domain `{}` does not exist", i.domain)),
            Some(domain) if !domain.dimensions.iter().any(|x| x.id == i.dimension) => {
                d.error(file, id, format!("`{}` is not a dimension of domain `{}`", i.dimension, i.domain));
            }
            Some(_) => {}
        }
        if let Some(h) = &i.harm
            && pack.harm(h.as_str()).is_none()
        {
            d.error(file, id, format!("harm `{h}` does not exist"));
        }
        if pack.tier(i.tier.as_str()).is_none() {
            d.error(file, id, format!("tier `{}` does not exist", i.tier));
        }
        for (area, level) in &i.overrides {
            match pack.area(area.as_str()) {
                None => d.error(file, id, format!("override for unknown area `{area}`")),
                Some(a) if !a.level.iter().any(|l| &l.id == level) => {
                    d.error(file, id, format!("override: `{level}` is not a level of `{area}`"));
                }
                Some(_) => {}
            }
        }
        for area in pack.areas() {
            if pack.level_of(area, i).is_none() {
                d.error(file, id, format!("the indicator has no level in `{}`", area.id));
            }
        }
        if !on_pages.contains(&i.id) {
            d.warning(file, id, "the indicator is not asked on any question, so no one can choose it");
        }
    });
}

fn rules(pack: &Pack, d: &mut Diagnostics) {
    let tags: BTreeSet<&Tag> = pack.indicators().flat_map(|i| &i.tags).collect();
    each!(pack, rules, |file, r| {
        let id = r.id.as_str();
        age_refs(pack, file, id, &r.ages, d);
        duty_refs(pack, file, id, &r.duties, d);
        chapter_refs(pack, file, id, &r.procedures, d);
        for tier in r.min_tier.iter().chain([&r.raises_to]) {
            if pack.tier(tier.as_str()).is_none() {
                d.error(file, id, format!("tier `{tier}` does not exist"));
            }
        }
        if r.min_indicators.is_none_or(|n| n == 0) && r.all_tags.is_empty() {
            d.error(file, id, "the rule needs min_indicators (at least 1) or all_tags, or it would fire with no indicators at all");
        }
        for t in &r.all_tags {
            if !tags.contains(t) {
                d.error(file, id, format!("no indicator has the tag `{t}`, so the rule can never fire"));
            }
        }
    });
}

fn duties(pack: &Pack, d: &mut Diagnostics) {
    each!(pack, duties, |file, duty| {
        let id = duty.id.as_str();
        if duty.title.trim().is_empty() || duty.text.trim().is_empty() || duty.why.trim().is_empty() {
            d.error(file, id, "a duty needs a title, a text and a why");
        }
        if duty.contacts.is_empty() {
            d.error(file, id, "the duty names no contact role: every duty is shown with its contact");
        }
        // Duties come with signs and rules, which are asked once the area is known.
        for role in &duty.contacts {
            for area in pack.areas() {
                if pack.contact_for(Some(&area.id), role).is_none() {
                    d.error(
                        file,
                        id,
                        format!(
                            "no contact plays the duty's role `{role}` in `{}` (nor a national one)",
                            area.id
                        ),
                    );
                }
            }
        }
        chapter_refs(pack, file, id, &duty.procedures, d);
        for t in &duty.timescales {
            if pack.timescale(t.as_str()).is_none() {
                d.error(file, id, format!("timescale `{t}` does not exist"));
            }
        }
    });
}

fn synonyms(pack: &Pack, d: &mut Diagnostics) {
    for group in pack.synonyms() {
        let name = group.words.join(", ");
        if group.words.len() < 2 {
            d.error("", &name, "a synonym group needs at least two words");
        }
        if group
            .words
            .iter()
            .any(|w| w.is_empty() || !w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        {
            d.error(
                "",
                &name,
                "synonyms are single lower-case words (a to z, 0 to 9), as searches fold case",
            );
        }
    }
}

/// Whether a phone number is written in the usual UK grouping: short numbers (999, 101,
/// 111) as they are, 0800 numbers of ten digits as 4 + 6 or 5 + 5 digits as published, and
/// eleven-digit numbers as 5 + 6 (01273 290400, 07770 381421), 4 + 3 + 4 (0330 222 6664,
/// 0808 800 5000) or, for 02 numbers, 3 + 4 + 4. A textphone relay prefix (18001) may lead.
fn uk_grouping(number: &str) -> bool {
    let number = number.strip_prefix("18001 ").unwrap_or(number);
    let groups: Vec<usize> = number.split(' ').map(str::len).collect();
    if !number.split(' ').all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    match groups.as_slice() {
        [3] | [4] => true,
        [4, 4] | [5, 5] | [4, 3, 3] | [5, 3, 3] => number.starts_with("08"),
        [5, 6] => number.starts_with("01") || number.starts_with("07"),
        [4, 3, 4] => !number.starts_with("02") && !number.starts_with("07"),
        [3, 4, 4] => number.starts_with("02"),
        _ => false,
    }
}

/// Every moment of a week at which any contact opens or closes (plus midnight), on an
/// ordinary day and on a bank holiday. Opening states only change at these moments, so
/// checking them checks every minute of the week.
fn week_slots(pack: &Pack) -> Vec<(Weekday, NaiveTime, bool)> {
    let mut times = BTreeSet::from([NaiveTime::MIN]);
    for c in pack.contacts() {
        if let Hours::Sessions { sessions, .. } = &c.hours {
            times.extend(sessions.iter().flat_map(|s| [s.opens, s.closes]));
        }
    }
    let days =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    let mut slots = Vec::new();
    for holiday in [false, true] {
        for day in days {
            slots.extend(times.iter().map(|&t| (day, t, holiday)));
        }
    }
    slots
}

fn contacts(pack: &Pack, d: &mut Diagnostics) {
    let slots = week_slots(pack);
    each!(pack, contacts, |file, c| {
        let id = c.id.as_str();
        if let Some(a) = &c.area
            && pack.area(a.as_str()).is_none()
        {
            d.error(file, id, format!("area `{a}` does not exist"));
        }
        if c.roles.is_empty() {
            d.error(file, id, "the contact has no roles, so nothing can name it");
        }
        if c.phone.is_none() && c.email.is_none() && c.web_form.is_none() {
            d.error(file, id, "the contact has no phone, email or web form");
        }
        let numbers = c.phone.iter().chain(&c.textphone).chain(c.other_phones.iter().map(|o| &o.number));
        for number in numbers {
            if !uk_grouping(number) {
                d.error(file, id, format!("phone number `{number}` is not in the usual UK grouping (e.g. 01273 290400, 0330 222 6664, 0808 800 5000)"));
            }
        }
        for url in c.web_form.iter() {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                d.error(file, id, format!("web form `{url}` is not a web address"));
            }
        }
        match &c.hours {
            Hours::Always { always: false } => {
                d.error(file, id, "`always = false` means never open: give sessions instead")
            }
            Hours::Outside { outside } if pack.contact(outside.as_str()).is_none() => {
                d.error(file, id, format!("hours: contact `{outside}` does not exist"));
            }
            Hours::Sessions { sessions, .. } => {
                for s in sessions {
                    if s.days.is_empty() || s.opens >= s.closes {
                        d.error(file, id, "each session needs days and opens before it closes");
                    }
                }
            }
            _ => {}
        }
        match &c.out_of_hours {
            Some(o) if pack.contact(o.as_str()).is_none() => {
                d.error(file, id, format!("out_of_hours contact `{o}` does not exist"))
            }
            Some(o) if o == &c.id => {
                d.error(file, id, "a contact cannot be its own out-of-hours alternative")
            }
            _ => {}
        }
        let gap = slots.iter().copied().find(|&(day, time, holiday)| {
            first_open(pack, c, |x| open_on(pack, x, day, time, holiday)).is_err()
        });
        if let Some((day, time, holiday)) = gap {
            let when = if holiday { " on a bank holiday" } else { "" };
            d.error(file, id, format!("on {day:?} at {}{when} neither this contact nor its out-of-hours alternatives are open: every contact must lead to one that is", crate::calendar::clock(time)));
        }
    });
    // A role must pick one contact per area, else the advice would depend on file order.
    let mut plays: BTreeMap<(Option<&AreaId>, &Role), Vec<&ContactId>> = BTreeMap::new();
    for c in pack.contacts() {
        for r in &c.roles {
            plays.entry((c.area.as_ref(), r)).or_default().push(&c.id);
        }
    }
    for ((area, role), ids) in plays.into_iter().filter(|(_, ids)| ids.len() > 1) {
        let place = area.map_or("nationally".to_owned(), |a| format!("in `{a}`"));
        let ids: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        d.error(
            "",
            role.as_str(),
            format!("{} contacts play the role `{role}` {place} ({}): keep one", ids.len(), ids.join(", ")),
        );
    }
}

fn procedures(pack: &Pack, d: &mut Diagnostics) {
    let mut numbers = BTreeSet::new();
    each!(pack, parts, |file, p| {
        if !numbers.insert(p.number) {
            d.error(file, &p.id, format!("part number {} is used twice", p.number));
        }
    });
    each!(pack, chapters, |file, ch| {
        if pack.part(ch.part.as_str()).is_none() {
            d.error(file, &ch.id, format!("part `{}` does not exist", ch.part));
        }
        if let Some(a) = &ch.area
            && pack.area(a.as_str()).is_none()
        {
            d.error(file, &ch.id, format!("area `{a}` does not exist"));
        }
        match &ch.url {
            Some(url) if !(url.starts_with("https://") || url.starts_with("http://")) => {
                d.error(file, &ch.id, format!("url `{url}` is not a web address"));
            }
            None if ch.note.is_none() => {
                d.error(
                    file,
                    &ch.id,
                    "the chapter has no url: say in its note that no address is held, and why",
                );
            }
            _ => {}
        }
    });
}

fn timescales(pack: &Pack, d: &mut Diagnostics) {
    let mut used = BTreeSet::new();
    each!(pack, timescales, |file, t| {
        if t.amount == 0 {
            d.error(file, &t.id, "the timescale amount must be more than 0");
        }
        if t.counted_from.is_empty() {
            d.error(file, &t.id, "the timescale needs `counted_from`: the events that start its clock");
        }
        for id in &t.counted_from {
            used.insert(id);
            let Some(event) = pack.event(id.as_str()) else {
                d.error(file, &t.id, format!("counted_from names event `{id}`, which does not exist"));
                continue;
            };
            if t.before && !event.future {
                d.error(
                    file,
                    &t.id,
                    format!("a timescale due `before` an event needs a planned event (`future = true`); `{id}` is not"),
                );
            }
            if t.unit == Unit::Hours && !event.time {
                d.error(
                    file,
                    &t.id,
                    format!("a timescale in hours needs its event's time of day (`time = true` on `{id}`)"),
                );
            }
        }
        for id in &t.met_by {
            if pack.event(id.as_str()).is_none() {
                d.error(file, &t.id, format!("met_by names event `{id}`, which does not exist"));
            } else if t.counted_from.contains(id) {
                d.error(file, &t.id, format!("`{id}` cannot both start the timescale and meet it"));
            }
        }
    });
    each!(pack, events, |file, e| {
        if e.label.trim().is_empty() {
            d.error(file, &e.id, "the event needs a label");
        }
        if !e.question.trim().ends_with('?') {
            d.error(file, &e.id, "the event needs the question that asks its date, ending in `?`");
        }
        for id in &e.taken_from {
            if pack.event(id.as_str()).is_none() || id == &e.id {
                d.error(file, &e.id, format!("taken_from names `{id}`, which is not another event"));
            }
        }
        if e.today && e.future {
            d.error(file, &e.id, "an event cannot both happen today (`today`) and be planned (`future`)");
        }
        if !used.contains(&e.id) {
            d.warning(file, &e.id, "no timescale is counted from this event");
        }
    });
}

fn escalations(pack: &Pack, d: &mut Diagnostics) {
    each!(pack, escalations, |file, e| {
        if e.stage.is_empty() {
            d.error(file, &e.id, "the procedure has no stages");
        }
        let mut seen = BTreeSet::new();
        for s in &e.stage {
            let item = format!("{}/{}", e.id, s.id);
            if !seen.insert(&s.id) {
                d.error(file, &item, "stage id is used twice");
            }
            match (&s.due, &s.timescale, &s.timing) {
                (Some(_), Some(_), _) => d.error(
                    file,
                    &item,
                    "the stage has both `due` and `timescale`: give its length once",
                ),
                (Some(due), None, _) if due.amount == 0 => {
                    d.error(file, &item, "the stage's due amount must be more than 0")
                }
                (None, Some(t), _) if pack.timescale(t.as_str()).is_none() => {
                    d.error(file, &item, format!("timescale `{t}` does not exist"))
                }
                (None, None, None) => d.error(
                    file,
                    &item,
                    "the stage needs `due` (a sourced length), `timescale` (a timescale giving it) or `timing` (how soon, in words, e.g. \"Without delay\")",
                ),
                _ => {}
            }
            for a in s.area_notes.keys() {
                if pack.area(a.as_str()).is_none() {
                    d.error(file, &item, format!("area note for unknown area `{a}`"));
                }
            }
            if let Some(role) = &s.contact_role {
                for area in pack.areas() {
                    if pack.contact_for(Some(&area.id), role).is_none() {
                        d.error(file, &item, format!("no contact plays the role `{role}` in `{}`", area.id));
                    }
                }
            }
        }
    });
}

fn bank_holidays(pack: &Pack, today: NaiveDate, d: &mut Diagnostics) {
    let year_ahead = today.checked_add_days(Days::new(365)).unwrap_or(today);
    match pack.bank_holidays().last() {
        None => d.error("", "bank_holidays", "the pack has no bank holidays: working days cannot be counted"),
        Some(last) if *last < year_ahead => d.warning(
            "",
            "bank_holidays",
            format!("bank holidays end on {last}; add dates to cover at least the next 12 months (to {year_ahead})"),
        ),
        Some(_) => {}
    }
}

/// What the flow analysis knows about each node or outcome: the areas it can be reached
/// with (`None` = not chosen yet), and the questions answered on every path to it.
#[derive(Default)]
struct Facts<'p> {
    areas: BTreeSet<Option<&'p AreaId>>,
    must: Option<BTreeSet<&'p NodeId>>,
}

impl<'p> Facts<'p> {
    fn merge(&mut self, areas: impl IntoIterator<Item = Option<&'p AreaId>>, must: BTreeSet<&'p NodeId>) {
        self.areas.extend(areas);
        self.must = Some(match self.must.take() {
            None => must,
            Some(held) => held.intersection(&must).copied().collect(),
        });
    }
}

/// The edges out of a node: (target, area the edge sets, whether the node was answered).
fn edges(node: &Node) -> Vec<(&str, Option<&AreaId>, bool)> {
    let mut out = Vec::new();
    match node.kind {
        NodeKind::Choice => {
            for o in &node.options {
                if let Some(next) = &o.next {
                    out.push((next.as_str(), o.area.as_ref(), true));
                }
            }
        }
        NodeKind::Multi | NodeKind::Indicators | NodeKind::Date => {
            if let Some(next) = &node.next {
                out.push((next.as_str(), None, true));
            }
        }
        // Signs found by searching: passed whether or not any were found.
        NodeKind::Found => {
            if let Some(next) = &node.next {
                out.push((next.as_str(), None, false));
            }
        }
    }
    if let (Some(_), Some(next)) = (&node.when, &node.next) {
        out.push((next.as_str(), None, false));
    }
    out
}

fn nodes(pack: &Pack, d: &mut Diagnostics) {
    for id in pack.nodes.iter().map(|n| n.id.as_str()) {
        if pack.outcome(id).is_some() {
            d.error("", id, "a node and an outcome share this id; `next` could not tell them apart");
        }
    }
    let follow_ups: BTreeSet<&NodeId> = pack.outcomes().filter_map(|o| o.follow_up.as_ref()).collect();
    each!(pack, nodes, |file, n| {
        let id = n.id.as_str();
        let err = |d: &mut Diagnostics, m: String| d.error(file, id, m);
        if pack.flow(n.flow.as_str()).is_none() {
            err(d, format!("flow `{}` does not exist", n.flow));
        }
        let follow_up = follow_ups.contains(&n.id);
        if follow_up && (n.kind != NodeKind::Choice || n.next.is_some() || n.when.is_some()) {
            err(d, "an outcome's follow-up question must be a choice question with no `next` or `when`: it is asked on the outcome's own page".to_owned());
        }
        let mut options = BTreeSet::new();
        for o in &n.options {
            if !options.insert(&o.id) {
                err(d, format!("option `{}` is listed twice", o.id));
            }
            if let Some(a) = &o.area
                && pack.area(a.as_str()).is_none()
            {
                err(d, format!("option `{}` sets unknown area `{a}`", o.id));
            }
            age_refs(pack, file, id, &o.ages, d);
            chapter_refs(pack, file, id, &o.procedures, d);
            duty_refs(pack, file, id, &o.duties, d);
            match (n.kind, &o.next) {
                (NodeKind::Choice, None) if follow_up => {}
                (NodeKind::Choice, Some(_)) if follow_up => err(
                    d,
                    format!(
                        "option `{}` of a follow-up question has a `next`, but the journey has already ended",
                        o.id
                    ),
                ),
                (NodeKind::Choice, None) => {
                    err(d, format!("option `{}` has no `next`: every answer must lead somewhere", o.id))
                }
                (NodeKind::Choice, Some(next)) => target_in_flow(pack, n, next, file, d),
                (_, Some(_)) => err(
                    d,
                    format!("option `{}` has a `next`, but only choice questions route by option", o.id),
                ),
                (_, None) => {}
            }
        }
        // An age question: every option says which bands it stands for, and together they
        // cover every band, so no child's age falls through.
        if n.options.iter().any(|o| !o.ages.is_empty()) {
            if n.options.iter().any(|o| o.ages.is_empty()) {
                err(d, "an age question's options must each name the age bands they stand for".to_owned());
            }
            for band in pack.ages() {
                if !n.options.iter().any(|o| o.ages.contains(&band.id)) {
                    err(d, format!("no option of the age question covers the age band `{}`", band.id));
                }
            }
        }
        if let Some(ns) = &n.not_sure
            && (n.kind != NodeKind::Choice || !options.contains(ns))
        {
            err(d, format!("not_sure must name an option of a choice question; `{ns}` is not one"));
        }
        match n.kind {
            NodeKind::Choice if n.options.len() < 2 => {
                err(d, "a choice question needs at least two options".to_owned())
            }
            NodeKind::Multi if n.options.is_empty() => err(d, "a multi question needs options".to_owned()),
            NodeKind::Indicators if n.indicators.is_empty() => {
                err(d, "an indicators question needs indicators".to_owned())
            }
            NodeKind::Indicators | NodeKind::Date | NodeKind::Found if !n.options.is_empty() => {
                err(d, "only choice and multi questions have options".to_owned());
            }
            _ if n.time && n.kind != NodeKind::Date => {
                err(d, "only a date question can ask the time of day (`time`)".to_owned())
            }
            NodeKind::Found if !n.indicators.is_empty() || n.when.is_some() => err(
                d,
                "a found-signs question lists no indicators (any sign can be found) and has no `when`"
                    .to_owned(),
            ),
            _ => {}
        }
        let mut listed = BTreeSet::new();
        for i in &n.indicators {
            if pack.indicator(i.as_str()).is_none() {
                err(d, format!("indicator `{i}` does not exist"));
            }
            if !listed.insert(i) {
                err(d, format!("indicator `{i}` is listed twice"));
            }
        }
        let needs_next = !follow_up && (n.kind != NodeKind::Choice || n.when.is_some());
        match &n.next {
            None if needs_next => {
                err(d, "the question needs `next` (where to go after it, or when it is skipped)".to_owned())
            }
            Some(next) => target_in_flow(pack, n, next, file, d),
            None => {}
        }
        if let Some(Condition::Includes { node, includes }) = &n.when {
            match pack.node(node.as_str()) {
                Some(m) if m.kind == NodeKind::Multi && m.flow == n.flow => {
                    if !m.options.iter().any(|o| &o.id == includes) {
                        err(d, format!("when: `{includes}` is not an option of `{node}`"));
                    }
                }
                _ => err(d, format!("when: `{node}` is not a multi question of this flow")),
            }
        }
    });
}

fn target_in_flow(pack: &Pack, n: &Node, next: &str, file: &str, d: &mut Diagnostics) {
    match pack.target(next) {
        None => d.error(file, &n.id, format!("`{next}` is neither a question nor an outcome")),
        Some(Target::Node(m)) if m.flow != n.flow => {
            d.error(file, &n.id, format!("`{next}` belongs to another flow"))
        }
        Some(_) => {}
    }
}

fn flows(pack: &Pack, d: &mut Diagnostics) {
    nodes(pack, d);
    if let Some(flow) = pack.info.escalation_flow.as_ref().filter(|f| pack.flow(f.as_str()).is_none()) {
        d.error("", "[pack]", format!("escalation_flow `{flow}` is not a flow"));
    }
    let mut reached_outcomes = BTreeSet::new();
    each!(pack, flows, |file, flow| {
        let Some(start) = pack.node(flow.start.as_str()).filter(|n| n.flow == flow.id) else {
            d.error(file, &flow.id, format!("start `{}` is not a question of this flow", flow.start));
            continue;
        };
        immediate_danger_first(pack, file, flow, start, d);
        let Some(order) = topological(pack, file, flow, start, d) else {
            continue;
        };
        let follow_ups: BTreeSet<&NodeId> = pack.outcomes().filter_map(|o| o.follow_up.as_ref()).collect();
        for n in pack.nodes_of(&flow.id) {
            if !order.contains(&n.id.as_str()) && !follow_ups.contains(&n.id) {
                d.error(
                    file,
                    &n.id,
                    format!("the question cannot be reached from the start of `{}`", flow.id),
                );
            }
        }
        let mut facts: BTreeMap<&str, Facts<'_>> = BTreeMap::new();
        facts.entry(start.id.as_str()).or_default().merge([None], BTreeSet::new());
        for id in &order {
            let Some(n) = pack.node(id) else { continue };
            let (areas, must) = match facts.get(id) {
                Some(f) => (f.areas.clone(), f.must.clone().unwrap_or_default()),
                None => continue,
            };
            if matches!(n.when, Some(Condition::LevelConsent { .. })) && areas.contains(&None) {
                d.error(
                    file,
                    id,
                    "the question depends on the level, but can be reached before the area is known",
                );
            }
            for (target, sets_area, answered) in edges(n) {
                let mut must = must.clone();
                if answered {
                    must.insert(&n.id);
                }
                let areas: Vec<Option<&AreaId>> = match sets_area {
                    Some(a) => vec![Some(a)],
                    None => areas.iter().copied().collect(),
                };
                facts.entry(target).or_default().merge(areas, must);
            }
        }
        for outcome in pack.outcomes() {
            if let Some(f) = facts.get(outcome.id.as_str()) {
                reached_outcomes.insert(&outcome.id);
                if let Some(id) = &outcome.follow_up
                    && pack.node(id.as_str()).is_none_or(|n| n.flow != flow.id)
                {
                    d.error(
                        file,
                        &outcome.id,
                        format!(
                            "follow_up `{id}` is not a question of `{}`, a journey that reaches this outcome",
                            flow.id
                        ),
                    );
                }
                outcome_rules(pack, outcome, f, d);
            }
        }
    });
    each!(pack, outcomes, |file, o| {
        if !reached_outcomes.contains(&o.id) {
            d.warning(file, &o.id, "no flow reaches this outcome");
        }
    });
}

/// The first question of every flow asks about immediate danger: its "not sure" leads to an
/// outcome of urgency `immediate`.
fn immediate_danger_first(pack: &Pack, file: &str, flow: &Flow, start: &Node, d: &mut Diagnostics) {
    let not_sure_target = start
        .not_sure
        .as_ref()
        .and_then(|ns| start.options.iter().find(|o| &o.id == ns))
        .and_then(|o| o.next.as_deref())
        .and_then(|next| pack.outcome(next));
    let immediate = not_sure_target
        .is_some_and(|o| o.kind == OutcomeKind::Fixed && o.urgency == Some(Urgency::Immediate));
    if start.kind != NodeKind::Choice || !immediate || start.when.is_some() {
        d.error(
            file,
            &flow.id,
            "the first question must ask about immediate danger: a choice, always asked, whose \"not sure\" leads to an outcome with urgency = \"immediate\"",
        );
    }
}

/// The flow's nodes in an order where every node comes before the nodes it leads to, or
/// `None` (with an error) if the flow has a cycle.
fn topological<'p>(
    pack: &'p Pack,
    file: &str,
    flow: &Flow,
    start: &'p Node,
    d: &mut Diagnostics,
) -> Option<Vec<&'p str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    let mut post = Vec::new();
    // Iterative depth-first search: (node, index of the next edge to follow).
    let mut stack: Vec<(&Node, usize)> = vec![(start, 0)];
    marks.insert(start.id.as_str(), Mark::Open);
    while let Some((node, i)) = stack.pop() {
        let out = edges(node);
        let Some(&(target, _, _)) = out.get(i) else {
            marks.insert(node.id.as_str(), Mark::Done);
            post.push(node.id.as_str());
            continue;
        };
        stack.push((node, i + 1));
        let Some(Target::Node(next)) = pack.target(target) else {
            continue;
        };
        if next.flow != flow.id {
            continue;
        }
        match marks.get(next.id.as_str()) {
            Some(Mark::Open) => {
                d.error(
                    file,
                    &next.id,
                    format!("the questions loop back to `{}`: a journey could never end", next.id),
                );
                return None;
            }
            Some(Mark::Done) => {}
            None => {
                marks.insert(next.id.as_str(), Mark::Open);
                stack.push((next, 0));
            }
        }
    }
    post.reverse();
    Some(post)
}

fn outcome_rules(pack: &Pack, o: &Outcome, f: &Facts<'_>, d: &mut Diagnostics) {
    let file = pack
        .outcomes
        .iter_located()
        .find(|(_, x)| x.id == o.id)
        .map(|(i, _)| pack.file_name(i))
        .unwrap_or_default();
    let id = o.id.as_str();
    let must = f.must.clone().unwrap_or_default();
    match o.kind {
        OutcomeKind::Threshold => {
            if f.areas.contains(&None) {
                d.error(file, id, "a threshold outcome can be reached before the area is known");
            }
        }
        OutcomeKind::Fixed => {
            if o.urgency.is_none() {
                d.error(file, id, "a fixed outcome needs an urgency");
            }
            if o.contacts.is_empty() {
                d.error(file, id, "the outcome names no contacts: every outcome must name a contact");
            }
            // Its follow-up question can make the area known on the outcome's own page.
            let follow_up = o.follow_up.as_ref().and_then(|n| pack.node(n.as_str()));
            let set_there = follow_up.iter().flat_map(|n| &n.options).filter_map(|opt| opt.area.as_ref());
            let areas: BTreeSet<Option<&AreaId>> =
                f.areas.iter().copied().chain(set_there.map(Some)).collect();
            for area in areas {
                response_refs(pack, file, id, o.response(), area, d);
            }
        }
        OutcomeKind::Escalation => {
            if o.contacts.is_empty() {
                d.error(file, id, "the outcome names no contacts: every outcome must name a contact");
            }
            for area in &f.areas {
                response_refs(pack, file, id, o.response(), *area, d);
            }
            let procedure = o.escalation.as_ref().and_then(|e| pack.escalation(e.as_str()));
            if procedure.is_none() {
                d.error(
                    file,
                    id,
                    "an escalation outcome needs `escalation`, the id of an escalation procedure",
                );
            }
            let date_node = o.start_date.as_ref().and_then(|n| pack.node(n.as_str()));
            match date_node {
                Some(n) if n.kind == NodeKind::Date && must.contains(&n.id) => {}
                _ => d.error(
                    file,
                    id,
                    "`start_date` must name a date question answered on every path to this outcome",
                ),
            }
            if let Some(stage_node) = &o.stage_from {
                let ok = pack.node(stage_node.as_str()).is_some_and(|n| {
                    n.kind == NodeKind::Choice
                        && must.contains(&n.id)
                        && n.options.iter().all(|opt| {
                            procedure
                                .is_some_and(|p| p.stage.iter().any(|s| s.id.as_str() == opt.id.as_str()))
                        })
                });
                if !ok {
                    d.error(file, id, "`stage_from` must name a choice question, answered on every path here, whose options are the stage ids");
                }
            }
        }
    }
}
