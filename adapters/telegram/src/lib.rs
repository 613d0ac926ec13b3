//! Telegram adapter (work in progress).
