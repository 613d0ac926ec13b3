//! Cues that introduce a film: "where can I stream ___" (providers), "tell me about ___"
//! (movie info) and "movies like ___" (similar movie).
//!
//! Each cue is a regex whose match ends where the film starts, or which frames the film in a
//! `t` group ("is ___ on Netflix?"). [`super::spans`] then finds where the film's name ends.
//! Kinds are tried most specific first, and each found film is masked so a later cue cannot
//! claim the same words.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::Lexicon;
use super::spans::{FilmSpan, Strength, film_at};
use super::text::Text;
use super::vocab;

/// Streaming services people name; also used to frame "is ___ on Netflix".
pub(crate) const STREAMERS: &str = r"netflix|prime(?:\s+video)?|amazon(?:\s+prime)?(?:\s+video)?|hulu|disney\s*(?:\+|plus)?|hbo(?:\s+max)?|max|apple\s*(?:tv)?\s*\+?|paramount\s*(?:\+|plus)?|peacock|mubi|crunchyroll|now\s*tv|sky(?:\s+go)?|tubi|plex|youtube|criterion(?:\s+channel)?|showtime|starz|britbox|itvx?|(?:bbc\s+)?iplayer|kanopy|fubo|vudu|google\s+play|itunes";

type Cue = (LazyLock<Regex>, Strength);

macro_rules! cue {
    ($strength:expr, $pattern:expr) => {
        (
            LazyLock::new(|| {
                Regex::new(&format!("(?ix){}", $pattern)).expect("cue pattern is valid")
            }),
            $strength,
        )
    };
}

static PROVIDER_CUES: [Cue; 6] = [
    cue!(
        Strength::Strong,
        format!(
            r"\b(?:is|are|was)\s+(?P<t>.+?)\s+(?:on|streaming\s+on|available\s+(?:on|to\s+stream)|available|streaming|playing\s+on|included\s+(?:on|in|with)|free\s+on)\s*(?:{STREAMERS}|anywhere|somewhere|any\s+streaming|a\s+streaming|streaming|online|now|yet|\s*$)"
        )
    ),
    cue!(
        Strength::Strong,
        r"\bwhere(?:'s|\s+is|\s+are)\s+(?P<t>.+?)\s+(?:streaming|available|playing|showing|on\s+streaming)\b"
    ),
    cue!(
        Strength::Strong,
        r"\b(?:
            where\s+(?:can|could|do|should|would|might|may)\s+(?:i|we|you|one)\s+(?:still\s+)?(?:watch|stream|see|rent|buy|find|get|catch)
          | where\s+to\s+(?:watch|stream|see|rent|buy|find|get|catch)
          | how\s+(?:can|do|could)\s+(?:i|we)\s+(?:watch|stream|see|rent)
          | (?:which|what)\s+(?:streaming\s+)?(?:service|platform|streamer|app|site|channel)s?\s+(?:has|have|is|streams?|carries|offers?|shows?|got)
          | who\s+(?:streams|has|carries)
          | (?:streaming|watch)\s+(?:options|availability|info|providers?)\s+(?:for|of|on)
          | providers?\s+(?:for|of)
          | is\s+there\s+(?:anywhere|somewhere)\s+(?:to|i\s+can)\s+(?:watch|stream)
        )\s+"
    ),
    cue!(
        Strength::Strong,
        format!(
            r"\b(?:can|could)\s+(?:i|we|you)\s+(?:watch|stream|rent|buy|get|see)\s+(?P<t>.+?)\s+(?:on|with|at|through)\s+(?:{STREAMERS})"
        )
    ),
    cue!(Strength::Weak, r"\bwhere(?:'s|\s+is)\s+"),
    cue!(
        Strength::Weak,
        r"\b(?:stream|streaming|rent|buy|watch)\s+(?:of\s+)?"
    ),
];

static INFO_CUES: [Cue; 6] = [
    cue!(
        Strength::Strong,
        r"\bwhat(?:'s|\s+is|\s+was)\s+(?P<t>.+?)\s+about\b|\bwhat\s+(?P<t2>.+?)\s+(?:is|was)\s+about\b"
    ),
    cue!(
        Strength::Strong,
        r"\b(?:is|was)\s+(?P<t>.+?)\s+(?:any\s+good|good|worth\s+(?:it|watching|a\s+watch|seeing|my\s+time)|a\s+good\s+(?:movie|film)|scary|long|too\s+long|suitable|ok\s+for\s+kids|appropriate)\b"
    ),
    cue!(
        Strength::Strong,
        r"\b(?:when|what\s+year)\s+(?:did|was)\s+(?P<t>.+?)\s+(?:come\s+out|released|release|made|out)\b"
    ),
    cue!(
        Strength::Strong,
        r"^\s*(?P<t>.+?)\s+(?:info|information|details|plot|synopsis|cast|runtime|trailer|summary|reviews?)\s*\??\s*$"
    ),
    cue!(
        Strength::Strong,
        r"\b(?:
            tell\s+(?:me|us)\s+(?:more\s+|a\s+bit\s+|a\s+little\s+|something\s+|everything\s+)?about
          | (?:more\s+)?(?:info|information|details|synopsis|summary|plot|storyline|story|trailer|cast|runtime|length|reviews?|facts|trivia)\s+(?:on|about|of|for)
          | what\s+do\s+you\s+know\s+about
          | (?:know|learn|hear|read)\s+(?:more\s+)?about
          | who(?:'s|\s+is|\s+was|\s+are|\s+were)\s+in
          | who\s+(?:directed|starred\s+in|stars\s+in|acted\s+in|plays\s+in|made|wrote|is\s+the\s+director\s+of)
          | how\s+(?:long|good|bad|scary|old|violent)\s+is
          | what(?:'s|\s+is)\s+the\s+(?:plot|story|runtime|rating|cast|deal|score)\s+(?:of|with|for|in)
          | (?:thoughts|opinion|opinions)\s+(?:on|of|about)
          | what\s+do\s+you\s+think\s+(?:of|about)
          | explain|describe
        )\s+"
    ),
    cue!(
        Strength::Weak,
        r"\b(?:what(?:'s|\s+is)|search(?:\s+for)?|look\s*up|find(?:\s+me)?|show\s+me|do\s+you\s+(?:know|have)|have\s+you\s+(?:seen|heard\s+of|watched)|ever\s+(?:seen|heard\s+of)|what\s+about)\s+"
    ),
];

static SIMILAR_CUES: [Cue; 3] = [
    cue!(
        Strength::Strong,
        r"(?:
            \bsimilar\s+(?:\w+\s+)?(?:to|with|as)
          | \bsame\s+(?:vibes?\s+|feel\s+|style\s+|energy\s+|tone\s+)?as
          | \bin\s+the\s+(?:same\s+)?(?:vein|style|spirit|mold|mould)\s+of
          | \b(?:in\s+the\s+)?same\s+(?:vein|style|spirit|mold|mould|league)\s+as
          | \balong\s+the\s+lines\s+of
          | \breminds?\s+(?:me\s+)?of
          | \breminiscent\s+of
          | \bcomparable\s+to
          | \bakin\s+to
          | \b(?:if|since|because|as)\s+(?:i|you|we)\s+(?:really\s+|totally\s+|absolutely\s+)?(?:liked?|loved?|enjoyed?|dug|adored?)
          | \b(?:alternatives?|successors?)\s+to
          | \bvibes?\s+(?:like|of)
          | \b(?:movies?|films?|flicks?|something|anything|stuff|ones?|more|others?|things?|titles?|picks?|recs?|recommendations?|suggestions?|alternatives?|shows?|similar|else|much|pictures?|some)
              \s+(?:(?:kind\s+of|sort\s+of|just|a\s+bit|a\s+little|bit|exactly|a\s+lot|very|really|more|similar)\s+)?like
          | ^\s*(?:more\s+)?like
        )\s+"
    ),
    // "90s sci-fi like ___", "comedies like ___": a genre or decade word before "like".
    cue!(Strength::Strong, r"\b(?P<prev>[\w'-]+)\s+like\s+"),
    cue!(
        Strength::Weak,
        r"\bfans?\s+of\s+|\b(?:i|we|they|kids|son|daughter|wife|husband|partner|gf|bf|girlfriend|boyfriend)\s+(?:really\s+|just\s+|totally\s+|absolutely\s+)?(?:liked?|loved?|enjoyed?|adored?|dug)\s+"
    ),
];

/// Films found by each kind of cue.
#[derive(Debug, Default)]
pub(crate) struct FilmCues {
    pub providers: Option<FilmSpan>,
    pub info: Option<FilmSpan>,
    pub similar: Option<FilmSpan>,
}

pub(crate) fn detect(text: &Text, mask: &mut [bool], lexicon: &dyn Lexicon) -> FilmCues {
    let providers = find(text, mask, lexicon, &PROVIDER_CUES);
    let info = find(text, mask, lexicon, &INFO_CUES);
    let similar = find(text, mask, lexicon, &SIMILAR_CUES);
    FilmCues {
        providers,
        info,
        similar,
    }
}

/// The first film any of `cues` introduces; its words are masked.
pub(crate) fn find(
    text: &Text,
    mask: &mut [bool],
    lexicon: &dyn Lexicon,
    cues: &[Cue],
) -> Option<FilmSpan> {
    let masked = text.masked(mask);
    for (regex, strength) in cues {
        // A handful of cue matches is plenty; a pasted wall of "movies like" is not a query.
        for caps in regex.captures_iter(&masked).take(4) {
            if let Some(prev) = caps.name("prev") {
                let prev = prev.as_str().to_lowercase();
                let decade = prev.trim_end_matches('s').ends_with('0');
                if !vocab::is_term_word(&prev) && !decade {
                    continue;
                }
            }
            let (start, limit) = match caps.name("t").or_else(|| caps.name("t2")) {
                Some(t) => (text.word_at(t.start()), text.words_before(t.end())),
                None => (text.word_at(caps.get(0).map_or(0, |m| m.end())), usize::MAX),
            };
            if let Some(span) = film_at(text, mask, start, limit, lexicon, *strength) {
                for i in span.words() {
                    if let Some(m) = mask.get_mut(i) {
                        *m = true;
                    }
                }
                return Some(span);
            }
        }
    }
    None
}
