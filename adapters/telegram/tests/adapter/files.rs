//! Files on Telegram: a document sent for `/import` is fetched (getFile, then the download
//! URL) and handed to the core with its name; a progress message is edited while the core
//! works and removed when the answer comes; too-big documents are refused without a
//! download; an export's files arrive as documents in the user's private chat, also when
//! asked in a group.

use std::time::Duration;

use moviebot_protocol::command::{Attachment, ImportFormat};
use moviebot_protocol::{Command, Incoming};

use crate::support::*;

const CSV: &[u8] = b"Const,Your Rating,Date Rated,Title,Year\ntt0113277,9,2024-01-02,Heat,1995\n";

fn doc_dm(update_id: i64, user: i64, file: (&str, &str, u64), caption: &str) -> serde_json::Value {
    message_update(
        update_id,
        document(
            update_id + 10_000,
            private_chat(user),
            user_json(user),
            file,
            caption,
        ),
    )
}

fn user_json(id: i64) -> serde_json::Value {
    user(id, "Ada")
}

#[tokio::test]
async fn a_document_in_a_private_chat_is_imported_with_progress_shown_then_removed() {
    let app = spawn_app().await;
    let id = app.fake.add_file(CSV.to_vec());
    app.fake.push(doc_dm(
        1,
        42,
        (&id, "imdb-ratings.csv", CSV.len() as u64),
        "imdb",
    ));
    let calls = app
        .fake
        .wait_until(10, "the answer", |c| {
            c.iter().any(|c| {
                c.method == "sendMessage"
                    && c.params["text"]
                        .as_str()
                        .is_some_and(|t| t.starts_with("Imported"))
            })
        })
        .await;
    let effects: Vec<_> = calls
        .iter()
        .filter(|c| {
            !matches!(
                c.method.as_str(),
                "getUpdates" | "getMe" | "setMyCommands" | "deleteWebhook"
            )
        })
        .map(|c| c.method.as_str())
        .collect();
    assert_eq!(
        effects,
        [
            "getFile",
            "sendMessage",
            "editMessageText",
            "deleteMessage",
            "sendMessage"
        ],
        "fetch, progress shown, edited, removed, then the answer"
    );
    let progress = app.fake.calls_to("editMessageText");
    assert_eq!(progress[0].params["text"], "📥 Matched 1 of 2 rows");
    let answer = app.fake.calls_to("sendMessage").pop().unwrap();
    assert_eq!(
        answer.params["text"],
        format!("Imported imdb-ratings.csv: {} bytes.", CSV.len())
    );
    let events = app.script.events();
    assert_eq!(
        events[0].incoming,
        Incoming::Command(Command::Import {
            file: Some(Attachment("imdb-ratings.csv".into())),
            format: Some(ImportFormat::Imdb),
        })
    );
    assert_eq!(events[0].uploads[0].bytes, CSV);
    app.stop().await;
}

#[tokio::test]
async fn a_document_over_the_limit_is_refused_without_downloading_it() {
    let app = spawn_app().await;
    let id = app.fake.add_file(CSV.to_vec());
    app.fake
        .push(doc_dm(1, 42, (&id, "huge.zip", 11 * 1024 * 1024), ""));
    let effects = app.fake.wait_effects(1).await;
    assert_eq!(effects[0].method, "sendMessage");
    let text = effects[0].params["text"].as_str().unwrap();
    assert!(text.contains("10 MB"), "{text}");
    assert!(app.fake.calls_to("getFile").is_empty());
    assert!(app.script.events().is_empty(), "the core never saw it");
    app.stop().await;
}

#[tokio::test]
async fn group_documents_are_imported_only_when_captioned_for_the_bot() {
    let app = spawn_app().await;
    let id = app.fake.add_file(CSV.to_vec());
    let shared = message_update(
        1,
        document(
            10_001,
            group_chat(-100),
            user_json(42),
            (&id, "holiday.csv", 70),
            "our trip",
        ),
    );
    let asked = message_update(
        2,
        document(
            10_002,
            group_chat(-100),
            user_json(42),
            (&id, "ratings.csv", 70),
            "/import@MovieBot",
        ),
    );
    app.fake.push_all([shared, asked]);
    app.fake
        .wait_until(10, "the answer", |c| {
            c.iter().any(|c| {
                c.method == "sendMessage"
                    && c.params["text"]
                        .as_str()
                        .is_some_and(|t| t.starts_with("Imported"))
            })
        })
        .await;
    let events = app.script.events();
    assert_eq!(events.len(), 1, "only the captioned document: {events:#?}");
    assert_eq!(events[0].uploads[0].name, "ratings.csv");
    app.stop().await;
}

#[tokio::test]
async fn an_export_arrives_as_documents_in_the_private_chat() {
    let app = spawn_app().await;
    app.fake.push(dm(1, 42, "/export"));
    let effects = app.fake.wait_effects(3).await;
    let methods: Vec<_> = effects.iter().map(|c| c.method.as_str()).collect();
    assert_eq!(methods, ["sendDocument", "sendDocument", "sendMessage"]);
    assert_eq!(effects[0].params["chat_id"], "42");
    assert_eq!(
        effects[0].params["document"]["filename"],
        "moviebot-ada.json"
    );
    assert_eq!(
        effects[0].params["document"]["content"],
        r#"{"ratings":[]}"#
    );
    assert_eq!(effects[0].params["caption"], "Everything, as JSON");
    assert_eq!(effects[1].params["document"]["filename"], "letterboxd.csv");
    assert_eq!(
        effects[2].params["text"],
        "Here is everything I store about you."
    );
    app.stop().await;
}

#[tokio::test]
async fn an_export_asked_in_a_group_goes_privately_or_says_how_to_allow_it() {
    let app = spawn_app().await;
    let ask = |update: i64, user: i64| {
        message_update(
            update,
            message(
                update + 10_000,
                group_chat(-100),
                user_json(user),
                "/export@MovieBot",
            ),
        )
    };
    app.fake.push(ask(1, 42));
    app.fake
        .wait_until(10, "the group note", |c| {
            c.iter()
                .any(|c| c.method == "sendMessage" && c.params["chat_id"] == -100)
        })
        .await;
    let docs = app.fake.calls_to("sendDocument");
    assert!(
        docs.iter().all(|c| c.params["chat_id"] == "42"),
        "{docs:#?}"
    );
    let note = app
        .fake
        .calls_to("sendMessage")
        .into_iter()
        .find(|c| c.params["chat_id"] == -100)
        .unwrap();
    assert_eq!(
        note.params["text"],
        "I've sent it to you in a private chat."
    );

    app.fake.clear_calls();
    app.fake.never_started(43);
    app.fake.push(ask(2, 43));
    let calls = app
        .fake
        .wait_until(10, "the group note", |c| {
            c.iter()
                .any(|c| c.method == "sendMessage" && c.params["chat_id"] == -100 && c.ok)
        })
        .await;
    let note = calls
        .iter()
        .find(|c| c.method == "sendMessage" && c.params["chat_id"] == -100)
        .unwrap();
    let text = note.params["text"].as_str().unwrap();
    assert!(text.contains("open a chat with @MovieBot"), "{text}");
    tokio::time::sleep(Duration::from_millis(50)).await;
    app.stop().await;
}
