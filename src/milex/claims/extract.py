"""Find the sentences with checkable numeric claims and normalise each claim.

Pure text processing: no store access. Every regular expression here is linear (no nested
quantifiers), so any input up to the size limit is scanned in time proportional to its length.
Words a scraper dropped (links stripped) make a claim incomplete, never invented: a claim
without an entity or a year is kept and later judged unverifiable.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

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
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
PERCENT = re.compile(_NUMBER + r"\s?(?:-\s?)?(?:%|per\s?cent\b|percent\b|pct\b)", re.I)
COUNT = re.compile(
    r"\b(\d{1,3})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|all\s+)?(\d{1,3})\s+"
    r"(?:(?:NATO|Nato|alliance)\s+)?(allies|members?|member\s+(?:states|countries|nations)|"
    r"countries|nations)\b",
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
    + _NUMBER
    + r"\s?(million|billion|trillion|bn|mn|trn|tn|m|b)\b",
    re.I,
)
AMOUNT_WORD = re.compile(
    _NUMBER + r"\s?(million|billion|trillion|bn|trn|tn)\s+(?:US\s+)?(euros?|dollars?|pounds?)\b",
    re.I,
)
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")
YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")

_TARIFF = re.compile(r"\b(tariffs?|levy|levies|dut(?:y|ies)|import\s+tax(?:es)?)\b", re.I)
_COMMITMENT = re.compile(
    r"\b(target|goal|guideline|benchmark|pledge[ds]?|commit\w*|promise[ds]?|aim\w*|threshold|"
    r"should|must|agreed|demand\w*|call(?:ed|s)?\s+for|obligation)\b",
    re.I,
)
_GROWTH = re.compile(
    r"\b(increase[ds]?|grew|grow(?:s|n|th)?|rise|rose|risen|jump(?:ed|s)?|up|surge[ds]?|"
    r"boost(?:ed|s)?|cut|fell|fall(?:en|s)?|decline[ds]?|real\s+terms)\b",
    re.I,
)
_SHARE = re.compile(
    r"\b(GDP|gross\s+domestic\s+product|econom(?:y|ies)|national\s+(?:income|output))\b", re.I
)
_SPENDING = re.compile(
    r"\b(spend\w*|spent|budget\w*|defen[cs]e|military|armed\s+forces|outlays?|expenditure)\b",
    re.I,
)
_MEET = re.compile(r"\b(meet|meets|met|meeting|reach\w*|hit|hits|exceed\w*|achiev\w*)\b", re.I)
_PRESENT = re.compile(
    r"\b(currently|now|today|at\s+present|this\s+year|spends|is\s+spending|are\s+spending|"
    r"stands\s+at|is\s+at)\b",
    re.I,
)
_LAST_YEAR = re.compile(r"\blast\s+year\b", re.I)
_NEXT_YEAR = re.compile(r"\bnext\s+year\b", re.I)
_BY_YEAR = re.compile(r"\b(?:by|until|before|in)\s+(20\d\d)\b", re.I)
_CORE = re.compile(r"\bcore\b", re.I)
_AGGREGATE_NATO = re.compile(
    r"\b(on\s+average|average|collective(?:ly)?|combined|as\s+a\s+whole|alliance[-\s]wide|"
    r"the\s+alliance|all\s+(?:NATO\s+)?allies\s+together)\b",
    re.I,
)
_EU_CA = re.compile(
    r"\b(European\s+allies\s+and\s+Canada|Europe\s+and\s+Canada|Canada\s+and\s+(?:the\s+)?"
    r"European\s+allies|non-US\s+allies|NATO\s+Europe)\b",
    re.I,
)
_ALL_PARTNERS = re.compile(r"\b(all|every|virtually\s+all|nearly\s+all|most)\b", re.I)
_QUALIFIERS = (
    (
        "above",
        re.compile(
            r"(north\s+of|more\s+than|over|above|upwards\s+of|in\s+excess\s+of|exceed\w*)\s*[\"“]?$",
            re.I,
        ),
    ),
    ("at_least", re.compile(r"(at\s+least|no\s+less\s+than|a\s+minimum\s+of)\s*[\"“]?$", re.I)),
    ("below", re.compile(r"(less\s+than|under|below|short\s+of|fewer\s+than)\s*[\"“]?$", re.I)),
    (
        "at_most",
        re.compile(r"(up\s+to|at\s+most|no\s+more\s+than|a\s+maximum\s+of)\s*[\"“]?$", re.I),
    ),
    (
        "approx",
        re.compile(
            r"(roughly|about|around|nearly|almost|some|approximately|close\s+to|an\s+estimated|"
            r"just\s+under|just\s+over)\s*[\"“]?$",
            re.I,
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
    return float(text.replace(",", ""))


def _qualifier(sentence: str, start: int, end: int) -> str | None:
    before = sentence[max(0, start - _QUALIFIER_WINDOW) : start]
    for name, pattern in _QUALIFIERS:
        if pattern.search(before):
            return name
    if _OR_MORE.search(sentence[end : end + 15]):
        return "at_least"
    return None


def _entities(sentence: str) -> list[tuple[int, str]]:
    """Positions and codes of the countries and groups a sentence names."""
    found: list[tuple[int, str]] = []
    for match in _EU_CA.finditer(sentence):
        found.append((match.start(), countries.NATO_EU_CA))
    words = list(re.finditer(r"[A-Za-zÀ-ÿ][\w'’.-]*", sentence))
    index = 0
    while index < len(words):
        word = words[index]
        if not word.group()[0].isupper() or not (
            countries.could_start_name(word.group())
            or countries.could_start_name(word.group().rstrip("s"))
        ):
            index += 1
            continue
        matched = False
        for size in (4, 3, 2, 1):
            if index + size > len(words):
                continue
            first, last = words[index], words[index + size - 1]
            phrase = sentence[first.start() : last.end()].rstrip(".")
            candidates = [phrase]
            if size == 1 and phrase.lower().endswith("s") and len(phrase) > 4:
                candidates.append(phrase[:-1])  # "Germans" -> German
            for candidate in candidates:
                country = countries.find_in_prose(candidate)
                # "NATO" in prose is the organisation, not its aggregate figure: the aggregate
                # needs a cue such as "on average" (see _AGGREGATE_NATO).
                if country is not None and country.iso3 != countries.NATO:
                    before = sentence[max(0, first.start() - 4) : first.start()].lower()
                    code = country.iso3
                    found.append((first.start() - (4 if before == "the " else 0), code))
                    index += size
                    matched = True
                    break
            if matched:
                break
        if not matched:
            index += 1
    return sorted(set(found))


def _nearest(entities: list[tuple[int, str]], position: int, exclude: set[str]) -> str | None:
    # Entities are sorted by position: look only at the few on either side of the number.
    at = bisect.bisect_left(entities, (position, ""))
    best: tuple[int, bool, str] | None = None
    for step in (-1, 1):
        index = at if step == 1 else at - 1
        while 0 <= index < len(entities):
            place, code = entities[index]
            if code not in exclude:
                candidate = (abs(place - position), place > position, code)
                best = candidate if best is None or candidate < best else best
                break
            index += step
    return best[2] if best else None


class _Facts:
    """What a sentence says as a whole, computed once (not once per number in it)."""

    def __init__(self, sentence: str, text_date: date | None) -> None:
        self.text = sentence
        self.tariff = bool(_TARIFF.search(sentence))
        self.meet = bool(_MEET.search(sentence))
        self.commitment = bool(_COMMITMENT.search(sentence))
        self.share_or_spending = bool(_SHARE.search(sentence) or _SPENDING.search(sentence))
        self.aggregate = bool(_AGGREGATE_NATO.search(sentence))
        self.all_partners = bool(_ALL_PARTNERS.search(sentence))
        self.since = bool(_SINCE.search(sentence))
        self.growth = bool(_GROWTH.search(sentence))
        self.by_year = bool(_BY_YEAR.search(sentence))
        self.years = [(m.start(), int(m.group(1))) for m in YEAR.finditer(sentence)]
        self.relative: tuple[int | None, str] = (None, "none")
        if text_date is not None:
            if _LAST_YEAR.search(sentence):
                self.relative = (text_date.year - 1, "relative")
            elif _NEXT_YEAR.search(sentence):
                self.relative = (text_date.year + 1, "relative")
            elif _PRESENT.search(sentence):
                self.relative = (text_date.year, "relative")

    def year(self, position: int) -> tuple[int | None, str]:
        """The year nearest the number, else one the sentence implies ("last year")."""
        if not self.years:
            return self.relative
        at = bisect.bisect_left(self.years, (position, 0))
        near = [self.years[i] for i in (at - 1, at) if 0 <= i < len(self.years)]
        return min((abs(p - position), y) for p, y in near)[1], "explicit"


def _classify_percent(facts: _Facts, start: int, end: int, has_count: bool) -> str:
    sentence = facts.text
    window = sentence[max(0, start - 60) : end + 60]
    if facts.tariff:
        return "tariff"
    if has_count and facts.meet:
        return "count_meeting_threshold"
    after = sentence[end : end + 25]
    if _OF_GDP.match(after) and not facts.commitment:
        return "share_gdp"
    if facts.commitment or (_BY_YEAR.search(after) and "spend" not in window):
        return "commitment"
    before = sentence[max(0, start - 25) : start]
    if _BY_OR_OF.search(before) and _GROWTH.search(window) and not _SHARE.search(window):
        return "growth"
    if _GROWTH_AFTER.match(after):
        return "growth"
    if facts.share_or_spending:
        return "share_gdp"
    return "other"


_OF_GDP = re.compile(r"^\s*(?:[\"”’]\s*)?(?:of\s+(?:its|their|the)?\s*(?:GDP|gross|econom))", re.I)
_BY_OR_OF = re.compile(r"\b(by|of)\s*$", re.I)
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


def iter_claims(
    text: str, text_date: date | None = None, budget: Budget | None = None
) -> Iterator[Claim]:
    """The claims of a text one by one (so a caller can stop early)."""
    budget = budget or Budget()
    for sentence in sentences(text):
        if budget.exhausted:
            return
        budget.remaining -= len(_DIGIT_RUN.findall(sentence.text))
        yield from _claims_in(sentence, text_date)


def _claims_in(sentence: Sentence, text_date: date | None) -> Iterator[Claim]:
    s = sentence.text
    if not _DIGIT.search(s):
        return
    counts = list(COUNT.finditer(s))
    percents = list(PERCENT.finditer(s))
    if not (counts or percents or AMOUNT_SIGN.search(s) or AMOUNT_WORD.search(s)):
        return  # numbers, but none that can carry a claim (years, dates, ages)
    entities = _entities(s)
    facts = _Facts(s, text_date)
    used: set[int] = set()

    def base(start: int, end: int, kind: str, value: float, unit: str) -> Claim:
        used.update(range(start, end))
        return Claim(
            s, sentence.start, sentence.start + start, sentence.start + end, kind, value, unit
        )

    for match in counts:
        part, whole = int(match.group(1)), int(match.group(2))
        year, basis = facts.year(match.start())
        threshold = None
        for p in percents:
            threshold = _number(p.group(1))
            break
        noun = match.group(3).lower()
        if threshold is not None and facts.meet:
            yield replace(
                base(match.start(1), match.end(1), "count_meeting", part, "count"),
                total=whole,
                threshold=threshold,
                year=year,
                year_basis=basis,
                entity=countries.NATO,
            )
        if noun.startswith(("member", "allies", "nations", "countries")) and re.search(
            r"\bNATO|alliance|allies\b", s[max(0, match.start() - 40) : match.end() + 10], re.I
        ):
            yield replace(
                base(match.start(2), match.end(2), "membership_count", whole, "count"),
                entity=countries.NATO,
            )
    # A percent can only be a claim if the sentence has a cue for some kind of claim.
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
        kind = _classify_percent(facts, start, end, bool(counts))
        if kind in ("other", "count_meeting_threshold"):
            continue
        qualifier = _qualifier(s, start, end)
        year, basis = facts.year(start)
        claim = base(start, match.end(1), kind, value, "percent")
        if kind == "tariff":
            partner = _nearest(entities, start, {"USA"})
            if partner is None and facts.all_partners:
                partner = "ALL"
            yield replace(claim, entity=partner, qualifier=qualifier, year=year, year_basis=basis)
        elif kind == "commitment":
            by = _BY_YEAR.search(s[end : end + 30])
            metric = "core" if _CORE.search(s[max(0, start - 40) : end + 40]) else None
            yield replace(
                claim, qualifier=qualifier, deadline=int(by.group(1)) if by else None, metric=metric
            )
        else:
            entity = _nearest(entities, start, set())
            if entity is None and facts.aggregate:
                entity = countries.NATO
            yield replace(claim, entity=entity, year=year, year_basis=basis, qualifier=qualifier)
    for pattern in (AMOUNT_SIGN, AMOUNT_WORD):
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
            entity = _nearest(entities, match.start(), set())
            if entity is None and facts.aggregate:
                entity = countries.NATO
            qualifier = _qualifier(s, match.start(), match.end())
            if facts.since:
                qualifier = "cumulative"
            yield replace(
                base(match.start(), match.end(), "amount", value, currency),
                entity=entity,
                year=year,
                year_basis=basis,
                qualifier=qualifier,
            )


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
