//! The database checks: for SQLite, the file, its directory, `-wal` and `-shm` (present and
//! writable — a missing file would be created empty by `moviebot run`, a read-only `-shm`
//! crashes SQLite) and `PRAGMA integrity_check`; for both backends, reachable, the applied
//! migrations against the ones this build carries, the contents, and a write that is rolled
//! back. The database is opened without creating it, and nothing in it is changed.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrate;
use sqlx::{AnyPool, Executor};

use super::Report;
use crate::config::DatabaseConfig;
use crate::store::{Backend, migrator};

/// Where the URL is set, for the fixes.
const URL_SETTING: &str = "[database] url (MOVIEBOT_DATABASE__URL, DATABASE_URL)";

pub async fn check(report: &mut Report, config: &DatabaseConfig, timeout: Duration) {
    let url = config.url.as_str();
    let backend = if url.starts_with("sqlite:") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    let connect_url = match backend {
        Backend::Sqlite => {
            let Some(path) = sqlite_file(report, url) else {
                return;
            };
            if !sqlite_files(report, &path) {
                return;
            }
            // Never create the file: a missing database was reported above.
            if url.contains("mode=") {
                url.to_string()
            } else {
                format!("{url}{}mode=rw", if url.contains('?') { '&' } else { '?' })
            }
        }
        Backend::Postgres => {
            report.ok(
                "database",
                format!(
                    "PostgreSQL at {}",
                    crate::cli::backup::without_password(url)
                ),
            );
            url.to_string()
        }
    };
    let pool = match connect(&connect_url, backend, timeout).await {
        Ok(pool) => pool,
        Err(e) => {
            report.fail(
                "database.connect",
                format!("cannot open the database: {e}"),
                match backend {
                    Backend::Sqlite => format!("check the file above and {URL_SETTING}"),
                    Backend::Postgres => format!(
                        "check that the server runs and accepts this user, and {URL_SETTING}"
                    ),
                },
            );
            return;
        }
    };
    report.ok(
        "database.connect",
        format!(
            "{} database answers",
            match backend {
                Backend::Sqlite => "SQLite",
                Backend::Postgres => "PostgreSQL",
            }
        ),
    );
    let healthy = match backend {
        Backend::Sqlite => integrity(report, &pool).await,
        Backend::Postgres => true,
    };
    if healthy && migrations(report, &pool, backend).await {
        contents(report, &pool).await;
        writable(report, &pool, backend, timeout).await;
    }
    pool.close().await;
}

/// The database file the URL names; `None` (reported) for an in-memory or unparsable URL.
fn sqlite_file(report: &mut Report, url: &str) -> Option<PathBuf> {
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
fn sqlite_files(report: &mut Report, path: &Path) -> bool {
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

/// `1 user`, `2 users`.
pub fn plural(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `2.4 MiB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A one-connection pool that waits at most `timeout` to connect (and, on SQLite, for a
/// writer's lock).
pub async fn connect(url: &str, backend: Backend, timeout: Duration) -> Result<AnyPool, String> {
    install_default_drivers();
    let options = AnyConnectOptions::from_str(url).map_err(|e| e.to_string())?;
    let busy_ms = timeout.as_millis().min(60_000) as u64;
    AnyPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(timeout)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    conn.execute(sqlx::AssertSqlSafe(format!(
                        "PRAGMA busy_timeout = {busy_ms}"
                    )))
                    .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|e| match e {
            sqlx::Error::PoolTimedOut => format!("no connection within {} s", timeout.as_secs()),
            e => e.to_string(),
        })
}

/// `PRAGMA integrity_check` (SQLite): what a restored file must pass.
async fn integrity(report: &mut Report, pool: &AnyPool) -> bool {
    let rows: Result<Vec<String>, _> = sqlx::query_scalar("PRAGMA integrity_check(5)")
        .fetch_all(pool)
        .await;
    match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => {
            report.ok("database.integrity", "PRAGMA integrity_check: ok");
            true
        }
        Ok(rows) => {
            report.fail(
                "database.integrity",
                format!("PRAGMA integrity_check found: {}", rows.join("; ")),
                "stop the bot and restore the latest backup (README: Backup and restore)",
            );
            false
        }
        Err(e) => {
            report.fail(
                "database.integrity",
                format!("cannot be read as a SQLite database: {e}"),
                format!("restore a backup made by `moviebot backup`, or fix {URL_SETTING}"),
            );
            false
        }
    }
}

/// The applied migrations against this build's; true when the schema is there to be read.
async fn migrations(report: &mut Report, pool: &AnyPool, backend: Backend) -> bool {
    let migrator = migrator(backend);
    let table = migrator.table_name.as_ref();
    let exists_sql = match backend {
        Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    let exists: Result<i64, _> = sqlx::query_scalar(exists_sql)
        .bind(table)
        .fetch_one(pool)
        .await;
    match exists {
        Ok(0) => {
            report.fail(
                "database.migrations",
                "no moviebot schema in this database",
                "run `moviebot migrate` to create it (a restored file without it is not a \
                 moviebot backup)",
            );
            return false;
        }
        Ok(_) => {}
        Err(e) => {
            report.fail(
                "database.migrations",
                format!("cannot read the schema: {e}"),
                format!("check {URL_SETTING}"),
            );
            return false;
        }
    }
    let read = async {
        let mut conn = pool.acquire().await?;
        let dirty = conn.dirty_version(table).await?;
        let applied = conn.list_applied_migrations(table).await?;
        Ok::<_, sqlx::migrate::MigrateError>((dirty, applied))
    };
    let (dirty, applied) = match read.await {
        Ok(found) => found,
        Err(e) => {
            report.fail(
                "database.migrations",
                format!("cannot read {table}: {e}"),
                "restore a backup made by `moviebot backup`",
            );
            return false;
        }
    };
    let known: Vec<_> = migrator.iter().collect();
    let mut unknown = Vec::new();
    let mut modified = Vec::new();
    for a in &applied {
        match known.iter().find(|m| m.version == a.version) {
            None => unknown.push(a.version.to_string()),
            Some(m) if m.checksum != a.checksum => modified.push(a.version.to_string()),
            Some(_) => {}
        }
    }
    let pending: Vec<String> = known
        .iter()
        .filter(|m| !applied.iter().any(|a| a.version == m.version))
        .map(|m| format!("{} {}", m.version, m.description))
        .collect();
    if let Some(version) = dirty {
        report.fail(
            "database.migrations",
            format!("migration {version} failed half way (marked unsuccessful in {table})"),
            "restore the backup taken before the upgrade, then upgrade again",
        );
    } else if !unknown.is_empty() {
        report.fail(
            "database.migrations",
            format!(
                "applied migrations this build does not know: {} (a newer moviebot wrote this \
                 database)",
                unknown.join(", ")
            ),
            "run the moviebot version that migrated it, or restore a backup made before",
        );
    } else if !modified.is_empty() {
        report.fail(
            "database.migrations",
            format!(
                "applied migrations differ from this build's: {} (checksum mismatch)",
                modified.join(", ")
            ),
            "run the moviebot build that migrated it; `moviebot run` refuses this database",
        );
    } else if !pending.is_empty() {
        report.warn(
            "database.migrations",
            format!(
                "{} applied, {} pending: {}",
                applied.len(),
                pending.len(),
                pending.join(", ")
            ),
            "`moviebot migrate` (or the next `moviebot run`) applies them; back up first",
        );
    } else {
        let latest = known
            .last()
            .map(|m| format!(" (latest {} {})", m.version, m.description))
            .unwrap_or_default();
        report.ok(
            "database.migrations",
            format!("{} applied, none pending{latest}", applied.len()),
        );
    }
    true
}

/// Users, ratings and films stored.
async fn contents(report: &mut Report, pool: &AnyPool) {
    let mut counts = Vec::new();
    for table in ["users", "ratings", "movies"] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .fetch_one(pool)
            .await
        {
            Ok(n) => counts.push(n),
            Err(e) => {
                report.fail(
                    "database.contents",
                    format!("cannot count {table}: {e}"),
                    "restore a backup made by `moviebot backup`",
                );
                return;
            }
        }
    }
    let detail = format!(
        "{}, {}, {}",
        plural(counts[0], "user"),
        plural(counts[1], "rating"),
        plural(counts[2], "film")
    );
    if counts[2] == 0 {
        report.warn(
            "database.contents",
            detail,
            "`moviebot migrate` (or `moviebot run`) loads the embedded catalog",
        );
    } else {
        report.ok("database.contents", detail);
    }
}

/// A write inside a transaction that is rolled back: proves the database takes writes (file
/// permissions, a read-only mount or standby, missing rights) without changing anything.
async fn writable(report: &mut Report, pool: &AnyPool, backend: Backend, timeout: Duration) {
    let probe = async {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO app_meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind("doctor.write_probe")
        .bind(crate::store::now().to_string())
        .execute(&mut *tx)
        .await?;
        tx.rollback().await
    };
    let result = match tokio::time::timeout(timeout + Duration::from_secs(1), probe).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", timeout.as_secs())),
    };
    match result {
        Ok(()) => report.ok(
            "database.writable",
            "a write in a transaction succeeded (rolled back)",
        ),
        Err(e) => report.fail(
            "database.writable",
            format!("a write fails: {e}"),
            match backend {
                Backend::Sqlite => {
                    "make the file, its directory, -wal and -shm writable by the bot's user, \
                     free disk space, and drop mode=ro from the URL"
                }
                Backend::Postgres => {
                    "grant the user INSERT/UPDATE/DELETE on moviebot's tables, and point the \
                     URL at the primary (not a read-only standby)"
                }
            },
        ),
    }
}
