"""One test per claim kind and phrasing the checker must read, on the made-up examples of
issue 13 (each judged from the bundled data: nato-2026-07 for a text of August 2026)."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from milex.claims import check
from milex.claims.extract import sentences
from milex.claims.kinds import kind_of, names, registry

AUG_2026 = "2026-08-01"


def claims(db: milex.Milex, text: str, day: str = AUG_2026) -> list[tuple[Any, ...]]:
    return [
        (
            c["kind"],
            c["value"],
            c["entity"],
            c["year"],
            c["verdict_as_of_date"],
            c["verdict_latest"],
        )
        for c in check(db.tables, text, day).to_json()
    ]


def test_every_kind_is_registered_once_with_a_rule() -> None:
    assert len(set(names())) == len(names())
    assert {
        "share_gdp", "count_meeting", "membership_count", "amount", "trade_deficit", "growth",
        "commitment", "tariff", "rank",
    } <= set(names())  # fmt: skip
    for kind in registry():
        assert kind_of(kind.name) is kind and callable(kind.judge) and kind.summary


def test_an_enumeration_gives_each_figure_to_the_country_before_it(db: milex.Milex) -> None:
    text = "The top spenders were Lithuania (5.3%), Latvia (4.9%) and Poland (4.25%) in 2025."
    assert claims(db, text) == [
        ("share_gdp", 5.3, "LTU", 2025, "inaccurate", "inaccurate"),  # 4.03
        ("share_gdp", 4.9, "LVA", 2025, "inaccurate", "inaccurate"),  # 3.67
        ("share_gdp", 4.25, "POL", 2025, "accurate", "accurate"),  # 4.25
    ]


def test_list_lines_take_year_and_measure_from_their_heading(db: milex.Milex) -> None:
    text = (
        "Share of GDP spent on defence, 2026 estimates:\n"
        "Denmark: 3.49\nNorway 3.17%\n- Italy — 2.10 per cent\n"
    )
    assert claims(db, text) == [
        ("share_gdp", 3.49, "DNK", 2026, "accurate", "accurate"),
        ("share_gdp", 3.17, "NOR", 2026, "accurate", "accurate"),
        ("share_gdp", 2.1, "ITA", 2026, "accurate", "accurate"),
    ]


def test_counts_with_their_own_years_in_one_sentence(db: milex.Milex) -> None:
    text = "Seventeen allies reached the guideline last year, up from ten the year before."
    # nato-2026-07: 17 of 31 allies at or above 2% in 2025's previous year 2024; 10 in 2023.
    found = claims(db, text, "2025-09-01")
    assert [(k, v, y) for k, v, _, y, *_ in found] == [
        ("count_meeting", 17.0, 2024),
        ("count_meeting", 10.0, 2023),
    ]
    assert [latest for *_, latest in found] == ["accurate", "accurate"]
    against = claims(db, "In 2024, 17 allies met the 2% target, against ten a year earlier.")
    assert [(v, y, latest) for _, v, _, y, _, latest in against] == [
        (17.0, 2024, "accurate"),
        (10.0, 2023, "accurate"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, fourteen allies fell short of the 2% target.",
        "Fourteen allies were below 2% of GDP in 2024.",
        "Fourteen members lagged behind the 2% goal in 2024.",
        "In 2024, fourteen allies did not reach the 2% threshold.",
    ],
)
def test_counts_below_a_threshold(db: milex.Milex, text: str) -> None:
    # nato-2026-07, 2024: 31 allies with a figure, 17 at or above 2%, so 14 below.
    assert claims(db, text) == [("count_meeting", 14.0, "NATO", 2024, "accurate", "accurate")]


def test_a_count_had_reached_the_benchmark(db: milex.Milex) -> None:
    text = "In 2024, 17 allies had reached the benchmark of 2% of GDP."
    assert claims(db, text) == [("count_meeting", 17.0, "NATO", 2024, "accurate", "accurate")]


def test_a_count_named_by_a_list_and_the_shares_it_implies(db: milex.Milex) -> None:
    text = "In 2025, only Poland and Lithuania exceed 4% of GDP."
    assert claims(db, text) == [
        ("count_meeting", 2.0, "NATO", 2025, "accurate", "accurate"),
        ("share_gdp", 4.0, "POL", 2025, "accurate", "accurate"),  # 4.25 above 4
        ("share_gdp", 4.0, "LTU", 2025, "accurate", "accurate"),  # 4.03 above 4
    ]


def test_more_than_n_of_its_m_members(db: milex.Milex) -> None:
    text = "In 2024, more than 15 of its 32 members spent at least 2% of GDP on defence."
    found = check(db.tables, text, AUG_2026).to_json()
    count = next(c for c in found if c["kind"] == "count_meeting")
    assert (count["value"], count["qualifier"], count["verdict_latest"]) == (
        15,
        "above",
        "accurate",
    )


def test_a_rank_and_a_bare_figure_take_their_measure_from_the_sentence_before(
    db: milex.Milex,
) -> None:
    text = "Canada ranks near the bottom at 1.4 percent of GDP in 2024. Greece is sixth."
    assert claims(db, text) == [
        ("share_gdp", 1.4, "CAN", 2024, "accurate", "accurate"),  # 1.41
        ("rank", 6.0, "GRC", 2024, "accurate", "accurate"),  # 2.77%, sixth
    ]
    text = "Germany spent 2.22% of GDP on defence in 2025. It spent 2.1 the year before."
    assert claims(db, text)[1] == (
        "share_gdp",
        2.1,
        "DEU",
        2024,
        "roughly_accurate",
        "roughly_accurate",
    )


def test_a_capital_stands_for_its_country(db: milex.Milex) -> None:
    assert claims(db, "Paris plans to spend 2.04% of GDP on defence in 2025.") == [
        ("share_gdp", 2.04, "FRA", 2025, "accurate", "accurate")
    ]
    # "officials in Berlin" is a place, not Germany.
    found = claims(db, "Officials in Berlin said Spain spent 1.42% of GDP in 2024.")
    assert [entity for _, _, entity, *_ in found] == ["ESP"]


def test_the_alliance_total_says_which_price_basis_matches(db: milex.Milex) -> None:
    found = check(db.tables, "NATO members together spent $1.33 trillion in 2024.", AUG_2026)
    claim = found.to_json()[0]
    assert (claim["kind"], claim["entity"], claim["value"]) == ("amount", "NATO", 1330.0)
    assert claim["verdict_latest"] == "accurate"  # constant 2021 prices: 1,330.0 bn
    assert "at constant prices" in claim["explanation_latest"]
    assert "current prices" in claim["explanation_latest"]  # the other basis, shown too


def test_the_us_goods_deficit_with_a_partner(db: milex.Milex) -> None:
    text = "The US goods trade deficit with Germany was $84.8 billion in 2024."
    found = check(db.tables, text, AUG_2026).to_json()
    assert [(c["kind"], c["entity"], c["verdict_latest"]) for c in found] == [
        ("trade_deficit", "DEU", "accurate")  # 160.3 - 75.7 = 84.6
    ]
    # Before the Census copy milex holds was published, the as-of verdict cannot be given.
    early = check(db.tables, text, "2025-03-01").to_json()[0]
    assert (early["verdict_as_of_date"], early["why_as_of_date"]) == (
        "unverifiable",
        "no_release_yet",
    )


def test_a_deficit_in_other_words_currencies_and_from_the_partners_side(
    db: milex.Milex,
) -> None:
    # Census 2024 (census-trade-2026): DEU 160.3 - 75.7 = 84.6, ITA 76.0 - 32.5 = 43.5,
    # FRA 59.8 - 43.7 = 16.1 bn USD, or 14.9 bn EUR at the IMF-implied 0.9242 per USD.
    text = (
        "In 2024, the US bought $84.6 billion more from Germany than it sold there. "
        "Italy's trade surplus with the United States reached $43.5 billion in 2024. "
        "The US deficit in goods with France was EUR 14.9 (USD 16.1) billion in 2024. "
        "The deficit with Mexico was $171.8 billion in 2024, while with Italy it was $43.5 billion."
    )
    assert [c[:5] for c in claims(db, text)] == [
        ("trade_deficit", 84.6, "DEU", 2024, "accurate"),
        ("trade_deficit", 43.5, "ITA", 2024, "accurate"),
        ("trade_deficit", 14.9, "FRA", 2024, "accurate"),
        ("trade_deficit", 16.1, "FRA", 2024, "accurate"),
        ("trade_deficit", 171.8, "MEX", 2024, "unverifiable"),  # not Italy's: milex has no MEX
        ("trade_deficit", 43.5, "ITA", 2024, "accurate"),
    ]
    # Spending "more than it did" is not trade (nor a level of spending: a change, see
    # tests/claims/test_precision_kinds.py).
    more = claims(db, "Germany spent $20 billion more on defence than it did in 2020.")
    assert all(c[0] != "trade_deficit" for c in more)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A verb of intent, or the future with a change, before the figure: a pledge.
        ("Sweden will raise military spending to 3.5 per cent of GDP by 2030.", 3.5),
        ("Finland hopes to hit 3% of GDP in 2029.", 3.0),
        ("Poland spent 3.8% of GDP in 2024 and is set to elevate that to 4.7%.", 4.7),
        ("The cabinet signed a deal to lift outlays from 1.3% to 2% of GDP by 2029.", 2.0),
        ("The coalition wants to allocate between 3% and 3.5% of GDP to the army.", 3.5),
        ("Members would have to invest 1.5% in resilience by 2035.", 1.5),
    ],
)
def test_a_pledge_to_reach_a_figure_is_a_commitment(
    db: milex.Milex, text: str, expected: float
) -> None:
    found = claims(db, text, "2025-09-01")
    assert ("commitment", expected) in [(k, v) for k, v, *_ in found]


@pytest.mark.parametrize(
    "text",
    [
        "Sweden spent 2.2% of GDP on defence in 2024 and will keep rising.",
        "The Netherlands will spend 2.05% of GDP on defence this year.",
        # The year under discussion, no year ahead: NATO's estimate, not a pledge.
        "Norway will spend 3.35% of its GDP on defence.",
    ],
)
def test_what_is_or_will_be_spent_this_year_stays_a_share(db: milex.Milex, text: str) -> None:
    assert [k for k, *_ in claims(db, text, "2025-09-01")] == ["share_gdp"]


def test_tariffs_listed_with_their_partners_goods_and_taxes(db: milex.Milex) -> None:
    # us_tariffs: Norway 15% and the EU 20% announced 2 April (in force 9 April), the 25%
    # duties on vehicles of every partner from 3 April, Canada's 25% from 4 March, the UK's
    # 10% baseline from 5 April.
    text = (
        "Washington set tariffs of 24% on Japan, 15% on Norway and 20% on the European Union. "
        "A 25 per cent duty on imported vehicles applies too, and a 25% levy on Canadian "
        "aluminium. The 10% tax facing British goods is half that."
    )
    assert [c[:3] + c[4:5] for c in claims(db, text, "2025-04-05")] == [
        ("tariff", 24.0, "JPN", "unverifiable"),
        ("tariff", 15.0, "NOR", "accurate"),
        ("tariff", 20.0, "EUU", "accurate"),
        ("tariff", 25.0, "ALL", "accurate"),
        ("tariff", 25.0, "CAN", "accurate"),
        ("tariff", 10.0, "GBR", "accurate"),
    ]
    # A tax in a text that is not about trade is no tariff.
    assert claims(db, "Germany raised its corporate tax of 15% last year.", "2025-04-05") == []


# Round ten: the partner of a rate from the text around it, a rate shared by a list.
@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # A rate that opens a list of partners under a heading about tariffs: each one pays it
        # (Iceland, Turkey and the EU 15% from 7 August 2025; Japan not held).
        (
            "New import duties by country, as published on Friday.\n"
            "15 percent: Japan, Iceland, Turkey and the European Union",
            "2025-08-01",
            [
                ("JPN", "unverifiable"),
                ("ISL", "accurate"),
                ("TUR", "accurate"),
                ("EUU", "accurate"),
            ],
        ),
        # "15. percent" (a stray full stop), and a long list: only the allies and the EU.
        (
            "The tariff schedule lists every trading partner.\n"
            "15. percent: Fiji, Ghana, Guyana, Norway, Israel, Jordan, Lesotho, North "
            "Macedonia, Nauru",
            "2025-08-01",
            [("NOR", "accurate"), ("MKD", "accurate")],
        ),
        # No partner in the rate's sentence: the one ally the sentences about trade before it
        # name (Iceland's 15% from 7 August 2025; Canada's 25% from 4 March).
        (
            "Exporters in Iceland learned on Friday what the new trade terms mean. "
            "The duty they pay goes up to 15 percent next week.",
            "2025-08-01",
            [("ISL", "accurate")],
        ),
        (
            "Canada's trade minister met his counterpart on Monday. Nothing was agreed. "
            "Levies of 25% on aluminium stay in force.",
            "2025-04-05",
            [("CAN", "accurate")],
        ),
        # ... a partner of a compound ("the US-UK deal"), with most goods its own rate.
        (
            "Under the US-UK trade deal, London keeps some protection. "
            "A 10% tariff on most other goods remains.",
            "2025-05-09",
            [("GBR", "accurate")],
        ),
        # North Macedonia's own 33% ended on 10 April; by June it paid the 10% baseline.
        (
            "North Macedonia wants a deal. The Balkan country was hit with a 33% tariff.",
            "2025-06-02",
            [("MKD", "inaccurate")],
        ),
    ],
)
def test_tariff_partners_from_the_text_around_and_lists(
    db: milex.Milex, text: str, day: str, expected: list[tuple[str, str]]
) -> None:
    found = [c for c in claims(db, text, day) if c[0] == "tariff"]
    assert [(c[2], c[4]) for c in found] == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # Steel doubled to 50% on 4 June 2025 for every partner but the UK (kept at 25%): a
        # 25% rate on steel is then wrong, though other goods pay 25%.
        ("Norwegian steel exports pay a 25% duty.", "2025-08-01", ("NOR", "inaccurate")),
        ("British steel imports face a 25% tariff.", "2025-07-01", ("GBR", "accurate")),
        ("Levies on Turkish steel rose to 50 percent.", "2025-08-20", ("TUR", "accurate")),
        # A measure's own rate for some goods: Canada's energy and potash paid 10%, not 25%.
        (
            "Washington charges a 10% tariff on Canadian oil, less than on other goods.",
            "2025-03-10",
            ("CAN", "accurate"),
        ),
        (
            "Washington charges a 10% tariff on Canadian lumber.",
            "2025-03-10",
            ("CAN", "inaccurate"),
        ),
        ("Washington charges a 25% tariff on Canadian lumber.", "2025-03-10", ("CAN", "accurate")),
    ],
)
def test_a_rate_on_goods_is_judged_against_the_measures_on_them(
    db: milex.Milex, text: str, day: str, expected: tuple[str, str]
) -> None:
    assert [(c[2], c[4]) for c in claims(db, text, day) if c[0] == "tariff"] == [expected]


@pytest.mark.parametrize(
    ("text", "entity", "year"),
    [
        # A deficit in other words, its partner and year in the sentence before.
        (
            "Census figures showed a record trade deficit with Canada in 2024. "
            "This negative balance was $63.3 billion.",
            "CAN",
            2024,
        ),
        (
            "The US goods gap with Germany widened again in 2024. "
            "The negative trade balance came to $84.8 billion.",
            "DEU",
            2024,
        ),
        # The sentence before speaks of no deficit: no partner is borrowed from it.
        ("Germany sold more cars in 2024. This negative balance was $5 billion.", None, 2024),
    ],
)
def test_a_deficit_takes_its_partner_from_the_sentence_before(
    db: milex.Milex, text: str, entity: str | None, year: int
) -> None:
    found = [c for c in claims(db, text, "2025-03-01") if c[0] == "trade_deficit"]
    assert [(c[2], c[3]) for c in found] == [(entity, year)]


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # The names of a list right before a rate share it.
        (
            "Washington imposed the new tariffs on Friday. Iceland now stands with Norway, "
            "Turkey and many others at the 15% level.",
            "2025-08-07",
            [("NOR", "accurate"), ("TUR", "accurate")],
        ),
        (
            "Iceland and Turkey pay import duties of 15% from today.",
            "2025-08-07",
            [("ISL", "accurate"), ("TUR", "accurate")],
        ),
        # A clause is no list: "Vietnam would have 46% and Taiwan 32%" gives Taiwan 32% alone.
        (
            "Goods from the EU carry a 20% tariff, Vietnam would have 46% and Taiwan 32%.",
            "2025-04-05",
            [("EUU", "accurate"), ("VNM", "unverifiable"), ("TWN", "unverifiable")],
        ),
        # "Côte d'Ivoire" is a name of a list (one milex does not know).
        (
            "The tariff table was published.\n15 percent: Norway, Côte d'Ivoire, Iceland",
            "2025-08-01",
            [("NOR", "accurate"), ("ISL", "accurate")],
        ),
        # ... but a run of as many rates gives each name its own, in order (Canada 25% from
        # 4 March 2025, Norway 15% announced for 9 April).
        (
            "Canada and Norway face tariffs of 25% and 15% respectively.",
            "2025-04-05",
            [("CAN", "accurate"), ("NOR", "accurate")],
        ),
        (
            "Canada and Norway face tariffs of 15% and 30%.",
            "2025-04-05",
            [("CAN", "inaccurate"), ("NOR", "inaccurate")],
        ),
        # A rate after a sentence whose rates went to one partner goes to it too (the UK's
        # 10% baseline; its own steel rate of 25% from 4 June 2025).
        (
            "Britain's new trade terms were set out on Thursday.\n"
            "- Levies on steel stay at 25%.\n- A 10% tariff on most other goods remains.",
            "2025-06-10",
            [("GBR", "accurate"), ("GBR", "accurate")],
        ),
        # A partner milex holds no measures for: a rate on all its goods is not matched with
        # a measure on steel (India's 50% of August 2025; steel paid 50% too).
        (
            "The tariffs on Indian goods were raised to 50%.",
            "2025-08-28",
            [("IND", "unverifiable")],
        ),
        ("Indian steel imports pay a 50% tariff.", "2025-08-28", [("IND", "accurate")]),
    ],
)
def test_a_rate_shared_by_names_and_carried_to_the_next_line(
    db: milex.Milex, text: str, day: str, expected: list[tuple[str, str]]
) -> None:
    assert [(c[2], c[4]) for c in claims(db, text, day) if c[0] == "tariff"] == expected


def test_a_deficit_in_a_table_and_with_its_own_year(db: milex.Milex) -> None:
    # A table whose header names deficits in billions: each row's partner and figure, the
    # year from the sentence above it; a row after a row read as one is read too.
    table = (
        "The goods deficits of 2024 by partner:\n"
        "| Partner | US deficit (USD bn) |\n|---|---|\n| Germany | 84.8 |\n| Italy | 44 |\n"
        "| Japan | 68.5 |\n"
    )
    found = claims(db, table, "2025-09-01")
    assert [(k, v, e, y) for k, v, e, y, *_ in found] == [
        ("trade_deficit", 84.8, "DEU", 2024),
        ("trade_deficit", 44.0, "ITA", 2024),
        ("trade_deficit", 68.5, "JPN", 2024),
    ]
    # A table of something else is no deficit.
    shares = "Spending in 2024:\n| Country | Share of GDP |\n|---|---|\n| Germany | 2.1 |\n"
    assert [c for c in claims(db, shares, "2025-09-01") if c[0] == "trade_deficit"] == []
    # The year right after a figure is its own, whatever the clause says before it.
    text = "The deficit with Canada fell 29% in 2023 from $57.6 billion in 2022."
    found = [c for c in claims(db, text, "2025-09-01") if c[0] == "trade_deficit"]
    assert [(v, y) for _, v, _, y, *_ in found] == [(57.6, 2022)]
    text = "The US deficit with Germany, a record, came to $84.8 billion for 2024."
    assert [(v, y) for _, v, _, y, *_ in claims(db, text, "2025-09-01")] == [(84.8, 2024)]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        # Everyone's in so many words: not the partner named before.
        (
            "Germany's carmakers spoke to the trade committee. A 25% duty hits all foreign cars.",
            "ALL",
        ),
        # The sentence before is not about trade: a product's rate stays everyone's.
        ("Norway's defence budget rose again. The duty on steel is 25%.", "ALL"),
        # Two partners before: no one partner is talked of.
        ("Japan and the UK have trade deals with Washington. Levies on steel stay at 25%.", "ALL"),
        # Two allies before too: no one partner is talked of.
        ("Canada and the UK signed a trade accord. Levies of 25% on steel remain.", "ALL"),
    ],
)
def test_a_rate_stays_everyones_without_one_partner_talked_of(
    db: milex.Milex, text: str, entity: str
) -> None:
    assert [c[2] for c in claims(db, text, "2025-04-05") if c[0] == "tariff"] == [entity]


@pytest.mark.parametrize(
    "text",
    [
        # A percentage opening a list, in a text not about tariffs, is no tariff.
        "Turnout by region was published on Friday.\n40 percent: Norway, Iceland and Denmark",
        "Survey: 15 percent: Germany, France and Italy said yes.",
    ],
)
def test_a_rate_before_a_list_is_no_tariff_outside_a_text_about_tariffs(
    db: milex.Milex, text: str
) -> None:
    assert [c for c in claims(db, text, "2025-08-01") if c[0] == "tariff"] == []


@pytest.mark.parametrize(
    ("text", "rank", "entity"),
    [
        # nato-2026-07, 2024: Poland 1, Latvia 4, Lithuania 5, Greece 6, Belgium 31 (last).
        ("Latvia devoted 3.28% of GDP in 2024, placing it fourth in the alliance.", 4, "LVA"),
        ("In 2024 Greece came sixth on the list, with 2.77% of GDP.", 6, "GRC"),
        ("Lithuania (now fifth, at 3.07% of GDP in 2024) keeps climbing.", 5, "LTU"),
        ("Belgium was the lowest spender in 2024, at 1.27% of GDP.", 31, "BEL"),
        ("Belgium sat bottom of the league table in 2024 with 1.27% of GDP.", 31, "BEL"),
        ("Poland is the top spender relative to GDP, at 3.75% in 2024.", 1, "POL"),
        ("Greece, sixth out of 31 allies, spent 2.77% of GDP in 2024.", 6, "GRC"),
        ("Estonia spent 3.31% of GDP in 2024, second only to Poland.", 2, "EST"),
        # Round eight: the top and the bottom in other words, a rank beside its share, the
        # country named after its rank.
        ("Poland devoted the highest proportion of its GDP to defence in 2024, 3.75%.", 1, "POL"),
        ("In 2024 Poland was the biggest spender as a share of output, on 3.75%.", 1, "POL"),
        ("Poland is the ally spending the most as a share of GDP, 3.75% in 2024.", 1, "POL"),
        ("In 2024 Poland put 3.75% of its GDP into defence, more than any other ally.", 1, "POL"),
        ("The clear leader in 2024 was Poland, at 3.75% of GDP.", 1, "POL"),
        ("Among the allies in 2024, the third was the United States with 3.30% of GDP.", 3, "USA"),
        ("Poland led in 2024, Lithuania fifth with 3.07% of GDP.", 5, "LTU"),
        ("Belgium spent the least relative to GDP in 2024, 1.27%.", 31, "BEL"),
        ("Estonia was the second-largest spender relative to GDP in 2024, at 3.31%.", 2, "EST"),
        ("Estonia ranked No. 2 in 2024, with 3.31% of GDP.", 2, "EST"),
        ("Spending 3.75% of GDP in 2024, Poland is number one in the alliance.", 1, "POL"),
        ("Lithuania rounded out the top five in 2024 at 3.07% of GDP.", 5, "LTU"),
        ("Belgium brought up the rear in 2024 with 1.27% of GDP.", 31, "BEL"),
        ("Poland's 3.75% of GDP in 2024 was the highest in the alliance.", 1, "POL"),
        ("In 2024, Belgium spent 1.27% of GDP, the lowest of all NATO members.", 31, "BEL"),
        ("Poland devotes more of its GDP to defence than any other ally, 3.75% in 2024.", 1, "POL"),
        # The country ranked, not the one it is measured against; "the alliance's lowest".
        ("Estonia follows Poland in second place with 3.31% of GDP in 2024.", 2, "EST"),
        ("Belgium was the alliance's lowest spender in 2024, at 1.27% of GDP.", 31, "BEL"),
    ],
)  # fmt: skip
def test_ranks_in_words(db: milex.Milex, text: str, rank: int, entity: str) -> None:
    found = [c for c in claims(db, text) if c[0] == "rank"]
    assert found == [("rank", float(rank), entity, 2024, "accurate", "accurate")]


@pytest.mark.parametrize(
    "text",
    [
        "Poland was the first in NATO to reach 4% of GDP in 2024.",
        "Italy was the second only to sign, at 1.5% of GDP in 2024.",
    ],
)
def test_a_first_to_do_something_is_no_rank(db: milex.Milex, text: str) -> None:
    assert [k for k, *_ in claims(db, text)] == ["share_gdp"]


@pytest.mark.parametrize(
    "text",
    [
        # Several countries spending the least or the most are no one country's rank.
        "Spain and Italy are among the allies spending the least, 1.42% and 1.52% of GDP in 2024.",
        "Poland, Estonia and Latvia spent the most as a share of GDP in 2024.",
        # The second-largest in money, not the top by share.
        "China is the second-largest spender, with $314 billion, up 7% in 2024.",
        # The top in money, or among some allies only.
        "The US spent 3.30% of GDP, or $968 billion, more than any other ally, in 2024.",
        "Greece has the highest share of GDP in the EU, 2.77% in 2024.",
        "In 2024 Poland spent 3.75% of GDP, more than any other European ally.",
    ],
)
def test_words_of_the_top_and_the_bottom_that_rank_no_one(db: milex.Milex, text: str) -> None:
    assert "rank" not in [k for k, *_ in claims(db, text)]


def test_the_name_followed_by_takes_the_next_place(db: milex.Milex) -> None:
    # nato-2026-07, 2024: Poland 1, Estonia 2, Latvia 4 (a list after "followed by" may skip
    # places: only the first name is read).
    text = (
        "In 2024 Poland topped the table at 3.75% of GDP, followed by Estonia at 3.31% and "
        "Latvia at 3.28%."
    )
    got = [c for c in claims(db, text) if c[0] == "rank"]
    assert got == [
        ("rank", 1.0, "POL", 2024, "accurate", "accurate"),
        ("rank", 2.0, "EST", 2024, "accurate", "accurate"),
    ]


def test_a_rank_of_the_country_the_sentence_before_spoke_of(db: milex.Milex) -> None:
    # nato-2026-07, 2024: Estonia 3.31% second, Lithuania 3.07% fifth.
    text = (
        "Estonia devoted 3.31% of GDP to defence in 2024. That places it second in the "
        "alliance. Lithuania spent 3.07% of GDP in 2024. The country ranks fifth among the "
        "allies by that measure."
    )
    got = [c for c in claims(db, text) if c[0] == "rank"]
    assert got == [
        ("rank", 2.0, "EST", 2024, "accurate", "accurate"),
        ("rank", 5.0, "LTU", 2024, "accurate", "accurate"),
    ]


def test_eu_members_that_are_allies(db: milex.Milex) -> None:
    text = (
        "The EU, to which most of the alliance's European members belong (23 of them), "
        "adopted the plan."
    )
    assert claims(db, text) == [
        ("membership_count", 23.0, "EU_ALLIES", None, "accurate", "accurate")
    ]
    # Before Sweden joined NATO (7 March 2024) there were 22.
    assert claims(db, text, "2024-01-10")[0][4] == "inaccurate"


def test_currently_is_one_stated_year_for_both_verdicts(db: milex.Milex) -> None:
    found = check(db.tables, "The US currently spends 3.4% of GDP on defence.", "2025-04-03")
    claim = found.to_json()[0]
    assert claim["year"] == 2024  # the latest year NATO had published by 3 April 2025
    assert claim["reference"]["year"] == claim["reference_latest"]["year"] == 2024
    assert "'now' read as 2024" in claim["explanation_as_of_date"]


def test_unverifiable_says_why(db: milex.Milex) -> None:
    text = (
        "Germany will spend 2.1% of GDP on defence in 2025, and Sweden 2.5% in 2025. "
        "Some allies spent 5% of GDP in 2024."
    )
    found = {(c["entity"], c["value"]): c for c in check(db.tables, text, "2025-09-01").to_json()}
    assert found[("DEU", 2.1)]["why_as_of_date"] == "not_published"
    assert found[("SWE", 2.5)]["why_as_of_date"] == "not_held"
    assert found[(None, 5.0)]["why_latest"] == "entity_unknown"
    assert found[("DEU", 2.1)]["why_latest"] is None  # judged against nato-2026-07
    later = check(db.tables, "Poland spent 4.2% of GDP in 2026.", "2025-01-10").to_json()[0]
    assert later["why_as_of_date"] == "no_figure_yet"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Of NATO's 32 members, 17 met the 2% guideline in 2024.", [(17.0, 2024)]),
        (
            "The number of allies meeting the 2% target rose from 10 in 2023 to 17 in 2024.",
            [(10.0, 2023), (17.0, 2024)],
        ),
        (
            "Seventeen of the 32 allies hit the target in 2024, compared with just three in 2014.",
            [(17.0, 2024), (3.0, 2014)],
        ),
    ],
)
def test_more_count_phrasings(db: milex.Milex, text: str, expected: list[Any]) -> None:
    found = [c for c in claims(db, text) if c[0] == "count_meeting"]
    assert [(value, year) for _, value, _, year, *_ in found] == expected
    assert {latest for *_, latest in found} == {"accurate"}


def test_other_dollars_are_not_us_dollars(db: milex.Milex) -> None:
    found = claims(db, "Canada's defence budget is about C$41 billion, or 1.41% of GDP in 2024.")
    assert found == [("share_gdp", 1.41, "CAN", 2024, "accurate", "accurate")]


def test_a_share_of_natos_total_spending(db: milex.Milex) -> None:
    # nato-2026-07 Table 2, 2024: the US 967,707 of 1,482,905 (65.3%) at current prices,
    # 850,110 of 1,330,026 (63.9%) at constant prices; the closer basis counts.
    text = (
        "In 2024 the United States accounted for about two-thirds of all defence spending by "
        "NATO members. The US accounted for 64% of combined defense expenditure of the allies "
        "in 2024. Europe and Canada accounted for 50% of NATO's total spending in 2024."
    )
    assert claims(db, text) == [
        ("nato_share", 66.67, "USA", 2024, "accurate", "accurate"),
        ("nato_share", 64.0, "USA", 2024, "accurate", "accurate"),
        ("nato_share", 50.0, "NATO_EU_CA", 2024, "inaccurate", "inaccurate"),  # 34.7 / 36.1
    ]


def test_spending_per_head(db: milex.Milex) -> None:
    # nato-2026-07 Table 6, 2024: USA 2,500, Europe and Canada 744 (constant 2021 dollars)
    text = (
        "In 2024 the United States spent $2,500 per capita on defence, against $900 per "
        "person in Europe and Canada."
    )
    assert claims(db, text) == [
        ("per_capita", 2500.0, "USA", 2024, "accurate", "accurate"),
        ("per_capita", 900.0, "NATO_EU_CA", 2024, "inaccurate", "inaccurate"),  # 21% off
    ]


def test_a_count_named_by_a_list_without_only(db: milex.Milex) -> None:
    # nato-2024-06, 2024: POL, EST, USA, LVA, GRC at or above 3% (five); 31 allies with a
    # figure, 23 at or above 2%, so 8 below
    text = (
        "Poland, Estonia, the United States, Latvia, and Greece will spend more than 3% of "
        "their GDP on defence in 2024. Falling below the goal in 2024, from highest to lowest, "
        "are Croatia, Portugal, Italy, Canada, Belgium, Luxembourg, Slovenia and Spain."
    )
    counts = [c for c in claims(db, text, "2024-06-18") if c[0] == "count_meeting"]
    assert counts == [
        ("count_meeting", 5.0, "NATO", 2024, "accurate", "accurate"),
        ("count_meeting", 8.0, "NATO", 2024, "accurate", "inaccurate"),  # 14 below in 2026-07
    ]


def test_a_figure_before_a_comparison_takes_the_texts_year(db: milex.Milex) -> None:
    # nato-2025-08: Europe and Canada 2.27 in 2025, 1.99 in 2024, 1.40 in 2014
    text = (
        "European allies and Canada are expected to meet the 2% target this year. This should "
        "bring defence spending by allies from Europe and Canada to a joint 2.27% of GDP, up "
        "from 1.99% last year and 1.40% back in 2014."
    )
    shares = [c[:4] for c in claims(db, text, "2025-08-28") if c[0] == "share_gdp"]
    assert shares == [
        ("share_gdp", 2.27, "NATO_EU_CA", 2025),
        ("share_gdp", 1.99, "NATO_EU_CA", 2024),
        ("share_gdp", 1.4, "NATO_EU_CA", 2014),
    ]


def test_a_joint_place_and_figure_belong_to_both(db: milex.Milex) -> None:
    text = "In 2025 the US is in joint sixth position with Denmark, with 3.22% of its GDP spent."
    found = {(c[0], c[1], c[2]) for c in claims(db, text)}
    assert {("rank", 6.0, "USA"), ("share_gdp", 3.22, "USA"), ("share_gdp", 3.22, "DNK")} <= found


def test_amounts_of_the_alliance_without_a_currency_sign_and_of_ottawa(db: milex.Milex) -> None:
    # nato-2026-07 Table 2, 2025: NATO 1,629,630 and Europe and Canada 653,806 (current)
    text = (
        "In 2025 total allied defense spending stands near 1.6 trillion. NATO expects "
        "defense spending by European member states and Ottawa to reach a total of $650 "
        "billion in 2025. Poland will spend 186 billion zlotys in 2025."
    )
    assert [c[:4] for c in claims(db, text) if c[0] == "amount"] == [
        ("amount", 1600.0, "NATO", 2025),
        ("amount", 650.0, "NATO_EU_CA", 2025),
    ]


def test_a_list_of_percents_under_a_heading_about_spending(db: milex.Milex) -> None:
    # The heading names neither GDP nor a share: the lines' own percent signs give the measure.
    text = "Military outlays in 2024 for a few allies:\n- Norway: 2.20%\n- Belgium: 1.30%"
    got = claims(db, text)
    assert [(c[0], c[1], c[2], c[3]) for c in got] == [
        ("share_gdp", 2.2, "NOR", 2024),
        ("share_gdp", 1.3, "BEL", 2024),
    ]
    # Without a percent sign and without a measure in the heading, a line is not a share.
    assert claims(db, "Military outlays in 2024 for a few allies:\n- Norway: 2.20") == []


def test_a_sentence_about_what_will_be_this_year_keeps_the_year(db: milex.Milex) -> None:
    text = (
        "Greece will spend 3.08% of its GDP on defence this year. "
        "The smallest spenders will be Belgium (1.30%) and Canada (1.37%)."
    )
    got = {(c[1], c[2], c[3]) for c in claims(db, text, "2024-06-20")}
    assert got == {(3.08, "GRC", 2024), (1.3, "BEL", 2024), (1.37, "CAN", 2024)}
    # A pledge about the future borrows no past year.
    past = "In 2023 Belgium spent 1.21% of GDP. Its government says it will spend 2% of GDP."
    years = {c[3] for c in claims(db, past, "2024-06-20") if c[1] == 2.0}
    assert years <= {None}


def test_a_year_of_a_summit_or_of_a_comparison_is_not_the_figures_year(db: milex.Milex) -> None:
    text = (
        "This year nine allies are below the 2% guideline, a benchmark agreed at the 2014 "
        "summit in Wales."
    )
    got = [c for c in claims(db, text, "2024-06-20") if c[0] == "count_meeting"]
    assert [(c[1], c[3]) for c in got] == [(9.0, 2024)]
    growth = "Europe and Canada spent more in 2024, a 19.4% rise in real terms from 2023."
    assert [(c[0], c[3]) for c in claims(db, growth) if c[1] == 19.4] == [("growth", 2024)]


def test_a_membership_out_of_the_alliance_size_far_from_the_word_nato(db: milex.Milex) -> None:
    text = (
        "The alliance has long asked its governments for a floor on defence budgets, a floor "
        "that is now reached by 23 of its 32 members."
    )
    got = [c for c in claims(db, text, "2025-01-15") if c[0] == "membership_count"]
    assert [(c[1], c[4]) for c in got] == [(32.0, "accurate")]
    # A survey's own sample is not the alliance.
    survey = "In NATO's east, 10 of the 25 countries surveyed met the aim."
    assert not [c for c in claims(db, survey, "2025-01-15") if c[0] == "membership_count"]


def test_a_decimal_comma_before_a_percent_sign(db: milex.Milex) -> None:
    text = "In 2024 Norway will spend 2,2% of GDP on defence and Sweden 2,14 %."
    got = {(c[1], c[2], c[3]) for c in claims(db, text) if c[0] == "share_gdp"}
    assert got == {(2.2, "NOR", 2024), (2.14, "SWE", 2024)}
    # A thousands separator and a list of percentages are not decimal commas.
    thousands = "In 2024 Norway's defence budget rose 1,200%."
    assert not [c for c in claims(db, thousands) if c[1] == 1.2]
    listed = "In 2024 Norway spent 2, 3% or 4% of GDP on defence, depending on the measure."
    assert 2.0 not in {c[1] for c in claims(db, listed) if c[0] == "share_gdp"}


def test_figures_in_parentheses_after_names_without_a_percent_sign(db: milex.Milex) -> None:
    text = (
        "In 2024 eight allies stayed under two percent of GDP. Only Greece (1.75), Norway "
        "(1.4), Denmark, Finland (both with 1.1) and Italy (1.02) were left."
    )
    got = {(c[1], c[2], c[3]) for c in claims(db, text) if c[0] == "share_gdp"}
    assert got >= {
        (1.75, "GRC", 2024), (1.4, "NOR", 2024), (1.1, "DNK", 2024), (1.1, "FIN", 2024),
        (1.02, "ITA", 2024),
    }  # fmt: skip
    # One figure in parentheses, or a sentence about something else, is not such a list.
    other = "Greece (1.75) and Norway (1.4) sent ships in 2024."
    assert not [c for c in claims(db, other) if c[0] == "share_gdp"]


@pytest.mark.parametrize("written", ["12.5%", "12,5%"])
def test_a_rise_is_growth_even_beside_a_target(db: milex.Milex, written: str) -> None:
    """A figure right before "increase" is a change, though the sentence also names a target
    the allies will meet: never a commitment."""
    text = f"In 2024 most allies will meet the 2% target, marking a {written} increase in spending."
    kinds = [(kind, value) for kind, value, *_ in claims(db, text)]
    assert ("growth", 12.5) in kinds
    assert ("commitment", 12.5) not in kinds


def test_a_figure_after_a_list_of_names_and_a_verb_is_each_names(db: milex.Milex) -> None:
    text = (
        "In 2024 Norway, Finland and Denmark spent more than 2% of GDP, while Spain and Italy "
        "devoted 1.3 percent."
    )
    got = {(c[1], c[2], c[3]) for c in claims(db, text) if c[0] == "share_gdp"}
    assert got >= {
        (2.0, "NOR", 2024), (2.0, "FIN", 2024), (2.0, "DNK", 2024), (1.3, "ESP", 2024),
        (1.3, "ITA", 2024),
    }  # fmt: skip
    # Names that are not the verb's list do not share the figure.
    other = "In 2024 Spain, unlike Norway and Denmark with their long coasts, spent 1.3% of GDP."
    assert len([c for c in claims(db, other) if c[0] == "share_gdp"]) == 1


def test_a_change_from_one_year_to_another_leaves_the_later_year(db: milex.Milex) -> None:
    text = (
        "Norway's spending fell from 2.4 percent of GDP in 2014 to 1.9 percent in 2023. "
        "Denmark spent more than 1.5%."
    )
    got = [(c[1], c[2], c[3]) for c in claims(db, text) if c[0] == "share_gdp"]
    assert got == [(2.4, "NOR", 2014), (1.9, "NOR", 2023), (1.5, "DNK", 2023)]


def test_an_ally_that_has_met_a_goal_claims_a_share_at_least_its_figure(db: milex.Milex) -> None:
    text = "In 2024 Norway has reached the alliance goal of spending 2% of GDP on defence."
    got = [c for c in claims(db, text) if c[1] == 2.0]
    assert [(c[0], c[2], c[3]) for c in got] == [("share_gdp", "NOR", 2024)]
    # A goal that is only set or restated stays a commitment.
    pledge = "In 2024 Norway said allies should meet the goal of spending 2% of GDP."
    assert [c[0] for c in claims(db, pledge) if c[1] == 2.0] == ["commitment"]


def test_a_year_long_past_is_not_carried_beyond_the_next_sentence(db: milex.Milex) -> None:
    text = (
        "Only three allies met the 2% guideline in 2014. At that time, Norway spent 1.5%. "
        "These were hard years. Today Denmark spends 2.4% of GDP."
    )
    got = {(c[1], c[2]): c[3] for c in claims(db, text, "2024-07-01") if c[0] == "share_gdp"}
    assert got[(1.5, "NOR")] == 2014  # the sentence right after keeps it
    assert got[(2.4, "DNK")] == 2024  # two sentences on, the text's own year
    # A recent year is carried on as before.
    recent = "In 2023 allies spent more. Costs rose. Prices rose. Denmark spent 2.4% of GDP."
    assert [c[3] for c in claims(db, recent, "2024-07-01") if c[0] == "share_gdp"] == [2023]


def test_a_sentence_without_digits_saying_this_year_sets_the_year(db: milex.Milex) -> None:
    text = (
        "In 2022 budgets were tight. Most allies will meet the goal this year. Norway spends 2.2%."
    )
    got = [c[3] for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp"]
    assert got == [2025]


def test_the_nato_average_named_right_before_its_figure(db: milex.Milex) -> None:
    text = "In 2024 Norway spent 2.2% of GDP, just below the NATO average of 2.71 per cent."
    got = {(c[1], c[2]) for c in claims(db, text) if c[0] == "share_gdp"}
    assert got == {(2.2, "NOR"), (2.71, "NATO")}


def test_a_figure_after_a_target_that_has_its_own_figure_is_a_share(db: milex.Milex) -> None:
    text = "In 2024 Norway is just above NATO's 2 per cent target at 2.2 per cent of GDP."
    got = {(c[0], c[1], c[2]) for c in claims(db, text)}
    assert ("share_gdp", 2.2, "NOR") in got and ("commitment", 2.0, None) in got
    # A target set at a figure is still the target's.
    plain = "In 2025 NATO set its new target at 3.5 per cent of GDP."
    assert [c[0] for c in claims(db, plain) if c[1] == 3.5] == ["commitment"]


def test_alliance_partners_are_counted_like_allies(db: milex.Milex) -> None:
    text = "In 2014, only three alliance partners achieved the two percent target."
    got = [(c[0], c[1], c[3], c[5]) for c in claims(db, text) if c[0] == "count_meeting"]
    assert got == [("count_meeting", 3.0, 2014, "accurate")]
    # Trading partners are not allies.
    trade = "In 2014, only three trading partners achieved the two percent target."
    assert not [c for c in claims(db, trade) if c[0] == "count_meeting"]


def test_this_figure_speaks_of_the_claim_before(db: milex.Milex) -> None:
    text = (
        "Norway spent 2.2% of GDP on defence in 2024. This is an increase from 1.6% in 2023. "
        "Norway's defence spending reached $8 billion in 2024. This figure was $7 billion in 2023."
    )
    got = {(c[0], c[1], c[2], c[3]) for c in claims(db, text)}
    assert ("share_gdp", 1.6, "NOR", 2023) in got
    assert ("amount", 7.0, "NOR", 2023) in got
    # Without a claim before, "this" names no one.
    alone = "This figure was $7 billion in 2023."
    assert [c[2] for c in claims(db, alone) if c[0] == "amount"] == [None]


def test_a_count_spending_the_equivalent_of_a_share(db: milex.Milex) -> None:
    text = "A historic 23 NATO members are projected to spend the equivalent of at least 2% of GDP."
    got = [(c[1], c[2], c[3], c[4]) for c in claims(db, text, "2024-06-18")]
    assert (23.0, "NATO", 2024, "accurate") in got


def test_presently_speaks_of_now(db: milex.Milex) -> None:
    """ "presently" is "currently": the latest year the source had published by the text's
    date, not the year the sentence before was about."""
    text = (
        "The government says Belgium will reach 2% of GDP this year. "
        "Defence spending is presently approximately 1.3% of Belgian GDP."
    )
    found = [c for c in claims(db, text, "2025-03-05") if c[1] == 1.3]
    assert [(kind, entity, year, as_of) for kind, _, entity, year, as_of, _ in found] == [
        ("share_gdp", "BEL", 2024, "accurate")
    ]


def test_currently_is_the_year_the_edition_reached_even_where_milex_lacks_the_ally(
    db: milex.Milex,
) -> None:
    """NATO's August 2025 edition reached 2025 (its totals have it) though milex's copy holds
    Finland's figures only to 2024: "currently" is 2025, a figure not held as of the date and
    judged against the newer edition's 2025 after."""
    found = check(db.tables, "Finland currently spends 2.4% of GDP on defence.", "2026-03-01")
    claim = found.to_json()[0]
    assert (claim["entity"], claim["year"]) == ("FIN", 2025)
    assert claim["why_as_of_date"] == "not_held"
    assert claim["reference_latest"]["year"] == 2025


def test_a_sentence_in_the_present_after_a_look_back_speaks_of_now(db: milex.Milex) -> None:
    """ "last year" gives its sentence the year before; a later sentence in the present tense
    without a year speaks of now, one in the past tense of the year looked back to."""
    look_back = "Eight allies spent less than 2% of GDP last year. "
    now = claims(db, look_back + "Poland devotes 4.48% of its GDP to defence.", "2025-09-01")
    assert [(c[2], c[3], c[4]) for c in now if c[1] == 4.48] == [("POL", 2025, "accurate")]
    then = claims(db, look_back + "Spain spent 1.28%.", "2025-09-01")
    assert [(c[2], c[3]) for c in then if c[1] == 1.28] == [("ESP", 2024)]


@pytest.mark.parametrize(
    ("text", "entity", "year"),
    [
        # The year of an event named before or after it is not the figure's year.
        ("After the invasion of Ukraine in 2022 Norway has lifted its spending to 2.2% of GDP.",
         "NOR", 2024),
        ("Finland, which joined the alliance in 2023, spends 2.4% of GDP.", "FIN", 2024),
        ("After Russia's 2022 full-scale invasion, Latvia has spent 3.1% of GDP.", "LVA", 2024),
        ("Following the annexation of Crimea ten years ago, Lithuania has raised its spending "
         "to 2.9% of GDP.", "LTU", 2024),
        # ... unless a "when" clause makes the event the time of the sentence.
        ("When allies met at the summit in Wales in 2014, only three allies spent 2% of GDP.",
         "NATO", 2014),
        # A clause opening with "when" after a year, even a point of comparison, is that year's.
        ("Spending is far higher than in 2014, when only three allies met the 2% guideline.",
         "NATO", 2014),
        # A dash set off by spaces ends a clause: "last year" after it is not the count's year.
        ("Nineteen allies will meet the 2% target this year – far more than last year.",
         "NATO", 2024),
    ],
)  # fmt: skip
def test_the_year_of_an_event_a_when_clause_and_a_dash(
    db: milex.Milex, text: str, entity: str, year: int
) -> None:
    got = [(c[2], c[3]) for c in claims(db, text, "2024-07-01") if c[0] != "commitment"]
    assert got == [(entity, year)]


def test_that_year_and_a_year_phrase_in_a_later_clause(db: milex.Milex) -> None:
    text = (
        "Only three allies met the guideline in 2014. "
        "That year, Norway spent 1.5% of GDP while today Denmark spends 2.4%."
    )
    got = {(c[1], c[2]): c[3] for c in claims(db, text, "2024-07-01") if c[0] == "share_gdp"}
    assert got == {(1.5, "NOR"): 2014, (2.4, "DNK"): 2024}


def test_a_sentence_opening_with_a_year_and_a_long_sentence_keeps_its_year(
    db: milex.Milex,
) -> None:
    opening = (
        "In 2015 (a year after the allies pledged 2% of GDP before 2024), Belgium was near the "
        "bottom of the table, with less than one percent, while Latvia (currently at 3.15%) was "
        "further up."
    )
    got = {(c[1], c[2]): c[3] for c in claims(db, opening, "2024-07-01") if c[0] == "share_gdp"}
    assert got == {(1.0, "BEL"): 2015, (3.15, "LVA"): 2024}
    # A figure far from the sentence's last year still takes it (not a range before it).
    long = (
        "The report 'Defence spending 2014-2024', published on Monday, says that Norway spent "
        "2.2 percent of its GDP in 2024, which put it behind the big spenders at the top of the "
        "alliance's table of members: Poland (4.12%) and Estonia (3.43%)."
    )
    got = {(c[1], c[2]): c[3] for c in claims(db, long, "2024-07-01") if c[0] == "share_gdp"}
    assert got[(3.43, "EST")] == 2024


def test_the_year_carried_on_is_the_latest_a_sentence_names(db: milex.Milex) -> None:
    text = "Italy's spending was 1.1% of GDP in 2014 and 1.5% in 2024. Spain spent 1.3%."
    got = {(c[1], c[2]): c[3] for c in claims(db, text, "2024-07-01") if c[0] == "share_gdp"}
    assert got[(1.3, "ESP")] == 2024


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        # A number inside parentheses opened after a name is that name's.
        ("Leaders include Norway, Denmark (after years of cuts, at 2.4% of GDP) and Italy.",
         2.4, "DNK"),
        # A name in an aside opened by ", the ..." is not the subject.
        ("Denmark, the country most often measured against Norway in these tables, spent "
         "about 2.4% of GDP in 2024.", 2.4, "DNK"),
        # "It" is the subject of the sentence before (its first country not after a
        # preposition), else the country it named last; a quantified phrase after the pronoun
        # does not stop it.
        ("Norway spent 2.2% of GDP in 2024, more than Italy. It spent 1.6% in 2014.", 1.6,
         "NOR"),
        ("The argument that worked for Spain works for Greece as well. It spent 3.1% of GDP in "
         "2024, more than any other southern member.", 3.1, "GRC"),
    ],
)  # fmt: skip
def test_whose_figure_it_is(db: milex.Milex, text: str, value: float, entity: str) -> None:
    got = [c[2] for c in claims(db, text, "2025-07-01") if c[0] == "share_gdp" and c[1] == value]
    assert got == [entity]
    # A quantified phrase before the pronoun still names nobody.
    nobody = "Any ally that cuts its budget below 2% of GDP will be named."
    assert [c[2] for c in claims(db, nobody, "2025-07-01") if c[0] == "share_gdp"] == [None]


def test_a_figure_before_a_dash_and_a_list_of_names_is_each_names(db: milex.Milex) -> None:
    text = "In 2024 spending stood just over the line at 2.4% of GDP – Norway, Denmark and Italy."
    got = [c[2] for c in claims(db, text) if c[0] == "share_gdp" and c[1] == 2.4]
    assert got == ["NOR", "DNK", "ITA"]
    # A clause after the dash is not a list: the figure stays the country's before it.
    clause = "In 2024 Norway spent 2.2% – more than Denmark and Italy did in any year."
    assert [c[2] for c in claims(db, clause) if c[0] == "share_gdp"] == ["NOR"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A count and a total in parentheses; "spent less than 2%" counts those below.
        ("Some (nine) allies spent less than 2% of GDP on defence in 2023.", (9.0, 2023, "below")),
        ("Today 23 (out of 32) allies reach the 2% goal.", (23.0, 2024, "meeting")),
        # "one of the 23 allies" counts 23, not one.
        (
            "Norway is one of the 23 allies on track to meet the 2% guideline in 2024.",
            (23.0, 2024, "meeting"),
        ),
        # "passed" is meeting; the total after the noun.
        ("Only four countries out of 28 passed the 2% mark in 2015.", (4.0, 2015, "meeting")),
        # A clause opened by "when" is about the year right before it.
        (
            "Spending is now far higher than in 2014, when only three allies spent 2% of GDP.",
            (3.0, 2014, "meeting"),
        ),
        # The year after an aside set off by dashes.
        (
            "A record 23 of the 32 allies – among them newcomers Finland and Sweden – are "
            "meeting the goal in 2024.",
            (23.0, 2024, "meeting"),
        ),
        # "all but eight" met it: eight did not.
        ("All but eight allies met the 2% goal in 2024.", (8.0, 2024, "below")),
        ("Roughly two dozen allies will hit 2% in 2024.", (24.0, 2024, "meeting")),
        # The year a comparison after "from" names is the comparison's.
        (
            "The number of allies meeting the 2% goal has risen to 23 from just three in 2014.",
            (23.0, 2024, "meeting"),
        ),
        ("The ranks of allies meeting the goal swelled to 23 in 2024.", (23.0, 2024, "meeting")),
    ],
)
def test_count_phrasings_of_round_seven(
    db: milex.Milex, text: str, expected: tuple[float, int, str]
) -> None:
    found = [
        (c.claim.value, c.claim.year, c.claim.side)
        for c in check(db.tables, text, "2024-07-01").claims
        if c.claim.kind == "count_meeting"
    ]
    assert found[0] == expected
    assert 1.0 not in [value for value, *_ in found]  # "one of the 23" is not a count of one


def test_counts_a_text_states_again_and_their_own_years(db: milex.Milex) -> None:
    # "the aforementioned three countries" were counted before; "a year earlier, 11" is the
    # count after "the number of members", a year before the count it follows.
    text = (
        "In 2024, 23 allies met the 2% goal, including the aforementioned three countries. "
        "Twenty allies met the goal in 2024 – almost double the number of members a year "
        "earlier, 11. Russia seized Crimea in 2014. In that same year, just three allies "
        "met it, while today 23 meet the target."
    )
    got = [
        (c.claim.value, c.claim.year)
        for c in check(db.tables, text, "2025-03-01").claims
        if c.claim.kind == "count_meeting"
    ]
    assert got == [(23.0, 2024), (20.0, 2024), (11.0, 2023), (3.0, 2014), (23.0, 2024)]


def test_membership_and_group_phrasings_of_round_seven(db: milex.Milex) -> None:
    day = "2025-03-01"
    text = (
        "Belgium ranks near the bottom among the current 32 members of the alliance. "
        "NATO, which has 32 members, meets in The Hague in June."
    )
    assert [c[:2] for c in claims(db, text, day) if c[0] == "membership_count"] == [
        ("membership_count", 32.0),
        ("membership_count", 32.0),
    ]
    # Growth of "European allies" is NATO's growth of European allies and Canada (19.28% in
    # nato-2026-07); "US dollars" are a currency, not the United States.
    text = (
        "Military outlays of European allies jumped by 19.4% in 2024, while Belgium lagged. "
        "Outlays by European members of the alliance, plus Canada, were 20% higher in 2024 "
        "than a year earlier. In 2024, allies in Europe and Canada spent 485 billion US "
        "dollars on defence."
    )
    assert [c[:4] for c in claims(db, text, day)] == [
        ("growth", 19.4, "NATO_EU_CA", 2024),
        ("growth", 20.0, "NATO_EU_CA", 2024),
        ("amount", 485.0, "NATO_EU_CA", 2024),
    ]


def test_alliance_totals_and_shares_of_round_seven(db: milex.Milex) -> None:
    day = "2025-03-01"
    # nato-2024-06 Table 2: NATO 2024 1,474.4 bn USD at current prices.
    text = (
        "The combined defence budget of all NATO countries reached some USD 1.47 trillion in 2024."
    )
    assert claims(db, text, day) == [("amount", 1470.0, "NATO", 2024, "accurate", "accurate")]
    # nato-2026-07 Table 2 (current prices): Türkiye 1.4% of NATO's total in 2014, 1.9% in 2024.
    text = (
        "Turkey's share of NATO's total defence spending dropped from 2.4 percent in 2014 to "
        "1.9 percent in 2024. Europe and Canada account for about a third of the total NATO "
        "spending in 2024."
    )
    got = [c for c in claims(db, text, day) if c[0] == "nato_share"]
    assert [(c[1], c[2], c[3], c[5]) for c in got] == [
        (2.4, "TUR", 2014, "accurate"),
        (1.9, "TUR", 2024, "accurate"),
        (33.33, "NATO_EU_CA", 2024, "accurate"),
    ]
    # A fraction of the allies spending a share of GDP is no share of NATO's money.
    text = "Half of allies spending at least 2% of GDP is not enough, Rutte said."
    assert not [c for c in claims(db, text, day) if c[0] == "nato_share"]


def test_the_words_that_wake_a_sentence_without_digits_cover_every_rank_word() -> None:
    from milex.claims.kinds.rank import _BOTTOM_WORDS, _ORDINAL_STEMS, ORDINALS

    wake = kind_of("rank").words
    for word in [*(w for w in ORDINALS if w.isalpha()), "highest", "tops", "leads", *_BOTTOM_WORDS]:
        assert any(stem in word for stem in wake), word
    for word in (w for w in ORDINALS if w.isalpha()):
        assert any(stem in word for stem in _ORDINAL_STEMS), word


def test_a_count_before_its_verb_a_count_it_doubles_and_a_fraction_of_allies(
    db: milex.Milex,
) -> None:
    # nato-2024-06: 23 of 31 allies at or above 2% in 2024, 10 of 30 in 2023.
    text = (
        "Of the alliance's 32 members, 23 are now spending at least 2% of GDP on defence. "
        "The alliance said 23 allies would meet or exceed the target in 2024, more than "
        "double the 10 that did so in 2023. Two in three allies now meet the 2% goal."
    )
    got = [(c[1], c[3], c[4]) for c in claims(db, text, "2024-06-20") if c[0] == "count_meeting"]
    assert got == [(23.0, 2024, "accurate"), (23.0, 2024, "accurate"), (10.0, 2023, "accurate")]


def test_an_amount_with_a_sign_and_a_short_scale(db: milex.Milex) -> None:
    # nato-2024-06 Table 2: NATO 2024 1,474.4 bn USD at current prices (5% off: accurate).
    text = "The alliance's 32 members spent over $1.4tn in 2024."
    got = [c for c in claims(db, text, "2024-06-20") if c[0] == "amount"]
    assert got == [("amount", 1400.0, "NATO", 2024, "accurate", "accurate")]


def test_memberships_are_read_around_every_two_digit_number(db: milex.Milex) -> None:
    # The membership patterns run only around numbers of two digits: each is still found, far
    # from the sentence's first digit and after another two-digit number ("25.5" is none).
    text = (
        "In 2024 spending rose by 25.5 billion dollars and 12 allies hit new highs, a record "
        "for what is, since Sweden joined in March, a 32-nation alliance; NATO now has 32 "
        "members."
    )
    got = [(c[0], c[1]) for c in claims(db, text, "2024-06-20") if c[0] == "membership_count"]
    assert got == [("membership_count", 32.0), ("membership_count", 32.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # nato-2026-07 Table 2, 2024 at current prices: Germany 93.7, the UK 84.2, Canada 32.1
        # and NATO 1,482.9 bn USD.
        ("Germany's defence budget came to $ 93.7 billion in 2024.", ("DEU", 93.7)),
        ("NATO: allies spend a record $1.48T on defence in 2024", ("NATO", 1480.0)),
        ("In 2024 the United Kingdom spent $84,169,000,000 on defence.", ("GBR", 84.169)),
        ("$1,483bn Combined defence spending of the allies in 2024.", ("NATO", 1483.0)),
        ("In 2024 France's defence spending came to 64.3 billion USD.", ("FRA", 64.3)),
        ("Canada spent 1.41% of GDP on defence in 2024. That's about $32 billion.", ("CAN", 32.0)),
        (
            "Canada is a rich country. It can afford more. Yet in 2024 it spent only about $32 "
            "billion on defence.",
            ("CAN", 32.0),
        ),
    ],
)  # fmt: skip
def test_amounts_written_with_spaces_letters_and_in_full(
    db: milex.Milex, text: str, expected: tuple[str, float]
) -> None:
    got = [(c[2], c[1], c[3], c[5]) for c in claims(db, text) if c[0] == "amount"]
    assert got == [(*expected, 2024, "accurate")]


def test_a_deficit_now_is_the_last_whole_year_and_keeps_its_qualifier(db: milex.Milex) -> None:
    # Census (census-trade-2026): the EU 576.0 - 368.3 = 207.7 bn USD in 2023 and 606.7 - 370.0
    # = 236.7 in 2024; Canada 411.8 - 350.6 = 61.2 in 2024; Italy 76.0 - 32.5 = 43.5 in 2024
    # and 74.4 - 43.1 = 31.4 in 2025.
    text = "The US has a goods trade deficit of about $208 billion with the EU."
    # In January the last whole year published is the year before last.
    assert claims(db, text, "2025-01-20")[0][1:] == (208.0, "EUU", 2023, "unverifiable", "accurate")
    assert claims(db, text, "2025-06-01")[0][1:] == (
        208.0, "EUU", 2024, "unverifiable", "roughly_accurate",
    )  # fmt: skip
    # The partner selling more to the US than it buys is the US deficit; the US selling more is
    # not.
    text = "In 2024 Italy sold $43.5 billion more to the United States than it bought."
    assert claims(db, text)[0][:3] == ("trade_deficit", 43.5, "ITA")
    text = "The US sells $10 billion more to the Netherlands than it buys from it."
    assert "trade_deficit" not in [c[0] for c in claims(db, text)]
    # The partner's surplus "with the U.S." is the US deficit.
    text = "Canada's goods surplus with the U.S. was $61.2 billion in 2024."
    assert claims(db, text)[0][:3] == ("trade_deficit", 61.2, "CAN")
    # "more than $60 billion": 61.2 is more.
    text = "The US goods deficit with Canada is more than $60 billion."
    assert claims(db, text, "2025-06-01")[0][1:] == (60.0, "CAN", 2024, "unverifiable", "accurate")
    # A list item's number standing alone keeps the partner of the item before.
    text = (
        "Census figures show:\n\n  1. In 2024 the US goods deficit with Italy stood at $43.5 "
        "billion.\n\n  2. The goods deficit was smaller in 2025, at about $31 billion."
    )
    assert [c[1:4] for c in claims(db, text)] == [(43.5, "ITA", 2024), (31.0, "ITA", 2025)]


def test_now_before_any_edition_milex_holds_is_the_year_before(db: milex.Milex) -> None:
    """No NATO edition milex holds was out by March 2024: "currently" is 2023 (NATO publishes a
    year's estimates during that year at the earliest); an ally that "has reached the goal"
    is news of the text's own year."""
    now = claims(db, "Italy currently spends 1.5% of GDP on defence.", "2024-03-01")
    assert now == [("share_gdp", 1.5, "ITA", 2023, "unverifiable", "accurate")]
    met = claims(db, "Norway has reached the goal of spending 2% of its GDP.", "2024-03-01")
    assert [c[:4] for c in met] == [("share_gdp", 2.0, "NOR", 2024)]


def test_an_event_with_a_month_and_figures_in_a_list_without_their_sign(
    db: milex.Milex,
) -> None:
    # "after joining ... in March 2024" dates the accession, not the figure ("now": 2025).
    joined = "Sweden, after joining the alliance in March 2024, spends 2.2% of GDP."
    assert [c[:4] for c in claims(db, joined, "2025-09-01")] == [("share_gdp", 2.2, "SWE", 2025)]
    # The list's first figure carries its sign, the others stand bare in parentheses.
    text = "Highest shares of GDP: Norway (3.35 percent of GDP), Denmark (3.22), Finland (2.45)."
    assert [c[1:4] for c in claims(db, text, "2024-07-01")] == [
        (3.35, "NOR", 2024),
        (3.22, "DNK", 2024),
        (2.45, "FIN", 2024),
    ]
    # An initial ("K. Berg") ends no sentence.
    assert [s.text for s in sentences("Analyst K. Berg wrote it. Then it rose.")] == [
        "Analyst K. Berg wrote it.",
        "Then it rose.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A total of "then" members, and raising budgets to a share.
        ("19 of NATO's then-30 members met the 2% goal in 2022.", [(19.0, 2022, 2.0)]),
        (
            "20 out of the alliance's 31 members plan to lift their military budgets to 2% of "
            "GDP in 2024.",
            [(20.0, 2024, 2.0)],
        ),
        # Raising spending before the count is the subject's, not the count's.
        ("Estonia, which aims to bring its budget to 5% of GDP in 2026, is among all 32 allies.",
         []),
        # "done so": the verb and threshold of the sentence before; "so far" is now (2024 for a
        # text of March 2025).
        ("Allies pledged to spend at least 2% of GDP. Twenty-one allies have so far done so.",
         [(21.0, 2024, 2.0)]),
    ],
)  # fmt: skip
def test_count_phrasings_of_round_eight(
    db: milex.Milex, text: str, expected: list[tuple[float, int, float]]
) -> None:
    found = [
        (c.claim.value, c.claim.year, c.claim.threshold)
        for c in check(db.tables, text, "2025-03-01").claims
        if c.claim.kind == "count_meeting"
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # nato-2026-07 Table 3, real change in 2024: Germany 24.26%, Sweden 30.22%, NATO
        # 11.71%. The year a change is measured against is not its year.
        ("Germany's defence spending was up 24% on 2023.", ("DEU", 24.0)),
        ("Sweden's military outlays jumped 30% compared with 2023.", ("SWE", 30.0)),
        (
            "In 2024 NATO members' combined spending reached $1.48 trillion, an increase of "
            "11.7% compared to the previous year's $1.33 trillion.",
            ("NATO", 11.7),
        ),
    ],
)
def test_growth_against_the_year_before(
    db: milex.Milex, text: str, expected: tuple[str, float]
) -> None:
    got = [(c[2], c[1], c[3], c[5]) for c in claims(db, text) if c[0] == "growth"]
    assert got == [(*expected, 2024, "accurate")]
    # A change "on last year" in a text of 2025 about 2024 is 2024's.
    text = "Spending by all NATO members reached $1.48 trillion in 2024, up 11.7% on last year."
    got = [(c[2], c[1], c[3]) for c in claims(db, text, "2025-03-01") if c[0] == "growth"]
    assert got == [("NATO", 11.7, 2024)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name in a relative clause is not the owner; "the Nordic country" is the sentence
        # before's.
        ("Finland has raised its defence budget. The Nordic country, which shares a border with "
         "Russia, now spends 2.4% of GDP.", [("FIN", None)]),
        # "it" through a sentence that names no country but says "it".
        ("Belgium is a founding member. It is also wealthy. Still it spends only 1.3% of its GDP "
         "on defence.", [("BEL", None)]),
        # "Both countries": the two names joined by "and" in the sentence before.
        ("Estonia and Latvia border Russia. Both countries spent more than 3% of GDP in 2024.",
         [("EST", "above"), ("LVA", "above")]),
        # A list of names, a relative clause, then the figure: each name's.
        ("Defence budgets as a share of GDP vary widely. The laggards are Belgium, Spain and "
         "Canada, which are still below 1.5 percent.",
         [("BEL", "below"), ("ESP", "below"), ("CAN", "below")]),
        ("Portugal spends just shy of 1.6% of GDP on defence.", [("PRT", "below")]),
        # The measure of the passage, a few sentences back.
        ("Defence spending as a share of GDP fell for decades. Then came the war in 2022. "
         "Allies in Europe and Canada went from 1.5% in 2021 to 2.0% in 2024.",
         [("NATO_EU_CA", None), ("NATO_EU_CA", None)]),
    ],
)  # fmt: skip
def test_whose_share_it_is_in_round_eight(
    db: milex.Milex, text: str, expected: list[tuple[str, str | None]]
) -> None:
    found = [
        (c.claim.entity, c.claim.qualifier)
        for c in check(db.tables, text, "2025-03-01").claims
        if c.claim.kind == "share_gdp"
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # Memberships named without "NATO" or "alliance" next to them, in a text about it.
        ("Defence ministers met in Brussels. Portugal sits near the bottom among the 32 allies.",
         "2024-07-01", [32.0]),
        ("The alliance, comprising 31 member states, met in Vilnius.", "2023-07-12", [31.0]),
        ("The 32 allies agreed on a new goal in The Hague.", "2025-06-26", [32.0]),
        # The EU's 27 are not NATO's; a "then-31" membership is a past one, not the date's.
        ("The EU, comprising 27 member states, and NATO allies met.", "2025-06-26", []),
        ("In March, 23 of NATO's then-31 allies were on track to meet the 2% goal.", "2024-06-20",
         []),
        # Round 9: after "of" or "include", and "countries" only after "of".
        ("Leaders in Vilnius stressed the pledge of all 31 allies to the alliance's defence.",
         "2023-07-12", [31.0]),
        ("Founded in 1949 with a dozen states, the alliance grew to include 31 members by 2023.",
         "2023-07-12", [31.0]),
        ("Fewer than half of the 32 member states buy enough ammunition, NATO says.", "2025-03-01",
         [32.0]),
        ("NATO ministers spoke of the resolve of 32 countries to defend one another.", "2025-03-01",
         [32.0]),
        ("NATO ministers met; exports among 30 countries fell.", "2025-03-01", []),
    ],
)  # fmt: skip
def test_membership_phrasings_of_round_eight(
    db: milex.Milex, text: str, day: str, expected: list[float]
) -> None:
    assert [c[1] for c in claims(db, text, day) if c[0] == "membership_count"] == expected


def test_a_forecast_count_this_years_share_and_possessive_names(db: milex.Milex) -> None:
    # A count that "will reach" the target, with no year anywhere: the text's own year.
    count = "Nineteen of the 31 allies will reach the 2% target, NATO projects."
    assert [c[:4] for c in claims(db, count, "2024-02-20") if c[0] == "count_meeting"] == [
        ("count_meeting", 19.0, "NATO", 2024)
    ]
    # "... of its GDP to defence this year" is this year's share, not a target.
    level = "Spain will devote 1.3% of its GDP to defence this year, far from the NATO target."
    assert [c[:4] for c in claims(db, level, "2024-07-01")] == [("share_gdp", 1.3, "ESP", 2024)]
    # ... of a country: members "at or above 2% of GDP this year" are counted, no one's share.
    counted = "Estimates project all 32 members at or above the goal of 2% of GDP this year."
    assert [c for c in claims(db, counted, "2025-07-01") if c[0] == "share_gdp"] == []
    # "The UK's", "the US's": possessives of short names.
    both = (
        "The UK's defence spending reached 2.3% of GDP in 2024. Analysts note the US's share "
        "of GDP spent on defence fell to 3.2% in 2025."
    )
    assert [c[1:4] for c in claims(db, both, "2025-09-01")] == [
        (2.3, "GBR", 2024),
        (3.2, "USA", 2025),
    ]


@pytest.mark.parametrize(
    ("text", "value", "year"),
    [
        # Round 10: the year of a price base is not the figure's year (a statement of now).
        ("Denmark's defence spending is 2.4% of GDP, based on 2015 prices.", 2.4, 2025),
        ("Norway devotes 2.2% of its GDP, measured in constant 2021 prices, to defence.", 2.2,
         2025),
        ("Measured at 2021 prices and exchange rates, Italy devotes 1.5% of GDP.", 1.5, 2025),
        ("In constant 2015 US dollars, Spain's spending comes to 1.3% of GDP.", 1.3, 2025),
        # ... while a year that dates the figure still does.
        ("Prices aside, Denmark's spending came to 2.4% of GDP in 2023.", 2.4, 2023),
    ],
)  # fmt: skip
def test_a_price_base_is_not_the_year_of_a_figure(
    db: milex.Milex, text: str, value: float, year: int
) -> None:
    got = [c[3] for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp" and c[1] == value]
    assert got == [year]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # Round 10: a sentence whose own figure took the year above and names other years
        # only as points of comparison leaves that year for the sentences after.
        ("NATO expects record spending this year. The allies' average share is 2.7% of GDP, "
         "compared with 2.6% in 2024. Greece spends 3.1%.", 2025),
        ("Spending rises this year. On average the allies devote 2.7% of GDP, up from 2.6% in "
         "2024 and 2.4% in 2023. Norway leads with 3.3%.", 2025),
        # A sentence whose first figure has a year of its own passes that year on.
        ("Spending rises this year. On average the allies devoted 2.6% of GDP in 2024, up from "
         "2.4% in 2023. Norway stood at 3.3%.", 2024),
    ],
)  # fmt: skip
def test_years_named_only_as_points_of_comparison_are_not_carried_on(
    db: milex.Milex, text: str, year: int
) -> None:
    got = [c[3] for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp" and c[1] == 3.3]
    got += [c[3] for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp" and c[1] == 3.1]
    assert got == [year]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # Round 10: a sentence opening with a past year, in the past tense, looks back; a
        # sentence in the present after it speaks of now.
        ("In 2024, only 23 of the 32 allies achieved it. Greece devotes 3.1% of GDP to "
         "defence.", 2025),
        ("In 2024, Italy missed the goal again. Denmark is now at 3.2% of GDP.", 2025),
        # ... one in the past still speaks of the year looked back to.
        ("In 2024, Italy missed the goal again. Denmark was at 3.2% of GDP.", 2024),
        # ... and an opening year in a sentence about the present is the year under discussion.
        ("In 2025, Italy is close to the goal. Denmark is at 3.2% of GDP.", 2025),
    ],
)  # fmt: skip
def test_a_sentence_opening_with_a_past_year_looks_back(
    db: milex.Milex, text: str, year: int
) -> None:
    got = [c[3] for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp" and c[1] > 2.9]
    assert got == [year]


def test_a_summit_in_a_when_clause_dates_the_sentence(db: milex.Milex) -> None:
    text = (
        "He recalled that when the allies agreed the 2% goal at the summit in 2014, only three "
        "members met it."
    )
    got = [c[1:4] for c in claims(db, text, "2024-06-17") if c[0] == "count_meeting"]
    assert got == [(3.0, "NATO", 2014)]
    # Without "when" the summit's year is an event's, not the count's.
    event = "Since the allies agreed the 2% goal at the summit in 2014, 23 members met it."
    assert [c[3] for c in claims(db, event, "2024-06-17") if c[0] == "count_meeting"] == [2024]


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        # Round 10: one figure shared by the names listed after it, with the subject before it
        # after "along with" and the like ...
        ("Italy's defence spending sits near the bottom at 1.5%, along with Canada, Belgium and "
         "the Czech Republic.",
         ["ITA", "CAN", "BEL", "CZE"]),
        ("Greece spends 3.1% of GDP, as do Estonia and Latvia.", ["GRC", "EST", "LVA"]),
        ("Norway reached 2.2% of GDP this year together with Denmark and the Netherlands.",
         ["NOR", "DNK", "NLD"]),
        # ... and only the listed names after "include" or "such as" (the subject is a group).
        ("Allies at 2% of GDP this year include Spain, Portugal and North Macedonia.",
         ["ESP", "PRT", "MKD"]),
        ("Several members spent 1.3% on defence, such as Spain and Slovenia.", ["ESP", "SVN"]),
        # The list stops at the first name not joined by commas or "and": a clause after it.
        ("Italy spends 1.5% of GDP, along with Canada, while Poland is far ahead.",
         ["ITA", "CAN"]),
        # A name after "along with" that is not a list right after the figure shares nothing.
        ("Italy spends 1.5% of GDP, a level it holds along with Canada.", ["ITA"]),
    ],
)  # fmt: skip
def test_a_figure_shared_by_the_names_listed_after_it(
    db: milex.Milex, text: str, owners: list[str]
) -> None:
    got = [c[2] for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp"]
    assert got == owners


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # Round 10: "respectively" pairs the run of figures right before it with the names
        # before the run, in order, whatever other figures the sentence holds.
        ("Spain doubled its share from 0.9% to 1.3%, while Estonia, Latvia and Lithuania spend "
         "3.4%, 3.2% and 2.9% respectively.",
         [(0.9, "ESP"), (1.3, "ESP"), (3.4, "EST"), (3.2, "LVA"), (2.9, "LTU")]),
        ("Greece and Norway devote 3.1% and 2.2% of GDP, respectively.",
         [(3.1, "GRC"), (2.2, "NOR")]),
        ("Norway, Denmark and Italy, whose budgets rose, spend 2.2%, 2.4% and 1.5% of GDP "
         "(2024), respectively.", [(2.2, "NOR"), (2.4, "DNK"), (1.5, "ITA")]),
    ],
)  # fmt: skip
def test_respectively_pairs_a_run_of_figures_with_the_names_before_it(
    db: milex.Milex, text: str, pairs: list[tuple[float, str]]
) -> None:
    got = [(c[1], c[2]) for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp"]
    assert got == pairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 10: "leads in spending" is the top rank; "in second" a rank without "place".
        ("Poland leads in defence spending at 4.25% of GDP.", [(1.0, "POL")]),
        ("Among the allies Poland tops in military expenditure, with 4.25% of GDP.",
         [(1.0, "POL")]),
        ("By share of GDP Poland comes first, Lithuania (4.03%) in second and Latvia in third.",
         [(1.0, "POL"), (2.0, "LTU"), (3.0, "LVA")]),
        ("Measured against GDP, Estonia is in fourth, with 3.93%.", [(4.0, "EST")]),
        # Not a rank: "led" a change, "in second" of something else.
        ("Germany led the increase in spending, adding 0.3% of GDP.", []),
        ("In the second half of the year Italy spent 1.5% of GDP.", []),
    ],
)  # fmt: skip
def test_ranks_in_words_of_round_ten(
    db: milex.Milex, text: str, expected: list[tuple[float, str]]
) -> None:
    got = [(c[1], c[2]) for c in claims(db, text, "2026-08-01") if c[0] == "rank"]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # Round 10: "all 32 of the alliance's membership", and the members as the subject of a
        # verb of agreeing anywhere in the sentence (not only at its start).
        ("Rutte hopes all 32 of the alliance's membership will back the plan.", "2025-06-13",
         [32.0]),
        ("A deal all 32 of NATO's members can sign is in sight.", "2025-06-13", [32.0]),
        ("Meeting in The Hague in June, the 32 allies pledged a new goal.", "2025-07-01",
         [32.0]),
        ("After long talks at the NATO summit, the 31 nations agreed on new plans.", "2023-07-12",
         [31.0]),
        # A number of allies that is no membership, and a verb that is not one of agreeing.
        ("In Vilnius, the 31 allies' leaders dined together.", "2023-07-12", []),
        ("At the summit, 11 allies pledged more troops.", "2023-07-12", []),
    ],
)  # fmt: skip
def test_membership_phrasings_of_round_ten(
    db: milex.Milex, text: str, day: str, expected: list[float]
) -> None:
    assert [c[1] for c in claims(db, text, day) if c[0] == "membership_count"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 10: a figure followed by a year of its own the text has reached is a reported
        # share, whatever goal the sentence names ...
        ("Spain revised its target, an increase from 1.28% of GDP in 2024.",
         ("share_gdp", 1.28, 2024)),
        ("The plan lifts spending past the goal, putting Norway's outlays at 2.2 percent of GDP "
         "in 2025.", ("share_gdp", 2.2, 2025)),
        ("Italy pledged more, after devoting 1.49% of its GDP to defence in 2024.",
         ("share_gdp", 1.49, 2024)),
        # ... while a year still ahead keeps it a goal, and a target named after it a target.
        ("The target rises, with spending of 3.5% of GDP in 2035.", ("commitment", 3.5, None)),
        ("Leaders recalled the 2% target of 2014.", ("commitment", 2.0, None)),
    ],
)  # fmt: skip
def test_a_figure_of_a_year_reached_is_no_commitment(
    db: milex.Milex, text: str, expected: tuple[Any, ...]
) -> None:
    got = [(c[0], c[1], c[3]) for c in claims(db, text, "2025-09-01")]
    assert got == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 10: a goal split into parts after its own figure: each part is a commitment.
        ("Leaders agreed on 5% of GDP by 2035 – 3.5% on core defence and 1.5% on resilience.",
         [5.0, 3.5, 1.5]),
        ("The allies pledged 5% of GDP, of which 3.5% for the armed forces.", [5.0, 3.5]),
        ("The new goal is 5% of GDP. The 5% figure includes up to 1.5% in related spending.",
         [5.0, 5.0, 1.5]),
        # An agreement from the members "to raise" spending to a figure is a pledge.
        ("Trump won an agreement from allied leaders to lift defence outlays to 5% of GDP.",
         [5.0]),
        # Not parts: a country's figure after the dash, or levels that are spent.
        ("Leaders agreed on 3.5% of GDP by 2035 – Poland is at 4.5% already.", [3.5]),
        ("Only Poland and Latvia exceed the 3.5% target by 2035 – spending 4.5% and 3.7% "
         "respectively.", []),
    ],
)  # fmt: skip
def test_a_goal_split_into_parts_and_an_agreement_to_raise(
    db: milex.Milex, text: str, expected: list[float]
) -> None:
    got = [c[1] for c in claims(db, text, "2025-09-01") if c[0] == "commitment"]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 10: a change with a qualifier after its verb is growth, not a level.
        ("Spending by European allies and Canada rose by more than 19 percent in 2024.",
         [("growth", 19.0, "NATO_EU_CA", 2024)]),
        ("Norway's defence spending grew just over 9% in 2024.", [("growth", 9.0, "NOR", 2024)]),
        # A share of the alliance's money: the alliance named in the sentence before for a
        # country that "accounted for" it, or "the military bloc's total".
        ("The United States is by far NATO's biggest spender. In 2024 it accounted for 64 "
         "percent of all defence expenditure.", [("nato_share", 64.0, "USA", 2024)]),
        ("Of NATO's members, the US paid about two-thirds of the military bloc's total in 2024.",
         [("nato_share", 66.67, "USA", 2024)]),
        # ... not a share of a country's own budget in a text that does not name the alliance.
        ("Germany's budget grew. In 2024 personnel accounted for 40 percent of all defence "
         "expenditure.", []),
    ],
)  # fmt: skip
def test_growth_with_a_qualifier_and_shares_of_the_alliances_money(
    db: milex.Milex, text: str, expected: list[tuple[Any, ...]]
) -> None:
    got = [c[:4] for c in claims(db, text, "2025-09-01") if c[0] != "share_gdp"]
    assert got == expected


def test_more_than_a_figure_is_a_qualifier_not_a_comparison(db: milex.Milex) -> None:
    # Round 10: the year after "more than 4% of GDP" is the figure's own.
    text = "Poland spent more than 4% of GDP in 2024, and Italy less than 1.6% of GDP in 2023."
    got = [(c[1], c[2], c[3]) for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp"]
    assert got == [(4.0, "POL", 2024), (1.6, "ITA", 2023)]
    # "than in 2014" is still a point of comparison.
    compared = "This year Italy spends far more than in 2014, about 2% of GDP."
    got = [c[3] for c in claims(db, compared, "2025-09-01") if c[0] == "share_gdp"]
    assert got == [2025]


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # Round 10: a count whose verb takes "it" for the goal of the sentence before ...
        ("Allies pledged to spend 2% of GDP. In 2023, only 11 of the 31 members achieved it.",
         "2024-07-01", [(11.0, 2023, 2.0)]),
        ("The 3.5% goal is new. So far just three of the 32 allies have reached it.",
         "2025-09-01", [(3.0, 2025, 3.5)]),
        # ... and a count that "had spending of" a share.
        ("Of the 31 allies, only 11 had defence spending of at least 2% of GDP in 2023.",
         "2024-07-01", [(11.0, 2023, 2.0)]),
        # No goal before "it": no count.
        ("Talks went on. Only 11 of the 31 members liked it.", "2024-07-01", []),
    ],
)  # fmt: skip
def test_counts_of_a_goal_named_before_and_of_spending_had(
    db: milex.Milex, text: str, day: str, expected: list[tuple[Any, ...]]
) -> None:
    got = [
        (c.claim.value, c.claim.year, c.claim.threshold)
        for c in check(db.tables, text, day).claims
        if c.claim.kind == "count_meeting"
    ]
    assert got == expected


def test_this_amounted_to_is_the_figure_of_the_owner_before(db: milex.Milex) -> None:
    # Round 10: "this amounted to", "this came to": the country of the sentence before.
    for verb in ("amounted to", "came to", "translated into"):
        text = f"Norway spends 2.2% of GDP on defence. In 2024, this {verb} about $10 billion."
        got = [(c[1], c[2]) for c in claims(db, text, "2025-09-01") if c[0] == "amount"]
        assert got == [(10.0, "NOR")], verb


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # Round 10: a budget or plan before the figure is news of the text's own year, not
        # the last year published ...
        ("Germany reported the planned allocation of 2.1% of GDP for defence.", 2024),
        ("Italy has budgeted 1.6% of GDP for its armed forces.", 2024),
        ("Spain earmarked about 1.3% of GDP for defence.", 2024),
        # ... while a plan after a level leaves the level the latest year published.
        ("Italy currently spends 1.5% of GDP on defence and plans to go higher.", 2023),
    ],
)  # fmt: skip
def test_a_planned_share_is_of_the_texts_own_year(db: milex.Milex, text: str, year: int) -> None:
    got = [c[3] for c in claims(db, text, "2024-02-14") if c[0] == "share_gdp"]
    assert got == [year]


def test_a_figure_in_parentheses_after_a_name_is_no_threshold(db: milex.Milex) -> None:
    # Round 10: the list's last figure is Latvia's share, not the level the allies exceed.
    for verb in ("are all exceeding", "all surpass", "have all exceeded"):
        text = (
            f"Estonia (2.73%), Lithuania (2.54%), Finland (2.45%), Romania (2.44%), Hungary "
            f"(2.43%) and Latvia (2.07%) {verb} the alliance's guideline for defence spending."
        )
        got = [c.claim for c in check(db.tables, text, "2025-09-01").claims]
        assert [(c.value, c.qualifier) for c in got if c.entity == "LVA"] == [(2.07, None)]
        assert {c.threshold for c in got if c.kind == "count_meeting"} <= {2.0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 10: a leader named with one word before "leader" is the top rank ...
        ("The quota leader was Poland, with 4.1% of GDP.", [(1.0, "POL")]),
        ("The spending leader is Poland at 4.25% of GDP.", [(1.0, "POL")]),
        # ... but not one who is no country.
        ("The party leader was Mr Tusk, who wants 5% of GDP.", []),
    ],
)  # fmt: skip
def test_a_leader_named_with_a_word_before_it(
    db: milex.Milex, text: str, expected: list[tuple[float, str]]
) -> None:
    got = [(c[1], c[2]) for c in claims(db, text, "2026-08-01") if c[0] == "rank"]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Round 10: a change to a figure before a deadline ahead is a goal, even in a clause
        # without a verb of intent ...
        ("A new budget came, raising military spending from 2.4% of GDP in 2024 to 3% by 2029.",
         "commitment"),
        ("Extra funds followed, lifting outlays to at least 3% of GDP by 2030.", "commitment"),
        # ... not a change to a figure of a year reached.
        ("Extra funds followed, lifting outlays to 2.1% of GDP by 2024.", "share_gdp"),
    ],
)  # fmt: skip
def test_a_change_to_a_figure_by_a_deadline_ahead_is_a_goal(
    db: milex.Milex, text: str, kind: str
) -> None:
    got = [c[0] for c in claims(db, text, "2025-04-01") if c[1] in (3.0, 2.1)]
    assert got == [kind]


@pytest.mark.parametrize(
    "text",
    [
        # Round 10: the alliance's average named right before a figure, an adjective or a
        # qualifier between, whatever names the sentence's other clauses list.
        "While both Italy and Spain were below it, NATO's overall average was approximately 2.6% "
        "of GDP.",
        "Greece and Turkey both spent more; the alliance average stood at about 2.7% of GDP.",
        "Both France and Germany trail the NATO average of roughly 2.7% of GDP.",
    ],
)
def test_the_alliance_average_before_a_figure_is_natos(db: milex.Milex, text: str) -> None:
    got = [c[2] for c in claims(db, text, "2025-09-01") if c[0] == "share_gdp"]
    assert got == ["NATO"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 10: "the following year", "a year later" are the year after the one named
        # before; "the commitment" is the 2% goal a count is measured against.
        ("In 2019, seven allies met the commitment; the number fell to six the following year "
         "before rising to nine in 2021.", [(7.0, 2019), (6.0, 2020), (9.0, 2021)]),
        ("Eight members met the guideline in 2021 and eleven a year later.",
         [(8.0, 2021), (11.0, 2022)]),
        ("By 2020, nine NATO member states had met the commitment.", [(9.0, 2020)]),
    ],
)  # fmt: skip
def test_the_following_year_and_counts_of_the_commitment(
    db: milex.Milex, text: str, expected: list[tuple[float, int]]
) -> None:
    got = [
        (c.claim.value, c.claim.year)
        for c in check(db.tables, text, "2024-06-19").claims
        if c.claim.kind == "count_meeting"
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # Round 10: a list's sign written once: one bare figure in parentheses after figures
        # with their sign is a share too ...
        ("The leaders were Poland (4.12%), Estonia (3.43%) and the US (3.38).",
         [(4.12, "POL"), (3.43, "EST"), (3.38, "USA")]),
        # ... and the figure a change "from X% to Y" reaches, its sign written before it.
        ("Italy's spending on defence fell from more than 2.0 percent of GDP to the current "
         "1.49.", [(2.0, "ITA"), (1.49, "ITA")]),
        ("Greece cut its defence spending from about 3% of GDP to just 2.4 over a decade.",
         [(3.0, "GRC"), (2.4, "GRC")]),
        # A bare number after "to" that is no share: a count, a year.
        ("Italy's share of GDP spent on defence rose from 1.5% as 12 allies joined.",
         [(1.5, "ITA")]),
    ],
)  # fmt: skip
def test_a_sign_written_once_for_a_list_or_a_change(
    db: milex.Milex, text: str, pairs: list[tuple[float, str]]
) -> None:
    got = [(c[1], c[2]) for c in claims(db, text, "2024-07-01") if c[0] == "share_gdp"]
    assert got == pairs


def test_us_dollars_written_with_the_sign_are_no_country(db: milex.Milex) -> None:
    # Round 10: "US$6.6bn" is a currency, like "US dollars": the figure is Canada's.
    text = "Canada will spend C$9bn (US$6.6bn), up from 1.45 percent of GDP last year."
    got = [(c[0], c[2]) for c in claims(db, text, "2025-06-10")]
    assert got == [("amount", "CAN"), ("share_gdp", "CAN")]
    # The country named before its dollars is still the country.
    named = "The US spent US$968bn, 3.4% of GDP, in 2024."
    assert [c[2] for c in claims(db, named, "2025-06-10")] == ["USA", "USA"]


@pytest.mark.parametrize(
    ("text", "qualifier", "verdict"),
    [
        # "no less than" and "not more than" are bounds, though they hold "less than" and "more
        # than" (read as below and above before, which turned these true claims inaccurate).
        ("Poland spent no less than 3.5% of GDP on defence in 2024.", "at_least", "accurate"),
        ("In 2024 Poland's outlay was not less than 3.5% of GDP.", "at_least", "accurate"),
        ("Italy spent no more than 1.6% of GDP on defence in 2024.", "at_most", "accurate"),
        ("Italy's defence budget was not more than 1.6% of GDP in 2024.", "at_most", "accurate"),
        # ... and plain "less than" / "more than" keep their meaning.
        ("Poland spent more than 3.5% of GDP on defence in 2024.", "above", "accurate"),
        ("Italy spent less than 1.6% of GDP on defence in 2024.", "below", "accurate"),
    ],
)
def test_no_less_than_and_no_more_than_are_bounds(
    db: milex.Milex, text: str, qualifier: str, verdict: str
) -> None:
    found = [c for c in check(db.tables, text, "2025-09-01").to_json() if c["kind"] == "share_gdp"]
    assert [(c["qualifier"], c["verdict_as_of_date"]) for c in found] == [(qualifier, verdict)]


@pytest.mark.parametrize(
    "text",
    [
        "In 2025 the allies' defence spending as a share of GDP ranged widely: Lithuania at 4.03, "
        "Latvia — 3.67, and Poland [4.25].",
        "Poland spent 4.25% of GDP on defence in 2025. Next came Lithuania with 4.03 and Latvia's "
        "3.67 put it third.",
        "Defence spending, % of GDP, 2025. Top three: Poland = 4.25; Lithuania (about 4.03); "
        "Latvia: 3.67.",
    ],
)
def test_a_bare_decimal_right_after_a_name_is_its_share_when_shares_are_the_measure(
    db: milex.Milex, text: str
) -> None:
    got = sorted(claims(db, text), key=lambda c: c[2])
    assert got == [
        ("share_gdp", 4.03, "LTU", 2025, "accurate", "accurate"),
        ("share_gdp", 3.67, "LVA", 2025, "accurate", "accurate"),
        ("share_gdp", 4.25, "POL", 2025, "accurate", "accurate"),
    ]


def test_a_bare_decimal_after_a_name_that_is_not_a_share(db: milex.Milex) -> None:
    # Money, people, a time, a date and a rank after a name, with shares the measure: none of
    # them is a share; and with no share as the measure (tariffs), neither is a bare decimal.
    text = (
        "Poland spent 4.25% of GDP on defence in 2025. Germany with 86.5 billion euros led in "
        "cash, Estonia with 1.37 million people the smallest, Latvia at 10.30 am, Finland on "
        "18.06.2025 and Lithuania at 2nd place."
    )
    assert [c[:3] for c in claims(db, text) if c[0] == "share_gdp"] == [("share_gdp", 4.25, "POL")]
    text = "The US put a 10% tariff on imports in 2025. Lithuania with 4.03 and Latvia with 3.67."
    assert [c for c in claims(db, text) if c[0] == "share_gdp"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Poland spent 4.25% of its GDP on defence in 2025, the top spender in the alliance.",
        "In 2025 Poland devoted 4.25% of GDP to defence, making it the biggest spender.",
        "Poland spent 4.25% of GDP on defence in 2025, leading the pack.",
    ],
)
def test_a_superlative_after_a_share_in_any_wording_is_a_rank(db: milex.Milex, text: str) -> None:
    assert ("rank", 1.0, "POL", 2025, "accurate", "accurate") in claims(db, text)


@pytest.mark.parametrize(
    "text",
    [
        # a target, not a share; a change among European allies only
        "Poland wants to spend 5% of GDP by 2030, the highest target among NATO members.",
        "Germany spent 2.1% more in 2025, the biggest spender in Europe.",
    ],
)
def test_a_superlative_that_is_not_a_rank(db: milex.Milex, text: str) -> None:
    assert [c for c in claims(db, text) if c[0] == "rank"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Leaders of the 32-nation transatlantic bloc met in The Hague.",
        "The alliance's 32 leaders signed the declaration on Wednesday.",
        "NATO's 32 member countries agreed to the plan.",
        "The 32-strong NATO met in The Hague.",
        "The 32 member grouping said it was united.",
    ],
)
def test_a_number_attached_to_the_alliance_in_any_form_is_its_membership(
    db: milex.Milex, text: str
) -> None:
    assert [c for c in claims(db, text) if c[0] == "membership_count"] == [
        ("membership_count", 32.0, "NATO", None, "accurate", "accurate")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "More than 20 member countries in NATO reached the goal of 2% of GDP in 2024.",
        "A 30-member delegation of NATO officials visited Kyiv.",
        "The 27-member EU agreed new sanctions on Russia.",
    ],
)
def test_a_number_near_the_alliance_that_is_not_its_membership(db: milex.Milex, text: str) -> None:
    assert [c for c in claims(db, text) if c[0] == "membership_count"] == []


def test_bulleted_items_take_the_measure_of_their_lead_in(db: milex.Milex) -> None:
    text = (
        "The White House set out new import duties on Wednesday:\n\n"
        "• 20% on goods from the European Union\n- 15% for Norway\n"
    )
    assert claims(db, text, "2025-04-10") == [
        ("tariff", 20.0, "EUU", 2025, "accurate", "accurate"),
        ("tariff", 15.0, "NOR", 2025, "accurate", "accurate"),
    ]
    # The same items under a lead-in about something else are no tariffs.
    text = (
        "Key facts about the summit:\n\n• 20% of the delegates were women\n• 15% came from Norway\n"
    )
    assert claims(db, text, "2025-04-10") == []


@pytest.mark.parametrize(
    "text",
    [
        "America's goods trade with Germany\n\nThe figures are out. In 2024 the deficit reached "
        "$84.8 billion.",
        "How the US trades with Germany: a look at the balance.\n\nIn 2024 the gap in goods, the "
        "trade deficit, hit $84.8 billion.",
    ],
)
def test_a_deficit_without_a_partner_takes_the_one_the_passage_is_about(
    db: milex.Milex, text: str
) -> None:
    assert claims(db, text, "2025-04-10") == [
        ("trade_deficit", 84.8, "DEU", 2024, "unverifiable", "accurate")
    ]


def test_a_deficit_in_a_passage_about_several_partners_has_none(db: milex.Milex) -> None:
    text = "Trade between the US, Canada and Mexico\n\nIn 2024 the deficit reached $84.8 billion."
    assert [c[2] for c in claims(db, text, "2025-04-10")] == [None]


@pytest.mark.parametrize(
    ("text", "share"),
    [
        (
            "Spain devoted just 1.24% of its GDP to defence in 2024, far below the 2% goal.",
            ("share_gdp", 1.24, "ESP", 2024),
        ),
        (
            "Denmark's government set out its plans. The country invested 2.37% of GDP in "
            "defence in 2024, above the 2% guideline.",
            ("share_gdp", 2.37, "DNK", 2024),
        ),
    ],
)
def test_what_was_spent_is_a_share_whatever_goal_the_sentence_names(
    db: milex.Milex, text: str, share: tuple[Any, ...]
) -> None:
    got = claims(db, text)
    assert [c[:4] for c in got] == [share, ("commitment", 2.0, None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "Allies agreed on the goal of allocating 5% of GDP to defence by 2035.",
        "Allies are committed to investing 5% of GDP in defence by 2035.",
    ],
)
def test_spending_words_after_a_goal_stay_a_commitment(db: milex.Milex, text: str) -> None:
    assert claims(db, text) == [("commitment", 5.0, None, None, "accurate", "accurate")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A figure followed by "more on" / "less for" is a change in what is spent, not a share
        # of GDP (it was read as a 15% share of GDP).
        ("Poland spent 15% more on its armed forces in 2024.", [("growth", 15.0, "POL")]),
        ("In 2024 Sweden put 20 percent more for defence than a year earlier.",
         [("growth", 20.0, "SWE")]),
        ("Last year Denmark spent 8 per cent less on the navy.", [("growth", 8.0, "DNK")]),
        # ... while "of GDP" keeps a share, whatever "more on" comes later in the sentence.
        ("Italy spent 1.5% of GDP on defence in 2024, more on the army than the navy.",
         [("share_gdp", 1.5, "ITA")]),
    ],
)  # fmt: skip
def test_a_figure_more_on_something_is_a_change_not_a_share(
    db: milex.Milex, text: str, expected: list[tuple[Any, ...]]
) -> None:
    assert [c[:3] for c in claims(db, text, "2025-09-01")] == expected


# Round 12: causes that recur across the fresh sets, each worded otherwise than the texts.
@pytest.mark.parametrize(
    "text",
    [
        "Heads of government from all 32 member nations met in The Hague.",
        "Ministers of all 32 member countries endorsed the plan.",
        "The current 32 NATO states agreed to the new goal.",
        "The alliance has expanded from 12 countries to 32 since 1949.",
        "NATO grew from 12 founding members to 32 over seven decades.",
    ],
)
def test_a_membership_in_other_words_is_read(db: milex.Milex, text: str) -> None:
    got = claims(db, text, "2025-07-01")
    assert ("membership_count", 32.0, "NATO", None, "accurate", "accurate") in got


def test_a_growth_of_allies_meeting_a_goal_is_no_membership(db: milex.Milex) -> None:
    text = "The number of allies meeting the NATO target rose from 3 countries to 23."
    assert "membership_count" not in [c[0] for c in claims(db, text, "2025-07-01")]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Estonia topped the standings at 3.43 percent of GDP in 2024.", "EST"),
        ("In 2024 Poland led the charts with 4.12% of GDP.", "POL"),
        ("Poland is NATO's largest relative spender, at 4.12% of GDP in 2024.", "POL"),
        ("Poland remains the top proportional spender, with 4.12% of GDP in 2024.", "POL"),
        (
            "Estimates for 2024 show that Poland is the ally that will devote the highest share "
            "of its GDP to defence (4.12%).",
            "POL",
        ),
        (
            "In 2024 Poland was again the country expected to spend the largest percentage of "
            "its GDP on defence, 4.12%.",
            "POL",
        ),
    ],
)
def test_the_top_rank_in_other_words_is_read(db: milex.Milex, text: str, entity: str) -> None:
    got = claims(db, text, "2024-07-01")
    assert ("rank", 1.0, entity, 2024) in [c[:4] for c in got]


@pytest.mark.parametrize(
    "text",
    [
        "Defence spending as a share of GDP, 2024.\n\nLast place goes to Spain",
        "The 2024 shares of GDP are out. The last spot was Spain, with 1.28%.",
    ],
)
def test_last_place_as_a_heading_ranks_the_name_after_it(db: milex.Milex, text: str) -> None:
    got = claims(db, text, "2024-07-01")
    assert ("rank", 31.0, "ESP", 2024) in [c[:4] for c in got]


@pytest.mark.parametrize(
    "text",
    [
        "The 3% guideline was agreed in 2014, at a time when only 3 allies reached it.",
        "That goal dates from 2014, back when just three NATO countries spent 2% of GDP.",
    ],
)
def test_a_count_in_a_when_clause_takes_that_year_and_leaves_it(db: milex.Milex, text: str) -> None:
    after = " Today Poland and Estonia both spend above 2%."
    got = [c[:4] for c in claims(db, text + after, "2024-02-15")]
    assert ("count_meeting", 3.0, "NATO", 2014) in got
    # the sentence after speaks of now, not of the year the clause looked back to
    assert {c[3] for c in got if c[0] == "share_gdp"} == {2023}


@pytest.mark.parametrize(
    "text",
    [
        "The 2 percent level was adopted in 2014, and few allies reached it then.",
        "NATO's 5% figure had been agreed at The Hague, Rutte told reporters.",
        "A rise from the earlier 2 per cent benchmark introduced in 2006.",
    ],
)
def test_a_figure_that_was_set_or_agreed_is_a_goal_without_that_deadline(
    db: milex.Milex, text: str
) -> None:
    got = claims(db, text, "2025-09-01")
    goals = [c for c in got if c[0] == "commitment"]
    assert len(goals) == 1 and goals[0][4:] == ("accurate", "accurate")
    assert not [c for c in got if c[0] == "rank"]


def test_first_agreed_is_no_rank(db: milex.Milex) -> None:
    text = "The 2 per cent guideline was first set in 2006, when only a few allies met it."
    assert [c[0] for c in claims(db, text, "2025-09-01")] == ["commitment"]


@pytest.mark.parametrize(
    "text",
    [
        "Under the new deal, no less than 3.5% of GDP must be spent on core military needs, "
        "and a maximum of 1.5% on civil resilience.",
        "Allies will spend 3.5 percent on core defence plus 1.5 percent on infrastructure by 2035.",
        "Allies' 5% goal is divided into 3.5% for armed forces and 1.5% for wider security.",
    ],
)
def test_the_parts_of_a_split_goal_are_goals_in_any_wording(db: milex.Milex, text: str) -> None:
    got = [c[:2] for c in claims(db, text, "2025-09-02")]
    assert ("commitment", 3.5) in got and ("commitment", 1.5) in got
    assert not [c for c in got if c[0] == "share_gdp"]


def test_what_a_country_spent_on_two_things_stays_its_shares(db: milex.Milex) -> None:
    text = "Poland spent 4.1% of GDP on defence and 1% on health in 2024."
    got = [c[:3] for c in claims(db, text, "2025-09-02")]
    assert got == [("share_gdp", 4.1, "POL"), ("share_gdp", 1.0, "POL")]


@pytest.mark.parametrize(
    "text",
    [
        "The NATO states spent an estimated $1.47 trillion on defence in 2024.",
        "In 2024 the NATO countries together put 1.47 trillion dollars into their armed forces.",
    ],
)
def test_money_of_nato_states_or_countries_is_the_alliances(db: milex.Milex, text: str) -> None:
    got = [c[:4] for c in claims(db, text, "2025-09-02")]
    assert ("amount", 1470.0, "NATO", 2024) in got


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "Allied spending reached $1.5 trillion in 2024. The European share rose from 430 "
            "billion in 2023 to 480 billion in 2024.",
            [1500.0, 430.0, 480.0],
        ),
        ("Germany spent $88 billion on its army in 2024. Exports reached 1.6 trillion.", [88.0]),
    ],
)
def test_a_bare_amount_after_one_in_dollars_is_money_too(
    db: milex.Milex, text: str, values: list[float]
) -> None:
    assert [c[1] for c in claims(db, text, "2025-09-02") if c[0] == "amount"] == values


@pytest.mark.parametrize(
    "text",
    [
        "NATO published its spending estimates on Monday. Europe keeps adding money. Yet "
        "America still pays the most: its $935 billion make up 62% of the total defence "
        "outlays in 2024.",
        "The allies' spending keeps growing. In 2024 the United States alone covered 62 percent "
        "of the total military spending.",
    ],
)
def test_a_share_of_the_total_a_few_sentences_after_the_alliance_is_of_its_total(
    db: milex.Milex, text: str
) -> None:
    got = [c[:4] for c in claims(db, text, "2025-09-02")]
    assert ("nato_share", 62.0, "USA", 2024) in got
    assert "commitment" not in [c[0] for c in got]


@pytest.mark.parametrize(
    "text",
    [
        "Italy has long been a laggard on defence. As a share of GDP, the figure for 2024 was "
        "1.49%.",
        "Italy announced new frigates on Tuesday. Measured against GDP, outlays reached 1.49 "
        "percent in 2024.",
    ],
)
def test_a_share_naming_no_one_is_the_one_ally_the_sentence_before_spoke_of(
    db: milex.Milex, text: str
) -> None:
    got = [c[:4] for c in claims(db, text, "2025-09-02")]
    assert got == [("share_gdp", 1.49, "ITA", 2024)]


def test_a_share_naming_no_one_after_two_allies_is_nobodys(db: milex.Milex) -> None:
    text = (
        "Italy and Spain have long been laggards. As a share of GDP, the figure was 1.49% in 2024."
    )
    assert [c[2] for c in claims(db, text, "2025-09-02")] == [None]


@pytest.mark.parametrize(
    "after",
    [", 0.63 percentage points higher than in 2024.", ", up from 1.37% in 2024."],
)
def test_a_figure_set_against_an_earlier_one_after_a_goal_is_a_share(
    db: milex.Milex, after: str
) -> None:
    text = "Canada is to meet the 2% goal this year. The estimate is 2.01% of GDP" + after
    got = [c[:4] for c in claims(db, text, "2025-09-02")]
    assert ("share_gdp", 2.01, "CAN", 2025) in got
    assert ("commitment", 2.01, None, None) not in got


@pytest.mark.parametrize(
    ("text", "deficits"),
    [
        (
            "America spends $880bn a year on its armed forces, and its trade deficit with the "
            "EU hit $235.6 billion in 2024.",
            [235.6],
        ),
        (
            "Germany put $88 billion into its military in 2024, though the trade imbalance with "
            "the US worries Berlin.",
            [],
        ),
    ],
)
def test_money_on_the_military_is_no_deficit_whatever_imbalance_is_named(
    db: milex.Milex, text: str, deficits: list[float]
) -> None:
    got = claims(db, text, "2025-04-14")
    assert [c[1] for c in got if c[0] == "trade_deficit"] == deficits
    assert [c[0] for c in got if c[1] in (880.0, 88.0)] == ["amount"]


@pytest.mark.parametrize(
    "text",
    [
        "Allied defence budgets keep climbing. In 2024 they reached some $1.47 trillion.",
        "The alliance published its annual report. Their combined bill came to $1.47 trillion "
        "in 2024.",
    ],
)
def test_they_after_a_sentence_about_the_alliance_is_the_alliance(
    db: milex.Milex, text: str
) -> None:
    assert [c[:4] for c in claims(db, text, "2025-09-02")] == [("amount", 1470.0, "NATO", 2024)]


def test_they_after_european_allies_is_not_the_alliance(db: milex.Milex) -> None:
    text = "European allies keep raising budgets. In 2024 they reached some $480 billion."
    assert [c[2] for c in claims(db, text, "2025-09-02")] != ["NATO"]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        (
            "Its GDP is 29 trillion dollars, and it spent $997 billion on defence in 2024.",
            [997.0],
        ),
        ("Germany's economy, worth $4.5 trillion, spent 2.1% on defence in 2024.", []),
        ("Washington sent military aid of $60 billion to Ukraine in 2024.", []),
        ("Poland spent 4.1% of GDP, or $35 billion, on defence in 2024.", [35.0]),
        ("The US spent 3.4% of its GDP - $916 billion - on defence in 2023.", [916.0]),
    ],
)
def test_money_named_as_gdp_or_aid_is_not_defence_spending(
    db: milex.Milex, text: str, amounts: list[float]
) -> None:
    assert [c[1] for c in claims(db, text, "2025-06-01") if c[0] == "amount"] == amounts


@pytest.mark.parametrize(
    "text",
    [
        "The 2% goal agreed at the Wales summit in 2014 has been met by 23 allies.",
        "The target, set in 2014 in Wales, has now been reached by 23 allies.",
        "The guideline adopted at the 2014 summit has been met by 23 allies.",
    ],
)
def test_a_goals_year_is_not_the_year_of_a_count_of_those_meeting_it(
    db: milex.Milex, text: str
) -> None:
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]
    assert [(c[1], c[3], c[4]) for c in got] == [(23.0, 2024, "accurate")]


def test_a_when_clause_still_dates_a_count_by_its_event(db: milex.Milex) -> None:
    text = "When NATO set the 2% target in 2014, only three allies met it."
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]
    assert [(c[1], c[3]) for c in got] == [(3.0, 2014)]


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("Canada spent 1.37-per-cent of its GDP on defence in 2024.", (1.37, "CAN", 2024)),
        ("In 2024 Poland spent 4.1-per-cent of GDP on its military.", (4.1, "POL", 2024)),
        ("Estonia's defence budget was 3.4-per cent of GDP in 2024.", (3.4, "EST", 2024)),
    ],
)
def test_a_percentage_written_with_hyphens_is_a_percentage(
    db: milex.Milex, text: str, share: tuple[float, str, int]
) -> None:
    assert [c[1:4] for c in claims(db, text, "2025-06-01") if c[0] == "share_gdp"] == [share]


def test_a_percentile_is_no_percentage(db: milex.Milex) -> None:
    text = "Canada's 2-percentile rank on defence spending in 2024 was no surprise."
    assert not [c for c in claims(db, text, "2025-06-01") if c[0] == "share_gdp"]


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, 23 allies were on track to make the target of 2% of GDP.",
        "Twenty-three members made NATO's 2% guideline in 2024.",
        "In 2024, 23 countries were making the 2% mark.",
    ],
)
def test_to_make_a_target_is_to_meet_it(db: milex.Milex, text: str) -> None:
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]
    assert [(c[1], c[3]) for c in got] == [(23.0, 2024)]


def test_making_up_a_part_is_no_meeting_of_a_target(db: milex.Milex) -> None:
    text = "In 2024, 23 allies made up most of the rise in spending towards the target."
    assert not [c for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Non-US NATO members spent 2.0% of GDP on defence in 2024.", "share_gdp", 2.0),
        ("In 2024, non-U.S. defence spending reached 2% of GDP on average.", "share_gdp", 2.0),
        (
            "The US spent 967 billion dollars in 2024, while the other 30 allies of the "
            "alliance together spent about 506 billion dollars.",
            "amount",
            506.0,
        ),
        (
            "The US spent 967 billion dollars on defence in 2024, and the other 31 member "
            "states of NATO combined spent 506 billion dollars.",
            "amount",
            506.0,
        ),
    ],
)
def test_the_allies_but_the_united_states_are_europe_and_canada(
    db: milex.Milex, text: str, kind: str, value: float
) -> None:
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == kind and c[1] == value]
    assert [(c[2], c[3]) for c in got] == [("NATO_EU_CA", 2024)]


def test_the_other_allies_than_another_ally_are_not_europe_and_canada(db: milex.Milex) -> None:
    text = "Belgium, like the other 31 NATO member states, spent 2% of its GDP in 2025."
    assert not [c for c in claims(db, text, "2025-09-01") if c[2] == "NATO_EU_CA"]


@pytest.mark.parametrize(
    "text",
    [
        "Poland remained by far the biggest spender in the whole alliance relative to the size "
        "of its economy, as it has been for several years (4.1% of GDP in 2024), while Spain "
        "spent 1.3%.",
        "Poland, whose defence budget has grown faster than that of any other member of the "
        "alliance over the whole of the past decade, spent 4.1% of GDP in 2024, whereas Spain "
        "spent 1.3%.",
        "Poland kept its place at the top of the alliance's table for yet another year, with a "
        "defence budget worth the equivalent of 4.1% of GDP in 2024; while Spain spent 1.3%.",
    ],
)
def test_a_name_past_while_owns_no_number_before_it(db: milex.Milex, text: str) -> None:
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "share_gdp"]
    assert [(c[1], c[2]) for c in got] == [(4.1, "POL"), (1.3, "ESP")]


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, 23 of 32 allies met the target, up from 10 of 31 in 2023.",
        "In 2024, 23 allies met the 2% target, up from just 10 out of 30 a year earlier.",
        "23 allies reached 2% in 2024, against 10 of the 31 in 2023.",
    ],
)
def test_a_following_count_may_carry_its_total(db: milex.Milex, text: str) -> None:
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]
    assert [(c[1], c[3]) for c in got] == [(23.0, 2024), (10.0, 2023)]


def test_a_following_number_of_a_percentage_is_no_count(db: milex.Milex) -> None:
    text = "In 2024, 23 allies met the target, up from 10 of 31% in 2023."
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]
    assert [c[1] for c in got] == [23.0]


@pytest.mark.parametrize(
    "text",
    [
        "The United States accounted for an estimated 64% of the alliance's defence expenditure "
        "in 2024, while European allies and Canada made up 36%.",
        "In 2024 the US made up 64% of NATO's total defence spending and Europe and Canada "
        "accounted for the remaining 36%.",
        "The US represented 64% of combined NATO defence spending in 2024; European allies and "
        "Canada contributed about 36%.",
    ],
)
def test_the_rest_of_a_split_of_the_alliances_spending_is_a_share_of_it(
    db: milex.Milex, text: str
) -> None:
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "nato_share"]
    assert [(c[1], c[2], c[3]) for c in got] == [
        (64.0, "USA", 2024),
        (36.0, "NATO_EU_CA", 2024),
    ]


def test_a_share_of_gdp_after_a_split_is_no_share_of_the_alliance(db: milex.Milex) -> None:
    text = (
        "In 2024 the US made up 64% of NATO's total defence spending, while Germany spent "
        "2.1% of GDP."
    )
    got = claims(db, text, "2025-06-01")
    assert [(c[0], c[1]) for c in got] == [("nato_share", 64.0), ("share_gdp", 2.1)]


@pytest.mark.parametrize(
    "text",
    [
        "The Saeima approved the budget for 2026. The defense budget is expected to reach 5% of "
        "GDP in 2027 and 4.87% in 2028.",
        "The Saeima approved the budget for 2026. Defence funding is projected at 3.5% of GDP in "
        "2027 and 4% in 2028.",
        "The ministry approved the budget for 2026. The figure is forecast to hit 4.7% of GDP in "
        "2027, 4.8% in 2028 and 5% in 2029.",
    ],
)
def test_percentages_in_several_years_are_a_path_not_a_goal(db: milex.Milex, text: str) -> None:
    kinds = {c[0] for c in claims(db, text, "2025-12-05")}
    assert kinds == {"share_gdp"}


def test_one_percentage_in_a_year_ahead_may_still_be_a_goal(db: milex.Milex) -> None:
    text = "The goal is 5% of GDP in 2035."
    assert [c[0] for c in claims(db, text, "2025-12-05")] == ["commitment"]


@pytest.mark.parametrize(
    "text",
    [
        "In June, a new spending standard of 5% of GDP was established, divided into 3.5% for "
        "defence spending and 1.5% for security-related investments.",
        "NATO's new standard is 5% of GDP, split into 3.5% for core defence and 1.5% for "
        "resilience.",
        "The alliance adopted a spending standard of 5% of GDP, divided into 3.5% for defence "
        "and 1.5% for infrastructure.",
    ],
)
def test_a_spending_standard_is_a_goal_and_its_parts_are_too(db: milex.Milex, text: str) -> None:
    got = [(c[0], c[1]) for c in claims(db, text, "2025-08-28")]
    assert got == [("commitment", 5.0), ("commitment", 3.5), ("commitment", 1.5)]


def test_by_nato_standards_names_no_goal(db: milex.Milex) -> None:
    text = "By NATO standards, Poland spent 4.1% of GDP in 2024."
    assert [(c[0], c[2]) for c in claims(db, text, "2025-08-28")] == [("share_gdp", "POL")]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("The United States spent over 967.7 billion U.S. dollars on defence in 2024.", 967.7),
        ("In 2024 Germany spent 88.5 billion U.S. dollars on its military.", 88.5),
        ("Poland spent 35 billion U.S dollars on defence in 2024.", 35.0),
    ],
)
def test_an_amount_in_us_dollars_written_with_dots_is_read(
    db: milex.Milex, text: str, amount: float
) -> None:
    assert [c[1] for c in claims(db, text, "2025-06-01") if c[0] == "amount"] == [amount]


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        (
            "The United States has by far the highest military spending of NATO countries, "
            "accounting for over 967.7 billion U.S. dollars of the combined NATO military "
            "defence spending of 1.47 trillion dollars in 2024.",
            "USA",
        ),
        (
            "Among NATO members the United States is the biggest spender by far, with 967.7 "
            "billion dollars of the alliance's total of 1.47 trillion dollars in 2024.",
            "USA",
        ),
        (
            "Of all the NATO allies, the United States remained the largest spender in 2024, "
            "at 967.7 billion dollars of NATO's total.",
            "USA",
        ),
    ],
)
def test_a_part_of_the_alliances_total_is_its_subjects(
    db: milex.Milex, text: str, owner: str
) -> None:
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "amount" and c[1] == 967.7]
    assert [(c[2], c[3]) for c in got] == [(owner, 2024)]


def test_the_alliances_own_total_stays_the_alliances(db: milex.Milex) -> None:
    text = "NATO allies together spent 1.47 trillion dollars of combined spending in 2024."
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "amount"]
    assert [(c[1], c[2]) for c in got] == [(1470.0, "NATO")]


@pytest.mark.parametrize(
    "text",
    [
        "Belgium, like the other 31 NATO member states, is expected to spend 2% of its GDP on "
        "defence this year.",
        "Belgium, like the other allies, is expected to spend 2% of its GDP on defence this year.",
        "Like all other allies, Belgium is expected to spend 2% of its GDP on defence this year.",
    ],
)
def test_the_other_allies_in_a_comparison_are_no_count_and_no_owner(
    db: milex.Milex, text: str
) -> None:
    got = [(c[0], c[1], c[2], c[3]) for c in claims(db, text, "2025-08-28")]
    assert got == [("share_gdp", 2.0, "BEL", 2025)]


def test_the_other_allies_apart_from_a_count_are_still_counted(db: milex.Milex) -> None:
    text = "In 2024, 23 allies met the target, while the other 8 fell short."
    got = [c for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]
    assert [(c[1], c[3]) for c in got] == [(23.0, 2024), (8.0, 2024)]


# -- round 14 (heldout13 opened) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        (
            "In 2024 the US goods deficit with Mexico came to 171,5 billion dollars.",
            "trade_deficit",
            171.5,
        ),
        ("Germany spent €90,5bn on defence in 2025.", "amount", 90.5),
        (
            "Poland's defence budget reached 186,6 billion zlotys, or 47,2 billion USD, in 2025.",
            "amount",
            47.2,
        ),
    ],
)
def test_an_amount_with_a_decimal_comma_is_read(
    db: milex.Milex, text: str, kind: str, value: float
) -> None:
    assert [c[1] for c in claims(db, text, "2026-02-20") if c[0] == kind] == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a thousands separator stays one, and a list of figures is no decimal
        ("In 2024 the US goods deficit with China came to 1,234 billion dollars.", 1234.0),
        ("The deficits with Mexico were 2,3 and 4 billion dollars in 2024.", 4.0),
    ],
)
def test_a_comma_with_three_digits_or_a_list_is_no_decimal_comma(
    db: milex.Milex, text: str, value: float
) -> None:
    got = [c[1] for c in claims(db, text, "2026-02-20") if c[0] in ("trade_deficit", "amount")]
    assert got == [value]


@pytest.mark.parametrize(
    "text",
    [
        # a goal "for" someone "to" do, however far the goal's noun stands before
        "Back in 2014, after the invasion of Crimea, the alliance fixed a goal for every ally "
        "to spend at least 2% of GDP on defence.",
        "The requirement agreed in Wales in 2014 for all allies to devote 2 percent of GDP to "
        "defence still stands, Poland says.",
        # a pledge in the past with when or why set off before its "to"
        "The allies pledged in 2014, after Russia seized Crimea, to spend at least 2% of GDP "
        "on defence.",
        "In 2014 NATO members committed, at their summit in Wales, to spending 2 percent of "
        "GDP on defence.",
    ],
)
def test_a_pledge_made_is_a_commitment_whatever_year_dates_it(db: milex.Milex, text: str) -> None:
    got = [(c[0], c[1], c[4]) for c in claims(db, text, "2024-03-14")]
    assert got == [("commitment", 2.0, "accurate")]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # a figure spent, not pledged, beside a pledge's words stays a share
        (
            "Poland, which pledged in 2014 to meet the goal, spent 4.1% of GDP in 2024.",
            [("share_gdp", 4.1)],
        ),
        # a plan for a year the text has reached is that year's estimate, not a pledge
        ("Germany will spend 2.1% of GDP in 2024, NATO estimates.", [("share_gdp", 2.1)]),
    ],
)
def test_a_level_beside_a_pledge_is_no_commitment(
    db: milex.Milex, text: str, kinds: list[tuple[str, float]]
) -> None:
    assert [(c[0], c[1]) for c in claims(db, text, "2024-07-01")] == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Nine of its 32 members still do not meet the target of 2% of GDP agreed in Wales.",
        "In 2023, only 11 allies reached the guideline of 2% first set at the 2006 Riga summit.",
    ],
)
def test_a_counts_threshold_dated_as_set_is_a_commitment_too(db: milex.Milex, text: str) -> None:
    got = [(c[0], c[1]) for c in claims(db, text, "2025-08-28")]
    assert ("commitment", 2.0) in got and any(c[0] == "count_meeting" for c in got)


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Estonia, top of the class, spent 3.4% of its GDP on defence in 2024.", "EST"),
        ("In 2024 Poland was the best pupil in the class, at 4.1% of GDP.", "POL"),
        ("Poland sat at the head of the table in 2024 with 4.1% of GDP.", "POL"),
        ("Greece has the highest military expenditure in NATO, at 3.1% of GDP in 2024.", "GRC"),
        (
            "In 2024 Poland was the ally with the largest share of GDP going to defence, 4.1%.",
            "POL",
        ),
    ],
)
def test_the_top_in_other_words_is_first(db: milex.Milex, text: str, entity: str) -> None:
    got = [(c[1], c[2], c[3]) for c in claims(db, text, "2025-06-01") if c[0] == "rank"]
    assert got == [(1.0, entity, 2024)]


@pytest.mark.parametrize(
    "text",
    [
        # praise of a product, a list of priorities, another country's share after the top
        "In 2024 Poland bought best-in-class tanks and spent 4.1% of GDP on defence.",
        "In 2024 defence was at the top of the list of priorities, at 2% of GDP.",
        "The US has the highest defence spending in the alliance, but in 2024 Poland spent 4.1% "
        "of GDP.",
    ],
)
def test_no_top_rank_without_a_ranking_of_its_own(db: milex.Milex, text: str) -> None:
    assert [c for c in claims(db, text, "2025-06-01") if c[0] == "rank"] == []


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        (
            "In 2024 Bulgaria spent 2.04% of its GDP on defence; 12 other allies exceed its share.",
            13.0,
            "BGR",
        ),
        ("In 2024 only three allies spent more of their GDP than Greece, at 3.08%.", 4.0, "GRC"),
        ("In 2024, ten NATO countries ranked above Norway, which spent 2.2% of GDP.", 11.0, "NOR"),
    ],
)
def test_the_allies_ranked_above_one_give_its_rank(
    db: milex.Milex, text: str, value: float, entity: str
) -> None:
    got = [(c[1], c[2], c[3]) for c in claims(db, text, "2025-06-01") if c[0] == "rank"]
    assert got == [(value, entity, 2024)]


@pytest.mark.parametrize(
    "text",
    [
        # allies above a goal, not above one country: a count or a goal, no rank
        "In 2024, 16 other NATO countries exceed the 2% target.",
        "In 2024, five other allies exceed NATO's 3.5% goal.",
    ],
)
def test_allies_above_a_goal_give_no_rank(db: milex.Milex, text: str) -> None:
    assert [c for c in claims(db, text, "2025-06-01") if c[0] == "rank"] == []


@pytest.mark.parametrize(
    "text",
    [
        "In 2014 the allies agreed to spend 2% of GDP on defence. By 2024, 23 out of 32 had kept "
        "that pledge.",
        "In 2014 the allies agreed to spend 2% of GDP on defence. By 2024, 23 out of 32 have "
        "honoured the commitment.",
        "In 2014 the allies agreed to spend 2% of GDP on defence. In 2024, 23 out of 32 met it.",
    ],
)
def test_a_count_out_of_the_membership_without_a_noun_is_read(db: milex.Milex, text: str) -> None:
    got = [(c[0], c[1], c[3]) for c in claims(db, text, "2025-01-08") if c[0] != "commitment"]
    assert ("count_meeting", 23.0, 2024) in got
    assert [c[1] for c in got if c[0] == "membership_count"] == [32.0]


def test_a_count_out_of_a_number_that_is_no_membership_is_no_count(db: milex.Milex) -> None:
    text = "In 2014 the allies agreed to spend 2% of GDP. Seven out of 10 have kept that pledge."
    assert [c[0] for c in claims(db, text, "2025-01-08")] == ["commitment"]


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("Switzerland now pays 39%, far above the 10% duty that the UK faces.", "GBR"),
        ("Trump set a 39% tariff on Switzerland, more than the 15% rate which Japan pays.", "JPN"),
        (
            "Swiss goods face 39% tariffs, against the 15 percent rate to which the European "
            "Union is subject.",
            "EUU",
        ),
    ],
)
def test_a_partner_subject_of_a_rates_relative_clause_is_its_partner(
    db: milex.Milex, text: str, partner: str
) -> None:
    got = [c[2] for c in claims(db, text, "2025-08-13") if c[0] == "tariff" and c[1] != 39.0]
    assert got == [partner]


def test_a_relative_clause_without_a_partner_leaves_the_rate_to_the_one_before(
    db: milex.Milex,
) -> None:
    text = (
        "Trump set a 39% tariff on Switzerland, more than double the 15% tariff that its "
        "negotiators had hoped for."
    )
    got = [(c[1], c[2]) for c in claims(db, text, "2025-08-13") if c[0] == "tariff"]
    assert got == [(39.0, "CHE"), (15.0, "CHE")]


# -- round 14: precision (claims that match no label) ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Of the 25 countries surveyed, only 10 met the goal of 2% in 2024.",
        "Among the 20 nations polled, just 9 reached the 2% target in 2024.",
    ],
)
def test_the_pool_a_count_is_drawn_from_is_no_count(db: milex.Milex, text: str) -> None:
    got = [c[1] for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]
    assert len(got) == 1 and got[0] < 20


def test_a_pool_whose_own_clause_meets_the_goal_is_a_count(db: milex.Milex) -> None:
    text = "Of the 10 allies that met the goal in 2024, three are Baltic states."
    got = [(c[0], c[1]) for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"]
    assert got == [("count_meeting", 10.0)]


@pytest.mark.parametrize(
    "text",
    [
        "The US spent 3.4%; the other 31 allies spent 2.0% on average.",
        "In 2024 the other 31 members averaged 2.0% of GDP.",
    ],
)
def test_an_average_of_a_group_is_no_count(db: milex.Milex, text: str) -> None:
    assert [c for c in claims(db, text, "2025-06-01") if c[0] == "count_meeting"] == []


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, 29.3 percent of spending went to equipment.",
        "Poland put 51% of its defence budget into equipment in 2024.",
        "Equipment took 25 per cent of the overall defence budget in 2024.",
    ],
)
def test_a_part_of_spending_is_no_share_of_gdp(db: milex.Milex, text: str) -> None:
    assert [c for c in claims(db, text, "2025-06-01") if c[0] == "share_gdp"] == []


def test_a_share_of_gdp_beside_a_part_of_spending_stays_one(db: milex.Milex) -> None:
    text = "In 2024 Poland spent 4.1% of its GDP on defence, and 51% of that spending on equipment."
    got = [(c[0], c[1], c[2]) for c in claims(db, text, "2025-06-01") if c[0] == "share_gdp"]
    assert got == [("share_gdp", 4.1, "POL")]


@pytest.mark.parametrize(
    "text",
    [
        "European allies spent 2.0% of GDP in 2024. With the US's participation, the rate is "
        "bumped to 2.76%.",
        "In 2024, including the United States, NATO allies spent 2.76% of GDP on average.",
        "In 2024 the allies spent 2.76% of GDP together, counting the United States.",
    ],
)
def test_a_country_counted_into_a_group_does_not_own_its_figure(db: milex.Milex, text: str) -> None:
    got = [(c[1], c[2]) for c in claims(db, text, "2025-06-01") if c[0] == "share_gdp"]
    assert (2.76, "NATO") in got and all(entity != "USA" for _, entity in got)


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("In 2024 Poland, with 4.1% of GDP, led the alliance.", "POL"),
        ("In 2024, with the US spending 3.4% of GDP, the average rose.", "USA"),
    ],
)
def test_a_country_with_its_own_figure_owns_it(db: milex.Milex, text: str, entity: str) -> None:
    got = [c[2] for c in claims(db, text, "2025-06-01") if c[0] == "share_gdp"]
    assert got == [entity]


@pytest.mark.parametrize(
    "text",
    [
        "Turkey and NATO converged in the share of defense expenditures within GDP around the 2% "
        "defense spending target in 2024.",
        "Its share of NATO defence spending, around the 2% target, was small in 2024.",
    ],
)
def test_a_goal_or_a_share_within_gdp_is_no_share_of_natos_spending(
    db: milex.Milex, text: str
) -> None:
    assert [c for c in claims(db, text, "2025-06-01") if c[0] == "nato_share"] == []


def test_a_share_of_natos_spending_before_a_goal_stays_one(db: milex.Milex) -> None:
    text = "The US share of NATO defence spending, 64% in 2024, dwarfs the 2% target."
    got = [(c[1], c[2]) for c in claims(db, text, "2025-06-01") if c[0] == "nato_share"]
    assert got == [(64.0, "USA")]
