//! MovieLens CSV files as plain rows: movies.csv, links.csv, tags.csv and ratings.csv (or a
//! split's train.csv / test.csv). The one reader behind both `moviebot import movielens`
//! (`catalog::movielens`, which stores the rows) and `moviebot eval` and the benches
//! (`recommend::movielens`, which turns them into the recommender's plain input), so it knows
//! files only: no store, no model.
//!
//! Fields are trimmed, and the csv crate accepts both LF and CRLF endings, which matters
//! because the GroupLens files ship with CRLF.

use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

/// A row of movies.csv.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MovieRow {
    #[serde(rename = "movieId")]
    pub movie_id: i64,
    /// "Heat (1995)", "Matrix, The (1999)": see [`split_year`].
    pub title: String,
    /// Pipe-separated: see [`genre_names`].
    pub genres: String,
}

/// A row of links.csv.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LinkRow {
    #[serde(rename = "movieId")]
    pub movie_id: i64,
    /// Without the "tt" prefix.
    #[serde(rename = "imdbId")]
    pub imdb_id: Option<String>,
    #[serde(rename = "tmdbId")]
    pub tmdb_id: Option<i64>,
}

/// A row of tags.csv (the user and time are not read).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TagRow {
    #[serde(rename = "movieId")]
    pub movie_id: i64,
    pub tag: String,
}

/// A row of ratings.csv, train.csv or test.csv.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RatingRow {
    #[serde(rename = "userId")]
    pub user_id: i64,
    #[serde(rename = "movieId")]
    pub movie_id: i64,
    /// As written; validating it is the reader's caller's business.
    pub rating: f64,
    /// Unix seconds.
    pub timestamp: i64,
}

/// Reads one CSV file row by row, handing each to `on_row(line, row)`. A row that cannot be
/// read goes to `bad_row(line, error)`, which either skips it (returns `Ok`) or stops the
/// read; a header lacking a column the row type needs is always an error, since no row below
/// can be read. Rows are never all held at once, so a 30-million-rating file costs only its
/// destination.
pub fn each_row<T: for<'de> Deserialize<'de>>(
    path: &Path,
    on_row: impl FnMut(u64, T),
    bad_row: impl FnMut(u64, csv::Error) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let reader = reader()
        .from_path(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    rows_of(reader, &path.display().to_string(), on_row, bad_row)
}

/// [`each_row`] over CSV text from anywhere; `name` stands for the file in errors.
pub fn each_row_from<T: for<'de> Deserialize<'de>>(
    input: impl std::io::Read,
    name: &str,
    on_row: impl FnMut(u64, T),
    bad_row: impl FnMut(u64, csv::Error) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    rows_of(reader().from_reader(input), name, on_row, bad_row)
}

/// Fields trimmed; the csv crate's defaults otherwise (a header row, LF or CRLF).
fn reader() -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder.trim(csv::Trim::All);
    builder
}

fn rows_of<T: for<'de> Deserialize<'de>, R: std::io::Read>(
    mut reader: csv::Reader<R>,
    name: &str,
    mut on_row: impl FnMut(u64, T),
    mut bad_row: impl FnMut(u64, csv::Error) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let headers = reader
        .headers()
        .with_context(|| format!("{name}: cannot read the header"))?
        .clone();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line());
                match record.deserialize::<T>(Some(&headers)) {
                    Ok(row) => on_row(line, row),
                    Err(e)
                        if matches!(e.kind(), csv::ErrorKind::Deserialize { .. })
                            && e.to_string().contains("missing field") =>
                    {
                        anyhow::bail!("{name}: {e} (header: {headers:?})");
                    }
                    Err(e) => bad_row(line, e)?,
                }
            }
            Err(e) => bad_row(line, e)?,
        }
    }
}

/// [`each_row`] collected as (line, row) pairs.
pub fn read_rows<T: for<'de> Deserialize<'de>>(
    path: &Path,
    bad_row: impl FnMut(u64, csv::Error) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<(u64, T)>> {
    let mut rows = Vec::new();
    each_row(path, |line, row| rows.push((line, row)), bad_row)?;
    Ok(rows)
}

/// [`each_row`] without line numbers, failing at the first row that cannot be read.
pub fn read_each<T: for<'de> Deserialize<'de>>(
    path: &Path,
    mut on_row: impl FnMut(T),
) -> anyhow::Result<()> {
    each_row(
        path,
        |_, row| on_row(row),
        |line, e| Err(anyhow::anyhow!("reading {}:{line}: {e}", path.display())),
    )
}

/// Splits "Heat (1995)" into ("Heat", Some(1995)); "(1995-1996)" style ranges (series) give
/// their first year; titles without a trailing year stay whole (trimmed).
pub fn split_year(raw: &str) -> (&str, Option<i32>) {
    let t = raw.trim();
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
    {
        let inner = &t[open + 1..t.len() - 1];
        let first = inner.split(['-', '–']).next().unwrap_or("");
        if first.len() == 4
            && first.chars().all(|c| c.is_ascii_digit())
            && let Ok(year) = first.parse()
        {
            return (t[..open].trim_end(), Some(year));
        }
    }
    (t, None)
}

/// The MovieLens genre names of a movies.csv `genres` field ("Action|Crime"), without
/// "(no genres listed)".
pub fn genre_names(genres: &str) -> impl Iterator<Item = &str> {
    genres
        .split('|')
        .map(str::trim)
        .filter(|g| !g.is_empty() && !g.eq_ignore_ascii_case("(no genres listed)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_year() {
        assert_eq!(split_year("Heat (1995)"), ("Heat", Some(1995)));
        assert_eq!(split_year("Babylon 5 "), ("Babylon 5", None));
        assert_eq!(split_year("Cosmos (1980-1981)"), ("Cosmos", Some(1980)));
        assert_eq!(split_year("Lord (The) (2001)"), ("Lord (The)", Some(2001)));
        assert_eq!(
            split_year("Stranger Things (2016-)"),
            ("Stranger Things", Some(2016))
        );
    }

    #[test]
    fn genres_split_on_pipes() {
        let names: Vec<&str> = genre_names("Action| Crime|").collect();
        assert_eq!(names, ["Action", "Crime"]);
        assert_eq!(genre_names("(no genres listed)").count(), 0);
    }

    #[test]
    fn reads_crlf_and_reports_bad_rows() {
        let dir = tempfile::tempdir().unwrap();
        let ratings = |name: &str, eol: &str| {
            let path = dir.path().join(name);
            let rows = [
                "userId,movieId,rating,timestamp",
                "1,2,3.5,9",
                "1,3,seven,9",
                "2,2, 4.0 ,10",
            ];
            std::fs::write(&path, rows.join(eol) + eol).unwrap();
            let mut bad = Vec::new();
            let rows: Vec<(u64, RatingRow)> = read_rows(&path, |line, _| {
                bad.push(line);
                Ok(())
            })
            .unwrap();
            let read: Vec<(i64, f64)> = rows.iter().map(|(_, r)| (r.user_id, r.rating)).collect();
            assert_eq!(read, [(1, 3.5), (2, 4.0)], "{name}");
            (path, bad, rows.iter().map(|(l, _)| *l).collect::<Vec<_>>())
        };
        let (lf, bad, lines) = ratings("lf.csv", "\n");
        assert_eq!((bad, lines), (vec![3], vec![2, 4]));
        ratings("crlf.csv", "\r\n");
        let err = read_each(&lf, |_: RatingRow| {}).unwrap_err().to_string();
        assert!(err.contains("lf.csv:3"), "{err}");
    }
}
