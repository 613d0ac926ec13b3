//! TMDb lists that complete a short local answer: `/discover/movie` for genre, year and mood
//! requests the catalog cannot fill ("2025 horror films"), and a film's recommendations and
//! similar titles for "movies like X" when the model does not know X yet.

use std::sync::Arc;

use super::Films;
use crate::catalog::genres::TMDB_GENRES;
use crate::recommend::Filters;
use crate::recommend::catalog::certification_rank;
use crate::recommend::filters::MIN_VOTES_FOR_SCORE;
use crate::recommend::tfidf::phrase;
use crate::store::MovieRecord;
use crate::tmdb::{Discover, TimeWindow};

/// Discover ignores films with fewer votes: TMDb holds many near-empty entries.
const DISCOVER_MIN_VOTES: u32 = 5;

/// A film's related films, as the library holds them.
#[derive(Debug, Clone, Default)]
pub struct RelatedFilms {
    pub recommended: Vec<Arc<MovieRecord>>,
    pub similar: Vec<Arc<MovieRecord>>,
}

/// TMDb's discover parameters for `filters`; `None` when a genre has no TMDb id or the filters
/// ask for nothing discover can narrow (a person is answered from their credits instead).
pub fn discover_params(filters: &Filters, page: u32) -> Option<Discover> {
    let with_genres = filters
        .genres
        .iter()
        .map(|g| tmdb_genre(g))
        .collect::<Option<Vec<i64>>>()?;
    let without_genres: Vec<i64> = filters
        .exclude_genres
        .iter()
        .filter_map(|g| tmdb_genre(g))
        .collect();
    // Discover takes one original language; several are checked on the results instead.
    let original_language = match filters.languages.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    };
    let narrows = !with_genres.is_empty()
        || filters.year_from.is_some()
        || filters.year_to.is_some()
        || original_language.is_some()
        || filters.runtime_min.is_some()
        || filters.runtime_max.is_some()
        || filters.certification_max.is_some()
        || filters.min_vote.is_some();
    if !narrows {
        return None;
    }
    Some(Discover {
        with_genres,
        without_genres,
        release_gte: filters.year_from.map(|y| format!("{y:04}-01-01")),
        release_lte: filters.year_to.map(|y| format!("{y:04}-12-31")),
        vote_count_gte: Some(if filters.min_vote.is_some() {
            MIN_VOTES_FOR_SCORE as u32
        } else {
            DISCOVER_MIN_VOTES
        }),
        vote_count_lte: filters.hidden_gems.then_some(HIDDEN_GEM_MAX_VOTES),
        vote_average_gte: filters.min_vote,
        runtime_gte: filters.runtime_min,
        runtime_lte: filters.runtime_max,
        original_language,
        certification_lte: filters
            .certification_max
            .clone()
            .map(|c| ("US".to_owned(), c)),
        sort_by: filters
            .min_vote
            .is_some()
            .then(|| "vote_average.desc".to_owned()),
        page: Some(page.max(1)),
        ..Discover::default()
    })
}

/// The most votes a TMDb film may have to count as a hidden gem when discover fills a list.
const HIDDEN_GEM_MAX_VOTES: u32 = 1_500;

fn tmdb_genre(name: &str) -> Option<i64> {
    TMDB_GENRES
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(name))
        .map(|(id, _)| *id)
}

/// How to treat a fact a film's row does not have (a list item carries no runtime, cast or
/// certification until its details are fetched).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// It fails any condition on it: the film is left out.
    Fails,
    /// It passes: TMDb's discover already applied the runtime and certification limits.
    DiscoverChecked,
}

/// Whether a film satisfies the hard filters (every genre, the year range, not adult, the
/// runtime, language, certification and score limits, nothing excluded). The person is not
/// checked: lists for a person come from their own credits.
pub fn satisfies(filters: &Filters, m: &MovieRecord) -> bool {
    satisfies_with(filters, m, Unknown::Fails)
}

pub fn satisfies_with(filters: &Filters, m: &MovieRecord, unknown: Unknown) -> bool {
    let mv = &m.movie;
    let trust = unknown == Unknown::DiscoverChecked;
    if filters.exclude_adult && mv.adult {
        return false;
    }
    let has = |g: &String| mv.genres.iter().any(|h| h.eq_ignore_ascii_case(g));
    if !filters.genres.iter().all(has) || filters.exclude_genres.iter().any(has) {
        return false;
    }
    let years_ok = match (filters.year_from, filters.year_to) {
        (None, None) => true,
        (from, to) => mv
            .year
            .is_some_and(|y| from.is_none_or(|f| y >= f) && to.is_none_or(|t| y <= t)),
    };
    if !years_ok || filters.exclude_items.contains(&m.id.0) {
        return false;
    }
    if let Some(only) = &filters.only_items
        && !only.contains(&m.id.0)
    {
        return false;
    }
    if filters.runtime_min.is_some() || filters.runtime_max.is_some() {
        let ok = match mv.runtime.filter(|r| *r > 0) {
            Some(r) => {
                let r = r as u32;
                filters.runtime_min.is_none_or(|lo| r >= lo)
                    && filters.runtime_max.is_none_or(|hi| r <= hi)
            }
            None => trust,
        };
        if !ok {
            return false;
        }
    }
    if !filters.languages.is_empty()
        && !mv
            .original_language
            .as_ref()
            .is_some_and(|l| filters.languages.iter().any(|w| w.eq_ignore_ascii_case(l)))
    {
        return false;
    }
    if let Some(max) = &filters.certification_max {
        let limit = certification_rank(max);
        let ok = match mv.certification.as_deref().map(certification_rank) {
            Some(r @ 1..=5) => r <= limit,
            Some(_) => false,
            None => trust,
        };
        if !ok {
            return false;
        }
    }
    if let Some(min) = filters.min_vote
        && !(mv.vote_count.unwrap_or(0) >= MIN_VOTES_FOR_SCORE
            && mv.vote_average.unwrap_or(0.0) as f32 >= min)
    {
        return false;
    }
    if !filters.exclude_people.is_empty() {
        // A film whose cast is not known cannot be shown to be free of them.
        if mv.cast.is_empty() && mv.director.is_none() {
            return false;
        }
        let named = |p: &String| {
            let p = phrase(p);
            mv.cast
                .iter()
                .chain(mv.director.iter())
                .any(|c| phrase(c).contains(&p))
        };
        if filters.exclude_people.iter().any(named) {
            return false;
        }
    }
    true
}

impl Films {
    /// One page of TMDb's discover for `filters` (most popular first), stored and added;
    /// empty without TMDb or when discover cannot express the filters.
    pub async fn discover(&self, filters: &Filters, page: u32) -> Vec<Arc<MovieRecord>> {
        let Some(params) = discover_params(filters, page).filter(|_| self.is_live()) else {
            return Vec::new();
        };
        let found = self.settle("discover", self.source.discover(&params).await);
        let films = self.ingest(found.unwrap_or_default());
        films
            .into_iter()
            .filter(|m| satisfies_with(filters, m, Unknown::DiscoverChecked))
            .collect()
    }

    /// TMDb's trending films (stored and added, adult titles dropped); `None` without TMDb.
    /// An answer from a stale cache or the local catalog notes the turn as degraded.
    pub async fn trending(&self, window: TimeWindow) -> Option<Vec<Arc<MovieRecord>>> {
        if !self.is_live() {
            return None;
        }
        let found = self.source.trending(window).await;
        if found.stale {
            crate::tmdb::budget::note_degraded();
        }
        Some(self.ingest(found.value))
    }

    /// TMDb's recommendations and similar titles for a film (from its details request, so
    /// usually cached), stored and added.
    pub async fn related(&self, m: &MovieRecord) -> RelatedFilms {
        let Some(tmdb_id) = m.movie.tmdb_id.filter(|_| self.is_live()) else {
            return RelatedFilms::default();
        };
        match self.settle("related films", self.source.related(tmdb_id).await) {
            Some(r) => RelatedFilms {
                recommended: self.ingest(r.recommended),
                similar: self.ingest(r.similar),
            },
            None => RelatedFilms::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MovieId;
    use crate::store::{MovieSource, NewMovie};

    fn film(genres: &[&str], year: i32) -> MovieRecord {
        MovieRecord {
            id: MovieId(1),
            source: MovieSource::Tmdb,
            cached_at: 0,
            movie: NewMovie {
                title: "X".into(),
                genres: genres.iter().map(|g| g.to_string()).collect(),
                year: Some(year),
                ..NewMovie::default()
            },
        }
    }

    #[test]
    fn discover_speaks_tmdb_genre_ids_and_dates() {
        let f = Filters::default()
            .genre("horror")
            .years(Some(2025), Some(2025));
        let d = discover_params(&f, 2).unwrap();
        assert_eq!(d.with_genres, vec![27]);
        assert_eq!(d.release_gte.as_deref(), Some("2025-01-01"));
        assert_eq!(d.release_lte.as_deref(), Some("2025-12-31"));
        assert_eq!(d.page, Some(2));
        assert!(
            discover_params(&Filters::default(), 1).is_none(),
            "nothing to narrow"
        );
        assert!(
            discover_params(&Filters::default().genre("Polka"), 1).is_none(),
            "not a TMDb genre"
        );
    }

    #[test]
    fn filters_check_every_genre_and_the_years() {
        let f = Filters::default()
            .genre("Horror")
            .genre("Thriller")
            .years(Some(2000), None);
        assert!(satisfies(&f, &film(&["Horror", "Thriller"], 2001)));
        assert!(!satisfies(&f, &film(&["Horror"], 2001)), "every genre");
        assert!(
            !satisfies(&f, &film(&["Horror", "Thriller"], 1999)),
            "year floor"
        );
        let mut adult = film(&["Horror", "Thriller"], 2001);
        adult.movie.adult = true;
        assert!(!satisfies(&f, &adult));
    }
}
