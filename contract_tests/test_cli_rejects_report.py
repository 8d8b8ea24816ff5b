"""What `create` says about rejected rows on stderr: the first ten, each with its line and reason, then
how many more are only in the rejects file, and a hint for the rows that fit another list type (singular
for one). A user reads these lines to decide whether to fix the input before paying for the leads."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def no_api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_OWNER"):
        monkeypatch.delenv(name, raising=False)


def create_with_rejects(tmp_path: Path, rejected: int, *, email_only: int = 0) -> tuple[list[str], Path]:
    """`create --sandbox` of one good row, `rejected` rows with a bad URL, then `email_only` rows with
    only an email; its stderr lines and the rejects file."""
    source = tmp_path / "in.csv"
    bad = "".join(f"c{n},not-a-url-{n},\n" for n in range(rejected))
    emails = "".join(f"e{n},,e{n}@acme.com\n" for n in range(email_only))
    source.write_text(f"CRM Id,LinkedIn URL,Email\nc,linkedin.com/in/ana-lima,\n{bad}{emails}")
    result = runner.invoke(app, ["create", "--sandbox", str(source)])
    assert result.exit_code == 0, result.output
    return result.stderr.splitlines(), tmp_path / "in.rejects.csv"


@pytest.mark.parametrize(("rejected", "more"), [(10, ""), (11, " (1 more)"), (13, " (3 more)")])
def test_the_first_ten_rejects_are_listed_and_the_rest_counted(tmp_path: Path, rejected: int, more: str) -> None:
    """Ten rejects fit the screen in full; past ten, the first ten are listed and the rest counted."""
    lines, rejects = create_with_rejects(tmp_path, rejected)
    listed = [line for line in lines if line.startswith("  line ")]
    assert listed == [f"  line {n}: not a linkedin.com URL" for n in range(3, 13)]
    assert f"  rejected rows{more} are in {rejects}, never sent" in lines
    assert len(rejects.read_text().splitlines()) == rejected + 1


def test_one_reject_of_another_type_gets_a_singular_hint(tmp_path: Path) -> None:
    """One rejected row with only an email: `1 rejected row has an email`, not `1 ... rows have`."""
    lines, rejects = create_with_rejects(tmp_path, 0, email_only=1)
    assert lines[-3:-1] == [
        f"  rejected rows are in {rejects}, never sent",
        "  1 rejected row has an email and no usable LinkedIn URL: "
        f"run again with --type email on {rejects} for those (a list of their own)",
    ]
