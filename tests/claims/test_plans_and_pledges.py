"""One ally's plan or pledge (tests/fixtures/claims/README.md, "Plans and pledges of one ally"):
what milex holds decides its kind, not its verb. A level one ally sets itself is a commitment
when milex holds a commitment that binds that ally with that figure (and deadline) by the text's
date; otherwise the ally's share of GDP for the year it names; with no year, a national plan
milex cannot judge. Goals of the alliance and NATO's estimates of a year are no such plan."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from milex.claims import check
from tests.claims.helpers import claims_of


def _row(db: milex.Milex, text: str, day: str, value: float) -> dict[str, Any]:
    rows = [c for c in check(db.tables, text, day).to_json() if c["value"] == value]
    assert len(rows) == 1, rows
    return rows[0]


# -- 1. a pledge milex holds for that ally: a commitment, the ally's --------------------------


@pytest.mark.parametrize(
    ("text", "day", "value", "entity", "target"),
    [
        (
            "Poland plans to spend 4.7 percent of its annual economic output on defense in 2025.",
            "2025-03-10",
            4.7,
            "POL",
            "pol_2025_4_7pct",
        ),
        (
            "Sánchez vowed in April to hike Spain's defense spending to 2 percent of GDP by the "
            "end of 2025.",
            "2025-10-14",
            2.0,
            "ESP",
            "esp_2025_2pct",
        ),
        # a share of no year stated as the ally's intent, its own pledge held
        (
            "Denmark will allocate more than 3 pct. of GDP on defence.",
            "2025-02-20",
            3.0,
            "DNK",
            None,
        ),
        # a range pledged: its lower bound (the pledge's own, not Trump's 5% of that month)
        (
            "On Jan. 17, Lithuania announced it would boost its defense spending to between 5 "
            "percent and 6 percent.",
            "2025-01-28",
            5.0,
            "LTU",
            "ltu_2026_2030_5_6pct",
        ),
        # a goal of all allies with its deadline: the Hague's 5% by 2035
        (
            "Germany committed to raising its defence spending to 5% of GDP by 2035.",
            "2025-07-01",
            5.0,
            "DEU",
            "nato_2025_hague_5pct.total",
        ),
    ],
)
def test_a_level_milex_holds_as_the_allys_pledge_is_a_commitment(
    db: milex.Milex, text: str, day: str, value: float, entity: str, target: str | None
) -> None:
    row = _row(db, text, day, value)
    assert (row["kind"], row["entity"]) == ("commitment", entity)
    assert row["verdict_as_of_date"] == "accurate"
    if target is not None:
        assert row["reference"]["table"] == target


# -- 2. else, with a year: the ally's share of GDP that year ------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "value", "entity", "year", "as_of", "latest"),
    [
        # a budget's level for next year: no release had 2026 by the text's date; NATO's July
        # 2026 edition estimates 4.68
        (
            "Poland will raise its defense expenditure to 4.8% of its gross domestic product in "
            "2026.",
            "2025-08-29",
            4.8,
            "POL",
            2026,
            "unverifiable",
            "roughly_accurate",
        ),
        (
            "Lithuania will raise its defence spending to 5.38 per cent of GDP next year.",
            "2025-09-17",
            5.38,
            "LTU",
            2026,
            "unverifiable",
            "accurate",
        ),
        # a goal of all allies has no deadline of 2025: Italy's own level that year (NATO's
        # July 2026 edition: 2.09)
        (
            "Italy plans to reach 2% of GDP in 2025, the government said.",
            "2025-05-15",
            2.0,
            "ITA",
            2025,
            "unverifiable",
            "roughly_accurate",
        ),
        # a year no release holds
        (
            "Sweden will increase its military spending to 2.6% of GDP by 2030.",
            "2024-09-18",
            2.6,
            "SWE",
            2030,
            "unverifiable",
            "unverifiable",
        ),
        (
            "Norway is now targeting 3% of GDP by 2030.",
            "2025-05-21",
            3.0,
            "NOR",
            2030,
            *["unverifiable"] * 2,
        ),
        # a pledge not yet made by the text's date (Germany's of 2025, in a text of 2024)
        (
            "Germany's finance minister vowed to raise defence spending to 3.5% of GDP by 2029.",
            "2024-11-20",
            3.5,
            "DEU",
            2029,
            "unverifiable",
            "unverifiable",
        ),
        # a deadline other than the held pledge's (the UK's 2.5% is by 2027)
        (
            "The UK will raise defence spending to 2.5% of GDP by 2030.",
            "2024-05-01",
            2.5,
            "GBR",
            2030,
            "unverifiable",
            "unverifiable",
        ),
    ],
)
def test_a_level_milex_does_not_hold_is_that_years_share(
    db: milex.Milex,
    text: str,
    day: str,
    value: float,
    entity: str,
    year: int,
    as_of: str,
    latest: str,
) -> None:
    row = _row(db, text, day, value)
    assert (row["kind"], row["entity"], row["year"]) == ("share_gdp", entity, year)
    assert (row["verdict_as_of_date"], row["verdict_latest"]) == (as_of, latest)


# -- 3. else a national plan milex cannot judge -------------------------------------------------


def test_a_level_of_no_year_milex_does_not_hold_is_unverifiable(db: milex.Milex) -> None:
    # not Finland's 3% by 2029 nor Rutte's "north of 3%": neither is Norway's
    row = _row(db, "Norway will raise defence spending to 3% of GDP.", "2025-09-17", 3.0)
    assert (row["kind"], row["entity"]) == ("commitment", "NOR")
    assert (row["verdict_as_of_date"], row["verdict_latest"]) == ("unverifiable",) * 2
    assert "national plan" in row["explanation_latest"]


# -- no plan of one ally ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "value", "entity"),
    [
        # NATO's estimate of the year, in the future tense or in the perfect: a share
        (
            "Norway, the US, and Denmark will also spend more than 3% of their GDP on defense "
            "this year.",
            "2025-08-28",
            3.0,
            "DNK",
        ),
        (
            "NATO estimates Spain has reached defence spending of 2% of gross domestic product "
            "in 2025.",
            "2025-08-29",
            2.0,
            "ESP",
        ),
        # a noun of aim or plan is no intent of the ally's
        (
            "Germany has met a NATO alliance aim to spend 2% of its gross domestic product in "
            "2025.",
            "2025-08-29",
            2.0,
            "DEU",
        ),
        (
            "Spain confirmed the planned allocation of an amount equivalent to 2% of GDP in 2025.",
            "2025-08-29",
            2.0,
            "ESP",
        ),
    ],
)
def test_an_estimate_of_the_year_stays_a_share(
    db: milex.Milex, text: str, day: str, value: float, entity: str
) -> None:
    shares = [
        c
        for c in claims_of(db, text, day, "share_gdp")
        if c["entity"] == entity and c["value"] == value
    ]
    assert [c["year"] for c in shares] == [2025]
    assert not claims_of(db, text, day, "commitment")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the passage's ally is not the alliance's goal's owner
        (
            "Turkey will host the next summit. NATO leaders on Wednesday committed to spending 5 "
            "percent of annual output on defense by 2035.",
            "2025-06-25",
        ),
        (
            "Lithuania will raise its spending to 5.38 per cent of GDP next year, surpassing the "
            "five-per-cent benchmark urged by US President Donald Trump for NATO members.",
            "2025-09-17",
        ),
        (
            "Poland's minister said the budget would raise spending to 4.8% of GDP, moving it "
            "closer to the 5% target set at the NATO summit in June.",
            "2025-08-29",
        ),
        (
            "Well before Trump, the US had urged all must meet the agreed target of spending 5% "
            "of their GDP on defense.",
            "2025-08-29",
        ),
        ("In 2025 Norway is just above NATO's 5 per cent target.", "2025-08-29"),
    ],
)
def test_a_goal_of_the_alliance_is_no_allys_plan(db: milex.Milex, text: str, day: str) -> None:
    row = _row(db, text, day, 5.0)
    assert (row["kind"], row["entity"], row["verdict_as_of_date"]) == (
        "commitment",
        None,
        "accurate",
    )
