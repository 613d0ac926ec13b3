//! TMDb's films as catalog rows: list items and details mapped onto [`NewMovie`] (TMDb genre
//! ids named from [`TMDB_GENRES`]), and details fetched and written to `movies`, which is how
//! the catalog grows from TMDb (chat lookups, `moviebot sync`, the background refresh). The
//! TMDb client itself only reads TMDb and caches its answers.

use super::genres::TMDB_GENRES;
use crate::store::{MovieSource, NewMovie};
use crate::tmdb::types::{MovieDetails, MovieItem};
use crate::tmdb::{CachedTmdb, Fetched, TmdbError};

/// A list item's fields as a catalog row (no cast, keywords or runtime: details add those).
pub fn listed(item: &MovieItem) -> NewMovie {
    NewMovie {
        tmdb_id: Some(item.id),
        title: item.title.clone(),
        original_title: item.original_title.clone(),
        year: year_of(item.release_date.as_deref()),
        release_date: nonempty(item.release_date.clone()),
        genres: item
            .genre_ids
            .iter()
            .filter_map(|id| genre_name(*id))
            .collect(),
        overview: item.overview.clone().unwrap_or_default(),
        poster_path: item.poster_path.clone(),
        vote_average: item.vote_average,
        vote_count: item.vote_count,
        popularity: item.popularity,
        adult: item.adult,
        original_language: language(item.original_language.as_deref()),
        ..NewMovie::default()
    }
}

/// The catalog row of a film's details: genre names, top five cast, the director, keywords,
/// runtime, votes.
pub fn detailed(d: &MovieDetails) -> NewMovie {
    let mut cast = d.credits.cast.clone();
    cast.sort_by_key(|c| c.order);
    NewMovie {
        tmdb_id: Some(d.id),
        imdb_id: d.imdb_id.clone().filter(|s| !s.is_empty()),
        title: d.title.clone(),
        original_title: d.original_title.clone(),
        year: year_of(d.release_date.as_deref()),
        release_date: nonempty(d.release_date.clone()),
        genres: d.genres.iter().map(|g| g.name.clone()).collect(),
        overview: d.overview.clone().unwrap_or_default(),
        keywords: d.keywords.keywords.iter().map(|k| k.name.clone()).collect(),
        cast: cast.into_iter().take(5).map(|c| c.name).collect(),
        director: d
            .credits
            .crew
            .iter()
            .find(|c| c.job == "Director")
            .map(|c| c.name.clone()),
        runtime: d.runtime.filter(|r| *r > 0),
        poster_path: d.poster_path.clone(),
        vote_average: d.vote_average,
        vote_count: d.vote_count,
        popularity: d.popularity,
        adult: d.adult,
        original_language: language(d.original_language.as_deref()),
        certification: d.certification("US").and_then(us_certification),
        collection: d
            .belongs_to_collection
            .as_ref()
            .map(|c| c.name.trim().to_owned())
            .filter(|n| !n.is_empty()),
        ..NewMovie::default()
    }
}

/// A film's details from TMDb (see [`CachedTmdb::movie_details`]); a fresh answer is also
/// written to `movies` (in the database the TMDb cache lives in), an expired cache entry is
/// not.
pub async fn details(tmdb: &CachedTmdb, tmdb_id: i64) -> Result<Fetched<MovieDetails>, TmdbError> {
    let fetched = tmdb.movie_details(tmdb_id).await?;
    if !fetched.stale && fetched.value.id == tmdb_id {
        tmdb.store()
            .upsert_movie_by_tmdb(&detailed(&fetched.value), MovieSource::Tmdb)
            .await?;
    }
    Ok(fetched)
}

/// A language code as stored: two lower-case letters (TMDb also uses "xx" for no language).
pub fn language(code: Option<&str>) -> Option<String> {
    let code = code?.trim().to_ascii_lowercase();
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) && code != "xx")
        .then_some(code)
}

/// A US certification as stored: one of the MPA ratings or "NR"; anything else is unknown.
pub fn us_certification(c: &str) -> Option<String> {
    let c = c.trim().to_ascii_uppercase();
    ["G", "PG", "PG-13", "R", "NC-17", "NR"]
        .contains(&c.as_str())
        .then_some(c)
}

fn genre_name(id: i64) -> Option<String> {
    TMDB_GENRES
        .iter()
        .find(|(g, _)| *g == id)
        .map(|(_, n)| (*n).to_owned())
}

fn year_of(date: Option<&str>) -> Option<i32> {
    date?.get(..4)?.parse().ok()
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}
