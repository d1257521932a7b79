"""Why a figure is missing: the publisher gave none, or milex's copy lacks it.

Two different facts, stored and worded differently. At build, a release's ``coverage``
(releases.yaml) is expanded into the store's ``missing`` table: every figure its tables cover
that the bundled copy lacks is ``not_published`` (with the publisher's reason: Iceland has no
armed forces; Germany's 2025 budget was pending) or ``not_held`` (the publisher published it;
milex's copy does not have it, and the coverage says how to complete it). An importer of an
official file records the publisher's own blanks. :class:`Absent` words them for every reader
(status, gap, series, the claim checker, the dashboard).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from milex.data.schema import Coverage

NOT_PUBLISHED, NOT_HELD = "not_published", "not_held"
# (release_id, indicator, iso3, year, why, reason): one row of the store's ``missing`` table.
MissingRow = tuple[str, str, str, int, str, str]
# How readers name a source's publisher in a sentence.
PUBLISHERS = {"nato": "NATO", "sipri": "SIPRI", "imf": "the IMF", "census": "the Census Bureau"}


def expand(
    release_id: str,
    coverage: Coverage,
    series: Iterable[str],
    allies: Iterable[str],
    held: set[tuple[str, str, int]],
) -> list[MissingRow]:
    """Every (indicator, country, year) the coverage spans that ``held`` lacks, with why.

    ``allies`` are the allies at the release's publication date; ``held`` the release's
    (indicator, iso3, year) cells."""
    first, last = coverage.years
    codes = sorted(set(allies) | set(coverage.aggregates))
    rows: list[MissingRow] = []
    for indicator in sorted(series):
        for iso3 in codes:
            for year in range(first, last + 1):
                if (indicator, iso3, year) in held:
                    continue
                reason = _published_none(coverage, indicator, iso3, year)
                if reason is None:
                    rows.append((release_id, indicator, iso3, year, NOT_HELD, coverage.not_held))
                else:
                    rows.append((release_id, indicator, iso3, year, NOT_PUBLISHED, reason))
    return rows


def _published_none(coverage: Coverage, indicator: str, iso3: str, year: int) -> str | None:
    for entry in coverage.not_published:
        if iso3 not in entry.iso3:
            continue
        if entry.indicators is not None and indicator not in entry.indicators:
            continue
        if entry.years is not None and not entry.years[0] <= year <= entry.years[1]:
            continue
        return entry.reason
    return None


def check(release_id: str, coverage: Coverage, series: Iterable[str], known: set[str]) -> None:
    """Raise ValueError when a coverage names a country or series the release does not have."""
    wanted = set(series)
    for entry in coverage.not_published:
        unknown = sorted(set(entry.iso3) - known)
        if unknown:
            raise ValueError(f"release {release_id}, coverage: unknown country {unknown[0]!r}")
        extra = sorted(set(entry.indicators or ()) - wanted)
        if extra:
            raise ValueError(f"release {release_id}, coverage: {extra[0]!r} is not a series of it")
    unknown = sorted(set(coverage.aggregates) - known)
    if unknown:
        raise ValueError(f"release {release_id}, coverage: unknown aggregate {unknown[0]!r}")


def count_phrase(meeting: int, held: int, lacking: int, threshold: str) -> str:
    """How many allies meet a threshold, saying how many have no figure here: "19 of 19
    allies with a figure in milex's copy at or above 2%; 12 not held" (or, when every ally
    that counts has one, "18 of 31 allies at or above 2%")."""
    if not lacking:
        return f"{meeting} of {held} allies at or above {threshold}"
    return (
        f"{meeting} of {held} allies with a figure in milex's copy at or above {threshold}; "
        f"{lacking} not held"
    )


def years_text(years: Iterable[int]) -> str:
    """2014, 2016-2019: runs of consecutive years joined."""
    ordered = sorted(set(years))
    runs: list[list[int]] = []
    for year in ordered:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


@dataclass(frozen=True)
class Absent:
    """The figures one series of one release lacks for some countries and years, and why.

    ``cells`` maps (iso3, year) to (why, reason). ``uncounted`` are countries that never count
    (no armed forces: no figure exists to miss)."""

    release: str
    source: str
    indicator: str
    cells: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    uncounted: frozenset[str] = frozenset()

    @property
    def publisher(self) -> str:
        return PUBLISHERS.get(self.source, self.source)

    def codes(self, why: str | None = None, *, counted: bool = True) -> list[str]:
        """The countries with a missing figure (of one kind), without the uncounted ones."""
        return sorted(
            {
                iso3
                for (iso3, _), (kind, _) in self.cells.items()
                if (why is None or kind == why) and not (counted and iso3 in self.uncounted)
            }
        )

    def notes(self) -> list[str]:
        """One line per kind and reason: "NATO published no 2025 figure for DEU (Germany's 2025
        budget was pending …)"; "11 allies' 2025 figures in nato-2025-08 are not in milex's
        copy: ALB, … (why, and how to complete it)"."""
        from milex.data import countries

        grouped: dict[tuple[str, str], dict[str, list[int]]] = {}
        for (iso3, year), (why, reason) in sorted(self.cells.items()):
            grouped.setdefault((why, reason), {}).setdefault(iso3, []).append(year)
        out = []
        ordered = sorted(grouped.items(), key=lambda kv: kv[0][0] != NOT_PUBLISHED)
        for (why, reason), by_country in ordered:
            spans = {years_text(ys) for ys in by_country.values()}
            # The same years for every country: say them once.
            span = next(iter(spans)) if len(spans) == 1 else ""
            listed = ", ".join(
                by_country if span else (f"{c} {years_text(ys)}" for c, ys in by_country.items())
            )
            single = bool(span) and "-" not in span and "," not in span
            if why == NOT_PUBLISHED:
                if single:
                    what = f"no {span} figure for {listed}"
                else:
                    what = f"no figure for {listed}" + (f" in {span}" if span else "")
                out.append(f"{self.publisher} published {what} ({reason})")
                continue
            when = f"{span} " if span else ""
            if len(by_country) == 1:
                verb = "is" if single else "are"
                out.append(
                    f"{listed}'s {when}{'figure' if single else 'figures'} in {self.release} "
                    f"{verb} not in milex's copy ({reason})"
                )
                continue
            allies = all(
                (found := countries.find(c)) is not None and found.nato_accession is not None
                for c in by_country
            )
            out.append(
                f"{len(by_country)} {'allies' if allies else 'countries'}' {when}figures in "
                f"{self.release} are not in milex's copy: {listed} ({reason})"
            )
        return out
