"""milex.model.credibility: best runs of real growth, level series, and the four verdicts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from milex.model.credibility import (
    VERDICTS,
    Credibility,
    Run,
    Thresholds,
    assess,
    best_of,
    best_run,
    levels_from_changes,
)

CHANGES = st.floats(min_value=-30, max_value=60, allow_nan=False, allow_infinity=False)
# Spain's own record and the alliance's, in the shape milex builds them.
OWN = {3: Run(15.0, 2023, 2025, "nato-2026-07"), 5: Run(12.0, 2021, 2025, "nato-2026-07")}
ALLIES = {
    3: Run(43.2, 2017, 2019, "sipri-2025", "BGR"),
    5: Run(26.1, 2015, 2019, "sipri-2025", "BGR"),
}


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


def test_years_allowed_restricts_the_windows() -> None:
    # a tripling in 1991-92 (before accession, say) and a steady 5% a year from 1995
    levels = {1990: 10.0, 1991: 10.0, 1992: 30.0, 1993: 30.0, 1994: 30.0}
    levels |= {1995 + i: 30.0 * 1.05**i for i in range(6)}
    everything = best_run(levels, 3, "sipri-2025", "LTU")
    assert everything is not None
    assert everything.first_year <= 1992 <= everything.last_year
    assert everything.growth_pct == pytest.approx((3 ** (1 / 3) - 1) * 100)
    as_an_ally = best_run(levels, 3, "sipri-2025", "LTU", range(1995, 2101))
    assert as_an_ally is not None
    assert as_an_ally.growth_pct == pytest.approx(5.0)
    assert as_an_ally.first_year >= 1996  # the window's base year 1995 is allowed too
    assert best_run(levels, 3, "s", years_allowed=range(2004, 2101)) is None
    # a window straddling the limit is out: its base year is not allowed
    assert best_run(levels, 3, "s", years_allowed=range(1996, 1999)) is None


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


def test_already_met_is_on_track() -> None:
    result = assess(0.0, True, None, OWN, ALLIES)
    assert result.verdict == "on-track"
    assert result.reason == "already at or above the target"


def test_on_track_when_current_growth_is_enough() -> None:
    result = assess(8.64, False, 9.0, OWN, ALLIES)
    assert result.verdict == "on-track"
    assert "needs 8.6%/yr real growth" in result.reason
    assert "grew 9.0% in real terms in the latest year" in result.reason
    assert result.current_real_growth_pct == 9.0
    assert result.required_real_growth_pct == 8.64


def test_credible_when_the_ally_has_done_it_before() -> None:
    result = assess(8.64, False, 2.19, OWN, ALLIES)
    assert result.verdict == "credible"
    assert "needs 8.6%/yr real growth" in result.reason
    assert "own best 5-year run was 12.0%/yr in 2021-2025 (nato-2026-07)" in result.reason


def test_stretched_when_only_another_ally_has_done_it() -> None:
    result = assess(20.0, False, 2.19, OWN, ALLIES)
    assert result.verdict == "stretched"
    assert "needs 20.0%/yr" in result.reason
    assert "12.0%/yr in 2021-2025" in result.reason
    assert "BGR 26.1%/yr in 2015-2019 (sipri-2025)" in result.reason


def test_implausible_above_any_allys_record() -> None:
    result = assess(30.0, False, 2.19, OWN, ALLIES)
    assert result.verdict == "implausible"
    assert "needs 30.0%/yr" in result.reason
    assert "above any ally's best 5-year run (BGR 26.1%/yr in 2015-2019 (sipri-2025))" in (
        result.reason
    )


def test_without_evidence() -> None:
    nothing = {3: None, 5: None}
    stretched = assess(20.0, False, None, nothing, ALLIES)
    assert stretched.verdict == "stretched"
    assert "no comparable run" in stretched.reason
    implausible = assess(1.0, False, None, nothing, nothing)
    assert implausible.verdict == "implausible"
    assert "no ally's record" in implausible.reason


def test_the_longest_window_decides() -> None:
    # 15%/yr over 3 years would cover 13%, but the 5-year record (12%) decides
    result = assess(13.0, False, None, OWN, ALLIES)
    assert result.verdict == "stretched"
    assert result.own_best == OWN  # the shorter window is kept as evidence
    assert result.alliance_best == ALLIES
    shorter = assess(13.0, False, None, OWN, ALLIES, Thresholds(windows=(3,)))
    assert shorter.verdict == "credible"
    assert "own best 3-year run was 15.0%/yr in 2023-2025" in shorter.reason


def test_thresholds_change_the_verdicts() -> None:
    assert assess(20.0, False, None, OWN, ALLIES).verdict == "stretched"
    generous = Thresholds(credible_own_best=2.0)  # up to twice its own record is credible
    assert assess(20.0, False, None, OWN, ALLIES, generous).verdict == "credible"
    strict = Thresholds(stretched_alliance_best=0.5)
    assert assess(20.0, False, None, OWN, ALLIES, strict).verdict == "implausible"
    lenient_current = Thresholds(on_track_current=0.5)  # half the required growth will do
    assert assess(8.0, False, 4.0, OWN, ALLIES, lenient_current).verdict == "on-track"
    assert assess(8.0, False, 4.0, OWN, ALLIES).verdict == "credible"


@given(
    lower=st.floats(-5, 80, allow_nan=False),
    higher=st.floats(-5, 80, allow_nan=False),
    current=st.none() | st.floats(-10, 40, allow_nan=False),
)
def test_needing_more_growth_never_looks_more_realistic(
    lower: float, higher: float, current: float | None
) -> None:
    lower, higher = sorted((lower, higher))
    easy = assess(lower, False, current, OWN, ALLIES)
    hard = assess(higher, False, current, OWN, ALLIES)
    assert isinstance(easy, Credibility)
    assert easy.verdict in VERDICTS and hard.verdict in VERDICTS
    assert VERDICTS.index(hard.verdict) >= VERDICTS.index(easy.verdict)
    assert f"{higher:.1f}%/yr" in hard.reason
    assert math.isfinite(hard.required_real_growth_pct)
