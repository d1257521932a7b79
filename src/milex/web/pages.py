"""Server-rendered pages (placeholder until the dashboard lands)."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Register the pages and static files."""
