//! Films named by an uploaded file matched to stored films: by IMDb or TMDb id first, then
//! by title and year — case, accents, punctuation and a leading article ("The", "A", "An",
//! "Le", "La", "Les", "Der", "Die", "Das", "El", "Il"...) folded; a year one off accepted
//! when only one film fits; a close spelling accepted among the films of about that year.
//! Several films fitting equally well make the row ambiguous: the user chooses.

use std::collections::HashMap;

use super::titles::normalize;
use crate::domain::MovieId;
use crate::store::MovieRecord;

/// Leading articles dropped before comparing titles (after [`normalize`]).
const ARTICLES: &[&str] = &[
    "the ", "a ", "an ", "le ", "la ", "les ", "der ", "die ", "das ", "el ", "los ", "las ", "il ",
];

/// The most films an ambiguous row offers.
pub const MAX_CANDIDATES: usize = 5;
/// How close a misspelt title must be (normalised Levenshtein similarity).
const FUZZY: f64 = 0.88;

/// A title as compared: normalised, without a leading article.
pub fn title_key(title: &str) -> String {
    let norm = normalize(title);
    for a in ARTICLES {
        if let Some(rest) = norm.strip_prefix(a)
            && !rest.is_empty()
        {
            return rest.to_string();
        }
    }
    norm
}

/// What a row matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowMatch {
    Found(MovieId),
    /// Equally good films, best known first (at most [`MAX_CANDIDATES`]).
    Ambiguous(Vec<MovieId>),
    NotFound,
}

#[derive(Debug, Clone)]
struct Film {
    id: MovieId,
    year: Option<i32>,
    key: String,
    /// Vote count, to order candidates.
    weight: i64,
}

/// The stored films by id and by title key.
#[derive(Debug, Default)]
pub struct FilmMatcher {
    films: Vec<Film>,
    by_imdb: HashMap<String, MovieId>,
    by_tmdb: HashMap<i64, MovieId>,
    by_key: HashMap<String, Vec<usize>>,
    by_year: HashMap<i32, Vec<usize>>,
}

impl FilmMatcher {
    pub fn build<'a>(films: impl IntoIterator<Item = &'a MovieRecord>) -> Self {
        let mut m = Self::default();
        for f in films {
            m.add(f);
        }
        m
    }

    /// Adds a film (one TMDb found while importing).
    pub fn add(&mut self, f: &MovieRecord) {
        if let Some(imdb) = &f.movie.imdb_id {
            self.by_imdb.entry(imdb.clone()).or_insert(f.id);
        }
        if let Some(t) = f.movie.tmdb_id {
            self.by_tmdb.insert(t, f.id);
        }
        let weight = f.movie.vote_count.unwrap_or(0);
        let mut keys = vec![title_key(&f.movie.title)];
        if let Some(o) = &f.movie.original_title {
            keys.push(title_key(o));
        }
        keys.dedup();
        for key in keys.into_iter().filter(|k| !k.is_empty()) {
            let i = self.films.len();
            self.films.push(Film {
                id: f.id,
                year: f.movie.year,
                key: key.clone(),
                weight,
            });
            self.by_key.entry(key).or_default().push(i);
            if let Some(y) = f.movie.year {
                self.by_year.entry(y).or_default().push(i);
            }
        }
    }

    /// The film with this IMDb or TMDb id.
    pub fn by_ids(&self, imdb: Option<&str>, tmdb: Option<i64>) -> Option<MovieId> {
        tmdb.and_then(|t| self.by_tmdb.get(&t))
            .or_else(|| imdb.and_then(|i| self.by_imdb.get(i)))
            .copied()
    }

    /// The film a title (or its original title) and year name.
    pub fn by_title(&self, titles: &[&str], year: Option<i32>) -> RowMatch {
        let mut found: Vec<usize> = Vec::new();
        for t in titles {
            if let Some(hits) = self.by_key.get(&title_key(t)) {
                found.extend(hits);
            }
        }
        let exact = self.pick(&found, year);
        if exact != RowMatch::NotFound {
            return exact;
        }
        match year {
            Some(y) => self.fuzzy(titles, y),
            None => RowMatch::NotFound,
        }
    }

    /// Among films whose title fits: the one of the year, else the one a year off, else (no
    /// year known on either side) the only one.
    fn pick(&self, hits: &[usize], year: Option<i32>) -> RowMatch {
        if hits.is_empty() {
            return RowMatch::NotFound;
        }
        let within = |d: i32| -> Vec<usize> {
            hits.iter()
                .copied()
                .filter(|&i| match (self.films[i].year, year) {
                    (Some(a), Some(b)) => (a - b).abs() <= d,
                    _ => true,
                })
                .collect()
        };
        let same = within(0);
        if !same.is_empty() {
            return self.decide(same);
        }
        self.decide(within(1))
    }

    fn decide(&self, mut hits: Vec<usize>) -> RowMatch {
        hits.sort_by_key(|&i| (std::cmp::Reverse(self.films[i].weight), self.films[i].id));
        let mut ids: Vec<MovieId> = Vec::new();
        for i in hits {
            if !ids.contains(&self.films[i].id) {
                ids.push(self.films[i].id);
            }
        }
        match ids.len() {
            0 => RowMatch::NotFound,
            1 => RowMatch::Found(ids[0]),
            _ => {
                ids.truncate(MAX_CANDIDATES);
                RowMatch::Ambiguous(ids)
            }
        }
    }

    /// A close spelling among the films of `year` ± 1: the best if clearly best.
    fn fuzzy(&self, titles: &[&str], year: i32) -> RowMatch {
        let keys: Vec<String> = titles.iter().map(|t| title_key(t)).collect();
        let mut scored: Vec<(f64, usize)> = Vec::new();
        for y in year - 1..=year + 1 {
            for &i in self.by_year.get(&y).into_iter().flatten() {
                let film = &self.films[i];
                let score = keys
                    .iter()
                    .filter(|k| k.len().abs_diff(film.key.len()) <= k.len() / 4 + 1)
                    .map(|k| strsim::normalized_levenshtein(k, &film.key))
                    .fold(0.0, f64::max);
                let score = if film.year == Some(year) {
                    score
                } else {
                    score - 0.02
                };
                if score >= FUZZY {
                    scored.push((score, i));
                }
            }
        }
        let Some(best) = scored.iter().map(|s| s.0).reduce(f64::max) else {
            return RowMatch::NotFound;
        };
        let top: Vec<usize> = scored
            .iter()
            .filter(|s| s.0 >= best - 0.005)
            .map(|s| s.1)
            .collect();
        self.decide(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{MovieSource, NewMovie};

    fn film(id: i64, title: &str, year: i32) -> MovieRecord {
        MovieRecord {
            id: MovieId(id),
            source: MovieSource::Catalog,
            cached_at: 0,
            movie: NewMovie {
                title: title.into(),
                year: Some(year),
                imdb_id: Some(format!("tt{id:07}")),
                ..NewMovie::default()
            },
        }
    }

    #[test]
    fn titles_years_and_ambiguity() {
        let films = [
            film(1, "Heat", 1995),
            film(2, "Heat", 1986),
            film(3, "The Matrix", 1999),
            film(4, "Amélie", 2001),
            film(5, "Le Samouraï", 1967),
            film(6, "Solaris", 1972),
            film(7, "Solaris", 2002),
            film(8, "Crash", 2004),
            film(9, "Crash", 2004),
            film(10, "The Shawshank Redemption", 1994),
        ];
        let m = FilmMatcher::build(&films);
        let found = |t: &str, y| m.by_title(&[t], y);
        assert_eq!(found("Heat", Some(1995)), RowMatch::Found(MovieId(1)));
        assert_eq!(
            found("heat", Some(1996)),
            RowMatch::Found(MovieId(1)),
            "a year off"
        );
        assert_eq!(
            found("Heat", None),
            RowMatch::Ambiguous(vec![MovieId(1), MovieId(2)])
        );
        assert_eq!(found("Matrix", Some(1999)), RowMatch::Found(MovieId(3)));
        assert_eq!(found("AMELIE", Some(2001)), RowMatch::Found(MovieId(4)));
        assert_eq!(found("Samourai", Some(1967)), RowMatch::Found(MovieId(5)));
        assert_eq!(found("Solaris", Some(2010)), RowMatch::NotFound);
        assert_eq!(
            found("Crash", Some(2004)),
            RowMatch::Ambiguous(vec![MovieId(8), MovieId(9)])
        );
        assert_eq!(
            found("The Shawshenk Redemption", Some(1994)),
            RowMatch::Found(MovieId(10)),
            "a typo"
        );
        assert_eq!(found("Shawshank", None), RowMatch::NotFound);
        assert_eq!(m.by_ids(Some("tt0000003"), None), Some(MovieId(3)));
        assert_eq!(m.by_ids(Some("tt9999999"), None), None);
    }
}
