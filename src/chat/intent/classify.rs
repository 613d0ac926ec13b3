//! Picks the one primary intent when a message says several things.
//!
//! Order (most specific first): watchlist command; similar_movie; rate, providers,
//! movie_info; a preference *statement* that asks for nothing ("I love horror" — its genres
//! are what it states, not a request); actor; trending; mood; genre; time_period; a title
//! named with no cue at all (movie_info); constraints alone ("under 2 hours", "without Nicolas
//! Cage", "hidden gems") and a bare follow-up ("more", "not that one") as recommend; any
//! other preference (a region); help;
//! recommend; greeting; unknown. An explicit "recommend" verb outranks help ("can you help me
//! find a movie"); a bare mention of movies does not ("how do I rate movies?").

use super::model::Intent;

/// Everything the detectors found, reduced to what the ranking needs.
#[derive(Debug, Default)]
pub(crate) struct Signals {
    pub watchlist: bool,
    pub similar: bool,
    pub rate: bool,
    pub providers: bool,
    pub info: bool,
    pub statement: bool,
    pub request: bool,
    pub person: bool,
    pub trending: bool,
    pub mood: bool,
    pub genres: bool,
    pub years: bool,
    pub uncued_title: bool,
    /// Runtime, language, certification, score or exclusions with nothing else asked.
    pub constraints: bool,
    pub follow_up: bool,
    pub preference: bool,
    pub help: bool,
    pub recommend_verb: bool,
    pub recommend_noun: bool,
    pub greeting: bool,
}

pub(crate) fn classify(s: &Signals) -> Intent {
    let ranked = [
        (s.watchlist, Intent::Watchlist),
        (s.similar, Intent::SimilarMovie),
        (s.rate, Intent::Rate),
        (s.providers, Intent::Providers),
        (s.info, Intent::MovieInfo),
        (s.statement && !s.request, Intent::Preference),
        (s.person, Intent::Actor),
        (s.trending, Intent::Trending),
        (s.mood, Intent::Mood),
        (s.genres, Intent::Genre),
        (s.years, Intent::TimePeriod),
        (s.uncued_title, Intent::MovieInfo),
        (s.constraints, Intent::Recommend),
        (s.follow_up, Intent::Recommend),
        (s.preference, Intent::Preference),
        (s.recommend_verb, Intent::Recommend),
        (s.help, Intent::Help),
        (s.recommend_noun, Intent::Recommend),
        (s.greeting, Intent::Greeting),
    ];
    ranked
        .into_iter()
        .find_map(|(present, intent)| present.then_some(intent))
        .unwrap_or(Intent::Unknown)
}
