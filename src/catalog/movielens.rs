//! `moviebot import movielens DIR`: movies.csv, links.csv, tags.csv (as keywords) and
//! ratings.csv (users named `movielens:<userId>`). Idempotent: a second run changes nothing.
//!
//! Every rating is kept, including films without a TMDb id (they keep their internal id) and
//! the MovieLens films that share one TMDb id (the first keeps it, the others go without).
//! The files are read by [`crate::movielens`], shared with `moviebot eval`.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use super::genres::{from_movielens, map_all};
use super::import_report::Problems;
use super::titles::split_movielens_title;
use moviebot_protocol::Stars;

use crate::domain::{MovieId, UserId};
use crate::movielens::{LinkRow, MovieRow, RatingRow as RatingCsv, TagRow, genre_names, read_rows};
use crate::store::{MovieRecord, MovieSource, NewMovie, RatingRow, Store};

/// What an import did.
#[derive(Debug, Default)]
pub struct MovieLensSummary {
    pub movies: usize,
    pub movies_inserted: usize,
    pub matched_existing: usize,
    pub shared_tmdb_ids: usize,
    pub users: usize,
    pub ratings: usize,
    pub tagged_movies: usize,
    pub problems: Problems,
    pub seconds: f64,
}

impl std::fmt::Display for MovieLensSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {} movies ({} new, {} merged with existing rows, {} sharing a TMDb id), \
             {} users, {} ratings, tags on {} movies, {} bad rows skipped, in {:.1} s",
            self.movies,
            self.movies_inserted,
            self.matched_existing,
            self.shared_tmdb_ids,
            self.users,
            self.ratings,
            self.tagged_movies,
            self.problems.count,
            self.seconds
        )
    }
}

/// Reads one CSV file of `dir` into (line, row) pairs, recording bad rows (with line numbers)
/// instead of failing. A missing required file is an error; a missing optional one reads as
/// empty.
fn read_csv<T: for<'de> Deserialize<'de>>(
    dir: &Path,
    name: &str,
    required: bool,
    problems: &mut Problems,
) -> anyhow::Result<Vec<(u64, T)>> {
    let path = dir.join(name);
    if !path.exists() {
        anyhow::ensure!(!required, "{} not found", path.display());
        return Ok(Vec::new());
    }
    read_rows(&path, |line, e| {
        problems.add(name, line, e);
        Ok(())
    })
}

/// [`read_csv`] over CSV text already in memory (the fuzz target reads files this way).
#[cfg(feature = "fuzzing")]
pub(crate) fn read_csv_from<T: for<'de> Deserialize<'de>>(
    text: &[u8],
    name: &str,
    problems: &mut Problems,
) -> anyhow::Result<Vec<(u64, T)>> {
    let mut rows = Vec::new();
    crate::movielens::each_row_from(
        text,
        name,
        |line, row| rows.push((line, row)),
        |line, e| {
            problems.add(name, line, e);
            Ok(())
        },
    )?;
    Ok(rows)
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Top tags of each film, most used first, at most `per_movie`.
pub(crate) fn keywords_from_tags(tags: &[TagRow], per_movie: usize) -> HashMap<i64, Vec<String>> {
    let mut counts: HashMap<i64, HashMap<String, usize>> = HashMap::new();
    for t in tags {
        let tag = t.tag.trim().to_lowercase();
        if !tag.is_empty() {
            *counts
                .entry(t.movie_id)
                .or_default()
                .entry(tag)
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(movie, c)| {
            let mut v: Vec<(String, usize)> = c.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            (
                movie,
                v.into_iter().take(per_movie).map(|(t, _)| t).collect(),
            )
        })
        .collect()
}

/// Imports a MovieLens directory into the store.
#[tracing::instrument(skip(store))]
pub async fn import(store: &Store, dir: &Path) -> anyhow::Result<MovieLensSummary> {
    let started = Instant::now();
    let mut s = MovieLensSummary::default();
    let movies = read_csv(dir, "movies.csv", true, &mut s.problems)?;
    let movies = distinct_movies(movies, &mut s.problems);
    let links: Vec<(u64, LinkRow)> = read_csv(dir, "links.csv", false, &mut s.problems)?;
    let tags: Vec<TagRow> = read_csv(dir, "tags.csv", false, &mut s.problems)?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let ratings: Vec<(u64, RatingCsv)> = read_csv(dir, "ratings.csv", false, &mut s.problems)?;

    let links: HashMap<i64, LinkRow> = links.into_iter().map(|(_, l)| (l.movie_id, l)).collect();
    let keywords = keywords_from_tags(&tags, 10);
    s.tagged_movies = keywords.len();

    let ml_ids = import_movies(store, &movies, &links, &keywords, &mut s).await?;
    let user_ids = import_users(store, &ratings).await?;
    s.users = user_ids.len();

    let mut rows = Vec::with_capacity(ratings.len());
    for &(line, ref r) in &ratings {
        let Some(&movie) = ml_ids.get(&r.movie_id) else {
            s.problems.add(
                "ratings.csv",
                line,
                format!("unknown movieId {}", r.movie_id),
            );
            continue;
        };
        let stars = match Stars::exact(r.rating) {
            Ok(stars) => stars,
            Err(e) => {
                s.problems.add("ratings.csv", line, e);
                continue;
            }
        };
        rows.push(RatingRow {
            user: user_ids[&r.user_id],
            movie,
            rating: stars,
            updated_at: r.timestamp,
        });
    }
    let pb = bar(rows.len() as u64, "ratings");
    for chunk in rows.chunks(10_000) {
        store.upsert_ratings_bulk(chunk).await?;
        pb.inc(chunk.len() as u64);
    }
    pb.finish_and_clear();
    s.ratings = rows.len();
    s.seconds = started.elapsed().as_secs_f64();
    Ok(s)
}

/// Writes the films; returns MovieLens id → internal id.
async fn import_movies(
    store: &Store,
    movies: &[MovieRow],
    links: &HashMap<i64, LinkRow>,
    keywords: &HashMap<i64, Vec<String>>,
    s: &mut MovieLensSummary,
) -> anyhow::Result<HashMap<i64, MovieId>> {
    let existing = store.all_movies().await?;
    let mut by_ml: HashMap<i64, usize> = HashMap::new();
    let mut by_tmdb: HashMap<i64, usize> = HashMap::new();
    for (i, m) in existing.iter().enumerate() {
        if let Some(ml) = m.movie.movielens_id {
            by_ml.insert(ml, i);
        }
        if let Some(t) = m.movie.tmdb_id {
            by_tmdb.insert(t, i);
        }
    }
    let tmdb_owner = tmdb_owners(movies, links);

    let mut ids = HashMap::with_capacity(movies.len());
    let pb = bar(movies.len() as u64, "movies");
    for m in movies {
        pb.inc(1);
        let ours = new_movie(m, links, keywords, &tmdb_owner);
        if ours.tmdb_id.is_none() && links.get(&m.movie_id).is_some_and(|l| l.tmdb_id.is_some()) {
            s.shared_tmdb_ids += 1;
        }
        let found = by_ml
            .get(&m.movie_id)
            .or_else(|| ours.tmdb_id.and_then(|t| by_tmdb.get(&t)))
            .map(|&i| &existing[i]);
        let id = match found {
            Some(rec) => {
                if rec.source != MovieSource::MovieLens {
                    s.matched_existing += 1;
                }
                let merged = merged(rec, &ours);
                if merged != rec.movie {
                    store.update_movie(rec.id, &merged, rec.source).await?;
                }
                rec.id
            }
            None => {
                s.movies_inserted += 1;
                store.insert_movie(&ours, MovieSource::MovieLens).await?
            }
        };
        ids.insert(m.movie_id, id);
    }
    pb.finish_and_clear();
    s.movies = ids.len();
    Ok(ids)
}

/// The movies.csv rows with each movieId once: the store keeps one film per MovieLens id, so
/// a repeated id is reported and skipped (the first row stands) rather than failing the
/// import halfway on the database's unique constraint.
pub(crate) fn distinct_movies(
    rows: Vec<(u64, MovieRow)>,
    problems: &mut Problems,
) -> Vec<MovieRow> {
    let mut first: HashMap<i64, u64> = HashMap::with_capacity(rows.len());
    rows.into_iter()
        .filter(|(line, m)| match first.get(&m.movie_id) {
            Some(earlier) => {
                let why = format!("movieId {} repeats line {earlier}; skipped", m.movie_id);
                problems.add("movies.csv", *line, why);
                false
            }
            None => {
                first.insert(m.movie_id, *line);
                true
            }
        })
        .map(|(_, m)| m)
        .collect()
}

/// Which MovieLens film keeps each TMDb id: a TMDb id claimed by several films in the files
/// goes to the lowest movieId.
pub(crate) fn tmdb_owners(movies: &[MovieRow], links: &HashMap<i64, LinkRow>) -> HashMap<i64, i64> {
    let mut tmdb_owner: HashMap<i64, i64> = HashMap::new();
    for m in movies {
        if let Some(t) = links.get(&m.movie_id).and_then(|l| l.tmdb_id) {
            let owner = tmdb_owner.entry(t).or_insert(m.movie_id);
            *owner = (*owner).min(m.movie_id);
        }
    }
    tmdb_owner
}

/// A movies.csv row as the film MovieLens describes (its links and tags joined in); the TMDb
/// id is dropped when another film of the files owns it.
pub(crate) fn new_movie(
    m: &MovieRow,
    links: &HashMap<i64, LinkRow>,
    keywords: &HashMap<i64, Vec<String>>,
    tmdb_owner: &HashMap<i64, i64>,
) -> NewMovie {
    let (title, year) = split_movielens_title(&m.title);
    let link = links.get(&m.movie_id);
    let tmdb_id = link
        .and_then(|l| l.tmdb_id)
        .filter(|t| tmdb_owner.get(t) == Some(&m.movie_id));
    NewMovie {
        tmdb_id,
        movielens_id: Some(m.movie_id),
        // "tt" and seven digits at least, as IMDb exports write them (the file's zero
        // padding is not trusted).
        imdb_id: link
            .and_then(|l| l.imdb_id.as_deref())
            .and_then(crate::taste_files::ids::imdb_id),
        title,
        year,
        genres: map_all(genre_names(&m.genres), from_movielens),
        keywords: keywords.get(&m.movie_id).cloned().unwrap_or_default(),
        ..NewMovie::default()
    }
}

/// A stored film with what MovieLens says about it (`ours`, from [`new_movie`]): what other
/// sources added (cast, overview...) is kept; MovieLens owns only its ids, and the title,
/// year and genres of rows it created itself.
pub(crate) fn merged(rec: &MovieRecord, ours: &NewMovie) -> NewMovie {
    let mut merged = rec.movie.clone();
    merged.movielens_id = ours.movielens_id;
    merged.imdb_id = merged.imdb_id.or(ours.imdb_id.clone());
    if rec.source == MovieSource::MovieLens {
        merged.title = ours.title.clone();
        merged.year = ours.year;
        merged.genres = ours.genres.clone();
    }
    for k in &ours.keywords {
        if !merged.keywords.contains(k) && merged.keywords.len() < 15 {
            merged.keywords.push(k.clone());
        }
    }
    merged
}

/// Creates `movielens:<userId>` users; returns MovieLens user id → stored id.
async fn import_users(
    store: &Store,
    ratings: &[(u64, RatingCsv)],
) -> anyhow::Result<HashMap<i64, UserId>> {
    let mut ml_users: Vec<i64> = ratings.iter().map(|(_, r)| r.user_id).collect();
    ml_users.sort_unstable();
    ml_users.dedup();
    let mut ids = HashMap::with_capacity(ml_users.len());
    for u in ml_users {
        let name = format!("movielens:{u}");
        let user = match store.user_by_name(&name).await? {
            Some(user) => user,
            None => store.create_user(&name).await?,
        };
        ids.insert(u, user.id);
    }
    Ok(ids)
}
