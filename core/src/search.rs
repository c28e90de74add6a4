//! Offline search over the procedures index: chapter and part titles, chapter numbers and
//! keywords. Small and deterministic, so results are the same on every device.

use crate::model::{Chapter, Part};
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

/// The words of `s`, lower-cased: runs of ASCII letters and digits (and dots, for chapter
/// numbers like `4.1`). The index is written in English; folding case for every script would
/// ship Unicode's case tables, about a twentieth of the app's whole download.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.').to_ascii_lowercase())
        .filter(|w| !w.is_empty())
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
