//! Signed-interaction latency through the endpoint, in process: a `/recommend` command
//! (signature check, parse, core call, render of five cards) with a fast fake core, timed from
//! request to response body. Signing happens before the clock starts, as Discord signs.
//!
//! Run: `cargo bench -p moviebot-discord --bench interaction` (REQUESTS=n to change the count).

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use moviebot_discord::testing::{self, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use moviebot_discord::{Discord, DiscordSettings, interactions_router};
use moviebot_protocol::{
    Action, ChatHandler, Completion, CompletionField, IncomingEvent, MovieCard, PlatformUser,
    PublicMovieId, Reply, Stars,
};
use serde_json::json;
use tower::ServiceExt;

struct Fast(Reply);

#[async_trait]
impl ChatHandler for Fast {
    async fn handle(&self, _event: IncomingEvent) -> Reply {
        self.0.clone()
    }
    async fn complete(&self, _: &PlatformUser, _: CompletionField, _: &str) -> Vec<Completion> {
        Vec::new()
    }
}

fn card(n: i64) -> MovieCard {
    let id = PublicMovieId(n);
    let mut c = MovieCard::new(id, format!("Film number {n}"));
    c.year = Some(1995);
    c.runtime = Some(121);
    c.score = Some(7.4);
    c.genres = vec!["Crime".into(), "Drama".into(), "Thriller".into()];
    c.overview = "A long enough overview of a film about people doing things. ".repeat(6);
    c.poster_url = Some(format!("https://image.tmdb.org/t/p/w500/{id}.jpg"));
    c.why = Some("Because you liked Heat".into());
    c.actions = (1..=5)
        .map(|s| Action::Rate {
            movie: id,
            stars: Stars::new(s as f32).unwrap(),
        })
        .chain([
            Action::MoreLikeThis { movie: id },
            Action::WhereToWatch {
                movie: id,
                region: None,
            },
            Action::WatchlistAdd { movie: id },
        ])
        .collect();
    c
}

fn interaction(id: u64) -> Vec<u8> {
    let user = json!({"id": "1500000000000000001", "username": "ada", "discriminator": "0",
        "global_name": "Ada", "avatar": null});
    serde_json::to_vec(&json!({
        "id": id.to_string(), "application_id": "1000000000000000001", "type": 2,
        "data": {"id": "1200000000000000001", "name": "recommend", "type": 1,
            "options": [{"name": "genre", "type": 3, "value": "Crime"}]},
        "guild_id": "1300000000000000001", "channel_id": "1400000000000000001",
        "member": {"user": user, "nick": null, "roles": [],
            "joined_at": "2024-01-01T00:00:00+00:00", "deaf": false, "mute": false,
            "flags": 0, "permissions": "0"},
        "token": format!("token-{id}"), "version": 1, "app_permissions": "0",
        "locale": "en-GB", "guild_locale": "en-US", "entitlements": [], "context": 0,
        "attachment_size_limit": 10485760
    }))
    .unwrap()
}

fn main() {
    let requests: usize = std::env::var("REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let settings = DiscordSettings::new(testing::APP_ID, testing::public_key_hex());
    let reply = Reply::text("Crime films for you")
        .with_cards((1..=5).map(card))
        .with_actions([Action::NextPage { query: 1, page: 1 }]);
    let discord = Arc::new(Discord::new(settings, Arc::new(Fast(reply))).unwrap());
    let router = interactions_router(discord);

    let now = testing::now();
    let signed: Vec<(Vec<u8>, (String, String))> = (0..requests as u64)
        .map(|i| {
            let body = interaction(1_100_000_000_000_000_000 + i);
            let headers = testing::sign(&body, now);
            (body, headers)
        })
        .collect();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut times: Vec<Duration> = rt.block_on(async {
        let mut times = Vec::with_capacity(requests);
        for (body, (sig, ts)) in signed {
            let req = Request::post(testing::PATH)
                .header("content-type", "application/json")
                .header(SIGNATURE_HEADER, sig)
                .header(TIMESTAMP_HEADER, ts)
                .body(Body::from(body))
                .unwrap();
            let started = Instant::now();
            let resp = router.clone().oneshot(req).await.unwrap();
            assert!(resp.status().is_success());
            let bytes = resp.into_body().collect().await.unwrap().to_bytes();
            times.push(started.elapsed());
            assert!(bytes.len() > 1000);
        }
        times
    });
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "signed /recommend through the endpoint, {requests} requests: p50 {:?}  p99 {:?}  max {:?}  mean {:?}",
        pct(0.50),
        pct(0.99),
        times[times.len() - 1],
        mean
    );
}
