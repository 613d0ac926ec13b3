//! What clients were told was stored, checked against what the database holds after a crash.
//!
//! Every key (a user, a user's rating of a film, a film on a user's watchlist, a user's region)
//! has one writer that sends one write at a time, so its history is a sequence. The ledger
//! keeps, per key, the last value the database was known to hold — the last acknowledged
//! write, or what a previous check found — and the writes sent after it whose answer never came
//! (in flight when the process died). After a kill the stored value must be exactly the known
//! one when nothing was in doubt, and one of the known value and the in-doubt ones otherwise;
//! a check then settles the doubts to what was found.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use moviebot::store::Store;
use sqlx::Row;

/// What a write is about; usernames as stored (`w3`, `telegram:9001`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    User(String),
    /// (username, TMDb id)
    Rating(String, i64),
    Watchlist(String, i64),
    Region(String),
}

/// A key's state. `Absent` is every key's state before its first write (no user, no rating,
/// not on the watchlist, no region).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Absent,
    Exists,
    /// Half stars, 1–10.
    Halves(u8),
    Listed,
    Region(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Absent => f.write_str("absent"),
            Value::Exists => f.write_str("exists"),
            Value::Halves(h) => write!(f, "{}★", f64::from(*h) / 2.0),
            Value::Listed => f.write_str("listed"),
            Value::Region(r) => write!(f, "region {r}"),
        }
    }
}

/// Why a write's outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Doubt {
    /// The connection was refused: the request never reached a process, so it cannot land.
    Refused,
    /// Sent, and the connection closed without an answer.
    Unanswered,
    /// Telegram's webhook took the update (200) but no confirmation followed. The bot keeps
    /// an update before it answers 200, so this write is owed: if the check after the kill
    /// does not find it, the one after the next start (which answers kept updates) must.
    Kept,
    /// A webhook update whose connection closed without an answer: the bot may have kept it
    /// before it died, so it may land up to the next start (answered then), never later.
    WebhookUnanswered,
    /// An answer that said something unexpected (reported as an error too).
    Unexpected,
}

#[derive(Debug, Clone)]
struct Entry {
    known: Value,
    /// `known` came from an acknowledgement (not from a previous check settling a doubt).
    acknowledged: bool,
    in_doubt: Vec<(Value, Doubt)>,
    /// A webhook write that may still be answered at the next start: (value, why, already
    /// carried over one check). `Kept` ones are owed; `WebhookUnanswered` ones may land.
    kept: Option<(Value, Doubt, bool)>,
    /// Values of kept writes a later kept write replaced before a check saw them: one may
    /// have landed at the start that answered it, so finding it is not a loss.
    earlier: Vec<Value>,
}

impl Default for Entry {
    fn default() -> Self {
        Self {
            known: Value::Absent,
            acknowledged: false,
            in_doubt: Vec::new(),
            kept: None,
            earlier: Vec::new(),
        }
    }
}

/// The acknowledgements of one run, shared by its writers.
#[derive(Default)]
pub struct Ledger {
    entries: Mutex<BTreeMap<Key, Entry>>,
    acks: AtomicUsize,
    /// Acknowledged writes by path ("rest rate", "chat watchlist", …).
    by_path: Mutex<BTreeMap<&'static str, usize>>,
}

impl Ledger {
    /// A success answer for `key = value` reached the client.
    pub fn acknowledged(&self, path: &'static str, key: Key, value: Value) {
        let mut entries = self.entries.lock().unwrap();
        let e = entries.entry(key).or_default();
        e.known = value;
        e.acknowledged = true;
        // Each key's writes go one at a time: an answer to this one means every earlier
        // one is over (answered, or died with an earlier process).
        e.in_doubt.clear();
        e.kept = None;
        e.earlier.clear();
        drop(entries);
        *self.by_path.lock().unwrap().entry(path).or_default() += 1;
        self.acks.fetch_add(1, Ordering::SeqCst);
    }

    /// `key = value` was sent and no answer came (the process died under it).
    pub fn in_doubt(&self, key: Key, value: Value, why: Doubt) {
        let mut entries = self.entries.lock().unwrap();
        let e = entries.entry(key).or_default();
        if matches!(why, Doubt::Kept | Doubt::WebhookUnanswered) {
            if let Some((old, ..)) = e.kept.take() {
                e.earlier.push(old);
            }
            e.kept = Some((value, why, false));
        } else {
            e.in_doubt.push((value, why));
        }
    }

    /// Writes taken by the webhook and not found yet (owed at the next start).
    pub fn owed(&self) -> usize {
        let entries = self.entries.lock().unwrap();
        (entries.values())
            .filter(|e| matches!(e.kept, Some((_, Doubt::Kept, _))))
            .count()
    }

    /// Acknowledged writes so far.
    pub fn acks(&self) -> usize {
        self.acks.load(Ordering::SeqCst)
    }

    /// Acknowledged writes by path so far.
    pub fn by_path(&self) -> BTreeMap<&'static str, usize> {
        self.by_path.lock().unwrap().clone()
    }

    /// Compares every key with `stored` and settles the doubts to what was found.
    pub fn check(&self, stored: &Snapshot) -> Check {
        let mut check = Check::default();
        let mut entries = self.entries.lock().unwrap();
        for (key, e) in entries.iter_mut() {
            let found = stored.value(key);
            let earlier = std::mem::take(&mut e.earlier);
            if earlier.contains(&found) {
                // An earlier kept write landed (at the start that answered it).
                e.known = found.clone();
            }
            if let Some((value, why, carried)) = e.kept.take() {
                // A kept update is owed, like an acknowledged write, once the bot has had a
                // start to answer it; an unanswered one may land until then.
                let owed = why == Doubt::Kept;
                let row = check.in_doubt.entry(why).or_default();
                row.0 += 1;
                if found == value {
                    row.1 += 1;
                    e.known = found;
                    e.acknowledged = owed;
                    continue;
                }
                if found == e.known && !carried {
                    check.owed += usize::from(owed);
                    e.kept = Some((value, why, true));
                    continue;
                }
                if found == e.known && !owed {
                    continue;
                }
                check.wrong.push(format!(
                    "{key:?}: the webhook took {value} (200), stored {found}{}",
                    if carried { " after a restart" } else { "" }
                ));
                e.known = found;
                e.acknowledged = false;
                continue;
            }
            if e.in_doubt.is_empty() {
                if e.acknowledged {
                    check.acknowledged += 1;
                    if found == e.known {
                        check.stored += 1;
                    }
                } else {
                    check.settled += 1;
                }
                if found != e.known {
                    check.wrong.push(format!(
                        "{key:?}: {} {}, stored {found}",
                        if e.acknowledged {
                            "acknowledged"
                        } else {
                            "found at the previous check"
                        },
                        e.known
                    ));
                }
            } else {
                for (_, why) in &e.in_doubt {
                    check.in_doubt.entry(*why).or_default().0 += 1;
                }
                let landed =
                    (e.in_doubt.iter().rev()).find(|(v, _)| *v == found && found != e.known);
                if let Some((_, why)) = landed {
                    check.in_doubt.entry(*why).or_default().1 += 1;
                    if *why == Doubt::Refused {
                        check.wrong.push(format!(
                            "{key:?}: stored {found}, written only by a request whose \
                             connection was refused"
                        ));
                    }
                } else if found != e.known {
                    check.wrong.push(format!(
                        "{key:?}: stored {found}, but the database held {} and the writes in \
                         flight were {:?}",
                        e.known, e.in_doubt
                    ));
                }
                if found != e.known {
                    e.acknowledged = false;
                }
                e.known = found;
                e.in_doubt.clear();
            }
        }
        check
    }
}

/// One comparison of the ledger with the database.
#[derive(Debug, Default)]
pub struct Check {
    /// Keys whose last write was acknowledged and nothing later was in flight.
    pub acknowledged: usize,
    /// Of those, the ones stored with exactly the acknowledged value.
    pub stored: usize,
    /// Keys whose value a previous check established (a doubt settled then).
    pub settled: usize,
    /// Writes whose answer never came, by why: (how many, how many landed).
    pub in_doubt: BTreeMap<Doubt, (usize, usize)>,
    /// Updates the webhook took (200) and the bot has not answered yet: owed after the next
    /// start.
    pub owed: usize,
    /// Every mismatch, described.
    pub wrong: Vec<String>,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "acknowledged {}, stored {}",
            self.acknowledged, self.stored
        )?;
        for (why, (n, landed)) in &self.in_doubt {
            write!(f, "; {why:?} {n} (landed {landed})")?;
        }
        if self.owed > 0 {
            write!(
                f,
                "; {} taken by the webhook, owed at the next start",
                self.owed
            )?;
        }
        if self.settled > 0 {
            write!(f, "; {} keys as found by earlier checks", self.settled)?;
        }
        Ok(())
    }
}

/// Everything the ledger's keys can be, read from the database in four queries.
#[derive(Debug, Default)]
pub struct Snapshot {
    users: HashSet<String>,
    ratings: HashMap<(String, i64), u8>,
    watchlist: HashSet<(String, i64)>,
    regions: HashMap<String, String>,
}

impl Snapshot {
    pub async fn read(store: &Store) -> Snapshot {
        let pool = store.pool();
        let mut s = Snapshot::default();
        for row in sqlx::query("SELECT username FROM users")
            .fetch_all(pool)
            .await
            .expect("read users")
        {
            s.users.insert(row.get("username"));
        }
        let ratings = "SELECT u.username, m.tmdb_id, r.rating FROM ratings r \
                       JOIN users u ON u.id = r.user_id JOIN movies m ON m.id = r.movie_id \
                       WHERE m.tmdb_id IS NOT NULL";
        for row in sqlx::query(ratings)
            .fetch_all(pool)
            .await
            .expect("read ratings")
        {
            let stars: f64 = row.get("rating");
            s.ratings.insert(
                (row.get("username"), row.get("tmdb_id")),
                (stars * 2.0).round() as u8,
            );
        }
        let watchlist = "SELECT u.username, m.tmdb_id FROM watchlist w \
                         JOIN users u ON u.id = w.user_id JOIN movies m ON m.id = w.movie_id \
                         WHERE m.tmdb_id IS NOT NULL";
        for row in sqlx::query(watchlist)
            .fetch_all(pool)
            .await
            .expect("read watchlists")
        {
            s.watchlist
                .insert((row.get("username"), row.get("tmdb_id")));
        }
        let regions = "SELECT u.username, p.region FROM user_preferences p \
                       JOIN users u ON u.id = p.user_id WHERE p.region IS NOT NULL";
        for row in sqlx::query(regions)
            .fetch_all(pool)
            .await
            .expect("read regions")
        {
            s.regions.insert(row.get("username"), row.get("region"));
        }
        s
    }

    pub fn value(&self, key: &Key) -> Value {
        match key {
            Key::User(name) if self.users.contains(name) => Value::Exists,
            Key::Rating(user, film) => match self.ratings.get(&(user.clone(), *film)) {
                Some(h) => Value::Halves(*h),
                None => Value::Absent,
            },
            Key::Watchlist(user, film) if self.watchlist.contains(&(user.clone(), *film)) => {
                Value::Listed
            }
            Key::Region(user) => match self.regions.get(user) {
                Some(r) => Value::Region(r.clone()),
                None => Value::Absent,
            },
            _ => Value::Absent,
        }
    }

    /// Ratings stored in all.
    pub fn ratings(&self) -> usize {
        self.ratings.len()
    }
}
