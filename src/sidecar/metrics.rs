//! Prometheus metrics, hand-rolled (a handful of series does not need a crate): requests by
//! route and status, a latency histogram per route, chat intents, TMDb calls, and model
//! rebuilds (noticed by the model pointer changing, so the recommender needs no hook).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::recommend::Recommender;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    intents: Mutex<BTreeMap<&'static str, u64>>,
    /// Live-source (TMDb) calls, cache hits and errors, reported by the source.
    pub tmdb_calls: AtomicU64,
    pub tmdb_cache_hits: AtomicU64,
    pub tmdb_errors: AtomicU64,
    recommender: Arc<Recommender>,
    model_ptr: AtomicUsize,
    model_since: Mutex<Instant>,
    rebuilds: AtomicU64,
}

impl Metrics {
    pub fn new(recommender: &Arc<Recommender>) -> Self {
        Self {
            requests: Mutex::default(),
            latency: Mutex::default(),
            intents: Mutex::default(),
            tmdb_calls: AtomicU64::new(0),
            tmdb_cache_hits: AtomicU64::new(0),
            tmdb_errors: AtomicU64::new(0),
            recommender: recommender.clone(),
            model_ptr: AtomicUsize::new(Arc::as_ptr(&recommender.model()) as usize),
            model_since: Mutex::new(Instant::now()),
            rebuilds: AtomicU64::new(0),
        }
    }

    pub fn record(&self, route: &str, method: &str, status: u16, seconds: f64) {
        *self
            .requests
            .lock()
            .expect("metrics lock")
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        let mut latency = self.latency.lock().expect("metrics lock");
        let h = latency.entry(route.to_string()).or_default();
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            h.counts[i] += 1;
        }
        h.count += 1;
        h.sum += seconds;
    }

    pub fn intent(&self, name: &'static str) {
        *self
            .intents
            .lock()
            .expect("metrics lock")
            .entry(name)
            .or_default() += 1;
    }

    /// Notices a model swap; called by the housekeeping tick and before every read.
    pub fn observe_model(&self) {
        let now = Arc::as_ptr(&self.recommender.model()) as usize;
        if self.model_ptr.swap(now, Ordering::Relaxed) != now {
            self.rebuilds.fetch_add(1, Ordering::Relaxed);
            *self.model_since.lock().expect("metrics lock") = Instant::now();
        }
    }

    /// Seconds since the model in use was swapped in (or since start).
    pub fn model_age_secs(&self) -> u64 {
        self.observe_model();
        self.model_since
            .lock()
            .expect("metrics lock")
            .elapsed()
            .as_secs()
    }

    pub fn rebuilds(&self) -> u64 {
        self.observe_model();
        self.rebuilds.load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP moviebot_http_requests_total HTTP requests by route, method and status.\n# TYPE moviebot_http_requests_total counter\n");
        for ((route, method, status), n) in self.requests.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                out,
                "moviebot_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP moviebot_http_request_duration_seconds HTTP request latency by route.\n# TYPE moviebot_http_request_duration_seconds histogram\n");
        for (route, h) in self.latency.lock().expect("metrics lock").iter() {
            let route = escape(route);
            let mut cumulative = 0;
            for (b, c) in BUCKETS.iter().zip(h.counts) {
                cumulative += c;
                let _ = writeln!(
                    out,
                    "moviebot_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "moviebot_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 moviebot_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 moviebot_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        out.push_str("# HELP moviebot_chat_intents_total Chat messages by parsed intent.\n# TYPE moviebot_chat_intents_total counter\n");
        for (intent, n) in self.intents.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                out,
                "moviebot_chat_intents_total{{intent=\"{intent}\"}} {n}"
            );
        }
        let _ = write!(
            out,
            "# HELP moviebot_tmdb_calls_total Live TMDb requests.\n# TYPE moviebot_tmdb_calls_total counter\nmoviebot_tmdb_calls_total {}\n\
             # HELP moviebot_tmdb_cache_hits_total TMDb answers served from the cache.\n# TYPE moviebot_tmdb_cache_hits_total counter\nmoviebot_tmdb_cache_hits_total {}\n\
             # HELP moviebot_tmdb_errors_total TMDb requests that failed.\n# TYPE moviebot_tmdb_errors_total counter\nmoviebot_tmdb_errors_total {}\n\
             # HELP moviebot_model_rebuilds_total Recommender models swapped in since start.\n# TYPE moviebot_model_rebuilds_total counter\nmoviebot_model_rebuilds_total {}\n\
             # HELP moviebot_model_age_seconds Seconds since the model in use was fitted.\n# TYPE moviebot_model_age_seconds gauge\nmoviebot_model_age_seconds {}\n",
            self.tmdb_calls.load(Ordering::Relaxed),
            self.tmdb_cache_hits.load(Ordering::Relaxed),
            self.tmdb_errors.load(Ordering::Relaxed),
            self.rebuilds(),
            self.model_age_secs(),
        );
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Middleware: counts and times every request under its route template (`/api/user/{id}`),
/// so ids do not explode the label set.
pub async fn track(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = req.method().as_str().to_string();
    let start = Instant::now();
    let response = next.run(req).await;
    metrics.record(
        &route,
        &method,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}
