//! Typed TMDb endpoints on [`CachedTmdb`]. Each builds a path and parameters; caching, limits
//! and retries happen underneath. Answers are TMDb's own shapes ([`super::types`]); turning
//! them into catalog rows or protocol types is the caller's business.

use super::cached::{CachedTmdb, Fetched};
use super::error::TmdbError;
use super::types::{
    Configuration, FindResults, GenreList, ImageConfig, MovieDetails, MovieItem, Page,
    PersonCredits, PersonItem, ProviderList, WatchProviders,
};

/// What details append (one request instead of seven).
pub const DETAILS_APPEND: &str =
    "credits,keywords,watch/providers,recommendations,similar,release_dates";

/// Trending over the last day or week (also the REST sidecar's `time_window` parameter).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TimeWindow {
    Day,
    Week,
}

impl TimeWindow {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeWindow::Day => "day",
            TimeWindow::Week => "week",
        }
    }
}

/// `discover/movie` filters. Adult titles are always excluded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discover {
    pub with_genres: Vec<i64>,
    pub with_cast: Vec<i64>,
    /// `YYYY-MM-DD`
    pub release_gte: Option<String>,
    pub release_lte: Option<String>,
    /// e.g. `popularity.desc` (TMDb's default when empty), `vote_average.desc`.
    pub sort_by: Option<String>,
    pub vote_count_gte: Option<u32>,
    pub vote_count_lte: Option<u32>,
    pub vote_average_gte: Option<f32>,
    pub without_genres: Vec<i64>,
    /// Minutes.
    pub runtime_gte: Option<u32>,
    pub runtime_lte: Option<u32>,
    /// ISO 639-1; TMDb takes one language here.
    pub original_language: Option<String>,
    /// A certification limit in `certification_country` ("US", "PG-13").
    pub certification_lte: Option<(String, String)>,
    /// Watch provider ids, any of them (`with_watch_providers=8|337`); needs `watch_region`.
    pub with_watch_providers: Vec<i64>,
    /// ISO 3166-1 region the providers apply in.
    pub watch_region: Option<String>,
    /// `flatrate`, `free`, `ads`, `rent`, `buy`, `|`-joined.
    pub watch_monetization_types: Option<String>,
    pub page: Option<u32>,
}

impl Discover {
    fn params(&self) -> Vec<(String, String)> {
        let join = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut p = vec![("include_adult".to_owned(), "false".to_owned())];
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                p.push((k.to_owned(), v));
            }
        };
        add("with_genres", Some(join(&self.with_genres)));
        add("with_cast", Some(join(&self.with_cast)));
        add("primary_release_date.gte", self.release_gte.clone());
        add("primary_release_date.lte", self.release_lte.clone());
        add("sort_by", self.sort_by.clone());
        add("vote_count.gte", self.vote_count_gte.map(|v| v.to_string()));
        add("vote_count.lte", self.vote_count_lte.map(|v| v.to_string()));
        add(
            "vote_average.gte",
            self.vote_average_gte.map(|v| v.to_string()),
        );
        add("without_genres", Some(join(&self.without_genres)));
        add("with_runtime.gte", self.runtime_gte.map(|v| v.to_string()));
        add("with_runtime.lte", self.runtime_lte.map(|v| v.to_string()));
        add("with_original_language", self.original_language.clone());
        if let Some((country, limit)) = &self.certification_lte {
            add("certification_country", Some(country.clone()));
            add("certification.lte", Some(limit.clone()));
        }
        if !self.with_watch_providers.is_empty() {
            let ids: Vec<String> = self
                .with_watch_providers
                .iter()
                .map(i64::to_string)
                .collect();
            add("with_watch_providers", Some(ids.join("|")));
            add("watch_region", self.watch_region.clone());
            add(
                "with_watch_monetization_types",
                self.watch_monetization_types.clone(),
            );
        }
        add("page", self.page.map(|v| v.to_string()));
        p
    }
}

fn params<const N: usize>(pairs: [(&str, String); N]) -> Vec<(String, String)> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

impl CachedTmdb {
    #[tracing::instrument(skip(self))]
    pub async fn search_movie(
        &self,
        query: &str,
        year: Option<i32>,
        page: u32,
    ) -> Result<Fetched<Page<MovieItem>>, TmdbError> {
        let mut p = params([
            // TMDb search ignores case; lower-casing lets "Heat" and "heat" share a cache entry.
            ("query", query.trim().to_lowercase()),
            ("include_adult", "false".into()),
            ("page", page.max(1).to_string()),
        ]);
        if let Some(year) = year {
            p.push(("year".into(), year.to_string()));
        }
        self.get("/search/movie", p).await
    }

    /// The film TMDb files under an IMDb id ("tt0114709"), for imported IMDb rows.
    #[tracing::instrument(skip(self))]
    pub async fn find_by_imdb(&self, imdb_id: &str) -> Result<Fetched<FindResults>, TmdbError> {
        let p = params([("external_source", "imdb_id".to_owned())]);
        self.get(&format!("/find/{imdb_id}"), p).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn search_person(
        &self,
        query: &str,
        page: u32,
    ) -> Result<Fetched<Page<PersonItem>>, TmdbError> {
        let p = params([
            // TMDb search ignores case; lower-casing lets "Heat" and "heat" share a cache entry.
            ("query", query.trim().to_lowercase()),
            ("include_adult", "false".into()),
            ("page", page.max(1).to_string()),
        ]);
        self.get("/search/person", p).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn discover_movie(
        &self,
        filters: &Discover,
    ) -> Result<Fetched<Page<MovieItem>>, TmdbError> {
        self.get("/discover/movie", filters.params()).await
    }

    /// Details with credits, keywords, providers, recommendations, similar films and release
    /// dates (`catalog::from_tmdb::details` also stores them as the film's row).
    #[tracing::instrument(skip(self))]
    pub async fn movie_details(&self, tmdb_id: i64) -> Result<Fetched<MovieDetails>, TmdbError> {
        let p = params([("append_to_response", DETAILS_APPEND.to_owned())]);
        self.get(&format!("/movie/{tmdb_id}"), p).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn person_movie_credits(
        &self,
        person_id: i64,
    ) -> Result<Fetched<PersonCredits>, TmdbError> {
        self.get(&format!("/person/{person_id}/movie_credits"), Vec::new())
            .await
    }

    #[tracing::instrument(skip(self))]
    pub async fn trending(
        &self,
        window: TimeWindow,
        page: u32,
    ) -> Result<Fetched<Page<MovieItem>>, TmdbError> {
        let p = params([("page", page.max(1).to_string())]);
        self.get(&format!("/trending/movie/{}", window.as_str()), p)
            .await
    }

    /// `movie/popular` (for `moviebot sync`).
    #[tracing::instrument(skip(self))]
    pub async fn popular(&self, page: u32) -> Result<Fetched<Page<MovieItem>>, TmdbError> {
        let p = params([
            ("page", page.max(1).to_string()),
            ("region", self.region().to_owned()),
        ]);
        self.get("/movie/popular", p).await
    }

    /// `movie/top_rated` (for `moviebot sync`).
    #[tracing::instrument(skip(self))]
    pub async fn top_rated(&self, page: u32) -> Result<Fetched<Page<MovieItem>>, TmdbError> {
        let p = params([
            ("page", page.max(1).to_string()),
            ("region", self.region().to_owned()),
        ]);
        self.get("/movie/top_rated", p).await
    }

    #[tracing::instrument(skip(self))]
    pub async fn genre_list(&self) -> Result<Fetched<GenreList>, TmdbError> {
        self.get("/genre/movie/list", Vec::new()).await
    }

    /// The image configuration (base URL and sizes) that poster URLs are built from.
    #[tracing::instrument(skip(self))]
    pub async fn image_config(&self) -> Result<Fetched<ImageConfig>, TmdbError> {
        let c: Fetched<Configuration> = self.get("/configuration", Vec::new()).await?;
        Ok(Fetched {
            value: c.value.images,
            stale: c.stale,
        })
    }

    /// Where to watch, by region: stream (flat rate), rent, buy, and TMDb's link. The data is
    /// JustWatch's; whoever shows it must say so.
    #[tracing::instrument(skip(self))]
    pub async fn watch_providers(
        &self,
        tmdb_id: i64,
    ) -> Result<Fetched<WatchProviders>, TmdbError> {
        self.get(&format!("/movie/{tmdb_id}/watch/providers"), Vec::new())
            .await
    }

    /// The movie watch providers TMDb knows in `region` (Netflix, Disney Plus, …), each with
    /// its display priority there.
    #[tracing::instrument(skip(self))]
    pub async fn watch_provider_list(
        &self,
        region: &str,
    ) -> Result<Fetched<ProviderList>, TmdbError> {
        let p = params([("watch_region", region.to_uppercase())]);
        self.get("/watch/providers/movie", p).await
    }

    /// Where to watch from the cache alone (never a request): the film's own providers entry,
    /// else the providers appended to its cached details; `None` when neither is cached.
    pub async fn cached_watch_providers(&self, tmdb_id: i64) -> Option<WatchProviders> {
        if let Some(w) = self
            .peek(&format!("/movie/{tmdb_id}/watch/providers"), Vec::new())
            .await
        {
            return Some(w);
        }
        let p = params([("append_to_response", DETAILS_APPEND.to_owned())]);
        let details: MovieDetails = self.peek(&format!("/movie/{tmdb_id}"), p).await?;
        Some(details.watch_providers)
    }
}
