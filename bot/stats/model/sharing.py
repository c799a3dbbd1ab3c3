"""A member's consent: who may post their card or see their figures, and whether money is shown.

The defaults protect the member: only they see their figures, only they post their
card, and an estimated payout is never shown to anyone else unless they say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.errors import NotAllowed
from bot.i18n import N_, _

VISIBILITIES = ("me", "server")
VISIBILITY_LABELS = {"me": N_("only me"), "server": N_("anyone in the server")}  # translated at use


@dataclass(frozen=True, slots=True)
class Sharing:
    card: str = "me"  # who may post the member's card: "me" or "server"
    figures: str = "me"  # who may see the member's figures (/stats member, leaderboard posts)
    show_money: bool = False  # whether others see the estimated payout

    def __post_init__(self) -> None:
        if self.card not in VISIBILITIES or self.figures not in VISIBILITIES:
            raise ValueError("visibility must be 'me' or 'server'")


PRIVATE = Sharing()


def ensure_may_see_figures(sharing: Sharing, viewer_id: int, owner_id: int) -> None:
    if viewer_id != owner_id and sharing.figures != "server":
        raise NotAllowed(
            _("That member keeps their stats to themselves: they can share them with /stats sharing.")
        )


def ensure_may_post_card(sharing: Sharing, poster_id: int, owner_id: int) -> None:
    if poster_id != owner_id and sharing.card != "server":
        raise NotAllowed(
            _("Only that member can post their card: they can let anyone post it with /stats sharing.")
        )


def money_shown(sharing: Sharing, viewer_id: int, owner_id: int, *, public: bool) -> bool:
    """The payout appears in the member's own private answers, elsewhere only with their consent."""
    return (viewer_id == owner_id and not public) or sharing.show_money


def describe(sharing: Sharing) -> str:
    """One sentence for the member: what others can see now."""
    text = _(
        "Your card can be posted by {card}; your figures can be seen by {figures}.",
        card=_(VISIBILITY_LABELS[sharing.card]),
        figures=_(VISIBILITY_LABELS[sharing.figures]),
    )
    money = (
        _("Your estimated payout is shown on cards and to others.")
        if sharing.show_money
        else _("Your estimated payout is hidden on cards and to others.")
    )
    return f"{text} {money}"
