//! The database checks: for SQLite, the file, its directory, `-wal` and `-shm` (present and
//! writable — a missing file would be created empty by `moviebot run`, a read-only `-shm`
//! crashes SQLite) and `PRAGMA integrity_check`; for both backends, reachable, the applied
//! migrations against the ones this build carries, the contents, and a committed write (the
//! `/healthz` check). The database is opened without creating it; the write check's
//! timestamp is the only change.

mod files;
mod migrations;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

use files::{sqlite_file, sqlite_files};
use migrations::migrations;

use super::Report;
use crate::config::DatabaseConfig;
use crate::store::Backend;

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

/// The same committed write check as `/healthz` ([`crate::store::Store::check_writable`]): a
/// rolled-back write would never reach the disk, so it would miss a full disk or a read-only
/// `-wal`. Its only lasting trace is the `health.write_check` timestamp.
async fn writable(report: &mut Report, pool: &AnyPool, backend: Backend, timeout: Duration) {
    let store = crate::store::Store::from_pool(pool.clone(), backend);
    let probe = store.check_writable();
    let result = match tokio::time::timeout(timeout + Duration::from_secs(1), probe).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(crate::store::error_chain(&e)),
        Err(_) => Err(format!("no answer within {} s", timeout.as_secs())),
    };
    match result {
        Ok(()) => report.ok("database.writable", "a write was committed"),
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
