-- Platform events acknowledged to their platform but not answered yet (Telegram updates):
-- kept before the acknowledgement, deleted once answered, replayed at the next start.
CREATE TABLE pending_events (
    platform     TEXT NOT NULL,
    event_id     BIGINT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    PRIMARY KEY (platform, event_id)
);
