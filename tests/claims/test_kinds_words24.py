"""The twenty-fourth round: heldout38-40's misses of cause, each worded other ways with near
misses (tests/fixtures/claims/README.md for the rules): whose plan a level is when its sentence
names no one; an ally reaching a goal in a year its words give; partners that avoid a rate."""

from __future__ import annotations

import pytest

import milex
from tests.claims.helpers import claims_of

# -- a plan whose sentence names no one: the ally the passage is about --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sir Keir said the UK's aid budget would be reduced to 0.3% in 2027. He told the Commons "
        "that would mean spending more. The prime minister said defence spending would rise to "
        "2.6% of GDP by 2027.",
        'Starmer: the UK will spend more on defence. "Under the NATO new definitions, we estimate '
        'that we will reach at least 4.1% of GDP in 2027," he says.',
    ],
)
def test_a_plan_with_no_owner_in_its_sentence_is_the_passages_allys(
    db: milex.Milex, text: str
) -> None:
    shares = claims_of(db, text, "2025-06-25", "share_gdp")
    assert [(c["entity"], c["year"]) for c in shares if c["value"] in (2.6, 4.1)] == [("GBR", 2027)]


def test_a_plan_with_two_allies_named_before_has_no_owner(db: milex.Milex) -> None:
    text = (
        "France and Germany met in Paris. The government said defence spending would rise to "
        "2.6% of GDP by 2027."
    )
    assert not [c for c in claims_of(db, text, "2025-06-25", "share_gdp") if c["value"] == 2.6]


def test_a_nato_ally_is_no_group(db: milex.Milex) -> None:
    text = (
        "Lithuania is a reliable NATO ally – this year we will allocate 4 percent of GDP to "
        "defense, and by 2026 we plan to reach 5.25 percent."
    )
    shares = claims_of(db, text, "2025-08-27", "share_gdp")
    assert ("LTU", 2026, 5.25) in [(c["entity"], c["year"], c["value"]) for c in shares]


# -- an ally reaching a goal in a year its words give: its level that year ----------------------


@pytest.mark.parametrize(
    ("text", "kind", "entity", "year"),
    [
        ("Canada will achieve NATO's two percent of GDP target this year, Carney said.",
         "share_gdp", "CAN", 2025),
        ("Italy is set to reach NATO's defense spending target of 2 percent of its GDP this year.",
         "share_gdp", "ITA", 2025),
        # its own pledge of that fiscal year, which milex dates by the year it ends
        ("Canada will meet NATO's two per cent of GDP target this fiscal year.",
         "commitment", None, None),
        # no year of its own: the alliance's goal
        ("Canada will achieve NATO's two percent of GDP target.", "commitment", None, None),
        # two allies: no one's
        ("Canada and Italy will achieve NATO's two percent target this year.",
         "commitment", None, None),
    ],
)  # fmt: skip
def test_an_ally_reaching_a_goal_in_a_year_sets_its_level(
    db: milex.Milex, text: str, kind: str, entity: str | None, year: int | None
) -> None:
    found = [c for c in claims_of(db, text, "2025-06-10", kind) if c["value"] == 2.0]
    assert found
    if kind == "share_gdp":
        assert (found[0]["entity"], found[0]["year"]) == (entity, year)
    else:
        assert found[0]["verdict_as_of_date"] == "accurate"


def test_a_pledge_confirmed_in_its_year_was_made_by_the_text(db: milex.Milex) -> None:
    # Germany's 3.5% by 2029 is dated "2025" in milex's list: a text of June 2025 that reports it
    # confirmed is the record that it was made by then
    text = "Berlin confirmed it would raise military spending to 3.5 percent of GDP by 2029."
    found = claims_of(db, text, "2025-06-24", "commitment")
    assert [(c["entity"], c["verdict_as_of_date"]) for c in found] == [("DEU", "accurate")]


# -- a partner that avoids a rate is not its partner; the US setting a rate on goods -------------


@pytest.mark.parametrize(
    "text",
    [
        "The UK remains exempt from President Trump's 50% increase on steel and aluminium "
        "tariffs until July 9.",
        "The deal includes quotas that spare some UK exports from the full brunt of the "
        "additional 25 per cent tariffs that Trump levied on steel and car imports.",
        "In March, President Donald Trump announced a tariff of 25% on vehicles, a move that "
        "hit British carmakers.",
    ],
)
def test_a_rate_the_named_partner_avoids_or_the_us_sets_on_goods_is_everyones(
    db: milex.Milex, text: str
) -> None:
    context = "The UK and the US agreed a trade deal. "
    found = claims_of(db, context + text, "2025-06-10", "tariff")
    assert [c["entity"] for c in found] == ["ALL"]


@pytest.mark.parametrize(
    "text",
    [
        "The UK still faces a 25% tariff on steel.",
        "Under the deal, tariffs on UK steel will fall from 25% to zero.",
    ],
)
def test_a_rate_the_named_partner_bears_is_its(db: milex.Milex, text: str) -> None:
    found = claims_of(db, text, "2025-06-10", "tariff")
    assert "GBR" in [c["entity"] for c in found]
