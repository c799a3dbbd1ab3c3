-- Creators' own go-live: a server's go-live settings, each creator's TikTok handle
-- and preferences, follows between members, and the announcements they posted.
-- Every table is scoped by guild_id; the member-owned ones are keyed by user_id
-- (Storage.MEMBER_TABLES) so /privacy export and delete cover them.
CREATE TABLE golive_settings (
    guild_id          INTEGER PRIMARY KEY,
    channel_id        INTEGER,            -- where announcements and personal reminders post
    role_id           INTEGER,            -- the go-live role pinged by announcements (NULL: nobody)
    announcer_role_id INTEGER,            -- who may announce: NULL = everyone, else members with it
    updated_at        TEXT    NOT NULL
) STRICT;

CREATE TABLE creator_profiles (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    handle     TEXT    CHECK (handle IS NULL OR length(handle) BETWEEN 2 AND 24),  -- lower case, no "@"
    show_money INTEGER NOT NULL DEFAULT 0 CHECK (show_money IN (0, 1)),  -- diamonds/payout in recaps
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT;

-- One member per handle in a server, so nobody announces under someone else's handle.
CREATE UNIQUE INDEX creator_profiles_handle ON creator_profiles (guild_id, handle) WHERE handle IS NOT NULL;

CREATE TABLE follows (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,          -- the follower (the member who owns the row)
    creator_id INTEGER NOT NULL,
    notify     TEXT    NOT NULL DEFAULT 'dm' CHECK (notify IN ('dm', 'ping')),
    created_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, creator_id)
) STRICT;

CREATE INDEX follows_by_creator ON follows (guild_id, creator_id);

CREATE TABLE golive_announcements (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,        -- the creator who went live
    channel_id   INTEGER NOT NULL,
    message_id   INTEGER,
    handle       TEXT    NOT NULL,
    title        TEXT    CHECK (title IS NULL OR length(title) <= 100),
    announced_at TEXT    NOT NULL,        -- UTC ISO
    ended_at     TEXT,                    -- set when the recap replaced the announcement
    session_id   INTEGER
) STRICT;

CREATE INDEX golive_announcements_by_member ON golive_announcements (guild_id, user_id, announced_at);

-- Personal go-live reminders: the creator who owns one (NULL: a server-wide reminder).
ALTER TABLE reminders ADD COLUMN user_id INTEGER;
CREATE INDEX reminders_by_owner ON reminders (guild_id, user_id) WHERE user_id IS NOT NULL;
