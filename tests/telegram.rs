//! Telegram end to end through the real wiring: a `bot.toml` with `[telegram] api_url` pointing
//! at the fake Bot API (`moviebot_telegram::fake_api`, on 127.0.0.1), the app built from it as
//! `moviebot run` builds it, answered by the real chat core on the embedded catalog. Long
//! polling runs through `Platforms::spawn`; webhook updates go through the app's router (the
//! sidecar with the platforms' routes). Effects are checked in the store and in what the fake received.
//!
//! The adapter keeps Telegram's real flood limits here (≈1 message/s per chat), so a reply of
//! several messages takes a few seconds: waits are generous and nothing asserts on time.
//! `cargo test --test telegram -- --nocapture` prints a transcript of one conversation.

mod support;

use std::ops::Deref;
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use moviebot::platforms::Platforms;
use moviebot::store::Store;
use moviebot_protocol::{Action, PublicMovieId};
use moviebot_telegram::fake_api::updates::*;
use moviebot_telegram::fake_api::{BOT_USERNAME, Call, FakeApi};
use moviebot_telegram::{SECRET_HEADER, WEBHOOK_PATH};
use serde_json::{Value, json};
use support::app::TestApp;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt;

const ADA: i64 = 42;
const BOB: i64 = 43;
const CAROL: i64 = 44;
const GROUP: i64 = -100_500;
const HEAT: i64 = 949;
const MATRIX: i64 = 603;
const SECRET: &str = "webhook_Secret-0123";
const ADMIN: &str = "test-admin-token-0123456789";

/// How long to wait for the bot before a test fails (it paces sends at ≈1/s per chat).
const PATIENCE: u64 = 60;

/// The app as `moviebot run` builds it from `[telegram]` (the fake's URL, a test token), and
/// the fake Bot API it talks to.
struct App {
    fake: FakeApi,
    app: TestApp,
}

impl Deref for App {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// The app from `[telegram]` plus `extra` TOML, on a catalog where Heat and The Matrix have
/// posters.
async fn app_with(extra: &str) -> App {
    let fake = FakeApi::start().await;
    let app = TestApp::builder()
        .telegram(&fake.url)
        .toml(extra)
        .seed(|store| async move { give_posters(&store, &[HEAT, MATRIX]).await })
        .build()
        .await;
    App { fake, app }
}

/// Posters for a few catalog films, as if TMDb had filled them in (the embedded catalog has
/// none): their cards go out as photos, the others as text.
async fn give_posters(store: &Store, films: &[i64]) {
    for film in films {
        sqlx::query("UPDATE movies SET poster_path = $1 WHERE tmdb_id = $2")
            .bind(format!("/poster-{film}.jpg"))
            .bind(film)
            .execute(store.pool())
            .await
            .unwrap();
    }
}

async fn app() -> App {
    app_with("").await
}

/// The adapters' run loops, stopped together.
struct Running {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    async fn stop(self) {
        self.stop.send(true).unwrap();
        for task in self.tasks {
            tokio::time::timeout(Duration::from_secs(PATIENCE), task)
                .await
                .expect("the adapter stops on shutdown")
                .unwrap();
        }
    }
}

fn spawn(platforms: &Platforms) -> Running {
    let (stop, stopped) = watch::channel(false);
    let tasks = platforms.spawn(|| {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    });
    Running { stop, tasks }
}

impl App {
    /// Starts polling and waits until the adapter is ready for updates.
    async fn poll(&self) -> Running {
        let running = spawn(&self.platforms);
        assert_eq!(running.tasks.len(), 1, "only Telegram is configured");
        self.fake
            .wait_until(PATIENCE, "start-up", |calls| {
                calls.iter().any(|c| c.method == "getUpdates")
            })
            .await;
        running
    }

    /// Waits until `done` holds for the effect calls (sends, edits, answers) recorded after
    /// the first `before`, and returns those.
    async fn effects_after(&self, before: usize, done: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        self.fake
            .wait_until(PATIENCE, "the bot's answer", |_| {
                done(&self.fake.effects()[before..])
            })
            .await;
        self.fake.effects()[before..].to_vec()
    }

    /// Pushes `update` for polling and waits until `done` holds for what followed.
    async fn exchange(&self, update: Value, done: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        let before = self.fake.effects().len();
        self.fake.push(update);
        self.effects_after(before, done).await
    }

    async fn user(&self, id: i64) -> Option<moviebot::domain::UserId> {
        support::user_named(&self.store, &format!("telegram:{id}")).await
    }

    /// The Telegram user's ratings as (TMDb id, stars); empty when they are unknown.
    async fn ratings(&self, id: i64) -> Vec<(i64, f64)> {
        support::ratings_named(&self.store, &format!("telegram:{id}")).await
    }

    async fn counts(&self) -> (i64, i64) {
        support::counts(&self.store).await
    }

    async fn post(&self, body: Vec<u8>, headers: &[(&str, &str)]) -> (u16, Value) {
        let mut req = Request::post(WEBHOOK_PATH).header("content-type", "application/json");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let (status, body) = self.app.call(req.body(Body::from(body)).unwrap()).await;
        (status.as_u16(), body)
    }
}

/// Calls that send a message (text or card).
fn sends(calls: &[Call]) -> Vec<&Call> {
    calls
        .iter()
        .filter(|c| matches!(c.method.as_str(), "sendMessage" | "sendPhoto"))
        .collect()
}

fn chat_of(call: &Call) -> i64 {
    let id = &call.params["chat_id"];
    id.as_i64()
        .or_else(|| id.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}

fn text_of(call: &Call) -> String {
    let p = &call.params;
    p["text"]
        .as_str()
        .or(p["caption"].as_str())
        .unwrap_or("")
        .to_owned()
}

/// The films a keyboard has rating buttons for.
fn films_on(markup: &Value) -> Vec<i64> {
    let mut ids = Vec::new();
    let rows = markup["inline_keyboard"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for b in rows.iter().filter_map(Value::as_array).flatten() {
        let data = b["callback_data"].as_str().unwrap_or("");
        if let Ok(Action::Rate { movie, .. }) = Action::decode(data)
            && !ids.contains(&movie.get())
        {
            ids.push(movie.get());
        }
    }
    ids
}

/// The films whose cards are among `calls`, in order.
fn rated_films(calls: &[Call]) -> Vec<i64> {
    let mut ids = Vec::new();
    for id in calls
        .iter()
        .flat_map(|c| films_on(&c.params["reply_markup"]))
    {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The latest card the bot sent to `chat` for `film`, as Telegram would include it in a
/// callback query (with its current keyboard).
fn card_message(fake: &FakeApi, chat: i64, film: i64) -> Value {
    (fake.messages(chat).into_iter().rev())
        .find(|m| films_on(&m["reply_markup"]).contains(&film))
        .unwrap_or_else(|| panic!("no card for {film} in chat {chat}: {:#?}", fake.effects()))
}

/// Handles `update` in process on `platforms`' Telegram adapter, as polling or the webhook
/// would, and returns when every Bot API call it led to is done.
async fn handle(platforms: &Platforms, update: &Value) {
    let telegram = platforms.telegram.as_ref().expect("Telegram is configured");
    // teloxide's Update is built from text, as the Bot API delivers it.
    telegram
        .handle_update(serde_json::from_str(&update.to_string()).unwrap())
        .await;
}

/// Ada looks up Heat and Bob The Matrix in the group, and each rates theirs (★5, ★4) with
/// its card's buttons; returns once the star rows are redrawn, so nothing spills into the
/// next exchange.
async fn ada_and_bob_rate_in_the_group(app: &App) {
    for (i, (who, name, film, stars)) in [(ADA, "Ada", HEAT, "★5"), (BOB, "Bob", MATRIX, "★4")]
        .into_iter()
        .enumerate()
    {
        let u = 10 * (i as i64 + 1);
        app.exchange(in_group(u, who, name, &format!("/movie {film}")), |c| {
            rated_films(c) == [film]
        })
        .await;
        let card = card_message(&app.fake, GROUP, film);
        let data = button_data(&card["reply_markup"], stars);
        app.exchange(
            callback(u + 1, &format!("cq-{u}"), user(who, name), card, &data),
            |c| {
                c.iter().any(|c| c.method == "answerCallbackQuery")
                    && c.iter().any(|c| c.method == "editMessageReplyMarkup")
            },
        )
        .await;
    }
}

/// A member's text in the group.
fn in_group(update_id: i64, from: i64, name: &str, text: &str) -> Value {
    message_update(
        update_id,
        message(
            update_id + 20_000,
            group_chat(GROUP),
            user(from, name),
            text,
        ),
    )
}

// ---------------------------------------------------------------- polling

/// A follow-up refines the last request, and "give number 2 four stars" rates the second card
/// of the list just sent (#16), answered in order in one private chat.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn follow_ups_refine_and_number_two_rates_the_second_card() {
    let app = app().await;
    let films_after = |before: usize| rated_films(&app.fake.effects()[before..]);
    handle(&app.platforms, &dm(301, ADA, "comedies")).await;
    let before = app.fake.effects().len();
    handle(&app.platforms, &dm(302, ADA, "what about the 90s?")).await;
    let films = films_after(before);
    assert!(films.len() >= 2, "{:#?}", app.fake.effects());
    let lib = app.core.library();
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
    let before = app.fake.effects().len();
    handle(&app.platforms, &dm(303, ADA, "give number 2 four stars")).await;
    let said: Vec<String> = sends(&app.fake.effects()[before..])
        .into_iter()
        .map(text_of)
        .collect();
    assert!(said.iter().any(|t| t.contains("4★")), "{said:?}");
    assert_eq!(app.ratings(ADA).await, [(films[1], 4.0)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn free_text_gets_cards_and_a_star_press_rates_for_the_presser() {
    let app = app().await;
    let running = app.poll().await;

    // Ada asks in plain words; as soon as the first card is out she presses its ★4. Her
    // chat's updates run in order, so the press is handled after the whole answer is sent.
    app.fake.push(dm(1, ADA, "90s action movies"));
    app.fake
        .wait_until(PATIENCE, "the first card", |c| !rated_films(c).is_empty())
        .await;
    let film = rated_films(&app.fake.effects())[0];
    let card = card_message(&app.fake, ADA, film);
    let star4 = button_data(&card["reply_markup"], "★4");
    app.fake
        .push(callback(2, "cq-2", user(ADA, "Ada"), card.clone(), &star4));
    let calls = app
        .fake
        .wait_until(PATIENCE, "the press's answer and redraw", |c| {
            c.iter().any(|c| c.method == "answerCallbackQuery")
                && c.iter().any(|c| c.method == "editMessageReplyMarkup")
        })
        .await;
    let effects = app.fake.effects();
    let split = (effects.iter())
        .position(|c| c.method == "answerCallbackQuery")
        .unwrap();
    let (answer, press) = effects.split_at(split);

    let startup: Vec<&str> = (calls.iter())
        .map(|c| c.method.as_str())
        .filter(|m| matches!(*m, "getMe" | "setMyCommands" | "deleteWebhook"))
        .collect();
    let mut transcript = vec![format!("== start-up: {}", startup.join(", "))];
    transcript.push("Ada: 90s action movies".into());
    transcript.extend(answer.iter().map(Call::transcript_line));
    transcript.push(format!("Ada presses ★4 (callback_data {star4:?})"));
    transcript.extend(press.iter().map(Call::transcript_line));
    println!("\n{}\n", transcript.join("\n"));

    // The answer: photo cards with rating keyboards, 1990s action films from the catalog.
    assert!(effects.iter().all(|c| c.ok), "Telegram accepted every call");
    assert!(sends(answer).iter().all(|c| chat_of(c) == ADA));
    // Cards of films with a poster are photos, the others text; all have rating buttons.
    let cards: Vec<&Call> = (answer.iter())
        .filter(|c| !films_on(&c.params["reply_markup"]).is_empty())
        .collect();
    assert!(cards.len() >= 3, "{answer:#?}");
    for card in &cards {
        let film = films_on(&card.params["reply_markup"])[0];
        let photo = card.params["photo"].as_str();
        if [HEAT, MATRIX].contains(&film) {
            assert_eq!(card.method, "sendPhoto");
            assert!(photo.unwrap().ends_with(&format!("/poster-{film}.jpg")));
        } else {
            assert_eq!((card.method.as_str(), photo), ("sendMessage", None));
        }
        let rows = labels(&card.params["reply_markup"]);
        assert_eq!(rows[0], ["★1", "★2", "★3", "★4", "★5"], "{rows:?}");
    }
    let lib = app.core.library();
    let films = rated_films(answer);
    for id in &films {
        let film = lib.by_public(PublicMovieId(*id)).expect("a catalog film");
        let year = film.movie.year.unwrap();
        assert!((1990..=1999).contains(&year), "{id}: {year}");
        assert!(film.movie.genres.iter().any(|g| g == "Action"), "{id}");
    }

    // The press: a toast, the keyboard redrawn with the stored rating, nothing sent.
    let title = &lib.by_public(PublicMovieId(film)).unwrap().movie.title;
    let toast = &press[0];
    assert_eq!(toast.params["callback_query_id"], "cq-2");
    assert_eq!(toast.params["text"], format!("Rated {title} 4★"));
    let edit = (press.iter())
        .find(|c| c.method == "editMessageReplyMarkup")
        .unwrap();
    assert_eq!(edit.params["message_id"], card["message_id"]);
    let redrawn = labels(&edit.params["reply_markup"]);
    assert!(redrawn[0].contains(&"★4 ✓".to_string()), "{redrawn:?}");
    assert!(sends(press).is_empty(), "a rating press sends no message");
    assert_eq!(app.ratings(ADA).await, [(film, 4.0)]);
    assert_eq!(app.counts().await, (1, 1), "one user, one rating");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_redelivered_update_sends_nothing_twice_and_has_one_effect() {
    let app = app().await;
    let running = app.poll().await;
    // Telegram hands out the same update twice in one batch (as after a lost confirmation).
    let heat = dm(10, ADA, &format!("/movie {HEAT}"));
    app.fake.push_all([heat.clone(), heat]);
    app.fake
        .wait_until(PATIENCE, "the card", |c| rated_films(c) == [HEAT])
        .await;
    let card = card_message(&app.fake, ADA, HEAT);
    let star4 = button_data(&card["reply_markup"], "★4");
    let press = callback(11, "cq-11", user(ADA, "Ada"), card.clone(), &star4);
    app.fake.push_all([press.clone(), press.clone()]);
    // A later update of the same chat is handled after both copies (a chat's updates run in
    // order): once its answer is out, the copies are settled.
    app.exchange(dm(12, ADA, "/help"), |c| !sends(c).is_empty())
        .await;
    let calls = app.fake.effects();
    let count = |m: &str| calls.iter().filter(|c| c.method == m).count();
    let cards = (sends(&calls).iter())
        .filter(|c| films_on(&c.params["reply_markup"]) == [HEAT])
        .count();
    assert_eq!(cards, 1, "one card for two copies: {calls:#?}");
    assert_eq!(count("answerCallbackQuery"), 1, "{calls:#?}");
    assert_eq!(count("editMessageReplyMarkup"), 1, "{calls:#?}");
    assert_eq!(app.ratings(ADA).await, [(HEAT, 4.0)]);

    // Ada changes her mind; then the bot restarts (a new core and adapter on the same
    // database, nothing in memory) and Telegram redelivers the old ★4 press.
    let star2 = button_data(&card["reply_markup"], "★2");
    app.exchange(callback(13, "cq-13", user(ADA, "Ada"), card, &star2), |c| {
        c.iter().any(|c| c.method == "editMessageReplyMarkup")
    })
    .await;
    assert_eq!(app.ratings(ADA).await, [(HEAT, 2.0)]);
    running.stop().await;
    let platforms = app.restart().await.platforms;
    let before = app.fake.effects().len();
    handle(&platforms, &press).await;
    assert_eq!(
        app.fake.effects().len(),
        before,
        "the core knows the press: nothing is sent"
    );
    assert_eq!(app.ratings(ADA).await, [(HEAT, 2.0)], "not applied twice");
    // The restarted bot still answers new updates.
    handle(&platforms, &dm(14, ADA, "/help")).await;
    let after = &app.fake.effects()[before..];
    assert_eq!(
        after.iter().map(|c| c.method.as_str()).collect::<Vec<_>>(),
        ["sendMessage"]
    );
    assert_eq!(app.counts().await, (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn in_a_group_only_messages_for_the_bot_are_answered() {
    let app = app().await;
    let running = app.poll().await;
    // Carol chats with the group; then Ada asks the bot by name.
    app.fake.push(in_group(
        1,
        CAROL,
        "Carol",
        "anyone seen a good film lately?",
    ));
    let mention = format!("@{BOT_USERNAME} something like Heat");
    let answer = app
        .exchange(in_group(2, ADA, "Ada", &mention), |c| !sends(c).is_empty())
        .await;
    let first = sends(&answer)[0];
    assert_eq!(chat_of(first), GROUP);
    assert_eq!(
        first.params["reply_parameters"]["message_id"].as_i64(),
        Some(2 + 20_000),
        "the answer replies to Ada's message: {first:?}"
    );
    assert!(
        app.user(CAROL).await.is_none(),
        "Carol's chatter never reached the core"
    );
    assert!(app.user(ADA).await.is_some());
    // Nothing answers Carol's message (it was handled first: a chat's updates run in order).
    let all = app.fake.effects();
    let to_carol = (sends(&all).iter())
        .filter(|c| c.params["reply_parameters"]["message_id"].as_i64() == Some(1 + 20_000))
        .count();
    assert_eq!(to_carol, 0, "{all:#?}");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn group_picks_films_neither_member_rated() {
    let app = app().await;
    let running = app.poll().await;
    ada_and_bob_rate_in_the_group(&app).await;
    assert_eq!(app.ratings(ADA).await, [(HEAT, 5.0)]);
    assert_eq!(app.ratings(BOB).await, [(MATRIX, 4.0)]);

    // The reply is a text and a few cards, paced by the group's flood limit.
    let calls = app
        .exchange(in_group(30, ADA, "Ada", "/group"), |c| {
            rated_films(c).len() >= 2
        })
        .await;
    let text = text_of(sends(&calls)[0]);
    assert!(text.contains("2 of you"), "{text}");
    let picks = rated_films(&calls);
    assert!(
        !picks.contains(&HEAT) && !picks.contains(&MATRIX),
        "{picks:?}"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forgetme_confirmed_deletes_only_that_user() {
    let app = app().await;
    let running = app.poll().await;
    for (u, who, name) in [(1, ADA, "Ada"), (3, BOB, "Bob")] {
        app.exchange(
            message_update(
                u,
                message(
                    u,
                    private_chat(who),
                    user(who, name),
                    &format!("/movie {HEAT}"),
                ),
            ),
            |c| rated_films(c) == [HEAT],
        )
        .await;
        let card = card_message(&app.fake, who, HEAT);
        let data = button_data(&card["reply_markup"], "★3");
        app.exchange(
            callback(u + 1, &format!("cq-{u}"), user(who, name), card, &data),
            |c| c.iter().any(|c| c.method == "editMessageReplyMarkup"),
        )
        .await;
    }
    assert_eq!(app.counts().await, (2, 2));

    let prompt = app
        .exchange(dm(5, ADA, "/forgetme"), |c| !sends(c).is_empty())
        .await;
    let question = app.fake.last_message(ADA);
    assert!(
        text_of(sends(&prompt)[0]).contains("Are you sure?"),
        "{prompt:#?}"
    );
    let yes = button_data(&question["reply_markup"], "Yes, forget me");
    let done = app
        .exchange(
            callback(6, "cq-6", user(ADA, "Ada"), question.clone(), &yes),
            |c| c.iter().any(|c| c.method == "editMessageReplyMarkup"),
        )
        .await;
    let toast = done
        .iter()
        .find(|c| c.method == "answerCallbackQuery")
        .unwrap();
    assert!(
        toast.params["text"].as_str().unwrap().contains("forgotten"),
        "{toast:?}"
    );
    let edit = done
        .iter()
        .find(|c| c.method == "editMessageReplyMarkup")
        .unwrap();
    assert_eq!(edit.params["message_id"], question["message_id"]);
    assert_eq!(edit.params["reply_markup"]["inline_keyboard"], json!([]));
    assert!(app.user(ADA).await.is_none(), "Ada is gone");
    assert_eq!(app.ratings(BOB).await, [(HEAT, 3.0)], "Bob is untouched");
    assert_eq!(app.counts().await, (1, 1));
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn spawn_polls_answers_and_stops_on_shutdown() {
    let app = app().await;
    let running = app.poll().await;
    let start: Vec<String> = (app.fake.calls().iter())
        .map(|c| c.method.clone())
        .filter(|m| m != "getUpdates")
        .collect();
    assert_eq!(start, ["getMe", "setMyCommands", "deleteWebhook"]);
    let answer = app
        .exchange(dm(1, ADA, "/help"), |c| !sends(c).is_empty())
        .await;
    assert_eq!(chat_of(sends(&answer)[0]), ADA);
    assert!(app.user(ADA).await.is_some());
    running.stop().await;
    // Stopped: an update pushed now is never fetched.
    let polls = app.fake.calls_to("getUpdates").len();
    app.fake.push(dm(2, ADA, "/help"));
    assert_eq!(app.fake.calls_to("getUpdates").len(), polls);
}

// ---------------------------------------------------------------- webhook

const WEBHOOK: &str = "[telegram]\nmode = \"webhook\"\nwebhook_url = \"https://bot.example.com/telegram/webhook\"\nsecret_token = \"webhook_Secret-0123\"\n[sidecar]\nadmin_token = \"test-admin-token-0123456789\"\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn webhook_with_the_right_secret_is_handled_without_the_admin_token() {
    let app = app_with(WEBHOOK).await;
    assert!(app.config.sidecar.admin_token.is_some());
    // The admin token guards REST writes...
    let create = Request::post("/api/user")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"username":"eve"}"#))
        .unwrap();
    let resp = app.router().oneshot(create).await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    // ...but Telegram's update, with its secret and no Authorization, is taken.
    let update = dm(1, ADA, &format!("/movie {HEAT}"));
    let (status, body) = app
        .post(update.to_string().into_bytes(), &[(SECRET_HEADER, SECRET)])
        .await;
    assert_eq!(status, 200, "{body}");
    let calls = app.effects_after(0, |c| !rated_films(c).is_empty()).await;
    assert_eq!(rated_films(&calls), [HEAT], "{calls:#?}");
    let card = card_message(&app.fake, ADA, HEAT);
    let star5 = button_data(&card["reply_markup"], "★5");
    let press = callback(2, "cq-2", user(ADA, "Ada"), card, &star5);
    // Delivered twice (Telegram retries a webhook it thinks failed): one effect.
    for _ in 0..2 {
        let (status, _) = app
            .post(press.to_string().into_bytes(), &[(SECRET_HEADER, SECRET)])
            .await;
        assert_eq!(status, 200);
    }
    // A later update of the same chat is handled after both copies.
    let before = app.fake.effects().len();
    let (status, _) = app
        .post(
            dm(3, ADA, "/help").to_string().into_bytes(),
            &[(SECRET_HEADER, SECRET)],
        )
        .await;
    assert_eq!(status, 200);
    app.effects_after(before, |c| c.iter().any(|c| c.method == "sendMessage"))
        .await;
    assert_eq!(app.fake.calls_to("editMessageReplyMarkup").len(), 1);
    assert_eq!(app.fake.calls_to("answerCallbackQuery").len(), 1);
    assert_eq!(app.ratings(ADA).await, [(HEAT, 5.0)]);
    assert_eq!(app.counts().await, (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn webhook_with_a_wrong_or_missing_secret_is_401_and_stores_nothing() {
    let app = app_with(WEBHOOK).await;
    let before = app.counts().await;
    let update = dm(1, ADA, &format!("/movie {HEAT}"))
        .to_string()
        .into_bytes();
    let bearer = format!("Bearer {ADMIN}");
    let cases: [(&str, Vec<(&str, &str)>); 4] = [
        ("missing", vec![]),
        ("wrong", vec![(SECRET_HEADER, "webhook_Secret-0124")]),
        ("prefix", vec![(SECRET_HEADER, "webhook_Secret")]),
        (
            "admin token instead",
            vec![("authorization", bearer.as_str())],
        ),
    ];
    for (name, headers) in cases {
        let (status, body) = app.post(update.clone(), &headers).await;
        assert_eq!(status, 401, "{name}: {body}");
        assert_eq!(body["error"]["code"], "unauthorized", "{name}");
    }
    // Refused before dispatch: nothing was handed to the adapter, so nothing can follow.
    assert_eq!(app.counts().await, before);
    assert!(app.user(ADA).await.is_none());
    assert!(app.fake.calls().is_empty(), "{:#?}", app.fake.calls());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn webhook_with_a_malformed_body_is_400_and_stores_nothing() {
    let app = app_with(WEBHOOK).await;
    let before = app.counts().await;
    for body in [
        b"not json".to_vec(),
        b"{}".to_vec(),
        b"{\"update_id\": \"x\"}".to_vec(),
        Vec::new(),
    ] {
        let (status, json) = app.post(body.clone(), &[(SECRET_HEADER, SECRET)]).await;
        assert_eq!(status, 400, "{:?}: {json}", String::from_utf8_lossy(&body));
        assert_eq!(json["error"]["code"], "bad_request");
    }
    assert_eq!(app.counts().await, before);
    assert!(app.fake.calls().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn webhook_mode_registers_the_webhook_with_its_secret_and_stops() {
    let app = app_with(WEBHOOK).await;
    let running = spawn(&app.platforms);
    let calls = app
        .fake
        .wait_until(PATIENCE, "setWebhook", |c| {
            c.iter().any(|c| c.method == "setWebhook")
        })
        .await;
    let set = calls.iter().find(|c| c.method == "setWebhook").unwrap();
    assert_eq!(
        set.params["url"],
        "https://bot.example.com/telegram/webhook"
    );
    assert_eq!(set.params["secret_token"], SECRET);
    assert!(
        app.fake.calls_to("getUpdates").is_empty(),
        "no polling with a webhook"
    );
    running.stop().await;
}

// ---------------------------------------------------------------- arrival: floods, keeping

/// Waits until the core has no kept Telegram update left to answer.
async fn all_answered(app: &App) {
    for _ in 0..PATIENCE * 10 {
        if app
            .store
            .pending_events("telegram")
            .await
            .unwrap()
            .is_empty()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("kept updates still unanswered after {PATIENCE} s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_from_one_user_gets_one_slow_down_and_the_rest_is_dropped_on_arrival() {
    let app = app_with(&format!(
        "{WEBHOOK}[limits]\nchat_per_minute = 1\nchat_burst = 3\n"
    ))
    .await;
    // A thousand messages from Ada, each acknowledged at once...
    for id in 1..=1000 {
        let (status, body) = app
            .post(
                dm(id, ADA, "/help").to_string().into_bytes(),
                &[(SECRET_HEADER, SECRET)],
            )
            .await;
        assert_eq!(status, 200, "update {id}: {body}");
    }
    // ...and Bob, writing in the middle of it, is not queued behind her.
    let (status, _) = app
        .post(
            dm(1001, BOB, "/help").to_string().into_bytes(),
            &[(SECRET_HEADER, SECRET)],
        )
        .await;
    assert_eq!(status, 200);
    let to = |chat: i64| move |c: &[Call]| sends(c).iter().filter(|s| chat_of(s) == chat).count();
    app.effects_after(0, |c| to(BOB)(c) >= 1 && to(ADA)(c) >= 4)
        .await;
    // Everything let in has been answered (and forgotten); the dropped ones were never kept.
    all_answered(&app).await;
    let calls = app.fake.effects();
    let ada: Vec<String> = sends(&calls)
        .into_iter()
        .filter(|s| chat_of(s) == ADA)
        .map(text_of)
        .collect();
    assert_eq!(ada.len(), 4, "three answers and one slow-down: {ada:#?}");
    assert_eq!(
        ada.iter().filter(|t| t.contains("slow down")).count(),
        1,
        "{ada:#?}"
    );
    assert_eq!(to(BOB)(&calls), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_update_acknowledged_but_not_answered_before_a_stop_is_answered_at_the_next_start() {
    let app = app().await;
    // As a crash leaves it: kept (so acknowledged to Telegram), never answered.
    let update = dm(7, ADA, &format!("/movie {HEAT}"));
    app.store
        .keep_pending("telegram", 7, &update.to_string())
        .await
        .unwrap();
    let running = spawn(&app.platforms);
    let calls = app.effects_after(0, |c| !rated_films(c).is_empty()).await;
    assert_eq!(rated_films(&calls), [HEAT]);
    assert_eq!(chat_of(sends(&calls)[0]), ADA);
    all_answered(&app).await;
    running.stop().await;
    // Answered once: a second start has nothing left to replay.
    let before = app.fake.effects().len();
    let again = spawn(&app.platforms);
    app.fake
        .wait_until(PATIENCE, "the second start", |c| {
            c.iter().filter(|c| c.method == "getMe").count() >= 2
                && c.iter().filter(|c| c.method == "getUpdates").count() >= 2
        })
        .await;
    again.stop().await;
    assert_eq!(app.fake.effects().len(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn webhook_is_503_when_the_update_cannot_be_kept_so_telegram_delivers_it_again() {
    let app = app_with(WEBHOOK).await;
    sqlx::query("DROP TABLE pending_events")
        .execute(app.store.pool())
        .await
        .unwrap();
    let update = dm(1, ADA, "/help").to_string().into_bytes();
    let (status, body) = app.post(update, &[(SECRET_HEADER, SECRET)]).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "unavailable");
    // Not acknowledged, so not answered either: the redelivery will be.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(app.fake.effects().is_empty(), "{:#?}", app.fake.effects());
}

/// #17: a Letterboxd ratings.csv sent as a document is imported for its sender (the fake
/// serves it as getFile and the file URL would) with a report naming what was not found;
/// `/export` comes back as two documents in the private chat, and the JSON one, sent back by
/// another user, gives that user the same ratings.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_document_is_imported_and_the_export_comes_back_as_documents() {
    let app = app().await;
    let csv = "Date,Name,Year,Letterboxd URI,Rating\n\
               2024-01-02,Heat,1995,https://boxd.it/2bcA,4.5\n\
               2024-01-03,The Matrix,1999,https://boxd.it/2a1c,5\n\
               2024-01-04,A Film Nobody Made,2001,https://boxd.it/zzzz,3\n";
    let file = app.fake.add_file(csv.as_bytes().to_vec());
    let sent = |update: i64, from: i64, file: &str, name: &str, size: usize| {
        message_update(
            update,
            document(
                update + 10_000,
                private_chat(from),
                user(from, "Ada"),
                (file, name, size as u64),
                "",
            ),
        )
    };
    let before = app.fake.effects().len();
    handle(
        &app.platforms,
        &sent(401, ADA, &file, "ratings.csv", csv.len()),
    )
    .await;
    let said: Vec<String> = sends(&app.fake.effects()[before..])
        .into_iter()
        .map(text_of)
        .collect();
    let report = said.iter().find(|t| t.starts_with("Imported")).unwrap();
    assert!(report.contains("2 of 3 matched"), "{report}");
    assert!(report.contains("A Film Nobody Made (2001)"), "{report}");
    assert_eq!(app.ratings(ADA).await, [(MATRIX, 5.0), (HEAT, 4.5)]);

    handle(
        &app.platforms,
        &dm(404, ADA, "never recommend The Lion King again"),
    )
    .await;
    handle(&app.platforms, &dm(402, ADA, "/export")).await;
    let docs = app.fake.calls_to("sendDocument");
    assert_eq!(docs.len(), 2, "{docs:#?}");
    assert!(
        docs.iter()
            .all(|d| d.params["chat_id"].as_str().and_then(|s| s.parse().ok()) == Some(ADA))
    );
    let json = docs[0].params["document"]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    let exported: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(exported["ratings"].as_array().unwrap().len(), 2, "{json}");
    let letterboxd = docs[1].params["document"]["content"].as_str().unwrap();
    assert!(letterboxd.contains("Heat"), "{letterboxd}");

    let back = app.fake.add_file(json.clone().into_bytes());
    handle(
        &app.platforms,
        &sent(403, BOB, &back, "moviebot-ada.json", json.len()),
    )
    .await;
    assert_eq!(app.ratings(BOB).await, app.ratings(ADA).await);
    let mut labels = Vec::new();
    for id in [ADA, BOB] {
        let user = app.user(id).await.unwrap();
        let of: Vec<String> = app
            .store
            .exclusions(user)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.label)
            .collect();
        labels.push(of);
    }
    assert_eq!(labels[0], ["The Lion King"]);
    assert_eq!(labels[1], labels[0], "exclusions travel too");
}

// ---------------------------------------------------------------- movie night

/// The latest message in the group with movie-night buttons, and its night's id.
fn night_message(fake: &FakeApi) -> (Value, i64) {
    for m in fake.messages(GROUP).into_iter().rev() {
        let rows = m["reply_markup"]["inline_keyboard"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for b in rows.iter().filter_map(Value::as_array).flatten() {
            if let Ok(Action::Night { night, .. }) =
                Action::decode(b["callback_data"].as_str().unwrap_or(""))
            {
                return (m, night);
            }
        }
    }
    panic!("no movie-night message: {:#?}", fake.effects())
}

fn night_text(fake: &FakeApi, night_id: i64) -> String {
    fake.messages(GROUP)
        .into_iter()
        .find(|m| m["message_id"] == json!(night_id))
        .map(|m| m["text"].as_str().unwrap_or("").to_owned())
        .unwrap_or_default()
}

/// A whole movie night in a Telegram group (#18): Ada starts it, Bob and Carol sign up, Bob's
/// Pick is refused (only the organiser picks), Ada's Pick turns the message into a shortlist
/// of films none of them rated, three votes with one changed and one redelivered press,
/// Ada closes, and the winner is named with its card.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_movie_night_signs_up_picks_votes_and_names_a_winner() {
    let app = app().await;
    let running = app.poll().await;
    // Ada rated Heat and Bob The Matrix, in the group.
    ada_and_bob_rate_in_the_group(&app).await;

    let mut transcript = Vec::new();
    app.exchange(in_group(100, ADA, "Ada", "/movienight 2h"), |c| {
        sends(c).iter().any(|c| text_of(c).contains("Movie night"))
    })
    .await;
    let (msg, _) = night_message(&app.fake);
    let msg_id = msg["message_id"].as_i64().unwrap();
    transcript.push(night_text(&app.fake, msg_id));
    assert!(
        transcript[0].contains("organised by Ada"),
        "{}",
        transcript[0]
    );
    assert!(transcript[0].contains("Starts in 2 h"), "{}", transcript[0]);

    // Presses: each answered with a toast and the shared message redrawn.
    let mut update = 200;
    let mut press = |who: i64, name: &'static str, label: &'static str| {
        update += 1;
        let (msg, _) = night_message(&app.fake);
        let data = button_data(&msg["reply_markup"], label);
        (
            callback(
                update,
                &format!("cq-n{update}"),
                user(who, name),
                msg,
                &data,
            ),
            update,
        )
    };
    let edited = |c: &[Call]| c.iter().any(|c| c.method == "editMessageText");
    let answered = |c: &[Call]| c.iter().any(|c| c.method == "answerCallbackQuery");

    let (bob_in, _) = press(BOB, "Bob", "I'm in");
    app.exchange(bob_in, edited).await;
    let (carol_in, _) = press(CAROL, "Carol", "I'm in");
    app.exchange(carol_in, edited).await;
    let signed = night_text(&app.fake, msg_id);
    assert!(signed.contains("In (3): Ada, Bob, Carol"), "{signed}");
    transcript.push(signed);

    // Only the organiser picks.
    let (bob_pick, _) = press(BOB, "Bob", "Pick");
    let calls = app.exchange(bob_pick, answered).await;
    let toast = calls
        .iter()
        .find(|c| c.method == "answerCallbackQuery")
        .map(|c| c.params["text"].as_str().unwrap_or("").to_owned())
        .unwrap_or_default();
    assert!(toast.contains("Only Ada"), "{toast}");
    assert!(!edited(&calls), "a refused pick changes nothing");

    let (ada_pick, _) = press(ADA, "Ada", "Pick");
    app.exchange(ada_pick, edited).await;
    let shortlist = night_text(&app.fake, msg_id);
    assert!(
        shortlist.contains("1. ") && shortlist.contains("— 0 votes"),
        "{shortlist}"
    );
    assert!(
        !shortlist.contains("Heat (1995)") && !shortlist.contains("The Matrix (1999)"),
        "films an attendee rated are never offered: {shortlist}"
    );
    transcript.push(shortlist.clone());

    // Votes: Ada 1, Bob 2, Carol 2 then changes to 1; Bob's press redelivered.
    let (v, _) = press(ADA, "Ada", "Vote 1");
    app.exchange(v, edited).await;
    let (bob_vote, _) = press(BOB, "Bob", "Vote 2");
    app.exchange(bob_vote.clone(), edited).await;
    let before = app.fake.effects().len();
    app.fake.push(bob_vote);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        !edited(&app.fake.effects()[before..]),
        "a redelivered press has no effect"
    );
    let (v, _) = press(CAROL, "Carol", "Vote 2");
    app.exchange(v, edited).await;
    let (v, _) = press(CAROL, "Carol", "Vote 1");
    app.exchange(v, edited).await;
    let tally = night_text(&app.fake, msg_id);
    assert!(tally.contains("— 2 votes (Ada, Carol)"), "{tally}");
    assert!(tally.contains("— 1 vote (Bob)"), "{tally}");
    transcript.push(tally);

    // Ada closes: the winner is named, the buttons are gone, and its card follows.
    let (close, _) = press(ADA, "Ada", "Close");
    let calls = app
        .exchange(close, |c| edited(c) && !rated_films(c).is_empty())
        .await;
    let result = night_text(&app.fake, msg_id);
    assert!(result.contains("🏆 Tonight:"), "{result}");
    let first = shortlist
        .lines()
        .find(|l| l.starts_with("1. "))
        .and_then(|l| l.strip_prefix("1. "))
        .and_then(|l| l.split(" — ").next())
        .unwrap()
        .to_owned();
    assert!(result.contains(&format!("🏆 Tonight: {first}")), "{result}");
    let msg = app.fake.message(GROUP, msg_id);
    assert!(
        msg["reply_markup"]["inline_keyboard"]
            .as_array()
            .is_none_or(|rows| rows.is_empty()),
        "a closed vote has no buttons: {msg}"
    );
    assert_eq!(rated_films(&calls).len(), 1, "the winner's card");
    assert_eq!(msg["pinned"], json!(true), "the result is pinned: {msg}");
    transcript.push(result);

    // The next day the attendees are asked privately how it was (once, none before); Ada
    // rates it from the prompt's card, Bob asks not to be asked again.
    assert_eq!(app.core.send_night_prompts().await.unwrap(), 0);
    app.core.clock().advance(Duration::from_secs(14 * 3600));
    assert_eq!(app.core.send_night_prompts().await.unwrap(), 3);
    assert_eq!(app.core.send_night_prompts().await.unwrap(), 0, "once");
    let asked = app
        .fake
        .messages(ADA)
        .into_iter()
        .find(|m| m["text"].as_str().is_some_and(|t| t.starts_with("How was")))
        .unwrap_or_else(|| panic!("no prompt to Ada: {:#?}", app.fake.messages(ADA)));
    transcript.push(asked["text"].as_str().unwrap().to_owned());
    let winner = rated_films(&calls)[0];
    let card = card_message(&app.fake, ADA, winner);
    let data = button_data(&card["reply_markup"], "★4");
    app.exchange(callback(900, "cq-p1", user(ADA, "Ada"), card, &data), |c| {
        c.iter().any(|c| c.method == "editMessageReplyMarkup")
    })
    .await;
    assert!(app.ratings(ADA).await.contains(&(winner, 4.0)));
    let quiet = app
        .fake
        .messages(BOB)
        .into_iter()
        .find(|m| m["reply_markup"].to_string().contains("Don't ask me again"))
        .unwrap_or_else(|| panic!("no opt-out button for Bob: {:#?}", app.fake.messages(BOB)));
    let data = button_data(&quiet["reply_markup"], "Don't ask me again");
    let calls = app
        .exchange(
            callback(901, "cq-p2", user(BOB, "Bob"), quiet, &data),
            |c| c.iter().any(|c| c.method == "answerCallbackQuery"),
        )
        .await;
    assert!(
        calls.iter().any(|c| c.params["text"]
            .as_str()
            .is_some_and(|t| t.contains("no more"))),
        "{calls:#?}"
    );
    println!("{}", transcript.join("\n\n----\n\n"));
    running.stop().await;
}
// ---------------------------------------------------------------- /compare

/// A text from `from` (called `name`) in their private chat.
fn dm_from(update_id: i64, from: i64, name: &str, text: &str) -> Value {
    message_update(
        update_id,
        message(
            update_id + 10_000,
            private_chat(from),
            user(from, name),
            text,
        ),
    )
}

/// Everything the bot said in `calls`, in order.
fn all_said(calls: &[Call]) -> String {
    sends(calls)
        .into_iter()
        .map(text_of)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `/compare` sent in the group as a reply to a member's message: the agreement over the
/// films both rated (with the count), the shared favourites, the biggest disagreement with
/// both ratings, and a card of one film for both with its rating buttons.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn compare_as_a_reply_in_a_group_compares_with_the_replied_to_member() {
    let app = app().await;
    let (fight_club, alien, toy_story) = (550, 348, 862);
    let ada = [
        (HEAT, "5"),
        (MATRIX, "4.5"),
        (fight_club, "4"),
        (alien, "1"),
    ];
    let bob = [
        (HEAT, "4.5"),
        (MATRIX, "4.5"),
        (fight_club, "3"),
        (alien, "5"),
    ];
    // Ratings in private chats; then Bob speaks to the bot in the group, which makes him a
    // member there.
    for (u, (from, name, (film, stars))) in ada
        .iter()
        .map(|r| (ADA, "Ada", *r))
        .chain(bob.iter().map(|r| (BOB, "Bob", *r)))
        .enumerate()
    {
        let text = format!("/rate {film} {stars}");
        handle(&app.platforms, &dm_from(600 + u as i64, from, name, &text)).await;
    }
    let bobs = message(
        21_000,
        group_chat(GROUP),
        user(BOB, "Bob"),
        &format!("/rate {toy_story} 3"),
    );
    handle(&app.platforms, &message_update(700, bobs.clone())).await;
    assert_eq!(app.ratings(BOB).await.len(), 5);
    assert_eq!(app.ratings(ADA).await.len(), 4);

    // Ada replies to Bob's message with /compare.
    let mut compare = message(21_001, group_chat(GROUP), user(ADA, "Ada"), "/compare");
    compare["reply_to_message"] = bobs;
    let before = app.fake.effects().len();
    handle(&app.platforms, &message_update(701, compare)).await;
    let calls = app.fake.effects()[before..].to_vec();
    let text = all_said(&calls);
    println!("/compare as a reply →\n{text}");
    assert!(
        sends(&calls).iter().all(|c| chat_of(c) == GROUP),
        "answered in the group: {calls:#?}"
    );
    assert_eq!(
        sends(&calls)[0].params["reply_parameters"]["message_id"].as_i64(),
        Some(21_001),
        "the answer replies to Ada's /compare"
    );
    // Gaps 0.5, 0, 1 and 4 stars: mean 1.375, 100 × (1 − 1.375 / 4.5) = 69.4.
    assert!(
        text.contains("You and Bob: 69% agreement over 4 films you both rated."),
        "{text}"
    );
    assert!(
        text.contains("Shared favourites: Heat (you ★5, Bob ★4.5), The Matrix (★4.5 each)."),
        "{text}"
    );
    assert!(
        text.contains("Biggest disagreement: Alien — you ★1, Bob ★5."),
        "{text}"
    );
    let picks = rated_films(&calls);
    assert_eq!(picks.len(), 1, "one card for both: {calls:#?}");
    let rated: Vec<i64> = [app.ratings(ADA).await, app.ratings(BOB).await]
        .concat()
        .iter()
        .map(|r| r.0)
        .collect();
    assert!(!rated.contains(&picks[0]), "{} was rated", picks[0]);
}

/// Where `/compare` cannot work it says why: in a private chat, with only a typed @username
/// (Telegram gives bots no way to look one up), with someone who never spoke to the bot in
/// this group, and with no member named at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn compare_refuses_a_private_chat_a_bare_username_and_a_non_member() {
    let app = app().await;
    let answer = |update: Value| {
        let (platforms, fake) = (&app.platforms, &app.fake);
        async move {
            let before = fake.effects().len();
            handle(platforms, &update).await;
            all_said(&fake.effects()[before..])
        }
    };
    handle(&app.platforms, &dm_from(800, ADA, "Ada", "/rate 949 5")).await;

    let text = answer(dm_from(801, ADA, "Ada", "/compare")).await;
    assert!(text.contains("works in a server or group"), "{text}");

    let text = answer(in_group(802, ADA, "Ada", "/compare @carol")).await;
    assert!(text.contains("can't tell who \"@carol\" is"), "{text}");
    assert!(
        text.contains("as a reply to one of their messages"),
        "{text}"
    );

    let text = answer(in_group(803, ADA, "Ada", "/compare")).await;
    assert!(text.contains("Compare with whom?"), "{text}");

    // Carol chats in the group (not to the bot) and Ada replies to her with /compare.
    let carols = message(22_000, group_chat(GROUP), user(CAROL, "Carol"), "hi all");
    let text = answer(message_update(804, carols.clone())).await;
    assert!(text.is_empty(), "chatter is not for the bot: {text}");
    let mut compare = message(22_001, group_chat(GROUP), user(ADA, "Ada"), "/compare");
    compare["reply_to_message"] = carols;
    let text = answer(message_update(805, compare)).await;
    assert!(
        text.contains("I haven't seen Carol use moviebot here yet"),
        "{text}"
    );
    assert!(
        app.user(CAROL).await.is_none(),
        "nothing is stored for Carol"
    );
}
