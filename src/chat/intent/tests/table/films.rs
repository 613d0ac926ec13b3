//! Phrasings about one film: similar movies, info, providers, ratings, the watchlist.

use super::{Case, F, Wl};
use crate::chat::intent::Intent::*;
use crate::chat::intent::{FollowUp, Mood};

pub(in crate::chat::intent::tests) const CASES: &[Case] = &[
    // Similar movie
    ("movies like inception", SimilarMovie, &[F::S("Inception")]),
    (
        "something similar to the matrix",
        SimilarMovie,
        &[F::S("The Matrix")],
    ),
    ("films like Zorblax", SimilarMovie, &[F::S("Zorblax")]),
    ("movies like Zorblax", SimilarMovie, &[F::S("Zorblax")]),
    (
        "if I liked Fight Club what else would I like?",
        SimilarMovie,
        &[F::S("Fight Club")],
    ),
    (
        "more like john wick please",
        SimilarMovie,
        &[F::S("John Wick")],
    ),
    (
        "anything like Heat but from the 2000s",
        SimilarMovie,
        &[F::S("Heat"), F::Y(Some(2000), Some(2009))],
    ),
    (
        "I loved Interstellar, what should I watch next?",
        SimilarMovie,
        &[F::S("Interstellar")],
    ),
    (
        "similar movies to toy story for my kids",
        SimilarMovie,
        &[F::S("Toy Story"), F::G(&["Family"]), F::Cert("PG")],
    ),
    (
        "stuff like the dark knight but funnier",
        SimilarMovie,
        &[F::S("The Dark Knight"), F::M(Mood::Funny)],
    ),
    (
        "something like alien but older",
        SimilarMovie,
        &[F::S("Alien"), F::Y(None, Some(1978))],
    ),
    (
        "films in the vein of Blade Runner",
        SimilarMovie,
        &[F::S("Blade Runner")],
    ),
    ("movies similar to aliens", SimilarMovie, &[F::S("Aliens")]),
    (
        "like alien resurrection",
        SimilarMovie,
        &[F::S("Alien: Resurrection")],
    ),
    (
        "give me something like Speed with Keanu",
        SimilarMovie,
        &[F::S("Speed"), F::P("Keanu Reeves")],
    ),
    (
        "movies like gone with the wind",
        SimilarMovie,
        &[F::S("Gone with the Wind")],
    ),
    (
        "recommend movies like The Notebook",
        SimilarMovie,
        &[F::S("The Notebook")],
    ),
    (
        "something like inceptoin",
        SimilarMovie,
        &[F::S("Inception")],
    ),
    (
        "what's similar to Knives Out?",
        SimilarMovie,
        &[F::S("Knives Out")],
    ),
    (
        "more like the second one",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat), F::Pick(2)],
    ),
    (
        "like 3",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat), F::Pick(3)],
    ),
    (
        "something in the same vein as Get Out",
        SimilarMovie,
        &[F::S("Get Out")],
    ),
    (
        "horror movies like The Conjuring",
        SimilarMovie,
        &[F::S("The Conjuring"), F::G(&["Horror"])],
    ),
    (
        "a 90s movie like Pulp Fiction",
        SimilarMovie,
        &[F::S("Pulp Fiction"), F::Y(Some(1990), Some(1999))],
    ),
    (
        "something like Blade Runner 2049",
        SimilarMovie,
        &[F::S("Blade Runner 2049")],
    ),
    (
        "shows like the zorblax chronicles",
        SimilarMovie,
        &[F::S("the zorblax chronicles")],
    ),
    (
        "my kids love Toy Story, what else would they like?",
        SimilarMovie,
        &[F::S("Toy Story"), F::G(&["Family"])],
    ),
    (
        "I just watched Arrival and loved it. Anything similar?",
        SimilarMovie,
        &[F::S("Arrival"), F::Fu(FollowUp::MoreLikeThat)],
    ),
    (
        "Please recommend a film like Amélie",
        SimilarMovie,
        &[F::S("Amélie")],
    ),
    (
        "what would you recommend if I liked Mad Max Fury Road?",
        SimilarMovie,
        &[F::S("Mad Max: Fury Road")],
    ),
    (
        "looking for some 90s sci-fi like the matrix",
        SimilarMovie,
        &[
            F::S("The Matrix"),
            F::G(&["Science Fiction"]),
            F::Y(Some(1990), Some(1999)),
        ],
    ),
    ("MOVIES LIKE HEAT!!!", SimilarMovie, &[F::S("Heat")]),
    (
        "something like \"The Zorblax Affair\" with less talking",
        SimilarMovie,
        &[F::S("The Zorblax Affair")],
    ),
    (
        "anything like it?",
        SimilarMovie,
        &[F::Fu(FollowUp::MoreLikeThat)],
    ),
    ("movies like Her", SimilarMovie, &[F::S("Her")]),
    // Movie info
    ("tell me about Inception", MovieInfo, &[F::T("Inception")]),
    ("what is Heat about?", MovieInfo, &[F::T("Heat")]),
    (
        "who's in The Godfather",
        MovieInfo,
        &[F::T("The Godfather")],
    ),
    ("info on titanic", MovieInfo, &[F::T("Titanic")]),
    ("is Parasite any good?", MovieInfo, &[F::T("Parasite")]),
    ("how long is oppenheimer", MovieInfo, &[F::T("Oppenheimer")]),
    (
        "when did Jurassic Park come out?",
        MovieInfo,
        &[F::T("Jurassic Park")],
    ),
    ("Inception?", MovieInfo, &[F::T("Inception")]),
    ("the dark knight", MovieInfo, &[F::T("The Dark Knight")]),
    ("tell me more about Zorblax", MovieInfo, &[F::T("Zorblax")]),
    ("what's the plot of Arrival", MovieInfo, &[F::T("Arrival")]),
    ("who directed Se7en", MovieInfo, &[F::T("Se7en")]),
    ("Dune details", MovieInfo, &[F::T("Dune")]),
    ("tell me about the movie Up", MovieInfo, &[F::T("Up")]),
    ("what's Amelie about", MovieInfo, &[F::T("Amélie")]),
    ("is it scary?", MovieInfo, &[F::M(Mood::Scary)]),
    ("have you seen Barbie?", MovieInfo, &[F::T("Barbie")]),
    // Providers
    ("where can I stream Dune?", Providers, &[F::T("Dune")]),
    (
        "where can i watch the matrix in the uk",
        Providers,
        &[F::T("The Matrix"), F::Region("GB")],
    ),
    ("is Barbie on Netflix?", Providers, &[F::T("Barbie")]),
    (
        "where to watch Top Gun Maverick",
        Providers,
        &[F::T("Top Gun: Maverick")],
    ),
    (
        "is oppenheimer streaming anywhere",
        Providers,
        &[F::T("Oppenheimer")],
    ),
    (
        "which service has Spirited Away?",
        Providers,
        &[F::T("Spirited Away")],
    ),
    (
        "where is Mean Girls streaming",
        Providers,
        &[F::T("Mean Girls")],
    ),
    (
        "can I rent Gladiator somewhere?",
        Providers,
        &[F::T("Gladiator")],
    ),
    ("where can I watch it", Providers, &[]),
    ("where can i see Zorblax", Providers, &[F::T("Zorblax")]),
    (
        "where can I watch something funny?",
        Mood,
        &[F::M(Mood::Funny)],
    ),
    (
        "where to stream superbad in germany",
        Providers,
        &[F::T("Superbad"), F::Region("DE")],
    ),
    ("Is The Thing on prime?", Providers, &[F::T("The Thing")]),
    (
        "how can I watch Saving Private Ryan",
        Providers,
        &[F::T("Saving Private Ryan")],
    ),
    (
        "where's knives out streaming?",
        Providers,
        &[F::T("Knives Out")],
    ),
    // Rate
    ("rate inception 5", Rate, &[F::T("Inception"), F::R(5.0)]),
    ("Titanic 3 stars", Rate, &[F::T("Titanic"), F::R(3.0)]),
    (
        "I give The Dark Knight a solid 9/10",
        Rate,
        &[F::T("The Dark Knight"), F::R(4.5)],
    ),
    (
        "5 stars for Spirited Away",
        Rate,
        &[F::T("Spirited Away"), F::R(5.0)],
    ),
    ("rate it 4", Rate, &[F::R(4.0)]),
    ("⭐⭐⭐⭐ for Dune", Rate, &[F::T("Dune"), F::R(4.0)]),
    (
        "gave jaws four and a half stars",
        Rate,
        &[F::T("Jaws"), F::R(4.5)],
    ),
    ("Heat: 4/5", Rate, &[F::T("Heat"), F::R(4.0)]),
    ("rate 2 4.5", Rate, &[F::R(4.5), F::Pick(2)]),
    (
        "Loved Arrival, 5 stars",
        Rate,
        &[F::T("Arrival"), F::R(5.0)],
    ),
    (
        "rate Blade Runner 2049 4 stars",
        Rate,
        &[F::T("Blade Runner 2049"), F::R(4.0)],
    ),
    ("I'd rate Zorblax 3.5", Rate, &[F::T("Zorblax"), F::R(3.5)]),
    ("rate heat", Rate, &[F::T("Heat")]),
    ("4 stars", Rate, &[F::R(4.0)]),
    ("give it 10/10", Rate, &[F::R(5.0)]),
    ("I'd give it 0 stars lol", Rate, &[F::R(0.5)]),
    (
        "Inception deserves 5 stars",
        Rate,
        &[F::T("Inception"), F::R(5.0)],
    ),
    (
        "i'd give the godfather 4,5",
        Rate,
        &[F::T("The Godfather"), F::R(4.5)],
    ),
    // Watchlist
    (
        "add Heat to my watchlist",
        Watchlist,
        &[F::T("Heat"), F::Wl(Wl::Add)],
    ),
    (
        "put the matrix on my watch list",
        Watchlist,
        &[F::T("The Matrix"), F::Wl(Wl::Add)],
    ),
    (
        "remove Titanic from my watchlist",
        Watchlist,
        &[F::T("Titanic"), F::Wl(Wl::Remove)],
    ),
    ("show my watchlist", Watchlist, &[F::Wl(Wl::Show)]),
    ("what's on my watchlist?", Watchlist, &[F::Wl(Wl::Show)]),
    ("add it to my list", Watchlist, &[F::Wl(Wl::Add)]),
    (
        "save Dune for later",
        Watchlist,
        &[F::T("Dune"), F::Wl(Wl::Add)],
    ),
    (
        "take Barbie off my list",
        Watchlist,
        &[F::T("Barbie"), F::Wl(Wl::Remove)],
    ),
    ("my watchlist pls", Watchlist, &[F::Wl(Wl::Show)]),
    (
        "add Zorblax to watchlist",
        Watchlist,
        &[F::T("Zorblax"), F::Wl(Wl::Add)],
    ),
    (
        "add the second one to my watchlist",
        Watchlist,
        &[F::Wl(Wl::Add), F::Pick(2)],
    ),
];
