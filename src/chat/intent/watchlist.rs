//! Watchlist sub-commands: show it, add a film, remove a film.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::Lexicon;
use super::model::WatchlistCommand;
use super::spans::{FilmSpan, Strength, film_at};
use super::text::Text;

const LIST: &str = r"(?:my\s+|the\s+|our\s+)?(?:watch\s*-?\s*list|watch\s+later(?:\s+list)?|to[\s-]?watch(?:\s+list)?|queue|list|saved\s+(?:movies|films|list))";

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?i){pattern}")).expect("watchlist pattern is valid")
}

static ADD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:add|put|save|stick|throw|pop|bookmark|queue\s+up|keep)\s+(?P<t>.+?)\s+(?:to|on|in|into|onto)\s+{LIST}\b|\b(?:save|bookmark|remember)\s+(?P<t2>.+?)\s+for\s+later\b|\bwatch\s*-?\s*list\s*(?:add|\+)\s+(?P<t3>.+)$|\b(?:add|save|bookmark)\s+(?P<t4>it|that|this|that\s+one|this\s+one|the\s+\S+\s+one)\s*$"
    ))
});

static REMOVE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:remove|delete|drop|take|scratch|cross|kick|strike)\s+(?P<t>.+?)\s+(?:off|from|out\s+of)\s+{LIST}\b|\bwatch\s*-?\s*list\s*(?:remove|delete|-)\s+(?P<t2>.+)$"
    ))
});

static SHOW: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:watch\s*-?\s*list|watch\s+later\s+list|to[\s-]?watch\s+list|my\s+(?:list|queue)|saved\s+(?:movies|films))\b",
    )
});

/// A watchlist command and the film it names (masked).
pub(crate) struct WatchlistFound {
    pub command: WatchlistCommand,
    pub film: Option<FilmSpan>,
}

pub(crate) fn detect(
    text: &Text,
    mask: &mut [bool],
    lexicon: &dyn Lexicon,
) -> Option<WatchlistFound> {
    for (regex, add) in [(&*REMOVE, false), (&*ADD, true)] {
        let Some(caps) = regex.captures(&text.clean) else {
            continue;
        };
        let t = ["t", "t2", "t3", "t4"].iter().find_map(|n| caps.name(n))?;
        let start = text.word_at(t.start());
        let film = film_at(
            text,
            mask,
            start,
            text.words_before(t.end()),
            lexicon,
            Strength::Strong,
        );
        let title = match &film {
            Some(FilmSpan::Film { film, .. }) => {
                Some(film.canonical.clone().unwrap_or(film.words.clone()))
            }
            _ => None,
        };
        if let Some(span) = &film {
            for i in span.words() {
                mask[i] = true;
            }
        }
        let command = if add {
            WatchlistCommand::Add { title }
        } else {
            WatchlistCommand::Remove { title }
        };
        return Some(WatchlistFound { command, film });
    }
    SHOW.is_match(&text.clean).then_some(WatchlistFound {
        command: WatchlistCommand::Show,
        film: None,
    })
}
