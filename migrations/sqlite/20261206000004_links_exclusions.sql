-- Linked accounts and lasting exclusions (issue #17). Same schema in sqlite/ and postgres/;
-- times are Unix seconds. Every table hangs off users with ON DELETE CASCADE, so forgetting
-- a user (/forgetme, DELETE /api/user/{id}) or absorbing one into another (a link) leaves
-- nothing of theirs behind.

-- One-time codes that join two platform identities into one user. Only a hash of the code
-- is kept; a code is good for 10 minutes and once (used_at).
CREATE TABLE link_codes (
    code_hash   TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX link_codes_user ON link_codes(user_id);

-- Wrong codes tried, for the limits against guessing (per user and overall, 10 minutes).
CREATE TABLE link_failures (
    user_id  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at       BIGINT NOT NULL
);
CREATE INDEX link_failures_user ON link_failures(user_id, at);
CREATE INDEX link_failures_at ON link_failures(at);

-- What a user asked never to be shown ("not that one", "never recommend Titanic again":
-- kind 'film', value the film's id) or shown less of ("fewer films like this": kind
-- 'genre', 'person' or 'keyword', value the name, a down-weight on matching films).
-- label is what the user is shown (the film's title, the genre's name).
CREATE TABLE user_exclusions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('film', 'genre', 'person', 'keyword')),
    value       TEXT NOT NULL,
    movie_id    BIGINT REFERENCES movies(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (user_id, kind, value)
);
