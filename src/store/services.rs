//! The streaming services a user pays for: TMDb watch provider ids with their names.

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, now};
use crate::domain::UserId;

/// One streaming service as stored: TMDb's provider id and name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Service {
    pub id: i64,
    pub name: String,
}

impl Store {
    /// A user's services, by name.
    pub async fn services(&self, user: UserId) -> Result<Vec<Service>, StoreError> {
        let rows = sqlx::query(
            "SELECT provider_id, provider_name FROM user_services WHERE user_id = $1 \
             ORDER BY provider_name, provider_id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .context("select services")?;
        rows.iter()
            .map(|r| {
                Ok(Service {
                    id: r.try_get("provider_id")?,
                    name: r.try_get("provider_name")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .context("read services")
    }

    /// Turns one service on (with its current name) or off; returns whether anything changed.
    pub async fn set_service(
        &self,
        user: UserId,
        service: &Service,
        on: bool,
    ) -> Result<bool, StoreError> {
        let done = if on {
            sqlx::query(
                "INSERT INTO user_services (user_id, provider_id, provider_name, added_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, provider_id) DO NOTHING",
            )
            .bind(user.0)
            .bind(service.id)
            .bind(service.name.clone())
            .bind(now())
            .execute(&self.pool)
            .await
            .context("insert service")?
        } else {
            sqlx::query("DELETE FROM user_services WHERE user_id = $1 AND provider_id = $2")
                .bind(user.0)
                .bind(service.id)
                .execute(&self.pool)
                .await
                .context("delete service")?
        };
        Ok(done.rows_affected() > 0)
    }

    /// Replaces a user's services with `services`, in one transaction.
    pub async fn replace_services(
        &self,
        user: UserId,
        services: &[Service],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.context("begin services")?;
        sqlx::query("DELETE FROM user_services WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .context("clear services")?;
        let at = now();
        for s in services {
            sqlx::query(
                "INSERT INTO user_services (user_id, provider_id, provider_name, added_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, provider_id) DO NOTHING",
            )
            .bind(user.0)
            .bind(s.id)
            .bind(s.name.clone())
            .bind(at)
            .execute(&mut *tx)
            .await
            .context("insert services")?;
        }
        tx.commit().await.context("commit services")?;
        Ok(())
    }
}
