"""The Dask engine (see :mod:`milex.engine`): a ``dask.distributed`` client, on a scheduler
given by address or scheduler file, or on a ``LocalCluster`` it starts. Imported only when
Dask is installed."""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import distributed

from milex import engine
from milex.errors import EngineError

T = TypeVar("T")
R = TypeVar("R")

CONNECT_SECONDS = 10.0


class ShipFile(distributed.WorkerPlugin):
    """Writes a file into each worker's local directory when the worker starts (a worker that
    joins or restarts later gets it too)."""

    def __init__(self, data: bytes, digest: str, name: str) -> None:
        self.data, self.digest, self.name = data, digest, name

    def setup(self, worker: Any) -> None:
        target = Path(worker.local_directory) / f"{self.digest}-{self.name}"
        if not target.is_file():
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(self.data)
            partial.replace(target)
        engine._shipped[self.digest] = str(target)


class DaskEngine:
    """A client of the scheduler at ``scheduler`` (``tcp://HOST:PORT`` or a scheduler file), or
    of a ``LocalCluster`` of ``workers`` processes (one thread each) on 127.0.0.1 that it starts
    and stops."""

    def __init__(self, scheduler: str | None = None, workers: int = 1) -> None:
        self._cluster: Any = None
        self.client: Any = None
        try:
            if scheduler is None:
                self._cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = distributed.Client(self._cluster)
            elif Path(scheduler).is_file():
                self.client = distributed.Client(scheduler_file=scheduler, timeout=CONNECT_SECONDS)
            else:
                self.client = distributed.Client(scheduler, timeout=CONNECT_SECONDS)
            if not self.slots:
                self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            where = scheduler or "a local cluster"
            raise EngineError(
                f"--scheduler: cannot use the Dask scheduler at {where} ({exc})"
            ) from None

    @property
    def slots(self) -> int:
        """Tasks the cluster runs at once (its workers' threads)."""
        return int(sum(self.client.nthreads().values()))

    def ship(self, path: str | Path) -> engine.ShippedFile:
        """Send a file to every worker, now and later; tasks find it with ``local_path()``."""
        data = Path(path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = Path(path).name
        self.client.register_plugin(ShipFile(data, digest, name), name=f"milex-ship-{digest}")
        return engine.ShippedFile(digest, name)

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``func`` over ``items`` on the cluster, the results in the items' order. Items are
        read as results come back (three per worker thread in flight), so memory stays
        bounded; a task whose worker dies is run again on another (Dask's retry)."""
        window = max(2, 3 * self.slots)
        pending: deque[Any] = deque()
        try:
            for item in items:
                pending.append(self.client.submit(engine.run_task, func, item, pure=False))
                if len(pending) >= window:
                    yield _result(pending.popleft())
            while pending:
                yield _result(pending.popleft())
        finally:
            if pending:
                self.client.cancel(list(pending))

    def close(self) -> None:
        """Close the client, and stop the local cluster if this engine started it."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _result(future: Any) -> Any:
    try:
        return future.result()
    except distributed.KilledWorker as exc:
        raise EngineError(
            f"a task was running on every Dask worker that died under it, and was given up ({exc})"
        ) from None
