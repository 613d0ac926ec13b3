//! Concurrent writers against a running `moviebot run`, each recording in a [`Ledger`] what it
//! was told was stored.
//!
//! - [`RestWriter`]: one REST user (`w3`), one write at a time, mixing `POST /api/rate`, chat
//!   ratings ("rate Heat 4.5 stars"), chat watchlist changes, chat region statements and
//!   `POST /api/user`; a write counts when the answer says it was stored.
//! - [`Presser`]: one Telegram user pressing ★ buttons through the webhook; a press counts when
//!   its toast ("Rated Heat 4★", `answerCallbackQuery`) reached the fake Bot API.
//!
//! A writer stops when the process stops answering (the write it was sending is then in
//! doubt) or when told to. Answers that are neither a success nor a lost connection are
//! collected as errors for the test to report.
#![allow(dead_code)]

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use moviebot_protocol::{Action, PublicMovieId, Stars};
use moviebot_telegram::fake_api::updates::{callback, message, private_chat, user};
use moviebot_telegram::fake_api::{FakeApi, bot_user};
use moviebot_telegram::{SECRET_HEADER, WEBHOOK_PATH};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value as Json, json};

use super::ledger::{Doubt, Key, Ledger, Value};

/// A film every writer may write about: its public (TMDb) id and catalog title.
#[derive(Debug, Clone)]
pub struct Film {
    pub id: i64,
    pub title: String,
}

/// Countries the chat understands, and the region each is stored as.
const COUNTRIES: &[(&str, &str)] = &[
    ("the UK", "GB"),
    ("Germany", "DE"),
    ("France", "FR"),
    ("Canada", "CA"),
    ("Japan", "JP"),
    ("Spain", "ES"),
];

/// What every writer of a run shares.
#[derive(Clone)]
pub struct Shared {
    pub client: reqwest::Client,
    pub ledger: Arc<Ledger>,
    pub films: Arc<Vec<Film>>,
    pub admin_token: String,
    /// Answers that were neither a success nor a lost connection, and when they came.
    pub errors: Arc<Mutex<Vec<(Instant, String)>>>,
}

impl Shared {
    pub fn new(ledger: Arc<Ledger>, admin_token: &str) -> Self {
        Self {
            client: reqwest::Client::builder()
                // A liveness bound: a request to a killed process fails at once.
                .timeout(Duration::from_secs(60))
                .build()
                .expect("HTTP client"),
            ledger,
            films: Arc::new(Vec::new()),
            admin_token: admin_token.to_owned(),
            errors: Arc::default(),
        }
    }

    pub fn error(&self, what: String) {
        self.errors.lock().unwrap().push((Instant::now(), what));
    }

    /// POST `body` as JSON with the admin token; `Err` when no answer came.
    pub async fn post(&self, url: &str, body: &Json) -> Result<(u16, Json), reqwest::Error> {
        let response = self
            .client
            .post(url)
            .bearer_auth(&self.admin_token)
            .json(body)
            .send()
            .await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        Ok((status, serde_json::from_slice(&bytes).unwrap_or(Json::Null)))
    }
}

/// Where the running process is and when to stop writing.
#[derive(Clone)]
pub struct Target {
    pub base: String,
    pub stop: Arc<AtomicBool>,
}

impl Target {
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// How one write went.
enum Sent {
    Stored,
    /// No answer: the process died (or stopped) under it.
    Lost(Doubt),
    /// An answer that says something else; the write may or may not have happened.
    Unexpected(String),
}

/// One REST user writing one thing at a time.
pub struct RestWriter {
    pub name: String,
    pub user_id: i64,
    rng: StdRng,
    created: u32,
}

enum Op {
    Rate { film: usize, halves: u8 },
    ChatRate { film: usize, halves: u8 },
    WatchlistAdd { film: usize },
    WatchlistRemove { film: usize },
    Region { country: usize },
    CreateUser { name: String },
}

impl RestWriter {
    /// Creates the writer's user through `POST /api/user` (itself an acknowledged write).
    pub async fn create(shared: &Shared, base: &str, name: String, seed: u64) -> RestWriter {
        let body = json!({ "username": name });
        let (status, answer) = shared
            .post(&format!("{base}/api/user"), &body)
            .await
            .expect("create a writer's user");
        assert_eq!(status, 201, "create user {name}: {answer}");
        shared
            .ledger
            .acknowledged("rest user", Key::User(name.clone()), Value::Exists);
        RestWriter {
            user_id: answer["user_id"].as_i64().expect("user_id"),
            name,
            rng: StdRng::seed_from_u64(seed),
            created: 0,
        }
    }

    fn next_op(&mut self, films: usize) -> Op {
        let film = self.rng.random_range(0..films);
        let halves = self.rng.random_range(1..=10);
        match self.rng.random_range(0..100) {
            0..40 => Op::Rate { film, halves },
            40..60 => Op::ChatRate { film, halves },
            60..75 => Op::WatchlistAdd { film },
            75..87 => Op::WatchlistRemove { film },
            87..95 => Op::Region {
                country: self.rng.random_range(0..COUNTRIES.len()),
            },
            _ => {
                self.created += 1;
                Op::CreateUser {
                    name: format!("{}-u{}", self.name, self.created),
                }
            }
        }
    }

    /// Writes until the process stops answering or `target.stop` is set.
    pub async fn run(mut self, shared: Shared, target: Target) -> Self {
        while !target.stopped() {
            let op = self.next_op(shared.films.len());
            let (path, key, value) = self.effect(&shared.films, &op);
            match self.send(&shared, &target.base, &op).await {
                Sent::Stored => shared.ledger.acknowledged(path, key, value),
                Sent::Lost(why) => {
                    shared.ledger.in_doubt(key, value, why);
                    break;
                }
                Sent::Unexpected(what) => {
                    shared.ledger.in_doubt(key, value, Doubt::Unexpected);
                    shared.error(format!("{} {path}: {what}", self.name));
                }
            }
        }
        self
    }

    /// The key an operation writes and the value it writes there.
    fn effect(&self, films: &[Film], op: &Op) -> (&'static str, Key, Value) {
        let me = self.name.clone();
        match op {
            Op::Rate { film, halves } => (
                "rest rate",
                Key::Rating(me, films[*film].id),
                Value::Halves(*halves),
            ),
            Op::ChatRate { film, halves } => (
                "chat rate",
                Key::Rating(me, films[*film].id),
                Value::Halves(*halves),
            ),
            Op::WatchlistAdd { film } => (
                "chat watchlist",
                Key::Watchlist(me, films[*film].id),
                Value::Listed,
            ),
            Op::WatchlistRemove { film } => (
                "chat watchlist",
                Key::Watchlist(me, films[*film].id),
                Value::Absent,
            ),
            Op::Region { country } => (
                "chat region",
                Key::Region(me),
                Value::Region(COUNTRIES[*country].1.into()),
            ),
            Op::CreateUser { name } => ("rest user", Key::User(name.clone()), Value::Exists),
        }
    }

    async fn send(&self, shared: &Shared, base: &str, op: &Op) -> Sent {
        let films = &shared.films;
        let chat = |message: String| json!({"user_id": self.user_id, "message": message});
        let (url, body) = match op {
            Op::Rate { film, halves } => (
                "/api/rate",
                json!({"user_id": self.user_id, "movie_id": films[*film].id,
                    "rating": f64::from(*halves) / 2.0}),
            ),
            Op::ChatRate { film, halves } => (
                "/api/chat",
                chat(format!(
                    "rate {} {} stars",
                    films[*film].title,
                    stars(*halves)
                )),
            ),
            Op::WatchlistAdd { film } => (
                "/api/chat",
                chat(format!("add {} to my watchlist", films[*film].title)),
            ),
            Op::WatchlistRemove { film } => (
                "/api/chat",
                chat(format!("remove {} from my watchlist", films[*film].title)),
            ),
            Op::Region { country } => (
                "/api/chat",
                chat(format!("I'm in {}", COUNTRIES[*country].0)),
            ),
            Op::CreateUser { name } => ("/api/user", json!({ "username": name })),
        };
        let (status, answer) = match shared.post(&format!("{base}{url}"), &body).await {
            Ok(answer) => answer,
            Err(e) => return Sent::Lost(doubt(&e)),
        };
        let expected = match op {
            Op::CreateUser { .. } => 201,
            _ => 200,
        };
        if status != expected {
            return Sent::Unexpected(format!("{status} {answer} for {body}"));
        }
        let reply = answer["reply"].as_str().unwrap_or("");
        let stored = match op {
            Op::Rate { film, halves } => {
                answer["rating"].as_f64() == Some(f64::from(*halves) / 2.0)
                    && answer["movie_id"].as_i64() == Some(films[*film].id)
            }
            Op::ChatRate { film, halves } => {
                let f = &films[*film];
                reply.starts_with(&format!("Saved: {} {}★", f.title, stars(*halves)))
                    && answer["movies"][0]["id"].as_i64() == Some(f.id)
            }
            Op::WatchlistAdd { film } => {
                let t = &films[*film].title;
                reply == format!("Added {t} to your watchlist.")
                    || reply == format!("{t} is already on your watchlist.")
            }
            Op::WatchlistRemove { film } => {
                let t = &films[*film].title;
                reply == format!("Removed {t} from your watchlist.")
                    || reply == format!("{t} wasn't on your watchlist.")
            }
            Op::Region { country } => {
                reply.starts_with(&format!("Noted: you watch in {}", COUNTRIES[*country].1))
            }
            Op::CreateUser { name } => answer["username"].as_str() == Some(name),
        };
        if stored {
            Sent::Stored
        } else {
            Sent::Unexpected(format!("answer {answer} to {body}"))
        }
    }
}

/// Why a request got no answer: refused (it never reached a process) or cut off.
fn doubt(e: &reqwest::Error) -> Doubt {
    if e.is_connect() {
        Doubt::Refused
    } else {
        Doubt::Unanswered
    }
}

/// `4` or `4.5`, as people type ratings and the bot echoes them.
fn stars(halves: u8) -> String {
    Stars::from_halves(halves).expect("1-10 halves").to_string()
}

/// One Telegram user pressing ★ buttons under film cards, one press at a time.
pub struct Presser {
    pub telegram_id: i64,
    rng: StdRng,
}

/// What every presser of a run shares besides [`Shared`].
#[derive(Clone)]
pub struct Telegram {
    pub fake: FakeApi,
    pub secret: String,
    /// Update and callback ids, unique across the run (restarts included): Telegram never
    /// reuses them, and the bot drops a redelivered one.
    pub next_id: Arc<AtomicI64>,
}

impl Presser {
    pub fn new(telegram_id: i64, seed: u64) -> Self {
        Self {
            telegram_id,
            rng: StdRng::seed_from_u64(seed),
        }
    }

    pub fn username(&self) -> String {
        format!("telegram:{}", self.telegram_id)
    }

    /// Presses until the process stops answering or `target.stop` is set.
    pub async fn run(mut self, shared: Shared, telegram: Telegram, target: Target) -> Self {
        while !target.stopped() {
            let film = shared.films[self.rng.random_range(0..shared.films.len())].clone();
            // Telegram's cards have whole-star buttons.
            let halves = 2 * self.rng.random_range(1..=5u8);
            let key = Key::Rating(self.username(), film.id);
            let value = Value::Halves(halves);
            match self.press(&shared, &telegram, &target, &film, halves).await {
                Sent::Stored => shared.ledger.acknowledged("telegram ★", key, value),
                Sent::Lost(why) => {
                    shared.ledger.in_doubt(key, value, why);
                    break;
                }
                Sent::Unexpected(what) => {
                    shared.ledger.in_doubt(key, value, Doubt::Unexpected);
                    shared.error(format!("{} ★: {what}", self.username()));
                }
            }
        }
        self
    }

    async fn press(
        &self,
        shared: &Shared,
        telegram: &Telegram,
        target: &Target,
        film: &Film,
        halves: u8,
    ) -> Sent {
        let n = telegram.next_id.fetch_add(1, Ordering::SeqCst);
        let query_id = format!("cq-{n}");
        let me = self.telegram_id;
        let update = callback(
            n,
            &query_id,
            user(me, "Presser"),
            card(n, me, film),
            &rate_data(film.id, halves),
        );
        let sent = shared
            .client
            .post(format!("{}{WEBHOOK_PATH}", target.base))
            .header(SECRET_HEADER, &telegram.secret)
            .json(&update)
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == 200 => {}
            Ok(r) => return Sent::Unexpected(format!("webhook answered {}", r.status())),
            Err(e) => {
                return Sent::Lost(match doubt(&e) {
                    Doubt::Unanswered => Doubt::WebhookUnanswered,
                    other => other,
                });
            }
        }
        // Confirmed when the toast reaches Telegram; the webhook's 200 only says "received".
        let expected = format!("Rated {} {}★", film.title, stars(halves));
        loop {
            // Read before looking at `stop`, so a toast sent just before the kill still counts.
            let stopping = target.stopped();
            if let Some(toast) = toast_for(&telegram.fake, &query_id) {
                return if toast == expected {
                    Sent::Stored
                } else {
                    Sent::Unexpected(format!("toast {toast:?}, expected {expected:?}"))
                };
            }
            if stopping {
                return Sent::Lost(Doubt::Kept);
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// The text of the toast answering callback `query_id`, once it reached the fake.
fn toast_for(fake: &FakeApi, query_id: &str) -> Option<String> {
    fake.calls_to("answerCallbackQuery")
        .into_iter()
        .find(|c| c.params["callback_query_id"] == query_id)
        .map(|c| c.params["text"].as_str().unwrap_or("").to_owned())
}

/// The callback data of the ★ button for `halves` half stars.
fn rate_data(film: i64, halves: u8) -> String {
    Action::Rate {
        movie: PublicMovieId(film),
        stars: Stars::from_halves(halves).expect("1-10 halves"),
    }
    .encode()
}

/// A film card as the bot sends it to `chat`: its title and a row of ★1–★5 buttons.
fn card(message_id: i64, chat: i64, film: &Film) -> Json {
    let row: Vec<Json> = (1..=5u8)
        .map(|s| json!({"text": format!("★{s}"), "callback_data": rate_data(film.id, 2 * s)}))
        .collect();
    let mut m = message(message_id, private_chat(chat), bot_user(), &film.title);
    m["reply_markup"] = json!({ "inline_keyboard": [row] });
    m
}
