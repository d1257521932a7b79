"""The checker's cheap tests before its patterns (plain substring and suffix tests) may only
skip a pattern where it cannot match: with or without them, the answers are the same."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from milex.claims import extract

QUALIFYING = st.sampled_from(
    [
        "more than", "More Than", "north of", "over", "hangover", "above", "upwards of",
        "in excess of", "exceeds", "exceeding", "top", "tops", "topped", "topping", "surpassing",
        "at least", "no less than", "a minimum of", "less than", "under", "below", "short of",
        "shy of", "fewer than", "up to", "at most", "no more than", "a maximum of", "roughly",
        "about", "around", "nearly", "almost", "some", "approximately", "close to",
        "an estimated", "just under", "just over", "near", "nearing", "spend", "of", "the",
        "to", "GDP", "allies", "$", "€", "£", '"', "“", "”", " ", "  ", "\t", "\xa0", ",", "(",
    ]
)  # fmt: skip
WINDOWS = st.lists(QUALIFYING, max_size=8).map(" ".join)


def _qualifier_by_patterns(sentence: str, start: int, end: int) -> str | None:
    """extract.qualifier without its test of the window's end: each qualifier's cue in turn."""
    before = sentence[max(0, start - extract._QUALIFIER_WINDOW) : start]
    for name, cue in extract._QUALIFIERS:
        if cue.search(before):
            return name
    return "at_least" if extract._OR_MORE.search(sentence[end : end + 15]) else None


@settings(max_examples=500, deadline=None)
@given(WINDOWS, st.sampled_from(["", " ", '"', " “", "$", " €", "  "]))
def test_qualifier_is_that_of_the_patterns(words: str, closing: str) -> None:
    sentence = f"{words}{closing}2.5% or more"
    start = sentence.rindex("2.5%")
    end = start + 4
    assert extract.qualifier(sentence, start, end) == _qualifier_by_patterns(sentence, start, end)


def _phrases(words: str) -> list[str]:
    """Each alternative of a cue's words written out: spaces for \\s+, every optional ending
    with and without it ("top(?:s|ped)?": top, tops, topped), a word's end for \\w*."""
    out = []
    for alternative in re.split(r"\|(?![^(]*\))", words):
        alternative = alternative.replace(r"\s+", " ").replace(r"\w*", "ing")
        optional = re.search(r"\(\?:([^)]*)\)\?$", alternative)
        if optional:
            stem = alternative[: optional.start()]
            out += [stem] + [stem + ending for ending in optional.group(1).split("|")]
        else:
            out.append(alternative)
    return out


def test_every_qualifier_ends_as_its_quick_test_expects() -> None:
    for name, cue in extract._QUALIFIERS:
        for phrase in _phrases(cue._quick.pattern):  # the cue's words
            for closing in ("", "  ", ' "', "“", " about", " an estimated $"):
                if name != "above" and closing.startswith((" a", " $")):
                    continue
                window = f"spending of {phrase}{closing}"
                if cue.search(window) is None:
                    continue  # its anchors miss it ("no less than" is below's "less than")
                assert extract._ends_like_qualifier(window.lower()), (name, window)
                assert extract.qualifier(window + "3%", len(window), len(window) + 2) is not None


YEARISH = st.lists(
    st.sampled_from(["1949", "1939", "2024", "2099", "19", "20", "12024", "a2024", "_2024",
                     "2024a", "2024.5", "(2024)", "x", " ", "-", "é2024", "٢٠٢٤", "1", "2", "0"]),
    max_size=10,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(YEARISH)
def test_year_finds_what_its_plain_form_finds(text: str) -> None:
    plain = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
    assert [m.span(1) for m in extract.YEAR.finditer(text)] == [
        m.span(1) for m in plain.finditer(text)
    ]
    assert [m.span(1) for m in extract.YEAR.finditer(text, 3)] == [
        m.span(1) for m in plain.finditer(text, 3)
    ]


BEFORE_YEARS = st.lists(
    st.sampled_from(["since", "Since", "compared to", "compared with", "than", "versus", "vs.",
                     "vs", "agreed to in", "agreed in", "set in", "set back at the", "made at",
                     "adopted in", "summit in", "Summit of", "2%", "per cent", "percent",
                     "increase", "rise", "growth", "from", "in", "the", ".", ";", "a", "x",
                     "upset", "persist", "4", " ", "  ", "ſince", "İn"]),
    max_size=10,
).map(" ".join)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(BEFORE_YEARS, st.sampled_from(["", " ", "  "]))
def test_a_comparison_year_is_found_where_its_pattern_finds_it(words: str, end: str) -> None:
    before = words + end
    expected = extract._COMPARISON_YEAR.search(before) is not None
    assert extract._comparison_year(before, before.lower()) == expected
