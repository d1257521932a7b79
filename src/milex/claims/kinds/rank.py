"""An ally's rank by share of GDP in a year: "Latvia ranks third at 3.73%", "Estonia – the
second place", "Latvia comes in fourth", "third-highest in NATO", "Poland tops the list",
"placing it fourth", "second on the table", "currently sixth", "sixth out of 31", "second only
to Poland", "the top spender relative to GDP", "the lowest spender", "bottom of the table",
"the biggest spender on 4.12 percent", "allocates the largest percentage of its GDP", "4.12%,
the highest in NATO", "more than any other member state", "the current leader is Poland", "the
second is the USA with 3.5%", "number one", "rounds out the top five", "brings up the rear".
Judged on the ranking of ``milex status`` (``Queries.year_standings``: allies with a figure,
ties sharing a rank): the same rank is accurate, another inaccurate; when allies lack a figure
the rank is a range, judged only if every rank in it gives the same verdict."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import (
    PRONOUN,
    SHARE,
    THE_COUNTRY,
    Claim,
    View,
    has_case_oddity,
    holds,
    is_ally,
    is_number,
    lowered,
    nearest,
    number,
)
from milex.claims.kinds import Kind
from milex.claims.verify import Judgement, Reference, Verifier, missing_entity_or_year, unverifiable
from milex.data import countries

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
    "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10,
}  # fmt: skip
ORDINALS |= {"eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15}
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True)) + r"|[1-3]?\d(?:st|nd|rd|th)"
_NOT_RANK = (
    r"(?![-\s]+(?:time|year|largest|biggest|quarter|half|round|term|day|week|month|"
    # "the guideline was first agreed in 2006": when, not a place
    r"agreed|set|adopted|introduced|proposed|announced|established|published|elected))"
)
RANK = re.compile(
    r"\b(?:rank(?:s|ed)?\s+(?:as\s+)?(?:the\s+)?(" + _ORDINAL + r")|(?:takes|took|holds|in|is|was)"
    r"\s+(?:the\s+)?(?:joint\s+|equal\s+)?("
    + _ORDINAL
    + r")\s+(?:place|position|spot)|comes?\s+(?:in\s+)?("
    + _ORDINAL
    + r")|came\s+(?:in\s+)?("
    + _ORDINAL
    + r")|"
    # "the US (3.49%) in second and Greece", "Estonia is in third, with 3.4%"
    r"in\s+(" + _ORDINAL + r")(?=\s*(?:[,.;:)]|and\b|with\b|$))|"
    r"(?:is|was|are|placed|finished|positioned|sits|lies|ranked|now|currently|still)\s+"
    r"(?:(?:now|currently|still|already|only)\s+)?(" + _ORDINAL + r")\b" + _NOT_RANK + r"|"
    # "placing it fourth", "putting Greece third", "leaving it in sixth"
    r"(?:placing|putting|leaving|making|puts|places|leaves|made|left)\s+(?:it|them|\w+)\s+"
    r"(?:in\s+)?(?:the\s+)?(" + _ORDINAL + r")\b" + _NOT_RANK + r"|"
    # One alternative led by the ordinal (tried once at each word, not once per phrasing):
    # "the second place", "sixth-highest", "second on the table", "fourth in NATO", "sixth
    # among the allies", "sixth out of 31", "second only to Poland".
    r"(?:the\s+)?(" + _ORDINAL + r")(?:\s+place|[-\s]highest|"
    # "the second-largest spender relative to GDP", "the third-biggest share of GDP"
    r"[-\s](?:largest|biggest)\s+(?:share|proportion|percentage|spender\b"
    r"(?=(?:[^.;$€£]|\.(?=\d)){0,40}?(?:\b(?:relative|proportion|share|percentage|of\s+gdp|"
    r"per\s?cent)|%)))|"
    r"\s+(?:on|in|among|of)\s+(?:the\s+|all\s+)?(?:\d+\s+)?"
    r"(?:table|list|ranking|rankings|league\s+table|NATO|alliance|allies|(?:NATO\s+)?"
    r"(?:members|countries|nations|states))\b(?!\s+to\b)|\s+out\s+of\s+(?:the\s+)?\d+\b|"
    r"\s+only\s+to\s+(?:the\s+)?(?-i:[A-Z])|"
    # "the USA third with 3.38 percent", "Estonia third on 3.43%", "Latvia fourth at 3.1
    # per cent", "Lithuania second (4%)": a rank beside its share
    r"\s+(?:with|on|at)\s+\d+(?:[.,]\d+)?\s?(?:%|per\s?cent|percent)|"
    # (in a list: not "the second (4%) tranche")
    r"\s*\(\s*\d+(?:[.,]\d+)?\s?(?:%|per\s?cent|percent)\s*\)(?=\s*(?:[,.;]|and\b|$))))",
    re.I,
)
TOP = re.compile(
    r"\b(tops?|topped|leads?|leading|led)\s+(?:the\s+(?:list|ranking|rankings|table|alliance|pack|bloc|"
    r"league|charts?|standings|leaderboard)|NATO|(?:all\s+)?(?:the\s+)?(?:other\s+)?allies|by\s+GDP|with\s+\d|all\b|"
    # "Poland leads in spending at 4.48%", "tops in defence expenditure"
    r"(?:in|on)\s+(?:(?:defen[cs]e|military)\s+)?(?:spending|expenditures?|outlays)\b)|"
    # "Poland leads projected shares at 4.48% of GDP", "leads the 2025 estimates with 4.48%",
    # "leads at 4.48 per cent": to lead with a share right after is to be first by share
    # (not "leads among the Baltic states": a region's lead; not "the top five with 3.35%")
    r"\b(leads|led)\s+(?:(?!among\b|of\b|in\b)[\w’']+\s+){0,3}?(?:at|with|on)\s+\d+(?:[.,]\d+)?"
    r"\s?(?:%|per\s?cent|percent)|"
    # "the top spender relative to GDP", "NATO's highest spender as a share of GDP"
    # (not "the second-largest spender ($314 billion, up 7%)": money, and not the top)
    # "NATO's biggest relative spender", "the top proportional spender": relative to GDP in
    # the word before
    r"\b(top|highest|biggest|largest)\s+(?:relative|proportional|proportionate)\s+spender\b|"
    # The top spender is first by share when its clause gives a share of GDP, however far on
    # ("the top spender for the second year running, allocating 4.1% of GDP", "per GDP"), unless
    # it is said to be the top in money ("in absolute terms", "in monetary terms"). The plural
    # is one ally's only after a copula ("Poland being the highest spenders"; not "among the
    # top spenders", "joins the top spenders": one of several).
    r"\b(top|highest|biggest|largest)\s+spenders?\b"
    r"(?!\s+in\s+(?:absolute|monetary|money|dollar|cash|nominal|real)\s+terms)"
    r"(?=(?:[^.;$€£]|\.(?=\d)){0,80}?"
    r"(?:\b(?:relative|proportion|share|percentage|terms\s+of\s+gdp|of\s+gdp|of\s+its\s+gdp|"
    r"of\s+their\s+gdp|per\s+gdp|per\s?cent)|%))",
    re.I,
)
_ONE_IS_THE = re.compile(r"\b(?:is|was|being|remains)\s+the\s+$", re.I)
# The top of a class or a table: "the best student in the class", "top of the class", "at the
# head of the table" (not "best-in-class", a product's praise).
CLASS_TOP = re.compile(
    r"\bthe\s+(?:best|top)\s+(?:[a-z]+\s+)?(?:in|of)\s+(?:the|its)\s+class\b|"
    r"\b(?:top|head)\s+of\s+the\s+(?:class|table|league\s+table|rankings?|standings|pack)\b",
    re.I,
)
_CLASS_WORDS = (" class", "top of the", "head of the")
# "16 other NATO countries exceed its spending", "only three allies spend more than Poland":
# the allies ranked above one, whose rank is the next (its name or "its"/"it" right after).
# Found at the noun and its verb (words a sentence rarely holds), the number looked for before.
OTHERS_ABOVE = re.compile(
    r"\b(?:allies|countries|members|member\s+states|nations|states)\s+"
    r"(?:(?:now|still|currently|already)\s+)?"
    r"(?:exceed|outspend|surpass|(?:spend|spent|allocate|allocated|devote|devoted)\s+more\s+"
    r"(?:of\s+(?:their|its)\s+GDP\s+)?than|(?:rank|ranked)\s+(?:above|ahead\s+of))\s+"
    r"(?:(its|it|her|his)\b|(?=(?-i:[A-Z])))",
    re.I,
)
_ABOVE_NUMBER = re.compile(
    r"\b(\d{1,2}(?![\d.,]\d)|[a-z]+(?:-[a-z]+)?)\s+(?:other\s+)?(?:NATO\s+)?$", re.I
)
_ABOVE_WORDS = ("exceed", "outspend", "surpass", "more ", "above", "ahead of")
# "Poland allocates the largest percentage of its GDP", "spends the highest share", "the
# member spending the most on defence as a share of its economy": each its own pattern,
# opening with its words (cheap to look for) and with the verb before checked after.
SHARE_TOP = re.compile(
    r"the\s+(largest|highest|biggest|greatest)\s+(?:percentage|proportion|share)\b"
    r"(?!\s+of\s+(?:NATO|the\s+alliance|allied|all|total|the\s+total))|"
    # The most spending measured against the economy is the top share: "maintains the highest
    # defense spending relative to GDP", "has the biggest military budget as a share of its
    # economy", "the largest defence outlays in proportion to GDP" (not "the highest defence
    # spending in NATO", money, nor "the highest spending since 1990")
    r"the\s+(largest|highest|biggest|greatest)\s+(?:(?:defen[cs]e|military)\s+)?"
    r"(?:spending|expenditures?|outlays?|budget)\s+(?:relative\s+to|as\s+a\s+(?:share|"
    r"proportion|percentage)\s+of|in\s+proportion\s+to|compared\s+(?:to|with))\s+"
    r"(?:(?:its|their|the\s+size\s+of\s+(?:its|their))\s+)?(?:GDP|economy|economic\s+output)\b",
    re.I,
)
# ("the NATO member who spends most of the defense as a share of her economy": "most" after a
# verb of spending is "the most")
MOST_TOP = re.compile(
    r"(?:the\s+|(?<=spends\s)|(?<=spent\s)|(?<=spending\s)|(?<=devotes\s)|(?<=allocates\s))(most)\b(?=(?:[^.;]|\.(?=\d)){0,40}?"
    r"(?:\b(?:relative|proportion|share|percentage|of\s+gdp|per\s?cent)|%))",
    re.I,
)
# The verb before them: one country's ("the member spending", not "countries spending").
_SPENDS_BEFORE = re.compile(
    r"(?:\b(?:spends|spent|allocates|allocated|devotes|devoted|has|had|have|maintains|"
    r"maintained|keeps|kept|records|recorded|boasts|boasted|posts|posted|with)|"
    # "the country that will devote the largest share": one ally's verb after an auxiliary
    r"\b(?:will|would|to|does|did)\s+(?:spend|allocate|devote|dedicate)|\b(?:member|ally|"
    # ("the NATO country with the highest percentage of GDP allocated to defense")
    r"country|nation|state)\s+(?:spending|allocating|devoting|with))\s+(?:by\s+far\s+)?$",
    re.I,
)
# A rank under a condition or an aim is not one held now (a projection, "will devote the
# largest share in 2025", is NATO's estimate and read) ("reaching 5% would position
# Lithuania as the member with the highest spending relative to GDP").
_WOULD = re.compile(r"\b(?:would|could|might|aims?\s+to|hopes?\s+to)\b", re.I)
# "is number one in NATO", "ranks No. 2", "rounds out the top five": a rank as a number.
NUMBER_RANK = re.compile(
    r"\b(?:is|was|ranks?|ranked|remains|sits|comes?|came)\s+(?:the\s+|at\s+)?(?:number|No\.?)\s*"
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b(?![.,]\d|\s*(?:%|per))|"
    r"\b(?:rounds|rounded)\s+out\s+the\s+top\s+(\d{1,2}|three|four|five|six|seven|eight|nine|"
    r"ten)\b",
    re.I,
)
_NUMBERED = re.compile(
    r"(?:number|no\.)\s*(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b"
)
# "3.9% of its GDP ..., more than any other member state", "4.12%, the highest in NATO",
# "1.28%, the lowest of all allies": the top (or last) rank, when a share stands just before
# (checked in code: a look behind of any length is not a regex's). "spends more of its GDP on
# defence than any other ally": "more" or "higher" a little before "than".
MORE_THAN_ANY = re.compile(
    r"\bthan\s+(?:any|every)\s+other\s+(?:NATO\s+)?"
    r"(?:member|ally|country|nation|state)|"
    # Any superlative of the top or the bottom, "spender" or not: "the leader among NATO
    # members", "the least among the allies", "the top spender in the alliance", "making it
    # the biggest spender." (a spender at the sentence's end: among all, said or not).
    r"\bthe\s+(?:(highest|largest|biggest|greatest|top|leading|leader)|(lowest|least|smallest))"
    # ("the highest defense spending in the alliance at 4.07%": a share follows, checked in code)
    r"(?:[-\s]+(spender|contributor|investor))?(?:\s+(?:share\s+|level\s+|rate\s+|figure\s+|"
    r"(?:(?:defen[cs]e|military)\s+)?(?:spending|expenditures?|outlays)\s+)?"
    # ("the lowest of any NATO country", "the highest of any ally": one of any is one of all)
    r"(?:in|of|among)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:\d+\s+)?(?:NATO|alliance|allies|ally|"
    r"(?:NATO\s+)?(?:members|member\s+states|countries|nations|member|member\s+state|country|"
    r"nation))\b|(?<=r)(?=\s*(?:[.;!]|$)))",
    re.I,
)
_MORE_BEFORE = re.compile(r"\b(?:more|higher|greater|larger|bigger)\b", re.I)
_MONEY = re.compile(r"[$€£]|illion\b|\bbn\b", re.I)
# A rank among some allies only: "the highest share of GDP in the EU", "more than any other
# European ally".
_REGIONAL = re.compile(
    r"(?:[^.;]{0,30}?\b(?:in|among|of)\s+(?:all\s+)?(?:the\s+)?(?:EU|European|Europe|Nordic|"
    r"Baltic)\b|\s*European\b)",
    re.I,
)
# "the second is the USA with 3.5%", "the current leader is Poland": the ranked one after.
NAMED_AFTER = re.compile(
    # ("the quota leader was Poland", "the spending leader is Poland": one word before it)
    r"\bthe\s+(?:("
    + _ORDINAL
    + r")|(?:current\s+|clear\s+|undisputed\s+)?(?:[a-z]+\s+)?(leader))\s+"
    r"(?:(?:in|among|of)\s+(?:(?:19|20)\d\d|NATO|the\s+(?:alliance|allies))\s+)?"
    r"(?:is|was|remains|being)\s+",
    re.I,
)
# Ranks from the bottom: "in last place, Spain", "Spain ranks last", "Belgium has the lowest
# share", "Spain was the lowest spender", "the second-lowest", "third from the bottom",
# "bottom of the table": rank N (N - k + 1 for the k-th lowest), N being the allies with
# armed forces that year.
LAST = re.compile(
    r"\b(?:(?:in|at|takes|took|holds|held)\s+(?:the\s+)?last\s+(?:place|position|spot)|"
    # "Last place is Spain", "the last spot goes to Belgium": the name after it is ranked
    r"last\s+(?:place|position|spot)\s+(?:is|was|goes\s+to|went\s+to)\b|"
    r"(?:ranks?|ranked|came|comes|finished|finishes|is|was|sits|placed)\s+(?:dead\s+)?last\b"
    r"(?!\s+(?:year|month|week|time))|"
    r"(?:has|had|spends|spent|records|recorded|posted|is|was|remains|remained)\s+(?:the|NATO['’]s|"
    r"the\s+alliance['’]s)\s+lowest\b|"
    # "Luxembourg spends the least" (not "among the countries spending the least")
    r"(?:spends|spent|allocates|allocated|devotes|devoted)\s+the\s+least\b|"
    r"(?:the\s+)?(?:very\s+)?bottom\s+of\s+the\s+(?:\w+\s+)?(?:list|table|ranking|rankings|"
    r"league|alliance|pile|pack|class)\b|(?:brings?|brought|bringing)\s+up\s+the\s+rear\b|"
    r"(?:the\s+)?(" + _ORDINAL + r")(?:[-\s]lowest|\s+from\s+(?:the\s+)?bottom)\b)",
    re.I,
)
_LAST_WORDS = (
    "last place", "last position", "last spot", "ranks last", "ranked last", "came last",
    "comes last", "finished last", "is last", "was last", "dead last", "placed last", "sits last",
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
# ("number one", "brings up the rear" and the like are read in a sentence with a figure only:
# each word here is looked for in every sentence without one.)
_DIGITLESS_WORDS = (
    *_ORDINAL_STEMS, "highest", "tops", "leads", "leader", "spender", *_BOTTOM_WORDS,
    "est defen", "est military",  # "the largest defence outlays", "the biggest military budget"
)  # fmt: skip
# The superlatives MORE_THAN_ANY reads after a share ("the leader among NATO members").
# ("the top", "the leading" and "the leader" are looked for apart: the rest end in "est " or
# are "least ", a cheaper first look.)
_SUPERLATIVES = (
    "the highest ", "the lowest ", "the least ", "the smallest ", "the largest ", "the biggest ",
    "the greatest ",
)  # fmt: skip
_FOLLOWING_NAME = re.compile(r"\s*[,:]?\s*$")
_DIGIT_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b")
_PERCENTAGE_WORDS = re.compile(r"%|per\s?cent|percent|share|gdp|economy|relative", re.I)
_PERCENTAGE_LOWER = lowered(_PERCENTAGE_WORDS)


def _read(text: str, low: str, previous: str) -> bool:
    """A sentence with an ordinal but no number is read only if it speaks of shares."""
    words = (
        _PERCENTAGE_WORDS.search(text) if has_case_oddity(text) else _PERCENTAGE_LOWER.search(low)
    )
    return bool(words) or bool(SHARE.search(previous))


def recognise(view: View) -> Iterator[Claim]:
    low = view.low
    top = "top" in low or "lead" in low or "led " in low or "spender" in low
    class_top = holds(low, _CLASS_WORDS)
    above = holds(low, _ABOVE_WORDS) and (
        "other" in low or "allies" in low or "countries" in low or "members" in low
    )
    share_top = (  # "largest percentage", "highest share", "the highest spending relative to"
        "est p" in low
        or "est share" in low
        or ("est " in low and ("gdp" in low or "econom" in low))
    )
    most = "the most" in low or "s most" in low or "t most" in low or "ng most" in low
    first = view.first_digit
    ordinal = holds(low, _ORDINAL_STEMS) or (
        first is not None and bool(_DIGIT_ORDINAL.search(low, first.start()))
    )
    bottom = (
        "lowest" in low
        or "bottom" in low
        or "the least" in low
        or "the rear" in low
        or ("last" in low and holds(low, _LAST_WORDS))
    )
    other = (
        ("y other" in low and ("than any other" in low or "than every other" in low))
        or (("est " in low or "least " in low) and holds(low, _SUPERLATIVES))
        or "the lead" in low
        or "the top " in low
    )
    numbered = (
        ("number" in low or "no." in low) and bool(_NUMBERED.search(low))
    ) or "out the top" in low
    if not (
        ordinal or top or bottom or other or numbered or share_top or most or above or class_top
    ):
        return
    shares = (_PERCENTAGE_WORDS if view.odd else _PERCENTAGE_LOWER).search(
        view.text if view.odd else low
    )
    if not shares and not SHARE.search(view.context.previous_text):
        return  # a rank by share of GDP only
    if bottom:
        yield from _from_bottom(view)
    patterns = (
        RANK if ordinal else None,
        TOP if top else None,
        CLASS_TOP if class_top else None,
        SHARE_TOP if share_top else None,
        MOST_TOP if most else None,
    )
    for pattern in patterns:
        if pattern is None:
            continue
        for match in pattern.finditer(view.text):
            group = next((i for i, g in enumerate(match.groups(), 1) if g), 0)
            start, end = match.span(group)
            if start in view.used:
                continue
            if match.start() and view.text[match.start() - 1] == "-":
                continue  # "the second-largest spender": not the top (RANK reads it)
            if pattern is RANK and _FRACTION_BEFORE.search(view.text, max(0, start - 8), start):
                continue  # "one third of allies", "a fifth of the members": a fraction
            if pattern is not RANK and pattern is not TOP and pattern is not CLASS_TOP:
                verb = _SPENDS_BEFORE.search(view.text, max(0, match.start() - 40), match.start())
                if verb is None or _REGIONAL.match(view.text, match.end()):
                    continue
            if pattern is SHARE_TOP and _WOULD.search(view.text, max(0, start - 80), start):
                continue  # "would make Lithuania the one with the highest": not so yet
            if (
                pattern is TOP
                and match.group().endswith("spenders")
                and not _ONE_IS_THE.search(view.text, max(0, match.start() - 12), match.start())
            ):
                continue  # "among the top spenders": one of several (see TOP)
            if pattern is not RANK and _several_before(view, match.start()):
                continue  # "Poland, Estonia and Latvia spent the most": not one country's rank
            value = _ordinal(match.group(group)) if pattern is RANK else 1.0
            entity = _subject(view, match.start())
            year, basis = _year(view, start)
            yield view.claim(
                start, end, "rank", value, "rank", entity=entity, year=year, year_basis=basis
            )
    if ordinal or "leader" in low:
        yield from _named_after(view)
    if numbered:
        yield from _as_number(view)
    if other and view.percents:
        yield from _more_than_any_other(view)
    if "followed by" in low:
        yield from _followed_by(view)
    if above:
        yield from _others_above(view)


def above_one(view: View, start: int) -> bool:
    """Whether the number at ``start`` counts the allies ranked above one ally ("12 other allies
    exceed its share"): a rank, not a count of allies past a threshold."""
    return any(place == start for place, _, _, _ in _above(view))


def _above(view: View) -> list[tuple[int, int, float, str | None]]:
    """The ranks told by the allies above one (see OTHERS_ABOVE), once per sentence: (where
    the number stands, where it ends, the rank, the ally ranked)."""
    found = view.memo.get("above")
    if found is not None:
        return found  # type: ignore[no-any-return]
    found = []
    if holds(view.low, _ABOVE_WORDS):
        for match in OTHERS_ABOVE.finditer(view.text):
            count = _ABOVE_NUMBER.search(view.text, max(0, match.start() - 30), match.start())
            if count is None or not is_number(count.group(1)):
                continue
            if match.group(1) is None:
                named = [c for p, c in view.entities if p == match.end()]
                if not named or not is_ally(named[0]):
                    continue  # "exceed NATO's target": no ally after the verb
                entity: str | None = named[0]
            else:
                entity = _subject(view, count.start())
            start, end = count.span(1)
            found.append((start, end, number(count.group(1)) + 1, entity))
    view.memo["above"] = found
    return found


def _others_above(view: View) -> Iterator[Claim]:
    """ "16 other NATO countries exceed its spending": the 17th; the one ranked is named right
    after the verb, or is the subject "its" stands for."""
    for start, end, value, entity in _above(view):
        if start in view.used:
            continue
        year, basis = _year(view, start)
        yield view.claim(
            start, end, "rank", value, "rank", entity=entity, year=year, year_basis=basis
        )


# "Poland leads at 4.48%, followed by Lithuania at 4%": the name right after "followed by"
# takes the place after the rank before it (only that one: a list after it often skips
# places, "followed by Lithuania, Estonia and the US" leaving Latvia out).
_FOLLOWED_BY = re.compile(r"\bfollowed\s+by\s+(?:the\s+)?$", re.I)
_NAME_END = re.compile(r"[^,;()]{1,40}?(?=\s+(?:at|with|on|and|in)\b|[,;()]|\.?$)")


def _followed_by(view: View) -> Iterator[Claim]:
    ranks = [c for c in view.found if c.kind == "rank"]
    if not ranks:
        return
    for position, code in view.entities:
        if position in view.used or not _FOLLOWED_BY.search(
            view.text, max(0, position - 20), position
        ):
            continue
        before = [c for c in ranks if c.start - view.sentence.start < position]
        if not before:
            continue
        rank = before[-1]
        name = _NAME_END.match(view.text, position)
        end = name.end() if name and name.end() > position else position + 1
        yield view.claim(
            position, end, "rank", rank.value + 1, "rank", entity=code, year=rank.year,
            year_basis=rank.year_basis,
        )  # fmt: skip


_JOINED = re.compile(r"(?:,|\band|&)\s*(?:the\s+)?$", re.I)


def _several_before(view: View, position: int) -> bool:
    """Whether the subject before ``position`` is a list of countries ("Poland, Estonia and
    Latvia")."""
    before = [p for p, _ in view.entities if p < position and position - p <= 120]
    return len(before) > 1 and bool(_JOINED.search(view.text, before[-2], before[-1]))


def _as_number(view: View) -> Iterator[Claim]:
    """ "Poland is number one in NATO", "Estonia ranks No. 2", "Latvia rounds out the top
    five" (one country: "Latvia and Greece round out the top five" is no one's rank)."""
    for match in NUMBER_RANK.finditer(view.text):
        group = 1 if match.group(1) else 2
        start, end = match.span(group)
        if start in view.used:
            continue
        word = match.group(group).lower()
        value = number(word)  # digits or a number in words
        if value < 1:
            continue
        year, basis = _year(view, start)
        yield view.claim(
            start, end, "rank", value, "rank", entity=_subject(view, match.start()), year=year,
            year_basis=basis,
        )  # fmt: skip


def _named_after(view: View) -> Iterator[Claim]:
    """ "the second is the USA with 3.5%", "the current leader is Poland": the country named
    right after the rank."""
    for match in NAMED_AFTER.finditer(view.text):
        group = 1 if match.group(1) else 2
        start, end = match.span(group)
        if start in view.used:
            continue
        after = [c for p, c in view.entities if match.end() <= p <= match.end() + 12]
        if not after:
            continue
        value = _ordinal(match.group(1)) if group == 1 else 1.0
        year, basis = _year(view, start)
        yield view.claim(
            start, end, "rank", value, "rank", entity=after[0], year=year, year_basis=basis
        )


def _more_than_any_other(view: View) -> Iterator[Claim]:
    """ "spent 3.9% of its GDP ..., more than any other member state", "4.12%, the highest in
    NATO": first (or last), the rank of the share's owner."""
    for match in MORE_THAN_ANY.finditer(view.text):
        start, end = match.span()
        if start in view.used:
            continue
        lowest = match.group(2) is not None
        superlative = match.group(1) is not None or lowest
        more = None
        if not superlative:
            more = _last(_MORE_BEFORE.finditer(view.text, max(0, start - 50), start))
            if more is None:
                continue  # "than any other" with nothing more or higher before it
        # the share this ranks: just before, or (after "more of its GDP ... than any other")
        # just after; not money between ("3.38%, or $967 billion, more than any other")
        shares = [m for m in view.percents if m.end() <= start and start - m.end() <= 80]
        if superlative:
            # a share of GDP, not a target ("aims to reach 5% in 2026, remains the biggest
            # spender"); else the share right after ("the biggest spender, with 4.48%"), not
            # another country's ("the highest defence spending in NATO, but Poland spends 4%")
            kinds = view.percent_kinds
            shares = [m for m in shares if kinds.get(m.start()) == "share_gdp"] or [
                m
                for m in view.percents
                if end <= m.start() <= end + 40
                and kinds.get(m.start()) == "share_gdp"
                and not any(end <= p < m.start() for p, _ in view.entities)
            ][:1]
        if not shares and more is not None:
            words = view.text[more.end() : start]
            if _PERCENTAGE_WORDS.search(words) and not _MONEY.search(words):
                shares = [m for m in view.percents if end <= m.start() <= end + 30]
            if shares:
                shares = shares[:1]
        elif shares and _MONEY.search(view.text, shares[-1].end(), start):
            continue
        if not shares or (
            superlative and start - shares[-1].end() > 40 and shares[-1].end() <= start
        ):
            continue
        if _REGIONAL.match(view.text, end):
            continue  # "more than any other European ally": a rank among some allies only
        share = shares[-1]
        year, basis = _year(view, share.start())
        value = 1.0
        if lowest:
            allies = _allies(year)
            if not allies:
                continue
            value = float(allies)
        entity = view.owner(share.start())
        yield view.claim(
            start, end, "rank", value, "rank", entity=entity, year=year, year_basis=basis
        )


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    found = None
    for found in matches:  # noqa: B007 (the last)
        pass
    return found


def _allies(year: int | None) -> int:
    """How many allies with armed forces there were at the end of ``year`` (the last rank)."""
    if year is None:
        return 0
    return sum(1 for c in countries.members(date(year, 12, 31)) if c.has_armed_forces)


def _from_bottom(view: View) -> Iterator[Claim]:
    """Ranks counted from the bottom: the allies of that year less the places above."""
    from datetime import date as _date

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


# A cardinal or "a" right before an ordinal makes it a fraction's denominator.
_FRACTION_BEFORE = re.compile(r"\b(?:one|two|three|four|a|an)[\s-]+$", re.I)


def _year(view: View, start: int) -> tuple[int | None, str]:
    """The year of a rank: "currently fourth with 3.15% of GDP in 2024" is 2024's ranking (the
    sentence's stated year, not "now", which stands next to the rank word)."""
    year, basis = view.year(start)
    if basis == "current" and view.topical:
        return min((abs(p - start), y) for p, y in view.topical)[1], "explicit"
    if (
        year is not None
        and view.text_date is not None
        and year > view.text_date.year
        and view.facts.future
    ):
        # A rank is a standing: a later year that only another clause names is that clause's
        # plan ("Poland, already the biggest spender at 4.48% of GDP, said it will lift the
        # ratio to 4.8% next year"); the rank is of now.
        first, stop = view.clause(start)
        if not any(first <= place < stop for place, _, _ in view.facts.years):
            return view.text_date.year, "current"
    return year, basis


def _ordinal(word: str) -> float:
    """ "third" -> 3, "12th" -> 12."""
    low = word.lower()
    return float(ORDINALS[low]) if low in ORDINALS else float(low[:-2])


def _subject(view: View, position: int) -> str | None:
    """The country ranked: the one named before the rank (its subject), else after."""
    described = view.described_referent(position)
    if described is not None:
        return described  # "The Baltic country which borders Russia ... ranks sixth"
    before = [(p, c) for p, c in view.entities if p < position and position - p <= 120]
    if len(before) > 1 and _BEHIND.search(view.text, before[-2][0], before[-1][0]):
        return before[-2][1]  # "Estonia follows Poland in second place": Estonia's rank
    if before:
        return before[-1][1]
    if view.entities:
        return nearest(view.entities, position, set(), view.text)
    # None named: "this figure places it third", "That puts it at sixth place" rank the
    # country whose figure the sentence before gave.
    if THE_COUNTRY.match(view.text):
        # "The country ... ranks 11th": the ally the passage is about
        return view.context.ally_subject(described=True)
    if view.demonstrative or PRONOUN.search(view.text, view.low):
        owner = view.previous_owner()
        return None if owner in (countries.NATO, countries.NATO_EU_CA) else owner
    return None


# The country named second is the one the first is measured against.
_BEHIND = re.compile(
    r"\b(?:follows|followed|trails|trailed|behind|after|ahead\s+of|below|above)\s+"
    r"(?:the\s+)?\S*$",
    re.I,
)


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
