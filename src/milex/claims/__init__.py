"""The claim checker: find the numeric claims in a text and judge each against the store, as
of the text's date and as of today.

    >>> import milex
    >>> report = milex.check(open("article.txt").read(), date="2025-04-03")
    >>> report.to_json()[0]["verdict_as_of_date"]

Pipeline: :mod:`milex.claims.extract` (sentences, numbers, entities, years, qualifiers, a
list's heading) -> the kinds of :mod:`milex.claims.kinds` (one module per kind of claim: its
recognisers and its rule of judgement) -> :mod:`milex.claims.verify` (two verdicts with
evidence) -> :mod:`milex.claims.render`. :mod:`milex.claims.archive` checks many documents.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from milex.claims.extract import Budget, Claim, detect_date, iter_claims
from milex.claims.verify import VERDICTS, Judgement, Verifier, memo_for
from milex.data.query import Queries, parse_date
from milex.errors import InvalidQueryError
from milex.table import Table

MAX_TEXT_CHARS = 1_000_000
# More claims than any article holds: a text past this is checked up to it, and says so.
MAX_CLAIMS = 2_000
# The columns of a check's table (the CLI's, an archive's after its document column).
COLUMNS = (
    "claim",
    "kind",
    "entity",
    "year",
    "qualifier",
    "as_of_date",
    "reference",
    "latest",
    "reference_latest",
    "evidence",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# Characters no report should carry: control characters (NUL, ESC and the rest, but tab, line
# feed and carriage return), DEL and the C1 controls, and lone surrogates (not characters).
_NOT_PRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """The text with each control character and lone surrogate replaced by U+FFFD, one for
    one, so that positions in it stay those of the text given: a report (terminal, HTML, JSON)
    then quotes nothing that moves a cursor, clears a screen or cannot be encoded."""
    # Every character _NOT_PRINTABLE names is one str.isprintable() refuses: a text printable
    # but for its line breaks and tabs (most) is returned without a scan by the pattern.
    if text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return text
    if _NOT_PRINTABLE.search(text) is None:
        return text
    return _NOT_PRINTABLE.sub("\ufffd", text)


@dataclass(frozen=True)
class CheckedClaim:
    """A claim with its two verdicts."""

    claim: Claim
    as_of_date: Judgement
    latest: Judgement

    @property
    def note(self) -> str:
        """What changed between the text's date and today, if anything."""
        then, now = self.as_of_date, self.latest
        if then.reference is None or now.reference is None:
            return ""
        if then.reference.release == now.reference.release:
            return ""
        if then.reference.value == now.reference.value and then.verdict == now.verdict:
            return ""

        def shown(reference: Any) -> str:
            year = f" for {reference.year}" if reference.year else ""
            value = "no figure" if reference.value is None else f"{reference.value:g}"
            return f"{value}{year}"

        return (
            f"{then.verdict.replace('_', ' ')} as of {then.reference.release} "
            f"({shown(then.reference)}); {now.reference.release} gives "
            f"{shown(now.reference)}: {now.verdict.replace('_', ' ')}"
        )


@dataclass(frozen=True)
class CheckReport:
    """Every claim found in a text, judged twice, with the date used and how it was found."""

    text: str
    date: date
    date_source: str  # given | detected | today
    claims: list[CheckedClaim]
    truncated: bool = False  # more than MAX_CLAIMS claims: the rest were not checked

    def to_json(self) -> list[dict[str, Any]]:
        """One object per claim (the CLI's --format json and the API's claims)."""
        out = []
        for checked in self.claims:
            c = checked.claim
            reference = checked.as_of_date.reference or checked.latest.reference
            out.append(
                {
                    "sentence": c.sentence,
                    "start": c.start,
                    "end": c.end,
                    "kind": c.kind,
                    "entity": c.entity,
                    "year": c.year,
                    "value": c.value,
                    "unit": c.unit,
                    "qualifier": c.qualifier,
                    "verdict_as_of_date": checked.as_of_date.verdict,
                    "verdict_latest": checked.latest.verdict,
                    "reference": _reference(reference),
                    "reference_latest": _reference(checked.latest.reference),
                    "explanation_as_of_date": checked.as_of_date.explanation,
                    "explanation_latest": checked.latest.explanation,
                    "why_as_of_date": checked.as_of_date.why,
                    "why_latest": checked.latest.why,
                    "note": checked.note or None,
                }
            )
        return out

    def table(self) -> Table:
        """A table of the claims for the terminal or CSV."""
        rows = [
            (
                self.text[c.claim.start : c.claim.end],
                c.claim.kind,
                c.claim.entity,
                c.claim.year,
                c.claim.qualifier,
                c.as_of_date.verdict,
                _value(c.as_of_date),
                c.latest.verdict,
                _value(c.latest),
                c.latest.explanation if c.latest.reference else c.as_of_date.explanation,
            )
            for c in self.claims
        ]
        return Table(
            list(COLUMNS),
            rows,
            title=self.title(),
            notes=[c.note for c in self.claims if c.note]
            + (
                [
                    f"stopped early ({len(self.claims):,} claims): the rest of the text was "
                    "not checked"
                ]
                if self.truncated
                else []
            ),
        )

    def counts(self, which: str = "latest") -> dict[str, int]:
        """How many claims got each verdict, as of today (``latest``) or the text's date."""
        verdicts = [(c.latest if which == "latest" else c.as_of_date).verdict for c in self.claims]
        return {v: verdicts.count(v) for v in VERDICTS}

    def title(self) -> str:
        """What was checked, as of when (and how that date was found), with the verdicts of
        both sets: as of the text's date and against the latest figures."""
        then, now = _counted(self.counts("as_of_date")), _counted(self.counts("latest"))
        found = f"{len(self.claims)} claim{'' if len(self.claims) == 1 else 's'}"
        if self.date_source == "today":
            # No date: the text is taken as written today, so both sets are today's.
            same = then == now
            return (
                f"{found}, checked against the latest figures (no date given or found in the "
                f"text; read as written today, {_day(self.date)}): "
                + (now if same else f"as of today {then}; latest {now}")
            )
        return (
            f"{found}, checked as of {_day(self.date)} ({self.date_source}) and against the "
            f"latest figures: as of {_day(self.date)} {then}; latest {now}"
        )


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items() if n) or "none"


def _value(judgement: Judgement) -> float | None:
    return judgement.reference.value if judgement.reference else None


def _reference(reference: Any) -> dict[str, Any] | None:
    if reference is None:
        return None
    return {
        "value": reference.value,
        "release": reference.release,
        "table": reference.table,
        "source_url": reference.source_url,
        "year": reference.year,
    }


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def check(queries: Queries, text: str, text_date: str | date | None = None) -> CheckReport:
    """Find and judge every numeric claim in ``text``; ``text_date`` is the publication date
    (detected from the text when it states one, else today)."""
    if not isinstance(text, str):
        raise InvalidQueryError("check: the text must be a string")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidQueryError(
            f"check: the text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
        )
    text = printable(text)
    given = parse_date(text_date, "date")
    if given is not None:
        day, source = given, "given"
    else:
        detected = detect_date(text)
        day, source = (detected, "detected") if detected else (date.today(), "today")
    verifier = Verifier(queries, memo_for(queries))
    budget = Budget()
    found = list(itertools.islice(iter_claims(text, day, budget), MAX_CLAIMS + 1))
    checked = [CheckedClaim(*verifier.judge_twice(claim, day)) for claim in found[:MAX_CLAIMS]]
    truncated = len(found) > MAX_CLAIMS or budget.exhausted
    return CheckReport(text, day, source, checked, truncated=truncated)


__all__ = ["CheckReport", "CheckedClaim", "Claim", "check"]
