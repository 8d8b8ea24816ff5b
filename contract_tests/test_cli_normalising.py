"""Normalisation that loses nothing: a `mailto:` link in any case is its address, a member-id profile URL
keeps its case, an email on an internationalised domain is sent, and every input row keeps its one row
in the output, joined to its result (the key sent is its own normal form)."""

from __future__ import annotations

import csv
import string
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.cli.cleaning import Rejected, normalise_email, normalise_linkedin

runner = CliRunner()


@pytest.fixture(autouse=True)
def fast_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANDBOX_QUEUE_SECONDS", "0")  # lists complete at once
    monkeypatch.setenv("SANDBOX_PROCESSING_SECONDS", "0")


def enriched(tmp_path: Path, text: str) -> list[dict[str, str]]:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out.rejects.csv").exists(), (tmp_path / "out.rejects.csv").read_text()
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_email_row_keeps_its_row_and_its_result(tmp_path: Path) -> None:
    rows = enriched(
        tmp_path,
        "CRM Id,Email\n"
        "42,MAILTO:Bob@Acme.io\n"
        "43,bob@acme.io\n"  # the same person: one lead, two rows
        "44,mailto:carl%40acme.io?subject=Hi\n"
        "45,someone@example.xn--p1ai\n"
        "46,Someone@Пример.РФ\n",
    )
    assert [(row["CRM Id"], row["email"]) for row in rows] == [
        ("42", "bob@acme.io"),
        ("43", "bob@acme.io"),
        ("44", "carl@acme.io"),
        ("45", "someone@example.xn--p1ai"),
        ("46", "someone@пример.рф"),
    ]
    assert all(row["entry_id"] for row in rows)
    assert rows[0]["entry_id"] == rows[1]["entry_id"]


def test_a_member_id_profile_url_keeps_its_case(tmp_path: Path) -> None:
    rows = enriched(
        tmp_path,
        "CRM Id,LinkedIn URL\n"
        "1,https://www.linkedin.com/in/ACoAAB1cDeF\n"
        "2,HTTP://uk.LinkedIn.com/in/ACoAAB1cDeF/details\n"  # the same member
        "3,https://www.linkedin.com/in/ACoAAb1CdEf\n"  # another member: ids differ by case alone
        "4,https://www.linkedin.com/in/Jane-Doe\n",
    )
    assert [(row["CRM Id"], row["linkedin_url"]) for row in rows] == [
        ("1", "https://www.linkedin.com/in/ACoAAB1cDeF"),
        ("2", "https://www.linkedin.com/in/ACoAAB1cDeF"),
        ("3", "https://www.linkedin.com/in/ACoAAb1CdEf"),
        ("4", "https://www.linkedin.com/in/jane-doe"),
    ]
    assert len({row["entry_id"] for row in rows}) == 3


TEXT = st.text(st.sampled_from(string.ascii_letters + string.digits + "@.:%?/-_ ÉéИи%4"), max_size=40)


ADDRESS = st.builds("{}@{}.{}".format, TEXT, TEXT, st.sampled_from(["io", "IO", "рф", "xn--p1ai", "c0m"]))


@given(st.sampled_from(["", "mailto:", "MAILTO:", "MailTo:mailto:", " Mailto:%20"]), ADDRESS)
def test_an_email_key_is_its_own_normal_form(prefix: str, text: str) -> None:
    """An entry returns the address sent; normalised again it must be the same key, or the result
    lands in a row of its own and the input row gets none."""
    try:
        key = normalise_email(prefix + text)
    except Rejected:
        return
    assert normalise_email(key) == key
    assert not key.lower().startswith("mailto:")


@given(st.sampled_from(["linkedin.com/in/", "https://www.LinkedIn.com/IN/", "http://uk.linkedin.com/in/"]), TEXT)
@example("linkedin.com/in/", "a%2541")  # decoded once, `a%41`: decoded again, `aA`
def test_a_profile_key_is_its_own_normal_form(prefix: str, text: str) -> None:
    try:
        key = normalise_linkedin(prefix + text)
    except Rejected:
        return
    assert normalise_linkedin(key) == key
