//! `moviebot backup PATH`: a consistent copy of a SQLite database, taken while the bot runs.
//! For PostgreSQL it prints the `pg_dump` command for the configured database instead.
//!
//! The copy is SQLite's `VACUUM INTO`, run through sqlx like any other statement: it reads the
//! database inside one read transaction, so the copy is exactly the database as of one
//! commit, and in WAL mode it neither waits for the bot's writers nor holds them up. The C
//! backup API (`sqlite3_backup_*` on the raw handle) would need `unsafe` FFI through
//! `lock_handle()` for no gain here: its incremental steps restart whenever another connection
//! writes, so under a steady write load only a single all-at-once step finishes — the same one
//! read transaction `VACUUM INTO` uses — and `VACUUM INTO` also writes a compacted file.
//!
//! SQLite does not fsync what `VACUUM INTO` writes, and the target must not exist: the copy
//! goes to a temporary file beside PATH, is synced, checked (`PRAGMA integrity_check`) and
//! then renamed over PATH, so PATH is either the complete copy or untouched.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use sqlx::AnyPool;

use super::ExitStatus;
use super::doctor::database::{connect, plural, size};
use crate::config::Config;
use crate::store::Backend;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write the copy to (refused if it exists, unless --force).
    pub path: PathBuf,
    /// Replace PATH if it already exists.
    #[arg(long)]
    pub force: bool,
}

/// How long the copy waits for a connection or a lock.
const WAIT: Duration = Duration::from_secs(30);

pub async fn run(config: &Config, args: &BackupArgs) -> anyhow::Result<()> {
    let url = config.database.url.as_str();
    if !url.starts_with("sqlite:") {
        eprintln!("{}", pg_dump_advice(url, &args.path));
        return Err(ExitStatus(1).into());
    }
    if url.contains(":memory:") || url.contains("mode=memory") {
        bail!("the database is in memory ([database] url): there is nothing on disk to back up");
    }
    let source = sqlx::sqlite::SqliteConnectOptions::from_str(url)
        .context("cannot read [database] url")?
        .get_filename()
        .to_path_buf();
    if !source.is_file() {
        bail!(
            "no database at {} (check [database] url / MOVIEBOT_DATABASE__URL)",
            source.display()
        );
    }
    let target = &args.path;
    if target.exists() {
        if !args.force {
            bail!(
                "{} already exists: pass --force to replace it, or choose another path",
                target.display()
            );
        }
        if same_file(&source, target) {
            bail!("{} is the database itself", target.display());
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        bail!("the directory {} does not exist", dir.display());
    }
    let name = target
        .file_name()
        .context("PATH must name a file")?
        .to_string_lossy();
    let partial = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let result = copy(url, &partial, target).await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let copied = result?;
    println!(
        "backed up {} to {}: {}, {}, {}, {} (a consistent snapshot; restore: README, Backup \
         and restore)",
        source.display(),
        target.display(),
        size(copied.bytes),
        plural(copied.users, "user"),
        plural(copied.ratings, "rating"),
        plural(copied.films, "film")
    );
    Ok(())
}

/// What the finished copy holds.
struct Copied {
    bytes: u64,
    users: i64,
    ratings: i64,
    films: i64,
}

/// `VACUUM INTO` a temporary file, sync, verify, rename over `target`, sync the directory.
async fn copy(url: &str, partial: &Path, target: &Path) -> anyhow::Result<Copied> {
    let _ = std::fs::remove_file(partial);
    let source_url = if url.contains("mode=") {
        url.to_string()
    } else {
        format!("{url}{}mode=rw", if url.contains('?') { '&' } else { '?' })
    };
    let pool = connect(&source_url, Backend::Sqlite, WAIT)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the database: {e}"))?;
    let vacuum = sqlx::query("VACUUM INTO $1")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&pool)
        .await;
    pool.close().await;
    vacuum.context("VACUUM INTO failed (is there room on the target's disk?)")?;
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .context("cannot sync the copy to disk")?;

    let copy_url = format!("sqlite://{}?mode=ro", partial.display());
    let pool = connect(&copy_url, Backend::Sqlite, WAIT)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the copy: {e}"))?;
    let checked = verify(&pool).await;
    pool.close().await;
    let (users, ratings, films) = checked?;

    std::fs::rename(partial, target)
        .with_context(|| format!("cannot move the copy to {}", target.display()))?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename itself must survive a crash.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    let bytes = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
    Ok(Copied {
        bytes,
        users,
        ratings,
        films,
    })
}

/// The copy passes `PRAGMA integrity_check`; its users, ratings and films.
async fn verify(pool: &AnyPool) -> anyhow::Result<(i64, i64, i64)> {
    let check: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(5)")
        .fetch_all(pool)
        .await
        .context("cannot check the copy")?;
    if check != ["ok"] {
        bail!(
            "the copy fails PRAGMA integrity_check: {}",
            check.join("; ")
        );
    }
    let count = |table: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(pool)
            .await
            .with_context(|| format!("cannot count {table} in the copy"))
    };
    Ok((
        count("users").await?,
        count("ratings").await?,
        count("movies").await?,
    ))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// What to run for PostgreSQL: `pg_dump` on the configured database, password left out.
pub fn pg_dump_advice(url: &str, path: &Path) -> String {
    let safe = without_password(url);
    let file = quote(&path.display().to_string());
    format!(
        "moviebot backup copies SQLite databases; this one is PostgreSQL, which pg_dump backs \
         up consistently while the bot runs:\n\n  \
         pg_dump --format=custom --file={file} {url}\n\n\
         The password is left out of the URL: pg_dump reads it from PGPASSWORD or ~/.pgpass.\n\
         Restore into an empty database with:\n\n  \
         pg_restore --no-owner --dbname={url} {file}\n",
        url = quote(&safe)
    )
}

/// The URL without its password (in the user info or a `password=` parameter).
pub fn without_password(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return "(a URL that cannot be parsed)".to_string();
    };
    let _ = parsed.set_password(None);
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| k != "password")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

/// `text` as one POSIX shell word.
fn quote(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-:@=+,".contains(c));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_advice() {
        let url = "postgres://bot:s3cr%2Ft@db.example:5432/movies?sslmode=require&password=x2";
        let safe = without_password(url);
        assert_eq!(
            safe,
            "postgres://bot@db.example:5432/movies?sslmode=require"
        );
        let advice = pg_dump_advice(url, Path::new("/backups/movies 1.dump"));
        assert!(
            !advice.contains("s3cr") && !advice.contains("x2"),
            "{advice}"
        );
        assert!(
            advice.contains(
                "pg_dump --format=custom --file='/backups/movies 1.dump' \
                 'postgres://bot@db.example:5432/movies?sslmode=require'"
            ),
            "{advice}"
        );
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(quote("/a/b.dump"), "/a/b.dump");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("a&b"), "'a&b'");
    }
}
