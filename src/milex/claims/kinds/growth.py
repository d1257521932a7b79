"""A growth rate of defence spending: "grew by 2.9 percent", "a 19.4% rise in 2024". Allies
and NATO aggregates: NATO's real change (Table 3); others: year-on-year real growth of SIPRI's
constant-dollar series. Within 0.5 points accurate, within 2 points roughly accurate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import (
    CHANGE_RIGHT_AFTER,
    GROWTH,
    SHARE,
    SINCE,
    Claim,
    View,
    about_trade,
    number,
    qualifier,
)
from milex.claims.kinds import Kind
from milex.claims.kinds.amount import amounts, owner
from milex.claims.verify import (
    Judgement,
    Reference,
    Verifier,
    compare,
    missing_entity_or_year,
    unverifiable,
)
from milex.data import countries

TOLERANCE = (0.5, 2.0)
_BY_OR_OF = re.compile(
    r"\b(by|of)\s+(?:only\s+|just\s+|about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$", re.I
)
_OF_GDP_AFTER = re.compile(r"^\s*(?:of\s+(?:its|their|the)?\s*(?:GDP|gross|econom))", re.I)
_GROWTH_AFTER = re.compile(r"^\s*(?:increase|rise|jump|growth|real|boost|hike)", re.I)
# "was 20% higher in 2024 than the previous year", "12% more than a year earlier": a change
# against a year before.
_HIGHER_THAN_BEFORE = re.compile(
    r"\s*(?:higher|more|lower|less|up|down)\b[^.;%]{0,25}?\b(?:than|on|from|over|compared\s+"
    r"(?:to|with))\s+(?:in\s+|the\s+|a\s+|its\s+)?(?:previous\s+year|prior\s+year|year\s+"
    r"(?:before|earlier)|last\s+year|(?:19|20)\d\d\b|a\s+year\s+(?:earlier|before|ago))",
    re.I,
)


# "spending rose 18%", "increased by about 20%": a change, not a level ("makes up 17%",
# "takes up 4%" are parts of a whole).
_GROWTH_BEFORE = re.compile(
    r"\b(?:rose|risen|rises|rising|increased|increases|grew|grown|jumped|climbed|surged|fell|"
    r"dropped|declined|(?<!make\s)(?<!makes\s)(?<!made\s)(?<!making\s)(?<!take\s)(?<!takes\s)"
    r"(?<!took\s)(?<!taking\s)(?<!taken\s)up|down)\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|"
    r"an\s+estimated\s+|a\s+further\s+|another\s+|(?:just\s+|slightly\s+)?(?:more|less)\s+than\s+|"
    r"(?:just\s+|slightly\s+)?(?:over|under)\s+|roughly\s+|close\s+to\s+|upwards\s+of\s+)?$",
    re.I,
)


# "spent 15% more on its armed forces", "8% less for defence": a change of what is spent (a
# share of GDP is "of GDP", never "more on").
_MORE_ON_AFTER = re.compile(r"\s*(?:more|less)\s+(?:on|for)\b", re.I)


def _priority(view: View, start: int, end: int) -> int | None:
    s = view.text
    trade = view.memo.get("about_trade")
    if trade is None:
        trade = view.memo["about_trade"] = about_trade(view.low)  # (once per sentence)
    if trade:
        return None  # a change of a deficit, of exports or imports: trade's, not defence's
    if _HIGHER_THAN_BEFORE.match(s, end, end + 80) or _MORE_ON_AFTER.match(s, end, end + 20):
        return 40
    if not view.facts.growth and not _GROWTH_AFTER.match(s[end : end + 30]):
        return None  # no word of change anywhere in the sentence
    if _GROWTH_BEFORE.search(s[max(0, start - 40) : start]) and not _OF_GDP_AFTER.match(
        s[end : end + 30]
    ):
        return 40
    window = s[max(0, start - 60) : end + 60]
    before = s[max(0, start - 45) : start]
    if _BY_OR_OF.search(before[-25:]) and GROWTH.search(window) and not SHARE.search(window):
        return 40
    if CHANGE_RIGHT_AFTER.match(s[end : end + 20]):
        return 45  # "a nearly 20% increase", "a 19.4% real-term increase"
    if _GROWTH_AFTER.match(s[end : end + 30]):
        return 70
    return None


# "European allies" whose spending grew: NATO publishes the growth of European allies and
# Canada together, and news text drops Canada's name ("an increase of 19.4% among NATO's
# European allies").
_EUROPEAN_ALLIES = re.compile(
    r"\bEuropean\s+(?:NATO\s+)?(?:allies|members|member\s+states)\b|"
    r"\bNATO['’]s\s+European\s+(?:allies|members)\b|\b(?:NATO\s+)?allies\s+in\s+Europe\b",
    re.I,
)


def _owner(view: View, start: int) -> str | None:
    """Whose spending grew: the owner of the figure, unless European allies are named after
    any country and before the figure (or, the sentence naming no one, in the sentence
    before)."""
    entity = view.owner(start)
    if "europe" in view.low:
        last = None
        for last in _EUROPEAN_ALLIES.finditer(view.text, 0, start):  # noqa: B007 (the last)
            pass
        if last is not None and not any(last.end() <= p < start for p, _ in view.entities):
            return countries.NATO_EU_CA
    elif (
        entity is None and not view.entities and _EUROPEAN_ALLIES.search(view.context.previous_text)
    ):
        return countries.NATO_EU_CA  # "... among European NATO allies. ... a 17.9% increase"
    return entity


# The year a change is measured against, right after it: "up 28% on 2023", "jumped 39.5%
# compared with 2023", "an increase of 10.85 percent compared to last year's".
_BASE_AFTER = re.compile(
    r"[^.;%\d]{0,16}?\b(?:compared\s+(?:to|with)|on|from|over|against|than|relative\s+to|"
    r"versus|vs\.?)\s+(?:the\s+|a\s+|its\s+)?(?:((?:19|20)\d\d)\b|(last\s+year|previous\s+year|"
    r"prior\s+year|year\s+before|a\s+year\s+(?:earlier|before|ago)))",
    re.I,
)


def _year(view: View, start: int, end: int) -> tuple[int | None, str]:
    """The year of a change: the sentence's own, not the one it is measured against ("in 2024
    ..., up 38% from 2023"), else the year after that one ("up 28% on 2023" is 2024's)."""
    year, basis = view.year(start)
    base = _BASE_AFTER.match(view.text, end) if year is not None else None
    if base is None:
        return year, basis
    if base.group(1):
        against: int | None = int(base.group(1))
    else:  # "last year", "the previous year": read as the year before the text's
        against = view.text_date.year - 1 if view.text_date is not None else None
    if against is None or (year != against and basis != "current"):
        return year, basis  # (a change "now" against a year is the year after that one's)
    # the sentence's own year ("for 2024 ..., up 10.85% on last year's"), not the one against
    own = [(p, y) for p, y in view.topical if p != base.start(1)]
    if own:
        earlier = [y for p, y in own if p < start]
        return (earlier[-1] if earlier else own[0][1]), "explicit"
    if base.group(1):
        return against + 1, "explicit"
    if base.group(2).lower().startswith("last"):
        return against + 1, "relative"  # "up 12% on last year": this year's change
    return year, basis  # "the previous year": the year before the one spoken of


def _money_owner(view: View, start: int) -> str | None:
    """Whose amount stands before a change with no country ("total spending of NATO members
    ... USD 1.185 trillion, an increase of 10.85 percent"): that amount's owner."""
    before = [a for a in amounts(view) if a.end <= start]
    return owner(view, before[-1].start, before[-1].end) if before else None


def recognise(view: View) -> Iterator[Claim]:
    kinds = view.percent_kinds if view.percents else {}
    for match in view.percents:
        start, end = match.span()
        if kinds.get(start) != "growth" or start in view.used:
            continue
        year, basis = _year(view, start, end)
        entity = _owner(view, start)
        if entity is None and view.has_digit:
            entity = _money_owner(view, start)
        yield view.claim(
            start,
            match.end(1),
            "growth",
            number(match.group(1)),
            "percent",
            entity=entity,
            year=year,
            year_basis=basis,
            qualifier="cumulative" if _over_years(view, year) else qualifier(view.text, start, end),
        )


def _over_years(view: View, year: int | None) -> bool:
    """Whether a change is counted since a year before the one before its own ("Since 2018,
    Spain has increased its defense spending by about 50%"): a change over several years, not
    one year's real change."""
    if year is None or not view.facts.since:
        return False
    since = SINCE.search(view.text)
    return since is not None and int(since.group(0)[-4:]) < year - 1


def judge(v: Verifier, claim: Claim, when: date | None, _: date) -> Judgement:
    if claim.qualifier == "cumulative":
        return unverifiable("not_checked", "a change over several years is not checked")
    missing = missing_entity_or_year(claim)
    if missing is not None:
        return missing
    assert claim.entity is not None and claim.year is not None
    low, high = TOLERANCE
    if v.source_for(claim.entity) == "nato":
        found = v.series_value(claim, when, "real_change_pct", "nato")
        if isinstance(found, Judgement):
            return found
        assert found.value is not None
        verdict = compare(claim.value, found.value, claim.qualifier, low, high)
        return Judgement(
            verdict, found, f"{found.release} {found.table}: real change {found.value:.2f}%"
        )
    # Others: real growth from SIPRI's constant-dollar series, year on year.
    release = v.release("sipri", "usd_constant_million", when)
    if release is None:
        return unverifiable(
            "no_release_yet", f"no SIPRI release with constant dollars was published by {when}"
        )
    values = v.values(release, "usd_constant_million", claim.entity)
    if claim.year not in values or claim.year - 1 not in values:
        return unverifiable(
            "no_figure_yet",
            f"{release} has no constant-dollar figures "
            f"for {claim.entity} {claim.year - 1}-{claim.year}",
        )
    growth = (values[claim.year] / values[claim.year - 1] - 1) * 100
    table, url = v.meta(release, "usd_constant_million")
    verdict = compare(claim.value, growth, claim.qualifier, low, high)
    return Judgement(
        verdict,
        Reference(growth, release, table, url, claim.year),
        f"{release} {table}: {claim.entity} real growth {claim.year} = {growth:.2f}%",
    )


KIND = Kind(
    "growth",
    60,
    recognise,
    judge,
    percent_priority=_priority,
    priority_floor=40,
    indicator="real_change_pct",
    summary="growth of defence spending in real terms",
)
