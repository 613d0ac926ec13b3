//! Per-client rate limit (governor, keyed by the peer's IP address) and the body-size limit's
//! bookkeeping. Requests over the limit get 429 before any handler runs.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::connect_info::MockConnectInfo;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::error::{ApiError, BodyLimit};
use crate::config::LimitsConfig;

pub type ClientLimiter = Arc<DefaultKeyedRateLimiter<IpAddr>>;

pub fn limiter(limits: &LimitsConfig) -> ClientLimiter {
    let per_second = NonZeroU32::new(limits.api_per_second.max(1)).expect("non-zero");
    let burst = NonZeroU32::new(limits.api_burst.max(1)).expect("non-zero");
    Arc::new(RateLimiter::keyed(
        Quota::per_second(per_second).allow_burst(burst),
    ))
}

/// Middleware: 429 when this address is over its quota. In-process tests give the address
/// with `MockConnectInfo`; without either, every request counts as one unspecified client.
pub async fn per_client(
    State((limiter, body_limit)): State<(ClientLimiter, usize)>,
    mut req: Request,
    next: Next,
) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
        .or_else(|| {
            req.extensions()
                .get::<MockConnectInfo<SocketAddr>>()
                .map(|c| c.0)
        })
        .map(|a| a.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if let Err(not_until) = limiter.check_key(&ip) {
        let retry_after = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        return ApiError::TooManyRequests { retry_after }.into_response();
    }
    req.extensions_mut().insert(BodyLimit(body_limit));
    next.run(req).await
}
