"""SIGTERM (what `timeout`, systemd, Docker and CI send) stops `enrich` as Ctrl-C does: the command that
finishes the job is printed, the sandbox's lists are saved so that command works, and the exit code is 143
(the installed command as a real process, the embedded sandbox holding the list in `processing`). An
input too large is refused by its size before it is read."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app

COMMAND = Path(sys.executable).parent / "amplemarket-lead-lists"
runner = CliRunner()


def test_sigterm_during_the_wait_prints_the_way_on_saves_the_sandbox_and_exits_143(
    tmp_path: Path, sandbox_state: Path
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("CRM Id,LinkedIn URL\nc1,https://www.linkedin.com/in/ana-lima\n")
    env = {**os.environ, "SANDBOX_QUEUE_SECONDS": "0", "SANDBOX_PROCESSING_SECONDS": "600"}
    job = subprocess.Popen(
        [COMMAND, "enrich", "--sandbox", source, out],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    guard = threading.Timer(60, job.kill)  # a hung command fails the test instead of hanging it
    guard.start()
    try:
        assert job.stderr is not None
        seen = ""
        for line in job.stderr:
            seen += line
            if line.startswith("processing"):  # the list exists and is being waited for
                break
        job.send_signal(signal.SIGTERM)
        _, rest = job.communicate(timeout=30)
    finally:
        guard.cancel()
    assert job.returncode == 143, seen + rest
    lead_list_id = re.findall(r"waiting for lead list (\S+)", seen)[0]
    finish = f"amplemarket-lead-lists enrich --sandbox --lead-list {lead_list_id} {source} {out}"
    assert rest.strip().splitlines()[-1] == (
        f"interrupted: lead list {lead_list_id} holds the leads; `{finish}` writes {out} from that list, "
        "sending no lead again"
    )
    status = runner.invoke(app, ["status", "--sandbox", lead_list_id])  # the state was saved: the list is there
    assert status.exit_code == 0, status.output
    assert status.stdout.strip().endswith(": processing")


def test_sigterm_before_anything_is_sent_exits_143(tmp_path: Path) -> None:
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)  # the command blocks reading it, as on a slow disk
    job = subprocess.Popen([COMMAND, "create", "--sandbox", fifo], stderr=subprocess.PIPE, text=True)
    try:
        with fifo.open("w"):  # opened once the command opens it for reading
            job.send_signal(signal.SIGTERM)
            _, error = job.communicate(timeout=30)
    finally:
        job.kill()
    assert job.returncode == 143, error
    assert error.strip() == "terminated (SIGTERM)"


def test_an_input_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A sparse 2 GiB file: read whole, it took 768 MiB of memory in 3 s before anything could refuse it."""
    huge = tmp_path / "in.csv"
    with huge.open("wb") as handle:
        handle.truncate(2 * 2**30)
    # VmHWM, this process's own peak: ru_maxrss would carry pytest's own peak across fork and exec.
    probe = (
        "import re, sys; from amplemarket_lead_lists.cli.app import main; sys.argv[1:] = sys.argv[2:]\n"
        "try:\n    main()\nexcept SystemExit as done:\n"
        "    peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "    print(peak, done.code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "-", "create", "--sandbox", str(huge)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    max_rss_kib, code = result.stdout.split()
    assert code == "2", result.stderr
    assert result.stderr.strip() == (
        f"error: {huge} is 2,048 MiB, more than the 256 MiB the command reads: split it "
        "(a lead list holds at most 60,000 leads)"
    )
    assert int(max_rss_kib) < 200 * 1024  # the process as it starts (about 60 MiB), not the file


def test_the_limit_is_256_mib_to_the_byte(tmp_path: Path) -> None:
    """A sparse file one byte past 256 MiB is refused by its size, without a byte read."""
    from amplemarket_lead_lists.cli.csv_input import read_csv
    from amplemarket_lead_lists.cli.errors import InputError

    source = tmp_path / "in.csv"
    with source.open("wb") as handle:
        handle.truncate(256 * 2**20 + 1)
    with pytest.raises(InputError, match=r" is 256 MiB, more than the 256 MiB the command reads: split it"):
        read_csv(source)


def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is the largest size read, not the first refused (a limit of 1 KiB here, not 256 MiB)."""
    from amplemarket_lead_lists.cli.csv_input import read_csv
    from amplemarket_lead_lists.cli.errors import InputError

    monkeypatch.setattr("amplemarket_lead_lists.cli.csv_input.MAX_INPUT_BYTES", 2**10)
    source = tmp_path / "in.csv"
    data = b"linkedin_url\n" + b"linkedin.com/in/ana-lima\n" * 40
    source.write_bytes(data + b"n" * (2**10 - len(data)))
    assert len(read_csv(source).rows) == 41
    source.write_bytes(source.read_bytes() + b"n")
    with pytest.raises(InputError, match="more than the 0 MiB the command reads"):  # sizes said in whole MiB
        read_csv(source)


def test_a_file_growing_past_the_limit_as_it_is_read_is_refused_without_a_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file still being written (a log, an export in progress): within the limit when its size was
    looked at, past it when read. Refused, with no size said: the one it had is no longer true."""
    from amplemarket_lead_lists.cli.csv_input import read_csv
    from amplemarket_lead_lists.cli.errors import InputError

    monkeypatch.setattr("amplemarket_lead_lists.cli.csv_input.MAX_INPUT_BYTES", 2**20)
    source = tmp_path / "in.csv"
    with source.open("wb") as handle:
        handle.truncate(2**20)
    fstat = os.fstat

    def grown_after(fd: int) -> os.stat_result:
        """The size, then the writer appends a line."""
        size = fstat(fd)
        with source.open("ab") as writer:
            writer.write(b"linkedin.com/in/ana\n")
        return size

    with monkeypatch.context() as growing:
        growing.setattr(os, "fstat", grown_after)
        with pytest.raises(InputError) as refused:
            read_csv(source)
    assert str(refused.value) == (
        f"{source} is more than the 1 MiB the command reads: split it (a lead list holds at most 60,000 leads)"
    )


def test_a_pipe_is_refused_once_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("amplemarket_lead_lists.cli.csv_input.MAX_INPUT_BYTES", 2**20)
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    rows = b"linkedin.com/in/ana\n" * (2**21 // 20)  # 2 MiB, no size to see before reading

    def write() -> None:
        with contextlib.suppress(BrokenPipeError):  # the command stops reading past the limit
            fifo.write_bytes(b"linkedin_url\n" + rows)

    writer = threading.Thread(target=write)
    writer.start()
    result = runner.invoke(app, ["create", "--sandbox", str(fifo)])
    writer.join(timeout=10)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {fifo} is more than the 1 MiB the command reads: split it (a lead list holds at most 60,000 leads)"
    )
