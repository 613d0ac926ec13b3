//! Discord end to end through the real wiring: signed interactions POSTed to
//! `/discord/interactions` on the app's router (the sidecar with the platforms' routes), the
//! app built as `moviebot run` builds it from a `bot.toml` with `[discord] mode =
//! "interactions"` and answered by the real chat core on the embedded catalog. Effects are checked in the store; refusals must store nothing; the admin
//! token and the per-client API limit must not apply to the platform's webhook.

mod support;

use axum::body::Body;
use axum::http::Request;
use moviebot_protocol::{Action, PublicMovieId};
use serde_json::{Value, json};
use support::discord::*;
use support::discord_app::*;

const HEAT: i64 = 949;
const MATRIX: i64 = 603;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_gets_pong_through_the_sidecar() {
    let app = app().await;
    let before = app.counts().await;
    let body = app.ok(&ping("1100000000000000001")).await;
    assert_eq!(body["type"], 1);
    assert_eq!(app.counts().await, before, "a ping touches nothing");
}

/// Prints one full `/recommend` response for the closing note:
/// `cargo test --test discord recommend -- --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recommend_answers_with_embeds_and_a_film_menu() {
    let app = app().await;
    let options = json!([{"name": "genre", "type": 3, "value": "Crime"},
        {"name": "decade", "type": 3, "value": "1990s"}]);
    let body = app
        .ok(&command(
            "2000000000000000001",
            ADA,
            "recommend",
            options,
            true,
        ))
        .await;
    println!(
        "/recommend genre:Crime decade:1990s →\n{}",
        serde_json::to_string_pretty(&body).unwrap()
    );
    assert_eq!(body["type"], 4);
    assert!(body["data"]["flags"].is_null(), "a public answer: {body}");
    let embeds = body["data"]["embeds"].as_array().unwrap();
    assert!((1..=10).contains(&embeds.len()), "{body}");
    for e in embeds {
        let title = e["title"].as_str().unwrap();
        let year: i32 = title
            .rsplit_once(" (")
            .and_then(|(_, y)| y.trim_end_matches(')').parse().ok())
            .unwrap_or_else(|| panic!("{title}"));
        assert!((1990..=1999).contains(&year), "{title}");
        assert!(e["url"].as_str().unwrap().contains("themoviedb.org/movie/"));
    }
    let text: usize = embeds.iter().map(|e| e.to_string().chars().count()).sum();
    assert!(text < 6000 + 2000, "all embeds stay near Discord's limit");
    let ids = film_ids(&body);
    assert_eq!(ids.len(), embeds.len(), "one menu entry per card: {body}");
    let rows = body["data"]["components"].as_array().unwrap();
    assert!((1..=5).contains(&rows.len()));
    for c in components(&body) {
        let id = c["custom_id"].as_str().unwrap();
        assert!((1..=100).contains(&id.len()), "{id}");
    }
    // The films are the catalog's 1990s crime films.
    let lib = app.core.library();
    for id in ids {
        let film = lib.by_public(PublicMovieId(id)).expect("a catalog film");
        assert!(film.movie.genres.iter().any(|g| g == "Crime"), "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rating_click_stores_for_the_clicker_not_the_invoker() {
    let app = app().await;
    // Ada asks about a film in the server: one public card with rating buttons.
    let card = app
        .ok(&command(
            "2000000000000000011",
            ADA,
            "movie",
            json!([title_option(&HEAT.to_string())]),
            true,
        ))
        .await;
    assert_eq!(card["type"], 4);
    assert!(card["data"]["flags"].is_null(), "{card}");
    assert_eq!(card["data"]["embeds"][0]["title"], "Heat (1995)");
    let rows = card["data"]["components"].clone();
    let four = button_id(&card, "★4");
    let two = button_id(&card, "★2");

    // Bob presses ★4 on Ada's message: Bob's rating, answered privately; Ada has none.
    let (_, answer) = app
        .post(&click(
            "2000000000000000012",
            BOB,
            &four,
            rows.clone(),
            ADA,
            0,
        ))
        .await;
    assert_eq!(answer["type"], 4, "{answer}");
    assert_eq!(
        answer["data"]["flags"], 64,
        "the shared card stays as it was"
    );
    assert_eq!(app.ratings(BOB).await, [(HEAT, 4.0)]);
    assert_eq!(app.ratings(ADA).await, []);

    // Ada presses ★2 on the same message: her own rating; Bob's is unchanged.
    app.ok(&click("2000000000000000013", ADA, &two, rows, ADA, 0))
        .await;
    assert_eq!(app.ratings(ADA).await, [(HEAT, 2.0)]);
    assert_eq!(app.ratings(BOB).await, [(HEAT, 4.0)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redelivered_interaction_has_one_effect() {
    let app = app().await;
    let rate4 = Action::Rate {
        movie: PublicMovieId(HEAT),
        stars: moviebot_protocol::Stars::new(4.0).unwrap(),
    }
    .encode();
    let rows = json!([{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "★4", "custom_id": rate4}]}]);
    let first = click("2000000000000000021", BOB, &rate4, rows, ADA, 0);
    app.ok(&first).await;
    assert_eq!(app.ratings(BOB).await, [(HEAT, 4.0)]);
    // Bob changes his mind; then Discord redelivers the first click.
    app.ok(&rate_command("2000000000000000022", BOB, HEAT, 2.0))
        .await;
    let again = app.ok(&first).await;
    assert_eq!(again, json!({"type": 6}), "a silent acknowledgement");
    assert_eq!(app.ratings(BOB).await, [(HEAT, 2.0)], "not applied twice");
    // A redelivered command: a private note, no second effect.
    let cmd = rate_command("2000000000000000023", BOB, MATRIX, 5.0);
    app.ok(&cmd).await;
    app.ok(&rate_command("2000000000000000024", BOB, MATRIX, 1.0))
        .await;
    let note = app.ok(&cmd).await;
    assert_eq!(note["type"], 4);
    assert_eq!(note["data"]["flags"], 64, "{note}");
    assert_eq!(app.ratings(BOB).await, [(MATRIX, 1.0), (HEAT, 2.0)]);
}

type Headers = Vec<(&'static str, String)>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_missing_and_stale_signatures_are_401_and_store_nothing() {
    let app = app().await;
    let before = app.counts().await;
    let body = serde_json::to_vec(&rate_command("2000000000000000031", ADA, HEAT, 4.0)).unwrap();
    let (sig, ts) = sign(&body, now());
    let other = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let forged = sign_with(&other, &body, now());
    let stale = sign(&body, now() - 301);
    // A minute past the allowed skew: time passes while the cases run on a busy machine.
    let future = sign(&body, now() + 360);
    let mut tampered = body.clone();
    let at = tampered.len() / 2;
    tampered[at] ^= 1;
    let pair =
        |(s, t): (String, String)| vec![("x-signature-ed25519", s), ("x-signature-timestamp", t)];
    let cases: Vec<(&str, Headers, &Vec<u8>)> = vec![
        ("forged", pair(forged), &body),
        ("tampered body", pair((sig.clone(), ts.clone())), &tampered),
        ("missing", vec![], &body),
        (
            "missing timestamp",
            vec![("x-signature-ed25519", sig.clone())],
            &body,
        ),
        (
            "missing signature",
            vec![("x-signature-timestamp", ts.clone())],
            &body,
        ),
        ("not hex", pair(("zz".repeat(64), ts.clone())), &body),
        ("stale", pair(stale), &body),
        ("future", pair(future), &body),
    ];
    for (name, headers, body) in cases {
        let (status, json) = app.call(request(body.clone(), &headers)).await;
        assert_eq!(status, 401, "{name}: {json}");
        assert_eq!(json["error"]["code"], "unauthorized", "{name}");
    }
    assert_eq!(app.counts().await, before, "nothing stored");
    assert_eq!(app.ratings(ADA).await, []);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_after_a_valid_signature_is_400_and_stores_nothing() {
    let app = app().await;
    let before = app.counts().await;
    for body in [
        b"not json".to_vec(),
        b"{\"type\": 2}".to_vec(),
        b"{\"type\": 99}".to_vec(),
        Vec::new(),
    ] {
        let (status, json) = app.call(signed(body.clone())).await;
        assert_eq!(status, 400, "{:?}: {json}", String::from_utf8_lossy(&body));
        assert_eq!(json["error"]["code"], "bad_request");
    }
    assert_eq!(app.counts().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_autocomplete_offers_catalog_titles_and_its_value_rates_the_film() {
    let app = app().await;
    let body = app
        .ok(&autocomplete(
            "2000000000000000041",
            ADA,
            "rate",
            "title",
            "the",
        ))
        .await;
    assert_eq!(body["type"], 8);
    let choices = body["data"]["choices"].as_array().unwrap();
    assert!(!choices.is_empty() && choices.len() <= 25, "{body}");
    let lib = app.core.library();
    for c in choices {
        let name = c["name"].as_str().unwrap();
        let (title, year) = name.rsplit_once(" (").unwrap_or_else(|| panic!("{name}"));
        let year: i32 = year.trim_end_matches(')').parse().unwrap();
        let film = lib
            .by_public(c["value"].as_str().unwrap().parse().unwrap())
            .unwrap();
        assert_eq!(
            (film.movie.title.as_str(), film.movie.year),
            (title, Some(year))
        );
    }
    // Heat by prefix; choosing it sends its value, which rates exactly that film.
    let body = app
        .ok(&autocomplete(
            "2000000000000000042",
            ADA,
            "rate",
            "title",
            "Hea",
        ))
        .await;
    let heat = body["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Heat (1995)")
        .unwrap_or_else(|| panic!("{body}"))["value"]
        .clone();
    let options = json!([{"name": "title", "type": 3, "value": heat},
        {"name": "stars", "type": 10, "value": 4.5}]);
    app.ok(&command("2000000000000000043", ADA, "rate", options, true))
        .await;
    assert_eq!(app.ratings(ADA).await, [(HEAT, 4.5)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_picks_films_no_member_has_rated() {
    let app = app().await;
    app.ok(&rate_command("2000000000000000051", ADA, HEAT, 5.0))
        .await;
    app.ok(&rate_command("2000000000000000052", BOB, MATRIX, 4.0))
        .await;
    let first = app
        .ok(&command(
            "2000000000000000053",
            ADA,
            "group",
            json!([]),
            true,
        ))
        .await;
    assert_eq!(first["type"], 4);
    assert!(
        first["data"]["content"]
            .as_str()
            .unwrap()
            .contains("2 of you"),
        "{first}"
    );
    let picks = film_ids(&first);
    assert!(picks.len() >= 2, "{first}");
    assert!(
        !picks.contains(&HEAT) && !picks.contains(&MATRIX),
        "{picks:?}"
    );
    // Each rates one of those picks: the next answer leaves them out too.
    app.ok(&rate_command("2000000000000000054", ADA, picks[0], 4.0))
        .await;
    app.ok(&rate_command("2000000000000000055", BOB, picks[1], 3.0))
        .await;
    let second = app
        .ok(&command(
            "2000000000000000056",
            BOB,
            "group",
            json!([]),
            true,
        ))
        .await;
    let again = film_ids(&second);
    assert!(!again.is_empty(), "{second}");
    let rated: Vec<i64> = [app.ratings(ADA).await, app.ratings(BOB).await]
        .concat()
        .iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(rated.len(), 4);
    for id in again {
        assert!(!rated.contains(&id), "{id} was rated: {second}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgetme_confirmed_deletes_only_that_user() {
    let app = app().await;
    app.ok(&rate_command("2000000000000000061", ADA, HEAT, 5.0))
        .await;
    app.ok(&rate_command("2000000000000000062", BOB, HEAT, 3.0))
        .await;
    let prompt = app
        .ok(&command(
            "2000000000000000063",
            ADA,
            "forgetme",
            json!([]),
            true,
        ))
        .await;
    assert_eq!(prompt["type"], 4);
    assert_eq!(prompt["data"]["flags"], 64, "{prompt}");
    let confirm = button_id(&prompt, "Yes, forget me");
    let rows = prompt["data"]["components"].clone();
    let done = app
        .ok(&click("2000000000000000064", ADA, &confirm, rows, ADA, 64))
        .await;
    assert_eq!(done["type"], 7, "the prompt is replaced: {done}");
    assert_eq!(done["data"]["components"], json!([]));
    assert!(app.user(ADA).await.is_none(), "Ada is gone");
    assert_eq!(app.ratings(BOB).await, [(HEAT, 3.0)], "Bob is untouched");
    assert_eq!(app.store.count_ratings().await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_and_watchlist_are_ephemeral() {
    let app = app().await;
    app.ok(&rate_command("2000000000000000071", ADA, HEAT, 4.0))
        .await;
    let profile = app
        .ok(&command(
            "2000000000000000072",
            ADA,
            "profile",
            json!([]),
            true,
        ))
        .await;
    assert_eq!(profile["type"], 4);
    assert_eq!(profile["data"]["flags"], 64, "{profile}");
    assert!(
        profile["data"]["content"]
            .as_str()
            .unwrap()
            .contains("You've rated 1 film."),
        "{profile}"
    );
    // Add to the watchlist by button, then list it.
    let add = Action::WatchlistAdd {
        movie: PublicMovieId(MATRIX),
    }
    .encode();
    let rows = json!([{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "+ Watchlist", "custom_id": add}]}]);
    let added = app
        .ok(&click("2000000000000000073", ADA, &add, rows, BOB, 0))
        .await;
    assert_eq!(added["data"]["flags"], 64, "{added}");
    let list = app
        .ok(&command(
            "2000000000000000074",
            ADA,
            "watchlist",
            json!([]),
            true,
        ))
        .await;
    assert_eq!(list["type"], 4);
    assert_eq!(list["data"]["flags"], 64, "{list}");
    assert!(list.to_string().contains("The Matrix"), "{list}");
    let ada = app.user(ADA).await.unwrap();
    assert_eq!(app.store.watchlist(ada).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_token_does_not_apply_to_interactions() {
    let app =
        app_with(|app| app.toml("[sidecar]\nadmin_token = \"test-admin-token-0123456789\"\n"))
            .await;
    assert!(app.config.sidecar.admin_token.is_some());
    // The token guards REST writes...
    let create = Request::post("/api/user")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"username":"eve"}"#))
        .unwrap();
    let (status, _) = app.call(create).await;
    assert_eq!(status, 401);
    // ...but a signed interaction without Authorization is answered and takes effect.
    assert_eq!(app.ok(&ping("1100000000000000002")).await["type"], 1);
    app.ok(&rate_command("2000000000000000081", ADA, HEAT, 4.0))
        .await;
    assert_eq!(app.ratings(ADA).await, [(HEAT, 4.0)]);
    // And a bearer token is no substitute for a signature.
    let body = serde_json::to_vec(&ping("1100000000000000003")).unwrap();
    let headers = [(
        "authorization",
        "Bearer test-admin-token-0123456789".to_string(),
    )];
    assert_eq!(app.call(request(body, &headers)).await.0, 401);
}

/// Over a real listener (so the limiter sees the peer address, as in production).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_client_limit_does_not_throttle_interactions() {
    let app = app_with(|app| app.toml("[limits]\napi_per_second = 1\napi_burst = 2\n")).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(listener, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let mut limited = 0;
    for _ in 0..10 {
        let r = client
            .get(format!("{base}/api/genres"))
            .send()
            .await
            .unwrap();
        limited += usize::from(r.status() == 429);
    }
    assert!(limited > 0, "the API limit is in force for this client");
    let post = |v: Value| {
        let body = serde_json::to_vec(&v).unwrap();
        let (sig, ts) = sign(&body, now());
        client
            .post(format!("{base}{PATH}"))
            .header("content-type", "application/json")
            .header("x-signature-ed25519", sig)
            .header("x-signature-timestamp", ts)
            .body(body)
            .send()
    };
    for i in 0..30 {
        let r = post(ping(&format!("11000000000000001{i:02}")))
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "ping {i}");
    }
    for (i, who) in [ADA, BOB].into_iter().enumerate() {
        let r = post(rate_command(
            &format!("200000000000000009{i}"),
            who,
            HEAT,
            4.0,
        ))
        .await
        .unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["type"], 4, "{body}");
    }
    assert_eq!(app.ratings(BOB).await, [(HEAT, 4.0)]);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_registers_the_commands_with_discord_and_stops_on_shutdown() {
    let rest = FakeRest::start(Vec::new()).await;
    let app = app_with(|app| {
        app.discord_rest(&rest.base)
            .toml(&format!("[discord]\nguild_id = {GUILD_ID}\n"))
    })
    .await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let tasks = app.platforms.spawn(|| {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    });
    assert_eq!(tasks.len(), 1);
    // Meanwhile the endpoint answers.
    app.ok(&command(
        "2000000000000000101",
        ADA,
        "help",
        json!([]),
        false,
    ))
    .await;
    let mut puts = Vec::new();
    for _ in 0..500 {
        puts = (rest.requests().into_iter())
            .filter(|r| r.method == "PUT")
            .collect::<Vec<_>>();
        if !puts.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let expected = format!("/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands");
    assert_eq!(puts.len(), 1, "{:?}", rest.requests());
    assert_eq!(puts[0].path, expected);
    assert_eq!(puts[0].auth.as_deref(), Some("Bot test-token"));
    stop.send(true).unwrap();
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_a_shared_list_moves_it_for_its_asker_only() {
    let app = app().await;
    let options = json!([{"name": "genre", "type": 3, "value": "Crime"}]);
    let list = app
        .ok(&command(
            "2000000000000000111",
            ADA,
            "recommend",
            options,
            true,
        ))
        .await;
    let next = button_id(&list, "Next ▶");
    let rows = list["data"]["components"].clone();
    // Bob's click leaves Ada's message alone and answers him privately.
    let bob = app
        .ok(&click(
            "2000000000000000112",
            BOB,
            &next,
            rows.clone(),
            ADA,
            0,
        ))
        .await;
    assert_eq!(bob["type"], 4, "{bob}");
    assert_eq!(bob["data"]["flags"], 64, "{bob}");
    let said = bob["data"]["content"].as_str().unwrap_or_default();
    assert!(said.contains("someone else's list"), "{bob}");
    // Ada's click turns the page in place, with other films.
    let ada = app
        .ok(&click("2000000000000000113", ADA, &next, rows, ADA, 0))
        .await;
    assert_eq!(ada["type"], 7, "{ada}");
    let (first, second) = (film_ids(&list), film_ids(&ada));
    assert!(!second.is_empty() && second.iter().all(|id| !first.contains(id)));
}

/// The group answer's "why" line names each member by the display name Discord sent, not by
/// their snowflake (a regression: it once stripped the `discord:` prefix from the username).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_reasons_name_members_by_display_name() {
    let app = app().await;
    app.ok(&rate_command("2000000000000000121", ADA, HEAT, 5.0))
        .await;
    app.ok(&rate_command("2000000000000000122", BOB, MATRIX, 4.0))
        .await;
    let group = app
        .ok(&command(
            "2000000000000000123",
            ADA,
            "group",
            json!([]),
            true,
        ))
        .await;
    let why = group["data"]["embeds"][0]["description"].to_string();
    assert!(!why.contains(ADA.id) && !why.contains(BOB.id), "{why}");
    assert!(why.contains("ada") && why.contains("bob"), "{why}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_interactions_from_one_user_is_told_to_slow_down_and_has_no_effect() {
    let app = app_with(|app| app.toml("[limits]\nchat_per_minute = 1\nchat_burst = 2\n")).await;
    let films = [HEAT, MATRIX];
    for (i, film) in films.into_iter().enumerate() {
        let rated = app
            .ok(&rate_command(
                &format!("20000000000000009{i:02}"),
                ADA,
                film,
                4.0,
            ))
            .await;
        assert_ne!(
            rated["data"]["flags"], 64,
            "answered in the channel: {rated}"
        );
    }
    // Every interaction needs a response, so each one over the limit gets the short private
    // sentence, and nothing else happens.
    for i in 10..60 {
        let limited = app
            .ok(&rate_command(
                &format!("20000000000000009{i:02}"),
                ADA,
                680,
                1.0,
            ))
            .await;
        assert_eq!(limited["type"], 4, "{limited}");
        assert_eq!(limited["data"]["flags"], 64, "{limited}");
        assert!(limited.to_string().contains("slow down"), "{limited}");
    }
    assert_eq!(app.ratings(ADA).await.len(), 2);
    // Bob, meanwhile, is answered as usual.
    app.ok(&rate_command("2000000000000000999", BOB, HEAT, 3.0))
        .await;
    assert_eq!(app.ratings(BOB).await, [(HEAT, 3.0)]);
}

/// `/ask` follow-ups refine the asker's last request, and "rate number 2 five stars" rates the
/// second film of the list they were shown (#16).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_follow_ups_refine_and_number_two_rates_the_second_card() {
    let app = app().await;
    let ask = |id: &str, text: &str| {
        command(
            id,
            ADA,
            "ask",
            json!([{"name": "text", "type": 3, "value": text}]),
            true,
        )
    };
    let lib = app.core.library();
    let first = app.ok(&ask("2000000000000000201", "comedies")).await;
    assert!(!film_ids(&first).is_empty(), "{first}");
    let nineties = app
        .ok(&ask("2000000000000000202", "what about the 90s?"))
        .await;
    let films = film_ids(&nineties);
    assert!(films.len() >= 2, "{nineties}");
    for id in &films {
        let m = lib.by_public(PublicMovieId(*id)).unwrap();
        assert!(
            m.movie.genres.iter().any(|g| g == "Comedy"),
            "{}",
            m.movie.title
        );
        assert!(
            (1990..=1999).contains(&m.movie.year.unwrap()),
            "{}",
            m.movie.title
        );
    }
    let rated = app
        .ok(&ask("2000000000000000203", "rate number 2 five stars"))
        .await;
    assert_eq!(rated["type"], 4, "{rated}");
    assert_eq!(app.ratings(ADA).await, [(films[1], 5.0)]);
}

/// #17: `/import` with a Letterboxd ratings.csv attached (served by the fake CDN) imports for
/// the member who ran it and answers privately; `/export` is deferred privately and edited
/// with the JSON, the CSV following as a private follow-up.
#[tokio::test]
async fn import_through_an_attachment_and_export_as_files() {
    let fake = moviebot_discord::testing::FakeRest::start(vec![]).await;
    let app = app_with(|b| b.discord_rest(&fake.base)).await;
    let csv = "Date,Name,Year,Letterboxd URI,Rating\n\
               2024-01-02,Heat,1995,https://boxd.it/2bcA,4.5\n\
               2024-01-04,A Film Nobody Made,2001,https://boxd.it/zzzz,3\n";
    let url = fake.attach("ratings.csv", csv.as_bytes().to_vec());
    let body = app
        .ok(&moviebot_discord::testing::command_with_file(
            "2000000000000000301",
            ADA,
            "import",
            "file",
            ("ratings.csv", &url, csv.len() as u64),
            true,
        ))
        .await;
    // Answered at once or deferred and edited in, depending on the machine's speed.
    let text = if body["type"] == 4 {
        assert_eq!(body["data"]["flags"], 64, "{body}");
        body["data"]["content"].as_str().unwrap().to_owned()
    } else {
        assert_eq!(body, json!({"type": 5, "data": {"flags": 64}}));
        let reqs = fake.wait_for(1).await;
        reqs.last().unwrap().body["content"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(text.contains("1 of 2 matched"), "{text}");
    assert!(text.contains("A Film Nobody Made (2001)"), "{text}");
    assert_eq!(app.ratings(ADA).await, [(949, 4.5)]);

    let before = fake.requests().len();
    let body = app
        .ok(&command(
            "2000000000000000302",
            ADA,
            "export",
            json!([]),
            true,
        ))
        .await;
    assert_eq!(body, json!({"type": 5, "data": {"flags": 64}}));
    let reqs = fake.wait_for(before + 2).await;
    let (edit, follow) = (&reqs[before], &reqs[before + 1]);
    assert_eq!(edit.method, "PATCH");
    assert!(
        edit.files[0].filename.ends_with(".json"),
        "{:?}",
        edit.files[0].filename
    );
    let exported: Value = serde_json::from_slice(&edit.files[0].bytes).unwrap();
    assert_eq!(exported["ratings"].as_array().unwrap().len(), 1);
    assert_eq!(follow.method, "POST");
    assert_eq!(follow.body["flags"], 64);
    assert!(follow.files[0].filename.ends_with(".csv"));
}

/// A whole movie night in a Discord server (#18) through signed interactions: Ada starts it
/// with a runtime limit, Bob signs up (the message updates in place for everyone), Bob's Pick
/// is refused privately, Ada's Pick turns the message into a shortlist none of them rated
/// within the limit, votes from three members (Carol counted in by voting, her vote changed,
/// a redelivered click ignored), and Ada's Close names the winner with its card.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_movie_night_signs_up_picks_votes_and_names_a_winner() {
    const CAROL: Who = Who {
        id: "1500000000000000003",
        name: "carol",
    };
    let fake = moviebot_discord::testing::FakeRest::start(vec![]).await;
    let app = app_with(|b| b.discord_rest(&fake.base)).await;
    app.ok(&rate_command("2000000000000000201", ADA, HEAT, 5.0))
        .await;
    app.ok(&rate_command("2000000000000000202", BOB, MATRIX, 4.0))
        .await;
    let mut log = Vec::new();
    let start = app
        .ok(&command(
            "2000000000000000203",
            ADA,
            "movienight",
            json!([{"name": "runtime", "type": 10, "value": 150},
                   {"name": "starts_in", "type": 3, "value": "90m"}]),
            true,
        ))
        .await;
    assert_eq!(start["type"], 4, "{start}");
    assert!(
        start["data"]["flags"].is_null(),
        "a public message: {start}"
    );
    let content = |r: &Value| r["data"]["content"].as_str().unwrap_or("").to_owned();
    assert!(content(&start).contains("organised by ada"), "{start}");
    assert!(content(&start).contains("films under 2h30"), "{start}");
    log.push(start.clone());

    let mut n = 210;
    let mut id = || {
        n += 1;
        format!("20000000000000{n:05}")
    };
    // Each click is on the message as it stands (the last in-place update).
    let mut shown = start;
    let click_on = |shown: &Value, who: Who, label: &str, id: String| {
        click(
            &id,
            who,
            &button_id(shown, label),
            shown["data"]["components"].clone(),
            ADA,
            0,
        )
    };

    let r = app.ok(&click_on(&shown, BOB, "I'm in", id())).await;
    assert_eq!(r["type"], 7, "an in-place update for everyone: {r}");
    assert!(content(&r).contains("In (2): ada, bob"), "{r}");
    shown = r;
    log.push(shown.clone());

    let r = app.ok(&click_on(&shown, BOB, "Pick", id())).await;
    assert_eq!(r["type"], 4, "{r}");
    assert_eq!(r["data"]["flags"], 64, "a refusal is private: {r}");
    assert!(content(&r).contains("Only ada"), "{r}");

    let r = app.ok(&click_on(&shown, ADA, "Pick", id())).await;
    assert_eq!(r["type"], 7, "{r}");
    let shortlist = content(&r);
    assert!(
        shortlist.contains("1. ") && shortlist.contains("0 votes"),
        "{r}"
    );
    assert!(
        !shortlist.contains("Heat (1995)") && !shortlist.contains("The Matrix (1999)"),
        "{shortlist}"
    );
    // 150 minutes at most: The Godfather (175) and Heat (170) never make it.
    assert!(!shortlist.contains("The Godfather (1972)"), "{shortlist}");
    shown = r;
    log.push(shown.clone());

    let r = app.ok(&click_on(&shown, ADA, "Vote 1", id())).await;
    assert_eq!(r["type"], 7, "{r}");
    let r = app.ok(&click_on(&r, BOB, "Vote 2", id())).await;
    let r = app.ok(&click_on(&r, CAROL, "Vote 2", id())).await;
    let carol_changes = click_on(&r, CAROL, "Vote 1", id());
    let r = app.ok(&carol_changes).await;
    let again = app.ok(&carol_changes).await;
    assert_eq!(
        again["type"], 6,
        "a redelivered click is only acknowledged: {again}"
    );
    let tally = content(&r);
    assert!(tally.contains("2 votes (ada, carol)"), "{tally}");
    assert!(tally.contains("1 vote (bob)"), "{tally}");
    assert!(tally.contains("Watching (3): ada, bob, carol"), "{tally}");
    shown = r;
    log.push(shown.clone());

    let r = app.ok(&click_on(&shown, BOB, "Close", id())).await;
    assert_eq!(r["data"]["flags"], 64, "only the organiser closes: {r}");
    let r = app.ok(&click_on(&shown, ADA, "Close", id())).await;
    assert_eq!(r["type"], 7, "{r}");
    let first = shortlist
        .lines()
        .find_map(|l| l.strip_prefix("1. "))
        .and_then(|l| l.split(" — ").next())
        .unwrap();
    assert!(content(&r).contains(&format!("🏆 Tonight: {first}")), "{r}");
    assert_eq!(
        r["data"]["embeds"][0]["title"].as_str(),
        Some(first),
        "the winner's card: {r}"
    );
    assert!(
        !components(&r)
            .iter()
            .any(|c| c["label"].as_str().is_some_and(|l| l.starts_with("Vote"))),
        "no more voting: {r}"
    );
    log.push(r);

    // The next day each attendee gets a DM asking how it was, once; none before.
    assert_eq!(app.core.send_night_prompts().await.unwrap(), 0);
    app.core
        .clock()
        .advance(std::time::Duration::from_secs(14 * 3600));
    assert_eq!(app.core.send_night_prompts().await.unwrap(), 3);
    assert_eq!(app.core.send_night_prompts().await.unwrap(), 0, "once");
    let sent = fake.requests();
    let opened: Vec<&Value> = sent
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/users/@me/channels"))
        .map(|r| &r.body["recipient_id"])
        .collect();
    assert_eq!(opened, [ADA.id, BOB.id, CAROL.id], "{sent:#?}");
    let dms: Vec<&Value> = sent
        .iter()
        .filter(|r| {
            r.method == "POST" && r.path.ends_with("/channels/1900000000000000001/messages")
        })
        .map(|r| &r.body)
        .collect();
    assert_eq!(dms.len(), 3);
    assert!(
        dms[0]["content"]
            .as_str()
            .unwrap()
            .starts_with(&format!("How was {}", first.split(" (").next().unwrap())),
        "{:#}",
        dms[0]
    );
    log.push(dms[0].clone());
    println!("{}", serde_json::to_string_pretty(&log).unwrap());
}
const FIGHT_CLUB: i64 = 550;
const ALIEN: i64 = 348;
const TOY_STORY: i64 = 862;

/// `/compare member:<target>` by `who` in the guild, `target` as Discord resolves them.
fn compare(id: &str, who: Who, target: Who, nick: Option<&str>, bot: bool) -> Value {
    command_with_user(id, who, "compare", "member", (target, nick, bot), true)
}

/// The content of a command's public answer.
async fn said(app: &App, interaction: &Value) -> String {
    let body = app.ok(interaction).await;
    assert_eq!(body["type"], 4, "{body}");
    body["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// `/compare` with a user option in the guild: the agreement over the films both rated with
/// their count, the shared favourites, the biggest disagreement with both ratings, and one
/// film for both as a card with the usual buttons — only claimed "★4 or more" for both when
/// the model's predictions say so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_with_a_member_shows_agreement_favourites_disagreement_and_a_pick() {
    let app = app().await;
    let ada = [
        (HEAT, 5.0),
        (MATRIX, 4.5),
        (FIGHT_CLUB, 4.0),
        (ALIEN, 1.0),
        (TOY_STORY, 3.0),
    ];
    let bob = [(HEAT, 4.5), (MATRIX, 4.5), (FIGHT_CLUB, 3.0), (ALIEN, 5.0)];
    let mut n = 0;
    for (who, list) in [(ADA, &ada[..]), (BOB, &bob[..])] {
        for &(film, stars) in list {
            n += 1;
            app.ok(&rate_command(
                &format!("20000000000000002{n:02}"),
                who,
                film,
                stars,
            ))
            .await;
        }
    }
    let body = app
        .ok(&compare(
            "2000000000000000300",
            ADA,
            BOB,
            Some("Bobby"),
            false,
        ))
        .await;
    println!("/compare member:bob →\n{body:#}");
    assert_eq!(body["type"], 4);
    assert!(
        body["data"]["flags"].is_null(),
        "shown to the server: {body}"
    );
    let text = body["data"]["content"].as_str().unwrap();
    // Gaps 0.5, 0, 1 and 4 stars: mean 1.375, 100 × (1 − 1.375 / 4.5) = 69.4.
    assert!(
        text.contains("You and Bobby: 69% agreement over 4 films you both rated."),
        "{text}"
    );
    assert!(
        text.contains("Shared favourites: Heat (you ★5, Bobby ★4.5), The Matrix (★4.5 each)."),
        "{text}"
    );
    assert!(
        text.contains("Biggest disagreement: Alien — you ★1, Bobby ★5."),
        "{text}"
    );
    assert!(!text.contains("Toy Story"), "only films both rated: {text}");

    // One card for both, of a film neither has rated, with the usual buttons.
    let embeds = body["data"]["embeds"].as_array().unwrap();
    assert_eq!(embeds.len(), 1, "{body}");
    let films = film_ids(&body);
    assert_eq!(films.len(), 1, "{body}");
    let pick = films[0];
    let rated: Vec<i64> = ada.iter().chain(&bob).map(|r| r.0).collect();
    assert!(!rated.contains(&pick), "{pick} was rated");
    for label in [
        "★1",
        "★4",
        "★5",
        "More like this",
        "Where to watch",
        "+ Watchlist",
    ] {
        button_id(&body, label);
    }
    // The claim matches the model: "★4 or more" only if both predictions are.
    let picks = app.core.picks();
    let mut predicted = Vec::new();
    for who in [ADA, BOB] {
        let input = picks.input(app.user(who).await.unwrap()).await.unwrap();
        let movie = app
            .core
            .library()
            .by_public(PublicMovieId(pick))
            .unwrap()
            .id;
        predicted.push(picks.predict(&input, movie));
    }
    let lowest = predicted.iter().copied().fold(f32::INFINITY, f32::min);
    if text.contains("I expect you both to give it ★4 or more") {
        assert!(lowest >= 4.0, "{predicted:?}: {text}");
    } else {
        assert!(text.contains("The best pick for you and Bobby"), "{text}");
        assert!(lowest < 4.0, "{predicted:?}: {text}");
    }
}

/// Only members of the same server can be compared, and every other case gets a clear
/// sentence: a DM, yourself, a bot, someone moviebot has never seen, someone it knows only
/// from another server (told the same as a stranger, nothing about their ratings), a member
/// without ratings, and fewer than three films in common.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_refuses_dms_non_members_bots_and_yourself() {
    let app = app().await;
    const CAROL: Who = Who {
        id: "1500000000000000003",
        name: "carol",
    };
    const DAVE: Who = Who {
        id: "1500000000000000004",
        name: "dave",
    };
    const ROBOT: Who = Who {
        id: "1500000000000000005",
        name: "robot",
    };
    app.ok(&rate_command("2000000000000000401", ADA, HEAT, 5.0))
        .await;
    // Carol rates in another server only.
    let mut elsewhere = rate_command("2000000000000000402", CAROL, ALIEN, 5.0);
    elsewhere["guild_id"] = json!("1300000000000000099");
    app.ok(&elsewhere).await;
    assert_eq!(app.ratings(CAROL).await, [(ALIEN, 5.0)]);

    let dm = command_with_user(
        "2000000000000000403",
        ADA,
        "compare",
        "member",
        (BOB, None, false),
        false,
    );
    let text = said(&app, &dm).await;
    assert!(text.contains("works in a server or group"), "{text}");

    let text = said(&app, &compare("2000000000000000404", ADA, ADA, None, false)).await;
    assert!(text.contains("That's you"), "{text}");

    let text = said(
        &app,
        &compare("2000000000000000405", ADA, ROBOT, None, true),
    )
    .await;
    assert!(text.contains("robot is a bot"), "{text}");

    let stranger = said(
        &app,
        &compare("2000000000000000406", ADA, DAVE, None, false),
    )
    .await;
    assert!(
        stranger.contains("I haven't seen dave use moviebot here yet"),
        "{stranger}"
    );
    assert!(
        app.user(DAVE).await.is_none(),
        "naming someone creates no user"
    );

    let other_server = said(
        &app,
        &compare("2000000000000000407", ADA, CAROL, None, false),
    )
    .await;
    assert_eq!(
        other_server,
        stranger.replace("dave", "carol"),
        "a member of another server is told apart from nobody"
    );
    assert!(!other_server.contains("Alien") && !other_server.contains('%'));

    // Bob has been here but rated nothing.
    app.ok(&command(
        "2000000000000000408",
        BOB,
        "help",
        json!([]),
        true,
    ))
    .await;
    let text = said(&app, &compare("2000000000000000409", ADA, BOB, None, false)).await;
    assert!(text.contains("bob hasn't rated any films yet"), "{text}");

    // Two films in common: no percentage, but what they share is still said.
    app.ok(&rate_command("2000000000000000410", BOB, HEAT, 4.0))
        .await;
    app.ok(&rate_command("2000000000000000411", ADA, MATRIX, 2.0))
        .await;
    app.ok(&rate_command("2000000000000000412", BOB, MATRIX, 4.0))
        .await;
    let text = said(&app, &compare("2000000000000000413", BOB, ADA, None, false)).await;
    assert!(text.contains("rated only 2 films in common"), "{text}");
    assert!(!text.contains('%'), "{text}");
    assert!(
        text.contains("Shared favourites: Heat (you ★4, ada ★5)."),
        "{text}"
    );
    assert!(
        text.contains("Biggest disagreement: The Matrix — you ★4, ada ★2."),
        "{text}"
    );
}
