"""Judge each claim against the store twice: with the releases current at the text's date,
and with the latest. Each kind's rule of judgement lives in its module
(:mod:`milex.claims.kinds`); this module holds what they share: the verdict scale, the
comparison with a tolerance and a qualifier, and the store reads (through a memo). Tolerances
are in docs/claims.md and in each kind.

A qualifier is respected: "north of 3%" holds for 3.2 ("above"), "up to 5%" for 4.8; a figure
that misses its qualifier by no more than the roughly-accurate tolerance is roughly accurate.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from milex.claims.extract import Claim
from milex.data import countries
from milex.data.missing import NOT_HELD, NOT_PUBLISHED
from milex.data.query import Queries
from milex.model.commitments import Target
from milex.model.status import YearStandings

if TYPE_CHECKING:
    from milex.claims.kinds import Kind

VERDICTS = ("accurate", "roughly_accurate", "inaccurate", "unverifiable")
# Why a claim is unverifiable (the ``why`` of its judgement).
REASONS = {
    "entity_unknown": "the text names no country or group for it",
    "year_unknown": "the text names no year for it",
    "measure_unknown": "the text does not say what is measured (the threshold, the partner ...)",
    "no_release_yet": "no release of the source was published by then",
    "no_figure_yet": "the release has no figure for that year yet",
    NOT_PUBLISHED: "the publisher published no figure",
    NOT_HELD: "the publisher's figure is not in milex's copy",
    "not_covered": "milex holds no figures of this kind for it",
    "not_checked": "a claim of this form is not checked (a sum over several years)",
}


@dataclass(frozen=True)
class Reference:
    """The cell a verdict rests on."""

    value: float | None
    release: str | None
    table: str | None
    source_url: str | None
    year: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class Judgement:
    """A verdict with its evidence, a one-line explanation and, when unverifiable, why (a key
    of :data:`REASONS`)."""

    verdict: str
    reference: Reference | None
    explanation: str
    why: str | None = None


def unverifiable(why: str, explanation: str | None = None) -> Judgement:
    """An unverifiable verdict with its reason."""
    return Judgement("unverifiable", None, explanation or REASONS[why], why)


def compare(
    claimed: float,
    reference: float,
    qualifier: str | None,
    accurate: float,
    roughly: float,
    relative: bool = False,
) -> str:
    """The verdict for a claimed value against a reference, respecting a qualifier."""
    scale = abs(reference) if relative and reference else 1.0
    gap = (reference - claimed) / scale  # positive: the reference is higher
    eps = 1e-9
    if qualifier == "above":
        ok = gap > eps
    elif qualifier == "at_least":
        ok = gap >= -eps
    elif qualifier == "below":
        ok = gap < -eps
    elif qualifier == "at_most":
        ok = gap <= eps
    else:
        ok = None
    if ok is not None:
        if ok:
            return "accurate"
        return "roughly_accurate" if abs(gap) <= roughly + eps else "inaccurate"
    if abs(gap) <= accurate + eps:
        return "accurate"
    return "roughly_accurate" if abs(gap) <= roughly + eps else "inaccurate"


@dataclass
class Memo:
    """What verification has read from one store. The store is immutable, so this is kept
    for the life of the process (keyed by the store file and its build)."""

    releases: dict[tuple[str, str, date | None], str | None] = field(default_factory=dict)
    values: dict[tuple[str, str, str], dict[int, float]] = field(default_factory=dict)
    meta: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    standings: dict[tuple[str, int], YearStandings | None] = field(default_factory=dict)
    # The note on a changed basis of a release against the edition of a text's date.
    bases: dict[tuple[str, date], str | None] = field(default_factory=dict)
    targets: list[Target] | None = None
    # What a kind's rule derived from the store once (its own keys, e.g. "commitment").
    kinds: dict[str, dict[Any, Any]] = field(default_factory=dict)


_MEMOS: dict[tuple[str, str], Memo] = {}


# The store a connection reads never changes while it is open (Queries.version): its version
# is asked once per connection (the connection is held, so its id is not reused meanwhile).
_VERSIONS: dict[int, tuple[Any, tuple[str, str]]] = {}


def memo_for(queries: Queries) -> Memo:
    """The memo of the store this connection reads (a rebuilt store gets a new one)."""
    conn = queries.conn
    held = _VERSIONS.get(id(conn))
    if held is None or held[0] is not conn:
        if len(_VERSIONS) >= 8:
            _VERSIONS.clear()
        held = _VERSIONS[id(conn)] = (conn, queries.version())
    key = held[1]
    if key not in _MEMOS:
        if len(_MEMOS) >= 4:
            _MEMOS.clear()
        _MEMOS[key] = Memo()
    return _MEMOS[key]


class Verifier:
    """Looks claims up in the store through a memo of what it has already read, and hands each
    claim to the rule of its kind."""

    def __init__(self, queries: Queries, memo: Memo | None = None) -> None:
        self.q = queries
        self.memo = memo if memo is not None else Memo()

    # -- store reads (memoised) -------------------------------------------------------------

    def values(self, release: str, indicator: str, iso3: str) -> dict[int, float]:
        key = (release, indicator, iso3)
        if key not in self.memo.values:
            self.memo.values[key] = self.q.values(release, indicator, iso3)
        return self.memo.values[key]

    def meta(self, release: str, indicator: str) -> tuple[str, str]:
        key = (release, indicator)
        if key not in self.memo.meta:
            self.memo.meta[key] = self.q.series_meta(release, indicator)
        return self.memo.meta[key]

    def release(self, source: str, indicator: str, when: date | None) -> str | None:
        key = (source, indicator, when)
        if key not in self.memo.releases:
            self.memo.releases[key] = self.q.find_release(source, indicator, when)
        return self.memo.releases[key]

    def targets(self) -> list[Target]:
        if self.memo.targets is None:
            self.memo.targets = self.q.targets()
        return self.memo.targets

    def standings(self, release: str, year: int) -> YearStandings | None:
        """Every ally's share of GDP in a year from one NATO release, with who counts and who
        lacks a figure (``Queries.year_standings``, the same logic as ``milex status``)."""
        from milex.errors import NoDataError

        key = (release, year)
        if key not in self.memo.standings:
            try:
                self.memo.standings[key] = self.q.year_standings(year, release)
            except NoDataError:
                self.memo.standings[key] = None
        return self.memo.standings[key]

    def source_for(self, entity: str) -> str:
        """NATO for its allies and aggregates, SIPRI for everyone else."""
        country = countries.find(entity)
        nato = country is not None and (
            country.nato_accession is not None or entity in countries.NATO_AGGREGATES
        )
        return "nato" if nato else "sipri"

    def missing(self, release: str, indicator: str, entity: str, year: int) -> Judgement:
        """Why a release lacks one cell, as an unverifiable judgement: the publisher published
        none, or milex's copy lacks it (words from ``Queries.absent``), or the release does
        not reach that year (no figure yet)."""
        absent = self.q.absent(release, indicator, [year], [entity])
        notes = absent.notes()
        cell = absent.cells.get((entity, year))
        if cell is not None and notes:
            return unverifiable(cell[0], notes[0])
        return unverifiable("no_figure_yet", f"{release} has no {indicator} for {entity} {year}")

    def series_value(
        self, claim: Claim, when: date | None, indicator: str, source: str
    ) -> Reference | Judgement:
        """The claim's cell of a series in the release of ``when``, or why there is none."""
        assert claim.entity is not None and claim.year is not None
        release = self.release(source, indicator, when)
        if release is None:
            return unverifiable(
                "no_release_yet", f"no {source} release with {indicator} was published by {when}"
            )
        values = self.values(release, indicator, claim.entity)
        if claim.year not in values:
            return self.missing(release, indicator, claim.entity, claim.year)
        table, url = self.meta(release, indicator)
        return Reference(values[claim.year], release, table, url, claim.year)

    # -- the two verdicts -------------------------------------------------------------------

    def judge(self, claim: Claim, when: date | None, text_date: date) -> Judgement:
        """The verdict on one claim with the releases of ``when`` (None: the latest)."""
        return _kind_of(claim.kind).judge(self, claim, when, text_date)

    def resolve_current(self, claim: Claim, text_date: date) -> Claim:
        """A claim about "now" ("currently spends 3.5%") with its one year: the latest year
        the source had published by the text's date. When milex holds no edition of the source
        published by then, the year before the text's: a source publishes a year's figures
        during that year at the earliest (NATO's estimates of a year come mid-year), so a text
        written before any edition milex holds could see at most the year before its own
        ("currently, only 11 of the 30 countries" of February 2024 speaks of 2023)."""
        if claim.year_basis != "current" or claim.entity is None:
            return claim
        indicator = _kind_of(claim.kind).indicator
        if indicator is None:
            return claim
        source = self.source_for(claim.entity)
        year = text_date.year
        held: list[int] = []
        published = False
        # The series' own release, and the source's newest edition by then (an edition milex
        # holds only the shares of still tells which year the source had reached: NATO's
        # August 2025 estimates make "now" 2025 for its totals too).
        for series in (indicator,) if indicator == "share_gdp" else (indicator, "share_gdp"):
            release = self.release(source, series, text_date)
            if release is None:
                continue
            published = True
            # The year the edition reached is its aggregates' (NATO's total): an ally whose
            # estimate milex's copy lacks ("Finland (2.9 percent)" in a text of 2026 with
            # NATO's August 2025 edition) still speaks of that year, and its figure is then
            # not held. An entity the release holds only through the aggregates (the US's
            # share of NATO's total in an edition with Table 2 for the aggregates alone) too.
            values = self.values(release, series, claim.entity)
            if source == "nato" or not values:
                values = values | self.values(release, series, countries.NATO)
            held.extend(y for y in values if y <= year)
        if held:
            year = max(held)
        elif not published:
            year -= 1
        return dataclasses.replace(claim, year=year)

    def judge_twice(self, claim: Claim, text_date: date) -> tuple[Claim, Judgement, Judgement]:
        """The claim (its year resolved when it speaks of "now") and its verdicts as of the
        text's date and with the latest releases."""
        settle = _kind_of(claim.kind).settle
        if settle is not None:
            claim = settle(self, claim, text_date)
        claim = self.resolve_current(claim, text_date)
        as_of_date = self.judge(claim, text_date, text_date)
        if _kind_of(claim.kind).dated_by_text:
            return claim, as_of_date, as_of_date
        return claim, as_of_date, self.with_basis(self.judge(claim, None, text_date), text_date)

    def with_basis(self, latest: Judgement, text_date: date) -> Judgement:
        """The latest verdict, saying so when its release measures something other than the
        edition the text could have read (NATO's July 2026 edition counts core defence
        expenditure and restated 2014-2024 on it: 17 allies at 2% in 2024, where the June 2024
        edition, on defence expenditure, counted 23). The edition of the text's date is the
        source's newest published by then; a text older than every edition milex holds read
        one older still, on the basis of the oldest held (a basis changes forward only)."""
        release = latest.reference.release if latest.reference else None
        if release is None:
            return latest
        key = (release, text_date)
        if key not in self.memo.bases:
            self.memo.bases[key] = self._basis_note(release, text_date)
        note = self.memo.bases[key]
        if note is None:
            return latest
        return dataclasses.replace(latest, explanation=f"{latest.explanation} ({note})")

    def _basis_note(self, release: str, text_date: date) -> str | None:
        if release not in self.q.release_ids():  # a commitment's or a tariff's list
            return None
        source = self.q.source_of(release)
        then = self.q.find_release(source, None, text_date)  # any indicator
        now, before = self.q.measure(release), self.q.measure(then or self.q.release_ids(source)[0])
        if now == before:
            return None
        edition = f"{then} (the text's edition)" if then else "the editions of the text's date"
        return f"{release} measures {now}, {edition} {before}"


@functools.cache
def _kind_of(name: str) -> Kind:
    """The kind of a claim (milex.claims.kinds.kind_of, imported on first use: the kinds import
    this module), looked up once per name."""
    from milex.claims.kinds import kind_of

    return kind_of(name)


def missing_entity_or_year(claim: Claim) -> Judgement | None:
    """Unverifiable when the claim has no entity or no year, else None."""
    if claim.entity is None:
        return unverifiable("entity_unknown", "the sentence names no country")
    if claim.year is None:
        return unverifiable("year_unknown", "the sentence names no year")
    return None
