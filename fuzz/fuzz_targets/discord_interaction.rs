//! Discord interaction bodies: arbitrary bytes through the interactions endpoint's parse
//! (serenity's `Interaction`) and the adapter's reading of it
//! (`moviebot_discord::fuzzing::interaction_body`: command options through
//! `Command::from_options`, button and menu custom ids through `Action::decode`,
//! autocomplete). Nothing panics, and what the adapter hands the core is consistent: a
//! decoded button is the canonical encoding of its action, an understood command survives its
//! JSON form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moviebot_discord::fuzzing::interaction_body;
use moviebot_discord::interaction::Plan;
use moviebot_protocol::{Action, Command, Incoming};

fuzz_target!(|data: &[u8]| {
    let Some(handled) = interaction_body(data) else {
        return;
    };
    match handled.plan {
        Plan::Handle { event, .. } => {
            assert!(handled.token.is_some(), "a handled interaction has a token");
            match event.incoming {
                Incoming::Action(action) => {
                    assert_eq!(Action::decode(&action.encode()), Ok(action));
                }
                Incoming::Command(command) => {
                    let json = serde_json::to_string(&command).expect("a command serialises");
                    let back: Command = serde_json::from_str(&json).expect("its JSON reads back");
                    assert_eq!(back, command, "{json}");
                }
                _ => {}
            }
        }
        Plan::Pong | Plan::Complete { .. } | Plan::Refuse(_) => {}
    }
});
