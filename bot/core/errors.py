"""User-facing failures.

Domain and storage code raise these with a message written for the member who
ran the command: one short sentence that says what to do instead. The command
tree turns them into ephemeral replies; anything else is an unexpected error.
"""

from __future__ import annotations

from bot.i18n import N_, _


class LiveCoachError(Exception):
    """An expected failure whose message is safe and useful to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(LiveCoachError):
    """The user's input cannot be used; the message says what would work."""


class NotFound(LiveCoachError):
    """The thing the user named does not exist in this server."""


class NotAllowed(LiveCoachError):
    """The user may not do this here; the message names the missing permission."""


class DatabaseBusy(LiveCoachError):
    """The database cannot answer right now (e.g. PostgreSQL restarting); nothing was changed."""

    MESSAGE = N_("The database is busy — try again in a moment.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message if message is not None else _(self.MESSAGE))
