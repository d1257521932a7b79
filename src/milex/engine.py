"""Where parallel work runs when it leaves this machine's process pools: a ``dask.distributed``
cluster, or a ``LocalCluster`` of processes Dask starts on this machine.

An engine only maps a picklable function over picklable items and gives the results back in
the items' order, whatever order they finish in. The callers keep everything else: the archive
check (``milex.claims.archive``) chooses its partitions of documents and the Monte Carlo
(``milex.model.montecarlo``) its groups of blocks and how their counts merge, the same on one
process, a local pool or a cluster; so the output does not depend on the engine.

The store goes with the job: ``ship`` sends the store file (a few MB) to every worker,
including one that joins or is restarted later (a Dask worker plugin), and each worker opens
its own copy read-only. Workers need the same milex installed, not a shared disk.

Dask is optional (``pip install 'milex[dask]'``) and imported only when an engine is opened
(:mod:`milex.engine_dask`); :mod:`milex.cluster` opens the one a command asks for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from milex.errors import EngineError

T = TypeVar("T")
R = TypeVar("R")

# A test seam: "N:PATH" makes the worker process that runs its Nth task while this is set exit
# at the start of that task, once (the first to create PATH); Dask must then run it elsewhere.
EXIT_SEAM = "MILEX_TEST_EXIT_ON_TASK"

_shipped: dict[str, str] = {}  # in a worker process: digest of a shipped file -> its local path
_seam_tasks = 0


class Engine(Protocol):
    """What the archive check and the Monte Carlo ask of an engine."""

    @property
    def slots(self) -> int:
        """Tasks it runs at once."""
        ...

    def ship(self, path: str | Path) -> ShippedFile:
        """Send a file to every worker."""
        ...

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``func`` over ``items``, the results in the items' order."""
        ...


@dataclass(frozen=True)
class ShippedFile:
    """A file sent to every worker of a cluster: where the worker running a task finds it."""

    digest: str
    name: str

    def local_path(self) -> str:
        """The worker's own copy (an error when this process is not a worker it was sent to)."""
        try:
            return _shipped[self.digest]
        except KeyError:
            raise EngineError(
                f"{self.name}: this process has no copy of it (not a Dask worker it was sent to)"
            ) from None


def local_path(file: str | ShippedFile) -> str:
    """A path as given, or a shipped file's copy on this worker."""
    return file if isinstance(file, str) else file.local_path()


def run_task(func: Callable[[T], R], item: T) -> R:
    """One task on a worker: the test seam (``EXIT_SEAM``), then ``func(item)``."""
    seam = os.environ.get(EXIT_SEAM)
    if seam:
        global _seam_tasks
        _seam_tasks += 1
        nth, _, marker = seam.partition(":")
        if _seam_tasks == int(nth):
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass  # a worker (this one, before a restart, or another) has already exited
            else:
                os._exit(70)
    return func(item)
