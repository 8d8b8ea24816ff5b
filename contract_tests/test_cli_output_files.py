"""The command's output files: a place it cannot write is refused before anything is sent, a writer
closed holds no file open (a finishing run renames files it wrote), and an entry's row says what the
vendor found."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from amplemarket_lead_lists.cli.errors import InputError
from amplemarket_lead_lists.cli.output import RowWriter, check_writable, entry_values
from amplemarket_lead_lists.models import LeadListEntry
from contract_tests.polling_harness import complete_entry


@pytest.mark.parametrize("exists", [True, False], ids=["a read-only file", "a file in a read-only folder"])
def test_a_place_the_user_cannot_write_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exists: bool
) -> None:
    """The tests run as root, for whom every place is writable: the permission is what is denied here."""
    path = tmp_path / "out.csv"
    if exists:
        path.write_text("")
    asked: list[str] = []

    def denied(where: object, mode: int) -> bool:
        asked.append(str(where))
        return False

    monkeypatch.setattr(os, "access", denied)
    with pytest.raises(InputError, match=f"^{path}: cannot write there \\(permission denied\\)$"):
        check_writable(path)
    assert asked == [str(path if exists else tmp_path)]


def test_a_folder_given_as_the_output_is_refused_asking_for_a_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "results.csv"
    folder.mkdir()
    with pytest.raises(InputError) as refused:
        check_writable(folder)
    assert str(refused.value) == f"{folder} is a folder: give a file name"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
@pytest.mark.parametrize("name", ["out.csv", "out.jsonl"])
def test_a_writer_closed_holds_no_file_open(tmp_path: Path, name: str) -> None:
    before = set(os.listdir("/proc/self/fd"))
    with RowWriter(tmp_path / name, ["entry_id"]) as writer:
        writer.write({"entry_id": "e1"})
        assert set(os.listdir("/proc/self/fd")) != before
    assert set(os.listdir("/proc/self/fd")) == before  # the writer is still referenced: closed, not collected
    assert writer.rows == 1


def test_an_entrys_row_holds_what_the_vendor_found_its_email_verdict_included() -> None:
    assert entry_values(LeadListEntry.from_dict(complete_entry())) == {
        "entry_id": "e1", "matched": "yes", "linkedin_url": "https://www.linkedin.com/in/a",
        "email": "a@example.com", "email_validation": "deliverable", "first_name": "Ada", "last_name": "L",
        "title": "CTO", "company_name": "Acme", "company_domain": "acme.com", "industry": "Software",
        "person_id": "p1",
    }  # fmt: skip
    unmatched = entry_values(LeadListEntry.from_dict({"id": "e2", "object": "lead_list_entry"}))
    assert (unmatched["matched"], unmatched["email_validation"], unmatched["person_id"]) == ("no", "", "")


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl"])
def test_each_row_written_is_on_disk_before_the_next_so_a_kill_loses_none(tmp_path: Path, name: str) -> None:
    """`enrich` and `export` are continued after a kill from what the file holds: a row still in the
    writer's buffer would be lost to the next run, which reads the file."""
    path = tmp_path / name
    with RowWriter(path, ["entry_id"]) as writer:
        writer.write({"entry_id": "e1"})
        assert "e1" in path.read_text()  # read by another handle, before the writer is closed
