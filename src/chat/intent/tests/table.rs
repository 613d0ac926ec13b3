//! The phrasing table: every example from the original design plus our own, each with the
//! intent and *all* filters expected. Filters are checked strictly (an unexpected genre, mood,
//! person, title, year, runtime, language, exclusion, certification or score is a failure),
//! and so are the follow-up fields (rating, opinion, follow-up, pick, pick_last, shift,
//! series); the preference details and the region only when listed.

mod chat;
mod constraints;
mod films;
mod followups;
mod lasting;
mod requests;

use super::fixture::Catalog;
use crate::chat::intent::{FollowUp, Intent, Mood, ParsedIntent, Shift, WatchlistCommand, parse};

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
    /// runtime_min, runtime_max.
    Rt(Option<u32>, Option<u32>),
    /// Original languages.
    Lang(&'static [&'static str]),
    /// Excluded people.
    ExP(&'static [&'static str]),
    /// Excluded titles.
    ExT(&'static [&'static str]),
    /// certification_max.
    Cert(&'static str),
    /// min_vote.
    Vote(f32),
    /// hidden_gems.
    Gems,
    /// The whole series of the film in `title`.
    Series,
    /// The last card of the last list.
    PickLast,
    Shift(Shift),
    /// The rating was read from an opinion.
    Opinion,
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
    let (mut rating, mut follow_up, mut pick, mut shift) = (None, None, None, None);
    let (mut exclude, mut exclude_moods): (&[&str], Vec<Mood>) = (&[], Vec::new());
    let (mut runtime, mut languages, mut exclude_people, mut exclude_titles): (
        _,
        &[&str],
        &[&str],
        &[&str],
    ) = ((None, None), &[], &[], &[]);
    let (mut cert, mut vote) = (None, None);
    let (mut gems, mut series, mut pick_last, mut opinion) = (false, false, false, false);
    for e in expect {
        match *e {
            F::G(g) => genres = g,
            F::P(p) => person = Some(p),
            F::S(s) => similar = Some(s),
            F::T(t) => title = Some(t),
            F::M(m) => mood = Some(m),
            F::Y(from, to) => years = (from, to),
            F::R(r) => rating = Some(r),
            F::Fu(u) => follow_up = Some(u),
            F::Pick(n) => pick = Some(n),
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
            F::Ex(g) => exclude = g,
            F::ExMood(m) => exclude_moods.push(m),
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
            F::Rt(min, max) => runtime = (min, max),
            F::Lang(l) => languages = l,
            F::ExP(p) => exclude_people = p,
            F::ExT(t) => exclude_titles = t,
            F::Cert(c) => cert = Some(c),
            F::Vote(v) => vote = Some(v),
            F::Gems => gems = true,
            F::Series => series = true,
            F::PickLast => pick_last = true,
            F::Shift(s) => shift = Some(s),
            F::Opinion => opinion = true,
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
    err(
        "runtime",
        format!("{runtime:?}"),
        format!("{:?}", (f.runtime_min, f.runtime_max)),
    );
    err(
        "languages",
        format!("{languages:?}"),
        format!("{:?}", f.languages),
    );
    err(
        "exclude genres",
        format!("{exclude:?}"),
        format!("{:?}", parsed.exclude.genres),
    );
    err(
        "filters.exclude_genres",
        format!("{exclude:?}"),
        format!("{:?}", f.exclude_genres),
    );
    err(
        "exclude moods",
        format!("{exclude_moods:?}"),
        format!("{:?}", parsed.exclude.moods),
    );
    err(
        "exclude people",
        format!("{exclude_people:?}"),
        format!("{:?}", f.exclude_people),
    );
    err(
        "exclude titles",
        format!("{exclude_titles:?}"),
        format!("{:?}", f.exclude_titles),
    );
    err(
        "certification",
        format!("{cert:?}"),
        format!("{:?}", f.certification_max.as_deref()),
    );
    err("min_vote", format!("{vote:?}"), format!("{:?}", f.min_vote));
    err("hidden_gems", gems.to_string(), f.hidden_gems.to_string());
    err("series", series.to_string(), f.series.to_string());
    err(
        "rating",
        format!("{rating:?}"),
        format!("{:?}", parsed.rating),
    );
    err("opinion", opinion.to_string(), parsed.opinion.to_string());
    err(
        "follow_up",
        format!("{follow_up:?}"),
        format!("{:?}", parsed.follow_up),
    );
    err("pick", format!("{pick:?}"), format!("{:?}", parsed.pick));
    err(
        "pick_last",
        pick_last.to_string(),
        parsed.pick_last.to_string(),
    );
    err("shift", format!("{shift:?}"), format!("{:?}", parsed.shift));
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
fn constraint_phrasings() {
    assert_all("constraint", constraints::CASES);
}

#[test]
fn follow_up_phrasings() {
    assert_all("follow-up", followups::CASES);
}

#[test]
fn lasting_exclusion_phrasings() {
    assert_all("lasting exclusion", lasting::CASES);
}

#[test]
fn the_table_is_big_enough() {
    let own = requests::CASES.len()
        + films::CASES.len()
        + chat::CASES.len()
        + constraints::CASES.len()
        + followups::CASES.len();
    assert!(own >= 450, "only {own} phrasings of our own");
}
