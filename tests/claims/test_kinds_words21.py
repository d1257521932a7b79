"""Round 21 (issue 13), causes of wrong verdicts of counts: which side of the threshold a
count stands on and which year it is about. Each rule is tried on sentences written for it in
other words than the texts that showed it (must read so) and on near misses (must stay read
the other way)."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from milex.claims import check


def _counts(db: milex.Milex, text: str, day: str) -> list[dict[str, Any]]:
    return [c for c in check(db.tables, text, day).to_json() if c["kind"] == "count_meeting"]


def _side(db: milex.Milex, text: str, day: str, value: float) -> str:
    """ "below" or "meeting": how the count of ``value`` was judged."""
    found = [c for c in _counts(db, text, day) if c["value"] == value]
    assert found, text
    return "below" if " below " in found[0]["explanation_as_of_date"] else "meeting"


def _year(db: milex.Milex, text: str, day: str, value: float) -> int | None:
    found = [c for c in _counts(db, text, day) if c["value"] == value]
    assert found, text
    return found[0]["year"]


# "Under" puts a count below a threshold only when a figure or a threshold follows it; "under
# the alliance", "under the treaty" or "under NATO's umbrella" says whose members they are.
@pytest.mark.parametrize(
    "text",
    [
        "This year 23 of the 32 countries under the alliance's umbrella are meeting the 2% target.",
        "Twenty-three of the 32 members under the treaty now spend 2% of GDP on defence.",
        "In 2024, 23 of the 32 nations under NATO hit the 2% spending goal.",
    ],
)
def test_under_whose_members_is_no_shortfall(db: milex.Milex, text: str) -> None:
    assert _side(db, text, "2024-07-11", 23.0) == "meeting"


@pytest.mark.parametrize(
    "text",
    [
        "Eight allies remain under the 2% threshold in 2024.",
        "Eight of the 32 allies spent under 2% of GDP in 2024.",
        "In 2024, eight allies were still under the target of 2% of GDP.",
    ],
)
def test_under_a_threshold_is_below(db: milex.Milex, text: str) -> None:
    assert _side(db, text, "2024-07-11", 8.0) == "below"


# Falling short in another clause, said of another subject ("the rest", "a third of members"),
# is not the count's own shortfall.
@pytest.mark.parametrize(
    "text",
    [
        "The tally should reach 23 of 32 allies at 2% in 2024, while a third of members are"
        " still falling short.",
        "23 of the 32 members will meet the 2% target in 2024, though several others still"
        " fall short.",
        "In 2024, 23 out of 32 allies are projected to reach 2% of GDP, but the rest fell short.",
    ],
)
def test_shortfall_of_another_subject(db: milex.Milex, text: str) -> None:
    assert _side(db, text, "2024-07-11", 23.0) == "meeting"


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, eight of 32 allies fell short of the 2% target.",
        "Eight allies, including Spain, are falling short of the 2% target in 2024.",
        "In 2024 eight members still fall short of the 2% goal.",
    ],
)
def test_own_shortfall_is_below(db: milex.Milex, text: str) -> None:
    assert _side(db, text, "2024-07-11", 8.0) == "below"


# A count's verb comes after an aside set off by dashes that names the members counted; not
# complying with a threshold is falling short of it.
@pytest.mark.parametrize(
    "text",
    [
        "Eight allies – Spain, Belgium, Canada, Italy, Portugal, Slovenia, Luxembourg and"
        " Croatia – still do not meet the 2% guideline.",
        "Eight countries — Croatia, Portugal, Italy, Canada, Belgium, Luxembourg, Slovenia and"
        " Spain — have not yet met the 2% target.",
        "While most allies meet the 2% goal, eight members – among them Canada, Italy and"
        " Spain – are still not compliant.",
    ],
)
def test_aside_then_not_meeting_is_below(db: milex.Milex, text: str) -> None:
    assert _side(db, text, "2025-04-04", 8.0) == "below"


@pytest.mark.parametrize(
    "text",
    [
        "Twenty-three allies – including Poland, the Baltic states, the US and the UK – now"
        " meet the 2% goal.",
        "23 allies – among them Germany for the first time – meet the 2% target this year.",
        "23 allies, not only the big ones, meet the 2% goal this year.",
    ],
)
def test_aside_then_meeting_is_meeting(db: milex.Milex, text: str) -> None:
    assert _side(db, text, "2024-07-11", 23.0) == "meeting"
