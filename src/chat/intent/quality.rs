//! How good the films must be, on TMDb's 0–10 vote average: "top rated", "highly rated",
//! "best rated", "well reviewed", "critically acclaimed", "award-winning" → at least
//! [`TOP_RATED`]; "hidden gems", "underrated", "lesser-known", "under the radar" → at least
//! [`HIDDEN_GEM`] with [`Quality::hidden_gems`] (a high score from few votes, which the
//! recommender applies).
//!
//! Runs on the masked message, so "The Best Years of Our Lives", "Best in Show" or "Hidden
//! Figures" named as films say nothing; "best" or "top" alone ("best films of 2023", "top 10")
//! is not a score limit either. "top rated" used to mean trending; it is a quality now.

use std::sync::LazyLock;

use regex::Regex;

pub(crate) const TOP_RATED: f32 = 7.5;
pub(crate) const HIDDEN_GEM: f32 = 7.0;

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?ix){pattern}")).expect("quality pattern is valid")
}

static TOP: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:
        (?:top|highly|high|best|highest|well|better|very\s+well|critically)[\s-]+(?:rated|reviewed|received|scored|regarded)
      | critically[\s-]+(?:acclaimed|praised|lauded)
      | (?:much|widely|highly|universally)[\s-]+acclaimed
      | acclaimed
      | (?:award|oscar|academy[\s-]+award|palme\s+d'or|bafta)[\s-]+winn(?:ing|ers?)
      | (?:great|good|rave|glowing|stellar|excellent)\s+reviews
      | (?:high|good|great)\s+(?:ratings?|scores?|imdb\s+(?:ratings?|scores?))
      | rated\s+(?:highly|well)
    )\b")
});

static GEMS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:
        hidden[\s-]+(?:gems?|treasures?)
      | under[\s-]?rated|under[\s-]?appreciated|under[\s-]?seen|under[\s-]?the[\s-]+radar
      | (?:lesser|less|little)[\s-]+known|not\s+(?:very\s+|so\s+|that\s+)?(?:well[\s-]+known|famous|popular|mainstream)
      | overlooked|slept[\s-]+on|obscure|deep\s+cuts?|gems?\s+(?:nobody|no\s+one)\s+(?:has\s+)?(?:seen|watched|knows)
    )\b")
});

/// A score limit found in a message.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Quality {
    pub min_vote: Option<f32>,
    pub hidden_gems: bool,
}

/// `masked` is the message with titles and names blanked out.
pub(crate) fn detect(masked: &str) -> Quality {
    if GEMS.is_match(masked) {
        return Quality {
            min_vote: Some(HIDDEN_GEM),
            hidden_gems: true,
        };
    }
    Quality {
        min_vote: TOP.is_match(masked).then_some(TOP_RATED),
        hidden_gems: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_gems() {
        for s in [
            "top rated comedies",
            "highly-rated thrillers",
            "best rated films",
            "well reviewed dramas",
            "critically acclaimed",
            "award winning films",
        ] {
            assert_eq!(detect(s).min_vote, Some(TOP_RATED), "{s}");
        }
        for s in ["hidden gems", "underrated horror", "lesser-known westerns"] {
            assert_eq!(
                detect(s),
                Quality {
                    min_vote: Some(HIDDEN_GEM),
                    hidden_gems: true
                },
                "{s}"
            );
        }
        for s in [
            "best films of 2023",
            "top 10 movies",
            "a hidden camera film",
            "overrated",
        ] {
            assert_eq!(detect(s), Quality::default(), "{s}");
        }
    }
}
