//! TMDb lists that complete a short local answer: `/discover/movie` for genre, year and mood
//! requests the catalog cannot fill ("2025 horror films"), and a film's recommendations and
//! similar titles for "movies like X" when the model does not know X yet.

use std::sync::Arc;

use super::Films;
use crate::catalog::genres::TMDB_GENRES;
use crate::recommend::Filters;
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
        .map(|g| {
            TMDB_GENRES
                .iter()
                .find(|(_, n)| n.eq_ignore_ascii_case(g))
                .map(|(id, _)| *id)
        })
        .collect::<Option<Vec<i64>>>()?;
    if with_genres.is_empty() && filters.year_from.is_none() && filters.year_to.is_none() {
        return None;
    }
    Some(Discover {
        with_genres,
        release_gte: filters.year_from.map(|y| format!("{y:04}-01-01")),
        release_lte: filters.year_to.map(|y| format!("{y:04}-12-31")),
        vote_count_gte: Some(DISCOVER_MIN_VOTES),
        page: Some(page.max(1)),
        ..Discover::default()
    })
}

/// Whether a film satisfies the hard filters (every genre, the year range, not adult). The
/// person is not checked: lists for a person come from their own credits.
pub fn satisfies(filters: &Filters, m: &MovieRecord) -> bool {
    let mv = &m.movie;
    if filters.exclude_adult && mv.adult {
        return false;
    }
    let genres_ok = filters
        .genres
        .iter()
        .all(|g| mv.genres.iter().any(|h| h.eq_ignore_ascii_case(g)));
    let years_ok = match (filters.year_from, filters.year_to) {
        (None, None) => true,
        (from, to) => mv
            .year
            .is_some_and(|y| from.is_none_or(|f| y >= f) && to.is_none_or(|t| y <= t)),
    };
    genres_ok && years_ok
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
            .filter(|m| satisfies(filters, m))
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
