"""The workers: each a copy of the project with a hot and a cold fork server in it (see `forkserver.py`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .project import PACKAGE, ROOT, STARTUP, path_of

COPY_IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "reports", "build", "site", "__pycache__", ".*_cache"
)
"""What a worker's copy of the project leaves out (tools/node_modules is linked instead)."""


def copy_project(where: Path) -> Path:
    """A worker's copy of the project (its tests read README.md, openapi/, examples/ from the root)."""
    shutil.copytree(ROOT, where, ignore=COPY_IGNORED)
    node_modules = ROOT / "tools" / "node_modules"
    if node_modules.exists():
        (where / "tools" / "node_modules").symlink_to(node_modules)
    return where


@dataclass(frozen=True)
class Verdict:
    """What a mutant's tests did: `exit N` (0: every test passed; 5: none could be run) or `timeout`,
    the first test that failed, and whether the cold server ran it (a pytest session of its own)."""

    exit: str
    failed: str | None = None
    cold: bool = False

    @property
    def passed(self) -> bool:
        return self.exit == "exit 0"

    def __str__(self) -> str:
        return self.exit + (" (cold)" if self.cold else "")


class Worker:
    """Runs one mutant at a time in its copy: hot when it can, cold otherwise."""

    def __init__(self, copy: Path, preload: list[str], tests: list[str]) -> None:
        self.copy = copy
        self.sources: dict[str, str] = {}
        """Each module's text, read once (the copy is never changed)."""
        env = {
            **os.environ,
            # startup/: the processes the tests start put the mutant in too (see sitecustomize.py)
            "PYTHONPATH": os.pathsep.join((str(copy / PACKAGE.relative_to(ROOT).parent), str(copy / STARTUP))),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        servers = {}
        for kind in ("hot", "cold"):
            command = [sys.executable, "-m", "mutation.forkserver", kind, json.dumps(preload), *tests]
            servers[kind] = subprocess.Popen(  # noqa: S603
                command, cwd=copy, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
        self.servers = servers
        for kind, server in servers.items():
            assert server.stdout is not None
            if server.stdout.readline().strip() != "ready":
                sys.exit(
                    f"the {kind} mutation worker in {copy} did not start (exit {server.wait()}): its output is "
                    f"hidden; `cd {copy} && PYTHONPATH={env['PYTHONPATH']} {sys.executable} -m pytest "
                    "--collect-only -q contract_tests` shows whether the tests load there"
                )

    def control(self, module: str, tests: list[str], limits: dict[str, float], timeout: float) -> None:
        """Run the tests with no mutant, hot and cold: a worker whose tests fail then would kill every
        mutant for nothing."""
        for hot in (True, False):
            answer = self.run(module, None, tests, limits, timeout, hot=hot)
            if not answer.passed:
                where = "a hot" if hot else "a cold"
                sys.exit(f"the tests fail in {where} worker with no mutant ({answer}): see mutation/forkserver.py")

    def run(
        self, module: str, index: int | None, tests: list[str], limits: dict[str, float], timeout: float, *, hot: bool
    ) -> Verdict:
        """Run the tests against mutant `index` of the module (None: no mutant), the likeliest killers
        first; `limits`: each test's own time limit, `timeout` the whole run's."""
        path = path_of(module, self.copy)
        if module not in self.sources:
            self.sources[module] = path.read_text()
        source = self.sources[module]
        dotted = module.removesuffix(".py").replace("/", ".")
        dotted = dotted if module.startswith("contract_tests/") else f"{PACKAGE.name}.{dotted}"
        job: dict[str, object] = {
            "path": str(path),
            "module": dotted,
            "source": source,
            "index": index,
            "tests": tests,
            "limits": limits,
            "timeout": timeout,
        }
        answer = self._ask("hot" if hot else "cold", job)
        if answer["exit"] == "unpatchable":
            answer, hot = self._ask("cold", job), False
        status = "timeout" if answer["exit"] == "timeout" else f"exit {answer['exit']}"
        return Verdict(status, answer["failed"], cold=not hot)

    def _ask(self, kind: str, job: dict[str, object]) -> dict[str, str | None]:
        server = self.servers[kind]
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(json.dumps(job) + "\n")
        server.stdin.flush()
        answer: dict[str, str | None] = json.loads(server.stdout.readline())
        return answer

    def close(self) -> None:
        for server in self.servers.values():
            assert server.stdin is not None
            server.stdin.close()
            server.wait()
