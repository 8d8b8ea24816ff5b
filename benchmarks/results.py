"""One row of the benchmark table, printed and written to reports/bench.json."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    case: str
    measure: str
    ours: float
    baseline: float | None = None
    baseline_name: str = ""
    unit: str = ""
    goal: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.ours / self.baseline
