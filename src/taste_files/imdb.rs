//! IMDb's CSV exports: the ratings export (`Const, Your Rating, Date Rated, Title, Original
//! Title, URL, Title Type, IMDb Rating, Runtime (mins), Year, Genres, Num Votes, Release
//! Date, Directors`; older ones say `Date Added`) and watchlist or list exports (`Position,
//! Const, Created, Modified, Description, Title, ...`). The 1–10 scale becomes half stars
//! (10 → ★5, 9 → ★4.5, … 1 → ★½); titles that are not films (TV series, episodes, games)
//! are counted and skipped.

use moviebot_protocol::Stars;

use super::columns::{Header, Read, each_record, field, year};
use super::{FileError, FileRow, ParsedFile, RowKind, dates, ids};

/// Whether a header is IMDb's.
pub fn looks_like(h: &Header) -> bool {
    h.has("Const") && (h.has("Title") || h.has("Your Rating"))
}

/// Title types that are films; anything else named is skipped (an empty type is read).
fn is_film(title_type: &str) -> bool {
    let t: String = title_type
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    matches!(
        t.as_str(),
        "" | "movie"
            | "featurefilm"
            | "film"
            | "tvmovie"
            | "video"
            | "short"
            | "shortfilm"
            | "documentary"
    )
}

/// Reads an IMDb ratings or watchlist CSV into `out`.
pub fn read(
    file: &str,
    text: &str,
    h: &Header,
    out: &mut ParsedFile,
    max_rows: usize,
) -> Result<(), FileError> {
    let missing = |column| FileError::MissingColumn {
        file: file.to_string(),
        column,
    };
    let konst = h.find(&["Const"]).ok_or_else(|| missing("Const"))?;
    let title = h.find(&["Title"]);
    let original = h.find(&["Original Title"]);
    let title_type = h.find(&["Title Type"]);
    let year_at = h.find(&["Year"]);
    let release = h.find(&["Release Date"]);
    // A watchlist (or list) export has positions; newer ones also carry "Your Rating".
    let watchlist = h.has("Position");
    let rating = h.find(&["Your Rating"]);
    if !watchlist && rating.is_none() {
        return Err(missing("Your Rating"));
    }
    let date = h.find(&["Date Rated", "Date Added", "Created"]);
    each_record(text, file, out, max_rows, |r, line| {
        if r.iter().all(|f| f.trim().is_empty()) {
            return Read::Blank;
        }
        if !is_film(field(r, title_type)) {
            return Read::NotAFilm;
        }
        let raw_id = field(r, Some(konst));
        let Some(imdb_id) = ids::imdb_id(raw_id) else {
            return Read::Bad(format!("Const {raw_id:?} is not an IMDb id"));
        };
        let stars = match field(r, rating) {
            "" => None,
            n => match n.parse::<u8>().ok().and_then(Stars::from_halves) {
                Some(s) => Some(s),
                None => return Read::Bad(format!("rating {n:?} is not 1–10")),
            },
        };
        let kind = match (watchlist, stars) {
            (true, _) => RowKind::Watchlist,
            (false, Some(_)) => RowKind::Rating,
            (false, None) => return Read::Bad("no rating".into()),
        };
        let name = field(r, title);
        let original = Some(field(r, original))
            .filter(|o| !o.is_empty() && *o != name)
            .map(str::to_string);
        Read::Row(Box::new(FileRow {
            file: file.to_string(),
            line,
            title: if name.is_empty() {
                imdb_id.clone()
            } else {
                name.to_string()
            },
            original_title: original,
            year: year(field(r, year_at)).or_else(|| year(field(r, release))),
            imdb_id: Some(imdb_id),
            tmdb_id: None,
            kind,
            stars,
            date: dates::parse(field(r, date)),
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::is_film;

    #[test]
    fn films_and_not_films() {
        for t in [
            "Movie",
            "movie",
            "TV Movie",
            "tvMovie",
            "Video",
            "Short",
            "Feature Film",
            "",
        ] {
            assert!(is_film(t), "{t}");
        }
        for t in [
            "TV Series",
            "TV Episode",
            "TV Mini Series",
            "Video Game",
            "Podcast Series",
        ] {
            assert!(!is_film(t), "{t}");
        }
    }
}
