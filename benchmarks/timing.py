"""Repeated measurement: a warm-up, then the median of several runs, in one process."""

from __future__ import annotations

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


def measure(run: Callable[[], object], runs: int = RUNS, warmup: Callable[[], object] | None = None) -> Sample:
    """Seconds per call of `run`: one warm-up call (or `warmup()`), then the median of `runs` calls."""
    (warmup or run)()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return Sample(statistics.median(seconds), min(seconds), max(seconds), runs)
