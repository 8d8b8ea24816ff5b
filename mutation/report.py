"""The figures of a mutation run: per module, and every survivor with where it is and what it changed."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .operators import Mutant

EQUIVALENT = Path(__file__).with_name("equivalent.txt")
TEXT = Path(__file__).resolve().parent.parent / "reports" / "mutation.txt"
JSON = TEXT.with_suffix(".json")


@dataclass(frozen=True)
class Outcome:
    module: str
    mutant: Mutant
    killed: bool
    how: str
    seconds: float = 0.0
    """How long its tests ran (cold: with a pytest session's start): where a run's time goes."""
    by: str | None = None
    """The test that killed it (None: it survived, or a timeout no test could be named for killed it)."""


def equivalent() -> set[tuple[str, str]]:
    """(module, description) of the mutants judged equivalent, from mutation/equivalent.txt."""
    pairs = set()
    for raw in EQUIVALENT.read_text().splitlines():
        if raw.strip() and not raw.startswith("#"):
            module, rest = raw.split(" | ", 1)  # a description may hold " | " itself (`X | None`)
            description, _why = rest.rsplit(" | ", 1)
            pairs.add((module.strip(), description.strip()))
    return pairs


def score(outcomes: list[Outcome], equivalent: set[tuple[str, str]]) -> float:
    counted = [o for o in outcomes if (o.module, o.mutant.description) not in equivalent]
    return 100.0 if not counted else 100.0 * sum(o.killed for o in counted) / len(counted)


def _line(module: str, outcomes: list[Outcome], equivalent: set[tuple[str, str]]) -> str:
    killed = sum(o.killed for o in outcomes)
    equal = sum(not o.killed and (o.module, o.mutant.description) in equivalent for o in outcomes)
    return (
        f"{module:28} {killed:4}/{len(outcomes):<4} killed, {equal:3} equivalent: "
        f"{score(outcomes, equivalent):5.1f} % of the others"
    )


def survivor(outcome: Outcome) -> str:
    """A survivor as mutation/equivalent.txt would name it, then where it is and how its tests went."""
    mutant = outcome.mutant
    return f"{outcome.module} | {mutant.description} | line {mutant.line}, {mutant.operator}: {outcome.how}"


def text(modules: list[str], outcomes: list[Outcome], equivalent: set[tuple[str, str]], elapsed: float) -> str:
    summary = [_line(m, [o for o in outcomes if o.module == m], equivalent) for m in modules]
    summary.append(_line("all", outcomes, equivalent))
    survivors = [survivor(o) for o in outcomes if not o.killed and (o.module, o.mutant.description) not in equivalent]
    late = sum(o.killed and "second pass" in o.how for o in outcomes)
    cold = sum("(cold)" in o.how for o in outcomes)
    second = f"killed only by the second pass (slower tests): {late}\nrun cold (a pytest session each): {cold}"
    return "\n".join(summary) + f"\n\n{second}\nrun took {elapsed:.0f} s\n\nsurvivors:\n" + "\n".join(survivors) + "\n"


def figures(
    modules: list[str], outcomes: list[Outcome], equivalent: set[tuple[str, str]], elapsed: float, changed: str | None
) -> dict[str, object]:
    """The same figures for a machine: per module, every survivor with file:line and the mutation, and
    how each killed mutant died (which test failed, or a timeout), to audit a kill."""

    def counts(mine: list[Outcome]) -> dict[str, object]:
        equal = sum(not o.killed and (o.module, o.mutant.description) in equivalent for o in mine)
        killed = sum(o.killed for o in mine)
        return {"mutants": len(mine), "killed": killed, "equivalent": equal, "score": round(score(mine, equivalent), 1)}

    return {
        "date": time.strftime("%Y-%m-%d"),
        "seconds": round(elapsed),
        "changed_since": changed,
        "modules": {m: counts([o for o in outcomes if o.module == m]) for m in modules},
        "all": counts(outcomes),
        "survivors": [
            _described(o) for o in outcomes if not o.killed and (o.module, o.mutant.description) not in equivalent
        ],
        "killed": [_described(o) for o in outcomes if o.killed],
    }


def _described(outcome: Outcome) -> dict[str, object]:
    where = f"{outcome.module}:{outcome.mutant.line}"
    return {
        "where": where,
        "operator": outcome.mutant.operator,
        "mutation": outcome.mutant.description,
        "how": outcome.how,
        **({"by": outcome.by} if outcome.by else {}),
        "seconds": round(outcome.seconds, 2),
    }


def markdown(figures: dict[str, Any]) -> str:
    """README's per-module table of a run, from its reports/mutation.json: `python -m mutation.report`."""
    rows = []
    for module, counts in figures["modules"].items():
        equal = f", {counts['equivalent']} eq." if counts["equivalent"] else ""
        rows.append(f"`{module}` | {counts['killed']}/{counts['mutants']}{equal} | {counts['score']:.1f} %")
    half = (len(rows) + 1) // 2
    left, right = rows[:half], rows[half:] + [" | | "] * (2 * half - len(rows))
    lines = ["| module | killed | score | module | killed | score |", "|---|---|---|---|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in zip(left, right, strict=True)]
    total = figures["all"]
    counted = total["mutants"] - total["equivalent"]
    score = f"{total['score']:.1f} % of the {counted:,} non-equivalent"
    lines.append(f"| all | {total['killed']}/{total['mutants']} | {score} | | | |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(json.loads(JSON.read_text())), end="")
