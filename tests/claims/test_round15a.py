"""Round 15a of issue 13 (heldout14 opened for tuning): each cause of a miss as a general rule,
on made-up texts worded several ways, with a case where the rule must not fire."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from milex.claims import check

JUNE_2025 = "2025-06-20"


def claims(db: milex.Milex, text: str, day: str = JUNE_2025) -> list[tuple[Any, ...]]:
    return [
        (c["kind"], c["value"], c["entity"], c["year"], c["verdict_as_of_date"])
        for c in check(db.tables, text, day).to_json()
    ]


# -- a deadline years ahead is not the year of the sentences after it ------------------------


@pytest.mark.parametrize(
    "goal",
    [
        "The allies agreed to spend 5 per cent of GDP on defence by 2035.",
        "Members are aligning on a bold new plan: allocating 5% of their GDP to defence and "
        "security by 2035.",
        "By 2035 every member must put 3.5% of its economy into core defence.",
        "Ministers want outlays to rise gradually until 2032, the alliance said.",
    ],
)
def test_a_deadline_ahead_does_not_date_the_present_after_it(db: milex.Milex, goal: str) -> None:
    text = goal + " Poland spends 4.12% of GDP, the most in the alliance."
    got = [c for c in claims(db, text) if c[0] == "share_gdp" and c[2] == "POL"]
    assert len(got) == 1
    assert got[0][3] != 2035 and got[0][3] != 2032
    assert got[0][4] != "unverifiable"


def test_a_deadline_ahead_still_dates_its_own_sentence(db: milex.Milex) -> None:
    text = "Germany plans to spend 3.5% of GDP on defence by 2029."
    got = [c for c in claims(db, text) if c[1] == 3.5]
    assert got and all(c[3] in (2029, None) for c in got)


def test_a_year_reached_by_now_still_dates_the_sentences_after_it(db: milex.Milex) -> None:
    # "by 2023" is no deadline ahead: the year the text speaks of, as before.
    text = "Spending had risen to 2% of GDP by 2023. Poland spent 3.8% of GDP."
    got = [c for c in claims(db, text) if c[0] == "share_gdp" and c[2] == "POL"]
    assert [c[3] for c in got] == [2023]


# -- per cent abbreviated: "p.c", "pc" ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Washington currently spends around 3.4 p.c of GDP on its military.",
        "The United States spends about 3.4 p.c. of its GDP on defence.",
        "America now devotes 3.4pc of GDP to defence.",
    ],
)
def test_per_cent_abbreviated_is_a_percentage(db: milex.Milex, text: str) -> None:
    got = [(c[1], c[2]) for c in claims(db, text) if c[0] == "share_gdp"]
    assert got == [(3.4, "USA")]


@pytest.mark.parametrize(
    "text",
    [
        "The US shipped 3.4 PCs per soldier in 2024.",
        "Spending in the U.S. rose by 3.4 in the upcoming report on the PC market.",
    ],
)
def test_letters_pc_that_are_no_per_cent_make_no_share(db: milex.Milex, text: str) -> None:
    assert [c for c in claims(db, text) if c[0] == "share_gdp"] == []


# -- "objective" names a goal like "target" ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Germany hit NATO's 2 p.c objective only recently.",
        "Berlin reached the alliance's 2% objective last year.",
        "Few allies meet the 3.5 per cent spending objective.",
    ],
)
def test_a_figure_before_objective_is_a_goal(db: milex.Milex, text: str) -> None:
    got = [c[0] for c in claims(db, text) if c[1] in (2.0, 3.5)]
    assert got == ["commitment"]


def test_an_objective_without_its_figure_right_before_is_no_goal(db: milex.Milex) -> None:
    text = "Germany spends 2.1% of GDP, its main objective being air defence."
    got = [(c[0], c[1]) for c in claims(db, text)]
    assert ("share_gdp", 2.1) in got and ("commitment", 2.1) not in got


# -- the alliance "excluding the US" is Europe and Canada ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Pressure has increased spending overall from 1.4% in 2014 to 2% in 2024 (excluding the "
        "US).",
        "Excluding the United States, allies spent 2% of GDP on defence in 2024.",
        "Allied spending, not counting the U.S., reached 2% of GDP in 2024.",
    ],
)
def test_the_alliance_excluding_the_us_is_europe_and_canada(db: milex.Milex, text: str) -> None:
    got = {c[2] for c in claims(db, text) if c[0] == "share_gdp"}
    assert got == {"NATO_EU_CA"}


@pytest.mark.parametrize(
    "text",
    [
        "Excluding pensions, the US spent 3.4% of GDP on defence in 2024.",
        "The US, not counting veterans' care, spent 3.4% of GDP in 2024.",
    ],
)
def test_something_else_excluded_leaves_the_us_the_owner(db: milex.Milex, text: str) -> None:
    got = {c[2] for c in claims(db, text) if c[0] == "share_gdp"}
    assert got == {"USA"}


# -- "a target of N%" this year is the goal, not the country's level ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Italy is set to reach NATO's defense spending target of 2 percent of its GDP this year.",
        "Belgium will hit the alliance goal of 2% of GDP this year, its minister said.",
        "Portugal expects to meet the benchmark of at least 2 per cent of its GDP this year.",
    ],
)
def test_a_goal_of_a_figure_this_year_is_a_commitment(db: milex.Milex, text: str) -> None:
    got = [c[0] for c in claims(db, text) if c[1] == 2.0]
    assert got == ["commitment"]


@pytest.mark.parametrize(
    "text",
    [
        "Italy will spend 2 percent of its GDP this year, meeting the target.",
        "It will spend 1.37 percent of GDP on defence this year, below the 2% goal.",
    ],
)
def test_a_countrys_own_figure_this_year_stays_a_share(db: milex.Milex, text: str) -> None:
    got = [c[0] for c in claims(db, text) if c[1] in (2.0, 1.37)]
    assert got[0] == "share_gdp"
