//! The migrations this build carries, per backend: what `Store::migrate` applies and what
//! `moviebot doctor` compares with a database's `_sqlx_migrations` table (read-only here).

use sqlx::migrate::Migrator;

use super::Backend;

/// The embedded migrations for `backend`.
pub fn migrator(backend: Backend) -> Migrator {
    match backend {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
    }
}
