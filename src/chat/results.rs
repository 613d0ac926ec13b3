//! Lists of films as pages: runs a remembered query for one page, turns the picks into cards
//! with their "why" lines and paging buttons, and remembers the result for follow-ups.

use std::collections::HashMap;

use moviebot_protocol::{Action, Page, Reply};

use super::cards::card;
use super::core::{ChatCore, Turn};
use super::session::{LastResult, Query};
use crate::domain::{MovieId, UserId};
use crate::recommend::{self, Method, UserInput};

/// Cards per page: short enough to read in a chat, within every platform's limits.
pub const PAGE: usize = 5;

/// See [`ChatCore::user_rows`].
pub(super) struct UserRows {
    pub ratings: std::sync::Arc<Vec<crate::store::StoredRating>>,
    pub preferences: std::sync::Arc<crate::store::Preferences>,
    pub excluded: Vec<i64>,
}

impl ChatCore {
    /// What the recommender needs to know about a user right now.
    pub(super) async fn user_input(&self, user: UserId) -> anyhow::Result<UserInput> {
        let rows = self.user_rows(user).await?;
        Ok(Self::input_from(user, &rows))
    }

    /// The rows a user's picks depend on, as shared by the store's cache, and the films they
    /// turned down in this session (sorted).
    pub(super) async fn user_rows(&self, user: UserId) -> anyhow::Result<UserRows> {
        let ratings = self.store.ratings_shared(user).await?;
        let preferences = self.store.preferences_shared(user).await?;
        let mut excluded: Vec<i64> = self.sessions.excluded(user).iter().map(|m| m.0).collect();
        excluded.sort_unstable();
        Ok(UserRows {
            ratings,
            preferences,
            excluded,
        })
    }

    pub(super) fn input_from(user: UserId, rows: &UserRows) -> UserInput {
        UserInput {
            user: Some(user.0),
            ratings: rows
                .ratings
                .iter()
                .map(|r| (r.movie.0, r.rating as f32))
                .collect(),
            excluded: rows.excluded.clone(),
            preferences: recommend::Preferences {
                genres: rows.preferences.favourite_genres.clone(),
                people: rows.preferences.favourite_people.clone(),
            },
        }
    }

    /// One page of a query: (film, why) pairs and whether more follow.
    async fn run(
        &self,
        user: UserId,
        query: &Query,
        page: u16,
    ) -> anyhow::Result<(Vec<(MovieId, Option<String>)>, bool)> {
        let offset = page as usize * PAGE;
        let want = offset + PAGE + 1;
        let picks: Vec<(MovieId, Option<String>)> = match query {
            Query::Personal { filters, .. } => {
                let input = self.user_input(user).await?;
                self.recommender
                    .recommend(&input, filters, PAGE + 1, offset)
                    .into_iter()
                    .map(|p| (MovieId(p.item), Some(p.reason.to_string())))
                    .collect()
            }
            Query::Popular { filters, .. } => {
                let input = self.user_input(user).await?;
                self.recommender
                    .recommend_with(Method::Popularity, &input, filters, PAGE + 1, offset)
                    .into_iter()
                    .map(|p| (MovieId(p.item), Some(p.reason.to_string())))
                    .collect()
            }
            Query::Similar { movie, filters } => {
                let input = self.user_input(user).await?;
                let skip: Vec<i64> = input
                    .ratings
                    .iter()
                    .map(|r| r.0)
                    .chain(input.excluded.iter().copied())
                    .collect();
                self.recommender
                    .similar_to(movie.0, filters, want + skip.len())
                    .into_iter()
                    .filter(|p| !skip.contains(&p.item))
                    .skip(offset)
                    .map(|p| (MovieId(p.item), Some(p.reason.to_string())))
                    .collect()
            }
            Query::Group {
                conversation,
                filters,
            } => {
                let (platform, id) = conversation.split_once(':').unwrap_or(("", conversation));
                let members = self.store.rating_members(platform, id).await?;
                let mut inputs = Vec::with_capacity(members.len());
                let mut names = Vec::with_capacity(members.len());
                for m in &members {
                    inputs.push(self.user_input(*m).await?);
                    names.push(self.member_name(*m).await);
                }
                self.recommender
                    .recommend_group(&inputs, filters, want)
                    .into_iter()
                    .skip(offset)
                    .map(|g| {
                        let why: Vec<String> = names
                            .iter()
                            .zip(&g.reasons)
                            .map(|(n, r)| format!("{n}: {r}"))
                            .collect();
                        (MovieId(g.item), Some(why.join("; ")))
                    })
                    .collect()
            }
            Query::Fixed { ids, .. } => ids
                .iter()
                .skip(offset)
                .take(PAGE + 1)
                .map(|id| (*id, None))
                .collect(),
        };
        let has_more = picks.len() > PAGE;
        Ok((picks.into_iter().take(PAGE).collect(), has_more))
    }

    /// How a group answer names a member: their platform display name, else the stored
    /// username (never a bare platform id when a name is known).
    async fn member_name(&self, user: UserId) -> String {
        if let Ok(Some(name)) = self.store.display_name(user).await {
            return name;
        }
        match self.store.user(user).await {
            Ok(Some(u)) => u
                .username
                .split_once(':')
                .map(|(_, rest)| rest.to_string())
                .unwrap_or(u.username),
            _ => format!("user {user}"),
        }
    }

    /// Runs `query` for `page`, remembers it, and renders the reply (`intro` above the cards).
    pub(super) async fn show(
        &self,
        turn: &Turn<'_>,
        query: Query,
        page: u16,
        query_id: Option<u32>,
        intro: String,
        empty: &str,
    ) -> anyhow::Result<Reply> {
        let (picks, has_more) = self.run(turn.user, &query, page).await?;
        if picks.is_empty() {
            return Ok(Reply::text(if page == 0 {
                empty.to_string()
            } else {
                "That's everything I have for that — try a broader question.".to_string()
            }));
        }
        let lib = self.library();
        // Only fixed lists (watchlist, search) can show films the user rated: every ranked
        // query excludes them, so skip the extra read on the hot path.
        let mine: HashMap<i64, f64> = if matches!(query, Query::Fixed { .. }) {
            self.store
                .ratings_of(turn.user)
                .await?
                .into_iter()
                .map(|r| (r.movie.0, r.rating))
                .collect()
        } else {
            HashMap::new()
        };
        let cards: Vec<_> = picks
            .iter()
            .filter_map(|(id, why)| {
                lib.get(*id)
                    .map(|m| card(m, why.clone(), mine.get(&id.0).copied()))
            })
            .collect();
        let query_id = query_id.unwrap_or_else(|| self.sessions.new_query_id());
        let mut actions = Vec::new();
        if page > 0 {
            actions.push(Action::PrevPage {
                query: query_id,
                page: page - 1,
            });
        }
        if has_more {
            actions.push(Action::NextPage {
                query: query_id,
                page: page + 1,
            });
        }
        self.sessions.set_last(
            turn.user,
            LastResult {
                query_id,
                query,
                page,
                shown: picks.iter().map(|(id, _)| *id).collect(),
            },
        );
        let text = if page == 0 {
            intro
        } else {
            format!("{intro} (page {})", page + 1)
        };
        Ok(Reply::text(text)
            .with_cards(cards)
            .with_actions(actions)
            .with_page(Page {
                index: page,
                has_more,
            }))
    }

    /// Another page of the user's last list; `None` when it has expired.
    pub(super) async fn page(
        &self,
        turn: &Turn<'_>,
        query_id: Option<u32>,
        page: impl FnOnce(u16) -> Option<u16>,
    ) -> anyhow::Result<Reply> {
        let last = self.sessions.last(turn.user);
        if let Some(q) = query_id
            && last.as_ref().is_none_or(|l| l.query_id != q)
            && self.sessions.held_by_other(turn.user, q)
        {
            return Ok(Reply::text(
                "Those buttons turn the pages of someone else's list. Ask me yourself and I'll \
                 make you one.",
            ));
        }
        let Some(last) = last else {
            return Ok(Reply::text(
                "I've lost track of that list — ask me again and I'll start a fresh one.",
            ));
        };
        if query_id.is_some_and(|q| q != last.query_id) {
            return Ok(Reply::text(
                "That list is out of date — ask me again for a fresh one.",
            ));
        }
        let Some(target) = page(last.page) else {
            return Ok(Reply::text("You're already on the first page."));
        };
        let intro = match &last.query {
            Query::Personal { heading, .. }
            | Query::Popular { heading, .. }
            | Query::Fixed { heading, .. } => heading.clone(),
            Query::Similar { movie, .. } => {
                let lib = self.library();
                let title = lib
                    .get(*movie)
                    .map(|m| m.movie.title.clone())
                    .unwrap_or_default();
                format!("More films like {title}")
            }
            Query::Group { .. } => "More picks for the group".to_string(),
        };
        self.show(
            turn,
            last.query,
            target,
            Some(last.query_id),
            intro,
            "Nothing more to show.",
        )
        .await
    }
}
