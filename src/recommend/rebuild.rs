//! Background rebuilds: a policy (after N new ratings, or every interval when anything
//! changed) and the tokio loop that applies it — load a fresh `Dataset`, fit on the blocking
//! pool, swap. Requests never wait for a fit.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use super::data::Dataset;
use super::model::Model;
use super::service::Recommender;
use crate::config::RecommenderConfig;

#[derive(Clone, Debug, PartialEq)]
pub struct RebuildPolicy {
    /// Rebuild once this many ratings arrived since the last fit.
    pub after_ratings: u64,
    /// Rebuild at least this often while ratings are pending.
    pub interval: Duration,
}

/// The schedule `[recommender]` asks for (`rebuild_after_ratings`, `rebuild_interval_secs`).
impl From<&RecommenderConfig> for RebuildPolicy {
    fn from(c: &RecommenderConfig) -> Self {
        Self {
            after_ratings: u64::from(c.rebuild_after_ratings),
            interval: Duration::from_secs(c.rebuild_interval_secs),
        }
    }
}

impl RebuildPolicy {
    /// Whether to rebuild now, given pending ratings and the time since the last fit.
    pub fn due(&self, pending: u64, since_last: Duration) -> bool {
        pending > 0 && (pending >= self.after_ratings || since_last >= self.interval)
    }
}

/// Runs until `shutdown` resolves: rebuilds `rec` whenever `policy` says so, with data from
/// `load` (e.g. read every rating and movie from the store). A failed load or fit is logged
/// and retried on the next trigger; the old model keeps serving.
pub async fn run_rebuilds<L, Fut>(
    rec: Arc<Recommender>,
    policy: RebuildPolicy,
    mut load: L,
    shutdown: impl Future<Output = ()>,
) where
    L: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<Dataset>>,
{
    tokio::pin!(shutdown);
    let mut last = tokio::time::Instant::now();
    // Check at least a few times per interval so a timer rebuild is not late by a whole one.
    let tick = (policy.interval / 4).max(Duration::from_millis(50));
    loop {
        tokio::select! {
            _ = &mut shutdown => return,
            _ = rec.wake.notified() => {}
            _ = tokio::time::sleep(tick) => {}
        }
        let pending = rec.pending_ratings();
        if !policy.due(pending, last.elapsed()) {
            continue;
        }
        let data = match load().await {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = ?e, "recommender rebuild: loading data failed");
                last = tokio::time::Instant::now();
                continue;
            }
        };
        let config = rec.config().clone();
        match tokio::task::spawn_blocking(move || Model::fit(&data, &config)).await {
            Ok(model) => {
                rec.install(model);
                rec.take_pending(pending);
                tracing::info!(pending, "recommender model rebuilt");
            }
            Err(e) => tracing::error!(error = ?e, "recommender rebuild: fit panicked"),
        }
        last = tokio::time::Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_triggers_on_count_or_time() {
        let p = RebuildPolicy {
            after_ratings: 3,
            interval: Duration::from_secs(60),
        };
        assert!(!p.due(0, Duration::from_secs(600)));
        assert!(!p.due(2, Duration::from_secs(10)));
        assert!(p.due(3, Duration::from_secs(0)));
        assert!(p.due(1, Duration::from_secs(60)));
    }
}
