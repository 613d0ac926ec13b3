//! Picks: what the recommender says for a user, a film or a group, one page at a time. Owns
//! the recommender handle and the memo of personal picks the REST API serves; builds each
//! user's recommender input from their ratings, preferences and the films they turned down
//! (this session, or for good), and adds what they want less of to every request's filters
//! as down-weights; continues lists the catalog runs short of with TMDb's films.

use std::collections::HashSet;
use std::sync::Arc;

use moviebot_protocol::MovieCard;

use super::films::{Films, Unknown, satisfies, satisfies_with};
use super::library::Library;
use super::picks_cache::{Inputs, PicksCache};
use super::ratings::Ratings;
use super::session::{Extra, Sessions};
use crate::domain::{MovieId, UserId};
use crate::recommend::{self, Filters, ItemMeta, Method, Model, Pick, Recommender, UserInput};
use crate::store::{ExclusionKind, Preferences, StoredRating};

/// Cards per page: short enough to read in a chat, within every platform's limits.
pub const PAGE: usize = 5;

/// A film on a page, with why it was picked.
pub type Picked = (MovieId, Option<String>);

/// The rows a user's picks depend on, as shared by the store's cache, the films they turned
/// down in this session or for good (sorted), and what they want less of (sorted).
pub(super) struct UserRows {
    pub ratings: Arc<Vec<StoredRating>>,
    pub preferences: Arc<Preferences>,
    pub excluded: Vec<i64>,
    pub down: Vec<DownWeight>,
}

/// A movie night's candidate: the group score and each attendee's predicted rating.
pub struct NightPick {
    pub movie: MovieId,
    pub score: f32,
    pub predictions: Vec<f32>,
}

/// A genre, person or keyword the user wants less of.
pub type DownWeight = (ExclusionKind, String);

/// `filters` with the down-weights added (borrowed as is when there are none).
fn demoted<'a>(filters: &'a Filters, down: &[DownWeight]) -> std::borrow::Cow<'a, Filters> {
    if down.is_empty() {
        return std::borrow::Cow::Borrowed(filters);
    }
    let mut f = filters.clone();
    for (kind, name) in down {
        let list = match kind {
            ExclusionKind::Genre => &mut f.demote_genres,
            ExclusionKind::Person => &mut f.demote_people,
            ExclusionKind::Keyword => &mut f.demote_keywords,
            ExclusionKind::Film => continue,
        };
        if !list.contains(name) {
            list.push(name.clone());
        }
    }
    std::borrow::Cow::Owned(f)
}

/// The picks service.
pub struct Picks {
    pub(super) recommender: Arc<Recommender>,
    pub(super) films: Arc<Films>,
    ratings: Arc<Ratings>,
    sessions: Arc<Sessions>,
    /// Personal picks served by the REST API, while their inputs are unchanged.
    cache: PicksCache,
}

impl Picks {
    pub fn new(
        recommender: Arc<Recommender>,
        films: Arc<Films>,
        ratings: Arc<Ratings>,
        sessions: Arc<Sessions>,
    ) -> Self {
        Self {
            recommender,
            films,
            ratings,
            sessions,
            cache: PicksCache::default(),
        }
    }

    pub fn recommender(&self) -> &Arc<Recommender> {
        &self.recommender
    }

    /// What the recommender needs to know about a user right now.
    pub async fn input(&self, user: UserId) -> anyhow::Result<UserInput> {
        Ok(self.input_with(user).await?.0)
    }

    /// As [`Picks::input`], with what the user wants less of.
    async fn input_with(&self, user: UserId) -> anyhow::Result<(UserInput, Vec<DownWeight>)> {
        let rows = self.rows(user).await?;
        let mut input = input_from(user, &rows);
        input.outside = outside(
            &self.recommender.model(),
            &self.films.snapshot(),
            &input.ratings,
        );
        Ok((input, rows.down))
    }

    pub(super) async fn rows(&self, user: UserId) -> anyhow::Result<UserRows> {
        let ratings = self.ratings.shared(user).await?;
        let preferences = self.ratings.preferences_shared(user).await?;
        let lasting = self.ratings.exclusions(user).await?;
        let mut excluded: Vec<i64> = self.sessions.excluded(user).iter().map(|m| m.0).collect();
        excluded.extend(lasting.iter().filter_map(|e| e.movie).map(|m| m.0));
        excluded.sort_unstable();
        excluded.dedup();
        let mut down: Vec<DownWeight> = lasting
            .iter()
            .filter(|e| e.is_down_weight())
            .map(|e| (e.kind, e.value.clone()))
            .collect();
        down.sort();
        Ok(UserRows {
            ratings,
            preferences,
            excluded,
            down,
        })
    }

    /// The stars the model expects `user` to give `movie`.
    pub fn predict(&self, input: &UserInput, movie: MovieId) -> f32 {
        self.recommender.predict(input, movie.0)
    }

    /// Whether TMDb can continue a list the catalog runs short of (a genre, year, mood or
    /// person request; plain picks always fill from the whole catalog).
    fn fillable(&self, filters: &Filters) -> bool {
        self.films.is_live()
            && (filters.only_items.is_some()
                || !filters.genres.is_empty()
                || filters.year_from.is_some()
                || filters.year_to.is_some()
                || filters.person.is_some()
                || !filters.languages.is_empty()
                || filters.runtime_min.is_some()
                || filters.runtime_max.is_some()
                || filters.certification_max.is_some()
                || filters.min_vote.is_some())
    }

    /// TMDb's films for filters the catalog cannot fill: the films allowed when only some
    /// are (already fetched: what the user can stream), the person's own films when one is
    /// named, else discover.
    async fn extra_for(&self, filters: &Filters) -> Vec<Picked> {
        if let Some(only) = &filters.only_items {
            let lib = self.films.snapshot();
            return only
                .iter()
                .filter_map(|id| lib.get(MovieId(*id)))
                .filter(|m| {
                    filters.person.is_none() && satisfies_with(filters, m, Unknown::DiscoverChecked)
                })
                .map(|m| (m.id, None))
                .collect();
        }
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
    pub(super) async fn kept(
        extra: &mut Option<Extra>,
        compute: impl Future<Output = Vec<Picked>>,
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

    /// One page (and one more, to tell whether more follow) of ranked picks from `offset`;
    /// when the catalog runs short, TMDb's films continue the list.
    pub async fn ranked(
        &self,
        user: UserId,
        method: Method,
        filters: &Filters,
        offset: usize,
        extra: &mut Option<Extra>,
    ) -> anyhow::Result<Vec<Picked>> {
        let (input, down) = self.input_with(user).await?;
        let filters = &*demoted(filters, &down);
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

    /// Films like `movie` the user has not rated or turned down, from `offset`.
    pub async fn similar(
        &self,
        user: UserId,
        movie: MovieId,
        filters: &Filters,
        offset: usize,
        extra: &mut Option<Extra>,
    ) -> anyhow::Result<Vec<Picked>> {
        let (input, down) = self.input_with(user).await?;
        let filters = &*demoted(filters, &down);
        let skip: HashSet<i64> = seen(&input).collect();
        Ok(if self.recommender.model().item_index(movie.0).is_some() {
            self.recommender
                .similar_to(movie.0, filters, offset + PAGE + 1 + skip.len())
                .into_iter()
                .filter(|p| !skip.contains(&p.item))
                .skip(offset)
                .map(|p| (MovieId(p.item), Some(p.reason.to_string())))
                .collect()
        } else {
            // A film the model does not know yet (first seen on TMDb since the fit).
            let list = Self::kept(extra, self.similar_outside(movie, filters)).await;
            list.iter()
                .filter(|(id, _)| !skip.contains(&id.0))
                .skip(offset)
                .take(PAGE + 1)
                .cloned()
                .collect()
        })
    }

    /// Each member's recommender input, and what any of them wants less of.
    async fn inputs_of(
        &self,
        members: &[UserId],
    ) -> anyhow::Result<(Vec<UserInput>, Vec<DownWeight>)> {
        let mut inputs = Vec::with_capacity(members.len());
        let mut down = Vec::new();
        for m in members {
            let (input, less) = self.input_with(*m).await?;
            inputs.push(input);
            down.extend(less);
        }
        Ok((inputs, down))
    }

    /// Picks none of `members` has rated, from `offset`, each with every member's reason
    /// (`names` in the same order).
    pub async fn for_group(
        &self,
        members: &[UserId],
        names: &[String],
        filters: &Filters,
        offset: usize,
    ) -> anyhow::Result<Vec<Picked>> {
        let (inputs, down) = self.inputs_of(members).await?;
        // What any member wants less of weighs on the group's picks.
        let filters = &*demoted(filters, &down);
        Ok(self
            .recommender
            .recommend_group(&inputs, filters, offset + PAGE + 1)
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
            .collect())
    }

    /// The group's best `k` films for a movie night's attendees (none any of them rated or
    /// ruled out), with the group score and each attendee's predicted rating (in `members`'
    /// order).
    pub async fn for_night(
        &self,
        members: &[UserId],
        filters: &Filters,
        k: usize,
    ) -> anyhow::Result<Vec<NightPick>> {
        let (inputs, down) = self.inputs_of(members).await?;
        let filters = &*demoted(filters, &down);
        let group = self.recommender.recommend_group(&inputs, filters, k);
        let items: Vec<i64> = group.iter().map(|g| g.item).collect();
        let per_member: Vec<Vec<f32>> = inputs
            .iter()
            .map(|i| {
                if i.ratings.is_empty() {
                    // Nothing to predict from: no attendee claims a film they know nothing of.
                    vec![0.0; items.len()]
                } else {
                    self.recommender.predict_many(i, &items)
                }
            })
            .collect();
        Ok(group
            .iter()
            .enumerate()
            .map(|(j, g)| NightPick {
                movie: MovieId(g.item),
                score: g.score,
                predictions: per_member.iter().map(|p| p[j]).collect(),
            })
            .collect())
    }

    /// A user's top `limit` personal picks as cards, each with its "why". Served from the
    /// picks memo while the user's rows, the model and the library are unchanged.
    pub async fn top_cards(
        &self,
        user: UserId,
        limit: usize,
    ) -> anyhow::Result<Arc<Vec<MovieCard>>> {
        let rows = self.rows(user).await?;
        let inputs = Inputs {
            ratings: rows.ratings.clone(),
            preferences: rows.preferences.clone(),
            excluded: rows.excluded.clone(),
            down: rows.down.clone(),
            model: self.recommender.model(),
            library: self.films.snapshot(),
        };
        let cards = self.cache.get_or_compute(user.0, limit, &inputs, || {
            let mut input = input_from(user, &rows);
            input.outside = outside(&inputs.model, &inputs.library, &input.ratings);
            let plain = Filters::default();
            let filters = demoted(&plain, &rows.down);
            let picks = self.recommender.recommend(&input, &filters, limit, 0);
            Arc::new(
                picks
                    .into_iter()
                    .filter_map(|p| {
                        inputs
                            .library
                            .get(MovieId(p.item))
                            .map(|m| self.films.card(m, Some(p.reason.to_string()), None))
                    })
                    .collect(),
            )
        });
        // Posters the memo's cards lack are fetched in the background: the library changes,
        // and the next request computes the cards anew with them.
        self.films.fetch_posters_later(
            cards
                .iter()
                .filter(|c| c.poster_url.is_none())
                .map(|c| c.id),
        );
        Ok(cards)
    }
}

fn input_from(user: UserId, rows: &UserRows) -> UserInput {
    UserInput {
        user: Some(user.0),
        ratings: rows
            .ratings
            .iter()
            .map(|r| (r.movie.0, r.rating.get()))
            .collect(),
        excluded: rows.excluded.clone(),
        preferences: recommend::Preferences {
            genres: rows.preferences.favourite_genres.clone(),
            people: rows.preferences.favourite_people.clone(),
        },
        outside: Vec::new(),
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
fn outside(model: &Model, lib: &Library, ratings: &[(i64, f32)]) -> Vec<(ItemMeta, f32)> {
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
