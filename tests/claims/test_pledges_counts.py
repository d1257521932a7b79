"""Round 17b of issue 13: pledges (commitments), counts of allies at a threshold and trade
deficits, each rule tested on made-up sentences worded other ways than the texts that showed
the cause, with near misses where the rule must not fire."""

from __future__ import annotations

from typing import Any

import milex
from milex.claims import check

# NATO's June 2024 edition, the one a text of 1 July 2024 reads: 23 allies at or above 2% in
# 2024 and 8 below (Iceland has no figure).
DAY = "2024-07-01"
BELOW, MEETING = 8.0, 23.0


def _claims(db: milex.Milex, text: str, day: str, kind: str) -> list[dict[str, Any]]:
    return [c for c in check(db.tables, text, day).to_json() if c["kind"] == kind]


def _counts(db: milex.Milex, text: str, day: str = DAY) -> list[tuple[float, Any]]:
    """Each count's value and the reference it is judged against (which side it was read on)."""
    return [
        (c["value"], c["reference"]["value"] if c["reference"] else None)
        for c in _claims(db, text, day, "count_meeting")
    ]


# -- counts ----------------------------------------------------------------------------------


def test_a_negated_verb_of_meeting_counts_the_allies_below(db: milex.Milex) -> None:
    for text in (
        "Seven allies haven't hit the 2% mark.",
        "Eight countries don't meet the 2% target.",
        "Eight members hadn’t met the 2 per cent guideline.",
        "Eight allies never reached 2% of GDP.",
        "Eight NATO members were unable to reach the 2% goal.",
    ):
        assert [value for value, _ in _counts(db, text)] and all(
            reference == BELOW for _, reference in _counts(db, text)
        ), text


def test_a_negation_that_is_not_the_counts_verb_keeps_it_meeting(db: milex.Milex) -> None:
    # "not only met but exceeded" is more than meeting; a later ally's "has not met" is its own.
    assert _counts(db, "Twenty-three allies have not only met but exceeded the 2% target.") == [
        (23.0, MEETING)
    ]
    text = "Twenty-three allies met the 2% target, though Canada has not met it."
    assert _counts(db, text) == [(23.0, MEETING)]
    assert _counts(db, "Twenty-three allies hit the 2% mark.") == [(23.0, MEETING)]


def test_a_count_given_as_a_bound_with_its_year_counted_back(db: milex.Milex) -> None:
    # 2019 (five years before 2024): 6 allies met 2% in the latest edition, 7 in June 2024's.
    text = (
        "The number of member states meeting their spending pledges has risen from fewer than "
        "ten five years ago."
    )
    found = _claims(db, text, DAY, "count_meeting")
    assert [(c["value"], c["year"], c["qualifier"]) for c in found] == [(10.0, 2019, "below")]
    assert found[0]["verdict_as_of_date"] == "accurate"
    text = "Twenty-three allies meet the 2% goal this year, up from less than 10 in 2019."
    found = _claims(db, text, DAY, "count_meeting")
    assert [(c["value"], c["year"], c["qualifier"]) for c in found] == [
        (23.0, 2024, None),
        (10.0, 2019, "below"),
    ]
    # A bound on something else after "from" is no count: money, years.
    text = "Twenty-three allies meet the 2% goal, up from less than 10 billion euros of spending."
    assert [c[0] for c in _counts(db, text)] == [23.0]


def test_the_future_of_another_clause_does_not_date_a_count(db: milex.Milex) -> None:
    # In June 2025 NATO's newest edition (June 2024) held 2024: a count in the present perfect
    # speaks of it, whatever a later clause foresees.
    day = "2025-06-24"
    text = (
        "Only 22 of the 32 allies have met the 2% target so far, which raises doubts about "
        "whether they will reach the new one."
    )
    assert [c["year"] for c in _claims(db, text, day, "count_meeting")] == [2024]
    text = "Twenty-two members have met the 2% goal, yet few will reach 3.5% soon."
    assert [c["year"] for c in _claims(db, text, day, "count_meeting")][:1] == [2024]
    # The future that is the count's own (its clause, or up to its threshold) dates it.
    text = "Twenty-three allies, NATO said, will spend 2% of GDP or more."
    assert [c["year"] for c in _claims(db, text, day, "count_meeting")] == [2025]


# -- trade deficits --------------------------------------------------------------------------


def _deficits(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [
        (c["value"], c["year"], c["verdict_latest"], c["why_latest"])
        for c in _claims(db, text, day, "trade_deficit")
    ]


def test_the_year_before_counts_back_from_the_last_deficits_year(db: milex.Milex) -> None:
    day = "2025-03-01"  # "a year earlier" in a text of 2025 would be 2024 counted from its date
    text = "The US goods deficit with Germany was $84.8 billion in 2024 and $82.3bn a year earlier."
    assert [d[:3] for d in _deficits(db, text, day)] == [
        (84.8, 2024, "accurate"),
        (82.3, 2023, "accurate"),
    ]
    text = "America's deficit with Italy hit $43.5 billion in 2024. The previous year it was $44bn."
    assert [d[:2] for d in _deficits(db, text, day)] == [(43.5, 2024), (44.0, 2023)]
    # Without a deficit's year before it, "last year" counts from the text's date.
    text = "The deficit with Canada was $61.2 billion last year."
    assert [d[:3] for d in _deficits(db, text, day)] == [(61.2, 2024, "accurate")]


def test_a_year_milex_does_not_hold_is_unverifiable_with_its_reason(db: milex.Milex) -> None:
    day = "2025-01-28"
    text = "The deficit with Canada was $64.3 billion in 2023. The year before, it was $78.2bn."
    found = _deficits(db, text, "2026-12-01")
    assert found[1] == (78.2, 2022, "unverifiable", "not_held")
    assert [d[2] for d in _deficits(db, text, day)] == ["accurate", "unverifiable"]


def test_a_deficit_summed_over_several_years_is_not_checked(db: milex.Milex) -> None:
    day = "2025-03-01"
    for text in (
        "Trump put the deficit with Canada over the past four years at $250 billion.",
        "The US ran a combined $250 billion goods deficit with Canada since 2021.",
    ):
        assert [d[2:] for d in _deficits(db, text, day)] == [("unverifiable", "not_checked")], text
    # A year's figure beside such words keeps its year: "the highest in a decade".
    text = "The deficit with Italy was $43.5 billion in 2024, the highest in a decade."
    assert [d[:3] for d in _deficits(db, text, day)] == [(43.5, 2024, "accurate")]
