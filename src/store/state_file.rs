//! `<database>.state`: what the app last knew about its SQLite database, kept beside it, so a
//! database that vanished or came back empty is noticed at start instead of being silently
//! recreated (SQLite creates a missing file without a word).
//!
//! The file is small JSON — the database's id (also stored in the database, `app_meta`), when
//! it was first seen, and the last counts of users and ratings with their time — rewritten
//! (write, then rename) at every start, every minute while running (within seconds of the
//! first user), and at a clean stop. At start, [`verdict`] compares it with what is on disk.
//!
//! It lives beside the database, so it catches a deleted or emptied file, not a whole folder
//! or volume gone (then the folder check in `sqlite_files` usually speaks, as SQLite does not
//! create folders).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::sqlite_files::SqliteFiles;
use super::{Store, now};

/// How often a running app records the counts (and on every start and clean stop).
pub const RECORD_EVERY: Duration = Duration::from_secs(60);
/// How soon a database that was empty is recorded as holding data once it does: the first
/// user matters most, since from then on a vanished file means lost data.
pub const FIRST_DATA_WITHIN: Duration = Duration::from_secs(5);

/// The `app_meta` key holding the database's random id.
pub const DATABASE_ID_KEY: &str = "database.id";

/// What the state file records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseState {
    /// The database file this describes (for people reading the file).
    pub database: String,
    /// The random id stored in the database itself.
    pub database_id: String,
    /// When this database was first recorded (Unix seconds).
    pub first_seen: i64,
    /// When the counts below were taken (Unix seconds).
    pub updated_at: i64,
    pub users: i64,
    pub ratings: i64,
}

impl DatabaseState {
    /// Whether the database held anything people made.
    pub fn held_data(&self) -> bool {
        self.users > 0 || self.ratings > 0
    }

    /// "12 users and 1,448 ratings on Sat, 05 Dec 2026 10:00:00 GMT"
    pub fn describe(&self) -> String {
        let when = u64::try_from(self.updated_at)
            .ok()
            .map(|s| std::time::UNIX_EPOCH + std::time::Duration::from_secs(s))
            .map(httpdate::fmt_http_date)
            .unwrap_or_else(|| "an unknown time".into());
        format!(
            "{} and {} on {when}",
            counted(self.users, "user"),
            counted(self.ratings, "rating")
        )
    }
}

/// The state file of one database.
#[derive(Debug, Clone)]
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The recorded state; `None` when there is no file (a new install, or one from before
    /// state files). A damaged file is an error naming it.
    pub fn read(&self) -> anyhow::Result<Option<DatabaseState>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", self.path.display()));
            }
        };
        serde_json::from_str(&text).map(Some).with_context(|| {
            format!(
                "{} is damaged (delete it if the database beside it is the right one)",
                self.path.display()
            )
        })
    }

    /// Replaces the file atomically (a crash leaves the old or the new one, never half).
    pub fn write(&self, state: &DatabaseState) -> anyhow::Result<()> {
        let mut tmp = self.path.clone().into_os_string();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let text = serde_json::to_string_pretty(state).context("encode state")?;
        let written =
            std::fs::write(&tmp, text + "\n").and_then(|()| std::fs::rename(&tmp, &self.path));
        if written.is_err() {
            // A full disk leaves a partial temp file: don't leave it behind too.
            let _ = std::fs::remove_file(&tmp);
        }
        written.with_context(|| format!("cannot write {}", self.path.display()))
    }
}

/// What start-up should make of the state file and the database on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing known contradicts what is on disk.
    Fine,
    /// The file is gone although it held data.
    Missing(DatabaseState),
    /// The file has no users and no ratings although it held some.
    Empty(DatabaseState),
}

/// Compares the recorded state with the database: `exists` says whether the file is there,
/// `counts` (users, ratings) what it holds once opened (`None` before opening).
pub fn verdict(state: Option<&DatabaseState>, exists: bool, counts: Option<(i64, i64)>) -> Verdict {
    let Some(state) = state.filter(|s| s.held_data()) else {
        return Verdict::Fine;
    };
    if !exists {
        return Verdict::Missing(state.clone());
    }
    match counts {
        Some((0, 0)) => Verdict::Empty(state.clone()),
        _ => Verdict::Fine,
    }
}

/// The start-up check of one SQLite database against its state file: [`StartGuard::before_open`]
/// before SQLite can create a missing file, [`StartGuard::after_open`] once it is open.
#[derive(Debug)]
pub struct StartGuard {
    files: SqliteFiles,
    file: StateFile,
    state: Option<DatabaseState>,
    fresh: bool,
}

impl StartGuard {
    /// Refuses a database that held data and is gone, unless `fresh` (the admin asked for a
    /// new one).
    pub fn before_open(files: &SqliteFiles, fresh: bool) -> anyhow::Result<Self> {
        let file = StateFile::new(files.state());
        let state = file.read()?;
        if let Verdict::Missing(held) = verdict(state.as_ref(), files.exists(), None) {
            if !fresh {
                bail!(refusal(files, "is missing", &held, &file));
            }
            tracing::warn!(
                database = %files.db().display(),
                "the database is missing (it held {}); starting with a new empty one as asked",
                held.describe()
            );
        }
        Ok(Self {
            files: files.clone(),
            file,
            state,
            fresh,
        })
    }

    /// Refuses an opened database with no users and no ratings that held some, unless
    /// `fresh`; then records it and keeps the record current (every [`RECORD_EVERY`] and at
    /// [`Store::close`]). Returns the store carrying its tracker.
    pub async fn after_open(self, store: Store) -> anyhow::Result<Store> {
        let counts = (store.count_users().await?, store.count_ratings().await?);
        if let Verdict::Empty(held) = verdict(self.state.as_ref(), true, Some(counts)) {
            if !self.fresh {
                store.close().await;
                bail!(refusal(&self.files, "is empty", &held, &self.file));
            }
            tracing::warn!(
                database = %self.files.db().display(),
                "the database is empty (it held {}); starting with it as asked",
                held.describe()
            );
        }
        let new_id = format!("{:032x}", rand::random::<u128>());
        let id = store.meta_get_or_insert(DATABASE_ID_KEY, &new_id).await?;
        let known = self.state.as_ref().filter(|s| s.database_id == id);
        if let Some(old) = self
            .state
            .as_ref()
            .filter(|s| s.database_id != id && s.held_data())
        {
            tracing::warn!(
                database = %self.files.db().display(),
                "this is not the database {} last recorded (that one held {}); recording this one",
                self.file.path().display(),
                old.describe()
            );
        }
        let tracker = Arc::new(Tracker {
            file: self.file,
            database: self.files.db().display().to_string(),
            database_id: id,
            first_seen: known.map(|s| s.first_seen).unwrap_or_else(now),
            held: Default::default(),
        });
        tracker.record(&store).await?;
        tokio::spawn(record_periodically(store.clone(), tracker.clone()));
        Ok(store.with_tracker(tracker))
    }
}

fn refusal(files: &SqliteFiles, what: &str, held: &DatabaseState, file: &StateFile) -> String {
    format!(
        "the database {} {what} (it held {}): restore it from a backup (see README \"Backup and restore\"), \
         or start over with an empty database by adding --fresh-database to this command once \
         (or MOVIEBOT_DATABASE__FRESH=1). What it held is recorded in {}.",
        files.db().display(),
        held.describe(),
        file.path().display()
    )
}

/// Records one open database's counts in its state file.
#[derive(Debug)]
pub struct Tracker {
    file: StateFile,
    database: String,
    database_id: String,
    first_seen: i64,
    /// Whether the last record said the database held data.
    held: std::sync::atomic::AtomicBool,
}

impl Tracker {
    pub async fn record(&self, store: &Store) -> anyhow::Result<()> {
        let state = DatabaseState {
            database: self.database.clone(),
            database_id: self.database_id.clone(),
            first_seen: self.first_seen,
            updated_at: now(),
            users: store.count_users().await?,
            ratings: store.count_ratings().await?,
        };
        self.file.write(&state)?;
        self.held
            .store(state.held_data(), std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    fn held(&self) -> bool {
        self.held.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// [`Tracker::record`], a failure logged rather than returned (a running app goes on).
    pub async fn record_logged(&self, store: &Store) {
        if let Err(e) = self.record(store).await {
            tracing::warn!(error = %format!("{e:#}"), "could not update the database state file");
        }
    }
}

async fn record_periodically(store: Store, tracker: Arc<Tracker>) {
    let mut every = tokio::time::interval(FIRST_DATA_WITHIN);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    every.tick().await; // the first tick is now: recorded already
    let mut last = tokio::time::Instant::now();
    loop {
        every.tick().await;
        if store.pool().is_closed() {
            break;
        }
        // While the record says "empty", a cheap look for a first user; else once a minute.
        let first_data = !tracker.held() && store.has_users().await.unwrap_or(false);
        if first_data || last.elapsed() >= RECORD_EVERY {
            tracker.record_logged(&store).await;
            last = tokio::time::Instant::now();
        }
    }
}

/// "1 user", "1,448 ratings"
fn counted(n: i64, noun: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if n < 0 { "-" } else { "" };
    let plural = if n == 1 { "" } else { "s" };
    format!("{sign}{grouped} {noun}{plural}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(users: i64, ratings: i64) -> DatabaseState {
        DatabaseState {
            database: "/data/moviebot.db".into(),
            database_id: "abc".into(),
            first_seen: 1_796_000_000,
            updated_at: 1_796_464_800,
            users,
            ratings,
        }
    }

    #[test]
    fn verdicts() {
        let held = state(12, 1448);
        assert_eq!(verdict(None, false, None), Verdict::Fine);
        assert_eq!(verdict(Some(&state(0, 0)), false, None), Verdict::Fine);
        assert_eq!(
            verdict(Some(&held), false, None),
            Verdict::Missing(held.clone())
        );
        assert_eq!(verdict(Some(&held), true, None), Verdict::Fine);
        assert_eq!(
            verdict(Some(&held), true, Some((0, 0))),
            Verdict::Empty(held.clone())
        );
        // Fewer than before (a restored older backup) is not refused.
        assert_eq!(verdict(Some(&held), true, Some((3, 10))), Verdict::Fine);
    }

    #[test]
    fn described_for_people() {
        assert_eq!(
            state(12, 1448).describe(),
            "12 users and 1,448 ratings on Sat, 05 Dec 2026 10:00:00 GMT"
        );
        assert_eq!(counted(1, "user"), "1 user");
        assert_eq!(counted(1_234_567, "rating"), "1,234,567 ratings");
        assert_eq!(counted(0, "rating"), "0 ratings");
    }

    #[test]
    fn written_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("x.db.state"));
        assert_eq!(file.read().unwrap(), None);
        file.write(&state(1, 2)).unwrap();
        assert_eq!(file.read().unwrap(), Some(state(1, 2)));
        std::fs::write(file.path(), "{oops").unwrap();
        let e = format!("{:#}", file.read().unwrap_err());
        assert!(e.contains("x.db.state is damaged"), "{e}");
    }
}
