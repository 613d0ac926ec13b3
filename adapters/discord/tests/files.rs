//! Files on Discord: `/import` with an attachment fetches it from the CDN (only Discord's
//! hosts, only within the size limit) before the core sees it, and shows the core's progress
//! by editing the deferral; an `/export` reply's files go out as multipart edits and private
//! follow-ups, one file per message.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use common::*;
use moviebot_discord::Discord;
use moviebot_protocol::command::Attachment;
use moviebot_protocol::{
    ChatHandler, Command, Completion, CompletionField, FileOut, Incoming, IncomingEvent,
    PlatformUser, Progress, Reply,
};

const CSV: &[u8] =
    b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-02,Heat,1995,https://boxd.it/2bcA,4.5\n";

/// A core that reports progress twice (with a pause) for an upload, and answers `/export`
/// with two files.
#[derive(Default)]
struct FileCore {
    events: Mutex<Vec<IncomingEvent>>,
}

#[async_trait]
impl ChatHandler for FileCore {
    async fn handle(&self, event: IncomingEvent) -> Reply {
        self.events.lock().unwrap().push(event.clone());
        match &event.incoming {
            Incoming::Command(Command::Export) => Reply::text("Here is everything.")
                .ephemeral()
                .with_file(FileOut {
                    name: "moviebot-ada.json".into(),
                    mime: "application/json".into(),
                    bytes: br#"{"ratings":[]}"#.to_vec(),
                    caption: "Everything, as JSON".into(),
                })
                .with_file(FileOut {
                    name: "letterboxd.csv".into(),
                    mime: "text/csv".into(),
                    bytes: b"Title,Year,Rating\n".to_vec(),
                    caption: "For Letterboxd's importer".into(),
                }),
            _ => match event.uploads.first() {
                Some(f) => Reply::text(format!("Imported {}: {} bytes.", f.name, f.bytes.len())),
                None => Reply::text("Attach a file."),
            },
        }
    }

    async fn handle_with_progress(&self, event: IncomingEvent, progress: Progress) -> Reply {
        if !event.uploads.is_empty() {
            progress("Reading 1 of 2 rows".into());
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
        self.handle(event).await
    }

    async fn complete(&self, _: &PlatformUser, _: CompletionField, _: &str) -> Vec<Completion> {
        Vec::new()
    }
}

fn discord_with(core: Arc<FileCore>, fake: &FakeRest) -> Arc<Discord> {
    let mut s = settings(Some(fake.base.clone()));
    s.defer_after = Duration::from_millis(100);
    Arc::new(Discord::new(s, core).unwrap())
}

fn import(id: &str, file: (&str, &str, u64)) -> serde_json::Value {
    testing::command_with_file(id, ADA, "import", "file", file, true)
}

#[tokio::test]
async fn an_attachment_is_fetched_and_progress_edits_the_private_deferral() {
    let fake = FakeRest::start(vec![]).await;
    let core = Arc::new(FileCore::default());
    let d = discord_with(core.clone(), &fake);
    let url = fake.attach("diary.csv", CSV.to_vec());
    let (status, body) =
        post_signed(&d, &import("5001", ("diary.csv", &url, CSV.len() as u64))).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        serde_json::json!({"type": 5, "data": {"flags": 64}}),
        "a private deferral"
    );
    let reqs = fake.wait_for(2).await;
    let edits: Vec<_> = reqs
        .iter()
        .map(|r| r.body["content"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        edits,
        [
            "Reading 1 of 2 rows",
            &format!("Imported diary.csv: {} bytes.", CSV.len())
        ]
    );
    assert!(
        reqs.iter()
            .all(|r| r.method == "PATCH" && r.path.ends_with("/token-5001/messages/@original"))
    );
    let events = core.events.lock().unwrap().clone();
    assert_eq!(
        events[0].incoming,
        Incoming::Command(Command::Import {
            file: Some(Attachment("diary.csv".into())),
            format: None
        })
    );
    assert_eq!(events[0].uploads[0].bytes, CSV);
}

#[tokio::test]
async fn too_big_or_foreign_attachments_are_refused_before_any_download() {
    let fake = FakeRest::start(vec![]).await;
    let core = Arc::new(FileCore::default());
    let d = discord_with(core.clone(), &fake);
    let url = fake.attach("huge.zip", CSV.to_vec());
    let (_, body) = post_signed(&d, &import("5002", ("huge.zip", &url, 11 * 1024 * 1024))).await;
    let text = body["data"]["content"].as_str().unwrap();
    assert!(text.contains("10 MB"), "{text}");
    assert_eq!(body["data"]["flags"], 64);

    let (_, body) = post_signed(
        &d,
        &import("5003", ("x.csv", "https://evil.example/x.csv", 10)),
    )
    .await;
    let text = body["data"]["content"].as_str().unwrap();
    assert!(text.contains("not a Discord attachment"), "{text}");
    assert!(
        core.events.lock().unwrap().is_empty(),
        "the core never saw either"
    );
}

#[tokio::test]
async fn an_export_is_one_private_message_per_file_sent_as_multipart() {
    let fake = FakeRest::start(vec![]).await;
    let core = Arc::new(FileCore::default());
    let d = discord_with(core, &fake);
    let (_, body) = post_signed(
        &d,
        &testing::command("5004", ADA, "export", serde_json::json!([]), true),
    )
    .await;
    assert_eq!(body, serde_json::json!({"type": 5, "data": {"flags": 64}}));
    let reqs = fake.wait_for(2).await;
    assert_eq!(
        reqs[0].method, "PATCH",
        "the deferral is edited with the first file"
    );
    assert_eq!(reqs[0].body["content"], "Here is everything.");
    assert_eq!(
        reqs[0].body["attachments"][0]["filename"],
        "moviebot-ada.json"
    );
    assert_eq!(reqs[0].files[0].part, "files[0]");
    assert_eq!(reqs[0].files[0].filename, "moviebot-ada.json");
    assert_eq!(reqs[0].files[0].bytes, br#"{"ratings":[]}"#);
    assert_eq!(reqs[1].method, "POST", "then a follow-up per further file");
    assert!(
        reqs[1]
            .path
            .ends_with("/webhooks/1000000000000000001/token-5004"),
        "{}",
        reqs[1].path
    );
    assert_eq!(reqs[1].body["flags"], 64, "private");
    assert_eq!(reqs[1].body["content"], "For Letterboxd's importer");
    assert_eq!(reqs[1].files[0].filename, "letterboxd.csv");
}
