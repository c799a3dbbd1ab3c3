"""The memoised pieces of a gift estimate say what building them afresh says."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import using
from bot.money import render
from bot.money.model.catalogue import load_catalogue
from bot.money.model.economy import Rates, estimate_gifts
from bot.money.model.gift_parser import GiftLine

ROSE = load_catalogue().get("rose")
assert ROSE is not None

rates = st.builds(
    lambda usd, low, high: dataclasses.replace(
        Rates(), usd_per_diamond=usd, viewer_usd_per_coin_low=low, viewer_usd_per_coin_high=high
    ),
    st.decimals("0.001", "0.005", places=4),
    st.decimals("0.005", "0.0106", places=4),
    st.decimals("0.0107", "0.02", places=4),
)


@settings(max_examples=200)
@given(rates, st.integers(1, 1_000_000), st.sampled_from(["en", "pt_BR", "tr"]))
def test_the_share_of_what_viewers_paid_is_the_one_computed_for_that_count(
    chosen: Rates, coins: int, locale: str
) -> None:
    estimate = estimate_gifts([GiftLine(ROSE, coins)], chosen)
    with using(locale):
        fields = dict(render.totals_fields(estimate, locale))
        fresh = render.creator_share(estimate.payout_usd, estimate.viewer_cost_usd)
        assert fresh in fields[render._(render.CREATOR_PAYOUT)]
        assert fields[render._(render.VIEWERS_PAID)] == render.viewer_cost(estimate.coins, chosen)


def test_a_non_default_coin_rate_is_computed_per_count() -> None:
    halves = dataclasses.replace(Rates(), diamonds_per_coin=Decimal("0.5"))
    estimate = estimate_gifts([GiftLine(ROSE, 3)], halves)
    assert estimate.diamonds != estimate.coins
    fields = dict(render.totals_fields(estimate, "en"))
    assert render.creator_share(estimate.payout_usd, estimate.viewer_cost_usd) in fields["Creator payout"]
