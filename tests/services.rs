//! "My services" end to end: `/services` toggles on Discord (signed interactions) and on
//! Telegram (the fake Bot API) store the choice and redraw the list; lists limited to the
//! user's services show only what the fake TMDb says streams on them (Canada, where the fake's
//! films differ per service: odd ids on FlixNet, multiples of three on StreamBox); the REST
//! `GET/PUT /api/user/{id}/services` round trip and its validation.

mod support;

use std::time::Duration;

use moviebot::domain::UserId;
use moviebot_protocol::{Action, Command, Incoming, IncomingEvent, Reply};
use serde_json::{Value, json};
use support::app::{TestApp, TestAppBuilder};
use support::chat::{self as core_chat, ids, press, say};
use support::fake_tmdb::{FakeTmdb, streams_in_ca};
use support::http::request;

/// The app on the fake TMDb, with Canada as the default region.
fn in_canada(fake: &FakeTmdb) -> TestAppBuilder {
    TestApp::builder().tmdb(fake).set("tmdb", "region", "CA")
}

async fn services_of(app: &TestApp, user: UserId) -> Vec<i64> {
    app.store
        .services(user)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect()
}

async fn user_id(app: &TestApp, username: &str) -> UserId {
    support::user_named(&app.store, username)
        .await
        .unwrap_or_else(|| panic!("no user {username}"))
}

fn toggle_labels(r: &Reply) -> Vec<String> {
    r.toggles.iter().map(|t| t.label()).collect()
}

// ---------------------------------------------------------------- Discord

mod discord {
    use super::*;
    use support::discord::*;
    use support::discord_app::app_with;

    fn labels(response: &Value) -> Vec<String> {
        components(response)
            .iter()
            .filter_map(|c| c["label"].as_str().map(str::to_owned))
            .collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn toggles_store_the_services_and_redraw_the_list_in_place() {
        let fake = FakeTmdb::start().await;
        let app = app_with(|b| b.tmdb(&fake).set("tmdb", "region", "CA")).await;
        let list = app
            .ok(&command(
                "2100000000000000001",
                ADA,
                "services",
                json!([]),
                true,
            ))
            .await;
        assert_eq!(list["type"], 4);
        assert_eq!(list["data"]["flags"], 64, "private: {list}");
        let shown = labels(&list);
        assert_eq!(&shown[..3], ["FlixNet", "StreamBox", "RentalHub"], "{list}");
        assert!(shown.len() <= 25, "Discord's 5 rows of 5");
        assert!(list["data"]["components"].as_array().unwrap().len() <= 5);

        let on = button_id(&list, "FlixNet");
        assert_eq!(on, "mb1:t:1:1");
        let rows = list["data"]["components"].clone();
        let redrawn = app
            .ok(&click(
                "2100000000000000002",
                ADA,
                &on,
                rows.clone(),
                ADA,
                64,
            ))
            .await;
        assert_eq!(
            redrawn["type"], 7,
            "the list is redrawn in place: {redrawn}"
        );
        assert!(
            labels(&redrawn).contains(&"✓ FlixNet".to_string()),
            "{redrawn}"
        );
        let ada = app.user(ADA).await.unwrap();
        assert_eq!(super::services_of(&app, ada).await, [1]);

        // The same press again (a stale copy of the list): the wanted state is already so.
        let again = app
            .ok(&click("2100000000000000003", ADA, &on, rows, ADA, 64))
            .await;
        assert_eq!(again["type"], 7);
        assert_eq!(super::services_of(&app, ada).await, [1]);

        let off = button_id(&redrawn, "✓ FlixNet");
        assert_eq!(off, "mb1:t:1:0");
        let rows = redrawn["data"]["components"].clone();
        let cleared = app
            .ok(&click("2100000000000000004", ADA, &off, rows, ADA, 64))
            .await;
        assert!(
            labels(&cleared).contains(&"FlixNet".to_string()),
            "{cleared}"
        );
        assert!(super::services_of(&app, ada).await.is_empty());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn recommend_services_only_is_a_boolean_option() {
        let fake = FakeTmdb::start().await;
        let app = app_with(|b| b.tmdb(&fake).set("tmdb", "region", "CA")).await;
        let none = app
            .ok(&command(
                "2100000000000000011",
                ADA,
                "recommend",
                json!([{"name": "services_only", "type": 5, "value": true}]),
                true,
            ))
            .await;
        assert!(
            none.to_string().contains("/services"),
            "no services yet points to /services: {none}"
        );
    }
}

// ---------------------------------------------------------------- Telegram

mod telegram {
    use super::*;
    use moviebot_telegram::fake_api::updates::*;
    use moviebot_telegram::fake_api::{Call, FakeApi};
    use tokio::sync::watch;

    const ADA: i64 = 42;

    async fn wait(fake: &FakeApi, before: usize, done: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        fake.wait_until(60, "the bot's answer", |_| done(&fake.effects()[before..]))
            .await;
        fake.effects()[before..].to_vec()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn toggles_store_the_services_and_redraw_the_keyboard() {
        let tmdb = FakeTmdb::start().await;
        let fake = FakeApi::start().await;
        let app = in_canada(&tmdb).telegram(&fake.url).build().await;
        let (stop, stopped) = watch::channel(false);
        let tasks = app.platforms.spawn(|| {
            let mut stopped = stopped.clone();
            async move {
                let _ = stopped.wait_for(|s| *s).await;
            }
        });

        let before = fake.effects().len();
        fake.push(dm(1, ADA, "/services"));
        wait(&fake, before, |c| {
            c.iter().any(|c| c.method == "sendMessage")
        })
        .await;
        let list = fake.last_message(ADA);
        let rows = labels(&list["reply_markup"]);
        assert_eq!(rows[0], ["FlixNet", "StreamBox"], "{list}");
        let on = button_data(&list["reply_markup"], "StreamBox");

        let before = fake.effects().len();
        fake.push(callback(2, "cq-2", user(ADA, "Ada"), list.clone(), &on));
        let done = wait(&fake, before, |c| {
            c.iter().any(|c| c.method == "editMessageReplyMarkup")
        })
        .await;
        let toast = done
            .iter()
            .find(|c| c.method == "answerCallbackQuery")
            .unwrap();
        assert_eq!(toast.params["text"], "StreamBox: on");
        let edit = done
            .iter()
            .find(|c| c.method == "editMessageReplyMarkup")
            .unwrap();
        assert_eq!(edit.params["message_id"], list["message_id"]);
        assert_eq!(
            labels(&edit.params["reply_markup"])[0],
            ["FlixNet", "✓ StreamBox"]
        );
        let ada = user_id(&app, &format!("telegram:{ADA}")).await;
        assert_eq!(services_of(&app, ada).await, [2]);

        // Pressed twice (Telegram redelivers, or a double tap on the old keyboard): still on,
        // and nothing new to draw.
        let before = fake.effects().len();
        fake.push(callback(3, "cq-3", user(ADA, "Ada"), list, &on));
        wait(&fake, before, |c| {
            c.iter().any(|c| c.method == "answerCallbackQuery")
        })
        .await;
        assert_eq!(services_of(&app, ada).await, [2]);

        stop.send(true).unwrap();
        for t in tasks {
            tokio::time::timeout(Duration::from_secs(60), t)
                .await
                .unwrap()
                .unwrap();
        }
    }
}

// ---------------------------------------------------------------- limited picks

async fn ask(app: &TestApp, who: &moviebot_protocol::PlatformUser, text: &str) -> Reply {
    say(&app.core, who, text).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picks_on_my_services_show_only_what_streams_there_and_follow_the_toggles() {
    let fake = FakeTmdb::start().await;
    let app = in_canada(&fake).build().await;
    let ada = core_chat::user("7001");

    let none = ask(&app, &ada, "what can I watch on my services tonight").await;
    assert!(none.cards.is_empty());
    assert!(none.text.contains("/services"), "{}", none.text);

    let list = core_chat::command(&app.core, &ada, "services", "").await;
    assert!(list.ephemeral);
    assert_eq!(&toggle_labels(&list)[..2], ["FlixNet", "StreamBox"]);
    let after = press(
        &app.core,
        &ada,
        Action::SetService {
            provider: 2,
            on: true,
        },
    )
    .await;
    assert_eq!(&toggle_labels(&after)[..2], ["FlixNet", "✓ StreamBox"]);

    let picks = ask(&app, &ada, "what can I watch on my services tonight").await;
    let shown = ids(&picks);
    assert!(!shown.is_empty(), "{picks:?}");
    for id in &shown {
        assert!(
            streams_in_ca(*id).iter().any(|s| s.0 == 2),
            "{id} is not on StreamBox: {shown:?}"
        );
    }
    assert!(
        picks.cards.iter().all(|c| c
            .why
            .as_deref()
            .is_some_and(|w| w.contains("On your StreamBox"))),
        "{:?}",
        picks.cards
    );
    let q = fake.last_query("/discover/movie").unwrap();
    assert!(q.contains("with_watch_providers=2"), "{q}");
    assert!(q.contains("watch_region=CA"), "{q}");
    assert!(q.contains("with_watch_monetization_types=flatrate"), "{q}");

    // Other toggles, other films.
    press(
        &app.core,
        &ada,
        Action::SetService {
            provider: 2,
            on: false,
        },
    )
    .await;
    press(
        &app.core,
        &ada,
        Action::SetService {
            provider: 1,
            on: true,
        },
    )
    .await;
    let event = IncomingEvent::direct(
        ada.clone(),
        Incoming::Command(Command::Recommend {
            genre: None,
            mood: None,
            decade: None,
            services_only: Some(true),
            words: Default::default(),
        }),
    );
    use moviebot_protocol::ChatHandler;
    let picks = app.core.handle(event).await;
    let now = ids(&picks);
    assert!(!now.is_empty(), "{picks:?}");
    for id in &now {
        assert!(
            streams_in_ca(*id).iter().any(|s| s.0 == 1),
            "{id} is not on FlixNet: {now:?}"
        );
    }
    assert_ne!(now, shown);

    // Naming a service limits to that one alone, had or not (nothing streams on Netflix in
    // the fake's Canada).
    let netflix = ask(&app, &ada, "what can I watch on Netflix tonight").await;
    let q = fake.last_query("/discover/movie").unwrap();
    assert!(q.contains("with_watch_providers=8&"), "{q}");
    assert!(netflix.cards.is_empty(), "{netflix:?}");

    // The profile lists them.
    let profile = core_chat::command(&app.core, &ada, "profile", "").await;
    assert!(
        profile.text.contains("Your services: FlixNet"),
        "{}",
        profile.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_says_on_your_service_when_its_providers_are_already_cached() {
    let fake = FakeTmdb::start().await;
    let app = in_canada(&fake).build().await;
    let ada = core_chat::user("7003");
    press(
        &app.core,
        &ada,
        Action::SetService {
            provider: 1,
            on: true,
        },
    )
    .await;
    // Moss and Marrow (9003) streams on FlixNet and StreamBox in Canada; its details (with
    // providers appended) are fetched and cached when it is opened.
    let opened = core_chat::command(&app.core, &ada, "movie", "9003").await;
    assert_eq!(ids(&opened), [9003]);
    let calls = fake.total_calls();
    let found = core_chat::command(&app.core, &ada, "search", "Moss and Marrow").await;
    let card = found.cards.iter().find(|c| c.id.get() == 9003).unwrap();
    assert!(
        card.why
            .as_deref()
            .is_some_and(|w| w.contains("On your FlixNet")),
        "{card:?}"
    );
    assert_eq!(
        fake.calls("/movie/9003/watch/providers"),
        0,
        "marks never ask TMDb"
    );
    assert!(fake.total_calls() <= calls + 1, "only the search itself");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linked_accounts_share_their_services_and_unlinking_keeps_a_copy() {
    let app = TestApp::builder().build().await;
    let on_telegram = core_chat::user("7004");
    let on_discord =
        moviebot_protocol::PlatformUser::new(moviebot_protocol::Platform::Discord, "7004", "Ada");
    press(
        &app.core,
        &on_telegram,
        Action::SetService {
            provider: 8,
            on: true,
        },
    )
    .await;
    press(
        &app.core,
        &on_discord,
        Action::SetService {
            provider: 8,
            on: true,
        },
    )
    .await;
    press(
        &app.core,
        &on_discord,
        Action::SetService {
            provider: 337,
            on: true,
        },
    )
    .await;
    let code = core_chat::command(&app.core, &on_telegram, "link", "").await;
    let code = regex::Regex::new(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}\b")
        .unwrap()
        .find(&code.text)
        .unwrap_or_else(|| panic!("no code in {:?}", code.text))
        .as_str()
        .to_owned();
    let linked = core_chat::command(&app.core, &on_discord, "link", &code).await;
    assert!(!linked.text.is_empty());
    let user = user_id(&app, "telegram:7004").await;
    assert_eq!(
        services_of(&app, user).await,
        [337, 8],
        "Disney Plus, Netflix by name"
    );
    core_chat::command(&app.core, &on_discord, "unlink", "").await;
    assert_eq!(services_of(&app, user).await, [337, 8]);
    let copy = app.core.users().id_for(&on_discord).await.unwrap();
    assert_ne!(copy, user);
    assert_eq!(services_of(&app, copy).await, [337, 8]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_tmdb_the_list_is_the_well_known_one_and_the_limit_says_it_needs_tmdb() {
    let app = TestApp::builder().build().await;
    let ada = core_chat::user("7002");
    let list = core_chat::command(&app.core, &ada, "services", "").await;
    assert_eq!(toggle_labels(&list)[0], "Netflix");
    assert!(list.notice.as_deref().unwrap().contains("TMDb"), "{list:?}");
    let on = press(
        &app.core,
        &ada,
        Action::SetService {
            provider: 8,
            on: true,
        },
    )
    .await;
    assert_eq!(toggle_labels(&on)[0], "✓ Netflix");
    let limited = ask(&app, &ada, "only on my services").await;
    assert!(limited.cards.is_empty());
    assert!(limited.text.contains("needs TMDb"), "{}", limited.text);
}

// ---------------------------------------------------------------- REST

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_get_and_put_round_trip_with_validation() {
    let fake = FakeTmdb::start().await;
    let app = in_canada(&fake).build().await;
    let (status, created) = app
        .call(request(
            "POST",
            "/api/user",
            Some(r#"{"username":"sam"}"#),
            None,
        ))
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["user_id"].as_i64().unwrap();
    let path = format!("/api/user/{id}/services");

    let (status, body) = app.call(request("GET", &path, None, None)).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"region": "CA", "providers": []}));

    let (status, body) = app
        .call(request("PUT", &path, Some(r#"{"providers":[2,1]}"#), None))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"region": "CA", "providers": [
            {"id": 1, "name": "FlixNet"}, {"id": 2, "name": "StreamBox"}]})
    );
    let (_, got) = app.call(request("GET", &path, None, None)).await;
    assert_eq!(got, body);

    let (status, body) = app
        .call(request(
            "PUT",
            &path,
            Some(r#"{"providers":[8],"region":"gb"}"#),
            None,
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["region"], "GB");
    assert_eq!(body["providers"], json!([{"id": 8, "name": "Netflix"}]));

    for (bad, field) in [
        (r#"{"providers":[999999]}"#, "providers"),
        (r#"{"providers":[-3]}"#, "providers"),
        (r#"{"providers":[1],"region":"Narnia"}"#, "region"),
    ] {
        let (status, body) = app.call(request("PUT", &path, Some(bad), None)).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "invalid_parameter", "{body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(field)
                || body.to_string().contains(field),
            "{body}"
        );
    }
    let (status, body) = app
        .call(request(
            "PUT",
            &path,
            Some(r#"{"providers":"netflix"}"#),
            None,
        ))
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = app
        .call(request("GET", "/api/user/987654/services", None, None))
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .call(request(
            "PUT",
            "/api/user/987654/services",
            Some(r#"{"providers":[]}"#),
            None,
        ))
        .await;
    assert_eq!(status, 404);
    // Still what the last good PUT stored.
    let (_, got) = app.call(request("GET", &path, None, None)).await;
    assert_eq!(got["providers"], json!([{"id": 8, "name": "Netflix"}]));

    let (_, doc) = app
        .call(request("GET", "/api/openapi.json", None, None))
        .await;
    let op = &doc["paths"]["/api/user/{id}/services"];
    assert!(op["get"].is_object() && op["put"].is_object(), "{op}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_get_and_put_need_the_admin_token_when_one_is_set() {
    let token = "test-admin-token-0123456789";
    let app = TestApp::builder().admin_token(token).build().await;
    let (_, created) = app
        .call(request(
            "POST",
            "/api/user",
            Some(r#"{"username":"kim"}"#),
            Some(token),
        ))
        .await;
    let path = format!("/api/user/{}/services", created["user_id"]);
    let (status, _) = app.call(request("GET", &path, None, None)).await;
    assert_eq!(status, 401);
    let (status, _) = app.call(request("GET", &path, None, Some(token))).await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call(request("PUT", &path, Some(r#"{"providers":[8]}"#), None))
        .await;
    assert_eq!(status, 401);
    let (status, body) = app
        .call(request(
            "PUT",
            &path,
            Some(r#"{"providers":[8]}"#),
            Some(token),
        ))
        .await;
    assert_eq!(status, 200, "{body}");
}
