"""The API's response models (pydantic), one per kind of answer."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from milex.table import Table


class ErrorResponse(BaseModel):
    """Every error: ok is false, with a message and the HTTP status."""

    ok: bool = False
    error: str
    status: int
    suggestions: list[str] | None = None


class TableResponse(BaseModel):
    """A table: its rows as objects, with the title and notes (sources, caveats)."""

    ok: bool = True
    title: str | None = None
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = Field(default_factory=list)
    truncated: bool = False

    @classmethod
    def of(cls, table: Table, limit: int | None = None) -> TableResponse:
        """The response for a table, cut at ``limit`` rows (and saying so)."""
        rows = table.records()
        truncated = limit is not None and len(rows) > limit
        notes = list(table.notes)
        if truncated:
            notes.append(f"stopped at {limit} rows; narrow the query (countries, start, end)")
            rows = rows[:limit]
        return cls(
            title=table.title, columns=table.columns, rows=rows, notes=notes, truncated=truncated
        )


class PathwayResponse(BaseModel):
    """Pathways: an object per ally with its years and credibility, and alliance totals."""

    ok: bool = True
    target: dict[str, Any]
    release: str
    imf_release: str
    allies: list[dict[str, Any]]
    totals: dict[str, Any]
    notes: list[str]
