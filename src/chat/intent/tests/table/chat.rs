//! Conversational phrasings: recommend, preferences, greetings, help, follow-ups, nonsense,
//! and long mixed requests.

use super::{Case, F};
use crate::chat::intent::Intent::*;
use crate::chat::intent::{FollowUp, Mood};

pub(in crate::chat::intent::tests) const CASES: &[Case] = &[
    // Recommend
    ("what should i watch tonight", Recommend, &[]),
    ("recommend me something", Recommend, &[]),
    ("I'm bored", Recommend, &[]),
    ("surprise me", Recommend, &[]),
    ("any suggestions?", Recommend, &[]),
    ("pick a movie for me", Recommend, &[]),
    ("reccomend a film pls", Recommend, &[]),
    ("recommend for all of us", Recommend, &[F::Group]),
    (
        "movie night for the group, what should we watch?",
        Recommend,
        &[F::Group],
    ),
    ("can you help me find a movie?", Recommend, &[]),
    ("I need something to watch", Recommend, &[]),
    ("anything but horror", Recommend, &[F::Ex(&["Horror"])]),
    // Preference
    (
        "I love horror and sci-fi",
        Preference,
        &[
            F::G(&["Horror", "Science Fiction"]),
            F::Liked(&["Horror", "Science Fiction"]),
        ],
    ),
    (
        "my favourite actor is Tom Hanks",
        Preference,
        &[F::P("Tom Hanks"), F::Fav("Tom Hanks")],
    ),
    (
        "I'm in the UK",
        Preference,
        &[F::Region("GB"), F::PrefRegion("GB")],
    ),
    ("I live in Germany", Preference, &[F::PrefRegion("DE")]),
    (
        "I hate musicals",
        Preference,
        &[F::Ex(&["Music"]), F::Disliked(&["Music"])],
    ),
    (
        "I'm a huge sci-fi fan",
        Preference,
        &[F::G(&["Science Fiction"]), F::Liked(&["Science Fiction"])],
    ),
    (
        "I really like Christopher Nolan",
        Preference,
        &[F::P("Christopher Nolan"), F::Fav("Christopher Nolan")],
    ),
    (
        "westerns are my jam",
        Preference,
        &[F::G(&["Western"]), F::Liked(&["Western"])],
    ),
    ("set my region to FR", Preference, &[F::PrefRegion("FR")]),
    (
        "I don't like horror",
        Preference,
        &[F::Ex(&["Horror"]), F::Disliked(&["Horror"])],
    ),
    (
        "i love horror, any suggestions?",
        Genre,
        &[F::G(&["Horror"])],
    ),
    (
        "I'm from Canada, what's popular there?",
        Trending,
        &[F::Region("CA")],
    ),
    (
        "my favorite genre is comedy",
        Preference,
        &[F::G(&["Comedy"]), F::Liked(&["Comedy"])],
    ),
    // Greeting
    ("hi", Greeting, &[]),
    ("Hello!", Greeting, &[]),
    ("hey there 👋", Greeting, &[]),
    ("good morning", Greeting, &[]),
    ("yo", Greeting, &[]),
    ("thanks!", Greeting, &[]),
    // Help
    ("help", Help, &[]),
    ("what can you do?", Help, &[]),
    ("how does this work", Help, &[]),
    ("commands", Help, &[]),
    ("?", Help, &[]),
    ("how do I rate movies?", Help, &[]),
    ("hey! what can you do?", Help, &[]),
    // Follow-ups
    ("more", Recommend, &[F::Fu(FollowUp::More)]),
    ("next", Recommend, &[F::Fu(FollowUp::More)]),
    ("show me more", Recommend, &[F::Fu(FollowUp::More)]),
    ("next page please", Recommend, &[F::Fu(FollowUp::More)]),
    ("ok more please", Recommend, &[F::Fu(FollowUp::More)]),
    ("back", Recommend, &[F::Fu(FollowUp::Previous)]),
    ("previous page", Recommend, &[F::Fu(FollowUp::Previous)]),
    (
        "another one like that",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat)],
    ),
    ("not that one", Recommend, &[F::Fu(FollowUp::NotThatOne)]),
    ("seen it already", Recommend, &[F::Fu(FollowUp::NotThatOne)]),
    (
        "something similar",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat)],
    ),
    (
        "not that one, something scarier",
        Mood,
        &[F::M(Mood::Scary), F::Fu(FollowUp::NotThatOne)],
    ),
    (
        "more like this",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat)],
    ),
    ("something else", Recommend, &[F::Fu(FollowUp::More)]),
    // Unknown
    ("asdfghjkl", Unknown, &[]),
    ("what's the weather like?", Unknown, &[]),
    ("", Unknown, &[]),
    ("🍕🍕🍕", Unknown, &[]),
    ("12345", Unknown, &[]),
    ("the quick brown fox", Unknown, &[]),
    // Long and mixed
    (
        "hey so my gf and I want something romantic but also funny for tonight, any ideas?",
        Mood,
        &[F::M(Mood::Romantic)],
    ),
    (
        "Can you recommend a good 80s horror movie with lots of gore?",
        Genre,
        &[F::G(&["Horror"]), F::Y(Some(1980), Some(1989))],
    ),
    (
        "I want a scary movie from the 80s",
        Mood,
        &[F::M(Mood::Scary), F::Y(Some(1980), Some(1989))],
    ),
    (
        "are there any good war movies from the 60s or 70s",
        Genre,
        &[F::G(&["War"]), F::Y(Some(1960), Some(1979))],
    ),
    (
        "what are some good animated movies that adults would enjoy",
        Genre,
        &[F::G(&["Animation"])],
    ),
    (
        "Any recommendations for a chill movie night with friends?",
        Mood,
        &[F::M(Mood::Relaxing)],
    ),
    (
        "do you know any good horror comedies from the 2010s?",
        Genre,
        &[F::G(&["Horror", "Comedy"]), F::Y(Some(2010), Some(2019))],
    ),
    (
        "I'm in the UK, where can I watch Dune?",
        Providers,
        &[F::T("Dune"), F::Region("GB"), F::PrefRegion("GB")],
    ),
    (
        "hi! i'm new here. i love sci-fi and anything with keanu reeves",
        Preference,
        &[
            F::G(&["Science Fiction"]),
            F::P("Keanu Reeves"),
            F::Fav("Keanu Reeves"),
        ],
    ),
    (
        "2 hours max, something funny",
        Mood,
        &[F::M(Mood::Funny), F::Rt(None, Some(120))],
    ),
    (
        "yo gimme sum action flicks from the 80s w/ stallone",
        Genre,
        &[F::G(&["Action"]), F::Y(Some(1980), Some(1989))],
    ),
    (
        "I gave Alien 5 stars, anything like it?",
        SimilarMovie,
        &[F::S("Alien"), F::T("Alien"), F::R(5.0)],
    ),
    (
        "ok so i watched inception last week and it blew my mind, got anything similar but older?",
        SimilarMovie,
        &[
            F::S("Inception"),
            F::Y(None, Some(2009)),
            F::Fu(FollowUp::MoreLikeThat),
        ],
    ),
    ("pls pls pls recommend a good movie 🙏🙏", Recommend, &[]),
    ("what's good on netflix tonight", Recommend, &[]),
    (
        "i want to watch a movie with my family this weekend, something fun",
        Mood,
        &[F::M(Mood::FeelGood), F::G(&["Family"])],
    ),
];
