"""The Python API: ``milex.open()`` and the :class:`Milex` object whose methods return pandas
DataFrames. Every CLI command is a thin wrapper over one of these methods."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from milex.data import store
from milex.data.query import Queries
from milex.errors import TruncatedResultWarning

if TYPE_CHECKING:
    import pandas as pd

    from milex.analysis import PathwayReport
    from milex.claims import CheckReport
    from milex.data.validate import Finding


class Milex:
    """A read-only view of the milex store. Methods return DataFrames; ``.tables`` gives the
    same queries as light :class:`~milex.table.Table` objects (no pandas)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else store.default_path()
        self._conn: sqlite3.Connection | None = None

    @property
    def tables(self) -> Queries:
        """The queries behind every method, returning light tables."""
        if self._conn is None:
            self._conn = store.connect(self.path)
        return Queries(self._conn)

    def close(self) -> None:
        """Close the connection to the store."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Milex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def series(
        self,
        countries: str | Iterable[str] | None,
        indicator: str = "share_gdp",
        source: str | None = None,
        release: str | None = None,
        as_of: str | date | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> pd.DataFrame:
        """One indicator for some countries (None: all), long format, with provenance per row.

        Without source or release: the latest release of each source holding the indicator.
        ``release`` is an id such as ``nato-2025-08`` or ``latest``; ``as_of`` a date: the
        newest release published on or before it."""
        return self.tables.series(
            countries, indicator, source, release, as_of, start, end
        ).to_pandas()

    def status(
        self,
        year: int | None = None,
        release: str | None = None,
        as_of: str | date | None = None,
    ) -> pd.DataFrame:
        """Every ally's share of GDP in a year with rank, change and whether it meets 2%,
        plus the NATO and NATO Europe & Canada aggregates (one NATO release)."""
        return self.tables.status(year, release, as_of).to_pandas()

    def revisions(
        self,
        indicator: str = "share_gdp",
        from_release: str = "nato-2024-06",
        to_release: str = "latest",
        countries: str | Iterable[str] | None = None,
        include_added: bool = False,
    ) -> pd.DataFrame:
        """Cells of an indicator that changed between two releases, with old and new values."""
        return self.tables.revisions(
            from_release, to_release, indicator, countries, include_added
        ).to_pandas()

    def commitments(self, commitments_file: str | Path | None = None) -> pd.DataFrame:
        """Every commitment target (bundled, plus a user's file) with its threshold and deadline."""
        from milex import analysis

        return analysis.commitments(self.tables, commitments_file).to_pandas()

    def gap(
        self,
        commitment: str = "2pct",
        year: int | None = None,
        release: str | None = None,
        as_of: str | date | None = None,
        commitments_file: str | Path | None = None,
    ) -> pd.DataFrame:
        """Who meets a commitment in a year; the gap in points and money, with group totals."""
        from milex import analysis

        return analysis.gap(
            self.tables, commitment, year, release, as_of, commitments_file
        ).to_pandas()

    def pathway(
        self,
        countries: str | Iterable[str] = "all",
        commitment: str = "hague-core",
        shape: str = "linear",
        growth: float | Mapping[str, float] | None = None,
        deflator: float | None = None,
        release: str | None = None,
        deadline: int | None = None,
        commitments_file: str | Path | None = None,
        fx: Mapping[str, float] | None = None,
        assumptions: str | Path | None = None,
        include_episodes: bool = False,
    ) -> PathwayReport:
        """Yearly paths to a target by its deadline, in NATO's own money, with the realism
        verdict and the assumptions; the report's ``years_table()``, ``summary_table()`` and
        ``to_json()`` give its forms. ``growth`` is a rate for every ally or a mapping
        (country or "all" -> rate); ``fx`` maps countries to national currency per dollar;
        ``assumptions`` is a YAML file of the same (the arguments go on top)."""
        from milex import analysis
        from milex.data import assumptions as overrides

        given = overrides.load(assumptions) if assumptions else overrides.Overrides()
        growth_items = (
            [f"{k}={v}" if str(k).lower() != "all" else str(v) for k, v in growth.items()]
            if isinstance(growth, Mapping)
            else ([] if growth is None else [str(growth)])
        )
        given = given.merged(
            overrides.from_options(
                growth_items, deflator, [f"{k}={v}" for k, v in (fx or {}).items()]
            )
        )
        who = countries if isinstance(countries, str) else list(countries)
        return analysis.pathways(
            self.tables,
            who,
            commitment,
            shape,
            release=release,
            deadline=deadline,
            commitments_file=commitments_file,
            overrides=given,
            include_episodes=include_episodes,
        )

    def backtest(self, origin: int = 2014, include_episodes: bool = False) -> pd.DataFrame:
        """The realism test as of ``origin`` on the Wales pledge (2% by 2024), one row per
        ally below 2% then, against what happened; per-verdict rates and scores in
        ``attrs['notes']`` (the whole report: ``milex.backtest.backtest(db.tables)``)."""
        from milex.backtest import backtest

        return backtest(self.tables, origin, include_episodes=include_episodes).table().to_pandas()

    def show(self, country: str, start: int | None = None) -> pd.DataFrame:
        """Every series held for one country (latest release of each source), with provenance."""
        return self.tables.show(country, start).to_pandas()

    def countries(self, kind: str | None = None) -> pd.DataFrame:
        """Countries with codes, names, NATO and EU membership and currency."""
        return self.tables.countries(kind).to_pandas()

    def releases(self, source: str | None = None) -> pd.DataFrame:
        """Every release (vintage) in the store with its publication date and provenance."""
        return self.tables.releases(source).to_pandas()

    def missing(
        self,
        release: str | None = None,
        indicator: str | None = None,
        countries: str | Iterable[str] | None = None,
        why: str | None = None,
    ) -> pd.DataFrame:
        """Figures a release's tables cover that the store lacks, and why: ``not_published``
        (the publisher gave none, with its reason) or ``not_held`` (milex's copy lacks it)."""
        return self.tables.missing(release, indicator, countries, why).to_pandas()

    def series_list(self, release: str | None = None) -> pd.DataFrame:
        """Every series of every release: indicator, table, unit, price base, years, definition."""
        return self.tables.series_list(release).to_pandas()

    def sources(self) -> pd.DataFrame:
        """Where every number comes from, with licences and citations."""
        return self.tables.sources().to_pandas()

    def sql(self, statement: str, limit: int | None = 10_000, timeout: float = 5.0) -> pd.DataFrame:
        """Run one read-only SELECT against the store: at most ``limit`` rows (None for all),
        with a :class:`TruncatedResultWarning` when the result had more."""
        table = self.tables.sql(statement, limit, timeout)
        if table.truncated:
            import warnings

            warnings.warn(
                TruncatedResultWarning(
                    f"the result has more than {limit:,} rows; these are the first {limit:,} "
                    "(pass limit=None for all of them)"
                ),
                stacklevel=2,
            )
        return table.to_pandas()

    def release(self, release: str) -> pd.DataFrame:
        """Every figure of one release, tidy (the rows `milex export` writes for it)."""
        from milex import export

        return export.release_table(self.tables, release).to_pandas()

    def check(self, text: str, date: str | date | None = None) -> CheckReport:
        """Find and judge every numeric claim in ``text``, as of its date (``date``, else the
        date the text states, else today) and against the latest figures."""
        from milex import claims

        return claims.check(self.tables, text, date)

    def validate(self) -> list[Finding]:
        """Run every validation check against the store."""
        from milex.data.validate import run_checks

        return run_checks(self.tables.conn)


def open(path: str | Path | None = None) -> Milex:
    """Open the milex store (built from the bundled data on first use)."""
    return Milex(path)


def check(text: str, date: str | date | None = None, path: str | Path | None = None) -> CheckReport:
    """Check the numbers in a text against the store: ``milex.check(text, date="2025-04-03")``.
    The report's ``to_json()``, ``table()`` and ``claims`` give its forms."""
    with Milex(path) as db:
        return db.check(text, date)


# Elements whose text is not the page's text (menus, footers, code), and those that end a line.
def build(path: str | Path | None = None) -> store.BuildReport:
    """(Re)build the store from the bundled data (releases imported before are kept)."""
    return store.build(Path(path) if path else None)


def import_file(
    kind: str,
    file: str | Path,
    *,
    replace: bool = False,
    release: str | None = None,
    published: str | date | None = None,
    title: str | None = None,
    path: str | Path | None = None,
    allow_drop: bool = False,
) -> store.ImportResult:
    """Import an official file (``kind`` "sipri" or "nato") or a tidy CSV ("csv") as a release:
    ``milex.import_file("sipri", "SIPRI-Milex-data-1949-2025.xlsx")``. Atomic: on any error
    the store is as it was. Another file for a release the store holds needs ``replace=True``;
    one that would drop every figure of one of the release's indicators, ``allow_drop=True``."""
    from milex.data.importers import import_file as run

    when = date.fromisoformat(published) if isinstance(published, str) else published
    _, result = run(
        kind,
        Path(file),
        replace=replace,
        release=release,
        published=when,
        title=title,
        store=Path(path) if path else None,
        allow_drop=allow_drop,
    )
    return result
