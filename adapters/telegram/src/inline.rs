//! Inline mode (`@moviebot heat` in any chat): matching films as photo results (article
//! results without a poster), each with the card's keyboard; answers are cached briefly here
//! and by Telegram (`cache_time`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use moviebot_protocol::command::SearchQuery;
use moviebot_protocol::{
    Action, Command, CompletionField, Incoming, IncomingEvent, MovieCard, PublicMovieId, Stars,
};
use teloxide::payloads::AnswerInlineQuerySetters;
use teloxide::prelude::*;
use teloxide::types::{
    InlineQuery, InlineQueryResult, InlineQueryResultArticle, InlineQueryResultPhoto,
    InputMessageContent, InputMessageContentText, ParseMode,
};

use crate::render::{self, MAX_CAPTION, MAX_TEXT};
use crate::send::with_retry;
use crate::update::platform_user;
use crate::{Telegram, keyboard};

/// Telegram shows at most 50 results.
const MAX_RESULTS: usize = 50;
/// Bounded: a burst of distinct queries clears it rather than growing it.
const MAX_ENTRIES: usize = 1024;

type Key = (u64, String);

/// Recent inline answers per (user, query): results carry the user's own ratings.
pub(crate) struct InlineCache {
    ttl: Duration,
    entries: Mutex<HashMap<Key, (Instant, Vec<InlineQueryResult>)>>,
}

impl InlineCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &Key) -> Option<Vec<InlineQueryResult>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, r)| r.clone())
    }

    fn put(&self, key: Key, results: Vec<InlineQueryResult>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (at, _)| at.elapsed() < self.ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), results));
    }
}

impl Telegram {
    pub(crate) async fn on_inline(&self, q: InlineQuery) {
        let query = q.query.trim().to_lowercase();
        let key = (q.from.id.0, query.clone());
        let results = match self.inline_cache.get(&key) {
            Some(hit) => hit,
            None => {
                let results = self.inline_results(&q, &query).await;
                self.inline_cache.put(key, results.clone());
                results
            }
        };
        let cache_time = self.settings.inline_cache.as_secs() as u32;
        let sent = with_retry("answerInlineQuery", || {
            self.bot()
                .answer_inline_query(q.id.clone(), results.clone())
                .cache_time(cache_time)
                .is_personal(true)
                .send()
        })
        .await;
        if let Err(error) = sent {
            tracing::info!(%error, "telegram: could not answer an inline query");
        }
    }

    async fn inline_results(&self, q: &InlineQuery, query: &str) -> Vec<InlineQueryResult> {
        if query.is_empty() {
            return Vec::new();
        }
        let user = platform_user(&q.from);
        let search = IncomingEvent::direct(
            user.clone(),
            Incoming::Command(Command::Search {
                query: SearchQuery(query.trim().to_owned()),
            }),
        )
        .admitted();
        let reply = self.handler.handle(search).await;
        if !reply.cards.is_empty() {
            return reply
                .cards
                .iter()
                .take(MAX_RESULTS)
                .map(card_result)
                .collect();
        }
        // No cards (not a title the search knows): fall back to title completions.
        self.handler
            .complete(&user, CompletionField::Title, query)
            .await
            .into_iter()
            .filter_map(|c| {
                let id: PublicMovieId = c.value.trim().parse().ok()?;
                let mut card = MovieCard::new(id, c.label);
                card.actions = standard_actions(id);
                Some(card_result(&card))
            })
            .take(MAX_RESULTS)
            .collect()
    }
}

/// The buttons the core puts on every card, for completions that come without a card.
fn standard_actions(movie: PublicMovieId) -> Vec<Action> {
    (1..=5)
        .filter_map(|s| Stars::new(s as f32))
        .map(|stars| Action::Rate { movie, stars })
        .chain([
            Action::MoreLikeThis { movie },
            Action::WhereToWatch {
                movie,
                region: None,
            },
            Action::WatchlistAdd { movie },
        ])
        .collect()
}

/// A card as an inline result: a photo with its caption, or an article with the card text.
pub fn card_result(card: &MovieCard) -> InlineQueryResult {
    let id = format!("m{}", card.id);
    let kb = keyboard::card(card, &[]);
    let description = render::truncate(card.overview.trim(), 120);
    let poster = render::poster_url(card);
    match poster {
        Some(url) => InlineQueryResult::Photo(
            InlineQueryResultPhoto::new(id, url.clone(), url)
                .title(card.heading())
                .description(description)
                .caption(render::card_html(card, MAX_CAPTION))
                .parse_mode(ParseMode::Html)
                .reply_markup(kb),
        ),
        None => InlineQueryResult::Article(
            InlineQueryResultArticle::new(
                id,
                card.heading(),
                InputMessageContent::Text(
                    InputMessageContentText::new(render::card_html(card, MAX_TEXT))
                        .parse_mode(ParseMode::Html),
                ),
            )
            .description(description)
            .reply_markup(kb),
        ),
    }
}
