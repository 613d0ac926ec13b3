//! The recommender: content (TF-IDF), collaborative (request-time user-KNN blended with
//! EASE on the most-rated films), their hybrid, rating prediction, explanations, group
//! picks, background rebuilds, and the offline evaluation behind `moviebot eval`.
//!
//! The chat core builds a `Dataset` from plain rows, shares one `Recommender` behind an
//! `Arc`, passes each user's current ratings in `UserInput`, and drives rebuilds with
//! `run_rebuilds`. Nothing here touches the database.
//!
//! Map: `data`/`movielens` (input), `catalog`/`ids`/`matrix`/`tfidf`/`neighbours`/`simd`/
//! `topk` (indexes and kernels), `content`/`user_knn`/`ease`/`item_model`/`cooccur`/`predict`
//! (models), `model` (fit), `rank`/`explain`/`similar`/`group` (requests), `service`/
//! `rebuild` (the shared facade), `eval`/`metrics`/`plot` (evaluation). Defaults come from
//! cross-validation inside the training split (`examples/tune.rs`).
//!
//! Films first seen after the fit (fetched from TMDb) are projected into the fitted TF-IDF
//! space (`content/project.rs`): for "movies like" such a film (`Model::similar_to_meta`) and
//! for a user's ratings of them (`UserInput::outside`, folded in by `rank/outside.rs`).

pub mod catalog;
pub mod content;
pub mod cooccur;
pub mod data;
pub mod ease;
pub mod eval;
pub mod explain;
pub mod filters;
pub mod group;
pub mod ids;
pub mod item_model;
pub mod matrix;
pub mod metrics;
pub mod model;
pub mod movielens;
pub mod neighbours;
pub mod plot;
pub mod predict;
pub mod rank;
pub mod reason;
pub mod rebuild;
pub mod request;
pub mod service;
pub mod simd;
pub mod similar;
pub mod tfidf;
pub mod topk;
pub mod user_knn;

#[cfg(test)]
mod tests;

pub use data::{Dataset, ItemMeta, Rating};
pub use eval::{EvalOptions, EvalReport, run_eval};
pub use filters::Filters;
pub use model::Model;
pub use reason::{Aspect, Reason};
pub use rebuild::{RebuildPolicy, run_rebuilds};
pub use request::{GroupPick, Method, Pick, Preferences, UserInput};
pub use service::Recommender;

/// The recommender's tunables; `[recommender]` in `bot.toml` (config owns the type).
pub use crate::config::RecommenderConfig;
