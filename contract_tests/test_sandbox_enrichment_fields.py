"""What the sandbox's enrichment makes of a lead: the person's name as the lead carries it (profile, else
email), emails and profile URLs made of that name's ASCII letters, version 4 person ids, +1 phone
numbers, seniority from the title, and the documented shares of matches and email validation results
(each drawn from the lead's own hash, so the same lead always gets the same entry)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from amplemarket_lead_lists.sandbox.enrichment import (
    COMPANIES,
    FIRST_NAMES,
    LAST_NAMES,
    Draws,
    enrich,
    lead_key,
    named,
)

PROFILE = "https://www.linkedin.com/in/"
ON = {"enrich": True, "validate_email": True, "reveal_phone_numbers": True}
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}")


def matched(lead: dict[str, Any], options: dict[str, bool] = ON) -> dict[str, Any]:
    entry = enrich("entry", lead, options)
    assert entry["person_id"], f"{lead} happens to be unmatched: pick another"
    return entry


@pytest.mark.parametrize(
    ("lead", "name"),
    [
        ({"linkedin_url": f"{PROFILE}kira-muller-504"}, ("Kira", "Muller")),
        ({"linkedin_url": f"{PROFILE}ana-maria-lima/"}, ("Ana", "Maria Lima")),
        ({"email": "ana.lima+news@acme.com"}, ("Ana", "Lima")),
        ({"email": "bo_berg-lund@acme.com"}, ("Bo", "Berg Lund")),
        ({"linkedin_url": f"{PROFILE}kira", "email": "ana.lima@acme.com"}, ("Ana", "Lima")),
        ({"linkedin_url": f"{PROFILE}kira-muller", "email": "ana.lima@acme.com"}, ("Kira", "Muller")),
        ({"linkedin_url": "https://www.linkedin.com/company/kira-muller", "email": "ana.lima@x.co"}, ("Ana", "Lima")),
        ({"linkedin_url": f"{PROFILE}ACoAAB1x2y3"}, None),
        ({"email": "info@acme.com"}, None),
        ({"email": "ana.lima"}, None),
        ({"title": "CEO"}, None),
    ],
)
def test_the_name_is_the_one_the_lead_carries(lead: dict[str, Any], name: tuple[str, str] | None) -> None:
    assert named(lead) == name


def test_a_named_lead_is_enriched_under_its_own_name_with_an_ascii_email() -> None:
    entry = matched({"linkedin_url": f"{PROFILE}josé-müller"})
    assert (entry["first_name"], entry["last_name"]) == ("José", "Müller")
    assert entry["email"] == f"jose.muller@{entry['company_domain']}"
    assert entry["linkedin_url"] == f"{PROFILE}josé-müller", "the lead's own URL is kept"
    entry = matched({"email": "kira.muller@acme.com"})
    assert (entry["first_name"], entry["last_name"], entry["email"]) == ("Kira", "Muller", "kira.muller@acme.com")
    assert entry["linkedin_url"] == f"{PROFILE}kira-muller"


def test_a_lead_without_a_name_gets_a_drawn_one_and_a_profile_and_email_made_of_it() -> None:
    for n in range(20):
        entry = enrich("entry", {"title": f"Title {n}", "company_name": "Acme"}, ON)
        if not entry["person_id"]:
            continue
        first, last = entry["first_name"], entry["last_name"]
        assert first in FIRST_NAMES and last in LAST_NAMES
        local = f"{_ascii(first)}.{_ascii(last)}"
        assert entry["email"] == f"{local}@{entry['company_domain']}"
        assert entry["linkedin_url"] == f"{PROFILE}{local.replace('.', '-')}"
        assert entry["company_name"] == "Acme" and entry["title"] == f"Title {n}", "what the lead says is kept"
        assert (entry["company_domain"], entry["industry"]) in {(c[1], c[2]) for c in COMPANIES}


def _ascii(name: str) -> str:
    """The drawn names' letters (Müller is the one drawn name that is not ASCII)."""
    return name.lower().replace("ü", "u")


def test_person_ids_are_version_4_uuids_and_phone_numbers_are_us_mobiles() -> None:
    entries = [enrich("entry", {"email": f"person{n}@acme.com"}, ON) for n in range(50)]
    people = [entry for entry in entries if entry["person_id"]]
    assert people and all(UUID4.fullmatch(entry["person_id"]) for entry in people)
    assert len({entry["person_id"] for entry in people}) == len(people)
    for entry in people:
        [phone] = entry["data"]["phone_numbers"]
        assert phone["type"] == "mobile" and re.fullmatch(r"\+1 415 555 \d{4}", phone["number"])


@pytest.mark.parametrize(
    ("title", "seniority"),
    [("CEO", "c_suite"), ("CTO", "c_suite"), ("Chief Revenue Officer", "c_suite"), ("VP of Sales", "staff")],
)
def test_seniority_follows_the_title(title: str, seniority: str) -> None:
    entries = [enrich("entry", {"title": title, "company_name": f"Company {n}"}, ON) for n in range(10)]
    assert {entry["data"]["seniority"] for entry in entries if entry["person_id"]} == {seniority}


def rolls(lead: dict[str, Any]) -> tuple[int, int, int]:
    """The lead's draws when it is not enriched: match (of 100), validation (of 100), catch-all (of 5)."""
    draws = Draws(lead_key(lead))
    return draws.below(100), draws.below(100), draws.below(5)


def test_12_percent_of_leads_are_unmatched_and_validation_results_have_the_documented_shares() -> None:
    """deliverable 70 %, risky 15 %, undeliverable 8 %, unknown 7 %; one in five is a catch-all."""
    shares = [(70, "deliverable"), (85, "risky"), (93, "undeliverable"), (100, "unknown")]
    seen = set()
    for n in range(600):
        lead = {"email": f"person{n}@acme.com"}
        match, validation, catch_all = rolls(lead)
        entry = enrich("entry", lead, {"enrich": False})
        result = entry["email_validation_result"]
        assert result["result"] == next(name for bound, name in shares if validation < bound), validation
        assert result["catch_all"] is (catch_all == 0)
        assert result["email"] == lead["email"] and result["object"] == "email_validation_result"
        assert (enrich("entry", lead, {})["person_id"] is None) is (match < 12), match
        seen.update({validation, match})
    assert {11, 12, 69, 70, 84, 85, 92, 93} <= seen, "every boundary was met"


def test_nothing_is_added_when_enrichment_and_validation_are_off() -> None:
    lead = {"email": "ana.lima@acme.com", "title": "CEO", "company_domain": "acme.com"}
    entry = enrich("entry", lead, {"enrich": False, "validate_email": False, "reveal_phone_numbers": True})
    assert entry == {
        "id": "entry",
        "object": "lead_list_entry",
        **{"email": "ana.lima@acme.com", "person_id": None, "linkedin_url": None, "first_name": None},
        **{"last_name": None, "company_name": None, "company_domain": "acme.com", "industry": None},
        **{"title": "CEO", "email_validation_result": None, "data": {}},
    }


@pytest.mark.parametrize(
    ("lead", "key"),
    [
        ({"linkedin_url": f" {PROFILE}Ana-Lima ", "email": "x@y.co"}, f"linkedin_url:{PROFILE}ana-lima"),
        ({"linkedin_url": None, "email": " Ana@Acme.com"}, "email:ana@acme.com"),
        ({"title": "CEO", "company_domain": "Acme.com", "company_name": "Acme"}, "title:ceo@acme.com"),
        ({"title": "CEO", "company_name": "Acme"}, "title:ceo@acme"),
        ({}, "title:@"),
    ],
)
def test_a_lead_is_known_by_its_profile_else_its_email_else_its_title_and_company(
    lead: dict[str, Any], key: str
) -> None:
    assert lead_key(lead) == key


def test_a_leads_entry_is_the_same_in_every_process_and_release() -> None:
    """Entries are computed when read, so a list saved by one `--sandbox` command and read by the next, or
    a demo's output, must come out the same: nothing may depend on the process (as `hash()` would)."""
    entry = enrich("entry", {"linkedin_url": f"{PROFILE}person-1"}, ON)
    assert entry == {
        "id": "entry",
        "object": "lead_list_entry",
        "email": "chloe.yilmaz@quarrycap.com",
        "person_id": "4d7faf24-b0cd-4cc7-ab97-3dd01114a7cf",
        "linkedin_url": f"{PROFILE}person-1",
        "first_name": "Chloe",
        "last_name": "Yilmaz",
        "company_name": "Quarry Capital",
        "company_domain": "quarrycap.com",
        "industry": "Venture Capital & Private Equity",
        "title": "Marketing Manager",
        "email_validation_result": {
            "object": "email_validation_result",
            "email": "chloe.yilmaz@quarrycap.com",
            "result": "deliverable",
            "catch_all": True,
        },
        "data": {
            "seniority": "staff",
            "location": "Berlin",
            "phone_numbers": [{"number": "+1 415 555 4827", "type": "mobile"}],
        },
    }
