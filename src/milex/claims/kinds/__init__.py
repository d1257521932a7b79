"""The claim kinds: one module each, with its recognisers and its rule of judgement.

A kind module defines ``KIND = Kind(...)``: its name, the order in which its recogniser reads a
sentence (an earlier kind takes a number first), the recogniser (a :class:`View` of a sentence
in, claims out), the rule (a claim and a date in, a :class:`Judgement` out) and, for kinds that
own percentages, how strongly it claims one (``percent_priority``: the lowest rank wins).
Every module in this package is registered when first asked for: adding a kind is adding a
file.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from milex.claims.extract import Claim, View
    from milex.claims.verify import Judgement, Verifier


# A kind's test of a sentence with only its words: (text, text lower-cased, sentence before).
Reader = Callable[[str, str, str], bool]


@dataclass(frozen=True)
class Kind:
    """One kind of claim: how it is found and how it is judged."""

    name: str
    order: int
    recognise: Callable[[View], Iterator[Claim]] | None
    judge: Callable[[Verifier, Claim, date | None, date], Judgement]
    percent_priority: Callable[[View, int, int], int | None] | None = None
    # The lowest rank percent_priority ever returns: a percentage one kind ranks below every
    # other kind's floor is that kind's without asking the others.
    priority_floor: int = 0
    # Judged on the text's date alone, whatever the release (tariffs in force, NATO's members
    # then): its two verdicts are one.
    dated_by_text: bool = False
    # The series a claim about "now" reads to find its year (None: not such a kind).
    indicator: str | None = None
    # What a claim of this kind is once the data is asked, before it is judged (the verifier,
    # the claim, the text's date in; the claim, perhaps of another kind, out): one ally's plan
    # is a pledge milex holds or that year's share of GDP (see kinds/commitment.py).
    settle: Callable[[Verifier, Claim, date], Claim] | None = None
    # Words (lower case) that make a sentence without digits worth reading ("Greece is
    # second"); a sentence with neither digits nor these nor numbers in words is only context.
    words: tuple[str, ...] = ()
    # Whether a sentence that holds only such words (no number) is worth reading, given its
    # text, the text lower-cased and the sentence before: a cheap test (None: always).
    words_read: Reader | None = None
    summary: str = ""


@functools.cache
def registry() -> tuple[Kind, ...]:
    """Every kind of this package, in reading order."""
    kinds = []
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        kind = getattr(loaded, "KIND", None)
        if isinstance(kind, Kind):
            kinds.append(kind)
    return tuple(sorted(kinds, key=lambda k: (k.order, k.name)))


@functools.cache
def kind_of(name: str) -> Kind:
    """The kind called ``name``."""
    for kind in registry():
        if kind.name == name:
            return kind
    raise KeyError(name)


@functools.cache
def digitless_words() -> tuple[str, ...]:
    """The words of every kind that make a sentence without digits worth reading."""
    return tuple(word for kind in registry() for word in kind.words)


@functools.cache
def digitless_readers() -> tuple[tuple[tuple[str, ...], Reader | None], ...]:
    """Each kind's words with its test of a sentence that holds only those words."""
    return tuple((kind.words, kind.words_read) for kind in registry() if kind.words)


def names() -> tuple[str, ...]:
    """The names of every kind, in reading order."""
    return tuple(kind.name for kind in registry())
