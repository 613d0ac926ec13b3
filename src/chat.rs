//! The platform-neutral chat core: intent parsing, conversation state and reply building.
//! [`ChatCore`] implements `moviebot_protocol::ChatHandler`; adapters only see that trait.
//!
//! - `intent`: free text → intent + filters (regex-based, no network).
//! - `core`: the handler: identities, limits, idempotency, routing.
//! - `answers`, `commands`: what each intent, command and button does.
//! - `source`: the [`MovieSource`] trait for live film facts, answered by TMDb ([`TmdbSource`])
//!   or by the local catalog alone ([`OfflineSource`]); the sidecar uses it too.
//! - `live`: where to watch and trending through the configured `MovieSource` (TMDb or offline).
//! - `memo`: identity and group-membership lookups kept in memory off the hot path.
//! - `results`, `session`: pages of films and the short per-user context behind "more".
//! - `films`: every film that can be shown — the library, and with TMDb any film TMDb knows
//!   (by id, title, person; posters; lists that complete a short answer).
//! - `outside`: "movies like X" for an X the model does not know yet.
//! - `library`, `cards`, `dataset`: films in memory, as cards, and as recommender input.
//! - `texts`: what the bot says.
//! - `api`: what the REST sidecar asks of the core (chat turns, picks, ratings by public id).

mod answers;
pub mod api;
mod cards;
mod commands;
pub mod core;
pub mod dataset;
pub mod films;
pub mod intent;
pub mod library;
mod live;
mod memo;
mod outside;
mod picks_cache;
mod results;
mod session;
pub mod source;
pub mod texts;

pub use answers::{describe, filters_for};
pub use core::ChatCore;
pub use source::{MovieSource, OfflineSource, TmdbSource};
