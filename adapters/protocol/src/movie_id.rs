//! The id of a film as users, buttons and the REST API see it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A film's public id: its TMDb id when it has one, otherwise an id the core derives from its
/// internal one (above the core's local-id base, so the two never collide). Buttons, cards,
/// autocomplete values and `/api/movie/{id}` all carry this, never the database's row id.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct PublicMovieId(pub i64);

impl PublicMovieId {
    /// Public ids from here up name films without a TMDb id (TMDb's ids are far below).
    pub const LOCAL_BASE: i64 = 1_000_000_000_000;

    /// The public id of a film with this TMDb id, if any, and this internal id.
    pub const fn of(tmdb: Option<i64>, internal: i64) -> Self {
        match tmdb {
            Some(id) => Self(id),
            None => Self(Self::LOCAL_BASE + internal),
        }
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    /// The TMDb id this public id is, unless it names a film TMDb does not know.
    pub const fn tmdb(self) -> Option<i64> {
        if self.0 > 0 && self.0 < Self::LOCAL_BASE {
            Some(self.0)
        } else {
            None
        }
    }

    /// The internal id of a film without a TMDb id.
    pub const fn local(self) -> Option<i64> {
        if self.0 >= Self::LOCAL_BASE {
            Some(self.0 - Self::LOCAL_BASE)
        } else {
            None
        }
    }
}

/// Tests and fixtures compare ids with plain numbers (`card.id == 949`).
impl PartialEq<i64> for PublicMovieId {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
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
        s.parse().map(PublicMovieId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_ids_are_tmdb_ids_or_local_ones_above_the_base() {
        let heat = PublicMovieId::of(Some(949), 12);
        assert_eq!((heat.tmdb(), heat.local()), (Some(949), None));
        let local = PublicMovieId::of(None, 12);
        assert_eq!((local.tmdb(), local.local()), (None, Some(12)));
        assert_eq!(PublicMovieId(0).tmdb(), None);
        assert_eq!("949".parse::<PublicMovieId>().unwrap(), heat);
        assert_eq!(serde_json::to_string(&heat).unwrap(), "949");
    }
}
