"""The shared pipeline of the claim checker: sentences -> candidate numbers -> the entity, year
and measure each number is about (from its sentence, the sentences before it and a list's
heading) -> the claim kinds of :mod:`milex.claims.kinds`, each of which recognises its own
claims in a :class:`View` of the sentence.

Pure text processing: no store access. Every regular expression here and in the kinds is
linear (no nested quantifiers), so any input up to the size limit is scanned in time
proportional to its length. Words a scraper dropped (links stripped) make a claim incomplete,
never invented: a claim without an entity or a year is kept and later judged unverifiable.
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import functools
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar, overload

from milex.data import countries

# fmt: off
_WORD_NUMBERS_LIST = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
]
_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]
# fmt: on
_WORD_NUMBERS = {word: value for value, word in enumerate(_WORD_NUMBERS_LIST)} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
for _tens, _name in ((20, "twenty"), (30, "thirty")):
    for _unit, _unit_name in enumerate(_WORD_NUMBERS_LIST[1:10], 1):
        _WORD_NUMBERS[f"{_name}-{_unit_name}"] = _tens + _unit
# A number not part of a longer one: (?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?),
# written with its first digit ahead of the look-behind: re skips ahead to where a pattern can
# start only when it opens with a character or a class, and tries one that opens with a
# look-behind at every character, several times slower.
# A decimal comma ("218,8 billion"): one or two digits after the comma and none after them, so
# "1,234" stays a thousands separator (every use of DIGITS has a scale or sign after it).
DIGITS = r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*,\d\d?(?![\d,])|\d*(?:\.\d+)?))"
# A number in words is any word here, kept only if it is one (is_number): one alternative for
# a word is much faster than eighty alternatives of number words tried at every word.
_WORD = r"\b[A-Za-z]+(?:-[A-Za-z]+)?\b"
_WORD_TOKEN = re.compile(_WORD)
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + _WORD + ")"
COUNT_NUMBER = r"(\d{1,3}(?!\d|[.,]\d)|" + _WORD + ")"
# ("15. percent": a stray full stop before the word, as a list copied from a decree has it)
# ("2-per-cent": the Canadian house style, hyphens between the number and both words)
# ("3.4 p.c of GDP", "2.5pc": per cent abbreviated, as British and Indian papers write it)
_PERCENT_SIGN = r"(?:\.(?=\s?per))?\s?(?:-\s?)?(?:%|per[\s-]?cent\b|percent\b|pct\b|p\.?c\b)"
# Digits first (fast); numbers in words ("two per cent") only where "cent" is written.
# A European decimal comma before a percent sign ("1,28%", "4,12 %"): one or two digits after
# the comma, none after them ("1,200" is a thousands separator, "2, 3%" a list).
PERCENT = re.compile(
    r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d?,\d\d?(?![\d,])|\d*(?:\.\d+)?))"
    + _PERCENT_SIGN,
    re.I,
)
PERCENT_WORDS = re.compile(_NUMBER + _PERCENT_SIGN, re.I)
# Right after a percentage, a word of change: "a 17.9% increase", "a 19.4% real-terms rise" (a
# change, never a level or a target, whatever else the sentence names).
CHANGE_RIGHT_AFTER = re.compile(
    r"^\s*(?:real[-\s]terms?\s+)?(?:increase|rise|jump|growth|hike|boost)\b", re.I
)
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")
# \b(19[4-9]\d|20\d\d)\b with each year's first digit ahead of its look-behind (see DIGITS):
# re skips to the 1s and 2s instead of trying the pattern at every character.
YEAR = re.compile(r"(1(?<!\w1)9[4-9]\d|2(?<!\w2)0\d\d)\b")
# A sentence ends at . ! ? or … (then closing quotes) before a capital, but not after the
# abbreviations news text is full of ("U.S. President", "Mr. Trump") nor after an initial ("W.
# Britain", "Jens S. Larsen"), nor after a month's abbreviation before its day ("effective
# Aug. 1").
_MONTH_BEFORE_DAY = "|".join(
    rf"(?<=\b{month}\.)"
    for month in (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    )
)
SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<!\bU\.S\.)(?<!\bU\.K\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)"
    r"(?<!\b[A-Z]\.)(?!(?:" + _MONTH_BEFORE_DAY + r")\s+\d)"
    r"(?<!\bNo\.)(?<!\bvs\.)[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+"
)


_T = TypeVar("_T")


class lazy(Generic[_T]):
    """functools.cached_property without its lock (3.11 takes one on every first access, a
    measurable share of the checker's time): computed on first access, then kept in the
    instance. The pipeline is single-threaded per text."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> lazy[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> _T | lazy[_T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


# The last text asked about and the answer: every cue asks about the same sentence in turn
# (one tuple, replaced whole, so threads never see a text with another's answer).
_ODD_LAST: tuple[str, bool] = ("", False)


def has_case_oddity(text: str) -> bool:
    """Whether the text holds a letter that re.IGNORECASE matches to "s" or "i" but str.lower()
    does not turn into it ("ſ", "ı", "İ")."""
    global _ODD_LAST
    last = _ODD_LAST
    if last[0] is text:
        return last[1]
    odd = "ſ" in text or "ı" in text or "İ" in text
    _ODD_LAST = (text, odd)
    return odd


def _anchors(words: str) -> tuple[str, ...] | None:
    """The literal text each alternative of ``words`` starts with ("pledge" of "pledge[ds]?",
    "call" of "call(?:ed|s)?\\s+for"): one of them is in every text the pattern matches, and
    looking for plain substrings is faster than running the pattern. None when an alternative
    does not start with two literal letters."""
    alternatives, depth, current = [], 0, ""
    for char in words:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "|" and depth == 0:
            alternatives.append(current)
            current = ""
        else:
            current += char
    alternatives.append(current)
    anchors = []
    for alternative in alternatives:
        literal = re.match(r"[a-z'’ ]*", alternative)
        text = literal.group(0) if literal else ""
        # A letter followed by ?, * or { is optional: it is not part of the anchor.
        if len(alternative) > len(text) and alternative[len(text)] in "?*{":
            text = text[:-1]
        if len(text) < 2:
            return None
        anchors.append(text)
    return tuple(sorted(set(anchors)))


class Cue:
    r"""A case-blind pattern of words or phrases: ``words``, lower-case alternatives
    ("pledge[ds]?|at\s+present"), between ``before`` and ``after`` (word boundaries unless
    given).

    ``words`` alone, case-sensitive in the lower-cased text, is looked for first: every match of
    the pattern holds one of them, and the regex engine finds them several times faster (it
    skips ahead to the letters they start with), so the full pattern runs on few texts. A text
    with a letter that lower-casing cannot stand in for (see has_case_oddity) runs it always."""

    def __init__(
        self,
        words: str,
        before: str = r"\b",
        after: str = r"\b",
        anchors: tuple[str, ...] | None = None,
    ) -> None:
        if words != words.lower():
            raise ValueError(f"cue words must be written in lower case: {words!r}")
        self.pattern = re.compile(f"{before}({words}){after}", re.I)
        # The same pattern, case-sensitive, for the lower-cased text: about twice as fast as
        # re.IGNORECASE (the match's positions are the text's: see has_case_oddity).
        self._lower = re.compile(f"{before}({words}){after}")
        self._quick = re.compile(words)
        # ``anchors``: words one of which every match holds, where the alternatives do not
        # start with two literal letters ("a\s+year\s+ago": "year").
        self._anchors = anchors or _anchors(words)

    def _may_occur(self, low: str) -> bool:
        """Whether the lower-cased text holds one of the words (the text's case oddities
        aside: see has_case_oddity)."""
        anchors = self._anchors
        if anchors is None:
            return self._quick.search(low) is not None
        for anchor in anchors:  # noqa: SIM110 (a loop: no generator on this hot path)
            if anchor in low:
                return True
        return False

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """The first match in ``text`` (``low``: the text lower-cased, when the caller has it),
        at the text's positions; its groups are lower-cased."""
        low = text.lower() if low is None else low
        if has_case_oddity(text):  # then lower() cannot stand in for re.I
            return self.pattern.search(text)
        return self._lower.search(low) if self._may_occur(low) else None

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        """Every match in ``text``, as :meth:`re.Pattern.finditer` (groups lower-cased)."""
        low = text.lower() if low is None else low
        if has_case_oddity(text):
            return self.pattern.finditer(text)
        return self._lower.finditer(low) if self._may_occur(low) else iter(())


# -- the vocabulary several kinds share ----------------------------------------------------

TARIFF = Cue(r"tariffs?|levy|levies|dut(?:y|ies)|import\s+tax(?:es)?")
COMMITMENT = Cue(
    r"target|goal|guideline|benchmark|pledge[ds]?|commit\w*|promise[ds]?|aim\w*|threshold|"
    r"should|must|agreed|demand\w*|call(?:ed|s)?\s+for|obligation|"
    # "a new spending standard of 5% of GDP" (not "by NATO standards", "living standards")
    r"spending\s+standard|new\s+standard|investment\s+standard",
)
GROWTH = Cue(
    r"increase[ds]?|increasing|grew|grow(?:s|n|th|ing)?|rise|rising|rose|risen|jump(?:ed|s)?|"
    r"up|surge[ds]?|"
    r"boost(?:ed|s)?|cut|fell|fall(?:en|s)?|decline[ds]?|real\s+terms",
)
SHARE = Cue(r"gdp|gross\s+domestic\s+product|econom(?:y|ies)|national\s+(?:income|output)")
# ("allotted", "earmarked", "set aside": verbs of putting money to a use, as "allocated" is)
SPENDING = Cue(
    r"spend\w*|spent|budget\w*|defen[cs]e|military|armed\s+forces|outlays?|expenditures?|"
    r"allocat\w*|invest\w*|allot\w*|earmark\w*",
)
MEET = Cue(
    r"meet|meets|met|meeting|reach\w*|hit|hits|hitting|exceed\w*|achiev\w*|fulfil\w*|clear|"
    r"clears|surpass\w*|"
    # "only about three NATO countries that went over the 2% threshold": to go over it
    r"(?:went|gone|goes|go|going)\s+over|"
    # "23 countries are on track to make the target", "only nine made the 2% mark": to make a
    # target is to meet it ("make" alone is not: "made up", "make the case").
    r"(?:make|makes|making|made)\s+(?:the|that|this|its|their|nato['’]s)\s+"
    r"(?:[\w.%-]+\s+){0,3}?(?:target|goal|guideline|benchmark|threshold|mark|grade|cut)",
    anchors=(
        "meet",
        "met",
        "reach",
        "hit",
        "exceed",
        "achiev",
        "fulfil",
        "clear",
        "surpass",
        "mak",
        "made",
        " over",
    ),
)
# Counts of allies below a threshold ("fell short", "were below", "lagged behind", "have not
# met", "are yet to reach").
SHORT = Cue(
    r"fall(?:s|ing)?\s+short|fell\s+short|short\s+of|below|under|lag\w*|miss\w*|fail\w*|"
    r"did\s+not|do\s+not|does\s+not|didn['’]t|don['’]t|not\s+(?:yet\s+)?(?:meet|reach)\w*|"
    r"not\s+(?:yet\s+)?(?:met|hit|achieved|fulfilled)|haven['’]t|hasn['’]t|"
    r"yet\s+to\s+(?:meet|reach|hit|achieve)|delinquent"
)
# "is" and "at" are in every other sentence: "is\s+at" is looked for with its spaces.
_PRESENT_ANCHORS = (
    "currently", "now", "today", "present", "spending", "stands", "sits", "languish", "remains",
    "is at", "is\tat", "is  at", "is\xa0at", "so far", "current",
)  # fmt: skip
# ("up from the current two percent", "its current 1.3%": the level now, as "currently" is)
PRESENT = Cue(
    r"currently|presently|now|today|at\s+present|is\s+spending|are\s+spending|stands\s+at|is\s+at|"
    r"sits\s+at|languish\w*\s+at|remains\s+at|so\s+far|"
    r"(?:the|its|their)\s+current(?!\s+(?:year|fiscal|financial))",
    anchors=_PRESENT_ANCHORS,
)
THIS_YEAR = Cue(r"this\s+year", anchors=("year",))
LAST_YEAR = Cue(
    r"last\s+year|a\s+year\s+(?:earlier|ago|before)|the\s+previous\s+year", anchors=("year",)
)
NEXT_YEAR = Cue(r"next\s+year", anchors=("year",))
# The year before the one a text just gave a figure for ("$64.3 billion in 2023. The year
# before, it was $78.2 billion"; "up from eleven a year earlier"): counted back from that
# figure's year, not from the text's date (which LAST_YEAR is, with no figure before it).
YEAR_BEFORE = Cue(
    r"the\s+year\s+before|the\s+(?:previous|prior|preceding)\s+year|a\s+year\s+(?:earlier|before)",
    anchors=("year",),
)
# The year phrases of a sentence in one pass: (offset from the text's year, basis).
_YEAR_PHRASES = {
    "last": (-1, "relative"),
    "next": (1, "relative"),
    "this": (0, "relative"),
}


class _Phrases(Cue):
    """LAST_YEAR, NEXT_YEAR and THIS_YEAR as one pattern with named groups (PRESENT, whose
    words are others, is looked for on its own)."""

    def __init__(self) -> None:
        parts = (("last", LAST_YEAR), ("next", NEXT_YEAR), ("this", THIS_YEAR))
        words = "|".join(f"(?P<{name}>{cue.pattern.pattern[3:-3]})" for name, cue in parts)
        self.pattern = re.compile(rf"\b(?:{words})\b", re.I)
        self._lower = re.compile(rf"\b(?:{words})\b")
        self._quick = re.compile("|".join(c._quick.pattern for _, c in parts))
        self._anchors = ("year",)  # each of the three holds it


_YEAR_PHRASE = _Phrases()
BY_YEAR = re.compile(r"\b(?:by|until|before|in)\s+(20\d\d)\b", re.I)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|before)\s+$", re.I)


def year_placed(text: str) -> int | None:
    """The last year a sentence places something at: the last year it names that is not a
    deadline ("by 2024") nor part of a full date (None when it names none)."""
    if not _may_hold_digit(text):
        return None
    placed = [
        int(m.group(1))
        for m in YEAR.finditer(text)
        if not _deadline_at(text, m.start()) and not _in_date(text, m.start())
    ]
    return placed[-1] if placed else None


def _deadline_at(text: str, position: int) -> bool:
    """Whether the year at ``position`` is a deadline ("by 2035", "until 2030")."""
    return bool(_DEADLINE_BEFORE.search(text[max(0, position - 8) : position]))


_TARGET_NEAR = re.compile(r"\b(?:target|goal|guideline|benchmark|pledge|commitment)", re.I)
# A clause that is a point of comparison ("..., up from just three countries in 2014").
_COMPARISON_CLAUSE = re.compile(
    r"[,;:(]?\s*(?:up\s+from|down\s+from|compared\s+(?:with|to)|against|versus)\b", re.I
)
# "Ten years ago", "a decade ago", "two years earlier": a year counted back from the text's.
YEARS_AGO = Cue(
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+years?\s+"
    r"(?:ago|earlier)|a\s+decade\s+(?:ago|earlier)",
    anchors=("ago", "earlier"),
)


def years_ago(match: re.Match[str]) -> int:
    """How many years back a YEARS_AGO match counts: "ten years ago" 10, "a decade ago" 10."""
    first = match.group(0).split()[0].lower()
    if "decade" in match.group(0).lower():
        return 10
    if first in ("a", "one"):
        return 1
    return int(first) if first.isdigit() else _WORD_NUMBERS[first]


CORE = re.compile(r"\bcore\b", re.I)
# The alliance's average named right before its figure: "the NATO average of 2.11 per cent".
# "NATO's overall average was approximately 2.6%": an adjective before "average" and a
# qualifier before the figure may stand between.
_AVERAGE_RIGHT_BEFORE = re.compile(
    r"\b(?:NATO|alliance|allied)(?:['’]s)?\s+(?:overall\s+|total\s+|collective\s+|whole\s+)?"
    r"average\s+(?:of|at|is|was|stands\s+at|stood\s+at|of\s+about|of\s+around)\s+"
    r"(?:(?:approximately|about|around|roughly|nearly|almost|some|just|only)\s+)?$",
    re.I,
)
AGGREGATE_NATO = Cue(
    r"on\s+average|average|collective(?:ly)?|combined|as\s+a\s+whole|alliance[-\s]wide|"
    r"the\s+alliance|all\s+(?:nato\s+)?allies\s+together|overall|"
    r"nato['’]?s?\s+(?:core\s+)?(?:defen[cs]e\s+|military\s+)?(?:spending|expenditures?|outlays)|"
    r"allied\s+(?:defen[cs]e\s+|military\s+)?(?:spending|expenditures?|outlays)",
)
# The alliance's own money: "NATO members together", "total defense spending across the
# alliance", "Combined defence expenditure by the alliance" (amounts only: a share of "some
# NATO allies" is nobody's).
ALLIANCE_TOTAL = Cue(
    r"combined|collective(?:ly)?|together|total|overall|alliance[-\s]wide|the\s+alliance|"
    r"nato\s+(?:countries|members|member\s+states|allies)|"
    r"alliance\s+(?:countries|members|member\s+states|nations)|"
    r"nato\s+(?:defen[cs]e|military)\s+(?:spending|expenditures?|outlays?)",
)
EU_CA = re.compile(
    # (the two adjectives name the group as well: "European and Canadian defense spending")
    r"\b(European\s+allies\s+and\s+Canada|Europe\s+and\s+Canada|European\s+and\s+Canadian|"
    r"Canadian\s+and\s+European|Canada\s+and\s+(?:the\s+)?"
    r"European\s+allies|NATO\s+Europe|"
    # "non-U.S. allies", "non-US NATO members", "non-U.S. military spending"
    r"non-U\.?S\.?\s+(?:NATO\s+)?(?:allies|members|member\s+states|countries|nations|"
    r"(?:(?:military|defen[cs]e)\s+)?(?:spending|expenditures?|budgets?|outlays))|"
    r"European\s+(?:NATO\s+)?(?:allies|members|member\s+states)(?:\s+of\s+the\s+alliance)?,?\s+"
    r"(?:together\s+)?(?:with|and|plus)\s+(?:Canada|Ottawa)|(?:NATO\s+)?allies\s+in\s+Europe\s+and\s+"
    r"Canada|(?:the\s+)?remaining\s+allies|(?:all\s+)?other\s+allies)\b",
    re.I,
)

# "spending overall rose to 2% (excluding the US)", "allies' outlays, not counting the United
# States": the alliance but the US, that is Europe and Canada (the US named is no owner).
EXCLUDING_US = re.compile(
    r"\b(?:excluding|not\s+(?:counting|including))\s+(?:the\s+)?"
    r"(?:U\.S\.(?:A\.)?|U\.?S\.?A?\b|United\s+States\b|America\b)",
    re.I,
)


def lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-blind pattern as a case-sensitive one for lower-cased text (about twice as fast;
    the same matches at the same places unless the text has a letter has_case_oddity names):
    its letters lower-cased, escapes (\\S, \\B ...) kept."""
    source, out, i = pattern.pattern, [], 0
    while i < len(source):
        if source[i] == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        out.append(source[i].lower())
        i += 1
    return re.compile("".join(out), pattern.flags & ~re.I)


_EU_CA_LOWER = lowered(EU_CA)
# "the other 31 member states of NATO", "the other 30 allies": the allies but one, the group of
# Europe and Canada when the one set apart is the United States (find_entities).
OTHER_ALLIES = re.compile(
    r"\bthe\s+other\s+(?:2\d|3[01]|thirty(?:-one)?|twenty-\w+)\s+(?:NATO\s+)?"
    r"(?:allies|members|member\s+states|countries|nations|states)"
    r"(?:\s+of\s+(?:NATO|the\s+alliance))?\b",
    re.I,
)
# "like the other 31 NATO member states", "unlike all other allies": the rest of the alliance
# as a comparison, neither a count nor a figure's owner (matched up to "other").
LIKE_OTHER = re.compile(
    r"\b(?:like|unlike|as\s+with|as\s+do|along\s+with)\s+(?:all\s+)?(?:the\s+)?(?:\d+\s+)?other\b",
    re.I,
)
# The verb of a part of a whole right before its percentage ("the US accounted for 64% of
# the alliance's spending", "European members and Canada made up 36%", "represents about 53%
# of the allies' combined GDP"): nato_share reads the rest of a split with it, share_gdp leaves
# a part of a group's output alone.
PART_VERB = re.compile(
    r"\b(?:made\s+up|make\s+up|makes\s+up|accounted\s+for|accounts?\s+for|accounting\s+for|"
    r"represent(?:s|ed|ing)?|contributed|comprised)\s+(?:(?:an?\s+)?(?:estimated|about|around|"
    r"roughly|nearly|almost|some|just|only|the\s+remaining|over|more\s+than|less\s+than)\s+)"
    r"{0,2}$",
    re.I,
)
_PERCENT_LOWER = lowered(PERCENT)
# A percentage of the allies themselves, not of anyone's GDP: "30 per cent of allies were
# spending at least two per cent", "72% of NATO members", and a count restated as a proportion,
# "three out of 28 members (11 per cent)", "23 of the 32 allies, or 72%". Neither a share, a
# threshold nor a goal: no kind reads it.
_OF_MEMBERS_AFTER = re.compile(
    r"\s+of\s+(?:the\s+|all\s+|its\s+)?(?:NATO\s+|alliance\s+)?(?:allies|members|"
    r"member\s+(?:states|countries|nations)|countries|nations)\b(?!['’])",
    re.I,
)
_COUNT_RESTATED_BEFORE = re.compile(
    COUNT_NUMBER + r"\s+(?:(?:NATO\s+)?(?:allies|members|countries)\s+)?"
    r"(?:of|out\s+of)\s+(?:the\s+|its\s+|all\s+)?\d{1,2}\s+(?:NATO\s+)?(?:allies|members|"
    r"member\s+(?:states|countries|nations)|countries|nations)\s*(?:\(\s*|,\s*or\s+)$",
    re.I,
)


def _of_members(s: str, match: re.Match[str]) -> bool:
    """Whether the percentage ``match`` is a proportion of the allies (see _OF_MEMBERS_AFTER)."""
    start, end = match.span()
    if s.startswith(" of", end) and _OF_MEMBERS_AFTER.match(s, end):
        return True
    before = s[max(0, start - 2) : start]
    if "(" not in before and "r " not in before:
        return False
    count = _COUNT_RESTATED_BEFORE.search(s, max(0, start - 80), start)
    return count is not None and is_number(count.group(1))


# The European allies without Canada: "NATO's European allies", "European members", "NATO
# Allies in Europe" (a group milex holds no figures of, unless Canada is named with it).
EUROPEAN_ONLY = re.compile(
    r"\bNATO['’]s\s+European\s+(?:allies|members|states|countries)\b(?!\s+and\s+(?:Canada|Ottawa))|"
    r"\bEuropean\s+(?:NATO\s+)?(?:allies|members|states|countries)\b"
    r"(?!(?:\s+of\s+the\s+alliance)?,?\s+(?:and|plus|together\s+with|with)\s+(?:Canada|Ottawa))|"
    r"\b(?:NATO\s+)?(?:allies|members|member\s+states)\s+in\s+Europe\b"
    r"(?!,?\s+(?:and|plus|together\s+with|with)\s+(?:in\s+)?(?:Canada|Ottawa|North\s+America))",
    re.I,
)
TARGET_WORD = Cue(
    r"target|goal|guideline|benchmark|threshold|floor|pledge|mark|deadline|commitment|"
    r"requirement|obligation"
)
PRONOUN = Cue(r"these\s+countries|this\s+country|they|them|their|it|its")
# A sentence that opens with a description of a country as its subject, and the word opening a
# relative clause after it (View.described_referent).
_DESCRIBED = re.compile(r"the\s+(?:[a-z-]+\s+){0,2}(?:country|nation)\b")
_RELATIVE_WORD = re.compile(r"\b(?:which|that|who|whose)\b")
_BEING = re.compile(r"\b(?:is|was|are|were|be|been)\b")
# A sentence opening with a description of one country as its subject: "The country ... ranks
# 11th", "The kingdom now spends 1.3%" (the ally of the passage: Context.ally_subject).
THE_COUNTRY = re.compile(r"(?:The|This)\s+(?:country|nation|ally|kingdom|republic)\b")
# "The Baltic nation, which borders Russia, ...", "the country", "the kingdom": a definite
# description of the country the passage is about ("the government" is not one: it is as
# often the one who announces a figure as the one who spends it).
DESCRIPTION = Cue(
    r"the\s+(?:[a-z]+\s+)?(?:country|nation|kingdom|republic)",
    anchors=("country", "nation", "kingdom", "republic"),
)
EACH = Cue(r"each|both|respectively|all\s+three|all\s+two")
# "This figure was $17.2 billion in 2022", "This is a notable increase from 1.50% in 2023",
# "this ratio will rise to 2.13 percent": the figure of the claim before, another year.
DEMONSTRATIVE = Cue(
    r"this\s+(?:figure|ratio|share|number|amount|sum|proportion|level)|"
    r"^this\s+(?:is|was|marks|marked|represents|represented)|"
    # "In 2024, this amounted to approximately 4.48 billion euros"
    r"\bthis\s+(?:amounted|amounts|came\s+to|comes\s+to|translated|translates|equalled|equaled|"
    r"equals|totall?ed|totals|corresponded|corresponds)\b",
    anchors=("this",),
)
# "any NATO member", "some allies": a pronoun after these refers to no particular country.
QUANTIFIED = re.compile(
    r"\b(any|every|no|some|many|most|several|all|other)\s+(?:NATO\s+|European\s+)?"
    r"(?:member|ally|allies|country|countries|nation|state)",
    re.I,
)
# The tense of a sentence without a year, after one that looked back ("eight countries that
# last year spent between 1.28% ... This time, 2% is shared by six countries"): a verb of the
# present speaks of now, not of the year looked back to.
PRESENT_TENSE = Cue(
    r"is|are|spends|meets?|has|have|stands|remains|ranks|leads|tops|rounds|accounts?|"
    r"includes?|devotes?|allocates?|this\s+time|so\s+far\s+this",
)
# A verb of spending in the present: what an ally spends now.
_SPENDS_NOW = re.compile(
    r"\b(?:spends|allocates|devotes|invests|already\s+(?:spend|allocate|devote))\b", re.I
)
PAST_TENSE = Cue(
    r"was|were|spent|met|had|did|reached|achieved|exceeded|surpassed|missed|fulfill?ed|fell|"
    r"rose|ranked|stood|allocated|devoted|recorded|amounted|totall?ed|grew|came|ago|last|"
    r"previous(?:ly)?|earlier|then"
)
# A verb of meeting in the present perfect ("have met", "has now reached", "have all achieved"):
# a standing up to now (not "had met", a time before a past one).
PRESENT_PERFECT = Cue(
    r"(?:have|has)\s+(?:(?:now|already|so\s+far|all|each|both|finally|successfully)\s+){0,2}"
    r"(?:met|achieved|reached|hit|fulfill?ed|exceeded|surpassed|attained|crossed|cleared)",
    anchors=("have", "has"),
)
# A sentence about what will or would be (no year given) borrows no year from the text.
FUTURE = Cue(r"will|would|could|shall|plans?\s+to|intends?\s+to|aims?\s+to|going\s+to")
SINCE = re.compile(r"\bsince\s+(19|20)\d\d\b", re.I)
# A qualifier stands right before the number (an opening quote between; "more than $5bn").
_QUALIFIER_END = r"\s*[\"“]?$"
_QUALIFIERS = (
    # the bounds first: "no less than" and "no more than" hold "less than" and "more than"
    (
        "at_least",
        Cue(
            r"at\s+least|\bnot?\s+less\s+than|a\s+minimum\s+of",
            "",
            _QUALIFIER_END,
            anchors=("least", "minimum", "less"),
        ),
    ),
    (
        "at_most",
        Cue(
            r"up\s+to|at\s+most|\bnot?\s+more\s+than|a\s+maximum\s+of|"
            r"\bbetween\s+[$€£]?\d{1,4}(?:[.,]\d{1,3})?\s?(?:%|per\s?cent|percent)?\s+and",
            "",
            _QUALIFIER_END,
            anchors=("up", "most", "more", "maximum", "between"),
        ),
    ),
    (
        "above",
        Cue(
            r"north\s+of|more\s+than|over|above|upwards\s+of|in\s+excess\s+of|exceed\w*|"
            r"top(?:s|ped|ping)?|surpass\w*",
            before="",
            after=r"(?:\s+(?:about|around|roughly|some|an\s+estimated))?\s*[\"“$€£]?$",
            anchors=(
                "north",
                "more",
                "over",
                "above",
                "upwards",
                "excess",
                "exceed",
                "top",
                "surpass",
            ),
        ),
    ),
    # ("that is still not two percent", "not yet 2%": a level said to fall short of a figure)
    (
        "below",
        Cue(
            r"less\s+than|under|below|short\s+of|shy\s+of|fewer\s+than|still\s+not|not\s+yet|"
            r"not\s+even",
            "",
            _QUALIFIER_END,
        ),
    ),
    (
        "approx",
        Cue(
            r"roughly|about|around|nearly|almost|some|approximately|close\s+to|an\s+estimated|"
            r"just\s+under|just\s+over|near|nearing",
            "",
            _QUALIFIER_END,
            anchors=(
                "roughly",
                "about",
                "around",
                "near",
                "almost",
                "some",
                "approximately",
                "close",
                "estimated",
                "just",
            ),
        ),
    ),
)
# Any qualifier's words at all (one quick look before trying each in turn): the words one of
# which every match of a qualifier holds.
_QUALIFIER_ANCHORS = tuple(sorted({a for _, cue in _QUALIFIERS for a in cue._anchors or ()}))
assert all(cue._anchors for _, cue in _QUALIFIERS)
_OR_MORE = re.compile(r"^\s*(?:or\s+more|and\s+above|plus|or\s+above)\b", re.I)
# How far before a number a qualifier may stand (characters).
_QUALIFIER_WINDOW = 30


@dataclass(frozen=True)
class Claim:
    """One numeric claim as found in the text, normalised; offsets index the whole text."""

    sentence: str
    sentence_start: int
    start: int  # the claim's number in the text
    end: int
    kind: str
    value: float
    unit: str  # percent | count | rank | EUR | USD | GBP (amounts in billions)
    entity: str | None = None
    year: int | None = None
    qualifier: str | None = None
    total: int | None = None  # "18 of 32": 32
    threshold: float | None = None  # "18 of 32 allies met 2%": 2
    deadline: int | None = None  # "5% by 2035": 2035
    metric: str | None = None  # commitments: core | total | None
    goods: str | None = None  # tariffs: the goods a rate is on (steel, autos, energy) | None
    # explicit | relative ("last year") | current ("currently": the latest year published by
    # the text's date, the same for both verdicts) | context | none
    year_basis: str = "explicit"
    side: str = "meeting"  # counts: meeting (at or above the threshold) | below


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences of a text with their offsets (headlines and lines count as sentences).
    A run-on "sentence" longer than MAX_SENTENCE characters (no real one is) is cut at spaces,
    so the work per claim stays bounded whatever the input."""
    position = 0
    for match in SENTENCE_END.finditer(text):
        yield from _pieces(text, position, match.start())
        position = match.end()
    yield from _pieces(text, position, len(text))


MAX_SENTENCE = 2000


def _pieces(text: str, start: int, end: int) -> Iterator[Sentence]:
    while start < end:
        stop = end
        if end - start > MAX_SENTENCE:
            cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
            stop = cut if cut > start else start + MAX_SENTENCE
        piece = text[start:stop]
        stripped = piece.strip()
        if stripped:
            yield Sentence(stripped, start + len(piece) - len(piece.lstrip()))
        start = stop


def is_number(text: str) -> bool:
    """Whether a token is a number (digits, or a number in words)."""
    return text[:1].isdigit() or text.lower() in _WORD_NUMBERS


def number(text: str) -> float:
    """A number as written: "1,303", "4.48", "twenty-three"."""
    word = _WORD_NUMBERS.get(text.lower())
    if word is not None:
        return float(word)
    if _COMMA_DECIMAL_NUMBER.fullmatch(text):  # "1,28", "218,8": a decimal comma
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


_COMMA_DECIMAL_NUMBER = re.compile(r"\d+,\d{1,2}")


def holds(low: str, words: tuple[str, ...]) -> bool:
    """Whether ``low`` holds any of ``words`` (a cheap look before a pattern)."""
    for word in words:  # noqa: SIM110 (a loop: no generator on this hot path)
        if word in low:
            return True
    return False


# Words of trade, and words of defence: a sentence with the first and none of the second speaks
# of trade money ("the goods deficit ... a 32.6% increase", "the U.S. imported over $400
# billion in Canadian goods"), never of defence spending (growth and amount read none there).
_TRADE_WORDS = ("deficit", "surplus", "export", "import", "goods", "trade")
_DEFENCE_WORDS = ("defen", "military", "armed forces", "army", "arms", "weapon")


def about_trade(low: str) -> bool:
    """Whether a lower-cased sentence speaks of trade and not of defence (see _TRADE_WORDS)."""
    return holds(low, _TRADE_WORDS) and not holds(low, _DEFENCE_WORDS)


def _may_qualify(low: str) -> bool:
    return holds(low, _QUALIFIER_ANCHORS)


# Every qualifier ends the text before its number (then only spaces and a quote or currency
# sign): its last word ends with one of these, or is "exceed..." or "surpass..." (\w*).
# A plain test of the text's end, before the patterns try every position of the window.
_QUALIFIER_ENDINGS = (
    "of", "than", "over", "above", "top", "tops", "topped", "topping", "least", "under",
    "below", "to", "most", "roughly", "about", "around", "nearly", "almost", "some",
    "approximately", "estimated", "near", "nearing", "between", "and", "not", "yet", "even",
)  # fmt: skip
_QUALIFIER_SIGNS = '"“$€£'


def _ends_like_qualifier(low: str) -> bool:
    """Whether the lower-cased text before a number may end with a qualifier (see
    _QUALIFIER_ENDINGS; tests/claims/test_lowered.py holds it to every qualifier's words)."""
    tail = low.rstrip()
    if tail and tail[-1] in _QUALIFIER_SIGNS:
        tail = tail[:-1].rstrip()
    return tail.endswith(_QUALIFIER_ENDINGS) or "exceed" in tail or "surpass" in tail


def qualifier(sentence: str, start: int, end: int) -> str | None:
    """The qualifier standing right before a number ("more than", "about") or after it ("or
    more"), as above | at_least | below | at_most | approx, or None."""
    before = sentence[max(0, start - _QUALIFIER_WINDOW) : start]
    low = before.lower()
    if has_case_oddity(before) or (_ends_like_qualifier(low) and _may_qualify(low)):
        for name, cue in _QUALIFIERS:
            if cue.search(before, low):
                return name
    if _OR_MORE.search(sentence[end : end + 15]):
        return "at_least"
    if low.endswith(("between ", "between")) and _RANGE_REST.match(sentence, end):
        return "at_least"  # "between 2% and 2.1%": the first bound is a floor (the second,
        # "between 2% and", a ceiling: see _QUALIFIERS)
    return None


_RANGE_REST = re.compile(r"\s?(?:%|per\s?cent|percent)?\s+and\s+[$€£]?\d")


# -- entities ---------------------------------------------------------------------------------

# A capital standing for its country as the subject of a sentence ("Paris plans to ...",
# "Berlin has allocated"; the capitals are milex.data.countries.capitals()): not after "in",
# "at", "from", "to" or "of" ("officials in Berlin").
_NOT_CAPITAL_AFTER = re.compile(
    r"[-\s]+(?:summit|treaty|declaration|agreement|accord|conference|consensus|based|club|"
    r"office|format|talks|meeting|embassy|Post|Times)\b",
    re.I,
)


def _capital_stands_for_country(sentence: str, start: int, stop: int) -> bool:
    """ "Paris plans to ...": the subject; not "officials in Berlin", "the Paris Agreement"."""
    if _NOT_SUBJECT.search(sentence[max(0, start - 8) : start]):
        return False
    return not _NOT_CAPITAL_AFTER.match(sentence, stop)


_NOT_SUBJECT = re.compile(r"\b(?:in|at|from|to|of|on|near|via|and|the|with|for)\s+$", re.I)
_NAME_RUN = re.compile(r"[A-ZÀ-Þ][\w'’.-]*(?:,?\s+(?:(?:and|of|the|de)\s+)?[A-ZÀ-Þ][\w'’.-]*)*")
_NAME_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’.-]*")


# The most words a name starting with a word has (countries.name_words), by word as written:
# the words of news text repeat, and this is looked up for every capitalised one.
_NAME_STARTS: dict[str, int] = {}
# What a run of capitalised words names, by the run as written ("NATO", "US Secretary of State
# Marco Rubio"): runs repeat in news text, and which of a run's words are a capital or start a
# name, and which name, depends on the run alone (see _run_names); only whether each counts
# there depends on the words around it.
_RUN_NAMES: dict[str, tuple[tuple[int, int, str, bool], ...]] = {}


def find_entities(sentence: str, low: str | None = None) -> list[tuple[int, str]]:
    """Positions and codes of the countries and groups a sentence names (capitals standing for
    their countries included); ``low``: the sentence lower-cased, when the caller has it."""
    found: list[tuple[int, str]] = []
    low = sentence.lower() if low is None else low
    groups: list[tuple[int, int]] = []
    if (
        "canad" in low
        or "ottawa" in low
        or "non-u" in low
        or "nato europe" in low
        or "remaining" in low
        or ("other" in low and "allies" in low)
    ):  # every alternative of EU_CA holds one of these
        odd = has_case_oddity(sentence)
        for match in (EU_CA if odd else _EU_CA_LOWER).finditer(sentence if odd else low):
            if LIKE_OTHER.search(low, max(0, match.start() - 30), match.end()):
                continue  # "Belgium, like the other allies, ...": a comparison, not the owner
            found.append((match.start(), countries.NATO_EU_CA))
            groups.append(match.span())
    if "excluding" in low or "not counting" in low or "not including" in low:
        for match in EXCLUDING_US.finditer(sentence):
            found.append((match.start(), countries.NATO_EU_CA))
            groups.append(match.span())
    others = OTHER_ALLIES.search(sentence) if "other" in low else None
    if others and LIKE_OTHER.search(low, max(0, others.start() - 30), others.end()):
        others = None
    # Names are runs of capitalised words (with "and"/"of" inside: "Bosnia and Herzegovina");
    # the regex skips the lower-case rest of the sentence in C.
    known = _RUN_NAMES
    for run in _NAME_RUN.finditer(sentence):
        text = run.group()
        names = known.get(text)
        if names is None:
            names = _run_names(text)
            if len(text) <= 80:  # a run of a real text (a longer one is not kept)
                if len(known) > 65536:
                    known.clear()
                known[text] = names
        if not names:
            continue  # most runs ("The", "In", "Rutte") name nothing
        offset = run.start()
        for first, last, code, capital in names:
            first += offset
            last += offset
            if capital:
                if _capital_stands_for_country(sentence, first, last):
                    found.append((first, code))
            elif code != "USA" or not _DOLLARS_AFTER.match(sentence, last):
                # ("485 billion US dollars", "US$6.6bn": a currency, not the country)
                before = sentence[max(0, first - 4) : first].lower()
                found.append((first - (4 if before == "the " else 0), code))
    if others and any(c == "USA" for _, c in found):
        # "The US spent 967.7 billion; the other 31 member states of NATO combined 506.7"
        found.append((others.start(), countries.NATO_EU_CA))
        groups.append(others.span())
    if groups:  # "European allies and Canada" is the group, not Canada
        found = [
            (p, c)
            for p, c in found
            if c == countries.NATO_EU_CA or not any(a <= p < b for a, b in groups)
        ]
    return sorted(set(found))


def _run_names(run: str) -> tuple[tuple[int, int, str, bool], ...]:
    """The capitals and names a run of capitalised words holds, in order: (start, end, code,
    whether a capital), at the run's positions. find_entities keeps a capital only where it
    stands for its country, a name only where it is not a currency ("US dollars")."""
    capitals = countries.capitals()
    if run.isalpha():  # one word (most runs: "The", "In"): it is its own only word
        if _NAME_STARTS.get(run) == 0 and run not in capitals:
            return ()  # a word already known to start no name
        words = [(0, len(run))]
    else:
        words = [m.span() for m in _NAME_WORD.finditer(run)]
    out: list[tuple[int, int, str, bool]] = []
    index = 0
    while index < len(words):
        start, stop = words[index]
        word = run[start:stop]
        capital = capitals.get(word)
        if capital is None and word.endswith(("'s", "’s")):
            capital = capitals.get(word[:-2])  # "Ottawa's defence budget": a possessive
        if capital is not None:
            out.append((start, stop, capital, True))
            index += 1
            continue
        if not word[0].isupper():
            index += 1
            continue
        most = _NAME_STARTS.get(word)
        if most is None:
            if len(_NAME_STARTS) > 65536:
                _NAME_STARTS.clear()
            most = countries.name_words(word) or countries.name_words(word.rstrip("s"))
            _NAME_STARTS[word] = most
        if not most:
            index += 1
            continue
        size = _match_at(run, words, index, out, most)
        index += size or 1
    return tuple(out)


def _match_at(
    run: str,
    words: list[tuple[int, int]],
    index: int,
    out: list[tuple[int, int, str, bool]],
    most: int = 4,
) -> int:
    """The number of words of the longest name starting at ``words[index]`` (0 if none), which
    goes to ``out``; ``most``: the most words a name starting with that word has."""
    for size in range(min(4, most, len(words) - index), 0, -1):
        first, last = words[index][0], words[index + size - 1][1]
        code = _named(run[first:last], size == 1)
        if code is not None:
            out.append((first, last, code, False))
            return size
    return 0


_DOLLARS_AFTER = re.compile(r"\s*(?:dollars?\b|\$)", re.I)  # "US dollars", "US$6.6bn"
# What a phrase as written names (see _named): the phrases of news text repeat.
_NAMED: dict[tuple[str, bool], str | None] = {}


def _named(written: str, single: bool) -> str | None:
    """The code of the country or group a phrase names, or None ("NATO" in prose is the
    organisation, not its aggregate figure: the aggregate needs a cue such as "on average",
    see AGGREGATE_NATO)."""
    key = (written, single)
    if key in _NAMED:
        return _NAMED[key]
    phrase = written.rstrip(".,")
    candidates = [phrase]
    if written.endswith("."):
        candidates.append(written.rstrip(","))  # "U.S."
    if phrase.endswith(("'s", "’s")):
        candidates.append(phrase[:-2])  # "The UK's", "the US's": a possessive
    if single and phrase.lower().endswith("s") and len(phrase) > 4:
        candidates.append(phrase[:-1])  # "Germans" -> German
    code = None
    for candidate in candidates:
        country = countries.find_in_prose(candidate)
        if country is not None and country.iso3 != countries.NATO:
            code = country.iso3
            break
    if len(_NAMED) > 65536:
        _NAMED.clear()
    _NAMED[key] = code
    return code


ENTITY_REACH = 60


def nearest(
    entities: list[tuple[int, str]],
    position: int,
    exclude: set[str],
    sentence: str | None = None,
) -> str | None:
    """The country a number belongs to: the closest one named just before it ("Poland, at
    more than 4%"), else the closest after it."""
    at = bisect.bisect_left(entities, (position, ""))
    before = [(position - p, c) for p, c in entities[max(0, at - 8) : at] if c not in exclude]
    if sentence is not None and before:
        # "Latvia (currently in fourth position, with 3.15%)": a number inside parentheses
        # opened after a name is that name's, whatever commas stand between.
        distance, closest = min(before)
        if distance <= ENTITY_REACH:
            between = sentence[position - distance : position]
            if between.rfind("(") > between.rfind(")"):
                return closest
    if sentence is not None and len(before) > 1:
        # "Germany, Ukraine's largest arms supplier in the EU, will spend 2.1%": a name in an
        # aside between commas is not the subject.
        aside = [(d, c) for d, c in before if _in_aside(sentence, position - d, position)]
        if aside and len(aside) < len(before):
            before = [item for item in before if item not in aside]
    elif sentence is not None and before and "," in sentence[position - before[0][0] : position]:
        # "The Baltic nation, which borders Russia, currently spends 3%": a name in a relative
        # clause between commas is never the subject (the owner is the sentence before's).
        before = [(d, c) for d, c in before if not _in_relative(sentence, position - d, position)]
    if before and min(before)[0] <= ENTITY_REACH:
        return min(before)[1]
    after = [(p - position, c) for p, c in entities[at : at + 8] if c not in exclude]
    if before and min(before)[0] <= 2 * ENTITY_REACH and sentence is not None and after:
        # A name after the number but past a comma starts another clause ("..., while Poland").
        first_after = position + min(after)[0]
        if "," in sentence[position:first_after] or ";" in sentence[position:first_after]:
            return min(before)[1]
    # "the U.S. ... (the equivalent of 3.4 percent of GDP), while non-U.S. spending ...": a name
    # past "while" or "whereas" opens a clause of its own, however far back the subject is.
    if (
        before
        and after
        and sentence is not None
        and _CONTRAST.search(sentence, position, position + min(after)[0])
    ):
        return min(before)[1]
    candidates = before + after
    return min(candidates)[1] if candidates else None


_CONTRAST = re.compile(r"[,;]\s*(?:while|whereas)\b", re.I)


# An aside that opens after a comma: "Greece, the country most often compared to Türkiye in
# NATO data, is projecting ...", "Germany, which buys more from France, ...".
_ASIDE_OPENS = re.compile(r",\s+(?:the|a|an|which|who|whose|one|its|their)\b", re.I)


def _in_aside(sentence: str, place: int, position: int) -> bool:
    """Whether a name at ``place`` stands in an aside between commas that closes before the
    number at ``position`` ("Germany, Ukraine's largest arms supplier in the EU, will spend
    2.1%": Ukraine)."""
    opened = sentence.rfind(",", 0, place)
    if opened < 0 or "," not in sentence[place:position]:
        return False
    if place - opened <= 2 or _ASIDE_OPENS.match(sentence, opened):
        return True
    # An aside runs over the commas of a list of names inside it ("Poland, a front-line state
    # bordering Russia, Ukraine and Russian ally Belarus, has seen ..."): a name after
    # "and" that ends such a list is in the aside an earlier comma opened (two commas back
    # at most, each list item short and a name, no figure: "the second is the USA with 3.5%,
    # and the third is Greece" is a list of clauses, not of names).
    for _ in range(2):
        before = sentence.rfind(",", 0, opened)
        if before < 0 or opened - before > 40 or _DIGIT.search(sentence, before, place):
            return False
        opened = before
        if _ASIDE_OPENS.match(sentence, opened):
            return True
    return False


_RELATIVE_OPENS = re.compile(r",\s+(?:which|who|whose|that)\b", re.I)


def _in_relative(sentence: str, place: int, position: int) -> bool:
    """Whether a name at ``place`` stands in a relative clause between commas (", which
    borders Russia,") that closes before the number at ``position``."""
    opened = sentence.rfind(",", 0, place)
    return (
        opened >= 0
        and "," in sentence[place:position]
        and bool(_RELATIVE_OPENS.match(sentence, opened))
    )


# A name right after one of these is not a sentence's subject ("led many to Germany").
_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|at|from|to|of|on|near|via|with|for|than|by|like|against|over|into)\s+$", re.I
)


def _subject(sentence: str, context: Context, strict: bool = False) -> str | None:
    """The country "it" in the next sentence stands for: the first the sentence names that is
    not after a preposition ("Germany spent 2.1%, more than France. It ..."), else the last
    ("The reasoning that has led many to Germany applies to Poland, too. In 2025 it ...").
    ``strict``: the first name that is no object of a preposition of place, direction or
    opposition (see _OBJECT_BEFORE), else none: what a passage is about."""
    named = context.entities(sentence)
    if strict:
        for place, code in named:
            if not (
                _OBJECT_BEFORE.search(sentence, max(0, place - 12), place)
                or _PLACE_BEFORE.search(sentence, max(0, place - 40), place)
            ):
                return code
        return None
    for place, code in named:
        if not _AFTER_PREPOSITION.search(sentence, max(0, place - 12), place):
            return code
    return named[-1][1] if named else None


# A name after one of these is no subject of a passage: a place, a direction, an opponent, a
# comparison ("a summit in Vilnius", "pressure from the U.S.", "aggression against Estonia");
# one after "of" or "by" may be ("the Ministry of Defence of Latvia reported", "announced by
# Norwegian Prime Minister ...").
_OBJECT_BEFORE = re.compile(
    r"\b(?:in|at|from|to|on|near|via|with|for|than|like|against|over|into)\s+$", re.I
)
# A country after a city set off by a comma, after a preposition: "held in The Hague,
# Netherlands", "in Vilnius, Lithuania" (a place).
_PLACE_BEFORE = re.compile(
    r"\b(?i:in|at|from|to|near)\s+(?:[Tt]he\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?,\s+$"
)


def is_ally(code: str) -> bool:
    country = countries.find(code)
    return country is not None and country.nato_accession is not None


# -- years ------------------------------------------------------------------------------------

# How far from a number a year may stand and still be the year of that number (characters).
_YEAR_REACH = 160
_COMPARISON_YEAR = re.compile(
    # ("more than 19 percent in 2024": a qualifier before a figure, not a comparison)
    r"(?:\b(?:since|compared\s+(?:to|with)|than(?!(?:(?<=more\sthan)|(?<=less\sthan)|"
    r"(?<=fewer\sthan))\s+[$€£]?\d)|versus|vs\.?)\b[^.;!?]{0,30}|\bagreed\s+(?:to\s+)?in\s+"
    r"|\b(?:set|agreed|made|adopted)\s+(?:back\s+)?(?:in|at)\s+(?:the\s+)?"
    r"|\bsummit\s+(?:in|of)\s+"
    r"|(?:%|\bper\s?cent)\s+(?:increase|rise|growth)\b[^.;!?\d]{0,30}\bfrom\s+)$",
    re.I,
)


class Facts:
    """What a sentence says as a whole, computed once (not once per number in it)."""

    def __init__(
        self,
        sentence: str,
        text_date: date | None,
        years: list[tuple[int, int]] | None = None,
        low: str | None = None,
    ) -> None:
        self.text = sentence
        self.low = sentence.lower() if low is None else low
        self.tariff_listed = False  # a line of a list of tariff rates
        self._dates(sentence, text_date, topical_years(sentence) if years is None else years)

    # Each cue is looked for only when a rule asks for it.
    @lazy
    def tariff(self) -> bool:
        return self.tariff_listed or bool(TARIFF.search(self.text, self.low))

    @lazy
    def meet(self) -> bool:
        return bool(MEET.search(self.text, self.low))

    @lazy
    def short(self) -> bool:
        return bool(SHORT.search(self.text, self.low))

    @lazy
    def commitment(self) -> bool:
        return bool(COMMITMENT.search(self.text, self.low))

    @lazy
    def share_or_spending(self) -> bool:
        return bool(SHARE.search(self.text, self.low) or SPENDING.search(self.text, self.low))

    @lazy
    def aggregate(self) -> bool:
        return bool(AGGREGATE_NATO.search(self.text, self.low))

    @lazy
    def since(self) -> bool:
        return bool(SINCE.search(self.text))

    @lazy
    def growth(self) -> bool:
        return bool(GROWTH.search(self.text, self.low))

    @lazy
    def by_year(self) -> bool:
        return bool(BY_YEAR.search(self.text))

    @lazy
    def future(self) -> bool:
        return bool(FUTURE.search(self.text, self.low))

    def _dates(self, sentence: str, text_date: date | None, years: list[tuple[int, int]]) -> None:
        """Years and year phrases with their positions."""
        self.years = [(place, year, "explicit") for place, year in years]
        self.relative: tuple[int | None, str] = (None, "none")
        if text_date is not None:
            for m in _YEAR_PHRASE.finditer(sentence, self.low):
                offset, basis = _YEAR_PHRASES[m.lastgroup or ""]
                self.years.append((m.start(), text_date.year + offset, basis))
            for m in PRESENT.finditer(sentence, self.low):
                self.years.append((m.start(), text_date.year, "current"))
            for m in YEARS_AGO.finditer(sentence, self.low):
                before = sentence[max(0, m.start() - 40) : m.start()]
                if not (_event_named_before(before + "in ") or _EVENT_AGO.search(before)):
                    self.years.append((m.start(), text_date.year - years_ago(m), "relative"))
            self.years.sort()

    def year(self, position: int) -> tuple[int | None, str]:
        """The year (or "last year", "currently") nearest the number; else the context's."""
        if not self.years:
            return self.relative
        at = bisect.bisect_left(self.years, (position, 0, ""))
        near = [
            (place, year, basis)
            for place, year, basis in self.years[max(0, at - 3) : at + 3]
            if basis != "explicit" or abs(place - position) <= _YEAR_REACH
        ] + [item for item in self.years if item[2] != "explicit"]
        if not near:
            earlier = [(p, y) for p, y, b in self.years if b == "explicit" and p < position]
            if earlier:
                # The sentence's year stated early, the last before the number ("... will
                # allocate 19,723 million euros in 2024, 1.28 percent ..., below ... and far
                # from the first countries on the list: Poland (4.12%), Estonia (3.43%)").
                return earlier[-1][1], "explicit"
            return self.relative
        _, year, basis = min((abs(p - position), y, b) for p, y, b in near)
        return year, basis


def could_be_year(digit_run: str) -> bool:
    """Whether a run of digits can be a YEAR (a cheap test before the pattern)."""
    return len(digit_run) == 4 and digit_run[:2] in ("19", "20")


def topical_years(sentence: str, first_digit: int = 0) -> list[tuple[int, int]]:
    """Positions and values of the years a sentence is about: not a year after "since",
    "compared to" or "than" (a point of comparison), nor the year of an event ("Russia's
    invasion of Ukraine in 2022", "the 2014 Wales summit"), nor one inside a full date (a
    dateline). ``first_digit``: where the sentence's first digit is, if known (no year starts
    before)."""
    return [
        (m.start(), int(m.group(1)))
        for m in YEAR.finditer(sentence, first_digit)
        if not _compared(sentence[max(0, m.start() - 45) : m.start()], sentence, m.start())
        and not (_event_named_after(sentence, m.end()) and not _when(sentence, m.start()))
        and not _in_date(sentence, m.start())
        and not _price_base(sentence, m.start(), m.end())
    ]


# The year of a price base: "2.76% of GDP (based on 2021 prices)", "$1.3tn in constant 2021
# dollars", "at 2015 prices and exchange rates": the year prices are measured in, not the
# year of the figure.
_PRICE_BASE_AFTER = re.compile(
    r"\)?\s*(?:constant\s+|real\s+)?(?:prices|(?:US\s*|U\.S\.\s*)?dollars|USD|"
    r"exchange\s+rates?)\b",
    re.I,
)
_PRICE_BASE_BEFORE = re.compile(r"\b(?:constant|base\s+year|prices\s+of)\s*\(?\s*$", re.I)


def _price_base(sentence: str, start: int, end: int) -> bool:
    """Whether the year at ``start:end`` is a price base (see _PRICE_BASE_AFTER)."""
    # (cheap looks first, without lower-casing: the second letter on of each word)
    after = sentence[end : end + 24]
    if (
        "ric" in after or "ollar" in after or "SD" in after or "sd" in after or "xchang" in after
    ) and (_PRICE_BASE_AFTER.match(sentence, end)):
        return True
    before = sentence[max(0, start - 14) : start]
    return ("onstant" in before or "ase" in before or "rices" in before) and bool(
        _PRICE_BASE_BEFORE.search(sentence, max(0, start - 14), start)
    )


def _when(sentence: str, position: int) -> bool:
    """Whether the clause before ``position`` opens with "when": an event there dates the
    sentence ("When NATO allies made the commitment at the 2014 summit, only three countries
    met the target")."""
    start = max(sentence.rfind(",", 0, position), sentence.rfind(";", 0, position)) + 1
    return "when" in sentence[start:position].lower() and bool(
        _WHEN.search(sentence, start, position)
    )


_WHEN = re.compile(r"\bwhen\b", re.I)


# The events a year or "two years ago" can date, which are not the year of a figure beside
# them: "following Russia's invasion of Ukraine two years ago, Germany has met ... 2%", "the
# target ... set at the summit in Riga in 2006", "Finland, which joined NATO in 2023".
_EVENTS = (
    r"\b(?:invasion|invad(?:ed?|ing)|annex(?:ation|ed)|summit|join(?:ed|ing|s)|accession|founded)\b"
)
# "joining in April 2023": a month may stand between "in" and the year.
_EVENT_IN = re.compile(
    _EVENTS + r"[^.;!?\d]{0,35}?\b(?:in|of)\s+(?:(?:" + "|".join(_MONTH_NAMES) + r")\s+)?$", re.I
)
_EVENT_AGO = re.compile(_EVENTS + r"[^.;,!?\d]{0,30}$", re.I)
# "Russia's 2022 full-scale invasion", "the 2014 Wales Summit".
_EVENT_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+)?(?:invasion|annexation|summit|agreement)\b", re.I
)
_EVENT_WORDS = ("invasion", "invad", "annex", "summit", "join", "accession", "founded")


def _event_named_before(before: str) -> bool:
    """Whether the text before a year ("... invasion of Ukraine in ") dates an event."""
    low = before.lower()
    for word in _EVENT_WORDS:  # a loop, not any(): no generator on this hot path
        if word in low:
            return bool(_EVENT_IN.search(before))
    return False


def dates_an_event(sentence: str, position: int) -> bool:
    """Whether the year at ``position`` dates an event, not a figure: a goal agreed, set or
    adopted ("the 2% goal agreed at the Wales summit in 2014 has been met by 23 allies"), a
    summit, an invasion, an accession; unless a "when" clause makes the event the sentence's
    time ("when NATO set the target in 2014, only three allies met it")."""
    before = sentence[max(0, position - 60) : position]
    if _when(sentence, position):
        return False
    if _event_named_before(before):
        return True
    low = before.lower()
    for word in ("agreed", "set", "made", "adopted", "summit"):  # no generator: a hot path
        if word in low:
            found = _COMPARISON_YEAR.search(before)
            return found is not None and bool(_EVENT_COMPARISON.match(found.group(0)))
    return False


def _event_named_after(sentence: str, end: int) -> bool:
    """Whether an event's name follows a year ("2022 full-scale invasion")."""
    after = sentence[end : end + 30]
    return (
        "nvasion" in after or "ummit" in after or "nnexation" in after or "greement" in after
    ) and bool(_EVENT_AFTER.match(after))


# The alternatives of _COMPARISON_YEAR that date an event (a summit, an agreement), not a
# comparison.
_EVENT_COMPARISON = re.compile(r"(?:agreed|set|made|adopted|summit)\b", re.I)
# Every match of _COMPARISON_YEAR holds one of these (a quick look before the pattern).
_COMPARISON_WORDS = (
    "since", "compared", "than", "versus", "vs", "agreed", "set", "adopted", "made", "summit",
)  # fmt: skip


def _compared(before: str, sentence: str = "", position: int = 0) -> bool:
    """Whether the text before a year makes it a point of comparison ("since 2014") or the
    year of an event (unless a "when" clause makes the event the sentence's time: see _when)."""
    if _event_named_before(before) and not _when(sentence, position):
        return True
    low = before.lower()
    for word in _COMPARISON_WORDS:
        if word in low:
            if not _comparison_year(before, low):
                return False
            found = _COMPARISON_YEAR.search(before)
            # "when NATO leaders set the 2 per cent target at their summit in 2014, only three
            # members met it": an event a "when" clause makes the sentence's time.
            return found is not None and not (
                _EVENT_COMPARISON.match(found.group(0)) and _when(sentence, position)
            )
    if "from" in low and ("%" in low or "cent" in low):  # "a 19.4% rise ... from 2023"
        return _comparison_year(before, low)
    return has_case_oddity(before) and bool(_COMPARISON_YEAR.search(before))


# Where a match of _COMPARISON_YEAR can start: each of its alternatives opens with one of these.
_COMPARISON_STARTS = (
    "since", "compared", "than", "versus", "vs", "agreed", "set", "made", "adopted", "summit",
    "per", "%",
)  # fmt: skip


def _comparison_year(before: str, low: str) -> bool:
    """Whether _COMPARISON_YEAR matches ``before`` (``low``: it lower-cased): tried only where
    one of its alternatives can start, not at every character (several times faster)."""
    if has_case_oddity(before):  # then the positions of ``low`` may not be the text's
        return bool(_COMPARISON_YEAR.search(before))
    for word in _COMPARISON_STARTS:
        at = low.find(word)
        while at >= 0:
            if _COMPARISON_YEAR.match(before, at):
                return True
            at = low.find(word, at + 1)
    return False


def _in_date(sentence: str, position: int) -> bool:
    """Whether the year at ``position`` is part of a full date (a dateline, not a topic)."""
    window = sentence[max(0, position - 20) : position + 10]
    low = window.lower()
    if "-" not in window and not _names_a_month(low):
        return False  # no month name and no ISO dash: a bare year
    return any(p.search(window) for p in (_DATE_ISO, _DATE_DMY, _DATE_MDY))


# -- the pipeline -----------------------------------------------------------------------------


def extract(text: str, text_date: date | None = None) -> list[Claim]:
    """Every checkable numeric claim in a text, in order of appearance."""
    return list(iter_claims(text, text_date))


class Budget:
    """How many numbers extraction may still look at: bounds the work on any input (a text of
    nothing but numbers), and says whether it ran out."""

    def __init__(self, numbers: int = 50_000) -> None:
        self.remaining = numbers

    @property
    def exhausted(self) -> bool:
        return self.remaining <= 0


@dataclass
class Context:
    """What earlier sentences said that a later one leans on: the year under discussion, the
    countries just named ("these countries"), the last prose line above a list (its heading),
    and the claims of the sentence before ("it was 2.1 the year before")."""

    years: list[int] = field(default_factory=list)
    current: bool = False  # the year above is "now" (resolved when judged)
    # The year above was looked back to from the text's ("last year", "two years ago"): a
    # sentence in the present after it speaks of now.
    look_back: bool = False
    # The last few sentences, read again only when a later sentence needs them (cheaper than
    # scanning every sentence for every cue).
    recent: collections.deque[str] = field(default_factory=lambda: collections.deque(maxlen=6))
    # Entities of the sentences read so far in this text (a sentence is read again when the
    # next one says "its" or "these countries").
    named: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    heading: str = ""  # the last sentence that is not a list line
    cues_seen: dict[tuple[int, str], bool] = field(default_factory=dict)  # see recently()
    previous_claims: list[Claim] = field(default_factory=list)
    # The last claim of each kind in the text (a later sentence may go on with it: "This
    # number rose to 23" after a count two sentences up); a kind reads it only while its
    # sentence is among ``recent``.
    last: dict[str, Claim] = field(default_factory=dict)
    digits: bool = False  # whether the last sentence read holds a digit
    # Sentences read since the year above was last stated (see iter_claims: a year long past
    # is a point of comparison, carried to the next sentence only).
    age: int = 0
    fresh: bool = False  # the year above was stated by the sentence just read
    year_how: str = "none"  # how the year above was set (see set_year)
    # The one year the text's first line (its headline) names, if any: the year of a section
    # whose heading names none.
    topic: list[int] = field(default_factory=list)
    # The sentence just read gave its own figures the year above and named other years only
    # as points of comparison ("the average is 2.76%, compared to 2.61% in 2024"): the year
    # above stays the year under discussion.
    kept: bool = False
    # Where each of the ``recent`` sentences stands: whether it opened a paragraph (a blank
    # line before it). The owner a sentence leaves for the next ones does not reach past the
    # paragraph before (see ally_subject).
    opened: collections.deque[bool] = field(default_factory=lambda: collections.deque(maxlen=6))
    opening: bool = False  # the next sentence remembered opens a paragraph
    # The subject each recent sentence leaves (see _subject), found once per sentence when a
    # later one asks.
    subjects: dict[tuple[str, bool], str | None] = field(default_factory=dict)
    # ally_subject's answers for the sentence being read (each figure of it asks the same).
    allies: dict[tuple[bool, bool], str | None] = field(default_factory=dict)

    def entities(self, sentence: str, low: str | None = None) -> list[tuple[int, str]]:
        """The entities a sentence names, each sentence scanned once per text (``low``: the
        sentence lower-cased, when the caller has it)."""
        if sentence not in self.named:
            if len(self.named) > 64:
                self.named.clear()
            self.named[sentence] = find_entities(sentence, low)
        return self.named[sentence]

    @property
    def previous_text(self) -> str:
        return self.recent[-1] if self.recent else ""

    # -- the discourse state: who and when the sentences read so far speak of ---------------
    # One home for what a figure takes when its own sentence does not say it: the year under
    # discussion (``years``, see carried_year), the country "it" stands for (referent), and
    # the ally a passage is about (ally_subject). Each sentence is remembered once; who its
    # subject is is found on the first ask and kept.

    def remember(self, sentence: str) -> None:
        """Read a sentence into the state (after its own claims were found)."""
        self.recent.append(sentence)
        self.opened.append(self.opening)
        self.opening = False
        self.allies.clear()

    def set_year(
        self,
        years: list[int],
        how: str,
        current: bool = False,
        look_back: bool = False,
        fresh: bool = True,
    ) -> None:
        """Set the year under discussion, and how the text set it: "named" (a year a sentence
        names), "this year" / "last year" (against the text's date), "opening" ("In 2024,
        ..."), "claim" (the year of the sentence's lead claim), "heading" (the headline's year
        for a new section), "now" (a decision dated last year: the text speaks of now), "none"
        (a year long past, dropped). ``current``: the year is "now" (resolved when judged);
        ``look_back``: it was looked back to from the text's year; ``fresh``: the sentence
        being read stated it."""
        self.years = years
        self.year_how = how
        self.current = current
        self.look_back = look_back
        if fresh:
            self.fresh = True

    def carried_year(self) -> tuple[int, str] | None:
        """The year under discussion and how a figure takes it: "current" when it was "now",
        else "context"; None when the sentences above set none."""
        if not self.years:
            return None
        return self.years[-1], "current" if self.current else "context"

    def subject_of(self, sentence: str, strict: bool = False) -> str | None:
        """The subject a sentence leaves for the next ones (see _subject), found once."""
        subjects = self.subjects
        key = (sentence, strict)
        if key not in subjects:
            if len(subjects) > 128:
                subjects.clear()
            subjects[key] = _subject(sentence, self, strict)
        return subjects[key]

    def referent(self) -> str | None:
        """The country "it" stands for: the subject of the sentence before, or of the one
        before that when the sentence before says "it" too ("Canada isn't a small country.
        It's capable of ... Yet it spends 1.37%")."""
        recent = self.recent
        for back in range(1, min(3, len(recent)) + 1):
            text = recent[-back]
            code = self.subject_of(text)
            if code is not None or not PRONOUN.search(text, text.lower()):
                return code
        return None

    def ally_subject(self, described: bool = False) -> str | None:
        """The ally the passage is about, for a figure whose sentence names no one ("Sweden
        plans to add 53 billion kronor. This year, defence funding corresponds to 2% of GDP";
        "The country with a budget of 2.22 percent ranks 11th"): the subject of the latest
        sentence that names a country, when it is an ally and that sentence names no other
        ally. It does not carry past a sentence naming another ally or two, nor further back
        than the paragraph before this one, nor past a sentence about a group of countries;
        when the figure's sentence ``described`` its owner as one country ("the country", which
        no group is), only another ally named since stops it."""
        key = described, self.opening
        if key not in self.allies:
            self.allies[key] = self._ally_subject(described)
        return self.allies[key]

    def _ally_subject(self, described: bool) -> str | None:
        recent = self.recent
        opened = self.opened
        breaks = 1 if self.opening else 0  # (the sentence asking opens a paragraph)
        for back in range(1, len(recent) + 1):
            text = recent[-back]
            named = self.entities(text)
            if named:
                code = self.subject_of(text, strict=True)
                if code is None or not is_ally(code):
                    return None
                others = [c for _, c in named if c != code and is_ally(c)]
                return None if others else code
            if described:
                continue
            if _GROUP.search(text):
                return None  # "NATO allies met in Brussels": the passage turned to a group
            if opened[-back]:
                breaks += 1
                if breaks > 1:
                    return None
        return None

    def measures_share(self) -> bool:
        """Whether the passage makes share of GDP the measure: the sentence before stated a
        share, a rank, a count against a threshold or a commitment, or one of the last few
        sentences speaks of a share of GDP ("Latvia comes in fourth with 3.15%")."""
        for claim in self.previous_claims:  # (a loop: no generator on this hot path)
            if claim.kind in _MEASURED:
                return True
        return self.recently(SHARE)

    def tariff_recently(self) -> bool:
        """Whether one of the last few sentences spoke of tariffs (a list of rates follows)."""
        return self.recently(TARIFF)

    def recently(self, cue: Cue, last: int = 6) -> bool:
        """Whether one of the ``last`` sentences read holds ``cue`` (each sentence is looked at
        once per cue: the next sentences ask about it again)."""
        seen = self.cues_seen
        if len(seen) > 512:
            seen.clear()
        for text in list(self.recent)[-last:]:
            key = (id(cue), text)
            held = seen.get(key)
            if held is None:
                held = seen[key] = cue.search(text) is not None
            if held:
                return True
        return False


# The kinds of claim whose measure is share of GDP (Context.measures_share).
_MEASURED = ("share_gdp", "rank", "count_meeting", "commitment")
# A group of countries as a sentence's topic: a passage about one ally ends at it.
_GROUP = re.compile(
    r"\b(?:NATO|Nato|[Aa]lliance|[Aa]llies|[Mm]embers|[Mm]ember\s+[Ss]tates|[Cc]ountries|"
    r"[Nn]ations)\b"
)


# A dash set off by spaces (or an em dash) ends a clause too: "18 allies will spend 2% this
# year – almost double the number from last year" (not "2014–2024", a range).
CLAUSE_END = re.compile(
    r"[,;:(—]|\s[-–]\s|\s(?:and|up\s+from|down\s+from|against|compared\s+with|while|whereas)\s",
    re.I,
)
# A number as written ("4.48", "1,303"): the figures of a sentence (View._later_clause).
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
# A verb of a clause of its own between two figures (View._later_clause).
_CLAUSE_VERB = re.compile(
    r"\b(?:will|would|is|was|are|were|has|have|had|said|says|plans?|expects?|aims?|intends?)\b",
    re.I,
)
_FOLLOWING_YEAR = re.compile(r"\b(?:the\s+following\s+year|a\s+year\s+later)\b", re.I)
# ("At that time, only three NATO members met the 2% target" after "in 2014 ... by 2024": the
# time the sentence before placed something at, as "that year")
_THAT_YEAR = re.compile(
    r"\b(?:(?:that(?:\s+same)?|the\s+same)\s+year|at\s+that\s+(?:time|point|moment))\b", re.I
)
# ("in 2014, at a time when only three ...", "in 2014, back when few allies ...": the same)
_YEAR_WHEN = re.compile(
    r"\b(19[4-9]\d|20\d\d)\)?\s*,\s*(?:at\s+a\s+time\s+|back\s+|a\s+time\s+)?when\b", re.I
)
# A year's clause ends before "to" too: "from 2.4% in 2014 to 1.9% in 2024".
_YEAR_TO = re.compile(r"\d{4}(\s+to\s)")
# A line of a list or table: "Denmark: 3.49", "- Norway 3.17%", "– Italy — 2.10 per cent",
# "• European Union: 20%".
LIST_LINE = re.compile(
    r"^\s*(?:[•\-*–—·|]\s*|\d{1,2}[.)]\s+)?([A-ZÀ-Þ][A-Za-zÀ-ÿ .’'()-]{1,40}?)\s*"
    r"(?:[:—–|,-]\s*)?(\d{1,3}(?:[.,]\d{1,2})?)\s*(%|per\s?cent|percent)?\s*\|?\s*$"
)


_BULLETS = "•·*▪‣◦-–—"
_BULLET = re.compile(r"\s*(?:[•·*▪‣◦]|[-–—](?=\s)|\d{1,2}[.)](?=\s))")


def _bulleted(line: str) -> bool:
    """Whether a short line is an item of a bulleted or numbered list."""
    head = line.lstrip()[:1]
    return (
        bool(head)
        and (head in _BULLETS or head.isdigit())
        and len(line) <= 160
        and _BULLET.match(line) is not None
    )


def _may_list(line: str) -> bool:
    """Whether a line can be a LIST_LINE (a cheap test first: it is short and ends with its
    number, a percent sign, "cent" or a table's bar)."""
    if len(line) > 80:
        return False
    last = line.rstrip()[-1:]
    return last.isdigit() or last in "%t|"


# Every number word holds one of these ("thir" for thirteen and thirty, "fift" for fifteen
# and fifty): a quick look before the sentence is split into words.
_NUMBER_STEMS = (
    "zero", "one", "two", "three", "thir", "four", "five", "fift", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "twenty", "forty", "dozen",
)  # fmt: skip


# "a dozen allies" writes a number too (count_meeting reads it).
_WRITTEN = (*_WORD_NUMBERS, "dozen")

# Each stem with the number words holding it, standing alone (no letter either side: "one" in
# "someone" is no number, "twenty-one" is): looked for only where the stem is.
_STEM_WORDS = tuple(
    (
        stem,
        re.compile(
            r"(?<![a-z])(?:"
            + "|".join(sorted((w for w in _WRITTEN if "-" not in w and stem in w), key=len)[::-1])
            + r")(?![a-z])"
        ),
    )
    for stem in _NUMBER_STEMS
)
assert all(any(stem in w for stem in _NUMBER_STEMS) for w in _WRITTEN)


def _writes_numbers(low: str) -> bool:
    """Whether a lower-cased text writes a number in words ("ten allies", "twenty-three")."""
    for stem, words in _STEM_WORDS:  # noqa: SIM110 (a loop: no generator on this hot path)
        if stem in low and words.search(low):
            return True
    return False


_LETTER_RUN = re.compile(r"[A-Za-z]{3}")  # a heading has words, not only "1."


class View:
    """One sentence as the kinds see it: its text, the numbers and entities in it, the years
    it names, and the context of the text so far. Everything is computed on first use, once,
    whichever kind asks; :meth:`claim` marks a number as taken, so a later kind skips it."""

    def __init__(
        self,
        sentence: Sentence,
        text_date: date | None,
        context: Context,
        digit_runs: list[str],
        first_digit: re.Match[str] | None,
        word_numbers: bool | None,
        nouns: bool,
        low: str | None = None,
    ) -> None:
        self.sentence = sentence
        self.text = sentence.text
        self.low = self.text.lower() if low is None else low
        self.text_date = text_date
        self.context = context
        self.digit_runs = digit_runs
        self.has_digit = bool(digit_runs)
        self.first_digit = first_digit
        if word_numbers is not None:
            self.__dict__["word_numbers"] = word_numbers
        self.nouns = nouns
        self.used: set[int] = set()
        self.memo: dict[str, Any] = {}  # what a kind computed once for this sentence
        self.found: list[Claim] = []
        self.list_line = LIST_LINE.match(self.text) if _may_list(self.text) else None
        self.odd = has_case_oddity(self.text)  # then lowered patterns cannot stand in

    # -- what the sentence holds ------------------------------------------------------------

    @lazy
    def word_numbers(self) -> bool:
        """Whether the sentence writes a number in words ("ten allies", "two per cent")."""
        return _writes_numbers(self.low)

    @lazy
    def short_number(self) -> bool:
        """Whether a run of the sentence's digits has one or two of them (a count can)."""
        for run in self.digit_runs:  # noqa: SIM110 (a loop: no generator on this hot path)
            if len(run) <= 2:
                return True
        return False

    @lazy
    def two_digits(self) -> bool:
        """Whether a run of the sentence's digits has two of them (a membership can)."""
        for run in self.digit_runs:  # noqa: SIM110 (a loop: no generator on this hot path)
            if len(run) == 2:
                return True
        return False

    @lazy
    def number_words(self) -> list[int]:
        """Where the sentence writes a number in words ("twenty-three allies")."""
        return [
            m.start() for m in _WORD_TOKEN.finditer(self.text) if m.group().lower() in _WORD_NUMBERS
        ]

    @lazy
    def percents(self) -> list[re.Match[str]]:
        s, low = self.text, self.low
        has_percent = "%" in s or "cent" in low or "pct" in low or "pc" in low or "p.c" in low
        written = "cent" in low and self.word_numbers
        if not has_percent or not (self.has_digit or written):
            return []
        if not written:
            first = self.first_digit.start() if self.first_digit else 0
            if self.odd:
                found = list(PERCENT.finditer(s))
            else:
                found = list(_PERCENT_LOWER.finditer(low, first))  # none starts before a digit
        else:
            found = [m for m in PERCENT_WORDS.finditer(s) if is_number(m.group(1))]
        return [m for m in found if not _of_members(s, m)]

    @lazy
    def entities(self) -> list[tuple[int, str]]:
        return self.context.entities(self.text, self.low)

    @lazy
    def years_named(self) -> list[tuple[int, int]]:
        """Every year the sentence is about (see topical_years), deadlines included."""
        first = self.first_digit
        if first is None or not any(could_be_year(run) for run in self.digit_runs):
            return []
        return topical_years(self.text, first.start())

    @lazy
    def deadlines(self) -> set[int]:
        """Where the sentence names a target's deadline years ahead ("already exceed the
        target of 3.5% by 2035"): the commitment reads it; it is not the year of the figures
        beside it."""
        if self.text_date is None:
            return set()
        ahead = self.text_date.year + 1
        return {
            p
            for p, y in self.years_named
            if y > ahead
            and _deadline_at(self.text, p)
            and _TARGET_NEAR.search(self.text[max(0, p - 90) : p])
        }

    @lazy
    def topical(self) -> list[tuple[int, int]]:
        named = self.years_named
        if not named:
            return named
        deadlines = self.deadlines
        return [(p, y) for p, y in named if p not in deadlines] if deadlines else named

    @lazy
    def facts(self) -> Facts:
        facts = Facts(self.text, self.text_date, self.topical, self.low)
        facts.tariff_listed = self.in_tariff_list
        previous = self.context.years
        if previous and (
            "that year" in self.low or "same year" in self.low or "at that " in self.low
        ):
            # "In that year, only three countries reached two percent": the year above, which
            # is the last year the sentence before places something at (an event or a
            # figure: "The 2% target by 2024 was agreed in 2014. In that year ..." is 2014),
            # never a deadline it names ("by 2024" is when a goal falls due).
            that = year_placed(self.context.previous_text) or previous[-1]
            for m in _THAT_YEAR.finditer(self.text):
                facts.years.append((m.start(), that, "context"))
            facts.years.sort()
        if "following year" in self.low or "year later" in self.low:
            # "nine had met it by 2020, though that fell to six the following year": the year
            # after the one named before it (in the sentence, else above).
            for m in _FOLLOWING_YEAR.finditer(self.text):
                named = [y for p, y in self.topical if p < m.start()]
                base = named[-1] if named else (previous[-1] if previous else None)
                if base is not None:
                    facts.years.append((m.start(), base + 1, "explicit"))
            facts.years.sort()
        # A sentence about what will be borrows the year under discussion only when that is
        # the text's own year or later ("The lowest spenders will be Spain (1.28%)" after
        # "this year"); a pledge about the future borrows no past year.
        if (
            not facts.years
            and previous
            and self.text_date is not None
            and previous[-1] < self.text_date.year
            and "ha" in self.low
            and PRESENT_PERFECT.search(self.text, self.low)
            and not facts.future
        ):
            # The present perfect tells of a time up to now, never of a definite past time:
            # "have met this goal" after "In 2014, allies set a goal" is the standing now.
            facts.relative = (self.text_date.year, "current")
        elif not facts.years and previous and self.context.look_back and self._present_tense():
            assert self.text_date is not None  # a look back counts from the text's year
            facts.relative = (self.text_date.year, "current")
        elif (
            not facts.years
            and previous
            and not facts.future
            and self._current(previous[-1])
            and _SPENDS_NOW.search(self.text)
            and not PAST_TENSE.search(self.text, self.low)
        ):
            # "Greece spends about 3 percent of its annual economic output on defense" after a
            # passage about its 2025 budget: what an ally spends in the present is now (the
            # rule "Now"), not the year ahead the passage was about
            assert self.text_date is not None
            facts.relative = (self.text_date.year, "current")
        elif not facts.years and previous and (not facts.future or self._current(previous[-1])):
            facts.relative = self.context.carried_year() or (None, "none")
        elif not facts.years and not facts.future and self.text_date is not None:
            # No year anywhere: a statement of the present ("Italy languishes at 1.49%").
            facts.relative = (self.text_date.year, "current")
        return facts

    def _current(self, year: int) -> bool:
        return self.text_date is not None and year >= self.text_date.year

    def _present_tense(self) -> bool:
        """Whether the sentence speaks in the present ("Only three members meet the new 3.5%
        target") with no word of the past ("spent", "was", "last")."""
        return bool(PRESENT_TENSE.search(self.text, self.low)) and not PAST_TENSE.search(
            self.text, self.low
        )

    @lazy
    def tariff(self) -> bool:
        """Whether the sentence speaks of tariffs (or is a line of a list of rates)."""
        return self.in_tariff_list or bool(TARIFF.search(self.text, self.low))

    @lazy
    def in_tariff_list(self) -> bool:
        # A line of a list ("European Union: 20%") or any bulleted item ("• 20% on EU goods")
        # under a lead-in about tariffs: the item's measure is its lead-in's.
        return (self.list_line is not None or _bulleted(self.text)) and (
            self.context.tariff_recently()
        )

    @lazy
    def european_only(self) -> bool:
        return "europe" in self.low and bool(EUROPEAN_ONLY.search(self.text))

    @lazy
    def percent_kinds(self) -> dict[int, str]:
        """Which kind each percentage belongs to: the kind whose rule ranks it first (a tariff
        rate, a count's threshold, a commitment, a growth rate, a share of GDP ...)."""
        choosers = _kinds().choosers  # by priority floor: the strongest claimants first
        out: dict[int, str] = {}
        for match in self.percents:
            start, end = match.span()
            best: tuple[int, str] | None = None
            for kind in choosers:
                if best is not None and kind.priority_floor > best[0]:
                    break  # no kind left can rank it as high
                assert kind.percent_priority is not None
                rank = kind.percent_priority(self, start, end)
                if rank is not None and (best is None or (rank, kind.name) < best):
                    best = (rank, kind.name)
            if best is not None:
                out[start] = best[1]
        return out

    def year(self, position: int) -> tuple[int | None, str]:
        """The year a number at ``position`` is about, and how it was found: a year stated in
        its own clause ("$235.6 billion in 2024, up from $208.7 billion in 2023"), else the
        nearest year of the sentence, else the text's."""
        later = self._later_clause(position)
        if later is not None and not any(place < later for place, _, _ in self.facts.years):
            # "Poland, at 4.48% of GDP, said it will lift the ratio to 4.8% next year": the years
            # of a later clause with a figure of its own are that figure's; with none before it,
            # the figure's is the year under discussion, else now
            carried = self.context.carried_year()
            if carried is not None:
                return carried
            return (self.text_date.year, "current") if self.text_date else (None, "none")
        year, basis = self._year(position)
        if basis == "current" and any(b == "relative" for _, _, b in self.facts.years):
            # A year named in words in the figure's own clause dates it; the present tense
            # ("is spending", "stands at") says "now" only where no year is named ("this year
            # Lithuania is spending 4%", "next year it is spending 5%": those years, not the
            # last year published).
            start, stop = self.clause(position)
            named = [
                (abs(p - position), y, b)
                for p, y, b in self.facts.years
                if b == "relative"
                and start <= p < stop
                and not _compared(self.text[max(0, p - 45) : p], self.text, p)
            ]
            if named:
                return min(named)[1:]
        return year, basis

    def _year(self, position: int) -> tuple[int | None, str]:
        when = (
            self._when_of_year(position)
            or self._clause_opening_year(position)
            or self._opening_year(position)
            or self._contrast_year(position)
        )
        if when is not None:
            return when, "explicit"
        if (self.topical or self.facts.years) and self._before_comparison(position):
            # A figure stated before its point of comparison ("at least 24 have met the target,
            # up from six in 2021") is of the time the text speaks of, never of the comparison:
            # the year above, or, with none and nothing said of the future, now.
            carried = self.context.carried_year()
            if carried is not None:
                return carried
            if self.text_date is not None and not self._future_in_clause(position):
                return self.text_date.year, "current"
        if len(self.topical) > 1 or (self.topical and self.text_date is not None):
            clause = self.clause(position)
            inside = [(abs(p - position), y) for p, y in self.topical if clause[0] <= p < clause[1]]
            if inside and len(self.topical) > 1:
                return min(inside)[1], "explicit"  # the nearest year of its own clause
            if self.text_date is not None and len(self.topical) <= 1:
                text = self.text[clause[0] : clause[1]]
                low = text.lower()
                if not inside and LAST_YEAR.search(text, low):
                    return self.text_date.year - 1, "relative"
            # Every year of the sentence stands in a point of comparison ("18 countries will
            # spend 2%, up from just three countries in 2014"): the figure's year is the one
            # the text is talking about.
            carried = self.context.carried_year()
            if (
                not inside
                and carried is not None
                and all(self._comparison(p) for p, _ in self.topical)
            ):
                return carried
        if not self.topical:
            # Year phrases in a sentence without years: one in a later clause is that
            # clause's ("That year, Norway spent 1.5% while today Denmark spends 2.4%").
            phrases = self.facts.years
            if len(phrases) > 1:
                _, stop = self.clause(position)
                own = [(abs(p - position), y, b) for p, y, b in phrases if p < stop]
                if own and len(own) < len(phrases):
                    return min(own)[1:]
        facts = self.facts
        if (
            facts.relative[0] is None
            and not facts.years
            and not self.context.years
            and self.text_date is not None
            and facts.future
            and not self._future_in_clause(position)
        ):
            # A clause of contrast carries its own tense: "The US contributes more than
            # two-thirds of NATO's spending, whereas Europe's capabilities would quickly be
            # depleted" states the present in the figure's clause (a sentence with no year).
            return self.text_date.year, "current"
        return facts.year(position)

    def _later_clause(self, position: int) -> int | None:
        """Where the clause after the figure at ``position`` opens when it holds a figure and a
        verb of its own ("at 4.48% of GDP, said it will lift the ratio to 4.8%", "spends 4.1%
        and will spend 4.8%"), so that the years from there on are the later figure's; None
        when no year stands after the figure, or the next figure is one of a list ("4.1% and
        3.4% respectively") or a restatement ("2%, or $10 billion,")."""
        years = self.facts.years
        if not years or years[-1][0] <= position:
            return None
        figures: list[int] = self.memo.get("figures") or []
        if "figures" not in self.memo:
            figures = self.memo["figures"] = [
                m.start() for m in _FIGURE.finditer(self.text) if not could_be_year(m.group())
            ]
        at = bisect.bisect_right(figures, position)
        if at >= len(figures):
            return None
        following = figures[at]
        _, stop = self.clause(position)
        if stop >= following or not _CLAUSE_VERB.search(self.text, stop, following):
            return None
        return stop

    def _clause_opening_year(self, position: int) -> int | None:
        """The year a clause after the sentence's start opens with ("In 2022, Oslo spent 1.4%,
        and in 2024, 2.2%"; "Spending was 1.4% in 2022; in 2024, 2.2%"): a year set off by a
        comma before the figures that follow it dates them, up to the next year named, as a
        sentence's opening year does (see _opening_year)."""
        if len(self.topical) < 2:
            return None
        opened: list[tuple[int, int]] | None = self.memo.get("clause_years")
        if opened is None:  # (once per sentence: where each such year ends, and the year)
            opened = self.memo["clause_years"] = (
                [(m.end(), int(m.group(1))) for m in _CLAUSE_OPENING_YEAR.finditer(self.text, 1)]
                if ", " in self.text or "; " in self.text
                else []
            )
        found = None
        for end, year in opened:
            if end <= position:
                found = end, year
        if found is None:
            return None
        end, year = found
        if any(end <= place < position for place, _ in self.topical):
            return None  # a year named between: the figure's own
        _, stop = self.clause(position)
        if any(end <= place < stop for place, _, _ in self.facts.years):
            return None  # a year or year phrase of the figure's own clause
        return year

    def _future_in_clause(self, position: int) -> bool:
        """Whether a word of the future or of a plan ("will", "would", "plans to") stands in the
        sentence before a figure at ``position`` or in its own part of the sentence, which
        ends at a contrast ("; ", ", whereas", ", while", ", but") after it."""
        if not self.facts.future:
            return False
        contrast = _CONTRAST_AFTER.search(self.text, position)
        stop = contrast.start() if contrast else len(self.text)
        return any(m.start() < stop for m in FUTURE.finditer(self.text, self.low))

    def _opening_year(self, position: int) -> int | None:
        """The year a sentence opens with ("In 2014 (when ...), Spain also appeared in the
        last positions ..., with less than one percent, ... Latvia (currently ...)"), for a
        number whose own clause names no year or year phrase; else None."""
        if self.text[:2] not in ("In", "Fo", "Du", "By"):
            return None
        opening = self.memo.get("opening")
        if opening is None:
            match = _OPENING_YEAR.match(self.text)
            opening = self.memo["opening"] = int(match.group(1)) if match else 0
        if not opening:
            return None
        start, stop = self.clause(position)
        opened = self.text.rfind("(", 0, position)
        if opened > self.text.rfind(")", 0, position):
            start = min(start, opened)  # a parenthesis is one clause: "(currently ..., with 3%"
        if any(start <= place < stop for place, _, _ in self.facts.years):
            return None
        return opening

    def _contrast_year(self, position: int) -> int | None:
        """The year a contrast opens with ("A dozen allies spent 2% last year, while in 2014,
        when that commitment was signed in Wales, ..., there were only three"), for a number
        after it with no year or year phrase between nor in its own clause; else None."""
        low = self.low
        if "while in " not in low and "whereas in " not in low:
            return None
        found = None
        for match in _CONTRAST_YEAR.finditer(self.text, 0, position):
            found = match
        if found is None:
            return None
        _, stop = self.clause(position)
        if any(found.end() <= place < stop for place, _, _ in self.facts.years):
            return None  # a year of the number's own, or one between
        return int(found.group(1))

    def _when_of_year(self, position: int) -> int | None:
        """The year a clause opening with "when" right after it describes ("six times higher
        than in 2014, when only three allies met the target": 2014, though a point of
        comparison for the sentence), or None."""
        if "when" not in self.low:
            return None
        start, _ = self.clause(position)
        match = _YEAR_WHEN.search(self.text, max(0, start - 8), start + 22)
        return int(match.group(1)) if match and match.end() <= position else None

    def _before_comparison(self, position: int) -> bool:
        """Whether a number stands before the sentence's first point of comparison ("a joint
        2.27%, up from 1.99% last year and 1.40% in 2014") with no year or year phrase of its
        own before it: the years after it are the comparison's, not the number's."""
        first = self.memo.get("comparison_at")
        if first is None:
            low = self.low
            match = (
                _COMPARISON_CLAUSE.search(self.text)
                if "from" in low or "compared" in low or "against" in low or "versus" in low
                else None
            )
            first = self.memo["comparison_at"] = match.start() if match else -1
        if first < 0 or position > first:
            return False
        return not any(place < first for place, _, _ in self.facts.years)

    def _comparison(self, position: int) -> bool:
        """Whether the year at ``position`` stands in a clause of comparison ("up from ...")."""
        start, _ = self.clause(position)
        return bool(_COMPARISON_CLAUSE.match(self.text, start))

    def clause(self, position: int) -> tuple[int, int]:
        """The span of the clause a number stands in (between commas, "and", "up from" ...)."""
        ends = self.memo.get("clauses")
        if ends is None:
            ends = [m.start() for m in CLAUSE_END.finditer(self.text)]
            if " to " in self.text:
                ends = sorted(ends + [m.start(1) for m in _YEAR_TO.finditer(self.text)])
            self.memo["clauses"] = ends
        at = bisect.bisect_left(ends, position)
        start = ends[at - 1] if at > 0 else 0
        while at < len(ends) and ends[at] <= position:
            at += 1
        stop = ends[at] if at < len(ends) else len(self.text)
        return start, stop

    def threshold_near(self, position: int) -> float | None:
        """The share threshold a count at ``position`` counts against: the percentage nearest
        it, else NATO's 2% when the sentence speaks of "the target", "the goal" ..."""
        if self.percents:
            return number(min(self.percents, key=lambda p: abs(p.start() - position)).group(1))
        if TARGET_WORD.search(self.text, self.low):
            return 2.0
        return None

    @lazy
    def demonstrative(self) -> bool:
        """Whether the sentence speaks of the figure before ("This figure was ...")."""
        return "this " in self.low and bool(DEMONSTRATIVE.search(self.text, self.low))

    def previous_owner(self) -> str | None:
        """Whose figure the sentence before stated ("This figure was ..." speaks of it)."""
        return next((c.entity for c in self.context.previous_claims if c.entity is not None), None)

    def alliance_average(self, start: int) -> bool:
        """Whether the alliance's average is named right before the figure at ``start`` ("the
        NATO average of 2.11 per cent", "NATO's overall average was approximately 2.6%")."""
        return self.averaged and bool(
            _AVERAGE_RIGHT_BEFORE.search(self.text, max(0, start - 60), start)
        )

    @lazy
    def averaged(self) -> bool:
        """Whether the sentence says "average" (looked for once, not once per figure)."""
        return "average" in self.low

    def owner(self, start: int) -> str | None:
        """Who a figure at ``start`` belongs to: the nearest country, else NATO for an
        aggregate cue, else the country of the sentence before for "it"/"its"."""
        if self.alliance_average(start):
            return countries.NATO  # "just below the NATO average of 2.11 per cent"
        described = self.described_referent(start)
        if described is not None:
            return described
        entity = nearest(self.entities, start, {countries.EU}, self.text) or nearest(
            self.entities, start, set(), self.text
        )
        if (
            entity is not None
            and all(place > start for place, _ in self.entities)
            and THE_COUNTRY.match(self.text)
        ):
            # "The country currently allocates 2% ...—a NATO benchmark—in response to pressure
            # from U.S. ...": the subject is the ally of the passage, not a name after the figure
            entity = self.context.ally_subject(described=True) or entity
        if entity is None and THE_COUNTRY.match(self.text):
            # "The country, with 3.2 percent of GDP, ranks fourth in the alliance": the subject
            # is the ally of the passage, whatever group the sentence names after it.
            entity = self.context.ally_subject(described=True)
        if entity is None and self.demonstrative and self.context.previous_claims:
            # "This amounts to 2% of their combined GDP": the figure before's owner, whoever
            # the words of a total name (the European allies' total is no one's milex holds).
            return self.previous_owner()
        if entity is None and self.facts.aggregate and not self.european_only:
            entity = countries.NATO
        if entity is None:
            pronoun = PRONOUN.search(self.text, self.low)
            quantified = QUANTIFIED.search(self.text, 0, start) if pronoun else None
            # "any NATO member ... its GDP" is nobody's; "it expects to spend 4.7% ..., more
            # than any other NATO member" is still the country's the sentence before named.
            description = None
            if pronoun is None:
                pronoun = description = DESCRIPTION.search(self.text, self.low)
            if pronoun and not (quantified and quantified.start() < pronoun.start()):
                # "It spends 1.5%": the sentence before's subject; "the country spends 1.5%"
                # names one country: the ally of the passage (none after two were named)
                entity = (
                    self.context.referent()
                    if description is None
                    else self.context.ally_subject(described=True)
                )
        if entity is None and not self.entities:
            # "Spain has long lagged. In relation to GDP, the estimate is 1.3%": no one named
            entity = self.single_ally_before()
        return entity

    def described_referent(self, start: int) -> str | None:
        """The ally of the passage (Context.ally_subject), when the sentence's subject is a
        description ("The Baltic country of 2.9 million people which neighbours Russia will
        spend about 3%") and every name before the figure at ``start`` stands in its relative
        clause ("The nation that spends most is Poland" names its subject after a verb of
        being)."""
        if not (self.low.startswith("the ") and self.entities and self._described(start)):
            return None
        return self.context.ally_subject(described=True)

    def _described(self, start: int) -> bool:
        described = _DESCRIBED.match(self.low)
        if described is None:
            return False
        relative = _RELATIVE_WORD.search(self.low, described.end(), start)
        if relative is None:
            return False
        names = [place for place, _ in self.entities if place < start]
        return bool(names) and all(
            place > relative.end() and not _BEING.search(self.low, relative.end(), place)
            for place in names
        )

    def single_ally_before(self) -> str | None:
        """ "Spain has long lagged. In relation to GDP, the estimate is 1.3%": for a share in a
        sentence that names no one, the ally the passage is about (Context.ally_subject); the
        same for every figure of the sentence (found once)."""
        if "single_ally" not in self.memo:
            self.memo["single_ally"] = self._single_ally_before()
        found: str | None = self.memo["single_ally"]
        return found

    def _single_ally_before(self) -> str | None:
        low = self.low
        if (
            self.entities
            or (self.nouns and _COUNTRY_NOUNS.search(low))
            or "nato" in low
            or "allian" in low
            or "europe" in low
        ):
            # ("any NATO member spending 5% of its GDP" is nobody's; "Europe ... spends 2%" is
            # a region's, which milex holds no figure for)
            return None
        return self.context.ally_subject()

    def claim(
        self, start: int, end: int, kind: str, value: float, unit: str, **fields: Any
    ) -> Claim:
        """A claim at ``start:end`` of the sentence; the span is taken."""
        self.used.update(range(start, end))
        found = Claim(
            self.text,
            self.sentence.start,
            self.sentence.start + start,
            self.sentence.start + end,
            kind,
            value,
            unit,
            **fields,
        )
        self.found.append(found)
        return found


@dataclass(frozen=True)
class _Registered:
    """The registry's parts the pipeline runs, looked up once."""

    recognisers: tuple[Any, ...]
    choosers: tuple[Any, ...]
    digitless: tuple[str, ...]
    readers: tuple[Any, ...]  # each kind's words and its test of a sentence holding them


@functools.cache
def _kinds() -> _Registered:
    from milex.claims.kinds import digitless_readers, digitless_words, registry

    kinds = registry()
    words = digitless_words()
    return _Registered(
        tuple(k.recognise for k in kinds if k.recognise is not None),
        tuple(
            sorted(
                (k for k in kinds if k.percent_priority is not None),
                key=lambda k: (k.priority_floor, k.name),
            )
        ),
        words,
        digitless_readers(),
    )


def iter_claims(
    text: str, text_date: date | None = None, budget: Budget | None = None
) -> Iterator[Claim]:
    """The claims of a text one by one (so a caller can stop early)."""
    budget = budget or Budget()
    context = Context()
    end = 0  # where the sentence before ended
    for sentence in sentences(text):
        if budget.exhausted:
            return
        if text.count("\n", end, sentence.start) > 1:
            context.opening = True  # a blank line: a new paragraph
        end = sentence.start + len(sentence.text)
        if len(sentence.text) < 5 and _LIST_MARKER.fullmatch(sentence.text):
            continue  # "2." before a list item: no sentence, the context runs on past it
        if (
            context.age > 1
            and context.years
            and text_date is not None
            and text_date.year - context.years[-1] >= OLD_YEARS
        ):
            # "three countries passed the threshold in 2014. These are ... . 23 countries
            # reached that goal": a year a decade back is a point of comparison; it is not the
            # year of the sentences after the one that follows it.
            context.set_year([], "none", fresh=False)
        context.fresh = False
        found = _claims_in(sentence, text_date, context, budget)
        dated = found  # (most sentences hold no claim)
        if found:
            dated = [
                claim
                for claim in found
                if claim.year is not None
                and claim.year_basis in ("explicit", "relative", "current")
                and claim.kind != "commitment"  # a pledge's year is its deadline's, ahead
            ]
            yield from found
        head = sentence.text[:2]
        opening = _OPENING_YEAR.match(sentence.text) if head in ("In", "Fo", "Du", "By") else None
        if opening:  # "In 2024, 23 allies ... against 10 in 2023": the text speaks of 2024
            year = int(opening.group(1))
            # "In 2024, only 19 of the 31 members achieved it" in a text of 2025 looks back: a
            # sentence in the present after it speaks of now.
            back = (
                text_date is not None
                and year < text_date.year
                and bool(PAST_TENSE.search(sentence.text))
                and not FUTURE.search(sentence.text)
            )
            context.set_year([year], "opening", look_back=back, fresh=False)
        elif context.kept:
            context.kept = False
        elif (
            dated
            and not _when_looked_back(sentence.text, dated, text_date)
            and not _ahead_by(
                sentence.text,
                _lead(dated, text_date.year if text_date else None).year or 0,
                text_date,
            )
        ):
            # the year the text is talking about: its first dated claim's ("in 2025,
            # up from 2.33% in 2024" is about 2025), unless that is where a change starts ("fell
            # from 2.4% in 2014 to 1.9% in 2024" is about 2024); "now" stays "now" for the
            # sentences after
            lead = _lead(dated, text_date.year if text_date else None)
            assert lead.year is not None
            context.set_year(
                [lead.year],
                "claim",
                current=lead.year_basis == "current",
                look_back=(
                    lead.year_basis == "relative"
                    and text_date is not None
                    and lead.year < text_date.year
                ),
                fresh=False,
            )
        if found or context.digits:
            context.previous_claims = found
        for claim in found:
            context.last[claim.kind] = claim
        context.age = 1 if context.fresh or opening or dated else context.age + 1


# Where a clause of contrast opens, which brings its own tense (View._future_in_clause).
_CONTRAST_AFTER = re.compile(r";|\s[-–—]\s|,\s*(?:whereas|while|but|although|though|yet)\b", re.I)
_FORESEEN = re.compile(r"\b(?:expected|projected|forecast|predicted)\s+to\b", re.I)


def _ahead_by(sentence: str, year: int, text_date: date | None) -> bool:
    """Whether ``year`` is a deadline years ahead of the text that the sentence sets ("to
    spend 5 per cent of GDP on defence by 2035"): the year of a goal, not the year of the
    sentences after it, which go on about the present. A level foreseen for then is no goal
    ("By 2029, Germany is expected to spend €153 billion a year. That's about 3.5 percent of
    GDP": the sentences after speak of 2029)."""
    if text_date is None or year <= text_date.year + 1:
        return False
    if _FORESEEN.search(sentence):
        return False
    written = str(year)
    at = sentence.find(written)
    while at >= 0:
        if _deadline_at(sentence, at):
            return True
        at = sentence.find(written, at + 4)
    return False


def _when_looked_back(sentence: str, dated: list[Claim], text_date: date | None) -> bool:
    """Whether the year of a sentence's claims is a time a "when" clause looks back to ("The 2%
    mark was set in 2014, at a time when only 3 allies met it"): not the year of the sentences
    after it."""
    if "when" not in sentence:
        return False
    when = _YEAR_WHEN.search(sentence)
    if when is None:
        return False
    lead = _lead(dated, text_date.year if text_date else None)
    return lead.year == int(when.group(1))


def _lead(dated: list[Claim], text_year: int | None) -> Claim:
    """The dated claim that gives the year the sentence is about: the first, unless the
    sentence names several years; then the latest up to the text's ("from 2.4% in 2014 to
    1.9% in 2024", "by 0.92% of GDP in 2014 to 1.28% from 2024", "in 2025, up from 2.33% in
    2024": the others are where a change starts or a point of comparison)."""
    if text_year is not None and len({c.year for c in dated}) > 1:
        latest = max(
            (c.year for c in dated if c.year is not None and c.year <= text_year), default=None
        )
        if latest is not None:
            return next(c for c in dated if c.year == latest)
    return dated[0]


# Nouns of countries as words of their own ("national defence", "international" are none).
_COUNTRY_NOUNS = re.compile(
    r"\b(?:allies|members?|member\s+states|countr(?:y|ies)|nations?|states|partners)\b"
)
# A list item's number or letter standing alone ("2.", "(b)", "iv)").
_LIST_MARKER = re.compile(r"\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]", re.I)
# How many years before the text's a year is long past (a point of comparison).
OLD_YEARS = 5

# A contrast that opens with its year (", while in 2014, ...": View._contrast_year).
_CONTRAST_YEAR = re.compile(r"[,;]\s*(?:while|whereas)\s+in\s+((?:19|20)\d\d)\b", re.I)
# "Last year" dating a decision, not a figure: "allies agreed last year to spend at least 2%",
# "the target Canada pledged last year": the year of the agreement is not the year of the
# figures of the sentences after it; those speak of now (a goal recalled as agreed a year
# ago frames news of the present: who meets it now).
_EVENT_LAST_YEAR = re.compile(
    r"\b(?:agreed|decided|pledged|promised|committed|vowed|signed|adopted|set|endorsed)\s+"
    r"(?:\w+\s+)?last\s+year\b",
    re.I,
)
# A year opening a clause inside a sentence, set off by a comma: ", and in 2024, 2.2%",
# "; in 2024, it was 2.2%", "and, by 2028, 2.6%" (View._clause_opening_year).
_CLAUSE_OPENING_YEAR = re.compile(
    r"(?:[,;]\s*(?:and\s+|but\s+|while\s+)?|\s(?:and|but|while),?\s+)"
    r"(?:in|by|for|during)\s+((?:19|20)\d\d)\s*,",
    re.I,
)
# A sentence that opens with its year ("In 2024, ...", "For 2025, ...").
_OPENING_YEAR = re.compile(r"(?:In|For|During|By\s+the\s+end\s+of)\s+(20\d\d)\b")


def _several_years(years: list[int], context: Context) -> list[int]:
    """The year a sentence naming several years and no claim leaves for the sentences after:
    the year under discussion if it is one of them ("Figures for 2023 and 2024 are
    estimates"), else its first."""
    if len(set(years)) > 1 and context.years and context.years[-1] in years:
        return context.years[-1:]
    return years[:1]


def _claims_in(
    sentence: Sentence, text_date: date | None, context: Context, budget: Budget
) -> list[Claim]:
    """The claims of one sentence in the order of the text (a list, not a generator: most
    sentences hold none), and what it leaves for the sentences after in ``context``."""
    kinds = _kinds()
    s = sentence.text
    low = s.lower()
    first_digit = _DIGIT.search(s) if _may_hold_digit(s) else None
    digit_runs = _DIGIT_RUN.findall(s, first_digit.start()) if first_digit else []
    context.digits = first_digit is not None
    budget.remaining -= len(digit_runs)
    nouns = (
        "allies" in low
        or "member" in low
        or "countr" in low
        or "nation" in low
        or "states" in low
        or "that number" in low
        or " partners" in low
    )
    # Whether numbers are written in words ("ten allies", "two per cent") matters only in a
    # sentence about allies and for percentages.
    # Candidate numbers: digits that are not years, numbers in words ("ten allies", "two per
    # cent"; looked for only in a sentence about allies or percentages), or the words a kind
    # reads without digits ("Greece is second").
    numbers = _not_only_years(digit_runs)
    word_numbers = None
    digitless = False
    if not numbers:
        counted = nouns or "cent" in low or _counted_before(context)
        word_numbers = counted and _writes_numbers(low)
        # A kind's words ("Greece is second"), read only where the kind's test wants them.
        digitless = not word_numbers and _digitless(s, low, context, kinds.readers)
    if not numbers and not word_numbers and not digitless:
        # No number that can carry a claim: context for later sentences (its year too).
        # A sentence without digits says "this year" too ("NATO expects most allies to meet
        # the goal this year").
        years = topical_years(s, first_digit.start()) if first_digit is not None else []
        if years and _ahead_by(s, years[0][1], text_date):
            pass  # a goal's deadline (see _ahead_by): the year under discussion stays
        elif years:
            context.set_year(_several_years([y for _, y in years], context), "named")
        elif text_date is not None and "this year" in low:
            context.set_year([text_date.year], "this year")
        elif text_date is not None and "last year" in low:
            context.set_year([text_date.year - 1], "last year", look_back=True)
        elif context.topic and _section_heading(s):
            # A section heading starts a passage of the article's own subject: the year the
            # headline names, not the year a sentence of the passage before spoke of
            # ("...in 2024?" / "As of 2023, 23 out of 32 ..." / "Top NATO Spenders" / "- Poland").
            context.set_year(list(context.topic), "heading", fresh=False)
        if years and not context.recent and len({y for _, y in years}) == 1:
            context.topic = [years[0][1]]  # the headline's one year: the article's subject
        context.remember(s)
        if first_digit is None or not _may_list(s) or not LIST_LINE.match(s):
            context.heading = s
        return []
    view = View(sentence, text_date, context, digit_runs, first_digit, word_numbers, nouns, low)
    # A sentence that names a year ("... spending in 2024") sets the year for the sentences
    # after it; dated claims do the same (see iter_claims).
    explicit = [year for _, year in view.topical]
    if explicit and text_date is not None and _ahead_by(s, explicit[0], text_date):
        explicit = []  # a sentence about a goal years ahead sets no year for the next ones
    relative = None
    text_date_year = text_date.year if text_date is not None else None
    now = None  # a decision dated "last year": the text speaks of now (see _EVENT_LAST_YEAR)
    if not explicit and text_date is not None:
        if "this year" in low:
            relative = text_date.year
        elif "last year" in low:
            if _EVENT_LAST_YEAR.search(s):
                now = text_date.year
            else:
                relative = text_date.year - 1
    heading_years = context.years
    found = [claim for recognise in kinds.recognisers for claim in recognise(view)]
    if len(found) > 1:
        found.sort(key=_START)  # in the order of the text
    if heading_years and explicit and _compared_only(view, found, heading_years[-1]):
        context.kept = True  # see Context.kept
    elif explicit or relative is not None:
        context.set_year(
            explicit[:1] if explicit else [relative or 0],
            "named" if explicit else "this year" if relative == text_date_year else "last year",
            look_back=not explicit and text_date is not None and relative != text_date_year,
        )
    elif view.list_line is not None:
        context.years = heading_years  # a list line keeps its heading's year
        context.fresh = True
    elif now is not None:
        context.set_year([now], "now", current=True)
    context.remember(s)
    if view.list_line is None and _LETTER_RUN.search(s):
        context.heading = s
    return found


def _section_heading(s: str) -> bool:
    """Whether a line is a section heading: short, opening with a capital, without a digit
    and without the punctuation that ends a sentence or leads into a list."""
    return (
        len(s) <= 80
        and s[:1].isupper()
        and s[-1:] not in '.!?:;,"”’…'
        and " " in s
        and _DIGIT.search(s) is None
    )


def _compared_only(view: View, found: list[Claim], year: int) -> bool:
    """Whether the sentence's first figure took the year under discussion and every year the
    sentence names stands after its first point of comparison ("the average is 2.76% of GDP,
    compared to 2.61% in 2024 and 2.44% in 2023")."""
    first = view.memo.get("comparison_at")
    if first is None or first < 0 or not found:
        return False
    lead = found[0]
    return (
        lead.start - view.sentence.start < first
        and lead.year == year
        and lead.year_basis in ("context", "current")
        and all(place > first for place, _ in view.topical)
    )


def _may_hold_digit(s: str) -> bool:
    """Whether a text may hold a digit: an ASCII text holds one only if one of "0"-"9" is in
    it, which ten substring tests tell several times faster than a scan by the pattern \\d
    (a text with other characters may hold other scripts' digits: the pattern decides)."""
    if not s.isascii():
        return True
    for digit in "0123456789":  # noqa: SIM110 (a loop: no generator on this hot path)
        if digit in s:
            return True
    return False


def _not_only_years(digit_runs: list[str]) -> bool:
    """Whether a sentence's runs of digits hold a number that cannot be a year."""
    for run in digit_runs:  # noqa: SIM110 (a loop: no generator on this hot path)
        if not could_be_year(run):
            return True
    return False


_START = operator.attrgetter("start")


def _digitless(s: str, low: str, context: Context, readers: tuple[Any, ...]) -> bool:
    """Whether a sentence without numbers holds a kind's words ("Greece is second") that the
    kind's test wants read."""
    for words, read in readers:
        for word in words:  # loops, not any(): no generator on this hot path
            if word in low:
                if read is None or read(s, low, context.previous_text):
                    return True
                break
    return False


def _counted_before(context: Context) -> bool:
    """Whether the sentence before counted allies ("Ten years ago, there were only three of
    them" follows a count and names no allies itself)."""
    for claim in context.previous_claims:  # noqa: SIM110 (a loop: no generator on this hot path)
        if claim.kind == "count_meeting":
            return True
    return False


def _names_a_month(low: str) -> bool:
    """Whether a lower-cased text holds a month's name (its first three letters)."""
    for month in _MONTH_STARTS:  # noqa: SIM110 (a loop: no generator on this hot path)
        if month in low:
            return True
    return False


MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_MONTH_STARTS = tuple(month[:3] for month in MONTHS)
_DATE_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_DATE_DMY = re.compile(
    r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+(20\d\d)\b",
    re.I,
)
_DATE_MDY = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+(\d{1,2}),?\s+(20\d\d)\b",
    re.I,
)
_DATE_LINE = re.compile(r"^\s*#?\s*(?:date|published|updated)\s*:?\s*", re.I)


def detect_date(text: str) -> date | None:
    """The publication date a text states about itself (a 'date:'/'Published' line, or the
    first full date in its first lines), or None."""
    head = text[:2000]
    for line in head.splitlines()[:15]:
        if _DATE_LINE.match(line) or line.lower().startswith(("published", "# date")):
            found = _first_date(line)
            if found:
                return found
    return None


def _first_date(text: str) -> date | None:
    candidates: list[tuple[int, date]] = []
    for m in _DATE_ISO.finditer(text):
        with contextlib.suppress(ValueError):
            candidates.append((m.start(), date(int(m[1]), int(m[2]), int(m[3]))))
    for m in _DATE_DMY.finditer(text):
        with contextlib.suppress(ValueError):
            candidates.append((m.start(), date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))))
    for m in _DATE_MDY.finditer(text):
        with contextlib.suppress(ValueError):
            candidates.append((m.start(), date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))))
    return min(candidates)[1] if candidates else None
