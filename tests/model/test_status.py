"""milex.model.status: ranks, ties, aggregates, change on the year before, meeting a threshold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from milex.model.status import Share, Standing, meets, standings

AGGREGATES = ("NATO", "NATO_EU_CA")


def share(iso3: str, value: float, estimate: bool = False) -> Share:
    return Share(iso3, value, estimate)


def ranked(rows: list[Standing]) -> dict[str, int | None]:
    return {s.iso3: s.rank for s in rows}


# -- meets --------------------------------------------------------------------------------


def test_meets_at_exactly_the_threshold() -> None:
    assert meets(2.0, 2.0)
    assert meets(3.5, 3.5)
    assert meets(2.01, 2.0)
    assert not meets(1.99, 2.0)


def test_meets_ignores_float_noise_below_published_precision() -> None:
    assert meets(1.9999999999, 2.0)  # 1e-10 short: noise, rounds away
    assert meets(0.1 + 0.2, 0.3)
    assert meets(0.3, 0.1 + 0.2)
    assert not meets(1.999999, 2.0)  # 1e-6 short: a real shortfall at 9 decimals


# -- standings ----------------------------------------------------------------------------


def test_standings_rank_highest_first() -> None:
    rows = standings([share("DEU", 2.0), share("POL", 3.79), share("ESP", 1.43)], {}, 2.0)
    assert [(s.iso3, s.rank) for s in rows] == [("POL", 1), ("DEU", 2), ("ESP", 3)]


def test_standings_ties_share_a_rank_and_skip_the_next() -> None:
    rows = standings(
        [share("SWE", 2.31), share("NOR", 2.27), share("DNK", 2.27), share("ROU", 2.17)], {}, 2.0
    )
    # tied allies are listed by code and the next ally gets rank 4, not 3
    assert [(s.iso3, s.rank) for s in rows] == [("SWE", 1), ("DNK", 2), ("NOR", 2), ("ROU", 4)]


def test_standings_three_way_tie() -> None:
    rows = standings([share("A", 1.0), share("B", 1.0), share("C", 1.0), share("D", 0.5)], {}, 2)
    assert ranked(rows) == {"A": 1, "B": 1, "C": 1, "D": 4}


def test_standings_tie_despite_float_noise() -> None:
    rows = standings([share("AAA", 0.1 + 0.2), share("BBB", 0.3)], {}, 2.0)
    assert ranked(rows) == {"AAA": 1, "BBB": 1}


def test_standings_aggregates_come_last_unranked() -> None:
    rows = standings(
        [share("NATO_EU_CA", 1.99), share("POL", 3.79), share("NATO", 2.61), share("BEL", 1.29)],
        {},
        2.0,
        AGGREGATES,
    )
    assert [s.iso3 for s in rows] == ["POL", "BEL", "NATO", "NATO_EU_CA"]
    assert ranked(rows) == {"POL": 1, "BEL": 2, "NATO": None, "NATO_EU_CA": None}
    by_code = {s.iso3: s for s in rows}
    assert by_code["NATO"].meets is True
    assert by_code["NATO_EU_CA"].meets is False


def test_standings_without_aggregates_rank_everything() -> None:
    rows = standings([share("NATO", 2.61), share("POL", 3.79)], {}, 2.0)
    assert ranked(rows) == {"POL": 1, "NATO": 2}


def test_standings_change_against_previous_year() -> None:
    rows = standings(
        [share("POL", 3.79, estimate=True), share("GRC", 2.74), share("FIN", 2.4)],
        {"POL": 3.27, "GRC": 2.76},
        2.0,
    )
    by_code = {s.iso3: s for s in rows}
    assert by_code["POL"] == Standing("POL", 3.79, True, 1, 3.27, 0.52, True)
    assert by_code["GRC"].change_pp == -0.02
    assert by_code["GRC"].previous_share_gdp == 2.76
    # no figure for the year before: no change rather than a made-up one
    assert by_code["FIN"].previous_share_gdp is None
    assert by_code["FIN"].change_pp is None


def test_standings_change_is_rounded_free_of_float_noise() -> None:
    (row,) = standings([share("AAA", 0.3)], {"AAA": 0.1}, 2.0)
    assert 0.3 - 0.1 != 0.2
    assert row.change_pp == 0.2
    (same,) = standings([share("AAA", 0.1 + 0.2)], {"AAA": 0.3}, 2.0)
    assert same.change_pp == 0


def test_standings_meets_uses_the_threshold_given() -> None:
    rows = standings([share("POL", 3.79), share("LTU", 3.5), share("DEU", 2.0)], {}, 3.5)
    assert {s.iso3: s.meets for s in rows} == {"POL": True, "LTU": True, "DEU": False}


def test_standings_of_nothing() -> None:
    assert standings([], {}, 2.0, AGGREGATES) == []


# -- properties ---------------------------------------------------------------------------

codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
shares_in_hundredths = st.integers(min_value=0, max_value=1000).map(lambda n: n / 100)
any_share = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)
ally_shares = st.dictionaries(codes, st.one_of(shares_in_hundredths, any_share), max_size=40)


@given(ally_shares, st.sampled_from([2.0, 3.5, 5.0]))
def test_ranks_are_between_1_and_n(values: dict[str, float], threshold: float) -> None:
    rows = standings([share(k, v) for k, v in values.items()], {}, threshold)
    assert len(rows) == len(values)
    assert all(s.rank is not None and 1 <= s.rank <= len(values) for s in rows)
    if values:
        assert rows[0].rank == 1


@given(ally_shares)
def test_a_higher_share_never_gets_a_worse_rank(values: dict[str, float]) -> None:
    rows = standings([share(k, v) for k, v in values.items()], {}, 2.0)
    rank = {s.iso3: s.rank or 0 for s in rows}
    assert all(rank.values())
    for a in rows:
        for b in rows:
            if a.share_gdp > b.share_gdp:
                assert rank[a.iso3] <= rank[b.iso3]
            if a.share_gdp - b.share_gdp > 1e-6:
                assert rank[a.iso3] < rank[b.iso3]
            if a.share_gdp == b.share_gdp:
                assert rank[a.iso3] == rank[b.iso3]


@given(st.dictionaries(codes, shares_in_hundredths, max_size=40))
def test_rank_is_one_plus_the_allies_strictly_above(values: dict[str, float]) -> None:
    rows = standings([share(k, v) for k, v in values.items()], {}, 2.0)
    for row in rows:
        assert row.rank == 1 + sum(1 for v in values.values() if v > row.share_gdp)


@given(ally_shares, st.dictionaries(st.sampled_from(AGGREGATES), any_share))
def test_aggregates_never_take_a_rank(allies: dict[str, float], totals: dict[str, float]) -> None:
    rows = standings([share(k, v) for k, v in {**allies, **totals}.items()], {}, 2.0, AGGREGATES)
    tail = rows[len(rows) - len(totals) :]
    assert [s.iso3 for s in tail] == sorted(totals)
    assert all(s.rank is None for s in tail)
    assert all(s.rank is not None for s in rows[: len(rows) - len(totals)])


@given(any_share, any_share, any_share)
def test_meets_is_monotone_in_the_share(x: float, y: float, threshold: float) -> None:
    low, high = sorted((x, y))
    if meets(low, threshold):
        assert meets(high, threshold)


@given(st.integers(min_value=1, max_value=10_000))
def test_meets_at_published_precision(hundredths: int) -> None:
    threshold = hundredths / 100
    assert meets(threshold, threshold)
    assert meets((hundredths + 1) / 100, threshold)
    assert not meets((hundredths - 1) / 100, threshold)


@pytest.mark.parametrize("threshold", [2.0, 3.5])
def test_standings_meets_agrees_with_meets(threshold: float) -> None:
    values = {"A": threshold, "B": threshold - 0.01, "C": threshold + 0.01}
    rows = standings([share(k, v) for k, v in values.items()], {}, threshold)
    assert {s.iso3: s.meets for s in rows} == {k: meets(v, threshold) for k, v in values.items()}
