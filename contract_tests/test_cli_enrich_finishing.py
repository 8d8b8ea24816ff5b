"""`enrich --lead-list ID`, finishing a stopped enrich: the entries OUT holds in full are kept and paging
goes on after the last of them; an entry cut short and the rows of leads never returned are written again."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from contract_tests.polling_harness import CT, LL, TOKEN, body, next_href

runner = CliRunner()
BASE = "https://api.example.test"
SOURCE = (
    "id,linkedin_url\n"
    "A,https://www.linkedin.com/in/p0\n"
    "A2,https://www.linkedin.com/in/p0/\n"  # the same person as A: one lead, two rows
    "B,https://www.linkedin.com/in/p1\n"
    "C,https://www.linkedin.com/in/p2\n"
    "D,https://www.linkedin.com/in/p3\n"  # never returned by the list
)
EVERY_ROW = [("A", "e00000"), ("A2", "e00000"), ("B", "e00001"), ("C", "e00002"), ("D", "")]
FIRST_PAGE = httpx.Response(200, headers=CT, json=body(entries=range(2), next_href=next_href(1)))


class Api:
    """The lead list's pages by `page[after]` (None: the wait's request and the first page)."""

    def __init__(self, router: respx.MockRouter) -> None:
        self.pages: dict[str | None, httpx.Response] = {None: FIRST_PAGE}
        self.route = router.get(f"/lead-lists/{LL}").mock(side_effect=self.serve)

    def serve(self, request: httpx.Request) -> httpx.Response:
        return self.pages[request.url.params.get("page[after]")]

    def after(self, cursor: int, response: httpx.Response) -> None:
        self.pages[f"e{cursor:05d}"] = response

    def cursors(self) -> list[str | None]:
        return [call.request.url.params.get("page[after]") for call in self.route.calls]


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", BASE)
    with respx.mock(base_url=BASE) as router:
        yield Api(router)


def page(entries: range) -> httpx.Response:
    return httpx.Response(200, headers=CT, json=body(entries=entries))


def finish(tmp_path: Path, name: str = "out.csv") -> tuple[Path, list[str]]:
    source = tmp_path / "in.csv"
    source.write_text(SOURCE)
    return tmp_path / name, ["enrich", "--lead-list", LL, str(source), str(tmp_path / name)]


def read(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".jsonl":
        return [(row["id"], row["entry_id"]) for row in map(json.loads, path.read_text().splitlines())]
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["id"], row["entry_id"]) for row in csv.DictReader(handle)]


def complete_output(tmp_path: Path, api: Api, name: str = "out.csv") -> Path:
    """OUT as a finished enrich leaves it: every row, the never-returned lead last."""
    out, args = finish(tmp_path, name)
    api.after(1, page(range(2, 3)))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert read(out) == EVERY_ROW
    return out


def keep_rows(path: Path, count: int, tail: str = "") -> None:
    """Keep the header (CSV's) and the first `count` rows, then `tail` (a line cut off by a kill)."""
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[: count + (path.suffix == ".csv")]) + tail.encode())


@pytest.mark.parametrize(
    ("name", "tail"),
    [("out.csv", "C,https://www.linkedin.com/in/p2,e0000"), ("out.jsonl", '{"id": "C", "linkedin_url": "http')],
)
def test_entries_written_in_full_are_kept_and_paging_goes_on_after_the_last(
    tmp_path: Path, api: Api, name: str, tail: str
) -> None:
    out = complete_output(tmp_path, api, name)
    keep_rows(out, 3, tail=tail)  # A, A2, B, then a row cut short
    api.route.calls.clear()
    _, args = finish(tmp_path, name)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{out} already has 3 rows of 2 entries: continuing after entry e00001" in result.stderr
    assert read(out) == EVERY_ROW
    assert api.cursors() == [None, "e00001"], "the wait, then the first page not yet written: none paged twice"


def test_an_entry_cut_short_between_its_rows_is_written_again_in_full(tmp_path: Path, api: Api) -> None:
    out = complete_output(tmp_path, api)
    keep_rows(out, 1)  # A, but not A2: the kill came between the two rows of entry e00000
    _, args = finish(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert read(out) == EVERY_ROW


def test_the_rows_of_leads_never_returned_are_written_once(tmp_path: Path, api: Api) -> None:
    out = complete_output(tmp_path, api)
    api.after(2, page(range(0)))
    result = runner.invoke(app, finish(tmp_path)[1])
    assert result.exit_code == 0, result.output
    assert read(out) == EVERY_ROW
    assert "continuing after entry e00002" in result.stderr


def test_a_finishing_run_that_fails_keeps_every_row_the_file_had(tmp_path: Path, api: Api) -> None:
    """Before, OUT was rewritten from its first entry: a run failing early left fewer rows than it found."""
    out = complete_output(tmp_path, api)
    keep_rows(out, 4)  # A, A2, B, C
    gone = httpx.Response(404, headers=CT, json={"_errors": [{"status": "404", "code": "not_found"}]})
    api.after(2, gone)
    result = runner.invoke(app, finish(tmp_path)[1])
    assert result.exit_code == 1
    assert f"4 rows written so far are in {out}" in result.stderr
    assert read(out) == EVERY_ROW[:4]


def test_an_output_from_another_lead_list_is_refused_and_kept(tmp_path: Path, api: Api) -> None:
    out = complete_output(tmp_path, api)
    keep_rows(out, 4)
    invalid = {"status": "400", "code": "invalid_cursor", "detail": "page[after] is not an entry of this list"}
    api.after(2, httpx.Response(400, headers=CT, json={"_errors": [invalid]}))
    result = runner.invoke(app, finish(tmp_path)[1])
    assert result.exit_code == 2
    assert f"{out} holds entries of another lead list" in result.stderr
    assert read(out) == EVERY_ROW[:4]


def test_a_file_of_another_kind_than_the_list_is_refused(tmp_path: Path, api: Api) -> None:
    """An email file joined to a LinkedIn list matches nothing: every row would be written without results."""
    source = tmp_path / "emails.csv"
    source.write_text("email\nana@example.com\n")
    result = runner.invoke(app, ["enrich", "--lead-list", LL, str(source), str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert f"lead list {LL} is a linkedin list, but {source} holds email leads" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_an_entry_joining_no_input_row_is_kept_like_any_other(tmp_path: Path, api: Api) -> None:
    """An entry whose profile matches no lead sent (the vendor's own URL for the person) fills one row of its
    own; finishing keeps it as the complete entry it is, so nothing before it is paged again."""
    out, args = finish(tmp_path)
    api.after(1, httpx.Response(200, headers=CT, json=body(entries=range(2, 3), next_href=next_href(2))))
    api.after(2, page(range(9, 10)))  # e00009, https://www.linkedin.com/in/p9: in no row of the input
    assert runner.invoke(app, args).exit_code == 0
    every_row = [*EVERY_ROW[:4], ("", "e00009"), ("D", "")]
    assert read(out) == every_row
    keep_rows(out, 5)  # the rows of the leads never returned are written last: a kill came before them
    api.after(9, page(range(0)))
    api.route.calls.clear()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{out} already has 5 rows of 4 entries: continuing after entry e00009" in result.stderr
    assert api.cursors() == [None, "e00009"]
    assert read(out) == every_row


def test_a_rewrite_that_fails_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The rows are written to a hidden file beside OUT, then put in its place: when that fails (here OUT
    is a folder), the hidden file goes too, and the error is the system's."""
    from amplemarket_lead_lists.cli.finishing import rewrite

    out = tmp_path / "out.csv"
    (out / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        rewrite(out, ["id", "entry_id"], [{"id": "A", "entry_id": "e00000"}], excel=False)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.csv"]


def test_an_entry_without_a_usable_profile_url_is_written_as_a_row_of_its_own(tmp_path: Path, api: Api) -> None:
    """The vendor's entry carries no LinkedIn URL a lead could have (none, or a company page): it joins no
    input row, and is written alone rather than stopping the export."""
    out, args = finish(tmp_path)
    last = body(entries=range(2, 3))
    last["leads"] += [
        {"id": "e00008", "object": "lead_list_entry"},
        {"id": "e00009", "object": "lead_list_entry", "linkedin_url": "https://www.linkedin.com/company/acme"},
    ]
    api.after(1, httpx.Response(200, headers=CT, json=last))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert read(out) == [*EVERY_ROW[:4], ("", "e00008"), ("", "e00009"), ("D", "")]


def test_the_summary_counts_the_leads_the_list_never_returned(tmp_path: Path, api: Api) -> None:
    """D was sent and never came back: its row is written without results, and counted apart."""
    out, args = finish(tmp_path)
    api.after(1, page(range(2, 3)))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert read(out)[-1] == ("D", "")
    assert re.findall(r"│ (.+?) +│ (\d+) │", result.stdout) == [
        ("rows written", "5"), ("entries", "3"), ("unmatched", "3"), ("not returned", "1"), ("duplicates", "1"),
        ("rejected", "0"),
    ]  # fmt: skip


def test_a_json_lines_output_with_a_line_not_json_is_kept_unless_forced(tmp_path: Path, api: Api) -> None:
    """A line edited into something that is not JSON: the file is no output to continue, and the entries it
    holds are replaced only with --force."""
    out = complete_output(tmp_path, api, "out.jsonl")
    lines = out.read_text().splitlines(keepends=True)
    lines[1] = "a note about Ana\n"
    out.write_text("".join(lines))
    _, args = finish(tmp_path, "out.jsonl")
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1].startswith(f"error: {out} holds 3 rows with results of an earlier enrich: ")
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert read(out) == EVERY_ROW


def test_a_finished_runs_summary_counts_the_entries_kept_from_before(tmp_path: Path, api: Api) -> None:
    """The summary is of the whole file: the 2 entries kept from the stopped run, and the 1 paged now."""
    out = complete_output(tmp_path, api)
    keep_rows(out, 3)  # A, A2, B: entries e00000 and e00001
    result = runner.invoke(app, finish(tmp_path)[1])
    assert result.exit_code == 0, result.output
    assert ("entries", "3") in re.findall(r"│ (.+?) +│ (\d+) │", result.stdout)
