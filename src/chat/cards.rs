//! Stored films → platform-neutral cards with their buttons, trimmed to fit every platform.

use moviebot_protocol::{Action, MovieCard, PublicMovieId, Stars};

use super::library::public_id;
use crate::store::MovieRecord;

/// TMDb's image CDN with a poster size; the TMDb client replaces it with the configured base.
pub const DEFAULT_POSTER_BASE: &str = "https://image.tmdb.org/t/p/w500";

/// Longest overview on a card: fits a Telegram caption (1,024) with title, score and "why".
const OVERVIEW_CHARS: usize = 400;

/// Cuts at a word boundary and adds an ellipsis when something was cut.
pub fn trim_words(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The buttons every card carries.
pub fn card_actions(movie: PublicMovieId) -> Vec<Action> {
    // Sized once: five stars and three more buttons on every card of every list.
    let mut actions: Vec<Action> = Vec::with_capacity(8);
    actions.extend(
        (1..=5)
            .filter_map(|s| Stars::new(s as f32))
            .map(|stars| Action::Rate { movie, stars }),
    );
    actions.push(Action::MoreLikeThis { movie });
    actions.push(Action::WhereToWatch {
        movie,
        region: None,
    });
    actions.push(Action::WatchlistAdd { movie });
    actions
}

/// A card for a film; `why` explains the pick, `user_rating` is the asker's own stars.
pub fn card(m: &MovieRecord, why: Option<String>, user_rating: Option<Stars>) -> MovieCard {
    let id = public_id(m);
    let mv = &m.movie;
    MovieCard {
        id,
        title: mv.title.clone(),
        year: mv.year,
        runtime: mv.runtime.filter(|r| *r > 0).map(|r| r as u32),
        score: mv
            .vote_average
            .filter(|v| *v > 0.0)
            .map(|v| (v * 10.0).round() as f32 / 10.0),
        genres: mv.genres.clone(),
        overview: trim_words(&mv.overview, OVERVIEW_CHARS),
        poster_url: mv
            .poster_path
            .as_ref()
            .map(|p| format!("{DEFAULT_POSTER_BASE}{p}")),
        providers: None,
        why,
        user_rating,
        actions: card_actions(id),
    }
}

/// "Heat (1995)", or the title alone when the year is unknown.
pub fn titled(m: &MovieRecord) -> String {
    match m.movie.year {
        Some(y) => format!("{} ({y})", m.movie.title),
        None => m.movie.title.clone(),
    }
}

/// A one-line description for text replies: "Heat (1995) · Crime, Drama · 7.9".
pub fn one_line(m: &MovieRecord) -> String {
    let mut s = titled(m);
    if !m.movie.genres.is_empty() {
        s.push_str(" · ");
        s.push_str(&m.movie.genres.join(", "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_at_words() {
        assert_eq!(trim_words("short", 10), "short");
        let t = trim_words("one two three four five six seven", 16);
        assert!(t.chars().count() <= 16 && t.ends_with('…'), "{t}");
        assert_eq!(t, "one two three…");
    }

    #[test]
    fn every_card_action_fits_the_platforms() {
        for a in card_actions(PublicMovieId(i64::MAX)) {
            assert!(a.encode().len() <= 64);
        }
    }
}
