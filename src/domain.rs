//! Validated domain values, parsed once at the edge and trusted inside. A rating is the
//! protocol's `Stars` (0.5–5 in half steps) from the button to the recommender.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stored user's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// The internal id of a film in the `movies` table. Users and the REST API speak TMDb ids;
/// this one also names films known only from MovieLens or Wikipedia.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MovieId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for MovieId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
