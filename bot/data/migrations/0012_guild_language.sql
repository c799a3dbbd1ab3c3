-- Localisation (issue 16): the language a server's scheduled posts (reminders,
-- announcements, leaderboards) are written in. A catalogue name such as 'pt_BR';
-- NULL follows the server's own Discord locale. Replies to members follow each
-- member's Discord language and need nothing stored.
ALTER TABLE guild_settings ADD COLUMN language TEXT;
