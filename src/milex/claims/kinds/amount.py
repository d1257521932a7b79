"""An amount of defence spending: "$149 billion", "€20 billion", and the alliance's totals
("NATO members together spent about $1.5 trillion", "European allies and Canada ... $485
billion"). NATO's Table 2 for allies and NATO aggregates, at current and at constant prices
(the evidence says which basis matches; NATO's annual report quotes constant dollars), SIPRI
for others; euros and pounds at the IMF-implied rate. Within 5% accurate, within 15% roughly
accurate. A sum over years ("700 billion euros since 2017") is not checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from milex.claims.extract import (
    ALLIANCE_TOTAL,
    DIGITS,
    PRONOUN,
    QUANTIFIED,
    SINCE,
    SPENDING,
    Claim,
    View,
    about_trade,
    holds,
    nearest,
    number,
    qualifier,
)
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

TOLERANCE = (0.05, 0.15)
CURRENCY_SIGN = {
    "€": "EUR", "$": "USD", "£": "GBP", "us$": "USD", "usd": "USD", "eur": "EUR", "gbp": "GBP",
}  # fmt: skip
CURRENCY_WORD = {
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
    "pounds": "GBP", "usd": "USD", "eur": "EUR", "gbp": "GBP",
}  # fmt: skip
SCALE = {
    "million": 1e-3, "m": 1e-3, "mn": 1e-3, "billion": 1.0, "bn": 1.0, "b": 1.0,
    "trillion": 1e3, "tn": 1e3, "trn": 1e3, "t": 1e3,
}  # fmt: skip
# "$980B", "$ 66.5 billion", "$1.3T", "EUR 90bn" (a space after the sign, a scale's letter)
AMOUNT_SIGN = re.compile(
    r"(€|£|US\$|(?<![A-Za-z])\$|\b(?:USD|EUR|GBP))\s?"  # not C$, A$: other dollars
    + DIGITS
    + r"(?:\s?(million|billion|trillion|bn|mn|trn|tn|m|b)\b|(t)\b)",
    re.I,
)
# An amount written out in full, "$34,975,000" (millions at least: two groups of thousands),
# without a scale after it.
AMOUNT_FULL = re.compile(
    r"(€|£|US\$|(?<![A-Za-z])\$)\s?(\d{1,3}(?:,\d{3}){2,})(?![\d,]|\.\d|\s?(?:million|billion|trillion|bn|mn|m|b|tn|trn|k)\b)",
    re.I,
)
AMOUNT_WORD = re.compile(
    DIGITS
    # ("485 billion US dollars", "967.7 billion U.S. dollars")
    + r"\s?(million|billion|trillion|bn|trn|tn)\s+(?:U\.?S\.?\s+)?(euros?|dollars?|pounds?|USD|EUR|"
    r"GBP)\b",
    re.I,
)
# An amount in words with its hundreds, as a speech's transcript writes it: "four hundred
# eighty-five billion dollars", "four hundred sixty-seven and a half billion euros" (a number
# of its own in words below a hundred is left to the writer's digits elsewhere).
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNIT = "|".join(_UNITS)
AMOUNT_IN_WORDS = re.compile(
    rf"\b((?:{_UNIT})\s+hundred(?:\s+(?:and\s+)?(?:(?:{'|'.join(_TENS)})(?:-(?:{_UNIT}))?|"
    rf"{'|'.join(_TEENS)}|{_UNIT}))?(?:\s+and\s+a\s+half)?)\s+(billion|trillion)\s+"
    r"(?:U\.?S\.?\s+)?(euros?|dollars?|pounds?)\b",
    re.I,
)


def _hundreds(words: str) -> float:
    """ "four hundred eighty-five" -> 485, "... and a half" adds 0.5."""
    value = 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in _UNITS:
            value += _UNITS.index(word) + 1
        elif word in _TEENS:
            value += _TEENS.index(word) + 10
        elif word in _TENS:
            value += (_TENS.index(word) + 2) * 10
        elif word == "hundred":
            value *= 100
        elif word == "half":
            value += 0.5
    return value


# "Total allied defense spending now stands near 1.6 trillion": no currency written, read as
# dollars in a sentence about spending, unless a currency code stands before ("PLN 158
# billion") or a word of another currency after ("158 billion zlotys").
AMOUNT_BARE = re.compile(DIGITS + r"\s?(billion|trillion)\b", re.I)
_CODE_BEFORE = re.compile(r"(?:[A-Z]{3}|[A-Z]?[^\w\s.,;:()\[\]\"'“”‘’-])\s?$")
_WORD_AFTER = re.compile(
    r"^\s+(?!(?:in|to|on|for|this|last|and|by|of|a|an|the|according|with|that|as|at|from|over|"
    r"up|since|while|which|compared|versus|against|or|is|was|were|are|will|dollars?)\b)[a-z]",
    re.I,
)
# The words of money that is not spending on defence.
_OTHER_MONEY_WORDS = (
    r"GDP|economy|output|trade|deficits?|surplus|exports?|imports?|debt|revenues?|sales|aid|"
    r"loans?|income"
)
# No bare amount after one that was, in a sentence about such money ("Its GDP is 29 trillion").
_OTHER_MONEY = re.compile(rf"\b(?:{_OTHER_MONEY_WORDS}|tariffs?)\b", re.I)
# Money named as something else right before it, in its clause ("Its GDP is 29 trillion
# dollars", "Germany's economy, worth $4.5 trillion", "military aid of $60 billion", "a
# services trade surplus of $88.6 billion"): not defence spending ("2% of GDP, or $50
# billion" is: the comma and "or" stand between).
_OTHER_MONEY_BEFORE = re.compile(
    rf"\b(?:{_OTHER_MONEY_WORDS}|services)\b"
    r"(?:['’]s)?(?:,\s*(?:worth|valued\s+at)\b)?[^,;.\d$€£%()—–-]{0,25}$",
    re.I,
)
_BASES = (("usd_current_million", "current"), ("usd_constant_million", "constant"))


@dataclass(frozen=True)
class Amount:
    """An amount as written: its span in the sentence, value in billions and currency."""

    start: int
    end: int
    value: float
    currency: str


def amounts(view: View) -> list[Amount]:
    """The amounts of money a sentence holds, found once per sentence."""
    cached = view.memo.get("amounts")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    s, low = view.text, view.low
    found: list[Amount] = []
    signed = "$" in s or "€" in s or "£" in s  # plain tests: this runs for every such sentence
    if view.has_digit and (
        signed  # "$1.4tn", "€500m"
        or "illion" in low  # million, billion, trillion
        or "bn" in low
        or "trn" in low
        or " tn" in low
        or "b " in low
        or "b," in low
        or "b)" in low
    ):
        # "eur" is in "Europe": a code is looked for only in a sentence with a scale word
        if signed or "usd" in low or "eur" in low or "gbp" in low:
            for m in AMOUNT_SIGN.finditer(s):
                currency = CURRENCY_SIGN[m.group(1).lower()]
                value = number(m.group(2)) * SCALE[(m.group(3) or m.group(4)).lower()]
                found.append(Amount(m.start(), m.end(), value, currency))
            if signed and ",000" in s:
                for m in AMOUNT_FULL.finditer(s):
                    value = number(m.group(2)) / 1e9
                    found.append(
                        Amount(m.start(), m.end(), value, CURRENCY_SIGN[m.group(1).lower()])
                    )
        for m in AMOUNT_WORD.finditer(s):
            value = number(m.group(1)) * SCALE[m.group(2).lower()]
            found.append(Amount(m.start(), m.end(), value, CURRENCY_WORD[m.group(3).lower()]))
        # (or right after a sentence with an amount: "they are approaching $1.4 trillion. The
        # contribution of Europeans increased from 482 billion ...": the same money)
        if not found and (
            view.facts.share_or_spending
            or (
                any(c.kind == "amount" for c in view.context.previous_claims)
                and not _OTHER_MONEY.search(s)
            )
        ):
            for m in AMOUNT_BARE.finditer(s):
                if _CODE_BEFORE.search(s[max(0, m.start() - 5) : m.start()]) or _WORD_AFTER.match(
                    s[m.end() : m.end() + 16]
                ):
                    continue
                value = number(m.group(1)) * SCALE[m.group(2).lower()]
                found.append(Amount(m.start(), m.end(), value, "USD"))
    if "hundred" in low and ("billion" in low or "trillion" in low):
        # (spoken figures, as a transcript writes them: "four hundred eighty-five billion
        # dollars")
        for m in AMOUNT_IN_WORDS.finditer(s):
            value = _hundreds(m.group(1)) * SCALE[m.group(2).lower()]
            found.append(Amount(m.start(), m.end(), value, CURRENCY_WORD[m.group(3).lower()]))
    found.sort(key=lambda a: a.start)
    view.memo["amounts"] = found
    return found


# An amount with its own year right after it is that year's level ("an estimated defence
# expenditure of $755 billion in 2024 — 3.4 per cent of its GDP — marking a 14.3 per cent
# increase since 2014"): a "since" elsewhere in the sentence dates a change, not this sum.
_OWN_YEAR_AFTER = re.compile(
    r"\s+(?:(?:U\.?S\.?\s+)?dollars\s+|euros\s+)?(?:in|for)\s+(?:19|20)\d\d\b"
)


# Words that name a part a total covers, right before the part ("including the United States").
_PART_NAMED = re.compile(r"\b(?:including|incl\.|among\s+them|such\s+as)\s+(?:the\s+)?$", re.I)
_REST_OF = re.compile(r"\brest\s+of\s+(?:NATO|Nato|the\s+alliance|the\s+allies)\b", re.I)


# A quantifier that makes the allies some of them ("some NATO allies"); "the total defence
# budget of all NATO countries" is still the alliance's.
_SOME = re.compile(
    r"\b(?:any|every|no|some|many|most|several|other)\s+(?:NATO\s+|European\s+)?"
    r"(?:member|ally|allies|country|countries|nation|state)",
    re.I,
)


# "NATO Sets New Record: Member States Spend $1.3T": the alliance's members, named apart;
# "the current 32 NATO states will spend around 1.5 trillion US dollars".
_NATO_MEMBERS = re.compile(
    r"\bNATO\b[^.;]{0,60}?\b(?:members?|member\s+(?:states|countries)|allies|states|countries|"
    r"nations)\b",
    re.I,
)
# Right after an amount, the alliance's total it is a part of: "$967.7 billion of the combined
# NATO defence spending", "$755 billion of the alliance's total".
_PART_OF_TOTAL = re.compile(
    r"\s+(?:U\.?S\.?\s+)?(?:dollars\s+|euros\s+)?of\s+(?:the\s+)?(?:combined|total|overall|"
    r"collective|NATO['’]s|the\s+alliance['’]s|alliance['’]s|all\s+NATO)\b",
    re.I,
)
# "That's equivalent to $34,975,000", "That is roughly $30 billion": the figure before, in money.
_THAT_IS = re.compile(r"(?:that|this|which)(?:['’]s|\s+is|\s+was|\s+equals)\b", re.I)


def owner(view: View, start: int, end: int) -> str | None:
    """Whose money: the country named just before, else the alliance when the words before
    say so ("Combined defence expenditure by the alliance ..."), else the nearest name."""
    if view.european_only:
        return None
    before = nearest(view.entities, start, set(), view.text)
    if (
        "rest of" in view.low
        and _REST_OF.search(view.text, max(0, start - 40), start)
        and any(c == "USA" for _, c in view.entities)
    ):
        # "United States: $980 billion. Rest of NATO: $608 billion": the alliance without
        # the US, set beside it, is the European allies and Canada
        return countries.NATO_EU_CA
    close = [p for p, c in view.entities if p < start and start - p <= 60]
    if close:
        last = close[-1]
        if _PART_NAMED.search(view.text, max(0, last - 16), last) and (
            ALLIANCE_TOTAL.search(view.text[max(0, last - 90) : last])
        ):
            # "The alliance's total defense spending, including the United States, is set to
            # reach 1.6 trillion dollars": a country named as a part the total covers is not
            # its owner; the alliance is
            return countries.NATO
        return before
    group = [p for p, c in view.entities if c == countries.NATO_EU_CA and p < start]
    if group and start - group[-1] <= 150 and before == countries.NATO_EU_CA:
        return before  # "defense spending by European member states and Ottawa ... a total of"
    if _PART_OF_TOTAL.match(view.text, end):
        # "The United States ..., accounting for over 967.7 billion U.S. dollars of the combined
        # NATO military defence spending": a part of the alliance's total, the subject's.
        parts = [c for p, c in view.entities if p < start and c != countries.NATO]
        if parts:
            return parts[-1]
    window = view.text[max(0, start - 90) : start]
    if (
        (ALLIANCE_TOTAL.search(window) or _NATO_MEMBERS.search(window))
        and not _SOME.search(window)
        and not _OWN_TOTAL.search(window)
    ):
        return countries.NATO
    if before is None and view.facts.aggregate:
        return countries.NATO
    if before is None and (view.demonstrative or _THAT_IS.match(view.text)):
        return view.previous_owner()  # "This figure was $17.2 billion", "That's equivalent to"
    if before is None and start < 3 and ALLIANCE_TOTAL.search(view.text[end : end + 70]):
        # A figure before its label: "$1,195bn Total military expenditure of NATO members"
        return countries.NATO
    if (
        before is None
        and PRONOUN.search(view.text, view.low)
        and not QUANTIFIED.search(view.text[:start])
    ):
        referent = view.context.referent()
        if referent is None and _THEY.search(view.text[:start]) and _allies_before(view):
            return countries.NATO  # "NATO's figures are out. This year, they are approaching"
        return referent
    if before is None and not view.entities:
        # "Latvia's parliament approved the budget. Defence funding will come to EUR 2.16
        # billion": the ally of the passage
        return view.single_ally_before()
    return before


# A total with an owner's possessive ("raising its total military expenditures to €34
# billion", "Germany's total budget"): the owner's own total, not the alliance's.
_OWN_TOTAL = re.compile(
    r"\b(?:its|his|her|the\s+country['’]s|(?!NATO|Nato|Alliance)[A-Z]\w+['’]s)\s+(?:own\s+)?"
    r"total\b"
)
_THEY = re.compile(r"\b(?:they|their)\b", re.I)
_ALLIANCE_WORD = re.compile(r"\b(?:NATO|alliance|allies|allied)\b", re.I)


def _allies_before(view: View) -> bool:
    """Whether the sentence before speaks of the alliance as a whole (its name, "allies"),
    naming no country and no part of it ("European allies")."""
    previous = view.context.previous_text
    return (
        bool(_ALLIANCE_WORD.search(previous))
        and not view.context.entities(previous)
        and "europe" not in previous.lower()
    )


# Money by which spending changes, not a level of it: "boost defence spending by $1.3 billion",
# "an additional €10.4 billion", "have added more than $600 billion", "a 10.47 billion euro
# increase", "$7.7 billion more" (an amount restated in parentheses after another currency's,
# "by 13 billion crowns ($1.3 billion)", is the same change).
_CHANGE_BEFORE = re.compile(
    r"\b(?:by|additional|extra|further|another|added|adding|adds|add|injected|injecting|"
    r"increase\s+of|rise\s+of|boost\s+of|hike\s+of|top-up\s+of|uplift\s+of|cut\s+of)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|more\s+than|over|up\s+to|at\s+least|"
    r"an\s+estimated)\s+)?(?:[\d.,]+\s*(?:billion|million|bn|m)\s+[a-z]+\s*\(\s*)?$",
    re.I,
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:[A-Za-z]+\s+){0,2}?(?:increase|rise|boost|hike|jump|cut|more|extra|top-up|uplift|"
    r"injection)\b",
    re.I,
)
# The size of a fund or package, not a year's spending: "a €100 billion special defence fund",
# "a $60 billion aid package", "the €150 billion loan instrument".
_FUND_AFTER = re.compile(
    r"\s*(?:\)\s*)?(?:[\w-]+\s+){0,3}?(?:fund|funds|package|loans?|facility|instrument|"
    r"programme|program|credit|deal|contract|order|purchase|refund|aid)\b",
    re.I,
)
# Spending spread over years to come or gone: "more than €25 billion over the next 20 years".
_OVER_YEARS_AFTER = re.compile(
    r"[^.;]{0,50}?\b(?:over|across|during|in)\s+(?:the\s+)?(?:next|coming|past|last|following)\s+"
    r"(?:\w+\s+)?(?:years|decades?)\b",
    re.I,
)
# Between an amount and the same amount in another currency: an opening parenthesis.
_RESTATED = re.compile(r"\s*\(\s*(?:about\s+|around\s+|approximately\s+|roughly\s+)?")
# Right before an amount, "from" or "to": one end of a change.
_END_OF_CHANGE = re.compile(r"\b(?:(from)|to)\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$", re.I)
_MONEY_WORDS = ("by", "additional", "extra", "further", "another", "add", "inject", "of")


def _not_a_level(view: View, found: Amount) -> bool:
    """Whether an amount is a change of spending or the size of a fund (see _CHANGE_BEFORE,
    _CHANGE_AFTER, _FUND_AFTER): not what someone spends in a year."""
    s = view.text
    before = view.low[max(0, found.start - 50) : found.start]
    if holds(before, _MONEY_WORDS) and _CHANGE_BEFORE.search(
        s, max(0, found.start - 50), found.start
    ):
        return True
    return bool(_CHANGE_AFTER.match(s, found.end) or _FUND_AFTER.match(s, found.end))


# Words of what is paid, and of the alliance, whose money is spending ("the allies' combined
# bill", "NATO members together").
_COST_WORDS = (
    "bill ", "bills", "bill,", "bill.", " cost", "expense", "paid", "pays", "nato", "allian",
    "allied", "allies",
)  # fmt: skip


def _about_spending(view: View) -> bool:
    """Whether the sentence speaks of spending, a budget or defence at all (or continues a
    sentence that stated an amount, or is a line under a heading that does): an amount of money
    in a sentence about exports, a refund of duties or a deficit is no one's defence spending."""
    if about_trade(view.low):
        return False
    if view.facts.share_or_spending or view.demonstrative or holds(view.low, _COST_WORDS):
        return True  # ("This figure was $7 billion", "Their combined bill came to $1.47tn")
    if any(c.kind == "amount" for c in view.context.previous_claims) or view.context.recently(
        SPENDING, 2
    ):
        return True  # ("France, by comparison, plans to reach about €80 billion by 2030")
    heading = view.context.heading
    return bool(
        (view.list_line is not None or view.text[:1] in "-•*|" or view.text[:1].isdigit())
        and heading
        and SPENDING.search(heading)
    )


def recognise(view: View) -> Iterator[Claim]:
    found_any = amounts(view)
    if not found_any or not _about_spending(view):
        return
    last: tuple[Amount, int | None, str, str | None] | None = None
    for found in found_any:
        if found.start in view.used or _OTHER_MONEY_BEFORE.search(
            view.text, max(0, found.start - 60), found.start
        ):
            continue
        if last is not None and _RESTATED.fullmatch(view.text, last[0].end, found.start):
            # "from 8.5 billion euros ($8.9 billion)": the same money in another currency, of
            # the same year and kind of sum as the amount it restates.
            _, year, basis, kind_of_sum = last
            yield view.claim(
                found.start, found.end, "amount", found.value, found.currency,
                entity=owner(view, found.start, found.end), year=year, year_basis=basis,
                qualifier=kind_of_sum,
            )  # fmt: skip
            continue
        # A change since a year is the sum added over the years since ("had [raised spending]
        # by 700 billion euros since 2017"): kept, as a sum that is not checked.
        changed_since = False
        if _not_a_level(view, found):
            if "since" not in view.low:
                continue
            changed_since = True
        year, basis = view.year(found.start)
        # The two ends of a change ("Since 2018, Spain has increased its spending ... from 8.5
        # billion euros to 12.8 billion euros in 2023") are levels, not sums: the one it starts
        # from is of the year it is counted since.
        end_of_change = _END_OF_CHANGE.search(view.text, max(0, found.start - 16), found.start)
        since = SINCE.search(view.text) if end_of_change and view.facts.since else None
        if since is not None and end_of_change is not None and end_of_change.group(1):
            year, basis = int(since.group(0)[-4:]), "explicit"
        kind_of_sum = (
            "cumulative"
            if (
                view.facts.since
                and since is None
                and not _OWN_YEAR_AFTER.match(view.text, found.end)
            )
            or changed_since
            or _OVER_YEARS_AFTER.match(view.text, found.end)
            else qualifier(view.text, found.start, found.end)
        )
        last = (found, year, basis, kind_of_sum)
        yield view.claim(
            found.start,
            found.end,
            "amount",
            found.value,
            found.currency,
            entity=owner(view, found.start, found.end),
            year=year,
            year_basis=basis,
            qualifier=kind_of_sum,
        )


def per_usd(v: Verifier, unit: str, year: int) -> float | None:
    """Euros or pounds per US dollar in a year: the IMF-implied rate (Germany's for the euro)."""
    imf = v.release("imf", "lcu_per_usd", None)
    if imf is None:
        return None
    return v.values(imf, "lcu_per_usd", "DEU" if unit == "EUR" else "GBR").get(year)


def judge(v: Verifier, claim: Claim, when: date | None, _: date) -> Judgement:
    if claim.qualifier == "cumulative":
        return unverifiable("not_checked", "a sum over several years is not checked")
    missing = missing_entity_or_year(claim)
    if missing is not None:
        return missing
    assert claim.entity is not None and claim.year is not None
    source = v.source_for(claim.entity)
    judged: list[tuple[int, Judgement]] = []
    first_missing: Judgement | None = None
    order = ("accurate", "roughly_accurate", "inaccurate")
    for indicator, basis in _BASES:
        if claim.unit != "USD" and basis == "constant":
            continue
        found = v.series_value(claim, when, indicator, source)
        if isinstance(found, Judgement):
            first_missing = first_missing or found
            continue
        assert found.value is not None
        value = found.value / 1000
        if claim.unit in ("EUR", "GBP"):
            rate = per_usd(v, claim.unit, claim.year)
            if rate is None:
                return unverifiable("not_covered", f"no {claim.unit} rate for {claim.year}")
            value *= rate
        low, high = TOLERANCE
        verdict = compare(claim.value, value, claim.qualifier, low, high, relative=True)
        shown = Reference(
            value, found.release, found.table, found.source_url, found.year, f"{claim.unit} bn"
        )
        judged.append(
            (
                order.index(verdict),
                Judgement(
                    verdict,
                    shown,
                    f"{found.release} {found.table}: {claim.entity} {found.year} = "
                    f"{value:,.1f} bn {claim.unit} at {basis} prices",
                ),
            )
        )
    if not judged:
        assert first_missing is not None
        return first_missing
    best = min(judged, key=lambda item: item[0])[1]
    others = [j.explanation.split(": ", 1)[1] for _, j in judged if j is not best]
    if others:
        best = Judgement(
            best.verdict,
            best.reference,
            f"{best.explanation} (the closer basis; {'; '.join(others)})",
        )
    return best


KIND = Kind(
    "amount",
    80,
    recognise,
    judge,
    indicator="usd_current_million",
    summary="an amount of defence spending, of an ally, another country or the alliance",
)
