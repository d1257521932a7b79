"""The twenty-fifth round: heldout41-43's misses of cause, each worded other ways with near
misses (tests/fixtures/claims/README.md, rules "Now" and "Plans and pledges of one ally")."""

from __future__ import annotations

import pytest

import milex
from tests.claims.helpers import claims_of

# -- what an ally spends in the present is now, not the year ahead the passage was about ---------


@pytest.mark.parametrize(
    "sentence",
    [
        "Greece spends about 3 percent of its annual economic output on defense.",
        "Greece already spends about 3 percent of its GDP on defense.",
        "Greece, a NATO member, allocates about 3 percent of its GDP to defense.",
    ],
)
def test_a_present_spending_after_a_budget_for_next_year_is_now(
    db: milex.Milex, sentence: str
) -> None:
    text = f"Greece's 2025 budget raises defence outlays sharply. {sentence}"
    shares = claims_of(db, text, "2024-12-16", "share_gdp")
    assert [(c["entity"], c["year"]) for c in shares if c["value"] == 3.0] == [("GRC", 2024)]


@pytest.mark.parametrize(
    "sentence",
    [
        # a future, or a past, keeps the year the passage is about
        "Greece will spend about 3 percent of its GDP on defense.",
        "Greece spent about 3 percent of its GDP on defense.",
    ],
)
def test_a_future_or_a_past_keeps_the_passages_year(db: milex.Milex, sentence: str) -> None:
    text = f"Greece's 2025 budget raises defence outlays sharply. {sentence}"
    shares = claims_of(db, text, "2024-12-16", "share_gdp")
    assert [c["year"] for c in shares if c["value"] == 3.0] == [2025]


# -- "the current 2.4%": the level now, not a goal -----------------------------------------------


def test_the_current_level_after_a_goal_is_a_share(db: milex.Milex) -> None:
    text = "Sweden plans more. The goal is to reach 3.5% of GDP by 2030, up from the current 2.4%."
    shares = claims_of(db, text, "2025-03-26", "share_gdp")
    assert [(c["entity"], c["year"], c["value"]) for c in shares] == [("SWE", 2024, 2.4)]


def test_the_current_target_is_a_goal(db: milex.Milex) -> None:
    text = (
        "Member countries agreed to raise their military expenditure targets from the current "
        "2% to 5% by 2035."
    )
    values = [c["value"] for c in claims_of(db, text, "2025-06-25", "commitment")]
    assert values == [2.0, 5.0]


# -- goals: what someone pushes for; "from the 2 percent goal ... to 5 percent" -----------------


@pytest.mark.parametrize(
    "text",
    [
        "Spain will only raise its spending to 2.1% of GDP, well short of the 5% that Trump and "
        "NATO have been pushing for.",
        "Spain will only raise its spending to 2.1% of GDP, short of the 5% Washington is "
        "calling for.",
        "Washington has insisted alliance countries must up their defense dollars from the 2 "
        "percent goal set in 2014 to the ambitious 5 percent.",
    ],
)
def test_a_figure_pushed_for_or_raised_to_from_a_goal_is_a_goal(db: milex.Milex, text: str) -> None:
    found = claims_of(db, text, "2025-06-25", "commitment")
    assert 5.0 in [c["value"] for c in found]
    assert not [c for c in claims_of(db, text, "2025-06-25", "share_gdp") if c["value"] == 5.0]


# -- whose plan: a group of states; an ally pressed by the US ------------------------------------


def test_the_baltic_states_pledge_is_no_one_allys_level(db: milex.Milex) -> None:
    text = (
        "All three Baltic States have pledged to raise defense spending to 5% of GDP in the "
        "coming years, a target suggested by U.S. President Donald Trump."
    )
    assert not [c for c in claims_of(db, text, "2025-02-20", "share_gdp") if c["value"] == 5.0]


def test_the_us_pressing_for_a_plan_is_not_its_owner(db: milex.Milex) -> None:
    text = (
        "Prime Minister Keir Starmer has announced that defence spending will increase to 2.5 per "
        "cent by 2027, after mounting pressure from MPs and US President Donald Trump."
    )
    found = claims_of(db, text, "2025-02-25", "commitment")
    assert [(c["value"], c["verdict_as_of_date"]) for c in found] == [(2.5, "accurate")]
    assert not claims_of(db, text, "2025-02-25", "share_gdp")


def test_the_united_states_is_no_group(db: milex.Milex) -> None:
    text = "The United States has pledged to raise its spending to 3.5% of GDP by 2030."
    found = claims_of(db, text, "2025-06-25", "share_gdp")
    assert [(c["entity"], c["year"]) for c in found] == [("USA", 2030)]
