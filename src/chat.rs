//! The platform-neutral chat core. [`ChatCore`] implements `moviebot_protocol::ChatHandler`;
//! adapters only see that trait.
//!
//! Services, each owning its state (the sidecar and the command line use them too):
//! - `users`: identity — platform users as stored users, group members, forgetting a user.
//! - `ratings`: ratings, watchlist and stated preferences.
//! - `picks`: the recommender's picks for a user, a film or a group, page by page; `outside`
//!   adds "movies like X" for an X the model does not know yet.
//! - `films`: every film that can be shown — the library, and with TMDb any film TMDb knows
//!   (by id, title, person; posters; lists that complete a short answer); `source` is the
//!   [`MovieSource`] behind it (TMDb, [`TmdbSource`], or the catalog alone, [`OfflineSource`]).
//! - `session`: the short per-user context behind "more" and "not that one".
//! - `transfer`: `/import` and `/export` in chat (the attached file in, the export out as files).
//! - `imports`: Letterboxd / IMDb files in (matched, planned, staged when ambiguous) and
//!   everything about a user out.
//! - `links`: linked accounts — link codes, joining two users into one, separating them.
//!
//! Routing and wording:
//! - `core`: the router — limits, idempotency, identity, then the answers.
//! - `answers`, `commands`, `results`, `live`: what each intent, command and button does, as
//!   replies built from the services' results (pages of cards, where to watch, trending).
//! - `intent`: free text → intent + filters (regex-based, no network).
//! - `memo`, `picks_cache`: memos that keep the store and the model off the hot path.
//! - `library`, `cards`, `dataset`: films in memory, as cards, and as recommender input.
//! - `request`: a list request as the recommender's filters and a heading, and follow-ups
//!   that refine the last one ("what about the 90s?").
//! - `compare`: `/compare`, two members' taste side by side (`compare/taste.rs`: the maths).
//! - `exclusions`: lasting "never show me X" and "less of this", with their undo buttons.
//! - `texts`: what the bot says.
//! - `api`: what the REST sidecar asks of the core beyond the services (chat turns, cards).

mod answers;
pub mod api;
mod cards;
pub mod clock;
mod commands;
mod compare;
pub mod core;
pub mod dataset;
mod exclusions;
pub mod films;
pub mod imports;
pub mod intent;
pub mod library;
pub mod links;
mod live;
mod memo;
mod nights;
mod outside;
pub mod picks;
mod picks_cache;
mod rate_text;
pub mod ratings;
mod request;
mod results;
mod series;
pub mod services;
mod session;
pub mod source;
pub mod texts;
mod transfer;
pub mod users;

pub use core::ChatCore;
pub use request::{describe, filters_for};
pub use source::{MovieSource, OfflineSource, TmdbSource};
