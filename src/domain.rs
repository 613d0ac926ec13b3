//! Validated domain values, parsed once at the edge and trusted inside.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A star rating: 0.5 to 5.0 in half steps.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Rating(f64);

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("a rating is 0.5 to 5 stars in half steps, got {0}")]
pub struct InvalidRating(pub String);

impl Rating {
    pub fn parse(value: f64) -> Result<Self, InvalidRating> {
        let doubled = value * 2.0;
        if value.is_finite()
            && (0.5..=5.0).contains(&value)
            && (doubled - doubled.round()).abs() < 1e-9
        {
            Ok(Self(doubled.round() / 2.0))
        } else {
            Err(InvalidRating(value.to_string()))
        }
    }

    pub fn value(self) -> f64 {
        self.0
    }

    /// The same rating as the protocol's half-star count.
    pub fn stars(self) -> moviebot_protocol::Stars {
        moviebot_protocol::Stars::from_halves((self.0 * 2.0).round() as u8)
            .expect("a parsed rating is 1–10 half stars")
    }
}

impl From<moviebot_protocol::Stars> for Rating {
    fn from(stars: moviebot_protocol::Stars) -> Self {
        Self(f64::from(stars.halves()) / 2.0)
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Rating::parse(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.fract() == 0.0 {
            write!(f, "{}★", self.0 as i64)
        } else {
            write!(f, "{:.1}★", self.0)
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_half_steps_in_range() {
        for ok in [0.5, 1.0, 3.5, 5.0] {
            assert_eq!(Rating::parse(ok).unwrap().value(), ok);
        }
        for bad in [0.0, 0.25, 5.5, -1.0, f64::NAN, f64::INFINITY, 3.3] {
            assert!(Rating::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Rating::parse(4.0).unwrap().to_string(), "4★");
        assert_eq!(Rating::parse(4.5).unwrap().to_string(), "4.5★");
    }
}
