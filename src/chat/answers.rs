//! Free text → parsed intent → reply. [`Answers`] is what every answer may use: the
//! services (identity, ratings and watchlist, picks, films, conversation state) and the
//! settings that do not change per turn; each kind of answer is one method that asks the
//! services and words the result. The parsed intent's filters become the recommender's
//! filters, applied inside the ranking.

use std::sync::Arc;

use moviebot_protocol::{Action, Genre, Outcome, Reply, Stars};

use super::cards::one_line;
use super::core::Turn;
use super::films::{Films, TitleLookup};
use super::intent::{FollowUp, Intent, IntentFilters, ParsedIntent, WatchlistCommand};
use super::library::{Library, public_id};
use super::links::Links;
use super::picks::Picks;
use super::ratings::Ratings;
use super::request::{LastRequest, describe, filters_for, is_refinement, refine};
use super::session::Query;
use super::session::Sessions;
use super::texts;
use super::users::Users;
use crate::domain::{MovieId, UserId};
use crate::recommend::Filters;
use crate::store::{MovieRecord, StoreError};
use crate::tmdb::TimeWindow;

/// The services an answer uses, and the settings that do not change per turn.
pub struct Answers {
    pub(super) users: Arc<Users>,
    pub(super) ratings: Arc<Ratings>,
    pub(super) picks: Arc<Picks>,
    /// Every film that can be shown: the library, and TMDb's films as they are first seen.
    pub(super) films: Arc<Films>,
    pub(super) sessions: Arc<Sessions>,
    /// Taste files in and out, and the choices an import left open.
    pub(super) imports: Arc<super::imports::Imports>,
    /// Linked accounts: codes, joining and separating users.
    pub(super) links: Arc<Links>,
    /// Movie nights, and the core's clock.
    pub(super) nights: Arc<super::nights::Nights>,
    /// The streaming services each user pays for.
    pub(super) services: Arc<super::services::Services>,
    /// Region for "where to watch" when the user has none.
    pub(super) default_region: String,
    /// The current year, for "recent" and "new" (fixed per process; fine for a bot that is
    /// restarted more often than yearly, and it keeps parsing deterministic in tests).
    pub(super) this_year: i32,
}

impl Answers {
    pub(super) fn library(&self) -> Arc<Library> {
        self.films.snapshot()
    }

    /// Deletes a user with everything stored about them, and this process's memory of them.
    pub(super) async fn forget(&self, user: UserId) -> Result<(), StoreError> {
        self.users.delete(user).await?;
        self.sessions.forget(user);
        Ok(())
    }

    pub(super) async fn text(&self, turn: &Turn<'_>, text: &str) -> anyhow::Result<Reply> {
        let lib = self.library();
        let parsed = self.resolve(turn, lib.parse(text, self.this_year));
        self.answer(turn, parsed).await
    }

    /// The request a parsed message makes in this conversation: a follow-up that refines
    /// the user's last list request ("what about the 90s?") becomes that request with the
    /// change; anything else is itself.
    pub(super) fn resolve(&self, turn: &Turn<'_>, p: ParsedIntent) -> ParsedIntent {
        if !is_refinement(&p) {
            return p;
        }
        let last = self.sessions.request(turn.user);
        refine(last.as_ref(), &p, self.this_year)
    }

    /// The recommender's filters for a request, with the films it names to leave out
    /// ("but not Titanic") resolved in the library.
    pub(super) fn filters(&self, p: &ParsedIntent) -> Filters {
        let mut filters = filters_for(p);
        if !p.filters.exclude_titles.is_empty() {
            let lib = self.library();
            for words in &p.filters.exclude_titles {
                filters
                    .exclude_items
                    .extend(lib.exact(words).iter().map(|m| m.id.0));
                if let Some((m, _)) = lib.find(words) {
                    filters.exclude_items.push(m.id.0);
                }
            }
            filters.exclude_items.sort_unstable();
            filters.exclude_items.dedup();
        }
        filters
    }

    /// Answers a parsed message (the REST `/api/chat` shares this through `handle`).
    pub(super) async fn answer(&self, turn: &Turn<'_>, p: ParsedIntent) -> anyhow::Result<Reply> {
        let p = self.resolve(turn, p);
        if let Some(follow) = p.follow_up {
            return Box::pin(self.follow_up(turn, follow, &p)).await;
        }
        if let Some(request) = LastRequest::of(&p) {
            self.sessions.set_request(turn.user, request);
        }
        if p.filters.series {
            return Box::pin(self.series(turn, &p)).await;
        }
        let reply = self.answer_request(turn, &p).await?;
        // Said only over a list, where the limit left films out.
        Ok(
            if p.filters.certification_max.is_some() && !reply.cards.is_empty() {
                reply.with_notice(texts::CERTIFICATION_NOTICE)
            } else {
                reply
            },
        )
    }

    /// Lists (personal, similar, trending) answer inline; the rarer answers through boxed
    /// futures, so that the common turn's future stays small.
    async fn answer_request(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        if p.for_group && turn.conversation.is_group() {
            return Box::pin(self.group(turn, p)).await;
        }
        match p.intent {
            Intent::Greeting => Box::pin(self.greeting(turn)).await,
            Intent::Help => Ok(texts::help()),
            Intent::SimilarMovie => self.similar(turn, p).await,
            Intent::MovieInfo => Box::pin(self.info(turn, p)).await,
            Intent::Providers => Box::pin(self.providers(turn, p)).await,
            Intent::Rate => Box::pin(self.rate_text(turn, p)).await,
            Intent::Watchlist => Box::pin(self.watchlist_text(turn, p)).await,
            Intent::Preference => Box::pin(self.preference(turn, p)).await,
            Intent::Trending => {
                let plain = p.filters == IntentFilters::default();
                if plain && let Some(reply) = self.live_trending(turn, TimeWindow::Week).await {
                    return Ok(reply);
                }
                let heading = format!("Popular right now — {}", describe(&p.filters));
                let mut filters = self.filters(p);
                if let Some(limit) = &p.filters.streaming
                    && let Err(reply) =
                        Box::pin(self.limit_to_services(turn.user, limit, &mut filters)).await?
                {
                    return Ok(reply);
                }
                let query = Query::Popular {
                    filters,
                    heading: heading.clone(),
                };
                self.show(turn, query, 0, None, heading, texts::NOTHING_FOUND)
                    .await
                    .map(texts::offline_trending_notice)
            }
            Intent::Genre
            | Intent::Actor
            | Intent::Mood
            | Intent::TimePeriod
            | Intent::Recommend => {
                let heading =
                    if p.intent == Intent::Recommend && p.filters == IntentFilters::default() {
                        "Here are some picks for you".to_string()
                    } else {
                        format!("Here are some {}", describe(&p.filters))
                    };
                let mut filters = self.filters(p);
                if let Some(limit) = &p.filters.streaming
                    && let Err(reply) =
                        Box::pin(self.limit_to_services(turn.user, limit, &mut filters)).await?
                {
                    return Ok(reply);
                }
                let query = Query::Personal {
                    filters,
                    heading: heading.clone(),
                };
                self.show(turn, query, 0, None, heading, texts::NOTHING_FOUND)
                    .await
            }
            Intent::Unknown => Ok(texts::unknown()),
        }
    }

    async fn greeting(&self, turn: &Turn<'_>) -> anyhow::Result<Reply> {
        let rated = self.ratings.shared(turn.user).await?;
        let prefs = self.ratings.preferences_shared(turn.user).await?;
        if rated.is_empty() && prefs.favourite_genres.is_empty() {
            return Ok(texts::welcome());
        }
        Ok(Reply::text(texts::hello_again(turn.user.0)))
    }

    /// The film a parsed message names, or a reply saying we don't know it. A year the user
    /// gave with the title ("Dune 2021") picks between films of one name.
    async fn film_of(
        &self,
        p: &ParsedIntent,
        field: Option<&String>,
    ) -> Result<std::sync::Arc<MovieRecord>, Reply> {
        let words = p
            .film
            .as_ref()
            .map(|f| f.words.clone())
            .or_else(|| field.cloned())
            .unwrap_or_default();
        let name = field.cloned().unwrap_or_else(|| words.clone());
        if name.trim().is_empty() {
            return Err(Reply::text("Which film do you mean? Tell me its title."));
        }
        let year = match (p.filters.year_from, p.filters.year_to) {
            (Some(a), Some(b)) if a == b && p.filters.similar_to.is_none() => Some(a),
            _ => None,
        };
        let suggestions = match self.films.find_title(&name, year).await {
            TitleLookup::Found(m) => return Ok(m),
            TitleLookup::Unknown { suggestions } => suggestions,
        };
        if words != name
            && let Some((m, _)) = self.library().find(&words)
        {
            return Ok(m.clone());
        }
        Err(Reply::text(if suggestions.is_empty() {
            format!("I don't know a film called \"{words}\". Could you check the title?")
        } else {
            format!(
                "I don't know that film — did you mean {}?",
                suggestions.join(", ")
            )
        }))
    }

    async fn similar(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        let film = match self.film_of(p, p.filters.similar_to.as_ref()).await {
            Ok(f) => f,
            Err(reply) => return Ok(reply),
        };
        let mut filters = self.filters(p);
        // "like Alien but newer": only a floor; the parser set it from Alien's year.
        if filters
            .year_from
            .is_some_and(|y| Some(y) <= film.movie.year)
            && p.filters.year_to.is_none()
        {
            filters.year_from = film.movie.year.map(|y| y + 1);
        }
        if let Some(limit) = &p.filters.streaming
            && let Err(reply) = self
                .limit_to_services(turn.user, limit, &mut filters)
                .await?
        {
            return Ok(reply);
        }
        let heading = format!(
            "Films like {}",
            one_line(&film).split(" · ").next().unwrap_or_default()
        );
        let query = Query::Similar {
            movie: film.id,
            filters,
        };
        self.show(
            turn,
            query,
            0,
            None,
            heading,
            "I couldn't find anything close enough to that one.",
        )
        .await
    }

    async fn info(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        let film = match self.film_meant(turn, p, p.filters.title.as_ref()).await {
            Ok(f) => f,
            Err(reply) => return Ok(reply),
        };
        self.details(turn, &film).await
    }

    /// The full card for one film (with everything TMDb has on it), the user's own rating and
    /// a predicted one.
    pub(super) async fn details(
        &self,
        turn: &Turn<'_>,
        film: &std::sync::Arc<MovieRecord>,
    ) -> anyhow::Result<Reply> {
        let film = &self.films.detailed(film.clone()).await;
        let mine = self.ratings.stars_for(turn.user, film.id).await?;
        let mut c = self.films.card(film, None, mine);
        c.overview = super::cards::trim_words(&film.movie.overview, 900);
        let mut text = one_line(film);
        if let Some(d) = &film.movie.director {
            text.push_str(&format!("\nDirected by {d}"));
        }
        if !film.movie.cast.is_empty() {
            text.push_str(&format!("\nStarring {}", film.movie.cast.join(", ")));
        }
        if mine.is_none() {
            let input = self.picks.input(turn.user).await?;
            if !input.ratings.is_empty() {
                let guess = self.picks.predict(&input, film.id);
                text.push_str(&format!("\nI think you'd rate it about {guess:.1}★."));
            }
        }
        if let Some(src) = &film.movie.overview_source {
            text.push_str(&format!("\nOverview: {src}"));
        }
        // A film of the last list keeps that list ("tell me about the fourth", then "rate
        // the second"); any other becomes a list of one, so "rate it 4" means it.
        if !self.sessions.focus(turn.user, film.id) {
            self.sessions.set_last(
                turn.user,
                super::session::LastResult {
                    query_id: self.sessions.new_query_id(),
                    query: Query::Fixed {
                        ids: vec![film.id],
                        heading: String::new(),
                    },
                    page: 0,
                    shown: vec![film.id],
                    focus: Some(film.id),
                    extra: None,
                },
            );
        }
        Ok(Reply::text(text).with_cards([c]))
    }

    async fn providers(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        let film = match self.film_of(p, p.filters.title.as_ref()).await {
            Ok(f) => f,
            Err(reply) => return Ok(reply),
        };
        let region = self.region_for(turn, p.region.clone()).await?;
        Ok(self.where_to_watch(&film, &region).await)
    }

    /// Stores a rating and confirms what was stored.
    pub(super) async fn rate(
        &self,
        turn: &Turn<'_>,
        movie: MovieId,
        stars: Stars,
    ) -> anyhow::Result<Reply> {
        self.ratings.rate(turn.user, movie, stars).await?;
        let lib = self.library();
        let title = lib
            .get(movie)
            .map(|m| m.movie.title.clone())
            .unwrap_or_default();
        let mut reply = Reply::text(format!(
            "Saved: {title} {stars}★. {}",
            texts::after_rating(stars)
        ));
        if let Some(m) = lib.get(movie) {
            reply = reply
                .with_cards([self.films.card(m, None, Some(stars))])
                .with_outcome(Outcome::Rated {
                    movie: public_id(m),
                    title: m.movie.title.clone(),
                    stars,
                });
        }
        Ok(reply)
    }

    /// Removes a rating and says whether there was one.
    pub(super) async fn unrate(&self, turn: &Turn<'_>, movie: MovieId) -> anyhow::Result<Reply> {
        let removed = self.ratings.unrate(turn.user, movie).await?;
        let lib = self.library();
        let Some(m) = lib.get(movie) else {
            return Ok(Reply::text("I don't know that film."));
        };
        let text = if removed {
            format!("Removed your rating of {}.", m.movie.title)
        } else {
            format!("You hadn't rated {}.", m.movie.title)
        };
        Ok(Reply::text(text)
            .with_cards([self.films.card(m, None, None)])
            .with_outcome(Outcome::Unrated {
                movie: public_id(m),
                title: m.movie.title.clone(),
                removed,
            }))
    }

    async fn watchlist_text(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        let command = p.watchlist.clone().unwrap_or(WatchlistCommand::Show);
        let (WatchlistCommand::Add { title } | WatchlistCommand::Remove { title }) = &command
        else {
            return self.show_watchlist(turn).await;
        };
        let target = match title {
            Some(_) => self
                .film_of(p, p.filters.title.as_ref().or(title.as_ref()))
                .await
                .map(|f| f.id),
            None => self
                .pointed_film(turn, p)
                .ok_or_else(|| Reply::text("Which film? Say e.g. \"add Heat to my watchlist\".")),
        };
        match (command, target) {
            (_, Err(r)) => Ok(r),
            (WatchlistCommand::Add { .. }, Ok(id)) => self.watchlist_add(turn, id).await,
            (_, Ok(id)) => self.watchlist_remove(turn, id).await,
        }
    }

    pub(super) async fn show_watchlist(&self, turn: &Turn<'_>) -> anyhow::Result<Reply> {
        let ids = self.ratings.watchlist(turn.user).await?;
        if ids.is_empty() {
            return Ok(Reply::text(
                "Your watchlist is empty. Press \"+ Watchlist\" on any film to save it for later.",
            )
            .ephemeral());
        }
        let heading = match ids.len() {
            1 => "Your watchlist (1 film)".to_string(),
            n => format!("Your watchlist ({n} films)"),
        };
        let query = Query::Fixed {
            ids,
            heading: heading.clone(),
        };
        Ok(self
            .show(turn, query, 0, None, heading, "")
            .await?
            .ephemeral())
    }

    pub(super) async fn watchlist_add(
        &self,
        turn: &Turn<'_>,
        id: MovieId,
    ) -> anyhow::Result<Reply> {
        let title = self.title_of(id);
        Ok(
            Reply::text(if self.ratings.watchlist_add(turn.user, id).await? {
                format!("Added {title} to your watchlist.")
            } else {
                format!("{title} is already on your watchlist.")
            })
            .with_actions([Action::ShowWatchlist])
            .ephemeral(),
        )
    }

    pub(super) async fn watchlist_remove(
        &self,
        turn: &Turn<'_>,
        id: MovieId,
    ) -> anyhow::Result<Reply> {
        let title = self.title_of(id);
        Ok(
            Reply::text(if self.ratings.watchlist_remove(turn.user, id).await? {
                format!("Removed {title} from your watchlist.")
            } else {
                format!("{title} wasn't on your watchlist.")
            })
            .ephemeral(),
        )
    }

    pub(super) fn title_of(&self, id: MovieId) -> String {
        self.library()
            .get(id)
            .map(|m| m.movie.title.clone())
            .unwrap_or_else(|| "That film".into())
    }

    /// The film the user pointed at in their last list ("the second one", "the last one"),
    /// else its first.
    pub(super) fn pointed_film(&self, turn: &Turn<'_>, p: &ParsedIntent) -> Option<MovieId> {
        let last = self.sessions.last(turn.user)?;
        if p.pick_last {
            return last.shown.last().copied();
        }
        match p.pick {
            Some(n) => last.shown.get(n.saturating_sub(1) as usize).copied(),
            None => last.focus.or_else(|| last.shown.first().copied()),
        }
    }

    /// The film a message is about: the one it names (`field`), else the one it points at
    /// in the user's last list ("rate number 2 five stars", "tell me about the last one").
    pub(super) async fn film_meant(
        &self,
        turn: &Turn<'_>,
        p: &ParsedIntent,
        field: Option<&String>,
    ) -> Result<std::sync::Arc<MovieRecord>, Reply> {
        if field.is_some() {
            return self.film_of(p, field).await;
        }
        if p.pick.is_none() && !p.pick_last {
            // "rate it 4" right after a film's details: that film.
            let focus = self.sessions.last(turn.user).and_then(|l| l.focus);
            return match focus.and_then(|id| self.library().get(id).cloned()) {
                Some(m) => Ok(m),
                None => self.film_of(p, field).await,
            };
        }
        let Some(last) = self.sessions.last(turn.user) else {
            return Err(Reply::text(
                "Which film do you mean? I haven't shown you a list yet — ask me for some films \
                 first, or tell me the title.",
            ));
        };
        match self
            .pointed_film(turn, p)
            .and_then(|id| self.library().get(id).cloned())
        {
            Some(m) => Ok(m),
            None => Err(Reply::text(format!(
                "Your last list had {} film{} — which one do you mean?",
                last.shown.len(),
                if last.shown.len() == 1 { "" } else { "s" }
            ))),
        }
    }

    async fn preference(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        let Some(details) = &p.preference else {
            return Ok(texts::unknown());
        };
        let mut prefs = self.ratings.preferences(turn.user).await?;
        let mut said = Vec::new();
        for g in &details.liked_genres {
            if !prefs.favourite_genres.contains(g) {
                prefs.favourite_genres.push(g.clone());
            }
        }
        if !details.liked_genres.is_empty() {
            said.push(format!(
                "you love {}",
                details.liked_genres.join(" and ").to_lowercase()
            ));
        }
        prefs
            .favourite_genres
            .retain(|g| !details.disliked_genres.contains(g));
        if !details.disliked_genres.is_empty() {
            said.push(format!(
                "you'd rather skip {}",
                details.disliked_genres.join(" and ").to_lowercase()
            ));
        }
        if let Some(person) = &details.favourite_person {
            if !prefs.favourite_people.contains(person) {
                prefs.favourite_people.push(person.clone());
            }
            said.push(format!("{person} is a favourite"));
        }
        if let Some(region) = &details.region {
            prefs.region = Some(region.clone());
            said.push(format!("you watch in {region}"));
        }
        self.ratings.set_preferences(turn.user, &prefs).await?;
        if said.is_empty() {
            return Ok(texts::unknown());
        }
        let heading = format!(
            "Noted: {}. Here are some picks with that in mind",
            said.join(", ")
        );
        // Show what was just said: the first genre they love as a filter, the rest favoured.
        let mut filters = Filters::default();
        if let Some((first, rest)) = details.liked_genres.split_first() {
            filters.genres.push(first.clone());
            filters.boost_genres = rest.to_vec();
        }
        let query = Query::Personal {
            filters,
            heading: heading.clone(),
        };
        self.show(turn, query, 0, None, heading, texts::NOTHING_FOUND)
            .await
    }

    async fn follow_up(
        &self,
        turn: &Turn<'_>,
        f: FollowUp,
        p: &ParsedIntent,
    ) -> anyhow::Result<Reply> {
        match f {
            FollowUp::More => self.page(turn, None, |page| Some(page + 1)).await,
            FollowUp::Previous => self.page(turn, None, |page| page.checked_sub(1)).await,
            FollowUp::MoreLikeThat => match self.pointed_film(turn, p) {
                Some(id) => self.more_like(turn, id).await,
                None => Ok(Reply::text("Like which film? Ask me for some films first.")),
            },
            FollowUp::NotThatOne => match self.pointed_film(turn, p) {
                Some(id) => self.not_interested(turn, id).await,
                None => Ok(Reply::text("Got it. What would you like instead?")),
            },
            FollowUp::Never => self.never(turn, p).await,
            FollowUp::LessLikeThis => self.less_like(turn, p).await,
            // `answer` resolved it into a request already; a second pass cannot meet one.
            FollowUp::Refine => Ok(texts::unknown()),
        }
    }

    pub(super) async fn more_like(&self, turn: &Turn<'_>, id: MovieId) -> anyhow::Result<Reply> {
        let heading = format!("More like {}", self.title_of(id));
        let query = Query::Similar {
            movie: id,
            filters: Filters::default(),
        };
        self.show(
            turn,
            query,
            0,
            None,
            heading,
            "I couldn't find anything close enough to that one.",
        )
        .await
    }

    /// Never recommends a film again (see `exclusions.rs`) and shows the list again without
    /// it, with an undo button.
    pub(super) async fn not_interested(
        &self,
        turn: &Turn<'_>,
        id: MovieId,
    ) -> anyhow::Result<Reply> {
        let excluded = self.exclude_film(turn, id).await?;
        let undo = Action::Unexclude {
            exclusion: excluded.id,
            slot: 0,
        };
        let title = self.title_of(id);
        match self.sessions.last(turn.user) {
            Some(last) if !matches!(last.query, Query::Fixed { .. }) => {
                let intro = format!("OK, no {title} — I won't suggest it again. How about these?");
                let reply = self
                    .show_page(
                        turn,
                        last.query,
                        last.page,
                        Some(last.query_id),
                        intro,
                        texts::NOTHING_FOUND,
                        last.extra,
                    )
                    .await?;
                Ok(reply.with_actions([undo]))
            }
            _ => {
                Ok(Reply::text(format!("OK, I won't suggest {title} again.")).with_actions([undo]))
            }
        }
    }

    async fn group(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        let conv = turn.conversation;
        let members = self
            .users
            .raters_in(conv.platform.as_str(), &conv.id)
            .await?;
        if members.is_empty() {
            return Ok(Reply::text(
                "Nobody here has rated a film yet. Rate a few (e.g. \"I'd give Heat 4 stars\") and ask again!",
            ));
        }
        let heading = format!(
            "Picks for all {} of you who rated — none of you has rated these",
            members.len()
        );
        let mut filters = self.filters(p);
        // "on my services" in a group: the asker's services.
        if let Some(limit) = &p.filters.streaming
            && let Err(reply) = self
                .limit_to_services(turn.user, limit, &mut filters)
                .await?
        {
            return Ok(reply);
        }
        let query = Query::Group {
            conversation: format!("{}:{}", conv.platform.as_str(), conv.id),
            filters,
        };
        self.show(turn, query, 0, None, heading, texts::NOTHING_FOUND)
            .await
    }

    /// First-contact genre choice: add it to the user's favourites and say what is chosen.
    pub(super) async fn pick_genre(&self, turn: &Turn<'_>, genre: Genre) -> anyhow::Result<Reply> {
        let mut prefs = self.ratings.preferences(turn.user).await?;
        let name = genre.name().to_string();
        if !prefs.favourite_genres.contains(&name) {
            prefs.favourite_genres.push(name);
        }
        self.ratings.set_preferences(turn.user, &prefs).await?;
        Ok(Reply::text(format!(
            "Got it: {}. Pick more, or press \"Show my picks\".",
            prefs.favourite_genres.join(", ")
        ))
        .with_actions(texts::genre_choices())
        .with_actions([Action::ShowPicks]))
    }

    pub(super) async fn personal(&self, turn: &Turn<'_>) -> anyhow::Result<Reply> {
        let heading = "Here are some picks for you".to_string();
        let query = Query::Personal {
            filters: Filters::default(),
            heading: heading.clone(),
        };
        self.show(turn, query, 0, None, heading, texts::NOTHING_FOUND)
            .await
    }
}
