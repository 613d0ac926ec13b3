//! Inline keyboards: a card's ★1–★5 row (the stored rating marked "★4 ✓"), its other
//! buttons, and reply-level buttons. callback_data is always the protocol's action codec,
//! ≤ 29 bytes, so it fits Telegram's 64.

use moviebot_protocol::{Action, MovieCard, PublicMovieId, Stars, Toggle};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup};

fn button(label: impl Into<String>, action: &Action) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(label, action.encode())
}

/// The rating row for `movie`: one button per star value; the stored rating (or the star
/// just under a half-star rating) reads "★4 ✓" and takes the rating back when pressed.
pub fn star_row(
    movie: PublicMovieId,
    stars: &[Stars],
    rating: Option<Stars>,
) -> Vec<InlineKeyboardButton> {
    let marked = rating.and_then(|r| stars.iter().copied().filter(|s| *s <= r).max());
    stars
        .iter()
        .map(|&s| match (marked, rating) {
            (Some(m), Some(r)) if m == s => button(format!("★{r} ✓"), &Action::Unrate { movie }),
            _ => button(format!("★{s}"), &Action::Rate { movie, stars: s }),
        })
        .collect()
}

/// The whole-star values a card's rating row shows.
fn whole_stars() -> Vec<Stars> {
    (1..=5).filter_map(|s| Stars::new(s as f32)).collect()
}

/// A card's keyboard: its rating row, its other buttons two to a row, then `extra`
/// (reply-level buttons such as "Next ▶") on a row of their own.
pub fn card(card: &MovieCard, extra: &[Action]) -> InlineKeyboardMarkup {
    let stars: Vec<Stars> = card
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Rate { movie, stars } if *movie == card.id => Some(*stars),
            _ => None,
        })
        .collect();
    let mut rows = Vec::new();
    if !stars.is_empty() {
        rows.push(star_row(card.id, &stars, card.user_rating));
    }
    let others: Vec<InlineKeyboardButton> = card
        .actions
        .iter()
        .filter(|a| !matches!(a, Action::Rate { movie, .. } if *movie == card.id))
        .map(|a| button(a.label(), a))
        .collect();
    rows.extend(others.chunks(2).map(<[_]>::to_vec));
    if !extra.is_empty() {
        rows.push(extra.iter().map(|a| button(a.label(), a)).collect());
    }
    InlineKeyboardMarkup::new(rows)
}

/// Reply-level buttons (genre choices, confirmations, paging), three to a row.
pub fn actions(actions: &[Action]) -> Option<InlineKeyboardMarkup> {
    with_toggles(&[], actions)
}

/// On/off buttons ("✓ Netflix"), two to a row, then reply-level buttons three to a row.
pub fn with_toggles(toggles: &[Toggle], actions: &[Action]) -> Option<InlineKeyboardMarkup> {
    if actions.is_empty() && toggles.is_empty() {
        return None;
    }
    let switches: Vec<InlineKeyboardButton> = toggles
        .iter()
        .map(|t| button(t.label(), &t.action))
        .collect();
    let buttons: Vec<InlineKeyboardButton> = actions.iter().map(|a| button(a.label(), a)).collect();
    Some(InlineKeyboardMarkup::new(
        switches
            .chunks(2)
            .map(<[_]>::to_vec)
            .chain(buttons.chunks(3).map(<[_]>::to_vec)),
    ))
}

/// The action a button carries, when it is one of ours.
pub fn button_action(button: &InlineKeyboardButton) -> Option<Action> {
    match &button.kind {
        InlineKeyboardButtonKind::CallbackData(data) => Action::decode(data).ok(),
        _ => None,
    }
}

/// The film a message's keyboard is about (its first movie button), e.g. to rate the card a
/// group member replied to.
pub fn movie_of(markup: &InlineKeyboardMarkup) -> Option<PublicMovieId> {
    markup
        .inline_keyboard
        .iter()
        .flatten()
        .filter_map(button_action)
        .find_map(|a| a.movie())
}

/// `markup` with the rating row for `movie` redrawn to show `rating`; `None` when nothing
/// changes (Telegram refuses an edit that changes nothing).
pub fn remark(
    markup: &InlineKeyboardMarkup,
    movie: PublicMovieId,
    rating: Option<Stars>,
) -> Option<InlineKeyboardMarkup> {
    let is_rating_row = |row: &Vec<InlineKeyboardButton>| {
        row.iter().filter_map(button_action).any(|a| {
            matches!(a, Action::Rate { movie: m, .. } | Action::Unrate { movie: m } if m == movie)
        })
    };
    let rows: Vec<Vec<InlineKeyboardButton>> = markup
        .inline_keyboard
        .iter()
        .map(|row| {
            if is_rating_row(row) {
                star_row(movie, &whole_stars(), rating)
            } else {
                row.clone()
            }
        })
        .collect();
    let new = InlineKeyboardMarkup::new(rows);
    (new != *markup).then_some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stars(s: f32) -> Stars {
        Stars::new(s).unwrap()
    }

    fn labels(markup: &InlineKeyboardMarkup) -> Vec<Vec<String>> {
        markup
            .inline_keyboard
            .iter()
            .map(|r| r.iter().map(|b| b.text.clone()).collect())
            .collect()
    }

    fn heat(rating: Option<Stars>) -> MovieCard {
        let mut c = MovieCard::new(PublicMovieId(949), "Heat");
        c.actions = (1..=5)
            .map(|s| Action::Rate {
                movie: PublicMovieId(949),
                stars: stars(s as f32),
            })
            .chain([
                Action::MoreLikeThis {
                    movie: PublicMovieId(949),
                },
                Action::WhereToWatch {
                    movie: PublicMovieId(949),
                    region: None,
                },
                Action::WatchlistAdd {
                    movie: PublicMovieId(949),
                },
            ])
            .collect();
        c.user_rating = rating;
        c
    }

    #[test]
    fn card_keyboard_marks_the_stored_rating() {
        let kb = card(
            &heat(Some(stars(4.0))),
            &[Action::NextPage { query: 2, page: 1 }],
        );
        assert_eq!(
            labels(&kb),
            vec![
                vec!["★1", "★2", "★3", "★4 ✓", "★5"],
                vec!["More like this", "Where to watch"],
                vec!["+ Watchlist"],
                vec!["Next ▶"],
            ]
        );
        assert_eq!(movie_of(&kb), Some(PublicMovieId(949)));
        let half = card(&heat(Some(stars(3.5))), &[]);
        assert_eq!(labels(&half)[0], vec!["★1", "★2", "★3.5 ✓", "★4", "★5"]);
    }

    #[test]
    fn remark_redraws_only_the_rating_row() {
        let kb = card(&heat(None), &[]);
        let new = remark(&kb, PublicMovieId(949), Some(stars(5.0))).unwrap();
        assert_eq!(labels(&new)[0], vec!["★1", "★2", "★3", "★4", "★5 ✓"]);
        assert_eq!(labels(&new)[1], labels(&kb)[1]);
        assert_eq!(remark(&new, PublicMovieId(949), Some(stars(5.0))), None);
        assert_eq!(
            remark(&new, PublicMovieId(949), None).map(|k| labels(&k)),
            Some(labels(&kb))
        );
    }
}
