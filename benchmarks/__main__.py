"""Run every benchmark case, print one table, and write the figures to reports/bench.json."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from dataclasses import asdict
from pathlib import Path

from . import fanout, pacing_cost, pagination, polling_efficiency, sandbox_latency, scale
from .results import Row
from .server import sandbox_process

REPORT = Path(__file__).resolve().parent.parent / "reports" / "bench.json"


def machine() -> dict[str, str | int | None]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }


def table(rows: list[Row]) -> str:
    lines = [f"{'case':<38} {'measure':<34} {'ours':>10} {'baseline':>10} {'ratio':>7}  unit · goal · [baseline]"]
    for row in rows:
        baseline = "" if row.baseline is None else f"{row.baseline:10.2f}"
        ratio = "" if row.ratio is None else f"{row.ratio:6.2f}×"
        verdict = "" if row.met is None else (" ✔" if row.met else " ✘")
        goal = f" · {row.goal}{verdict}" if row.goal else ""
        named = f" · [{row.baseline_name}]" if row.baseline_name else ""
        lines.append(
            f"{row.case:<38} {row.measure:<34} {row.ours:10.2f} {baseline:>10} {ratio:>7}  {row.unit}{goal}{named}"
        )
    return "\n".join(lines)


def main() -> int:
    started = time.monotonic()
    rows: list[Row] = []
    with sandbox_process() as base_url:
        rows += pagination.over_http(base_url)
        rows += pagination.in_process(base_url)
        rows += pagination.memory(base_url)
        rows += sandbox_latency.run(base_url)
        rows += scale.run(base_url)
    rows += scale.network()
    rows += scale.fan_out()
    rows += polling_efficiency.run()
    rows += pacing_cost.run()
    with sandbox_process(queue_seconds=0, processing_seconds=0.05, seconds_per_lead=0, retry_after=0) as base_url:
        rows += fanout.run(base_url)
    print(table(rows))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine(), "seconds": round(time.monotonic() - started, 1),
              "rows": [{**asdict(row), "ratio": row.ratio} for row in rows]}  # fmt: skip
    REPORT.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(f"\n{len(rows)} figures in {report['seconds']} s on {machine()}; written to {REPORT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
