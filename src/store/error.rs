//! `StoreError`, the one error every store function returns, and `QueryContext`, which names
//! the query that failed (as `.context("…")` does elsewhere) while keeping the cause typed.

use std::borrow::Cow;

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
