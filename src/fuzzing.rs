//! Entry points for the cargo-fuzz targets in `fuzz/` (feature `fuzzing`, hidden, never in a
//! release build). Each runs the code production runs on untrusted input — the configuration
//! loader, the intent parser, the importers' reading and preparing stages — without the store
//! or the network, and returns what the target checks. The embedded catalog stands in for
//! the stored films wherever production would ask the store.

use std::sync::LazyLock;

use moviebot_protocol::Stars;

use crate::catalog::import_report::Problems;
use crate::catalog::{movielens as ml_import, wikipedia};
use crate::chat::intent::{self, ParsedIntent};
use crate::chat::library::Library;
use crate::config::{Config, ConfigError, Origin};
use crate::domain::MovieId;
use crate::movielens::{LinkRow, MovieRow, RatingRow, TagRow};
use crate::store::{MovieRecord, MovieSource, NewMovie};

/// The embedded catalog as stored films (ids 1…n), as a fresh database holds it.
fn stored_films() -> &'static [MovieRecord] {
    static FILMS: LazyLock<Vec<MovieRecord>> = LazyLock::new(|| {
        crate::catalog::films()
            .iter()
            .zip(1..)
            .map(|(f, id)| MovieRecord {
                id: MovieId(id),
                source: MovieSource::Catalog,
                cached_at: 0,
                movie: f.to_new_movie(),
            })
            .collect()
    });
    &FILMS
}

/// `bot.toml` text with environment variables, loaded and validated as `moviebot run` does
/// (the file named `bot.toml`).
pub fn config(text: &str, vars: &[(String, String)]) -> Result<Config, ConfigError> {
    Config::from_text(Origin::File("bot.toml".into()), Some(text), vars).map(|l| l.config)
}

/// A chat message parsed as the core parses it: against the title and person index of the
/// films in the library (here the embedded catalog).
pub fn intent(message: &str, year_today: i32) -> ParsedIntent {
    static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::build(stored_films().to_vec()));
    intent::parse(message, LIBRARY.index(), year_today)
}

/// What `moviebot import movielens` would write, short of writing it.
#[derive(Debug, Default)]
pub struct MovieLensImport {
    /// Each movies.csv row as the film inserted, or the stored film's row after the merge.
    pub films: Vec<NewMovie>,
    /// The ratings that would be stored (user, movie, stars).
    pub ratings: Vec<(i64, i64, Stars)>,
    pub problems: Problems,
}

/// The four MovieLens files (movies.csv, links.csv, tags.csv, ratings.csv) read and prepared
/// as the importer reads and prepares them, the embedded catalog as the stored films.
pub fn import_movielens(
    movies: &[u8],
    links: &[u8],
    tags: &[u8],
    ratings: &[u8],
) -> anyhow::Result<MovieLensImport> {
    let mut out = MovieLensImport::default();
    let p = &mut out.problems;
    let movies: Vec<(u64, MovieRow)> = ml_import::read_csv_from(movies, "movies.csv", p)?;
    let movies = ml_import::distinct_movies(movies, p);
    let links: Vec<(u64, LinkRow)> = ml_import::read_csv_from(links, "links.csv", p)?;
    let tags: Vec<TagRow> = ml_import::read_csv_from(tags, "tags.csv", p)?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let ratings: Vec<(u64, RatingRow)> = ml_import::read_csv_from(ratings, "ratings.csv", p)?;

    let links = links.into_iter().map(|(_, l)| (l.movie_id, l)).collect();
    let keywords = ml_import::keywords_from_tags(&tags, 10);
    let owners = ml_import::tmdb_owners(&movies, &links);
    let stored = stored_films();
    for m in &movies {
        let ours = ml_import::new_movie(m, &links, &keywords, &owners);
        let found = ours
            .tmdb_id
            .and_then(|t| stored.iter().find(|s| s.movie.tmdb_id == Some(t)));
        out.films.push(match found {
            Some(rec) => ml_import::merged(rec, &ours),
            None => ours,
        });
    }
    for (_, r) in &ratings {
        if let Ok(stars) = Stars::exact(r.rating) {
            out.ratings.push((r.user_id, r.movie_id, stars));
        }
    }
    Ok(out)
}

/// What `moviebot import wikipedia` would do with one decade file, short of doing it.
#[derive(Debug, Default)]
pub struct WikipediaImport {
    /// Films that would fill gaps in a stored film (its row after the change).
    pub enriched: Vec<NewMovie>,
    /// Films that would be added.
    pub added: Vec<NewMovie>,
    pub problems: Problems,
}

/// A decade file's bytes read and matched against the stored films (the embedded catalog)
/// as the importer does.
pub fn import_wikipedia(file: &[u8]) -> anyhow::Result<WikipediaImport> {
    let mut out = WikipediaImport::default();
    let films = wikipedia::parse_file(
        "movies-2020s.json",
        "movies-2020s.json",
        file.to_vec(),
        &mut out.problems,
    )?;
    let stored = stored_films();
    static INDEX: LazyLock<std::collections::HashMap<String, Vec<usize>>> =
        LazyLock::new(|| wikipedia::title_index(stored_films()));
    for f in &films {
        match wikipedia::change(&INDEX, stored, f) {
            wikipedia::Change::Enrich { movie, .. } => out.enriched.push(movie),
            wikipedia::Change::Add(movie) => out.added.push(movie),
        }
    }
    Ok(out)
}

/// An uploaded taste file (Letterboxd ZIP or CSV, IMDb CSV, moviebot JSON) read as
/// `Imports::import` reads it, under tight limits, and its rows matched to the embedded
/// catalog as the import matches them to the stored films: (what was read, how many rows
/// matched a film, how many named several).
pub fn import_ratings_file(
    bytes: &[u8],
) -> Result<(crate::taste_files::ParsedFile, usize, usize), crate::taste_files::FileError> {
    use crate::catalog::row_match::{FilmMatcher, RowMatch};
    use crate::taste_files::{ImportFormat, Limits, parse};
    static MATCHER: LazyLock<FilmMatcher> = LazyLock::new(|| FilmMatcher::build(stored_films()));
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_zip_entries: 64,
        max_entry_bytes: 1 << 20,
        max_unzipped_bytes: 2 << 20,
        max_rows: 5_000,
    };
    let parsed = parse(bytes, ImportFormat::Auto, Some("ratings.csv"), &limits)?;
    let (mut found, mut ambiguous) = (0, 0);
    for row in &parsed.rows {
        let titles: Vec<&str> = std::iter::once(row.title.as_str())
            .chain(row.original_title.as_deref())
            .collect();
        let hit = match MATCHER.by_ids(row.imdb_id.as_deref(), row.tmdb_id) {
            Some(id) => RowMatch::Found(id),
            None => MATCHER.by_title(&titles, row.year),
        };
        match hit {
            RowMatch::Found(_) => found += 1,
            RowMatch::Ambiguous(ids) => {
                assert!(ids.len() >= 2 && ids.len() <= crate::catalog::row_match::MAX_CANDIDATES);
                ambiguous += 1;
            }
            RowMatch::NotFound => {}
        }
    }
    Ok((parsed, found, ambiguous))
}
