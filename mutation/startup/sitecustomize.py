"""Run at the start of every Python process a test starts (the `st` runs of the conformance tests, the
command run as a process), with this folder on PYTHONPATH. In the traced run (MUTATION_TRACE_TEST): record
which lines of the mutated modules the process runs, for the test that started it. In a worker's child
(MUTATION_MUTANT): put the child's mutant in, as the child itself did."""

from __future__ import annotations

import atexit
import json
import os
import sys

if os.environ.get("MUTATION_TRACE_TEST"):
    import coverage

    _coverage = coverage.Coverage(
        data_file=None, include=os.environ["MUTATION_TRACE_FILES"].split(os.pathsep), config_file=False
    )
    _coverage.start()

    def _save() -> None:
        _coverage.stop()
        data = _coverage.get_data()
        lines = {filename: sorted(data.lines(filename) or []) for filename in data.measured_files()}
        where = os.path.join(os.environ["MUTATION_TRACE_SUBPROCESSES"], f"{os.getpid()}.json")
        with open(where, "w") as out:
            json.dump({"test": os.environ["MUTATION_TRACE_TEST"], "lines": lines}, out)

    atexit.register(_save)

if os.environ.get("MUTATION_MUTANT"):
    _mutant = json.loads(os.environ["MUTATION_MUTANT"])
    sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    from mutation.operators import mutated
    from mutation.patching import install_cold

    sys.path.pop()
    with open(_mutant["path"]) as _file:
        _source = _file.read()
    install_cold(_mutant["path"], mutated(_source, _mutant["index"]))
