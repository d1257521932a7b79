"""A count of allies that have not met a goal, in the present perfect ("have not met", "are yet
to reach"), counts the allies below it, as "did not reach" and "fell short" do; a count that met
the goal keeps its side when another ally "has not met it" later in the sentence."""

from __future__ import annotations

import milex
from milex.claims import check

# NATO's June 2024 edition, the one a text of 1 July 2024 could read: 23 allies at or above 2%
# in 2024 and 8 below (Iceland has no figure).
BELOW, MEETING = 8.0, 23.0


def _counts(db: milex.Milex, text: str) -> list[tuple[float, float]]:
    """Each count's value and the reference it is judged against (which side it was read as)."""
    return [
        (c["value"], c["reference"]["value"])
        for c in check(db.tables, text, "2024-07-01").to_json()
        if c["kind"] == "count_meeting"
    ]


def test_have_not_met_counts_the_allies_below(db: milex.Milex) -> None:
    assert _counts(db, "Seven members have not met the 2% guideline.") == [(7.0, BELOW)]
    assert _counts(db, "Eight allies have not yet met the 2% target.") == [(8.0, BELOW)]


def test_yet_to_reach_counts_the_allies_below(db: milex.Milex) -> None:
    assert _counts(db, "Seven allies are yet to reach the 2% target.") == [(7.0, BELOW)]


def test_a_count_that_met_the_goal_keeps_its_side(db: milex.Milex) -> None:
    text = "Twenty-three allies met the 2% target, though Canada has not met it."
    assert _counts(db, text) == [(23.0, MEETING)]
    assert _counts(db, "Twenty-three allies have met the 2% target.") == [(23.0, MEETING)]
