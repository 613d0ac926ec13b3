//! Properties of rendering: for any titles, overviews, reasons and texts, every caption and
//! message stays within Telegram's limits and is HTML Telegram can parse.

use moviebot_protocol::{MovieCard, PublicMovieId, Reply};
use moviebot_telegram::render::{self, MAX_CAPTION, MAX_TEXT, Outgoing};
use proptest::prelude::*;

use moviebot_telegram::fake_api::html;

fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex(&format!("[<>&;a-z \n\"'#]{{0,{max}}}")).unwrap(),
        proptest::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect()),
        proptest::collection::vec(
            prop_oneof![
                Just('😀'),
                Just('𝄞'),
                Just('&'),
                Just('<'),
                Just('é'),
                Just(' ')
            ],
            0..max
        )
        .prop_map(|v| v.into_iter().collect()),
    ]
}

prop_compose! {
    fn any_card()(
        title in any_text(300),
        overview in any_text(3000),
        why in proptest::option::of(any_text(600)),
        genres in proptest::collection::vec(any_text(40), 0..6),
        year in proptest::option::of(1900..2030i32),
        poster in any::<bool>(),
    ) -> MovieCard {
        let mut c = MovieCard::new(PublicMovieId(1), title);
        c.overview = overview;
        c.why = why;
        c.genres = genres;
        c.year = year;
        c.score = Some(7.25);
        c.poster_url = poster.then(|| "https://image.tmdb.org/t/p/w500/x.jpg".to_owned());
        c
    }
}

fn check(html_text: &str, max: usize) -> Result<(), TestCaseError> {
    let plain =
        html::parse(html_text).map_err(|e| TestCaseError::fail(format!("{e}: {html_text:?}")))?;
    prop_assert!(html::len(&plain) <= max, "{} > {max}", html::len(&plain));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn captions_and_card_texts_fit_and_parse(card in any_card()) {
        check(&render::card_html(&card, MAX_CAPTION), MAX_CAPTION)?;
        check(&render::card_html(&card, MAX_TEXT), MAX_TEXT)?;
        let caption = render::card_html(&card, MAX_CAPTION);
        // The title is never dropped for the overview's sake.
        if !card.title.trim().is_empty() {
            prop_assert!(caption.starts_with("<b>"));
        }
    }

    #[test]
    fn reply_messages_fit_and_parse(text in any_text(9000), notice in proptest::option::of(any_text(300)), cards in proptest::collection::vec(any_card(), 0..3)) {
        let mut reply = Reply::text(text).with_cards(cards);
        reply.notice = notice;
        for m in render::reply_messages(&reply) {
            match m {
                Outgoing::Text { html, .. } => {
                    check(&html, MAX_TEXT)?;
                    prop_assert!(!html::parse(&html).unwrap().trim().is_empty(), "empty message");
                }
                Outgoing::Photo { caption, fallback, .. } => {
                    check(&caption, MAX_CAPTION)?;
                    check(&fallback, MAX_TEXT)?;
                }
            }
        }
    }

    #[test]
    fn toasts_fit(text in any_text(600)) {
        prop_assert!(html::len(&render::toast(&text)) <= render::MAX_TOAST);
    }
}
