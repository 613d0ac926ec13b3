//! The offline catalog compiled into the binary (`films.jsonl`, one film per line), so the
//! bot works with no TMDb key and no network. Loaded into `movies` on start and on `migrate`;
//! a hash in `app_meta` skips the work when this binary's catalog is already loaded, and rows
//! refreshed from TMDb are never overwritten.

use std::sync::LazyLock;

use anyhow::Context;
use serde::Deserialize;

use crate::store::{MovieSource, NewMovie, Store};

const DATA: &str = include_str!("films.jsonl");
const META_KEY: &str = "catalog_hash";

/// One film of the embedded catalog.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFilm {
    pub tmdb_id: i64,
    pub title: String,
    pub year: i32,
    pub genres: Vec<String>,
    pub runtime: u32,
    pub director: String,
    pub cast: Vec<String>,
    pub keywords: Vec<String>,
    pub overview: String,
    pub vote_average: f64,
    pub vote_count: i64,
    pub popularity: f64,
    pub original_title: String,
    pub release_date: String,
    /// ISO 639-1 code of the original language.
    #[serde(default)]
    pub original_language: Option<String>,
    /// US MPA certification, "NR" when unrated; absent when not known.
    #[serde(default)]
    pub certification: Option<String>,
    /// TMDb collection name, for films of a franchise.
    #[serde(default)]
    pub collection: Option<String>,
}

impl CatalogFilm {
    pub fn to_new_movie(&self) -> NewMovie {
        NewMovie {
            tmdb_id: Some(self.tmdb_id),
            title: self.title.clone(),
            original_title: Some(self.original_title.clone()),
            year: Some(self.year),
            release_date: Some(self.release_date.clone()),
            genres: self.genres.clone(),
            overview: self.overview.clone(),
            keywords: self.keywords.clone(),
            cast: self.cast.clone(),
            director: Some(self.director.clone()),
            runtime: Some(self.runtime as i32),
            vote_average: Some(self.vote_average),
            vote_count: Some(self.vote_count),
            popularity: Some(self.popularity),
            original_language: super::from_tmdb::language(self.original_language.as_deref()),
            certification: self
                .certification
                .as_deref()
                .and_then(super::from_tmdb::us_certification),
            collection: self.collection.clone(),
            ..NewMovie::default()
        }
    }
}

static FILMS: LazyLock<Vec<CatalogFilm>> = LazyLock::new(|| {
    DATA.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("src/catalog/films.jsonl:{}: {e}", i + 1))
        })
        .collect()
});

/// Every film of the embedded catalog. (A malformed line is a build defect caught by tests.)
pub fn films() -> &'static [CatalogFilm] {
    &FILMS
}

/// A stable fingerprint of this binary's catalog (FNV-1a; no crypto needed).
fn fingerprint() -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in DATA.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// Loads the catalog unless this exact version is already in the database. Returns how many
/// films were written (0 when skipped).
#[tracing::instrument(skip_all)]
pub async fn ensure_loaded(store: &Store) -> anyhow::Result<usize> {
    let fp = fingerprint();
    if store.meta_get(META_KEY).await?.as_deref() == Some(fp.as_str()) {
        return Ok(0);
    }
    for film in films() {
        store
            .upsert_movie_by_tmdb(&film.to_new_movie(), MovieSource::Catalog)
            .await
            .with_context(|| format!("load catalog film {}", film.title))?;
    }
    store.meta_set(META_KEY, &fp).await?;
    tracing::info!(films = films().len(), "embedded catalog loaded");
    Ok(films().len())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::catalog::genres::TMDB_GENRES;

    #[test]
    fn catalog_is_well_formed_and_covers_genres_and_decades() {
        let films = films();
        assert!(films.len() >= 400, "only {} films", films.len());
        let ids: HashSet<i64> = films.iter().map(|f| f.tmdb_id).collect();
        assert_eq!(ids.len(), films.len(), "duplicate TMDb ids");
        for required in [27205, 155, 245891, 550] {
            assert!(ids.contains(&required), "missing TMDb id {required}");
        }
        for f in films {
            assert!(!f.genres.is_empty(), "{}: no genres", f.title);
            for g in &f.genres {
                assert!(
                    TMDB_GENRES.iter().any(|(_, n)| n == g),
                    "{}: genre {g} is not a TMDb genre",
                    f.title
                );
            }
            assert!(f.cast.len() >= 3, "{}: fewer than 3 actors", f.title);
            assert!(f.keywords.len() >= 3, "{}: fewer than 3 keywords", f.title);
            assert!(
                !f.overview.is_empty() && !f.director.is_empty(),
                "{}",
                f.title
            );
            assert!(
                (1930..=2025).contains(&f.year),
                "{}: year {}",
                f.title,
                f.year
            );
        }
        for (_, genre) in TMDB_GENRES {
            assert!(
                films.iter().any(|f| f.genres.iter().any(|g| g == genre)),
                "no {genre} film"
            );
        }
        for decade in (1930..=2010).step_by(10) {
            assert!(
                films.iter().any(|f| f.year / 10 * 10 == decade),
                "no film from the {decade}s"
            );
        }
    }
}
