//! Commands typed as text: Telegram's `/name@bot args` (`moviebot_telegram::commands::parse`),
//! the console's lines (`moviebot_console::interpret`) and `Command::from_text` itself, on
//! arbitrary text. Nothing panics, and every command understood survives the JSON form the
//! REST API and the event log use.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moviebot_console::{Screen, interpret};
use moviebot_protocol::{Action, Command, Incoming, PublicMovieId};
use moviebot_telegram::commands::{Parsed, parse};

fn round_trips(command: &Command) {
    let json = serde_json::to_string(command).expect("a command serialises");
    let back: Command = serde_json::from_str(&json).expect("its JSON reads back");
    assert_eq!(&back, command, "{json}");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    for bot in ["MovieBot", ""] {
        if let Parsed::Command(Ok(command)) = parse(&text, bot) {
            round_trips(&command);
        }
    }

    let screen = Screen {
        cards: vec![
            PublicMovieId(949),
            PublicMovieId(i64::MAX),
            PublicMovieId(-1),
        ],
        actions: vec![Action::NextPage { query: 7, page: 1 }],
        toggles: vec![Action::SetService {
            provider: 8,
            on: true,
        }],
    };
    match interpret(&text, &screen) {
        Incoming::Command(command) => round_trips(&command),
        Incoming::Action(action) => assert_eq!(Action::decode(&action.encode()), Ok(action)),
        _ => {}
    }

    // The first line names the command, the rest are its words.
    let (name, words) = text.split_once('\n').unwrap_or((&text, ""));
    if let Ok(command) = Command::from_text(name, words) {
        round_trips(&command);
    }
});
