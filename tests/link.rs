//! Linked accounts and lasting exclusions (#17) end to end: one app as `moviebot run` builds it
//! with both Discord (signed interactions through the router) and Telegram (updates handled by
//! the real adapter against the fake Bot API), on SQLite and, when configured, PostgreSQL.
//! Codes made on one platform are redeemed on the other, in both directions; wrong, expired,
//! used and same-platform codes are refused; guessing is limited; unlinking leaves a copy on
//! both sides; exclusions outlive a restart, shape the REST picks, are undone from /profile and
//! are forgotten with the user.
//!
//! `cargo test --test link -- --nocapture` prints the conversations.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};

use moviebot::domain::UserId;
use moviebot::store::Store;
use moviebot_protocol::{Action, PublicMovieId};
use moviebot_telegram::fake_api::FakeApi;
use moviebot_telegram::fake_api::updates::*;
use serde_json::{Value, json};
use support::app::TestApp;
use support::discord::{ADA, BOB, Who, button_id, click, command};
use support::http::{request, send};

const ADMIN: &str = "test-admin-token-0123456789";
const HEAT: i64 = 949;
const MATRIX: i64 = 603;
const TOY_STORY: i64 = 862;
/// Telegram accounts.
const ADA_TG: i64 = 42;
const BOB_TG: i64 = 43;
const CAROL_TG: i64 = 44;
const GROUP: i64 = -100_700;
/// A third Discord account.
const ERIN: Who = Who {
    id: "1500000000000000009",
    name: "erin",
};

/// The app with Discord and Telegram, the fake Bot API, and ids for interactions/updates.
struct Both {
    app: TestApp,
    fake: FakeApi,
    next: AtomicU64,
}

async fn both(database: Option<String>) -> Both {
    let fake = FakeApi::start().await;
    let mut builder = TestApp::builder()
        .discord_interactions()
        .telegram(&fake.url)
        .admin_token(ADMIN);
    if let Some(url) = &database {
        builder = builder.database_url(url);
    }
    Both {
        app: builder.build().await,
        fake,
        next: AtomicU64::new(1),
    }
}

impl Both {
    fn id(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// `/name options` by `who` in the Discord server; the whole response.
    async fn discord(&self, who: Who, name: &str, options: Value) -> Value {
        let id = format!("{}", 2_100_000_000_000_000_000 + self.id());
        let (status, body) = self
            .app
            .call(support::discord::signed(
                serde_json::to_vec(&command(&id, who, name, options, true)).unwrap(),
            ))
            .await;
        assert_eq!(status, 200, "{body}");
        println!(
            "Discord {}: /{name} → {}",
            who.name, body["data"]["content"]
        );
        body
    }

    async fn discord_says(&self, who: Who, name: &str, options: Value) -> String {
        let body = self.discord(who, name, options).await;
        body["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// A click by `who` on button `custom_id` of `message` (a response to `who`'s command).
    async fn discord_click(&self, who: Who, message: &Value, custom_id: &str) -> Value {
        let id = format!("{}", 2_100_000_000_000_000_000 + self.id());
        let rows = message["data"]["components"].clone();
        let (status, body) = self
            .app
            .call(support::discord::signed(
                serde_json::to_vec(&click(&id, who, custom_id, rows, who, 64)).unwrap(),
            ))
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// `from` writes `text` to the bot in a private chat; what the bot sent back.
    async fn telegram(&self, from: i64, text: &str) -> String {
        self.telegram_update(from, dm(self.id() as i64, from, text), text)
            .await
    }

    async fn telegram_update(&self, from: i64, update: Value, text: &str) -> String {
        let before = self.fake.effects().len();
        let telegram = self.app.platforms.telegram.as_ref().expect("Telegram");
        telegram
            .handle_update(serde_json::from_str(&update.to_string()).unwrap())
            .await;
        let said: Vec<String> = self.fake.effects()[before..]
            .iter()
            .filter(|c| matches!(c.method.as_str(), "sendMessage" | "sendPhoto"))
            .map(|c| {
                let p = &c.params;
                p["text"]
                    .as_str()
                    .or(p["caption"].as_str())
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        let said = said.join("\n");
        println!("Telegram {from}: {text} → {said}");
        said
    }

    /// `who` pressing "Not for me" for `film` under a card (Discord sends the button's
    /// custom_id; the cards of today do not show this button, the console's `not N` does).
    async fn discord_not_for_me(&self, who: Who, film: i64) -> Value {
        let custom_id = Action::NotInterested {
            movie: PublicMovieId(film),
        }
        .encode();
        let message = json!({"data": {"components": [{"type": 1, "components": [
            {"type": 2, "style": 2, "label": "Not for me", "custom_id": custom_id}]}]}});
        self.discord_click(who, &message, &custom_id).await
    }

    fn store(&self) -> &Store {
        &self.app.store
    }

    /// The stored user behind a platform account.
    async fn user_of(&self, platform: &str, id: &str) -> Option<UserId> {
        sqlx::query_scalar::<_, i64>(
            "SELECT user_id FROM platform_identities WHERE platform = $1 AND platform_user_id = $2",
        )
        .bind(platform)
        .bind(id)
        .fetch_optional(self.store().pool())
        .await
        .unwrap()
        .map(UserId)
    }

    async fn discord_user(&self, who: Who) -> UserId {
        self.user_of("discord", who.id)
            .await
            .expect("a Discord user")
    }

    async fn telegram_user(&self, id: i64) -> UserId {
        self.user_of("telegram", &id.to_string())
            .await
            .expect("a Telegram user")
    }

    /// A user's ratings as (TMDb id, stars), by TMDb id.
    async fn ratings(&self, user: UserId) -> Vec<(i64, f64)> {
        let mut r: Vec<(i64, f64)> = (self.store().ratings_of(user).await.unwrap().iter())
            .map(|r| (r.tmdb_id.unwrap(), f64::from(r.rating.get())))
            .collect();
        r.sort_by_key(|x| x.0);
        r
    }

    /// The user's rows in the tables linking and exclusions add.
    async fn owned_rows(&self, user: UserId) -> i64 {
        let mut n = 0;
        for table in ["link_codes", "link_failures", "user_exclusions"] {
            n += sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {table} WHERE user_id = $1"
            )))
            .bind(user.0)
            .fetch_one(self.store().pool())
            .await
            .unwrap();
        }
        n
    }

    /// REST picks for a user, as TMDb ids.
    async fn rest_picks(&self, user: UserId) -> Vec<i64> {
        let uri = format!("/api/recommendations/{}?limit=50", user.0);
        let (status, body) = self.app.call(request("GET", &uri, None, None)).await;
        assert_eq!(status, 200, "{body}");
        picks_of(&body)
    }
}

fn picks_of(body: &Value) -> Vec<i64> {
    body["movies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

/// The `ABCD-EFGH` code in a reply.
fn code_in(text: &str) -> String {
    let re = regex::Regex::new(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}\b").unwrap();
    re.find(text)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .as_str()
        .to_string()
}

fn code_option(code: &str) -> Value {
    json!([{"name": "code", "type": 3, "value": code}])
}

/// Runs a scenario on SQLite, and on PostgreSQL when `MOVIEBOT_TEST_POSTGRES_URL` is set.
macro_rules! on_both {
    ($($name:ident => $body:ident;)*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$body(None).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    if let Some(url) = crate::support::fresh_postgres_url().await {
                        super::$body(Some(url)).await;
                    }
                }
            )*
        }
    };
}

on_both! {
    a_discord_code_redeemed_on_telegram_joins_everything => discord_code_on_telegram;
    a_telegram_code_redeemed_on_discord_and_codes_that_are_refused => telegram_code_on_discord;
    unlink_keeps_a_copy_on_both_sides => unlink_keeps_copies;
    forgetting_a_user_deletes_codes_and_exclusions => forget_deletes_codes_and_exclusions;
}

async fn discord_code_on_telegram(db: Option<String>) {
    let t = both(db).await;
    // Ada rates on both platforms; on Discord first (an hour earlier), then on Telegram.
    let rate = |film: i64, stars: f64| {
        json!([{"name": "title", "type": 3, "value": film.to_string()},
        {"name": "stars", "type": 10, "value": stars}])
    };
    t.discord(ADA, "rate", rate(HEAT, 2.0)).await;
    t.discord(ADA, "rate", rate(MATRIX, 4.0)).await;
    t.discord(ADA, "watchlist", json!([])).await;
    let on_discord = t.discord_user(ADA).await;
    sqlx::query("UPDATE ratings SET updated_at = updated_at - 3600 WHERE user_id = $1")
        .bind(on_discord.0)
        .execute(t.store().pool())
        .await
        .unwrap();
    t.telegram(ADA_TG, "/rate Heat 5").await;
    t.telegram(ADA_TG, "/rate Toy Story 4").await;
    t.telegram(ADA_TG, "add The Matrix to my watchlist").await;
    // Ada speaks in a Telegram group: the group knows her Telegram user for now.
    let group_message = message_update(
        t.id() as i64,
        message(
            9_000 + t.id() as i64,
            group_chat(GROUP),
            user(ADA_TG, "Ada"),
            "hi all",
        ),
    );
    t.telegram_update(ADA_TG, group_message, "hi all (in the group)")
        .await;
    let on_telegram = t.telegram_user(ADA_TG).await;
    assert_ne!(on_discord, on_telegram);

    let said = t.discord_says(ADA, "link", json!([])).await;
    assert!(said.contains("Your link code"), "{said}");
    let code = code_in(&said);
    let said = t.telegram(ADA_TG, &format!("/link {code}")).await;
    assert!(
        said.contains("Linked: you're one person now — 3 ratings, 1 on your watchlist"),
        "{said}"
    );
    assert!(
        said.contains("Discord (ada)") && said.contains("Telegram"),
        "{said}"
    );

    // The code's maker survives; the Telegram account is now theirs; the other user is gone.
    assert_eq!(t.telegram_user(ADA_TG).await, on_discord);
    assert!(t.store().user(on_telegram).await.unwrap().is_none());
    // The later rating of Heat (Telegram's 5) won; both sides' films are there.
    assert_eq!(
        t.ratings(on_discord).await,
        [(MATRIX, 4.0), (TOY_STORY, 4.0), (HEAT, 5.0)]
    );
    assert_eq!(t.store().watchlist(on_discord).await.unwrap().len(), 1);
    // The group sees the same user id as the Discord server.
    let members: Vec<i64> =
        sqlx::query_scalar("SELECT DISTINCT user_id FROM conversation_members ORDER BY user_id")
            .fetch_all(t.store().pool())
            .await
            .unwrap();
    assert_eq!(members, [on_discord.0]);
    // A rating on Telegram now lands on the one user.
    t.telegram(ADA_TG, "/rate Heat 3").await;
    assert!(t.ratings(on_discord).await.contains(&(HEAT, 3.0)));

    // Recommendations use every rating: none of the rated films comes back, on REST either.
    let picks = t.rest_picks(on_discord).await;
    assert!(!picks.is_empty());
    for film in [HEAT, MATRIX, TOY_STORY] {
        assert!(
            !picks.contains(&film),
            "{film} was rated on one side: {picks:?}"
        );
    }
    // The model refits at once (the link made the rebuild due); after it the absorbed user
    // is gone from the model and the survivor is one row.
    assert!(t.app.core.recommender().pending_ratings() > 0);
    t.app.core.refresh().await.unwrap();
    let model = t.app.core.recommender().model();
    assert!(!model.ratings.user_ids.contains(&on_telegram.0));
    assert!(model.ratings.user_ids.contains(&on_discord.0));

    // The code is spent.
    let said = t.telegram(BOB_TG, &format!("/link {code}")).await;
    assert!(said.contains("already been used"), "{said}");
    // Both accounts show on the REST profile.
    let (status, profile) = t
        .app
        .call(request(
            "GET",
            &format!("/api/user/{}", on_discord.0),
            None,
            None,
        ))
        .await;
    assert_eq!(status, 200);
    let platforms: Vec<&str> = (profile["identities"].as_array().unwrap().iter())
        .map(|i| i["platform"].as_str().unwrap())
        .collect();
    assert_eq!(platforms.len(), 2, "{profile}");
    assert!(platforms.contains(&"discord") && platforms.contains(&"telegram"));
}

async fn telegram_code_on_discord(db: Option<String>) {
    let t = both(db).await;
    t.telegram(CAROL_TG, "/rate Heat 4").await;
    let carol_tg = t.telegram_user(CAROL_TG).await;
    t.discord(
        BOB,
        "rate",
        json!([{"name": "title", "type": 3, "value": MATRIX.to_string()},
        {"name": "stars", "type": 10, "value": 5.0}]),
    )
    .await;

    // Made on Telegram, redeemed on Discord by Bob: Carol's Telegram user survives.
    let code = code_in(&t.telegram(CAROL_TG, "/link").await);
    let said = t.discord_says(BOB, "link", code_option(&code)).await;
    assert!(
        said.contains("Linked: you're one person now — 2 ratings"),
        "{said}"
    );
    assert_eq!(t.discord_user(BOB).await, carol_tg);
    assert_eq!(t.ratings(carol_tg).await, [(MATRIX, 5.0), (HEAT, 4.0)]);

    // Not a code at all: explained, not counted.
    let said = t.discord_says(ADA, "link", code_option("banana")).await;
    assert!(said.contains("doesn't look like a link code"), "{said}");
    // Two accounts on one platform: refused, with why, and the code stays good.
    let ada_code = code_in(&t.discord_says(ADA, "link", json!([])).await);
    let said = t.telegram(CAROL_TG, &format!("/link {ada_code}")).await;
    assert!(
        said.contains("both sides already have a Discord account")
            && said.contains("One person has one account per platform"),
        "{said}"
    );
    let said = t.telegram(ADA_TG, &format!("/link {ada_code}")).await;
    assert!(
        said.contains("Linked"),
        "a refused code was not spent: {said}"
    );
    // An expired code.
    let bob_tg_code = code_in(&t.telegram(BOB_TG, "/link").await);
    let dave = t.telegram_user(BOB_TG).await;
    sqlx::query("UPDATE link_codes SET expires_at = 0 WHERE user_id = $1")
        .bind(dave.0)
        .execute(t.store().pool())
        .await
        .unwrap();
    let said = t.discord_says(BOB, "link", code_option(&bob_tg_code)).await;
    assert!(said.contains("expired"), "{said}");

    // Guessing: five wrong codes, each told how many tries are left; then even a good code
    // waits.
    let good = code_in(&t.telegram(BOB_TG, "/link").await);
    for left in ["4 tries", "3 tries", "2 tries", "1 try", "0 tries"] {
        let said = t.discord_says(ERIN, "link", code_option("ZZZZ-ZZZZ")).await;
        assert!(said.contains("doesn't match any link code"), "{said}");
        assert!(said.contains(&format!("{left} left")), "{said}");
    }
    let said = t.discord_says(ERIN, "link", code_option(&good)).await;
    assert!(said.contains("too many wrong codes"), "{said}");
    let erin = t.discord_user(ERIN).await;
    assert_ne!(erin, dave, "the limit kept the good code from linking");
    // Everyone together: once 100 wrong codes were tried in ten minutes, linking pauses.
    for _ in 0..100 {
        sqlx::query("INSERT INTO link_failures (user_id, at) VALUES ($1, $2)")
            .bind(erin.0)
            .bind(moviebot::store::now())
            .execute(t.store().pool())
            .await
            .unwrap();
    }
    let said = t.telegram(CAROL_TG, &format!("/link {good}")).await;
    assert!(said.contains("Linking is paused"), "{said}");
}

async fn unlink_keeps_copies(db: Option<String>) {
    let t = both(db).await;
    t.telegram(ADA_TG, "/rate Heat 5").await;
    t.telegram(ADA_TG, "never recommend Titanic again").await;
    t.discord(
        ADA,
        "rate",
        json!([{"name": "title", "type": 3, "value": MATRIX.to_string()},
        {"name": "stars", "type": 10, "value": 4.0}]),
    )
    .await;
    let code = code_in(&t.discord_says(ADA, "link", json!([])).await);
    t.telegram(ADA_TG, &format!("/link {code}")).await;
    let ada = t.discord_user(ADA).await;
    assert_eq!(t.telegram_user(ADA_TG).await, ada);
    let said = t.discord_says(ADA, "profile", json!([])).await;
    assert!(
        said.contains("Linked accounts: ") && said.contains("Discord (ada)"),
        "{said}"
    );

    let said = t.telegram(ADA_TG, "/unlink").await;
    assert!(
        said.contains("Unlinked: this account is on its own again, with a copy of your 2 ratings"),
        "{said}"
    );
    let tg = t.telegram_user(ADA_TG).await;
    assert_ne!(tg, ada);
    let both_films = [(MATRIX, 4.0), (HEAT, 5.0)];
    assert_eq!(t.ratings(ada).await, both_films);
    assert_eq!(t.ratings(tg).await, both_films);
    assert_eq!(t.store().exclusions(tg).await.unwrap().len(), 1);
    assert_eq!(t.store().exclusions(ada).await.unwrap().len(), 1);
    // From now on they are two: a Telegram rating stays on Telegram.
    t.telegram(ADA_TG, "/rate The Matrix 1").await;
    assert!(t.ratings(tg).await.contains(&(MATRIX, 1.0)));
    assert!(t.ratings(ada).await.contains(&(MATRIX, 4.0)));
    // The last account cannot be unlinked; an account not linked is said so.
    let said = t.discord_says(ADA, "unlink", json!([])).await;
    assert!(said.contains("only account"), "{said}");
    let said = t
        .discord_says(
            ADA,
            "unlink",
            json!([{"name": "platform", "type": 3, "value": "telegram"}]),
        )
        .await;
    assert!(said.contains("no Telegram account"), "{said}");
}

async fn forget_deletes_codes_and_exclusions(db: Option<String>) {
    let t = both(db).await;
    // On Telegram: a code, a wrong code, an exclusion; then /forgetme, confirmed.
    t.telegram(ADA_TG, "/link").await;
    t.telegram(ADA_TG, "/link ZZZZ-ZZZZ").await;
    t.telegram(ADA_TG, "never show me Titanic").await;
    let ada = t.telegram_user(ADA_TG).await;
    assert_eq!(t.owned_rows(ada).await, 3);
    let prompt = support::chat::command(
        &t.app.core,
        &support::chat::user(&ADA_TG.to_string()),
        "forgetme",
        "",
    )
    .await;
    assert!(
        prompt.actions.contains(&Action::ConfirmForget),
        "{prompt:?}"
    );
    support::chat::press(
        &t.app.core,
        &support::chat::user(&ADA_TG.to_string()),
        Action::ConfirmForget,
    )
    .await;
    assert!(t.store().user(ada).await.unwrap().is_none());
    assert_eq!(t.owned_rows(ada).await, 0);

    // Over REST: DELETE /api/user/{id} too.
    let code = code_in(&t.discord_says(ADA, "link", json!([])).await);
    t.discord(ADA, "help", json!([])).await;
    t.discord_not_for_me(ADA, HEAT).await;
    let ada = t.discord_user(ADA).await;
    assert_eq!(t.owned_rows(ada).await, 2, "{code}");
    let (status, _) = t
        .app
        .call(request(
            "DELETE",
            &format!("/api/user/{}", ada.0),
            None,
            Some(ADMIN),
        ))
        .await;
    assert_eq!(status, 204);
    assert_eq!(t.owned_rows(ada).await, 0);
}

/// Exclusions made in chat outlive a restart on the same SQLite file, keep the REST picks
/// free of the film, weigh down what "less of this" named, and are undone from /profile.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exclusions_survive_a_restart_and_shape_the_rest_picks() {
    let t = both(None).await;
    let me = support::chat::user(&ADA_TG.to_string());
    let core = t.app.core.clone();
    support::chat::say(&core, &me, "I'd give Toy Story 5 stars").await;
    let ada = t.telegram_user(ADA_TG).await;
    let before = t.rest_picks(ada).await;
    let (first, second) = (before[0], before[1]);
    let lib = core.library();
    let title = |id: i64| {
        lib.by_public(PublicMovieId(id))
            .unwrap()
            .movie
            .title
            .clone()
    };

    // "Not for me" on the top pick, "never show me …" for the second, by name.
    let r = support::chat::press(
        &core,
        &me,
        Action::NotInterested {
            movie: PublicMovieId(first),
        },
    )
    .await;
    assert!(r.text.contains("won't suggest"), "{}", r.text);
    let r = support::chat::say(
        &core,
        &me,
        &format!("never show me {} again", title(second)),
    )
    .await;
    println!("never show me {} again → {}", title(second), r.text);
    assert!(r.text.contains("never recommend"), "{}", r.text);
    assert!(matches!(r.actions[..], [Action::Unexclude { slot: 0, .. }]));
    // "less of this" about a film shown: what was down-weighted is said.
    support::chat::say(&core, &me, "tell me about Titanic").await;
    let r = support::chat::say(&core, &me, "less of this").await;
    println!("less of this (after Titanic) → {}", r.text);
    assert!(r.text.contains("Noted: fewer Romance films"), "{}", r.text);

    // Restarted on the same file: nothing of the first app's memory carries over.
    let again = t.app.restart().await;
    let (status, body) = send(
        again.router(),
        request(
            "GET",
            &format!("/api/recommendations/{}?limit=50", ada.0),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, 200);
    let picks = picks_of(&body);
    assert!(
        !picks.contains(&first) && !picks.contains(&second),
        "{picks:?}"
    );
    // Romance films are weighed down, not gone: fewer of them in the top 50 than before.
    let romance = |ids: &[i64]| {
        ids.iter()
            .filter(|id| {
                lib.by_public(PublicMovieId(**id))
                    .is_some_and(|m| m.movie.genres.iter().any(|g| g == "Romance"))
            })
            .count()
    };
    let (status, body) = send(
        again.router(),
        request(
            "GET",
            &format!("/api/recommendations/{}?limit=50", ada.0),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert!(romance(&picks_of(&body)) <= romance(&before), "{body}");
    // Chat picks on the restarted app leave them out too.
    let r = support::chat::say(&again.core, &me, "what should I watch?").await;
    assert!(!support::chat::ids(&r).contains(&first));

    // /profile lists them with undo buttons; undoing the first brings it back.
    let profile = support::chat::command(&again.core, &me, "profile", "").await;
    println!(
        "/profile → {}\n  buttons: {:?}",
        profile.text, profile.actions
    );
    assert!(
        profile.text.contains("Never recommended: "),
        "{}",
        profile.text
    );
    assert!(profile.text.contains("Shown less: ") && profile.text.contains("Romance (genre)"));
    let undo_first = profile
        .actions
        .iter()
        .find(|a| matches!(a, Action::Unexclude { slot: 3, .. }))
        .cloned()
        .expect("three undo buttons, the oldest (the top pick) third");
    let r = support::chat::press(&again.core, &me, undo_first.clone()).await;
    assert!(
        r.text.contains(&format!("Undone: {}", title(first))),
        "{}",
        r.text
    );
    let r = support::chat::press(&again.core, &me, undo_first).await;
    assert!(r.text.contains("already undone"), "{}", r.text);
    // The film is a candidate again (whether it makes the top 50 now depends on the
    // refitted model and on one film per collection).
    let internal = lib.by_public(PublicMovieId(first)).unwrap().id.0;
    let input = again.core.picks().input(ada).await.unwrap();
    assert!(!input.excluded.contains(&internal), "{:?}", input.excluded);
    assert_eq!(again.store.exclusions(ada).await.unwrap().len(), 2);
}

/// On Discord: "Not for me" on Heat, then the undo button in /profile.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_discord_user_undoes_an_exclusion_from_profile() {
    let t = both(None).await;
    let r = t.discord_not_for_me(ADA, HEAT).await;
    println!("Not for me → {}", r["data"]["content"]);
    let ada = t.discord_user(ADA).await;
    assert!(!t.rest_picks(ada).await.contains(&HEAT));
    let profile = t.discord(ADA, "profile", json!([])).await;
    let text = profile["data"]["content"].as_str().unwrap();
    assert!(text.contains("Never recommended: 1. Heat"), "{text}");
    let undone = t
        .discord_click(ADA, &profile, &button_id(&profile, "↩ Undo 1"))
        .await;
    println!("↩ Undo 1 → {}", undone["data"]["content"]);
    assert!(
        undone["data"]["content"]
            .as_str()
            .unwrap()
            .contains("Heat can be recommended again"),
        "{undone}"
    );
    assert!(t.store().exclusions(ada).await.unwrap().is_empty());
}

/// An admin's code over REST links a chat account into a REST user (who survives).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_rest_link_code_joins_a_chat_account_into_the_rest_user() {
    let t = both(None).await;
    let (status, made) = t
        .app
        .call(request(
            "POST",
            "/api/user",
            Some(r#"{"username": "web-ada"}"#),
            Some(ADMIN),
        ))
        .await;
    assert_eq!(status, 201, "{made}");
    let id = made["user_id"].as_i64().unwrap();
    let uri = format!("/api/user/{id}/link-code");
    let (status, _) = t.app.call(request("POST", &uri, None, None)).await;
    assert_eq!(status, 401, "admin only");
    let (status, body) = t.app.call(request("POST", &uri, None, Some(ADMIN))).await;
    assert_eq!(status, 201, "{body}");
    assert!(body["expires_at"].as_i64().unwrap() > moviebot::store::now());
    let code = body["code"].as_str().unwrap();
    t.telegram(ADA_TG, "/rate Heat 4").await;
    let said = t.telegram(ADA_TG, &format!("/link {code}")).await;
    assert!(
        said.contains("Linked: you're one person now — 1 rating,"),
        "{said}"
    );
    assert_eq!(t.telegram_user(ADA_TG).await, UserId(id));
    let (status, _) = t
        .app
        .call(request(
            "POST",
            "/api/user/999999/link-code",
            None,
            Some(ADMIN),
        ))
        .await;
    assert_eq!(status, 404);
}
