"""An ally's rank by share of GDP in a year: "Latvia ranks third at 3.73%", "Estonia – the
second place", "Latvia comes in fourth", "third-highest in NATO", "Poland tops the list",
"placing it fourth", "second on the table", "currently sixth", "sixth out of 31", "second only
to Poland", "the top spender relative to GDP", "the lowest spender", "bottom of the table".
Judged on the ranking of ``milex status`` (``Queries.year_standings``: allies with a figure,
ties sharing a rank): the same rank is accurate, another inaccurate; when allies lack a figure
the rank is a range, judged only if every rank in it gives the same verdict."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import SHARE, Claim, View, has_case_oddity, lowered, nearest
from milex.claims.kinds import Kind
from milex.claims.verify import Judgement, Reference, Verifier, missing_entity_or_year, unverifiable

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
    "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10,
}  # fmt: skip
ORDINALS |= {"eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15}
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True)) + r"|[1-3]?\d(?:st|nd|rd|th)"
_NOT_RANK = r"(?![-\s]+(?:time|year|largest|biggest|quarter|half|round|term|day|week|month))"
RANK = re.compile(
    r"\b(?:rank(?:s|ed)?\s+(?:as\s+)?(?:the\s+)?(" + _ORDINAL + r")|(?:takes|took|holds|in|is|was)"
    r"\s+(?:the\s+)?(?:joint\s+|equal\s+)?("
    + _ORDINAL
    + r")\s+(?:place|position|spot)|comes?\s+(?:in\s+)?("
    + _ORDINAL
    + r")|came\s+(?:in\s+)?("
    + _ORDINAL
    + r")|"
    r"(?:is|was|are|placed|finished|positioned|sits|lies|ranked|now|currently|still)\s+"
    r"(?:(?:now|currently|still|already|only)\s+)?(" + _ORDINAL + r")\b" + _NOT_RANK + r"|"
    # "placing it fourth", "putting Greece third", "leaving it in sixth"
    r"(?:placing|putting|leaving|making|puts|places|leaves|made|left)\s+(?:it|them|\w+)\s+"
    r"(?:in\s+)?(?:the\s+)?(" + _ORDINAL + r")\b" + _NOT_RANK + r"|"
    # One alternative led by the ordinal (tried once at each word, not once per phrasing):
    # "the second place", "sixth-highest", "second on the table", "fourth in NATO", "sixth
    # among the allies", "sixth out of 31", "second only to Poland".
    r"(?:the\s+)?(" + _ORDINAL + r")(?:\s+place|[-\s]highest|"
    r"\s+(?:on|in|among|of)\s+(?:the\s+|all\s+)?(?:\d+\s+)?"
    r"(?:table|list|ranking|rankings|league\s+table|NATO|alliance|allies|(?:NATO\s+)?"
    r"(?:members|countries|nations|states))\b(?!\s+to\b)|\s+out\s+of\s+(?:the\s+)?\d+\b|"
    r"\s+only\s+to\s+(?:the\s+)?(?-i:[A-Z])))",
    re.I,
)
TOP = re.compile(
    r"\b(tops?|topped|leads?|led)\s+(?:the\s+(?:list|ranking|rankings|table|alliance|pack|bloc|"
    r"league)|NATO|(?:all\s+)?(?:the\s+)?(?:other\s+)?allies|by\s+GDP|with\s+\d|all\b)|"
    # "the top spender relative to GDP", "NATO's highest spender as a share of GDP"
    r"\b(top|highest)\s+spender\b(?=[^.;]{0,40}?\b(?:relative|proportion|share|percentage|"
    r"terms\s+of\s+gdp|of\s+gdp|of\s+its\s+gdp|of\s+their\s+gdp|per\s?cent|%))",
    re.I,
)
# Ranks from the bottom: "in last place, Spain", "Spain ranks last", "Belgium has the lowest
# share", "Spain was the lowest spender", "the second-lowest", "third from the bottom",
# "bottom of the table": rank N (N - k + 1 for the k-th lowest), N being the allies with
# armed forces that year.
LAST = re.compile(
    r"\b(?:(?:in|at|takes|took|holds|held)\s+(?:the\s+)?last\s+(?:place|position|spot)|"
    r"(?:ranks?|ranked|came|comes|finished|finishes|is|was|sits|placed)\s+(?:dead\s+)?last\b"
    r"(?!\s+(?:year|month|week|time))|"
    r"(?:has|had|spends|spent|records|recorded|posted|is|was|remains|remained)\s+the\s+lowest\b|"
    r"(?:the\s+)?(?:very\s+)?bottom\s+of\s+the\s+(?:\w+\s+)?(?:list|table|ranking|rankings|"
    r"league|alliance|pile|pack)\b|"
    r"(?:the\s+)?(" + _ORDINAL + r")(?:[-\s]lowest|\s+from\s+(?:the\s+)?bottom)\b)",
    re.I,
)
_LAST_WORDS = (
    "last place", "last position", "ranks last", "ranked last", "came last", "comes last",
    "finished last", "is last", "was last", "dead last", "placed last", "sits last",
)  # fmt: skip
# Each ordinal word holds one of these ("fourt": fourth and fourteenth; "thir", "fift",
# "eventh" likewise): fewer to look for in every sentence.
_ORDINAL_STEMS = (
    "first", "second", "thir", "fourt", "fift", "sixth", "eventh", "eighth", "ninth", "tenth",
    "twelfth",
)  # fmt: skip
# The words that make a sentence without digits worth reading ("Greece is second"), the gate
# every such sentence passes through: the commoner phrasings only ("came last" is read in a
# sentence with a figure).
_BOTTOM_WORDS = ("last place", "last position", "lowest", "bottom", "ranks last", "ranked last")
_DIGITLESS_WORDS = (*_ORDINAL_STEMS, "highest", "tops", "leads", *_BOTTOM_WORDS)
_FOLLOWING_NAME = re.compile(r"\s*[,:]?\s*$")
_DIGIT_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b")
_PERCENTAGE_WORDS = re.compile(r"%|per\s?cent|percent|share|gdp|economy|relative", re.I)
_PERCENTAGE_LOWER = lowered(_PERCENTAGE_WORDS)


def holds(low: str, words: tuple[str, ...]) -> bool:
    """Whether ``low`` holds any of ``words`` (a cheap look before a pattern)."""
    for word in words:  # noqa: SIM110 (a loop: no generator on this hot path)
        if word in low:
            return True
    return False


def _read(text: str, low: str, previous: str) -> bool:
    """A sentence with an ordinal but no number is read only if it speaks of shares."""
    words = (
        _PERCENTAGE_WORDS.search(text) if has_case_oddity(text) else _PERCENTAGE_LOWER.search(low)
    )
    return bool(words) or bool(SHARE.search(previous))


def recognise(view: View) -> Iterator[Claim]:
    low = view.low
    top = "top" in low or "lead" in low or "led " in low or "highest spender" in low
    first = view.first_digit
    ordinal = holds(low, _ORDINAL_STEMS) or (
        first is not None and bool(_DIGIT_ORDINAL.search(low, first.start()))
    )
    bottom = "lowest" in low or "bottom" in low or ("last" in low and holds(low, _LAST_WORDS))
    if not (ordinal or top or bottom):
        return
    shares = (_PERCENTAGE_WORDS if view.odd else _PERCENTAGE_LOWER).search(
        view.text if view.odd else low
    )
    if not shares and not SHARE.search(view.context.previous_text):
        return  # a rank by share of GDP only
    if bottom:
        yield from _from_bottom(view)
    for pattern in (RANK if ordinal else None, TOP if top else None):
        if pattern is None:
            continue
        for match in pattern.finditer(view.text):
            group = next((i for i, g in enumerate(match.groups(), 1) if g), 0)
            start, end = match.span(group)
            if start in view.used:
                continue
            value = 1.0 if pattern is TOP else _ordinal(match.group(group))
            entity = _subject(view, match.start())
            year, basis = _year(view, start)
            yield view.claim(
                start, end, "rank", value, "rank", entity=entity, year=year, year_basis=basis
            )


def _from_bottom(view: View) -> Iterator[Claim]:
    """Ranks counted from the bottom: the allies of that year less the places above."""
    from datetime import date as _date

    from milex.data import countries

    for match in LAST.finditer(view.text):
        start, end = match.span()
        if start in view.used:
            continue
        ordinal = match.group(1)
        up = int(_ordinal(ordinal)) - 1 if ordinal else 0
        year, basis = _year(view, start)
        if year is None:
            continue
        allies = [c for c in countries.members(_date(year, 12, 31)) if c.has_armed_forces]
        if not allies or up >= len(allies):
            continue
        after = [(p, c) for p, c in view.entities if end <= p <= end + 8]
        if after and _FOLLOWING_NAME.match(view.text[end : after[0][0]]):
            entity: str | None = after[0][1]  # "in last place, Spain"
        else:
            entity = _subject(view, start)
        yield view.claim(
            start, end, "rank", float(len(allies) - up), "rank", entity=entity, year=year,
            year_basis=basis,
        )  # fmt: skip


def _year(view: View, start: int) -> tuple[int | None, str]:
    """The year of a rank: "currently fourth with 3.15% of GDP in 2024" is 2024's ranking (the
    sentence's stated year, not "now", which stands next to the rank word)."""
    year, basis = view.year(start)
    if basis == "current" and view.topical:
        return min((abs(p - start), y) for p, y in view.topical)[1], "explicit"
    return year, basis


def _ordinal(word: str) -> float:
    """ "third" -> 3, "12th" -> 12."""
    low = word.lower()
    return float(ORDINALS[low]) if low in ORDINALS else float(low[:-2])


def _subject(view: View, position: int) -> str | None:
    """The country ranked: the one named before the rank (its subject), else after."""
    before = [c for p, c in view.entities if p < position and position - p <= 120]
    return before[-1] if before else nearest(view.entities, position, set(), view.text)


def judge(v: Verifier, claim: Claim, when: date | None, _: date) -> Judgement:
    missing = missing_entity_or_year(claim)
    if missing is not None:
        return missing
    assert claim.entity is not None and claim.year is not None
    release = v.release("nato", "share_gdp", when)
    if release is None:
        return unverifiable("no_release_yet", f"no NATO release was published by {when}")
    standings = v.standings(release, claim.year)
    if standings is None:
        return unverifiable("no_figure_yet", f"{release} has no {claim.year} figures")
    own = next((s for s in standings.standings if s.iso3 == claim.entity), None)
    if own is None or own.rank is None:
        return v.missing(release, "share_gdp", claim.entity, claim.year)
    lacking = len(standings.lacking)
    low, high = own.rank, own.rank + lacking
    verdicts = {"accurate" if n == int(claim.value) else "inaccurate" for n in range(low, high + 1)}
    url = v.meta(release, "share_gdp")[1]
    shown = f"{own.rank}" if not lacking else f"{low}-{high} ({lacking} allies without a figure)"
    why = (
        f"{release} Table 3: {claim.entity} ranks {shown} of the allies in {claim.year} "
        f"({own.share_gdp:.2f}%)"
    )
    if len(verdicts) > 1:
        return unverifiable("not_held", why)
    return Judgement(
        verdicts.pop(), Reference(float(own.rank), release, "Table 3", url, claim.year), why
    )


KIND = Kind(
    "rank",
    40,
    recognise,
    judge,
    indicator="share_gdp",
    words=_DIGITLESS_WORDS,
    words_read=_read,
    summary="an ally's rank by share of GDP",
)
