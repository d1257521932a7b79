"""milex.model.commitments: whether a share meets a target, the gap in points and in money."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from milex.model.commitments import COMPARATORS, FLOORS, Target, gap_points, meets, money

SHARES = st.floats(min_value=0.0, max_value=100.0, allow_nan=False, allow_infinity=False)


def target(
    threshold: float,
    comparator: str = "at_least",
    metric: str = "core_defence_share_gdp",
    deadline_year: int | None = None,
    applies_to: tuple[str, ...] = (),
) -> Target:
    return Target(
        id="t",
        commitment_id="c",
        name="a target",
        status="commitment",
        metric=metric,
        threshold=threshold,
        comparator=comparator,
        deadline_year=deadline_year,
        applies_to=applies_to,
    )


# -- meets, per comparator, at and around the threshold ------------------------------------


@pytest.mark.parametrize(
    ("comparator", "threshold", "value", "expected"),
    [
        ("at_least", 2.0, 2.0, True),  # exactly at the threshold meets "at least"
        ("at_least", 2.0, 2.01, True),
        ("at_least", 2.0, 1.99, False),
        ("at_least", 3.5, 3.5, True),
        ("above", 3.0, 3.0, False),  # "north of 3%": exactly 3% is not above it
        ("above", 3.0, 3.01, True),
        ("above", 3.0, 2.99, False),
        ("up_to", 1.5, 1.5, True),  # a ceiling: at it is within it
        ("up_to", 1.5, 1.2, True),
        ("up_to", 1.5, 1.51, False),
        ("exemption_above", 1.0, 1.0, True),
        ("exemption_above", 1.0, 2.5, True),
        ("exemption_above", 1.0, 0.9, False),
    ],
)
def test_meets_each_comparator(
    comparator: str, threshold: float, value: float, expected: bool
) -> None:
    assert meets(value, target(threshold, comparator)) is expected


def test_meets_ignores_float_noise_but_not_real_shortfalls() -> None:
    assert meets(0.1 + 0.2, target(0.3))
    assert meets(1.9999999999, target(2.0))  # 1e-10 short: below published precision
    assert not meets(1.999999, target(2.0))
    assert not meets(3.0000000001, target(3.0, "above"))  # noise is not "above"
    assert meets(1.5000000001, target(1.5, "up_to"))


# -- gap_points ---------------------------------------------------------------------------


def test_gap_points_is_the_shortfall_rounded_to_published_precision() -> None:
    assert gap_points(1.43, target(2.0)) == 0.57  # Spain 2024: 2 - 1.43 = 0.5700000000000001
    assert gap_points(1.96, target(2.0)) == 0.04
    assert gap_points(2.0, target(3.5)) == 1.5
    assert gap_points(2.0, target(2.0)) == 0.0
    assert gap_points(3.79, target(2.0)) == 0.0
    assert gap_points(2.5, target(3.0, "above")) == 0.5


@pytest.mark.parametrize(("comparator", "value"), [("up_to", 4.0), ("exemption_above", 0.2)])
def test_only_floors_have_gaps(comparator: str, value: float) -> None:
    rule = target(1.5, comparator)
    assert not rule.is_floor
    assert not meets(value, rule)
    assert gap_points(value, rule) == 0.0


@given(value=SHARES, threshold=SHARES)
def test_at_least_gap_closes_the_distance_exactly(value: float, threshold: float) -> None:
    rule = target(threshold)
    gap = gap_points(value, rule)
    assert gap >= 0
    assert (gap == 0) == meets(value, rule)
    assert meets(value + gap, rule)  # adding the gap is always enough
    if not meets(value, rule):
        assert gap == pytest.approx(threshold - value, abs=1e-9)


@given(threshold=SHARES, excess=st.floats(0, 50, allow_nan=False))
def test_an_ally_above_a_floor_has_no_gap(threshold: float, excess: float) -> None:
    for comparator in FLOORS:
        rule = target(threshold, comparator)
        value = threshold + excess
        if comparator == "above" and excess < 1e-6:
            continue  # at the threshold, "above" is not met
        assert meets(value, rule)
        assert gap_points(value, rule) == 0.0


@given(value=SHARES, lower=SHARES, higher=SHARES)
def test_a_higher_floor_never_has_a_smaller_gap(value: float, lower: float, higher: float) -> None:
    lower, higher = sorted((lower, higher))
    assert gap_points(value, target(higher)) >= gap_points(value, target(lower))
    if meets(value, target(higher)):
        assert meets(value, target(lower))


# -- money and the Target itself ----------------------------------------------------------


def test_money_is_points_of_the_base() -> None:
    assert money(0.57, 1725.152) == pytest.approx(9.8333664, rel=1e-12)  # Spain 2024, USD bn
    assert money(4.89, 4.849) == pytest.approx(0.2371161, rel=1e-12)  # equipment of spending
    assert money(0.0, 1e6) == 0.0


@given(points=SHARES, base=st.floats(1e-3, 1e5, allow_nan=False))
def test_money_is_linear_and_round_trips(points: float, base: float) -> None:
    amount = money(points, base)
    assert amount == pytest.approx(money(1.0, base) * points, rel=1e-12, abs=1e-12)
    assert amount / base * 100 == pytest.approx(points, rel=1e-12, abs=1e-12)


def test_target_indicator_binds_and_floor() -> None:
    core = target(3.5, deadline_year=2035)
    assert core.indicator == "share_gdp"
    assert core.is_floor
    assert core.binds("ESP") and core.binds("USA")  # no list: every ally
    equipment = target(20.0, metric="equipment_share_defence_exp")
    assert equipment.indicator == "equipment_share"
    related = target(1.5, "up_to", metric="defence_related_share_gdp")
    assert related.indicator is None
    assert not related.is_floor
    poland = target(4.7, applies_to=("POL",))
    assert poland.binds("POL")
    assert not poland.binds("DEU")


def test_comparators_and_floors_are_consistent() -> None:
    assert set(FLOORS) < set(COMPARATORS)
    assert set(COMPARATORS) == {"at_least", "above", "up_to", "exemption_above"}
