//! What a file says, format aside: one [`FileRow`] per film mentioned, the rows that could
//! not be read (with their line), and how many non-films were skipped.

use moviebot_protocol::Stars;

use super::moviebot_json::ExportedPreferences;

/// Which format a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Letterboxd,
    Imdb,
    Moviebot,
}

impl SourceFormat {
    /// "a Letterboxd export", for sentences.
    pub fn described(self) -> &'static str {
        match self {
            SourceFormat::Letterboxd => "a Letterboxd export",
            SourceFormat::Imdb => "an IMDb export",
            SourceFormat::Moviebot => "a moviebot export",
        }
    }
}

/// What a row asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// A rating (`stars` is set).
    Rating,
    /// Wants to see it.
    Watchlist,
    /// Seen, not rated.
    Watched,
}

/// One film named by a file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRow {
    /// The file inside the upload ("ratings.csv"), for messages.
    pub file: String,
    /// 1-based line of the row in that file.
    pub line: u64,
    pub title: String,
    /// The title in its own language, when the file gives one (IMDb does).
    pub original_title: Option<String>,
    pub year: Option<i32>,
    /// `tt` + at least seven digits.
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
    pub kind: RowKind,
    pub stars: Option<Stars>,
    /// When it was rated, watched or listed: Unix seconds (UTC midnight of the day).
    pub date: Option<i64>,
}

/// A row that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Malformed {
    pub file: String,
    pub line: u64,
    pub reason: String,
}

/// Everything read from one upload.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFile {
    pub format: Option<SourceFormat>,
    pub rows: Vec<FileRow>,
    pub malformed: Vec<Malformed>,
    /// TV series, episodes, games... (IMDb), skipped.
    pub non_movies: usize,
    /// A moviebot export's stated preferences.
    pub preferences: Option<ExportedPreferences>,
    /// A moviebot export's lasting exclusions.
    pub exclusions: Vec<super::moviebot_json::ExportedExclusion>,
}

impl ParsedFile {
    pub(super) fn bad(&mut self, file: &str, line: u64, reason: impl Into<String>) {
        self.malformed.push(Malformed {
            file: file.to_string(),
            line,
            reason: reason.into(),
        });
    }

    /// Rows read plus rows refused: every data row of the upload.
    pub fn row_count(&self) -> usize {
        self.rows.len() + self.malformed.len() + self.non_movies
    }
}
