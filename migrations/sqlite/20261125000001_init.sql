-- moviebot schema, SQLite flavour. Keep in step with migrations/postgres/.
-- Times are Unix seconds (BIGINT) so one query text serves both backends.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    username    TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE platform_identities (
    platform          TEXT NOT NULL,
    platform_user_id  TEXT NOT NULL,
    user_id           BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    display_name      TEXT NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL,
    PRIMARY KEY (platform, platform_user_id)
);
CREATE INDEX platform_identities_user ON platform_identities(user_id);

CREATE TABLE movies (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    tmdb_id         BIGINT UNIQUE,
    movielens_id    BIGINT UNIQUE,
    imdb_id         TEXT,
    title           TEXT NOT NULL,
    original_title  TEXT,
    year            BIGINT,
    release_date    TEXT,
    genres          TEXT NOT NULL DEFAULT '[]',
    overview        TEXT NOT NULL DEFAULT '',
    overview_source TEXT,
    keywords        TEXT NOT NULL DEFAULT '[]',
    top_cast        TEXT NOT NULL DEFAULT '[]',
    director        TEXT,
    runtime         BIGINT,
    poster_path     TEXT,
    vote_average    DOUBLE PRECISION,
    vote_count      BIGINT,
    popularity      DOUBLE PRECISION,
    adult           INTEGER NOT NULL DEFAULT 0,
    source          TEXT NOT NULL,
    cached_at       BIGINT NOT NULL
);
CREATE INDEX movies_title ON movies(title);
CREATE INDEX movies_year ON movies(year);

CREATE TABLE ratings (
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    movie_id    BIGINT NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
    rating      DOUBLE PRECISION NOT NULL CHECK (rating >= 0.5 AND rating <= 5.0),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, movie_id)
);
CREATE INDEX ratings_movie ON ratings(movie_id);

CREATE TABLE user_preferences (
    user_id          BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    favourite_genres TEXT NOT NULL DEFAULT '[]',
    favourite_people TEXT NOT NULL DEFAULT '[]',
    region           TEXT,
    language         TEXT,
    updated_at       BIGINT NOT NULL
);

CREATE TABLE watchlist (
    user_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    movie_id  BIGINT NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
    added_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, movie_id)
);

CREATE TABLE tmdb_cache (
    request_key  TEXT PRIMARY KEY,
    body         TEXT NOT NULL,
    fetched_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX tmdb_cache_expires ON tmdb_cache(expires_at);

CREATE TABLE processed_events (
    platform  TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    seen_at   BIGINT NOT NULL,
    PRIMARY KEY (platform, event_id)
);
CREATE INDEX processed_events_seen ON processed_events(seen_at);

CREATE TABLE conversations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    platform     TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
    created_at   BIGINT NOT NULL,
    UNIQUE (platform, external_id)
);

CREATE TABLE conversation_members (
    conversation_id  BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id          BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    last_seen_at     BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

CREATE TABLE app_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
