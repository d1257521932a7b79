"""milex.model.credibility: best runs of real growth, level series, and the four verdicts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from milex.model.credibility import (
    VERDICTS,
    Credibility,
    Distribution,
    Fiscal,
    Inputs,
    Position,
    Rules,
    Run,
    assess,
    best_of,
    best_run,
    levels_from_changes,
)

CHANGES = st.floats(min_value=-30, max_value=60, allow_nan=False, allow_infinity=False)
# -- best_run -----------------------------------------------------------------------------


def test_best_run_on_a_hand_made_series() -> None:
    run = best_run({2020: 100.0, 2021: 110.0, 2022: 121.0}, 2, "nato-2026-07", "ESP")
    assert run is not None
    assert run.growth_pct == pytest.approx(10.0)
    assert (run.first_year, run.last_year) == (2021, 2022)  # the base year 2020 is not counted
    assert (run.source, run.iso3) == ("nato-2026-07", "ESP")
    assert run.describe() == "ESP 10.0%/yr in 2021-2022 (nato-2026-07)"
    assert Run(12.06, 2020, 2024, "nato-2026-07").describe() == (
        "12.1%/yr in 2020-2024 (nato-2026-07)"
    )


def test_best_run_picks_the_best_window() -> None:
    levels = {2010: 100.0, 2011: 100.0, 2012: 150.0, 2013: 150.0, 2014: 165.0}
    one = best_run(levels, 1, "s")
    assert one is not None
    assert (one.growth_pct, one.first_year, one.last_year) == (pytest.approx(50.0), 2012, 2012)
    two = best_run(levels, 2, "s")
    assert two is not None
    assert two.growth_pct == pytest.approx((1.5**0.5 - 1) * 100)
    assert (two.first_year, two.last_year) == (2011, 2012)  # ties go to the earlier window
    four = best_run(levels, 4, "s")
    assert four is not None
    assert four.growth_pct == pytest.approx((1.65**0.25 - 1) * 100)


def test_best_run_needs_every_year_of_the_window() -> None:
    levels = {2000: 100.0, 2001: 200.0, 2003: 400.0, 2004: 400.0}
    assert best_run(levels, 2, "s") is None  # 2002 is missing from every 2-year window
    assert best_run(levels, 5, "s") is None  # longer than the series
    assert best_run({}, 1, "s") is None
    one = best_run(levels, 1, "s")
    assert one is not None
    assert (one.growth_pct, one.first_year) == (pytest.approx(100.0), 2001)


def test_best_run_skips_a_window_that_starts_at_zero() -> None:
    run = best_run({2000: 0.0, 2001: 10.0, 2002: 20.0}, 1, "s")
    assert run is not None
    assert (run.growth_pct, run.first_year, run.last_year) == (pytest.approx(100.0), 2002, 2002)


def test_excluded_years_cut_every_window_that_touches_them() -> None:
    # a tripling in 1951-52 (a war) and a steady 5% a year from 1955
    levels = {1950: 10.0, 1951: 10.0, 1952: 30.0, 1953: 30.0, 1954: 30.0}
    levels |= {1955 + i: 30.0 * 1.05**i for i in range(6)}
    everything = best_run(levels, 3, "sipri-2025", "USA")
    assert everything is not None
    assert everything.first_year <= 1952 <= everything.last_year
    assert everything.growth_pct == pytest.approx((3 ** (1 / 3) - 1) * 100)
    peacetime = best_run(levels, 3, "sipri-2025", "USA", range(1950, 1956))
    assert peacetime is not None
    assert peacetime.growth_pct == pytest.approx(5.0)
    assert peacetime.first_year >= 1957  # the window's base year 1956 is outside the war too
    assert best_run(levels, 3, "s", excluded=range(1950, 2000)) is None


@given(rate=CHANGES, window=st.integers(1, 6), length=st.integers(7, 20))
def test_a_steady_series_runs_at_its_rate(rate: float, window: int, length: int) -> None:
    levels = {2000 + i: 100.0 * (1 + rate / 100) ** i for i in range(length)}
    run = best_run(levels, window, "s")
    assert run is not None
    assert run.growth_pct == pytest.approx(rate, abs=1e-9)
    assert run.last_year - run.first_year == window - 1


@given(changes=st.lists(CHANGES, min_size=1, max_size=15), window=st.integers(1, 5))
def test_a_run_lies_between_the_worst_and_best_single_years(
    changes: list[float], window: int
) -> None:
    levels = levels_from_changes({2000 + i: c for i, c in enumerate(changes)})
    run = best_run(levels, window, "s")
    if window > len(changes):
        assert run is None
        return
    assert run is not None
    assert min(changes) - 1e-9 <= run.growth_pct <= max(changes) + 1e-9
    if window == 1:
        assert run.growth_pct == pytest.approx(max(changes))


# -- levels_from_changes and best_of ------------------------------------------------------


def test_levels_from_changes_by_hand() -> None:
    assert levels_from_changes({2021: 10.0, 2022: 10.0}) == pytest.approx(
        {2020: 100.0, 2021: 110.0, 2022: 121.0}
    )
    assert levels_from_changes({}) == {}
    # a missing year ends the series: nothing after it can be chained
    assert levels_from_changes({2021: 10.0, 2023: 5.0}) == pytest.approx({2020: 100.0, 2021: 110.0})
    assert levels_from_changes({2015: -50.0}) == pytest.approx({2014: 100.0, 2015: 50.0})


@given(changes=st.lists(CHANGES, min_size=1, max_size=20), first=st.integers(1949, 2020))
def test_levels_round_trip_to_their_changes(changes: list[float], first: int) -> None:
    given_changes = {first + i: c for i, c in enumerate(changes)}
    levels = levels_from_changes(given_changes)
    assert sorted(levels) == list(range(first - 1, first + len(changes)))
    assert levels[first - 1] == 100.0
    for year, change in given_changes.items():
        assert (levels[year] / levels[year - 1] - 1) * 100 == pytest.approx(change, abs=1e-9)


def test_best_of() -> None:
    low, high = Run(3.0, 2001, 2003, "a"), Run(9.0, 2011, 2013, "b", "POL")
    assert best_of([low, None, high]) is high
    assert best_of([None, None]) is None
    assert best_of([]) is None


# -- assess: the four verdicts with their evidence ----------------------------------------

RULES = Rules()
SPREAD = Distribution.of(
    [Run(g, 2000, 2004, "sipri-2025") for g in (-2.0, 0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 9.0)], 5
)


def inputs(**changes: object) -> Inputs:
    """An ally's evidence: a trend of 4%/yr, a best peacetime run of 5%/yr, the spread above,
    no plans, sound public finances; as of 2026."""
    base: dict[str, object] = {
        "trend_pct": 4.0,
        "trend_text": "2024-2026 (nato-2026-07)",
        "own_best": Run(5.0, 2016, 2020, "nato-2026-07"),
        "alliance": SPREAD,
        "positions": (),
        "fiscal": Fiscal(2026, 50.0, -1.0, True, "imf-weo-2026-04"),
        "increase_pp": 1.0,
        "origin": 2026,
    }
    base.update(changes)
    return Inputs(**base)  # type: ignore[arg-type]


def test_already_met_is_on_track() -> None:
    result = assess(0.0, True, inputs())
    assert result.verdict == "on-track"
    assert result.reason == "already at or above the target"


def test_on_track_when_the_trend_outpaces_the_need_and_nothing_objects() -> None:
    result = assess(3.5, False, inputs())
    assert result.verdict == "on-track"
    assert result.score == 2 + 1 + 1 + 0 + 1  # trend, record, alliance (3/8 >= 25%), fiscal
    assert "real spending grew 4.0%/yr in 2024-2026 (nato-2026-07)" in result.reason
    assert [e.kind for e in result.evidence] == ["trend", "record", "alliance", "plans", "fiscal"]


def test_credible_when_the_record_carries_what_the_trend_does_not() -> None:
    result = assess(4.5, False, inputs(trend_pct=2.5))
    assert result.verdict == "credible"
    assert "its best 5-year peacetime run, 5.0%/yr in 2016-2020 (nato-2026-07)" in result.reason


def test_stretched_when_the_evidence_is_mixed() -> None:
    # needs 7%: trend 4% (+1), never sustained (-1), 1 of 8 runs of allies (0), sound (+1),
    # strained finances (-1) instead of sound
    strained = Fiscal(2026, 120.0, -5.0, False, "imf-weo-2026-04")
    result = assess(7.0, False, inputs(fiscal=strained))
    assert result.verdict == "stretched"
    assert result.score == 1 - 1 + 0 + 0 - 1
    assert "against: never sustained it in peacetime" in result.reason
    assert "little fiscal room" in result.reason


def test_implausible_when_nothing_speaks_for_it() -> None:
    result = assess(12.0, False, inputs(trend_pct=-1.0))
    assert result.verdict == "implausible"
    assert result.score == -1 - 1 - 2 + 0 + 1
    assert "0.0% of 8 peacetime 5-year runs of allies reached 12.0%/yr" in result.reason


def test_a_war_years_run_does_not_make_a_path_credible() -> None:
    # the only fast run of this series is the Korean-War rearmament: left out, it is no record
    levels = {1949: 100.0, 1950: 150.0, 1951: 250.0, 1952: 350.0, 1953: 400.0, 1954: 420.0}
    levels |= {1955 + i: 420.0 * 1.01**i for i in range(30)}
    war = best_run(levels, 5, "sipri-2025")
    peace = best_run(levels, 5, "sipri-2025", excluded=range(1950, 1956))
    assert war is not None and peace is not None
    assert war.growth_pct > 25 and peace.growth_pct == pytest.approx(1.0)
    needs = 8.0
    counted = assess(needs, False, inputs(trend_pct=3.0, own_best=war))
    left_out = assess(needs, False, inputs(trend_pct=3.0, own_best=peace))
    assert counted.verdict == "credible"
    assert left_out.verdict in ("stretched", "implausible")
    assert VERDICTS.index(left_out.verdict) > VERDICTS.index(counted.verdict)


def test_a_pledge_or_an_opt_out_moves_the_verdict_and_is_named() -> None:
    plain = assess(6.0, False, inputs())
    pledge = Position(1, "pledge: Spain: 3.5% by 2030")
    opt_out = Position(-3, "stated position: 2.1% of GDP is enough")
    pledged = assess(6.0, False, inputs(positions=(pledge,)))
    refused = assess(6.0, False, inputs(positions=(opt_out,)))
    assert pledged.score == plain.score + 1 and refused.score == plain.score - 3
    assert VERDICTS.index(pledged.verdict) <= VERDICTS.index(plain.verdict)
    assert VERDICTS.index(refused.verdict) > VERDICTS.index(plain.verdict)
    assert "pledge: Spain: 3.5% by 2030" in pledged.reason
    assert "stated position: 2.1% of GDP is enough" in refused.reason


def test_the_eu_escape_clause_lifts_the_fiscal_penalty_from_2025_only() -> None:
    strained = Fiscal(2026, 130.0, -4.0, True, "imf-weo-2026-04")
    covered = assess(6.0, False, inputs(fiscal=strained, increase_pp=1.2))
    fiscal = next(e for e in covered.evidence if e.kind == "fiscal")
    assert fiscal.score == 0 and "national escape clause" in fiscal.text
    too_much = assess(6.0, False, inputs(fiscal=strained, increase_pp=2.0))
    assert next(e for e in too_much.evidence if e.kind == "fiscal").score == -1
    before = assess(6.0, False, inputs(fiscal=strained, increase_pp=1.2, origin=2014))
    assert next(e for e in before.evidence if e.kind == "fiscal").score == -1


def test_without_evidence_every_kind_says_so() -> None:
    result = assess(5.0, False, Inputs())
    assert result.score == 0
    assert result.verdict == "stretched"
    texts = " | ".join(e.text for e in result.evidence)
    for phrase in ("no recent real-growth series", "no peacetime record", "no alliance record"):
        assert phrase in texts


def test_distribution_share_at_least() -> None:
    assert SPREAD.share_at_least(3.0) == pytest.approx(4 / 8)
    assert SPREAD.share_at_least(100.0) == 0.0
    assert SPREAD.share_at_least(-10.0) == 1.0
    assert Distribution.of([], 5).share_at_least(1.0) is None


@given(
    lower=st.floats(-5, 80, allow_nan=False),
    higher=st.floats(-5, 80, allow_nan=False),
    trend=st.none() | st.floats(-10, 40, allow_nan=False),
)
def test_needing_more_growth_never_looks_more_realistic(
    lower: float, higher: float, trend: float | None
) -> None:
    lower, higher = sorted((lower, higher))
    easy = assess(lower, False, inputs(trend_pct=trend))
    hard = assess(higher, False, inputs(trend_pct=trend))
    assert isinstance(easy, Credibility)
    assert easy.verdict in VERDICTS and hard.verdict in VERDICTS
    assert VERDICTS.index(hard.verdict) >= VERDICTS.index(easy.verdict)
    assert hard.score <= easy.score
    assert f"{higher:.1f}%/yr" in hard.reason
    assert math.isfinite(hard.required_real_growth_pct)
