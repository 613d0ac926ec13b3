//! Short per-user context: the last result (for "more", "like the second one", "not that
//! one"), the last list request (for "what about the 90s?") and the genres picked at first
//! contact. Entries expire after a while and the map is
//! capped, so memory stays bounded however many people talk to the bot.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::request::LastRequest;
use crate::domain::{MovieId, UserId};
use crate::recommend::Filters;

/// What produced a list of cards, so its next page can be computed again.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// Personal picks (hybrid) within filters.
    Personal { filters: Filters, heading: String },
    /// Films like one film.
    Similar { movie: MovieId, filters: Filters },
    /// Popular within filters.
    Popular { filters: Filters, heading: String },
    /// Group picks for a conversation's raters.
    Group {
        conversation: String,
        filters: Filters,
    },
    /// A fixed list (search results, the watchlist).
    Fixed { ids: Vec<MovieId>, heading: String },
}

#[derive(Debug, Clone)]
pub struct LastResult {
    /// Small id handed out in paging buttons.
    pub query_id: u32,
    pub query: Query,
    pub page: u16,
    /// Films on the page shown, in order (for "the second one").
    pub shown: Vec<MovieId>,
    /// The film of the list talked about since ("tell me about the fourth"), which "it"
    /// means until another list is shown.
    pub focus: Option<MovieId>,
    /// Films TMDb added to the query's own once they ran short (discover, a person's films,
    /// the films like one the model does not know yet), kept so later pages are stable.
    pub extra: Option<Extra>,
}

/// Films from TMDb that continue a list, each with its "why".
pub type Extra = std::sync::Arc<Vec<(MovieId, Option<String>)>>;

#[derive(Debug, Clone)]
struct Entry {
    last: Option<LastResult>,
    request: Option<LastRequest>,
    excluded: Vec<MovieId>,
    touched: Instant,
}

pub struct Sessions {
    inner: Mutex<HashMap<UserId, Entry>>,
    ttl: Duration,
    cap: usize,
    next_query: std::sync::atomic::AtomicU32,
}

impl Sessions {
    pub fn new(ttl: Duration, cap: usize) -> Self {
        Self {
            inner: Mutex::new(HashMap::new()),
            ttl,
            cap,
            next_query: std::sync::atomic::AtomicU32::new(1),
        }
    }

    pub fn new_query_id(&self) -> u32 {
        self.next_query
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    fn with<T>(&self, user: UserId, f: impl FnOnce(&mut Entry) -> T) -> T {
        let mut map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if map.len() >= self.cap && !map.contains_key(&user) {
            let ttl = self.ttl;
            map.retain(|_, e| now.duration_since(e.touched) < ttl);
            if map.len() >= self.cap {
                // Still full of live sessions: drop the stalest one.
                if let Some(oldest) = map.iter().min_by_key(|(_, e)| e.touched).map(|(k, _)| *k) {
                    map.remove(&oldest);
                }
            }
        }
        let entry = map.entry(user).or_insert_with(|| Entry {
            last: None,
            request: None,
            excluded: Vec::new(),
            touched: now,
        });
        if now.duration_since(entry.touched) >= self.ttl {
            entry.last = None;
            entry.request = None;
            entry.excluded.clear();
        }
        entry.touched = now;
        f(entry)
    }

    pub fn last(&self, user: UserId) -> Option<LastResult> {
        self.with(user, |e| e.last.clone())
    }

    pub fn set_last(&self, user: UserId, last: LastResult) {
        self.with(user, |e| e.last = Some(last));
    }

    /// Marks a film of the last list as the one talked about; false when it is not on it.
    pub fn focus(&self, user: UserId, movie: MovieId) -> bool {
        self.with(user, |e| match &mut e.last {
            Some(last) if last.shown.contains(&movie) => {
                last.focus = Some(movie);
                true
            }
            _ => false,
        })
    }

    /// The last list request, which a follow-up may refine.
    pub fn request(&self, user: UserId) -> Option<LastRequest> {
        self.with(user, |e| e.request.clone())
    }

    pub fn set_request(&self, user: UserId, request: LastRequest) {
        self.with(user, |e| e.request = Some(request));
    }

    /// Films the user said "not that one" to in this session.
    pub fn excluded(&self, user: UserId) -> Vec<MovieId> {
        self.with(user, |e| e.excluded.clone())
    }

    pub fn exclude(&self, user: UserId, movie: MovieId) {
        self.with(user, |e| {
            if !e.excluded.contains(&movie) {
                e.excluded.push(movie);
            }
        });
    }

    /// Whether a live session of someone other than `user` shows the list `query_id`
    /// (someone pressed the paging buttons under another member's answer).
    pub fn held_by_other(&self, user: UserId, query_id: u32) -> bool {
        let map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        map.iter().any(|(u, e)| {
            *u != user
                && now.duration_since(e.touched) < self.ttl
                && e.last.as_ref().is_some_and(|l| l.query_id == query_id)
        })
    }

    pub fn forget(&self, user: UserId) {
        let mut map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&user);
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.inner.lock().map(|m| m.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last(id: u32) -> LastResult {
        LastResult {
            query_id: id,
            query: Query::Fixed {
                ids: vec![],
                heading: String::new(),
            },
            page: 0,
            shown: vec![],
            focus: None,
            extra: None,
        }
    }

    #[test]
    fn memory_is_bounded_and_context_expires() {
        let s = Sessions::new(Duration::from_millis(50), 3);
        for u in 0..10 {
            s.set_last(UserId(u), last(u as u32));
        }
        assert!(s.len() <= 3);
        assert_eq!(s.last(UserId(9)).unwrap().query_id, 9);
        std::thread::sleep(Duration::from_millis(60));
        assert!(s.last(UserId(9)).is_none(), "expired context is gone");
    }
}
