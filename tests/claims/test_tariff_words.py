"""Round 17a of issue 13 (heldout17 opened for tuning): what makes a reader see a percent as a
US tariff's rate, and whose rate it is, as general rules of English reporting, each on made-up
texts worded several ways, with near misses that must stay unread or go to another partner
(see the Tariffs rules in tests/fixtures/claims/README.md)."""

from __future__ import annotations

import pytest

import milex
from milex.claims import check

APRIL_2025 = "2025-04-20"  # the 10% baseline in force; the EU's 20% paused
JUNE_2025 = "2025-06-20"  # steel and aluminium at 50% (the UK at 25%), cars at 25%


def tariffs(db: milex.Milex, text: str, day: str) -> list[tuple[float, str | None, str]]:
    return [
        (c["value"], c["entity"], c["verdict_as_of_date"])
        for c in check(db.tables, text, day).to_json()
        if c["kind"] == "tariff"
    ]


# -- a percent is a tariff's rate only where a tariff noun governs it -------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Most Canadian goods escape the tariffs, but about 12 percent of its exports pay them.",
        "Despite the tariffs, the goods deficit with Mexico narrowed 4% last year.",
        "Stocks fell 3% after the tariff announcement.",
        "The tariffs did shift trade: imports from Vietnam (+44% to $178B) kept growing.",
        "The tariffs come on top of a 20% VAT that European buyers already pay.",
        "The new duty is far above the 1.2% average rate recorded last year.",
        "Tariff revenue reached 1.1% of GDP.",
    ],
)
def test_a_share_a_change_an_average_or_a_domestic_tax_is_no_tariff_rate(
    db: milex.Milex, text: str
) -> None:
    assert tariffs(db, text, APRIL_2025) == []


@pytest.mark.parametrize(
    "text",
    [
        "Iceland's tariff rises from 10 percent to 15 percent on Thursday.",
        "The US tariff on Icelandic goods was raised to 15%.",
        "Icelandic exporters now face a duty of 15 percent.",
    ],
)
def test_a_rate_a_tariff_moves_to_is_still_a_rate(db: milex.Milex, text: str) -> None:
    assert (15.0, "ISL", "accurate") in tariffs(db, text, "2025-08-07")


# -- "the rate" in a text about tariffs ----------------------------------------------------------


@pytest.mark.parametrize(
    "rate",
    [
        "For Britain the rate will stay at 10%.",
        "Britain keeps a rate of 10%, the lowest on the list.",
        "Britain's rate is 10%.",
    ],
)
def test_the_rate_in_a_text_about_tariffs_is_a_tariff(db: milex.Milex, rate: str) -> None:
    text = "The White House published its new tariffs on Wednesday. " + rate
    assert (10.0, "GBR", "accurate") in tariffs(db, text, APRIL_2025)


@pytest.mark.parametrize(
    "rate",
    [
        "The Bank of England's interest rate stays at 4.5%.",
        "Britain's growth rate was 1.1%.",
        "Britain's rate of defence spending is 2.3% of GDP.",
    ],
)
def test_a_rate_of_something_else_is_no_tariff(db: milex.Milex, rate: str) -> None:
    text = "The White House published its new tariffs on Wednesday. " + rate
    assert tariffs(db, text, APRIL_2025) == []


# -- a scope word gives the rate to every partner -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Washington now charges a 10% duty on goods from every country.",
        "A 10 per cent across-the-board levy is in force.",
        "Most trading partners pay a 10% tariff for now.",
        "The 10% duty applies to all imports from all partners (except Canada and Mexico).",
        "Since April the base tariff rate has been 10%.",
    ],
)
def test_a_scope_word_makes_the_rate_every_partners(db: milex.Milex, text: str) -> None:
    # after a sentence naming one partner, the scope word still decides
    got = tariffs(db, "Mexico was hit hard by the tariffs. " + text, APRIL_2025)
    assert got == [(10.0, "ALL", "accurate")]


@pytest.mark.parametrize(
    "text",
    [
        "Washington charges a 10% tariff on nearly all imports from Norway.",
        "A 10% duty now applies to virtually all goods made in Norway.",
    ],
)
def test_a_partner_the_rate_is_on_comes_before_the_scope_word(db: milex.Milex, text: str) -> None:
    assert tariffs(db, text, APRIL_2025) == [(10.0, "NOR", "accurate")]


def test_a_baseline_of_a_partners_deal_is_that_partners(db: milex.Milex) -> None:
    text = (
        "The EU and the US agreed a trade framework on Sunday. It sets a 15% tariff on most EU "
        "goods. The 15% baseline tariff is better than the 30% threatened."
    )
    got = tariffs(db, text, "2025-08-07")
    assert got.count((15.0, "EUU", "accurate")) == 2


# -- who bears a rate on goods ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Turkey faces a 50% tariff on its steel.",
        "Turkey is being hit with 50 per cent duties on steel and aluminium.",
        "The US keeps a punishing 50% levy on steel, affecting Turkey most.",
        "Turkish mills are subject to a 50% tariff on steel.",
    ],
)
def test_the_partner_that_bears_a_goods_rate_is_its_partner(db: milex.Milex, text: str) -> None:
    assert tariffs(db, text, JUNE_2025) == [(50.0, "TUR", "accurate")]


@pytest.mark.parametrize(
    "text",
    [
        "Britain escaped the order that raised steel tariffs from 25% to 50%.",
        "The steel tariffs were increased to 50% on June 4.",
        "Section 232 duties on aluminium doubled to 50%.",
    ],
)
def test_a_goods_rate_no_partner_bears_is_every_partners(db: milex.Milex, text: str) -> None:
    text = "Britain signed its deal in May. Section 232 tariffs on metals followed. " + text
    assert (50.0, "ALL", "accurate") in tariffs(db, text, JUNE_2025)


def test_everyone_including_a_partner_is_both(db: milex.Milex) -> None:
    text = "All countries, including Norway, now face 50% tariffs on steel."
    assert sorted(tariffs(db, text, JUNE_2025)) == [
        (50.0, "ALL", "accurate"),
        (50.0, "NOR", "accurate"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The UK-US pact scraps the 25% tariff on cars for 100,000 vehicles.",
        "Under the US-UK deal, 25 per cent duties on vehicles are cut.",
    ],
)
def test_a_rate_a_deal_changes_is_the_deals_partners(db: milex.Milex, text: str) -> None:
    assert [e for _, e, _ in tariffs(db, text, JUNE_2025)] == ["GBR"]


def test_goods_after_an_earlier_rate_are_that_rates(db: milex.Milex) -> None:
    text = "The US charges a 25% tariff on European cars, plus a 10% tariff on most other goods."
    assert (10.0, "EUU", "accurate") in tariffs(db, text, APRIL_2025)


# -- a tariff on US goods is no US tariff -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ottawa answered with a 25% levy on C$30 billion of American goods.",
        "Canada lifted its 25% tariff on US products on Friday.",
        "Brussels readied 25% counter-tariffs within days.",
    ],
)
def test_retaliation_on_us_goods_is_no_claim(db: milex.Milex, text: str) -> None:
    assert tariffs(db, text, "2025-03-20") == []


@pytest.mark.parametrize(
    "text",
    [
        "The EU imposed a 25% tariff on American motorcycles in retaliation.",
        "Canada will slap 25% duties on US steel.",
        "Ottawa has announced its own 25% levy.",
    ],
)
def test_a_rate_another_country_imposes_is_no_claim(db: milex.Milex, text: str) -> None:
    assert tariffs(db, text, "2025-03-20") == []


@pytest.mark.parametrize(
    "text",
    [
        "Washington put a 25% levy on Canadian goods.",
        "Trump imposed a 25% tariff on Canada.",
        "Canada imposed nothing yet, but the US imposed 25% tariffs on Canadian goods.",
        "A 25% tariff on American imports from Canada took effect.",
    ],
)
def test_a_us_tariff_on_a_partners_goods_stays_a_claim(db: milex.Milex, text: str) -> None:
    assert tariffs(db, text, "2025-03-20") == [(25.0, "CAN", "accurate")]


# -- what a partner bears, in a text about tariffs ----------------------------------------------


@pytest.mark.parametrize(
    "bears",
    [
        "Norway will pay 15% from Thursday.",
        "Norwegian exporters now face 15%.",
        "Norway is hit with 15%, more than it hoped.",
    ],
)
def test_what_a_partner_bears_in_a_text_about_tariffs_is_a_rate(
    db: milex.Milex, bears: str
) -> None:
    text = "Talks on the new tariffs collapsed. " + bears
    assert tariffs(db, text, "2025-08-20") == [(15.0, "NOR", "accurate")]


@pytest.mark.parametrize(
    "text",
    [
        "Talks on the new tariffs collapsed. Norway will pay 2% of its GDP for defence.",
        "Norway will pay 15% more for its frigates.",  # no tariffs in the text
        "Talks on the new tariffs collapsed. Norwegian salmon prices went up by 15%.",
    ],
)
def test_what_is_paid_outside_tariffs_or_as_a_change_is_no_rate(db: milex.Milex, text: str) -> None:
    assert tariffs(db, text, "2025-08-20") == []
