-- Rows of an uploaded Letterboxd/IMDb file that named several films equally well: kept until
-- the user picks one (a button) or they expire, and deleted with the user. `kind` is
-- 'rating', 'watchlist' or 'watched'; `candidates` a JSON list of movie ids.
CREATE TABLE import_staging (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    year        BIGINT,
    kind        TEXT NOT NULL,
    rating      DOUBLE PRECISION,
    row_date    BIGINT,
    candidates  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX import_staging_user ON import_staging(user_id);
CREATE INDEX import_staging_expires ON import_staging(expires_at);
