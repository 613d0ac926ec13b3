//! The SQLite file checks: the URL names a file (not memory), which exists — a missing one
//! would be created empty by `moviebot run` — and which, with its directory and any
//! `-wal`/`-shm` beside it, the user running the doctor can write (a read-only `-shm` crashes
//! SQLite with SIGBUS).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::{URL_SETTING, size};
use crate::cli::doctor::Report;

/// The database file the URL names; `None` (reported) for an in-memory or unparsable URL.
pub fn sqlite_file(report: &mut Report, url: &str) -> Option<PathBuf> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        report.warn(
            "database",
            "SQLite in memory: every rating is lost when the bot stops",
            format!("point {URL_SETTING} at a file, e.g. sqlite:///var/lib/moviebot/moviebot.db"),
        );
        return None;
    }
    match sqlx::sqlite::SqliteConnectOptions::from_str(url) {
        Ok(options) => Some(absolute(options.get_filename())),
        Err(e) => {
            report.fail(
                "database",
                format!("cannot read the SQLite URL: {e}"),
                format!("fix {URL_SETTING}"),
            );
            None
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The file exists; it, its directory and any `-wal`/`-shm` beside it can be written.
pub fn sqlite_files(report: &mut Report, path: &Path) -> bool {
    let shown = path.display();
    let dir = path.parent().unwrap_or(Path::new("/"));
    if !dir.is_dir() {
        report.fail(
            "database.files",
            format!("the directory {} does not exist", dir.display()),
            format!("create it for the bot's user, or fix {URL_SETTING}"),
        );
        return false;
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            report.fail(
                "database.files",
                format!("no database at {shown}: `moviebot run` would start with an empty one"),
                format!(
                    "restore it from a backup if it held data (README: Backup and restore), or \
                     run `moviebot migrate` to create a new one; or fix {URL_SETTING}"
                ),
            );
            return false;
        }
        Err(e) => {
            report.fail(
                "database.files",
                format!("cannot read {shown}: {e}"),
                "give the bot's user access to the file and its directory",
            );
            return false;
        }
    };
    if !meta.is_file() {
        report.fail(
            "database.files",
            format!("{shown} is not a file"),
            format!("fix {URL_SETTING}"),
        );
        return false;
    }
    let mut problems = Vec::new();
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(path) {
        problems.push(format!("{shown} is not writable ({e})"));
    }
    if let Err(e) = probe_directory(dir) {
        problems.push(format!(
            "its directory {} is not writable ({e}); SQLite creates -wal and -shm there",
            dir.display()
        ));
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists()
            && let Err(e) = std::fs::OpenOptions::new().write(true).open(&side)
        {
            let why = if suffix == "-shm" {
                "; a read-only -shm crashes SQLite (SIGBUS)"
            } else {
                ""
            };
            problems.push(format!("{} is not writable ({e}){why}", side.display()));
        }
    }
    if problems.is_empty() {
        report.ok(
            "database.files",
            format!(
                "SQLite file {shown} ({}); it, its directory and any -wal/-shm are writable",
                size(meta.len())
            ),
        );
        true
    } else {
        report.fail(
            "database.files",
            problems.join("; "),
            "make them writable by the user the bot runs as (chown/chmod), or remove a stale \
             -wal/-shm while the bot is stopped",
        );
        // Reading still works: the checks below say what a read-only database holds.
        true
    }
}

/// Creates and removes a file in `dir`: the only sure test that SQLite can create its own.
fn probe_directory(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".moviebot-doctor-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)?;
    std::fs::remove_file(&probe)
}
