//! moviebot: a movie-recommendation chat bot for Discord, Telegram and the terminal.
//!
//! Data flows one way: an adapter turns a platform event into a neutral
//! `moviebot_protocol::Incoming`, the chat core answers with a neutral `Reply`, and the adapter
//! renders it. This library is the core; `src/main.rs` only wires it to the command line.
//!
//! - [`config`]: `bot.toml` + environment overrides, validated, secrets kept secret.
//! - [`domain`]: validated ids (`UserId`, `MovieId`); ratings are `moviebot_protocol::Stars`.
//! - [`movielens`]: MovieLens CSV files as plain rows, read by the importer and the evaluation.
//! - [`taste_files`]: Letterboxd, IMDb and moviebot export files read into neutral rows
//!   (within size limits, ZIPs from memory) and the Letterboxd import CSV written.
//! - [`store`]: sqlx data access on SQLite (default) or PostgreSQL: users, platform identities,
//!   ratings, preferences, watchlist, movies, the TMDb response cache, processed events,
//!   conversations.
//! - [`tmdb`]: the TMDb client (rate limited, retried, cached) and TMDb's response shapes;
//!   it knows nothing of films as the bot stores them.
//! - [`catalog`]: the embedded offline catalog, the MovieLens / Wikipedia importers, and
//!   TMDb's films as catalog rows (`moviebot sync`, the background refresh).
//! - `recommend`: content TF-IDF, collaborative KNN, the hybrid, explanations, evaluation.
//! - `chat`: intent parsing, conversation state and reply building (the `ChatHandler`), and
//!   the `MovieSource` trait that TMDb and the offline catalog both answer.
//! - [`sidecar`]: the REST API (axum) for admins and front ends, with metrics and OpenAPI.
//! - [`platforms`]: `[discord]` / `[telegram]` → the adapters on the shared core, their
//!   webhook routes on the sidecar and their run loops.
//! - [`app`]: the store, the core, the platforms and the sidecar assembled from the
//!   configuration, as `moviebot run` serves them and the end-to-end tests call them.
//! - [`allocator`]: glibc malloc settings for a long-running process (set before threads).
//! - [`cli`]: the command line (`migrate`, `import`, `catalog`, ...), kept out of `main.rs`.

pub mod allocator;
pub mod app;
pub mod catalog;
pub mod chat;
pub mod cli;
pub mod config;
pub mod domain;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod movielens;
pub mod platforms;
pub mod recommend;
pub mod sidecar;
pub mod store;
pub mod taste_files;
pub mod tmdb;
