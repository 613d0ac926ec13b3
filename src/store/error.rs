//! `StoreError`, the one error every store function returns, and `QueryContext`, which names
//! the query that failed (as `.context("…")` does elsewhere) while keeping the cause typed.
//!
//! It also tells an outage from a bug: [`StoreError::outage`] says when a failure means "the
//! database cannot serve this right now" (the server is away or restarting, the disk is full,
//! the file is read-only or locked) rather than a bad query or a broken constraint. Callers
//! answer an outage with 503 or a friendly "try again" and recover by themselves when the
//! database does; anything else stays an internal error.

use std::borrow::Cow;

use sqlx::error::DatabaseError;
use sqlx::postgres::PgDatabaseError;
use sqlx::sqlite::SqliteError;

/// What can go wrong in the store. Chat and REST callers match the first three (the sidecar
/// answers 404 or 409 for them); the rest carry their cause as `source` for the logs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no such user")]
    UnknownUser,
    #[error("no such movie")]
    UnknownMovie,
    #[error("that name is taken")]
    UsernameTaken,
    /// A query failed, or its rows did not read back; `context` says which.
    #[error("{context}")]
    Database {
        context: Cow<'static, str>,
        #[source]
        source: sqlx::Error,
    },
    #[error("database migration failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// An argument the store cannot act on (a database URL of an unknown kind, a film without
    /// the id it is keyed by).
    #[error("{0}")]
    Invalid(&'static str),
}

/// Why the database cannot serve a request right now, in words an operator can act on (the
/// driver's own text goes to the log, never to a client).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// The server refuses or drops connections, or is shutting down or starting up.
    Unreachable,
    /// No connection came free in time (all busy, or every attempt to connect failed).
    PoolTimedOut,
    /// The pool was closed: the process is stopping.
    Closed,
    /// Writes are refused: a read-only file, file system or transaction (a hot standby).
    ReadOnly,
    /// The disk (or the database's size limit) is full.
    Full,
    /// The operating system failed a read or write (a failing or vanished disk).
    Io,
    /// Another process held the database lock past the busy timeout.
    Locked,
    /// The database file cannot be opened (its directory vanished, no permission).
    CannotOpen,
    /// The server is out of memory, connections or another resource.
    Resources,
    /// The SQLite file was deleted or replaced while the app ran (see `FileIdentity`).
    FileMoved,
}

impl Outage {
    /// One short phrase, e.g. for `/healthz` and logs.
    pub fn describe(self) -> &'static str {
        match self {
            Outage::Unreachable => "the database server cannot be reached",
            Outage::PoolTimedOut => {
                "no database connection in time (the server is down or every connection is busy)"
            }
            Outage::Closed => "the database connections are closed (shutting down)",
            Outage::ReadOnly => "the database is read-only",
            Outage::Full => "the disk holding the database is full",
            Outage::Io => "disk I/O error on the database",
            Outage::Locked => "the database is locked by another process",
            Outage::CannotOpen => "the database file cannot be opened",
            Outage::Resources => "the database server is out of resources",
            Outage::FileMoved => {
                "the database file was deleted or replaced while the bot ran (restart it)"
            }
        }
    }
}

impl std::fmt::Display for Outage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

impl StoreError {
    /// `Some` when this failure means the database cannot serve requests right now (and
    /// retrying later may work), `None` for a bug, a constraint or a damaged database.
    pub fn outage(&self) -> Option<Outage> {
        match self {
            StoreError::Database { source, .. } => outage_of(source),
            StoreError::Migrate(sqlx::migrate::MigrateError::Execute(source)) => outage_of(source),
            _ => None,
        }
    }

    pub fn is_outage(&self) -> bool {
        self.outage().is_some()
    }
}

/// The outage behind `error` or any error in its `source()` chain (a [`StoreError`] or a
/// bare `sqlx::Error` wrapped by `anyhow` contexts), if there is one.
pub fn outage_in(error: &(dyn std::error::Error + 'static)) -> Option<Outage> {
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(store) = e.downcast_ref::<StoreError>() {
            if let Some(o) = store.outage() {
                return Some(o);
            }
        } else if let Some(sqlx) = e.downcast_ref::<sqlx::Error>()
            && let Some(o) = outage_of(sqlx)
        {
            return Some(o);
        }
        next = e.source();
    }
    None
}

/// [`outage_in`] for an `anyhow` chain.
pub fn outage_in_anyhow(error: &anyhow::Error) -> Option<Outage> {
    error.chain().find_map(outage_in)
}

/// Classifies one driver error.
pub fn outage_of(error: &sqlx::Error) -> Option<Outage> {
    match error {
        sqlx::Error::Io(e)
            if e.get_ref()
                .is_some_and(|inner| inner.is::<super::sqlite_files::FileMoved>()) =>
        {
            Some(Outage::FileMoved)
        }
        // Connection-level I/O: refused, reset, broken pipe, EOF from a server that went away.
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) => Some(Outage::Unreachable),
        sqlx::Error::PoolTimedOut => Some(Outage::PoolTimedOut),
        sqlx::Error::PoolClosed => Some(Outage::Closed),
        // SQLite's worker thread is gone: this connection cannot serve anything.
        sqlx::Error::WorkerCrashed => Some(Outage::Unreachable),
        sqlx::Error::Database(db) => {
            if let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() {
                postgres_outage(pg.code())
            } else if let Some(lite) = db.try_downcast_ref::<SqliteError>() {
                DatabaseError::code(lite)
                    .and_then(|c| c.parse::<i32>().ok())
                    .and_then(sqlite_outage)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// PostgreSQL SQLSTATEs that mean "not now" (appendix A of the PostgreSQL manual).
fn postgres_outage(sqlstate: &str) -> Option<Outage> {
    Some(match sqlstate {
        // read_only_sql_transaction: a hot standby, or default_transaction_read_only.
        "25006" => Outage::ReadOnly,
        // disk_full
        "53100" => Outage::Full,
        // insufficient_resources: out of memory, too many connections, …
        s if s.starts_with("53") => Outage::Resources,
        // admin_shutdown (pg_terminate_backend, a fast stop), crash_shutdown,
        // cannot_connect_now (starting up), database_dropped.
        "57P01" | "57P02" | "57P03" | "57P04" => Outage::Unreachable,
        // connection_exception (class 08)
        s if s.starts_with("08") => Outage::Unreachable,
        // system_error / io_error (class 58): the server's own disk failed.
        s if s.starts_with("58") => Outage::Io,
        // invalid_catalog_name on reconnect: the database was dropped under us. It will not
        // come back by itself, but a request can do nothing about it either.
        "3D000" => Outage::CannotOpen,
        _ => return None,
    })
}

/// SQLite result codes (primary code = extended code & 0xff) that mean "not now".
///
/// SQLITE_CORRUPT and SQLITE_NOTADB are deliberately not outages: a damaged file does not
/// heal by waiting, so answering 503 + Retry-After would only hide it from the admin; they
/// stay internal errors, logged with their cause.
fn sqlite_outage(extended: i32) -> Option<Outage> {
    const BUSY: i32 = 5;
    const LOCKED: i32 = 6;
    const NOMEM: i32 = 7;
    const READONLY: i32 = 8;
    const IOERR: i32 = 10;
    const FULL: i32 = 13;
    const CANTOPEN: i32 = 14;
    const PROTOCOL: i32 = 15;
    Some(match extended & 0xff {
        // Returned only after the busy timeout (10 s) ran out.
        BUSY | LOCKED | PROTOCOL => Outage::Locked,
        NOMEM => Outage::Resources,
        // Includes READONLY_DBMOVED: the file was deleted or renamed while open.
        READONLY => Outage::ReadOnly,
        IOERR => Outage::Io,
        FULL => Outage::Full,
        CANTOPEN => Outage::CannotOpen,
        _ => return None,
    })
}

/// `.context("…")` for sqlx results: the failure becomes [`StoreError::Database`].
pub(crate) trait QueryContext<T> {
    fn context(self, context: &'static str) -> Result<T, StoreError>;
    fn with_context(self, context: impl FnOnce() -> String) -> Result<T, StoreError>;
}

impl<T> QueryContext<T> for Result<T, sqlx::Error> {
    fn context(self, context: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Database {
            context: context.into(),
            source,
        })
    }

    fn with_context(self, context: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Database {
            context: context().into(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_states() {
        assert_eq!(postgres_outage("57P01"), Some(Outage::Unreachable));
        assert_eq!(postgres_outage("57P03"), Some(Outage::Unreachable));
        assert_eq!(postgres_outage("08006"), Some(Outage::Unreachable));
        assert_eq!(postgres_outage("53100"), Some(Outage::Full));
        assert_eq!(postgres_outage("53300"), Some(Outage::Resources));
        assert_eq!(postgres_outage("25006"), Some(Outage::ReadOnly));
        // unique_violation, syntax_error, check_violation: bugs or bad input, not outages.
        for code in ["23505", "42601", "23514", "22P02", "40001"] {
            assert_eq!(postgres_outage(code), None, "{code}");
        }
    }

    #[test]
    fn sqlite_codes() {
        assert_eq!(sqlite_outage(8), Some(Outage::ReadOnly));
        // SQLITE_READONLY_DBMOVED: the file was deleted while open.
        assert_eq!(sqlite_outage(1032), Some(Outage::ReadOnly));
        assert_eq!(sqlite_outage(13), Some(Outage::Full));
        // SQLITE_IOERR_WRITE, SQLITE_IOERR_SHMSIZE
        assert_eq!(sqlite_outage(778), Some(Outage::Io));
        assert_eq!(sqlite_outage(4874), Some(Outage::Io));
        assert_eq!(sqlite_outage(5), Some(Outage::Locked));
        assert_eq!(sqlite_outage(14), Some(Outage::CannotOpen));
        // SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_CONSTRAINT_UNIQUE, SQLITE_ERROR
        for code in [11, 26, 2067, 1] {
            assert_eq!(sqlite_outage(code), None, "{code}");
        }
    }

    #[test]
    fn pool_and_io_errors_are_outages() {
        let refused = sqlx::Error::Io(std::io::ErrorKind::ConnectionRefused.into());
        assert_eq!(outage_of(&refused), Some(Outage::Unreachable));
        assert_eq!(
            outage_of(&sqlx::Error::PoolTimedOut),
            Some(Outage::PoolTimedOut)
        );
        assert_eq!(outage_of(&sqlx::Error::RowNotFound), None);
    }

    #[test]
    fn found_through_anyhow_contexts() {
        let e = anyhow::Error::new(StoreError::Database {
            context: "upsert rating".into(),
            source: sqlx::Error::PoolTimedOut,
        })
        .context("rate")
        .context("chat turn");
        assert_eq!(outage_in_anyhow(&e), Some(Outage::PoolTimedOut));
        let bug = anyhow::Error::new(StoreError::UnknownUser).context("rate");
        assert_eq!(outage_in_anyhow(&bug), None);
    }
}
