//! Property test: whatever the core answers, the rendered message stays within every Discord
//! limit, and no button is ambiguous about its film.

use std::collections::HashSet;

use moviebot_discord::render::{self, PICK_ID, discord_len, limits};
use moviebot_discord::wire::{Component, Message};
use moviebot_protocol::{
    Action, Genre, MovieCard, Page, Providers, PublicMovieId, Region, Reply, Stars,
};
use proptest::prelude::*;

fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex(&format!("[a-zA-Z0-9 ,.'!?-]{{0,{max}}}")).unwrap(),
        proptest::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect()),
        // Astral characters count twice in UTF-16.
        (0..max).prop_map(|n| "🎬".repeat(n)),
    ]
}

fn stars() -> impl Strategy<Value = Stars> {
    (1u8..=10).prop_map(|h| Stars::from_halves(h).unwrap())
}

fn action(movie: i64) -> impl Strategy<Value = Action> {
    let movie = PublicMovieId(movie);
    prop_oneof![
        stars().prop_map(move |stars| Action::Rate { movie, stars }),
        Just(Action::MoreLikeThis { movie }),
        Just(Action::WhereToWatch {
            movie,
            region: None
        }),
        Just(Action::WatchlistAdd { movie }),
        Just(Action::WatchlistRemove { movie }),
        Just(Action::Details { movie }),
        Just(Action::NotInterested { movie }),
        Just(Action::Unrate { movie }),
    ]
}

fn reply_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (any::<u32>(), any::<u16>()).prop_map(|(query, page)| Action::NextPage { query, page }),
        (any::<u32>(), any::<u16>()).prop_map(|(query, page)| Action::PrevPage { query, page }),
        (0..Genre::ALL.len()).prop_map(|i| Action::PickGenre {
            genre: Genre::ALL[i]
        }),
        Just(Action::ShowPicks),
        Just(Action::ConfirmForget),
        Just(Action::Cancel),
        (any::<i64>(), any::<u8>())
            .prop_map(|(exclusion, slot)| Action::Unexclude { exclusion, slot }),
        Just(Action::ShowWatchlist),
        any::<i64>().prop_flat_map(action),
    ]
}

fn names() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(text(60), 0..40)
}

fn providers() -> impl Strategy<Value = Option<Providers>> {
    proptest::option::of(
        (names(), names(), names(), proptest::option::of(text(300))).prop_map(
            |(stream, rent, buy, link)| Providers {
                region: Region::parse("GB").unwrap(),
                stream,
                rent,
                buy,
                link: link.map(|l| format!("https://www.themoviedb.org/{l}")),
            },
        ),
    )
}

fn card() -> impl Strategy<Value = MovieCard> {
    (
        (any::<i64>(), text(400), proptest::option::of(any::<i32>())),
        (
            proptest::option::of(any::<u32>()),
            proptest::option::of(any::<f32>()),
            names(),
        ),
        (
            text(5000),
            proptest::option::of(text(300)),
            proptest::option::of(text(600)),
        ),
        (providers(), proptest::option::of(stars())),
    )
        .prop_flat_map(
            |(
                (id, title, year),
                (runtime, score, genres),
                (overview, poster, why),
                (providers, user_rating),
            )| {
                proptest::collection::vec(action(id), 0..14).prop_map(move |actions| MovieCard {
                    id: PublicMovieId(id),
                    title: title.clone(),
                    year,
                    runtime,
                    score,
                    genres: genres.clone(),
                    overview: overview.clone(),
                    poster_url: poster
                        .clone()
                        .map(|p| format!("https://image.tmdb.org/{p}")),
                    providers: providers.clone(),
                    why: why.clone(),
                    user_rating,
                    actions,
                })
            },
        )
}

fn reply() -> impl Strategy<Value = Reply> {
    (
        text(3000),
        proptest::collection::vec(card(), 0..13),
        proptest::collection::vec(reply_action(), 0..40),
        proptest::option::of(text(300)),
        any::<bool>(),
        proptest::collection::vec((any::<u32>(), any::<bool>(), text(120)), 0..40),
    )
        .prop_map(|(text, cards, actions, notice, ephemeral, toggles)| Reply {
            text,
            cards,
            actions,
            page: Some(Page {
                index: 0,
                has_more: true,
            }),
            ephemeral,
            notice,
            duplicate: false,
            outcome: None,
            files: Vec::new(),
            toggles: toggles
                .into_iter()
                .map(|(provider, on, name)| moviebot_protocol::Toggle {
                    action: Action::SetService { provider, on: !on },
                    name,
                    on,
                })
                .collect(),
        })
}

fn check(reply: &Reply, m: &Message) {
    assert!(discord_len(&m.content) <= limits::CONTENT);
    assert!(
        !m.content.is_empty() || !m.embeds.is_empty(),
        "never an empty message"
    );
    assert!(m.embeds.len() <= limits::EMBEDS);
    let mut total = 0;
    for e in &m.embeds {
        let len = |s: &Option<String>| s.as_deref().map_or(0, discord_len);
        assert!(len(&e.title) <= limits::TITLE);
        assert!(len(&e.description) <= limits::DESCRIPTION);
        assert!(e.fields.len() <= limits::FIELDS);
        for f in &e.fields {
            assert!(discord_len(&f.name) <= limits::FIELD_NAME && !f.name.is_empty());
            assert!(discord_len(&f.value) <= limits::FIELD_VALUE && !f.value.is_empty());
        }
        if let Some(f) = &e.footer {
            assert!(discord_len(&f.text) <= limits::FOOTER);
        }
        let urls = [
            e.url.clone(),
            e.image.as_ref().map(|i| i.url.clone()),
            e.thumbnail.as_ref().map(|i| i.url.clone()),
        ];
        for u in urls.iter().flatten() {
            assert!(u.starts_with("https://") && u.len() <= limits::URL);
        }
        total += e.text_len();
    }
    assert!(total <= limits::EMBEDS_TOTAL, "{total}");

    assert!(m.components.len() <= limits::ROWS);
    let mut ids = HashSet::new();
    for row in &m.components {
        assert!(!row.components.is_empty() && row.components.len() <= limits::BUTTONS_PER_ROW);
        let selects = row
            .components
            .iter()
            .filter(|c| matches!(c, Component::Select(_)))
            .count();
        assert!(
            selects == 0 || row.components.len() == 1,
            "a select fills its row"
        );
        for c in &row.components {
            let id = c.custom_id();
            assert!(!id.is_empty() && id.len() <= limits::CUSTOM_ID);
            assert!(ids.insert(id.to_string()), "duplicate custom_id {id}");
            match c {
                Component::Button(b) => {
                    assert!(!b.label.is_empty() && discord_len(&b.label) <= limits::BUTTON_LABEL);
                    let action = Action::decode(&b.custom_id).expect("buttons carry actions");
                    // Unambiguous: a film button sits only on that film's single card,
                    // or on a reply without cards (whose text names the film).
                    if let Some(movie) = action.movie() {
                        match reply.cards.as_slice() {
                            [] => {}
                            [card] => assert_eq!(card.id, movie, "{action:?}"),
                            _ => panic!("a per-film button on a list: {action:?}"),
                        }
                    }
                }
                Component::Select(s) => {
                    assert_eq!(s.custom_id, PICK_ID);
                    assert!(!s.options.is_empty() && s.options.len() <= limits::SELECT_OPTIONS);
                    let mut values = HashSet::new();
                    for o in &s.options {
                        assert!(
                            !o.label.is_empty() && discord_len(&o.label) <= limits::OPTION_TEXT
                        );
                        assert!(o.value.len() <= limits::OPTION_TEXT);
                        assert!(values.insert(o.value.clone()));
                        assert!(matches!(
                            Action::decode(&o.value),
                            Ok(Action::Details { .. })
                        ));
                        if let Some(d) = &o.description {
                            assert!(discord_len(d) <= limits::OPTION_TEXT);
                        }
                    }
                }
            }
        }
    }
    if reply.cards.len() > 1 {
        let has_menu = m
            .components
            .first()
            .is_some_and(|r| matches!(r.components[0], Component::Select(_)));
        assert!(has_menu, "a list names its films in a menu");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_reply_renders_within_discord_limits(reply in reply()) {
        let m = render::message(&reply);
        check(&reply, &m);
        // The JSON Discord gets has the same shape.
        let json = serde_json::to_value(&m).unwrap();
        prop_assert!(json["embeds"].as_array().unwrap().len() <= limits::EMBEDS);
    }
}

#[test]
fn the_worst_case_page_still_fits() {
    let long = "W".repeat(10_000);
    let mut card = MovieCard::new(PublicMovieId(1), long.clone());
    card.overview = long.clone();
    card.why = Some(long.clone());
    card.genres = vec![long.clone(); 30];
    card.providers = Some(Providers {
        region: Region::parse("US").unwrap(),
        stream: vec![long.clone(); 10],
        rent: vec![long.clone(); 10],
        buy: vec![long.clone(); 10],
        link: Some(format!("https://x.example/{long}")),
    });
    card.score = Some(9.9);
    card.runtime = Some(200);
    for n in [1, 2, 10, 12] {
        let cards: Vec<MovieCard> = (0..n)
            .map(|i| MovieCard {
                id: PublicMovieId(i),
                ..card.clone()
            })
            .collect();
        let reply = Reply::text(long.clone())
            .with_cards(cards)
            .with_notice(long.clone());
        let m = render::message(&reply);
        check(&reply, &m);
        assert_eq!(m.embeds.len(), n.min(10) as usize);
    }
}
