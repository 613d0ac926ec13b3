//! What every handler shares: the chat core, the admin token, limits, metrics and the slot
//! a live movie source (TMDb) plugs into.

use std::sync::Arc;
use std::time::Instant;

use secrecy::SecretString;

use super::limit::{ClientLimiter, limiter};
use super::live::{FromMovieSource, LiveSource};
use super::metrics::Metrics;
use crate::chat::ChatCore;
use crate::config::{LimitsConfig, SidecarConfig};

#[derive(Clone)]
pub struct AppState {
    pub core: Arc<ChatCore>,
    pub admin_token: Option<SecretString>,
    pub limits: LimitsConfig,
    pub metrics: Arc<Metrics>,
    /// TMDb (or anything else live) for providers and trending; `None` answers offline.
    pub live: Option<Arc<dyn LiveSource>>,
    pub started: Instant,
    /// How the listener is served: head deadline, connection cap, drain.
    pub serving: super::serve::Serving,
    /// The deadline of one whole request (`[sidecar] body_timeout_seconds`).
    pub request_deadline: std::time::Duration,
    /// Per-client quotas; shared so housekeeping can drop idle clients.
    pub(super) limiter: ClientLimiter,
}

impl AppState {
    pub fn new(core: Arc<ChatCore>, sidecar: &SidecarConfig, limits: &LimitsConfig) -> Self {
        let metrics = Arc::new(Metrics::new(core.recommender()));
        // The core's TMDb source, when it has one, also answers providers and trending here.
        let films = core.films();
        let live = films
            .is_live()
            .then(|| Arc::new(FromMovieSource(films.clone())) as Arc<dyn LiveSource>);
        Self {
            core,
            admin_token: sidecar.admin_token.clone(),
            limits: limits.clone(),
            metrics,
            live,
            started: Instant::now(),
            serving: super::serve::Serving::from_config(sidecar),
            request_deadline: sidecar.body_timeout(),
            limiter: limiter(limits),
        }
    }

    pub fn with_live_source(mut self, live: Arc<dyn LiveSource>) -> Self {
        self.live = Some(live);
        self
    }
}
