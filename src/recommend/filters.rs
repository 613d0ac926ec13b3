//! What the caller asks for (`Filters`) and its compiled form that ranking checks per
//! candidate. Filters are applied while scoring, before top-k, so "90s horror" returns ten
//! 90s horror films rather than whatever survived a fixed list.

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
    boost_keywords: Vec<String>,
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
            boost_keywords: f
                .boost_keywords
                .iter()
                .map(|k| k.to_lowercase())
                .filter(|k| !k.is_empty())
                .collect(),
        }
    }

    pub fn excludes_adult(&self) -> bool {
        self.exclude_adult
    }

    pub fn has_boost(&self) -> bool {
        self.boost_mask != 0 || !self.boost_keywords.is_empty()
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

    /// Soft mood boost factor for item `i` (1 when no boosts were asked for).
    #[inline]
    pub fn boost(&self, cat: &Catalog, i: u32) -> f32 {
        if self.boost_mask == 0 && self.boost_keywords.is_empty() {
            return 1.0;
        }
        let hit_genre = cat.genre_bits[i as usize] & self.boost_mask != 0;
        // Boost keywords hold no U+001F, so no match spans two of the item's keywords.
        let hit_kw = !self.boost_keywords.is_empty() && {
            let kws = &cat.keywords_lower[i as usize];
            self.boost_keywords.iter().any(|b| kws.contains(b.as_str()))
        };
        if hit_genre || hit_kw { BOOST } else { 1.0 }
    }
}
