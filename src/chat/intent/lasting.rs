//! Lasting exclusions: "never show me Titanic", "never recommend that again", "don't suggest
//! the second one anymore" (a film never to be recommended again) and "less of this", "fewer
//! films like Titanic", "less like the last one" (show less of what that film is).
//!
//! Runs before the film passes and masks the whole phrase, so "fewer films like Titanic" is
//! not a request for films like Titanic. Only a verb of recommending after "never" counts
//! ("I never watched Titanic" is not a wish), and "less"/"fewer" only before "this"/"that" or
//! "like …" ("less than 2 hours" is a runtime, "less scary" a mood).

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::Lexicon;
use super::model::FollowUp;
use super::spans::{FilmSpan, Strength, film_at};
use super::text::Text;

const SHOW: &str = r"(?:show(?:ing)?|recommend(?:ing)?|suggest(?:ing)?|offer(?:ing)?|give)";
const AGAIN: &str = r"(?:again|anymore|any\s+more|ever\s+again|to\s+me)";

static NEVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)
          \b(?:never|never\s+ever|don'?t\s+ever|do\s+not\s+ever|stop)\s+{SHOW}\s+(?:me\s+|us\s+)?
            (?P<t>.+?)(?:\s+{AGAIN})*\s*[.!?]*\s*$
        | \b(?:don'?t|do\s+not|please\s+don'?t)\s+{SHOW}\s+(?:me\s+|us\s+)?
            (?P<t2>.+?)\s+(?:again|anymore|any\s+more|ever\s+again)\s*[.!?]*\s*$
        | ^\s*(?P<bare>never\s+again|not\s+ever\s+again)\s*[.!?]*\s*$"
    ))
    .expect("lasting exclusion pattern is valid")
});

static LESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
          \b(?:less|fewer)\s+(?:of\s+)?(?P<p>this|that|these|those|it)
            (?:\s+(?:kind|sort|type)(?:\s+of\s+(?:thing|stuff|films?|movies?))?)?
            (?:\s+please)?\s*[.!?]*\s*$
        | \b(?:less|fewer)\s+(?:films?|movies?|ones|stuff|things)?\s*like\s+
            (?P<t>.+?)\s*(?:please)?\s*[.!?]*\s*$
        | \bnot\s+so\s+many\s+(?:films?|movies?|ones)?\s*like\s+(?P<t2>.+?)\s*[.!?]*\s*$",
    )
    .expect("lasting exclusion pattern is valid")
});

/// A lasting exclusion and the film it is about (masked), if the message named one.
pub(crate) struct Lasting {
    pub kind: FollowUp,
    pub film: Option<FilmSpan>,
}

pub(crate) fn detect(text: &Text, mask: &mut [bool], lexicon: &dyn Lexicon) -> Option<Lasting> {
    let masked = text.masked(mask);
    let (kind, caps) = if let Some(c) = NEVER.captures(&masked) {
        (FollowUp::Never, c)
    } else {
        (FollowUp::LessLikeThis, LESS.captures(&masked)?)
    };
    let whole = caps.get(0)?;
    let film = ["t", "t2", "p"]
        .iter()
        .find_map(|n| caps.name(n))
        .and_then(|t| {
            let start = text.word_at(t.start());
            let end = text.words_before(t.end());
            film_at(text, mask, start, end, lexicon, Strength::Strong)
        });
    // "stop recommending horror": a genre word is not a film (the vocabulary reads it).
    if film.is_none() && caps.name("bare").is_none() {
        return None;
    }
    let (from, to) = (text.word_at(whole.start()), text.words_before(whole.end()));
    for m in mask.iter_mut().take(to).skip(from) {
        *m = true;
    }
    Some(Lasting { kind, film })
}
