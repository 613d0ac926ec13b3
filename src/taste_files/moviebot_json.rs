//! The JSON `moviebot export` writes: everything stored about one user (identities, ratings
//! and watchlist with each film's ids, title and year, preferences, conversations), and the
//! same document read back as rows, so an export imports into another database with the
//! same result.

use serde::{Deserialize, Serialize};

use moviebot_protocol::Stars;

use super::{FileError, FileRow, ParsedFile, RowKind};

/// What [`ExportDoc::format`] says.
pub const FORMAT: &str = "moviebot-export";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportDoc {
    /// Always "moviebot-export".
    pub format: String,
    pub version: u32,
    /// Unix seconds.
    pub exported_at: i64,
    pub user: ExportedUser,
    #[serde(default)]
    pub identities: Vec<ExportedIdentity>,
    #[serde(default)]
    pub ratings: Vec<ExportedRating>,
    #[serde(default)]
    pub watchlist: Vec<ExportedWatch>,
    #[serde(default)]
    pub preferences: ExportedPreferences,
    #[serde(default)]
    pub conversations: Vec<ExportedConversation>,
    /// Films the user asked never to be shown again, and genres, people and keywords they
    /// asked to see less of.
    #[serde(default)]
    pub exclusions: Vec<ExportedExclusion>,
    /// The streaming services the user pays for (TMDb watch provider ids and names), in the
    /// region of `preferences`. Written for the record; an import does not restore them.
    #[serde(default)]
    pub services: Vec<ExportedService>,
}

/// One streaming service a user has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportedService {
    /// TMDb's watch provider id.
    pub id: i64,
    pub name: String,
}

/// One lasting exclusion: a film never to recommend (`kind` "film", with the film), or a
/// genre, person or keyword to down-weight (`value` is its name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportedExclusion {
    /// "film", "genre", "person" or "keyword".
    pub kind: String,
    pub value: String,
    /// What the user was shown: the film's title, the genre's name.
    pub label: String,
    pub film: Option<ExportedFilm>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportedUser {
    pub id: i64,
    pub username: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportedIdentity {
    pub platform: String,
    pub platform_user_id: String,
    pub display_name: String,
    pub created_at: i64,
}

/// A film as the export names it: every id it has, and its title and year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportedFilm {
    /// The id in this database (another database has its own).
    pub movie_id: i64,
    /// The id the bot and the REST API show (the TMDb id when the film has one).
    pub public_id: i64,
    pub title: String,
    pub year: Option<i32>,
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportedRating {
    pub film: ExportedFilm,
    /// 0.5–5 stars.
    pub rating: f32,
    /// Unix seconds of the last change.
    pub rated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportedWatch {
    pub film: ExportedFilm,
    pub added_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ExportedPreferences {
    pub favourite_genres: Vec<String>,
    pub favourite_people: Vec<String>,
    pub region: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExportedConversation {
    pub platform: String,
    pub external_id: String,
    /// "direct" or "group".
    pub kind: String,
    pub last_seen_at: i64,
}

/// Whether `text` is a moviebot export (a JSON object naming the format).
pub fn looks_like(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('{') && t.contains(FORMAT)
}

fn row(film: &ExportedFilm, kind: RowKind, line: u64) -> FileRow {
    FileRow {
        file: "export.json".into(),
        line,
        title: film.title.clone(),
        original_title: None,
        year: film.year,
        imdb_id: film.imdb_id.as_deref().and_then(super::ids::imdb_id),
        tmdb_id: film.tmdb_id.filter(|t| *t > 0),
        kind,
        stars: None,
        date: None,
    }
}

/// Reads an export's ratings and watchlist as rows (the "line" is the entry's place in its
/// list) and its preferences.
pub fn read(text: &str, out: &mut ParsedFile, max_rows: usize) -> Result<(), FileError> {
    let doc: ExportDoc =
        serde_json::from_str(text).map_err(|e| FileError::BadExport(e.to_string()))?;
    if doc.format != FORMAT {
        return Err(FileError::BadExport(format!("format is {:?}", doc.format)));
    }
    if doc.ratings.len() + doc.watchlist.len() > max_rows {
        return Err(FileError::TooManyRows { limit: max_rows });
    }
    for (i, r) in doc.ratings.iter().enumerate() {
        let line = i as u64 + 1;
        match Stars::new(r.rating) {
            Some(stars) => out.rows.push(FileRow {
                stars: Some(stars),
                date: Some(r.rated_at),
                ..row(&r.film, RowKind::Rating, line)
            }),
            None => out.bad(
                "export.json",
                line,
                format!("rating {} is not 0.5–5", r.rating),
            ),
        }
    }
    for (i, w) in doc.watchlist.iter().enumerate() {
        out.rows.push(FileRow {
            file: "export.json watchlist".into(),
            date: Some(w.added_at),
            ..row(&w.film, RowKind::Watchlist, i as u64 + 1)
        });
    }
    out.preferences = Some(doc.preferences);
    out.exclusions = doc.exclusions;
    Ok(())
}
