//! Reads MovieLens CSV files (movies.csv, ratings.csv or a split's train/test.csv, optional
//! tags.csv) into the plain `data` types. The csv crate accepts both LF and CRLF endings,
//! which matters because the GroupLens files ship with CRLF.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use super::data::{Dataset, ItemMeta, Rating};

#[derive(Deserialize)]
struct MovieRow {
    #[serde(rename = "movieId")]
    movie_id: i64,
    title: String,
    genres: String,
}

#[derive(Deserialize)]
struct RatingRow {
    #[serde(rename = "userId")]
    user_id: i64,
    #[serde(rename = "movieId")]
    movie_id: i64,
    rating: f32,
    timestamp: i64,
}

#[derive(Deserialize)]
struct TagRow {
    #[serde(rename = "movieId")]
    movie_id: i64,
    tag: String,
}

/// Splits "Heat (1995)" into ("Heat", Some(1995)); titles without a trailing year stay whole.
pub fn split_title(raw: &str) -> (String, Option<i32>) {
    let t = raw.trim();
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
    {
        let inner = &t[open + 1..t.len() - 1];
        // "(1995-1996)" style ranges occur for series; take the first year.
        let first = inner.split(['-', '–']).next().unwrap_or("");
        if first.len() == 4
            && let Ok(year) = first.parse::<i32>()
        {
            return (t[..open].trim_end().to_string(), Some(year));
        }
    }
    (t.to_string(), None)
}

/// movies.csv → metadata (title, year, pipe-separated genres).
pub fn load_movies(path: &Path) -> anyhow::Result<Vec<ItemMeta>> {
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    let mut items = Vec::new();
    for row in rdr.deserialize::<MovieRow>() {
        let row = row.with_context(|| format!("reading {}", path.display()))?;
        let (title, year) = split_title(&row.title);
        let genres = row
            .genres
            .split('|')
            .map(str::trim)
            .filter(|g| !g.is_empty() && !g.eq_ignore_ascii_case("(no genres listed)"))
            .map(String::from)
            .collect();
        items.push(ItemMeta {
            title,
            year,
            genres,
            ..ItemMeta::bare(row.movie_id)
        });
    }
    Ok(items)
}

/// ratings.csv / train.csv / test.csv (userId,movieId,rating,timestamp).
pub fn load_ratings(path: &Path) -> anyhow::Result<Vec<Rating>> {
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    for row in rdr.deserialize::<RatingRow>() {
        let r = row.with_context(|| format!("reading {}", path.display()))?;
        out.push(Rating {
            user: r.user_id,
            item: r.movie_id,
            rating: r.rating,
            timestamp: r.timestamp,
        });
    }
    Ok(out)
}

/// tags.csv → distinct lower-cased tags per movie, used as keywords.
pub fn load_tags(path: &Path) -> anyhow::Result<HashMap<i64, Vec<String>>> {
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rdr.deserialize::<TagRow>() {
        let r = row.with_context(|| format!("reading {}", path.display()))?;
        let tag = r.tag.trim().to_lowercase();
        if tag.is_empty() {
            continue;
        }
        let tags = out.entry(r.movie_id).or_default();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(out)
}

/// Loads `dir/movies.csv` (+ `dir/tags.csv` when present) as metadata.
pub fn load_catalog(dir: &Path) -> anyhow::Result<Vec<ItemMeta>> {
    let mut items = load_movies(&dir.join("movies.csv"))?;
    let tags_path = dir.join("tags.csv");
    if tags_path.exists() {
        let mut tags = load_tags(&tags_path)?;
        for item in &mut items {
            if let Some(t) = tags.remove(&item.id) {
                item.keywords = t;
            }
        }
    }
    Ok(items)
}

/// A whole MovieLens directory: catalog plus `ratings.csv`.
pub fn load_dir(dir: &Path) -> anyhow::Result<Dataset> {
    Ok(Dataset::new(
        load_catalog(dir)?,
        load_ratings(&dir.join("ratings.csv"))?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_year() {
        assert_eq!(split_title("Heat (1995)"), ("Heat".into(), Some(1995)));
        assert_eq!(split_title("Babylon 5 "), ("Babylon 5".into(), None));
        assert_eq!(
            split_title("Cosmos (1980-1981)"),
            ("Cosmos".into(), Some(1980))
        );
        assert_eq!(
            split_title("Lord (The) (2001)"),
            ("Lord (The)".into(), Some(2001))
        );
    }

    #[test]
    fn reads_crlf_movies() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("movies.csv"),
            "movieId,title,genres\r\n1,\"Heat, The (1995)\",Action|Crime\r\n2,X,(no genres listed)\r\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("tags.csv"),
            "userId,movieId,tag,timestamp\r\n1,1,Heist,5\r\n2,1,heist,6\r\n",
        )
        .unwrap();
        let items = load_catalog(dir.path()).unwrap();
        assert_eq!(items[0].title, "Heat, The");
        assert_eq!(items[0].year, Some(1995));
        assert_eq!(items[0].genres, vec!["Action", "Crime"]);
        assert_eq!(items[0].keywords, vec!["heist"]);
        assert!(items[1].genres.is_empty());
    }
}
