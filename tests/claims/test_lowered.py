"""The checker runs its case-blind patterns case-sensitively on the lower-cased text (about
twice as fast): the matches must be the same, at the same places, as the case-blind pattern's
on the text as written."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from milex.claims import extract
from milex.claims.kinds import count_meeting, membership_count, rank

PIECES = st.sampled_from(
    [
        "NATO", "Nato", "nato", "allies", "Allies", "European allies and Canada", "EUROPE",
        "and", "Canada", "non-US", "U.S.", "of", "the", "alliance's", "32", "23", "31", "18",
        "2.5%", "3 PER CENT", "percent", "pct", "Members", "member states", "EU", "European Union",
        "countries", "is at", "Currently", "Now", "THIS YEAR", "last year", "met", "spent",
        "More than", "At least", "Up to", "roughly", "north of", "(", ")", ",", ".", " ", "  ",
        "\t", "\xa0", "-", "32-nation", "alliance", "club", "other allies", "Remaining Allies",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=40).map(" ".join)
PAIRS = [
    (extract.EU_CA, extract._EU_CA_LOWER),
    (extract.PERCENT, extract._PERCENT_LOWER),
    (membership_count.MEMBERSHIP, membership_count._MEMBERSHIP_LOWER),
    (count_meeting.OF_TOTAL_DIGITS, count_meeting._OF_TOTAL_LOWER),
    (count_meeting.ALONE_DIGITS, count_meeting._ALONE_LOWER),
    (count_meeting.BEFORE_VERB_DIGITS, count_meeting._BEFORE_VERB_LOWER),
    (rank._PERCENTAGE_WORDS, rank._PERCENTAGE_LOWER),
]


def spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(g) for g in range(m.re.groups + 1)) for m in matches]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_lowered_patterns_match_as_the_case_blind_ones(text: str) -> None:
    assert not extract.has_case_oddity(text)
    for blind, lowered in PAIRS:
        assert spans(list(blind.finditer(text))) == spans(list(lowered.finditer(text.lower())))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cues_find_what_their_case_blind_patterns_find(text: str) -> None:
    cues = [
        extract.PRESENT, extract.LAST_YEAR, extract.THIS_YEAR, extract.AGGREGATE_NATO,
        extract.COMMITMENT, extract.MEET, extract.SHORT, *(c for _, c in extract._QUALIFIERS),
    ]  # fmt: skip
    for cue in cues:
        expected = [m.span() for m in cue.pattern.finditer(text)]
        assert [m.span() for m in cue.finditer(text)] == expected, cue.pattern.pattern


def test_a_letter_lower_cased_into_two_falls_back_to_the_case_blind_pattern() -> None:
    text = "İstanbul: NATO allies currently spend 2.5% of GDP"
    assert extract.has_case_oddity(text)
    assert [m.span() for m in extract.PRESENT.finditer(text)] == [
        m.span() for m in extract.PRESENT.pattern.finditer(text)
    ]
