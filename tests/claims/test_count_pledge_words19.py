"""Round 19 (issue 13), counts, ranks, membership and pledges: each rule is tried on sentences
written for it in other words than the texts that showed it (must read) and on near misses
(must stay unread, or be read as another kind)."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from tests.claims.helpers import claims_of, values_of


# A grouping is what its members make up, what speaks for them together, what its summit
# convenes, and as large as the rank of the ally who joined last.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        # its members with the compound of members ("32-member nations")
        ("Leaders of the military alliance's 32-member nations met in The Hague.", 32.0),
        ("NATO's 32-member states agreed on a new target.", 32.0),
        # what the grouping is made of
        ("Spain is one of the 31 countries that make up the Atlantic Alliance.", 31.0),
        ("Each of the 32 nations which form NATO sent a minister.", 32.0),
        ("The 32 states belonging to the alliance will meet in June.", 32.0),
        # the members speaking or deciding together
        (
            "NATO leaders met in The Hague. The 32 countries said in a joint statement that ...",
            32.0,
        ),
        ("At NATO's summit the 32 nations declared their support for Ukraine.", 32.0),
        ("The alliance met in Vilnius, where the 32 members reaffirmed the pledge.", 32.0),
        # the meeting convening them
        ("The NATO summit opening tomorrow will convene 32 member nations.", 32.0),
        ("The Ankara Summit will gather the 32 allies to mend the transatlantic rift.", 32.0),
        ("The alliance's summit brought together all 32 leaders in Washington.", 32.0),
        # the N-th member to join
        ("Sweden became the 32nd member of the North Atlantic Alliance in March.", 32.0),
        ("Stockholm joined as NATO's 32nd ally after a long wait.", 32.0),
        ("NATO grew again as Sweden becomes the 32nd country in the alliance.", 32.0),
    ],
)
def test_membership_read(db: milex.Milex, text: str, value: float) -> None:
    assert value in values_of(db, text, "2024-07-01", "membership_count")


@pytest.mark.parametrize(
    "text",
    [
        # no alliance: the EU's members, a company's, a survey's
        "The 27 countries that make up the European Union agreed on a budget.",
        "The 27 countries said in a joint statement that the EU would act.",
        "The conference will convene 30 companies from the arms industry.",
        "She became the 32nd president of the company.",
        # a count of allies meeting a goal, not the membership
        "Only 23 allies said they would meet the target this year.",
        "The bureau ranked the country 31st of 40 economies on trade.",
    ],
)
def test_membership_not_read(db: milex.Milex, text: str) -> None:
    assert values_of(db, text, "2024-07-01", "membership_count") == []


def _ranks(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [(c["value"], c["entity"]) for c in claims_of(db, text, day, "rank")]


# One of any is one of all: "the lowest of any NATO country" is last; the most spending
# measured against the economy is the top share.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spain spent 1.28% of its GDP on defence, the lowest of any NATO member.", "ESP"),
        ("Belgium's 1.3% share was the lowest of any ally in 2024.", "BEL"),
        ("At 1.28% of GDP, Spain's spending was the lowest of any country in the alliance.", "ESP"),
        ("Poland spent 4.1% of GDP on defence, the highest of any NATO country.", "POL"),
        (
            "Poland maintains the highest defense spending relative to GDP within the alliance.",
            "POL",
        ),
        ("Poland has the biggest military budget as a share of its economy in NATO.", "POL"),
        ("Poland records the largest defence outlays in proportion to GDP of all allies.", "POL"),
        # a projection (NATO's estimate) is read, unlike a condition
        (
            "Poland will devote the largest share of its GDP to defence in NATO in 2025 (4.5%).",
            "POL",
        ),
    ],
)
def test_rank_read(db: milex.Milex, text: str, expected: str) -> None:
    assert expected in [entity for _, entity in _ranks(db, text, "2025-01-15")]


@pytest.mark.parametrize(
    "text",
    [
        # a year's low, not a rank among allies
        "Spain spent 1.28% of its GDP on defence, the lowest of any year since 2010.",
        # money, not a share: the highest spending is no rank by share of GDP
        "The United States has the highest defence spending in NATO, at $900 billion.",
        # a rank under a condition, not held now
        "Reaching 5% would make Lithuania the ally with the highest defence spending relative"
        " to GDP.",
        # the top among a region only
        "Poland maintains the highest defense spending relative to GDP in the EU.",
    ],
)
def test_rank_not_read(db: milex.Milex, text: str) -> None:
    assert _ranks(db, text, "2025-01-15") == []


def _counts(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [(c["value"], c["year"]) for c in claims_of(db, text, day, "count_meeting")]


# A word calling the share spent the goal ("the required 2 per cent") leaves it a level spent;
# a total "now", "current" or "present" is the total of a count ("18 (of the now 31)").
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("This year 18 NATO members will spend the required 2 per cent of GDP on defence.", 18.0),
        ("Twenty-three allies now spend the agreed 2% of GDP on defence.", 23.0),
        ("Only 11 countries spent the NATO-mandated 2% of GDP in 2023.", 11.0),
        ("There now appear to be 18 (of the now 31 NATO countries) meeting 2%.", 18.0),
        ("18 of the current 32 allies meet the 2% target.", 18.0),
        ("19 (of the present 32 members) spend 2% of GDP on defence.", 19.0),
    ],
)
def test_count_read(db: milex.Milex, text: str, value: float) -> None:
    assert value in [v for v, _ in _counts(db, text, "2024-07-01")]


@pytest.mark.parametrize(
    "text",
    [
        # no share: the required amount is money, not a level of GDP
        "This year 18 NATO members will spend the required amount on new equipment.",
        # a total with no count of allies meeting a level
        "The now 31 NATO countries met in Vilnius.",
    ],
)
def test_count_not_read(db: milex.Milex, text: str) -> None:
    assert _counts(db, text, "2024-07-01") == []


# A year after the goal's noun and a verb of setting it ("the target set by NATO partners in
# 2014") dates the goal, not the count: the count keeps the year of its own words.
@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("A year ago, only 19 had reached the 2% target set by NATO partners in 2014.", 2024),
        ("Last year only 19 allies reached the 2% goal the allies adopted in 2014.", 2024),
        ("In 2024, 23 allies met the 2% guideline agreed in 2014.", 2024),
        # the year of the count itself stays
        ("Only three allies met the 2% target in 2014.", 2014),
        ("When the 2% target was set, in 2014, only three allies met it.", 2014),
    ],
)
def test_count_year_not_the_goals(db: milex.Milex, text: str, year: int) -> None:
    assert [y for _, y in _counts(db, text, "2025-08-29")] == [year]


# A share of GDP that a plan says will pay for something by a deadline is the plan's
# allocation, a goal; the next part of the split ("while an additional 1.5 percent will
# support ...") is a goal too.
@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "They set out a phased plan: 3.5 percent of GDP by 2035 will fund core defence needs,"
            " while an additional 1.5 percent will support infrastructure and resilience.",
            [3.5, 1.5],
        ),
        (
            "Under the plan, 3.5% of GDP by 2035 is to go to core defence, and a further 1.5%"
            " will be spent on resilience.",
            [3.5, 1.5],
        ),
        (
            "In the new plan 3.5 percent of GDP by 2035 will pay for core military needs, while"
            " up to 1.5 percent will finance civil preparedness.",
            [3.5, 1.5],
        ),
    ],
)
def test_plan_allocation_read(db: milex.Milex, text: str, values: list[float]) -> None:
    found = values_of(db, text, "2025-06-26", "commitment")
    assert all(value in found for value in values)


@pytest.mark.parametrize(
    "text",
    [
        # a level spent, then a purpose: no deadline, no plan
        "Poland spent 4.1 percent of GDP in 2024 and will fund new tanks.",
        "Spending of 2.1% of GDP will fund pensions and new equipment this year.",
    ],
)
def test_plan_allocation_not_read(db: milex.Milex, text: str) -> None:
    assert values_of(db, text, "2025-06-26", "commitment") == []


# What every member is bound to spend is a common goal; the figure a path leads to is its aim;
# a goal's noun governs its infinitive however far before it stands.
@pytest.mark.parametrize(
    "text",
    [
        "In 2014 the allies agreed that all partners would have to spend 2 percent of GDP.",
        "Under the deal each ally must devote at least 2% of its GDP to defence.",
        "Every member state is required to spend 2 percent of GDP on the military.",
        "Ministers endorsed work on a path toward spending 5 percent of GDP on defence.",
        "The allies agreed a path to reaching 5% of GDP on defence.",
        "This is in line with the commitment made by all Allies at the Vilnius and Washington"
        " summits to devote at least 2% of GDP to defence.",
        "They discussed the pledge taken at The Hague Summit to reach 5 percent of GDP.",
    ],
)
def test_goal_read(db: milex.Milex, text: str) -> None:
    assert values_of(db, text, "2025-06-26", "commitment")


@pytest.mark.parametrize(
    "text",
    [
        # an estimate of what all will spend, not a duty
        "NATO expects that all allies will spend 2.1 percent of GDP on average this year.",
        # a country's level, no goal's noun before its verb
        "Luxembourg decided last year to spend more, reaching 1.2% of GNI in 2024.",
    ],
)
def test_goal_not_read(db: milex.Milex, text: str) -> None:
    assert values_of(db, text, "2025-06-26", "commitment") == []
