//! Integration tests of the Telegram adapter against a fake Bot API (no network: everything
//! on 127.0.0.1, `moviebot_telegram::fake_api`), with the real teloxide client and a scripted
//! chat core.

mod support;

mod callbacks;
mod files;
mod groups;
mod inline;
mod messages;
mod render_props;
mod resilience;
mod transcript;
mod webhook;
