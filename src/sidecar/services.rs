//! `GET /api/user/{id}/services` and `PUT /api/user/{id}/services`: the streaming services a
//! user pays for (TMDb watch provider ids) and the region they apply in. Both need the admin
//! token when one is set, like the other `/api/user/{id}/...` routes (import, export,
//! link-code).

use axum::extract::State;
use axum::routing::get;
use axum::{Json as JsonOut, Router};
use moviebot_protocol::Region;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::Admin;
use super::error::{ApiError, ErrorBody, Json, PathId};
use super::state::AppState;
use super::users::existing_user;
use crate::chat::services::{MAX_SERVICES, ServicesRefusal};
use crate::domain::UserId;
use crate::store::Service;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/user/{id}/services",
        get(user_services).put(set_user_services),
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ServicesOut {
    /// The region the services apply in (ISO 3166-1 alpha-2): the user's, else the default.
    #[schema(example = "US")]
    pub region: String,
    pub providers: Vec<ProviderOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderOut {
    /// TMDb's watch provider id (8 is Netflix).
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServicesIn {
    /// TMDb watch provider ids, replacing the user's list (empty clears it). Each must be a
    /// service offered in the region.
    #[schema(max_items = 50, example = json!([8, 337]))]
    pub providers: Vec<i64>,
    /// A new region for the user (two letters), else their current one.
    #[schema(example = "GB")]
    pub region: Option<String>,
}

async fn answer(state: &AppState, user: UserId) -> Result<ServicesOut, ApiError> {
    let services = state.core.services();
    let region = services.region(user).await?;
    let providers = services.mine(user).await?;
    Ok(ServicesOut {
        region: region.as_str().to_owned(),
        providers: providers.into_iter().map(out).collect(),
    })
}

fn out(s: Service) -> ProviderOut {
    ProviderOut {
        id: s.id,
        name: s.name,
    }
}

/// A user's streaming services and region.
#[utoipa::path(get, path = "/api/user/{id}/services",
    params(("id" = i64, Path, minimum = 1, description = "stored user id")),
    responses((status = 200, body = ServicesOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn user_services(
    _admin: Admin,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<JsonOut<ServicesOut>, ApiError> {
    let user = existing_user(&state, id).await?;
    Ok(JsonOut(answer(&state, user).await?))
}

/// Replaces a user's streaming services (and their region, when given).
#[utoipa::path(put, path = "/api/user/{id}/services", request_body = ServicesIn,
    params(("id" = i64, Path, minimum = 1, description = "stored user id")),
    responses((status = 200, body = ServicesOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn set_user_services(
    _admin: Admin,
    State(state): State<AppState>,
    PathId(id): PathId,
    Json(req): Json<ServicesIn>,
) -> Result<JsonOut<ServicesOut>, ApiError> {
    let user = existing_user(&state, id).await?;
    let region = match req.region.as_deref() {
        None => None,
        Some(r) => Some(Region::parse(r.trim()).ok_or_else(|| {
            ApiError::invalid(
                "region",
                format!("expected a two-letter country code, got {r:?}"),
            )
        })?),
    };
    if req.providers.len() > MAX_SERVICES {
        return Err(ApiError::invalid(
            "providers",
            format!("at most {MAX_SERVICES} services"),
        ));
    }
    match state
        .core
        .services()
        .replace(user, &req.providers, region)
        .await?
    {
        Ok(_) => Ok(JsonOut(answer(&state, user).await?)),
        Err(refusal @ (ServicesRefusal::UnknownProvider(..) | ServicesRefusal::BadId(_))) => {
            Err(ApiError::invalid("providers", refusal.to_string()))
        }
        Err(refusal @ ServicesRefusal::TooMany(_)) => {
            Err(ApiError::invalid("providers", refusal.to_string()))
        }
    }
}
