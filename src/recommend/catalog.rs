//! The item side of a fitted model: metadata in index order, id lookup, genre bitmasks,
//! a person → films index, and per-item popularity and recency priors.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::data::ItemMeta;
use super::ids::IdIndex;
use super::tfidf::phrase;

#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Metadata sorted by id; position = item index.
    pub items: Vec<ItemMeta>,
    pub index: IdIndex,
    /// Lower-cased genre name → bit in `genre_bits` (the first 64 distinct genres).
    pub genre_bit: HashMap<String, u8>,
    pub genre_bits: Vec<u64>,
    /// Lower-cased person (cast or director) → item indices, ascending.
    pub people: HashMap<String, Vec<u32>>,
    /// Rating count, plus < 1 from metadata popularity to order equal counts.
    pub popularity: Vec<f32>,
    /// ln(1+count)/ln(1+max count), in [0, 1].
    pub popularity_norm: Vec<f32>,
    /// Release year scaled to [0, 1] over the catalog (0 when unknown).
    pub recency: Vec<f32>,
    /// Hot per-candidate fields copied out of `items` so filtering stays in cache.
    pub adult: Vec<bool>,
    pub any_adult: bool,
    pub year: Vec<Option<i32>>,
    /// Each item's keywords lowercased and joined by U+001F, for mood-keyword boosts.
    pub keywords_lower: Vec<String>,
    /// Facts the chat's filters check, per item (see [`ItemFacts`]).
    pub facts: Vec<ItemFacts>,
    /// Whether any item belongs to a collection (else variety costs nothing).
    pub any_collection: bool,
    /// The most votes a "hidden gem" may have: the median vote count of the films that have
    /// votes.
    pub gem_max_votes: i64,
    keyword_memo: KeywordMemo,
}

/// Per-item facts for runtime, language, certification, score and collection filters,
/// packed small (the hot loop of a filtered request reads them for every film).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ItemFacts {
    /// Minutes; 0 when unknown.
    pub runtime: u16,
    /// Two ASCII letters packed big-endian; 0 when unknown.
    pub language: u16,
    /// [`certification_rank`]; 0 when unknown.
    pub certification: u8,
    /// TMDb vote average (0–10); 0 when unknown.
    pub vote_average: f32,
    pub vote_count: i64,
    /// 1-based collection number within this catalog; 0 for none.
    pub collection: u32,
}

/// A language code packed as in [`ItemFacts::language`]; 0 for anything but two letters.
pub fn pack_language(code: &str) -> u16 {
    match code.as_bytes() {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            u16::from_be_bytes([a.to_ascii_lowercase(), b.to_ascii_lowercase()])
        }
        _ => 0,
    }
}

/// The US certifications in order of strictness: G = 1 … NC-17 = 5; "NR" (unrated) = 6,
/// which no limit admits; 0 for unknown.
pub fn certification_rank(c: &str) -> u8 {
    match c.trim().to_ascii_uppercase().as_str() {
        "G" => 1,
        "PG" => 2,
        "PG-13" => 3,
        "R" => 4,
        "NC-17" => 5,
        "NR" | "NOT RATED" | "UNRATED" => 6,
        _ => 0,
    }
}

/// Sets of boost keywords already matched against this catalog (moods ask for the same few
/// sets again and again), each with its per-item hits.
#[derive(Debug, Default)]
struct KeywordMemo(Mutex<HashMap<Vec<String>, Arc<Vec<bool>>>>);

/// Keyword sets remembered before the memo starts over.
const KEYWORD_MEMO_CAP: usize = 64;

impl Clone for KeywordMemo {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl Catalog {
    /// `items` need not be sorted; duplicate ids keep the first entry.
    pub fn build(mut items: Vec<ItemMeta>) -> Self {
        items.sort_by_key(|m| m.id);
        items.dedup_by_key(|m| m.id);
        let index = IdIndex::new(&items.iter().map(|m| m.id).collect::<Vec<_>>());
        let mut genre_bit: HashMap<String, u8> = HashMap::new();
        let mut genre_bits = Vec::with_capacity(items.len());
        let mut people: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, m) in items.iter().enumerate() {
            let mut bits = 0u64;
            for g in &m.genres {
                let key = phrase(g);
                let next = genre_bit.len();
                if let Some(&b) = genre_bit.get(&key) {
                    bits |= 1 << b;
                } else if next < 64 {
                    genre_bit.insert(key, next as u8);
                    bits |= 1 << next;
                }
            }
            genre_bits.push(bits);
            for p in m.cast.iter().chain(m.director.iter()) {
                let list = people.entry(phrase(p)).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        let years: Vec<i32> = items.iter().filter_map(|m| m.year).collect();
        let (lo, hi) = (
            years.iter().copied().min().unwrap_or(0),
            years.iter().copied().max().unwrap_or(0),
        );
        let recency = items
            .iter()
            .map(|m| match m.year {
                Some(y) if hi > lo => (y - lo) as f32 / (hi - lo) as f32,
                _ => 0.0,
            })
            .collect();
        let n = items.len();
        let adult: Vec<bool> = items.iter().map(|m| m.adult).collect();
        let any_adult = adult.iter().any(|&a| a);
        let year = items.iter().map(|m| m.year).collect();
        let keywords_lower = items
            .iter()
            .map(|m| m.keywords.join("\u{1f}").to_lowercase())
            .collect();
        let mut collections: HashMap<String, u32> = HashMap::new();
        let facts: Vec<ItemFacts> = items
            .iter()
            .map(|m| ItemFacts {
                runtime: m.runtime.map_or(0, |r| r.min(u16::MAX as u32) as u16),
                language: m.language.as_deref().map_or(0, pack_language),
                certification: m.certification.as_deref().map_or(0, certification_rank),
                vote_average: m.vote_average,
                vote_count: m.vote_count,
                collection: m
                    .collection
                    .as_deref()
                    .map(phrase)
                    .filter(|c| !c.is_empty())
                    .map_or(0, |c| {
                        let next = collections.len() as u32 + 1;
                        *collections.entry(c).or_insert(next)
                    }),
            })
            .collect();
        let mut votes: Vec<i64> = facts
            .iter()
            .map(|f| f.vote_count)
            .filter(|&v| v > 0)
            .collect();
        votes.sort_unstable();
        let gem_max_votes = votes.get(votes.len() / 2).copied().unwrap_or(0);
        Self {
            any_collection: !collections.is_empty(),
            facts,
            gem_max_votes,
            keywords_lower,
            keyword_memo: KeywordMemo::default(),
            adult,
            any_adult,
            year,
            items,
            index,
            genre_bit,
            genre_bits,
            people,
            popularity: vec![0.0; n],
            popularity_norm: vec![0.0; n],
            recency,
        }
    }

    /// Sets popularity from rating counts per item index.
    pub fn set_counts(&mut self, counts: &[usize]) {
        let max_meta = self.items.iter().map(|m| m.popularity).fold(0f32, f32::max);
        for (i, &c) in counts.iter().enumerate() {
            let meta = if max_meta > 0.0 {
                0.5 * self.items[i].popularity.max(0.0) / max_meta
            } else {
                0.0
            };
            self.popularity[i] = c as f32 + meta;
        }
        // Normalised on the same blend, so a bot with no ratings yet (catalog only) still
        // breaks ties by TMDb popularity instead of by id order.
        let max_pop = self.popularity.iter().copied().fold(0f32, f32::max);
        for (p, norm) in self.popularity.iter().zip(self.popularity_norm.iter_mut()) {
            *norm = if max_pop > 0.0 {
                p.ln_1p() / max_pop.ln_1p()
            } else {
                0.0
            };
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Bits of the named genres; None when one is unknown (nothing can match it).
    /// The bits of those of `genres` the catalog knows (unknown names are left out).
    pub fn any_genre_mask(&self, genres: &[String]) -> u64 {
        genres
            .iter()
            .filter_map(|g| self.genre_bit.get(&phrase(g)).map(|&b| 1u64 << b))
            .fold(0, |a, b| a | b)
    }

    pub fn genre_mask(&self, genres: &[String]) -> Option<u64> {
        genres.iter().try_fold(0u64, |m, g| {
            self.genre_bit.get(&phrase(g)).map(|&b| m | (1 << b))
        })
    }

    /// Items of every indexed person whose name equals or contains the query.
    pub fn person_items(&self, query: &str) -> Vec<u32> {
        let q = phrase(query);
        let mut out: Vec<u32> = match self.people.get(&q) {
            Some(list) => list.clone(),
            None if q.is_empty() => Vec::new(),
            None => self
                .people
                .iter()
                .filter(|(name, _)| name.contains(&q))
                .flat_map(|(_, l)| l.iter().copied())
                .collect(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Per item: whether its keywords contain any of `keywords` (lower-case, no U+001F, so
    /// no match spans two of an item's keywords). Remembered per keyword set.
    pub fn keyword_hits(&self, keywords: Vec<String>) -> Arc<Vec<bool>> {
        if let Some(hits) = self
            .keyword_memo
            .0
            .lock()
            .ok()
            .and_then(|m| m.get(&keywords).cloned())
        {
            return hits;
        }
        let hits: Arc<Vec<bool>> = Arc::new(
            self.keywords_lower
                .iter()
                .map(|kws| keywords.iter().any(|k| kws.contains(k.as_str())))
                .collect(),
        );
        if let Ok(mut memo) = self.keyword_memo.0.lock() {
            if memo.len() >= KEYWORD_MEMO_CAP {
                memo.clear();
            }
            memo.insert(keywords, hits.clone());
        }
        hits
    }

    /// Display name of a genre bit's first spelling.
    pub fn genre_name(&self, bit: u8) -> Option<&str> {
        self.genre_bit
            .iter()
            .find(|(_, b)| **b == bit)
            .map(|(n, _)| n.as_str())
    }
}
