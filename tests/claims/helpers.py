"""What the tests of claim kinds ask of a check: its claims of one kind, or their values."""

from __future__ import annotations

from typing import Any

import milex
from milex.claims import check


def claims_of(db: milex.Milex, text: str, day: str, kind: str) -> list[dict[str, Any]]:
    """The claims of ``kind`` that ``milex check`` makes of ``text`` as of ``day`` (JSON rows)."""
    return [c for c in check(db.tables, text, day).to_json() if c["kind"] == kind]


def values_of(db: milex.Milex, text: str, day: str, kind: str) -> list[float]:
    """The values of those claims, in order."""
    return [c["value"] for c in claims_of(db, text, day, kind)]
