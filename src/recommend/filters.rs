//! What the caller asks for (`Filters`) and its compiled form that ranking checks per
//! candidate. Filters are applied while scoring, before top-k, so "90s horror" returns ten
//! 90s horror films rather than whatever survived a fixed list.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::catalog::Catalog;

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
        }
    }
}

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
    person_items: Option<Vec<u32>>,
    exclude_adult: bool,
    boost_mask: u64,
    /// Per item: has one of the boost keywords (None when no keywords were asked for).
    keyword_hits: Option<Arc<Vec<bool>>>,
}

impl CompiledFilter {
    pub fn new(f: &Filters, cat: &Catalog) -> Self {
        let mask = cat.genre_mask(&f.genres);
        let person_items = f.person.as_deref().map(|p| cat.person_items(p));
        let boost_mask = f
            .boost_genres
            .iter()
            .filter_map(|g| cat.genre_mask(std::slice::from_ref(g)))
            .fold(0, |a, b| a | b);
        Self {
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

    pub fn has_boost(&self) -> bool {
        self.boost_mask != 0 || self.keyword_hits.is_some()
    }

    /// Whether the filter restricts anything beyond the adult flag.
    pub fn is_trivial(&self) -> bool {
        !self.empty
            && self.genre_mask == 0
            && self.year_from.is_none()
            && self.year_to.is_none()
            && self.person_items.is_none()
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
        true
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
    }

    /// Soft mood boost factor for item `i` (1 when no boosts were asked for).
    #[inline]
    pub fn boost(&self, cat: &Catalog, i: u32) -> f32 {
        if !self.has_boost() {
            return 1.0;
        }
        let hit_genre = cat.genre_bits[i as usize] & self.boost_mask != 0;
        let hit_kw = self.keyword_hits.as_ref().is_some_and(|h| h[i as usize]);
        if hit_genre || hit_kw { BOOST } else { 1.0 }
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

    proptest! {
        /// The one-pass mask and the per-item check give the same verdict on every film, and
        /// the remembered keyword hits match a direct search.
        #[test]
        fn block_rejects_agrees_with_allows(
            films in proptest::collection::vec(
                (any::<u8>(), 0u8..8, 0u8..16, proptest::option::of(1980i32..2010)),
                1..60,
            ),
            genres in 0u8..16,
            from in proptest::option::of(1980i32..2010),
            to in proptest::option::of(1980i32..2010),
            person in proptest::option::of(prop::sample::select(vec!["Keanu Reeves", "reeves", "nobody"])),
            keywords in 0u8..16,
        ) {
            let items: Vec<ItemMeta> = films
                .iter()
                .enumerate()
                .map(|(i, &(b, p, k, y))| item(i as i64 + 1, b, p, k, y))
                .collect();
            let cat = Catalog::build(items);
            let lower = |v: Vec<String>| -> Vec<String> { v.iter().map(|s| s.to_lowercase()).collect() };
            let filters = Filters {
                genres: lower(pick(genres, &GENRES)),
                year_from: from,
                year_to: to,
                person: person.map(str::to_string),
                boost_keywords: lower(pick(keywords, &KEYWORDS)),
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
            }
        }
    }
}
