//! Which format an upload is and reading it: a ZIP is a Letterboxd export (or a zipped CSV);
//! a JSON object naming itself is a moviebot export; a CSV is told by its header (`Const`
//! is IMDb's, `Letterboxd URI` or `Name, Year` Letterboxd's). An explicit format is checked
//! against what the file turns out to be, so a wrong choice gets a clear answer.

use std::str::FromStr;

use super::columns::header_of;
use super::container::{Entry, is_zip, unzip};
use super::letterboxd::Kind;
use super::{FileError, Limits, ParsedFile, SourceFormat, imdb, letterboxd, moviebot_json, text};

/// The format an import asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// Whatever the file turns out to be.
    #[default]
    Auto,
    Letterboxd,
    Imdb,
    /// A `moviebot export` JSON.
    Moviebot,
}

impl ImportFormat {
    fn expects(self) -> Option<SourceFormat> {
        match self {
            ImportFormat::Auto => None,
            ImportFormat::Letterboxd => Some(SourceFormat::Letterboxd),
            ImportFormat::Imdb => Some(SourceFormat::Imdb),
            ImportFormat::Moviebot => Some(SourceFormat::Moviebot),
        }
    }
}

impl FromStr for ImportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => ImportFormat::Auto,
            "letterboxd" => ImportFormat::Letterboxd,
            "imdb" => ImportFormat::Imdb,
            "moviebot" | "json" => ImportFormat::Moviebot,
            other => {
                return Err(format!(
                    "unknown format {other:?} (auto, letterboxd, imdb, moviebot)"
                ));
            }
        })
    }
}

/// Reads an upload. `name` is the uploaded file's name when known ("watchlist.csv"): it
/// tells Letterboxd's watchlist from its list of films watched, which share their columns.
pub fn parse(
    bytes: &[u8],
    format: ImportFormat,
    name: Option<&str>,
    limits: &Limits,
) -> Result<ParsedFile, FileError> {
    if bytes.len() > limits.max_file_bytes {
        return Err(FileError::TooBig {
            limit: limits.max_file_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    let entries = if is_zip(bytes) {
        unzip(bytes, limits)?
    } else {
        vec![Entry {
            name: name.unwrap_or("upload.csv").to_string(),
            bytes: bytes.to_vec(),
        }]
    };
    let mut out = ParsedFile::default();
    // ratings.csv last: on a tie, the current rating beats a diary entry of the same day.
    let mut entries = entries;
    entries.sort_by_key(|e| Kind::of(&e.name) == Some(Kind::Ratings));
    for entry in &entries {
        let found = read_entry(entry, name.is_some() || entries.len() > 1, &mut out, limits)?;
        match (format.expects(), out.format) {
            (Some(asked), _) if asked != found => {
                return Err(FileError::WrongFormat {
                    asked: asked.described(),
                    found: found.described(),
                });
            }
            (_, Some(earlier)) if earlier != found => return Err(FileError::Unrecognised),
            _ => out.format = Some(found),
        }
    }
    Ok(out)
}

fn read_entry(
    entry: &Entry,
    named: bool,
    out: &mut ParsedFile,
    limits: &Limits,
) -> Result<SourceFormat, FileError> {
    let text = text::decode(&entry.bytes);
    let file = entry.name.rsplit('/').next().unwrap_or(&entry.name);
    if moviebot_json::looks_like(&text) {
        moviebot_json::read(&text, out, limits.max_rows)?;
        return Ok(SourceFormat::Moviebot);
    }
    let header = header_of(&text).ok_or(FileError::Unrecognised)?;
    if imdb::looks_like(&header) {
        imdb::read(file, &text, &header, out, limits.max_rows)?;
        return Ok(SourceFormat::Imdb);
    }
    if letterboxd::looks_like(&header) {
        let kind = match Kind::of(file) {
            Some(kind) => kind,
            None if !named && header.has("Watched Date") => Kind::Diary,
            None => Kind::Other,
        };
        letterboxd::read(file, &text, &header, kind, out, limits.max_rows)?;
        return Ok(SourceFormat::Letterboxd);
    }
    Err(FileError::Unrecognised)
}
