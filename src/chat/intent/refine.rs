//! Follow-ups that refine the last request: "what about the 90s?", "how about comedies?",
//! "something newer", "older ones", "make it scarier", "only ones under 2 hours", "without
//! Nicolas Cage", "and in French?", "shorter ones please".
//!
//! Such a message is [`FollowUp::Refine`](super::FollowUp::Refine): the conversation keeps
//! the last request and changes what this one says (its filters replace, its exclusions add,
//! its [`Shift`] moves the years or runtime relative to the last request). A message is a
//! refinement when it changes something and
//! - says so relatively: "newer", "older", "more recent", "shorter", "longer" (a [`Shift`]),
//!   or a comparative mood ("scarier", "funnier");
//! - opens like a follow-up ("what about", "how about", "and", "but", "only", "just", "make
//!   it", "same but", "instead") or points back ("… ones", "… instead");
//! - or only adds constraints (runtime, language, certification, score, exclusions) without
//!   asking for films of its own ("under 2 hours", "in French?", "without Nicolas Cage").
//!
//! A complete request ("show me 90s comedies", "danish films"), a message about one film, a
//! statement of taste, or another follow-up ("more", "not that one") is not a refinement.

use std::sync::LazyLock;

use regex::Regex;

use super::model::Shift;

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?ix){pattern}")).expect("refine pattern is valid")
}

static NEWER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:newer|more\s+recent|less\s+old|more\s+modern|later\s+ones|not\s+(?:as|so)\s+old)\b")
});

static OLDER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:older|earlier\s+ones|less\s+recent|not\s+(?:as|so)\s+(?:new|recent))\b")
});

static SHORTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:shorter|less\s+long|not\s+(?:as|so)\s+long|quicker)\b"));

static LONGER: LazyLock<Regex> = LazyLock::new(|| re(r"\blonger\b"));

/// "no longer", "any longer": not a length.
static NOT_LONGER: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:no|not)\s+longer\b|\bany\s+longer\s*(?:$|[,.!?])"));

static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:(?:ok(?:ay)?|hmm+|um+|so|well|actually|cool|nice|great|thanks|thank\s+you|yeah|yes|nah|alright|right|oh)\s*(?:,\s*|!\s*|\.\s*)?)*
        (?:what\s+about|how\s+about|what\s+if|and|or|but|only|just|now|then|also|make\s+(?:it|them|that|those|this)
          | same\s+(?:but|thing|again|with|kind)|instead|maybe|preferably|ideally|try|let'?s\s+(?:try|do|go\s+with)
          | switch\s+to|change\s+(?:it\s+)?to|rather)\b",
    )
});

/// Words pointing back at the last list, or comparing with it.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:ones|instead|this\s+time|as\s+well|scarier|funnier|darker|lighter|sadder|happier|creepier|spookier|grittier|sillier|weirder|more\s+\w+|less\s+\w+)\b
        | \b(?:too|only|then)\s*[?!.]*\s*$",
    )
});

/// What the rest of the parse found, as far as refinement cares.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// Genres, moods, a person or explicit years: what a request is made of.
    pub primary: bool,
    /// Runtime, language, certification, score or exclusions.
    pub constraints: bool,
    /// Release years said outright ("the 90s", "before 2000"), not "newer"/"older".
    pub explicit_years: bool,
    pub runtime: bool,
    /// A film is named or pointed at, rated, or a watchlist command given.
    pub about_a_film: bool,
    /// A statement of taste or place.
    pub statement: bool,
    /// Another follow-up ("more", "not that one").
    pub follow_up: bool,
    /// The message asks for films itself ("movies", "something", "recommend").
    pub request_words: bool,
}

/// Whether the message refines the last request, and how it shifts it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Refinement {
    pub refine: bool,
    pub shift: Option<Shift>,
}

/// `clean` is the whole message, `masked` it with titles, names and runtimes blanked out.
pub(crate) fn detect(clean: &str, masked: &str, c: &Changes) -> Refinement {
    if c.about_a_film || c.statement || c.follow_up {
        return Refinement::default();
    }
    let shift = if !c.explicit_years && NEWER.is_match(masked) && !OLDER.is_match(masked) {
        Some(Shift::Newer)
    } else if !c.explicit_years && OLDER.is_match(masked) && !NEWER.is_match(masked) {
        Some(Shift::Older)
    } else if !c.runtime && SHORTER.is_match(masked) {
        Some(Shift::Shorter)
    } else if !c.runtime && LONGER.is_match(masked) && !NOT_LONGER.is_match(masked) {
        Some(Shift::Longer)
    } else {
        None
    };
    if !(c.primary || c.constraints || shift.is_some()) {
        return Refinement::default();
    }
    let refine = shift.is_some()
        || OPENER.is_match(clean)
        || MARKER.is_match(masked)
        || (!c.primary && !c.request_words);
    Refinement {
        refine,
        shift: shift.filter(|_| refine),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refines(s: &str, c: Changes) -> Refinement {
        detect(s, s, &c)
    }

    #[test]
    fn follow_up_phrasings() {
        let years = Changes {
            primary: true,
            explicit_years: true,
            ..Changes::default()
        };
        assert!(refines("what about the 90s?", years).refine);
        assert_eq!(
            refines("something newer", Changes::default()).shift,
            Some(Shift::Newer)
        );
        assert_eq!(
            refines("older ones", Changes::default()).shift,
            Some(Shift::Older)
        );
        assert_eq!(
            refines("shorter ones please", Changes::default()).shift,
            Some(Shift::Shorter)
        );
        let constraint = Changes {
            constraints: true,
            ..Changes::default()
        };
        assert!(refines("without Nicolas Cage", constraint).refine);
    }

    #[test]
    fn new_requests_are_not() {
        let c = Changes {
            primary: true,
            explicit_years: true,
            request_words: true,
            ..Changes::default()
        };
        assert!(!refines("show me 90s comedies", c).refine);
        let no_change = refines("I can't wait any longer", Changes::default());
        assert_eq!(no_change, Refinement::default());
    }
}
