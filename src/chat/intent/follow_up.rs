//! Replies to the previous result: "more", "next", "back", "not that one", "something similar".

use std::sync::LazyLock;

use regex::Regex;

use super::model::FollowUp;
use super::text::Text;

/// Words that carry no meaning in a short follow-up ("ok show me more please").
const FILLER: &[&str] = &[
    "ok", "okay", "k", "yes", "yeah", "yep", "yup", "sure", "cool", "nice", "great", "thanks",
    "thank", "and", "so", "hmm", "hm", "please", "now", "then", "can", "could", "would", "you",
    "i", "show", "give", "me", "us", "get", "some", "a", "few", "couple", "of", "the", "any",
    "just", "maybe", "got", "have", "see", "let's", "lets", "let", "do", "go", "oh", "well",
    "alright", "awesome", "perfect", "good", "but", "want", "need", "like", "to", "page", "more",
    "next",
];

/// Words that only soften a follow-up ("more of those please").
const POLITE: &[&str] = &[
    "please", "thanks", "thank", "you", "ok", "okay", "k", "yes", "yeah", "yep", "sure", "cool",
    "nice", "great", "so", "and", "just", "now", "then", "hmm", "hm", "oh", "well", "alright",
];

const MORE: &[&str] = &[
    "more",
    "next",
    "next page",
    "next one",
    "next ones",
    "keep going",
    "go on",
    "continue",
    "load more",
    "more results",
    "more options",
    "more suggestions",
    "more recommendations",
    "more recs",
    "more movies",
    "more films",
    "more picks",
    "what else",
    "anything else",
    "others",
    "other ones",
    "another",
    "another one",
    "another page",
    "different ones",
    "something else",
    "more of those",
    "more of these",
    "more of them",
    "more of that",
    "next batch",
    "more please",
    "else",
    "other",
    "different",
    "different one",
    "other options",
];

const PREVIOUS: &[&str] = &[
    "previous",
    "prev",
    "back",
    "go back",
    "previous page",
    "last page",
    "previous ones",
    "the previous ones",
    "earlier ones",
    "page back",
];

static NOT_THAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:
            not\s+(?:that|this|the\s+\S+)\s+one
          | not\s+(?:that|this|it)\s*(?:$|[,.!?])
          | (?:i'?ve|i\s+have|already)\s+(?:already\s+)?(?:seen|watched)\s+(?:it|that|this|them|those|that\s+one|this\s+one)
          | seen\s+(?:it|that|this)(?:\s+already)?
          | already\s+(?:seen|watched)
          | not\s+interested
          | not\s+for\s+me
          | don'?t\s+(?:like|want)\s+(?:that|this|it)(?:\s+one)?\s*(?:$|[,.!?])
          | ^\s*(?:nah|nope|no|skip|pass|next\s+one\s+please)\s*(?:$|[,.!?])
          | (?:skip|pass\s+on)\s+(?:it|that|this)
          | something\s+else\s+(?:instead|please)
          | ^\s*no\s+thanks?\b
        )",
    )
    .expect("follow-up pattern is valid")
});

static SIMILAR_TO_LAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:
            (?:something|anything|more|others?|ones?|movies?|films?|stuff)\s+similar\b(?:\s*$|\s*[,.!?]|\s+(?:please|but|with|from|in|and))
          | similar\s+(?:ones|movies|films|stuff|things|picks)\s*(?:$|[,.!?]|please)
          | ^\s*similar\s*(?:$|[,.!?])
          | same\s+vibes?\s*(?:$|[,.!?]|please)
        )",
    )
    .expect("follow-up pattern is valid")
});

/// A follow-up the message is, or contains.
pub(crate) fn detect(text: &Text) -> Option<FollowUp> {
    let content: Vec<&str> = text
        .words
        .iter()
        .filter(|w| !w.is_boundary())
        .map(|w| w.key.as_str())
        .collect();
    let meaningful: Vec<&str> = content
        .iter()
        .copied()
        .filter(|k| !FILLER.contains(k) || MORE.contains(k))
        .collect();
    let polite: Vec<&str> = content
        .iter()
        .copied()
        .filter(|k| !POLITE.contains(k))
        .collect();
    let phrase = polite.join(" ");
    let stripped = meaningful.join(" ");
    if NOT_THAT.is_match(&text.clean) {
        return Some(FollowUp::NotThatOne);
    }
    if SIMILAR_TO_LAST.is_match(&text.clean) {
        return Some(FollowUp::MoreLikeThat);
    }
    let only = |set: &[&str]| {
        set.contains(&stripped.as_str())
            || set.contains(&phrase.as_str())
            || (!meaningful.is_empty() && meaningful.iter().all(|k| set.contains(k)))
    };
    if only(PREVIOUS) {
        return Some(FollowUp::Previous);
    }
    if only(MORE) {
        return Some(FollowUp::More);
    }
    None
}
