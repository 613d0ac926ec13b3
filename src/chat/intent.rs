//! Intent parsing: what a chat message asks for, as an [`Intent`] plus [`IntentFilters`].
//!
//! [`parse`] is regex-based and needs no network. It works in passes over one normalised copy
//! of the message (`text.rs`):
//! 1. explicit film commands, most specific first — watchlist, rating, providers, movie info,
//!    similar movie — each finding *where* a film is named and asking the caller's
//!    [`Lexicon`] which film it is (`films.rs`, `rating.rs`, `watchlist.rs`, `spans.rs`);
//! 2. the actor or director (`people.rs`);
//! 3. with those words masked, so "The Dark Knight" is not a dark mood: genres and moods
//!    (`vocab.rs`), years (`years.rs`), follow-ups, preferences, regions and chatter;
//! 4. one primary intent by a fixed precedence (`classify.rs`).
//!
//! Regexes compile once (`LazyLock`); a message parses in microseconds plus the lexicon's own
//! cost. Any input is safe: nothing here panics or grows without bound.

mod chatter;
mod classify;
mod films;
mod follow_up;
mod lexicon;
mod model;
mod people;
mod preference;
mod rating;
mod region;
mod spans;
mod text;
mod vocab;
mod watchlist;
mod years;

#[cfg(test)]
mod tests;

pub use lexicon::{Lexicon, NoLexicon, PersonMatch, TitleMatch};
pub use model::{
    CERTIFICATIONS, Exclusions, FilmRef, FollowUp, Intent, IntentFilters, Mood, ParsedIntent,
    PersonRef, PreferenceDetails, Shift, WatchlistCommand,
};

use classify::Signals;
use spans::{FilmSpan, Strength};
use text::Text;

/// Parses one chat message. `year_today` anchors "recent", "this year" and friends.
pub fn parse(message: &str, lexicon: &dyn Lexicon, year_today: i32) -> ParsedIntent {
    let text = Text::new(message);
    let mut mask = vec![false; text.words.len()];

    let watchlist = watchlist::detect(&text, &mut mask, lexicon);
    let rating = rating::detect(&text, &mut mask, lexicon);
    let mut films = films::detect(&text, &mut mask, lexicon);
    let person = people::detect(&text, &mut mask, lexicon);
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
    let mut follow_up = follow_up::detect(&text);
    let region = region::find(&masked);
    let preference = preference::detect(&masked, &vocab, person.as_ref(), region);

    // The film the request is about, most specific source first.
    let about = [
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
    let mut film_ref = None;
    let mut title = None;
    match &about {
        Some(FilmSpan::Film { film, .. }) => {
            title = Some(film.canonical.clone().unwrap_or_else(|| film.words.clone()));
            film_ref = Some(film.clone());
        }
        Some(FilmSpan::Pointer { pick: p, .. }) => pick = *p,
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
        Some(FilmSpan::Pointer { pick: p, .. }) => match &film_ref {
            Some(film) => {
                similar_to = title.clone();
                reference_year = film.year;
            }
            None => {
                follow_up = Some(FollowUp::MoreLikeThat);
                pick = pick.or(*p);
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
    let masked = text.masked(&mask);
    let years = years::detect(&masked, year_today, reference_year);
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
        exclude_genres: vocab
            .avoid_genres
            .iter()
            .map(|g| g.name().to_owned())
            .collect(),
        ..IntentFilters::default()
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
        pick_last: false,
        shift: None,
        opinion: false,
        watchlist: watchlist.map(|w| w.command),
        preference: preference.details,
        region: region.map(str::to_owned),
        exclude: Exclusions {
            genres: vocab
                .avoid_genres
                .iter()
                .map(|g| g.name().to_owned())
                .collect(),
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
