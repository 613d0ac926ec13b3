//! Platform-neutral types every moviebot adapter and the chat core speak.
//!
//! Data flows one way: an adapter turns a platform event into an [`IncomingEvent`], hands it to
//! a [`ChatHandler`] (implemented by the core), and renders the [`Reply`] it gets back in its
//! platform's own idiom. Nothing here knows about serenity, teloxide, sqlx or tokio, so an
//! adapter can be added or removed without touching the core.
//!
//! - [`platform`]: who spoke and where ([`PlatformUser`], [`Conversation`]).
//! - [`incoming`]: what they sent ([`Incoming`], [`IncomingEvent`]).
//! - [`command`]: the commands, declared once ([`Command`], [`CommandSpec`]).
//! - [`reply`]: what the core answers ([`Reply`], [`MovieCard`], [`Providers`], [`Page`]).
//! - [`action`]: button presses and their compact codec ([`Action`], [`ActionDecodeError`]).
//! - [`handler`]: the one trait adapters call ([`ChatHandler`], [`Completion`]).
//! - [`files`]: files a user attached ([`Upload`]) and files the core sends ([`FileOut`]).
//! - [`genre`], [`mood`], [`movie_id`], [`region`], [`stars`]: validated values the types above
//!   carry.

pub mod action;
pub mod command;
pub mod files;
pub mod genre;
pub mod handler;
pub mod incoming;
pub mod mood;
pub mod movie_id;
pub mod platform;
pub mod region;
pub mod reply;
pub mod stars;

pub use action::{Action, ActionDecodeError, NightStep};
pub use command::{Command, CommandError, CommandName, CommandSpec};
pub use files::{FileOut, MAX_UPLOAD_BYTES, Progress, Upload, UploadError};
pub use genre::Genre;
pub use handler::{Admission, ChatHandler, Completion, Outbox, PendingEvent};
pub use incoming::{CompletionField, Incoming, IncomingEvent};
pub use mood::Mood;
pub use movie_id::PublicMovieId;
pub use platform::{Conversation, ConversationKind, Platform, PlatformUser};
pub use region::Region;
pub use reply::{MovieCard, Outcome, Page, Providers, Reply, Toggle};
pub use stars::{NotARating, Stars};
