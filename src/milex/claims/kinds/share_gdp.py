"""A country's (or NATO's) defence spending as a share of GDP: "Poland spent 4.12% of GDP in
2024", enumerations ("Lithuania (5.3%), Latvia (4.9%) and Poland (4.7%)"), "4.48%, 4.00% and
3.73% respectively", "Estonia, Norway and Denmark also spend above 3%", lines of a list or table
under a heading that gives the measure and year ("Denmark: 3.49", "- Italy — 2.10 per cent"),
and a bare figure whose measure comes from the sentence before ("it spent 2.1 the year
before"). Allies and NATO aggregates: NATO Table 3; others: SIPRI. Within 0.05 points accurate,
within 0.25 roughly accurate."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import (
    BY_YEAR,
    EACH,
    PART_VERB,
    PRONOUN,
    SHARE,
    SPENDING,
    Claim,
    View,
    holds,
    is_ally,
    nearest,
    number,
    qualifier,
)
from milex.claims.kinds import Kind
from milex.claims.kinds.commitment import as_pledge
from milex.claims.verify import Judgement, Verifier, compare, missing_entity_or_year
from milex.data import countries

TOLERANCE = (0.05, 0.25)
_OF_GDP = re.compile(r"^\s*(?:[\"”’]\s*)?(?:of\s+(?:its|their|the)?\s*(?:GDP|gross|econom))", re.I)
# "... of GDP on defence this year": the share of the text's own year, not a target.
_OF_GDP_THIS_YEAR = re.compile(
    r"\s*of\s+(?:its\s+|their\s+|the\s+)?(?:GDP|gross\s+domestic\s+product)\s+"
    r"(?:(?:on|for|to)\s+(?:defen[cs]e|the\s+military|its\s+military)\s+)?this\s+year\b",
    re.I,
)
# "set to reach NATO's target of 2 percent of its GDP this year": the figure is the goal's,
# what is to be reached, not the level of a country this year.
_GOAL_OF_BEFORE = re.compile(
    r"\b(?:target|goal|guideline|benchmark|threshold|objective)\s+of\s+"
    r"(?:(?:at\s+least|about|around|roughly)\s+)?$",
    re.I,
)
_IN_PARENTHESES = re.compile(r"[A-Za-zÀ-ÿ.’']\s*(?:[-–—:,]\s*|is\s+\w+\s+|\w+\s+)?\($")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_EACH_PAST = re.compile(
    r"(?:also\s+)?(?:spend\w*|are|were|at|exceed\w*|all)\s+(?:more\s+than|over|above|at\s+least)\s*$",
    re.I,
)
_BARE = re.compile(
    r"\b(?:at|was|were|spent|spends|spending|of|to|from|reached)\s+(?:just\s+|only\s+|about\s+)?"
    r"(\d{1,2}\.\d{1,2})(?!\d|\s*(?:%|per|pct|p\.?c\b|bn|billion|million|trillion|tn|m\b))",
    re.I,
)
# Between two names of a coordinated subject ("Poland, Lithuania and Estonia allocated ..."):
# the first name's words, then a comma or "and".
_NAME_THEN_AND = re.compile(
    r"[A-ZÀ-Þ][\w.’'-]*(?:\s+[A-ZÀ-Þ][\w.’'-]*){0,3}\s*(?:,|,?\s+and)\s+(?:the\s+)?", re.A | re.I
)
# Between the last name and its figure: the name, then a short verb phrase with no clause
# break ("Belgium and Spain spent 1.2 per cent", "... allocated more than 3 percent").
# A relative clause may stand between ("Spain, Slovenia and Luxembourg, which are currently
# below 1.3 percent").
_NAME_THEN_VERB = re.compile(
    r"[A-ZÀ-Þ][\w.’'-]*(?:\s+[A-ZÀ-Þ][\w.’'-]*){0,3}(?:,\s+(?:which|who|that))?\s+"
    r"(?:(?:each|both|all|currently|now|still)\s+){0,2}"
    r"(?:spent|spend|spends|allocated|allocate|allocates|devoted|devote|devotes|dedicated|"
    r"dedicate|dedicates|invested|invest|invests|reached|reach|exceeded|exceed|exceeds|were|are)"
    r"\s+(?:(?:just|only|about|around|roughly|nearly|almost|more|less|than|over|above|under|"
    r"below|at|least|some|each|also|already|currently|now|still)\s+){0,3}$",
    re.I,
)
# "Germany has met a NATO alliance target to spend 2 per cent", "Italy has reached the target
# defense spending level of 2%": a country's share at or above a goal, not a new commitment.
_MET_GOAL = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:now\s+|finally\s+|already\s+|just\s+)?"
    r"(?:met|reached|hit|achieved|exceeded|surpassed)|meets|reaches|hits|exceeds|surpasses)\s+"
    r"(?:[\w’'-]+\s+){0,5}?(?:target|goal|aim|guideline|benchmark|threshold)\b"
    r"[^,;.]{0,45}$",
    re.I,
)
# "Hungary is set to achieve the two per cent threshold by the end of this year", "Italy is
# expected to reach the 2% target this year": a forecast of the share of a year the text has
# reached (see _meets_goal), the figure right before the goal's noun.
_SET_TO_MEET = re.compile(
    r"\b(?:is|are)\s+(?:set|expected|on\s+track|poised)\s+to\s+(?:meet|reach|hit|achieve|"
    r"exceed|surpass)\s+(?:the\s+|a\s+|its\s+)?(?:NATO['’]s\s+)?$",
    re.I,
)
_GOAL_RIGHT_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:target|goal|guideline|benchmark|threshold)\b", re.I
)
_YEAR_BEFORE = re.compile(
    r"\b(?:the\s+year\s+before|a\s+year\s+earlier|the\s+previous\s+year)\b", re.I
)
_LIST_MEASURE = re.compile(r"gdp|gross\s+domestic|percentage|per\s?cent|proportion|share|%", re.I)


# Claims whose measure is a share of GDP: a bare figure after one is a share too (a pledge
# "to raise defence spending to 5% of GDP", then "Lithuania allotted 2.47%").


# A percentage of spending or of a budget ("29.3 percent of spending went to equipment", "20% of
# its defence budget"): a part of the money, never a share of GDP (nato_share reads those of
# the alliance's total).
_PART_OF_SPENDING = re.compile(
    r"\s+of\s+(?:(?:its|their|the|that|this|total|overall|annual|"
    r"all|defen[cs]e|military|national|federal|state)\s+){0,3}(?:spending|budgets?|"
    r"expenditures?|outlays)\b",
    re.I,
)


# A part of the alliance's money or budget ("16% of NATO's administrative budget", "funded 100%
# of NATO defense", "a quarter of the alliance's common funding"): never a country's share of
# GDP (nato_share reads the alliance's spending).
_PART_OF_ALLIANCE = re.compile(
    r"\s+of\s+(?:the\s+)?(?:NATO|alliance|organi[sz]ation)(?:['’]s)?\s+"
    r"(?:(?!gdp\b|gross\b|econom|combined\s+gdp)[\w-]+\s+){0,2}?"
    r"(?:defen[cs]e|military|spending|budgets?|expenditures?|outlays|funding)\b",
    re.I,
)
# A level to be reached, not one reached: the end point of a change that is wanted, planned or
# demanded, named by the infinitive or gerund of a verb of raising or putting money, or by a
# verb of aiming ("urged allies to raise defence spending to 5 percent of their GDP", "Why is
# NATO raising defence spending to 5 per cent", "the idea of allocating five percent of
# Croatia's GDP", "a new target: allocating 5%", "targeting 3.5% of GDP by 2030", "a commitment
# to invest at least 2.5%", "plans a record budget increase to 2%"), unless the figure's own
# clause dates it to a year the text has reached (NATO's estimates: "is set to raise spending
# to 2.1% this year"). A past verb is a level reached ("raised its spending to 2.1%", ", raising
# it to 4.1%": a participle after a comma is the result).
_GOAL_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:to|towards|toward|of|for|on|about)\s+|\b(?:is|are)\s+(?:[\w-]+\s+)?|:\s*)"
    r"(?:(?:further|significantly|gradually|substantially|sharply|quickly|eventually|"
    r"rapidly|massively)\s+)?"
    r"(?:rais(?:e|ing)|increas(?:e|ing)|lift(?:ing)?|boost(?:ing)?|bring(?:ing)?|hik(?:e|ing)|"
    r"push(?:ing)?|ramp(?:ing)?\s+up|doubl(?:e|ing)|allocat(?:e|ing)|devot(?:e|ing)|"
    r"invest(?:ing)?|dedicat(?:e|ing))\b[^.;:!?%\d]{0,70}?$"
    r"|\b(?:targeting|targetting|aiming\s+(?:for|at)|aims?\s+(?:for|at)|push\s+for|"
    r"plans?\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:increase|rise|hike|boost))\b"
    r"[^.;:!?%\d]{0,40}?$",
    re.I,
)
_FORESEEN_TO = re.compile(
    r"\b(?:estimated|expected|projected|forecast|predicted|set|poised|likely|due|track)\s+to\s",
    re.I,
)
# ("a 5% NATO spending demand", "2.5% of GDP defense spending minimum": the figure of a goal
# named by its noun right after it; commitment reads the nouns of agreed goals)
_DEMAND_AFTER = re.compile(
    r"\s*(?:of\s+(?:its\s+|their\s+|the\s+)?(?:GDP|gross\s+domestic\s+product)\s+)?"
    r"(?:(?!above|below|over|under|and|but|than|with|while|in|on|at|for|to|from)[\w’'-]+\s+)"
    r"{0,3}?(?:demands?|minimum|requirement|ask)\b",
    re.I,
)
# Every match of _GOAL_CHANGE_BEFORE holds one of these, every match of _DEMAND_AFTER one of
# _DEMAND_WORDS.
_GOAL_WORDS = (
    "rais", "increas", "lift", "boost", "bring", "hik", "push", "ramp", "doubl", "alloc",
    "devot", "invest", "dedicat", "target", "aim", "plan",
)  # fmt: skip
_DEMAND_WORDS = ("demand", "minimum", "requirement", "ask")
# The verbs of _GOAL_CHANGE_BEFORE's first part, and its second part's verbs of aiming in the
# forms it takes ("targeting", "aiming for"; not "the target of", "aiming to"): every match of
# the pattern holds one, so a window of lower-cased text without any is not searched (the
# search is slow; where lower-casing may move the text's places, the looser test of the
# stems, as before).
_GOAL_VERBS = (
    "rais", "increas", "lift", "boost", "bring", "hik", "push", "ramp", "doubl", "allocat",
    "devot", "invest", "dedicat", "targeting", "targetting", "plan",
)  # fmt: skip
_AIM_AT = re.compile(r"aim(?:s|ing)?\s+(?:for|at)")


def _may_change_to_goal(low: str) -> bool:
    return holds(low, _GOAL_VERBS) or ("aim" in low and _AIM_AT.search(low) is not None)


# A clause opening with "if" or "unless" states no fact ("If Montenegro allocates five
# percent of its GDP by 2035, ...").
_CONDITION = re.compile(r"[\s,;(\"“—–-]*(?:and\s+)?(?:if|unless|even\s+if)\b", re.I)


# A figure that was spent in a year: "the 2% of GDP already allocated for defense in 2024",
# "2.1 per cent spent on the military last year" (past participles of spending after it).
_SPENT_AFTER = re.compile(
    r"\s*(?:of\s+(?:its\s+|their\s+|the\s+)?(?:GDP|gross\s+domestic\s+product)\s+)?"
    r"(?:(?:already|actually|it)\s+)?(?:allocated|spent|devoted|invested|dedicated)\s+"
    r"(?:(?:for|on|to)\s+(?:defen[cs]e|the\s+military|the\s+armed\s+forces)\s+)?"
    r"(?:in\s+((?:19|20)\d\d)|(last\s+year|this\s+year))\b",
    re.I,
)


def _spent_in_year_reached(view: View, end: int) -> bool:
    """Whether the figure ending at ``end`` is what was spent in a year the text has reached
    (see _SPENT_AFTER)."""
    may = view.memo.get("spent_words")
    if may is None:  # (once per sentence)
        low = view.low
        may = view.memo["spent_words"] = (
            "alloc" in low or "spent" in low or "devot" in low or "invest" in low
        )
    if not may:
        return False
    found = _SPENT_AFTER.match(view.text, end)
    if found is None or view.text_date is None:
        return False
    return found.group(2) is not None or int(found.group(1)) <= view.text_date.year


def _goal_level(view: View, start: int, end: int) -> bool:
    """Whether the percentage at ``start:end`` is a level to be reached (see
    _GOAL_CHANGE_BEFORE and _DEMAND_AFTER) or a level supposed ("if ..."), not one reached."""
    s = view.text
    # (cheap looks first, once per sentence, then in the windows around the figure)
    words = view.memo.get("goal_words")
    if words is None:
        low = view.low
        words = view.memo["goal_words"] = (
            "if " in low or "unless" in low,
            holds(low, _GOAL_WORDS),
            holds(low, _DEMAND_WORDS),
        )
    condition, goal, demand = words
    if not (condition or goal or demand):
        return False
    if condition:
        clause = view.clause(start)
        opening = view.low[clause[0] : min(start, clause[0] + 16)]  # (its first words only)
        if ("if " in opening or "unless" in opening) and _CONDITION.match(s, clause[0]):
            return True
    change = None
    if goal:
        window = max(0, start - 110)
        before = view.low[window:start]
        if holds(before, _GOAL_WORDS) if view.odd else _may_change_to_goal(before):
            change = _GOAL_CHANGE_BEFORE.search(s, window, start)
    if change is not None and _FORESEEN_TO.search(s, max(0, change.start() - 24), change.end()):
        change = None  # "is estimated to allocate 3.19%": a level foreseen (NATO's estimate)
    if change is None and not (
        demand and holds(view.low[end : end + 90], _DEMAND_WORDS) and _DEMAND_AFTER.match(s, end)
    ):
        return False
    # (a year of the figure's own clause that the text has reached: an estimate, a level)
    clause = view.clause(start)
    reached = view.text_date.year if view.text_date is not None else 0
    return not any(
        clause[0] <= place < clause[1] and basis in ("explicit", "relative") and year <= reached
        for place, year, basis in view.facts.years
    )


def _priority(view: View, start: int, end: int) -> int | None:
    s = view.text
    if (
        view.entities
        and s[max(0, start - 2) : start].rstrip().endswith("(")
        and _IN_PARENTHESES.search(s[max(0, start - 40) : start])
    ):
        # "Poland (4.12% of GDP)", "Estonia is second (3.43%)": a figure of the name before.
        before = nearest(view.entities, start, set())
        if before is not None:
            return 25
    if _meets_goal(view, start):
        return 25  # before a commitment's 30: the goal is the ally's share, not a new pledge
    if _goal_level(view, start, end):
        return None  # a level to be reached (a goal, a demand, a plan), not a level reached
    if _spent_in_year_reached(view, end):
        return 25  # "the 2% of GDP already allocated for defense in 2024": a level, not a goal
    if _OF_GDP.match(s[end : end + 30]):
        if (
            "this year" in view.low
            and _OF_GDP_THIS_YEAR.match(s, end)
            and (view.entities or PRONOUN.search(s, view.low))
            and not _GOAL_OF_BEFORE.search(s, max(0, start - 40), start)
        ):
            # "It will spend 1.37 percent of GDP on defence this year": a country's level this
            # year, not a target (before a commitment's 30; "project all 32 members at or above
            # 2% of GDP this year" names no country: it counts them).
            return 28
        return 50
    if s.startswith(" of", end) and (
        _PART_OF_SPENDING.match(s, end) or _PART_OF_ALLIANCE.match(s, end)
    ):
        return None  # "29.3 percent of spending went to equipment": a part of a budget
    if view.facts.share_or_spending and view.entities:
        return 50
    if view.facts.share_or_spending:
        return 80
    if (view.entities or view.demonstrative) and view.context.measures_share():
        # The measure of the sentence before ("Latvia comes in fourth with 3.15%"), or of the
        # passage ("... as a percentage of GDP declined ... The 2022 invasion caused a sharp
        # surge. Non-US allies rose from 1.8% in 2022 to 2.02% in 2024").
        return 85
    return None


def _list_line(view: View) -> Iterator[Claim]:
    """ "Denmark: 3.49" under "Share of GDP spent on defence, 2024:"."""
    line = view.list_line
    if line is None or view.in_tariff_list:
        return
    country = countries.find_in_prose(line.group(1).strip(" .-–—:"))
    if country is None:
        return
    value = float(line.group(2).replace(",", "."))
    heading = view.context.heading
    # The measure comes from the heading ("Share of GDP spent on defence, 2024"), or from the
    # line's own percent sign under a heading about defence spending ("defense spending
    # (2024) by countries is:" above "- Poland: 4.12%").
    measured = line.group(3) is not None or _LIST_MEASURE.search(heading)
    if not (0 < value < 25) or not (
        measured and (SHARE.search(heading) or SPENDING.search(heading))
    ):
        return
    start, end = line.span(2)
    year, basis = view.year(start)
    yield view.claim(
        start, end, "share_gdp", value, "percent", entity=country.iso3, year=year, year_basis=basis
    )


def _owners(view: View, shares: list[re.Match[str]]) -> dict[int, list[str | None]]:
    """Who each share of the sentence belongs to."""
    s = view.text
    out: dict[int, list[str | None]] = {}
    if len(shares) >= 2 and _RESPECTIVELY.search(s):
        out = _respectively(view, shares)
    elif len(shares) >= 2 and len(view.entities) >= 2:
        out = _paired(view, shares)
    shared = bool(view.entities) and _may_share(view.low)  # (once: not per figure)
    for match in shares:
        start = match.start()
        if start in out:
            continue
        named: list[str | None] = []
        if view.alliance_average(start) or _alliance_averages(view, start):
            out[start] = [countries.NATO]  # whatever names the sentence's other clauses list
            continue
        if shared:
            named = _shared_by(view, match)
            if named:
                out[start] = named
                continue
        each = view.memo.get("each")
        if each is None:
            each = view.memo["each"] = bool(EACH.search(s, view.low))
        if len(view.entities) >= 2 and (each or _EACH_PAST.search(s[max(0, start - 40) : start])):
            since = max((m.end() for m in view.percents if m.start() < start), default=0)
            before = [code for place, code in view.entities if since <= place < start]
            if len(before) >= 2:
                named = list(before)
        elif len(view.entities) >= 2:
            named = _coordinated(view, start) or _dash_list(view, match.end())
        elif not view.entities:
            named = _both_before(view, start)
        owner = view.owner(start)
        if owner is not None and not named and _only_included(view, owner):
            owner = _group_of(view)
        out[start] = named or _joint(view, owner)
    return out


# The verb "average" with the alliance (or its spending) as its subject: "total NATO defense
# spending now averages 2.71% of GDP", "the allies averaged 2.0% in 2024", "alliance-wide
# outlays average about 2.6%": the alliance's average, whoever the sentence names after it.
_ALLIANCE_AVERAGES = re.compile(
    r"\b(?:nato|alliance|allied|allies)\b[^.;:,%\d]{0,40}?\baverag(?:es|ed|e)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|just|only|approximately)\s+)?$"
)


def _alliance_averages(view: View, start: int) -> bool:
    """Whether the figure at ``start`` is what the alliance averages (see _ALLIANCE_AVERAGES):
    no country or group named in its subject or after it, and not Europe's allies alone
    ("European allies averaged", "non-US allies averaged")."""
    if not view.averaged:
        return False
    found = _ALLIANCE_AVERAGES.search(view.low, max(0, start - 70), start)
    if found is None:
        return False
    subject = max(0, found.start() - 25)  # its words before: "non-US allies", "European allies"
    if "europ" in view.low[subject:start]:
        return False
    return not any(
        subject <= place < start and code != countries.NATO for place, code in view.entities
    )


# A country named only as one counted in a group: "With the US's participation, the rate is
# bumped to 2.76%", "including the United States, the average is 2.7%".
_INCLUDED_BEFORE = re.compile(
    r"\b(?:(with)|including|counting|adding|if\s+you\s+(?:include|add)|once\s+you\s+(?:include|"
    r"add))\s+(?:the\s+)?$",
    re.I,
)
_INCLUDED_AFTER = re.compile(r"['’]s?\s+(?:participation|inclusion)\b", re.I)
# Every phrase of _INCLUDED_BEFORE (with _INCLUDED_AFTER after "with") holds one of these.
_INCLUDED_WORDS = ("participation", "inclusion", "includ", "counting", "adding", " add")
_GROUP_WORDS = ("allies", "alliance", "nato", "members")


def _only_included(view: View, code: str) -> bool:
    """Whether every mention of ``code`` in the sentence counts it into a group (see
    _INCLUDED_BEFORE): the figure is the group's, not the country's own."""
    if not holds(view.low, _INCLUDED_WORDS):
        return False
    places = [p for p, c in view.entities if c == code]
    for place in places:
        before = _INCLUDED_BEFORE.search(view.text, max(0, place - 30), place)
        if before is None:
            return False
        if before.group(1) and not _INCLUDED_AFTER.match(view.text, _name_end(view.text, place)):
            return False  # "with" alone: "Poland, with 4.1%", only "with the US's participation"
    return bool(places)


def _name_end(text: str, place: int) -> int:
    """Where the name at ``place`` ends (before "'s" or a space after its last capital word)."""
    at = place
    while at < len(text) and (
        text[at].isalnum()
        or text[at] in ".-"
        or (text[at] == " " and at + 1 < len(text) and text[at + 1].isupper())
    ):
        at += 1
    return at


def _group_of(view: View) -> str | None:
    """The group a country counted into belongs to: the alliance when the sentence or the one
    before speaks of it, else no one."""
    if holds(view.low, _GROUP_WORDS) or holds(view.context.previous_text.lower(), _GROUP_WORDS):
        return countries.NATO
    return None


# Between two figures of one run ("4%, 3.73% and 3.38%"), and between a run's last figure and
# "respectively".
_RUN_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)", re.I)
_BEFORE_RESPECTIVELY = re.compile(
    r"\s*(?:of\s+(?:its\s+|their\s+)?(?:GDP|gross\s+domestic\s+product)\s*)?,?\s*"
    r"(?:\([^()]{0,30}\)\s*)?,?\s*respectively\b",
    re.I,
)


def _respectively(view: View, shares: list[re.Match[str]]) -> dict[int, list[str | None]]:
    """ "Lithuania, Latvia and Estonia seeing rates of 4%, 3.73% and 3.38% respectively": the
    run of figures right before "respectively" (joined by commas and "and") goes, in order, to
    as many names standing before the run and after any figure before it; the sentence's other
    figures are read as usual."""
    s = view.text
    out: dict[int, list[str | None]] = {}
    for last, match in enumerate(shares):
        if not _BEFORE_RESPECTIVELY.match(s, match.end()):
            continue
        first = last
        while first > 0 and _RUN_GLUE.fullmatch(s, shares[first - 1].end(), shares[first].start()):
            first -= 1
        run = shares[first : last + 1]
        since = max((m.end() for m in view.percents if m.start() < run[0].start()), default=0)
        listed = [c for p, c in view.entities if since <= p < run[0].start()]
        if len(listed) < len(run):  # the names stand before another figure (a threshold)
            listed = [c for p, c in view.entities if p < run[0].start()]
        if len(run) >= 2 and len(listed) >= len(run):
            for figure, code in zip(run, listed[-len(run) :], strict=True):
                out[figure.start()] = [code]
    return out


# Between two names of one coordinated subject ("Latvia and Lithuania", "Latvia, Lithuania
# and Estonia", "the Netherlands and Denmark").
_NAME_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?", re.I)


def _paired(view: View, shares: list[re.Match[str]]) -> dict[int, list[str | None]]:
    """Names of one subject and a run of as many figures after them pair up in order, as with
    "respectively" unsaid: "Latvia and Lithuania are also high, at 3.15% and 2.85%", "Spain
    and Belgium spend 1.28% and 1.29% of GDP", "Latvia, Lithuania and Estonia: 3.15%, 2.85%
    and 3.43%". The run is figures joined by commas and "and" only; the names are joined the
    same way, with no figure between them and the run (a figure between is another's, and
    "Latvia and Lithuania spend 3.15% of GDP in 2024 and 2.85% in 2023" is no run)."""
    s = view.text
    out: dict[int, list[str | None]] = {}
    first = 0
    while first < len(shares) - 1:
        last = first
        while last + 1 < len(shares) and _RUN_GLUE.fullmatch(
            s, shares[last].end(), shares[last + 1].start()
        ):
            last += 1
        run = shares[first : last + 1]
        first = last + 1
        if len(run) < 2:
            continue
        since = max((m.end() for m in view.percents if m.start() < run[0].start()), default=0)
        names = [(p, c) for p, c in view.entities if since <= p < run[0].start()]
        if len(names) != len(run) or len({c for _, c in names}) != len(names):
            continue
        if not all(
            _NAME_GLUE.fullmatch(s, _name_end(s, names[i][0]), names[i + 1][0])
            for i in range(len(names) - 1)
        ):
            continue
        for figure, (_, code) in zip(run, names, strict=True):
            out[figure.start()] = [code]
    return out


# A figure shared by the names listed after it: "Portugal is among the lowest, at 2%, along
# with Luxembourg, Spain and Germany" (the subject's and each name's), "Other countries at 2%
# include Belgium, the Czech Republic and Portugal" (each name's).
_SHARED_WORDS = ("along", "together with", "alongside", "as well as", "as do", "includ", "such as")
_SHARED_BY = re.compile(
    r"\s*(?:of\s+(?:its\s+|their\s+)?(?:GDP|gross\s+domestic\s+product)\s*)?"
    r"(?:(?:on|for|to)\s+(?:defen[cs]e|the\s+military)\s*)?"
    r"(?:(?:this|last)\s+year\s*|in\s+20\d\d\s*)?,?\s*"
    r"(?:(along\s+with|together\s+with|alongside|as\s+well\s+as|as\s+do(?:es)?)|"
    r"(?:includ(?:e|es|ing)|such\s+as))\s+",
    re.I,
)


def _may_share(low: str) -> bool:
    for word in _SHARED_WORDS:  # noqa: SIM110 (a loop: no generator on this hot path)
        if word in low:
            return True
    return False


def _shared_by(view: View, match: re.Match[str]) -> list[str | None]:
    """The owners of a figure followed by a list of names that share it (see _SHARED_BY): the
    names up to the first that is not joined by commas, "and" or "the" to the one before;
    after "along with" and the like, also the subject named before the figure."""
    s = view.text
    cue = _SHARED_BY.match(s, match.end())
    if cue is None:
        return []
    names = [(p, c) for p, c in view.entities if p >= cue.end()]
    if not names or not _LIST_GLUE.fullmatch(s, cue.end(), names[0][0]):
        return []
    run = [names[0][1]]
    for (place, _), (after, code) in itertools.pairwise(names):
        end = min(place + len(_name_at(s, place)), after)
        if not _LIST_GLUE.fullmatch(s, end, after):
            break
        run.append(code)
    if cue.group(1) is not None:  # "along with": the subject shares it too
        before = [(p, c) for p, c in view.entities if p < match.start()]
        subject = nearest(before, match.start(), set(), s) if before else None
        if subject is None:
            return []
        run.insert(0, subject)
    return list(dict.fromkeys(run))


# A dash after a figure, before a list of names: "pulled ahead with 2.01% — Italy, Canada, and
# Albania", "exactly 2% is shared by six countries – Portugal, Belgium and Spain".
_DASH = re.compile(r"[^\d—–]{0,60}?(?:—|\s[-–]\s)\s*")
_LIST_GLUE = re.compile(r"(?:\s|,|\band\b|\bthe\b|\.|…)*", re.I)


def _dash_list(view: View, end: int) -> list[str | None]:
    """The names of a list set off by a dash after a figure (each of them owns it), when the
    list runs to the end of the sentence or the next dash with nothing but names in it."""
    s = view.text
    if "—" not in s and "–" not in s and " - " not in s:
        return []
    dash = _DASH.match(s, end)
    if dash is None:
        return []
    stop = min((i for i in (s.find("—", dash.end()), s.find(" – ", dash.end())) if i >= 0),
               default=len(s))  # fmt: skip
    names = [(p, c) for p, c in view.entities if dash.end() <= p < stop]
    if len(names) < 2 or names[0][0] != dash.end():
        return []
    # Between and after the names: only commas, "and", "the" (a list, not a clause).
    ends = [
        min(p + len(_name_at(s, p)), after)
        for (p, _), after in zip(names, [q for q, _ in names[1:]] + [stop], strict=True)
    ]
    gaps = [(ends[i], names[i + 1][0]) for i in range(len(names) - 1)] + [(ends[-1], stop)]
    if any(_LIST_GLUE.fullmatch(s, a, b) is None for a, b in gaps):
        return []
    return list(dict.fromkeys(c for _, c in names))


_NAME_AT = re.compile(r"(?:the\s+)?[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:of\s+|and\s+)?[A-ZÀ-Þ][\w'’.-]*)*")


def _name_at(s: str, place: int) -> str:
    """The run of capitalised words of a name found at ``place``."""
    found = _NAME_AT.match(s, place)
    return found.group(0) if found else ""


def _coordinated(view: View, start: int) -> list[str | None]:
    """ "Poland, Lithuania and Estonia allocated more than 3 percent", "while Belgium and Spain
    spent 1.2 per cent": a figure right after a verb whose subject is a list of names is each
    name's."""
    s = view.text
    since = max((m.end() for m in view.percents if m.start() < start), default=0)
    places = [(place, code) for place, code in view.entities if since <= place < start]
    if len(places) < 2 or start - places[-1][0] > 80:
        return []
    if not _NAME_THEN_VERB.fullmatch(s, places[-1][0], start):
        return []
    run = [places[-1][1]]
    for (place, code), (after, _) in zip(places[-2::-1], places[:0:-1], strict=True):
        if not _NAME_THEN_AND.fullmatch(s, place, after):
            break
        run.append(code)
    if len(run) < 2:
        return []
    return list(dict.fromkeys(reversed(run)))


_BOTH = re.compile(
    r"\b(?:both|the\s+two)\s+(?:(?:of\s+)?(?:these|the|those)\s+)?(?:nations|countries|allies|states)\b",
    re.I,
)


def _both_before(view: View, start: int) -> list[str | None]:
    """ "Romania and Bulgaria still need to ... Both nations spent over 2%": the figure is each of
    the two countries the sentence before named last."""
    if ("both" not in view.low and "two" not in view.low) or not _BOTH.search(view.text, 0, start):
        return []
    previous = view.context.previous_text
    named = view.context.entities(previous)
    # The first two names joined by "and" ("Estonia and Latvia border Russia").
    for (place, code), (after, other) in itertools.pairwise(named):
        words = _WORDS_AT.match(previous, place)
        end = words.end() if words else place
        if code != other and end <= after and _AND.fullmatch(previous, end, after):
            return [code, other]
    return []


_WORDS_AT = re.compile(r"(?:the\s+)?[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þ][\w'’.-]*)*")
_AND = re.compile(r"\s*,?\s+and\s+(?:the\s+)?", re.I)


_JOINT = re.compile(r"\b(?:joint|jointly|tied|level|equal)\b", re.I)


def _joint(view: View, code: str | None) -> list[str | None]:
    """ "The US is in joint sixth position with Denmark, with 3.22%": the figure is both
    countries'."""
    s = view.text
    if "with " not in s:
        return [code]
    place = next((p for p, c in view.entities if c == code), None)
    if code is None or place is None or s[max(0, place - 5) : place].lower() != "with ":
        return [code]
    joint = _JOINT.search(s, 0, place)
    if joint is None:
        return [code]
    first = [c for p, c in view.entities if p < joint.start() and c != code]
    return [first[-1], code] if first else [code]


def _bare(view: View) -> Iterator[Claim]:
    """A figure without a % sign whose measure comes from the sentence before."""
    previous = [c for c in view.context.previous_claims if c.kind == "share_gdp"]
    if not previous or view.percents:
        return
    for match in _BARE.finditer(view.text):
        start, end = match.span(1)
        if start in view.used or not _BARE_DECIMAL.match(view.text, start):
            continue  # a time, money, people (see _BARE_DECIMAL)
        entity = nearest(view.entities, start, set()) or previous[-1].entity
        year, basis = view.year(start)
        if _YEAR_BEFORE.search(view.text[end : end + 30]) and previous[-1].year is not None:
            year, basis = previous[-1].year - 1, "relative"
        yield view.claim(
            start, end, "share_gdp", number(match.group(1)), "percent", entity=entity,
            year=year, year_basis=basis,
        )  # fmt: skip


_PAREN_FIGURE = re.compile(
    r"[A-Za-zÀ-ÿ.’']\s*\(\s*(both\s+(?:with|at)\s+)?(\d{1,2}[.,]\d{1,2})\s*\)", re.I
)


# "from more than 3.5 percent to the current 3.38": the figure a change reaches, its sign
# written once, before it.
_FROM_TO_BARE = re.compile(
    r"\bfrom\s+(?:(?:more|less)\s+than\s+|about\s+|around\s+|nearly\s+|almost\s+|over\s+|"
    r"under\s+)?\d{1,2}(?:\.\d{1,2})?\s?(?:%|per\s?cent|percent)[^.;%\d]{0,40}?\bto\s+(?:the\s+)?"
    r"(?:current\s+|present\s+|latest\s+|just\s+|only\s+|about\s+|around\s+)?"
    r"(\d{1,2}\.\d{1,2})(?!\d|\s*(?:%|per|pct|p\.?c\b|bn|billion|million|trillion|tn|m\b))",
    re.I,
)


def _changed_to(view: View) -> Iterator[Claim]:
    """The bare figure a change "from X% to Y" reaches: X's measure and owner."""
    if "from" not in view.low or " to " not in view.text:
        return
    found = [c for c in view.found if c.kind == "share_gdp"]
    for match in _FROM_TO_BARE.finditer(view.text):
        start, end = match.span(1)
        if start in view.used:
            continue
        before = [c for c in found if c.start - view.sentence.start < start]
        if not before:
            continue
        year, basis = view.year(start)
        yield view.claim(
            start, end, "share_gdp", number(match.group(1)), "percent",
            entity=before[-1].entity, year=year, year_basis=basis,
        )  # fmt: skip


def _parenthesised(view: View) -> Iterator[Claim]:
    """ "Only Croatia (1.81), Portugal (1.55), ... Luxembourg, Slovenia (both with 1.29)": two or
    more figures without a % sign, each in parentheses after a country's name, in a sentence
    that (or whose sentence before) speaks of shares of GDP or percentages."""
    if view.text.count("(") < 2:
        return
    found = list(_PAREN_FIGURE.finditer(view.text))
    # One such figure is enough after another with its sign in parentheses after a name
    # ("Poland (4.12%), Estonia (3.43%) and the US (3.38)": the sign written once).
    signed = len(found) == 1 and any(
        _IN_PARENTHESES.search(view.text, max(0, m.start() - 40), m.start())
        for m in view.percents
        if m.start() < found[0].start()
    )
    if (len(found) < 2 and not signed) or len(view.entities) < 2:
        return
    previous = view.context.previous_text
    if not (
        view.facts.share_or_spending
        or _LIST_MEASURE.search(view.text)
        or SHARE.search(previous)
        or _LIST_MEASURE.search(previous)
        or any(c.kind in ("share_gdp", "count_meeting") for c in view.context.previous_claims)
    ):
        return
    for match in found:
        start, end = match.span(2)
        value = number(match.group(2))
        named = [(p, c) for p, c in view.entities if p < start]
        if start in view.used or not named or not 0 < value < 25:
            continue
        owners = [c for _, c in named[-2:]] if match.group(1) else [named[-1][1]]
        year, basis = view.year(start)
        for code in owners:
            yield view.claim(
                start, end, "share_gdp", value, "percent", entity=code, year=year,
                year_basis=basis,
            )  # fmt: skip


# A decimal without a sign: one or two digits, a point, one or two digits, not part of a date
# or a longer number, and not followed by a unit that makes it something else (money, people,
# a time of day, points of change, a multiple).
_BARE_DECIMAL = re.compile(
    r"(?<![\d.,$€£])(\d{1,2}\.\d{1,2})(?![\d]|[.,]\d|\s*(?:%|per\b|pct|p\.?c\b|bn|b\b|billion|"
    r"million|mn\b|m\b|trillion|tn|thousand|k\b|points?|pp|times|x\b|fold|years?|months?|"
    r"days?|hours?|h\b|am\b|pm\b|[ap]\.m|gmt|cet|km|kg|tonnes?|people|inhabitants|"
    r"residents|soldiers|troops|dollars?|euros?|usd|eur|pounds?|gbp|\$|€|£))",
    re.I,
)
# Between a country's name and its figure: a preposition, a colon, a dash, an opening bracket
# or an equals sign, whatever the words ("Bulgaria with 2.18", "Italy at 1.49", "Spain: 1.28",
# "Greece — 3.08", "Sweden [2.14]", "Germany's 2.12").
_NAME_TO_FIGURE = re.compile(
    r"(?:(?<=['’]s)\s+|['’]s\s+|\s*(?:,\s*)?(?:with|at|on|of|:|—|–|-|=|\(|\[)\s*)"
    r"(?:(?:just|only|about|around|roughly|some|nearly|almost)\s+)?$",
    re.I,
)


def _bare_decimals(s: str) -> list[re.Match[str]]:
    """The matches of _BARE_DECIMAL in ``s``, looked for only at its points between digits (a
    scan for "." is cheaper than the pattern's at every character)."""
    out = []
    point = s.find(".")
    while point != -1:
        if 0 < point < len(s) - 1 and s[point + 1].isdigit() and s[point - 1].isdigit():
            start = point - 2 if point >= 2 and s[point - 2].isdigit() else point - 1
            found = _BARE_DECIMAL.match(s, start)
            if found is not None:
                out.append(found)
        point = s.find(".", point + 1)
    return out


def _measured(view: View) -> bool:
    """Whether the sentence, or the passage before it, makes share of GDP the measure."""
    if view.facts.share_or_spending and (
        SHARE.search(view.text, view.low) or _LIST_MEASURE.search(view.text)
    ):
        return True
    if any(kind == "share_gdp" for kind in view.percent_kinds.values()):
        return True
    return view.context.measures_share()


def _attached(view: View) -> Iterator[Claim]:
    """ "ahead of Bulgaria with 2.18, Sweden with 2.14 and Germany at 2.12": a decimal without a
    sign right after a country's name (see _NAME_TO_FIGURE) is that country's share when the
    sentence or the passage before it gives share of GDP as the measure."""
    s = view.text
    if "." not in s:
        return
    found = [m for m in _bare_decimals(s) if m.start() not in view.used]
    # (the names after the figures: finding them costs more than looking for the figures)
    if not found or not view.entities or not _measured(view):
        return
    for match in found:
        start, end = match.span(1)
        value = number(match.group(1))
        if not 0 < value < 25:
            continue
        named = [(p, c) for p, c in view.entities if p < start and start - p <= 60]
        if not named:
            continue
        place, code = named[-1]
        name_end = place + len(_name_at(s, place))
        if name_end > start or not _NAME_TO_FIGURE.match(s, name_end, start):
            continue
        year, basis = view.year(start)
        yield view.claim(
            start, end, "share_gdp", value, "percent", entity=code, year=year, year_basis=basis,
            qualifier=qualifier(s, start, end),
        )  # fmt: skip


def _listed(view: View) -> Iterator[Claim]:
    """ "only Norway and Denmark exceed 3%": besides the count (count_meeting), each listed
    country is above the threshold."""
    for codes, level, year, basis in view.memo.get("listed", ()):
        match = next((m for m in view.percents if number(m.group(1)) == level), None)
        if match is None or _goal_level(view, match.start(), match.end()):
            continue  # (none listed is above a level still to be reached)
        for code in codes:
            yield view.claim(
                match.start(), match.end(1), "share_gdp", level, "percent", entity=code,
                year=year, year_basis=basis, qualifier="above",
            )  # fmt: skip


_MET_WORDS = ("met ", "meet", "reach", "hit", "achieve", "exceed", "surpass")

# Allies said to stand below a goal: "Canada, Italy and Spain remain below NATO's original 2%
# guideline", "Belgium and Spain still fall short of the 2% target", "Spain is still under the
# alliance's 2 percent goal": each named ally's share is below the goal's figure (the goal
# itself is the commitment's). The verb of standing or falling short right before the goal's
# figure, the goal's noun right after it.
_BELOW_GOAL = re.compile(
    r"\b(?:remain(?:s|ed)?|stay(?:s|ed)?|are|is|were|was|fall(?:s|ing)?|fell|lag(?:s|ged)?)\s+"
    r"(?:(?:still|well|far|just|all)\s+)?(?:below|under|short\s+of|behind)\s+"
    r"(?:(?:the|NATO['’]s|NATO|the\s+alliance['’]s|its|their|an?)\s+)?"
    r"(?:(?!and\b|or\b)[\w-]+\s+){0,2}?$",
    re.I,
)
_BELOW_WORDS = ("below", "under", "short of", "behind")


def _below_goals(view: View, kinds: dict[int, str]) -> Iterator[Claim]:
    """Each ally said to stand below a goal, below the goal's figure (see _BELOW_GOAL); the
    figure stays the goal's (a commitment) too."""
    for match in view.percents:
        start, end = match.span()
        if kinds.get(start) != "commitment":
            continue
        below = _below_goal(view, start, end)
        if not below:
            continue
        yield from _beside_goal(view, match, below, "below")


def _beside_goal(
    view: View, match: re.Match[str], entities: list[str | None], side: str
) -> Iterator[Claim]:
    """A share of GDP for each of ``entities``, on the side ``side`` of the goal whose figure
    ``match`` is (an ally said to stand below or above it)."""
    start = match.start()
    year, basis = view.year(start)
    for entity in entities:
        yield view.claim(
            start, match.end(1), "share_gdp", number(match.group(1)), "percent",
            entity=entity, year=year, year_basis=basis, qualifier=side,
        )  # fmt: skip


def _below_goal(view: View, start: int, end: int) -> list[str | None]:
    """The allies said to stand below the goal whose figure is at ``start:end`` (see
    _BELOW_GOAL): the names of the verb's subject, joined by commas and "and", the last right
    before the verb; else none."""
    may = view.memo.get("below_words")
    if may is None:
        may = view.memo["below_words"] = len(view.entities) > 0 and holds(view.low, _BELOW_WORDS)
    if not may or not _GOAL_RIGHT_AFTER.match(view.text, end):
        return []
    found = _BELOW_GOAL.search(view.text, max(0, start - 80), start)
    if found is None:
        return []
    verb = found.start()
    if any(verb <= place < start for place, _ in view.entities):
        return []
    since = max((m.end() for m in view.percents if m.end() <= verb), default=0)
    subject = [(place, code) for place, code in view.entities if since <= place < verb]
    if not subject or verb - _name_end(view.text, subject[-1][0]) > 12:
        return []
    names = [subject[-1]]
    for place, code in reversed(subject[:-1]):
        if not _NAME_GLUE.fullmatch(view.text, _name_end(view.text, place), names[0][0]):
            break
        names.insert(0, (place, code))
    return [code for _, code in names if is_ally(code)]


# An ally said to stand above a goal now: "Türkiye is already exceeding the 2% threshold",
# "Poland has not only met but surpassed the 2% guideline", "Greece comfortably exceeds NATO's
# 2% target". Its share is above the goal's figure (the figure stays the goal's, a commitment,
# too). The verb of exceeding in the present or present perfect right before the goal's
# figure (not "will exceed", "pledged to exceed", "has not exceeded": a pledge or a denial),
# the goal's noun right after it; the owner is the figure's (extract.View.owner).
_ABOVE_GOAL = re.compile(
    r"\b(?:(?:is|are)\s+(?:(?:already|now|still|well|comfortably|clearly)\s+)?(?:exceeding|"
    r"surpassing|above|beyond)|(?:has|have)\s+(?:(?:already|now|long|comfortably|clearly)\s+)?"
    r"(?:not\s+only\s+(?:met|reached|hit|achieved)\s+but\s+(?:also\s+)?)?(?:exceeded|surpassed)|"
    r"(?:exceeds|surpasses))\s+"
    r"(?:(?:the|NATO['’]s|NATO|the\s+alliance['’]s|its|an?)\s+)?(?:(?!and\b|or\b)[\w-]+\s+){0,2}?$",
    re.I,
)
_ABOVE_WORDS = ("exceed", "surpass", "above", "beyond")
_GOAL_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:target|goal|guideline|benchmark|threshold)\b", re.I
)


def _above_goals(view: View, kinds: dict[int, str]) -> Iterator[Claim]:
    """The ally said to stand above a goal, above the goal's figure (see _ABOVE_GOAL)."""
    if not holds(view.low, _ABOVE_WORDS):
        return
    for match in view.percents:
        start, end = match.span()
        if kinds.get(start) != "commitment" or not _GOAL_AFTER.match(view.text, end):
            continue
        if _ABOVE_GOAL.search(view.text, max(0, start - 80), start) is None:
            continue
        entity = view.owner(start)
        if entity is None or not is_ally(entity):
            continue
        yield from _beside_goal(view, match, [entity], "above")


def _meets_goal(view: View, start: int) -> bool:
    """ "Germany has met a NATO alliance target to spend 2 per cent of its GDP": the share of
    the one ally named before the verb is at least the goal's figure."""
    may = view.memo.get("met_words")
    if may is None:
        may = view.memo["met_words"] = bool(view.entities) and any(
            word in view.low for word in _MET_WORDS
        )
    if not may:
        return False
    found = _MET_GOAL.search(view.text, max(0, start - 110), start)
    ahead = False
    if found is None and "to " in view.low:
        found = _SET_TO_MEET.search(view.text, max(0, start - 60), start)
        end = next((m.end() for m in view.percents if m.start() == start), None)
        if found is None or end is None or not _GOAL_RIGHT_AFTER.match(view.text, end):
            return False
        ahead = True
    if found is None:
        return False
    verb = found.start()
    if any(verb <= place < start for place, _ in view.entities):
        return False
    subject = [(place, code) for place, code in view.entities if place < verb]
    # The subject is the name right before the verb ("Germany has met", "Italy, too, has").
    if not (subject and verb - subject[-1][0] <= 40 and is_ally(subject[-1][1])):
        return False
    if not ahead:
        return True
    # A goal to be met in a year still ahead of the text ("is set to reach 2% by 2028") is a
    # pledge, not the share of a year under way.
    if view.text_date is None:
        return False
    deadline = BY_YEAR.search(view.text, start, start + 80)
    if deadline is not None and int(deadline.group(1)) > view.text_date.year:
        return False
    year, _ = view.year(start)
    return year is not None and year <= view.text_date.year


# A budget or plan for the year before the figure: "the planned allocation of 2% of GDP", "has
# budgeted 2.1%", "earmarked 2% of GDP" (not "plans to go higher" after it, nor "a budget of
# 3.38 percent", a level).
_PLANNED = re.compile(
    r"\b(?:planned|(?:has|have|had)\s+budgeted|earmark\w*|set(?:s|ting)?\s+aside)\b[^.;]{0,80}$",
    re.I,
)


def _planned(view: View, start: int) -> bool:
    """Whether a budget or plan stands before the figure at ``start`` (see _PLANNED)."""
    may = view.memo.get("planned_words")
    if may is None:
        low = view.low
        may = view.memo["planned_words"] = (
            "planned" in low or "budgeted" in low or "earmark" in low or "aside" in low
        )
    if not may:
        return False
    return bool(_PLANNED.search(view.text, max(0, start - 120), start))


# A share of another whole than a country's output: of the world's output ("17% of world GDP"),
# of a budget ("takes up 4% of the budget"), or a part of a group's output ("the US accounted for
# 53% of the allies' combined GDP"; "spend 2.71 percent of their collective GDP" is the group's
# share spent on defence; the verbs of a part: extract.PART_VERB).
_OF_AN_ECONOMY = re.compile(
    r"\s+of\s+(?:(?:the\s+)?(?:global|world)\s+(?:GDP|gross\s+domestic\s+product|economic\s+"
    r"output|output)\b|(?:the|its|their|a)\s+(?:[\w'’-]+\s+){0,2}?budgets?\b)",
    re.I,
)
_OF_A_GROUPS_OUTPUT = re.compile(
    r"\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:combined|total|aggregate|collective)\s+"
    r"(?:GDP|gross\s+domestic\s+product|economic\s+output|output)\b",
    re.I,
)


def _of_another_whole(view: View, start: int, end: int) -> bool:
    """Whether the percentage at ``start:end`` is a share of another whole than a country's
    output (see _OF_AN_ECONOMY)."""
    text = view.text
    if _OF_AN_ECONOMY.match(text, end):
        return True
    return bool(
        _OF_A_GROUPS_OUTPUT.match(text, end) and PART_VERB.search(text, max(0, start - 40), start)
    )


def recognise(view: View) -> Iterator[Claim]:
    yield from _list_line(view)
    yield from _listed(view)
    if view.percents:
        kinds = view.percent_kinds
        shares = [
            m
            for m in view.percents
            if kinds.get(m.start()) == "share_gdp"
            and m.start() not in view.used
            and not _of_another_whole(view, m.start(), m.end())
        ]
        owners = _owners(view, shares) if shares else {}
        for match in shares:
            start, end = match.span()
            year, basis = view.year(start)
            met = _meets_goal(view, start)
            if (met or _planned(view, start)) and basis == "current" and view.text_date is not None:
                # "Germany has met the goal of 2%", "reported the planned allocation of 2% of
                # GDP": news of the text's own year (its budget), not the last year published
                # ("currently spends" is that).
                year, basis = view.text_date.year, "relative"
            for entity in owners[start]:
                yield view.claim(
                    start,
                    match.end(1),
                    "share_gdp",
                    number(match.group(1)),
                    "percent",
                    entity=entity,
                    year=year,
                    year_basis=basis,
                    qualifier=qualifier(view.text, start, end) or ("at_least" if met else None),
                )
        yield from _below_goals(view, kinds)
        yield from _above_goals(view, kinds)
        # "Poland (4.07 percent of GDP), Estonia (3.41), Latvia (3.39)": the list's first
        # figure carries the sign, the others stand bare in parentheses.
        parenthesised = list(_parenthesised(view))
        yield from parenthesised
        if shares:
            yield from _changed_to(view)
        if not parenthesised:
            yield from _attached(view)
    elif view.has_digit and ("." in view.text or "," in view.text):
        parenthesised = list(_parenthesised(view))
        yield from parenthesised
        if not parenthesised and "." in view.text:
            attached = list(_attached(view))
            yield from attached
            if not attached:
                yield from _bare(view)


def judge(v: Verifier, claim: Claim, when: date | None, text_date: date) -> Judgement:
    missing = missing_entity_or_year(claim)
    if missing is not None:
        return missing
    assert claim.entity is not None
    source = v.source_for(claim.entity)
    found = v.series_value(claim, when, "share_gdp", source)
    if isinstance(found, Judgement):
        return found
    assert found.value is not None
    low, high = TOLERANCE
    verdict = compare(claim.value, found.value, claim.qualifier, low, high)
    now = ""
    if claim.year_basis == "current":
        now = (
            f" ('now' read as {claim.year}, the latest year published by the text's date)"
            if v.release(source, "share_gdp", text_date) is not None
            else f" ('now' read as {claim.year}, the year before the text's: no edition milex "
            "holds was out by its date)"
        )
    return Judgement(
        verdict,
        found,
        f"{found.release} {found.table}: {claim.entity} {found.year} = {found.value:.2f}{now}",
    )


KIND = Kind(
    "share_gdp",
    70,
    recognise,
    judge,
    percent_priority=_priority,
    priority_floor=25,
    indicator="share_gdp",
    settle=as_pledge,
    summary="defence spending as a share of GDP",
)
