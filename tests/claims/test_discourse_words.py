"""Issue 13, the discourse state (extract.Context): who and when a figure is about when its own
sentence does not say, asked by every kind from one place. Each rule is tried on made-up texts
worded several ways (none is a fixture's sentence), with near misses where the state must not
carry: a second ally, a group as the new topic, a paragraph too far, a year of comparison."""

from __future__ import annotations

import pytest

import milex
from milex.claims import check
from milex.claims.extract import Context

DAY = "2025-06-20"  # NATO's estimates for 2025 not yet published


def _shares(db: milex.Milex, text: str, day: str = DAY) -> list[tuple[str | None, int, float]]:
    return [
        (c["entity"], c["year"], c["value"])
        for c in check(db.tables, text, day).to_json()
        if c["kind"] == "share_gdp"
    ]


def _owners(db: milex.Milex, text: str) -> set[str | None]:
    return {entity for entity, _, _ in _shares(db, text)}


# -- the ally a passage is about owns a figure whose sentence names no one ---------------------


@pytest.mark.parametrize(
    "text",
    [
        # the sentence before
        "Portugal has long been among the laggards. In relation to the size of the economy, "
        "the outlay comes to 1.5% this year.",
        # two sentences back, past one that names no one
        "Portugal has long been among the laggards. Its finance minister spoke on Monday. "
        "Relative to the economy, the outlay comes to 1.5%.",
        # the paragraph before
        "Portugal has long been among the laggards.\n\n"
        "Defence outlays as a share of the economy stood at 1.5% last year.",
        # a description of the country in place of its name
        "Portugal has long lagged. Its budget office published new figures on Monday. "
        "The country spends 1.5% of GDP on defence.",
    ],
)
def test_the_ally_of_the_passage_owns_a_figure_naming_no_one(db: milex.Milex, text: str) -> None:
    assert _owners(db, text) == {"PRT"}


@pytest.mark.parametrize(
    "text",
    [
        # the sentence that set the topic names two allies
        "Portugal and Spain have long been among the laggards. In relation to the size of the "
        "economy, the outlay comes to 1.5% this year.",
        "Portugal has long lagged, unlike Poland. Relative to the economy, the outlay comes to "
        "1.5% this year.",
        # the passage turned to the alliance
        "Portugal has long lagged. NATO allies met in Brussels on Monday. Relative to the "
        "economy, the outlay comes to 1.5% this year.",
        # two paragraphs back
        "Portugal has long lagged.\n\nThe report was released on Monday.\n\n"
        "Defence outlays as a share of the economy stood at 1.5% last year.",
    ],
)
def test_the_ally_of_the_passage_does_not_leak(db: milex.Milex, text: str) -> None:
    assert _owners(db, text) == {None}


def test_a_later_ally_is_the_passage_s_ally(db: milex.Milex) -> None:
    text = (
        "Portugal's budget for defence is rising.\n\nSpain's budget is not.\n\n"
        "The country spends 1.3% of GDP on defence."
    )
    assert _owners(db, text) == {"ESP"}


# every kind asks the same owner: a goal of the sentence before does not take the figure -----


@pytest.mark.parametrize(
    "text",
    [
        "Portugal has long lagged. Its finance minister spoke on Monday; the goal set for 2030 "
        "stands. According to the ministry, outlays for 2025 are estimated at 1.5 percent of "
        "GDP.",
        "The plan was announced by the Portuguese defence minister. According to the ministry, "
        "outlays for 2025 are estimated at 1.5 percent of GDP.",
        "The Ministry of Defence of Portugal published its plan. Outlays for 2025 are estimated "
        "at 1.5 percent of GDP.",
    ],
)
def test_the_ally_of_the_passage_owns_a_share_after_a_goal(db: milex.Milex, text: str) -> None:
    assert ("PRT", 2025, 1.5) in _shares(db, text)


@pytest.mark.parametrize(
    "text",
    [
        # a place, an opponent, a source: no subject of the passage
        "Leaders met in Lisbon, Portugal, on Monday. According to the ministry, outlays for "
        "2025 are estimated at 1.5 percent of GDP.",
        "Leaders agreed under pressure from Portugal. According to the ministry, outlays for "
        "2025 are estimated at 1.5 percent of GDP.",
        "The aim is to deter aggression against Portugal. According to the ministry, outlays "
        "for 2025 are estimated at 1.5 percent of GDP.",
    ],
)
def test_a_name_after_a_preposition_of_place_is_no_subject(db: milex.Milex, text: str) -> None:
    assert "PRT" not in _owners(db, text)


def _amounts(db: milex.Milex, text: str) -> set[str | None]:
    return {c["entity"] for c in check(db.tables, text, DAY).to_json() if c["kind"] == "amount"}


@pytest.mark.parametrize(
    "text",
    [
        "Latvia's parliament approved the budget on Thursday. Defence funding will come to EUR "
        "2.16 billion next year.",
        "Latvia's parliament approved the budget.\n\nDefence outlays will come to EUR 2.16 "
        "billion next year.",
    ],
)
def test_an_amount_naming_no_one_is_the_ally_of_the_passage(db: milex.Milex, text: str) -> None:
    assert _amounts(db, text) == {"LVA"}


@pytest.mark.parametrize(
    "text",
    [
        "Latvia's parliament approved the budget. NATO allies together spent $1.4 trillion.",
        "Latvia's parliament approved the budget. European allies together spent $400 billion.",
        "Latvia and Estonia approved budgets. Defence funding will come to EUR 2.16 billion.",
    ],
)
def test_an_amount_of_a_group_is_not_the_ally_s(db: milex.Milex, text: str) -> None:
    assert "LVA" not in _amounts(db, text)


# "The country" is one country: a group between does not stop it, another ally does ----------


@pytest.mark.parametrize(
    "text",
    [
        "Latvia set aside 1.1 billion euros for defence this year.\n\nIn all, 23 of NATO's 32 "
        "members reached the 2% level, the report said.\n\nThe country spends 3.2 percent of "
        "GDP on defence.",
        "Latvia set aside 1.1 billion euros for defence this year. The allies met in Riga.\n\n"
        "The country, with 3.2 percent of GDP, ranks fourth in the alliance.",
        "Latvia's budget rose again. The report covers all 32 members.\n\nThe nation now "
        "spends 3.2% of its GDP on defence.",
    ],
)
def test_the_country_is_the_ally_of_the_passage_past_a_group(db: milex.Milex, text: str) -> None:
    assert ("LVA", 3.2) in {(entity, value) for entity, _, value in _shares(db, text)}


@pytest.mark.parametrize(
    "text",
    [
        "Latvia set aside 1.1 billion euros for defence this year. Estonia did more.\n\n"
        "The country, with 3.2 percent of GDP, ranks fourth in the alliance.",
        "Latvia and Lithuania raised their budgets.\n\nThe country spends 3.2 percent of GDP "
        "on defence.",
    ],
)
def test_the_country_is_not_an_ally_named_before_another(db: milex.Milex, text: str) -> None:
    assert "LVA" not in _owners(db, text)


@pytest.mark.parametrize(
    "text",
    [
        "Belgium has long been criticised by its allies. The kingdom now spends 1.3% of GDP on "
        "defence.",
        "Belgium has long been criticised by its allies. NATO says the kingdom now spends 1.3% "
        "of GDP on defence.",
        "Belgium has long been criticised. NATO said allies must do more. The kingdom now "
        "spends 1.3% of GDP on defence.",
    ],
)
def test_the_kingdom_is_the_ally_of_the_passage(db: milex.Milex, text: str) -> None:
    assert _owners(db, text) == {"BEL"}


def test_the_kingdom_is_not_an_ally_after_another(db: milex.Milex) -> None:
    text = (
        "Belgium has long been criticised. Denmark has not. The kingdom now spends 1.3% of GDP "
        "on defence."
    )
    assert "BEL" not in _owners(db, text)


def test_a_group_stops_a_figure_that_names_no_one(db: milex.Milex) -> None:
    text = (
        "Latvia set aside 1.1 billion euros for defence this year.\n\nIn all, 23 of NATO's 32 "
        "members reached the 2% level, the report said.\n\nDefence outlays came to 3.2 "
        "percent of GDP."
    )
    assert "LVA" not in _owners(db, text)


# -- a paragraph break is where the state reaches no further than one paragraph --------------


def test_the_state_records_where_paragraphs_open() -> None:
    context = Context()
    context.remember("Portugal has long lagged.")
    context.opening = True
    context.remember("The report was released on Monday.")
    assert list(context.opened) == [False, True]
    assert context.ally_subject() == "PRT"  # the paragraph before
    context.opening = True  # a third paragraph opens: Portugal is two paragraphs back
    assert context.ally_subject() is None


# -- the year under discussion carries; a year of comparison does not -------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, Norway's outlay came to 2.2% of GDP. Denmark's share reached 2.4%.",
        "Norway's outlay came to 2.2% of GDP in 2024. Denmark's share reached 2.4%.",
    ],
)
def test_the_year_of_the_sentence_before_carries(db: milex.Milex, text: str) -> None:
    assert ("DNK", 2024, 2.4) in _shares(db, text)


@pytest.mark.parametrize(
    "text",
    [
        "Norway spent far more last year than in 2014. Denmark's share of GDP was 2.4%.",
        "Norway spent far more in 2024 than in 2014. Its share of GDP is 2.2%.",
    ],
)
def test_a_year_of_comparison_does_not_carry(db: milex.Milex, text: str) -> None:
    assert all(year != 2014 for _, year, _ in _shares(db, text))


def test_a_year_long_past_carries_one_sentence_only(db: milex.Milex) -> None:
    text = (
        "Ten years ago, in 2014, only three allies spent 2% of GDP on defence. Lately the mood "
        "has changed. Denmark's share of GDP is 2.4%."
    )
    assert ("DNK", 2024, 2.4) in _shares(db, text)


def test_the_carried_year_says_how_it_was_set() -> None:
    context = Context()
    assert context.carried_year() is None
    context.years = [2024]
    assert context.carried_year() == (2024, "context")
    context.current = True
    assert context.carried_year() == (2024, "current")


def test_setting_the_year_records_how() -> None:
    context = Context()
    context.set_year([2024], "last year", look_back=True)
    assert (context.years, context.year_how, context.look_back, context.fresh) == (
        [2024],
        "last year",
        True,
        True,
    )
    context.fresh = False
    context.set_year([2025], "heading", fresh=False)  # a heading states no year of its own
    assert (context.carried_year(), context.year_how, context.fresh) == (
        (2025, "context"),
        "heading",
        False,
    )


# -- a year of a later clause with a figure of its own is that figure's -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "Poland, already the biggest spender relative to its economy at 4.48% of GDP, said it "
        "will lift the ratio to 4.8% next year.",
        "Poland spends 4.48% of GDP on defence and will lift that to 4.8% next year.",
        "Poland puts 4.48% of its GDP into its army and plans to reach 4.8% in 2026.",
    ],
)
def test_a_later_clause_s_year_is_not_the_figure_s(db: milex.Milex, text: str) -> None:
    years = {year for entity, year, value in _shares(db, text) if value == 4.48}
    assert years and 2026 not in years


@pytest.mark.parametrize(
    "text",
    [
        # a list of figures, one clause
        "Poland and Estonia spent 4.1% and 3.4% respectively in 2023.",
        # a restatement of the figure, no clause of its own
        "Poland spent 4.1% of GDP, or $33 billion, in 2023.",
        # the figure's own clause names its year
        "Poland spent 4.1% of GDP in 2023 and will spend 4.8% next year.",
    ],
)
def test_a_year_after_a_list_or_restatement_is_still_the_figure_s(
    db: milex.Milex, text: str
) -> None:
    assert ("POL", 2023, 4.1) in _shares(db, text)


# -- the measure of the passage: share of GDP when the sentence before or a heading sets it ----


@pytest.mark.parametrize(
    "text",
    [
        "Latvia spends 3.15% of its GDP on defence. Estonia comes in second with 3.43%.",
        "Relative to the economy, Latvia's army costs 3.15%. Estonia comes in second with 3.43%.",
        "Defence spending as a share of GDP, 2024:\nPoland: 4.12%\nEstonia: 3.43%",
    ],
)
def test_the_passage_s_measure_is_share_of_gdp(db: milex.Milex, text: str) -> None:
    assert ("EST", 3.43) in {(entity, value) for entity, _, value in _shares(db, text)}


@pytest.mark.parametrize(
    "text",
    [
        "Latvia's population fell by 1.2% last year. Estonia comes in second with 3.43%.",
        "Tariff rates announced on Wednesday:\nPoland: 20%\nEstonia: 3.43%",
        "Unemployment rates, 2024:\nPoland: 4.1%\nEstonia: 3.43%",
    ],
)
def test_another_measure_makes_no_share(db: milex.Milex, text: str) -> None:
    assert _shares(db, text) == []


# -- a goal's next part stays the goal's when the passage has an ally ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Canada signed the declaration. Its prime minister endorsed the plan to invest 3.5 per "
        "cent of national GDP in core defence needs, plus another 1.5 per cent in related areas.",
        "Canada signed the declaration. The prime minister backed the goal of spending 3.5% of "
        "annual GDP on core defence, and another 1.5% on resilience.",
        "Canada signed the declaration. Ottawa's envoy welcomed the pledge to devote 3.5 percent "
        "of national GDP to core defence plus an additional 1.5 percent to infrastructure.",
    ],
)
def test_the_next_part_of_a_goal_is_the_goals_whatever_qualifies_the_gdp(
    db: milex.Milex, text: str
) -> None:
    """The 1.5% after "plus another" continues the goal the 3.5% began, even where the passage's
    ally (named in the sentence before) could own a share; "national" or "annual" before GDP is
    no reason to read it otherwise."""
    claims = check(db.tables, text, "2025-06-25").to_json()
    parts = {(c["kind"], c["value"]) for c in claims}
    assert ("commitment", 1.5) in parts and ("share_gdp", 1.5) not in parts
