//! TMDb's response shapes (only the fields the bot reads). Nullable fields are `Option`s and
//! everything else defaults, so an added or missing field never breaks parsing.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::catalog::genres::TMDB_GENRES;
use crate::store::NewMovie;

/// A page of results (`search/*`, `discover/movie`, `trending/*`, `movie/popular`, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Page<T> {
    pub page: u32,
    pub results: Vec<T>,
    pub total_pages: u32,
    pub total_results: u32,
}

/// A movie as it appears in lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MovieItem {
    pub id: i64,
    pub title: String,
    pub original_title: Option<String>,
    pub overview: Option<String>,
    pub release_date: Option<String>,
    pub genre_ids: Vec<i64>,
    pub poster_path: Option<String>,
    pub vote_average: Option<f64>,
    pub vote_count: Option<i64>,
    pub popularity: Option<f64>,
    pub adult: bool,
}

impl MovieItem {
    /// The list fields as a catalog row (no cast, keywords or runtime: details add those).
    pub fn to_new_movie(&self) -> NewMovie {
        NewMovie {
            tmdb_id: Some(self.id),
            title: self.title.clone(),
            original_title: self.original_title.clone(),
            year: year_of(self.release_date.as_deref()),
            release_date: nonempty(self.release_date.clone()),
            genres: self
                .genre_ids
                .iter()
                .filter_map(|id| genre_name(*id))
                .collect(),
            overview: self.overview.clone().unwrap_or_default(),
            poster_path: self.poster_path.clone(),
            vote_average: self.vote_average,
            vote_count: self.vote_count,
            popularity: self.popularity,
            adult: self.adult,
            ..NewMovie::default()
        }
    }
}

/// A person as `search/person` lists them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonItem {
    pub id: i64,
    pub name: String,
    pub known_for_department: Option<String>,
    pub popularity: Option<f64>,
    pub profile_path: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Genre {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GenreList {
    pub genres: Vec<Genre>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CastMember {
    pub id: i64,
    pub name: String,
    pub character: Option<String>,
    pub order: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrewMember {
    pub id: i64,
    pub name: String,
    pub job: String,
    pub department: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Credits {
    pub cast: Vec<CastMember>,
    pub crew: Vec<CrewMember>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Keywords {
    pub keywords: Vec<Genre>,
}

/// One provider (Netflix, ...) in a region.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Provider {
    pub provider_id: i64,
    pub provider_name: String,
    pub logo_path: Option<String>,
    pub display_priority: Option<i64>,
}

/// Providers in one region: flat-rate streaming, rental, purchase, and TMDb's watch page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionProviders {
    pub link: Option<String>,
    pub flatrate: Vec<Provider>,
    pub rent: Vec<Provider>,
    pub buy: Vec<Provider>,
}

/// `movie/{id}/watch/providers`, also appended to details as `watch/providers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WatchProviders {
    pub results: HashMap<String, RegionProviders>,
}

impl WatchProviders {
    /// Grouped for the protocol; an empty (but attributed) result when the region has none.
    pub fn for_region(&self, region: moviebot_protocol::Region) -> moviebot_protocol::Providers {
        let names = |list: &[Provider]| {
            let mut list = list.to_vec();
            list.sort_by_key(|p| p.display_priority.unwrap_or(i64::MAX));
            list.into_iter().map(|p| p.provider_name).collect()
        };
        let found = self.results.get(region.as_str());
        moviebot_protocol::Providers {
            region,
            stream: found.map(|r| names(&r.flatrate)).unwrap_or_default(),
            rent: found.map(|r| names(&r.rent)).unwrap_or_default(),
            buy: found.map(|r| names(&r.buy)).unwrap_or_default(),
            link: found.and_then(|r| r.link.clone()),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReleaseDate {
    pub certification: String,
    pub release_date: String,
    #[serde(rename = "type")]
    pub kind: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CountryReleases {
    pub iso_3166_1: String,
    pub release_dates: Vec<ReleaseDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReleaseDates {
    pub results: Vec<CountryReleases>,
}

/// `movie/{id}` with `append_to_response=credits,keywords,watch/providers,recommendations,
/// similar,release_dates`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MovieDetails {
    pub id: i64,
    pub imdb_id: Option<String>,
    pub title: String,
    pub original_title: Option<String>,
    pub overview: Option<String>,
    pub release_date: Option<String>,
    pub runtime: Option<i32>,
    pub genres: Vec<Genre>,
    pub poster_path: Option<String>,
    pub vote_average: Option<f64>,
    pub vote_count: Option<i64>,
    pub popularity: Option<f64>,
    pub adult: bool,
    pub credits: Credits,
    pub keywords: Keywords,
    #[serde(rename = "watch/providers")]
    pub watch_providers: WatchProviders,
    pub recommendations: Page<MovieItem>,
    pub similar: Page<MovieItem>,
    pub release_dates: ReleaseDates,
}

impl MovieDetails {
    /// The catalog row: genre names, top five cast, the director, keywords, runtime, votes.
    pub fn to_new_movie(&self) -> NewMovie {
        let mut cast = self.credits.cast.clone();
        cast.sort_by_key(|c| c.order);
        NewMovie {
            tmdb_id: Some(self.id),
            imdb_id: self.imdb_id.clone().filter(|s| !s.is_empty()),
            title: self.title.clone(),
            original_title: self.original_title.clone(),
            year: year_of(self.release_date.as_deref()),
            release_date: nonempty(self.release_date.clone()),
            genres: self.genres.iter().map(|g| g.name.clone()).collect(),
            overview: self.overview.clone().unwrap_or_default(),
            keywords: self
                .keywords
                .keywords
                .iter()
                .map(|k| k.name.clone())
                .collect(),
            cast: cast.into_iter().take(5).map(|c| c.name).collect(),
            director: self
                .credits
                .crew
                .iter()
                .find(|c| c.job == "Director")
                .map(|c| c.name.clone()),
            runtime: self.runtime.filter(|r| *r > 0),
            poster_path: self.poster_path.clone(),
            vote_average: self.vote_average,
            vote_count: self.vote_count,
            popularity: self.popularity,
            adult: self.adult,
            ..NewMovie::default()
        }
    }

    /// The certification (rating) in `region`, e.g. "R", when TMDb knows one.
    pub fn certification(&self, region: &str) -> Option<&str> {
        self.release_dates
            .results
            .iter()
            .find(|c| c.iso_3166_1 == region)?
            .release_dates
            .iter()
            .map(|d| d.certification.as_str())
            .find(|c| !c.is_empty())
    }
}

/// A film in `person/{id}/movie_credits`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonCredit {
    #[serde(flatten)]
    pub movie: MovieItem,
    pub character: Option<String>,
    pub job: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonCredits {
    pub id: i64,
    pub cast: Vec<PersonCredit>,
    pub crew: Vec<PersonCredit>,
}

/// `configuration`: where images live and in which sizes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageConfig {
    pub secure_base_url: String,
    pub poster_sizes: Vec<String>,
}

impl Default for ImageConfig {
    /// TMDb's long-standing values, used until `configuration` has been fetched.
    fn default() -> Self {
        Self {
            secure_base_url: "https://image.tmdb.org/t/p/".into(),
            poster_sizes: ["w92", "w154", "w185", "w342", "w500", "w780", "original"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl ImageConfig {
    /// The poster URL at the smallest size at least `width` pixels wide (else the largest).
    pub fn poster_url(&self, poster_path: &str, width: u32) -> String {
        let size = self
            .poster_sizes
            .iter()
            .filter_map(|s| Some((s.strip_prefix('w')?.parse::<u32>().ok()?, s)))
            .filter(|(w, _)| *w >= width)
            .min_by_key(|(w, _)| *w)
            .map(|(_, s)| s.as_str())
            .or_else(|| self.poster_sizes.last().map(String::as_str))
            .unwrap_or("original");
        format!(
            "{}/{size}/{}",
            self.secure_base_url.trim_end_matches('/'),
            poster_path.trim_start_matches('/')
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Configuration {
    pub images: ImageConfig,
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
