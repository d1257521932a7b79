"""The twenty-third round: wordings heldout35-37 missed, each worded other ways, with near
misses that must not fire (tests/fixtures/claims/README.md for the rules)."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from milex.claims import check
from tests.claims.helpers import claims_of


def _rows(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [
        (c["kind"], c["entity"], c["year"], c["value"])
        for c in check(db.tables, text, day).to_json()
    ]


# -- a tariff's partner: the ally the passage is about (rule 4) ---------------------------------


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        (
            "Britain now finds itself in the same tariff band as countries such as Kosovo and "
            "Costa Rica. The automotive sector remains burdened by a 25% tariff on £8 "
            "billion-worth of car and auto parts exports.",
            "GBR",
        ),
        (
            "Norway was spared the worst of the new US tariffs. Its salmon exporters still face "
            "a 15% duty.",
            "NOR",
        ),
    ],
)
def test_a_rate_with_no_partner_is_the_passages_allys(
    db: milex.Milex, text: str, partner: str
) -> None:
    assert [c["entity"] for c in claims_of(db, text, "2025-08-20", "tariff")] == [partner]


def test_a_base_rate_for_most_countries_stays_everyones(db: milex.Milex) -> None:
    # (the US is named, but pays no US tariff; "most countries" is everyone's)
    text = (
        "US President Donald Trump has signed orders imposing import tariffs on dozens of "
        "countries. The base tariff for most countries that supply goods to the US will remain "
        "at 10%."
    )
    assert [c["entity"] for c in claims_of(db, text, "2025-08-01", "tariff")] == ["ALL"]


# -- "at that time": the year the sentence before placed something at ---------------------------


@pytest.mark.parametrize("phrase", ["At that time", "At that point", "At that moment"])
def test_at_that_time_is_the_year_placed_not_the_deadline(db: milex.Milex, phrase: str) -> None:
    text = (
        "In 2014 NATO members made the commitment at the Wales Summit to allocate at least 2% "
        f"of GDP to defense by 2024. {phrase}, only three NATO members met the 2% target."
    )
    counts = claims_of(db, text, "2025-06-27", "count_meeting")
    assert [(c["year"], c["value"], c["verdict_as_of_date"]) for c in counts] == [
        (2014, 3.0, "accurate")
    ]


# -- counts: a goal named by its noun alone; going over a threshold -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In 2014 NATO members committed to allocate at least 2% of GDP to defense by 2024. By "
        "2021, only six NATO countries had met the requirement.",
        "In 2006, NATO allies pledged to allocate at least 2% of their GDP towards defense. By "
        "2021, only six NATO countries had fulfilled this obligation.",
        "By 2021, only six NATO countries went over the 2% threshold.",
    ],
)
def test_a_count_of_a_goal_named_by_requirement_or_obligation(db: milex.Milex, text: str) -> None:
    counts = claims_of(db, text, "2025-06-27", "count_meeting")
    assert [(c["year"], c["value"]) for c in counts] == [(2021, 6.0)]


def test_going_over_a_budget_is_no_count(db: milex.Milex) -> None:
    text = "Only six NATO countries went over budget on their procurement programmes in 2021."
    assert not claims_of(db, text, "2025-06-27", "count_meeting")


# -- goals: an obligation, what a body requires, a target's "from X to Y" -----------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Trump called it a major leap compared to the 2 percent obligation set in 2014.", 2.0),
        ("NATO requires its members to allocate 2% of GDP to defense.", 2.0),
        ("The treaty obliges all member states to spend at least 2% of GDP on defence.", 2.0),
        (
            "The 32 member nations agreed on a new target to increase defense spending from 2% "
            "of gross domestic product to 5%.",
            5.0,
        ),
        (
            "Leaders adopted a plan to raise military spending from 2 percent of GDP to 3.5 "
            "percent by 2035.",
            3.5,
        ),
    ],
)
def test_a_goal_named_by_other_words(db: milex.Milex, text: str, value: float) -> None:
    found = claims_of(db, text, "2025-07-01", "commitment")
    assert value in [c["value"] for c in found]
    assert all(c["verdict_latest"] == "accurate" for c in found if c["value"] == value)


def test_a_change_from_one_level_to_another_is_no_goal(db: milex.Milex) -> None:
    # levels reached, no goal's noun before "from": shares
    text = "Poland increased defense spending from 2% of GDP in 2022 to 4.1% in 2024."
    rows = _rows(db, text, "2025-07-01")
    assert ("share_gdp", "POL", 2024, 4.1) in rows
    assert not [r for r in rows if r[0] == "commitment"]


# -- "that share": the share of NATO's spending the sentence before gave ------------------------


def test_that_share_is_the_same_owners_share(db: milex.Milex) -> None:
    text = (
        "According to NATO figures, US defense spending accounted for approximately 72% of "
        "total NATO defense spending in 2016. By 2024, that share had decreased to about 63%."
    )
    shares = claims_of(db, text, "2026-02-25", "nato_share")
    assert [(c["entity"], c["year"], c["value"]) for c in shares] == [
        ("USA", 2016, 72.0),
        ("USA", 2024, 63.0),
    ]


def test_that_share_needs_a_share_of_natos_spending_before(db: milex.Milex) -> None:
    text = "Poland spent 4.1% of GDP in 2024. By 2025, that share had risen to 4.5%."
    assert not claims_of(db, text, "2026-02-25", "nato_share")


# -- "The country ..." with a name after the figure ---------------------------------------------


def test_the_country_is_the_passages_ally_whoever_is_named_after(db: milex.Milex) -> None:
    text = (
        "Croatia plans to raise its defence budget. The country currently allocates 2% of its "
        "GDP to defence, partly in response to pressure from U.S. President Donald Trump."
    )
    shares = claims_of(db, text, "2025-04-08", "share_gdp")
    assert [(c["entity"], c["year"]) for c in shares] == [("HRV", 2024)]


def test_a_country_named_before_the_figure_keeps_it(db: milex.Milex) -> None:
    text = (
        "Croatia plans to raise its defence budget. The country's neighbour Slovenia spends "
        "1.3% of its GDP on defence."
    )
    shares = claims_of(db, text, "2025-04-08", "share_gdp")
    assert [c["entity"] for c in shares] == ["SVN"]


# -- a plan's year: not another noun's scheduled date -------------------------------------------


def test_a_scheduled_review_does_not_date_a_pledge(db: milex.Milex) -> None:
    text = (
        "The federal government previously agreed to raise spending from 1.3 to 2 per cent of "
        "GDP, with a full evaluation of the new standard scheduled for 2029."
    )
    found = [c for c in _rows(db, "Belgium spent more this year. " + text, "2025-08-28")]
    assert ("commitment", "BEL", None, 2.0) in found


# -- "the remaining N": the rest of the count before, of its year --------------------------------


@pytest.mark.parametrize(
    "rest", ["The remaining nine countries did not.", "The other nine countries fell short."]
)
def test_the_remaining_count_takes_the_year_of_the_count_before(db: milex.Milex, rest: str) -> None:
    text = (
        "As of 2024, at least 22 of NATO's 32 members met or exceeded the original 2 per cent "
        f"spending target set in 2014. {rest}"
    )
    counts = claims_of(db, text, "2025-06-26", "count_meeting")
    assert [(c["year"], c["value"]) for c in counts] == [(2024, 22.0), (2024, 9.0)]


def test_a_count_of_its_own_year_after_the_remaining_keeps_it(db: milex.Milex) -> None:
    text = (
        "As of 2024, at least 22 of NATO's 32 members met the 2 per cent target. In 2014 the "
        "remaining allies were far fewer: only three met it."
    )
    counts = claims_of(db, text, "2025-06-26", "count_meeting")
    assert (2014, 3.0) in [(c["year"], c["value"]) for c in counts]
