"""Money maths: rates, conversions, estimates, target plans and formatting."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import InvalidInput
from bot.money.model.catalogue import Catalogue, load_catalogue
from bot.money.model.economy import (
    DEFAULT_RATES,
    MAX_GIFT_COUNT,
    MAX_GIFT_LINES,
    TYPICAL_GIFT_NAMES,
    GiftLine,
    MemberRate,
    Rates,
    assumptions,
    check_count,
    coins_to_diamonds,
    coins_to_viewer_cost,
    coins_to_viewer_cost_usd,
    count_text,
    diamonds_to_coins,
    diamonds_to_payout,
    diamonds_to_payout_usd,
    estimate_gifts,
    format_int,
    format_money,
    format_money_range,
    get_currency,
    in_app_packages,
    kept,
    load_currencies,
    make_rates,
    payout_to_diamonds,
    target_plan,
    unusual_rates,
    with_member_rate,
)

CAT: Catalogue = load_catalogue()
LION = CAT.get("Lion")
ROSE = CAT.get("Rose")
assert LION is not None and ROSE is not None


def test_acceptance_two_lions_hundred_roses() -> None:
    est = estimate_gifts([GiftLine(LION, 2), GiftLine(ROSE, 100)])
    assert est.coins == 60_098
    assert est.diamonds == 60_098
    assert est.payout_usd == Decimal("300.49")
    assert format_money(est.payout, "USD") == "$300.49"
    assert [line.coins for line in est.lines] == [59_998, 100]
    low, high = est.viewer_cost
    assert format_money(low) == "$635.32"
    assert format_money(high) == "$849.96"


def test_lion_viewer_cost_and_payout_match_facts() -> None:
    low, high = coins_to_viewer_cost(29_999)
    assert (format_money(low), format_money(high)) == ("$317.13", "$424.27")
    assert diamonds_to_payout(coins_to_diamonds(29_999)) == Decimal("149.995")


def test_default_rates() -> None:
    r = Rates()
    assert r.diamonds_per_coin == 1
    assert r.usd_per_diamond == Decimal("0.005")
    assert r.viewer_usd_per_coin_low == Decimal("0.74") / 70
    assert r.viewer_usd_per_coin_high == Decimal("0.99") / 70
    assert (r.currency, r.currency_per_usd) == ("USD", 1)
    assert r.is_default and r.differences_from_default() == []
    assert all(isinstance(getattr(r, f), Decimal) for f in ("usd_per_diamond", "currency_per_usd"))


def test_overridden_rates_are_reported() -> None:
    r = make_rates(usd_per_diamond="0.004", currency="eur", currency_per_usd="0.92", diamonds_per_coin=None)
    assert r.currency == "EUR" and r.usd_per_diamond == Decimal("0.004")
    assert not r.is_default
    diffs = r.differences_from_default()
    assert any("0.004" in d for d in diffs) and any("EUR" in d for d in diffs)
    assert diamonds_to_payout(1000, r) == Decimal("3.68")
    assert diamonds_to_payout_usd(1000, r) == Decimal("4")


@pytest.mark.parametrize(
    "overrides",
    [
        {"usd_per_diamond": "0"},
        {"usd_per_diamond": "-0.005"},
        {"usd_per_diamond": "0.06"},
        {"usd_per_diamond": "abc"},
        {"usd_per_diamond": "NaN"},
        {"usd_per_diamond": "Infinity"},
        {"diamonds_per_coin": "2"},
        {"viewer_usd_per_coin_low": "0.02", "viewer_usd_per_coin_high": "0.01"},
        {"viewer_usd_per_coin_low": "5"},
        {"viewer_usd_per_coin_low": "0.002"},  # below what the creator earns per coin
        {"currency": "XYZ"},
        {"currency": "EUR", "currency_per_usd": "0"},
        {"currency": "EUR", "currency_per_usd": "100001"},
        {"currency_per_usd": "2"},  # USD must convert 1:1
        {"usd_per_diamond": "0.0050000000000001"},
    ],
)
def test_absurd_rates_are_refused(overrides: dict[str, str]) -> None:
    with pytest.raises(InvalidInput) as info:
        make_rates(**overrides)
    assert info.value.message.endswith(".")


def test_float_rates_are_a_programming_error() -> None:
    with pytest.raises(TypeError):
        Rates(usd_per_diamond=0.005)  # type: ignore[arg-type]


def test_currencies_file() -> None:
    currencies = load_currencies()
    assert len(currencies) > 140
    assert currencies["JPY"].minor_digits == 0
    assert currencies["KWD"].minor_digits == 3
    assert currencies["EUR"].minor_digits == 2
    assert get_currency("chf").code == "CHF"
    for gone in ("HRK", "DEM", "XXX"):
        assert gone not in currencies


def test_conversions() -> None:
    assert coins_to_diamonds(100) == 100
    assert diamonds_to_coins(100) == 100
    assert payout_to_diamonds(Decimal("200")) == 40_000
    assert payout_to_diamonds("10") == 2_000
    assert payout_to_diamonds("0.001") == 1  # rounds up
    half = make_rates(diamonds_per_coin="0.5")
    assert coins_to_diamonds(3, half) == 1
    assert diamonds_to_coins(3, half) == 6
    with pytest.raises(InvalidInput):
        payout_to_diamonds("-1")
    with pytest.raises(InvalidInput):
        coins_to_diamonds(-1)


rates_strategy = st.builds(
    make_rates,
    diamonds_per_coin=st.sampled_from(["1", "0.5", "0.8"]),
    usd_per_diamond=st.decimals("0.0005", "0.01", places=5),
    currency=st.just("EUR"),
    currency_per_usd=st.decimals("0.01", "50000", places=4),
)


@given(diamonds=st.integers(0, 10**12), rates=rates_strategy)
def test_payout_round_trip(diamonds: int, rates: Rates) -> None:
    assert payout_to_diamonds(diamonds_to_payout(diamonds, rates), rates) == diamonds


@given(diamonds=st.integers(0, 10**12), rates=rates_strategy)
def test_diamond_coin_round_trip(diamonds: int, rates: Rates) -> None:
    coins = diamonds_to_coins(diamonds, rates)
    assert coins_to_diamonds(coins, rates) >= diamonds
    if coins:
        assert coins_to_diamonds(coins - 1, rates) < diamonds  # the fewest coins


@given(amount=st.decimals("0.01", "1000000", places=2), rates=rates_strategy)
def test_target_plan_suggestions_reach_the_target(amount: Decimal, rates: Rates) -> None:
    plan = target_plan(amount, rates, CAT)
    assert diamonds_to_payout(plan.diamonds, rates) >= amount
    names = [line.gift.name for line in plan.gifts]
    assert names == [n for n in TYPICAL_GIFT_NAMES if n in names]  # cheapest to dearest
    universe = CAT.get("TikTok Universe")
    assert universe is not None
    # A gift is suggested only when the target needs at least one whole of it (no Lion for a cent),
    # and never more than MAX_GIFT_COUNT of it.
    fits = universe.coins <= plan.coins and math.ceil(plan.coins / universe.coins) <= MAX_GIFT_COUNT
    assert ("TikTok Universe" in names) == fits
    if plan.coins <= MAX_GIFT_COUNT:
        assert names[0] == "Rose"  # the cheapest always fits
    for line in plan.gifts:
        assert line.count <= MAX_GIFT_COUNT
        assert line.gift.coins <= plan.coins or line.gift.name == "Rose"
    if plan.mix:  # the suggested mix reaches the target too, with gifts that fit it
        assert sum(line.coins for line in plan.mix) >= plan.coins
        assert all(line.gift.coins <= max(plan.coins, 1) for line in plan.mix)
    for line in plan.gifts:
        est = estimate_gifts([line], rates)
        assert est.payout >= amount
        if line.count > 1:  # rounded up, not more
            assert estimate_gifts([GiftLine(line.gift, line.count - 1)], rates).payout < amount


def test_target_plan_figures() -> None:
    plan = target_plan(100, DEFAULT_RATES, CAT)
    assert (plan.diamonds, plan.coins) == (20_000, 20_000)
    counts = {line.gift.name: line.count for line in plan.gifts}
    assert counts == {
        "Rose": 20_000,
        "Finger Heart": 4_000,
        "Doughnut": 667,
        "Hand Hearts": 200,
        "Galaxy": 20,
        "Interstellar": 2,
    }  # no Lion or Universe: each alone would overshoot $100
    assert [(line.gift.name, line.count) for line in plan.mix] == [("Interstellar", 2)]
    assert format_money_range(*plan.viewer_cost) == "$211.43–$282.86"
    cent = target_plan("0.01", DEFAULT_RATES, CAT)
    assert [(line.gift.name, line.count) for line in cent.gifts] == [("Rose", 2)]
    assert [(line.gift.name, line.count) for line in cent.mix] == [("Rose", 2)]
    mixed = target_plan("300.49", DEFAULT_RATES, CAT)
    assert sum(line.coins for line in mixed.mix) >= mixed.coins == 60_098
    assert mixed.mix[0].gift.name == "TikTok Universe"
    for bad in ("0", "-5", "abc", str(10**10)):
        with pytest.raises(InvalidInput):
            target_plan(bad, DEFAULT_RATES, CAT)


def test_target_plan_skips_missing_gifts() -> None:
    small = Catalogue(CAT.date, [g for g in CAT.all_versions if g.name != "Galaxy"])
    assert "Galaxy" not in {line.gift.name for line in target_plan(10, DEFAULT_RATES, small).gifts}


def test_estimate_limits() -> None:
    with pytest.raises(InvalidInput):
        estimate_gifts([])
    with pytest.raises(InvalidInput):
        estimate_gifts([GiftLine(ROSE, 1)] * (MAX_GIFT_LINES + 1))
    with pytest.raises(InvalidInput):
        GiftLine(ROSE, 0)
    with pytest.raises(InvalidInput) as info:
        GiftLine(ROSE, MAX_GIFT_COUNT + 1)
    assert "1,000,000" in info.value.message


def test_check_count() -> None:
    assert check_count(5, 10, "roses") == 5
    for bad in (0, -1, 11, True):
        with pytest.raises(InvalidInput):
            check_count(bad, 10, "roses")


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (Decimal("300.49"), "USD", "$300.49"),
        (Decimal("1234.5"), "EUR", "€1,234.50"),
        (Decimal("2999.6"), "JPY", "¥3,000"),
        (Decimal("1234.5"), "CHF", "1,234.50 CHF"),
        (Decimal("1.2345"), "KWD", "1.235 KWD"),
        (Decimal("0.005"), "USD", "$0.005"),  # a Rose's payout: small figures keep their digits
        (Decimal("0.025"), "USD", "$0.025"),
        (Decimal("0.74") / 70, "USD", "$0.0106"),
        (Decimal("0.5"), "USD", "$0.50"),
        (Decimal("0.004"), "JPY", "¥0.004"),
        (Decimal("0"), "USD", "$0.00"),
        (Decimal("-12"), "GBP", "-£12.00"),
        (1000000, "USD", "$1,000,000.00"),
    ],
)
def test_format_money(amount: Decimal, currency: str, text: str) -> None:
    assert format_money(amount, currency) == text


def test_format_int() -> None:
    assert format_int(60098) == "60,098"
    assert format_int(0) == "0"


def test_assumptions_line() -> None:
    line = assumptions(DEFAULT_RATES, date(2024, 1, 5))
    assert "\n" not in line
    for part in (
        "1 coin = 1 diamond",
        "$0.005",
        "$0.0106",
        "$0.0141",
        "2024-01-05",
        "not official",
        "override",
    ):
        assert part in line
    assert "LIVE missions" in line  # the 2025 "LIVE rewards" caveat
    custom = assumptions(make_rates(currency="EUR", currency_per_usd="0.9"), date(2024, 1, 5))
    assert "EUR" in custom and "this server overrides" in custom


def test_count_text_is_singular_for_one() -> None:
    assert count_text(1, "coin") == "1 coin"
    assert count_text(2, "coin") == "2 coins"
    assert count_text(1, "diamond") == "1 diamond"
    assert count_text(60_098, "diamond") == "60,098 diamonds"


def test_in_app_packages_follow_the_package_table() -> None:
    lion = in_app_packages(29_999)
    assert lion.packs == ((1, 17_500), (1, 7_000), (1, 3_500), (1, 1_400), (1, 350), (4, 70))
    assert lion.coins >= 29_999 and lion.cost_usd == Decimal("428.91")
    assert in_app_packages(1).packs == ((1, 70),) and in_app_packages(1).cost_usd == Decimal("0.99")
    assert in_app_packages(17_500).packs == ((1, 17_500),)


def test_member_rate_and_agency_cut() -> None:
    own = with_member_rate(DEFAULT_RATES, MemberRate(Decimal("0.004"), Decimal("20")))
    assert own.own_rate and own.usd_per_diamond == Decimal("0.004") and own.kept_share == Decimal("0.8")
    assert kept(Decimal(100), own) == Decimal(80)
    assert "your own rate" in assumptions(own, date(2026, 7, 20))
    assert "agency keeps 20 %" in assumptions(own, date(2026, 7, 20))
    plan = target_plan(80, own, CAT)  # keep $80 after 20 %: $100 of payout at $0.004 = 25,000 diamonds
    assert plan.diamonds == 25_000
    with pytest.raises(InvalidInput, match="agency cut"):
        with_member_rate(DEFAULT_RATES, MemberRate(None, Decimal("95")))
    assert with_member_rate(DEFAULT_RATES, None) is DEFAULT_RATES


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        ({"usd_per_diamond": "0.0005"}, True),  # 10x below: a missing zero
        ({"usd_per_diamond": "0.0015"}, True),
        ({"usd_per_diamond": "0.004"}, False),
        ({"diamonds_per_coin": "0.2"}, True),
        ({"diamonds_per_coin": "0.5"}, False),  # the minority view, 2x off
    ],
)
def test_unusual_rates_are_flagged(changes: dict[str, str], flagged: bool) -> None:
    reasons = unusual_rates(make_rates(**changes), changes)
    assert bool(reasons) == flagged
    if flagged:
        assert "typo" in reasons[0] and "usual" in reasons[0]


@given(
    st.integers(1, MAX_GIFT_COUNT),
    st.sampled_from(["0.5", "0.8", "1"]),
    st.sampled_from(["0.0005", "0.005", "0.0071", "0.0099"]),
    st.sampled_from([("USD", "1"), ("EUR", "0.92"), ("BRL", "5.4321"), ("JPY", "151.7")]),
)
def test_an_estimate_has_the_figures_the_conversion_helpers_give(
    count: int, per_coin: str, per_diamond: str, currency: tuple[str, str]
) -> None:
    """estimate_gifts writes its products out (speed); they must stay the helpers' figures."""
    rates = Rates(
        diamonds_per_coin=Decimal(per_coin),
        usd_per_diamond=Decimal(per_diamond),
        currency=currency[0],
        currency_per_usd=Decimal(currency[1]),
    )
    est = estimate_gifts([GiftLine(LION, min(count, 10_000)), GiftLine(ROSE, count)], rates)
    assert est.diamonds == coins_to_diamonds(est.coins, rates)
    assert est.payout_usd == diamonds_to_payout_usd(est.diamonds, rates)
    assert est.payout == diamonds_to_payout(est.diamonds, rates)
    assert est.viewer_cost_usd == coins_to_viewer_cost_usd(est.coins, rates)
    assert est.viewer_cost == coins_to_viewer_cost(est.coins, rates)
