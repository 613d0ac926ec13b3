//! Test support: the update builders of `fake_api::updates`, a scripted chat core that records
//! what it was asked, and `spawn_app()` (fake Bot API + adapter polling it).

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use moviebot_protocol::{
    Action, ChatHandler, Command, CommandError, Completion, CompletionField, FileOut, Genre,
    Incoming, IncomingEvent, MovieCard, Outcome, Page, PlatformUser, Progress, PublicMovieId,
    Reply, Stars,
};
use moviebot_telegram::{Limits, Telegram, TelegramSettings};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use moviebot_telegram::fake_api::{BOT_USERNAME, FakeApi};

pub const TMDB: &str = "This product uses the TMDB API but is not endorsed or certified by TMDB.";

// ---------------------------------------------------------------- updates

pub use moviebot_telegram::fake_api::updates::*;

// ---------------------------------------------------------------- scripted core

/// Films the script knows: (id, title, year, poster?).
const FILMS: &[(i64, &str, i32, bool)] = &[
    (949, "Heat", 1995, true),
    (27205, "Inception", 2010, true),
    (603, "The Matrix", 1999, false),
    (680, "Pulp <Fiction> & Co", 1994, true),
];

pub fn card(id: i64, rating: Option<Stars>) -> MovieCard {
    let &(id, title, year, poster) = FILMS.iter().find(|f| f.0 == id).unwrap_or(&FILMS[0]);
    let mut c = MovieCard::new(PublicMovieId(id), title);
    c.year = Some(year);
    c.score = Some(7.9);
    c.runtime = Some(170);
    c.genres = vec!["Crime".into(), "Drama".into()];
    c.overview = "A group of professional thieves & a detective <obsessed> with them.".into();
    c.why = Some("Because you liked Ronin".into());
    c.poster_url = poster.then(|| format!("https://image.tmdb.org/t/p/w500/{id}.jpg"));
    c.user_rating = rating;
    c.actions = (1..=5)
        .filter_map(|s| Stars::new(s as f32))
        .map(|stars| Action::Rate {
            movie: PublicMovieId(id),
            stars,
        })
        .chain([
            Action::MoreLikeThis {
                movie: PublicMovieId(id),
            },
            Action::WhereToWatch {
                movie: PublicMovieId(id),
                region: None,
            },
            Action::WatchlistAdd {
                movie: PublicMovieId(id),
            },
        ])
        .collect();
    c
}

fn title(id: i64) -> &'static str {
    FILMS.iter().find(|f| f.0 == id).map(|f| f.1).unwrap_or("?")
}

/// A fake chat core: canned answers, per-user ratings, event-id idempotency, and a record of
/// every event.
#[derive(Default)]
pub struct Script {
    pub events: Mutex<Vec<IncomingEvent>>,
    seen: Mutex<HashSet<String>>,
    /// (user key, movie) → stars.
    pub ratings: Mutex<HashMap<(String, i64), Stars>>,
}

impl Script {
    pub fn events(&self) -> Vec<IncomingEvent> {
        self.events.lock().unwrap().clone()
    }

    pub fn rating(&self, user: &str, movie: i64) -> Option<Stars> {
        self.ratings
            .lock()
            .unwrap()
            .get(&(user.to_owned(), movie))
            .copied()
    }

    fn my_rating(&self, user: &PlatformUser, movie: i64) -> Option<Stars> {
        self.rating(&user.key(), movie)
    }

    fn answer(&self, e: &IncomingEvent) -> Reply {
        match &e.incoming {
            Incoming::Text(t) => Reply::text(format!("You said: {t}")),
            Incoming::Command(_) | Incoming::BadCommand(_) => {
                let (name, text) = command_parts(&e.incoming).unwrap_or_default();
                self.command(e, &name, &text)
            }
            Incoming::Action(a) => self.action(e, a),
            Incoming::Autocomplete { .. } => Reply::default(),
        }
    }

    fn command(&self, e: &IncomingEvent, name: &str, text: &str) -> Reply {
        let u = &e.user;
        match name {
            "start" if text.parse::<i64>().is_ok() => {
                let id = text.parse().unwrap();
                Reply::default().with_cards([card(id, self.my_rating(u, id))])
            }
            "start" => Reply::text(format!("Hi! I'm moviebot 🎬 Pick a few genres.\n{TMDB}"))
                .with_actions([
                    Action::PickGenre {
                        genre: Genre::Action,
                    },
                    Action::PickGenre {
                        genre: Genre::Comedy,
                    },
                    Action::ShowPicks,
                ]),
            "help" => Reply::text(format!("I recommend films. Ask me in plain words.\n{TMDB}")),
            "movie" => Reply::default().with_cards([card(949, self.my_rating(u, 949))]),
            "recommend" => Reply::text("Here are three picks for you:")
                .with_cards([949, 27205, 603].map(|id| card(id, self.my_rating(u, id))))
                .with_actions([Action::NextPage { query: 7, page: 1 }])
                .with_page(Page {
                    index: 0,
                    has_more: true,
                }),
            "search" => {
                let q = text.to_lowercase();
                Reply::text(format!("Films matching \"{q}\"")).with_cards(
                    FILMS
                        .iter()
                        .filter(|f| f.1.to_lowercase().contains(&q))
                        .map(|f| card(f.0, self.my_rating(u, f.0))),
                )
            }
            "group" if e.conversation.is_group() => {
                Reply::text("Picks for everyone here:").with_cards([card(27205, None)])
            }
            "group" => Reply::text("Use /group in a group chat or server channel."),
            "forgetme" => Reply::text("This deletes your ratings for good. Are you sure?")
                .with_actions([Action::ConfirmForget, Action::Cancel])
                .ephemeral(),
            "providers" => Reply::text(format!(
                "Heat in GB: stream on Netflix.\n{TMDB} Streaming data by JustWatch."
            )),
            "long" => Reply::text("x".repeat(5000)).with_notice("data may be stale"),
            "import" => match e.uploads.first() {
                Some(f) => Reply::text(format!("Imported {}: {} bytes.", f.name, f.bytes.len())),
                None => Reply::text("Send me the file with /import as its caption."),
            },
            "export" => Reply::text("Here is everything I store about you.")
                .with_file(FileOut {
                    name: "moviebot-ada.json".into(),
                    mime: "application/json".into(),
                    bytes: br#"{"ratings":[]}"#.to_vec(),
                    caption: "Everything, as JSON".into(),
                })
                .with_file(FileOut {
                    name: "letterboxd.csv".into(),
                    mime: "text/csv".into(),
                    bytes: b"Title,Year,Rating\nHeat,1995,4.5\n".to_vec(),
                    caption: "For Letterboxd's importer".into(),
                }),
            other => Reply::text(format!("I don't know the command /{other}.")),
        }
    }

    fn action(&self, e: &IncomingEvent, a: &Action) -> Reply {
        let u = &e.user;
        match *a {
            Action::Rate { movie, stars } => {
                let id = movie.get();
                self.ratings.lock().unwrap().insert((u.key(), id), stars);
                Reply::text(format!("Saved: {} {stars}. Great taste.", title(id)))
                    .with_cards([card(id, Some(stars))])
                    .with_outcome(Outcome::Rated {
                        movie,
                        title: title(id).into(),
                        stars,
                    })
            }
            Action::Unrate { movie } => {
                let id = movie.get();
                let removed = self.ratings.lock().unwrap().remove(&(u.key(), id));
                Reply::text(format!("Removed your rating of {}.", title(id)))
                    .with_cards([card(id, None)])
                    .with_outcome(Outcome::Unrated {
                        movie,
                        title: title(id).into(),
                        removed: removed.is_some(),
                    })
            }
            Action::MoreLikeThis { movie } => {
                Reply::text(format!("Films like {}:", title(movie.get())))
                    .with_cards([card(27205, None)])
            }
            Action::WatchlistAdd { movie } => {
                Reply::text(format!("Added {} to your watchlist.", title(movie.get()))).ephemeral()
            }
            Action::NextPage { .. } => Reply::text("Page 2:").with_cards([card(680, None)]),
            Action::ConfirmForget => {
                Reply::text("Done — I've forgotten everything about you.").ephemeral()
            }
            Action::Cancel => Reply::text("OK, nothing changed.").ephemeral(),
            _ => Reply::text("ok"),
        }
    }
}

/// A command event as the name and argument text it was typed with (the script answers by
/// name, as a person reading the message would).
pub fn command_parts(incoming: &Incoming) -> Option<(String, String)> {
    let c = match incoming {
        Incoming::Command(c) => c,
        Incoming::BadCommand(CommandError::Unknown { name }) => {
            return Some((name.clone(), String::new()));
        }
        _ => return None,
    };
    let text = match c {
        Command::Start { payload } => payload.film.map(|f| f.to_string()).unwrap_or_default(),
        Command::Similar { title } | Command::Movie { title } => title.0.clone(),
        Command::Search { query } => query.0.clone(),
        Command::Rate { title, stars } => match stars {
            Some(s) => format!("{} {}", title.0, s.get()),
            None => title.0.clone(),
        },
        Command::Providers { title, region } => match region {
            Some(r) => format!("{} {r}", title.0),
            None => title.0.clone(),
        },
        Command::Recommend { words, .. } => words.0.clone(),
        Command::Ask { text } => text.0.clone(),
        _ => String::new(),
    };
    Some((c.spec().name.to_string(), text))
}

#[async_trait]
impl ChatHandler for Script {
    async fn handle(&self, event: IncomingEvent) -> Reply {
        self.events.lock().unwrap().push(event.clone());
        if let Some(id) = event.idempotency_key()
            && !self.seen.lock().unwrap().insert(id)
        {
            return Reply::duplicate();
        }
        self.answer(&event)
    }

    /// Says how far it got, waits long enough for the adapter to show it, then answers.
    async fn handle_with_progress(&self, event: IncomingEvent, progress: Progress) -> Reply {
        progress("Matched 1 of 2 rows".into());
        tokio::time::sleep(Duration::from_millis(2600)).await;
        self.handle(event).await
    }

    async fn complete(
        &self,
        _user: &PlatformUser,
        _field: CompletionField,
        prefix: &str,
    ) -> Vec<Completion> {
        FILMS
            .iter()
            .filter(|f| f.1.to_lowercase().starts_with(&prefix.to_lowercase()))
            .map(|f| Completion::new(format!("{} ({})", f.1, f.2), f.0.to_string()))
            .collect()
    }
}

// ---------------------------------------------------------------- app

/// Generous limits so tests are not paced at 1 message/s per chat.
pub fn fast_limits() -> Limits {
    Limits {
        messages_per_sec_chat: 1_000,
        messages_per_min_chat: 100_000,
        messages_per_min_channel_or_supergroup: 100_000,
        messages_per_sec_overall: 10_000,
    }
}

pub fn settings(api_url: &str) -> TelegramSettings {
    let mut s = TelegramSettings::new("123456:TEST-TOKEN");
    s.api_url = Some(api_url.to_owned());
    s.limits = fast_limits();
    s.poll_timeout = Duration::from_secs(1);
    s.retry_initial = Duration::from_millis(20);
    s.retry_max = Duration::from_millis(200);
    s
}

pub struct TestApp {
    pub fake: FakeApi,
    pub script: Arc<Script>,
    pub telegram: Arc<Telegram>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl TestApp {
    /// Stops the adapter and waits for `run` to return.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .expect("run stops on shutdown")
                .unwrap();
        }
    }
}

/// The fake Bot API, the scripted core and the adapter built on them (not started).
pub async fn build(settings_fn: impl FnOnce(&mut TelegramSettings)) -> TestApp {
    let fake = FakeApi::start().await;
    let script = Arc::new(Script::default());
    let mut s = settings(&fake.url);
    settings_fn(&mut s);
    let telegram = Arc::new(Telegram::new(s, script.clone()).unwrap());
    TestApp {
        fake,
        script,
        telegram,
        stop: None,
        task: None,
    }
}

/// Starts `run` (polling by default) and waits until it polls.
pub async fn spawn_app() -> TestApp {
    let mut app = build(|_| {}).await;
    start(&mut app);
    app.fake
        .wait_until(5, "first getUpdates", |c| {
            c.iter().any(|c| c.method == "deleteWebhook")
        })
        .await;
    app
}

pub fn start(app: &mut TestApp) {
    let (tx, rx) = oneshot::channel::<()>();
    let tg = app.telegram.clone();
    app.task = Some(tokio::spawn(moviebot_telegram::run(tg, async {
        let _ = rx.await;
    })));
    app.stop = Some(tx);
}

pub fn bot_username() -> &'static str {
    BOT_USERNAME
}
