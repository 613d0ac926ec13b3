//! The applied migrations (`_sqlx_migrations`, read through sqlx's own `Migrate`) against the
//! ones this build carries: pending ones warn (`moviebot run` applies them), unknown, changed
//! or half-applied ones fail (`moviebot run` refuses them).

use sqlx::AnyPool;
use sqlx::migrate::Migrate;

use super::URL_SETTING;
use crate::cli::doctor::Report;
use crate::store::{Backend, migrator};

/// The applied migrations against this build's; true when the schema is there to be read.
pub async fn migrations(report: &mut Report, pool: &AnyPool, backend: Backend) -> bool {
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
