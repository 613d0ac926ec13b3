//! The id of a film as users, buttons and the REST API see it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A film's public id: its TMDb id when it has one, otherwise an id the core derives from its
/// internal one (above the core's local-id base, so the two never collide). Buttons, cards,
/// autocomplete values and `/api/movie/{id}` all carry this, never the database's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PublicMovieId(pub i64);

impl PublicMovieId {
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for PublicMovieId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for PublicMovieId {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse().map(PublicMovieId)
    }
}
