"""Repeated measurement: a warm-up, then the median of several runs, in one process."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

RUNS = 5


@dataclass(frozen=True)
class Sample:
    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, seconds: list[float]) -> Sample:
        return cls(statistics.median(seconds), min(seconds), max(seconds), len(seconds))


def measure(run: Callable[[], object], runs: int = RUNS, warmup: Callable[[], object] | None = None) -> Sample:
    """Seconds per call of `run`: one warm-up call (or `warmup()`), then the median of `runs` calls."""
    return side_by_side([run], runs, [warmup or run])[0]


def side_by_side(
    runs_of: list[Callable[[], object]], runs: int = RUNS, warmups: list[Callable[[], object]] | None = None
) -> list[Sample]:
    """Like `measure` for several contenders at once, taking turns run by run.

    Alternating keeps a ratio honest on a machine whose speed drifts (shared CPUs, frequency
    scaling): a slow spell hits every contender instead of whichever happened to run during it.
    Each run starts from a full collection, so it pays for the collections its own garbage causes,
    not for leftovers from the run before (the garbage collector stays on: its cost is real).
    """
    for warmup in warmups or runs_of:
        warmup()
    seconds: list[list[float]] = [[] for _ in runs_of]
    for _ in range(runs):
        for run, taken in zip(runs_of, seconds, strict=True):
            gc.collect()
            start = time.perf_counter()
            run()
            taken.append(time.perf_counter() - start)
    return [Sample.of(taken) for taken in seconds]
