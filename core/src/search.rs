//! Offline search, small and deterministic so results are the same on every device: over
//! the procedures index (chapter and part titles, chapter numbers and keywords), and over
//! the signs of every topic (their words, the words of their topics, and the synonyms the
//! pack declares), so a practitioner finds the sign that decides a case whichever topic
//! they picked.

use crate::model::{Ages, Chapter, Condition, Indicator, Part, QuestionOption};
use crate::pack::Pack;

/// A search result.
#[derive(Clone, Copy, Debug)]
pub struct Hit<'p> {
    /// The chapter found.
    pub chapter: &'p Chapter,
    /// Its part.
    pub part: Option<&'p Part>,
    /// Higher is better.
    pub score: u32,
}

/// Words that say nothing about which chapter is wanted.
const STOP: &[&str] = &[
    "a", "an", "and", "the", "of", "to", "in", "on", "for", "with", "what", "how", "do", "i", "is", "my",
    "about", "when", "if",
];

/// Words of a description that say nothing about which sign is meant: nearly every sign is
/// about a child, and a search by any one word would list them all.
const SIGN_STOP: &[&str] = &[
    "child", "childs", "children", "young", "person", "people", "kid", "kids", "he", "she", "they", "him",
    "his", "her", "hers", "their", "them", "it", "its", "has", "have", "had", "was", "were", "is", "are",
    "be", "been", "said", "says", "told", "tells", "me", "us", "our", "at", "by", "from", "or", "that",
    "this", "who", "there",
];

/// The words of `s`, lower-cased: runs of ASCII letters and digits (and dots, for chapter
/// numbers like `4.1`). The index is written in English; folding case for every script would
/// ship Unicode's case tables, about a twentieth of the app's whole download.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.').to_ascii_lowercase())
        .filter(|w| !w.is_empty())
}

/// Whether `word` is `stem` with a plural ending ("cuts", "marks", "bruises").
fn is_plural(word: &str, stem: &str) -> bool {
    word.strip_prefix(stem).is_some_and(|rest| rest == "s" || rest == "es")
}

/// How well one query word matches one chapter.
fn score_word(word: &str, chapter: &Chapter, part: Option<&Part>) -> u32 {
    let in_words = |text: &str, exact: u32, prefix: u32| {
        words(text)
            .map(|w| {
                if w == word {
                    exact
                } else if word.len() >= 3 && w.starts_with(word) {
                    prefix
                } else {
                    0
                }
            })
            .max()
            .unwrap_or(0)
    };
    let number = if chapter.number == word { 12 } else { 0 };
    let title = in_words(&chapter.title, 6, 4);
    let keywords = chapter.keywords.iter().map(|k| in_words(k, 5, 3)).max().unwrap_or(0);
    let part = part.map_or(0, |p| in_words(&p.title, 2, 1));
    number.max(title).max(keywords) + part
}

/// Extra weight when the whole query is one of the chapter's keywords or in its title, so
/// "s47" prefers the chapter tagged `s47` over one tagged `s47 decision`.
fn phrase_bonus(query: &[String], chapter: &Chapter) -> u32 {
    let phrase = query.join(" ");
    let normal = |s: &str| words(s).collect::<Vec<_>>().join(" ");
    if chapter.keywords.iter().any(|k| normal(k) == phrase) {
        10
    } else if normal(&chapter.title).contains(&phrase) {
        6
    } else {
        0
    }
}

/// Chapters matching `query`, best first (ties in file order), at most `limit`.
/// Every query word must match somewhere, so adding words narrows the results.
pub fn search<'p>(pack: &'p Pack, query: &str, limit: usize) -> Vec<Hit<'p>> {
    let query: Vec<String> = words(query).filter(|w| !STOP.contains(&w.as_str())).collect();
    if query.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<Hit<'p>> = pack
        .chapters()
        .filter_map(|chapter| {
            let part = pack.part(chapter.part.as_str());
            let scores: Vec<u32> = query.iter().map(|w| score_word(w, chapter, part)).collect();
            if scores.contains(&0) {
                return None;
            }
            Some(Hit { chapter, part, score: scores.iter().sum::<u32>() + phrase_bonus(&query, chapter) })
        })
        .collect();
    crate::sorted::sort_by_rank_desc(&mut hits, |h| h.score);
    hits.truncate(limit);
    hits
}

/// A sign found by [`search_signs`].
#[derive(Clone, Debug)]
pub struct SignHit<'p> {
    /// The sign.
    pub indicator: &'p Indicator,
    /// The topics whose pages list it (options of a multi question), in the pack's order.
    pub topics: Vec<&'p QuestionOption>,
    /// Higher is better.
    pub score: u32,
}

/// The topics whose pages list `indicator`: the options of multi questions that bring a
/// page listing it.
pub fn topics_of<'p>(pack: &'p Pack, indicator: &Indicator) -> Vec<&'p QuestionOption> {
    let mut topics: Vec<&'p QuestionOption> = Vec::new();
    for page in pack.nodes.iter().filter(|n| n.indicators.contains(&indicator.id)) {
        let Some(Condition::Includes { node, includes }) = &page.when else { continue };
        let option = pack.node(node.as_str()).and_then(|m| m.options.iter().find(|o| &o.id == includes));
        if let Some(option) = option.filter(|o| !topics.iter().any(|t| t.id == o.id)) {
            topics.push(option);
        }
    }
    topics
}

/// How many matches of a search of the signs a practitioner is shown: enough to scan, few
/// enough that the one they want is near the top.
pub const SHOWN_SIGNS: usize = 12;

/// Signs matching `query` that can apply at the child's `ages`, best first, at most `limit`.
/// A query word matches the sign's words, its help or its topics' labels, as a word or the
/// start of one (words of four letters or more; shorter ones must match whole, so "sti" does
/// not find "still"), or through a synonym the pack declares ("mark" finds bruises).
/// Practitioners describe what they saw in their own words, some of which no sign uses
/// ("sofa surfing"): a sign that matches some of the words is still found, after those that
/// match more of them; then the better match, then the more serious sign, then the pack's
/// order.
pub fn search_signs<'p>(pack: &'p Pack, query: &str, ages: &Ages, limit: usize) -> Vec<SignHit<'p>> {
    let query: Vec<String> =
        words(query).filter(|w| !STOP.contains(&w.as_str()) && !SIGN_STOP.contains(&w.as_str())).collect();
    if query.is_empty() {
        return Vec::new();
    }
    // Each query word with the words of every synonym group it belongs to.
    let alternatives: Vec<Vec<String>> = query
        .iter()
        .map(|w| {
            let mut all = vec![w.clone()];
            for group in pack.synonyms() {
                if group.words.iter().any(|g| g == w || (w.len() >= 4 && g.starts_with(w.as_str()))) {
                    all.extend(group.words.iter().filter(|g| *g != w).cloned());
                }
            }
            all
        })
        .collect();
    let mut hits: Vec<SignHit<'p>> = pack
        .indicators()
        .filter(|i| ages.any_of(&i.ages))
        .filter_map(|indicator| {
            let topics = topics_of(pack, indicator);
            // The sign's own words count most, then its help, then its topics' labels (which
            // every sign of a topic shares).
            let fields: [(Vec<String>, u32); 3] = [
                (words(&indicator.text).collect(), 3),
                (indicator.help.iter().flat_map(|h| words(h)).collect(), 2),
                (topics.iter().flat_map(|t| words(&t.label)).collect(), 1),
            ];
            let (mut matched, mut score) = (0, 0);
            for alts in &alternatives {
                let best = alts
                    .iter()
                    .enumerate()
                    .flat_map(|(n, alt)| fields.iter().map(move |(text, field)| (n, alt, text, field)))
                    .map(|(n, alt, text, field)| {
                        let exact = text.iter().any(|w| w == alt || is_plural(w, alt));
                        let prefix = alt.len() >= 4 && text.iter().any(|w| w.starts_with(alt.as_str()));
                        // The word as typed counts more than its synonyms.
                        let weight = if n == 0 { 3 } else { 1 };
                        field
                            * if exact {
                                weight + 1
                            } else if prefix {
                                weight
                            } else {
                                0
                            }
                    })
                    .max()
                    .unwrap_or(0);
                if best > 0 {
                    matched += 1;
                    score += best;
                }
            }
            // Every word matched counts for more than how well any one word did.
            (matched > 0).then_some(SignHit { indicator, topics, score: matched * 256 + score })
        })
        .collect();
    let rank = |h: &SignHit<'_>| {
        let tier = pack.tier(h.indicator.tier.as_str()).map_or(0, |t| u32::from(t.rank));
        h.score * 16 + tier
    };
    crate::sorted::sort_by_rank_desc(&mut hits, rank);
    hits.truncate(limit);
    hits
}
