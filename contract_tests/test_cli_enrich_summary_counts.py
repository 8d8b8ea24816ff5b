"""What `enrich`'s summary counts per entry (matched or not, each email validation result), and that a
missing or empty output file is one `enrich` may write (over)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from amplemarket_lead_lists.cli.output import ENRICHED, count_entry, written_by_enrich


def test_each_entry_counts_once_as_matched_or_unmatched_and_once_per_email_result() -> None:
    counts: Counter[str] = Counter()
    count_entry(counts, {"matched": "yes", "email_validation": "deliverable"})
    count_entry(counts, {"matched": "no", "email_validation": ""})
    count_entry(counts, {"matched": "yes", "email_validation": "deliverable"})
    assert counts == Counter({"entries": 3, "matched": 2, "unmatched": 1, "email deliverable": 2})


def test_a_missing_or_empty_output_file_may_be_written(tmp_path: Path) -> None:
    assert written_by_enrich(tmp_path / "enriched.csv") is True
    (tmp_path / "blank.csv").write_text("\n  \n")
    assert written_by_enrich(tmp_path / "blank.csv") is True


@pytest.mark.parametrize(
    "first", ["7", "null", '[["entry_id"]]', json.dumps(ENRICHED), '"entry_id"', "entry_id,matched"]
)
def test_a_json_lines_file_whose_first_line_is_no_object_is_not_enrichs_output(tmp_path: Path, first: str) -> None:
    """Only a first record holding the enriched columns is enrich's: JSON of another shape (a number, null,
    a list, even of the column names) or no JSON (a CSV named .jsonl) is someone else's file, never
    overwritten and no crash."""
    path = tmp_path / "other.jsonl"
    path.write_text(first + "\n")
    assert written_by_enrich(path) is False


def test_an_exports_json_lines_file_is_one_enrich_may_write_over(tmp_path: Path) -> None:
    """`export` writes the enriched columns alone: enrich may write over it (once told --force when it holds
    results), as over its own output, which has the input's columns too."""
    path = tmp_path / "entries.jsonl"
    path.write_text(json.dumps({**dict.fromkeys(ENRICHED, ""), "entry_id": "e1"}) + "\n")
    assert written_by_enrich(path) is True
