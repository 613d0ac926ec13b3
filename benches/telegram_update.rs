//! Real-core Telegram latency: `Telegram::handle_update` in process with the real `ChatCore`
//! on cached data (embedded catalog loaded, the model fitted, a user with 20 ratings among 50
//! others) against the fake Bot API on 127.0.0.1, timed from the call until its last Bot API
//! call has completed. Baselines from the same run: a bare getMe round trip, and the same
//! updates through the same adapter with a core that replays the real core's replies at once.
//!
//! `cargo bench --bench telegram_update` (`BENCH_N=300` for a quick run;
//! `BENCH_TRACE=sqlx::query=debug` logs every SQL statement with its time to stderr).
//!
//! Flood control: teloxide's `Throttle` lets a send through at once only when its worker is
//! idle; after releasing one it sleeps 250 ms, so the next send of *any* chat waits for that
//! tick, and Telegram's own limit holds a chat's next message for 1 s. So: every update goes to
//! a chat of its own (no per-chat limit binds across updates), the limits are raised as in the
//! adapter's bench, and multi-message replies run in lanes, each lane with its own adapter
//! whose worker has been idle ≥ 350 ms when an update starts (`LANES`). A reply's second
//! message still waits for the tick: that pacing is reported, not hidden (see "to first call"
//! and the row with Telegram's real limits).

#[path = "support/seed.rs"]
mod seed;

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use moviebot::chat::ChatCore;
use moviebot::config::{LimitsConfig, RecommenderConfig};
use moviebot::domain::MovieId;
use moviebot_protocol::{
    Action, ChatHandler, Command, Completion, CompletionField, Conversation, Incoming,
    IncomingEvent, Platform, PlatformUser, Reply, Stars,
};
use moviebot_telegram::fake_api::updates::{callback, message, message_update, private_chat, user};
use moviebot_telegram::fake_api::{Call, FakeApi};
use moviebot_telegram::{Limits, Telegram, TelegramSettings};
use serde_json::Value;

const ADA: i64 = 42;
const HEAT: i64 = 949;
const FREE_TEXT: &str = "90s action movies";
/// Concurrent lanes (one adapter each) for replies of several messages.
const LANES: usize = 16;
/// How long a lane's adapter rests before its next update: Throttle's 250 ms tick plus room
/// for scheduling delays on a busy machine, so the update's first send finds the worker idle.
const IDLE: Duration = Duration::from_millis(350);

/// Updates per scenario (`BENCH_N` overrides); free text, at 1.3 s a reply, gets a third.
fn n() -> usize {
    std::env::var("BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000)
}

// ---------------------------------------------------------------- cores

/// The baseline core: the real core's replies for each kind of update, replayed at once.
struct Replay {
    rate: [Reply; 2],
    movie: Reply,
    text: Reply,
}

#[async_trait]
impl ChatHandler for Replay {
    async fn handle(&self, event: IncomingEvent) -> Reply {
        match event.incoming {
            Incoming::Action(Action::Rate { stars, .. }) => {
                self.rate[usize::from(stars.get() > 4.0)].clone()
            }
            Incoming::Command(_) => self.movie.clone(),
            _ => self.text.clone(),
        }
    }

    async fn complete(&self, _: &PlatformUser, _: CompletionField, _: &str) -> Vec<Completion> {
        Vec::new()
    }
}

/// The real core, timed: how long `handle` takes inside the adapter runs.
struct Timed {
    inner: Arc<ChatCore>,
    times: std::sync::Mutex<Vec<Duration>>,
}

impl Timed {
    fn take(&self) -> Vec<Duration> {
        std::mem::take(&mut *self.times.lock().unwrap())
    }
}

#[async_trait]
impl ChatHandler for Timed {
    async fn handle(&self, event: IncomingEvent) -> Reply {
        let start = Instant::now();
        let reply = self.inner.handle(event).await;
        self.times.lock().unwrap().push(start.elapsed());
        reply
    }

    async fn complete(&self, u: &PlatformUser, f: CompletionField, p: &str) -> Vec<Completion> {
        self.inner.complete(u, f, p).await
    }
}

fn ada() -> PlatformUser {
    PlatformUser::new(Platform::Telegram, ADA.to_string(), "Ada")
}

fn stars(i: usize) -> Stars {
    Stars::new(if i.is_multiple_of(2) { 4.0 } else { 5.0 }).unwrap()
}

/// The core's event for the `i`-th update of a scenario (what the adapter makes of it).
fn event(kind: Kind, i: usize) -> IncomingEvent {
    let incoming = match kind {
        Kind::Press => Incoming::Action(Action::Rate {
            movie: moviebot_protocol::PublicMovieId(HEAT),
            stars: stars(i),
        }),
        Kind::Movie => Incoming::command(Command::from_text("movie", &HEAT.to_string())),
        Kind::Text => Incoming::Text(FREE_TEXT.into()),
    };
    IncomingEvent::new(ada(), Conversation::direct(&ada()), incoming)
        .with_event_id(format!("core-{kind:?}-{i}"))
}

/// The catalog, Heat's poster (as TMDb would have it), 50 users × 20 ratings and Ada (a
/// Telegram user) with 20 of her own; then the core, its model fitted.
async fn real_core(dir: &std::path::Path) -> Arc<ChatCore> {
    let (store, movies) = seed::catalog_store(dir).await;
    sqlx::query("UPDATE movies SET poster_path = '/heat.jpg' WHERE tmdb_id = $1")
        .bind(HEAT)
        .execute(store.pool())
        .await
        .unwrap();
    seed::seed_raters(&store, &movies, 50, 20).await;
    let ada = store
        .user_for_identity("telegram", &ADA.to_string(), "Ada")
        .await
        .unwrap();
    for j in 0..20u64 {
        let m = &movies[((77 * 37 + j * 101) % movies.len() as u64) as usize];
        let stars = ((77 + j) % 10 + 1) as f64 / 2.0;
        store
            .upsert_rating(ada.id, MovieId(m.id.0), Stars::exact(stars).unwrap())
            .await
            .unwrap();
    }
    let limits = LimitsConfig {
        chat_per_minute: 1_000_000,
        chat_burst: 1_000_000,
        ..LimitsConfig::default()
    };
    ChatCore::start(store, RecommenderConfig::default(), limits)
        .await
        .unwrap()
}

// ---------------------------------------------------------------- updates

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A ★4/★5 press on Heat's card: answerCallbackQuery + editMessageReplyMarkup.
    Press,
    /// `/movie 949`: a credits line and Heat's photo card (sendMessage + sendPhoto).
    Movie,
    /// "90s action movies": a heading and five cards.
    Text,
}

/// Update ids and chats never repeat within a run.
struct Ids {
    next: i64,
}

impl Ids {
    fn next(&mut self) -> i64 {
        self.next += 1;
        self.next
    }
}

/// A private message from Ada in a chat of its own.
fn text_update(ids: &mut Ids, text: &str) -> (i64, Value) {
    let id = ids.next();
    let chat = 10_000_000 + id;
    let m = message(id, private_chat(chat), user(ADA, "Ada"), text);
    (chat, message_update(id, m))
}

/// teloxide's `Update` (inferred from `handle_update`'s argument), parsed from text as the Bot
/// API delivers it.
fn parse<T: serde::de::DeserializeOwned>(update: &Value) -> T {
    serde_json::from_str(&update.to_string()).unwrap()
}

// ---------------------------------------------------------------- measuring

struct Stats {
    n: usize,
    p50: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
}

fn stats(mut d: Vec<Duration>) -> Stats {
    d.sort();
    let at = |p: f64| d[((d.len() as f64 * p) as usize).min(d.len() - 1)];
    Stats {
        n: d.len(),
        p50: at(0.50),
        p90: at(0.90),
        p99: at(0.99),
        max: *d.last().unwrap(),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

fn row(name: &str, s: &Stats, base: Option<&Stats>, rtt: &Stats) {
    let ratio = |b: &Stats| format!("{:.1}×", s.p99.as_secs_f64() / b.p99.as_secs_f64());
    println!(
        "{name:<52} {:>5} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9}",
        s.n,
        ms(s.p50),
        ms(s.p90),
        ms(s.p99),
        ms(s.max),
        base.map(ratio).unwrap_or_else(|| "—".into()),
        ratio(rtt),
    );
}

fn header(title: &str) {
    println!("\n{title}");
    println!(
        "{:<52} {:>5} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9}",
        "", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "p99/base", "p99/getMe"
    );
}

fn chat_of(call: &Call) -> Option<i64> {
    let id = &call.params["chat_id"];
    id.as_i64()
        .or_else(|| id.as_str().and_then(|s| s.parse().ok()))
}

/// Latencies to the last Bot API call (the update's `handle_update` returning) and to the first
/// (when the fake had answered it), for updates each in a chat of its own.
struct Timings {
    to_last: Vec<Duration>,
    to_first: Vec<Duration>,
}

/// Runs `updates` over `adapters`, one lane each, each lane's adapter idle for [`IDLE`] (or not
/// paced at all when `idle` is false) before an update starts.
async fn run_lanes(
    fake: &FakeApi,
    adapters: &[Arc<Telegram>],
    updates: Vec<(i64, Value)>,
    idle: bool,
) -> Timings {
    fake.clear_calls();
    let lanes = adapters.len();
    let mut per_lane: Vec<Vec<(i64, Value)>> = vec![Vec::new(); lanes];
    for (i, u) in updates.into_iter().enumerate() {
        per_lane[i % lanes].push(u);
    }
    let tasks: Vec<_> = (adapters.iter().cloned().zip(per_lane))
        .map(|(telegram, updates)| {
            tokio::spawn(async move {
                let mut out = Vec::with_capacity(updates.len());
                // The adapter may have sent something just before this run.
                let mut last = idle.then(Instant::now);
                for (chat, update) in updates {
                    if let Some(t) = last.filter(|_| idle) {
                        let rest = IDLE.saturating_sub(t.elapsed());
                        tokio::time::sleep(rest).await;
                    }
                    let update = parse(&update);
                    let start = Instant::now();
                    telegram.handle_update(update).await;
                    out.push((chat, start, start.elapsed()));
                    last = Some(Instant::now());
                }
                out
            })
        })
        .collect();
    let mut runs = Vec::new();
    for t in tasks {
        runs.extend(t.await.unwrap());
    }
    let calls = fake.calls();
    let refused = calls.iter().filter(|c| !c.ok).count();
    assert_eq!(
        refused,
        0,
        "the fake refused calls: {:?}",
        calls.iter().find(|c| !c.ok)
    );
    let mut first = std::collections::HashMap::new();
    for c in &calls {
        if let Some(chat) = chat_of(c) {
            first.entry(chat).or_insert(c.at);
        }
    }
    Timings {
        to_first: (runs.iter())
            .filter_map(|(chat, start, _)| first.get(chat).map(|at| at.duration_since(*start)))
            .collect(),
        to_last: runs.into_iter().map(|r| r.2).collect(),
    }
}

fn adapters(
    fake: &FakeApi,
    core: Arc<dyn ChatHandler>,
    lanes: usize,
    limits: Limits,
) -> Vec<Arc<Telegram>> {
    (0..lanes)
        .map(|_| {
            let mut s = TelegramSettings::new("123456:BENCH");
            s.api_url = Some(fake.url.clone());
            s.limits = limits;
            Arc::new(Telegram::new(s, core.clone()).unwrap())
        })
        .collect()
}

/// Telegram's flood limits raised so that only Throttle's own pacing remains.
fn raised() -> Limits {
    Limits {
        messages_per_sec_chat: 1_000,
        messages_per_min_chat: 100_000,
        messages_per_min_channel_or_supergroup: 100_000,
        messages_per_sec_overall: 10_000,
    }
}

/// `n` rating presses on one card, sequentially on one adapter (answerCallbackQuery and
/// editMessageReplyMarkup are not throttled), alternating ★4/★5 so every press redraws.
async fn presses(fake: &FakeApi, telegram: &Telegram, ids: &mut Ids, n: usize) -> Vec<Duration> {
    // Heat's card in Ada's chat, to press on.
    let (chat, update) = text_update(ids, &format!("/movie {HEAT}"));
    telegram.handle_update(parse(&update)).await;
    let card_id = (fake.messages(chat).iter())
        .find(|m| !m["reply_markup"].is_null())
        .expect("Heat's card")["message_id"]
        .as_i64()
        .unwrap();
    fake.clear_calls();
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let id = ids.next();
        let data = Action::Rate {
            movie: moviebot_protocol::PublicMovieId(HEAT),
            stars: stars(i),
        }
        .encode();
        let u = parse(&callback(
            id,
            &format!("cq-{id}"),
            user(ADA, "Ada"),
            // As Telegram sends it: the message with its current keyboard.
            fake.message(chat, card_id),
            &data,
        ));
        let start = Instant::now();
        telegram.handle_update(u).await;
        times.push(start.elapsed());
    }
    let calls = fake.calls();
    assert!(
        calls.iter().all(|c| c.ok),
        "{:?}",
        calls.iter().find(|c| !c.ok)
    );
    assert_eq!(calls.len(), 2 * n, "an answer and a redraw per press");
    times
}

fn main() {
    if let Ok(filter) = std::env::var("BENCH_TRACE") {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    rt.block_on(bench(dir.path()));
}

async fn bench(dir: &std::path::Path) {
    let n = n();
    let fake = FakeApi::start().await;
    let core = real_core(dir).await;
    // The replies the baseline replays, from the real core (and a warm-up for it).
    let replay = Arc::new(Replay {
        rate: [
            core.handle(event(Kind::Press, 1_000_000)).await,
            core.handle(event(Kind::Press, 1_000_001)).await,
        ],
        movie: core.handle(event(Kind::Movie, 1_000_000)).await,
        text: core.handle(event(Kind::Text, 1_000_000)).await,
    });
    println!(
        "replies: press → {:?}; /movie → {} card(s); free text → {} card(s)",
        replay.rate[0].text,
        replay.movie.cards.len(),
        replay.text.cards.len()
    );
    let mut ids = Ids { next: 0 };

    // Bare round trip: one getMe over HTTP/1.1 keep-alive.
    let http = reqwest::Client::new();
    let get_me = format!("{}/bot123456:BENCH/getMe", fake.url);
    let mut rtt = Vec::with_capacity(n);
    for i in 0..n + 100 {
        let start = Instant::now();
        let r = http.post(&get_me).send().await.unwrap();
        r.bytes().await.unwrap();
        if i >= 100 {
            rtt.push(start.elapsed());
        }
    }
    let rtt = stats(rtt);

    // The core alone, for the same events.
    let mut core_alone = Vec::new();
    for kind in [Kind::Press, Kind::Movie, Kind::Text] {
        let mut t = Vec::with_capacity(n);
        for i in 0..n {
            let e = event(kind, i);
            let start = Instant::now();
            std::hint::black_box(core.handle(e).await);
            t.push(start.elapsed());
        }
        core_alone.push((kind, stats(t)));
    }

    let timed = Arc::new(Timed {
        inner: core.clone(),
        times: Default::default(),
    });
    let real: Arc<dyn ChatHandler> = timed.clone();
    let mut core_inside = Vec::new();
    let fast: Arc<dyn ChatHandler> = replay.clone();
    let mut to_last = Vec::new();
    let mut to_first = Vec::new();
    for (name, handler) in [
        ("real core", real.clone()),
        ("replay (baseline)", fast.clone()),
    ] {
        let one = adapters(&fake, handler.clone(), 1, raised());
        // Warm-up: getMe, connections.
        let warm: Vec<_> = (0..20).map(|_| text_update(&mut ids, "/help")).collect();
        run_lanes(&fake, &one, warm, false).await;
        timed.take();
        let press = presses(&fake, &one[0], &mut ids, n).await;
        to_last.push((Kind::Press, name, stats(press)));
        if name == "real core" {
            core_inside.push((Kind::Press, 1, stats(timed.take())));
        }

        let lanes = adapters(&fake, handler.clone(), LANES, raised());
        let warm: Vec<_> = (0..LANES).map(|_| text_update(&mut ids, "/help")).collect();
        run_lanes(&fake, &lanes, warm, true).await;
        for (kind, count, text) in [
            (Kind::Movie, n, format!("/movie {HEAT}")),
            (Kind::Text, (n / 3).max(LANES), FREE_TEXT.to_string()),
        ] {
            let updates = (0..count).map(|_| text_update(&mut ids, &text)).collect();
            timed.take();
            let t = run_lanes(&fake, &lanes, updates, true).await;
            if name == "real core" {
                core_inside.push((kind, LANES, stats(timed.take())));
            }
            to_last.push((kind, name, stats(t.to_last)));
            to_first.push((kind, name, stats(t.to_first)));
        }
    }
    // With Telegram's real limits (≈1 message/s per chat), a short run.
    let real_limits = adapters(&fake, real.clone(), LANES, Limits::default());
    let warm: Vec<_> = (0..LANES).map(|_| text_update(&mut ids, "/help")).collect();
    run_lanes(&fake, &real_limits, warm, true).await;
    let updates = (0..LANES * 2)
        .map(|_| text_update(&mut ids, &format!("/movie {HEAT}")))
        .collect();
    let limited = run_lanes(&fake, &real_limits, updates, true).await;

    let label = |kind: Kind| match kind {
        Kind::Press => "★ press → answer + edit",
        Kind::Movie => "/movie 949 → text + photo card",
        Kind::Text => "\"90s action movies\" → text + 5 cards",
    };
    println!("\nbaseline: getMe round trip (reqwest → fake, keep-alive)");
    header("");
    row("getMe", &rtt, None, &rtt);

    header("handle_update → last Bot API call done (raised limits, a chat per update)");
    for (kind, name, s) in &to_last {
        let base = (to_last.iter()).find(|(k, b, _)| k == kind && b.starts_with("replay"));
        row(
            &format!("{} · {name}", label(*kind)),
            s,
            base.map(|b| &b.2),
            &rtt,
        );
    }
    row(
        "/movie 949 · real core · Telegram's limits",
        &stats(limited.to_last),
        None,
        &rtt,
    );

    header("handle_update → first Bot API call answered (before any pacing)");
    for (kind, name, s) in &to_first {
        let base = (to_first.iter()).find(|(k, b, _)| k == kind && b.starts_with("replay"));
        row(
            &format!("{} · {name}", label(*kind)),
            s,
            base.map(|b| &b.2),
            &rtt,
        );
    }

    header("ChatCore::handle inside those runs (real core)");
    for (kind, lanes, s) in &core_inside {
        let name = format!("{} · {lanes} lane(s)", label(*kind));
        row(&name, s, None, &rtt);
    }

    header("ChatCore::handle alone, one event at a time, same events");
    for (kind, s) in &core_alone {
        row(label(*kind), s, None, &rtt);
    }
    println!("\ngoal: p99 ≤ 5 ms for one update with cached data");
}
