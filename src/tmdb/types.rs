//! TMDb's response shapes (only the fields the bot reads). Nullable fields are `Option`s and
//! everything else defaults, so an added or missing field never breaks parsing. What they
//! become elsewhere (catalog rows, the protocol's providers) is mapped by whoever needs it:
//! `catalog::from_tmdb`, `chat::source`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

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
    /// ISO 639-1, e.g. "ja".
    pub original_language: Option<String>,
}

/// `find/{external_id}`: what TMDb files under an outside id (only films are read).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindResults {
    pub movie_results: Vec<MovieItem>,
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

/// One entry of `watch/providers/movie` (the providers TMDb knows for a region).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListedProvider {
    pub provider_id: i64,
    pub provider_name: String,
    pub logo_path: Option<String>,
    /// The order TMDb shows it in for the requested region (lower first).
    pub display_priority: Option<i64>,
    /// The order per region (ISO 3166-1 → priority).
    pub display_priorities: HashMap<String, i64>,
}

/// `watch/providers/movie?watch_region=XX`: the movie providers of a region.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderList {
    pub results: Vec<ListedProvider>,
}

/// `movie/{id}/watch/providers`, also appended to details as `watch/providers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WatchProviders {
    pub results: HashMap<String, RegionProviders>,
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

/// `belongs_to_collection` in a film's details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CollectionRef {
    pub id: i64,
    pub name: String,
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
    /// ISO 639-1, e.g. "ja".
    pub original_language: Option<String>,
    /// The collection (franchise) the film belongs to, when it belongs to one.
    pub belongs_to_collection: Option<CollectionRef>,
    pub credits: Credits,
    pub keywords: Keywords,
    #[serde(rename = "watch/providers")]
    pub watch_providers: WatchProviders,
    pub recommendations: Page<MovieItem>,
    pub similar: Page<MovieItem>,
    pub release_dates: ReleaseDates,
}

impl MovieDetails {
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
