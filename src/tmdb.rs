//! The TMDb client, in layers (the same shape as teloxide's `Throttle` adaptor):
//!
//! - [`client`]: [`TmdbClient`], one `reqwest::Client` making exactly one request per call,
//!   authenticating with the v4 read token (header) or the v3 key (query), turning TMDb's
//!   error bodies into a typed [`TmdbError`].
//! - [`cached`]: [`CachedTmdb`] wraps it with everything cross-cutting: the shared rate limiter,
//!   the global pause after a 429, retries with backoff inside a deadline, the `tmdb_cache`
//!   table (fresh hits cost nothing, stale entries are the fallback) and request coalescing.
//! - [`endpoints`]: typed calls (search, discover, details, trending, providers, ...) on
//!   [`CachedTmdb`]; [`types`] holds TMDb's response shapes.
//! - [`budget`]: what a chat turn may spend on TMDb inline (requests, deadline); the rest
//!   finishes in the background.
//!
//! This layer speaks TMDb only: it uses the configuration and, for its cache, the store's
//! `tmdb_cache` table. Turning answers into films is done above it: catalog rows and the
//! list sync and refresh in `catalog` (`from_tmdb`, `sync`, `refresh`), the chat core's live
//! film source (`MovieSource`, `TmdbSource`) and protocol types in `chat::source`.

pub mod budget;
pub mod cached;
pub mod client;
pub mod endpoints;
pub mod error;
pub mod types;

pub use budget::Budget;
pub use cached::{CachedTmdb, Fetched, RetryPolicy};
pub use client::TmdbClient;
pub use endpoints::{Discover, TimeWindow};
pub use error::TmdbError;
pub use types::ImageConfig;
