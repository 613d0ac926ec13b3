//! What the caller asks for (`Filters`) and its compiled form that ranking checks per
//! candidate. Filters are applied while scoring, before top-k, so "90s horror" returns ten
//! 90s horror films rather than whatever survived a fixed list.

mod demote;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use demote::{DEMOTE, Demotions};

use super::catalog::{Catalog, ItemFacts, certification_rank, pack_language};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// The film must have every one of these genres (case-insensitive).
    pub genres: Vec<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// Cast member or director; a full name or a part of one ("reeves").
    pub person: Option<String>,
    pub exclude_adult: bool,
    /// Mood-style soft boosts: films with any of these genres score higher.
    pub boost_genres: Vec<String>,
    /// Mood-style soft boosts: films with any of these keywords score higher.
    pub boost_keywords: Vec<String>,
    /// Inclusive runtime bounds in minutes; a film of unknown runtime fails either.
    pub runtime_min: Option<u32>,
    pub runtime_max: Option<u32>,
    /// Original languages (ISO 639-1); empty for any. A film of unknown language fails.
    pub languages: Vec<String>,
    /// Genres the film must not have (names the catalog does not know exclude nothing).
    pub exclude_genres: Vec<String>,
    /// People (cast or director, full or partial names as for `person`) who must not be in it.
    pub exclude_people: Vec<String>,
    /// Films that must not be shown, by id.
    pub exclude_items: Vec<i64>,
    /// When set, only these films may be shown, by id (what the user can stream).
    pub only_items: Option<Vec<i64>>,
    /// The strictest US certification allowed ("PG-13"); films with no known certification
    /// (or unrated) fail it.
    pub certification_max: Option<String>,
    /// Lowest TMDb vote average (0–10), from at least [`MIN_VOTES_FOR_SCORE`] votes.
    pub min_vote: Option<f32>,
    /// Only films with at most the catalog's median vote count ("hidden gems").
    pub hidden_gems: bool,
    /// At most one film per collection in a ranked list (off for "all the Alien films").
    pub one_per_collection: bool,
    /// Genres, people and keywords the user wants less of: a matching film's score is
    /// multiplied by [`DEMOTE`] per match (it is not removed).
    pub demote_genres: Vec<String>,
    pub demote_people: Vec<String>,
    pub demote_keywords: Vec<String>,
}

impl Default for Filters {
    fn default() -> Self {
        Self {
            genres: Vec::new(),
            year_from: None,
            year_to: None,
            person: None,
            exclude_adult: true,
            boost_genres: Vec::new(),
            boost_keywords: Vec::new(),
            runtime_min: None,
            runtime_max: None,
            languages: Vec::new(),
            exclude_genres: Vec::new(),
            exclude_people: Vec::new(),
            exclude_items: Vec::new(),
            only_items: None,
            certification_max: None,
            min_vote: None,
            hidden_gems: false,
            one_per_collection: true,
            demote_genres: Vec::new(),
            demote_people: Vec::new(),
            demote_keywords: Vec::new(),
        }
    }
}

/// Votes a film needs before its average counts for `min_vote` (a 10.0 from two votes is
/// not "top rated").
pub const MIN_VOTES_FOR_SCORE: i64 = 20;

impl Filters {
    pub fn genre(mut self, g: &str) -> Self {
        self.genres.push(g.to_string());
        self
    }

    pub fn years(mut self, from: Option<i32>, to: Option<i32>) -> Self {
        self.year_from = from;
        self.year_to = to;
        self
    }

    pub fn person(mut self, p: &str) -> Self {
        self.person = Some(p.to_string());
        self
    }
}

/// Multiplier for films that match a mood boost.
const BOOST: f32 = 1.25;

/// `Filters` resolved against one catalog.
#[derive(Clone, Debug)]
pub struct CompiledFilter {
    /// Nothing can match (an unknown genre or an unknown person was asked for).
    pub empty: bool,
    genre_mask: u64,
    year_from: Option<i32>,
    year_to: Option<i32>,
    /// The only items allowed, ascending: the person's films, narrowed to `only_items`.
    person_items: Option<Vec<u32>>,
    exclude_adult: bool,
    boost_mask: u64,
    /// Per item: has one of the boost keywords (None when no keywords were asked for).
    keyword_hits: Option<Arc<Vec<bool>>>,
    exclude_mask: u64,
    /// Item indices ruled out by name (excluded people's films, excluded films), ascending.
    exclude_items: Vec<u32>,
    facts: FactTest,
    one_per_collection: bool,
    demotions: Demotions,
}

/// The conditions on [`ItemFacts`], compiled.
#[derive(Clone, Debug, Default, PartialEq)]
struct FactTest {
    runtime: Option<(u16, u16)>,
    languages: Vec<u16>,
    certification_max: Option<u8>,
    min_vote: Option<f32>,
    max_votes: Option<i64>,
}

impl FactTest {
    fn new(f: &Filters, cat: &Catalog) -> Self {
        let clamp = |m: u32| m.min(u16::MAX as u32) as u16;
        Self {
            runtime: (f.runtime_min.is_some() || f.runtime_max.is_some()).then(|| {
                (
                    f.runtime_min.map_or(1, clamp).max(1),
                    f.runtime_max.map_or(u16::MAX, clamp),
                )
            }),
            // A code that is not two letters matches no film (never an unknown language).
            languages: f
                .languages
                .iter()
                .map(|l| match pack_language(l) {
                    0 => u16::MAX,
                    code => code,
                })
                .collect(),
            // An unknown certification name limits to nothing rather than to anything.
            certification_max: f.certification_max.as_deref().map(|c| {
                match certification_rank(c) {
                    r @ 1..=5 => r,
                    _ => 1,
                }
            }),
            min_vote: f.min_vote,
            max_votes: f.hidden_gems.then_some(cat.gem_max_votes),
        }
    }

    fn is_trivial(&self) -> bool {
        *self == Self::default()
    }

    #[inline]
    fn admits(&self, x: &ItemFacts) -> bool {
        if let Some((lo, hi)) = self.runtime
            && !(lo <= x.runtime && x.runtime <= hi)
        {
            return false;
        }
        if !self.languages.is_empty() && !self.languages.contains(&x.language) {
            return false;
        }
        if let Some(max) = self.certification_max
            && !(1..=max).contains(&x.certification)
        {
            return false;
        }
        if let Some(min) = self.min_vote
            && (x.vote_count < MIN_VOTES_FOR_SCORE || x.vote_average < min)
        {
            return false;
        }
        if let Some(max) = self.max_votes
            && (x.vote_count == 0 || x.vote_count > max)
        {
            return false;
        }
        true
    }
}

impl CompiledFilter {
    pub fn new(f: &Filters, cat: &Catalog) -> Self {
        let mask = cat.genre_mask(&f.genres);
        let mut person_items = f.person.as_deref().map(|p| cat.person_items(p));
        // Only some films: the person's among them, or all of them.
        if let Some(only) = &f.only_items {
            let mut allowed: Vec<u32> = only.iter().filter_map(|&id| cat.index.get(id)).collect();
            allowed.sort_unstable();
            allowed.dedup();
            person_items = Some(match person_items {
                Some(p) => p
                    .into_iter()
                    .filter(|i| allowed.binary_search(i).is_ok())
                    .collect(),
                None => allowed,
            });
        }
        let boost_mask = cat.any_genre_mask(&f.boost_genres);
        let exclude_mask = cat.any_genre_mask(&f.exclude_genres);
        let mut exclude_items: Vec<u32> = f
            .exclude_people
            .iter()
            .filter(|p| !p.trim().is_empty())
            .flat_map(|p| cat.person_items(p))
            .chain(f.exclude_items.iter().filter_map(|&id| cat.index.get(id)))
            .collect();
        exclude_items.sort_unstable();
        exclude_items.dedup();
        Self {
            exclude_mask,
            exclude_items,
            facts: FactTest::new(f, cat),
            one_per_collection: f.one_per_collection,
            demotions: Demotions::new(f, cat),
            empty: mask.is_none() || person_items.as_ref().is_some_and(Vec::is_empty),
            genre_mask: mask.unwrap_or(0),
            year_from: f.year_from,
            year_to: f.year_to,
            person_items,
            exclude_adult: f.exclude_adult,
            boost_mask,
            keyword_hits: {
                let mut keywords: Vec<String> = f
                    .boost_keywords
                    .iter()
                    .map(|k| k.to_lowercase())
                    .filter(|k| !k.is_empty())
                    .collect();
                keywords.sort_unstable();
                keywords.dedup();
                (!keywords.is_empty()).then(|| cat.keyword_hits(keywords))
            },
        }
    }

    pub fn excludes_adult(&self) -> bool {
        self.exclude_adult
    }

    /// Whether a ranked list keeps one film per collection.
    pub fn one_per_collection(&self) -> bool {
        self.one_per_collection
    }

    pub fn has_boost(&self) -> bool {
        self.boost_mask != 0 || self.keyword_hits.is_some() || !self.demotions.is_empty()
    }

    /// Whether the filter restricts anything beyond the adult flag.
    pub fn is_trivial(&self) -> bool {
        !self.empty
            && self.genre_mask == 0
            && self.year_from.is_none()
            && self.year_to.is_none()
            && self.person_items.is_none()
            && self.exclude_mask == 0
            && self.exclude_items.is_empty()
            && self.facts.is_trivial()
    }

    #[inline]
    pub fn allows(&self, cat: &Catalog, i: u32) -> bool {
        if self.empty {
            return false;
        }
        if self.exclude_adult && cat.adult[i as usize] {
            return false;
        }
        if cat.genre_bits[i as usize] & self.genre_mask != self.genre_mask {
            return false;
        }
        if self.year_from.is_some() || self.year_to.is_some() {
            let Some(y) = cat.year[i as usize] else {
                return false;
            };
            if self.year_from.is_some_and(|f| y < f) || self.year_to.is_some_and(|t| y > t) {
                return false;
            }
        }
        if let Some(p) = &self.person_items
            && p.binary_search(&i).is_err()
        {
            return false;
        }
        if cat.genre_bits[i as usize] & self.exclude_mask != 0 {
            return false;
        }
        if self.exclude_items.binary_search(&i).is_ok() {
            return false;
        }
        self.facts.admits(&cat.facts[i as usize])
    }

    /// Marks in `blocked` every film the filter rejects, in one pass per kind of condition
    /// (the adult flag is the caller's). Same verdicts as [`CompiledFilter::allows`].
    pub fn block_rejects(&self, cat: &Catalog, blocked: &mut [bool]) {
        if self.empty {
            blocked.fill(true);
            return;
        }
        let m = self.genre_mask;
        if m != 0 {
            for (b, &g) in blocked.iter_mut().zip(&cat.genre_bits) {
                *b |= g & m != m;
            }
        }
        if self.year_from.is_some() || self.year_to.is_some() {
            let lo = self.year_from.unwrap_or(i32::MIN);
            let hi = self.year_to.unwrap_or(i32::MAX);
            for (b, y) in blocked.iter_mut().zip(&cat.year) {
                *b |= !y.is_some_and(|y| lo <= y && y <= hi);
            }
        }
        if let Some(items) = &self.person_items {
            // Both ascending: walk them together.
            let mut k = 0;
            for (i, b) in blocked.iter_mut().enumerate() {
                while k < items.len() && (items[k] as usize) < i {
                    k += 1;
                }
                *b |= items.get(k) != Some(&(i as u32));
            }
        }
        let x = self.exclude_mask;
        if x != 0 {
            for (b, &g) in blocked.iter_mut().zip(&cat.genre_bits) {
                *b |= g & x != 0;
            }
        }
        for &i in &self.exclude_items {
            blocked[i as usize] = true;
        }
        if !self.facts.is_trivial() {
            for (b, x) in blocked.iter_mut().zip(&cat.facts) {
                *b |= !self.facts.admits(x);
            }
        }
    }

    /// Soft mood boost factor for item `i` times its down-weights (1 when neither was
    /// asked for).
    #[inline]
    pub fn boost(&self, cat: &Catalog, i: u32) -> f32 {
        if !self.has_boost() {
            return 1.0;
        }
        let hit_genre = cat.genre_bits[i as usize] & self.boost_mask != 0;
        let hit_kw = self.keyword_hits.as_ref().is_some_and(|h| h[i as usize]);
        let mood = if hit_genre || hit_kw { BOOST } else { 1.0 };
        if self.demotions.is_empty() {
            mood
        } else {
            mood * self.demotions.factor(cat, i)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::recommend::data::ItemMeta;

    const GENRES: [&str; 4] = ["Action", "Crime", "Drama", "Horror"];
    const PEOPLE: [&str; 3] = ["Keanu Reeves", "Al Pacino", "Sigourney Weaver"];
    const KEYWORDS: [&str; 4] = ["heist", "haunted house", "friendship", "space"];

    /// The names in `from` whose bit is set in `bits`.
    fn pick(bits: u8, from: &[&str]) -> Vec<String> {
        from.iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, s)| s.to_string())
            .collect()
    }

    /// A film from generated bits: which genres, people and keywords it has, and its year.
    fn item(id: i64, bits: u8, people: u8, keywords: u8, year: Option<i32>) -> ItemMeta {
        ItemMeta {
            year,
            genres: pick(bits, &GENRES),
            cast: pick(people, &PEOPLE),
            keywords: pick(keywords, &KEYWORDS),
            adult: bits & 0x80 != 0,
            ..ItemMeta::bare(id)
        }
    }

    /// Facts for a film from generated numbers.
    fn with_facts(mut m: ItemMeta, facts: (u8, u8, u8, u8, u16)) -> ItemMeta {
        let (runtime, lang, cert, vote, votes) = facts;
        m.runtime = (runtime > 0).then_some(runtime as u32);
        m.language = ["en", "ja", "da"].get(lang as usize).map(|s| s.to_string());
        m.certification = ["G", "PG", "PG-13", "R", "NR"]
            .get(cert as usize)
            .map(|s| s.to_string());
        m.vote_average = vote as f32 / 10.0;
        m.vote_count = votes as i64;
        m
    }

    proptest! {
        /// The one-pass mask and the per-item check give the same verdict on every film, and
        /// the remembered keyword hits match a direct search.
        #[test]
        fn block_rejects_agrees_with_allows(
            films in proptest::collection::vec(
                (any::<u8>(), 0u8..8, 0u8..16, proptest::option::of(1980i32..2010),
                 (0u8..200, 0u8..4, 0u8..6, 0u8..100, 0u16..200)),
                1..60,
            ),
            genres in 0u8..16,
            from in proptest::option::of(1980i32..2010),
            to in proptest::option::of(1980i32..2010),
            person in proptest::option::of(prop::sample::select(vec!["Keanu Reeves", "reeves", "nobody"])),
            keywords in 0u8..16,
            runtime in (proptest::option::of(60u32..150), proptest::option::of(60u32..150)),
            languages in proptest::collection::vec(prop::sample::select(vec!["en", "ja", "fr", "x"]), 0..3),
            exclude in (0u8..16, 0u8..8, proptest::collection::vec(1i64..70, 0..4)),
            certification in proptest::option::of(prop::sample::select(vec!["G", "PG", "PG-13", "R", "NC-17", "XX"])),
            vote in (proptest::option::of(0f32..10.0), any::<bool>()),
            only in proptest::option::of(proptest::collection::vec(1i64..70, 0..20)),
        ) {
            let items: Vec<ItemMeta> = films
                .iter()
                .enumerate()
                .map(|(i, &(b, p, k, y, facts))| with_facts(item(i as i64 + 1, b, p, k, y), facts))
                .collect();
            let cat = Catalog::build(items.clone());
            let lower = |v: Vec<String>| -> Vec<String> { v.iter().map(|s| s.to_lowercase()).collect() };
            let filters = Filters {
                genres: lower(pick(genres, &GENRES)),
                year_from: from,
                year_to: to,
                person: person.map(str::to_string),
                boost_keywords: lower(pick(keywords, &KEYWORDS)),
                runtime_min: runtime.0,
                runtime_max: runtime.1,
                languages: languages.iter().map(|s| s.to_string()).collect(),
                exclude_genres: pick(exclude.0, &GENRES),
                exclude_people: pick(exclude.1, &PEOPLE),
                exclude_items: exclude.2.clone(),
                certification_max: certification.map(str::to_string),
                min_vote: vote.0,
                hidden_gems: vote.1,
                only_items: only.clone(),
                ..Filters::default()
            };
            let f = CompiledFilter::new(&filters, &cat);
            let mut blocked = vec![false; cat.len()];
            f.block_rejects(&cat, &mut blocked);
            for (i, &b) in blocked.iter().enumerate() {
                let adult = f.excludes_adult() && cat.adult[i];
                prop_assert_eq!(b || adult, !f.allows(&cat, i as u32));
                let hit = filters
                    .boost_keywords
                    .iter()
                    .any(|k| cat.keywords_lower[i].contains(k.as_str()));
                let expected = if hit { BOOST } else { 1.0 };
                prop_assert_eq!(f.boost(&cat, i as u32), expected);
                // Each new condition, checked from the film's own metadata.
                if f.allows(&cat, i as u32) {
                    let m = &cat.items[i];
                    if filters.runtime_min.is_some() || filters.runtime_max.is_some() {
                        let r = m.runtime.unwrap_or(0);
                        prop_assert!(r > 0);
                        prop_assert!(filters.runtime_min.is_none_or(|lo| r >= lo));
                        prop_assert!(filters.runtime_max.is_none_or(|hi| r <= hi));
                    }
                    if !filters.languages.is_empty() {
                        prop_assert!(m.language.as_ref().is_some_and(|l| filters.languages.contains(l)));
                    }
                    prop_assert!(!m.genres.iter().any(|g| filters.exclude_genres.contains(g)));
                    prop_assert!(!m.cast.iter().any(|p| filters.exclude_people.contains(p)));
                    prop_assert!(!filters.exclude_items.contains(&m.id));
                    if let Some(only) = &filters.only_items {
                        prop_assert!(only.contains(&m.id));
                    }
                    if let Some(max) = &filters.certification_max {
                        let order = ["G", "PG", "PG-13", "R", "NC-17"];
                        let limit = order.iter().position(|c| c == max).unwrap_or(0);
                        let pos = m.certification.as_deref().and_then(|c| order.iter().position(|o| *o == c));
                        prop_assert!(pos.is_some_and(|p| p <= limit));
                    }
                    if let Some(min) = filters.min_vote {
                        prop_assert!(m.vote_average >= min && m.vote_count >= MIN_VOTES_FOR_SCORE);
                    }
                    if filters.hidden_gems {
                        prop_assert!(m.vote_count > 0 && m.vote_count <= cat.gem_max_votes);
                    }
                }
            }
        }
    }
}
