"""milex.model.pathways: yearly paths to a target, their money, and the economy under them."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from milex.model.commitments import Target, gap_points, meets
from milex.model.pathways import (
    SHAPES,
    EconomyPath,
    Pathway,
    pathway,
    project_economy,
    required_real_growth,
)


def finite(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)


SHARES = finite(0.1, 12.0)
SHAPE = st.sampled_from(SHAPES)


@st.composite
def economies(draw: st.DrawFn) -> EconomyPath:
    """An economy built as milex builds one: some known years (GDP, real growth, exchange
    rate), then a real growth and a deflator assumed."""
    start = draw(st.integers(2000, 2040))
    steps = draw(st.integers(1, 12))
    years = list(range(start, start + steps + 1))
    known = draw(st.integers(0, steps))
    gdp = {start: draw(finite(1.0, 30_000.0))}
    fx = {start: draw(finite(0.01, 3_000.0))}
    growth: dict[int, float] = {}
    for year in years[1 : known + 1]:
        growth[year] = draw(finite(-8.0, 12.0))
        gdp[year] = gdp[year - 1] * draw(finite(0.8, 1.3))
        fx[year] = draw(finite(0.01, 3_000.0))
    return project_economy(
        years, gdp, growth, fx, draw(finite(-3.0, 8.0)), draw(finite(-2.0, 10.0))
    )


def flat_economy(steps: int, gdp: float = 100.0) -> EconomyPath:
    """No growth, no inflation, one dollar: shares and money are the same numbers."""
    n = steps + 1
    return EconomyPath(list(range(2026, 2026 + n)), [gdp] * n, [1.0] * n, [1.0] * n, [1.0] * n)


def floor(threshold: float) -> Target:
    return Target("t", "c", "a target", "commitment", "core_defence_share_gdp", threshold)


# -- worked examples ----------------------------------------------------------------------


def test_linear_path_by_hand() -> None:
    path = pathway(2.0, 5.0, flat_economy(3), "linear")
    assert [y.year for y in path.years] == [2026, 2027, 2028, 2029]
    assert [y.share_gdp for y in path.years] == pytest.approx([2.0, 3.0, 4.0, 5.0])
    assert [y.spending_usd_bn for y in path.years] == pytest.approx([2.0, 3.0, 4.0, 5.0])
    assert [y.extra_usd_bn for y in path.years] == pytest.approx([0.0, 1.0, 2.0, 3.0])
    assert [y.cumulative_extra_usd_bn for y in path.years] == pytest.approx([0, 1, 3, 6])
    assert path.cumulative_extra_usd_bn == pytest.approx(6.0)
    assert path.years[0].nominal_growth_pct is None
    assert path.years[0].real_growth_pct is None
    assert [y.nominal_growth_pct for y in path.years[1:]] == pytest.approx([50.0, 100 / 3, 25.0])
    assert path.required_real_growth_pct == pytest.approx((2.5 ** (1 / 3) - 1) * 100)
    assert (path.start_year, path.deadline, path.start_share, path.target) == (2026, 2029, 2, 5)
    assert path.reached


def test_front_loaded_path_by_hand() -> None:
    path = pathway(2.0, 5.0, flat_economy(3), "front-loaded")
    # 1 - (1 - t/3)^2 of the way: 0, 5/9, 8/9, 1
    assert [y.share_gdp for y in path.years] == pytest.approx([2.0, 2 + 5 / 3, 2 + 8 / 3, 5.0])
    linear = pathway(2.0, 5.0, flat_economy(3), "linear")
    assert path.cumulative_extra_usd_bn > linear.cumulative_extra_usd_bn


def test_constant_growth_path_by_hand() -> None:
    path = pathway(2.0, 5.0, flat_economy(3), "constant-growth")
    growth = 2.5 ** (1 / 3)
    assert [y.share_gdp for y in path.years] == pytest.approx([2 * growth**t for t in range(4)])
    for year in path.years[1:]:
        assert year.real_growth_pct == pytest.approx((growth - 1) * 100)


def test_money_in_other_currencies_and_prices_by_hand() -> None:
    prices = [1.0, 1.1 / 1.05]
    economy = EconomyPath([2026, 2027], [1000.0, 1100.0], [1.0, 1.05], prices, [0.9, 0.8])
    path = pathway(2.0, 3.0, economy, "linear")
    first, last = path.years
    assert first.spending_lcu_bn == pytest.approx(20.0 * 0.9)
    assert last.spending_usd_bn == pytest.approx(33.0)
    assert last.spending_lcu_bn == pytest.approx(33.0 * 0.8)
    assert last.spending_usd_constant_bn == pytest.approx(30.0 * 1.05)  # start-year prices
    assert last.nominal_growth_pct == pytest.approx(65.0)
    assert last.real_growth_pct == pytest.approx((31.5 / 20 - 1) * 100)
    assert last.extra_usd_bn == pytest.approx(11.0)  # 1 point of 1100 bn


# -- properties ---------------------------------------------------------------------------


@settings(deadline=None)
@given(start=SHARES, target=SHARES, economy=economies(), shape=SHAPE)
def test_a_path_starts_at_the_start_share_and_reaches_its_target_at_the_deadline(
    start: float, target: float, economy: EconomyPath, shape: str
) -> None:
    path = pathway(start, target, economy, shape)
    assert [y.year for y in path.years] == list(economy.years)
    assert path.years[0].share_gdp == start
    assert path.years[0].extra_usd_bn == 0.0
    assert abs(path.years[-1].share_gdp - max(start, target)) <= 1e-9
    if target >= start:
        assert abs(path.years[-1].share_gdp - target) <= 1e-9
    assert path.reached


@settings(deadline=None)
@given(start=SHARES, lower=SHARES, higher=SHARES, economy=economies(), shape=SHAPE)
def test_a_higher_target_never_needs_less_money(
    start: float, lower: float, higher: float, economy: EconomyPath, shape: str
) -> None:
    lower, higher = sorted((lower, higher))
    low, high = pathway(start, lower, economy, shape), pathway(start, higher, economy, shape)
    scale = 1e-9 * max(1.0, *economy.gdp_usd_bn)
    assert high.cumulative_extra_usd_bn >= low.cumulative_extra_usd_bn - scale
    assert high.years[-1].spending_usd_bn >= low.years[-1].spending_usd_bn - scale
    # Not every year: a constant-growth path may spend less than a flat one in a year when
    # GDP grows faster than the path's constant rate; the total and the deadline year never.
    assert high.required_real_growth_pct >= low.required_real_growth_pct - 1e-9


@settings(deadline=None)
@given(
    target=SHARES,
    excess=finite(0.0, 5.0),
    economy=economies(),
    shape=st.sampled_from(["linear", "front-loaded"]),
)
def test_an_ally_already_above_the_target_has_no_gap_and_a_flat_path(
    target: float, excess: float, economy: EconomyPath, shape: str
) -> None:
    start = target + excess
    assert meets(start, floor(target))
    assert gap_points(start, floor(target)) == 0.0
    path = pathway(start, target, economy, shape)
    assert all(y.share_gdp == pytest.approx(start, rel=1e-12) for y in path.years)
    assert all(y.extra_usd_bn == pytest.approx(0.0, abs=1e-9) for y in path.years)
    assert path.cumulative_extra_usd_bn == pytest.approx(0.0, abs=1e-9)


@settings(deadline=None)
@given(
    target=SHARES,
    excess=finite(0.0, 5.0),
    steps=st.integers(1, 12),
    growth=finite(-3.0, 8.0),
    deflator=finite(-2.0, 10.0),
)
def test_above_the_target_constant_growth_keeps_pace_with_steady_gdp(
    target: float, excess: float, steps: int, growth: float, deflator: float
) -> None:
    economy = project_economy(
        range(2026, 2027 + steps), {2026: 1500.0}, {}, {2026: 0.9}, growth, deflator
    )
    start = target + excess
    path = pathway(start, target, economy, "constant-growth")
    assert path.required_real_growth_pct == pytest.approx(growth, abs=1e-9)
    assert all(y.share_gdp == pytest.approx(start, rel=1e-9) for y in path.years)
    assert path.cumulative_extra_usd_bn == pytest.approx(0.0, abs=1e-6)


def test_above_the_target_constant_growth_stays_flat_when_gdp_growth_varies() -> None:
    economy = project_economy(
        range(2025, 2029), {2025: 1000.0, 2026: 1100.0}, {2026: 5.0}, {2025: 1.0}, 0.0, 2.0
    )
    path = pathway(4.0, 3.5, economy, "constant-growth")
    assert [y.share_gdp for y in path.years] == pytest.approx([4.0] * 4)
    assert path.cumulative_extra_usd_bn == pytest.approx(0.0, abs=1e-9)


@settings(deadline=None)
@given(start=SHARES, target=SHARES, economy=economies(), shape=SHAPE)
def test_money_round_trips_between_currencies_and_prices(
    start: float, target: float, economy: EconomyPath, shape: str
) -> None:
    path = pathway(start, target, economy, shape)
    for t, year in enumerate(path.years):
        assert year.gdp_usd_bn == economy.gdp_usd_bn[t]
        assert year.spending_usd_bn == pytest.approx(year.share_gdp / 100 * year.gdp_usd_bn)
        assert year.spending_lcu_bn / economy.lcu_per_usd[t] == pytest.approx(
            year.spending_usd_bn, rel=1e-12
        )
        current = year.spending_usd_constant_bn * economy.price_index[t] / economy.price_index[0]
        assert current == pytest.approx(year.spending_usd_bn, rel=1e-12)
        assert year.extra_usd_bn == pytest.approx(
            (year.share_gdp - start) / 100 * year.gdp_usd_bn, rel=1e-9, abs=1e-12
        )
    extras = sum(y.extra_usd_bn for y in path.years[1:])
    assert path.cumulative_extra_usd_bn == pytest.approx(extras, rel=1e-9, abs=1e-9)


@settings(deadline=None)
@given(start=SHARES, target=SHARES, economy=economies())
def test_constant_growth_grows_at_the_required_real_rate_every_year(
    start: float, target: float, economy: EconomyPath
) -> None:
    assume(start < target)  # at or above the target the share stays flat instead
    path = pathway(start, target, economy, "constant-growth")
    for before, year in zip(path.years, path.years[1:], strict=False):
        if min(before.share_gdp, year.share_gdp) <= start + 1e-12:
            continue  # the share is held at the start share there (never cut)
        assert year.real_growth_pct is not None
        assert year.real_growth_pct == pytest.approx(path.required_real_growth_pct, abs=1e-6)


@settings(deadline=None)
@given(start=SHARES, target=SHARES, economy=economies(), shape=SHAPE)
def test_a_path_never_falls_below_the_start_share(
    start: float, target: float, economy: EconomyPath, shape: str
) -> None:
    path = pathway(start, target, economy, shape)
    assert min(y.share_gdp for y in path.years) >= start - 1e-12
    assert all(y.extra_usd_bn >= -1e-12 for y in path.years)


@settings(deadline=None)
@given(start=SHARES, target=SHARES, economy=economies(), shape=SHAPE)
def test_every_shape_compounds_to_the_required_real_growth(
    start: float, target: float, economy: EconomyPath, shape: str
) -> None:
    path = pathway(start, target, economy, shape)
    steps = len(path.years) - 1
    compounded = math.prod(1 + (y.real_growth_pct or 0.0) / 100 for y in path.years[1:])
    assert compounded == pytest.approx((1 + path.required_real_growth_pct / 100) ** steps)
    real = path.years[-1].spending_usd_constant_bn / path.years[0].spending_usd_constant_bn
    assert real == pytest.approx(compounded)


@given(
    start=SHARES,
    target=SHARES,
    factor=finite(0.5, 2.0),
    years=st.integers(1, 20),
)
def test_required_real_growth_turns_the_start_share_into_the_target(
    start: float, target: float, factor: float, years: int
) -> None:
    growth = required_real_growth(start, target, factor, years)
    # spending grows by (1+g)^n, GDP by factor: the share ends at the target
    assert start * (1 + growth / 100) ** years / factor == pytest.approx(target, rel=1e-9)


def test_required_real_growth_examples() -> None:
    assert required_real_growth(2.0, 2.0, 1.0, 9) == 0.0
    assert required_real_growth(2.0, 4.0, 1.0, 1) == pytest.approx(100.0)
    # staying at a share means growing with real GDP
    assert required_real_growth(3.0, 3.0, 1.02**5, 5) == pytest.approx(2.0)


# -- project_economy ----------------------------------------------------------------------


def test_project_economy_uses_known_figures_then_the_assumption() -> None:
    economy = project_economy(
        range(2025, 2029),
        {2025: 1000.0, 2026: 1080.0, 2099: 1.0},
        {2026: 3.0},
        {2025: 0.9, 2026: 0.95},
        growth_after_pct=1.5,
        deflator_after_pct=2.0,
    )
    assert list(economy.years) == [2025, 2026, 2027, 2028]
    assert economy.gdp_usd_bn[:2] == [1000.0, 1080.0]  # the known figures, as given
    assert economy.gdp_usd_bn[2] == pytest.approx(1080 * 1.015 * 1.02)
    assert economy.gdp_usd_bn[3] == pytest.approx(1080 * (1.015 * 1.02) ** 2)
    assert economy.real_gdp_index == pytest.approx([1.0, 1.03, 1.03 * 1.015, 1.03 * 1.015**2])
    assert economy.price_index[1] == pytest.approx(1.08 / 1.03)  # what known GDP implies
    assert economy.price_index[3] / economy.price_index[1] == pytest.approx(1.02**2)
    assert list(economy.lcu_per_usd) == [0.9, 0.95, 0.95, 0.95]  # held at the last known


@settings(deadline=None)
@given(economy=economies())
def test_a_projected_economy_is_consistent(economy: EconomyPath) -> None:
    assert economy.real_gdp_index[0] == 1.0
    assert economy.price_index[0] == 1.0
    gdp0 = economy.gdp_usd_bn[0]
    for t in range(len(economy.years)):
        nominal = economy.real_gdp_index[t] * economy.price_index[t] * gdp0
        assert economy.gdp_usd_bn[t] == pytest.approx(nominal, rel=1e-9)


def test_project_economy_needs_the_start_years_gdp() -> None:
    with pytest.raises(ValueError, match="2026"):
        project_economy(range(2026, 2030), {2025: 1.0}, {}, {}, 1.0, 2.0)


# -- invalid input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("gdp_usd_bn", [1.0, 2.0]),
        ("real_gdp_index", [1.0, 1.0, 1.0, 1.0]),
        ("price_index", [1.0]),
        ("lcu_per_usd", []),
    ],
)
def test_economy_path_rejects_mismatched_lengths(field: str, values: list[float]) -> None:
    arguments = {
        "years": [2026, 2027, 2028],
        "gdp_usd_bn": [1.0, 1.0, 1.0],
        "real_gdp_index": [1.0, 1.0, 1.0],
        "price_index": [1.0, 1.0, 1.0],
        "lcu_per_usd": [1.0, 1.0, 1.0],
        field: values,
    }
    with pytest.raises(ValueError, match=f"{field} has {len(values)} values for 3 years"):
        EconomyPath(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("years", [[2026, 2028, 2029], [2027, 2026, 2028], [2026, 2026, 2027]])
def test_economy_path_rejects_non_consecutive_years(years: list[int]) -> None:
    with pytest.raises(ValueError, match="consecutive"):
        EconomyPath(years, [1.0] * 3, [1.0] * 3, [1.0] * 3, [1.0] * 3)


def test_economy_path_needs_two_years() -> None:
    with pytest.raises(ValueError, match="at least"):
        EconomyPath([2026], [1.0], [1.0], [1.0], [1.0])


@pytest.mark.parametrize("shape", ["Linear", "exponential", "", "constant_growth"])
def test_an_unknown_shape_raises(shape: str) -> None:
    with pytest.raises(ValueError, match="linear, constant-growth, front-loaded"):
        pathway(2.0, 3.5, flat_economy(3), shape)


@pytest.mark.parametrize("start", [0.0, -1.0])
def test_a_start_share_must_be_positive(start: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        pathway(start, 3.5, flat_economy(3))


def test_pathway_headline_properties() -> None:
    path = pathway(2.0, 3.5, flat_economy(9, gdp=2000.0))
    assert isinstance(path, Pathway)
    assert path.cumulative_extra_usd_bn == path.years[-1].cumulative_extra_usd_bn
    # 1.5 points of 2000 bn, closed in equal steps over 9 years: 30 bn x (1+...+9)/9
    assert path.cumulative_extra_usd_bn == pytest.approx(30.0 * 45 / 9)
