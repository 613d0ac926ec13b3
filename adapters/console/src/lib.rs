//! moviebot in a terminal: type requests, get numbered cards, act on them with short
//! commands (`rate 2 4.5`, `more`, `like 3`, `where 1`, `watch 2`). Interactive with line
//! editing and history on a terminal; line by line when stdin is a pipe, so
//! `echo "movies like Inception" | moviebot chat` works in scripts. `/import PATH` sends a
//! local export file; an `/export` is saved in the current folder. Depends on the protocol
//! only: the core arrives as a `ChatHandler`.

mod files;
mod render;
mod shortcuts;

pub use render::render;
pub use shortcuts::{Screen, interpret};

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use moviebot_protocol::{ChatHandler, Conversation, IncomingEvent, PlatformUser, Progress};
use tokio::sync::mpsc;

const BANNER: &str =
    "moviebot — ask for films in plain words (\"help\" for examples, \"quit\" to leave).";

/// Reads lines from stdin until EOF or `quit`, answering each through `handler`.
pub async fn run<H: ChatHandler + ?Sized>(handler: &H, user: PlatformUser) -> std::io::Result<()> {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let (tx, mut rx) = mpsc::channel::<String>(1);
    let (ack_tx, ack_rx) = std::sync::mpsc::channel::<()>();
    // Reading blocks, so it gets its own thread; it waits for each answer before prompting.
    std::thread::spawn(move || read_lines(interactive, tx, ack_rx));
    if interactive {
        println!("{BANNER}");
    }
    let mut screen = Screen::default();
    let conversation = Conversation::direct(&user);
    while let Some(line) = rx.recv().await {
        let line = line.trim().to_string();
        if line.is_empty() {
            let _ = ack_tx.send(());
            continue;
        }
        if matches!(line.as_str(), "quit" | "exit" | "/quit") {
            break;
        }
        let (incoming, upload) = match files::attach(&line, interpret(&line, &screen)) {
            Ok(attached) => attached,
            Err(problem) => {
                println!("{problem}");
                let _ = ack_tx.send(());
                continue;
            }
        };
        let mut event = IncomingEvent::new(user.clone(), conversation.clone(), incoming);
        let reply = match upload {
            None => handler.handle(event).await,
            Some(upload) => {
                event.uploads.push(upload);
                // A long import says how far it got, on stderr so scripts keep clean output.
                let progress: Progress = Arc::new(|line| eprintln!("… {line}"));
                handler.handle_with_progress(event, progress).await
            }
        };
        let text = render(&reply);
        screen = Screen::from_reply(&reply);
        let mut out = std::io::stdout().lock();
        writeln!(out, "{text}")?;
        for saved in files::save(Path::new("."), &reply.files) {
            writeln!(out, "{saved}")?;
        }
        out.flush()?;
        let _ = ack_tx.send(());
    }
    Ok(())
}

fn read_lines(interactive: bool, tx: mpsc::Sender<String>, ack: std::sync::mpsc::Receiver<()>) {
    if interactive && let Ok(mut editor) = rustyline::DefaultEditor::new() {
        while let Ok(line) = editor.readline("you> ") {
            let _ = editor.add_history_entry(line.as_str());
            if tx.blocking_send(line).is_err() || ack.recv().is_err() {
                return;
            }
        }
        return;
    }
    let stdin = std::io::stdin();
    let mut line = String::new();
    loop {
        line.clear();
        match stdin.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                if tx.blocking_send(line.clone()).is_err() || ack.recv().is_err() {
                    return;
                }
            }
        }
    }
}
