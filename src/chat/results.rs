//! Lists of films as pages: runs a remembered query for one page through the picks service,
//! turns the picks into cards with their "why" lines and paging buttons, and remembers the
//! result for follow-ups.

use std::collections::HashMap;

use moviebot_protocol::{Action, Page, Reply, Stars};

use super::answers::Answers;
use super::core::Turn;
use super::picks::{PAGE, Picked};
use super::session::{Extra, LastResult, Query};
use crate::domain::MovieId;
use crate::recommend::Method;

impl Answers {
    /// One page of a query: (film, why) pairs and whether more follow. `extra` holds the
    /// films TMDb added to the query (computed here the first time they are needed).
    async fn run(
        &self,
        user: crate::domain::UserId,
        query: &Query,
        page: u16,
        extra: &mut Option<Extra>,
    ) -> anyhow::Result<(Vec<Picked>, bool)> {
        let offset = page as usize * PAGE;
        let picks: Vec<Picked> = match query {
            Query::Personal { filters, .. } => {
                self.picks
                    .ranked(user, Method::Hybrid, filters, offset, extra)
                    .await?
            }
            Query::Popular { filters, .. } => {
                self.picks
                    .ranked(user, Method::Popularity, filters, offset, extra)
                    .await?
            }
            Query::Similar { movie, filters } => {
                self.picks
                    .similar(user, *movie, filters, offset, extra)
                    .await?
            }
            Query::Group {
                conversation,
                filters,
            } => {
                let (platform, id) = conversation.split_once(':').unwrap_or(("", conversation));
                let members = self.users.raters_in(platform, id).await?;
                let mut names = Vec::with_capacity(members.len());
                for m in &members {
                    names.push(self.users.name_of(*m).await);
                }
                self.picks
                    .for_group(&members, &names, filters, offset)
                    .await?
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
        self.show_page(turn, query, page, query_id, intro, empty, None)
            .await
    }

    /// As [`Answers::show`], continuing with the TMDb films a previous page kept.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn show_page(
        &self,
        turn: &Turn<'_>,
        query: Query,
        page: u16,
        query_id: Option<u32>,
        intro: String,
        empty: &str,
        mut extra: Option<Extra>,
    ) -> anyhow::Result<Reply> {
        let (picks, has_more) = self.run(turn.user, &query, page, &mut extra).await?;
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
        let mine: HashMap<i64, Stars> = if matches!(query, Query::Fixed { .. }) {
            self.ratings
                .shared(turn.user)
                .await?
                .iter()
                .map(|r| (r.movie.0, r.rating))
                .collect()
        } else {
            HashMap::new()
        };
        let films: Vec<_> = picks
            .iter()
            .filter_map(|(id, _)| lib.get(*id).cloned())
            .collect();
        let whys: HashMap<MovieId, &Option<String>> =
            picks.iter().map(|(id, why)| (*id, why)).collect();
        let films = self.films.with_posters(films).await;
        let mut cards: Vec<_> = films
            .iter()
            .map(|m| {
                let why = whys.get(&m.id).and_then(|w| (*w).clone());
                self.films.card(m, why, mine.get(&m.id.0).copied())
            })
            .collect();
        self.mark_services(turn.user, &films, &mut cards).await?;
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
                focus: None,
                extra,
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
        self.show_page(
            turn,
            last.query,
            target,
            Some(last.query_id),
            intro,
            "Nothing more to show.",
            last.extra,
        )
        .await
    }
}
