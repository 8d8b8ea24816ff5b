"""How far down `create` looks for the header under an export's title lines (ten lines at most: a file
with more is not taken for an export, and its first line is the header), and the line named when the
header itself opens a quote it never closes (line 1, where the user must look)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app

runner = CliRunner()
LEADS = "LinkedIn URL\nlinkedin.com/in/ana-lima\n"


@pytest.fixture(autouse=True)
def no_api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_OWNER"):
        monkeypatch.delenv(name, raising=False)


def created(tmp_path: Path, text: str) -> tuple[int, str]:
    source = tmp_path / "in.csv"
    source.write_text(text)
    result = runner.invoke(app, ["create", "--sandbox", str(source)])
    return result.exit_code, result.stderr.replace(str(source), "in.csv")


def test_the_header_is_searched_for_under_at_most_ten_title_lines(tmp_path: Path) -> None:
    titles = "".join(f"Export title {n}\n" for n in range(10))
    code, said = created(tmp_path, titles + LEADS)
    assert code == 0, said
    assert "in.csv: the header is on line 11, under 10 title lines" in said.splitlines()
    code, said = created(tmp_path, titles + "One title too many\n" + LEADS)
    assert code == 2, said
    assert said.startswith("error: in.csv: the header must have a LinkedIn URL, an email, or a title and company")


def test_excels_sep_line_is_not_one_of_the_ten_title_lines(tmp_path: Path) -> None:
    """A `sep=;` line, then ten title lines: the header is still found (the sep line declares, it is no title)."""
    titles = "".join(f"Export title {n}\n" for n in range(10))
    code, said = created(tmp_path, "sep=;\n" + titles + LEADS)
    assert code == 0, said
    assert "in.csv: the header is on line 12, under 10 title lines" in said.splitlines()


def test_a_header_that_opens_a_quote_never_closed_is_named_as_line_1(tmp_path: Path) -> None:
    code, said = created(tmp_path, '"' + LEADS)
    assert code == 2, said
    assert said == "error: in.csv: line 1: a quote opened in this record is never closed\n"


@pytest.mark.parametrize("blank", ["\n", ",,\n"], ids=["an empty line", "a line of separators"])
def test_a_blank_first_line_is_passed_over_like_a_title(tmp_path: Path, blank: str) -> None:
    """Before, a blank line above the header was taken for the header: "empty file, expected a header line"
    for a file that is not empty."""
    code, said = created(tmp_path, blank + LEADS)
    assert code == 0, said
    assert "in.csv: the header is on line 2, under 1 title line" in said.splitlines()
