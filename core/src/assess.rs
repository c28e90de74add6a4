//! Threshold assessment: from the indicators that apply to the level in the area's own
//! framework, with the reasons.
//!
//! **Monotonic by construction:** the level is the highest of (a) the lowest level, (b) the
//! level of each indicator that applies, and (c) the level each combination rule raises to
//! when it fires. Each rule's conditions are counts and tags that can only grow as more
//! indicators apply, so answering yes to one more indicator can never lower the level.
//! "Not sure" counts as yes.

use crate::engine::Presence;
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
}

/// The level of need and why.
#[derive(Clone, Debug)]
pub struct Assessment<'p> {
    /// The area whose framework was used.
    pub area: &'p Area,
    /// The level.
    pub level: &'p Level,
    /// The indicators that apply, highest level first.
    pub reasons: Vec<Reason<'p>>,
    /// Combination rules that fired.
    pub rules: Vec<FiredRule<'p>>,
    /// The distinct domains the indicators come from.
    pub domains: Vec<&'p Domain>,
}

/// Assesses the level for a child in `area` given the indicators that apply.
pub fn assess<'p>(
    pack: &'p Pack,
    area: &'p Area,
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
    for rule in pack.rules() {
        if fires(pack, rule, &reasons) {
            let tier = &rule.raises_to;
            let level = pack
                .level_for_tier(area, tier)
                .ok_or_else(|| stale(format!("tier `{tier}` has no level in `{}`", area.id)))?;
            rules.push(FiredRule { rule, level, raised: level.number > by_indicators.number });
        }
    }
    let by_rules = rules.iter().map(|r| r.level).max_by_key(|l| l.number);
    let level = match by_rules {
        Some(l) if l.number > by_indicators.number => l,
        _ => by_indicators,
    };

    for r in &mut reasons {
        r.decisive = r.level.number == level.number;
    }
    crate::sorted::sort_by_rank_desc(&mut reasons, |r| u32::from(r.level.number));
    let mut seen = SortedSet::new();
    let domains = reasons.iter().filter(|r| seen.insert(&r.domain.id)).map(|r| r.domain).collect();
    Ok(Assessment { area, level, reasons, rules, domains })
}

/// Whether every condition of a rule holds. Each condition is monotonic in the set of
/// indicators (see the module documentation).
fn fires(pack: &Pack, rule: &Rule, reasons: &[Reason<'_>]) -> bool {
    let min_rank = rule.min_tier.as_ref().and_then(|t| pack.tier(t.as_str())).map_or(0, |t| t.rank);
    let counted: Vec<&Reason<'_>> = reasons
        .iter()
        .filter(|r| pack.tier(r.indicator.tier.as_str()).is_some_and(|t| t.rank >= min_rank))
        .collect();
    let domains: SortedSet<_> = counted.iter().map(|r| &r.domain.id).collect();
    let enough = |min: Option<u32>, have: usize| min.is_none_or(|m| have >= m as usize);
    enough(rule.min_indicators, counted.len())
        && enough(rule.min_domains, domains.len())
        && rule.all_tags.iter().all(|t| counted.iter().any(|r| r.indicator.tags.contains(t)))
}

#[cfg(test)]
mod tests {
    use crate::SortedMap;
    use chrono::NaiveDate;

    use super::*;
    use crate::pack::SourceFile;

    const BASE: &str = include_str!("../../tests/fixtures/base.toml");

    fn pack(extra: &str) -> Pack {
        let files =
            [SourceFile { path: "base.toml", text: BASE }, SourceFile { path: "extra.toml", text: extra }];
        Pack::load(&files, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap().pack
    }

    fn level(pack: &Pack, answers: &[(&str, Presence)]) -> (u8, Vec<String>) {
        let answers: SortedMap<_, _> = answers.iter().map(|(i, p)| (IndicatorId::new(*i), *p)).collect();
        let a = assess(pack, pack.area("town").unwrap(), &answers).unwrap();
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
