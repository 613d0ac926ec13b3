//! Limits to what the user can stream: "only on my services", "on my streaming services",
//! "something I can stream" → the user's own services; "what can I watch on Netflix
//! tonight", "horror on Disney+" → the services named (known names, `services/known.rs`).
//! "Is Dune on Netflix?" is a providers question, found earlier (`films.rs`), not a limit.

use std::sync::LazyLock;

use regex::Regex;

use super::model::StreamLimit;
use super::text::Text;
use crate::chat::services::known::{KNOWN, by_words};

static MINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:
            (?:only\s+)?(?:on|from|in|with|via|through)\s+(?:my|our)\s+(?:own\s+)?(?:streaming\s+)?
                (?:services?|subscriptions?|streamers?|platforms?|apps?|streaming)
          | (?:services?|subscriptions?)\s+(?:i|we)\s+(?:have|pay\s+for|subscribe\s+to|got)
          | (?:that\s+)?(?:i|we)\s+can\s+(?:actually\s+)?stream(?:\s+(?:now|tonight|right\s+now))?
        )\b",
    )
    .expect("services pattern is valid")
});

/// "on Netflix", "streaming on Disney Plus", "only on my Hulu": any known name, longest first.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = KNOWN.iter().flat_map(|k| k.2.iter().copied()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let names: Vec<String> = names
        .iter()
        .map(|n| regex::escape(n).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(
        r"(?i)\b(?:(?:only|just|streaming|available)\s+)?(?:on|via|from)\s+(?:my\s+)?(?P<name>{})(?:\s+or\s+(?P<other>{}))?(?:\s|$|[,.?!])",
        names.join("|"),
        names.join("|"),
    ))
    .expect("service names pattern is valid")
});

/// The limit a message sets, with its words masked so no later pass reads them.
pub(crate) fn detect(text: &Text, mask: &mut [bool]) -> Option<StreamLimit> {
    let masked = text.masked(mask);
    let (limit, start, end) = if let Some(c) = NAMED.captures(&masked) {
        let all = c.get(0)?;
        let ids: Vec<i64> = ["name", "other"]
            .into_iter()
            .filter_map(|g| c.name(g))
            .filter_map(|m| by_words(&m.as_str().split_whitespace().collect::<Vec<_>>().join(" ")))
            .map(|(id, _)| id)
            .collect();
        let end = c.name("other").or(c.name("name"))?.end();
        (StreamLimit::Named(ids), all.start(), end)
    } else {
        let m = MINE.find(&masked)?;
        (StreamLimit::Mine, m.start(), m.end())
    };
    let (first, last) = (text.word_at(start), text.words_before(end));
    for m in mask.iter_mut().take(last).skip(first) {
        *m = true;
    }
    match &limit {
        StreamLimit::Named(ids) if ids.is_empty() => None,
        _ => Some(limit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(message: &str) -> Option<StreamLimit> {
        let text = Text::new(message);
        let mut mask = vec![false; text.words.len()];
        detect(&text, &mut mask)
    }

    #[test]
    fn the_users_own_services() {
        for m in [
            "only on my services",
            "something on my streaming services",
            "horror I can stream tonight",
            "a comedy from my subscriptions",
            "films on my services please",
        ] {
            assert_eq!(limit(m), Some(StreamLimit::Mine), "{m}");
        }
    }

    #[test]
    fn services_by_name() {
        assert_eq!(
            limit("what can I watch on Netflix tonight"),
            Some(StreamLimit::Named(vec![8]))
        );
        assert_eq!(
            limit("90s horror streaming on Disney Plus"),
            Some(StreamLimit::Named(vec![337]))
        );
        assert_eq!(
            limit("anything good on hulu or prime video?"),
            Some(StreamLimit::Named(vec![15, 9]))
        );
        assert_eq!(
            limit("only on my HBO Max"),
            Some(StreamLimit::Named(vec![1899]))
        );
        assert_eq!(limit("a film about netflix founders"), None);
        assert_eq!(limit("Maximum Overdrive"), None);
        assert_eq!(limit("recommend a thriller"), None);
    }

    #[test]
    fn a_limited_request_is_a_recommendation_with_its_other_filters() {
        use crate::chat::intent::{FollowUp, Intent, NoLexicon, parse};
        let p = parse("what can I watch on Netflix tonight", &NoLexicon, 2026);
        assert_eq!(p.intent, Intent::Recommend);
        assert_eq!(p.filters.streaming, Some(StreamLimit::Named(vec![8])));
        let p = parse("only on my services", &NoLexicon, 2026);
        assert_eq!(p.intent, Intent::Recommend);
        assert_eq!(p.filters.streaming, Some(StreamLimit::Mine));
        let p = parse("90s horror on my services", &NoLexicon, 2026);
        assert_eq!(p.filters.genres, ["Horror"]);
        assert_eq!(p.filters.year_from, Some(1990));
        assert_eq!(p.filters.streaming, Some(StreamLimit::Mine));
        let p = parse("what about only on my services?", &NoLexicon, 2026);
        assert_eq!(p.follow_up, Some(FollowUp::Refine));
        assert_eq!(p.filters.streaming, Some(StreamLimit::Mine));
        let p = parse("is Barbie on Netflix?", &NoLexicon, 2026);
        assert_eq!(p.intent, Intent::Providers);
        assert_eq!(p.filters.streaming, None);
    }
}
