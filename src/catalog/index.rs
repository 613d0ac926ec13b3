//! An in-memory index of every stored film's title and every credited person, for resolving
//! the user's words ("movies like alien", "with keanu reeves", typos included) and for
//! autocomplete. Built from the store at start and rebuilt with the recommender's model; the
//! chat core answers its parser's `Lexicon` with it (`chat/library/lexicon.rs`).

use std::collections::HashMap;

use super::titles::normalize;
use crate::domain::MovieId;
use crate::store::MovieRecord;

/// One indexed film.
#[derive(Debug, Clone)]
pub struct IndexedFilm {
    pub id: MovieId,
    pub tmdb_id: Option<i64>,
    pub title: String,
    pub year: Option<i32>,
    /// Vote count (or a small stand-in), to prefer the film people mean.
    pub weight: f64,
    norm: String,
}

#[derive(Debug, Clone)]
struct Person {
    name: String,
    films: u32,
}

#[derive(Debug, Default)]
pub struct TitleIndex {
    films: Vec<IndexedFilm>,
    /// Normalised title (and the title without a leading article) → films.
    by_norm: HashMap<String, Vec<usize>>,
    /// Films sorted by normalised title, for prefix completion.
    sorted: Vec<usize>,
    /// For typo matching: first byte of the article-less title → (its length, film), sorted,
    /// so a lookup only compares titles that could be within 3 edits.
    fuzzy: HashMap<u8, Vec<(usize, usize)>>,
    /// Per film: its article-less title's character count and [`char_classes`].
    shape: Vec<(usize, u64)>,
    /// For shortened titles ("shawshank" for The Shawshank Redemption): first byte of the
    /// article-less title → (byte length of its first one to four words, film), sorted. Only
    /// leading words of five bytes or more, and never the whole title.
    leads: HashMap<u8, Vec<(usize, usize)>>,
    people: HashMap<String, Person>,
    /// For near spellings of names: first byte of a person's key → (key length, key), sorted,
    /// so a lookup compares only names that start alike and are within two letters' length.
    people_fuzzy: HashMap<u8, Vec<(usize, String)>>,
    /// Last names naming exactly one well-credited person ("nolan" → Christopher Nolan).
    surnames: HashMap<String, String>,
}

/// Which kinds of character a string holds, one bit each: `a`–`z`, `0`–`9`, space, and one
/// shared bit for anything else. Every kind one string has and the other lacks costs at least
/// one edit, which bounds the edit distance from below without computing it.
fn char_classes(s: &str) -> u64 {
    s.chars().fold(0, |m, c| {
        m | 1u64
            << match c {
                'a'..='z' => c as u32 - 'a' as u32,
                '0'..='9' => 26 + c as u32 - '0' as u32,
                ' ' => 36,
                _ => 37,
            }
    })
}

/// A normalised title without its leading article ("the matrix" → "matrix").
pub fn strip_article(norm: &str) -> &str {
    for a in ["the ", "a ", "an "] {
        if let Some(rest) = norm.strip_prefix(a)
            && !rest.is_empty()
        {
            return rest;
        }
    }
    norm
}

impl TitleIndex {
    pub fn build(movies: &[MovieRecord]) -> Self {
        let mut idx = TitleIndex::default();
        let mut people: HashMap<String, Person> = HashMap::new();
        for m in movies {
            let norm = normalize(&m.movie.title);
            if norm.is_empty() {
                continue;
            }
            let i = idx.films.len();
            let weight = Self::weight(m);
            idx.by_norm.entry(norm.clone()).or_default().push(i);
            let bare = strip_article(&norm);
            if bare != norm {
                idx.by_norm.entry(bare.to_string()).or_default().push(i);
            }
            for name in m.movie.cast.iter().chain(m.movie.director.iter()) {
                for single in name.split(" & ") {
                    let key = normalize(single);
                    if key.len() >= 3 {
                        people
                            .entry(key)
                            .or_insert_with(|| Person {
                                name: single.trim().to_string(),
                                films: 0,
                            })
                            .films += 1;
                    }
                }
            }
            idx.films.push(IndexedFilm {
                id: m.id,
                tmdb_id: m.movie.tmdb_id,
                title: m.movie.title.clone(),
                year: m.movie.year,
                weight,
                norm,
            });
        }
        let mut sorted: Vec<usize> = (0..idx.films.len()).collect();
        sorted.sort_by(|&a, &b| idx.films[a].norm.cmp(&idx.films[b].norm));
        idx.sorted = sorted;
        for (i, f) in idx.films.iter().enumerate() {
            let bare = strip_article(&f.norm);
            idx.shape.push((bare.chars().count(), char_classes(bare)));
            idx.fuzzy
                .entry(bare.as_bytes()[0])
                .or_default()
                .push((bare.len(), i));
            for (end, _) in bare.match_indices(' ').take(4) {
                if end >= 5 {
                    idx.leads
                        .entry(bare.as_bytes()[0])
                        .or_default()
                        .push((end, i));
                }
            }
        }
        for bucket in idx.fuzzy.values_mut().chain(idx.leads.values_mut()) {
            bucket.sort_unstable();
        }
        let mut surname_count: HashMap<String, Vec<String>> = HashMap::new();
        for (key, p) in &people {
            if p.films >= 2
                && let Some(last) = key.rsplit(' ').next()
                && last.len() >= 4
                && last != key
            {
                surname_count
                    .entry(last.to_string())
                    .or_default()
                    .push(p.name.clone());
            }
        }
        idx.surnames = surname_count
            .into_iter()
            .filter(|(_, v)| v.len() == 1)
            .map(|(k, mut v)| (k, v.remove(0)))
            .collect();
        for key in people.keys() {
            idx.people_fuzzy
                .entry(key.as_bytes()[0])
                .or_default()
                .push((key.len(), key.clone()));
        }
        for bucket in idx.people_fuzzy.values_mut() {
            bucket.sort_unstable();
        }
        idx.people = people;
        idx
    }

    /// How strongly a title names this film rather than another of the same name.
    pub fn weight(m: &MovieRecord) -> f64 {
        m.movie.vote_count.unwrap_or(0) as f64
            + m.movie.popularity.unwrap_or(0.0)
            + if m.movie.tmdb_id.is_some() { 1.0 } else { 0.0 }
    }

    pub fn len(&self) -> usize {
        self.films.len()
    }

    pub fn is_empty(&self) -> bool {
        self.films.is_empty()
    }

    /// The best film for an exact (normalised) title, most voted first.
    pub fn exact(&self, words: &str) -> Option<&IndexedFilm> {
        let norm = normalize(words);
        let hits = self
            .by_norm
            .get(&norm)
            .or_else(|| self.by_norm.get(strip_article(&norm)))?;
        hits.iter()
            .map(|&i| &self.films[i])
            .max_by(|a, b| a.weight.total_cmp(&b.weight).then(b.id.cmp(&a.id)))
    }

    /// Every film with exactly this (normalised) title, or with it after a leading article.
    pub fn exact_all(&self, words: &str) -> Vec<&IndexedFilm> {
        let norm = normalize(words);
        self.by_norm
            .get(&norm)
            .or_else(|| self.by_norm.get(strip_article(&norm)))
            .map(|hits| hits.iter().map(|&i| &self.films[i]).collect())
            .unwrap_or_default()
    }

    /// Exact match, else the closest title by edit similarity (typos), else None.
    pub fn find(&self, words: &str) -> Option<(&IndexedFilm, bool)> {
        if let Some(f) = self.exact(words) {
            return Some((f, true));
        }
        let norm = normalize(words);
        if norm.len() < 4 {
            return None;
        }
        let bare = strip_article(&norm);
        let bucket = self.fuzzy.get(&bare.as_bytes()[0])?;
        let from = bucket.partition_point(|&(len, _)| len + 3 < bare.len());
        let to = bucket.partition_point(|&(len, _)| len <= bare.len() + 3);
        let (chars, classes) = (bare.chars().count(), char_classes(bare));
        // (score, film index): on equal scores the earlier film wins, as in catalog order.
        let mut best: Option<(f64, usize)> = None;
        for &(_, i) in &bucket[from..to] {
            // Skip titles whose kinds of character alone rule out a similarity of 0.8.
            let (cand_chars, cand_classes) = self.shape[i];
            let at_least = (classes & !cand_classes)
                .count_ones()
                .max((cand_classes & !classes).count_ones());
            if 1.0 - at_least as f64 / (chars.max(cand_chars) as f64) < 0.8 {
                continue;
            }
            let cand = strip_article(&self.films[i].norm);
            let sim = strsim::normalized_levenshtein(cand, bare);
            if sim >= 0.8 {
                let score = sim + (self.films[i].weight + 1.0).ln() * 0.002;
                if best.is_none_or(|(s, j)| score > s || (score == s && i < j)) {
                    best = Some((score, i));
                }
            }
        }
        best.or_else(|| self.lead_match(bare))
            .map(|(_, i)| (&self.films[i], false))
    }

    /// A title's leading words said for the whole ("shawshank", "lord of the rings"), typos
    /// included: (score, film) of the closest, as [`TitleIndex::find`] scores titles.
    fn lead_match(&self, bare: &str) -> Option<(f64, usize)> {
        if bare.len() < 5 {
            return None;
        }
        let bucket = self.leads.get(&bare.as_bytes()[0])?;
        let from = bucket.partition_point(|&(len, _)| len + 2 < bare.len());
        let to = bucket.partition_point(|&(len, _)| len <= bare.len() + 2);
        let mut best: Option<(f64, usize)> = None;
        for &(len, i) in &bucket[from..to] {
            let lead = &strip_article(&self.films[i].norm)[..len];
            let sim = strsim::normalized_levenshtein(lead, bare);
            if sim >= 0.8 {
                let score = sim + (self.films[i].weight + 1.0).ln() * 0.002;
                if best.is_none_or(|(s, j)| score > s || (score == s && i < j)) {
                    best = Some((score, i));
                }
            }
        }
        best
    }

    /// Titles starting with `prefix` (then containing it), most voted first.
    pub fn complete(&self, prefix: &str, limit: usize) -> Vec<&IndexedFilm> {
        let p = normalize(prefix);
        if p.is_empty() {
            let mut all: Vec<&IndexedFilm> = self.films.iter().collect();
            all.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            all.truncate(limit);
            return all;
        }
        let start = self
            .sorted
            .partition_point(|&i| self.films[i].norm.as_str() < p.as_str());
        let mut hits: Vec<&IndexedFilm> = self.sorted[start..]
            .iter()
            .map(|&i| &self.films[i])
            .take_while(|f| f.norm.starts_with(&p))
            .collect();
        hits.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        if hits.len() < limit {
            let mut more: Vec<&IndexedFilm> = self
                .films
                .iter()
                .filter(|f| !f.norm.starts_with(&p) && f.norm.contains(&p))
                .collect();
            more.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            hits.extend(more);
        }
        hits.truncate(limit);
        hits
    }

    /// A credited person by full name or unambiguous surname, no near spellings.
    pub fn exact_person(&self, words: &str) -> Option<String> {
        self.person_exact(&normalize(words))
    }

    /// [`TitleIndex::exact_person`] for an already normalised key.
    fn person_exact(&self, key: &str) -> Option<String> {
        if key.len() < 3 {
            return None;
        }
        self.people
            .get(key)
            .map(|p| p.name.clone())
            .or_else(|| self.surnames.get(key).cloned())
    }

    /// A credited person by full name, unambiguous surname, or a near spelling.
    pub fn person(&self, words: &str) -> Option<(String, bool)> {
        let key = normalize(words);
        if let Some(name) = self.person_exact(&key) {
            return Some((name, true));
        }
        if key.len() < 6 || !key.contains(' ') {
            return None;
        }
        // People rarely mistype a name's first letter, and Jaro-Winkler weighs the start.
        let bucket = self.people_fuzzy.get(&key.as_bytes()[0])?;
        let from = bucket.partition_point(|(len, _)| len + 2 < key.len());
        let to = bucket.partition_point(|(len, _)| *len <= key.len() + 2);
        bucket[from..to]
            .iter()
            .filter_map(|(_, k)| self.people.get(k).map(|p| (k, p)))
            .map(|(k, p)| (strsim::jaro_winkler(k, &key), p))
            .filter(|(s, _)| *s >= 0.94)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.films.cmp(&b.1.films)))
            .map(|(_, p)| (p.name.clone(), false))
    }

    pub fn film(&self, id: MovieId) -> Option<&IndexedFilm> {
        self.films.iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{MovieSource, NewMovie};

    fn rec(id: i64, title: &str, year: i32, votes: i64, cast: &[&str]) -> MovieRecord {
        MovieRecord {
            id: MovieId(id),
            source: MovieSource::Catalog,
            cached_at: 0,
            movie: NewMovie {
                tmdb_id: Some(id),
                title: title.into(),
                year: Some(year),
                vote_count: Some(votes),
                cast: cast.iter().map(|s| s.to_string()).collect(),
                ..NewMovie::default()
            },
        }
    }

    fn index() -> TitleIndex {
        TitleIndex::build(&[
            rec(
                348,
                "Alien",
                1979,
                14000,
                &["Sigourney Weaver", "Tom Skerritt"],
            ),
            rec(
                679,
                "Aliens",
                1986,
                9000,
                &["Sigourney Weaver", "Michael Biehn"],
            ),
            rec(8077, "Alien³", 1992, 5000, &["Sigourney Weaver"]),
            rec(
                155,
                "The Dark Knight",
                2008,
                30000,
                &["Christian Bale", "Heath Ledger"],
            ),
            rec(
                1637,
                "Speed",
                1994,
                6000,
                &["Keanu Reeves", "Sandra Bullock"],
            ),
            rec(
                603,
                "The Matrix",
                1999,
                24000,
                &["Keanu Reeves", "Carrie-Anne Moss"],
            ),
        ])
    }

    proptest::proptest! {
        /// The typo prefilter never skips a title a real edit distance would keep.
        #[test]
        fn char_classes_bound_the_edit_distance(a in "[a-e0-2 é]{0,12}", b in "[a-e0-2 ü]{0,12}") {
            let (ca, cb) = (char_classes(&a), char_classes(&b));
            let at_least = (ca & !cb).count_ones().max((cb & !ca).count_ones()) as usize;
            proptest::prop_assert!(at_least <= strsim::levenshtein(&a, &b));
        }
    }

    #[test]
    fn exact_titles_win_over_sequels() {
        let idx = index();
        assert_eq!(idx.find("alien").unwrap().0.title, "Alien");
        assert!(idx.find("alien").unwrap().1);
        assert_eq!(idx.find("Aliens").unwrap().0.title, "Aliens");
        assert_eq!(idx.find("dark knight").unwrap().0.title, "The Dark Knight");
    }

    #[test]
    fn typos_resolve_fuzzily() {
        let idx = index();
        let (f, exact) = idx.find("the dark nkight").unwrap();
        assert_eq!((f.title.as_str(), exact), ("The Dark Knight", false));
        assert!(idx.find("zorblax quintet").is_none());
    }

    #[test]
    fn shortened_titles_resolve_by_their_leading_words() {
        let idx = TitleIndex::build(&[
            rec(
                278,
                "The Shawshank Redemption",
                1994,
                26000,
                &["Tim Robbins"],
            ),
            rec(
                120,
                "The Lord of the Rings: The Fellowship of the Ring",
                2001,
                24000,
                &[],
            ),
            rec(348, "Alien", 1979, 14000, &[]),
        ]);
        for words in ["shawshank", "shawshenk", "the shawshank"] {
            let (f, exact) = idx.find(words).unwrap();
            assert_eq!(
                (f.title.as_str(), exact),
                ("The Shawshank Redemption", false),
                "{words}"
            );
        }
        let (f, _) = idx.find("lord of the rings").unwrap();
        assert_eq!(f.title, "The Lord of the Rings: The Fellowship of the Ring");
        assert!(
            idx.find("lord").is_none(),
            "too short to be a title's start"
        );
        assert!(idx.find("redemption").is_none(), "only leading words");
    }

    #[test]
    fn people_by_name_surname_and_typo() {
        let idx = index();
        assert_eq!(idx.person("keanu reeves").unwrap().0, "Keanu Reeves");
        assert_eq!(
            idx.person("weaver").unwrap(),
            ("Sigourney Weaver".into(), true)
        );
        assert_eq!(
            idx.person("keanu reevs").unwrap(),
            ("Keanu Reeves".into(), false)
        );
        assert!(idx.person("nobody atall").is_none());
    }

    #[test]
    fn completes_prefixes_by_popularity() {
        let idx = index();
        let titles: Vec<&str> = idx
            .complete("ali", 10)
            .iter()
            .map(|f| f.title.as_str())
            .collect();
        assert_eq!(titles, vec!["Alien", "Aliens", "Alien³"]);
        let titles: Vec<&str> = idx
            .complete("matr", 10)
            .iter()
            .map(|f| f.title.as_str())
            .collect();
        assert_eq!(titles, vec!["The Matrix"], "substring after the article");
    }
}
