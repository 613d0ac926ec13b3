//! `moviebot import wikipedia DIR`: the decade files of prust/wikipedia-movie-data enrich the
//! films we have (cast, genres, an overview where ours is empty) and add the ones we lack.
//!
//! Extracts are Wikipedia text under CC BY-SA 4.0: each one is stored with its article link in
//! `overview_source`, and shown with that attribution.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use super::genres::{from_wikipedia, map_all};
use super::import_report::Problems;
use super::titles::normalize;
use crate::store::{MovieRecord, MovieSource, NewMovie, Store};

#[derive(Debug, Deserialize)]
pub struct WikiFilm {
    pub title: String,
    pub year: i32,
    #[serde(default)]
    pub cast: Vec<String>,
    #[serde(default)]
    pub genres: Vec<String>,
    pub href: Option<String>,
    pub extract: Option<String>,
}

impl WikiFilm {
    /// Cast names as listed, minus the scraper's stray fragments (")", "and").
    pub fn clean_cast(&self) -> Vec<String> {
        self.cast
            .iter()
            .map(|c| c.trim())
            .filter(|c| c.chars().filter(|ch| ch.is_alphabetic()).count() >= 3)
            .map(str::to_string)
            .collect()
    }

    /// The credit an extract is stored with: the licence, and the article where the data
    /// names one (an entry without `href` still gets the licence, never nothing).
    fn attribution(&self) -> String {
        match self
            .href
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
        {
            Some(h) => format!("Wikipedia (CC BY-SA 4.0): https://en.wikipedia.org/wiki/{h}"),
            None => "Wikipedia (CC BY-SA 4.0)".into(),
        }
    }
}

#[derive(Debug, Default)]
pub struct WikipediaSummary {
    pub files: usize,
    pub films: usize,
    pub enriched: usize,
    pub added: usize,
    pub unchanged: usize,
    pub problems: Problems,
    pub seconds: f64,
}

impl std::fmt::Display for WikipediaSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "read {} films from {} files: {} enriched, {} added, {} already up to date, \
             {} bad entries skipped, in {:.1} s",
            self.films,
            self.files,
            self.enriched,
            self.added,
            self.unchanged,
            self.problems.count,
            self.seconds
        )
    }
}

/// The decade files (`movies-1990s.json`, ...) in `dir`, in order.
pub fn decade_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("movies-") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    anyhow::ensure!(
        !files.is_empty(),
        "no movies-*.json files in {}",
        dir.display()
    );
    Ok(files)
}

/// Reads one decade file; entries that do not parse are reported and skipped.
pub fn read_file(path: &Path, problems: &mut Problems) -> anyhow::Result<Vec<WikiFilm>> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    parse_file(&path.display().to_string(), name, text, problems)
}

/// A decade file's bytes as films; `path` names it in errors, `name` in problems.
pub(crate) fn parse_file(
    path: &str,
    name: &str,
    text: Vec<u8>,
    problems: &mut Problems,
) -> anyhow::Result<Vec<WikiFilm>> {
    let text = String::from_utf8(text).with_context(|| format!("{path}: not UTF-8"))?;
    let values: Vec<serde_json::Value> =
        serde_json::from_str(&text).with_context(|| format!("{path}: not a JSON array"))?;
    let mut films = Vec::with_capacity(values.len());
    for (i, v) in values.into_iter().enumerate() {
        match serde_json::from_value::<WikiFilm>(v) {
            Ok(f) if !f.title.trim().is_empty() => films.push(f),
            Ok(_) => problems.add(name, i as u64 + 1, "entry without a title"),
            Err(e) => problems.add(name, i as u64 + 1, format!("entry {}: {e}", i + 1)),
        }
    }
    Ok(films)
}

/// The stored films by normalised title (positions in `movies`).
pub(crate) fn title_index(movies: &[MovieRecord]) -> HashMap<String, Vec<usize>> {
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in movies.iter().enumerate() {
        index.entry(normalize(&m.movie.title)).or_default().push(i);
    }
    index
}

/// What importing one film does: fill the gaps of the stored film it matches, or add it.
pub(crate) enum Change<'a> {
    Enrich {
        stored: &'a MovieRecord,
        movie: NewMovie,
    },
    Add(NewMovie),
}

/// The [`Change`] for `f` given the stored films (`index` from [`title_index`]).
pub(crate) fn change<'a>(
    index: &HashMap<String, Vec<usize>>,
    movies: &'a [MovieRecord],
    f: &WikiFilm,
) -> Change<'a> {
    let genres = map_all(f.genres.iter().map(String::as_str), from_wikipedia);
    let cast: Vec<String> = f.clean_cast().into_iter().take(5).collect();
    let extract = f.extract.clone().unwrap_or_default();
    match find(index, movies, f) {
        Some(stored) => {
            let mut m = stored.movie.clone();
            if m.cast.is_empty() {
                m.cast = cast;
            }
            if m.genres.is_empty() {
                m.genres = genres;
            }
            if m.overview.is_empty() && !extract.is_empty() {
                m.overview = extract;
                m.overview_source = Some(f.attribution());
            }
            if m.year.is_none() {
                m.year = Some(f.year);
            }
            Change::Enrich { stored, movie: m }
        }
        None => Change::Add(NewMovie {
            title: f.title.trim().to_string(),
            year: Some(f.year),
            genres,
            cast,
            overview_source: (!extract.is_empty()).then(|| f.attribution()),
            overview: extract,
            ..NewMovie::default()
        }),
    }
}

/// Finds a stored film with the same normalised title and a year within one.
fn find<'a>(
    index: &HashMap<String, Vec<usize>>,
    movies: &'a [MovieRecord],
    f: &WikiFilm,
) -> Option<&'a MovieRecord> {
    index
        .get(&normalize(&f.title))?
        .iter()
        .map(|&i| &movies[i])
        .find(|m| m.movie.year.is_none_or(|y| (y - f.year).abs() <= 1))
}

#[tracing::instrument(skip(store))]
pub async fn import(store: &Store, dir: &Path) -> anyhow::Result<WikipediaSummary> {
    let started = Instant::now();
    let mut s = WikipediaSummary::default();
    let files = decade_files(dir)?;
    s.files = files.len();
    let mut all = Vec::new();
    for f in &files {
        all.extend(read_file(f, &mut s.problems)?);
    }
    s.films = all.len();

    let movies = store.all_movies().await?;
    let index = title_index(&movies);
    let mut added: HashMap<(String, i32), ()> = HashMap::new();
    let pb = ProgressBar::new(all.len() as u64);
    pb.set_style(
        ProgressStyle::with_template("wikipedia [{bar:40}] {pos}/{len}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    for f in &all {
        pb.inc(1);
        match change(&index, &movies, f) {
            Change::Enrich { stored, movie } => {
                if movie != stored.movie {
                    store.update_movie(stored.id, &movie, stored.source).await?;
                    s.enriched += 1;
                } else {
                    s.unchanged += 1;
                }
            }
            Change::Add(movie) => {
                // The data lists some films twice (remakes share a title within a year).
                if added.insert((normalize(&f.title), f.year), ()).is_some() {
                    s.unchanged += 1;
                    continue;
                }
                store.insert_movie(&movie, MovieSource::Wikipedia).await?;
                s.added += 1;
            }
        }
    }
    pb.finish_and_clear();
    s.seconds = started.elapsed().as_secs_f64();
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn film(json: &str) -> WikiFilm {
        let mut problems = Problems::default();
        let films = parse_file("t.json", "t.json", json.as_bytes().to_vec(), &mut problems);
        films.unwrap().pop().unwrap()
    }

    /// Found by the import_wikipedia fuzz target: an entry with an extract but no `href` was
    /// stored with the CC BY-SA text and no attribution at all.
    #[test]
    fn every_extract_is_stored_with_its_licence() {
        let stored = |f: &WikiFilm| match change(&HashMap::new(), &[], f) {
            Change::Add(m) => m,
            Change::Enrich { .. } => panic!("nothing is stored"),
        };
        let linked = stored(&film(
            r#"[{"title":"Heat","year":1995,"href":"Heat_(1995_film)","extract":"A crime film."}]"#,
        ));
        assert_eq!(
            linked.overview_source.as_deref(),
            Some("Wikipedia (CC BY-SA 4.0): https://en.wikipedia.org/wiki/Heat_(1995_film)")
        );
        for unlinked in [
            r#"[{"title":"Heat","year":1995,"extract":"A crime film."}]"#,
            r#"[{"title":"Heat","year":1995,"href":" ","extract":"A crime film."}]"#,
        ] {
            let m = stored(&film(unlinked));
            assert_eq!(m.overview, "A crime film.");
            assert_eq!(
                m.overview_source.as_deref(),
                Some("Wikipedia (CC BY-SA 4.0)")
            );
        }
        // Nothing to credit without an extract.
        let bare = stored(&film(
            r#"[{"title":"Heat","year":1995,"href":"Heat_(1995_film)"}]"#,
        ));
        assert_eq!((bare.overview.as_str(), bare.overview_source), ("", None));
    }
}
