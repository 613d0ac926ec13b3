//! Everything stored about a user, as a JSON document (`taste_files::moviebot_json`, which
//! imports back with `format=moviebot`) and as the CSV Letterboxd's importer reads.

use moviebot_protocol::PublicMovieId;

use super::Imports;
use crate::domain::UserId;
use crate::store::{FilmRef, StoreError, now};
use crate::taste_files::letterboxd_csv::{self, CsvRating};
use crate::taste_files::moviebot_json::{
    self as doc, ExportDoc, ExportedConversation, ExportedExclusion, ExportedFilm,
    ExportedIdentity, ExportedPreferences, ExportedRating, ExportedService, ExportedUser,
    ExportedWatch,
};

/// An export, ready to send as two files.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub json: Vec<u8>,
    pub json_name: String,
    /// Ratings as Letterboxd's import CSV.
    pub letterboxd_csv: Vec<u8>,
    pub csv_name: String,
    /// The document the JSON holds.
    pub doc: ExportDoc,
}

fn film(f: &FilmRef) -> ExportedFilm {
    ExportedFilm {
        movie_id: f.id.0,
        public_id: PublicMovieId::of(f.tmdb_id, f.id.0).get(),
        title: f.title.clone(),
        year: f.year,
        imdb_id: f.imdb_id.clone(),
        tmdb_id: f.tmdb_id,
    }
}

/// A username as part of a file name: letters, digits, '-' and '_' only.
fn file_stem(username: &str) -> String {
    let s: String = username
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    if s.is_empty() { "user".into() } else { s }
}

impl Imports {
    /// Everything stored about `user`.
    pub async fn export(&self, user: UserId) -> Result<Export, StoreError> {
        let u = self
            .store
            .user(user)
            .await?
            .ok_or(StoreError::UnknownUser)?;
        let s = &self.store;
        let rated = s.rated_films(user).await?;
        let watch = s.watchlist_films(user).await?;
        let prefs = self.ratings.preferences(user).await?;
        let exported_at = now();
        let doc = ExportDoc {
            format: doc::FORMAT.into(),
            version: doc::VERSION,
            exported_at,
            user: ExportedUser {
                id: u.id.0,
                username: u.username.clone(),
                created_at: u.created_at,
            },
            identities: s
                .identities(user)
                .await?
                .into_iter()
                .map(|i| ExportedIdentity {
                    platform: i.platform,
                    platform_user_id: i.platform_user_id,
                    display_name: i.display_name,
                    created_at: i.created_at,
                })
                .collect(),
            ratings: rated
                .iter()
                .map(|(f, stars, at)| ExportedRating {
                    film: film(f),
                    rating: stars.get(),
                    rated_at: *at,
                })
                .collect(),
            watchlist: watch
                .iter()
                .map(|(f, at)| ExportedWatch {
                    film: film(f),
                    added_at: *at,
                })
                .collect(),
            preferences: ExportedPreferences {
                favourite_genres: prefs.favourite_genres,
                favourite_people: prefs.favourite_people,
                region: prefs.region,
                language: prefs.language,
            },
            conversations: s
                .memberships_of(user)
                .await?
                .into_iter()
                .map(|c| ExportedConversation {
                    platform: c.platform,
                    external_id: c.external_id,
                    kind: c.kind,
                    last_seen_at: c.last_seen_at,
                })
                .collect(),
            exclusions: self
                .store
                .exclusions(user)
                .await?
                .into_iter()
                .map(|e| ExportedExclusion {
                    kind: e.kind.as_str().into(),
                    film: e.movie.map(|m| ExportedFilm {
                        movie_id: m.0,
                        public_id: PublicMovieId::of(e.tmdb_id, m.0).get(),
                        title: e.label.clone(),
                        year: None,
                        imdb_id: None,
                        tmdb_id: e.tmdb_id,
                    }),
                    value: e.value,
                    label: e.label,
                    created_at: e.created_at,
                })
                .collect(),
            services: s
                .services(user)
                .await?
                .into_iter()
                .map(|s| ExportedService {
                    id: s.id,
                    name: s.name,
                })
                .collect(),
        };
        let csv = letterboxd_csv::write(
            &rated
                .iter()
                .map(|(f, stars, at)| CsvRating {
                    title: f.title.clone(),
                    year: f.year,
                    imdb_id: f.imdb_id.clone(),
                    tmdb_id: f.tmdb_id,
                    stars: *stars,
                    date: *at,
                })
                .collect::<Vec<_>>(),
        );
        let stem = format!(
            "moviebot-{}-{}",
            file_stem(&u.username),
            crate::taste_files::dates::format(exported_at)
        );
        Ok(Export {
            json: serde_json::to_vec_pretty(&doc).unwrap_or_default(),
            json_name: format!("{stem}.json"),
            letterboxd_csv: csv,
            csv_name: format!("{stem}-letterboxd.csv"),
            doc,
        })
    }
}
