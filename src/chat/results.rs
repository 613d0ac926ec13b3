//! Lists of films as pages: runs a remembered query for one page, turns the picks into cards
//! with their "why" lines and paging buttons, and remembers the result for follow-ups.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use moviebot_protocol::{Action, Page, Reply};

use super::core::{ChatCore, Turn};
use super::films::satisfies;
use super::library::Library;
use super::session::{Extra, LastResult, Query};
use crate::domain::{MovieId, UserId};
use crate::recommend::{self, Filters, ItemMeta, Method, Model, Pick, UserInput};

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
        let mut input = Self::input_from(user, &rows);
        input.outside = outside(&self.recommender.model(), &self.library(), &input.ratings);
        Ok(input)
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
            outside: Vec::new(),
        }
    }

    /// Whether TMDb can continue a list the catalog runs short of (a genre, year, mood or
    /// person request; plain picks always fill from the whole catalog).
    fn fillable(&self, filters: &Filters) -> bool {
        self.films.is_live()
            && (!filters.genres.is_empty()
                || filters.year_from.is_some()
                || filters.year_to.is_some()
                || filters.person.is_some())
    }

    /// TMDb's films for filters the catalog cannot fill: the person's own films when one is
    /// named, else discover.
    async fn extra_for(&self, filters: &Filters) -> Vec<(MovieId, Option<String>)> {
        if let Some(name) = &filters.person {
            return match self.films.person(name).await {
                Some((name, films)) => films
                    .iter()
                    .filter(|m| satisfies(filters, m))
                    .map(|m| (m.id, Some(format!("with {name}"))))
                    .collect(),
                None => Vec::new(),
            };
        }
        self.films
            .discover(filters, 1)
            .await
            .iter()
            .map(|m| (m.id, Some("popular on TMDb".to_string())))
            .collect()
    }

    /// The films kept for a query, or `compute`d now (and kept unless empty, so a TMDb
    /// failure is retried on the next page rather than remembered).
    async fn kept(
        extra: &mut Option<Extra>,
        compute: impl Future<Output = Vec<(MovieId, Option<String>)>>,
    ) -> Extra {
        if let Some(e) = extra {
            return e.clone();
        }
        let e = Arc::new(compute.await);
        if !e.is_empty() {
            *extra = Some(e.clone());
        }
        e
    }

    /// One page of ranked picks; when the catalog runs short, TMDb's films continue the list.
    async fn ranked(
        &self,
        user: UserId,
        method: Method,
        filters: &Filters,
        offset: usize,
        extra: &mut Option<Extra>,
    ) -> anyhow::Result<Vec<(MovieId, Option<String>)>> {
        let input = self.user_input(user).await?;
        let pick = |p: Pick| (MovieId(p.item), Some(p.reason.to_string()));
        let page: Vec<_> = self
            .recommender
            .recommend_with(method, &input, filters, PAGE + 1, offset)
            .into_iter()
            .map(pick)
            .collect();
        if page.len() > PAGE || !self.fillable(filters) {
            return Ok(page);
        }
        let local: Vec<_> = self
            .recommender
            .recommend_with(method, &input, filters, offset + PAGE + 1, 0)
            .into_iter()
            .map(pick)
            .collect();
        let more = Self::kept(extra, self.extra_for(filters)).await;
        let skip: HashSet<i64> = seen(&input)
            .chain(local.iter().map(|(id, _)| id.0))
            .collect();
        let fill = more.iter().filter(|(id, _)| !skip.contains(&id.0)).cloned();
        Ok(local
            .into_iter()
            .chain(fill)
            .skip(offset)
            .take(PAGE + 1)
            .collect())
    }

    /// One page of a query: (film, why) pairs and whether more follow. `extra` holds the
    /// films TMDb added to the query (computed here the first time they are needed).
    async fn run(
        &self,
        user: UserId,
        query: &Query,
        page: u16,
        extra: &mut Option<Extra>,
    ) -> anyhow::Result<(Vec<(MovieId, Option<String>)>, bool)> {
        let offset = page as usize * PAGE;
        let want = offset + PAGE + 1;
        let picks: Vec<(MovieId, Option<String>)> = match query {
            Query::Personal { filters, .. } => {
                self.ranked(user, Method::Hybrid, filters, offset, extra)
                    .await?
            }
            Query::Popular { filters, .. } => {
                self.ranked(user, Method::Popularity, filters, offset, extra)
                    .await?
            }
            Query::Similar { movie, filters } => {
                let input = self.user_input(user).await?;
                let skip: HashSet<i64> = seen(&input).collect();
                if self.recommender.model().item_index(movie.0).is_some() {
                    self.recommender
                        .similar_to(movie.0, filters, want + skip.len())
                        .into_iter()
                        .filter(|p| !skip.contains(&p.item))
                        .skip(offset)
                        .map(|p| (MovieId(p.item), Some(p.reason.to_string())))
                        .collect()
                } else {
                    // A film the model does not know yet (first seen on TMDb since the fit).
                    let list = Self::kept(extra, self.similar_outside(*movie, filters)).await;
                    list.iter()
                        .filter(|(id, _)| !skip.contains(&id.0))
                        .skip(offset)
                        .take(PAGE + 1)
                        .cloned()
                        .collect()
                }
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
        self.show_page(turn, query, page, query_id, intro, empty, None)
            .await
    }

    /// As [`ChatCore::show`], continuing with the TMDb films a previous page kept.
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
        let films: Vec<_> = picks
            .iter()
            .filter_map(|(id, _)| lib.get(*id).cloned())
            .collect();
        let whys: HashMap<MovieId, &Option<String>> =
            picks.iter().map(|(id, why)| (*id, why)).collect();
        let cards: Vec<_> = self
            .films
            .with_posters(films)
            .await
            .iter()
            .map(|m| {
                let why = whys.get(&m.id).and_then(|w| (*w).clone());
                self.films.card(m, why, mine.get(&m.id.0).copied())
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

/// Films the user rated or turned down: never shown again in a ranked list.
fn seen(input: &UserInput) -> impl Iterator<Item = i64> + '_ {
    input
        .ratings
        .iter()
        .map(|r| r.0)
        .chain(input.excluded.iter().copied())
}

/// Rated films the model does not know yet (seen on TMDb since the last fit), with what the
/// library knows of them, so they shape the user's picks before the next fit. Only live films
/// can be such films, so most users cost one lookup per rating in a small map.
pub(super) fn outside(
    model: &Model,
    lib: &Library,
    ratings: &[(i64, f32)],
) -> Vec<(ItemMeta, f32)> {
    if lib.live_len() == 0 {
        return Vec::new();
    }
    ratings
        .iter()
        .filter(|(id, _)| lib.is_live(MovieId(*id)) && model.item_index(*id).is_none())
        .filter_map(|(id, stars)| {
            let m = lib.get(MovieId(*id))?;
            Some((super::dataset::item_meta(m), *stars))
        })
        .collect()
}
