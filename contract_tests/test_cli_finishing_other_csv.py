"""`enrich --lead-list` into a CSV another input's enrich wrote (another header, as many columns) keeps
none of its rows as if they were this run's: it is refused without --force, and left as it was. Taken
for this run's output, its rows would be joined under the wrong column names."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.cli.finishing import Earlier, earlier_rows
from contract_tests.test_cli_enrich_finishing import Api, api, complete_output, finish

__all__ = ["api"]  # the fixture, shared with the finishing tests
runner = CliRunner()


def test_a_csv_with_another_header_of_the_same_width_is_refused_and_kept(tmp_path: Path, api: Api) -> None:
    out = complete_output(tmp_path, api)
    header, rest = out.read_text().split("\n", 1)
    assert header.startswith("id,")
    out.write_text(f"Deal,{header.removeprefix('id,')}\n{rest}")  # another input's: Deal where id was
    before = out.read_bytes()
    result = runner.invoke(app, finish(tmp_path)[1])
    assert result.exit_code == 2, result.output
    assert f"{out} holds 4 rows with results of an earlier enrich" in result.stderr
    assert out.read_bytes() == before


def test_a_csv_cut_off_before_its_header_ended_is_not_another_inputs(tmp_path: Path) -> None:
    """A kill while the header was written leaves no record, and no header to differ: finished from the start."""
    for cut in (b"", b"id,entry_id,mat"):
        out = tmp_path / "out.csv"
        out.write_bytes(cut)
        assert earlier_rows(out, ["id", "entry_id"], lambda row: (row["id"], 1)) == Earlier()
