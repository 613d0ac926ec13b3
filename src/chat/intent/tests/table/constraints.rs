//! Phrasings that constrain a request: runtime, original language, certification,
//! exclusions, score, whole series, typos and slang — and titles made of the same words,
//! which must not constrain anything.

use super::{Case, F};
use crate::chat::intent::FollowUp;
use crate::chat::intent::Intent::*;
use crate::chat::intent::Mood;

const SF: &str = "Science Fiction";
const REFINE: F = F::Fu(FollowUp::Refine);

pub(in crate::chat::intent::tests) const CASES: &[Case] = &[
    // Runtime
    (
        "comedies under 90 minutes",
        Genre,
        &[F::G(&["Comedy"]), F::Rt(None, Some(90))],
    ),
    (
        "a thriller less than 100 minutes long",
        Genre,
        &[F::G(&["Thriller"]), F::Rt(None, Some(100))],
    ),
    (
        "something funny, at most two and a half hours",
        Mood,
        &[F::M(Mood::Funny), F::Rt(None, Some(150))],
    ),
    (
        "I only have an hour and a half, what should I watch?",
        Recommend,
        &[F::Rt(None, Some(90))],
    ),
    (
        "sci-fi no longer than 1h45",
        Genre,
        &[F::G(&[SF]), F::Rt(None, Some(105))],
    ),
    ("movies over 3 hours", Recommend, &[F::Rt(Some(180), None)]),
    (
        "a quick comedy for tonight",
        Genre,
        &[F::G(&["Comedy"]), F::Rt(None, Some(100))],
    ),
    (
        "something short and sweet",
        Recommend,
        &[F::Rt(None, Some(100))],
    ),
    (
        "long epic war movies",
        Mood,
        &[F::G(&["War"]), F::M(Mood::Epic), F::Rt(Some(140), None)],
    ),
    (
        "any drama between 90 and 120 minutes?",
        Genre,
        &[F::G(&["Drama"]), F::Rt(Some(90), Some(120))],
    ),
    (
        "a horror film under 2 hours from the 80s",
        Genre,
        &[
            F::G(&["Horror"]),
            F::Rt(None, Some(120)),
            F::Y(Some(1980), Some(1989)),
        ],
    ),
    (
        "nothing too long tonight, something funny",
        Mood,
        &[F::M(Mood::Funny), F::Rt(None, Some(120))],
    ),
    (
        "movies around 2 hours",
        Recommend,
        &[F::Rt(Some(105), Some(135))],
    ),
    (
        "films longer than 2.5 hours",
        Recommend,
        &[F::Rt(Some(150), None)],
    ),
    (
        "we have two hours",
        Recommend,
        &[F::Rt(None, Some(120)), REFINE],
    ),
    (
        "films with Zorblax Quux over 2 hours",
        Actor,
        &[F::P("Zorblax Quux"), F::Rt(Some(120), None)],
    ),
    (
        "movies like Zorblax under 90 minutes",
        SimilarMovie,
        &[F::S("Zorblax"), F::Rt(None, Some(90))],
    ),
    (
        "comedies without Quux Zorblax under 2 hours",
        Genre,
        &[
            F::G(&["Comedy"]),
            F::ExP(&["Quux Zorblax"]),
            F::Rt(None, Some(120)),
        ],
    ),
    // … and titles and chat that only look like runtimes.
    ("Short Cuts", MovieInfo, &[F::T("Short Cuts")]),
    (
        "movies like Short Term 12",
        SimilarMovie,
        &[F::S("Short Term 12")],
    ),
    (
        "tell me about The Long Goodbye",
        MovieInfo,
        &[F::T("The Long Goodbye")],
    ),
    (
        "is A Quiet Place scary?",
        MovieInfo,
        &[F::T("A Quiet Place"), F::M(Mood::Scary)],
    ),
    (
        "long time no see, any comedies?",
        Genre,
        &[F::G(&["Comedy"])],
    ),
    ("a short question, can you help me?", Help, &[]),
    // Original language
    ("danish films", Recommend, &[F::Lang(&["da"])]),
    (
        "a Turkish drama",
        Genre,
        &[F::G(&["Drama"]), F::Lang(&["tr"])],
    ),
    ("something in Portuguese", Recommend, &[F::Lang(&["pt"])]),
    (
        "French-language thrillers",
        Genre,
        &[F::G(&["Thriller"]), F::Lang(&["fr"])],
    ),
    (
        "Korean thrillers from the 2000s",
        Genre,
        &[
            F::G(&["Thriller"]),
            F::Lang(&["ko"]),
            F::Y(Some(2000), Some(2009)),
        ],
    ),
    ("bollywood movies", Recommend, &[F::Lang(&["hi"])]),
    (
        "any good k-dramas?",
        Genre,
        &[F::G(&["Drama"]), F::Lang(&["ko"])],
    ),
    (
        "Mexican horror",
        Genre,
        &[F::G(&["Horror"]), F::Lang(&["es"])],
    ),
    (
        "hong kong action movies",
        Genre,
        &[F::G(&["Action"]), F::Lang(&["cn"])],
    ),
    (
        "Brazilian comedies",
        Genre,
        &[F::G(&["Comedy"]), F::Lang(&["pt"])],
    ),
    (
        "iranian dramas",
        Genre,
        &[F::G(&["Drama"]), F::Lang(&["fa"])],
    ),
    (
        "french or italian films",
        Recommend,
        &[F::Lang(&["fr", "it"])],
    ),
    (
        "Scandinavian crime dramas with Mads Mikkelsen",
        Actor,
        &[
            F::P("Mads Mikkelsen"),
            F::G(&["Crime", "Drama"]),
            F::Lang(&["da", "sv", "no"]),
        ],
    ),
    (
        "Chinese martial arts films",
        Genre,
        &[F::G(&["Action"]), F::Lang(&["zh"])],
    ),
    (
        "japanese animation",
        Genre,
        &[F::G(&["Animation"]), F::Lang(&["ja"])],
    ),
    ("any Japanese films?", Recommend, &[F::Lang(&["ja"])]),
    // … and titles and sentences that name a nation without asking for its films.
    (
        "The French Connection",
        MovieInfo,
        &[F::T("The French Connection")],
    ),
    (
        "movies like The Italian Job",
        SimilarMovie,
        &[F::S("The Italian Job")],
    ),
    (
        "tell me about An American Werewolf in London",
        MovieInfo,
        &[F::T("An American Werewolf in London")],
    ),
    (
        "is The Spanish Prisoner any good?",
        MovieInfo,
        &[F::T("The Spanish Prisoner")],
    ),
    (
        "who's in The English Patient",
        MovieInfo,
        &[F::T("The English Patient")],
    ),
    ("I'm English, any comedies?", Genre, &[F::G(&["Comedy"])]),
    (
        "a comedy with English subtitles",
        Genre,
        &[F::G(&["Comedy"])],
    ),
    // Certification
    (
        "something suitable for a 10-year-old",
        Genre,
        &[F::G(&["Family"]), F::Cert("PG")],
    ),
    (
        "a comedy for my 6 year old",
        Genre,
        &[F::G(&["Comedy", "Family"]), F::Cert("G")],
    ),
    ("films for kids", Genre, &[F::G(&["Family"]), F::Cert("PG")]),
    (
        "family friendly adventure movies",
        Genre,
        &[F::G(&["Family", "Adventure"]), F::Cert("PG")],
    ),
    (
        "a movie for the whole family",
        Genre,
        &[F::G(&["Family"]), F::Cert("PG")],
    ),
    ("nothing above PG", Recommend, &[F::Cert("PG"), REFINE]),
    (
        "action movies, PG-13 or lower",
        Genre,
        &[F::G(&["Action"]), F::Cert("PG-13")],
    ),
    (
        "G-rated cartoons",
        Genre,
        &[F::G(&["Animation"]), F::Cert("G")],
    ),
    ("no R-rated films", Recommend, &[F::Cert("PG-13")]),
    (
        "rated PG comedies",
        Genre,
        &[F::G(&["Comedy"]), F::Cert("PG")],
    ),
    (
        "horror but nothing rated R",
        Genre,
        &[F::G(&["Horror"]), F::Cert("PG-13")],
    ),
    (
        "a thriller my 14 yo can watch",
        Genre,
        &[F::G(&["Thriller"]), F::Cert("PG-13")],
    ),
    ("PG-13 movies", Recommend, &[F::Cert("PG-13")]),
    ("I'm 12, what can I watch?", Recommend, &[F::Cert("PG")]),
    // … and a film called Kids, and whoever says their own age.
    (
        "I'm 30 and I love horror",
        Preference,
        &[F::G(&["Horror"]), F::Liked(&["Horror"])],
    ),
    ("tell me about Kids", MovieInfo, &[F::T("Kids")]),
    // Exclusions
    (
        "action films without Keanu Reeves",
        Genre,
        &[F::G(&["Action"]), F::ExP(&["Keanu Reeves"])],
    ),
    (
        "comedies but not with Adam Sandler",
        Genre,
        &[F::G(&["Comedy"]), F::ExP(&["Adam Sandler"])],
    ),
    ("anything except comedies", Recommend, &[F::Ex(&["Comedy"])]),
    (
        "no westerns please",
        Recommend,
        &[F::Ex(&["Western"]), REFINE],
    ),
    (
        "a thriller not starring Nicolas Cage",
        Genre,
        &[F::G(&["Thriller"]), F::ExP(&["Nicolas Cage"])],
    ),
    (
        "movies with Tom Hanks but not Forrest Gump",
        Actor,
        &[F::P("Tom Hanks"), F::ExT(&["Forrest Gump"])],
    ),
    (
        "sci-fi but not Star Wars",
        Genre,
        &[F::G(&[SF]), F::ExT(&["Star Wars"])],
    ),
    (
        "exclude Tom Cruise",
        Recommend,
        &[F::ExP(&["Tom Cruise"]), REFINE],
    ),
    ("horror without zombies", Genre, &[F::G(&["Horror"])]),
    (
        "a romcom without Jim Carrey or Adam Sandler",
        Genre,
        &[
            F::G(&["Romance", "Comedy"]),
            F::ExP(&["Jim Carrey", "Adam Sandler"]),
        ],
    ),
    (
        "something like Alien but not Aliens",
        SimilarMovie,
        &[F::S("Alien"), F::ExT(&["Aliens"])],
    ),
    (
        "nothing with Zorblax Quux",
        Recommend,
        &[F::ExP(&["Zorblax Quux"]), REFINE],
    ),
    (
        "90s action without sandler",
        Genre,
        &[
            F::G(&["Action"]),
            F::Y(Some(1990), Some(1999)),
            F::ExP(&["Adam Sandler"]),
        ],
    ),
    (
        "comedies, no Jim Carrey",
        Genre,
        &[F::G(&["Comedy"]), F::ExP(&["Jim Carrey"])],
    ),
    ("exclude horror", Recommend, &[F::Ex(&["Horror"]), REFINE]),
    (
        "a romance but not Titanic",
        Genre,
        &[F::G(&["Romance"]), F::ExT(&["Titanic"])],
    ),
    ("anything but Titanic", Recommend, &[F::ExT(&["Titanic"])]),
    (
        "all the Alien films except Alien: Resurrection",
        MovieInfo,
        &[F::T("Alien"), F::Series, F::ExT(&["Alien: Resurrection"])],
    ),
    (
        "something for date night under 2 hours in French",
        Mood,
        &[
            F::M(Mood::Romantic),
            F::Rt(None, Some(120)),
            F::Lang(&["fr"]),
        ],
    ),
    (
        "anything Korean, but no horror, top rated, under 2 hours",
        Recommend,
        &[
            F::Ex(&["Horror"]),
            F::Vote(7.5),
            F::Rt(None, Some(120)),
            F::Lang(&["ko"]),
        ],
    ),
    // … and titles with "no" or "with" in them.
    (
        "No Country for Old Men",
        MovieInfo,
        &[F::T("No Country for Old Men")],
    ),
    (
        "movies like Gone with the Wind but not Titanic",
        SimilarMovie,
        &[F::S("Gone with the Wind"), F::ExT(&["Titanic"])],
    ),
    // Score
    (
        "top rated comedies",
        Genre,
        &[F::G(&["Comedy"]), F::Vote(7.5)],
    ),
    (
        "highly rated horror from the 80s",
        Genre,
        &[
            F::G(&["Horror"]),
            F::Y(Some(1980), Some(1989)),
            F::Vote(7.5),
        ],
    ),
    (
        "critically acclaimed dramas",
        Genre,
        &[F::G(&["Drama"]), F::Vote(7.5)],
    ),
    ("well reviewed sci-fi", Genre, &[F::G(&[SF]), F::Vote(7.5)]),
    ("top rated movies", Recommend, &[F::Vote(7.5)]),
    (
        "best rated films of 2019",
        TimePeriod,
        &[F::Y(Some(2019), Some(2019)), F::Vote(7.5)],
    ),
    ("hidden gems", Recommend, &[F::Vote(7.0), F::Gems, REFINE]),
    (
        "underrated thrillers",
        Genre,
        &[F::G(&["Thriller"]), F::Vote(7.0), F::Gems],
    ),
    (
        "some lesser-known westerns",
        Genre,
        &[F::G(&["Western"]), F::Vote(7.0), F::Gems],
    ),
    (
        "underrated 80s sci-fi",
        Genre,
        &[
            F::G(&[SF]),
            F::Y(Some(1980), Some(1989)),
            F::Vote(7.0),
            F::Gems,
        ],
    ),
    // … and titles with "best", "top" or "hidden".
    (
        "tell me about Best in Show",
        MovieInfo,
        &[F::T("Best in Show")],
    ),
    (
        "The Best Years of Our Lives",
        MovieInfo,
        &[F::T("The Best Years of Our Lives")],
    ),
    (
        "is Hidden Figures good?",
        MovieInfo,
        &[F::T("Hidden Figures")],
    ),
    ("top gun", MovieInfo, &[F::T("Top Gun")]),
    ("top 10 horror movies", Trending, &[F::G(&["Horror"])]),
    (
        "best films of 2023",
        TimePeriod,
        &[F::Y(Some(2023), Some(2023))],
    ),
    // Typos and slang
    (
        "comdy movies from the 90s",
        Genre,
        &[F::G(&["Comedy"]), F::Y(Some(1990), Some(1999))],
    ),
    ("a good horor flick", Genre, &[F::G(&["Horror"])]),
    (
        "thriler with tom hankss",
        Actor,
        &[F::G(&["Thriller"]), F::P("Tom Hanks")],
    ),
    ("a drma please", Genre, &[F::G(&["Drama"])]),
    ("sci fi movies", Genre, &[F::G(&[SF])]),
    ("a heist flick", Genre, &[F::G(&["Crime"])]),
    ("film noir", Genre, &[F::G(&["Crime"])]),
    ("a proper weepie", Mood, &[F::M(Mood::Sad)]),
    (
        "slasher films from the 80s",
        Genre,
        &[F::G(&["Horror"]), F::Y(Some(1980), Some(1989))],
    ),
    ("a whodunnit", Genre, &[F::G(&["Mystery"])]),
    ("creature feature", Genre, &[F::G(&["Horror"])]),
    ("kaiju movies", Genre, &[F::G(&[SF])]),
    (
        "movies like shawshenk",
        SimilarMovie,
        &[F::S("The Shawshank Redemption")],
    ),
    (
        "tell me about the shawshank",
        MovieInfo,
        &[F::T("The Shawshank Redemption")],
    ),
    ("films with tom hankss", Actor, &[F::P("Tom Hanks")]),
    (
        "something like the lord of the rings",
        SimilarMovie,
        &[F::S("The Lord of the Rings: The Fellowship of the Ring")],
    ),
    // … and ordinary words near a genre word.
    ("come on, recommend something", Recommend, &[]),
    ("I had a weird dream", Unknown, &[]),
    // Whole series
    (
        "all the Alien films",
        MovieInfo,
        &[F::T("Alien"), F::Series],
    ),
    (
        "the Toy Story series",
        MovieInfo,
        &[F::T("Toy Story"), F::Series],
    ),
    (
        "every Lord of the Rings movie",
        MovieInfo,
        &[
            F::T("The Lord of the Rings: The Fellowship of the Ring"),
            F::Series,
        ],
    ),
    (
        "show me the whole Star Wars saga",
        MovieInfo,
        &[F::T("Star Wars"), F::Series],
    ),
    (
        "I want to watch all of the Mission Impossible movies",
        MovieInfo,
        &[F::T("Mission: Impossible"), F::Series],
    ),
    (
        "the Godfather trilogy",
        MovieInfo,
        &[F::T("The Godfather"), F::Series],
    ),
    (
        "movies like the godfather series",
        MovieInfo,
        &[F::T("The Godfather"), F::Series],
    ),
    // … and "all"/"every"/"series" that are not a film's series.
    (
        "all the horror films from the 80s",
        Genre,
        &[F::G(&["Horror"]), F::Y(Some(1980), Some(1989))],
    ),
    ("every Tom Hanks movie", Actor, &[F::P("Tom Hanks")]),
    ("a good crime series", Genre, &[F::G(&["Crime"])]),
];
