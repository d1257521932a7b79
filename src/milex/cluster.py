"""Opening the engine a command asks for (``--engine local|dask``, ``--scheduler``): nothing
for ``local`` (the command's own processes), a :class:`~milex.engine_dask.DaskEngine` for
``dask``. Its own module, above both :mod:`milex.engine` (what tasks share) and
:mod:`milex.engine_dask`, so neither imports the other's caller."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from milex.errors import EngineError

if TYPE_CHECKING:
    from milex.engine_dask import DaskEngine

ENGINES = ("local", "dask")
INSTALL = "pip install 'milex[dask]'"


def require_dask() -> None:
    """An error that says how to install Dask, when it is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise EngineError(
            f"--engine dask needs Dask, which is not installed ({exc}): {INSTALL}"
        ) from None


@contextmanager
def connect(engine: str, scheduler: str | None, workers: int) -> Iterator[DaskEngine | None]:
    """The engine named: None for ``local`` (the caller's own processes), else a
    :class:`~milex.engine_dask.DaskEngine` on ``scheduler`` (or on a local cluster of
    ``workers`` processes), closed on leaving."""
    if engine not in ENGINES:
        raise EngineError(f"--engine: {engine!r} is not one of {', '.join(ENGINES)}")
    if engine == "local":
        if scheduler:
            raise EngineError("--scheduler: needs --engine dask")
        yield None
        return
    require_dask()
    from milex.engine_dask import DaskEngine

    opened = DaskEngine(scheduler, workers)
    try:
        yield opened
    finally:
        opened.close()
