//! Two-letter region codes (ISO 3166-1 alpha-2), as TMDb's watch-provider data uses them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An upper-case two-letter region code such as `GB` or `US`.
///
/// Only the shape is checked (two ASCII letters), not membership in ISO 3166: TMDb simply has
/// no providers for a code it does not know, which the core reports like any empty result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Region([u8; 2]);

impl Region {
    /// Parses two ASCII letters in any case; anything else is `None`.
    pub fn parse(code: &str) -> Option<Region> {
        match code.as_bytes() {
            &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Some(Region([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The string is not two ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid region code {0:?} (expected two letters such as GB)")]
pub struct InvalidRegion(pub String);

impl TryFrom<String> for Region {
    type Error = InvalidRegion;

    fn try_from(code: String) -> Result<Self, Self::Error> {
        Region::parse(&code).ok_or(InvalidRegion(code))
    }
}

impl From<Region> for String {
    fn from(region: Region) -> Self {
        region.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_two_letters_only() {
        assert_eq!(Region::parse("gb").unwrap().as_str(), "GB");
        assert_eq!(Region::parse("Us").unwrap().to_string(), "US");
        for bad in ["", "G", "GBR", "g1", "é", "  "] {
            assert_eq!(Region::parse(bad), None, "{bad:?}");
        }
        assert!(serde_json::from_str::<Region>("\"GBR\"").is_err());
        assert_eq!(
            serde_json::to_string(&Region::parse("de").unwrap()).unwrap(),
            "\"DE\""
        );
    }
}
