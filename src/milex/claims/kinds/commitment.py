"""A spending commitment, guideline, pledge or statement: "the 2% target", "5% by 2035", "north of
3%", "up to 5%", "plans to elevate this to 4.7%", "will spend 2.5% of GDP from 2027" (not "will
spend 2.1% this year", NATO's estimate, a share). Accurate when a commitment, guideline, pledge
or statement with that figure (and deadline, and core measure, when the claim gives them) had
been agreed by the date; else inaccurate. One ally's own level is decided by what milex holds
(tests/fixtures/claims/README.md, "Plans and pledges of one ally"; see settle and as_pledge): a
commitment when a pledge binding that ally matches it, else that year's share of GDP, else (no
year) unverifiable, a national plan milex does not hold."""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import (
    BY_YEAR,
    CHANGE_RIGHT_AFTER,
    COMMITMENT,
    CORE,
    Claim,
    Cue,
    View,
    holds,
    is_ally,
    number,
    qualifier,
)
from milex.claims.kinds import Kind
from milex.claims.verify import Judgement, Reference, Verifier
from milex.model.commitments import Target

# (a figure's base may come between: "NATO's 2 % of GDP defence spending commitment", "the 3.5% of
# GDP core target": the goal's noun still names the figure)
_TARGET_AFTER = re.compile(
    r"^\s*(?:[\"”’]\s*)?(?:of\s+(?:its\s+|their\s+)?GDP\s+)?(?:\w+\s+){0,2}?(?:target|goal|guideline|benchmark|threshold|floor|"
    r"pledge|commitment|objective|requirement|obligation)\b",
    re.I,
)
# "The 2% mark was set in 2014", "the 3.5 percent level was agreed at The Hague": a figure
# that was set or agreed is a goal, whatever its noun.
_SET_AFTER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:was|were|had\s+been|has\s+been|have\s+been)\s+"
    r"(?:first\s+|originally\s+|initially\s+)?(?:set|agreed|adopted|established|introduced|"
    r"fixed)\b",
    re.I,
)
# A figure that someone requires or demands is a goal: "the 2 percent that NATO requires",
# "the two percent required of members", "the 5% Washington demands" (not "5% would require
# cuts": a consequence of the figure, after a modal).
_REQUIRED_AFTER = re.compile(
    r"^\s*(?:of\s+(?:its\s+|their\s+)?GDP\s+)?(?:(?:that|which)\s+)?"
    r"(?:(?!(?:would|will|could|might|may|also)\b)[\w'’-]+\s+){0,3}?"
    r"(?:requires?|required|demands?|demanded|(?:have\s+been\s+|has\s+been\s+|are\s+|is\s+)?"
    r"(?:pushing|pushed|calling|called|pressing|pressed)\s+for)\b",
    re.I,
)
# A verb or noun of aiming with the figure as its object: "targeting 3.5% of GDP by 2030",
# "aims for 2% next year", "is eyeing at least 3%", "with an objective of 2.5%" (a goal held,
# whoever holds it).
# ("a path toward spending 5 percent": the figure a path leads to is its aim)
_AIM_WORDS = ("target", "aim", "eye", "objective", "ambition", "path")
_AIMED_AT = re.compile(
    r"\b(?:target(?:s|ed|ing)|aim(?:s|ed|ing)?\s+(?:for|at)|eye(?:s|d|ing)|"
    r"path\s+(?:to|toward|towards)\s+(?:spending|reaching|investing|devoting)|"
    r"(?:aim|objective|ambition)\s+of)\s+"
    r"(?:(?:at\s+least|around|about|some|roughly|nearly|more\s+than|over)\s+)?(?:an?\s+)?$",
    re.I,
)
# A share of another base than the economy: "15% of the state's budget revenues", "5% of the
# national budget", "20% of imports" (never a goal of GDP; a share of defence spending, the
# equipment guideline's base, is not among them).
_OF_OTHER_BASE = re.compile(
    r"^\s*of\s+(?:(?:the|its|their|a|this|that)\s+)?(?:[\w'’-]+\s+){0,2}?"
    r"(?:(?:budget|tax|fiscal|government|public|state)\s+revenues?|revenues?\b|"
    r"(?:state|national|federal|government|general|public|annual|total)\s+budgets?\b|"
    r"imports\b|exports\b|tax(?:es)?\b)",
    re.I,
)
# "the 1.5 percent of GDP designated for defense under the June NATO agreements", "3.5% as
# required under the Hague declaration": a figure an agreement sets is a goal.
_UNDER_AGREEMENT = re.compile(
    r"^\s*(?:of\s+(?:its\s+|their\s+)?GDP\s+)?(?:[\w-]+\s+){0,4}?under\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:agreements?|deal|accord|pledges?|commitments?|declaration|"
    r"guidelines?)\b",
    re.I,
)
# What every member is bound to spend is their common goal: "all partners would have to spend
# 2 percent", "each ally must devote at least 2%", "every member state is required to spend 2%"
# (a duty, not "all allies will spend 2% this year", an estimate).
_OBLIGED_BEFORE = re.compile(
    r"\b(?:all|every|each)\s+(?:[\w-]+\s+){0,2}?(?:partners?|allies|ally|members?|countries|"
    r"country|nations?|states?)\s+(?:would\s+have\s+to|will\s+have\s+to|have\s+to|had\s+to|"
    r"has\s+to|must|should|shall|(?:is|are|was|were)\s+(?:obliged|required|bound|obligated)\s+to|"
    r"(?:are|were)\s+to)\s+(?:spend|devote|allocate|invest|dedicate)\s+"
    r"(?:at\s+least\s+|a\s+minimum\s+of\s+|no\s+less\s+than\s+)?$",
    re.I,
)
# A goal's noun with its infinitive: "the commitment made by all Allies at the NATO Summits in
# Vilnius in 2023 and Washington in 2024 to devote at least 2% of GDP", "the pledge taken in
# The Hague to reach 5%" (the noun may stand far before its "to").
_TO_SPEND_BEFORE = re.compile(
    r"\bto\s+(?:devote|spend|reach|allocate|invest|dedicate|hit|meet)\s+"
    r"(?:at\s+least\s+|a\s+minimum\s+of\s+|no\s+less\s+than\s+)?$",
    re.I,
)
# A goal whose relative clause has someone spend a share names the goal's figure: "a new
# spending target ..., which will see NATO members spend 5 percent", "a deal that would have
# allies devote 3.5%"; and a noun of pledging or announcing whose "that" clause is in the
# future or the conditional: "the announcement that Canada would spend 2%", "a promise that
# allies will devote at least 2%" (what was pledged, not a level reached).
_GOAL_WILL_SEE = re.compile(
    r"\b(?:target|goal|pledge|commitment|deal|agreement|plan|benchmark)s?\b[^.;%]{0,100}?"
    r"\b(?:which|that)\s+(?:will|would|is\s+to|are\s+to)\s+(?:see|have|require|oblige|force|"
    r"get|make)\s+(?:[\w'’-]+\s+){1,4}?(?:spend|allocate|devote|invest|dedicate)\s+"
    r"(?:at\s+least\s+|up\s+to\s+)?$",
    re.I,
)
_PLEDGED_THAT = re.compile(
    r"\b(?:announcement|pledge|promise|vow|commitment|decision)\s+that\s+(?:[\w'’.-]+\s+){1,4}?"
    r"(?:would|will|shall)\s+(?:spend|devote|allocate|invest|dedicate|reach|hit|meet)\s+"
    r"(?:at\s+least\s+|up\s+to\s+)?$",
    re.I,
)
# What a commitment just named will entail is its figure: "Canada ... is expanding that
# commitment to 5%. ... it looks like this will entail spending 3.5% of GDP on core defence",
# "it would mean allocating 1.5% to resilience" (the commitment in the sentence or the two
# before it).
_ENTAILS = re.compile(
    r"\b(?:this|that|it|which)\s+(?:will|would)\s+(?:entail|mean|require|involve)\s+"
    r"(?:spending|allocating|devoting|investing|dedicating)\s+(?:at\s+least\s+|up\s+to\s+)?$",
    re.I,
)
# The verbs of _OBLIGED_BEFORE and _TO_SPEND_BEFORE, as substrings for a cheap test first.
_SPEND_OR_REACH = ("spend", "devot", "alloc", "invest", "dedicat", "reach", "hit", "meet")
# A body that requires its members to spend a share names a goal: "NATO requires its members
# to allocate 2% of GDP to defense" (not "asks" or "urges": a wish).
_REQUIRES_BEFORE = re.compile(
    r"\b(?:requires?|required|requiring|obliges?|obliged|obliging|commits?|committed)\s+"
    r"(?:its\s+|all\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:partners|allies|members|"
    r"member\s+states|countries|nations|states)\s+to\s+(?:spend|devote|allocate|invest|dedicate)"
    r"\s+(?:at\s+least\s+|a\s+minimum\s+of\s+|no\s+less\s+than\s+)?$",
    re.I,
)
# A goal's noun whose infinitive raises spending from one figure to another: the second is the
# goal's ("agreed on a new target to increase defense spending from 2% of gross domestic
# product to 5%").
# ... or whose first figure is the goal's: "must up their defense dollars from the 2 percent goal
# set in 2014 to the ambitious 5 percent"
_FROM_GOAL_TO = re.compile(
    r"\bfrom\s+(?:the\s+|its\s+|their\s+)?[\d.,]+\s*(?:%|per\s*cent|percent)\s+"
    r"(?:[\w-]+\s+)?(?:goal|target|benchmark|guideline|threshold|commitment)\b[^.;%]{0,60}?"
    r"\bto\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
_GOAL_FROM_TO = re.compile(
    r"\b(?:target|goal|benchmark|commitment|pledge|plan|agreement)\s+to\s+(?:increase|raise|"
    r"lift|boost|hike)\s+(?:[\w-]+\s+){0,3}?from\s+[\d.,]+\s*(?:%|per\s*cent|percent)"
    r"[^.;%]{0,50}?\bto\s+(?:at\s+least\s+)?$",
    re.I,
)
_GOAL_NOUN_TO = re.compile(
    r"\b(?:commitments?|pledges?|promises?|obligations?|agreements?|decisions?)\b[^.;%]{0,120}$",
    re.I,
)
# "at least 3.5% of GDP should be allocated to core defence", "2 percent must go to
# equipment": what ought to be spent is a goal.
_OUGHT_AFTER = re.compile(
    r"^\s*(?:of\s+(?:its\s+|their\s+|the\s+)?(?:GDP|gross\s+domestic\s+product|national\s+"
    r"output)\s+)?(?:should|must|shall|(?:is|are|has|have)\s+to|will\s+have\s+to)\s+(?:be\s+)?"
    r"(?:allocated|spent|devoted|dedicated|earmarked|set\s+aside|invested|reserved|go(?:es)?)\b",
    re.I,
)
# The next part of a goal split in parallel: "at least 3.5% ... should be allocated to core
# defence, and up to 1.5% for broader security", "3.5% on core defence plus 1.5% on
# resilience": a figure after "and" or "plus", for something, after a goal's figure.
_PART_BEFORE = re.compile(
    # ("..., while an additional 1.5 percent will support infrastructure")
    r"\b(?:and|plus|while|whereas|with)\s+(?:(?:up\s+to|at\s+least|a\s+further|another|an\s+additional|"
    r"a\s+maximum\s+of|a\s+minimum\s+of)\s+)?$",
    re.I,
)
_PART_AFTER = re.compile(
    # (whatever words qualify the GDP: "3.5 per cent of national GDP in core defence needs")
    r"^\s*(?:of\s+(?:its\s+|their\s+|the\s+)?(?:national\s+|annual\s+)?GDP\s+)?"
    r"(?:by\s+20\d\d\s+)?(?:(?:should\s+be\s+\w+\s+)?(?:for|on|to|in|"
    r"toward|towards)\s|" + r"(?:will|would|should|shall|is\s+to|are\s+to|must)\s+(?:be\s+)?"
    r"(?:used\s+(?:to|for)\s+)?(?:fund|support|finance|pay\s+for|cover|go\s+to|"
    r"(?:allocated|spent|devoted|earmarked)\s+(?:to|on|for))\w*\b)",
    re.I,
)
# A share of GDP that a plan says will pay for something by a deadline is an allocation of the
# plan, not a level reached: "3.5 percent of GDP by 2035 will fund core defence needs", "2% of
# GDP by 2027 is to go to equipment" (the verb of funding after the figure and its deadline).
_FUNDS_AFTER = re.compile(
    r"^\s*(?:of\s+(?:its\s+|their\s+)?GDP\s+)?by\s+20\d\d\s+"
    r"(?:will|would|should|shall|is\s+to|are\s+to|must)\s+(?:be\s+)?"
    r"(?:used\s+(?:to|for)\s+)?(?:fund|support|finance|pay\s+for|cover|go\s+to|"
    r"(?:allocated|spent|devoted|earmarked)\s+(?:to|on|for))\w*\b",
    re.I,
)
# A verb of setting with a goal for its object, right before the goal's figure: "NATO set the",
# "allies adopted the", "the alliance established its", "leaders agreed on a".
_SET_GOAL_BEFORE = re.compile(
    r"\b(?:set|sets|adopted|adopts|established|establishes|introduced|created|fixed|"
    r"agreed\s+(?:on|upon))\s+(?:(?:the|a|an|its|their|nato['’]s|this|that)\s+)?"
    r"(?:[\w-]+\s+){0,2}?$",
    re.I,
)
# The goal's noun right after its figure ("2 percent target", "2% spending guideline").
_GOAL_NOUN_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:target|goal|guideline|benchmark|threshold)\b", re.I
)
# "the 2% target set in 2014", "a goal agreed in 2023": the year it was set, no deadline.
_SET_IN = re.compile(
    r"\b(?:set|agreed|adopted|established|introduced|fixed|made)\s+(?:[\w-]+\s+){0,3}?in\s+$",
    re.I,
)
_LOCAL = Cue(
    r"target|goal|guideline|benchmark|pledge[ds]?|commit\w*|promise[ds]?|aim\w*|"
    r"threshold|should|must|agreed|agree|demand\w*|call(?:ed|s)?\s+for|obligation|"
    r"floor|new\s+goal|spending\s+standard|new\s+standard|investment\s+standard|"
    # "the alliance's current minimum level for defence spending is two percent": a minimum
    # set for every ally is a floor
    r"requirement|minimum\s+(?:level|requirement|threshold|standard|share)"
)


# A cue that has its own figure right before it ("above NATO's 2 per cent target at 2.09 per
# cent"): the target is that figure's; the figure after the cue is someone's share.
# The object of spending done, not pledged: "spent", "allocating only", "sets aside", "fulfilling
# its commitments, spending more than 2%" (not "the target of allocating", "committed to
# investing", "should be spending", "by spending": a goal's or a means' words).
_SPENT_RIGHT_BEFORE = re.compile(
    r"(?<!\bof\s)(?<!\bto\s)(?<!\bfor\s)(?<!\bon\s)(?<!\bby\s)(?<!\bat\s)(?<!\bbe\s)"
    r"\b(?:spent|spends|spending|allocated|allocates|allocating|devoted|devotes|devoting|dedicated|"
    r"dedicates|dedicating|invested|invests|investing|sets?\s+aside|setting\s+aside|"
    # To commit a share of GDP, the verb with its object, is to spend it ("Poland leads,
    # committing 4.1 percent of its GDP"; not "committed to 2%", a pledge, nor "has committed
    # 2% by 2030", which may be one)
    r"commits|committing)\s+"
    r"(?:(?:only|just|about|around|some|roughly|nearly|almost|over|under|more\s+than|"
    r"less\s+than|an\s+estimated)\s+)?$",
    re.I,
)
# ("is committing 3.5% of GDP by 2029": a share committed by a deadline is a goal)
_BY_DEADLINE = re.compile(r"\b(?:by|until|before)\s+20\d\d\b", re.I)
_SPENT_WORDS = ("spen", "alloc", "devot", "dedic", "invest", "aside", "commit")
# A spending verb as the object of a preposition, even across a closing quotation mark ("agreed
# to “aim to move towards” spending 2 percent", "a goal of ‘allocating’ 2%"): what is aimed at,
# not what is spent (the look-behinds of _SPENT_RIGHT_BEFORE, for the words they cannot see).
_GOVERNED_BEFORE = re.compile(
    r"\b(?:to|towards?|of|for|on|by|at|be)\s*[\"“”'‘’]\s*[\"“”'‘’]?\s*$|\btowards?\s+$", re.I
)
# (a word of whose GDP may stand before it: "spending 2.61 percent of its combined GDP")
_OF_GDP_AFTER = re.compile(
    r"\s*of\s+(?:its\s+|their\s+|the\s+)?(?:(?:combined|collective|total|joint|national|"
    r"annual|own)\s+)?(?:GDP|gross|national\s+income)",
    re.I,
)
_OWN_FIGURE = re.compile(r"\d\s*(?:%|per\s?cent|percent|pct|p\.?c)\s*$", re.I)


# A pledge: a verb of intent or the future, then (in the same clause) the figure as what is to
# be reached ("plans to elevate this to 4.7%", "aims to reach at least 3%", "will spend 2.5% of
# GDP from 2027", "an agreement to increase their defense spending to 5%").
_INTENT_WORDS = (
    "will", "shall", "plan", "intend", "aim", "set to", "pledg", "promis", "vow", "commit",
    "agreement to", "agreed to", "wants to", "want to", "seek", "hope", "going to", "would",
    "deal to", "decided to", "propos", "agreement from", "agreement among", "agreement by",
    "deal among", "deal by", "deal from", "target", "goal", "obligation", "requirement",
    "benchmark", "guideline", "decision", "resol", "intention", "ambition", "bid to",
    "agreed ", "decided ",  # ("agreed on Wednesday to": the time between verb and "to")
    "wants ", "wanted ", "demand",  # ("wants that increased to 5 percent")
)  # fmt: skip
_PLEDGE_CUE = re.compile(
    # (the lookahead: the cues' first letters, so that most words are passed over at once)
    r"\b(?=[wsapihvcdgtorb])(?:(will|shall|would)|"
    # A pledge made, its figure no year's level: a goal "for" someone "to" do ("a target for
    # all member countries to allocate at least 2 percent", "the obligation established at
    # the summit for member states to allocate 5%"), or a verb of pledging in the past with
    # when or why set off before its "to" ("pledged ten years ago, after the annexation, to
    # devote at least 2%", "committed, at the Wales summit, to spending 2%").
    r"((?:target|goal|obligation|requirement|benchmark|guideline)s?\s+"
    r"(?:[^.;:!?%]{0,60}?\s)?for\s+(?:[\w'’-]+\s+){1,4}?to|"
    r"(?:pledged|committed|promised|vowed|agreed|decided)[\s,][^.;:!?%]{0,90}?,\s+to|"
    r"(?:pledged|committed|promised|vowed|agreed|decided)\s+to|"
    # A verb of pledging with its time between it and its "to" ("agreed on Wednesday to",
    # "pledged last week to", "committed in 2014 to"): when the pledge was made, no comma
    # needed.
    r"(?:pledged|committed|promised|vowed|agreed|decided)\s+(?:on\s+)?(?:(?:Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|earlier|recently|"
    r"(?:last|this)\s+(?:week|month|year)|in\s+(?:19|20)\d\d)\s+)to|"
    # The noun of a pledge made ("the decision to hike spending to 2% was made in 2014", "its
    # commitment to raise spending to 2.5%"): a pledge, dated by when it was made.
    r"(?:decision|commitment|resolution|resolve|promise|pledge|vow)\s+to)|"
    # A noun of intent held, not yet a pledge made ("declared its intention to raise spending
    # to 5%", "the government's ambition to reach 3%", "in a bid to lift the budget to 2.5%"):
    # what is meant to be reached, like "intends to".
    r"intentions?\s+to|ambitions?\s+to|(?:in\s+an?\s+)?bid\s+to|"
    r"plans?\s+to|planning\s+to|plans?\s+for|intends?\s+to|"
    r"intending\s+to|aims?\s+to|aiming\s+to|(?:is|are|was|were)\s+set\s+to|wants?\s+to|"
    # What someone wants or demands a figure raised to is an aim: "the U.S. president now
    # wants that increased to 5 percent", "demands spending lifted to 3%"
    r"(?:wants?|wanted|demands?|demanded)\s+(?:[\w'’-]+\s+){1,3}?(?:increased|raised|lifted|"
    r"boosted|hiked|brought\s+up|pushed\s+up)|"
    r"seeks?\s+to|hopes?\s+to|vow(?:s|ed)?\s+to|pledg(?:e|es|ed|ing)\s+to|"
    r"promis(?:e|es|ed|ing)\s+to|commit(?:s|ted)?\s+to|agreed\s+to|agreement\s+to|deal\s+to|"
    r"decided\s+to|propos(?:e|es|ed|ing|al)\s+to|going\s+to|"
    # "an agreement from NATO member nations to raise their defense spending to 5%"
    # (the party's name may be long, its acronym in parentheses: "an agreement by the North
    # Atlantic Treaty Organization (NATO) members to raise ... to 5%")
    r"(?:agreement|deal)\s+(?:from|among|by)\s+(?:[\w'’-]+\s+|\([\w.'’-]+\)\s+){1,7}?to)\s",
    re.I,
)
# From the cue to the figure, within its sentence: a verb of change ("to", "reach") or of
# spending, a qualifier, or the first figure of a range ("between 5% and 6%", "2.5% or 3%").
_PLEDGE_REST = re.compile(
    # (a level moved "towards", or a thing put "above" it, is reached too: "aim to move towards 2%",
    # "will put Denmark above 3%", "takes the budget over 2.5%")
    r"(?:[^.;:!?]|\.(?=\d)){0,80}?\b(?:(to|towards?|reach|reaching|hit|hitting|meet|meeting|"
    r"achieve|achieving|(?:put|puts|putting|take|takes|taking|push|pushes|pushing)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:above|over|beyond|past))|spend|spending|allocate|allocating|"
    r"devote|devoting|invest|investing|dedicate|dedicating)\s+"
    # A qualifier, quoted or not ("to “at least” five percent"), or a noun phrase that names
    # the figure's size ("to a total of 5%", "to a significant 3 percent", "to an unprecedented
    # 5%"): the figure is still what is to be reached.
    r"(?:[\"“”'‘’]\s*)?(?:(?:at\s+least|around|about|some|over|more\s+than|nearly|roughly|between|"
    r"approximately|almost|close\s+to|(?:just|well)\s+(?:over|above|under|below)|above|"
    r"a\s+minimum\s+of|the\s+equivalent\s+of)\s*(?:[\"“”'‘’]\s*)?\s)?"
    r"(?:(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:of\s+)?)?"
    r"(?:\d[\d.,]*\s?(?:%|per\s?cent|percent)\s+(?:and|or|to)\s+)?$",
    re.I,
)
_PLEDGE_REACH = 110  # characters from a cue to its figure
_PLEDGE_REST_REACH = 80  # or from a cue's end (as far as _PLEDGE_REST reaches)
# A forecast between a cue and the figure ("will rise in 2025 to 2.4% ... and is projected to
# hit 2.6% in 2028", "is forecast to reach 2.2%"): the figure is a level foreseen, not a goal.
# (not "are expected to agree to spend 5%": a pledge foreseen is still a pledge)
_FORECAST = re.compile(
    r"\b(?:projected|forecast|predicted|estimated|expected)\s+to\s+(?:reach|hit|be|top|exceed|"
    r"stand\s+at|(?:rise|climb|grow|increase)\s+to)\s+(?:(?:about|around|some|roughly|nearly|"
    r"almost|over|more\s+than|just\s+over)\s+)?$",
    re.I,
)


def _cue(view: View, start: int) -> tuple[bool, bool, int | None, int] | None:
    """The first cue of a pledge before a figure at ``start`` whose words lead to it: (whether
    it is only the future, whether the figure is what is to be reached, where the cue ends if
    the pledge was made: a goal or a verb in the past), else None."""
    cues = view.memo.get("pledge_cues")
    if cues is None:
        found = holds(view.low, _INTENT_WORDS)  # a cheap look before the pattern
        cues = view.memo["pledge_cues"] = list(_PLEDGE_CUE.finditer(view.text)) if found else []
    for cue in cues:
        if cue.end() > start:
            break
        if cue.start() < start - _PLEDGE_REACH and cue.end() < start - _PLEDGE_REST_REACH:
            continue  # (a long cue, a party's long name, counts from its end)
        rest = _PLEDGE_REST.match(view.text, cue.end(), start)
        if rest is not None:
            made = cue.end() if cue.group(2) is not None else None
            return cue.group(1) is not None, rest.group(1) is not None, made, cue.start()
    return None


# Verbs of an aim (not of the future: "will", "is set to", "going to").
_AIM_BEFORE = re.compile(
    r"\b(?:aims?|aiming|plans?|planning|intends?|intending|wants?|seeks?|hopes?|vow(?:s|ed)?|"
    r"pledg(?:e|es|ed|ing)|promis(?:e|es|ed|ing)|commit(?:s|ted)?)\s+to\s+(?:[\w-]+\s+){1,2}"
    r"(?:(?:at\s+least|about|around)\s+)?$",
    re.I,
)


# A verb of raising with its object before "to": "will raise the country's defence spending to
# more than 3% this year", "will lift its budget to 2%". Someone raises something to a level:
# a plan, even for the text's own year; where "spending will rise (increase) to 2.4% this
# year", with no object, foretells a level (a share).
_RAISED_BY = re.compile(
    r"\b(?:rais(?:e|es|ing)|lift(?:s|ing)?|boost(?:s|ing)?|hik(?:e|es|ing)|bring(?:s|ing)?|"
    r"increas(?:e|es|ing)|ramp(?:s|ing)?\s+up)\s+(?:[\w'’-]+\s+){1,5}?to\s+"
    r"(?:(?:at\s+least|more\s+than|over|about|around|some|roughly)\s+)?$",
    re.I,
)


def _raised_by(view: View, start: int) -> bool:
    return _RAISED_BY.search(view.text, max(0, start - 90), start) is not None


def _aim(view: View, start: int) -> bool:
    """Whether a verb of an aim leads right to the figure at ``start`` ("aims to reach 2%")."""
    return _AIM_BEFORE.search(view.text, max(0, start - 50), start) is not None


# The year a pledge was made in, after its verb in the passive: "was taken at Wales in 2014".
_MADE_IN = re.compile(
    r"\b(?:was|were|been)\s+(?:first\s+)?(?:taken|made|reached|agreed|adopted|struck|signed|"
    r"announced)\b[^.;]{0,30}$",
    re.I,
)


def _pledge(view: View, start: int) -> bool:
    """Whether a figure is what a pledge is to reach, not a share: a verb of intent before it
    ("plans to elevate this to 4.7%", "aims to reach 3%"), or the future with a change ("will
    raise spending to 2.5 per cent") or a year ahead of the text ("will spend 2.5% of GDP from
    2027"); and no year of its own that the text has reached ("will spend 2.1% in 2025" in a
    text of 2025, or "will spend 4.12%" of the year under discussion, is NATO's estimate)."""
    cue = _cue(view, start)
    if cue is None:
        return False
    # The years of its own clause, else those of clauses without another figure ("reached
    # 4.1% of GDP last year, with plans to elevate this to 4.7%": last year is the 4.1%'s).
    future_only, change, made, cue_start = cue
    clause = view.clause(start)
    # (a pledge made: a year before its "to" or in another clause is when it was made, "Since
    # 2014, NATO has set a target for ...", "the requirement agreed in 2014 for all allies to",
    # "pledged ten years ago, ..., to devote")
    first = clause[0] if made is None else max(clause[0], made)
    # ("now" or "currently" before the cue is when the intent is held, not the figure's year:
    # "the president now wants that increased to 5 percent")
    years = [
        (p, y)
        for p, y, basis in view.facts.years
        if first <= p < clause[1] and not (basis == "current" and p < cue_start)
    ]
    if made is not None and years:
        # "the decision to raise budgets to 2% was taken at Wales in 2014": when it was made
        years = [(p, y) for p, y in years if not _MADE_IN.search(view.text, max(0, p - 50), p)]
    if not years and made is None:  # (a clause with a figure is another figure's)
        figures = view.memo.get("percent_clauses")
        if figures is None:
            figures = view.memo["percent_clauses"] = {view.clause(m.start()) for m in view.percents}
        years = [
            (p, y)
            for p, y, basis in view.facts.years
            if view.clause(p) not in figures and not (basis == "current" and p < cue_start)
        ]
    if years:
        year = min(years, key=lambda item: abs(item[0] - start))[1]
        if view.text_date is None:
            return False
        # An aim for the text's own year is still an aim ("Spain aims to reach 2% in 2025"),
        # where "will spend 2.1% in 2025" foretells a level.
        return year > view.text_date.year or (
            year == view.text_date.year and (_aim(view, start) or _raised_by(view, start))
        )
    # No year: an intent, or the future with a change "to" a figure or its reaching ("will
    # reach 2%"), is a pledge; a plain "will spend 3.22% of GDP" is the estimate of the year
    # under discussion.
    return not future_only or change


# "up from the current 2.4%", "doubling the current 2.4 per cent level": the level now, no goal
_CURRENT_RIGHT_BEFORE = re.compile(
    r"\b(?:the|its|their|a)\s+(?:current|present|existing|today['’]s)\s+(?:level\s+of\s+)?$",
    re.I,
)


_GOAL_WORD_BEFORE = re.compile(
    r"\b(?:targets?|goals?|guidelines?|benchmarks?|thresholds?|pledges?|commitments?)\b", re.I
)


def _priority(view: View, start: int, end: int) -> int | None:
    s = view.text
    before = s[max(0, start - 45) : start]
    after = s[end : end + 30]
    if (
        holds(before, ("urrent", "resent", "xisting", "oday"))
        and _CURRENT_RIGHT_BEFORE.search(before)
        and not _TARGET_AFTER.match(s[end : end + 50])
        and not _GOAL_WORD_BEFORE.search(before)  # "targets from the current 2% to 5%"
    ):
        return None  # the level now (a share), not a goal
    if CHANGE_RIGHT_AFTER.match(after):
        return None  # "marking a 17.9% increase": a change (growth's), not a commitment
    if " of" in after and _OF_OTHER_BASE.match(after):
        return None  # "15% of the state's budget revenues": a share of another base
    local = view.memo.get("commitment_words")
    if local is None:
        local = view.memo["commitment_words"] = bool(_LOCAL.search(s, view.low))
    if _TARGET_AFTER.match(s[end : end + 50]) or _SET_AFTER.match(after):
        return 30
    low_after, low_before = view.low[end : end + 60], view.low[max(0, start - 45) : start]
    if holds(low_after, ("requir", "demand", " for")) and _REQUIRED_AFTER.match(s[end : end + 60]):
        return 30  # "the 2 percent that NATO requires", "the 2% demanded of allies"
    if holds(low_before, _AIM_WORDS) and _AIMED_AT.search(before):
        return 30  # "targeting 3.5% of GDP by 2030", "aiming for 2% next year"
    if "under" in s[end : end + 80] and _UNDER_AGREEMENT.match(s[end : end + 80]):
        return 30
    if _OUGHT_AFTER.match(s[end : end + 60]):
        return 30  # (anchored: one look after the figure)
    if _PART_AFTER.match(after) and _PART_BEFORE.search(before) and _next_part(view, start):
        return 30
    if " by " in s[end : end + 30] and _FUNDS_AFTER.match(s[end : end + 80]):
        return 30
    # Both patterns end on a verb of spending or reaching right before the figure (at most
    # "at least " between), so without one of those words in the 45 characters before it
    # neither can match.
    if " to " in s[max(0, start - 140) : start] and (
        _GOAL_FROM_TO.search(s, max(0, start - 140), start)
        or _FROM_GOAL_TO.search(s, max(0, start - 120), start)
    ):
        return 30  # "a new target to increase defense spending from 2% of GDP to 5%"
    if holds(low_before, _SPEND_OR_REACH):
        if _OBLIGED_BEFORE.search(s, max(0, start - 90), start):
            return 30  # "all partners would have to spend 2 percent"
        if _REQUIRES_BEFORE.search(s, max(0, start - 90), start):
            return 30  # "NATO requires its members to allocate 2% of GDP"
        if (to := _TO_SPEND_BEFORE.search(s, max(0, start - 40), start)) is not None and (
            _GOAL_NOUN_TO.search(s, max(0, to.start() - 130), to.start())
        ):
            return 30  # "the commitment made by all Allies at ... to devote at least 2%"
        if (
            (" will " in view.low or " would " in view.low)
            and _ENTAILS.search(s, max(0, start - 60), start)
            and _recent_commitment(view)
        ):
            return 30  # "(a commitment ...) this will entail spending 3.5% of GDP on core"
        if " that " in low_before and _PLEDGED_THAT.search(s, max(0, start - 90), start):
            return 30  # "the announcement that Canada would spend 2%"
        if (" see " in view.low or " have " in view.low) and _GOAL_WILL_SEE.search(
            s, max(0, start - 200), start
        ):
            return 30  # "a target ..., which will see NATO members spend 5 percent"
    if _reported(view, start, end) or _COMPARED_AFTER.match(s[end : end + 50]):
        return None  # "an increase from 1.58% in 2024": a figure of a year reached, not a goal
    if (
        holds(view.low[max(0, start - 45) : start], _SPENT_WORDS)
        and _OF_GDP_AFTER.match(after)
        and (spent := _SPENT_RIGHT_BEFORE.search(before)) is not None
        and not _GOVERNED_BEFORE.search(before, max(0, spent.start() - 12), spent.start())
        and not (spent.group().lower().startswith("commit") and _BY_DEADLINE.search(after))
    ):
        # "The country spent 2.4% of GDP ..., above the 2% target", "allocating only 1.28
        # percent of its GDP": what is or was spent, a level, whatever goal the sentence names
        return None
    if local:
        cue = next(reversed(list(_LOCAL.finditer(before))), None)  # the cue nearest the number
        # "the 5 percent threshold, with Poland leading at roughly 4.7 percent": a country
        # named between the cue and the number owns the number.
        offset = start - len(before)
        if (
            cue is not None
            and not any(offset + cue.end() <= place < start for place, _ in view.entities)
            and not _OWN_FIGURE.search(s, max(0, offset + cue.start() - 30), offset + cue.start())
        ):
            return 30
    # (COMMITMENT's words are all _LOCAL's: without these, the sentence has none of those)
    if local and not view.entities and view.facts.commitment:
        return 30
    if ("ted to" in before or "cast to" in before) and _FORECAST.search(before):
        return None  # a level foreseen, not a goal (see _FORECAST)
    if _pledge(view, start):
        # before a share's 50: "the UK will spend 2.5% of GDP on defence from 2027"; and a
        # level someone raises spending to, before a share's 28 for "X% of GDP this year" (see
        # _RAISED_BY)
        return 27 if _raised_by(view, start) else 30
    if _breakdown(view, start):
        return 30  # "5% of GDP by 2035—3.5% for military spending and 1.5% for broader security"
    if not view.entities and _recent_commitment(view) and view.owner(start) is None:
        return 45  # "That headline figure breaks down as 3.5 percent on core defense ..."
    if not view.entities and _ITEM_PART.match(s) and _after_part(view):
        return 45  # "- 3.5% for core defense spending / - 1.5% for civil infrastructure"
    window = s[max(0, start - 60) : end + 60]
    deadline = BY_YEAR.search(after)
    # "5% by 2035", not "2.53 percent in 2023": a year still ahead of the text
    ahead = deadline is not None and (
        view.text_date is None or int(deadline.group(1)) > view.text_date.year
    )
    if ahead and _RAISED_TO.search(s, max(0, start - 100), start):
        return 30  # "raising military spending from 2.41% of GDP in 2024 to 3% by 2029"
    if ahead and "spend" not in window and not _yearly_series(view):
        return 60
    if ahead and local and _LOCAL.search(s[:start]):
        return 30  # "has pledged to increase the UK's defence spending to 2.5% of GDP by 2027"
    return None


# A list's items in parallel: an item that opens with a figure for something ("1.5% for civil
# infrastructure and resilience") right after an item of the same shape read as a goal's part
# ("3.5% for core defense spending", under "The revised goal breaks down into:") is the goal's
# next part, however far the lead-in now stands.
_ITEM_PART = re.compile(
    r"^\W*\d[\d.,]*\s?(?:%|per\s?cent|percent)(?:\s+of\s+(?:GDP|gross\s+domestic\s+product))?"
    r"\s+(?:for|on|to|in)\s",
    re.I,
)


def _after_part(view: View) -> bool:
    """Whether the sentence before with claims held a goal's part of the same shape."""
    return any(
        c.kind == "commitment" and _ITEM_PART.match(c.sentence)
        for c in view.context.previous_claims
    )


# A percentage "in" a year: "5% of GDP in 2027 and 4.87% in 2028".
_IN_YEAR_AFTER = re.compile(
    r"(?:%|\bper\s?cent\b|\bpercent\b)(?:\s+of\s+(?:its\s+|the\s+)?GDP)?\s+in\s+(20\d\d)\b",
    re.I,
)


def _yearly_series(view: View) -> bool:
    """Whether the sentence gives percentages in two or more years ("expected to reach 5% of
    GDP in 2027 and 4.87% in 2028"): a path of yearly figures, forecasts of a level, not a goal
    and its deadline (a goal has one)."""
    found = view.memo.get("yearly_series")
    if found is None:
        years = {m.group(1) for m in _IN_YEAR_AFTER.finditer(view.text)}
        found = view.memo["yearly_series"] = len(years) > 1
    return bool(found)


def _next_part(view: View, start: int) -> bool:
    """Whether the figure at ``start`` is the next part of a goal whose figure comes before it
    in the sentence, for something too (see _PART_BEFORE), with no country between."""
    before = [m for m in view.percents if m.end() <= start and start - m.end() <= 200]
    if not before:
        return False
    part = before[-1]
    if any(part.end() <= place < start for place, _ in view.entities):
        return False
    if not _PART_AFTER.match(view.text[part.end() : part.end() + 60]):
        return False
    return _priority(view, part.start(), part.end()) == 30


# A figure followed by a year of its own ("from 1.58% in 2024", "putting spending at 2.4
# percent of GDP in 2024"): a year the text has reached makes it a reported figure (a share or
# an estimate), whatever goal the sentence also names.
# A year named by its distance back ("up from 2.33% last year", "2.1% the previous year", "1.9%
# a year earlier") is a year reached as well (group 2).
_OWN_YEAR_AFTER = re.compile(
    r"\s*(?:of\s+(?:its\s+|their\s+|the\s+)?(?:GDP|gross\s+domestic\s+product)\s*)?"
    r"(?:(?:on|for|to)\s+(?:defen[cs]e|the\s+military)\s*)?(?:(?:in|for|during)\s+(20\d\d)\b|"
    r"(last\s+year|the\s+(?:previous|prior|preceding)\s+year|a\s+year\s+(?:earlier|before|ago))\b)",
    re.I,
)


# "the estimate is 2%, 0.42 percentage points higher than in 2024", "2.1%, up from 1.9%": a
# figure set against an earlier one is a level reached, not a goal.
_COMPARED_AFTER = re.compile(
    r"^\s*(?:of\s+(?:its\s+|the\s+)?GDP\s*)?,?\s*(?:(?:an?\s+increase|a\s+rise|an?\s+drop|a\s+fall)"
    r"\s+of\s+)?[\d.,]+\s*(?:percentage\s+)?points?\s+(?:higher|lower|more|less|above|below)\b|"
    r"^\s*(?:of\s+(?:its\s+|the\s+)?GDP\s*)?,?\s*(?:up|down)\s+from\s+[\d.,]+",
    re.I,
)


def _reported(view: View, start: int, end: int) -> bool:
    """Whether the figure from ``start`` to ``end`` has a year of its own the text has reached
    (not an aim for the text's own year: see _pledge)."""
    if view.text_date is None:
        return False
    if not view.topical:
        # (once per sentence: a run-on sentence may hold thousands of figures)
        has_year = view.memo.get("commitment_year_word")
        if has_year is None:
            has_year = view.memo["commitment_year_word"] = "year" in view.low
        if not has_year:
            return False
    own = _OWN_YEAR_AFTER.match(view.text, end, end + 60)
    if own is None:
        return False
    if own.group(2) is not None:
        return True  # a year back from the text's
    year = int(own.group(1))
    return year < view.text_date.year or (year == view.text_date.year and not _aim(view, start))


# A goal split into its parts after its own figure: "to 5% of GDP by 2035—3.5% for military
# spending and 1.5% for broader security", "the 5% figure includes up to 1.5% in non-defense
# spending", "5%, of which 3.5% on core defence".
_BREAKDOWN_WORDS = (
    "—", "–", " - ", "includ", "of which", "split", "broken down", "made up of", "divided",
)  # fmt: skip
_BREAKDOWN = re.compile(
    r"\d\s?(?:%|per\s?cent|percent)[^.;%]{0,60}?(?:—|–|\s-\s|\bincludes?\b|\bincluding\b|"
    r"\bof\s+which\b|\b(?:split|divided)\s+(?:into|between|as)\b|\bbroken\s+down\s+(?:into|as)\b|"
    r"\bmade\s+up\s+of\b)(?:[^.;]|\.(?=\d)){0,80}$",
    re.I,
)


_SPENT_BEFORE = re.compile(
    r"\b(?:spend\w*|spent|allocat\w*|devot\w*|reach\w*|at)\s+[^%]{0,20}$", re.I
)


def _breakdown(view: View, start: int) -> bool:
    """Whether the figure at ``start`` is a part of a goal stated before it in the sentence
    (see _BREAKDOWN), in a sentence that speaks of goals or pledges (or after one that did)."""
    may = view.memo.get("breakdown_words")
    if may is None:
        may = view.memo["breakdown_words"] = holds(view.text, _BREAKDOWN_WORDS)
    if not may:
        return False
    split = _BREAKDOWN.search(view.text, max(0, start - 160), start)
    if split is None or any(split.start() < place < start for place, _ in view.entities):
        return False  # "... to 5% by 2035 – Poland at 4.5%": a country's figure
    if "respectively" in view.low or _SPENT_BEFORE.search(view.text, split.start() + 1, start):
        return False  # "... the 3.5% target by 2035—spending 4.48%, 4.00% and 3.73% respectively"
    return (
        view.facts.commitment
        or _cue(view, split.start() + 1) is not None
        or any(c.kind == "commitment" for c in view.context.previous_claims)
    )


# A change to a figure before a deadline ahead: "raising spending ... to 3% by 2029".
_RAISED_TO = re.compile(
    r"\b(?:increas|rais|boost|lift|bring|hik|ramp)\w*\b(?:[^.;]|\.(?=\d)){0,90}?\bto\s+"
    r"(?:at\s+least\s+|around\s+|about\s+)?$",
    re.I,
)


def _recent_commitment(view: View) -> bool:
    found = view.memo.get("recent_commitment")
    if found is None:
        found = view.context.recently(COMMITMENT, 2)
        view.memo["recent_commitment"] = found
    return bool(found)


# "exceed the alliance's new intermediate target of allocating 3.5% of GDP": a count's
# threshold that the sentence also states as a target.
# A count's threshold that the sentence names as a goal's content, in any of the goal's nouns
# and the spending verbs ("meet a decade-old pledge to spend at least 2%", "the goal of
# allocating at least 2%", "their commitment to invest 2%"), is the goal's figure too.
_TARGET_OF = re.compile(
    r"\b(?:target|goal|pledge|commitment|promise|guideline|obligation|requirement)s?\s+"
    r"(?:of|to)\s+(?:spend(?:ing)?|allocat(?:e|ing)|devot(?:e|ing)|invest(?:ing)?|dedicat(?:e|ing))\s+"
    r"(?:(?:at\s+least|a\s+minimum\s+of|no\s+less\s+than)\s+)?$",
    re.I,
)
# "do not meet the agreed target of 2% of GDP set in 2014": a count's threshold dated as set or
# agreed is a goal too (not "will hit the target of 2% in 2024": a year, no setting).
_SET_IN_AFTER = re.compile(
    r"^\s*(?:of\s+(?:its\s+|their\s+|the\s+)?(?:GDP|gross\s+domestic\s+product)\s+)?"
    r"(?:(?:first|originally|initially)\s+)?(?:set|agreed|adopted|established|introduced|fixed)"
    r"\s+(?:in|at|by)\b",
    re.I,
)


def recognise(view: View) -> Iterator[Claim]:
    kinds = view.percent_kinds if view.percents else {}
    goal_before = False  # whether the sentence stated a goal before this figure
    for match in view.percents:
        start, end = match.span()
        kind = kinds.get(start)
        if (
            kind == "count_meeting"
            and (
                _TARGET_OF.search(view.text[max(0, start - 60) : start])
                or _SET_AFTER.match(view.text[end : end + 60])
                or _SET_IN_AFTER.match(view.text[end : end + 60])
                # "raising the target to 3.5% while most met the traditional 2% benchmark": a
                # count's threshold named a goal after another goal of the sentence (two goals)
                or (goal_before and _TARGET_AFTER.match(view.text[end : end + 30]))
            )
        ):
            kind = "commitment"  # a count's threshold the sentence also states as a goal
        if kind != "commitment" or start in view.used:
            continue
        goal_before = True
        # The words a figure owns stop at the figures beside it: "a new 5% target by 2035 (3.5%
        # core ...)" is not a core goal, nor is "1.5%" after "3.5% core and".
        own_start = max([m.end() for m in view.percents if m.end() <= start], default=0)
        own_end = min(
            [m.start() for m in view.percents if m.start() >= end], default=len(view.text)
        )
        by = BY_YEAR.search(view.text[end : min(end + 30, own_end)])
        if by and _SET_IN.search(view.text[end : end + by.start() + 3]):
            by = None  # "the 2% target set in 2014": when it was set, not its deadline
        elif (
            by
            and by.group(0)[:2].lower() == "in"
            and _SET_GOAL_BEFORE.search(view.text, max(own_start, start - 50), start)
            and _GOAL_NOUN_AFTER.match(view.text, end)
        ):
            # "NATO set the 2 percent target in 2014": a goal that a verb of setting has for
            # its object is dated by "in" and a year (when it was set), as after "set in".
            by = None
        if (
            by
            and by.group(0)[:2].lower() == "in"
            and _CLAUSE_BREAK.search(view.text, end, end + by.start())
        ):
            by = None  # "the 3.5% target, with a review in 2029": another noun's year
        elif by and _AND_NEXT.search(view.text, end, end + by.start()):
            by = None  # "will increase to 2.4%, and by 2028 will reach 2.6%": the next figure's
        deadline = int(by.group(1)) if by else _deadline_before(view, own_start, start)
        core = CORE.search(view.text[max(own_start, start - 12) : min(own_end, end + 30)])
        ally, year, dated = _plan_of(view, start, end, deadline)
        yield view.claim(
            start,
            match.end(1),
            "commitment",
            number(match.group(1)),
            "percent",
            entity=ally,
            year=year,
            year_basis=dated if year is not None else "explicit",
            qualifier=qualifier(view.text, start, end),
            deadline=deadline,
            metric="core" if core else None,
        )


# A group named before a goal's figure: the goal is the group's, whatever ally the passage is
# about ("the 32 countries said", "NATO leaders on Wednesday committed to spending 5 percent").
_GROUP_BEFORE = re.compile(
    r"\b(?:allies|members|member\s+states|(?<!United\s)states|leaders|countries|nations|"
    r"alliance(?!['’]s|\s+(?:goal|target|benchmark|guideline|threshold))|"
    # (NATO as the subject of a verb, not "NATO's", "a reliable NATO ally" nor "Under the NATO
    # new definitions")
    r"NATO(?=\s+(?:has|have|had|agreed|committed|decided|set|wants|asks|requires|demands|"
    r"will|would|is|was|urged|called)\b))\b",
    re.I,
)


# A goal's noun before its figure: "the agreed target of spending 2%", "a goal of at least 3%".
_GOAL_NOUN_BEFORE = re.compile(
    r"\b(?:target|goal|guideline|benchmark|threshold|pledge|commitment|objective|requirement)"
    r"\s+of\s+(?:(?:spending|allocating|investing|reaching|devoting)\s+)?"
    r"(?:(?:at\s+least|around|about|roughly|some|nearly|almost)\s+)?$",
    re.I,
)
# An owner's own goal: "Poland's 4.7% target", "its 3% goal", "their own 2.5% objective".
# (not NATO's nor the alliance's: "NATO's 2 per cent target" is the alliance's goal)
_OWN_BEFORE = re.compile(
    r"(?:(?<!NATO)(?<!alliance)['’]s|\bits|\btheir)\s+(?:own\s+|national\s+|new\s+)?$", re.I
)


# A later year that dates something scheduled: "a full evaluation ... scheduled for 2029"
_SCHEDULED_BEFORE = re.compile(
    r"\b(?:scheduled|planned|slated|due|set)\s+(?:for|in)\s+(?:early\s+|late\s+|mid-?)?$", re.I
)
_PERIOD_END = re.compile(r"\b(?:until|till|through|to)\s+(?:at\s+least\s+)?$", re.I)
_SINCE_BEFORE = re.compile(r"\b(?:earlier|later|since|from|until)\s+$", re.I)


def _ally_reaching_goal(
    view: View, start: int, end: int, deadline: int | None
) -> tuple[str | None, int | None, str]:
    """An ally named before a goal's figure that its sentence has reach the goal in a year its
    own words give ("Canada will achieve NATO's two percent of GDP target this year", "Italy
    will meet NATO's 2% of GDP target for defense spending this year"): that ally and year;
    else no one's (the alliance's goal)."""
    if view.text_date is None:
        return None, None, "none"
    before = [code for place, code in view.entities if place < start]
    allies = [c for c in before if is_ally(c)]
    if len(set(allies)) != 1:
        return None, None, "none"
    if deadline is not None:
        return allies[0], deadline, "explicit"
    stop = min(len(view.text), view.clause(start)[1], end + 80)
    after = [(p, y) for p, y, b in view.facts.years if end <= p < stop and b != "context"]
    if not after or after[0][1] < view.text_date.year:
        return None, None, "none"
    place, year = after[0]
    fiscal = "fiscal" in view.low[place : place + 30]
    return allies[0], year, "fiscal" if fiscal else "explicit"


def _ally_named_lately(view: View) -> str | None:
    """The one ally other than the US that the nearest of the last five sentences naming
    allies names ("Sir Keir said the UK's aid budget would be reduced ... He told the Commons
    ... The prime minister said defence spending would rise to 2.6%"): whose plan a level with
    no owner of its own is. The US is left aside: it sets no share of GDP for itself, and a
    passage names its president beside the ally it is about ("a meeting between Sir Keir and
    US President Donald Trump")."""
    for text in list(view.context.recent)[-5:][::-1]:
        named = {code for _, code in view.context.entities(text)}
        allies = {code for code in named if code != "USA" and is_ally(code)}
        if allies:
            if len(allies) > 1:
                return None
            # a name the sentence has for its subject, not a place or an opponent ("Leaders
            # met in Lisbon, Portugal", "aggression against Portugal")
            subject = view.context.subject_of(text, strict=True)
            return subject if subject in allies else None
    return None


def _plan_of(
    view: View, start: int, end: int, deadline: int | None
) -> tuple[str | None, int | None, str]:
    """Whose level a goal's figure is when one ally owns it ("Poland plans to spend 4.7% in
    2025", "Lithuania will raise its spending to 5.38% next year"), the year it is for, this
    year or later, and how that year was found: "explicit" when the level's own words date it
    (its deadline, "next year" after it), "context" when the passage does ("Earlier this year,
    Canada promised 2%" gives no year: the promise's, not the level's). (None, None, ...) for a
    goal of the alliance or of no one named. Whether it is a pledge milex holds or that year's
    share is for the data to say (settle)."""
    if _GROUP_BEFORE.search(view.text, 0, start):
        return None, None, "none"  # "NATO leaders committed to 5%", "Allies commit to invest 5%"
    # A goal's noun names the alliance's goal ("the 5% target set at the NATO summit", "the
    # agreed target of spending 2% of their GDP"), unless an ally named before it is said to
    # reach it in a year its own words give: "Canada will achieve NATO's two percent of GDP
    # target this year" is Canada's level of 2025.
    noun = _GOAL_NOUN_BEFORE.search(view.text, max(0, start - 60), start)
    goal = (
        _TARGET_AFTER.match(view.text[end : end + 60])
        and not _OWN_BEFORE.search(view.text, max(0, start - 24), start)
    ) or (noun and not _OWN_BEFORE.search(view.text, max(0, noun.start() - 24), noun.start()))
    if goal:
        return _ally_reaching_goal(view, start, end, deadline)
    owner = view.owner(start)
    if owner is not None and all(place > start for place, _ in view.entities):
        # "Starmer has announced that defence spending will increase to 2.5 per cent by 2027,
        # after mounting pressure from MPs and US President Donald Trump": the passage's ally
        owner = view.context.ally_subject() or _ally_named_lately(view) or owner
        if owner == "USA":
            owner = None  # "... after mounting pressure from US President Donald Trump"
    if owner is None and not view.entities:
        # "The prime minister said defence spending would rise to 2.6% of GDP by 2027", "we
        # will reach at least 4.1% of GDP in 2027," he says: the ally the passage is about
        owner = view.context.ally_subject() or _ally_named_lately(view)
    if owner is None or not is_ally(owner):  # (NATO's aggregates are no ally)
        return None, None, "none"
    if deadline is not None:
        return owner, deadline, "explicit"
    if view.text_date is None:
        return owner, None, "none"
    clause_end = view.clause(start)[1]
    after = [(p, y) for p, y, _ in view.facts.years if end <= p < clause_end]
    if after:
        place, stated = after[0]
        if stated < view.text_date.year or _PERIOD_END.search(view.text, max(0, place - 20), place):
            return owner, None, "none"  # "annually until at least 2030": a period, no one year
        return owner, stated, "explicit"
    year, basis = view.year(start)
    if basis == "explicit":
        years_after = [p for p, y in view.topical if p > end and y == year]
        if (
            years_after
            and not any(p < start for p, y in view.topical if y == year)
            and _SCHEDULED_BEFORE.search(view.text, max(0, years_after[0] - 40), years_after[0])
        ):
            # "agreed to raise spending from 1.3 to 2 per cent of GDP, with a full evaluation
            # of the new standard scheduled for 2029": another noun's date, not the level's
            return owner, None, "none"
    # "Earlier this year, Canada promised 2%": the promise's year, not the level's ("next year
    # the figure will be raised to 5.25%" is the level's)
    before = any(
        b == "relative" and p < start and _SINCE_BEFORE.search(view.text, max(0, p - 12), p)
        for p, _, b in view.facts.years
    )
    period = any(
        y == year and p > start and _PERIOD_END.search(view.text, max(0, p - 20), p)
        for p, y, _ in view.facts.years
    )
    if (
        year is None
        or basis in ("current", "none")
        or before
        or period
        or year < view.text_date.year
    ):
        return owner, None, "none"
    return owner, year, "explicit" if basis in ("explicit", "relative") else "context"


_CLAUSE_BREAK = re.compile(r"[,;:(]|\s[–—-]\s")
_AND_NEXT = re.compile(r"[,;]\s+and\b", re.I)
# A deadline stated before its goal's figure, in the same stretch of words: "allies will have
# until 2035 to reach the 3.5% target", "by 2030 Sweden aims to spend 3.5%".
# (no comma between, but for a deadline that opens the sentence: "5% by 2035, a rise from the
# 2%" is the 5%'s deadline, "By 2030, Sweden aims to spend 3.5%" this figure's)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|before)\s+(20\d\d)\b([^.;%]{0,60})$", re.I)


def _deadline_before(view: View, own_start: int, start: int) -> int | None:
    """A year ahead of the text after "by", "until" or "before" before the figure at ``start``
    (after any figure before it): the goal's deadline."""
    if view.text_date is None:
        return None
    found = _DEADLINE_BEFORE.search(view.text, max(own_start, start - 80), start)
    if found is None or int(found.group(1)) <= view.text_date.year:
        return None
    if _CLAUSE_BREAK.search(found.group(2)) and view.text[: found.start()].strip():
        return None
    if _FROM_BEFORE.search(view.text, max(0, start - 40), start):
        return None  # "5% by 2035, up from the current 2%": a point of departure
    return int(found.group(1))


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}$", re.I)


# A pledge reported as made: in the past tense of its verb ("vowed to lift spending to 3.5%",
# "pledged on Tuesday to", "announced plans to", "has committed to"), or in the pledger's own
# future as reported speech ("we will reach 3.5% in 2029", "said Germany will raise ...").
_MADE_NOW = re.compile(
    r"\b(?:vowed|pledged|promised|committed|announced|unveiled|presented|declared|decided|"
    r"agreed|confirmed|set\s+out)\b|\b(?:we|I)\s+will\b|\b(?:said|says|told)\b[^.;]{0,120}?\bwill\b",
    re.I,
)


def _agreed_by(target: Target, day: date, reported_made: bool = False) -> bool:
    """Whether the target was agreed by ``day``. A year or a month agreed counts from its last
    day, unless the text, dated within that year or month, reports the pledge being made: the
    report is then the record that it was made by its date (a source that gives only "2025"
    cannot say it was not)."""
    if not target.agreed:
        return True
    parts = target.agreed.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day_agreed = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
        agreed = date(year, month, day_agreed)
        if reported_made and len(parts) < 3:
            first = date(year, int(parts[1]) if len(parts) > 1 else 1, 1)
            return first <= day
    except (ValueError, IndexError):
        return True
    return agreed <= day


_COMPARATOR_OF = {"above": "above", "at_least": "at_least", "at_most": "up_to", "below": "up_to"}
_STATUS_ORDER = ("commitment", "guideline", "national_pledge", "rhetoric")


def _closeness(claim: Claim, target: Target) -> tuple[int, int, int, int]:
    """How well a target fits a claim (lower is better): same comparator as the qualifier,
    a deadline only if the claim gives one, binding all allies, then the firmest status."""
    wanted = _COMPARATOR_OF.get(claim.qualifier or "", "at_least")
    return (
        0 if target.comparator == wanted else 1,
        0 if (claim.deadline is None) == (target.deadline_year is None) else 1,
        0 if not target.applies_to else 1,
        _STATUS_ORDER.index(target.status) if target.status in _STATUS_ORDER else 9,
    )


def _made(claim: Claim) -> bool:
    """Whether the claim's sentence reports the pledge being made (see _agreed_by)."""
    sentence = claim.sentence
    return holds(sentence, ("ed ", "will", "set out")) and bool(_MADE_NOW.search(sentence))


def judge(v: Verifier, claim: Claim, when: date | None, text_date: date) -> Judgement:
    # The same figure, qualifier, deadline and owner on the same day: one answer (texts repeat
    # "2%"), and whether its sentence reports the pledge being made.
    made = _made(claim)
    day = when or date.today()
    key = (claim.value, claim.qualifier, claim.deadline, claim.metric, claim.entity, day, made)
    memo = v.memo.kinds.setdefault("commitment", {})
    if key not in memo:
        memo[key] = _judge(v, claim, when, made)
    return memo[key]  # type: ignore[no-any-return]


def _matches(claim: Claim, target: Target, day: date, made: bool) -> bool:
    """Whether a target has the claim's figure (and deadline and core measure, when it gives
    them) and was agreed by ``day``. A goal of the alliance or of no one named matches any
    target of its figure, but one with another deadline or none when it gives one. One ally's
    level (claim.entity) matches only a target that binds that ally and is no mere statement:
    its own pledge with the same deadline when both give one, or a goal of all allies as above
    ("Norway will raise its spending to 3%" is no echo of Finland's 3% by 2029 nor of "north of
    3%")."""
    figures = (target.threshold, *(target.threshold_range or ()))
    if all(abs(f - claim.value) > 1e-9 for f in figures) or not _agreed_by(target, day, made):
        return False
    if claim.metric == "core" and target.metric != "core_defence_share_gdp":
        return False
    same_deadline = claim.deadline is None or target.deadline_year == claim.deadline
    if claim.entity is None:
        return same_deadline
    if not target.binds(claim.entity) or target.status == "rhetoric":
        return False
    if target.applies_to:  # the ally's own pledge: its deadline, when both give one
        # ("this fiscal year" in June 2025 is the year 2025-26, which a pledge may date 2026)
        fiscal = (
            claim.year_basis == "fiscal"
            and claim.deadline is not None
            and target.deadline_year == claim.deadline + 1
        )
        return same_deadline or target.deadline_year is None or fiscal
    # a goal of all allies: "Germany committed to 5% by 2035" is the Hague's; "Italy plans to
    # reach 2% in 2025" is Italy's level that year, no echo of the 2% guideline of no deadline
    return same_deadline


def _judge(v: Verifier, claim: Claim, when: date | None, made: bool = False) -> Judgement:
    day = when or date.today()
    found = [t for t in v.targets() if _matches(claim, t, day, made)]
    if not found and claim.entity is not None:
        # One ally's level with no year that no pledge milex holds matches (settle made the
        # others that year's share): milex cannot tell a plan it does not hold from an error.
        return Judgement(
            "unverifiable",
            None,
            f"no pledge of {claim.entity} of {claim.value:g}% held by milex as of "
            f"{day.isoformat()} (a national plan it does not hold), and no year to judge it as "
            "a share of GDP",
        )
    if not found:
        return Judgement(
            "inaccurate",
            None,
            f"no commitment or statement of {claim.value:g}%"
            + (f" by {claim.deadline}" if claim.deadline else "")
            + f" agreed by {day.isoformat()}",
        )
    best = min(found, key=lambda t: _closeness(claim, t))
    return Judgement(
        "accurate",
        Reference(
            best.threshold,
            "commitments-2026",
            best.id,
            best.sources[0] if best.sources else None,
            best.deadline_year,
            best.name,
        ),
        f"{best.name} ({best.status}, {best.agreed})",
    )


def settle(v: Verifier, claim: Claim, text_date: date) -> Claim:
    """One ally's level for a year (tests/fixtures/claims/README.md, "Plans and pledges of one
    ally"): a pledge when milex holds one that binds the ally with that figure (and deadline)
    by the text's date; else the ally's share of GDP for that year, judged like any share."""
    if claim.entity is None or claim.year is None:
        return claim
    # a level its own words date is for that year: "2% this year" is no echo of a goal of no
    # deadline (a year from the passage only says which year's share it would be)
    dated = (
        dataclasses.replace(claim, deadline=claim.year)
        if claim.deadline is None and claim.year_basis in ("explicit", "fiscal")
        else claim
    )
    made = _made(claim)
    if any(_matches(dated, t, text_date, made) for t in v.targets()):
        return claim
    return dataclasses.replace(
        claim,
        kind="share_gdp",
        deadline=None,
        metric=None,
        year_basis="explicit" if claim.year_basis in ("explicit", "fiscal") else "context",
    )


# The ally's own intent before its level, in the figure's stretch of the sentence: "aims to
# spend ... this year, equal to 4.7 percent", "vowed ... to hike Spain's spending to 2 percent",
# "expects to spend 4.7%", "will raise its spending to", "will allocate" (not "will spend", "will
# reach", "is set to reach", "NATO estimates ... has reached": an estimate of the year, a share;
# nor a noun: "a NATO alliance aim to spend 2%", "the planned allocation of 2%").
_INTENT_BEFORE = re.compile(
    r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!NATO\s)(?<!alliance\s)"
    r"\b(?:aims?|aiming|plans?|planning|intends?|intending|pledg(?:es|ed|ing)|"
    r"vow(?:s|ed|ing)|promis(?:es|ed|ing)|commit(?:s|ted|ting)|wants?|seeks?|expects?|"
    r"budgets?|(?:will|would|to)\s+(?:raise|increase|boost|lift|hike|bring|ramp\s+up|"
    r"allocate|earmark|dedicate|devote))\b"
    r"[^.;]{0,110}$",
    re.I,
)


def as_pledge(v: Verifier, claim: Claim, text_date: date) -> Claim:
    """An ally's share of GDP for this year or a later one, or for no year, stated as its own
    intent, that milex holds as a pledge binding that ally (its own or a goal of all allies:
    the same test as a goal's figure, _matches) by the text's date ("vowed ... to hike Spain's
    defense spending to 2 percent of GDP by the end of 2025", "Denmark will allocate more than
    3 pct. of GDP"): that pledge, a commitment."""
    if claim.entity is None or claim.year_basis == "current":
        return claim
    if claim.year is not None and claim.year < text_date.year:
        return claim
    offset = claim.start - claim.sentence_start
    if not _INTENT_BEFORE.search(claim.sentence[max(0, offset - 160) : offset]):
        return claim
    pledge = dataclasses.replace(
        claim, kind="commitment", deadline=claim.year, year_basis="explicit"
    )
    made = _made(claim)
    if any(_matches(pledge, t, text_date, made) for t in v.targets()):
        return pledge
    return claim


KIND = Kind(
    "commitment",
    50,
    recognise,
    judge,
    percent_priority=_priority,
    priority_floor=27,
    settle=settle,
    summary="a commitment, guideline, pledge or statement agreed by the date",
)
