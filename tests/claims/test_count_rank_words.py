"""Round 18b of issue 13 (counts, ranks, membership and amounts): causes read from the misses of
heldout18-20, each tested on sentences made up in other words than the texts, with near misses
the rule must leave alone (unread, or read as another kind)."""

from __future__ import annotations

from typing import Any

import milex
from milex.claims import check


def _claims(db: milex.Milex, text: str, day: str, kind: str) -> list[dict[str, Any]]:
    return [c for c in check(db.tables, text, day).to_json() if c["kind"] == kind]


def counts(db: milex.Milex, text: str, day: str) -> list[tuple[float, int | None, str]]:
    """Each count's value, year and what it was judged against ("at or above 2%", "below")."""
    found = []
    for c in _claims(db, text, day, "count_meeting"):
        why = c["explanation_as_of_date"] or c["explanation_latest"] or ""
        at = why.split(" allies ")[-1].split(" in ")[0] if " allies " in why else ""
        found.append((c["value"], c["year"], at))
    return found


# A count of allies that spend or invest a share is a count at that share, whatever words of
# degree stand between the verb and the share.


def test_counts_spending_past_a_share_in_other_words(db: milex.Milex) -> None:
    day = "2024-07-09"
    for text in (
        "23 Allies are investing more of 2% at least of their GDP on defence.",
        "Twenty-three allies now devote well over 2 per cent of GDP to defence.",
        "This year 23 member states invest upwards of 2% of their GDP in their armed forces.",
    ):
        assert counts(db, text, day) == [(23.0, 2024, "at or above 2%")], text


def test_raising_spending_to_a_share_is_no_count(db: milex.Milex) -> None:
    day = "2025-08-28"
    text = (
        "Poland, which aims to bring its defence spending to 5% of GDP in 2026, remains the "
        "biggest spender among all 32 allies."
    )
    assert counts(db, text, day) == []
    # A sum spent is not a share: no count of the allies.
    text = "The 23 allies spent more than $400 billion on equipment."
    assert counts(db, text, day) == []


# A count goes on in a later sentence that says "this number" (or "the number (six)"), or that
# runs a count of countries from one year to another: the same threshold, its own year.
def test_this_number_goes_on_with_a_count_above(db: milex.Milex) -> None:
    day = "2025-06-06"
    above = "In 2014, only three out of 28 members met the 2% target. Budgets grew in 2020."
    for after, value in (
        ("This number rose sharply to 23 out of 32 members by 2024.", 23.0),
        ("That number climbed steadily to 23 in 2024.", 23.0),
        ("By 2024 the tally had grown to 23.", None),  # no "this number": a tally of its own
    ):
        found = counts(db, f"{above} {after}", day)
        assert (3.0, 2014, "at or above 2%") in found
        if value is not None:
            assert (value, 2024, "at or above 2%") in found, after
    # No count above: "this number" names nothing to go on with.
    text = "Budgets grew in 2020. This number rose sharply to 23 by 2024."
    assert counts(db, text, day) == []


def test_the_number_restated_in_parentheses_or_between_commas(db: milex.Milex) -> None:
    day = "2025-06-20"
    for text in (
        "Twenty-three NATO members now spend at least 2 percent of GDP on defense, nearly "
        "four times the number (six) that did in 2021.",
        "23 allies meet the 2% target, almost quadruple the number, six, that did so in 2021.",
        "23 allies now meet the 2% goal, against a total (six) that met it in 2021.",
    ):
        found = counts(db, text, day)
        assert (6.0, 2021, "at or above 2%") in found, text
        assert (23.0, 2024, "at or above 2%") in found, text


def test_a_run_of_counts_from_one_year_to_another(db: milex.Milex) -> None:
    day = "2025-03-04"
    above = "As of 2025, 23 out of 32 NATO allies meet the 2% target."
    for after in (
        "The increase has been gradual - from 4 nations in 2017 to 11 countries by 2023.",
        "Progress was slow, from 4 allies in 2017 to 11 members in 2023.",
        "It went from four countries in 2017 to eleven countries by 2023, a steady climb.",
    ):
        found = counts(db, f"{above} {after}", day)
        assert (4.0, 2017, "at or above 2%") in found, after
        assert (11.0, 2023, "at or above 2%") in found, after
    # The alliance's own growth is its size, not a count at a threshold.
    after = "The alliance grew from 12 nations in 1949 to 32 countries by 2024."
    assert [c for c in counts(db, f"{above} {after}", day) if c[0] in (12.0, 32.0)] == []
    # No count above: a run of countries is no count of the 2% club.
    text = "Troops came from 4 nations in 2017 to 11 countries by 2023."
    assert counts(db, text, day) == []


# "As of <the text's own year>" in the present is now: the latest year published.
def test_as_of_the_texts_year_is_the_latest_count(db: milex.Milex) -> None:
    day = "2025-03-04"
    for text in (
        "As of 2025, 23 out of 32 NATO allies meet the 2% target.",
        "As at 2025, 23 of the 32 allies spend at least 2% of GDP on defence.",
        "23 of NATO's 32 members meet the 2% guideline as of 2025.",
    ):
        assert counts(db, text, day) == [(23.0, 2024, "at or above 2%")], text
    # "In 2025 ... will": a projection of 2025, not now.
    text = "In 2025, 23 of the 32 allies will meet the 2% target."
    assert counts(db, text, day)[0][1] == 2025


# "still" in the present speaks of now, whatever year the sentences above were about; and a
# meeting foreseen and denied ("not projected to reach") counts the allies below.
def test_still_short_is_now_and_below(db: milex.Milex) -> None:
    day = "2025-03-04"
    above = "The number of allies at 2% went from 4 in 2017 to 11 in 2023."
    for after in (
        "Despite progress, 8 NATO members are still not projected to reach the full 2% threshold.",
        "Eight allies still fall short of the 2% target.",
        "8 members are still not expected to meet the 2% guideline.",
    ):
        found = counts(db, f"{above} {after}", day)
        assert (8.0, 2024, "below 2%") in found, after
    # "still" of a past year keeps that year.
    text = "In 2023, eight allies were still below the 2% target."
    assert counts(db, text, day) == [(8.0, 2023, "below 2%")]


# "Only <one ally> is at that level / exceeds N%": a count of one.
def test_only_one_ally_past_a_level(db: milex.Milex) -> None:
    day = "2025-06-20"
    above = "Fewer than a third of allies have pledged to spend at least 3.5 percent of GDP."
    for after in (
        "Only Poland is currently at that level.",
        "Only Poland has reached that mark so far.",
        "Only Poland is already above that threshold.",
    ):
        assert counts(db, f"{above} {after}", day) == [(1.0, 2024, "at or above 3.5%")], after
    assert counts(db, "Only Poland currently exceeds 4%.", day) == [(1.0, 2024, "at or above 4%")]
    # A bare share is that ally's figure; "not only" counts no one.
    assert counts(db, "Only Poland spends 4.1% of its GDP on defence.", day) == []
    assert counts(db, f"{above} Not only Poland is at that level: Estonia is close.", day) == []
