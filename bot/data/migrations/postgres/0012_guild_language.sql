-- PostgreSQL version of ../0012_guild_language.sql (branch issue-16-i18n): the language a
-- server's scheduled posts are written in (a catalogue name such as 'pt_BR'; NULL follows
-- the server's Discord locale).
ALTER TABLE guild_settings ADD COLUMN language TEXT;
