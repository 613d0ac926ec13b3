//! Letterboxd's CSV files: from its data export `ratings.csv` (`Date, Name, Year, Letterboxd
//! URI, Rating`), `watchlist.csv` and `watched.csv` (`Date, Name, Year, Letterboxd URI`) and
//! `diary.csv` (`Date, Name, Year, Letterboxd URI, Rating, Rewatch, Tags, Watched Date`), and
//! the import format Letterboxd itself reads (`Title, Year, imdbID, tmdbID, Rating10,
//! WatchedDate`, which `moviebot export` writes). Ratings are already 0.5–5 stars.
//!
//! Which file a CSV is decides what its rows mean, so the file name matters: `watchlist.csv`
//! rows go to the watchlist, `watched.csv` rows are counted as seen, a rated row is a
//! rating. Without a name, a file with ratings is read as ratings, anything else as films
//! seen (never guessed onto the watchlist).

use moviebot_protocol::Stars;

use super::columns::{Header, Read, each_record, field, year};
use super::{FileError, FileRow, ParsedFile, RowKind, dates, ids};

/// Which Letterboxd file a name is ("ratings.csv", "diary.csv", ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ratings,
    Watchlist,
    Watched,
    Diary,
    /// A CSV in Letterboxd's import format, or one whose name says nothing.
    Other,
}

impl Kind {
    pub fn of(name: &str) -> Option<Kind> {
        let base = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
        Some(match base.as_str() {
            "ratings.csv" => Kind::Ratings,
            "watchlist.csv" => Kind::Watchlist,
            "watched.csv" => Kind::Watched,
            "diary.csv" => Kind::Diary,
            _ => return None,
        })
    }
}

/// Whether a header is one of Letterboxd's.
pub fn looks_like(h: &Header) -> bool {
    h.has("Letterboxd URI")
        || h.has("LetterboxdURI")
        || (h.has("Name") && h.has("Year"))
        || (h.has("Title")
            && ["Rating", "Rating10", "WatchedDate", "imdbID", "tmdbID"]
                .iter()
                .any(|c| h.has(c)))
}

/// Reads one Letterboxd CSV into `out`.
pub fn read(
    file: &str,
    text: &str,
    h: &Header,
    kind: Kind,
    out: &mut ParsedFile,
    max_rows: usize,
) -> Result<(), FileError> {
    let title = h.find(&["Name", "Title"]).ok_or(FileError::MissingColumn {
        file: file.to_string(),
        column: "Name",
    })?;
    let year_at = h.find(&["Year"]);
    let rating = h.find(&["Rating"]);
    let rating10 = h.find(&["Rating10"]);
    let date = match kind {
        Kind::Diary => h.find(&["Watched Date", "WatchedDate", "Date"]),
        _ => h.find(&["WatchedDate", "Watched Date", "Date"]),
    };
    let imdb = h.find(&["imdbID", "IMDb ID"]);
    let tmdb = h.find(&["tmdbID", "TMDb ID"]);
    each_record(text, file, out, max_rows, |r, line| {
        let name = field(r, Some(title));
        if r.iter().all(|f| f.trim().is_empty()) {
            return Read::Blank;
        }
        if name.is_empty() {
            return Read::Bad("no film title".into());
        }
        let raw_year = field(r, year_at);
        let year = match raw_year {
            "" => None,
            y => match year(y) {
                Some(y) => Some(y),
                None => return Read::Bad(format!("year {y:?} is not a year")),
            },
        };
        let stars = match (field(r, rating), field(r, rating10)) {
            ("", "") => None,
            (stars, "") => match stars.parse::<f32>().ok().and_then(Stars::new) {
                Some(s) => Some(s),
                None => return Read::Bad(format!("rating {stars:?} is not 0.5–5 stars")),
            },
            (_, ten) => match ten.parse::<u8>().ok().and_then(Stars::from_halves) {
                Some(s) => Some(s),
                None => return Read::Bad(format!("rating {ten:?} is not 1–10")),
            },
        };
        let kind = match (kind, stars) {
            (Kind::Watchlist, _) => RowKind::Watchlist,
            (_, Some(_)) => RowKind::Rating,
            (Kind::Ratings, None) => return Read::Bad("no rating".into()),
            _ => RowKind::Watched,
        };
        let tmdb_id = match field(r, tmdb) {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(t) if t > 0 => Some(t),
                _ => return Read::Bad(format!("tmdbID {t:?} is not a TMDb id")),
            },
        };
        Read::Row(Box::new(FileRow {
            file: file.to_string(),
            line,
            title: name.to_string(),
            original_title: None,
            year,
            imdb_id: ids::imdb_id(field(r, imdb)),
            tmdb_id,
            kind,
            stars,
            date: dates::parse(field(r, date)),
        }))
    })
}
