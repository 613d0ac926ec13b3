//! The phrasing table: every example from the original design plus our own, each with the
//! intent and *all* filters expected. Filters are checked strictly (an unexpected genre, mood,
//! person, title or year is a failure), the extras (rating, follow-up, region…) when listed.

mod chat;
mod films;
mod requests;

use super::fixture::Catalog;
use crate::chat::intent::{FollowUp, Intent, Mood, ParsedIntent, WatchlistCommand, parse};

/// Today, for "recent" and friends.
const YEAR: i32 = 2026;

/// One expectation about a parse.
#[derive(Debug, Clone, Copy)]
pub(super) enum F {
    /// Genres, in order.
    G(&'static [&'static str]),
    /// Person.
    P(&'static str),
    /// Similar-to film.
    S(&'static str),
    /// Title.
    T(&'static str),
    M(Mood),
    /// year_from, year_to.
    Y(Option<i32>, Option<i32>),
    /// Rating.
    R(f32),
    Fu(FollowUp),
    Pick(u8),
    Region(&'static str),
    Wl(Wl),
    /// Excluded genres.
    Ex(&'static [&'static str]),
    ExMood(Mood),
    Group,
    Liked(&'static [&'static str]),
    Disliked(&'static [&'static str]),
    Fav(&'static str),
    PrefRegion(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Wl {
    Show,
    Add,
    Remove,
}

pub(super) type Case = (&'static str, Intent, &'static [F]);

/// The original design's examples, verbatim.
const DESIGN: &[Case] = &[
    ("I want action movies", Intent::Genre, &[F::G(&["Action"])]),
    ("Show me horror films", Intent::Genre, &[F::G(&["Horror"])]),
    ("Looking for comedy", Intent::Genre, &[F::G(&["Comedy"])]),
    (
        "Movies with Tom Cruise",
        Intent::Actor,
        &[F::P("Tom Cruise")],
    ),
    (
        "Films starring Meryl Streep",
        Intent::Actor,
        &[F::P("Meryl Streep")],
    ),
    (
        "Movies like Inception",
        Intent::SimilarMovie,
        &[F::S("Inception")],
    ),
    (
        "Similar to The Dark Knight",
        Intent::SimilarMovie,
        &[F::S("The Dark Knight")],
    ),
    ("Something scary", Intent::Mood, &[F::M(Mood::Scary)]),
    ("Feel-good movies", Intent::Mood, &[F::M(Mood::FeelGood)]),
    (
        "Suspenseful films",
        Intent::Mood,
        &[F::M(Mood::Suspenseful)],
    ),
    ("What's popular?", Intent::Trending, &[]),
    ("Trending movies", Intent::Trending, &[]),
    ("What's everyone watching?", Intent::Trending, &[]),
    (
        "90s movies",
        Intent::TimePeriod,
        &[F::Y(Some(1990), Some(1999))],
    ),
    (
        "Recent films",
        Intent::TimePeriod,
        &[F::Y(Some(2025), Some(2026))],
    ),
    (
        "Movies from 2020",
        Intent::TimePeriod,
        &[F::Y(Some(2020), Some(2020))],
    ),
    (
        "90s action movies with Keanu Reeves",
        Intent::Actor,
        &[
            F::G(&["Action"]),
            F::P("Keanu Reeves"),
            F::Y(Some(1990), Some(1999)),
        ],
    ),
    (
        "something like Alien but newer",
        Intent::SimilarMovie,
        &[F::S("Alien"), F::Y(Some(1980), None)],
    ),
    // The issue's own examples for the other intents.
    (
        "recommend me some animated films",
        Intent::Genre,
        &[F::G(&["Animation"])],
    ),
    (
        "hi, any good sci-fi?",
        Intent::Genre,
        &[F::G(&["Science Fiction"])],
    ),
    ("what should I watch?", Intent::Recommend, &[]),
    (
        "tell me about Inception",
        Intent::MovieInfo,
        &[F::T("Inception")],
    ),
    (
        "where can I stream Dune?",
        Intent::Providers,
        &[F::T("Dune")],
    ),
    (
        "I'd give Heat 4.5 stars",
        Intent::Rate,
        &[F::T("Heat"), F::R(4.5)],
    ),
    (
        "I love horror",
        Intent::Preference,
        &[F::G(&["Horror"]), F::Liked(&["Horror"])],
    ),
];

fn check(parsed: &ParsedIntent, intent: Intent, expect: &[F]) -> Vec<String> {
    let mut errors = Vec::new();
    let mut err = |what: &str, want: String, got: String| {
        if want != got {
            errors.push(format!("{what}: want {want}, got {got}"));
        }
    };
    err(
        "intent",
        format!("{intent:?}"),
        format!("{:?}", parsed.intent),
    );
    let f = &parsed.filters;
    let mut genres: &[&str] = &[];
    let (mut person, mut similar, mut title, mut mood, mut years) =
        (None, None, None, None, (None, None));
    for e in expect {
        match *e {
            F::G(g) => genres = g,
            F::P(p) => person = Some(p),
            F::S(s) => similar = Some(s),
            F::T(t) => title = Some(t),
            F::M(m) => mood = Some(m),
            F::Y(from, to) => years = (from, to),
            F::R(r) => err(
                "rating",
                format!("{:?}", Some(r)),
                format!("{:?}", parsed.rating),
            ),
            F::Fu(u) => err(
                "follow_up",
                format!("{:?}", Some(u)),
                format!("{:?}", parsed.follow_up),
            ),
            F::Pick(n) => err(
                "pick",
                format!("{:?}", Some(n)),
                format!("{:?}", parsed.pick),
            ),
            F::Region(r) => err(
                "region",
                format!("{:?}", Some(r)),
                format!("{:?}", parsed.region.as_deref()),
            ),
            F::Wl(w) => {
                let got = match &parsed.watchlist {
                    Some(WatchlistCommand::Show) => Some(Wl::Show),
                    Some(WatchlistCommand::Add { .. }) => Some(Wl::Add),
                    Some(WatchlistCommand::Remove { .. }) => Some(Wl::Remove),
                    None => None,
                };
                err("watchlist", format!("{:?}", Some(w)), format!("{got:?}"));
            }
            F::Ex(g) => err(
                "exclude",
                format!("{g:?}"),
                format!("{:?}", parsed.exclude.genres),
            ),
            F::ExMood(m) => err(
                "exclude mood",
                format!("{:?}", [m]),
                format!("{:?}", parsed.exclude.moods),
            ),
            F::Group => err("for_group", "true".into(), parsed.for_group.to_string()),
            F::Liked(g) => err(
                "liked",
                format!("{g:?}"),
                format!(
                    "{:?}",
                    parsed
                        .preference
                        .as_ref()
                        .map(|p| p.liked_genres.clone())
                        .unwrap_or_default()
                ),
            ),
            F::Disliked(g) => err(
                "disliked",
                format!("{g:?}"),
                format!(
                    "{:?}",
                    parsed
                        .preference
                        .as_ref()
                        .map(|p| p.disliked_genres.clone())
                        .unwrap_or_default()
                ),
            ),
            F::Fav(p) => err(
                "favourite",
                format!("{:?}", Some(p)),
                format!(
                    "{:?}",
                    parsed
                        .preference
                        .as_ref()
                        .and_then(|p| p.favourite_person.as_deref())
                ),
            ),
            F::PrefRegion(r) => err(
                "preference region",
                format!("{:?}", Some(r)),
                format!(
                    "{:?}",
                    parsed.preference.as_ref().and_then(|p| p.region.as_deref())
                ),
            ),
        }
    }
    err("genres", format!("{genres:?}"), format!("{:?}", f.genres));
    err(
        "person",
        format!("{person:?}"),
        format!("{:?}", f.person.as_deref()),
    );
    err(
        "similar_to",
        format!("{similar:?}"),
        format!("{:?}", f.similar_to.as_deref()),
    );
    err(
        "title",
        format!("{title:?}"),
        format!("{:?}", f.title.as_deref()),
    );
    err("mood", format!("{mood:?}"), format!("{:?}", f.mood));
    err(
        "years",
        format!("{years:?}"),
        format!("{:?}", (f.year_from, f.year_to)),
    );
    errors
}

fn run(cases: &[Case]) -> Vec<String> {
    let mut failures = Vec::new();
    for (input, intent, expect) in cases {
        let parsed = parse(input, &Catalog, YEAR);
        let errors = check(&parsed, *intent, expect);
        if !errors.is_empty() {
            failures.push(format!("{input:?}\n    {}", errors.join("\n    ")));
        }
    }
    failures
}

fn assert_all(name: &str, cases: &[Case]) {
    let failures = run(cases);
    assert!(
        failures.is_empty(),
        "{} of {} {name} phrasings failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn design_examples() {
    assert_all("design", DESIGN);
}

#[test]
fn request_phrasings() {
    assert_all("request", requests::CASES);
}

#[test]
fn film_phrasings() {
    assert_all("film", films::CASES);
}

#[test]
fn chat_phrasings() {
    assert_all("chat", chat::CASES);
}

#[test]
fn the_table_is_big_enough() {
    let own = requests::CASES.len() + films::CASES.len() + chat::CASES.len();
    assert!(own >= 170, "only {own} phrasings of our own");
}
