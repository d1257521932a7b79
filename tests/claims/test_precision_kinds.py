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


# -- a level to be reached is no level reached --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The minister urged allies to lift defence spending to 4 percent of GDP.",
        "Why is Germany increasing military spending to 3.5% of GDP?",
        "Belgium rejected the idea of allocating four percent of its GDP to the army.",
        "Portugal plans a historic budget increase to 2% of GDP.",
        "Trump's 4% defence demand was rejected by Madrid.",
        "If Portugal spends 2% of its GDP on defence, its budget would top €6 billion.",
    ],
)
def test_a_level_wanted_planned_or_supposed_is_no_share(db: milex.Milex, text: str) -> None:
    assert not [c for c in claims(db, text, "2025-05-21") if c[0] == "share_gdp"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Poland raised its defence spending to 4.1 percent of GDP last year.", 4.1),
        ("Italy is expected to increase its defence spending to 1.6% of GDP this year.", 1.6),
        ("The U.S. is estimated to allocate 3.38% of its GDP for defense.", 3.38),
        ("Latvia boosted spending last year, raising it to 3.15% of GDP.", 3.15),
    ],
)
def test_a_level_reached_or_foreseen_stays_a_share(
    db: milex.Milex, text: str, value: float
) -> None:
    got = [c for c in claims(db, text, "2025-05-21") if c[0] == "share_gdp"]
    assert [c[1] for c in got] == [value]


# -- parts of the alliance's money are no shares of GDP -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The US provides about 16% of NATO's common budget.",
        "Germany pays some 16 percent of the alliance's civil budget.",
        "He said America funded 100% of NATO defense for decades.",
    ],
)
def test_a_part_of_the_alliances_budget_is_no_share_of_gdp(db: milex.Milex, text: str) -> None:
    assert not [c for c in claims(db, text) if c[0] == "share_gdp"]


def test_a_share_of_gdp_beside_the_alliance_stays_a_share(db: milex.Milex) -> None:
    text = "Germany spent 2.1% of GDP on defence in 2024, above NATO's 2% target."
    assert [c[1] for c in claims(db, text) if c[0] == "share_gdp"] == [2.1]


# -- money that changes spending, funds, sums over years, other money ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sweden will boost defence spending by $1.3 billion next year.",
        "Spain will spend an additional €10 billion on defence.",
        "The plan calls for a 9.5 billion euro increase in military spending.",
        "Belgium would need only $7.7 billion more for its armed forces.",
        "Germany's defence budget draws on a €100 billion special fund.",
        "Exports of goods rose 6.2% to $3.4 trillion, while imports rose 4.7%.",
        "The ruling may trigger a massive import duty refund estimated at over $133 billion.",
    ],
)
def test_money_that_is_no_years_spending_is_no_amount(db: milex.Milex, text: str) -> None:
    assert not [c for c in claims(db, text, "2025-05-21") if c[0] == "amount"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Italy's defence budget rose by €1.5 billion to €32 billion this year.", 32.0),
        ("Spain will spend an extra €2 billion on defence, raising its budget to €19 billion.",
         19.0),
        ("Poland spent $38 billion on defence in 2024.", 38.0),
    ],
)  # fmt: skip
def test_the_level_a_change_reaches_stays_an_amount(
    db: milex.Milex, text: str, value: float
) -> None:
    assert [c[1] for c in claims(db, text, "2025-05-21") if c[0] == "amount"] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Greece will invest more than €25 billion in defence over the next 12 years.",
        "Since the pledge was made in 2014, Canada has added more than $20 billion for defence.",
        "European allies had raised spending by 700 billion euros since 2017.",
    ],
)
def test_spending_over_years_is_a_sum_not_checked(db: milex.Milex, text: str) -> None:
    got = check(db.tables, text, "2025-06-25").to_json()
    assert [c["why_as_of_date"] for c in got if c["kind"] == "amount"] == ["not_checked"]


@pytest.mark.parametrize(
    "text",
    [
        "Sánchez said the country would spend more, raising its total military spending to "
        "around €34 billion.",
        "Madrid is raising Spain's total defence budget to about €34 billion.",
    ],
)
def test_its_total_is_the_owners_not_the_alliances(db: milex.Milex, text: str) -> None:
    got = [c for c in claims(db, "Spain is the alliance's lowest spender. " + text)]
    assert [c[2] for c in got if c[0] == "amount"] and all(
        c[2] != "NATO" for c in got if c[0] == "amount"
    )


def test_the_alliances_total_stays_the_alliances(db: milex.Milex) -> None:
    text = "The US accounts for 60% of NATO's total defence budget, which exceeds $1.4 trillion."
    assert [c[2] for c in claims(db, text, "2025-09-02") if c[0] == "amount"] == ["NATO"]


# -- the European allies without Canada ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, NATO Allies in Europe spent $380 billion on defence.",
        "Allies in Europe will invest a combined total of 380 billion US dollars in defence.",
        "In 2014, members in Europe invested 1.47% of their collective GDP in defence.",
    ],
)
def test_the_allies_in_europe_are_not_the_alliance(db: milex.Milex, text: str) -> None:
    got = [c for c in claims(db, text, "2024-02-14") if c[0] in ("amount", "share_gdp")]
    assert got and all(c[2] is None for c in got)


def test_the_allies_in_europe_and_canada_are_their_group(db: milex.Milex) -> None:
    text = "In 2024, NATO Allies in Europe and Canada will spend $380 billion on defence."
    got = [c[2] for c in claims(db, text, "2024-02-14") if c[0] == "amount"]
    assert got == ["NATO_EU_CA"]


# -- a level said to fall short ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Croatia spends 1.3 billion dollars, "that is still not two percent," he said.',
        "Croatia's outlays are not yet 2% of GDP.",
        "Croatia's spending is not even 2 percent of its GDP.",
    ],
)
def test_still_not_a_figure_is_below_it(db: milex.Milex, text: str) -> None:
    got = check(db.tables, text, "2025-05-21").to_json()
    assert [c["qualifier"] for c in got if c["kind"] == "share_gdp"] == ["below"]


# -- a change of trade is no growth of defence spending -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The goods deficit came in at $70.3 billion, a 32.6% increase from November.",
        "Imports of cars rose 4.7% last year.",
    ],
)
def test_a_change_of_trade_is_no_growth(db: milex.Milex, text: str) -> None:
    assert not [c for c in claims(db, text, "2026-02-19") if c[0] == "growth"]


def test_a_change_of_defence_spending_stays_growth(db: milex.Milex) -> None:
    text = "Despite the trade deficit, Germany's defence spending rose 23% in real terms in 2024."
    assert [c[1] for c in claims(db, text, "2025-06-20") if c[0] == "growth"] == [23.0]


# -- a change over several years, and its two ends -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Since 2018, Spain has increased its defence spending by about 50%.",
        "Since 2015 Italy's military budget has grown 40 percent.",
    ],
)
def test_a_change_since_a_year_long_past_is_not_one_years_growth(
    db: milex.Milex, text: str
) -> None:
    got = check(db.tables, text, "2025-01-23").to_json()
    assert [c["why_latest"] for c in got if c["kind"] == "growth"] == ["not_checked"]


def test_a_change_on_the_year_before_stays_one_years_growth(db: milex.Milex) -> None:
    text = "Germany's defence spending rose 23% in 2024 compared with 2023."
    got = check(db.tables, text, "2025-06-20").to_json()
    assert [c["why_latest"] for c in got if c["kind"] == "growth"] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "Since 2018, Spain has raised its defence budget from 8.5 billion euros ($8.9 billion) "
        "to 12.8 billion euros in 2023.",
        "Since 2018 Spanish defence spending went from €8.5 billion (about $8.9 billion) to "
        "€12.8 billion in 2023.",
    ],
)
def test_the_ends_of_a_change_since_a_year_are_that_years_and_the_last(
    db: milex.Milex, text: str
) -> None:
    got = [(c[1], c[3]) for c in claims(db, text, "2025-01-23") if c[0] == "amount"]
    assert got == [(8.5, 2018), (8.9, 2018), (12.8, 2023)]


# -- a count's listed members are not above a level still to be reached --------------------


def test_countries_meeting_in_a_town_are_not_above_a_goal_they_agreed(db: milex.Milex) -> None:
    text = (
        "The ministers of Lithuania, Latvia and Estonia met in Palanga and agreed on a "
        "commitment to invest at least 2.5% of GDP in defence."
    )
    assert not [c for c in claims(db, text, "2024-05-22") if c[0] == "share_gdp"]


def test_countries_listed_above_a_level_reached_stay_above_it(db: milex.Milex) -> None:
    text = "In 2024, only Poland and Estonia exceeded 3.4% of GDP."
    got = {c[2] for c in claims(db, text, "2024-07-01") if c[0] == "share_gdp"}
    assert got == {"POL", "EST"}


# -- a section heading returns to the headline's year -------------------------------------

_SECTIONED = (
    "{headline}\n\nAs of 2023, most members met the guideline.\n\n{heading}\n\n"
    "  • Poland: 4.1%\n  • Estonia: 3.4%\n"
)


@pytest.mark.parametrize(
    ("headline", "heading"),
    [
        ("How much is each NATO country spending on its military in 2024?",
         "Defense Expenditure as a Percentage of GDP"),
        ("NATO spending in 2024: the full list", "Share of GDP by member"),
        ("Who spends most on defence in 2024", "Spending as a share of GDP, compared"),
    ],
)  # fmt: skip
def test_a_section_heading_returns_to_the_headlines_year(
    db: milex.Milex, headline: str, heading: str
) -> None:
    text = _SECTIONED.format(headline=headline, heading=heading)
    got = [c for c in claims(db, text, "2024-07-01") if c[0] == "share_gdp"]
    assert [(c[2], c[3]) for c in got] == [("POL", 2024), ("EST", 2024)]


@pytest.mark.parametrize(
    ("headline", "heading"),
    [
        ("How much is each NATO country spending on its military?",
         "Defense Expenditure as a Percentage of GDP"),  # no year in the headline
        ("NATO spending in 2024: the full list", "Shares of GDP in that year were:"),  # a lead-in
        ("NATO spending in 2024 and 2025", "Share of GDP by member"),  # two years: no one subject
    ],
)  # fmt: skip
def test_without_a_headline_year_or_a_heading_the_year_above_stays(
    db: milex.Milex, headline: str, heading: str
) -> None:
    text = _SECTIONED.format(headline=headline, heading=heading)
    got = [c for c in claims(db, text, "2024-07-01") if c[0] == "share_gdp"]
    assert [(c[2], c[3]) for c in got] == [("POL", 2023), ("EST", 2023)]


# -- a membership in words ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Of the alliance's thirty-two members, most now meet the guideline.",
        "At the NATO summit all thirty-two allies signed the declaration.",
        "NATO's thirty-two nations met in The Hague.",
    ],
)
def test_a_membership_written_in_words(db: milex.Milex, text: str) -> None:
    got = [c for c in claims(db, text) if c[0] == "membership_count"]
    assert [(c[1], c[4]) for c in got] == [(32.0, "accurate")]


@pytest.mark.parametrize(
    "text",
    [
        "The EU's twenty-seven members agreed on a new budget.",
        "Thirty-two soldiers of the alliance took part in the exercise.",
    ],
)
def test_no_membership_in_words_of_other_things(db: milex.Milex, text: str) -> None:
    assert not [c for c in claims(db, text) if c[0] == "membership_count"]


# -- the country of the sentence before, past words that only look like nouns of countries ---


def test_a_share_in_a_sentence_about_national_defence_is_the_ally_before(db: milex.Milex) -> None:
    text = (
        "Helsinki: Finland plans to raise its defence spending to at least 3% of GDP by 2029. "
        "He said more money would go to national defence, raising spending from 2.41% of GDP in "
        "2024 to 3% by 2029."
    )
    got = [c for c in claims(db, text, "2025-04-01") if c[0] == "share_gdp"]
    assert [(c[1], c[2], c[3]) for c in got] == [(2.41, "FIN", 2024)]


def test_a_share_in_a_sentence_about_other_nations_is_nobodys(db: milex.Milex) -> None:
    text = (
        "Finland plans to raise its defence spending. Other nations spend 2.41% of GDP on average."
    )
    got = [c for c in claims(db, text, "2025-04-01") if c[0] == "share_gdp"]
    assert all(c[2] != "FIN" for c in got)


# -- "the current" level is now; "the current year" is the text's year --------------------


@pytest.mark.parametrize(
    "text",
    [
        "Montenegro is expected to raise spending to three percent next year, up from the "
        "current two percent.",
        "Montenegro's defence spending remains at its current two percent of GDP.",
    ],
)
def test_the_current_level_is_of_now(db: milex.Milex, text: str) -> None:
    got = [c for c in claims(db, text, "2025-05-28") if c[0] == "share_gdp" and c[1] == 2.0]
    assert [c[3] for c in got] == [2024]  # now: the latest year NATO had published


# -- a level spent in a year reached is a share, a goal's noun after it notwithstanding -----


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Bulgaria's minister said the 2% of GDP already allocated for defense in 2024 - a "
         "long-standing NATO benchmark - is no longer enough.", 2.0),
        ("For Bulgaria, the 2.1 per cent spent on the military last year, above the alliance "
         "benchmark, was a record.", 2.1),
    ],
)  # fmt: skip
def test_a_level_spent_in_a_year_reached_is_a_share(
    db: milex.Milex, text: str, value: float
) -> None:
    got = [c for c in claims(db, text, "2025-06-03") if c[0] == "share_gdp"]
    assert [(c[1], c[2]) for c in got] == [(value, "BGR")]
