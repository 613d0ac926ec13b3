//! Intent parsing: what a chat message asks for, as an [`Intent`] plus [`IntentFilters`].
//!
//! [`parse`] is regex-based and needs no network. It works in passes over one normalised copy
//! of the message (`text.rs`), each masking the words it claims so a later pass cannot read
//! them again:
//! 1. explicit film commands, most specific first — watchlist, rating, an opinion read as a
//!    rating ("Titanic was awful", `opinion.rs`), a film never to recommend again or to see
//!    less like ("never show me Titanic", "fewer films like this", `lasting.rs`), people and
//!    films to leave out ("without Adam
//!    Sandler", "but not Titanic", `exclusions.rs`), a whole series ("all the Alien films",
//!    `series.rs`), providers, movie info, similar movie — each finding *where* a film is
//!    named (or which card of the last list is meant, `ordinals.rs`) and asking the caller's
//!    [`Lexicon`] which film it is (`films.rs`, `rating.rs`, `watchlist.rs`, `spans.rs`);
//! 2. the actor or director (`people.rs`), then a limit to streaming services ("on my
//!    services", "on Netflix", `streaming.rs`);
//! 3. with those words masked, so "The Dark Knight" is not a dark mood and "Short Cuts" not
//!    a runtime: genres and moods with their negations (`vocab.rs`), runtime (`runtime.rs`),
//!    original languages (`language.rs`), certification (`certification.rs`), score
//!    (`quality.rs`), years (`years.rs`), follow-ups, preferences, regions and chatter;
//! 4. whether the message refines the last request ("what about the 90s?", "something
//!    newer", `refine.rs`);
//! 5. one primary intent by a fixed precedence (`classify.rs`).
//!
//! Regexes compile once (`LazyLock`); a message parses in microseconds plus the lexicon's own
//! cost. Any input is safe: nothing here panics or grows without bound.

mod certification;
mod chatter;
mod classify;
mod exclusions;
mod films;
mod follow_up;
mod language;
mod lasting;
mod lexicon;
mod model;
mod opinion;
mod ordinals;
mod people;
mod preference;
mod quality;
mod rating;
mod refine;
mod region;
mod runtime;
mod series;
mod spans;
mod streaming;
mod text;
mod vocab;
mod watchlist;
mod years;

#[cfg(test)]
mod tests;

pub use lexicon::{Lexicon, NoLexicon, PersonMatch, TitleMatch};
pub use model::{
    CERTIFICATIONS, Exclusions, FilmRef, FollowUp, Intent, IntentFilters, Mood, ParsedIntent,
    PersonRef, PreferenceDetails, Shift, StreamLimit, WatchlistCommand,
};

use classify::Signals;
use spans::{FilmSpan, Strength};
use text::Text;

/// Parses one chat message. `year_today` anchors "recent", "this year" and friends.
pub fn parse(message: &str, lexicon: &dyn Lexicon, year_today: i32) -> ParsedIntent {
    let text = Text::new(message);
    let mut mask = vec![false; text.words.len()];

    let watchlist = watchlist::detect(&text, &mut mask, lexicon);
    let mut rating = rating::detect(&text, &mut mask, lexicon);
    let opinion = (rating.stars.is_none() && !rating.requested && watchlist.is_none())
        .then(|| opinion::detect(&text, &mut mask, lexicon))
        .flatten();
    if let Some(o) = &opinion {
        rating.stars = Some(o.stars);
        rating.film = Some(o.film.clone());
    }
    let lasting = (rating.stars.is_none() && watchlist.is_none())
        .then(|| lasting::detect(&text, &mut mask, lexicon))
        .flatten();
    let excluded = exclusions::detect(&text, &mut mask, lexicon);
    let series = series::detect(&text, &mut mask, lexicon);
    let mut films = films::detect(&text, &mut mask, lexicon);
    if films.info.is_none() {
        films.info = series.clone();
    }
    let person = people::detect(&text, &mut mask, lexicon);
    // "Is Dune on Netflix?" asks where a film streams; otherwise "on Netflix" limits a list.
    let streaming = films
        .providers
        .is_none()
        .then(|| streaming::detect(&text, &mut mask))
        .flatten();
    let mut uncued = None;
    if films.info.is_none() && films.providers.is_none() && films.similar.is_none() {
        films.info = whole_message_title(&text, &mut mask, lexicon, &rating, &watchlist, &person);
        if films.info.is_none() && rating.film.is_none() && watchlist.is_none() {
            uncued = spans::uncued_title(&text, &mask, lexicon, false);
            for i in uncued.iter().flat_map(FilmSpan::words) {
                mask[i] = true;
            }
        }
    }

    let masked = text.masked(&mask);
    let vocab = vocab::scan(&text, &mask);
    let chatter = chatter::detect(&text.clean, &masked);
    // "best film I've seen this year: Dune" is an opinion, not "seen it".
    let mut follow_up = follow_up::detect(&text).filter(|_| opinion.is_none());
    if let Some(l) = &lasting {
        follow_up = Some(l.kind);
    }
    let region = region::find(&masked);
    let preference = preference::detect(&masked, &vocab, person.as_ref(), region);

    // The film the request is about, most specific source first.
    let about = [
        lasting.as_ref().and_then(|l| l.film.clone()),
        watchlist.as_ref().and_then(|w| w.film.clone()),
        rating.film.clone(),
        films.providers.clone(),
        films.info.clone(),
        uncued.clone(),
    ]
    .into_iter()
    .flatten()
    .next();
    let mut pick = None;
    let mut pick_last = false;
    let mut film_ref = None;
    let mut title = None;
    match &about {
        Some(FilmSpan::Film { film, .. }) => {
            title = Some(film.canonical.clone().unwrap_or_else(|| film.words.clone()));
            film_ref = Some(film.clone());
        }
        Some(FilmSpan::Pointer { pick: p, last, .. }) => {
            pick = *p;
            pick_last = *last;
        }
        None => {}
    }
    // "I gave Alien 5 stars, anything like it?": the pointer means the film just named.
    let mut similar_to = None;
    let mut reference_year = None;
    match &films.similar {
        Some(FilmSpan::Film { film, .. }) => {
            similar_to = Some(film.canonical.clone().unwrap_or_else(|| film.words.clone()));
            reference_year = film.year;
            film_ref = film_ref.or_else(|| Some(film.clone()));
        }
        Some(FilmSpan::Pointer { pick: p, last, .. }) => match &film_ref {
            Some(film) => {
                similar_to = title.clone();
                reference_year = film.year;
            }
            None => {
                follow_up = Some(FollowUp::MoreLikeThat);
                pick = pick.or(*p);
                pick_last |= *last;
            }
        },
        None => {}
    }

    // "Just watched Arrival and loved it. Anything similar?"
    if similar_to.is_none()
        && follow_up == Some(FollowUp::MoreLikeThat)
        && let Some(FilmSpan::Film { film, .. }) = &uncued
    {
        similar_to = title.take();
        reference_year = film.year;
    }
    if similar_to.is_none()
        && film_ref.is_none()
        && follow_up == Some(FollowUp::MoreLikeThat)
        && let Some(FilmSpan::Film { film, words }) =
            spans::uncued_title(&text, &mask, lexicon, true)
    {
        similar_to = Some(film.canonical.clone().unwrap_or_else(|| film.words.clone()));
        reference_year = film.year;
        film_ref = Some(film);
        for i in words {
            mask[i] = true;
        }
    }
    // One card: a number said outright wins over "the last one".
    pick_last &= pick.is_none();
    let masked = text.masked(&mask);
    let runtime = runtime::detect(&text, &mask, &masked);
    for i in runtime.words.iter().flat_map(Clone::clone) {
        if let Some(m) = mask.get_mut(i) {
            *m = true;
        }
    }
    let languages = language::detect(&text, &mask);
    let certification = certification::detect(&masked);
    let quality = quality::detect(&masked);
    let masked = text.masked(&mask);
    let mut years = years::detect(&masked, year_today, reference_year);

    let avoid_genres: Vec<String> = vocab
        .avoid_genres
        .iter()
        .map(|g| g.name().to_owned())
        .collect();
    let exclude_people = excluded.person_names();
    let exclude_titles = excluded.titles();
    let has_years = years.from.is_some() || years.to.is_some();
    let changes = refine::Changes {
        primary: !vocab.genres.is_empty()
            || !vocab.moods.is_empty()
            || person.is_some()
            || has_years,
        constraints: !runtime.runtime.is_empty()
            || !languages.is_empty()
            || certification.is_some()
            || quality.min_vote.is_some()
            || !avoid_genres.is_empty()
            || !vocab.avoid_moods.is_empty()
            || !exclude_people.is_empty()
            || !exclude_titles.is_empty()
            || streaming.is_some(),
        explicit_years: has_years && !years.relative,
        runtime: !runtime.runtime.is_empty(),
        about_a_film: about.is_some()
            || similar_to.is_some()
            || rating.requested
            || rating.stars.is_some()
            || watchlist.is_some(),
        statement: preference.stated,
        follow_up: follow_up.is_some(),
        request_words: chatter.recommend_verb || chatter.recommend_noun,
    };
    let refinement = refine::detect(&text.clean, &masked, &changes);
    if refinement.refine && lasting.is_none() {
        follow_up = Some(FollowUp::Refine);
        // "something newer" moves the last request's years; it names none of its own.
        if matches!(refinement.shift, Some(Shift::Newer | Shift::Older)) && years.relative {
            years = years::YearRange::default();
        }
    }

    let filters = IntentFilters {
        genres: vocab.genres.iter().map(|g| g.name().to_owned()).collect(),
        person: person.as_ref().map(|p| {
            p.person
                .canonical
                .clone()
                .unwrap_or_else(|| p.person.words.clone())
        }),
        similar_to,
        title,
        mood: vocab.moods.first().copied(),
        year_from: years.from,
        year_to: years.to,
        runtime_min: runtime.runtime.min,
        runtime_max: runtime.runtime.max,
        languages,
        exclude_genres: avoid_genres.clone(),
        exclude_people,
        exclude_titles,
        certification_max: certification,
        min_vote: quality.min_vote,
        hidden_gems: quality.hidden_gems,
        series: series.is_some() && films.info.is_some(),
        streaming,
    };

    let signals = Signals {
        watchlist: watchlist.is_some(),
        similar: filters.similar_to.is_some() || follow_up == Some(FollowUp::MoreLikeThat),
        rate: rating.stars.is_some() || rating.requested && rating.film.is_some(),
        providers: films.providers.is_some(),
        info: films.info.is_some(),
        statement: preference.stated,
        request: chatter.request,
        person: filters.person.is_some(),
        trending: chatter.trending,
        mood: filters.mood.is_some(),
        genres: !filters.genres.is_empty(),
        years: filters.year_from.is_some() || filters.year_to.is_some(),
        uncued_title: uncued.is_some(),
        constraints: changes.constraints,
        follow_up: follow_up.is_some(),
        preference: preference.details.is_some(),
        help: chatter.help,
        recommend_verb: chatter.recommend_verb,
        recommend_noun: chatter.recommend_noun,
        greeting: chatter.greeting,
    };
    ParsedIntent {
        intent: classify::classify(&signals),
        rating: rating.stars,
        follow_up,
        pick,
        pick_last,
        shift: refinement.shift,
        opinion: opinion.is_some(),
        watchlist: watchlist.map(|w| w.command),
        preference: preference.details,
        region: region.map(str::to_owned),
        exclude: Exclusions {
            genres: avoid_genres,
            moods: vocab.avoid_moods,
        },
        for_group: chatter.for_group,
        film: film_ref,
        person: person.map(|p| p.person),
        filters,
    }
}

/// A message that is nothing but a known title ("Inception?", "the dark knight") asks about it.
fn whole_message_title(
    text: &Text,
    mask: &mut [bool],
    lexicon: &dyn Lexicon,
    rating: &rating::RatingFound,
    watchlist: &Option<watchlist::WatchlistFound>,
    person: &Option<spans::PersonSpan>,
) -> Option<FilmSpan> {
    if rating.film.is_some() || watchlist.is_some() || person.is_some() {
        return None;
    }
    let last = text.words.iter().rposition(|w| !w.is_boundary())? + 1;
    if last > 10 || mask.iter().any(|m| *m) || vocab::is_term_word(&text.words[0].key) {
        return None;
    }
    // A lone chat word is the bot being addressed, not a film ("help" is not The Help).
    const CHAT_WORDS: &[&str] = &["help", "hi", "hello", "hey", "thanks", "start", "menu"];
    if last == 1 && CHAT_WORDS.contains(&text.words[0].key.as_str()) {
        return None;
    }
    let span = spans::film_at(text, mask, 0, last, lexicon, Strength::Weak)?;
    let FilmSpan::Film { film, words } = &span else {
        return None;
    };
    if words.end != last || !film.exact {
        return None;
    }
    for i in words.clone() {
        mask[i] = true;
    }
    Some(span)
}
