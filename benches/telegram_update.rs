//! Real-core Telegram update latency against the fake Bot API (work in progress).

fn main() {}
