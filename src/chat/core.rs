//! `ChatCore`: the router from events to answers. It guards against floods, oversize
//! messages and redelivered events, maps each platform user to a stored user through the
//! identity service, and hands free text, commands, button presses and autocomplete to the
//! answers (which use the services). Adapters only see it as a `ChatHandler`; the sidecar and
//! the command line reach the same services through its accessors.

use std::future::Future;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use moviebot_protocol::{
    Admission, ChatHandler, Completion, CompletionField, Incoming, IncomingEvent, PendingEvent,
    Platform, PlatformUser, Progress, Reply, Upload,
};

use super::answers::Answers;
use super::films::Films;
use super::imports::Imports;
use super::library::Library;
use super::links::Links;
use super::picks::Picks;
use super::ratings::Ratings;
use super::services::Services;
use super::session::Sessions;
use super::source::{MovieSource, OfflineSource, TmdbSource};
use super::users::Users;
use super::{dataset, texts};
use crate::config::{LimitsConfig, RecommenderConfig};
use crate::domain::UserId;
use crate::recommend::{RebuildPolicy, Recommender};
use crate::store::{DatabaseHealth, Store, StoreError};
use crate::tmdb::Budget;

/// Said once under an answer that had to do without TMDb (down, slow, or only a stale copy).
pub const TMDB_DEGRADED: &str =
    "TMDb didn't answer just now, so this comes from my own catalog and may be out of date.";
/// What autocomplete may spend on TMDb: Discord drops choices that take over ~3 s.
const COMPLETE_CALLS: u32 = 1;
const COMPLETE_DEADLINE: Duration = Duration::from_millis(1500);

/// Said once to a user over their flood limit; their further messages in that burst are
/// dropped without a word.
const SLOW_DOWN: &str = "Whoa, slow down a little! Give me a few seconds and ask again. 🍿";

/// The router: guards, then the answers.
pub struct ChatCore {
    pub(super) answers: Answers,
    limiter: DefaultKeyedRateLimiter<String>,
    /// Users told to slow down in their current burst (forgotten after a minute).
    told: moka::sync::Cache<String, ()>,
    pub(super) limits: LimitsConfig,
    /// For the model's input at each refit, the redelivery check and the health check.
    store: Store,
}

fn current_year() -> i32 {
    // Days since 1970 → civil year, good to the day; avoids a date crate for one number.
    let days = crate::store::now().div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

impl ChatCore {
    /// Loads the films and ratings, fits the first model (off the async threads) and returns
    /// a core ready to answer.
    pub async fn start(
        store: Store,
        config: RecommenderConfig,
        limits: LimitsConfig,
    ) -> anyhow::Result<Arc<Self>> {
        let source = Arc::new(OfflineSource::new(store.clone()));
        Self::start_with_source(store, config, limits, source, "US".into()).await
    }

    /// The core as the configuration asks: TMDb through its cache when a key or token is
    /// set, the local catalog otherwise.
    pub async fn from_config(
        store: Store,
        config: &crate::config::Config,
    ) -> anyhow::Result<Arc<Self>> {
        let source: Arc<dyn MovieSource> = if config.tmdb.has_credentials() {
            let tmdb = crate::tmdb::CachedTmdb::from_config(&config.tmdb, store.clone())?;
            tracing::info!("film data: TMDb (cached), embedded catalog as fallback");
            Arc::new(TmdbSource::new(tmdb))
        } else {
            tracing::info!("film data: embedded catalog (no TMDb key configured)");
            Arc::new(OfflineSource::new(store.clone()))
        };
        Self::start_with_source(
            store,
            config.recommender.clone(),
            config.limits.clone(),
            source,
            config.tmdb.region.clone(),
        )
        .await
    }

    /// As [`ChatCore::start`], with live film data (e.g. `TmdbSource`) and the default region.
    pub async fn start_with_source(
        store: Store,
        config: RecommenderConfig,
        limits: LimitsConfig,
        source: Arc<dyn MovieSource>,
        default_region: String,
    ) -> anyhow::Result<Arc<Self>> {
        let (movies, data) = dataset::load(&store).await?;
        let recommender =
            tokio::task::spawn_blocking(move || Recommender::from_dataset(&data, config)).await?;
        let recommender = Arc::new(recommender);
        let films = Arc::new(Films::new(Library::build(movies), source, store.clone()));
        let sessions = Arc::new(Sessions::new(Duration::from_secs(30 * 60), 50_000));
        let ratings = Arc::new(Ratings::new(store.clone(), recommender.clone()));
        let users = Arc::new(Users::new(store.clone()));
        let links = Arc::new(Links::new(
            store.clone(),
            users.clone(),
            sessions.clone(),
            recommender.clone(),
        ));
        let picks = Arc::new(Picks::new(
            recommender,
            films.clone(),
            ratings.clone(),
            sessions.clone(),
        ));
        if films.is_live() {
            // Poster URLs use TMDb's advertised image base; until it answers, the default.
            let f = films.clone();
            tokio::spawn(async move { f.refresh_images().await });
        }
        let burst = NonZeroU32::new(limits.chat_burst.max(1)).expect("non-zero");
        let per_minute = NonZeroU32::new(limits.chat_per_minute.max(1)).expect("non-zero");
        let imports = Arc::new(Imports::new(store.clone(), ratings.clone(), films.clone()));
        let nights = Arc::new(super::nights::Nights::new(
            store.clone(),
            Arc::new(super::clock::Clock::default()),
        ));
        let services = Arc::new(Services::new(
            store.clone(),
            films.clone(),
            ratings.clone(),
            default_region.clone(),
        ));
        Ok(Arc::new(Self {
            answers: Answers {
                nights,
                users,
                ratings,
                imports,
                picks,
                films,
                sessions,
                links,
                services,
                default_region,
                this_year: current_year(),
            },
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
            told: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(Duration::from_secs(60))
                .build(),
            limits,
            store,
        }))
    }

    /// How the core reaches `platform`'s users privately (each adapter registers itself).
    pub fn set_outbox(&self, platform: Platform, outbox: Arc<dyn moviebot_protocol::Outbox>) {
        self.answers.nights.set_outbox(platform, outbox);
    }

    /// One pass of the scheduled movie-night messages (the next-day "How was it?"); returns
    /// how many went out. `run_night_prompts` calls it every minute.
    pub async fn send_night_prompts(&self) -> anyhow::Result<usize> {
        self.answers.send_night_prompts().await
    }

    /// [`ChatCore::send_night_prompts`] every minute until `shutdown`.
    pub async fn run_night_prompts(self: Arc<Self>, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut every = tokio::time::interval(Duration::from_secs(60));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = &mut shutdown => return,
                _ = every.tick() => {
                    if let Err(e) = self.send_night_prompts().await {
                        tracing::warn!(error = %format!("{e:#}"), "movie night prompts failed");
                    }
                }
            }
        }
    }

    /// The clock every scheduled thing reads (tests move it forward).
    pub fn clock(&self) -> &Arc<super::clock::Clock> {
        self.answers.nights.clock()
    }

    pub fn recommender(&self) -> &Arc<Recommender> {
        self.answers.picks.recommender()
    }

    /// Where film data comes from: TMDb (cached) when configured, else the local catalog.
    pub fn movie_source(&self) -> &Arc<dyn MovieSource> {
        self.answers.films.source()
    }

    /// Every film that can be shown, found by id, title or person (TMDb when configured).
    pub fn films(&self) -> &Arc<Films> {
        &self.answers.films
    }

    /// Who platform users and REST users are.
    /// The streaming services each user pays for.
    pub fn services(&self) -> &Arc<Services> {
        &self.answers.services
    }

    pub fn users(&self) -> &Arc<Users> {
        &self.answers.users
    }

    /// Ratings, watchlists and preferences.
    pub fn ratings(&self) -> &Arc<Ratings> {
        &self.answers.ratings
    }

    /// Letterboxd / IMDb files in, everything about a user out, and the choices an import
    /// left open.
    pub fn imports(&self) -> &Arc<Imports> {
        &self.answers.imports
    }

    /// Linked accounts: link codes, joining and separating users.
    pub fn links(&self) -> &Arc<Links> {
        &self.answers.links
    }

    /// The recommender's picks for users, films and groups.
    pub fn picks(&self) -> &Arc<Picks> {
        &self.answers.picks
    }

    pub fn library(&self) -> Arc<Library> {
        self.answers.library()
    }

    /// Counts one chat turn against `key`'s flood limit (`platform:id`, or `http:USER` for the
    /// REST chat); `Err` says how long until the next turn is let in.
    pub fn chat_quota(&self, key: &str) -> Result<(), Duration> {
        self.limiter
            .check_key(&key.to_string())
            .map_err(|not_until| {
                not_until.wait_time_from(governor::clock::Clock::now(
                    &governor::clock::DefaultClock::default(),
                ))
            })
    }

    /// Whether the database can be read and written (a real write, cached for a few
    /// seconds: see `Store::health`).
    pub async fn database_health(&self) -> DatabaseHealth {
        self.store.health().await
    }

    /// Reloads films and refits the model now (the background task calls this too).
    pub async fn refresh(&self) -> anyhow::Result<()> {
        let (movies, data) = dataset::load(&self.store).await?;
        self.answers.films.reload(movies);
        let rec = self.recommender().clone();
        tokio::task::spawn_blocking(move || rec.rebuild(&data)).await?;
        Ok(())
    }

    /// Keeps the model fresh in the background until `shutdown` resolves.
    pub async fn run_rebuilds(self: Arc<Self>, shutdown: impl Future<Output = ()>) {
        let policy = RebuildPolicy::from(self.recommender().config());
        let core = self.clone();
        crate::recommend::run_rebuilds(
            self.recommender().clone(),
            policy,
            move || {
                let core = core.clone();
                async move {
                    let (movies, data) = dataset::load(&core.store).await?;
                    core.answers.films.reload(movies);
                    Ok(data)
                }
            },
            shutdown,
        )
        .await;
    }

    /// Deletes a user and everything stored about them, and drops what memory holds of
    /// them (every path that forgets a user — chat or REST — must come through here).
    pub async fn forget_user(&self, user: UserId) -> Result<(), StoreError> {
        self.answers.forget(user).await
    }

    async fn turn(
        &self,
        event: &IncomingEvent,
        progress: Option<&Progress>,
    ) -> anyhow::Result<Reply> {
        let answers = &self.answers;
        let user = answers.users.id_for(&event.user).await?;
        // Group membership feeds group picks.
        answers.users.note_member(&event.conversation, user).await?;
        let ctx = Turn {
            user,
            conversation: &event.conversation,
            uploads: &event.uploads,
            progress,
        };
        // Commands and buttons answer through their own (boxed) futures: inline, the
        // largest of them would set the size of every turn's future, which is allocated and
        // copied per message.
        match &event.incoming {
            Incoming::Text(text) => answers.text(&ctx, text).await,
            Incoming::Command(command) => Box::pin(answers.command(&ctx, command)).await,
            Incoming::BadCommand(problem) => Ok(Answers::bad_command(problem)),
            Incoming::Action(action) => Box::pin(answers.action(&ctx, action)).await,
            Incoming::Autocomplete { field, prefix } => {
                let choices = Box::pin(answers.completions(*field, prefix)).await;
                let lines: Vec<String> = choices.into_iter().map(|c| c.label).collect();
                Ok(Reply::text(if lines.is_empty() {
                    "No matches.".to_string()
                } else {
                    lines.join("\n")
                }))
            }
        }
    }
}

impl Answers {
    pub(super) async fn completions(
        &self,
        field: CompletionField,
        prefix: &str,
    ) -> Vec<Completion> {
        let lib = self.library();
        match field {
            CompletionField::Title => self
                .films
                .complete(prefix, Completion::MAX)
                .await
                .into_iter()
                .map(|m| {
                    let label: String = super::cards::titled(&m).chars().take(100).collect();
                    let public = super::library::public_id(&m);
                    Completion::new(label, public.to_string())
                })
                .collect(),
            CompletionField::Genre => moviebot_protocol::Genre::ALL
                .iter()
                .filter(|g| {
                    g.name()
                        .to_lowercase()
                        .starts_with(&prefix.trim().to_lowercase())
                })
                .map(|g| Completion::new(g.name(), g.name()))
                .collect(),
            CompletionField::Person => lib
                .index()
                .person(prefix)
                .map(|(name, _)| vec![Completion::new(name.clone(), name)])
                .unwrap_or_default(),
            CompletionField::Region => texts::REGIONS
                .iter()
                .filter(|(code, name)| {
                    let p = prefix.trim().to_lowercase();
                    code.to_lowercase().starts_with(&p) || name.to_lowercase().starts_with(&p)
                })
                .take(Completion::MAX)
                .map(|(code, name)| Completion::new(format!("{name} ({code})"), *code))
                .collect(),
        }
    }
}

/// Who is talking and where, for one turn, with the files they attached and where a long
/// answer reports its progress.
pub(super) struct Turn<'a> {
    pub user: UserId,
    pub conversation: &'a moviebot_protocol::Conversation,
    pub uploads: &'a [Upload],
    pub progress: Option<&'a Progress>,
}

impl ChatCore {
    /// One event, start to finish: size and flood limits, redeliveries, the turn, and errors
    /// turned into friendly words.
    async fn answer_event(&self, event: IncomingEvent, progress: Option<Progress>) -> Reply {
        if let Incoming::Text(t) = &event.incoming
            && t.chars().count() > self.limits.max_message_chars
        {
            return Reply::text(format!(
                "That's a long message! Please keep it under {} characters — something like \
                 \"90s action movies with Keanu Reeves\" works best.",
                self.limits.max_message_chars
            ));
        }
        // The console is one local person at their own terminal (often a script): the limit
        // protects shared platforms and TMDb quota from floods, which a terminal cannot cause.
        // An event admitted on arrival was counted then.
        if event.user.platform != Platform::Console
            && !event.admitted
            && self.chat_quota(&event.user.key()).is_err()
        {
            return Reply::text(SLOW_DOWN).ephemeral();
        }
        if let Some(key) = event.idempotency_key() {
            match self
                .store
                .first_delivery(event.user.platform.as_str(), &key)
                .await
            {
                Ok(true) => {}
                // Kept on arrival and never answered: the process that recorded its id may
                // have died before its effect, so it is answered (at least once, not twice
                // to nobody).
                Ok(false) if event.replayed => {}
                Ok(false) => {
                    return Reply::duplicate();
                }
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "idempotency check failed"),
            }
        }
        // What this turn may spend on TMDb while the user waits; the rest finishes later.
        let budget = Budget::turn();
        // Boxed: moved into the task-local scope, the turn's future would be stored twice in
        // this one, and this one is allocated and copied per event.
        let turn = Box::pin(self.turn(&event, progress.as_ref()));
        match budget.scope(turn).await {
            Ok(reply) if budget.degraded() && reply.notice.is_none() => {
                reply.with_notice(TMDB_DEGRADED)
            }
            Ok(reply) => reply,
            Err(e) => {
                // Logged once here with its cause chain; the user gets no internals. No
                // outcome: adapters confirm nothing (no "Rated ★4" toast, no redrawn stars).
                if let Some(outage) = crate::store::outage_in_anyhow(&e) {
                    tracing::warn!(error = %format!("{e:#}"), %outage, platform = %event.user.platform, "chat turn failed: database unavailable");
                    return Reply::text(texts::DATABASE_UNAVAILABLE).ephemeral();
                }
                tracing::error!(error = %format!("{e:#}"), platform = %event.user.platform, "chat turn failed");
                Reply::text("Sorry, something went wrong on my side. Please try again in a moment.")
            }
        }
    }
}

#[async_trait]
impl ChatHandler for ChatCore {
    async fn handle(&self, event: IncomingEvent) -> Reply {
        self.answer_event(event, None).await
    }

    async fn handle_with_progress(&self, event: IncomingEvent, progress: Progress) -> Reply {
        self.answer_event(event, Some(progress)).await
    }

    async fn complete(
        &self,
        _user: &PlatformUser,
        field: CompletionField,
        prefix: &str,
    ) -> Vec<Completion> {
        Budget::new(COMPLETE_CALLS, COMPLETE_DEADLINE)
            .scope(self.answers.completions(field, prefix))
            .await
    }

    fn admit(&self, user: &PlatformUser) -> Admission {
        let key = user.key();
        if user.platform == Platform::Console || self.chat_quota(&key).is_ok() {
            return Admission::Accept;
        }
        // Told once per burst: a flood of a thousand messages gets one answer, not a thousand.
        if self.told.contains_key(&key) {
            return Admission::Drop;
        }
        self.told.insert(key, ());
        Admission::SlowDown(Reply::text(SLOW_DOWN).ephemeral())
    }

    async fn keep_pending(&self, platform: Platform, event: PendingEvent) -> Result<(), String> {
        self.store
            .keep_pending(platform.as_str(), event.id, &event.payload)
            .await
            .map_err(|e| {
                tracing::warn!(error = %format!("{e:#}"), %platform, "cannot keep an incoming event; not acknowledging it");
                e.to_string()
            })
    }

    async fn finish_pending(&self, platform: Platform, id: i64) {
        if let Err(e) = self.store.finish_pending(platform.as_str(), id).await {
            // Harmless: a replay of an answered event is recognised as a redelivery.
            tracing::warn!(error = %format!("{e:#}"), %platform, id, "cannot forget an answered event");
        }
    }

    async fn pending(&self, platform: Platform) -> Vec<PendingEvent> {
        match self.store.pending_events(platform.as_str()).await {
            Ok(rows) => rows
                .into_iter()
                .map(|(id, payload)| PendingEvent { id, payload })
                .collect(),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), %platform, "cannot read the events kept for answering");
                Vec::new()
            }
        }
    }
}
