"""The US goods trade deficit with a partner: "a goods trade deficit of $63.3 billion with
Canada", "$235.6 billion with the European Union", "Germany ($84.8 billion)", "buys $84.6
billion more from Germany than it sells", a partner's "trade surplus with the US", in euros or
pounds too ("EUR 14.9 (USD 16.1) billion" gives both figures), "this negative balance" after a
sentence naming the deficit's partner, and the rows of a table of deficits in billions. Judged
on the Census Bureau's goods trade by country (imports minus exports, Census basis; euros and
pounds at the IMF-implied rate): within 5% accurate, within 15% roughly accurate. milex holds
the allies and the EU; other partners are unverifiable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import (
    DIGITS,
    YEAR_BEFORE,
    Claim,
    Cue,
    View,
    nearest,
    number,
    qualifier,
)
from milex.claims.kinds import Kind
from milex.claims.kinds.amount import amounts, per_usd
from milex.claims.verify import (
    Judgement,
    Reference,
    Verifier,
    compare,
    missing_entity_or_year,
    unverifiable,
)
from milex.data.missing import NOT_HELD

TOLERANCE = (0.05, 0.15)
# ("This negative balance was $171.8 billion": a deficit in other words)
_DEFICIT = Cue(r"deficits?|imbalance|trade\s+gap|goods\s+gap|negative\s+(?:trade\s+)?balance")
# A partner's surplus with the US is the US deficit with it ("Canada's trade surplus with the
# US was $63.3 billion"); "buys $X more than it sells" is a deficit in other words.
_SURPLUS = Cue(r"surplus(?:es)?")
_WITH_US = re.compile(
    r"\b(?:with|to|over)\s+(?:the\s+)?(?:US\b|U\.S\.|United\s+States\b|America\b)"
)
_MORE_THAN_SOLD = re.compile(
    r"\b(?:buys|bought|imports|imported|purchases|purchased)\b(?:[^.;]|\.(?=\d)){0,80}?\bmore\b"
    r"(?:[^.;]|\.(?=\d)){0,60}?"
    r"\bthan\s+(?:it\s+|they\s+|the\s+US\s+|America\s+)?(?:sells|sold|exports|exported)\b",
    re.I,
)
# The same from the partner's side: "The EU sells $236bn more to the US than it buys" (not the
# US selling more: that is a surplus).
_SOLD_MORE_THAN_BOUGHT = re.compile(
    r"\b(?:sells|sold|exports|exported|ships|shipped)\b(?:[^.;]|\.(?=\d)){0,80}?\bmore\b"
    r"(?:[^.;]|\.(?=\d)){0,60}?"
    r"\bthan\s+(?:it\s+|they\s+|the\s+EU\s+)?(?:buys|bought|imports|imported|purchases|purchased)\b",
    re.I,
)
# Money spent on the armed forces right after a figure: never a deficit, whatever imbalance
# the sentence names.
_ON_DEFENCE = re.compile(
    r"\s*(?:(?:billion|bn|million|trillion)\s+)?(?:(?:US\s+)?dollars\s+)?"
    r"(?:(?:a|per|each|this|last)\s+year\s+|annually\s+)?(?:on|for|in|into)\s+"
    r"(?:its\s+|their\s+|the\s+)?(?:defen[cs]e|military|armed\s+forces|the\s+military)\b",
    re.I,
)
_WITH = re.compile(r"^\W{0,3}(?:in\s+\w+\s+)?with\s+(?:the\s+)?$", re.I)
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?$", re.I)
# The figure's own year right after it: "a 29.4% drop in 2023 from $57.6 billion in 2022".
_OWN_YEAR = re.compile(
    r"\s*(?:billion|bn|million|trillion)?\s*(?:dollars\s+)?(?:in|for)\s+(20\d\d)\b"
)
# A row of a table: "5 | Germany | -85 |", "| Canada | 63.3 |" (the figure is the last cell).
_TABLE_ROW = re.compile(
    r"^\|?\s*(?:\d{1,3}\s*\|\s*)?([A-Z][^|\d]{1,40}?)\s*\|\s*[-−]?\s*\$?\s*"
    r"(\d{1,4}(?:[.,]\d{1,3})?)\s*\|?\s*$"
)
# A table's header giving figures in billions: "Deficit ($B)", "(USD bn)", "billion".
_BILLIONS = re.compile(r"\$\s?B\b|\bbn\b|\bbillions?\b", re.I)
# ("It's 41 billion dollars with Canada" after a deficit with China: the next partner's)
_IT = re.compile(r"\b(?:it|this|that)(?:\s+(?:was|is|stood\s+at)|['’]s)\b", re.I)
_IMPORTS, _EXPORTS = "us_goods_imports_usd_billion", "us_goods_exports_usd_billion"
_CURRENCY = {"€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "$": "USD", "usd": "USD"}
_CODE = r"(€|£|US\$|\$|\b(?:USD|EUR|GBP)\b)\s?"
# One figure in two currencies, the scale written once: "EUR 198.2 (USD 216.2) billion".
_CONVERTED = re.compile(
    _CODE + DIGITS + r"\s*\(\s*" + _CODE + DIGITS + r"\s*\)\s*(billion|bn|million|trillion)\b",
    re.I,
)
_SCALE = {"billion": 1.0, "bn": 1.0, "million": 1e-3, "trillion": 1e3}


def _partner(view: View, start: int, end: int) -> str | None:
    """The partner of a deficit: "with Canada" after the amount, "Germany ($84.8 billion)",
    "the deficit with Canada was $70.6 billion", else the nearest name that is not the US."""
    s = view.text
    others = [(p, c) for p, c in view.entities if c != "USA"]
    after = [(p, c) for p, c in others if end <= p <= end + 40 and _WITH.match(s[end:p] + " ")]
    if after:
        return after[0][1]
    with_before = [
        (p, c)
        for p, c in others
        if p < start and start - p <= 50 and _WITH_BEFORE.search(s, max(0, p - 12), p)
    ]
    if with_before and not _money_between(view, with_before[-1][0], start):
        return with_before[-1][1]  # "with Italy $44bn", "the deficit with Mexico hit $171.8bn"
    after = [(p, c) for p, c in others if end <= p <= end + 30 and " with " in s[end : p + 1]]
    if after:
        return after[0][1]
    before = [(p, c) for p, c in others if p < start and start - p <= 30 and "(" in s[p:start]]
    if before:
        return before[-1][1]
    # (with the sentence: "The EU accounted for the largest deficit at $218.8 billion,
    # followed by China at ...": a name past a comma after the figure starts another clause)
    return nearest(others, start, set(), view.text)


def _partner_before(view: View) -> str | None:
    """The partner of the deficit the sentence before spoke of, with no figure ("a record U.S.
    trade deficit with Mexico in 2024. This negative balance was $171.8 billion"): the one
    named after "with", else the one it names but the US."""
    text = view.context.previous_text
    if not text or not _DEFICIT.search(text):
        return None
    others = [(p, c) for p, c in view.context.entities(text) if c != "USA"]
    withs = [c for p, c in others if _WITH_BEFORE.search(text, max(0, p - 12), p)]
    if withs:
        return withs[0]
    return others[0][1] if len({c for _, c in others}) == 1 else None


_TRADE = Cue(r"trade|deficits?|surplus(?:es)?|imports?|exports?|goods|balance")


def _partner_of_passage(view: View) -> str | None:
    """The partner the passage is about when the sentence names none ("U.S. – EU Goods Trade
    Balance" a few lines up, then "the total trade deficit reached $235.5 billion"): the one
    partner but the US named in the nearest recent line about trade (none if it names two)."""
    for text in list(view.context.recent)[-6:][::-1]:
        if not _TRADE.search(text):
            continue
        others = {c for _, c in view.context.entities(text) if c != "USA"}
        if others:
            return others.pop() if len(others) == 1 else None
    return None


def _partner_sells_more(view: View) -> bool:
    """ "The EU sells $236bn more to the US than it buys from it": a partner the seller, and
    the US the buyer."""
    if not _WITH_US.search(view.text):
        return False
    sold = _SOLD_MORE_THAN_BOUGHT.search(view.text)
    if sold is None:
        return False
    sellers = [c for p, c in view.entities if p < sold.start()]
    return bool(sellers) and sellers[-1] != "USA"


def _money_between(view: View, start: int, end: int) -> bool:
    return any(start < a.start < end for a in amounts(view))


def _figures(view: View) -> list[tuple[int, int, float, str]]:
    """The amounts of a sentence (span, billions, currency), with both figures of "EUR 198.2
    (USD 216.2) billion"."""
    found = [(a.start, a.end, a.value, a.currency) for a in amounts(view)]
    if "(" in view.text:
        for m in _CONVERTED.finditer(view.text):
            scale = _SCALE[m.group(5).lower()]
            for code, digits in ((m.group(1), 2), (m.group(3), 4)):
                currency = _CURRENCY[code.lower().replace("us$", "$")]
                found.append(
                    (m.start(digits), m.end(digits), number(m.group(digits)) * scale, currency)
                )
        found.sort()
    return found


# Trade in services named right before a figure, in its clause: the Census goods balance milex
# holds does not measure it.
_SERVICES_BEFORE = re.compile(r"\bservices\b[^,;:.$€£\d]{0,40}$", re.I)


def recognise(view: View) -> Iterator[Claim]:
    if not view.has_digit:
        return
    low = view.low
    deficit = bool(_DEFICIT.search(view.text, low))
    if not deficit and "surplus" in low:
        deficit = bool(_SURPLUS.search(view.text, low) and _WITH_US.search(view.text))
    if not deficit and "more" in low and " than " in low:
        deficit = bool(_MORE_THAN_SOLD.search(view.text)) or _partner_sells_more(view)
    previous = [c for c in view.context.previous_claims if c.kind == "trade_deficit"]
    if not deficit and "|" in view.text:
        yield from _table_row(view, previous)
        return
    if not deficit and not (previous and _IT.search(view.text)):
        return
    # The year of the last deficit the text gave (this sentence's, else the one before's).
    earlier = next((c.year for c in reversed(previous) if c.year is not None), None)
    figures = _figures(view)
    for start, end, value, currency in figures:
        if start in view.used or currency not in ("USD", "EUR", "GBP"):
            continue
        if _ON_DEFENCE.match(view.text, end, end + 40):
            continue  # "spent almost $900 billion on defence, ... the imbalance": spending
        if _SERVICES_BEFORE.search(view.text, max(0, start - 45), start):
            continue  # "a services trade surplus of $88.6 billion": milex holds goods only
        partner = _partner(view, start, end)
        if partner is None and previous:
            partner = previous[-1].entity
        if partner is None:
            partner = _partner_before(view) or _partner_of_passage(view)
        own = _OWN_YEAR.match(view.text, end)
        year, basis = (int(own.group(1)), "explicit") if own else view.year(start)
        # The words a figure owns: from the figure before it (or the sentence's start) to the
        # one after it (or the sentence's end).
        reach = view.text[_between(figures, start, end)]
        if own is None and earlier is not None and YEAR_BEFORE.search(reach):
            # "... was US$64.26 billion in 2023. The year before, it was US$78.19 billion": the
            # year before the last deficit's, not before the text's (a year milex may not hold)
            year, basis = earlier - 1, "relative"
        summed = own is None and _SUMMED.search(reach) is not None
        if (
            basis in ("current", "context")
            and view.text_date is not None
            and year is not None
            and year >= view.text_date.year
        ):
            # "now", or the text's own year from around: the year not over has no total yet
            # (the basis stays: the sentences after still speak of "now")
            year = _last_full_year(view.text_date)
        claim = view.claim(
            start, end, "trade_deficit", value, currency, entity=partner, year=year,
            year_basis=basis,
            qualifier="cumulative" if summed else qualifier(view.text, start, end),
        )  # fmt: skip
        if not summed and year is not None:
            earlier = year
        yield claim


def _between(figures: list[tuple[int, int, float, str]], start: int, end: int) -> slice:
    """From the end of the figure before ``start`` to the start of the figure after ``end``."""
    before = [e for s0, e, *_ in figures if e <= start]
    after = [s0 for s0, *_ in figures if s0 >= end]
    return slice(before[-1] if before else 0, after[0] if after else None)


# A balance summed over several years is no year's balance: "the deficit over the past four
# years, which he put at $250 billion", "$300bn since 2021", "a cumulative $1 trillion" (not
# "combined": goods and services, or partners, added up in one year).
_SUMMED = re.compile(
    r"\b(?:over|in|during|across)\s+the\s+(?:past|last|previous|preceding)\s+(?:(?:two|three|four|"
    r"five|six|seven|eight|nine|ten|\d{1,2})\s+years|decade)\b|\bsince\s+(?:19|20)\d\d\b|"
    r"\bcumulative(?:ly)?\b",
    re.I,
)


def _table_row(view: View, previous: list[Claim]) -> Iterator[Claim]:
    """A row of a table of deficits ("5 | Germany | -85 |" under "Rank | Country | Deficit
    ($B) |"): the partner and its deficit in billions, in a table whose header (a few lines
    up) names deficits in billions, or whose row before was read as one."""
    row = _TABLE_ROW.match(view.text)
    if row is None or row.start(2) in view.used:
        return
    if not any(c.sentence_start < view.sentence.start and "|" in c.sentence for c in previous):
        header = next(
            (t for t in reversed(view.context.recent) if "|" in t and _DEFICIT.search(t)), None
        )
        if header is None or not _BILLIONS.search(header):
            return
    others = [c for p, c in view.entities if c != "USA" and p < row.start(2)]
    if not others:
        return
    start, end = row.span(2)
    year, basis = view.year(start)
    yield view.claim(
        start, end, "trade_deficit", number(row.group(2)), "USD", entity=others[-1],
        year=year, year_basis=basis,
    )  # fmt: skip


def _last_full_year(day: date) -> int:
    """The year a deficit "now" ("The US has a $236bn deficit with the EU") is about: the last
    whole year the Census Bureau had published, whose total comes with December's figures early
    in February (the year before last in January)."""
    return day.year - 1 if day.month > 1 else day.year - 2


def judge(v: Verifier, claim: Claim, when: date | None, _: date) -> Judgement:
    if claim.qualifier == "cumulative":
        return unverifiable("not_checked", "a deficit summed over several years is not checked")
    missing = missing_entity_or_year(claim)
    if missing is not None:
        return missing
    assert claim.entity is not None and claim.year is not None
    release = v.release("census", _IMPORTS, when)
    if release is None:
        return unverifiable(
            "no_release_yet", f"no Census release of goods trade held was published by {when}"
        )
    imports = v.values(release, _IMPORTS, claim.entity)
    exports = v.values(release, _EXPORTS, claim.entity)
    if not imports:
        return unverifiable(
            "not_covered",
            f"milex holds the Census goods trade of the allies and the EU only, not {claim.entity}",
        )
    if claim.year not in imports or claim.year not in exports:
        held = sorted(set(imports) & set(exports))
        if held and claim.year < held[0]:
            # The Census Bureau published that year long ago; milex's copy starts later: the
            # claim is not checked against a figure milex does not hold (never inaccurate).
            return unverifiable(
                NOT_HELD,
                f"{release} holds the Census goods trade with {claim.entity} for "
                f"{held[0]}-{held[-1]} only, not {claim.year}",
            )
        return v.missing(release, _IMPORTS, claim.entity, claim.year)
    deficit = imports[claim.year] - exports[claim.year]
    url = v.meta(release, _IMPORTS)[1]
    shown, converted = deficit, ""
    if claim.unit != "USD":
        rate = per_usd(v, claim.unit, claim.year)
        if rate is None:
            return unverifiable("not_covered", f"no {claim.unit} rate for {claim.year}")
        shown = deficit * rate
        converted = f" = {shown:,.1f} bn {claim.unit} at the IMF-implied {rate:.4f} per USD"
    unit = f"{claim.unit} bn"
    low, high = TOLERANCE
    verdict = compare(claim.value, shown, claim.qualifier, low, high, relative=True)
    return Judgement(
        verdict,
        Reference(round(shown, 4), release, "country.xlsx IYR - EYR", url, claim.year, unit),
        f"{release}: US goods imports from {claim.entity} {imports[claim.year]:,.1f} bn minus "
        f"exports {exports[claim.year]:,.1f} bn = deficit {deficit:,.1f} bn USD in {claim.year}"
        + converted,
    )


KIND = Kind(
    "trade_deficit",
    20,
    recognise,
    judge,
    summary="the US goods trade deficit with a partner (Census basis)",
)
