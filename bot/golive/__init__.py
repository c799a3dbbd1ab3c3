"""Creators going LIVE: TikTok handles, announcements, follows and the stream-ended recap."""
