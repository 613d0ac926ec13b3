//! Statements of taste and place: "I love horror and sci-fi", "I hate musicals", "my favourite
//! actor is Tom Hanks", "I'm in the UK".

use std::sync::LazyLock;

use regex::Regex;

use super::model::PreferenceDetails;
use super::spans::PersonSpan;
use super::vocab::VocabHits;

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?ix){pattern}")).expect("preference pattern is valid")
}

static LIKES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:i|we)\s+(?:(?:really|totally|absolutely|just|do|also|mostly|generally|usually|kind\s+of|sort\s+of)\s+)*(?:love|like|enjoy|adore|prefer|dig|am\s+into|am\s+(?:a\s+)?(?:big\s+|huge\s+)?fan\s+of)\b
      | \bi'?m\s+(?:really\s+|totally\s+|mostly\s+)?(?:into|big\s+on|(?:a\s+)?(?:big\s+|huge\s+)?fan\s+of)\b
      | \bi'?m\s+(?:a|an)\s+(?:big\s+|huge\s+)?(?:[\w-]+\s+){1,2}(?:fan|buff|nerd|junkie|lover|addict|geek|person)\b
      | (?:\bmy\s+|^\s*)(?:all\s+time\s+)?favou?rite\s+(?:genres?|kind|type|category|actor|actress|director|star|filmmaker|(?:movies?|films?)\s+(?:are|is))
      | \b(?:is|are)\s+my\s+(?:favou?rite|jam|thing|fav|go\s+to)
      | \bbig\s+fan\s+of",
    )
});

static DISLIKES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:i|we)\s+(?:(?:really|just|absolutely|totally)\s+)*(?:hate|dislike|detest|can'?t\s+stand|cannot\s+stand|don'?t\s+(?:like|enjoy|care\s+for|do)|do\s+not\s+(?:like|enjoy)|am\s+not\s+(?:into|a\s+fan\s+of)|never\s+watch)\b
      | \bi'?m\s+not\s+(?:really\s+)?(?:into|a\s+(?:big\s+)?fan\s+of)\b
      | \bnot\s+a\s+fan\s+of",
    )
});

static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:currently\s+|now\s+|actually\s+)?(?:in|from|based\s+in|located\s+in|living\s+in|watching\s+from)\s
      | \b(?:i|we)\s+live\s+in\s
      | \b(?:i|we)\s+(?:just\s+|recently\s+)?moved\s+to\s
      | \bmy\s+(?:region|country|location)\s+is\s
      | \b(?:set|change|update|switch)\s+(?:my\s+)?(?:region|country|location)\s
      | ^\s*region\s*[:=]?\s",
    )
});

/// What a statement said.
pub(crate) struct PreferenceFound {
    pub details: Option<PreferenceDetails>,
    /// A taste or place was stated (the message may still also ask for something).
    pub stated: bool,
}

/// `masked` is the message with titles blanked out; `region` is any country it names.
pub(crate) fn detect(
    masked: &str,
    vocab: &VocabHits,
    person: Option<&PersonSpan>,
    region: Option<&str>,
) -> PreferenceFound {
    let likes = LIKES.is_match(masked);
    let dislikes = DISLIKES.is_match(masked);
    let place = PLACE.is_match(masked) && region.is_some();
    if !(likes || dislikes || place) {
        return PreferenceFound {
            details: None,
            stated: false,
        };
    }
    let names =
        |genres: &[moviebot_protocol::Genre]| genres.iter().map(|g| g.name().to_owned()).collect();
    let details = PreferenceDetails {
        liked_genres: if likes || dislikes {
            names(&vocab.genres)
        } else {
            Vec::new()
        },
        disliked_genres: if likes || dislikes {
            names(&vocab.avoid_genres)
        } else {
            Vec::new()
        },
        favourite_person: person.filter(|_| likes).map(|p| {
            p.person
                .canonical
                .clone()
                .unwrap_or_else(|| p.person.words.clone())
        }),
        region: region.filter(|_| place).map(str::to_owned),
    };
    let empty = details == PreferenceDetails::default();
    PreferenceFound {
        stated: !empty,
        details: (!empty).then_some(details),
    }
}
