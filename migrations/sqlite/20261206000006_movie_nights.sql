-- Movie nights (issue #18). Same schema in sqlite/ and postgres/; times are Unix seconds
-- from the core's clock. A night lives in one conversation (platform + its id); forgetting
-- the organiser removes the night, forgetting a member removes their sign-up and vote.

-- Flags are BIGINT 0/1 (the Any driver reads no SQLite booleans). stage: 'signup' (members press I'm in / I'm out), 'voting' (the shortlist is out), 'closed'
-- (winner set, or none when nobody voted). request is the JSON of what was asked (mood,
-- genre, runtime). starts_at: voting closes then.
CREATE TABLE movie_nights (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    platform      TEXT NOT NULL,
    conversation  TEXT NOT NULL,
    organiser     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    request       TEXT NOT NULL,
    stage         TEXT NOT NULL CHECK (stage IN ('signup', 'voting', 'closed')),
    created_at    BIGINT NOT NULL,
    starts_at     BIGINT,
    winner        BIGINT REFERENCES movies(id) ON DELETE SET NULL,
    tie_broken    BIGINT NOT NULL DEFAULT 0,
    closed_at     BIGINT
);
CREATE INDEX movie_nights_place ON movie_nights(platform, conversation, created_at);

-- Who said they are in (attending) or out; prompted_at: when the next-day "How was it?"
-- went out (claimed before sending, so one process sends it once).
CREATE TABLE movie_night_members (
    night_id     BIGINT NOT NULL REFERENCES movie_nights(id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    attending    BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    prompted_at  BIGINT,
    PRIMARY KEY (night_id, user_id)
);
CREATE INDEX movie_night_members_unprompted ON movie_night_members(night_id)
    WHERE prompted_at IS NULL;

-- Members who asked for no "How was it?" after movie nights.
CREATE TABLE movie_night_quiet (
    user_id  BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    at       BIGINT NOT NULL
);

-- The shortlist: slot 1.. in the order offered, the group score (ties in the vote are
-- broken by it) and the one-line reason shown.
CREATE TABLE movie_night_films (
    night_id  BIGINT NOT NULL REFERENCES movie_nights(id) ON DELETE CASCADE,
    slot      INTEGER NOT NULL,
    movie_id  BIGINT NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
    score     REAL NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (night_id, slot)
);

-- One vote per member, changeable until the vote closes.
CREATE TABLE movie_night_votes (
    night_id  BIGINT NOT NULL REFERENCES movie_nights(id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    slot      INTEGER NOT NULL,
    at        BIGINT NOT NULL,
    PRIMARY KEY (night_id, user_id)
);
