//! What each command (typed, declared once in `moviebot_protocol::Command`) and each button
//! press does. Commands with a film take a title or the public id an autocomplete handed out.

use std::sync::Arc;

use moviebot_protocol::command::TrendWindow;
use moviebot_protocol::{Action, Command, CommandError, PublicMovieId, Reply};

use super::answers::Answers;
use super::core::Turn;
use super::films::TitleLookup;
use super::intent::Intent;
use super::session::Query;
use super::texts;
use crate::domain::MovieId;
use crate::store::MovieRecord;
use crate::tmdb::TimeWindow;

/// Films a `/search` lists (over pages of five).
const SEARCH_LIMIT: usize = 50;

impl Answers {
    /// A film named by a command argument: a public id (from autocomplete; any TMDb id when
    /// TMDb is configured) or a title, "Heat (1995)" picking the year.
    async fn film_arg(&self, arg: &str) -> Result<Arc<MovieRecord>, Reply> {
        let arg = arg.trim();
        if let Ok(id) = arg.parse::<PublicMovieId>()
            && let Some(m) = self.films.by_public(id).await
        {
            return Ok(m);
        }
        if arg.is_empty() {
            return Err(Reply::text("Which film? Give me a title."));
        }
        // "Heat (1995)" from autocomplete labels: the year is a hint, not part of the title.
        let (title, year) = match arg
            .rsplit_once(" (")
            .and_then(|(t, y)| Some((t, y.trim_end_matches(')').parse::<i32>().ok()?)))
        {
            Some((t, y)) => (t, Some(y)),
            None => (arg, None),
        };
        match self.films.find_title(title, year).await {
            TitleLookup::Found(m) => Ok(m),
            TitleLookup::Unknown { suggestions: s } => Err(Reply::text(if s.is_empty() {
                format!("I don't know a film called \"{title}\".")
            } else {
                format!("I don't know that film — did you mean {}?", s.join(", "))
            })),
        }
    }

    /// The film behind a button's public id (fetched from TMDb when new to the library).
    async fn movie_by_public(&self, public: PublicMovieId) -> Option<MovieId> {
        self.films.by_public(public).await.map(|m| m.id)
    }

    /// Answers a command. Exhaustive on purpose: a new command in the protocol does not
    /// compile until it has an answer here.
    pub(super) async fn command(
        &self,
        turn: &Turn<'_>,
        command: &Command,
    ) -> anyhow::Result<Reply> {
        match command {
            Command::Start { payload } => {
                if let Some(id) = payload.film
                    && let Some(m) = self.films.by_public(id).await
                {
                    return self.details(turn, &m).await;
                }
                Ok(texts::welcome())
            }
            Command::Help => Ok(texts::help()),
            Command::Recommend {
                genre,
                mood,
                decade,
                services_only,
                words,
            } => {
                // Choices become the words the parser reads, so a choice and the same words
                // typed by hand give the same answer.
                let chosen = [
                    mood.map(|m| m.label().to_string()),
                    genre.map(|g| g.name().to_string()),
                    decade.map(|d| format!("from the {}", d.label())),
                    services_only
                        .filter(|on| *on)
                        .map(|_| "on my services".to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
                let words = if chosen.is_empty() {
                    words.as_str()
                } else {
                    &chosen
                };
                if words.trim().is_empty() {
                    return self.personal(turn).await;
                }
                let lib = self.library();
                let mut parsed = lib.parse(&format!("recommend {words} movies"), self.this_year);
                if parsed.intent == Intent::Unknown {
                    parsed.intent = Intent::Recommend;
                }
                self.answer(turn, parsed).await
            }
            Command::Similar { title } => match self.film_arg(title.as_str()).await {
                Ok(m) => {
                    let heading = format!("Films like {}", m.movie.title);
                    let query = Query::Similar {
                        movie: m.id,
                        filters: Default::default(),
                    };
                    self.show(
                        turn,
                        query,
                        0,
                        None,
                        heading,
                        "I couldn't find anything close enough.",
                    )
                    .await
                }
                Err(r) => Ok(r),
            },
            Command::Movie { title } => match self.film_arg(title.as_str()).await {
                Ok(m) => self.details(turn, &m).await,
                Err(r) => Ok(r),
            },
            Command::Search { query } => self.search(turn, query.as_str()).await,
            Command::Trending { window } => {
                let window = match window.unwrap_or_default() {
                    TrendWindow::Day => TimeWindow::Day,
                    TrendWindow::Week => TimeWindow::Week,
                };
                if let Some(reply) = self.live_trending(turn, window).await {
                    return Ok(reply);
                }
                let heading = "Popular right now".to_string();
                let query = Query::Popular {
                    filters: Default::default(),
                    heading: heading.clone(),
                };
                self.show(turn, query, 0, None, heading, texts::NOTHING_FOUND)
                    .await
                    .map(texts::offline_trending_notice)
            }
            Command::Rate { title, stars } => {
                let film = match self.film_arg(title.as_str()).await {
                    Ok(m) => m,
                    Err(r) => return Ok(r),
                };
                match stars {
                    Some(s) => self.rate(turn, film.id, *s).await,
                    None => {
                        let film = self.films.with_posters(vec![film]).await.remove(0);
                        Ok(Reply::text(format!(
                            "How many stars (0.5–5) would you give {}?",
                            film.movie.title
                        ))
                        .with_cards([self.films.card(&film, None, None)]))
                    }
                }
            }
            Command::Providers { title, region } => match self.film_arg(title.as_str()).await {
                Ok(m) => {
                    let region = self
                        .region_for(turn, region.map(|r| r.as_str().to_string()))
                        .await?;
                    Ok(self.where_to_watch(&m, &region).await)
                }
                Err(r) => Ok(r),
            },
            Command::Services => self.services_list(turn).await,
            Command::Watchlist => self.show_watchlist(turn).await,
            Command::Profile => self.profile(turn).await,
            Command::Ask { text } => self.text(turn, text.as_str()).await,
            Command::Group => {
                let lib = self.library();
                let mut parsed = lib.parse("recommend for all of us", self.this_year);
                parsed.for_group = true;
                if !turn.conversation.is_group() {
                    return Ok(Reply::text("Use /group in a group chat or server channel."));
                }
                self.answer(turn, parsed).await
            }
            Command::Movienight {
                mood,
                genre,
                runtime,
                starts_in,
            } => {
                let request = super::nights::NightRequest {
                    mood: *mood,
                    genre: *genre,
                    runtime: runtime.map(|m| m.0),
                };
                self.movienight(turn, request, starts_in.map(|s| s.0)).await
            }
            Command::Compare { member } => self.compare(turn, member.as_ref()).await,
            Command::Import { format, .. } => self.import_upload(turn, *format).await,
            Command::Export => self.export_files(turn).await,
            Command::Forgetme => Ok(Reply::text(
                "This deletes your ratings, watchlist, preferences, services and exclusions for \
                 good (on every linked account). Are you sure?",
            )
            .with_actions([Action::ConfirmForget, Action::Cancel])
            .ephemeral()),
            Command::Link { code } => self.link(turn, code.as_str()).await,
            Command::Unlink { platform } => self.unlink(turn, *platform).await,
        }
    }

    /// A command that could not be understood, explained.
    pub(super) fn bad_command(problem: &CommandError) -> Reply {
        match problem {
            CommandError::Unknown { name } => Reply::text(format!(
                "I don't know the command /{name}. Type /help to see what I can do."
            )),
            CommandError::Invalid { problem, .. } => Reply::text(format!("Hmm, {problem}.")),
        }
    }

    async fn search(&self, turn: &Turn<'_>, query: &str) -> anyhow::Result<Reply> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(Reply::text("Search for what? Give me part of a title."));
        }
        let ids: Vec<MovieId> = self
            .films
            .search(query, None, SEARCH_LIMIT)
            .await
            .iter()
            .map(|m| m.id)
            .collect();
        if ids.is_empty() {
            // Not a title: treat it as a request ("search 90s horror").
            return self.text(turn, query).await;
        }
        let heading = format!("Films matching \"{query}\"");
        let q = Query::Fixed {
            ids,
            heading: heading.clone(),
        };
        self.show(turn, q, 0, None, heading, texts::NOTHING_FOUND)
            .await
    }

    async fn profile(&self, turn: &Turn<'_>) -> anyhow::Result<Reply> {
        let ratings = self.ratings.of(turn.user).await?;
        let prefs = self.ratings.preferences(turn.user).await?;
        let watch = self.ratings.watchlist(turn.user).await?;
        let mut text = match ratings.len() {
            1 => "You've rated 1 film.".to_string(),
            n => format!("You've rated {n} films."),
        };
        if !ratings.is_empty() {
            let recent: Vec<String> = ratings
                .iter()
                .take(5)
                .map(|r| format!("{} {}★", r.title, r.rating))
                .collect();
            text.push_str(&format!("\nRecently: {}", recent.join(", ")));
        }
        let lib = self.library();
        let mut genre_counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for r in ratings.iter().filter(|r| r.rating.get() >= 4.0) {
            if let Some(m) = lib.get(r.movie) {
                for g in &m.movie.genres {
                    *genre_counts.entry(g.as_str()).or_default() += 1;
                }
            }
        }
        let mut top: Vec<(&str, usize)> = genre_counts.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if !top.is_empty() {
            let names: Vec<&str> = top.iter().take(3).map(|(g, _)| *g).collect();
            text.push_str(&format!("\nYou rate these highest: {}", names.join(", ")));
        }
        if !prefs.favourite_genres.is_empty() {
            text.push_str(&format!(
                "\nFavourite genres: {}",
                prefs.favourite_genres.join(", ")
            ));
        }
        if !prefs.favourite_people.is_empty() {
            text.push_str(&format!(
                "\nFavourite people: {}",
                prefs.favourite_people.join(", ")
            ));
        }
        if let Some(r) = &prefs.region {
            text.push_str(&format!("\nRegion: {r}"));
        }
        let services = self.services.mine(turn.user).await?;
        if !services.is_empty() {
            let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
            text.push_str(&format!(
                "\nYour services: {} (/services)",
                names.join(", ")
            ));
        }
        text.push_str(&match watch.len() {
            1 => "\nWatchlist: 1 film".to_string(),
            n => format!("\nWatchlist: {n} films"),
        });
        let (excluded, undo) = self.profile_exclusions(turn).await?;
        text.push_str(&excluded);
        text.push_str(&self.linked_accounts(turn).await?);
        Ok(Reply::text(text)
            .with_actions([Action::ShowWatchlist])
            .with_actions(undo)
            .ephemeral())
    }

    pub(super) async fn action(&self, turn: &Turn<'_>, action: &Action) -> anyhow::Result<Reply> {
        let unknown = || {
            Ok(
                Reply::text("I can't find that film any more — try searching for it again.")
                    .ephemeral(),
            )
        };
        match action {
            Action::Rate { movie, stars } => match self.movie_by_public(*movie).await {
                Some(id) => self.rate(turn, id, *stars).await,
                None => unknown(),
            },
            Action::MoreLikeThis { movie } => match self.movie_by_public(*movie).await {
                Some(id) => self.more_like(turn, id).await,
                None => unknown(),
            },
            Action::WhereToWatch { movie, region } => match self.films.by_public(*movie).await {
                Some(m) => {
                    let asked = region.map(|r| r.as_str().to_string());
                    let region = self.region_for(turn, asked).await?;
                    Ok(self.where_to_watch(&m, &region).await)
                }
                None => unknown(),
            },
            Action::WatchlistAdd { movie } => match self.movie_by_public(*movie).await {
                Some(id) => self.watchlist_add(turn, id).await,
                None => unknown(),
            },
            Action::WatchlistRemove { movie } => match self.movie_by_public(*movie).await {
                Some(id) => self.watchlist_remove(turn, id).await,
                None => unknown(),
            },
            Action::ShowWatchlist => self.show_watchlist(turn).await,
            Action::Details { movie } => match self.films.by_public(*movie).await {
                Some(m) => self.details(turn, &m).await,
                None => unknown(),
            },
            Action::NotInterested { movie } => match self.movie_by_public(*movie).await {
                Some(id) => self.not_interested(turn, id).await,
                None => unknown(),
            },
            Action::Unrate { movie } => match self.movie_by_public(*movie).await {
                Some(id) => self.unrate(turn, id).await,
                None => unknown(),
            },
            Action::UndoRating { movie, previous } => match self.movie_by_public(*movie).await {
                Some(id) => self.undo_rating(turn, id, *previous).await,
                None => unknown(),
            },
            Action::NextPage { query, page } | Action::PrevPage { query, page } => {
                let target = *page;
                self.page(turn, Some(*query), move |_| Some(target)).await
            }
            Action::PickGenre { genre } => self.pick_genre(turn, *genre).await,
            Action::ShowPicks => self.personal(turn).await,
            Action::ConfirmForget => {
                self.forget(turn.user).await?;
                Ok(Reply::text(
                    "Done — I've forgotten everything about you. Say hi any time to start over.",
                )
                .ephemeral())
            }
            Action::Cancel => Ok(Reply::text("OK, nothing changed.").ephemeral()),
            Action::ImportPick { staging, movie } => self.import_pick(turn, *staging, *movie).await,
            Action::Unexclude { exclusion, .. } => self.unexclude(turn, *exclusion).await,
            Action::Night { night, step } => self.night_step(turn, *night, *step).await,
            Action::SetService { provider, on } => self.set_service(turn, *provider, *on).await,
        }
    }
}
