//! [`Imports`]: a user's taste brought in from a Letterboxd or IMDb file (or a moviebot
//! export) and taken out again. An upload is read (`taste_files`), each row matched to a
//! film — by IMDb or TMDb id, then TMDb's `find` by IMDb id when TMDb is configured, then by
//! title and year (`catalog::row_match`) — and what it changes is planned against what the
//! user has (`plan`) and written in one transaction through [`Ratings`], which tells the
//! model. Rows that named several films are staged for the user to choose (`pick`, the
//! `ImportPick` button). Re-importing a file changes nothing.
//!
//! - `report`: [`ImportReport`] and its one-sentence summary.
//! - `plan`: which ratings and watchlist entries a file changes.
//! - `tmdb_find`: IMDb ids TMDb knows, looked up outside any chat turn's budget.
//! - `export`: everything stored about a user as JSON, and a CSV Letterboxd imports.
//! - `pick`: a staged row applied to the film the user chose, and the buttons offering it;
//!   `answer`: the chat reply to that button.

mod answer;
mod export;
mod pick;
mod plan;
mod report;
mod tmdb_find;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use super::films::Films;
use super::ratings::Ratings;
use crate::catalog::row_match::{FilmMatcher, RowMatch};
use crate::domain::{MovieId, UserId};
use crate::store::{ExclusionKind, NewExclusion, Preferences, StagedRow, Store, StoreError, now};
use crate::taste_files::{self, FileError, FileRow, ImportFormat, Limits, RowKind};

pub use export::Export;
pub use pick::Picked;
pub use report::{AmbiguousRow, Candidate, ImportReport, TitleYear};

/// How long a row that named several films waits for the user's choice.
pub const STAGING_TTL_SECS: i64 = 7 * 24 * 3600;
/// The most IMDb ids one import asks TMDb about (each is one request, under the shared
/// rate limit).
pub const MAX_TMDB_FINDS: usize = 5_000;
/// The most rows offered for a choice (the rest are reported as not found).
pub const MAX_STAGED: usize = 200;

/// Where an import is, for a progress bar or a "working on it" message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStage {
    Reading,
    /// Asking TMDb about IMDb ids the library lacks.
    AskingTmdb,
    Matching,
    Saving,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub stage: ImportStage,
    pub done: usize,
    pub total: usize,
}

/// Why an import did nothing. [`ImportError::user_message`] is one sentence for chat.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("no such user")]
    UnknownUser,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A bug (the reading task panicked).
    #[error("{0}")]
    Internal(String),
}

impl ImportError {
    /// What to tell the user (never database internals).
    pub fn user_message(&self) -> String {
        match self {
            ImportError::File(e) => e.to_string(),
            ImportError::UnknownUser => "I don't know that user.".into(),
            ImportError::Store(_) | ImportError::Internal(_) => {
                "I couldn't save your import just now; please try again in a moment.".into()
            }
        }
    }
}

/// The import and export service.
pub struct Imports {
    store: Store,
    ratings: Arc<Ratings>,
    films: Arc<Films>,
    limits: Limits,
}

impl Imports {
    pub fn new(store: Store, ratings: Arc<Ratings>, films: Arc<Films>) -> Self {
        Self {
            store,
            ratings,
            films,
            limits: Limits::default(),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Imports an uploaded file for `user` (see [`Imports::import_named`]).
    pub async fn import(
        &self,
        user: UserId,
        format: ImportFormat,
        bytes: &[u8],
        progress: impl Fn(ImportProgress) + Send + Sync,
    ) -> Result<ImportReport, ImportError> {
        self.import_named(user, format, None, bytes, progress).await
    }

    /// Imports an uploaded file for `user`. `name` is the file's name when known: it tells a
    /// Letterboxd `watchlist.csv` from `watched.csv`, which share their columns.
    #[tracing::instrument(skip(self, bytes, progress), fields(bytes = bytes.len()))]
    pub async fn import_named(
        &self,
        user: UserId,
        format: ImportFormat,
        name: Option<&str>,
        bytes: &[u8],
        progress: impl Fn(ImportProgress) + Send + Sync,
    ) -> Result<ImportReport, ImportError> {
        let started = Instant::now();
        if self.store.user(user).await?.is_none() {
            return Err(ImportError::UnknownUser);
        }
        let step = |stage, done, total| progress(ImportProgress { stage, done, total });
        step(ImportStage::Reading, 0, 1);
        // Reading a 10 MB ZIP takes a moment of CPU: not on the async threads.
        let (owned, limits, name) = (bytes.to_vec(), self.limits, name.map(str::to_owned));
        let parsed = tokio::task::spawn_blocking(move || {
            taste_files::parse(&owned, format, name.as_deref(), &limits)
        })
        .await
        .map_err(|e| ImportError::Internal(format!("reading the file: {e}")))??;
        let mut report = ImportReport {
            format: parsed.format,
            rows: parsed.rows.len(),
            skipped_non_movies: parsed.non_movies,
            malformed_count: parsed.malformed.len(),
            malformed: parsed
                .malformed
                .iter()
                .take(report::LISTED)
                .cloned()
                .collect(),
            ..ImportReport::default()
        };
        let rows = &parsed.rows;

        let lib = self.films.snapshot();
        let mut matcher = FilmMatcher::build(lib.records().map(|m| m.as_ref()));
        let by_ids = |m: &FilmMatcher, r: &FileRow| m.by_ids(r.imdb_id.as_deref(), r.tmdb_id);
        let mut found: Vec<Option<MovieId>> = rows.iter().map(|r| by_ids(&matcher, r)).collect();
        if self.films.is_live() {
            let mut wanted: Vec<String> = rows
                .iter()
                .zip(&found)
                .filter(|(_, f)| f.is_none())
                .filter_map(|(r, _)| r.imdb_id.clone())
                .collect();
            wanted.sort_unstable();
            wanted.dedup();
            wanted.truncate(MAX_TMDB_FINDS);
            if !wanted.is_empty() {
                let total = wanted.len();
                let films = tmdb_find::find_all(self.films.source().clone(), wanted, |done| {
                    step(ImportStage::AskingTmdb, done, total)
                })
                .await;
                report.tmdb_lookups = total;
                for m in self.films.ingest(films) {
                    matcher.add(&m);
                }
                for (f, r) in found.iter_mut().zip(rows) {
                    if f.is_none() {
                        *f = by_ids(&matcher, r);
                    }
                }
            }
        }

        let mut matched: Vec<(MovieId, &FileRow)> = Vec::with_capacity(rows.len());
        let mut ambiguous: Vec<(&FileRow, Vec<MovieId>)> = Vec::new();
        for (i, (row, f)) in rows.iter().zip(&found).enumerate() {
            if i % 500 == 0 {
                step(ImportStage::Matching, i, rows.len());
            }
            let titles: Vec<&str> = std::iter::once(row.title.as_str())
                .chain(row.original_title.as_deref())
                .collect();
            let hit = match f {
                Some(id) => RowMatch::Found(*id),
                None => matcher.by_title(&titles, row.year),
            };
            match hit {
                RowMatch::Found(id) => matched.push((id, row)),
                RowMatch::Ambiguous(ids) => ambiguous.push((row, ids)),
                RowMatch::NotFound => not_found(&mut report, row),
            }
        }
        report.matched = matched.len();
        step(ImportStage::Matching, rows.len(), rows.len());

        step(ImportStage::Saving, 0, 1);
        let stored = self.stored(user).await?;
        let p = plan::plan(&matched, &stored, now());
        self.ratings.import(user, &p.ratings, &p.watchlist).await?;
        report.ratings_imported = p.ratings.len();
        report.watchlist_added = p.watchlist.len();
        report.unchanged = p.unchanged;
        report.kept_newer = p.kept_newer;
        report.watched_only = p.watched_only;
        self.stage(user, ambiguous, &lib, &mut report).await?;
        if let Some(prefs) = &parsed.preferences {
            report.preferences_restored = self.restore_preferences(user, prefs).await?;
        }
        report.exclusions_restored = self.restore_exclusions(user, &parsed.exclusions).await?;
        step(ImportStage::Saving, 1, 1);
        report.seconds = started.elapsed().as_secs_f64();
        tracing::info!(user = user.0, summary = %report.summary(), "import done");
        Ok(report)
    }

    async fn stored(&self, user: UserId) -> Result<plan::Stored, StoreError> {
        let ratings = self
            .ratings
            .of(user)
            .await?
            .into_iter()
            .map(|r| (r.movie, (r.rating, r.updated_at)))
            .collect();
        let watchlist = self.ratings.watchlist(user).await?.into_iter().collect();
        Ok(plan::Stored { ratings, watchlist })
    }

    /// Keeps the ambiguous rows (one per title, year and kind) for the user's choice.
    async fn stage(
        &self,
        user: UserId,
        ambiguous: Vec<(&FileRow, Vec<MovieId>)>,
        lib: &super::library::Library,
        report: &mut ImportReport,
    ) -> Result<(), StoreError> {
        // One row per (title key, year, kind): the file's last.
        type Key = (String, Option<i32>, &'static str);
        let mut latest: HashMap<Key, (&FileRow, Vec<MovieId>)> = HashMap::new();
        let mut order = Vec::new();
        for (row, ids) in ambiguous {
            let key = (
                crate::catalog::row_match::title_key(&row.title),
                row.year,
                kind_name(row.kind),
            );
            if !latest.contains_key(&key) {
                order.push(key.clone());
            }
            latest.insert(key, (row, ids));
        }
        let mut rows = Vec::new();
        for key in order.iter() {
            let (row, ids) = &latest[key];
            if rows.len() >= MAX_STAGED {
                not_found(report, row);
                continue;
            }
            rows.push(StagedRow {
                id: 0,
                user,
                title: row.title.clone(),
                year: row.year,
                kind: kind_name(row.kind).into(),
                stars: row.stars,
                date: row.date,
                candidates: ids.clone(),
                expires_at: 0,
            });
        }
        if rows.is_empty() {
            return Ok(());
        }
        let ids = self
            .store
            .stage_import(user, &rows, STAGING_TTL_SECS)
            .await?;
        for (staged, id) in rows.iter().zip(ids) {
            report.ambiguous.push(AmbiguousRow {
                staging: id,
                title: staged.title.clone(),
                year: staged.year,
                rating: staged.stars.map(|s| s.get()),
                kind: staged.kind.clone(),
                candidates: staged
                    .candidates
                    .iter()
                    .filter_map(|c| lib.get(*c))
                    .map(|m| Candidate {
                        movie_id: super::library::public_id(m).get(),
                        title: m.movie.title.clone(),
                        year: m.movie.year,
                    })
                    .collect(),
            });
        }
        Ok(())
    }

    /// A moviebot export's lasting exclusions (films found by their public id; those this
    /// database does not know are skipped). Returns how many were new.
    async fn restore_exclusions(
        &self,
        user: UserId,
        exclusions: &[taste_files::moviebot_json::ExportedExclusion],
    ) -> Result<usize, StoreError> {
        let lib = self.films.snapshot();
        let mut added = 0;
        for e in exclusions {
            let new = match (ExclusionKind::parse(&e.kind), &e.film) {
                (Some(ExclusionKind::Film), Some(film)) => {
                    let Some(m) = lib.by_public(moviebot_protocol::PublicMovieId(film.public_id))
                    else {
                        continue;
                    };
                    NewExclusion::Film {
                        movie: m.id,
                        title: m.movie.title.clone(),
                    }
                }
                (Some(kind), None) if kind != ExclusionKind::Film && !e.value.trim().is_empty() => {
                    NewExclusion::DownWeight {
                        kind,
                        name: e.value.clone(),
                    }
                }
                _ => continue,
            };
            if self.store.add_exclusion(user, &new).await?.1 {
                added += 1;
            }
        }
        Ok(added)
    }

    /// A moviebot export's preferences, only where the user has stated none.
    async fn restore_preferences(
        &self,
        user: UserId,
        p: &taste_files::moviebot_json::ExportedPreferences,
    ) -> Result<bool, StoreError> {
        let theirs = Preferences {
            favourite_genres: p.favourite_genres.clone(),
            favourite_people: p.favourite_people.clone(),
            region: p.region.clone(),
            language: p.language.clone(),
        };
        if theirs == Preferences::default()
            || self.ratings.preferences(user).await? != Preferences::default()
        {
            return Ok(false);
        }
        self.ratings.set_preferences(user, &theirs).await?;
        Ok(true)
    }
}

fn not_found(report: &mut ImportReport, row: &FileRow) {
    report.not_found_count += 1;
    if report.not_found.len() < report::LISTED {
        report.not_found.push(TitleYear {
            title: row.title.clone(),
            year: row.year,
        });
    }
}

pub(super) fn kind_name(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Rating => "rating",
        RowKind::Watchlist => "watchlist",
        RowKind::Watched => "watched",
    }
}
