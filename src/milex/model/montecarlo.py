"""Monte Carlo over a planned spending path: draw real GDP growth and dollar prices, see how
the share of GDP and the cost come out. Vectorised with numpy; memory does not grow with the
number of draws, and the same seed gives the same bytes whatever the number of processes.

Inputs are arrays over allies (A) and path years (T = start year .. deadline): the planned
spending in start-year dollars, the central real GDP in start-year dollars and price index,
the central real growth, and each ally's volatility of growth and of its dollar price level
(inflation and exchange rate together).

How it scales:
- The draws come in blocks of ``BLOCK``; block ``b`` draws from its own PCG64 stream, child
  ``b`` of ``SeedSequence(seed).spawn(...)``, so a block's numbers depend on the seed and its
  index alone, never on which process draws it or in which order.
- A block leaves only counts behind: for every ally, year and measure (share, cost), a
  histogram of ``BINS`` equal bins around the central path, and how many draws reach the
  target. Counts add up exactly in any order, so one process or many give the same result.
- The bands (P5/P50/P95, nearest rank, as ``numpy.quantile(..., method="nearest")`` would pick
  them from all the draws) are read from the merged histograms: each is the middle of the bin
  that holds the exact quantile, so it is within half a bin (``Result.share_error``,
  ``Result.cost_error``) of it. The bins span ``SPAN_SD`` standard deviations of the path's
  log-level on each side, which holds any distribution's P5-P95 with room to spare
  (Cantelli's inequality puts them within 4.4 of the mean); a band that still fell outside
  would be an error, never a silent clip.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

BLOCK = 10_000  # draws per block: bounds memory (about 2 x allies x years x 40 KB a block)
# Histogram bins per ally, year and measure; odd, so a start year's value is a bin's middle.
BINS = 4095
SPAN_SD = 6.0  # bins cover the central value x exp(+-6 sd of the log-level)
MIN_SPAN = 1e-3  # relative half-span when a year has no spread (the start year)
QUANTILES = (5.0, 50.0, 95.0)
MAX_DRAWS = 100_000_000  # memory stays flat; time is the limit (see the CLI's --help)

Array = NDArray[np.float64]
Counts = NDArray[np.int64]


@dataclass(frozen=True)
class Paths:
    """The central scenario for every ally: arrays of shape (A, T), start year first."""

    planned_real_spending: Array  # start-year USD bn
    real_gdp: Array  # start-year USD bn
    price_index: Array  # start year = 1
    growth_pct: Array  # real GDP growth of each year (first column unused)
    growth_sd_pp: Array  # (A,) volatility of real growth, points
    price_sd_pp: Array  # (A,) volatility of the dollar price level, points
    target: float


@dataclass(frozen=True)
class Result:
    """Probability of reaching the target at the deadline, and P5/P50/P95 bands per year, each
    band within its half-bin error of the exact nearest-rank quantile of all the draws."""

    probability: Array  # (A,)
    share_bands: Array  # (3, A, T)
    cost_bands: Array  # (3, A, T), current USD bn
    draws: int
    share_error: Array  # (A, T), points of GDP: |band - exact quantile| <= this
    cost_error: Array  # (A, T), USD bn

    def max_relative_error(self) -> float:
        """The largest error bound as a share of its band's median (0.001 = 0.1%)."""
        share = self.share_error / np.abs(self.share_bands[1])
        cost = self.cost_error / np.abs(self.cost_bands[1])
        return float(max(share.max(), cost.max()))


@dataclass(frozen=True)
class _Grid:
    """Histogram bins for one measure: lower edge and bin width per ally and year."""

    low: NDArray[np.float32]  # (A, T)
    width: NDArray[np.float32]  # (A, T)

    @classmethod
    def around(cls, central: Array, log_sd: Array) -> _Grid:
        """BINS equal bins from ``central`` x exp(-SPAN_SD x ``log_sd``) to ``central`` x
        exp(+SPAN_SD x ``log_sd``), (A, T); where that is narrower than MIN_SPAN either side
        (the start year, which has no spread), centred on ``central``."""
        spread = SPAN_SD * log_sd
        narrow = spread < MIN_SPAN
        low = np.where(narrow, 1 - MIN_SPAN, np.exp(-spread)) * central
        high = np.where(narrow, 1 + MIN_SPAN, np.exp(spread)) * central
        return cls(low.astype(np.float32), ((high - low) / BINS).astype(np.float32))


@dataclass(frozen=True)
class _Task:
    """What a worker needs: the inputs, the grids and the blocks to draw."""

    paths: Paths
    draws: int
    distribution: str
    df: float
    share_grid: _Grid
    cost_grid: _Grid
    blocks: tuple[np.random.SeedSequence, ...]
    first_block: int


@dataclass(frozen=True)
class _Partial:
    """The counts a group of blocks leaves behind."""

    share_counts: Counts  # (A, T, BINS + 2): underflow, BINS bins, overflow
    cost_counts: Counts
    reached: Counts  # (A,)
    draws: int


def _shocks(
    rng: np.random.Generator, size: tuple[int, ...], distribution: str, df: float
) -> NDArray[np.float32]:
    if distribution == "student-t":
        # Scaled to unit variance, so the volatility means the same under both.
        draws = rng.standard_t(df, size=size) * np.sqrt((df - 2) / df)
        scaled: NDArray[np.float32] = draws.astype(np.float32)
        return scaled
    normal: NDArray[np.float32] = rng.standard_normal(size=size, dtype=np.float32)
    return normal


def _levels(
    rng: np.random.Generator, central: Array, sd: Array, n: int, distribution: str, df: float
) -> NDArray[np.float32]:
    """Cumulated growth factors (A, T, n), 1 in the start year: central x (1 + shock)."""
    allies, steps = central.shape
    growth = _shocks(rng, (allies, steps, n), distribution, df)
    growth *= (sd / 100).astype(np.float32)[:, None, None]
    growth += central.astype(np.float32)[:, :, None]
    levels = np.empty((allies, steps + 1, n), dtype=np.float32)
    levels[:, 0] = 1.0
    for t in range(steps):  # contiguous (A, n) slices: faster than cumprod across axis 1
        np.multiply(levels[:, t], growth[:, t], out=levels[:, t + 1])
    return levels


def _count(values: NDArray[np.float32], grid: _Grid, counts: Counts) -> None:
    """Add the histogram of ``values`` (A, T, n) to ``counts`` (A, T, BINS + 2). Works in
    place on ``values``."""
    allies, years, n = values.shape
    # Bin k (1..BINS) holds [low + (k-1) width, low + k width); 0 and BINS+1 catch the rest
    # (a draw so wild that its share overflows float32 lands in BINS+1 too).
    with np.errstate(over="ignore", invalid="ignore"):
        np.subtract(values, (grid.low - grid.width)[:, :, None], out=values)
        np.multiply(values, (1 / grid.width)[:, :, None], out=values)
        np.clip(values, 0, BINS + 1, out=values)
    index = values.astype(np.int16).reshape(allies * years, n)
    rows = counts.reshape(allies * years, BINS + 2)
    # One small count per ally-year stays in the cache; one count over all of them at once
    # (offsets into a single long array) is four times slower.
    for row in range(allies * years):
        rows[row] += np.bincount(index[row], minlength=BINS + 2)


def _block_values(
    task: _Task, index: int, seed: np.random.SeedSequence
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Block ``index``'s draws: the share of GDP and the cost, each (A, T, n)."""
    paths = task.paths
    n = min(BLOCK, task.draws - index * BLOCK)
    rng = np.random.Generator(np.random.PCG64(seed))
    growth = 1 + paths.growth_pct[:, 1:] / 100
    share_scale = (paths.planned_real_spending / paths.real_gdp[:, :1] * 100).astype(np.float32)
    cost_scale = (paths.planned_real_spending * paths.price_index).astype(np.float32)
    share = _levels(rng, growth, paths.growth_sd_pp, n, task.distribution, task.df)
    np.divide(share_scale[:, :, None], share, out=share)
    cost = _levels(rng, np.ones_like(growth), paths.price_sd_pp, n, task.distribution, task.df)
    np.multiply(cost_scale[:, :, None], cost, out=cost)
    return share, cost


def _run_blocks(task: _Task) -> _Partial:
    """Draw the task's blocks and count what they give (runs in a worker process)."""
    allies, years = task.paths.real_gdp.shape
    share_counts = np.zeros((allies, years, BINS + 2), dtype=np.int64)
    cost_counts = np.zeros((allies, years, BINS + 2), dtype=np.int64)
    reached = np.zeros(allies, dtype=np.int64)
    threshold = np.float32(task.paths.target - 1e-6)
    done = 0
    for index, seed in enumerate(task.blocks, start=task.first_block):
        share, cost = _block_values(task, index, seed)
        reached += np.count_nonzero(share[:, -1, :] >= threshold, axis=-1)
        done += share.shape[-1]
        _count(share, task.share_grid, share_counts)
        _count(cost, task.cost_grid, cost_counts)
    return _Partial(share_counts, cost_counts, reached, done)


def _bands(counts: Counts, grid: _Grid, draws: int, what: str) -> tuple[Array, Array]:
    """P5/P50/P95 (3, A, T) from merged counts, and the half-bin error bound (A, T)."""
    cumulative = np.cumsum(counts, axis=-1)
    bands = []
    low, width = grid.low.astype(np.float64), grid.width.astype(np.float64)
    for q in QUANTILES:
        rank = round(q / 100 * (draws - 1))  # nearest rank, 0-based, as before
        position = np.argmax(cumulative > rank, axis=-1)  # the bin holding that rank
        if np.any(position == 0) or np.any(position == BINS + 1):
            raise ArithmeticError(
                f"Monte Carlo: a P{q:g} {what} band fell outside its histogram's range "
                f"({SPAN_SD:g} standard deviations either side); the draws are too wild"
            )
        bands.append(low + (position - 0.5) * width)
    # Half a bin, and a little for the float32 arithmetic that put each draw in its bin.
    return np.stack(bands), width * 0.501


def _grids(paths: Paths) -> tuple[_Grid, _Grid]:
    """Bins around the central share and cost, wide enough for the drawn spread."""
    years = paths.real_gdp.shape[1]
    steps = np.sqrt(np.arange(years, dtype=np.float64))[None, :]  # the spread grows as sqrt(t)
    central_share = paths.planned_real_spending / paths.real_gdp * 100
    central_cost = paths.planned_real_spending * paths.price_index
    share = _Grid.around(central_share, paths.growth_sd_pp[:, None] / 100 * steps)
    cost = _Grid.around(central_cost, paths.price_sd_pp[:, None] / 100 * steps)
    return share, cost


def _tasks(
    paths: Paths, draws: int, seed: int, distribution: str, df: float, groups: int
) -> list[_Task]:
    share_grid, cost_grid = _grids(paths)
    blocks = np.random.SeedSequence(seed).spawn(math.ceil(draws / BLOCK))
    size = math.ceil(len(blocks) / groups)
    return [
        _Task(paths, draws, distribution, df, share_grid, cost_grid, tuple(blocks[i : i + size]), i)
        for i in range(0, len(blocks), size)
    ]


class _Totals:
    """The counts of every finished group of blocks, added up as they arrive (so memory does
    not grow with the number of groups)."""

    def __init__(self, task: _Task) -> None:
        allies, years = task.paths.real_gdp.shape
        self.share_counts = np.zeros((allies, years, BINS + 2), dtype=np.int64)
        self.cost_counts = np.zeros_like(self.share_counts)
        self.reached = np.zeros(allies, dtype=np.int64)
        self.draws = 0

    def add(self, partial: _Partial) -> None:
        self.share_counts += partial.share_counts
        self.cost_counts += partial.cost_counts
        self.reached += partial.reached
        self.draws += partial.draws

    def result(self, task: _Task) -> Result:
        share_bands, share_error = _bands(self.share_counts, task.share_grid, self.draws, "share")
        cost_bands, cost_error = _bands(self.cost_counts, task.cost_grid, self.draws, "cost")
        return Result(
            self.reached / self.draws, share_bands, cost_bands, self.draws, share_error, cost_error
        )


# An ordered map over the groups of blocks, run elsewhere (a Dask cluster): results in order.
MapTasks = Callable[[Callable[[_Task], _Partial], list[_Task]], Iterator[_Partial]]


def simulate(
    paths: Paths,
    draws: int,
    seed: int,
    distribution: str = "normal",
    df: float = 5.0,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
    map_tasks: MapTasks | None = None,
) -> Result:
    """Run ``draws`` scenarios on ``workers`` processes, or through ``map_tasks`` (which runs
    the same groups of blocks elsewhere, ``workers`` at a time); the same seed gives the same
    result whatever the number of workers or where they run. ``progress(done, draws)`` is
    called as groups of blocks finish; an exception it raises stops the run."""
    if not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be from 1 to {MAX_DRAWS:,}")
    if distribution not in ("normal", "student-t"):
        raise ValueError(f"distribution must be normal or student-t, not {distribution!r}")
    if workers < 1:
        raise ValueError("workers must be at least 1")
    blocks = math.ceil(draws / BLOCK)
    workers = min(workers, blocks)
    # Groups of about 25 blocks (250,000 draws) report progress often enough and keep the
    # counts sent back between processes (20 MB a group for 31 allies to 2035) small next to
    # the work; in this process, groups of 5 report progress more often.
    far = workers > 1 or map_tasks is not None
    groups = max(workers, math.ceil(blocks / 25)) if far else math.ceil(blocks / 5)
    tasks = _tasks(paths, draws, seed, distribution, df, groups)
    totals = _Totals(tasks[0])

    def finished(partial: _Partial) -> None:
        totals.add(partial)
        if progress:
            progress(totals.draws, draws)

    if map_tasks is not None:
        for partial in map_tasks(_run_blocks, tasks):
            finished(partial)
    elif workers == 1:
        for task in tasks:
            finished(_run_blocks(task))
    else:
        _on_processes(tasks, workers, finished)
    return totals.result(tasks[0])


def _on_processes(tasks: list[_Task], workers: int, finished: Callable[[_Partial], None]) -> None:
    import multiprocessing

    # fork starts a worker in milliseconds and shares the inputs without pickling them; the
    # workers only run numpy on their own arrays.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = deque(pool.submit(_run_blocks, task) for task in tasks)
        try:
            while pending:  # in order, so progress moves evenly; each result freed once added
                finished(pending.popleft().result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def volatility(values: list[float], floor: float = 0.5) -> float:
    """Sample standard deviation of yearly figures (points), never below ``floor``."""
    if len(values) < 2:
        return floor
    return max(float(np.std(np.asarray(values, dtype=np.float64), ddof=1)), floor)
