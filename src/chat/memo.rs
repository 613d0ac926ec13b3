//! Small in-memory memos that keep database round trips off the per-turn path: which stored
//! user a platform identity is, and when a group member was last recorded. Both are bounded
//! and are only ever a cache of what the store holds.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::domain::UserId;

/// Entries kept before a memo is cleared and rebuilt from the store as turns arrive.
const CAP: usize = 100_000;
/// How often a group member's `last_seen_at` is refreshed.
const MEMBERSHIP_REFRESH: Duration = Duration::from_secs(600);

#[derive(Default)]
pub struct Memo {
    identities: Mutex<HashMap<String, UserId>>,
    members: Mutex<HashMap<(String, String, UserId), Instant>>,
}

impl Memo {
    pub fn identity(&self, key: &str) -> Option<UserId> {
        self.identities.lock().ok()?.get(key).copied()
    }

    pub fn remember_identity(&self, key: String, user: UserId) {
        if let Ok(mut map) = self.identities.lock() {
            if map.len() >= CAP {
                map.clear();
            }
            map.insert(key, user);
        }
    }

    /// True when the membership should be written now (first sight, or stale).
    pub fn membership_due(&self, platform: &str, conversation: &str, user: UserId) -> bool {
        let Ok(mut map) = self.members.lock() else {
            return true;
        };
        if map.len() >= CAP {
            map.clear();
        }
        let key = (platform.to_string(), conversation.to_string(), user);
        let now = Instant::now();
        match map.get(&key) {
            Some(t) if now.duration_since(*t) < MEMBERSHIP_REFRESH => false,
            _ => {
                map.insert(key, now);
                true
            }
        }
    }

    /// Drops everything about a deleted user, so their next message creates a new one.
    pub fn forget(&self, user: UserId) {
        if let Ok(mut map) = self.identities.lock() {
            map.retain(|_, u| *u != user);
        }
        if let Ok(mut map) = self.members.lock() {
            map.retain(|k, _| k.2 != user);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memberships_are_written_once_per_interval_and_forgotten_with_the_user() {
        let m = Memo::default();
        assert!(m.membership_due("telegram", "-1", UserId(1)));
        assert!(!m.membership_due("telegram", "-1", UserId(1)));
        assert!(m.membership_due("telegram", "-1", UserId(2)));
        m.remember_identity("telegram:1".into(), UserId(1));
        assert_eq!(m.identity("telegram:1"), Some(UserId(1)));
        m.forget(UserId(1));
        assert_eq!(m.identity("telegram:1"), None);
        assert!(m.membership_due("telegram", "-1", UserId(1)));
    }
}
