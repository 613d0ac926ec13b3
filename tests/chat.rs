//! The chat core end to end on the embedded catalog (no network, no key): intents, ratings,
//! buttons, paging, groups, limits, idempotency — and `moviebot chat` driven through a pipe.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;

use moviebot::chat::ChatCore;
use moviebot_protocol::{
    Action, ChatHandler, Command as ChatCommand, CompletionField, Conversation, Incoming,
    IncomingEvent, Platform, PlatformUser, PublicMovieId, Reply, Stars,
};
use support::app::{TestApp, TestAppBuilder};
use support::chat::*;

/// The chat core of the app as `moviebot run` builds it (and the app, which owns its
/// database), from `settings`.
async fn core_with(settings: TestAppBuilder) -> (Arc<ChatCore>, TestApp) {
    let app = settings.build().await;
    (app.core.clone(), app)
}

async fn core() -> (Arc<ChatCore>, TestApp) {
    core_with(TestApp::builder()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn combined_request_applies_every_filter() {
    let (core, _d) = core().await;
    let me = user("1");
    let r = say(&core, &me, "90s action movies with Keanu Reeves").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for c in &r.cards {
        assert!((1990..=1999).contains(&c.year.unwrap()), "{}", c.title);
        assert!(c.genres.iter().any(|g| g == "Action"), "{}", c.title);
    }
    assert!(
        titles(&r).contains(&"Speed".to_string()),
        "{:?}",
        titles(&r)
    );
    // Every card has its five rating buttons and the others.
    for c in &r.cards {
        assert_eq!(
            c.actions
                .iter()
                .filter(|a| matches!(a, Action::Rate { .. }))
                .count(),
            5
        );
        assert!(c.actions.contains(&Action::MoreLikeThis { movie: c.id }));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mood_alone_changes_the_answer() {
    let (core, _d) = core().await;
    let me = user("m");
    let r = say(&core, &me, "something scary").await;
    assert_eq!(r.cards.len(), 5);
    for c in &r.cards {
        assert!(
            c.genres.iter().any(|g| g == "Horror"),
            "{} {:?}",
            c.title,
            c.genres
        );
    }
    // A genre the user named wins over the mood's own.
    let r = say(&core, &me, "funny sci-fi movies").await;
    for c in &r.cards {
        assert!(
            c.genres.iter().any(|g| g == "Science Fiction"),
            "{}",
            c.title
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn similar_movies_exclude_the_film_and_honour_newer() {
    let (core, _d) = core().await;
    let me = user("1");
    let r = say(&core, &me, "something like Alien but newer").await;
    assert!(r.text.contains("Alien"), "{}", r.text);
    assert!(!r.cards.is_empty());
    for c in &r.cards {
        assert_ne!(c.id, 348, "not Alien itself");
        assert!(c.year.unwrap() > 1979, "{} {:?}", c.title, c.year);
    }
    let r = say(&core, &me, "movies like Zorblax Quintet").await;
    assert!(r.cards.is_empty());
    assert!(r.text.contains("don't know"), "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rating_by_text_and_button_is_stored_for_the_right_user() {
    let (core, _d) = core().await;
    let (a, b) = (user("a"), user("b"));
    let r = say(&core, &a, "I'd give Heat 4.5 stars").await;
    assert!(
        r.text.contains("Heat") && r.text.contains("4.5★"),
        "{}",
        r.text
    );
    // B clicks a rating button on a card A was shown: it rates for B.
    let r = press(
        &core,
        &b,
        Action::Rate {
            movie: PublicMovieId(949),
            stars: Stars::new(2.0).unwrap(),
        },
    )
    .await;
    assert!(r.text.contains("Saved"), "{}", r.text);
    let ua = core.users().user_for(&a).await.unwrap().id;
    let ub = core.users().user_for(&b).await.unwrap().id;
    assert_eq!(core.ratings().of(ua).await.unwrap()[0].rating.get(), 4.5);
    assert_eq!(core.ratings().of(ub).await.unwrap()[0].rating.get(), 2.0);
    // Rated films never come back as picks.
    let r = say(&core, &a, "crime films").await;
    assert!(!r.cards.iter().any(|c| c.id == 949));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_rating_changes_the_next_picks_at_once() {
    let (core, _d) = core().await;
    let me = user("r");
    let before = titles(&say(&core, &me, "what should I watch?").await);
    say(&core, &me, "I'd give Toy Story 5 stars").await;
    say(&core, &me, "I'd give Finding Nemo 5 stars").await;
    let after = say(&core, &me, "what should I watch?").await;
    assert_ne!(before, titles(&after));
    assert!(
        after
            .cards
            .iter()
            .any(|c| c.genres.iter().any(|g| g == "Animation" || g == "Family")),
        "{:?}",
        titles(&after)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_and_not_that_one() {
    let (core, _d) = core().await;
    let me = user("p");
    let first = say(&core, &me, "horror movies").await;
    assert_eq!(first.cards.len(), 5);
    let next = first
        .actions
        .iter()
        .find(|a| matches!(a, Action::NextPage { .. }))
        .cloned()
        .expect("a next button");
    let second = press(&core, &me, next).await;
    assert_eq!(second.cards.len(), 5);
    assert!(
        titles(&second).iter().all(|t| !titles(&first).contains(t)),
        "pages differ"
    );
    let typed = say(&core, &me, "more").await;
    assert!(titles(&typed).iter().all(|t| !titles(&second).contains(t)));
    // A stale button says so instead of showing something else.
    let stale = press(
        &core,
        &me,
        Action::NextPage {
            query: 999_999,
            page: 1,
        },
    )
    .await;
    assert!(
        stale.cards.is_empty() && stale.text.contains("out of date"),
        "{}",
        stale.text
    );

    let shown = say(&core, &me, "horror movies").await;
    let first_title = shown.cards[0].title.clone();
    let r = say(&core, &me, "not that one").await;
    assert!(
        !titles(&r).contains(&first_title),
        "{first_title} dropped: {:?}",
        titles(&r)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watchlist_preferences_profile_and_forget() {
    let (core, _d) = core().await;
    let me = user("w");
    let r = say(&core, &me, "add Inception to my watchlist").await;
    assert!(r.text.contains("Added Inception"), "{}", r.text);
    let r = say(&core, &me, "show my watchlist").await;
    assert_eq!(titles(&r), vec!["Inception"]);
    let r = say(&core, &me, "I love horror and sci-fi").await;
    assert!(r.text.to_lowercase().contains("horror"), "{}", r.text);
    assert!(!r.cards.is_empty());
    for c in &r.cards {
        assert!(
            c.genres.iter().any(|g| g == "Horror"),
            "{} after 'I love horror'",
            c.title
        );
    }
    let u = core.users().user_for(&me).await.unwrap().id;
    let prefs = core.ratings().preferences(u).await.unwrap();
    assert!(prefs.favourite_genres.contains(&"Horror".to_string()));
    let r = say(&core, &me, "I'm in the UK").await;
    assert!(r.text.contains("GB"), "{}", r.text);

    let cmd = |name: &str| Incoming::command(ChatCommand::from_text(name, ""));
    let r = core
        .handle(IncomingEvent::direct(me.clone(), cmd("profile")))
        .await;
    assert!(
        r.ephemeral && r.text.contains("Watchlist: 1 film"),
        "{}",
        r.text
    );
    let r = core
        .handle(IncomingEvent::direct(me.clone(), cmd("forgetme")))
        .await;
    assert!(r.actions.contains(&Action::ConfirmForget));
    press(&core, &me, Action::ConfirmForget).await;
    assert!(core.users().get(u).await.unwrap().is_none(), "user deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_picks_skip_what_any_member_rated() {
    let (core, _d) = core().await;
    let group = Conversation::group(Platform::Telegram, "-100");
    let in_group = |u: &PlatformUser, text: &str| {
        IncomingEvent::new(u.clone(), group.clone(), Incoming::Text(text.into()))
    };
    let (a, b) = (user("ga"), user("gb"));
    core.handle(in_group(&a, "I'd give Toy Story 5 stars"))
        .await;
    core.handle(in_group(&b, "I'd give The Matrix 4 stars"))
        .await;
    let r = core
        .handle(in_group(&a, "recommend something for all of us"))
        .await;
    assert!(!r.cards.is_empty(), "{}", r.text);
    for c in &r.cards {
        assert!(
            c.id != 862 && c.id != 603,
            "{} was rated by a member",
            c.title
        );
        assert!(c.why.as_deref().unwrap_or("").contains("ga"), "{:?}", c.why);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_idempotency_and_bad_input() {
    let limits = "[limits]\nchat_burst = 2\nchat_per_minute = 1";
    let (core, _d) = core_with(TestApp::builder().toml(limits)).await;
    let me = user("l");
    let long = "a".repeat(2_001);
    let r = say(&core, &me, &long).await;
    assert!(r.text.contains("2000 characters"), "{}", r.text);

    let rate = |id: &str| {
        IncomingEvent::direct(
            me.clone(),
            Incoming::Action(Action::Rate {
                movie: PublicMovieId(550),
                stars: Stars::new(4.0).unwrap(),
            }),
        )
        .with_event_id(id)
    };
    core.handle(rate("evt-1")).await;
    let again = core.handle(rate("evt-1")).await;
    assert!(again.text.contains("twice"), "{}", again.text);
    let u = core.users().user_for(&me).await.unwrap().id;
    assert_eq!(core.ratings().of(u).await.unwrap().len(), 1);

    // The burst of 2 is spent: the next turn is told to slow down, nothing else happens.
    let r = say(&core, &me, "horror movies").await;
    assert!(
        r.text.contains("slow down") && r.cards.is_empty(),
        "{}",
        r.text
    );

    // Unknown film ids from a forged button are a friendly message.
    let other = user("other");
    let r = press(
        &core,
        &other,
        Action::Rate {
            movie: PublicMovieId(987_654_321),
            stars: Stars::new(3.0).unwrap(),
        },
    )
    .await;
    assert!(r.text.contains("can't find"), "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_answers_titles_with_public_ids() {
    let (core, _d) = core().await;
    let me = user("c");
    let choices = core
        .complete(&me, CompletionField::Title, "the dark kn")
        .await;
    assert_eq!(choices[0].label, "The Dark Knight (2008)");
    assert_eq!(choices[0].value, "155");
    assert!(choices.len() <= 25);
    let r = core
        .handle(IncomingEvent::direct(
            me.clone(),
            Incoming::command(ChatCommand::from_options(
                "movie",
                &[("title".to_string(), "155".to_string())].into(),
            )),
        ))
        .await;
    assert_eq!(titles(&r), vec!["The Dark Knight"]);
}

/// `echo ... | moviebot chat` works in scripts and exits at EOF.
#[test]
fn console_chat_reads_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_moviebot"))
        .arg("chat")
        .env(
            "MOVIEBOT_DATABASE__URL",
            format!("sqlite://{}", dir.path().join("c.db").display()),
        )
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"movies like Inception\nrate 1 4.5\nhelp\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Films like Inception"), "{text}");
    assert!(text.contains("1. "), "numbered cards: {text}");
    assert!(text.contains("Saved:") && text.contains("4.5★"), "{text}");
    assert!(
        text.contains("TMDB API"),
        "help carries the attribution: {text}"
    );
}

/// In the terminal, a follow-up refines the last request and "number 2" rates the second
/// numbered card (#16).
#[test]
fn console_follow_ups_and_numbered_ratings() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_moviebot"))
        .arg("chat")
        .env(
            "MOVIEBOT_DATABASE__URL",
            format!("sqlite://{}", dir.path().join("c.db").display()),
        )
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"comedies\nwhat about the 90s?\nrate number 2 five stars\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The second answer's cards: "2. Title (1994)" lines after the 90s heading.
    let nineties = text
        .split_once("90s comedy films")
        .unwrap_or_else(|| panic!("a 90s heading: {text}"))
        .1;
    let second = nineties
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("2. "))
        .unwrap_or_else(|| panic!("a second card: {nineties}"));
    let title = second.split(" (").next().unwrap().trim();
    assert!(
        text.contains(&format!("Saved: {title} 5★")),
        "rated the second card, {title}: {text}"
    );
}

/// With a TMDb key, "where to watch" and "trending" come live from TMDb (a local fake here).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_providers_and_trending_through_tmdb() {
    let fake = support::fake_tmdb::FakeTmdb::start().await;
    let (core, _app) = core_with(TestApp::builder().tmdb(&fake)).await;
    let me = user("live");
    let r = say(&core, &me, "where can I stream Fight Club in the UK?").await;
    let providers = r.cards[0]
        .providers
        .as_ref()
        .expect("providers on the card");
    assert_eq!(providers.region.as_str(), "GB");
    assert!(
        providers.stream.iter().any(|p| p == "FlixNet"),
        "{providers:?}"
    );
    assert!(r.text.contains("JustWatch"), "{}", r.text);
    let r = say(&core, &me, "what's trending?").await;
    assert!(r.text.starts_with("Trending"), "{}", r.text);
    assert!(!r.cards.is_empty());
    assert!(fake.total_calls() >= 2);

    // TMDb down: the replies fall back (stale cache, then the catalog) and say so; no error
    // text reaches the user.
    fake.fail_always(support::fake_tmdb::Fault::Unauthorized);
    let r = say(&core, &me, "where can I watch Heat in Germany?").await;
    assert!(
        r.text.contains("Heat") && !r.text.contains("401"),
        "{}",
        r.text
    );
    let r = core
        .handle(IncomingEvent::direct(
            me.clone(),
            Incoming::command(ChatCommand::from_text("trending", "day")),
        ))
        .await;
    assert!(!r.cards.is_empty(), "{}", r.text);
    assert!(r.notice.is_some(), "a stale answer says so: {r:?}");
}

async fn send(core: &ChatCore, who: &PlatformUser, incoming: Incoming) -> Reply {
    core.handle(IncomingEvent::direct(who.clone(), incoming))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_commands_answer_alike_from_text_and_options_and_explain_mistakes() {
    let (core, _d) = core().await;
    let me = user("77");
    // Telegram's "/rate Heat 4.5" and Discord's options are one typed command.
    let by_text = send(
        &core,
        &me,
        Incoming::command(ChatCommand::from_text("rate", "Heat 4.5")),
    )
    .await;
    assert!(
        by_text.text.starts_with("Saved: Heat 4.5★"),
        "{}",
        by_text.text
    );
    let opts = [("title", "Heat"), ("stars", "3")]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into();
    let by_options = send(
        &core,
        &me,
        Incoming::command(ChatCommand::from_options("rate", &opts)),
    )
    .await;
    assert!(
        by_options.text.starts_with("Saved: Heat 3★"),
        "{}",
        by_options.text
    );
    let u = core.users().user_for(&me).await.unwrap().id;
    assert_eq!(core.ratings().of(u).await.unwrap()[0].rating.get(), 3.0);

    // A rating that is not half stars is explained, and nothing is stored.
    let bad = send(
        &core,
        &me,
        Incoming::command(ChatCommand::from_text("rate", "Heat 4.3")),
    )
    .await;
    assert_eq!(
        bad.text,
        "Hmm, a rating is 0.5 to 5 stars in half steps, got 4.3."
    );
    assert_eq!(core.ratings().of(u).await.unwrap()[0].rating.get(), 3.0);
    let unknown = send(
        &core,
        &me,
        Incoming::command(ChatCommand::from_text("frobnicate", "")),
    )
    .await;
    assert!(
        unknown
            .text
            .contains("I don't know the command /frobnicate"),
        "{}",
        unknown.text
    );
    // An alias is the same command; /help lists every declared command with its help text.
    let alias = send(
        &core,
        &me,
        Incoming::command(ChatCommand::from_text("info", "Heat")),
    )
    .await;
    assert_eq!(titles(&alias), ["Heat"]);
    let help = send(
        &core,
        &me,
        Incoming::command(ChatCommand::from_text("help", "")),
    )
    .await;
    for spec in ChatCommand::SPECS {
        let line = format!("/{} — {}", spec.name, spec.description());
        assert!(
            help.text.contains(&line),
            "{line} missing from {}",
            help.text
        );
    }
}
