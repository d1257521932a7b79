"""An ally's (or Europe and Canada's) share of the alliance's total defence spending: "the
United States accounted for about two-thirds of all defence spending by NATO members", "64% of
combined defense expenditure". NATO Table 2: the entity's spending over NATO's total, at
current and at constant prices (the evidence names the closer basis); the United States is
NATO's total less Europe and Canada's where a release holds only the aggregates. Within 1.5
points accurate (a share is quoted rounded to a fraction: "two-thirds" of 65.6%), within 5
roughly accurate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import PART_VERB, PRONOUN, Claim, View, number, qualifier
from milex.claims.kinds import Kind
from milex.claims.verify import (
    Judgement,
    Reference,
    Verifier,
    compare,
    missing_entity_or_year,
    unverifiable,
)
from milex.data import countries

TOLERANCE = (1.5, 5.0)
# "... of NATO's total", "of all defence spending by NATO members", "of combined defense
# expenditure", "of the alliance's total defence spending": the alliance's money, not its GDP.
_TAIL = (
    r"\s+of\s+(?:the\s|all\s)?(?:(?:nato|alliance|allied|allies|(?:military\s)?bloc)['’]?s?\s|"
    r"combined\s|total\s|collective\s|overall\s|the\s){0,3}(?:defen[cs]e\s|military\s)?"
    r"(?:spending|expenditures?|outlays|budgets?|total)\b"
)
_AFTER_PERCENT = re.compile(_TAIL, re.I)  # matched at the end of the percentage
_FRACTIONS = {
    "two-thirds": 200 / 3,
    "two thirds": 200 / 3,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "one-third": 100 / 3,
    "half": 50.0,
    "three-quarters": 75.0,
    "three quarters": 75.0,
    "a quarter": 25.0,
    "one quarter": 25.0,
}
_FRACTION = re.compile(
    r"\b(two[-\s]thirds|one[-\s]third|a\s+third|half|three[-\s]quarters|a\s+quarter|"
    r"one\s+quarter)" + _TAIL,
    re.I,
)
_ALLIANCE = ("nato", "allian", "allie")
# Every fraction _FRACTION reads holds one of these.
_FRACTION_WORDS = ("third", "half", "quarter")
# "its share of total NATO defense expenditure—calculated in current prices—fell from 2.4
# percent in 2014 to 1.9 percent in 2024": the figures after the words are the share.
_SHARE_OF = re.compile(r"\bshare" + _TAIL, re.I)
# "two-thirds of Allies spending at least 2% of their GDP": a share of the allies (a count),
# not of their money.
_OF_ALLIES_SPENDING = re.compile(
    r"\s+of\s+(?:the\s+|all\s+)?(?:NATO\s+)?(?:allies|members|countries|nations|member\s+states)"
    r"\s+(?:spend|spending)\s+(?:at\s+least|more\s+than|over|above|under|less\s+than|below|"
    r"about|around|\d)",
    re.I,
)
# What after a percentage makes it a measure of its own ("1.5% of GDP", "a 36% rise"), not a
# part of the alliance's spending after a verb of parts (extract.PART_VERB).
_OWN_TAIL = re.compile(r"\s*(?:of\b|in\s+(?:growth|real)|(?:increase|rise|growth|jump)\b)", re.I)
_SHARE_REACH = 150  # how far after those words its figures may stand (characters)
# ("the share of defense expenditures within GDP": a share of GDP, not of the alliance's money)
_NOT_THE_SHARE = re.compile(
    r"[;.]\s|\b(?:of|within|in|to)\s+(?:its\s+|their\s+|the\s+)?(?:GDP|gross|econom)", re.I
)
# Between a share's words and a percentage in a parenthesis that restates it: at most a year
# ("... of NATO spending in 2024 (about 72% in 2016)", "of the total (64% last year)").
_PARENTHESIS_AFTER = re.compile(
    r"(?:\s+(?:in|for)\s+(?:19|20)\d\d)?\s*\(\s*(?:(?:about|around|roughly|nearly|almost|"
    r"some|over|under|just|up|down|from|against|vs\.?|versus|compared\s+(?:with|to))\s+){0,2}",
    re.I,
)
# "around the 2% defense spending target": a figure named a target is a goal.
_TARGET_RIGHT_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:target|goal|guideline|threshold)\b", re.I
)


# A later figure of the sentence that restates the share for another year, pointing back to it
# with a pronoun or relative ("..., it was about 72%", "..., which declined to 65% in 2024")
# or running on from such a figure ("65% in 2024 and an estimated 62% in 2025"): a bare figure
# (no measure of its own after it) with no other name between takes the share's measure, as a
# reader carries the measure of "it" and "which" over.
_POINTS_BACK = re.compile(
    r"\b(?:it|which|that|this\s+share|the\s+share)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:to|at|from|was|is|were|stood\s+at|of)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|just|an?\s+estimated)\s+)?$",
    re.I,
)
_RUNS_ON = re.compile(
    r"%?[^%\d.;:]{0,40}?(?:\s(?:in|for)\s+(?:19|20)\d\d\s*)?,?\s*(?:and|then|to)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|just|an?\s+estimated)\s+)?$",
    re.I,
)


def _restated(view: View, previous: int, start: int, end: int) -> bool:
    """Whether the figure at ``start:end`` restates the share whose figure ends at ``previous``
    (see _POINTS_BACK)."""
    if _OWN_TAIL.match(view.text, end) or _TARGET_RIGHT_AFTER.match(view.text, end):
        return False
    if any(previous <= place < start for place, _ in view.entities):
        return False  # another's figure
    between = view.text[previous:start]
    if "gdp" in between.lower() or "econom" in between.lower():
        return False
    return bool(
        _POINTS_BACK.search(view.text, max(previous, start - 60), start)
        or _RUNS_ON.fullmatch(view.text, previous, start)
    )


# A use of defence money a share of a budget is put to: equipment, procurement, research.
_USES = ("equip", "procure", "capabilit", "moderni", "research", "r&d", "investment", "weapon")
_USE = re.compile(
    r"\b(?:(?:major\s+)?equipment|procurement|(?:new\s+)?capabilit(?:y|ies)|moderni[sz]ation|"
    r"research(?:\s+and\s+development)?|r&d|investments?|weapons?(?:\s+systems)?)\b",
    re.I,
)
# Words of the alliance in a share's "of ... spending": the whole is the allies' money.
_WHOLE_OF_ALLIANCE = re.compile(
    r"\b(?:nato|alliance|allied|allies|bloc|combined|collective)\b", re.I
)


def _put_to_a_use(view: View, start: int, tail: re.Match[str]) -> bool:
    """Whether a share "of defence spending" is a part of a budget put to a use, not a part
    of the alliance's money: a reader takes "20% of defence spending should go to major
    equipment", "investment in new capabilities, which must be 20% of total spending" as how
    a budget is split, unless the whole is named as the allies' ("of NATO's total spending").
    The use stands in the share's clause, before it or right after its words. A figure a
    goal's noun names ("the target to 5% of defense spending") is the goal's, too."""
    if _WHOLE_OF_ALLIANCE.search(tail.group()):
        return False
    if _GOAL_NAMES.search(view.text, max(0, start - 30), start):
        return True  # "the target to 5% of defense spending": the goal's figure (commitment)
    low = view.low
    if not any(word in low for word in _USES):
        return False
    clause_start, _ = view.clause(start)
    if _RELATIVE.match(view.text, clause_start + 1) and clause_start > 0:
        clause_start, _ = view.clause(clause_start - 1)  # (what "which" stands for)
    before = max(clause_start, start - 100)
    return bool(
        _USE.search(view.text, before, start) or _USE.search(view.text, tail.end(), tail.end() + 60)
    )


# A goal's noun naming the figure right after it: "the target to", "a goal of", "the new
# benchmark at".
_GOAL_NAMES = re.compile(
    r"\b(?:target|goal|guideline|benchmark|objective)\s+(?:of|to|at)\s+"
    r"(?:(?:at\s+least|about|around|some)\s+)?$",
    re.I,
)
_RELATIVE = re.compile(r"\s*(?:which|that)\b", re.I)


def _about_alliance_money(view: View) -> bool:
    """Whether the sentence speaks of the alliance's spending at all (a cheap test, once): its
    money, and the alliance named in it or, for a share a country "accounted for", in the
    sentence before ("The United States remains the biggest spender in NATO. Last year, it
    accounted for 64 percent of all defence expenditure"), or for one of "the total", in one
    of the three before."""
    low = view.low
    if " of " not in low or not (
        "total" in low or "spending" in low or "expenditure" in low or "outlay" in low
    ):
        return False
    if "nato" in low or "allian" in low or "allie" in low:
        return True
    if not ("account" in low or "total" in low) or not (
        view.entities or PRONOUN.search(view.text, low)
    ):
        return False
    if "account" in low:
        before = view.context.previous_text.lower()
        return "nato" in before or "allian" in before or "allie" in before
    # "... its share of $845 billion will amount to 60.2% of the total defense budget", a few
    # sentences after the alliance's spending was named: the alliance's total
    for text in list(view.context.recent)[-3:]:
        before = text.lower()
        if "nato" in before or "allian" in before or "allie" in before:
            return True
    return False


def _read(text: str, low: str, _: str) -> bool:
    return (
        ("nato" in low or "allian" in low or "allie" in low)
        # not "headquarters", "behalf"
        and ("third" in low or " half" in low or " quarter" in low or "-quarter" in low)
        and bool(_FRACTION.search(text))
    )


def _claim(view: View, start: int, end: int, value: float, written_end: int) -> Claim:
    year, basis = view.year(start)
    return view.claim(
        start,
        written_end,
        "nato_share",
        round(value, 2),
        "percent",
        entity=view.owner(start),
        year=year,
        year_basis=basis,
        qualifier=qualifier(view.text, start, end),
    )


def _fraction_words(low: str) -> bool:
    return "third" in low or "half" in low or "quarter" in low  # _FRACTION_WORDS


# "By 2024 ... that share had decreased to about 63%": the share the sentence before gave
_THAT_SHARE = re.compile(r"\b(?:that|this|the\s+same|its|their)\s+share\b", re.I)


def _that_share(view: View) -> Iterator[Claim]:
    """The figures of a sentence that speaks of "that share" after a share of NATO's spending:
    the same owner's share, for this sentence's year."""
    earlier = [c for c in view.context.previous_claims if c.kind == "nato_share" and c.entity]
    if not earlier:
        return
    for match in view.percents:
        start, end = match.span()
        if start in view.used or _OWN_TAIL.match(view.text, end):
            continue
        year, basis = view.year(start)
        yield view.claim(
            start,
            match.end(1),
            "nato_share",
            round(number(match.group(1)), 2),
            "percent",
            entity=earlier[-1].entity,
            year=year,
            year_basis=basis,
            qualifier=qualifier(view.text, start, end),
        )


def recognise(view: View) -> Iterator[Claim]:
    if view.percents and "share" in view.low and _THAT_SHARE.search(view.text):
        found = list(_that_share(view))
        if found:
            yield from found
            return
    if not (view.percents or _fraction_words(view.low)) or not (_about_alliance_money(view)):
        return
    # Read before the kinds that rank percentages: "64% of combined defense expenditure" is
    # this kind's whatever they would make of it (a tariff rate excepted).
    first_share = None
    tail_end = -1  # where the words of the last share's money end
    last_share = -1  # where the last figure read as the share ends
    for match in view.percents:
        start, end = match.span()
        if (
            0 <= last_share < start
            and start not in view.used
            and not view.tariff
            and _restated(view, last_share, start, end)
        ):
            last_share = end
            yield _claim(view, start, end, number(match.group(1)), match.end(1))
        elif (
            start not in view.used
            and not view.tariff
            and (tail := _AFTER_PERCENT.match(view.text, end, end + 80))
            and not _OF_ALLIES_SPENDING.match(view.text, end)
            and not _put_to_a_use(view, start, tail)
        ):
            first_share = end if first_share is None else first_share
            tail_end = last_share = tail.end()
            yield _claim(view, start, end, number(match.group(1)), match.end(1))
        elif (
            start not in view.used
            and 0 <= tail_end < start
            and _PARENTHESIS_AFTER.fullmatch(view.text, tail_end, start)
            and not _OWN_TAIL.match(view.text, end)
        ):
            # "63% of NATO defense spending in 2024 (about 72% in 2016)": the same share, restated
            # in a parenthesis right after it for another year or basis
            yield _claim(view, start, end, number(match.group(1)), match.end(1))
        elif (
            first_share is not None
            and start not in view.used
            and PART_VERB.search(view.text, max(first_share, start - 30), start)
            and not _OWN_TAIL.match(view.text, end)
        ):
            # "The United States accounted for 64% of the alliance's defence expenditure,
            # while European NATO members and Canada made up 36%": the rest of the split.
            yield _claim(view, start, end, number(match.group(1)), match.end(1))
    if "share" in view.low:
        for phrase in _SHARE_OF.finditer(view.text):
            for match in view.percents:
                start, end = match.span()
                if not phrase.end() <= start < phrase.end() + _SHARE_REACH:
                    continue
                if _NOT_THE_SHARE.search(view.text, phrase.end(), min(len(view.text), end + 25)):
                    break  # another measure ("... 1.9% of GDP"), or past the sentence's clause
                if _TARGET_RIGHT_AFTER.match(view.text, end):
                    continue  # a goal's figure
                if start not in view.used and not view.tariff:
                    yield _claim(view, start, end, number(match.group(1)), match.end(1))
    if not _fraction_words(view.low):
        return
    for match in _FRACTION.finditer(view.text):
        start, end = match.span(1)
        if start in view.used or _OF_ALLIES_SPENDING.match(view.text, end):
            continue
        words = re.sub(r"\s+", " ", match.group(1).lower())
        yield _claim(view, start, end, _FRACTIONS[words], end)


def _share(v: Verifier, release: str, indicator: str, entity: str, year: int) -> float | None:
    total = v.values(release, indicator, countries.NATO).get(year)
    part = v.values(release, indicator, entity).get(year)
    if part is None and entity == "USA":
        rest = v.values(release, indicator, countries.NATO_EU_CA).get(year)
        if total is not None and rest is not None:
            part = total - rest
    if not total or part is None:
        return None
    return 100 * part / total


def judge(v: Verifier, claim: Claim, when: date | None, _: date) -> Judgement:
    missing = missing_entity_or_year(claim)
    if missing is not None:
        return missing
    assert claim.entity is not None and claim.year is not None
    if v.source_for(claim.entity) != "nato" or claim.entity == countries.NATO:
        return unverifiable("not_covered", f"NATO's tables hold no share of {claim.entity}")
    release = v.release("nato", "usd_current_million", when)
    if release is None:
        return unverifiable("no_release_yet", f"no NATO release was published by {when}")
    low, high = TOLERANCE
    order = ("accurate", "roughly_accurate", "inaccurate")
    best: tuple[int, str, float, str] | None = None
    for indicator, basis in (
        ("usd_current_million", "current"),
        ("usd_constant_million", "constant"),
    ):
        share = _share(v, release, indicator, claim.entity, claim.year)
        if share is None:
            continue
        verdict = compare(claim.value, share, claim.qualifier, low, high)
        if best is None or order.index(verdict) < best[0]:
            best = (order.index(verdict), verdict, share, basis)
    if best is None:
        return v.missing(release, "usd_current_million", claim.entity, claim.year)
    verdict, share, basis = best[1], best[2], best[3]
    table, url = v.meta(release, "usd_current_million")
    return Judgement(
        verdict,
        Reference(share, release, table, url, claim.year),
        f"{release} {table}: {claim.entity} {claim.year} = {share:.1f}% of NATO's total "
        f"({basis} prices)",
    )


KIND = Kind(
    "nato_share",
    5,
    recognise,
    judge,
    indicator="usd_current_million",
    words=_FRACTION_WORDS,
    words_read=_read,
    summary="an ally's share of the alliance's total defence spending",
)
