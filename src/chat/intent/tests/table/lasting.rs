//! Lasting exclusions: a film never to recommend again ("never show me Titanic") and less of
//! what a film is ("fewer films like this") — named or pointed at — and look-alikes that must
//! stay what they are ("I never watched Titanic", "less than 2 hours", "less scary").

use super::{Case, F};
use crate::chat::intent::Intent::*;
use crate::chat::intent::{FollowUp, Mood};

const NEVER: F = F::Fu(FollowUp::Never);
const LESS: F = F::Fu(FollowUp::LessLikeThis);

pub(in crate::chat::intent::tests) const CASES: &[Case] = &[
    // Never again, a film by name
    (
        "never recommend Titanic again",
        Recommend,
        &[NEVER, F::T("Titanic")],
    ),
    (
        "never show me Titanic",
        Recommend,
        &[NEVER, F::T("Titanic")],
    ),
    (
        "Never show me Titanic again!",
        Recommend,
        &[NEVER, F::T("Titanic")],
    ),
    (
        "please never suggest The Notebook again",
        Recommend,
        &[NEVER, F::T("The Notebook")],
    ),
    (
        "don't ever recommend Scary Movie",
        Recommend,
        &[NEVER, F::T("Scary Movie")],
    ),
    (
        "don't show me Aliens anymore",
        Recommend,
        &[NEVER, F::T("Aliens")],
    ),
    (
        "stop recommending Home Alone",
        Recommend,
        &[NEVER, F::T("Home Alone")],
    ),
    (
        "stop suggesting Barbie to me",
        Recommend,
        &[NEVER, F::T("Barbie")],
    ),
    // Never again, a card of the last list
    ("never show me that again", Recommend, &[NEVER]),
    ("never recommend it again", Recommend, &[NEVER]),
    ("never again", Recommend, &[NEVER]),
    (
        "never show me the second one again",
        Recommend,
        &[NEVER, F::Pick(2)],
    ),
    (
        "don't recommend the last one anymore",
        Recommend,
        &[NEVER, F::PickLast],
    ),
    (
        "never suggest number 3 again",
        Recommend,
        &[NEVER, F::Pick(3)],
    ),
    // Less of this
    ("less of this", Recommend, &[LESS]),
    ("less of that please", Recommend, &[LESS]),
    ("fewer films like this", Recommend, &[LESS]),
    ("fewer movies like that", Recommend, &[LESS]),
    ("less of this kind of thing", Recommend, &[LESS]),
    ("fewer like the first one", Recommend, &[LESS, F::Pick(1)]),
    ("less like the last one", Recommend, &[LESS, F::PickLast]),
    (
        "fewer films like Titanic",
        Recommend,
        &[LESS, F::T("Titanic")],
    ),
    (
        "less stuff like The Notebook please",
        Recommend,
        &[LESS, F::T("The Notebook")],
    ),
    (
        "not so many movies like Barbie",
        Recommend,
        &[LESS, F::T("Barbie")],
    ),
    // Look-alikes: none of these is a lasting exclusion
    ("I never watched Titanic", MovieInfo, &[F::T("Titanic")]),
    ("movies like Titanic", SimilarMovie, &[F::S("Titanic")]),
    (
        "more like this",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat)],
    ),
    (
        "comedies less than 2 hours",
        Genre,
        &[F::G(&["Comedy"]), F::Rt(None, Some(120))],
    ),
    ("not that one", Recommend, &[F::Fu(FollowUp::NotThatOne)]),
    ("show me Titanic", MovieInfo, &[F::T("Titanic")]),
    (
        "recommend something like Titanic",
        SimilarMovie,
        &[F::S("Titanic")],
    ),
    ("something scary", Mood, &[F::M(Mood::Scary)]),
];
