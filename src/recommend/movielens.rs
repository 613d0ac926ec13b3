//! MovieLens CSV files (movies.csv, ratings.csv or a split's train/test.csv, optional
//! tags.csv) as the plain `data` types, for `moviebot eval`, the benches and tuning. The rows
//! come from [`crate::movielens`], the reader the importer shares; what is kept differs:
//! titles keep MovieLens' spelling ("Heat, The"), genres its names, tags every distinct one.

use std::collections::HashMap;
use std::path::Path;

use super::data::{Dataset, ItemMeta, Rating};
use crate::movielens::{MovieRow, RatingRow, TagRow, genre_names, read_each, split_year};

/// movies.csv → metadata (title, year, pipe-separated genres).
pub fn load_movies(path: &Path) -> anyhow::Result<Vec<ItemMeta>> {
    let mut items = Vec::new();
    read_each(path, |row: MovieRow| {
        let (title, year) = split_year(&row.title);
        items.push(ItemMeta {
            title: title.to_string(),
            year,
            genres: genre_names(&row.genres).map(String::from).collect(),
            ..ItemMeta::bare(row.movie_id)
        });
    })?;
    Ok(items)
}

/// ratings.csv / train.csv / test.csv (userId,movieId,rating,timestamp).
pub fn load_ratings(path: &Path) -> anyhow::Result<Vec<Rating>> {
    let mut ratings = Vec::new();
    read_each(path, |r: RatingRow| {
        ratings.push(Rating {
            user: r.user_id,
            item: r.movie_id,
            rating: r.rating as f32,
            timestamp: r.timestamp,
        });
    })?;
    Ok(ratings)
}

/// tags.csv → distinct lower-cased tags per movie, used as keywords.
pub fn load_tags(path: &Path) -> anyhow::Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    read_each(path, |r: TagRow| {
        let tag = r.tag.trim().to_lowercase();
        if tag.is_empty() {
            return;
        }
        let tags = out.entry(r.movie_id).or_default();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    })?;
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
