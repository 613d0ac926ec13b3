//! Telegram webhook bodies: arbitrary bytes through the webhook's parse (teloxide's `Update`),
//! the per-chat queue key and the adapter's routing with its id-range checks
//! (`moviebot_telegram::fuzzing::webhook_body`). Nothing panics, and every chat an update
//! would be answered in is one teloxide can handle: its throttle sorts each send by
//! `ChatId::is_channel_or_supergroup`, which panics on ids Telegram never issues (a forged
//! chat id of 2^53 once killed the throttle worker). A pressed button's data decodes or is
//! refused, and redrawing the pressed keyboard works on whatever keyboard the update carries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moviebot_protocol::{Action, Stars};
use moviebot_telegram::BotIdentity;
use moviebot_telegram::fuzzing::webhook_body;
use moviebot_telegram::keyboard;
use moviebot_telegram::update::Routed;
use teloxide::types::UserId;

fuzz_target!(|data: &[u8]| {
    let me = BotIdentity {
        id: UserId(4242),
        username: "MovieBot".into(),
    };
    for me in [Some(&me), None] {
        let Some(handled) = webhook_body(data, me) else {
            return;
        };
        for chat in &handled.send_to {
            // What the throttle worker and teloxide's own helpers call on a send's chat.
            let _ = chat.is_channel_or_supergroup();
            let _ = chat.is_user();
            let _ = chat.is_group();
            let _ = chat.as_user();
        }
        match handled.routed {
            Routed::Message(m) => assert!(handled.send_to == [m.chat]),
            Routed::Callback(q) => {
                let action = q.data.as_deref().and_then(|d| Action::decode(d).ok());
                let markup = q
                    .message
                    .as_ref()
                    .and_then(|m| m.regular_message())
                    .and_then(|m| m.reply_markup());
                if let (Some(Action::Rate { movie, .. } | Action::Unrate { movie }), Some(kb)) =
                    (action, markup)
                {
                    for rating in [None, Some(Stars::MAX)] {
                        let _ = keyboard::remark(kb, movie, rating);
                    }
                }
            }
            Routed::Inline(_) | Routed::Ignore(_) => assert!(handled.send_to.is_empty()),
        }
    }
});
