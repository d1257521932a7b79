"""Round 17c of issue 13 (precision, and the kinds amount, share_gdp, rank, nato_share,
membership_count, growth, per_capita): each rule on made-up texts worded several ways (none is
a fixture's sentence), with near misses where it must not fire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import milex
from milex.claims import check
from tests.claims.scoring import article

JAN_2025 = "2025-01-07"


def claims(db: milex.Milex, text: str, day: str = JAN_2025) -> list[tuple[Any, ...]]:
    return [
        (c["kind"], c["value"], c["entity"], c["year"], c["verdict_as_of_date"])
        for c in check(db.tables, text, day).to_json()
    ]


# -- a fixture is read as the article was published ---------------------------------------


def test_a_fixture_is_read_without_its_header_but_with_its_headline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "# source: https://example.org/2019/05/story\n# outlet: Example\n# date: 2025-01-07\n"
        "# title: Poland spends the most\n\nThe body.\n",
        encoding="utf-8",
    )
    text = article(path)
    assert text.startswith("Poland spends the most\n")
    assert "The body." in text
    assert "2019" not in text and "# " not in text


def test_a_title_in_parentheses_is_a_description_not_a_headline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "# source: https://example.org/x\n# outlet: Example\n# date: 2025-01-07\n"
        "# title: (NATO allies in 2019, described by the labeller)\n\nThe body.\n",
        encoding="utf-8",
    )
    assert article(path).strip() == "The body."


# -- verbs of putting money to a use ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("In 2023, Latvia allotted 3.2%, Estonia 2.7%.", "EST", 2.7),
        ("Last year Romania allotted 2.3 percent.", "ROU", 2.3),
        ("In 2024, Poland earmarked 4.1%, more than any other ally.", "POL", 4.1),
    ],
)
def test_a_country_allotting_a_percentage_states_its_share(
    db: milex.Milex, text: str, entity: str, value: float
) -> None:
    got = [c for c in claims(db, text) if c[0] == "share_gdp" and c[2] == entity]
    assert [c[1] for c in got] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Poland allotted 30% of its defence budget to equipment.",
        "The ministry earmarked 20 percent of the budget for research.",
    ],
)
def test_a_part_of_a_budget_allotted_is_no_share_of_gdp(db: milex.Milex, text: str) -> None:
    assert not [c for c in claims(db, text) if c[0] == "share_gdp"]


# -- a figure before its point of comparison is of the present ----------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Of the alliance's 32 members, at least 24 have met the spending target, up from six "
         "in 2021.", 24.0),
        ("Twenty-three members have reached the guideline, against just three in 2014.", 23.0),
        ("Poland spends 4.1% of GDP on defence, up from 2.2% in 2021.", 4.1),
    ],
)  # fmt: skip
def test_a_figure_before_its_comparison_is_of_now(db: milex.Milex, text: str, value: float) -> None:
    got = [c for c in claims(db, text) if c[1] == value]
    assert got and all(c[3] == 2024 for c in got)  # now: the latest year NATO had published
    compared = [c for c in claims(db, text) if c[1] != value and c[0] != "membership_count"]
    assert compared and all(c[3] in (2021, 2014) for c in compared)


def test_a_figure_before_its_comparison_keeps_the_year_above(db: milex.Milex) -> None:
    text = (
        "NATO published its figures for 2023. Poland spent 3.9% of GDP on defence, up from 2.2% "
        "in 2021."
    )
    got = [c for c in claims(db, text) if c[1] == 3.9]
    assert got and got[0][3] == 2023


# -- a clause of contrast carries its own tense -------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The United States contributes about two-thirds of NATO's total defence spending, "
         "whereas Europe's armies would struggle alone.", "nato_share"),
        ("Poland spends 4.1% of GDP on defence, while Germany plans to catch up.", "share_gdp"),
        ("Estonia devotes 3.4% of GDP to defence; its neighbours will follow.", "share_gdp"),
    ],
)  # fmt: skip
def test_a_future_in_a_contrasting_clause_leaves_the_figure_in_the_present(
    db: milex.Milex, text: str, kind: str
) -> None:
    got = [c for c in claims(db, text) if c[0] == kind]
    assert got and got[0][3] == 2024 and got[0][4] != "unverifiable"


@pytest.mark.parametrize(
    "text",
    [
        "Germany would spend 3% of GDP on defence, whereas France keeps its budget.",
        "Germany plans to spend 3% of GDP on defence, while France waits.",
    ],
)
def test_a_future_in_the_figures_own_clause_is_no_present(db: milex.Milex, text: str) -> None:
    got = [c for c in claims(db, text) if c[1] == 3.0 and c[0] == "share_gdp"]
    assert all(c[3] != 2024 for c in got)


# -- the alliance's treaty names the alliance ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The declaration reaffirms the steadfast commitment of 32 countries to Article 5 of the "
        "Washington Treaty.",
        "The leaders of 32 countries reaffirmed their loyalty to the North Atlantic Treaty.",
    ],
)
def test_a_membership_beside_the_alliances_treaty(db: milex.Milex, text: str) -> None:
    assert ("membership_count", 32.0, "NATO", None, "accurate") in claims(db, text)


@pytest.mark.parametrize(
    "text",
    [
        "The summit confirmed the commitment of 27 countries to the Lisbon Treaty.",
        "The commitment of 30 countries to the Paris climate treaty was confirmed.",
    ],
)
def test_another_treaty_names_no_alliance(db: milex.Milex, text: str) -> None:
    assert not [c for c in claims(db, text) if c[0] == "membership_count"]
