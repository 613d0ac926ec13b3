//! The CSV that Letterboxd's importer reads (letterboxd.com/import): `Title, Year, imdbID,
//! tmdbID, Rating10, WatchedDate`, one row per rating. Rating10 is the 1–10 scale, exact for
//! half stars; the ids let Letterboxd match without guessing from the title.

use moviebot_protocol::Stars;

use super::dates;

/// One rating to write.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRating {
    pub title: String,
    pub year: Option<i32>,
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
    pub stars: Stars,
    /// Unix seconds.
    pub date: i64,
}

/// The header row.
pub const HEADER: [&str; 6] = [
    "Title",
    "Year",
    "imdbID",
    "tmdbID",
    "Rating10",
    "WatchedDate",
];

/// The CSV text (UTF-8, no BOM, CRLF-free) of `rows`.
pub fn write(rows: &[CsvRating]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(HEADER);
    for r in rows {
        let _ = w.write_record([
            r.title.as_str(),
            &r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.imdb_id.as_deref().unwrap_or(""),
            &r.tmdb_id.map(|t| t.to_string()).unwrap_or_default(),
            &r.stars.halves().to_string(),
            &dates::format(r.date),
        ]);
    }
    w.into_inner().unwrap_or_default()
}
