//! The storage suite, run against SQLite and PostgreSQL alike: same migrations, same
//! behaviour, including 1,000 concurrent rating upserts.

mod support;

use std::sync::Arc;

use moviebot::catalog;
use moviebot::domain::{MovieId, UserId};
use moviebot::store::{MovieSource, NewMovie, Preferences, Store, StoreError};
use moviebot_protocol::Stars;

fn film(tmdb_id: i64, title: &str) -> NewMovie {
    NewMovie {
        tmdb_id: Some(tmdb_id),
        title: title.into(),
        year: Some(1999),
        genres: vec!["Action".into()],
        cast: vec!["Keanu Reeves".into()],
        ..NewMovie::default()
    }
}

async fn users_and_identities(store: Store) {
    let alice = store.create_user("alice").await.unwrap();
    assert!(matches!(
        store.create_user("alice").await,
        Err(StoreError::UsernameTaken)
    ));
    assert_eq!(
        store.user(alice.id).await.unwrap().unwrap().username,
        "alice"
    );
    assert!(store.user(UserId(999_999)).await.unwrap().is_none());

    let a = store
        .user_for_identity("discord", "42", "Al")
        .await
        .unwrap();
    let b = store
        .user_for_identity("discord", "42", "Al")
        .await
        .unwrap();
    let c = store
        .user_for_identity("telegram", "42", "Al")
        .await
        .unwrap();
    assert_eq!(a.id, b.id);
    assert_ne!(a.id, c.id, "same id on another platform is another person");

    // Concurrent first contact: every task gets the same user.
    let store = Arc::new(store);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s = store.clone();
            tokio::spawn(async move { s.user_for_identity("telegram", "777", "Bo").await })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap().unwrap().id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1);
}

async fn ratings_upsert_and_reject(store: Store) {
    let u = store.create_user("rater").await.unwrap().id;
    let heat = store
        .insert_movie(&film(949, "Heat"), MovieSource::Catalog)
        .await
        .unwrap();
    let r = |v| Stars::exact(v).unwrap();
    store.upsert_rating(u, heat, r(4.0)).await.unwrap();
    store.upsert_rating(u, heat, r(4.5)).await.unwrap();
    let mine = store.ratings_of(u).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].rating.get(), 4.5);
    assert_eq!(mine[0].tmdb_id, Some(949));

    assert!(matches!(
        store.upsert_rating(u, MovieId(123_456), r(3.0)).await,
        Err(StoreError::UnknownMovie)
    ));
    assert!(matches!(
        store.upsert_rating(UserId(123_456), heat, r(3.0)).await,
        Err(StoreError::UnknownUser)
    ));
    assert_eq!(
        store.count_ratings().await.unwrap(),
        1,
        "nothing written on rejection"
    );

    assert!(store.delete_rating(u, heat).await.unwrap());
    assert!(!store.delete_rating(u, heat).await.unwrap());
}

async fn delete_user_forgets_everything(store: Store) {
    let u = store
        .user_for_identity("discord", "1", "X")
        .await
        .unwrap()
        .id;
    let m = store
        .insert_movie(&film(603, "The Matrix"), MovieSource::Catalog)
        .await
        .unwrap();
    store
        .upsert_rating(u, m, Stars::exact(5.0).unwrap())
        .await
        .unwrap();
    store.watchlist_add(u, m).await.unwrap();
    store
        .set_preferences(
            u,
            &Preferences {
                favourite_genres: vec!["Horror".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    store
        .touch_conversation("discord", "guild1", true, u)
        .await
        .unwrap();
    store.delete_user(u).await.unwrap();
    assert_eq!(store.count_ratings().await.unwrap(), 0);
    assert!(store.watchlist(u).await.unwrap().is_empty());
    assert_eq!(store.preferences(u).await.unwrap(), Preferences::default());
    assert!(
        store
            .rating_members("discord", "guild1")
            .await
            .unwrap()
            .is_empty()
    );
    // The identity is gone too: the next contact is a new user.
    let again = store.user_for_identity("discord", "1", "X").await.unwrap();
    assert_ne!(again.id, u);
    assert!(matches!(
        store.delete_user(u).await,
        Err(StoreError::UnknownUser)
    ));
}

async fn preferences_watchlist_events(store: Store) {
    let u = store.create_user("p").await.unwrap().id;
    let prefs = Preferences {
        favourite_genres: vec!["Horror".into(), "Science Fiction".into()],
        favourite_people: vec!["Tom Hanks".into()],
        region: Some("GB".into()),
        language: None,
    };
    store.set_preferences(u, &prefs).await.unwrap();
    assert_eq!(store.preferences(u).await.unwrap(), prefs);

    let a = store
        .insert_movie(&film(1, "A"), MovieSource::Catalog)
        .await
        .unwrap();
    let b = store
        .insert_movie(&film(2, "B"), MovieSource::Catalog)
        .await
        .unwrap();
    assert!(store.watchlist_add(u, a).await.unwrap());
    assert!(!store.watchlist_add(u, a).await.unwrap());
    store.watchlist_add(u, b).await.unwrap();
    assert_eq!(store.watchlist(u).await.unwrap().len(), 2);
    assert!(store.watchlist_remove(u, a).await.unwrap());
    assert_eq!(store.watchlist(u).await.unwrap(), vec![b]);

    assert!(store.first_delivery("telegram", "update:1").await.unwrap());
    assert!(!store.first_delivery("telegram", "update:1").await.unwrap());
    assert!(store.first_delivery("discord", "update:1").await.unwrap());
}

async fn cache_expiry_and_cleanup(store: Store) {
    store.cache_put("fresh", "{\"a\":1}", 3600).await.unwrap();
    store.cache_put("old", "{\"b\":2}", -10).await.unwrap();
    assert_eq!(
        store.cache_get("fresh").await.unwrap().as_deref(),
        Some("{\"a\":1}")
    );
    assert_eq!(
        store.cache_get("old").await.unwrap(),
        None,
        "expired is a miss"
    );
    assert_eq!(
        store.cache_get_stale("old").await.unwrap().as_deref(),
        Some("{\"b\":2}")
    );
    assert_eq!(store.cache_cleanup(0).await.unwrap(), 1);
    assert_eq!(store.cache_get_stale("old").await.unwrap(), None);
    assert!(store.cache_get("fresh").await.unwrap().is_some());
}

async fn group_members_who_rated(store: Store) {
    let m = store
        .insert_movie(&film(3, "C"), MovieSource::Catalog)
        .await
        .unwrap();
    let a = store
        .user_for_identity("telegram", "a", "A")
        .await
        .unwrap()
        .id;
    let b = store
        .user_for_identity("telegram", "b", "B")
        .await
        .unwrap()
        .id;
    store
        .touch_conversation("telegram", "-100", true, a)
        .await
        .unwrap();
    store
        .touch_conversation("telegram", "-100", true, b)
        .await
        .unwrap();
    store
        .touch_conversation("telegram", "-100", true, b)
        .await
        .unwrap();
    store
        .upsert_rating(a, m, Stars::exact(3.0).unwrap())
        .await
        .unwrap();
    assert_eq!(
        store.rating_members("telegram", "-100").await.unwrap(),
        vec![a]
    );
}

async fn catalog_never_overwrites_tmdb(store: Store) {
    let mut fresh = film(27205, "Inception (TMDb)");
    fresh.overview = "fresh from TMDb".into();
    store
        .upsert_movie_by_tmdb(&fresh, MovieSource::Tmdb)
        .await
        .unwrap();
    let written = catalog::ensure_loaded(&store).await.unwrap();
    assert_eq!(written, catalog::films().len());
    let m = store.movie_by_tmdb(27205).await.unwrap().unwrap();
    assert_eq!(m.movie.overview, "fresh from TMDb");
    assert_eq!(m.source, MovieSource::Tmdb);
    // Other catalog films are in, with their facts.
    let fc = store.movie_by_tmdb(550).await.unwrap().unwrap();
    assert_eq!(fc.movie.title, "Fight Club");
    assert!(fc.movie.cast.len() >= 3);
    // Second start: skipped, nothing rewritten.
    assert_eq!(catalog::ensure_loaded(&store).await.unwrap(), 0);
}

/// 1,000 upserts from 50 tasks: every rating present, zero errors.
async fn concurrent_rating_upserts(store: Store) {
    let store = Arc::new(store);
    let mut movies = Vec::new();
    for i in 0..20 {
        movies.push(
            store
                .insert_movie(&film(10_000 + i, &format!("M{i}")), MovieSource::Catalog)
                .await
                .unwrap(),
        );
    }
    let mut users = Vec::new();
    for i in 0..50 {
        users.push(store.create_user(&format!("u{i}")).await.unwrap().id);
    }
    let movies = Arc::new(movies);
    let tasks: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(t, &u)| {
            let (s, movies) = (store.clone(), movies.clone());
            tokio::spawn(async move {
                let mut errors = 0;
                for (j, &m) in movies.iter().enumerate() {
                    let stars = ((t + j) % 10 + 1) as f64 / 2.0;
                    if s.upsert_rating(u, m, Stars::exact(stars).unwrap())
                        .await
                        .is_err()
                    {
                        errors += 1;
                    }
                }
                errors
            })
        })
        .collect();
    let mut errors = 0;
    for t in tasks {
        errors += t.await.unwrap();
    }
    println!(
        "concurrency ({:?}): 1000 upserts from 50 tasks, {errors} errors, {} stored",
        store.backend(),
        store.count_ratings().await.unwrap()
    );
    assert_eq!(errors, 0);
    let all = store.all_ratings().await.unwrap();
    assert_eq!(all.len(), 1000);
    for r in all {
        let t = users.iter().position(|&u| u == r.user).unwrap();
        let j = movies.iter().position(|&m| m == r.movie).unwrap();
        assert_eq!(r.rating.halves() as usize, (t + j) % 10 + 1);
    }
}

/// A movie night's whole life in the store: sign-up, a shortlist, votes (changed, repeated),
/// a close that happens once, the next-day prompts claimed once and the opt-out.
async fn movie_nights_count_once(store: Store) {
    use moviebot::store::{NightFilm, NightStage};
    let films = [
        store
            .insert_movie(&film(11, "K"), MovieSource::Catalog)
            .await
            .unwrap(),
        store
            .insert_movie(&film(12, "L"), MovieSource::Catalog)
            .await
            .unwrap(),
    ];
    let mut users = Vec::new();
    for name in ["a", "b", "c"] {
        users.push(
            store
                .user_for_identity("telegram", name, name)
                .await
                .unwrap()
                .id,
        );
    }
    let (a, b, c) = (users[0], users[1], users[2]);
    let night = store
        .create_night("telegram", "-100", a, "{}", 1_000, Some(8_200))
        .await
        .unwrap();
    assert!(store.set_night_member(night, b, true, 1_001).await.unwrap());
    assert!(
        !store.set_night_member(night, b, true, 1_002).await.unwrap(),
        "already in"
    );
    assert!(
        store
            .set_night_member(night, c, false, 1_003)
            .await
            .unwrap()
    );
    // No vote before the shortlist.
    assert!(!store.vote_night(night, b, 1, 1_004).await.unwrap());
    let shortlist: Vec<NightFilm> = films
        .iter()
        .enumerate()
        .map(|(i, m)| NightFilm {
            slot: i as u8 + 1,
            movie: *m,
            score: 0.5 - i as f64 / 10.0,
            reason: "why".into(),
        })
        .collect();
    assert!(store.start_night_vote(night, &shortlist).await.unwrap());
    assert!(
        !store.start_night_vote(night, &shortlist).await.unwrap(),
        "once"
    );
    assert!(store.vote_night(night, a, 2, 1_010).await.unwrap());
    assert!(store.vote_night(night, b, 2, 1_011).await.unwrap());
    assert!(store.vote_night(night, c, 2, 1_012).await.unwrap());
    assert!(store.vote_night(night, c, 1, 1_013).await.unwrap());
    let state = store.night(night).await.unwrap().unwrap();
    assert_eq!(state.night.stage, NightStage::Voting);
    assert_eq!(state.films, shortlist);
    let mut votes = state.votes.clone();
    votes.sort();
    assert_eq!(votes, [(a, 2), (b, 2), (c, 1)]);
    assert_eq!(state.attendees(), [a, b, c], "a vote counts the voter in");
    assert!(
        store
            .close_night(night, Some(films[1]), false, 1_020)
            .await
            .unwrap()
    );
    assert!(
        !store
            .close_night(night, Some(films[0]), true, 1_021)
            .await
            .unwrap(),
        "once"
    );
    assert!(
        !store.vote_night(night, a, 1, 1_022).await.unwrap(),
        "closed"
    );
    let state = store.night(night).await.unwrap().unwrap();
    assert_eq!(
        (state.night.stage, state.night.winner),
        (NightStage::Closed, Some(films[1]))
    );

    // Prompts: due only once the night started and closed before the cut-off.
    assert!(store.due_night_prompts(8_199, 10).await.unwrap().is_empty());
    assert!(store.quiet_night_prompts(c, 9_000).await.unwrap());
    let due = store.due_night_prompts(9_000, 10).await.unwrap();
    let who: Vec<UserId> = due.iter().map(|p| p.user).collect();
    assert_eq!(who, [a, b], "not the one who opted out");
    assert!(store.claim_night_prompt(night, a, 9_001).await.unwrap());
    assert!(
        !store.claim_night_prompt(night, a, 9_002).await.unwrap(),
        "claimed once"
    );
    let due = store.due_night_prompts(9_000, 10).await.unwrap();
    assert_eq!(due.iter().map(|p| p.user).collect::<Vec<_>>(), [b]);
    // Forgetting the organiser removes the night.
    store.delete_user(a).await.unwrap();
    assert!(store.night(night).await.unwrap().is_none());
}

on_both_backends! {
    movie_nights_count_once => movie_nights_count_once;
    users_and_identities => users_and_identities;
    ratings_upsert_and_reject => ratings_upsert_and_reject;
    delete_user_forgets_everything => delete_user_forgets_everything;
    preferences_watchlist_events => preferences_watchlist_events;
    cache_expiry_and_cleanup => cache_expiry_and_cleanup;
    group_members_who_rated => group_members_who_rated;
    catalog_never_overwrites_tmdb => catalog_never_overwrites_tmdb;
    concurrent_rating_upserts => concurrent_rating_upserts;
}
