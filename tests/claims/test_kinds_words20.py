"""Round 20 (issue 13), causes of misses in pledges, counts, membership and ranks: each rule
is tried on sentences written for it in other words than the texts that showed it (must read)
and on near misses (must stay unread, or be read as another kind)."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from tests.claims.helpers import claims_of, values_of


# Who commits, pledges or vows to spend a share counts those who pledged it, in any tense:
# the figure is the pledge's, not a threshold some allies reached.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("All 32 member states commit to spending 3.5% of GDP on core defence.", 3.5),
        ("The 31 allies pledge to devote at least 2% of GDP to defence every year.", 2.0),
        ("All 32 NATO countries vow to invest 5 percent of GDP in defence by 2035.", 5.0),
    ],
)
def test_present_pledge_is_no_count(db: milex.Milex, text: str, value: float) -> None:
    assert values_of(db, text, "2025-06-27", "count_meeting") == []
    assert value in values_of(db, text, "2025-06-27", "commitment")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # allies meeting a pledge made before: a count
        ("23 allies met their commitment to spend 2% of GDP in 2024.", 23.0),
        # allies spending a share now: a count
        ("Only 23 allies spend at least 2% of GDP on defence in 2024.", 23.0),
    ],
)
def test_count_near_pledge_still_read(db: milex.Milex, text: str, value: float) -> None:
    assert value in values_of(db, text, "2025-06-27", "count_meeting")


# How many members of one grouping also belong to the alliance is the overlap of the two
# memberships (for the EU, the EU members that are allies), never a count of allies meeting a
# share.
@pytest.mark.parametrize(
    "text",
    [
        "This matches NATO's pledge, as 23 member states are also NATO allies, to allocate"
        " 3.5% of GDP to core defence by 2035.",
        "23 Member States also belong to NATO and have pledged 3.5% of GDP by 2035.",
        "Of the bloc's members, 23 member states are also members of NATO.",
    ],
)
def test_members_also_allies(db: milex.Milex, text: str) -> None:
    claims = claims_of(db, text, "2025-10-24", "membership_count")
    assert [(c["value"], c["entity"]) for c in claims] == [(23.0, "EU_ALLIES")]
    assert values_of(db, text, "2025-10-24", "count_meeting") == []


@pytest.mark.parametrize(
    "text",
    [
        # no alliance: another overlap
        "Twenty member states are also members of the eurozone.",
        "20 member states are also in the eurozone.",
    ],
)
def test_members_also_other(db: milex.Milex, text: str) -> None:
    assert values_of(db, text, "2025-10-24", "membership_count") == []


# A verb of pledging may carry its time before its "to" ("agreed on Wednesday to", "pledged
# last week to", "committed in 2014 to"): the figure it leads to is still the pledge's, whoever
# else the sentence names.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "NATO members agreed on Wednesday to lift their spending to 5% of GDP, in line with"
            " what U.S. President Donald Trump demanded.",
            5.0,
        ),
        (
            "Allies agreed Tuesday to raise their defence budgets to 5 percent of GDP, as the"
            " U.S. had asked.",
            5.0,
        ),
        (
            "The allies decided last week to lift spending to 3.5% of GDP for core defence,"
            " heeding the US.",
            3.5,
        ),
    ],
)
def test_pledge_with_its_time(db: milex.Milex, text: str, value: float) -> None:
    assert value in values_of(db, text, "2025-06-27", "commitment")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a report of a level, not a pledge ("said on Wednesday" leads to no "to")
        ("The US said on Wednesday its spending rose to 3.2% of GDP in 2024.", 3.2),
        # a rise to a level, the time between verb and "to"
        ("Poland's spending climbed last year to 4.1% of GDP.", 4.1),
    ],
)
def test_time_without_pledge(db: milex.Milex, text: str, value: float) -> None:
    assert values_of(db, text, "2025-06-27", "commitment") == []
    assert value in values_of(db, text, "2025-06-27", "share_gdp")


# A membership's noun may carry words of where its members are ("32 mostly European nations",
# "the alliance's 32 European and North American countries") or be a compound ("32 nation
# states", "the 32 member countries"); the grouping's leaders are as many as its members.
@pytest.mark.parametrize(
    "text",
    [
        "NATO, which includes 32 largely European countries, met in The Hague.",
        "The alliance's 32 European and North American members agreed the new target.",
        "Envoys of all 32 nation states in NATO backed the plan.",
        "At the NATO summit, the 32 member countries renewed their vow to defend each other.",
        "Most of the 32 national leaders at the NATO summit backed the plan.",
    ],
)
def test_membership_with_its_words(db: milex.Milex, text: str) -> None:
    assert 32.0 in values_of(db, text, "2025-06-27", "membership_count")


@pytest.mark.parametrize(
    "text",
    [
        # no alliance in the sentence: the EU's members, a survey's
        "The EU, which includes 27 mostly European nations, met in Brussels.",
        "The 27 member countries of the EU agreed on a budget.",
        "Most of the 30 business leaders at the forum backed the plan.",
        # a count of allies meeting a share
        "At the NATO summit, 23 member countries said they spend 2% of GDP.",
    ],
)
def test_membership_words_not_read(db: milex.Milex, text: str) -> None:
    assert [v for v in values_of(db, text, "2025-06-27", "membership_count") if v != 32.0] == []
    assert 32.0 not in values_of(db, text, "2025-06-27", "membership_count")


def _ranks(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [(c["value"], c["entity"]) for c in claims_of(db, text, day, "rank")]


# The top spender is first by share of GDP when its clause gives a share of GDP, however far
# after it (and the plural "spenders" of one ally is the same); money keeps it unread.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Poland will be the top spender for the second year in a row, putting 4.1% of GDP"
            " into defence.",
            "POL",
        ),
        (
            "No ally reaches 5% of GDP, with Poland being the highest spenders at a level of"
            " 4.12%.",
            "POL",
        ),
        ("Poland is the top spender per GDP among the 32 countries in NATO.", "POL"),
    ],
)
def test_top_spender_read(db: milex.Milex, text: str, expected: str) -> None:
    assert (1.0, expected) in _ranks(db, text, "2025-01-15")


@pytest.mark.parametrize(
    "text",
    [
        # money: the top spender in dollars
        "The United States is the top spender for the second year in a row, with $900 billion,"
        " while Poland puts 4.1% of GDP into defence.",
        "The US is the biggest spender in absolute terms, though only at 3.2% of GDP.",
        # several top spenders, not one ally's rank
        "Poland, Lithuania and Latvia are the highest spenders, each above 3.5% of GDP.",
        "Canada joins the alliance's top spenders with 2% of GDP.",
        "Denmark is now among the largest spenders as a share of GDP.",
    ],
)
def test_top_spender_not_read(db: milex.Milex, text: str) -> None:
    assert [v for v, _ in _ranks(db, text, "2025-01-15") if v == 1.0] == []


def _tariffs(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [(c["value"], c["entity"]) for c in claims_of(db, text, day, "tariff")]


# A rate in parentheses right after a partner's name is that partner's own rate, even where
# the partner is excepted from another rate ("50% for all but the UK (25%)").
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Steel from nearly every country now pays a 50% tariff, with the exception of"
            " Britain (25%).",
            (25.0, "GBR"),
        ),
        ("The 50% steel duty hits all suppliers except the United Kingdom (25%).", (25.0, "GBR")),
        ("Tariffs on steel doubled to 50%, apart from the UK (25 per cent).", (25.0, "GBR")),
    ],
)
def test_rate_in_parentheses_after_partner(
    db: milex.Milex, text: str, expected: tuple[Any, ...]
) -> None:
    assert expected in _tariffs(db, text, "2025-07-28")


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # the goods' rate in parentheses, the partner named before in another clause
        ("The 50% steel tariff spares the UK; the car tariff (25%) does not.", (25.0, "GBR")),
        # a rate in parentheses after goods, not after the name
        ("Britain's car tariff (10%) is lower than the EU's steel tariff (50%).", (50.0, "GBR")),
    ],
)
def test_rate_in_parentheses_not_partners(
    db: milex.Milex, text: str, unexpected: tuple[Any, ...]
) -> None:
    assert unexpected not in _tariffs(db, text, "2025-07-28")


# Rates listed after one verb, each on its goods ("X% on the EU's steel, Y% on cars and Z% on
# the rest"), share the partner the first item names: the list is about that partner.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "US tariffs now stand at 50% on Canadian steel, 25% on vehicles and 10% on energy.",
            (25.0, "CAN"),
        ),
        (
            "Washington levies 50% tariffs on steel from the EU, 25% on cars and car parts, and"
            " 10% on most other products.",
            (25.0, "EUU"),
        ),
        (
            "America applies 50% duties on Japanese steel and aluminium, 25% on autos.",
            (25.0, "JPN"),
        ),
    ],
)
def test_listed_rates_share_partner(db: milex.Milex, text: str, expected: tuple[Any, ...]) -> None:
    assert expected in _tariffs(db, text, "2025-07-11")


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # a new sentence part: the rate is everyone's
        (
            "US tariffs are 50% on Canadian steel; 25% on all cars applies to every country.",
            (25.0, "CAN"),
        ),
        # another partner named for the next rate
        ("US tariffs are 50% on Canadian steel, 25% on cars from Mexico.", (25.0, "CAN")),
    ],
)
def test_listed_rates_not_shared(db: milex.Milex, text: str, unexpected: tuple[Any, ...]) -> None:
    assert unexpected not in _tariffs(db, text, "2025-07-11")


# To commit a share of GDP (the verb with its object, not "committed to") is to spend it: a
# level, not a pledge.
@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        (
            "Lithuania leads the allies in military outlays, committing 4 percent of its GDP,"
            " ahead of Latvia.",
            4.0,
            "LTU",
        ),
        ("Greece commits 3.1 percent of its GDP to its armed forces in 2024.", 3.1, "GRC"),
        ("Latvia, committing 3.2% of its GDP to defence in 2024, comes next.", 3.2, "LVA"),
    ],
)
def test_committing_a_share_is_spending(
    db: milex.Milex, text: str, value: float, entity: str
) -> None:
    assert value not in values_of(db, text, "2025-06-25", "commitment")
    assert (value, entity) in [
        (c["value"], c["entity"]) for c in claims_of(db, text, "2025-06-25", "share_gdp")
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Allies are committed to spending 5% of GDP by 2035.", 5.0),
        ("Canada has committed to 2% of GDP this fiscal year.", 2.0),
    ],
)
def test_committed_to_is_still_a_pledge(db: milex.Milex, text: str, value: float) -> None:
    assert value in values_of(db, text, "2025-06-25", "commitment")


def _counts(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [
        (c["value"], c["verdict_as_of_date"]) for c in claims_of(db, text, day, "count_meeting")
    ]


# A count's verb of meeting may be foreseen ("23 are expected to meet", "20 are set to reach"),
# and a meeting foreseen by any verb of estimating and denied counts the allies below.
@pytest.mark.parametrize(
    "text",
    [
        "Of the 32 allies, 23 are set to reach the 2% target this year.",
        "Of NATO's 32 members, 23 are projected to hit 2% of GDP in 2024.",
        "Out of 31 allies, 23 are likely to meet the 2% guideline in 2024.",
    ],
)
def test_count_foreseen(db: milex.Milex, text: str) -> None:
    assert (23.0, "accurate") in _counts(db, text, "2024-06-18")


@pytest.mark.parametrize(
    "text",
    [
        "Eight allies are not estimated to reach 2% of GDP in 2024.",
        "Eight members are not predicted to hit the 2% target in 2024.",
        "Eight NATO countries are not estimated to meet the 2% goal this year.",
    ],
)
def test_count_foreseen_and_denied(db: milex.Milex, text: str) -> None:
    assert (8.0, "accurate") in _counts(db, text, "2024-06-18")


@pytest.mark.parametrize(
    "text",
    [
        # to meet as to gather: no threshold, no count
        "Of the 32 allies, 23 are expected to meet in Brussels next week.",
        # the foreseen meeting, not denied: eight is no count of those at or above 2%
        "Eight allies are estimated to reach 2% of GDP in 2024.",
    ],
)
def test_count_foreseen_near_misses(db: milex.Milex, text: str) -> None:
    assert (8.0, "accurate") not in _counts(db, text, "2024-06-18")
    assert 23.0 not in [v for v, _ in _counts(db, text, "2024-06-18")]


# A goal whose relative clause has someone spend a share names the goal's figure; so does a
# noun of pledging or announcing with its "that" clause in the future or the conditional; and
# an agreement by a party, however long its name (an acronym in parentheses included).
@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Top of the agenda was the new goal pushed by US President Donald Trump, which would"
            " see every ally spend 5 percent of its economic output on defence.",
            5.0,
        ),
        (
            "The deal struck with the US, which will have the allies devote 3.5% of GDP to core"
            " defence, was hailed.",
            3.5,
        ),
        (
            "Prime Minister Carney's announcement that Canada would spend 2% of GDP on defence"
            " this fiscal year surprised economists.",
            2.0,
        ),
        (
            "The pledge that Britain will reach 2.5% of GDP by 2027 was welcomed in the United"
            " States.",
            2.5,
        ),
        (
            "An agreement by the North Atlantic Treaty Organization (NATO) allies to raise their"
            " defence spending targets to 5% of GDP was reached.",
            5.0,
        ),
    ],
)
def test_goal_clauses(db: milex.Milex, text: str, value: float) -> None:
    assert value in values_of(db, text, "2025-06-30", "commitment")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a report that spending reached a level: past, no pledge
        ("The announcement that Canada spent 1.4% of GDP in 2024 drew criticism.", 1.4),
        # a plan's effect on a country, not the plan's figure: a level foreseen by NATO
        ("NATO's report, which shows Canada spending 1.4% of GDP in 2024, was published.", 1.4),
    ],
)
def test_goal_clauses_near_misses(db: milex.Milex, text: str, value: float) -> None:
    assert value not in values_of(db, text, "2025-06-30", "commitment")


# A count whose verb meets "this target" (the goal the sentence before set), or that stands in
# a relative clause on a goal's noun ("a target that 23 allies met"), counts the allies meeting
# that goal, not a percentage after it in another clause.
@pytest.mark.parametrize(
    "text",
    [
        "The allies agreed in 2014 to spend 2 percent of GDP on defence. In 2024, 23 of the 32"
        " allies met this target, with the alliance as a whole spending 2.71 percent of GDP.",
        "NATO long aimed at 2% of GDP, a target that 23 of its 32 members met in 2024, but now"
        " wants 5%.",
        "The alliance set a 2 percent guideline, which 23 of 32 allies reached in 2024, before"
        " agreeing to 3.5 percent.",
    ],
)
def test_count_of_the_goal_named(db: milex.Milex, text: str) -> None:
    assert (23.0, "accurate") in _counts(db, text, "2025-06-25")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the count's own share, right after its verb
        ("In 2024, 6 of the 32 allies spent at least 2.61 percent of GDP.", (6.0, "accurate")),
        # a goal that the count's own clause restates
        (
            "NATO's old goal was 2%. In 2024, only 1 of the 32 allies met the 3.5% target.",
            (1.0, "accurate"),
        ),
    ],
)
def test_count_own_share_kept(db: milex.Milex, text: str, expected: tuple[Any, ...]) -> None:
    assert expected in _counts(db, text, "2025-06-25")


# What someone wants or demands a figure raised to is an aim, and "now" or "currently" before
# the wanting is when it is wanted, not the figure's year.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Most allies reach 2% today, but the U.S. president now wants that raised to 5%.",
            5.0,
        ),
        ("Washington currently demands allied budgets lifted to 3.5% of GDP.", 3.5),
        ("The US wants European spending increased to 5 percent of GDP.", 5.0),
    ],
)
def test_wanted_raised_to(db: milex.Milex, text: str, value: float) -> None:
    assert value in values_of(db, text, "2025-02-12", "commitment")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a want that is no raise: a level reported
        ("The US wants to know why spending rose to 3.4% of GDP in 2024.", 3.4),
        # spending of a combined GDP: a level, whatever target the sentence names
        (
            "23 allies met this target, with the alliance as a whole spending 2.71 percent of"
            " its combined GDP in 2024.",
            2.71,
        ),
    ],
)
def test_wanted_near_misses(db: milex.Milex, text: str, value: float) -> None:
    assert value not in values_of(db, text, "2025-02-12", "commitment")


# A partner that seeks relief from a rate bears it until it gets relief; one that won or got
# the relief avoids it.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada asked for an exemption from the 25% tariff on steel.", (25.0, "CAN")),
        ("Japan is pressing for relief from the 25% duty on cars.", (25.0, "JPN")),
        (
            "Norway is seeking to negotiate a reprieve from US tariffs, including a 50 per cent"
            " levy on steel.",
            (50.0, "NOR"),
        ),
    ],
)
def test_seeking_relief_bears_the_rate(
    db: milex.Milex, text: str, expected: tuple[Any, ...]
) -> None:
    assert expected in _tariffs(db, text, "2025-06-26")


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("The UK won an exemption from the 50% tariff on steel.", (50.0, "GBR")),
        ("Britain secured relief from the 25% duty on cars last month.", (25.0, "GBR")),
    ],
)
def test_relief_won_avoids_the_rate(
    db: milex.Milex, text: str, unexpected: tuple[Any, ...]
) -> None:
    assert unexpected not in _tariffs(db, text, "2025-06-26")


# What a commitment just named will entail, mean or require spending is its figure (its parts).
@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "NATO agreed a 5% goal on Wednesday. This will mean spending 3.5% of GDP on core"
            " defence.",
            3.5,
        ),
        (
            "Canada broadened its commitment to 5%. It looks like this will entail spending 3.5% of"
            " GDP on core defence.",
            3.5,
        ),
        (
            "The allies set a new target of 5%. This will involve devoting 1.5% of GDP to"
            " resilience.",
            1.5,
        ),
    ],
)
def test_what_a_commitment_entails(db: milex.Milex, text: str, value: float) -> None:
    assert value in values_of(db, text, "2025-06-26", "commitment")


def test_entails_without_commitment_is_a_level(db: milex.Milex) -> None:
    text = "Germany's budget grew strongly. This will mean spending 2.1% of GDP this year."
    assert 2.1 not in values_of(db, text, "2025-06-26", "commitment")
    assert 2.1 in values_of(db, text, "2025-06-26", "share_gdp")


# A list's items in parallel: an item that opens with a figure for something, right after an
# item of the same shape read as a goal's part, is the goal's next part, however far back the
# lead-in stands.
@pytest.mark.parametrize(
    "text",
    [
        "The Hague goal is split in two parts:\n-\n3.5% for core defence needs\n-\n1.5% for"
        " resilience, such as ports and cyber defence",
        "Under the Hague pledge, spending is split:\n-\n3.5% on the armed forces\n-\n1.5% on"
        " infrastructure and civil preparedness",
        "NATO's new spending goal comprises:\n-\n3.5% of GDP for core defence\n-\n1.5% of GDP for"
        " defence-related investment",
    ],
)
def test_list_items_in_parallel(db: milex.Milex, text: str) -> None:
    assert 1.5 in values_of(db, text, "2025-06-27", "commitment")


def test_item_after_a_level_is_no_part(db: milex.Milex) -> None:
    text = "Germany spends 2.1% on defence.\n1.5% for infrastructure in 2024 came on top."
    assert values_of(db, text, "2025-06-27", "commitment") == []
