"""A member's own data (/privacy export and delete) and the retention purge for servers that removed the bot."""
