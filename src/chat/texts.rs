//! What the bot says: help, welcome, fallbacks and small varied phrases, kept in one place so
//! the tone stays consistent and the answer builders stay short.

use moviebot_protocol::{Action, Genre, Reply, Stars};

use super::intent::Mood;

pub const NOTHING_FOUND: &str = "I couldn't find anything for that. Try something broader — fewer filters, another decade, \
     or just a genre like \"comedy\".";

/// The answer to any turn the database could not serve (down, restarting, full, read-only).
/// One line, short enough for a Telegram toast: a failed button press shows it as one.
pub const DATABASE_UNAVAILABLE: &str =
    "I couldn't do that just now — my database isn't answering. Please try again in a minute.";

/// TMDb's attribution, shown wherever TMDb data is (and on help/start).
pub const TMDB_ATTRIBUTION: &str =
    "This product uses the TMDB API but is not endorsed or certified by TMDB.";

/// Watch-provider data comes from JustWatch through TMDb, and must say so.
pub const JUSTWATCH_ATTRIBUTION: &str = "Streaming data by JustWatch.";

const EXAMPLES: &[&str] = &[
    "90s action movies with Keanu Reeves",
    "something like Inception but newer",
    "something scary",
    "what's trending?",
    "tell me about Heat",
    "where can I stream Dune?",
    "what can I watch on my services tonight?",
    "I'd give Heat 4.5 stars",
    "I love horror and sci-fi",
    "add Alien to my watchlist",
    "more",
];

pub fn help() -> Reply {
    let mut text = String::from("I recommend films. Ask me in plain words, for example:\n");
    for e in EXAMPLES {
        text.push_str(&format!("• {e}\n"));
    }
    text.push_str(
        "Rate what you've seen with the ★ buttons and my picks get better. \"more\" shows the \
         next page, \"not that one\" drops a film, and in a group \"recommend for all of us\" \
         finds films none of you has rated.\n",
    );
    // The command list comes from the commands' own declaration, so it cannot drift.
    text.push_str("Commands:\n");
    for spec in moviebot_protocol::Command::SPECS {
        text.push_str(&format!("/{} — {}\n", spec.name, spec.description()));
    }
    text.push_str(TMDB_ATTRIBUTION);
    Reply::text(text)
}

/// The genres offered at first contact.
pub fn genre_choices() -> Vec<Action> {
    [
        Genre::Action,
        Genre::Comedy,
        Genre::Drama,
        Genre::Horror,
        Genre::ScienceFiction,
        Genre::Romance,
        Genre::Animation,
        Genre::Thriller,
    ]
    .into_iter()
    .map(|genre| Action::PickGenre { genre })
    .collect()
}

pub fn welcome() -> Reply {
    Reply::text(format!(
        "Hi! I'm moviebot 🎬 I find films you'll like. Pick a few genres you enjoy and I'll \
         start with those — or just ask, e.g. \"{}\".\n{TMDB_ATTRIBUTION}",
        EXAMPLES[0]
    ))
    .with_actions(genre_choices())
    .with_actions([Action::ShowPicks])
}

pub fn hello_again(seed: i64) -> String {
    const LINES: &[&str] = &[
        "Hi again! What are you in the mood for?",
        "Hello! Want some picks, or something specific?",
        "Hey! Ask me for a genre, an actor, or \"something like …\".",
    ];
    LINES[seed.unsigned_abs() as usize % LINES.len()].to_string()
}

pub fn unknown() -> Reply {
    Reply::text(
        "I'm not sure what you mean. Try \"comedies from the 90s\", \"movies like Alien\", \
         \"films with Meryl Streep\" or \"what's popular?\" — or type \"help\".",
    )
}

pub fn after_rating(stars: Stars) -> &'static str {
    if stars.get() >= 4.0 {
        "Great taste — I'll find more like it."
    } else if stars.get() >= 2.5 {
        "Thanks, that helps me tune your picks."
    } else {
        "Noted — I'll steer clear of films like that."
    }
}

/// Without TMDb, "trending" is what our raters rate most; say so.
pub fn offline_trending_notice(reply: Reply) -> Reply {
    if reply.cards.is_empty() {
        reply
    } else {
        reply.with_notice("Offline mode: popular among moviebot's raters, not live TMDb trends.")
    }
}

pub fn providers_offline(title: &str, region: &str) -> Reply {
    Reply::text(format!(
        "I can't look up where to watch {title} in {region} right now: streaming data needs a \
         TMDb connection, and this bot runs on its offline catalog. {JUSTWATCH_ATTRIBUTION}"
    ))
    .with_notice(JUSTWATCH_ATTRIBUTION)
}

/// Keywords a mood favours in the ranking (besides its genres).
pub fn mood_keywords(mood: Mood) -> &'static [&'static str] {
    match mood {
        Mood::Scary => &[
            "horror",
            "supernatural",
            "haunted house",
            "slasher",
            "monster",
            "scary",
        ],
        Mood::FeelGood => &["feel-good", "friendship", "heartwarming", "uplifting"],
        Mood::Funny => &["comedy", "funny", "parody", "satire"],
        Mood::Romantic => &["love", "romance", "romantic comedy", "wedding"],
        Mood::Suspenseful => &["suspense", "twist ending", "conspiracy", "heist"],
        Mood::Sad => &["tearjerker", "loss", "grief", "tragedy"],
        Mood::MindBending => &[
            "twist ending",
            "time travel",
            "dream",
            "mind-bending",
            "nonlinear timeline",
        ],
        Mood::Epic => &["epic", "battle", "quest", "based on novel"],
        Mood::Dark => &["dark", "dystopia", "revenge", "serial killer", "noir"],
        Mood::Relaxing => &["feel-good", "friendship", "family", "cozy"],
    }
}

pub fn mood_word(mood: Mood) -> &'static str {
    match mood {
        Mood::Scary => "scary",
        Mood::FeelGood => "feel-good",
        Mood::Funny => "funny",
        Mood::Romantic => "romantic",
        Mood::Suspenseful => "suspenseful",
        Mood::Sad => "sad",
        Mood::MindBending => "mind-bending",
        Mood::Epic => "epic",
        Mood::Dark => "dark",
        Mood::Relaxing => "relaxing",
    }
}

/// Regions offered by autocomplete (code, name).
pub const REGIONS: &[(&str, &str)] = &[
    ("US", "United States"),
    ("GB", "United Kingdom"),
    ("CA", "Canada"),
    ("AU", "Australia"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("DK", "Denmark"),
    ("FI", "Finland"),
    ("IE", "Ireland"),
    ("NZ", "New Zealand"),
    ("IN", "India"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("BR", "Brazil"),
    ("MX", "Mexico"),
    ("AR", "Argentina"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("BE", "Belgium"),
    ("AT", "Austria"),
];

/// An original language's English name ("da" → "Danish"); the code itself when unlisted.
pub fn language_name(code: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("ar", "Arabic"),
        ("cn", "Cantonese"),
        ("cs", "Czech"),
        ("da", "Danish"),
        ("de", "German"),
        ("el", "Greek"),
        ("en", "English"),
        ("es", "Spanish"),
        ("fa", "Persian"),
        ("fi", "Finnish"),
        ("fr", "French"),
        ("he", "Hebrew"),
        ("hi", "Hindi"),
        ("hu", "Hungarian"),
        ("id", "Indonesian"),
        ("it", "Italian"),
        ("ja", "Japanese"),
        ("ko", "Korean"),
        ("nl", "Dutch"),
        ("no", "Norwegian"),
        ("pl", "Polish"),
        ("pt", "Portuguese"),
        ("ro", "Romanian"),
        ("ru", "Russian"),
        ("sv", "Swedish"),
        ("ta", "Tamil"),
        ("te", "Telugu"),
        ("th", "Thai"),
        ("tr", "Turkish"),
        ("uk", "Ukrainian"),
        ("vi", "Vietnamese"),
        ("zh", "Chinese"),
    ];
    NAMES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map_or_else(|| code.to_string(), |(_, n)| n.to_string())
}

/// Said under a list limited by certification: which films that leaves out.
pub const CERTIFICATION_NOTICE: &str =
    "Films without a known US rating are left out, since you asked for a rating limit.";
