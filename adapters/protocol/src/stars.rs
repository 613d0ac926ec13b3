//! Star ratings: 0.5 to 5.0 in half steps, the only values the store accepts.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A rating of 0.5–5.0 stars in halves, kept as a count of half stars (1–10) so equality and
/// hashing are exact and the action codec never has to format a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "f32", into = "f32")]
pub struct Stars(u8);

impl Stars {
    pub const MIN: Stars = Stars(1);
    pub const MAX: Stars = Stars(10);

    /// Every valid rating, lowest first.
    pub fn all() -> impl Iterator<Item = Stars> {
        (1..=10).map(Stars)
    }

    /// `halves` half stars (1 = ½ star, 10 = 5 stars); `None` outside 1–10.
    pub const fn from_halves(halves: u8) -> Option<Stars> {
        if halves >= 1 && halves <= 10 {
            Some(Stars(halves))
        } else {
            None
        }
    }

    /// Exactly `stars` (0.5, 1.0, … 5.0); `None` for anything in between, out of range or NaN.
    pub fn new(stars: f32) -> Option<Stars> {
        let halves = stars * 2.0;
        if halves.fract() == 0.0 && (1.0..=10.0).contains(&halves) {
            Some(Stars(halves as u8))
        } else {
            None
        }
    }

    /// The nearest half star to `stars`, clamped into 0.5–5.0; `None` only for NaN. Use this
    /// where people type ratings loosely ("4.3", "0 stars").
    pub fn rounded(stars: f32) -> Option<Stars> {
        if stars.is_nan() {
            return None;
        }
        let halves = (stars * 2.0).round().clamp(1.0, 10.0);
        Some(Stars(halves as u8))
    }

    pub const fn halves(self) -> u8 {
        self.0
    }

    pub fn get(self) -> f32 {
        f32::from(self.0) / 2.0
    }
}

impl fmt::Display for Stars {
    /// `4` or `4.5`: no trailing `.0`, the way people write ratings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 2;
        if self.0.is_multiple_of(2) {
            write!(f, "{whole}")
        } else {
            write!(f, "{whole}.5")
        }
    }
}

/// A number someone typed or sent is not a rating (0.5–5 in half steps); the message is
/// written for people ("a rating is 0.5 to 5 stars in half steps, got 4.3").
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("a rating is 0.5 to 5 stars in half steps, got {0}")]
pub struct NotARating(pub String);

impl Stars {
    /// `value` as a rating, allowing for the rounding a float picked up on its way (a JSON
    /// body, a database column); anything else between half steps is refused.
    pub fn exact(value: f64) -> Result<Stars, NotARating> {
        let doubled = value * 2.0;
        if value.is_finite()
            && (0.5..=5.0).contains(&value)
            && (doubled - doubled.round()).abs() < 1e-6
        {
            Ok(Stars(doubled.round() as u8))
        } else {
            Err(NotARating(value.to_string()))
        }
    }
}

/// The value is not 0.5–5.0 in half steps.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid rating {0} (expected 0.5 to 5.0 in half stars)")]
pub struct InvalidStars(pub f32);

impl TryFrom<f32> for Stars {
    type Error = InvalidStars;

    fn try_from(stars: f32) -> Result<Self, Self::Error> {
        Stars::new(stars).ok_or(InvalidStars(stars))
    }
}

impl From<Stars> for f32 {
    fn from(stars: Stars) -> Self {
        stars.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_half_steps_in_range_are_valid() {
        assert_eq!(Stars::new(4.5).map(Stars::halves), Some(9));
        assert_eq!(Stars::new(0.5), Some(Stars::MIN));
        assert_eq!(Stars::new(5.0), Some(Stars::MAX));
        for bad in [0.0, 4.3, 5.5, -1.0, f32::NAN, f32::INFINITY] {
            assert_eq!(Stars::new(bad), None, "{bad}");
        }
        assert_eq!(Stars::all().count(), 10);
    }

    #[test]
    fn exact_takes_half_steps_from_any_float_and_says_why_not() {
        assert_eq!(Stars::exact(4.5).unwrap().halves(), 9);
        assert_eq!(Stars::exact(f64::from(4.5f32)).unwrap().halves(), 9);
        assert_eq!(Stars::exact(3.000_000_000_1).unwrap().halves(), 6);
        for bad in [0.0, 0.25, 5.5, -1.0, f64::NAN, f64::INFINITY, 3.3] {
            assert!(Stars::exact(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Stars::exact(4.3).unwrap_err().to_string(),
            "a rating is 0.5 to 5 stars in half steps, got 4.3"
        );
    }

    #[test]
    fn rounding_clamps_and_rejects_nan() {
        assert_eq!(Stars::rounded(4.3).unwrap().get(), 4.5);
        assert_eq!(Stars::rounded(0.0), Some(Stars::MIN));
        assert_eq!(Stars::rounded(9.0), Some(Stars::MAX));
        assert_eq!(Stars::rounded(f32::NAN), None);
    }

    #[test]
    fn displays_and_serializes_like_people_write_it() {
        assert_eq!(Stars::new(4.0).unwrap().to_string(), "4");
        assert_eq!(Stars::new(3.5).unwrap().to_string(), "3.5");
        assert_eq!(
            serde_json::to_string(&Stars::new(3.5).unwrap()).unwrap(),
            "3.5"
        );
        assert!(serde_json::from_str::<Stars>("3.2").is_err());
    }
}
