//! Movie night in a server channel or group chat: `/movienight` posts a sign-up message
//! (I'm in / I'm out / Pick), the organiser's Pick turns it into a shortlist of the group
//! recommender's films for the attendees only with one button per film, members vote (one
//! vote each, changeable), and Close — or the start time — names the winner. Every step
//! redraws the one shared message (`Outcome::Updated`); the state is in the database
//! (`store/nights.rs`), so a restart loses nothing and a press counts once.
//!
//! - `tally`: votes counted, the winner and its tie-break.
//! - `text`: the message of each stage.

mod tally;
mod text;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use moviebot_protocol::{
    Action, Genre, Mood, NightStep, Outbox, Outcome, Platform, PlatformUser, Reply,
};
use serde::{Deserialize, Serialize};

use super::answers::Answers;
use super::clock::Clock;
use super::core::Turn;
use super::intent::{IntentFilters, ParsedIntent};
use super::request::describe;
use crate::domain::UserId;
use crate::store::{NightFilm, NightStage, NightState, Store};

/// How many films the shortlist offers.
const SHORTLIST: usize = 4;

/// A predicted rating at which an attendee is named in a film's reason.
const NAMED_AT: f32 = 3.5;

/// What the organiser asked for, stored with the night.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NightRequest {
    pub mood: Option<Mood>,
    pub genre: Option<Genre>,
    pub runtime: Option<u16>,
}

impl NightRequest {
    fn intent_filters(&self) -> IntentFilters {
        IntentFilters {
            genres: self.genre.iter().map(|g| g.name().to_string()).collect(),
            mood: self.mood,
            runtime_max: self.runtime.map(u32::from),
            ..IntentFilters::default()
        }
    }

    /// "comedy films under 120 minutes", or nothing for an open request.
    fn describe(&self) -> Option<String> {
        let f = self.intent_filters();
        (f != IntentFilters::default()).then(|| describe(&f))
    }
}

/// How long after a movie night its attendees are asked how it was.
pub const PROMPT_AFTER_SECS: i64 = 12 * 3600;

/// The movie-night service: the store's nights, the core's clock, and the platforms' ways of
/// reaching a member privately (for the next-day prompt).
pub struct Nights {
    store: Store,
    clock: Arc<Clock>,
    outboxes: RwLock<HashMap<Platform, Arc<dyn Outbox>>>,
}

impl Nights {
    pub fn new(store: Store, clock: Arc<Clock>) -> Self {
        Self {
            store,
            clock,
            outboxes: RwLock::default(),
        }
    }

    pub fn clock(&self) -> &Arc<Clock> {
        &self.clock
    }

    /// How the core reaches `platform`'s users privately (set by the platform's adapter).
    pub fn set_outbox(&self, platform: Platform, outbox: Arc<dyn Outbox>) {
        self.outboxes
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(platform, outbox);
    }

    fn outbox(&self, platform: Platform) -> Option<Arc<dyn Outbox>> {
        self.outboxes
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&platform)
            .cloned()
    }
}

impl Answers {
    /// `/movienight`: a sign-up message in this channel or group.
    pub(super) async fn movienight(
        &self,
        turn: &Turn<'_>,
        request: NightRequest,
        starts_in_minutes: Option<u32>,
    ) -> anyhow::Result<Reply> {
        let conv = turn.conversation;
        if !conv.is_group() {
            return Ok(Reply::text(
                "Movie night is for a server channel or a group chat: send /movienight there.",
            ));
        }
        let now = self.nights.clock.now();
        let starts_at = starts_in_minutes.map(|m| now + i64::from(m) * 60);
        let id = self
            .nights
            .store
            .create_night(
                conv.platform.as_str(),
                &conv.id,
                turn.user,
                &serde_json::to_string(&request)?,
                now,
                starts_at,
            )
            .await?;
        let state = self.night_state(id).await?;
        let view = self.night_view(&state).await?;
        Ok(view)
    }

    /// A press on a movie night's message.
    pub(super) async fn night_step(
        &self,
        turn: &Turn<'_>,
        night: i64,
        step: NightStep,
    ) -> anyhow::Result<Reply> {
        if step == NightStep::Quiet {
            let now = self.nights.clock.now();
            self.nights
                .store
                .quiet_night_prompts(turn.user, now)
                .await?;
            return Ok(Reply::text("OK — no more \"How was it?\" after movie nights.").ephemeral());
        }
        let Some(mut state) = self.nights.store.night(night).await? else {
            return Ok(Reply::text("That movie night is over or was deleted.").ephemeral());
        };
        let conv = turn.conversation;
        if state.night.platform != conv.platform.as_str() || state.night.conversation != conv.id {
            return Ok(Reply::text("That movie night belongs to another chat.").ephemeral());
        }
        // The start time closes the vote: the first press after it shows the result.
        if state.night.stage == NightStage::Voting
            && state
                .night
                .starts_at
                .is_some_and(|t| self.nights.clock.now() >= t)
        {
            self.close_vote(&state).await?;
            state = self.night_state(night).await?;
            return self
                .updated(&state, "Voting closed at the start time.")
                .await;
        }
        let organiser = state.night.organiser == turn.user;
        let now = self.nights.clock.now();
        match (state.night.stage, step) {
            (NightStage::Signup, NightStep::Join | NightStep::Leave) => {
                let join = step == NightStep::Join;
                self.nights
                    .store
                    .set_night_member(night, turn.user, join, now)
                    .await?;
                let state = self.night_state(night).await?;
                self.updated(&state, if join { "You're in!" } else { "You're out." })
                    .await
            }
            (NightStage::Signup, NightStep::Pick) if !organiser => {
                Ok(self.only_organiser(&state, "pick the shortlist").await)
            }
            (NightStage::Signup, NightStep::Pick) => {
                let films = self.shortlist(&state).await?;
                if films.is_empty() {
                    return Ok(Reply::text(
                        "I found no film that none of you has rated or ruled out for this — try \
                         a broader movie night (no genre or runtime limit).",
                    )
                    .ephemeral());
                }
                self.nights.store.start_night_vote(night, &films).await?;
                let state = self.night_state(night).await?;
                self.updated(&state, "Shortlist is out — vote!").await
            }
            (NightStage::Voting, NightStep::Vote(slot)) => {
                let Some(film) = state.films.iter().find(|f| f.slot == slot) else {
                    return Ok(Reply::text("That film is not on this shortlist.").ephemeral());
                };
                let title = self.night_title(film.movie);
                self.nights
                    .store
                    .vote_night(night, turn.user, slot, now)
                    .await?;
                let state = self.night_state(night).await?;
                self.updated(&state, &format!("Your vote: {title}")).await
            }
            (NightStage::Voting, NightStep::Close) if !organiser => {
                Ok(self.only_organiser(&state, "close the vote").await)
            }
            (NightStage::Voting, NightStep::Close) => {
                self.close_vote(&state).await?;
                let state = self.night_state(night).await?;
                self.updated(&state, "Vote closed.").await
            }
            (NightStage::Voting, NightStep::Join | NightStep::Leave | NightStep::Pick) => {
                Ok(Reply::text("The shortlist is out: vote for a film instead.").ephemeral())
            }
            (NightStage::Signup, NightStep::Vote(_) | NightStep::Close) => {
                Ok(Reply::text("There is nothing to vote on yet.").ephemeral())
            }
            (NightStage::Closed, _) | (_, NightStep::Quiet) => {
                Ok(Reply::text("This movie night's vote is closed.").ephemeral())
            }
        }
    }

    async fn night_state(&self, night: i64) -> anyhow::Result<NightState> {
        self.nights
            .store
            .night(night)
            .await?
            .ok_or_else(|| anyhow::anyhow!("movie night {night} vanished"))
    }

    async fn only_organiser(&self, state: &NightState, what: &str) -> Reply {
        let name = self.users.name_of(state.night.organiser).await;
        Reply::text(format!(
            "Only {name}, who started this movie night, can {what}."
        ))
        .ephemeral()
    }

    /// The shared message redrawn, with `toast` for the presser; a result is pinned.
    async fn updated(&self, state: &NightState, toast: &str) -> anyhow::Result<Reply> {
        Ok(self
            .night_view(state)
            .await?
            .with_outcome(Outcome::Updated {
                toast: toast.to_string(),
                pin: state.night.stage == NightStage::Closed && state.night.winner.is_some(),
            }))
    }

    fn night_title(&self, movie: crate::domain::MovieId) -> String {
        self.library()
            .get(movie)
            .map(|m| super::cards::titled(m))
            .unwrap_or_else(|| format!("film #{}", movie.0))
    }

    /// The group recommender's films for the attendees only (none any of them rated or ruled
    /// out), each with a reason naming the attendees it suits.
    async fn shortlist(&self, state: &NightState) -> anyhow::Result<Vec<NightFilm>> {
        let attendees = state.attendees();
        let request: NightRequest = serde_json::from_str(&state.night.request).unwrap_or_default();
        let parsed = ParsedIntent {
            filters: request.intent_filters(),
            ..ParsedIntent::unknown()
        };
        let filters = self.filters(&parsed);
        let picks = self
            .picks
            .for_night(&attendees, &filters, SHORTLIST)
            .await?;
        let mut names = HashMap::new();
        for u in &attendees {
            names.insert(*u, self.users.name_of(*u).await);
        }
        Ok(picks
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let mut fans: Vec<(f32, UserId)> = attendees
                    .iter()
                    .zip(&p.predictions)
                    .filter(|(_, r)| **r >= NAMED_AT)
                    .map(|(u, r)| (*r, *u))
                    .collect();
                fans.sort_by(|a, b| b.0.total_cmp(&a.0));
                let fans: Vec<&str> = fans
                    .iter()
                    .take(3)
                    .map(|(_, u)| names[u].as_str())
                    .collect();
                NightFilm {
                    slot: i as u8 + 1,
                    movie: p.movie,
                    score: f64::from(p.score),
                    reason: text::reason(&fans),
                }
            })
            .collect())
    }

    async fn close_vote(&self, state: &NightState) -> anyhow::Result<()> {
        let won = tally::winner(&state.films, &state.votes);
        let winner = won.and_then(|(slot, _)| state.films.iter().find(|f| f.slot == slot));
        self.nights
            .store
            .close_night(
                state.night.id,
                winner.map(|f| f.movie),
                won.is_some_and(|(_, tie)| tie),
                self.nights.clock.now(),
            )
            .await?;
        Ok(())
    }

    /// The message for a night's current stage: words, buttons, and the winner's card.
    async fn night_view(&self, state: &NightState) -> anyhow::Result<Reply> {
        let mut people: Vec<UserId> = state.members.iter().map(|(u, _)| *u).collect();
        people.extend(state.votes.iter().map(|(u, _)| *u));
        people.push(state.night.organiser);
        people.sort_unstable();
        people.dedup();
        let mut names = HashMap::new();
        for u in people {
            names.insert(u, self.users.name_of(u).await);
        }
        let request: NightRequest = serde_json::from_str(&state.night.request).unwrap_or_default();
        let titles: HashMap<u8, String> = state
            .films
            .iter()
            .map(|f| (f.slot, self.night_title(f.movie)))
            .collect();
        let now = self.nights.clock.now();
        let view = text::View {
            state,
            names: &names,
            titles: &titles,
            asked: request.describe(),
            now,
        };
        let id = state.night.id;
        let step = |step| Action::Night { night: id, step };
        Ok(match state.night.stage {
            NightStage::Signup => Reply::text(view.signup()).with_actions([
                step(NightStep::Join),
                step(NightStep::Leave),
                step(NightStep::Pick),
            ]),
            NightStage::Voting => Reply::text(view.voting()).with_actions(
                state
                    .films
                    .iter()
                    .map(|f| step(NightStep::Vote(f.slot)))
                    .chain([step(NightStep::Close)]),
            ),
            NightStage::Closed => {
                let mut reply = Reply::text(view.closed());
                if let Some(m) = state
                    .night
                    .winner
                    .and_then(|w| self.library().get(w).cloned())
                {
                    let why = state
                        .films
                        .iter()
                        .find(|f| Some(f.movie) == state.night.winner)
                        .map(|f| f.reason.clone());
                    reply = reply.with_cards([self.films.card(&m, why, None)]);
                }
                reply
            }
        })
    }
}

impl Answers {
    /// Sends the "How was it?" messages that are due (the day after a night with a winner,
    /// to each attendee who has not rated it and has not opted out); returns how many went
    /// out. Each is claimed in the database first, so it goes out once whatever the number
    /// of processes, and never again after a failure (a blocked bot stays quiet).
    pub(super) async fn send_night_prompts(&self) -> anyhow::Result<usize> {
        let now = self.nights.clock.now();
        let due = self
            .nights
            .store
            .due_night_prompts(now - PROMPT_AFTER_SECS, 200)
            .await?;
        let mut sent = 0;
        for p in due {
            if !self
                .nights
                .store
                .claim_night_prompt(p.night, p.user, now)
                .await?
            {
                continue;
            }
            let rated = self.ratings.shared(p.user).await?;
            if rated.iter().any(|r| r.movie == p.winner) {
                continue;
            }
            let Ok(platform) = p.platform.parse::<Platform>() else {
                continue;
            };
            let Some(outbox) = self.nights.outbox(platform) else {
                continue;
            };
            let identities = self.nights.store.identities(p.user).await?;
            let Some(who) = identities.iter().find(|i| i.platform == p.platform) else {
                continue;
            };
            let Some(film) = self.library().get(p.winner).cloned() else {
                continue;
            };
            let user = PlatformUser::new(platform, &who.platform_user_id, &who.display_name);
            let reply = Reply::text(format!(
                "How was {} at the movie night? Rate it with the stars below.",
                film.movie.title
            ))
            .with_cards([self.films.card(&film, None, None)])
            .with_actions([Action::Night {
                night: p.night,
                step: NightStep::Quiet,
            }]);
            match outbox.send_private(&user, &reply).await {
                Ok(()) => sent += 1,
                Err(e) => {
                    tracing::info!(error = %e, user = p.user.0, "movie night prompt not delivered")
                }
            }
        }
        Ok(sent)
    }
}
