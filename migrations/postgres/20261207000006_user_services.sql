-- The streaming services (TMDb watch provider ids) a user pays for, with the name TMDb gave
-- each when it was chosen (so the list reads without TMDb). The region they apply in is the
-- user's `user_preferences.region`, else the configured default. Deleted with the user.
CREATE TABLE user_services (
    user_id        BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider_id    BIGINT NOT NULL,
    provider_name  TEXT NOT NULL,
    added_at       BIGINT NOT NULL,
    PRIMARY KEY (user_id, provider_id)
);
