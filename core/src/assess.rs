//! Threshold assessment: from the indicators that apply to the level in the area's own
//! framework, with the reasons.
//!
//! **Monotonic by construction:** the level is the highest of (a) the lowest level, (b) the
//! level of each indicator that applies, and (c) the level each combination rule raises to
//! when it fires. Each rule's conditions are counts and tags that can only grow as more
//! indicators apply, so answering yes to one more indicator can never lower the level.
//! "Not sure" counts as yes. A rule's age condition holds when the child may be in one of
//! its bands, so an unknown age fires every rule any known age would.
//!
//! **Urgency apart from level:** each sign and rule says how soon it needs acting on (by
//! default, as soon as the level it falls at says). The response is the level's own unless
//! every sign calls for less and the level has an alternative for that (a child in need
//! assessment rather than a protection referral), so a sign can only lower the response
//! where its content says so, and one more sign can only raise it.

use crate::error::EngineError;
use crate::ids::IndicatorId;
use crate::model::*;
use crate::pack::Pack;
use crate::sorted::{SortedMap, SortedSet};

/// Why an indicator counts.
#[derive(Clone, Copy, Debug)]
pub struct Reason<'p> {
    /// The indicator.
    pub indicator: &'p Indicator,
    /// Yes, or not sure (counted as yes).
    pub presence: Presence,
    /// The level it falls at in this area.
    pub level: &'p Level,
    /// Its Assessment Framework domain.
    pub domain: &'p Domain,
    /// Whether it alone reaches the assessed level.
    pub decisive: bool,
}

/// A combination rule that fired.
#[derive(Clone, Copy, Debug)]
pub struct FiredRule<'p> {
    /// The rule.
    pub rule: &'p Rule,
    /// The level it raises to in this area.
    pub level: &'p Level,
    /// Whether it raised the level above what the indicators alone reach.
    pub raised: bool,
    /// Whether it points to the assessed level itself, so it is part of why (a rule that
    /// points lower still brings its duties, but says nothing about the level).
    pub reaches: bool,
}

/// The level of need and why.
#[derive(Clone, Debug)]
pub struct Assessment<'p> {
    /// The area whose framework was used.
    pub area: &'p Area,
    /// The level.
    pub level: &'p Level,
    /// What to do at this level for these signs: the level's own response, or its
    /// alternative for signs that call for less (see the module documentation).
    pub response: Response<'p>,
    /// The indicators that apply, highest level first.
    pub reasons: Vec<Reason<'p>>,
    /// Combination rules that fired.
    pub rules: Vec<FiredRule<'p>>,
    /// The distinct domains the indicators come from.
    pub domains: Vec<&'p Domain>,
}

/// Assesses the level for a child in `area` of the given ages, from the indicators that apply.
pub fn assess<'p>(
    pack: &'p Pack,
    area: &'p Area,
    ages: &Ages,
    answers: &SortedMap<IndicatorId, Presence>,
) -> Result<Assessment<'p>, EngineError> {
    let stale = |why: String| EngineError::StaleSession(why);
    let lowest = area.level.first().ok_or_else(|| stale(format!("area `{}` has no levels", area.id)))?;
    let mut reasons = Vec::with_capacity(answers.len());
    for (id, presence) in answers {
        let indicator = pack.indicator(id.as_str()).ok_or_else(|| stale(format!("no indicator `{id}`")))?;
        let level = pack
            .level_of(area, indicator)
            .ok_or_else(|| stale(format!("indicator `{id}` has no level in `{}`", area.id)))?;
        let domain = pack
            .domain(indicator.domain.as_str())
            .ok_or_else(|| stale(format!("indicator `{id}` has no domain")))?;
        reasons.push(Reason { indicator, presence: *presence, level, domain, decisive: false });
    }
    let by_indicators = reasons.iter().map(|r| r.level).max_by_key(|l| l.number).unwrap_or(lowest);

    let mut rules = Vec::new();
    let signs: Vec<&Indicator> = reasons.iter().map(|r| r.indicator).collect();
    for rule in fired(pack, ages, &signs) {
        let tier = &rule.raises_to;
        let level = pack
            .level_for_tier(area, tier)
            .ok_or_else(|| stale(format!("tier `{tier}` has no level in `{}`", area.id)))?;
        let raised = level.number > by_indicators.number;
        rules.push(FiredRule { rule, level, raised, reaches: false });
    }
    let by_rules = rules.iter().map(|r| r.level).max_by_key(|l| l.number);
    let level = match by_rules {
        Some(l) if l.number > by_indicators.number => l,
        _ => by_indicators,
    };

    for r in &mut reasons {
        r.decisive = r.level.number == level.number;
    }
    for f in &mut rules {
        f.reaches = f.level.number == level.number;
    }
    let own = |declared: Option<Urgency>, at: &Level| declared.unwrap_or(at.response().urgency);
    let urgency = reasons
        .iter()
        .map(|r| own(r.indicator.urgency, r.level))
        .chain(rules.iter().map(|f| own(f.rule.urgency, f.level)))
        .max()
        .unwrap_or(Urgency::Routine);
    let response = level.response_for(urgency);
    crate::sorted::sort_by_rank_desc(&mut reasons, |r| u32::from(r.level.number));
    let mut seen = SortedSet::new();
    let domains = reasons.iter().filter(|r| seen.insert(&r.domain.id)).map(|r| r.domain).collect();
    Ok(Assessment { area, level, response, reasons, rules, domains })
}

/// The combination rules that fire for a child of the given ages with these signs, in the
/// pack's order. Which rules fire does not depend on the area, only the level each points to.
pub fn fired<'p>(pack: &'p Pack, ages: &Ages, signs: &[&Indicator]) -> Vec<&'p Rule> {
    pack.rules().filter(|rule| ages.any_of(&rule.ages) && fires(pack, rule, signs)).collect()
}

/// Whether every condition of a rule about the signs holds. Each condition is monotonic in
/// the set of indicators (see the module documentation).
fn fires(pack: &Pack, rule: &Rule, signs: &[&Indicator]) -> bool {
    let min_rank = rule.min_tier.as_ref().and_then(|t| pack.tier(t.as_str())).map_or(0, |t| t.rank);
    let counted: Vec<&Indicator> = signs
        .iter()
        .copied()
        .filter(|i| pack.tier(i.tier.as_str()).is_some_and(|t| t.rank >= min_rank))
        .collect();
    let domains: SortedSet<_> = counted.iter().map(|i| &i.domain).collect();
    let enough = |min: Option<u32>, have: usize| min.is_none_or(|m| have >= m as usize);
    enough(rule.min_indicators, counted.len())
        && enough(rule.min_domains, domains.len())
        && rule.all_tags.iter().all(|t| counted.iter().any(|i| i.tags.contains(t)))
}

#[cfg(test)]
mod tests {
    use crate::SortedMap;
    use chrono::NaiveDate;

    use super::*;
    use crate::load::SourceFile;

    const BASE: &str = include_str!("../../tests/fixtures/base.toml");

    fn pack(extra: &str) -> Pack {
        let files =
            [SourceFile { path: "base.toml", text: BASE }, SourceFile { path: "extra.toml", text: extra }];
        Pack::load(&files, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap().pack
    }

    fn level(pack: &Pack, answers: &[(&str, Presence)]) -> (u8, Vec<String>) {
        let answers: SortedMap<_, _> = answers.iter().map(|(i, p)| (IndicatorId::new(*i), *p)).collect();
        let a = assess(pack, pack.area("town").unwrap(), &Ages::unknown(), &answers).unwrap();
        (a.level.number, a.rules.iter().filter(|r| r.raised).map(|r| r.rule.id.to_string()).collect())
    }

    #[test]
    fn no_indicators_give_the_lowest_level() {
        assert_eq!(level(&pack(""), &[]), (1, vec![]));
    }

    #[test]
    fn the_highest_indicator_decides_and_not_sure_counts_as_yes() {
        let p = pack("");
        assert_eq!(level(&p, &[("hungry", Presence::Yes)]).0, 1);
        assert_eq!(level(&p, &[("hungry", Presence::Yes), ("injured", Presence::NotSure)]).0, 2);
    }

    #[test]
    fn an_area_override_replaces_the_tier_mapping() {
        let p = pack(
            "[[indicator]]\nid = \"worse-here\"\ntext = \"Worse in town.\"\ndomain = \"child\"\ndimension = \"health\"\ntier = \"low\"\noverrides = { town = \"town-2\" }\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n",
        );
        assert_eq!(level(&p, &[("worse-here", Presence::Yes)]).0, 2);
    }

    const SIGN: &str = "domain = \"child\"\ndimension = \"health\"\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n";

    #[test]
    fn an_age_rule_fires_for_its_band_and_for_an_unknown_age_only() {
        let p = pack(&format!(
            "[[age]]\nid = \"baby\"\nlabel = \"Baby\"\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n\
             [[age]]\nid = \"teen\"\nlabel = \"Teen\"\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n\
             [[rule]]\nid = \"baby-bruise\"\ndescription = \"A bruise on a baby.\"\nall_tags = [\"injury\"]\nages = [\"baby\"]\nraises_to = \"high\"\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n\
             [[indicator]]\nid = \"bruise\"\ntext = \"A small bruise.\"\ntier = \"low\"\ntags = [\"injury\"]\n{SIGN}"
        ));
        let level = |ages: Ages| {
            let answers: SortedMap<_, _> = [(IndicatorId::new("bruise"), Presence::Yes)].into();
            assess(&p, p.area("town").unwrap(), &ages, &answers).unwrap().level.number
        };
        assert_eq!(level(Ages::among(["teen".into()])), 1);
        assert_eq!(level(Ages::among(["baby".into()])), 2);
        assert_eq!(level(Ages::unknown()), 2, "not knowing the age takes the safer route");
    }

    #[test]
    fn signs_of_need_take_the_level_s_alternative_and_one_sign_of_harm_does_not() {
        let alternative = "[[area]]\nid = \"city\"\nname = \"City\"\nframework = \"City levels\"\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n\
            [[area.level]]\nid = \"city-1\"\nnumber = 1\nname = \"Universal\"\nsummary = \"Met.\"\ntiers = [\"low\"]\nconsent = \"none\"\nurgency = \"routine\"\ncontacts = [\"emergency\"]\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n\
            [[area.level]]\nid = \"city-2\"\nnumber = 2\nname = \"Specialist\"\nsummary = \"Protect.\"\ntiers = [\"high\"]\nconsent = \"inform\"\nurgency = \"urgent\"\ncontacts = [\"emergency\"]\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n\
            [[area.level.alternative]]\nurgency = \"statutory\"\nconsent = \"agreement\"\nsummary = \"Assess needs.\"\ncontacts = [\"emergency\"]\n";
        let p = pack(&format!(
            "{alternative}\n[[indicator]]\nid = \"not-coping\"\ntext = \"Parents not coping.\"\ntier = \"high\"\nurgency = \"statutory\"\n{SIGN}"
        ));
        let city = p.area("city").unwrap();
        let at = |signs: &[&str]| {
            let answers: SortedMap<_, _> =
                signs.iter().map(|s| (IndicatorId::new(*s), Presence::Yes)).collect();
            let a = assess(&p, city, &Ages::unknown(), &answers).unwrap();
            (a.level.number, a.response.urgency, a.response.summary.to_owned(), a.response.consent)
        };
        assert_eq!(
            at(&["not-coping"]),
            (2, Urgency::Statutory, "Assess needs.".to_owned(), Some(Consent::Agreement))
        );
        assert_eq!(
            at(&["not-coping", "injured"]),
            (2, Urgency::Urgent, "Protect.".to_owned(), Some(Consent::Inform))
        );
        assert_eq!(at(&["hungry"]).1, Urgency::Routine);
    }

    #[test]
    fn a_combination_rule_raises_the_level_and_says_so() {
        let rule = "[[rule]]\nid = \"two-low\"\ndescription = \"Two low signs.\"\nmin_indicators = 2\nraises_to = \"high\"\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n";
        let sign = "[[indicator]]\nid = \"tired\"\ntext = \"Tired.\"\ndomain = \"child\"\ndimension = \"health\"\ntier = \"low\"\nsource = \"https://example.org\"\nreviewed = \"2026-01-01\"\nstatus = \"draft\"\n";
        let p = pack(&format!("{rule}\n{sign}"));
        assert_eq!(level(&p, &[("hungry", Presence::Yes)]), (1, vec![]));
        assert_eq!(
            level(&p, &[("hungry", Presence::Yes), ("tired", Presence::NotSure)]),
            (2, vec!["two-low".to_owned()])
        );
    }
}
