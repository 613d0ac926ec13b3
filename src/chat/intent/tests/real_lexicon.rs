//! The parser against the lexicon the chat core really uses: the title and person index of
//! the embedded catalog (`Library`). The fixture stands in for it everywhere else; these
//! check that typos and shortened titles resolve there too, and that catalog titles made of
//! constraint words stay titles.

use std::sync::LazyLock;

use crate::chat::intent::{Intent, ParsedIntent, parse};
use crate::chat::library::Library;
use crate::domain::MovieId;
use crate::store::{MovieRecord, MovieSource};

static LIBRARY: LazyLock<Library> = LazyLock::new(|| {
    Library::build(
        crate::catalog::films()
            .iter()
            .zip(1..)
            .map(|(f, id)| MovieRecord {
                id: MovieId(id),
                source: MovieSource::Catalog,
                cached_at: 0,
                movie: f.to_new_movie(),
            })
            .collect(),
    )
});

fn parsed(message: &str) -> ParsedIntent {
    parse(message, LIBRARY.index(), 2026)
}

/// Nothing but the film: no constraint read from its title's words.
fn only_title(message: &str, title: &str) {
    let p = parsed(message);
    let f = &p.filters;
    assert_eq!(f.title.as_deref(), Some(title), "{message}");
    assert_eq!(p.intent, Intent::MovieInfo, "{message}");
    assert!(
        f.genres.is_empty()
            && f.mood.is_none()
            && f.year_from.is_none()
            && f.year_to.is_none()
            && f.runtime_min.is_none()
            && f.runtime_max.is_none()
            && f.languages.is_empty()
            && f.exclude_genres.is_empty()
            && f.exclude_people.is_empty()
            && f.exclude_titles.is_empty()
            && f.certification_max.is_none()
            && f.min_vote.is_none()
            && !f.series
            && p.follow_up.is_none(),
        "{message}: {f:?} {:?}",
        p.follow_up
    );
}

#[test]
fn typos_and_shortened_titles_resolve() {
    let p = parsed("movies like shawshenk");
    assert_eq!(p.intent, Intent::SimilarMovie);
    assert_eq!(
        p.filters.similar_to.as_deref(),
        Some("The Shawshank Redemption")
    );
    assert_eq!(
        parsed("films with tom hankss").filters.person.as_deref(),
        Some("Tom Hanks")
    );
    let lotr = parsed("something like the lord of the rings");
    assert!(
        lotr.filters
            .similar_to
            .as_deref()
            .is_some_and(|t| t.starts_with("The Lord of the Rings")),
        "{lotr:?}"
    );
}

#[test]
fn series_of_catalog_films() {
    let p = parsed("every Lord of the Rings movie");
    assert!(p.filters.series);
    assert!(
        p.filters
            .title
            .as_deref()
            .is_some_and(|t| t.starts_with("The Lord of the Rings"))
    );
    let alien = parsed("all the Alien films");
    assert_eq!(
        (alien.filters.title.as_deref(), alien.filters.series),
        (Some("Alien"), true)
    );
}

#[test]
fn titles_made_of_constraint_words_stay_titles() {
    only_title(
        "tell me about The French Connection",
        "The French Connection",
    );
    only_title("The Big Short", "The Big Short");
    only_title("is Hidden Figures any good?", "Hidden Figures");
    only_title("No Country for Old Men", "No Country for Old Men");
    only_title(
        "tell me about Rebel Without a Cause",
        "Rebel Without a Cause",
    );
    only_title("what's A Quiet Place about?", "A Quiet Place");
    only_title("tell me about American Beauty", "American Beauty");
}

#[test]
fn exclusions_and_opinions_with_catalog_names() {
    let p = parsed("comedies without Tom Hanks");
    assert_eq!(p.intent, Intent::Genre);
    assert_eq!(p.filters.exclude_people, ["Tom Hanks"]);
    assert_eq!(p.filters.person, None);
    let p = parsed("American Beauty was a masterpiece");
    assert_eq!(p.intent, Intent::Rate);
    assert_eq!(p.filters.title.as_deref(), Some("American Beauty"));
    assert_eq!((p.rating, p.opinion), (Some(5.0), true));
    assert!(p.filters.languages.is_empty());
}
