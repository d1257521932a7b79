"""Find the sentences with checkable numeric claims and normalise each claim.

Pure text processing: no store access. Every regular expression here is linear (no nested
quantifiers), so any input up to the size limit is scanned in time proportional to its length.
Words a scraper dropped (links stripped) make a claim incomplete, never invented: a claim
without an entity or a year is kept and later judged unverifiable.
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from milex.data import countries

KINDS = (
    "share_gdp",
    "count_meeting",
    "membership_count",
    "amount",
    "growth",
    "commitment",
    "tariff",
)
_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50}
_WORDS = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
# A number not part of a longer one: (?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?),
# written with its first digit ahead of the look-behind: re skips ahead to where a pattern can
# start only when it opens with a character or a class, and tries one that opens with a
# look-behind at every character, several times slower.
_DIGITS = r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))"
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:" + _WORDS + r")\b)"
_COUNT_NUMBER = r"(\d{1,3}|\b(?:" + _WORDS + r"))"
_PERCENT_SIGN = r"\s?(?:-\s?)?(?:%|per\s?cent\b|percent\b|pct\b)"
# Digits first (fast); numbers in words ("two per cent") only where "cent" is written.
PERCENT = re.compile(_DIGITS + _PERCENT_SIGN, re.I)
PERCENT_WORDS = re.compile(_NUMBER + _PERCENT_SIGN, re.I)
_GROUP_NOUN = r"(allies|members?|member\s+(?:states|countries|nations)|countries|nations)\b"
COUNT = re.compile(
    r"\b" + _COUNT_NUMBER + r"\s+(?:out\s+)?of\s+(?:the\s+|its\s+|all\s+)?"
    r"(?:NATO['’]s\s+|the\s+alliance['’]s\s+|the\s+)?(\d{1,3})\s+"
    r"(?:(?:NATO|Nato|alliance)\s+)?" + _GROUP_NOUN,
    re.I,
)
# "only ten alliance members met the threshold", "all 32 of its members"
COUNT_ALONE = re.compile(
    r"\b" + _COUNT_NUMBER + r"\s+(?:(?:NATO|Nato|alliance|European)\s+)?" + _GROUP_NOUN, re.I
)
MEMBERSHIP = re.compile(
    r"\b(?:(\d{2})[-\s](?:nation|member|country)\s+(?:military\s+)?alliance|all\s+(\d{2})\s+"
    r"(?:of\s+(?:its|the)\s+)?(?:members|allies|member\s+states)|the\s+(\d{2})\s+"
    r"(?:countries|members|member\s+states|allies|nations)\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:NATO|North\s+Atlantic|alliance|military\s+alliance))",
    re.I,
)
_CURRENCY_SIGN = {
    "€": "EUR",
    "$": "USD",
    "£": "GBP",
    "us$": "USD",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
}
_CURRENCY_WORD = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "pound": "GBP",
    "pounds": "GBP",
}
_SCALE = {
    "million": 1e-3,
    "m": 1e-3,
    "mn": 1e-3,
    "billion": 1.0,
    "bn": 1.0,
    "b": 1.0,
    "trillion": 1e3,
    "tn": 1e3,
    "trn": 1e3,
}
AMOUNT_SIGN = re.compile(
    r"(€|£|US\$|\$|\b(?:USD|EUR|GBP)\s?)"
    + _DIGITS
    + r"\s?(million|billion|trillion|bn|mn|trn|tn|m|b)\b",
    re.I,
)
AMOUNT_WORD = re.compile(
    _DIGITS + r"\s?(million|billion|trillion|bn|trn|tn)\s+(?:US\s+)?(euros?|dollars?|pounds?)\b",
    re.I,
)
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")
YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
# A sentence ends at . ! ? or … (then closing quotes) before a capital, but not after the
# abbreviations news text is full of ("U.S. President", "Mr. Trump").
SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<!\bU\.S\.)(?<!\bU\.K\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)"
    r"(?<!\bNo\.)(?<!\bvs\.)[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+"
)


def _has_case_oddity(text: str) -> bool:
    """Whether the text holds a letter that re.IGNORECASE matches to "s" or "i" but str.lower()
    does not turn into it ("ſ", "ı", "İ")."""
    return "ſ" in text or "ı" in text or "İ" in text


class _Cue:
    r"""A case-blind pattern of words or phrases: ``words``, lower-case alternatives
    ("pledge[ds]?|at\s+present"), between ``before`` and ``after`` (word boundaries unless
    given).

    ``words`` alone, case-sensitive in the lower-cased text, is looked for first: every match of
    the pattern holds one of them, and the regex engine finds them several times faster (it
    skips ahead to the letters they start with), so the full pattern runs on few texts. A text
    with a letter that lower-casing cannot stand in for (see _has_case_oddity) runs it always."""

    def __init__(self, words: str, before: str = r"\b", after: str = r"\b") -> None:
        if words != words.lower():
            raise ValueError(f"cue words must be written in lower case: {words!r}")
        self.pattern = re.compile(f"{before}({words}){after}", re.I)
        self._quick = re.compile(words)

    def _may_occur(self, text: str, low: str | None) -> bool:
        if self._quick.search(text.lower() if low is None else low):
            return True
        return _has_case_oddity(text)  # then lower() cannot stand in for re.I

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """The first match in ``text`` (``low``: the text lower-cased, when the caller has it)."""
        return self.pattern.search(text) if self._may_occur(text, low) else None

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        """Every match in ``text``, as :meth:`re.Pattern.finditer`."""
        return self.pattern.finditer(text) if self._may_occur(text, low) else iter(())


_TARIFF = _Cue(r"tariffs?|levy|levies|dut(?:y|ies)|import\s+tax(?:es)?")
_COMMITMENT = _Cue(
    r"target|goal|guideline|benchmark|pledge[ds]?|commit\w*|promise[ds]?|aim\w*|threshold|"
    r"should|must|agreed|demand\w*|call(?:ed|s)?\s+for|obligation",
)
_GROWTH = _Cue(
    r"increase[ds]?|grew|grow(?:s|n|th)?|rise|rose|risen|jump(?:ed|s)?|up|surge[ds]?|"
    r"boost(?:ed|s)?|cut|fell|fall(?:en|s)?|decline[ds]?|real\s+terms",
)
_SHARE = _Cue(r"gdp|gross\s+domestic\s+product|econom(?:y|ies)|national\s+(?:income|output)")
_SPENDING = _Cue(
    r"spend\w*|spent|budget\w*|defen[cs]e|military|armed\s+forces|outlays?|expenditure|"
    r"allocat\w*|invest\w*",
)
_MEET = _Cue(
    r"meet|meets|met|meeting|reach\w*|hit|hits|hitting|exceed\w*|achiev\w*|fulfil\w*",
)
_PRESENT = _Cue(
    r"currently|now|today|at\s+present|this\s+year|spends|is\s+spending|are\s+spending|"
    r"stands\s+at|is\s+at",
)
_LAST_YEAR = _Cue(r"last\s+year")
_NEXT_YEAR = _Cue(r"next\s+year")
_BY_YEAR = re.compile(r"\b(?:by|until|before|in)\s+(20\d\d)\b", re.I)
_CORE = re.compile(r"\bcore\b", re.I)
_AGGREGATE_NATO = _Cue(
    r"on\s+average|average|collective(?:ly)?|combined|as\s+a\s+whole|alliance[-\s]wide|"
    r"the\s+alliance|all\s+(?:nato\s+)?allies\s+together",
)
_EU_CA = re.compile(
    r"\b(European\s+allies\s+and\s+Canada|Europe\s+and\s+Canada|Canada\s+and\s+(?:the\s+)?"
    r"European\s+allies|non-US\s+allies|NATO\s+Europe)\b",
    re.I,
)
_ALL_PARTNERS = _Cue(
    r"all|every|virtually\s+all|nearly\s+all|most|universal|baseline|global|worldwide|"
    r"around\s+the\s+world|imported\s+goods",
)
# A qualifier stands right before the number (an opening quote between; "more than $5bn").
_QUALIFIER_END = r"\s*[\"“]?$"
_QUALIFIERS = (
    (
        "above",
        _Cue(
            r"north\s+of|more\s+than|over|above|upwards\s+of|in\s+excess\s+of|exceed\w*|"
            r"top(?:s|ped|ping)?",
            before="",
            after=r"\s*[\"“$€£]?$",
        ),
    ),
    ("at_least", _Cue(r"at\s+least|no\s+less\s+than|a\s+minimum\s+of", "", _QUALIFIER_END)),
    ("below", _Cue(r"less\s+than|under|below|short\s+of|fewer\s+than", "", _QUALIFIER_END)),
    ("at_most", _Cue(r"up\s+to|at\s+most|no\s+more\s+than|a\s+maximum\s+of", "", _QUALIFIER_END)),
    (
        "approx",
        _Cue(
            r"roughly|about|around|nearly|almost|some|approximately|close\s+to|an\s+estimated|"
            r"just\s+under|just\s+over",
            "",
            _QUALIFIER_END,
        ),
    ),
)
_OR_MORE = re.compile(r"^\s*(?:or\s+more|and\s+above|plus)\b", re.I)
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
    unit: str  # percent | count | EUR | USD | GBP (amounts in billions)
    entity: str | None = None
    year: int | None = None
    qualifier: str | None = None
    total: int | None = None  # "18 of 32": 32
    threshold: float | None = None  # "18 of 32 allies met 2%": 2
    deadline: int | None = None  # "5% by 2035": 2035
    metric: str | None = None  # commitments: core | total | None
    year_basis: str = "explicit"  # explicit | relative | none


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


def _number(text: str) -> float:
    word = _WORD_NUMBERS.get(text.lower())
    return float(word) if word is not None else float(text.replace(",", ""))


def _qualifier(sentence: str, start: int, end: int) -> str | None:
    before = sentence[max(0, start - _QUALIFIER_WINDOW) : start]
    low = before.lower()
    for name, cue in _QUALIFIERS:
        if cue.search(before, low):
            return name
    if _OR_MORE.search(sentence[end : end + 15]):
        return "at_least"
    return None


def _entities(sentence: str) -> list[tuple[int, str]]:
    """Positions and codes of the countries and groups a sentence names."""
    found: list[tuple[int, str]] = []
    low = sentence.lower()
    if "canada" in low or "non-us" in low or "nato europe" in low:
        for match in _EU_CA.finditer(sentence):
            found.append((match.start(), countries.NATO_EU_CA))
    # Names are runs of capitalised words (with "and"/"of" inside: "Bosnia and Herzegovina");
    # the regex skips the lower-case rest of the sentence in C.
    for run in _NAME_RUN.finditer(sentence):
        words = [m.span() for m in _NAME_WORD.finditer(sentence, run.start(), run.end())]
        index = 0
        while index < len(words):
            start, stop = words[index]
            word = sentence[start:stop]
            if not word[0].isupper() or not (
                countries.could_start_name(word) or countries.could_start_name(word.rstrip("s"))
            ):
                index += 1
                continue
            size = _match_at(sentence, words, index, found)
            index += size or 1
    return sorted(set(found))


def _match_at(
    sentence: str, words: list[tuple[int, int]], index: int, found: list[tuple[int, str]]
) -> int:
    """The number of words of the longest name starting at ``words[index]`` (0 if none)."""
    for size in (4, 3, 2, 1):
        if index + size > len(words):
            continue
        first, last = words[index][0], words[index + size - 1][1]
        phrase = sentence[first:last].rstrip(".,")
        candidates = [phrase]
        if size == 1 and phrase.lower().endswith("s") and len(phrase) > 4:
            candidates.append(phrase[:-1])  # "Germans" -> German
        for candidate in candidates:
            country = countries.find_in_prose(candidate)
            # "NATO" in prose is the organisation, not its aggregate figure: the aggregate
            # needs a cue such as "on average" (see _AGGREGATE_NATO).
            if country is not None and country.iso3 != countries.NATO:
                before = sentence[max(0, first - 4) : first].lower()
                found.append((first - (4 if before == "the " else 0), country.iso3))
                return size
    return 0


_NAME_RUN = re.compile(r"[A-ZÀ-Þ][\w'’.-]*(?:,?\s+(?:(?:and|of|the|de)\s+)?[A-ZÀ-Þ][\w'’.-]*)*")
_NAME_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’.-]*")


def _nearest(entities: list[tuple[int, str]], position: int, exclude: set[str]) -> str | None:
    """The country a number belongs to: the closest one named just before it ("Poland, at
    more than 4%"), else the closest after it."""
    at = bisect.bisect_left(entities, (position, ""))
    before = [(position - p, c) for p, c in entities[max(0, at - 8) : at] if c not in exclude]
    if before and min(before)[0] <= _ENTITY_REACH:
        return min(before)[1]
    after = [(p - position, c) for p, c in entities[at : at + 8] if c not in exclude]
    candidates = before + after
    return min(candidates)[1] if candidates else None


_ENTITY_REACH = 60


class _Facts:
    """What a sentence says as a whole, computed once (not once per number in it)."""

    def __init__(
        self, sentence: str, text_date: date | None, years: list[tuple[int, int]] | None = None
    ) -> None:
        self.text = sentence
        self.low = sentence.lower()
        self.tariff_listed = False  # a line of a list of tariff rates
        self._dates(sentence, text_date, _topical_years(sentence) if years is None else years)

    # Each cue is looked for only when a rule asks for it.
    @functools.cached_property
    def tariff(self) -> bool:
        return self.tariff_listed or bool(_TARIFF.search(self.text, self.low))

    @functools.cached_property
    def meet(self) -> bool:
        return bool(_MEET.search(self.text, self.low))

    @functools.cached_property
    def commitment(self) -> bool:
        return bool(_COMMITMENT.search(self.text, self.low))

    @functools.cached_property
    def share_or_spending(self) -> bool:
        return bool(_SHARE.search(self.text, self.low) or _SPENDING.search(self.text, self.low))

    @functools.cached_property
    def aggregate(self) -> bool:
        return bool(_AGGREGATE_NATO.search(self.text, self.low))

    @functools.cached_property
    def all_partners(self) -> bool:
        return bool(_ALL_PARTNERS.search(self.text, self.low))

    @functools.cached_property
    def since(self) -> bool:
        return bool(_SINCE.search(self.text))

    @functools.cached_property
    def growth(self) -> bool:
        return bool(_GROWTH.search(self.text, self.low))

    @functools.cached_property
    def by_year(self) -> bool:
        return bool(_BY_YEAR.search(self.text))

    def _dates(self, sentence: str, text_date: date | None, years: list[tuple[int, int]]) -> None:
        """Years and year phrases with their positions."""
        self.years = [(place, year, "explicit") for place, year in years]
        self.relative: tuple[int | None, str] = (None, "none")
        if text_date is not None:
            for cue, offset in ((_LAST_YEAR, -1), (_NEXT_YEAR, 1), (_PRESENT, 0)):
                for m in cue.finditer(sentence, self.low):
                    self.years.append((m.start(), text_date.year + offset, "relative"))
            self.years.sort()

    def year(self, position: int) -> tuple[int | None, str]:
        """The year (or "last year", "currently") nearest the number; else the context's."""
        if not self.years:
            return self.relative
        at = bisect.bisect_left(self.years, (position, 0, ""))
        near = [
            (place, year, basis)
            for place, year, basis in self.years[max(0, at - 3) : at + 3]
            if basis == "relative" or abs(place - position) <= _YEAR_REACH
        ] + [item for item in self.years if item[2] == "relative"]
        if not near:
            return self.relative
        _, year, basis = min((abs(p - position), y, b) for p, y, b in near)
        return year, basis


# How far from a number a year may stand and still be the year of that number (characters).
_YEAR_REACH = 160
_COMPARISON_YEAR = re.compile(
    r"(?:\b(?:since|compared\s+(?:to|with)|than|versus|vs\.?)\b[^.;!?]{0,30}|\bagreed\s+(?:to\s+)?in\s+"
    r"|\bset\s+(?:back\s+)?in\s+|\badopted\s+in\s+)$",
    re.I,
)


def _classify_percent(
    facts: _Facts, start: int, end: int, has_count: bool, has_entity: bool = False
) -> str:
    sentence = facts.text
    window = sentence[max(0, start - 60) : end + 60]
    if facts.tariff:
        return "tariff"
    if has_count and facts.meet:
        return "count_meeting_threshold"
    after = sentence[end : end + 30]
    before = sentence[max(0, start - 45) : start]
    # Commitment cues near the number ("agreed to spend at least 2%", "the 2% target") win;
    # elsewhere in the sentence they count only when no country is named.
    local = _LOCAL_COMMITMENT.search(before) or _TARGET_AFTER.match(after)
    if local or (facts.commitment and not has_entity):
        return "commitment"
    if _BY_OR_OF.search(before[-25:]) and _GROWTH.search(window) and not _SHARE.search(window):
        return "growth"
    if _OF_GDP.match(after) or (facts.share_or_spending and has_entity):
        return "share_gdp"
    if _BY_YEAR.search(after) and "spend" not in window:
        return "commitment"
    if _GROWTH_AFTER.match(after):
        return "growth"
    if facts.share_or_spending:
        return "share_gdp"
    return "other"


_TARGET_AFTER = re.compile(
    r"^\s*(?:[\"”’]\s*)?(?:\w+\s+){0,2}?(?:target|goal|guideline|benchmark|threshold|floor|"
    r"pledge|commitment)\b",
    re.I,
)


_OF_GDP = re.compile(r"^\s*(?:[\"”’]\s*)?(?:of\s+(?:its|their|the)?\s*(?:GDP|gross|econom))", re.I)
_BY_OR_OF = re.compile(
    r"\b(by|of)\s+(?:only\s+|just\s+|about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$", re.I
)
_GROWTH_AFTER = re.compile(r"^\s*(?:increase|rise|jump|growth|real)", re.I)
_SINCE = re.compile(r"\bsince\s+(19|20)\d\d\b", re.I)


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
class _Context:
    """What earlier sentences said that a later one leans on: the year under discussion, the
    countries just named ("these countries"), a list of tariff rates."""

    years: list[int] = field(default_factory=list)
    # The last few sentences, read again only when a later sentence needs them (cheaper than
    # scanning every sentence for every cue).
    recent: collections.deque[str] = field(default_factory=lambda: collections.deque(maxlen=6))
    # Entities of the sentences read so far in this text (a sentence is read again when the
    # next one says "its" or "these countries").
    named: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def entities(self, sentence: str) -> list[tuple[int, str]]:
        """The entities a sentence names, each sentence scanned once per text."""
        if sentence not in self.named:
            if len(self.named) > 64:
                self.named.clear()
            self.named[sentence] = _entities(sentence)
        return self.named[sentence]

    @property
    def previous_text(self) -> str:
        return self.recent[-1] if self.recent else ""

    def tariff_recently(self) -> bool:
        """Whether one of the last few sentences spoke of tariffs (a list of rates follows)."""
        return any(_TARIFF.search(text) for text in self.recent)


# "• European Union: 20%", "- Japan: 24%", "United Kingdom: 10%"
_WORD_SET = frozenset(_WORD_NUMBERS)
_LETTERS = re.compile(r"[a-z]+")
_LIST_ITEM = re.compile(r"^\s*(?:[•\-*–·]\s*)?[A-Z][\w .’'()-]{1,40}:\s*\d")
# "any NATO member", "some allies": a pronoun after these refers to no particular country.
_QUANTIFIED = re.compile(
    r"\b(any|every|no|some|many|most|several|all|other)\s+(?:NATO\s+|European\s+)?"
    r"(?:member|ally|allies|country|countries|nation|state)",
    re.I,
)
_PRONOUN = _Cue(r"these\s+countries|this\s+country|they|them|their|it|its")
_EACH = _Cue(r"each|both|respectively|all\s+three|all\s+two")
_TARGET_WORD = _Cue(r"target|goal|guideline|benchmark|threshold|floor|pledge")
_EUROPEAN_ONLY = re.compile(
    r"\bNATO['’]s\s+European\s+(?:allies|members|states|countries)\b|"
    r"\bEuropean\s+(?:allies|members|states|countries)\b(?!\s+and\s+Canada)",
    re.I,
)
_LOCAL_COMMITMENT = _Cue(
    r"target|goal|guideline|benchmark|pledge[ds]?|commit\w*|promise[ds]?|aim\w*|"
    r"threshold|should|must|agreed|agree|demand\w*|call(?:ed|s)?\s+for|obligation|"
    r"floor|new\s+goal"
)


def iter_claims(
    text: str, text_date: date | None = None, budget: Budget | None = None
) -> Iterator[Claim]:
    """The claims of a text one by one (so a caller can stop early)."""
    budget = budget or Budget()
    context = _Context()
    for sentence in sentences(text):
        if budget.exhausted:
            return
        dated: list[int] = []
        for claim in _claims_in(sentence, text_date, context, budget):
            if claim.year is not None and claim.year_basis in ("explicit", "relative"):
                dated.append(claim.year)
            yield claim
        if dated:  # the year the text is talking about is the year of its last dated claim
            context.years = [dated[-1]]


def _claims_in(
    sentence: Sentence, text_date: date | None, context: _Context, budget: Budget
) -> Iterator[Claim]:
    s = sentence.text
    low = s.lower()
    first_digit = _DIGIT.search(s)
    digit_runs = _DIGIT_RUN.findall(s, first_digit.start()) if first_digit else []
    has_digit = bool(digit_runs)
    budget.remaining -= len(digit_runs)
    nouns = (
        "allies" in low
        or "member" in low
        or "countr" in low
        or "nation" in low
        or ("states" in low)
    )
    # Whether numbers are written in words ("ten allies", "two per cent") matters only in a
    # sentence without digits (has it a number at all?) and for percentages.
    word_numbers = ((nouns and not has_digit) or "cent" in low) and not _WORD_SET.isdisjoint(
        _LETTERS.findall(low)
    )
    if not has_digit and not (nouns and word_numbers):
        context.recent.append(s)  # no number: it is only context for later sentences
        return
    # A list of rates after "The tariffs are as follows:" keeps the tariff context.
    list_item = bool(_LIST_ITEM.match(s))
    in_tariff_list = list_item and context.tariff_recently()
    # Cheap substring tests decide which patterns are worth running on this sentence.
    counts = list(COUNT.finditer(s)) if has_digit and nouns and " of " in low else []  # "of 32"
    written_percent = "cent" in low and word_numbers
    has_percent = "%" in s or "cent" in low or "pct" in low
    percents = (
        list((PERCENT_WORDS if written_percent else PERCENT).finditer(s))
        if has_percent and (has_digit or written_percent)
        else []
    )
    meeting_words = ("met", "meet", "reach", "hit", "exceed", "achiev", "fulfil")
    singles = (
        list(COUNT_ALONE.finditer(s))
        if nouns and not counts and any(w in low for w in meeting_words)
        else []
    )
    # A membership figure ("the 32 allies", "a 32-nation alliance") is a run of two digits.
    memberships = (
        list(MEMBERSHIP.finditer(s))
        if ("allian" in low or nouns) and any(len(run) == 2 for run in digit_runs)
        else []
    )
    amounts = (
        has_digit
        and any(w in low for w in ("million", "billion", "trillion", "bn", "trn", " tn"))
        and bool(
            (
                (any(c in s for c in "€$£") or any(c in low for c in ("usd", "eur", "gbp")))
                and AMOUNT_SIGN.search(s)
            )
            or AMOUNT_WORD.search(s)
        )
    )
    entities = (
        context.entities(s) if (counts or percents or singles or memberships or amounts) else []
    )
    previous_years, previous_text = context.years, context.previous_text
    earlier = list(context.recent)[-2:]  # for "That headline figure breaks down as 3.5% ..."
    topical = (
        _topical_years(s, first_digit.start())
        if first_digit and any(_could_be_year(run) for run in digit_runs)
        else []
    )
    explicit_years = [year for _, year in topical]
    # A sentence without claims that names a year ("... spending in 2024") sets the year for
    # the sentences after it; dated claims do the same (see iter_claims).
    relative = None
    if not explicit_years and text_date is not None:
        if "this year" in low:
            relative = text_date.year
        elif "last year" in low:
            relative = text_date.year - 1
    if explicit_years or relative is not None:
        context.years = explicit_years[:1] if explicit_years else [relative or 0]
    context.recent.append(s)
    if not (counts or percents or singles or memberships or amounts):
        return  # no number that can carry a claim (years, dates, ages)
    facts = _Facts(s, text_date, topical)
    facts.tariff_listed = in_tariff_list
    if not facts.years and previous_years and not _FUTURE.search(s, low):  # only when needed
        facts.relative = (previous_years[-1], "context")
    european_only = "european" in low and bool(_EUROPEAN_ONLY.search(s))
    used: set[int] = set()

    def base(start: int, end: int, kind: str, value: float, unit: str, **fields: Any) -> Claim:
        used.update(range(start, end))
        return Claim(
            s,
            sentence.start,
            sentence.start + start,
            sentence.start + end,
            kind,
            value,
            unit,
            **fields,
        )

    def threshold_near(position: int) -> float | None:
        if percents:
            return _number(min(percents, key=lambda p: abs(p.start() - position)).group(1))
        return 2.0 if _TARGET_WORD.search(s, low) else None  # "the spending target": NATO's 2%

    for match in counts:
        part, whole = _number(match.group(1)), int(match.group(2))
        year, basis = facts.year(match.start())
        threshold = threshold_near(match.start())
        if threshold is not None and facts.meet:
            yield base(
                match.start(1),
                match.end(1),
                "count_meeting",
                part,
                "count",
                total=whole,
                threshold=threshold,
                year=year,
                year_basis=basis,
                entity=countries.NATO,
            )
        window = s[max(0, match.start() - 40) : match.end() + 40]
        if re.search(r"\bNATO|alliance|allies\b", window, re.I):
            yield base(
                match.start(2),
                match.end(2),
                "membership_count",
                whole,
                "count",
                entity=countries.NATO,
            )
    for match in singles:
        threshold = threshold_near(match.start())
        if threshold is None or not facts.meet or match.start() in used:
            continue
        year, basis = facts.year(match.start())
        yield base(
            match.start(1),
            match.end(1),
            "count_meeting",
            _number(match.group(1)),
            "count",
            threshold=threshold,
            year=year,
            year_basis=basis,
            entity=countries.NATO,
        )
    for match in memberships:
        number = next(g for g in match.groups() if g)
        at = match.start() + match.group(0).find(number)
        if at in used:
            continue
        yield base(
            at,
            at + len(number),
            "membership_count",
            float(number),
            "count",
            entity=countries.NATO,
        )
    cued = (
        facts.tariff
        or facts.commitment
        or facts.share_or_spending
        or facts.growth
        or (facts.by_year)
    )
    for match in percents if cued else ():
        start, end = match.span()
        if start in used:
            continue
        value = _number(match.group(1))
        kind = _classify_percent(facts, start, end, bool(counts or singles), bool(entities))
        if kind in ("other", "count_meeting_threshold"):
            continue
        qualifier = _qualifier(s, start, end)
        year, basis = facts.year(start)

        claim = functools.partial(base, start, match.end(1), kind, value, "percent")

        if kind == "tariff":
            partner = _tariff_partner(entities, percents, start, end, s)
            if partner is None and _PRONOUN.search(s, low):
                earlier = [c for _, c in context.entities(previous_text) if c != "USA"]
                partner = next((c for c in earlier if _is_ally(c)), earlier[0] if earlier else None)
            if partner is None and facts.all_partners:
                partner = "ALL"
            yield claim(entity=partner, qualifier=qualifier, year=year, year_basis=basis)
        elif kind == "commitment":
            by = _BY_YEAR.search(s[end : end + 30])
            metric = "core" if _CORE.search(s[max(0, start - 12) : end + 30]) else None
            yield claim(
                qualifier=qualifier, deadline=int(by.group(1)) if by else None, metric=metric
            )
        else:
            named: list[str | None] = list(_each(entities, s, start))
            if not named:
                entity = _nearest(entities, start, set())
                if entity is None and facts.aggregate and not european_only:
                    entity = countries.NATO
                if entity is None and _PRONOUN.search(s, low) and not _QUANTIFIED.search(s[:start]):
                    entity = next(iter(context.entities(previous_text)), (0, None))[1]
                if entity is None and (
                    facts.commitment or any(_COMMITMENT.search(text) for text in earlier)
                ):
                    # "That headline figure breaks down as 3.5 percent on core defense ..."
                    by = _BY_YEAR.search(s[end : end + 30])
                    core = _CORE.search(s[max(0, start - 12) : end + 30])
                    yield base(
                        start,
                        match.end(1),
                        "commitment",
                        value,
                        "percent",
                        qualifier=qualifier,
                        deadline=int(by.group(1)) if by else None,
                        metric="core" if core else None,
                    )
                    continue
                named = [entity]
            for entity in named:
                yield claim(entity=entity, year=year, year_basis=basis, qualifier=qualifier)
    for pattern in (AMOUNT_SIGN, AMOUNT_WORD) if amounts else ():
        for match in pattern.finditer(s):
            if match.start() in used:
                continue
            if pattern is AMOUNT_SIGN:
                currency = _CURRENCY_SIGN[match.group(1).strip().lower()]
                number, scale = match.group(2), match.group(3)
            else:
                number, scale = match.group(1), match.group(2)
                currency = _CURRENCY_WORD[match.group(3).lower()]
            value = _number(number) * _SCALE[scale.lower()]
            year, basis = facts.year(match.start())
            entity = None if european_only else _nearest(entities, match.start(), set())
            if entity is None and facts.aggregate and not european_only:
                entity = countries.NATO
            if (
                entity is None
                and not european_only
                and _PRONOUN.search(s, low)
                and not _QUANTIFIED.search(s[: match.start()])
            ):
                entity = next(iter(context.entities(previous_text)), (0, None))[1]
            qualifier = _qualifier(s, match.start(), match.end())
            if facts.since:
                qualifier = "cumulative"
            yield base(
                match.start(),
                match.end(),
                "amount",
                value,
                currency,
                entity=entity,
                year=year,
                year_basis=basis,
                qualifier=qualifier,
            )


# A sentence about what will or would be (no year given) borrows no year from the text.
_FUTURE = _Cue(r"will|would|could|shall|plans?\s+to|intends?\s+to|aims?\s+to|going\s+to")


_PRODUCT = re.compile(
    r"^\s*(?:tariffs?|duties|dut(?:y|ies)|levy)?\s*on\s+(?:all\s+)?(?:imports\s+of\s+)?"
    r"(?:steel|alumini?um|autos?|cars?|vehicles?|auto\s+parts)",
    re.I,
)


def _tariff_partner(
    entities: list[tuple[int, str]],
    percents: list[re.Match[str]],
    start: int,
    end: int,
    sentence: str,
) -> str | None:
    """Whom a tariff rate applies to: "25% duties on steel" (every partner), else the ally
    named nearest the rate (not past the next rate in the sentence), else any country."""
    if _PRODUCT.match(sentence[end : end + 40]):
        return "ALL"
    following = [p.start() for p in percents if p.start() > start]
    limit = following[0] if following else len(sentence)
    before = [(start - p, c) for p, c in entities if c != "USA" and p < start]
    if before and min(before)[0] <= 60:
        return min(before)[1]  # "China, for example, would be charged a duty of 34%"
    after = [(p - start, c) for p, c in entities if c != "USA" and start < p < limit]
    allies = [item for item in after if _is_ally(item[1]) or item[1] == "EUU"]
    if allies or after:
        return min(allies or after)[1]  # "25% tariffs on goods from Mexico and Canada"
    near = [item for item in before if item[0] <= 150]
    return min(near)[1] if near else None


def _could_be_year(digit_run: str) -> bool:
    """Whether a run of digits can be a YEAR (a cheap test before the pattern)."""
    return len(digit_run) == 4 and digit_run[:2] in ("19", "20")


def _topical_years(sentence: str, first_digit: int = 0) -> list[tuple[int, int]]:
    """Positions and values of the years a sentence is about: not a year after "since",
    "compared to" or "than" (a point of comparison), nor one inside a full date (a dateline).
    ``first_digit``: where the sentence's first digit is, if known (no year starts before)."""
    return [
        (m.start(), int(m.group(1)))
        for m in YEAR.finditer(sentence, first_digit)
        if not _COMPARISON_YEAR.search(sentence[max(0, m.start() - 45) : m.start()])
        and not _in_date(sentence, m.start())
    ]


def _in_date(sentence: str, position: int) -> bool:
    """Whether the year at ``position`` is part of a full date (a dateline, not a topic)."""
    window = sentence[max(0, position - 20) : position + 10]
    low = window.lower()
    if "-" not in window and not any(month in low for month in _MONTH_STARTS):
        return False  # no month name and no ISO dash: a bare year
    return any(p.search(window) for p in (_DATE_ISO, _DATE_DMY, _DATE_MDY))


def _is_ally(code: str) -> bool:
    country = countries.find(code)
    return country is not None and country.nato_accession is not None


def _each(entities: list[tuple[int, str]], sentence: str, position: int) -> list[str]:
    """Several countries sharing one figure: "Estonia and Latvia, each around 3.4%"."""
    if len(entities) < 2 or not _EACH.search(sentence):
        return []
    before = [code for place, code in entities if place < position]
    return before if len(before) >= 2 else []


MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
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
