//! Test support, behind the `test-support` feature: what this crate's tests and bench and the
//! root crate's end-to-end tests and bench all need to talk to Discord's side of the adapter.
//!
//! - [`signing`]: the test Ed25519 key, `X-Signature-*` headers, signed requests.
//! - [`interactions`]: interaction JSON in Discord's real shapes (everything serenity needs).
//! - [`fake_rest`]: a fake Discord REST API on 127.0.0.1 that records what the adapter sends.

pub mod fake_rest;
pub mod interactions;
pub mod signing;

pub use fake_rest::{Canned, FakeRest, FakeRestState, Recorded};
pub use interactions::*;
pub use signing::*;
