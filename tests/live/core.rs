//! The chat core with TMDb live: what every adapter gets.

use std::time::{Duration, Instant};

use moviebot::chat::core::TMDB_DEGRADED;
use moviebot::tmdb::Budget;
use moviebot_protocol::{CompletionField, PublicMovieId, Stars};

use super::support::fake_tmdb::{
    self as fake, Fault, NEON_HARBOR, NOVA_QUILL, SALTWIND, THE_GLASS_ORCHARD, VELVET_STATIC,
};
use super::*;

const HEAT: i64 = 949;

fn poster(id: i64) -> String {
    format!("{POSTER_BASE}/poster{id}.jpg")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_film_only_tmdb_knows_is_found_opened_rated_and_shapes_the_picks() {
    let live = live().await;
    let core = &live.core;
    let me = user("1");
    assert!(
        core.library()
            .by_public(PublicMovieId(NEON_HARBOR))
            .is_none(),
        "not in the catalog"
    );
    let before = ids(&say(core, &me, "recommend me something").await);

    let r = say(core, &me, "tell me about Neon Harbor").await;
    assert_eq!(ids(&r), [NEON_HARBOR], "{r:?}");
    assert_eq!(
        r.cards[0].year,
        Some(fake::this_year()),
        "a film of this year"
    );
    assert_eq!(r.cards[0].poster_url, Some(poster(NEON_HARBOR)));
    assert!(r.text.contains("Directed by Dana Director"), "{}", r.text);
    assert_eq!(r.notice, None);
    assert_eq!(live.fake.calls("/search/movie"), 1);
    assert_eq!(live.fake.calls(&format!("/movie/{NEON_HARBOR}")), 1);
    let stored = live
        .store
        .movie_by_tmdb(NEON_HARBOR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.movie.director.as_deref(), Some("Dana Director"));
    assert!(
        core.library()
            .by_public(PublicMovieId(NEON_HARBOR))
            .is_some(),
        "joined the library at once"
    );

    let five = Stars::new(5.0).unwrap();
    let saved = press(
        core,
        &me,
        Action::Rate {
            movie: PublicMovieId(NEON_HARBOR),
            stars: five,
        },
    )
    .await;
    assert!(
        saved.text.starts_with("Saved: Neon Harbor"),
        "{}",
        saved.text
    );
    let profile = command(core, &me, "profile", "").await;
    assert!(profile.text.contains("Neon Harbor 5★"), "{}", profile.text);

    // The model has never seen the film, yet the rating moves the picks at once: toward its
    // own genres (crime, thriller), through the content model run on its details.
    let after = say(core, &me, "recommend me something").await;
    assert_ne!(ids(&after), before, "{after:?}");
    let related = after
        .cards
        .iter()
        .filter(|c| c.genres.iter().any(|g| g == "Crime" || g == "Thriller"))
        .count();
    assert!(related >= 4, "{:?}", after.cards);
    assert!(!ids(&after).contains(&NEON_HARBOR), "never the rated film");

    let internal = core
        .library()
        .by_public(PublicMovieId(NEON_HARBOR))
        .unwrap()
        .id;
    assert!(core.recommender().model().item_index(internal.0).is_none());
    core.refresh().await.unwrap();
    assert!(
        core.recommender().model().item_index(internal.0).is_some(),
        "its rating counts in the next fit"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_button_works_on_a_film_first_seen_by_its_id() {
    let live = live().await;
    let core = &live.core;
    let me = user("2");

    let r = press(
        core,
        &me,
        Action::Details {
            movie: PublicMovieId(THE_GLASS_ORCHARD),
        },
    )
    .await;
    assert_eq!(ids(&r), [THE_GLASS_ORCHARD], "{r:?}");
    assert_eq!(r.cards[0].poster_url, Some(poster(THE_GLASS_ORCHARD)));

    let r = press(
        core,
        &me,
        Action::MoreLikeThis {
            movie: PublicMovieId(SALTWIND),
        },
    )
    .await;
    assert!(r.cards.len() >= 3, "{r:?}");
    assert!(!ids(&r).contains(&SALTWIND));
    assert!(r.text.contains("Saltwind"), "{}", r.text);

    let r = press(
        core,
        &me,
        Action::WhereToWatch {
            movie: PublicMovieId(9002),
            region: None,
        },
    )
    .await;
    assert!(r.text.contains("Where to watch Quiet Orbit"), "{}", r.text);
    assert!(r.text.contains("JustWatch"), "attribution: {}", r.text);

    let r = press(
        core,
        &me,
        Action::WatchlistAdd {
            movie: PublicMovieId(9004),
        },
    )
    .await;
    assert_eq!(r.text, "Added A Lantern for Two to your watchlist.");

    let r = command(core, &me, "movie", "9005").await;
    assert_eq!(ids(&r), [9005], "{r:?}");
    let r = command(core, &me, "start", "9001").await;
    assert_eq!(ids(&r), [9001], "a deep link to any TMDb film");

    // An id TMDb does not know: a plain answer, nothing stored.
    live.fake.fail_next(1, Fault::NotFound);
    let r = press(
        core,
        &me,
        Action::Details {
            movie: PublicMovieId(777_777),
        },
    )
    .await;
    assert!(r.cards.is_empty() && r.text.contains("can't find"), "{r:?}");
    assert!(live.store.movie_by_tmdb(777_777).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_autocomplete_ask_tmdb_when_the_catalog_is_not_sure() {
    let live = live().await;
    let core = &live.core;
    let me = user("3");

    let r = command(core, &me, "search", "lantern").await;
    let found = ids(&r);
    assert!(found.contains(&9001) && found.contains(&9004), "{r:?}");
    assert_eq!(live.fake.calls("/search/movie"), 1);
    assert!(r.cards.iter().all(|c| c.poster_url.is_some()), "{r:?}");

    // An exact local title is confident: no TMDb search.
    let r = command(core, &me, "search", "Heat").await;
    assert_eq!(ids(&r).first(), Some(&HEAT));
    assert_eq!(live.fake.calls("/search/movie"), 1);

    // A year picks between films of one title; TMDb is asked with it.
    let r = say(core, &me, "tell me about Quiet Orbit 2011").await;
    assert_eq!(ids(&r), [9002], "{r:?}");
    let q = live.fake.last_query("/search/movie").unwrap();
    assert!(q.contains("year=2011"), "{q}");

    let choices = core
        .complete(&me, CompletionField::Title, "neon harb")
        .await;
    let year = fake::this_year();
    assert!(
        choices
            .iter()
            .any(|c| c.label == format!("Neon Harbor ({year})") && c.value == "9006"),
        "{choices:?}"
    );
    let calls = live.fake.total_calls();
    let choices = core.complete(&me, CompletionField::Title, "the").await;
    assert!(choices.len() >= 5);
    assert_eq!(live.fake.total_calls(), calls, "the catalog had enough");
    // The chosen completion's value opens the film.
    let r = command(core, &me, "movie", "9006").await;
    assert_eq!(ids(&r), [NEON_HARBOR]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_the_catalog_does_not_know_comes_from_tmdb_credits() {
    let live = live().await;
    let core = &live.core;
    let r = say(core, &user("4"), "movies with Nova Quill").await;
    let found = ids(&r);
    assert!(!found.is_empty(), "{r:?}");
    let hers = [9002, 9004, NEON_HARBOR, SALTWIND];
    assert!(found.iter().all(|id| hers.contains(id)), "{r:?}");
    assert!(found.contains(&NEON_HARBOR), "her film of this year: {r:?}");
    assert_eq!(live.fake.calls("/search/person"), 1);
    assert_eq!(
        live.fake
            .calls(&format!("/person/{NOVA_QUILL}/movie_credits")),
        1
    );
    assert!(
        r.cards
            .iter()
            .all(|c| c.why.as_deref() == Some("with Nova Quill"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_films_get_their_posters_on_first_use_within_the_turn_budget() {
    let live = live().await;
    let core = &live.core;
    let me = user("5");
    let r = say(core, &me, "recommend me something").await;
    assert_eq!(r.cards.len(), 5);
    let with_poster = r.cards.iter().filter(|c| c.poster_url.is_some()).count();
    assert_eq!(
        with_poster, 3,
        "three TMDb calls inline, the rest later: {r:?}"
    );
    for c in r.cards.iter().filter(|c| c.poster_url.is_some()) {
        assert_eq!(
            c.poster_url,
            Some(poster(c.id.get())),
            "the configured size and base"
        );
    }
    // The other two finish in the background ...
    let missing: Vec<i64> = r
        .cards
        .iter()
        .filter(|c| c.poster_url.is_none())
        .map(|c| c.id.get())
        .collect();
    let fake = &live.fake;
    eventually("the deferred details", async || {
        missing
            .iter()
            .all(|id| fake.calls(&format!("/movie/{id}")) == 1)
    })
    .await;
    // ... so the same answer again has every poster, without asking TMDb again.
    let calls = fake.total_calls();
    let again = say(core, &me, "recommend me something").await;
    assert_eq!(ids(&again), ids(&r));
    assert!(
        again
            .cards
            .iter()
            .all(|c| c.poster_url == Some(poster(c.id.get()))),
        "{again:?}"
    );
    assert_eq!(fake.total_calls(), calls);
    // The catalog kept its titles: TMDb's details of a catalog film are the same film.
    assert_eq!(titles(&again), titles(&r));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_the_catalog_cannot_fill_is_completed_from_discover() {
    let live = live().await;
    let core = &live.core;
    let year = fake::this_year();
    let r = say(core, &user("6"), &format!("{year} horror films")).await;
    let found = ids(&r);
    assert!(
        found.contains(&THE_GLASS_ORCHARD) && found.contains(&VELVET_STATIC),
        "{r:?}"
    );
    for c in &r.cards {
        assert_eq!(c.year, Some(year), "{c:?}");
        assert!(c.genres.iter().any(|g| g == "Horror"), "{c:?}");
        assert!(c.poster_url.is_some(), "{c:?}");
    }
    assert_eq!(live.fake.calls("/discover/movie"), 1);
    let q = live.fake.last_query("/discover/movie").unwrap();
    assert!(q.contains("with_genres=27"), "{q}");
    assert!(
        q.contains(&format!("primary_release_date.gte={year}-01-01")),
        "{q}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn movies_like_a_film_the_model_does_not_know_blend_tmdb_and_the_content_model() {
    let live = live().await;
    let core = &live.core;
    let me = user("7");
    let r = say(core, &me, "movies like Saltwind").await;
    assert_eq!(r.cards.len(), 5, "{r:?}");
    assert!(r.text.starts_with("Films like Saltwind"), "{}", r.text);
    assert!(!ids(&r).contains(&SALTWIND));
    let whys: Vec<&str> = r.cards.iter().filter_map(|c| c.why.as_deref()).collect();
    assert!(whys.iter().any(|w| w.contains("TMDb")), "{whys:?}");
    let more = say(core, &me, "more").await;
    assert!(!more.cards.is_empty(), "{more:?}");
    assert!(
        ids(&more).iter().all(|id| !ids(&r).contains(id)),
        "page two goes on"
    );
    // TMDb's lists came with the details request: one call for the film.
    assert_eq!(live.fake.calls(&format!("/movie/{SALTWIND}")), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tmdb_down_falls_back_to_the_stale_cache_then_the_catalog_saying_so() {
    let live = live().await;
    let core = &live.core;
    let warm = command(core, &user("8"), "search", "lantern").await;
    assert!(ids(&warm).contains(&9001));
    sqlx::query("UPDATE tmdb_cache SET expires_at = 0")
        .execute(live.store.pool())
        .await
        .unwrap();
    live.fake.fail_always(Fault::Internal);

    // TMDb fails: the stale cache answers, and the reply says so once.
    let stale = command(core, &user("9"), "search", "lantern").await;
    assert_eq!(ids(&stale), ids(&warm));
    assert_eq!(stale.notice.as_deref(), Some(TMDB_DEGRADED));

    // Nothing cached: the catalog answers what it can.
    let r = say(core, &user("9"), "tell me about Velvet Static").await;
    assert!(r.cards.is_empty(), "{r:?}");
    assert!(r.text.contains("Velvet Static"), "{}", r.text);
    assert_eq!(r.notice.as_deref(), Some(TMDB_DEGRADED));
    let r = say(core, &user("9"), "tell me about Heat").await;
    assert_eq!(ids(&r), [HEAT], "the catalog's own film");
    assert_eq!(
        r.notice.as_deref(),
        Some(TMDB_DEGRADED),
        "its details could not come"
    );

    live.fake.heal();
    let r = say(core, &user("9"), "tell me about Velvet Static").await;
    assert_eq!(ids(&r), [VELVET_STATIC]);
    assert_eq!(r.notice, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_of_one_film_share_a_request_and_slow_ones_finish_in_the_background() {
    let live = live().await;
    let films = live.core.films().clone();
    live.fake
        .set_delay_for("/movie/9003", Duration::from_millis(300));
    let found =
        futures::future::join_all((0..5).map(|_| films.by_public(PublicMovieId(9003)))).await;
    assert!(found.iter().all(|f| {
        f.as_ref()
            .is_some_and(|m| m.movie.title == "Moss and Marrow")
    }));
    assert_eq!(live.fake.calls("/movie/9003"), 1, "coalesced");

    // Past the turn's deadline the caller answers without the film ...
    live.fake
        .set_delay_for("/movie/9004", Duration::from_millis(800));
    let budget = Budget::new(3, Duration::from_millis(150));
    let started = Instant::now();
    assert!(
        budget
            .scope(films.by_public(PublicMovieId(9004)))
            .await
            .is_none()
    );
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
    // ... while the request finishes in the background and fills the cache, which a turn
    // with no requests left may still read.
    let store = live.store.clone();
    eventually("the background request", async || {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM tmdb_cache WHERE request_key LIKE '/movie/9004?%'",
        )
        .fetch_one(store.pool())
        .await
        .unwrap()
            == 1
    })
    .await;
    let spent = Budget::new(0, Duration::from_secs(5));
    let m = spent.scope(films.by_public(PublicMovieId(9004))).await;
    assert_eq!(
        m.map(|m| m.movie.title.clone()).as_deref(),
        Some("A Lantern for Two")
    );
    assert_eq!(live.fake.calls("/movie/9004"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refreshed_films_join_the_library_without_a_rebuild() {
    use moviebot::catalog::refresh::{self, RefreshSchedule};
    let live = live().await;
    let films = live.core.films().clone();
    let tmdb = films.source().tmdb().unwrap().clone();
    let mut schedule = RefreshSchedule::from_config(&moviebot::config::TmdbConfig {
        api_key: Some(FAKE_KEY.to_string().into()),
        ..Default::default()
    })
    .unwrap();
    schedule.pages = 1;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(refresh::run(
        tmdb,
        schedule,
        move |report| {
            let _ = tx.send(report.stored);
        },
        async move {
            let _ = stopped.await;
        },
    ));
    let stored = tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(stored.contains(&NEON_HARBOR), "{stored:?}");
    assert!(films.absorb(&stored).await.unwrap() > 0);
    assert!(
        live.core
            .library()
            .by_public(PublicMovieId(NEON_HARBOR))
            .is_some()
    );
    let _ = stop.send(());
    task.await.unwrap();
}
