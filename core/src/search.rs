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
// Kept in rows, as before: rustfmt would put one word a line because "yesterday" is long.
#[rustfmt::skip]
const SIGN_STOP: &[&str] = &[
    "child", "childs", "children", "year", "years", "old", "person", "people", "kid", "kids", "he",
    "she", "they", "him", "his", "her", "hers", "their", "them", "it", "its", "has", "have", "had",
    "was", "were", "is", "are", "be", "been", "said", "says", "told", "tells", "me", "us", "our", "at",
    "by", "from", "or", "that", "this", "who", "there", "after", "up", "out", "into", "over",
    "very", "just", "got", "get", "gets", "did", "does", "doing", "any", "some", "all", "came", "come",
    "comes", "went", "go", "goes", "back", "every", "day", "days", "last", "week", "weeks", "yesterday",
    "today", "again", "always", "think", "thinks", "seems", "seem", "really", "because",
    "since", "ago", "now", "then", "going", "gone", "tonight", "took",
    "keeps", "keep", "kept", "lot", "lots", "thing", "things", "like",
];

/// The words of `s`, lower-cased: runs of ASCII letters and digits (and dots, for chapter
/// numbers like `4.1`). The index is written in English; folding case for every script would
/// ship Unicode's case tables, about a twentieth of the app's whole download.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.').to_ascii_lowercase())
        .filter(|w| !w.is_empty())
}

/// A word's stem for matching signs: the same for "drink", "drinks" and "drinking",
/// "injury" and "injuries", "cut" and "cutting", "shooter" and "shootings", "bruise" and
/// "bruised", "radicalised" and "radicalisation". Crude English suffix stripping, applied to
/// both the query and the signs, so it need only be consistent, not correct; a stem keeps at
/// least three letters.
fn stem(word: &str) -> &str {
    const SUFFIXES: [&str; 11] = ["ation", "ings", "ing", "ers", "er", "ies", "es", "ed", "s", "y", "e"];
    let s = SUFFIXES
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix).filter(|rest| rest.len() >= 3))
        .unwrap_or(word);
    // A doubled last consonant: "cutt" (from "cutting") is "cut".
    match s.as_bytes() {
        [.., a, b] if s.len() >= 4 && a == b && !b"aeiou".contains(b) => s.get(..s.len() - 1).unwrap_or(s),
        _ => s,
    }
}

/// Whether two words are the same word in another form (see [`stem`]).
fn same_word(a: &str, b: &str) -> bool {
    a == b || stem(a) == stem(b)
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

/// How well one word of a search matches one sign: its score (field weight times match
/// weight), whether it was found in the sign's own words rather than only in the label of
/// a topic the sign is listed under, and whether as the word typed (in any form) rather
/// than through a synonym.
#[derive(Clone, Copy, Default)]
struct Match {
    score: u32,
    own: bool,
    typed: bool,
}

/// What two words typed side by side and found side by side add to a sign's score: more than
/// how well any one word matched (at most 12), less than a word matched (64 or more).
const PHRASE: u32 = 16;

/// How many matches of a search of the signs a practitioner is shown: enough to scan, few
/// enough that the one they want is near the top.
pub const SHOWN_SIGNS: usize = 12;

/// Signs matching `query` that can apply at the child's `ages`, best first, at most `limit`.
/// A query word matches the sign's words, its help, its search terms or its topics' labels,
/// as a word or the start of one (words of four letters or more; shorter ones must match
/// whole, so "sti" does not find "still"), or through a synonym the pack declares ("mark" finds bruises).
/// Practitioners describe what they saw in their own words, some of which no sign uses
/// ("sofa surfing"): a sign that matches some of the words is still found, after those that
/// match more of them; then the better match, then the more serious sign, then the pack's
/// order.
///
/// A word of five letters or more that finds nothing is taken as a slip of the keys for a
/// word of the signs one letter away (one added, dropped, changed, or two swapped:
/// "negelct", "brusie"), and the search is run again with it.
pub fn search_signs<'p>(pack: &'p Pack, query: &str, ages: &Ages, limit: usize) -> Vec<SignHit<'p>> {
    // One letter says nothing ("baby's" is "baby" and "s").
    let wanted = |w: &String| w.len() > 1 && !STOP.contains(&w.as_str()) && !SIGN_STOP.contains(&w.as_str());
    let typed: Vec<String> = words(query).filter(wanted).collect();
    let (hits, found) = ranked(pack, &typed, ages, limit);
    let slipped = |(w, found): (&String, &bool)| !found && w.len() >= SLIP_FROM;
    if !typed.iter().zip(&found).any(slipped) {
        return hits;
    }
    let known = vocabulary(pack);
    let mended: Vec<String> = typed
        .iter()
        .zip(&found)
        .map(|pair| match known.iter().find(|k| slipped(pair) && one_slip(pair.0, k)) {
            Some(k) => k.clone(),
            None => pair.0.clone(),
        })
        .filter(wanted)
        .collect();
    if mended == typed { hits } else { ranked(pack, &mended, ages, limit).0 }
}

/// The shortest word read as a slip of the keys when it finds nothing: a shorter one is
/// one letter from too many others ("bite" from "bit", "site", "kite").
const SLIP_FROM: usize = 5;

/// Every word a search can find a sign by: the signs' text, help and terms, the topics'
/// labels and the synonyms. Built the first time a word finds nothing, then kept.
fn vocabulary(pack: &Pack) -> &crate::sorted::SortedSet<String> {
    pack.vocabulary.get_or_init(|| {
        let signs = pack.indicators().flat_map(|i| {
            std::iter::once(i.text.as_str())
                .chain(i.help.as_deref())
                .chain(i.terms.iter().map(String::as_str))
        });
        let labels = pack.nodes.iter().flat_map(|n| n.options.iter().map(|o| o.label.as_str()));
        let synonyms = pack.synonyms().iter().flat_map(|g| g.words.iter().map(String::as_str));
        signs.chain(labels).chain(synonyms).flat_map(words).filter(|w| w.len() >= 4).collect()
    })
}

/// Whether `typed` is `word` with one slip of the keys: a letter added, dropped or changed,
/// or two neighbours swapped.
fn one_slip(typed: &str, word: &str) -> bool {
    let (a, b) = (typed.as_bytes(), word.as_bytes());
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (a.get(start..).unwrap_or_default(), b.get(start..).unwrap_or_default());
    match (a.len(), b.len()) {
        (0, 0) => false,
        (m, n) if m == n => {
            a.get(1..) == b.get(1..)
                || (m >= 2 && a.first() == b.get(1) && a.get(1) == b.first() && a.get(2..) == b.get(2..))
        }
        (m, n) if m == n + 1 => a.get(1..) == Some(b),
        (m, n) if m + 1 == n => b.get(1..) == Some(a),
        _ => false,
    }
}

/// The signs `query` (words already filtered) finds, best first, and for each query word
/// whether any sign matched it at all.
fn ranked<'p>(pack: &'p Pack, query: &[String], ages: &Ages, limit: usize) -> (Vec<SignHit<'p>>, Vec<bool>) {
    if query.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Each query word with the words of every synonym group it belongs to, and how much a
    // match of each counts: the word as typed most, then the words of a group it belongs to
    // (which says what the word means), then a group found only by a prefix of the word.
    let alternatives: Vec<Vec<(String, u32)>> = query
        .iter()
        .map(|w| {
            let mut all = vec![(w.clone(), 3)];
            for group in pack.synonyms() {
                let weight = if group.words.iter().any(|g| same_word(g, w)) {
                    2
                } else if w.len() >= 4 && group.words.iter().any(|g| g.starts_with(w.as_str())) {
                    1
                } else {
                    continue;
                };
                all.extend(group.words.iter().filter(|g| *g != w).map(|g| (g.clone(), weight)));
            }
            all
        })
        .collect();
    // How well each query word matches each sign of the child's age (0: not at all).
    let matches: Vec<(&'p Indicator, Vec<&'p QuestionOption>, Vec<Match>, u32)> = pack
        .indicators()
        .filter(|i| ages.any_of(&i.ages))
        .map(|indicator| {
            let topics = topics_of(pack, indicator);
            // The sign's own words count most, then its help and search terms, then its
            // topics' labels (which every sign of a topic shares).
            let fields: [(Vec<String>, u32); 3] = [
                (words(&indicator.text).collect(), 3),
                (indicator.help.iter().chain(&indicator.terms).flat_map(|h| words(h)).collect(), 2),
                (topics.iter().flat_map(|t| words(&t.label)).collect(), 1),
            ];
            let bests = alternatives
                .iter()
                .map(|alts| {
                    alts.iter()
                        .flat_map(|(alt, weight)| {
                            fields.iter().map(move |(text, field)| (alt, *weight, text, field))
                        })
                        .map(|(alt, weight, text, field)| {
                            let exact = text.iter().any(|w| same_word(w, alt));
                            let prefix = alt.len() >= 4 && text.iter().any(|w| w.starts_with(alt.as_str()));
                            let how = if exact {
                                weight + 1
                            } else if prefix {
                                weight
                            } else {
                                0
                            };
                            // A number counts as little as a topic's word: the age question
                            // gives the child's age, so "17 year old homeless" must not find
                            // "a 13 to 17 year old" who shares nudes first.
                            let number = alt.bytes().all(|b| b.is_ascii_digit());
                            Match {
                                score: field * how,
                                own: how > 0 && *field > 1 && !number,
                                typed: weight == 3 && text.iter().any(|w| w == alt),
                            }
                        })
                        .max_by_key(|m| (m.own, m.typed, m.score))
                        .unwrap_or_default()
                })
                .collect::<Vec<Match>>();
            // Words typed side by side and found side by side in the sign's own words ("home
            // alone", "young carer") say more than the same words apart. The sign's small
            // words are passed over as the query's were ("not in any school" is "not school"
            // on both sides).
            let runs: Vec<Vec<&String>> = fields
                .iter()
                .take(2)
                .map(|(text, _)| {
                    text.iter()
                        .filter(|w| !STOP.contains(&w.as_str()) && !SIGN_STOP.contains(&w.as_str()))
                        .collect()
                })
                .collect();
            let phrases = query
                .windows(2)
                .filter(|pair| {
                    runs.iter().any(|run| {
                        run.windows(2).any(
                            |w| matches!((pair, w), ([a, b], [x, y]) if same_word(a, x) && same_word(b, y)),
                        )
                    })
                })
                .count();
            (indicator, topics, bests, u32::try_from(phrases).unwrap_or(u32::MAX))
        })
        .collect();
    // A word that matches few signs says more about which sign is meant than one that
    // matches many ("nail" more than "working"): each word matched counts 64 to 256 by its
    // rarity, which outweighs how well it matched (at most 12). Rarity is counted over the
    // signs' own words (text and help): a topic's label is shared by every sign of the topic,
    // so "missing" found through "Going missing" would make the word seem common, and a stray
    // rare word ("back") outweigh it. A word found only in a topic's label counts a quarter,
    // and one found only through a synonym or another form three quarters: "dad burns him"
    // is nearer "an adult has ... burned" than "a parent has self-harmed".
    let found: Vec<bool> = (0..alternatives.len())
        .map(|w| matches.iter().any(|(_, _, bests, _)| bests.get(w).is_some_and(|b| b.score > 0)))
        .collect();
    let signs = u32::try_from(matches.len()).unwrap_or(u32::MAX).max(1);
    let rarity: Vec<u32> = (0..alternatives.len())
        .map(|w| {
            let df = matches.iter().filter(|(_, _, bests, _)| bests.get(w).is_some_and(|b| b.own)).count();
            let df = u32::try_from(df).unwrap_or(u32::MAX);
            256 * signs / (signs + 3 * df)
        })
        .collect();
    let mut hits: Vec<SignHit<'p>> = matches
        .into_iter()
        .filter_map(|(indicator, topics, bests, phrases)| {
            let words_matched: u32 = bests
                .iter()
                .zip(&rarity)
                .filter(|(b, _)| b.score > 0)
                .map(|(b, r)| match (b.own, b.typed) {
                    (true, true) => *r,
                    (true, false) => r * 3 / 4,
                    (false, _) => r / 4,
                })
                .sum();
            let how_well: u32 = bests.iter().map(|b| b.score).sum::<u32>() + PHRASE * phrases;
            (words_matched > 0).then_some(SignHit { indicator, topics, score: words_matched + how_well })
        })
        .collect();
    let rank = |h: &SignHit<'_>| {
        let tier = pack.tier(h.indicator.tier.as_str()).map_or(0, |t| u32::from(t.rank));
        h.score * 16 + tier
    };
    crate::sorted::sort_by_rank_desc(&mut hits, rank);
    hits.truncate(limit);
    (hits, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_slip_of_the_keys_is_one_letter_added_dropped_changed_or_swapped() {
        for (typed, word) in [
            ("negelct", "neglect"),
            ("brusie", "bruise"),
            ("brused", "bruised"),
            ("nelgect", "neglect"),
            ("neglet", "neglect"),
            ("neglectt", "neglect"),
            ("naglect", "neglect"),
        ] {
            assert!(one_slip(typed, word), "{typed} for {word}");
        }
        for (typed, word) in
            [("neglect", "neglect"), ("nglct", "neglect"), ("bruise", "cruised"), ("abcde", "edcba")]
        {
            assert!(!one_slip(typed, word), "{typed} is not one slip from {word}");
        }
    }

    #[test]
    fn forms_of_a_word_share_a_stem() {
        for group in [
            &["drink", "drinks", "drinking"][..],
            &["cut", "cuts", "cutting"],
            &["bruise", "bruises", "bruised", "bruising"],
            &["injury", "injuries"],
            &["baby", "babies"],
            &["shooter", "shooters", "shootings"],
            &["message", "messages", "messaging"],
            &["smell", "smells", "smelly"],
            &["force", "forced", "forcing"],
            &["radicalised", "radicalisation", "radicalise"],
        ] {
            for word in group {
                assert_eq!(stem(word), stem(group[0]), "{word} and {}", group[0]);
            }
        }
        // Short words are left alone, and different words stay apart.
        assert_eq!(stem("cut"), "cut");
        assert_ne!(stem("mark"), stem("market"));
        assert_ne!(stem("hit"), stem("hot"));
    }
}
