//! Phrasings that refer to what the user was just shown or just watched: cards of the last
//! list by place, opinions read as ratings, and follow-ups that refine the last request —
//! and look-alikes that must stay what they are.

use super::{Case, F, Wl};
use crate::chat::intent::Intent::*;
use crate::chat::intent::{FollowUp, Mood, Shift};

const REFINE: F = F::Fu(FollowUp::Refine);

pub(in crate::chat::intent::tests) const CASES: &[Case] = &[
    // Cards of the last list
    ("rate number 2 five stars", Rate, &[F::R(5.0), F::Pick(2)]),
    ("give the second one 4", Rate, &[F::R(4.0), F::Pick(2)]),
    ("give the last one 3", Rate, &[F::R(3.0), F::PickLast]),
    ("rate #3 4.5 stars", Rate, &[F::R(4.5), F::Pick(3)]),
    ("rate number two 3 stars", Rate, &[F::R(3.0), F::Pick(2)]),
    ("rate the last one", Rate, &[F::PickLast]),
    ("rate that one", Rate, &[]),
    ("I'd give it one", Rate, &[F::R(1.0)]),
    ("tell me about the fourth", MovieInfo, &[F::Pick(4)]),
    ("info on number 3", MovieInfo, &[F::Pick(3)]),
    ("what's the last one about?", MovieInfo, &[F::PickLast]),
    (
        "more like the first",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat), F::Pick(1)],
    ),
    (
        "more like the last one",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat), F::PickLast],
    ),
    (
        "add the last one to my watchlist",
        Watchlist,
        &[F::Wl(Wl::Add), F::PickLast],
    ),
    ("where can I stream number 2?", Providers, &[F::Pick(2)]),
    (
        "the 2nd one was great",
        Rate,
        &[F::R(4.0), F::Pick(2), F::Opinion],
    ),
    (
        "the last one was boring",
        Rate,
        &[F::R(2.0), F::PickLast, F::Opinion],
    ),
    (
        "I liked the first one",
        Rate,
        &[F::R(3.5), F::Pick(1), F::Opinion],
    ),
    (
        "number 3 was awful",
        Rate,
        &[F::R(1.0), F::Pick(3), F::Opinion],
    ),
    // Opinions as ratings
    (
        "Titanic was awful",
        Rate,
        &[F::T("Titanic"), F::R(1.0), F::Opinion],
    ),
    (
        "Cats was disappointing",
        Rate,
        &[F::T("Cats"), F::R(2.0), F::Opinion],
    ),
    ("Heat was ok", Rate, &[F::T("Heat"), F::R(3.0), F::Opinion]),
    (
        "I really enjoyed Amélie",
        Rate,
        &[F::T("Amélie"), F::R(4.0), F::Opinion],
    ),
    (
        "loved Inception",
        Rate,
        &[F::T("Inception"), F::R(4.5), F::Opinion],
    ),
    (
        "best film I've seen this year: Dune",
        Rate,
        &[F::T("Dune"), F::R(5.0), F::Opinion],
    ),
    (
        "Dune was a masterpiece",
        Rate,
        &[F::T("Dune"), F::R(5.0), F::Opinion],
    ),
    (
        "Avatar was meh",
        Rate,
        &[F::T("Avatar"), F::R(2.5), F::Opinion],
    ),
    (
        "Heat wasn't great",
        Rate,
        &[F::T("Heat"), F::R(2.0), F::Opinion],
    ),
    (
        "Jaws was not bad",
        Rate,
        &[F::T("Jaws"), F::R(3.0), F::Opinion],
    ),
    (
        "honestly, Barbie was really good",
        Rate,
        &[F::T("Barbie"), F::R(4.0), F::Opinion],
    ),
    (
        "I hated The Notebook",
        Rate,
        &[F::T("The Notebook"), F::R(1.0), F::Opinion],
    ),
    (
        "I didn't like Superbad",
        Rate,
        &[F::T("Superbad"), F::R(2.0), F::Opinion],
    ),
    (
        "just watched Parasite and loved it",
        Rate,
        &[F::T("Parasite"), F::R(4.5), F::Opinion],
    ),
    (
        "watched Get Out last night, it was brilliant",
        Rate,
        &[F::T("Get Out"), F::R(4.5), F::Opinion],
    ),
    (
        "Gladiator - absolutely loved it",
        Rate,
        &[F::T("Gladiator"), F::R(5.0), F::Opinion],
    ),
    (
        "Oppenheimer is the best film I've seen this year",
        Rate,
        &[F::T("Oppenheimer"), F::R(5.0), F::Opinion],
    ),
    (
        "Speed was the worst film ever",
        Rate,
        &[F::T("Speed"), F::R(0.5), F::Opinion],
    ),
    (
        "Titanic is my favourite film",
        Rate,
        &[F::T("Titanic"), F::R(5.0), F::Opinion],
    ),
    (
        "we loved Toy Story",
        Rate,
        &[F::T("Toy Story"), F::R(4.5), F::Opinion],
    ),
    // … and requests, tastes and chat that only sound like opinions.
    (
        "I loved Arrival, anything similar?",
        SimilarMovie,
        &[F::S("Arrival"), F::Fu(FollowUp::MoreLikeThat)],
    ),
    ("I want a film that isn't awful", Recommend, &[]),
    (
        "the weather was awful, cheer me up",
        Mood,
        &[F::M(Mood::FeelGood)],
    ),
    ("it was great", Unknown, &[]),
    ("Heat was a 9/10", Rate, &[F::T("Heat"), F::R(4.5)]),
    (
        "I love horror movies",
        Preference,
        &[F::G(&["Horror"]), F::Liked(&["Horror"])],
    ),
    // Refining the last request
    (
        "what about the 90s?",
        TimePeriod,
        &[F::Y(Some(1990), Some(1999)), REFINE],
    ),
    ("how about comedies?", Genre, &[F::G(&["Comedy"]), REFINE]),
    (
        "something newer",
        Recommend,
        &[REFINE, F::Shift(Shift::Newer)],
    ),
    ("older ones", Recommend, &[REFINE, F::Shift(Shift::Older)]),
    (
        "anything more recent?",
        Recommend,
        &[REFINE, F::Shift(Shift::Newer)],
    ),
    ("make it scarier", Mood, &[F::M(Mood::Scary), REFINE]),
    (
        "only ones under 2 hours",
        Recommend,
        &[F::Rt(None, Some(120)), REFINE],
    ),
    (
        "without Nicolas Cage",
        Recommend,
        &[F::ExP(&["Nicolas Cage"]), REFINE],
    ),
    ("and in French?", Recommend, &[F::Lang(&["fr"]), REFINE]),
    (
        "shorter ones please",
        Recommend,
        &[REFINE, F::Shift(Shift::Shorter)],
    ),
    (
        "any longer ones?",
        Recommend,
        &[REFINE, F::Shift(Shift::Longer)],
    ),
    (
        "maybe something from the 80s instead",
        TimePeriod,
        &[F::Y(Some(1980), Some(1989)), REFINE],
    ),
    ("just comedies", Genre, &[F::G(&["Comedy"]), REFINE]),
    (
        "what about with Tom Hanks?",
        Actor,
        &[F::P("Tom Hanks"), REFINE],
    ),
    ("top rated ones only", Recommend, &[F::Vote(7.5), REFINE]),
    ("same but funnier", Mood, &[F::M(Mood::Funny), REFINE]),
    (
        "and nothing above PG-13",
        Recommend,
        &[F::Cert("PG-13"), REFINE],
    ),
    ("but no horror", Recommend, &[F::Ex(&["Horror"]), REFINE]),
    ("in Korean?", Recommend, &[F::Lang(&["ko"]), REFINE]),
    (
        "thanks, what about horror?",
        Genre,
        &[F::G(&["Horror"]), REFINE],
    ),
    ("more action", Genre, &[F::G(&["Action"]), REFINE]),
    ("in english please", Recommend, &[F::Lang(&["en"]), REFINE]),
    // … and complete requests and other follow-ups, which are not refinements.
    (
        "show me 90s comedies",
        Genre,
        &[F::G(&["Comedy"]), F::Y(Some(1990), Some(1999))],
    ),
    (
        "something newer than 2010",
        TimePeriod,
        &[F::Y(Some(2011), None)],
    ),
    ("more", Recommend, &[F::Fu(FollowUp::More)]),
    ("not that one", Recommend, &[F::Fu(FollowUp::NotThatOne)]),
    (
        "more like the second one",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat), F::Pick(2)],
    ),
    ("I can't wait any longer", Unknown, &[]),
    (
        "I don't like Tom Cruise",
        Recommend,
        &[F::ExP(&["Tom Cruise"]), REFINE],
    ),
    (
        "not a fan of Adam Sandler",
        Recommend,
        &[F::ExP(&["Adam Sandler"]), REFINE],
    ),
    (
        "I don't like Titanic",
        Rate,
        &[F::T("Titanic"), F::R(2.0), F::Opinion],
    ),
    ("hello, how are you", Greeting, &[]),
];
