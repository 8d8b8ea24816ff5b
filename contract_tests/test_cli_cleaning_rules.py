"""The rules that decide which input rows are leads worth paying for, and under which key each is sent
once: the reason a row is rejected (shown with its line number, so it must say what is wrong), the
normal form of a LinkedIn URL, an email and a company domain, and the key that makes two spellings of one
person, or one title at one company, a single lead."""

from __future__ import annotations

import pytest

from amplemarket_lead_lists.cli.cleaning import (
    Rejected,
    clean,
    lead_body,
    normalise_domain,
    normalise_email,
    normalise_linkedin,
    other_types,
)
from amplemarket_lead_lists.cli.columns import ListType
from amplemarket_lead_lists.cli.csv_input import CsvRow

LINKEDIN, EMAIL, TITLES = ListType.LINKEDIN, ListType.EMAIL, ListType.TITLES_AND_COMPANY
TITLE_COLUMNS = {"title": "Title", "company_name": "Company", "company_domain": "Website"}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "no LinkedIn URL"),
        ("   ", "no LinkedIn URL"),
        ("linkedin.com/in/ana lima", "not a URL"),
        ("ftp://linkedin.com/in/ana", "not a linkedin.com URL"),
        ("https://notlinkedin.com/in/ana", "not a linkedin.com URL"),
        ("https://linkedin.com.evil.io/in/ana", "not a linkedin.com URL"),
        ("https://www.linkedin.com", "not a person's profile (/in/<name>): no profile path"),
        ("https://www.linkedin.com/in/", "not a person's profile (/in/<name>): a /in/ page"),
        ("https://www.linkedin.com/company/acme", "not a person's profile (/in/<name>): a /company/ page"),
        ("https://www.linkedin.com/in/ana%20lima", "not a valid profile name"),
        ("https://www.linkedin.com/in/" + "a" * 101, "not a valid profile name"),
    ],
)
def test_a_value_that_is_not_a_profile_url_is_rejected_saying_why(value: str, reason: str) -> None:
    with pytest.raises(Rejected) as rejected:
        normalise_linkedin(value)
    assert str(rejected.value) == reason


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        (" HTTP://LinkedIn.com/IN/Ana-Lima/ ", "https://www.linkedin.com/in/ana-lima"),
        ("uk.linkedin.com/in/ana?trk=x#top", "https://www.linkedin.com/in/ana"),
        ("linkedin.com/in/ana/details/experience", "https://www.linkedin.com/in/ana"),
        ("https://linkedin.com/in/ACoAAB1cDeF", "https://www.linkedin.com/in/ACoAAB1cDeF"),
        ("https://linkedin.com/in/AcoAAB1cDeF", "https://www.linkedin.com/in/acoaab1cdef"),  # not a member id
        ("linkedin.com/in/" + "a" * 100, "https://www.linkedin.com/in/" + "a" * 100),
    ],
)
def test_every_spelling_of_a_profile_url_has_one_normal_form(value: str, normal: str) -> None:
    assert normalise_linkedin(value) == normal


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "no email"),
        ("  ", "no email"),
        ("mailto:", "no email"),
        ("ana@acme", "not an email address"),
        ("ana@acme.c", "not an email address"),
        ("ana@acme.c0m", "not an email address"),
        ("ana lima@acme.com", "not an email address"),
    ],
)
def test_a_value_that_is_not_an_address_is_rejected_saying_why(value: str, reason: str) -> None:
    with pytest.raises(Rejected) as rejected:
        normalise_email(value)
    assert str(rejected.value) == reason


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        (" Ana@Acme.COM ", "ana@acme.com"),
        ("MailTo:ana%40acme.com?subject=hi", "ana@acme.com"),
        ("ana@пример.рф", "ana@пример.рф"),
        ("ana@example.xn--p1ai", "ana@example.xn--p1ai"),
    ],
)
def test_an_address_is_sent_lower_cased_and_without_its_mailto(value: str, normal: str) -> None:
    assert normalise_email(value) == normal


@pytest.mark.parametrize(
    ("value", "domain"),
    [
        ("https://www.Acme.com/about", "acme.com"),
        ("ACME.io", "acme.io"),
        ("http://shop.acme.com:8080", "shop.acme.com"),
    ],
)
def test_a_company_domain_is_its_host_without_www(value: str, domain: str) -> None:
    assert normalise_domain(value) == domain


def row(line: int, **values: str) -> CsvRow:
    return CsvRow(line, values)


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"Title": " ", "Company": "Acme"}, "no title"),
        ({"Title": "CTO"}, "no company or company domain"),
        ({"Title": "CTO", "Company": " ", "Website": "https://"}, "no company or company domain"),
    ],
)
def test_a_titles_row_without_a_title_or_a_company_is_rejected(values: dict[str, str], reason: str) -> None:
    with pytest.raises(Rejected) as rejected:
        lead_body(TITLES, row(2, **values), TITLE_COLUMNS)
    assert str(rejected.value) == reason


def test_a_titles_lead_is_keyed_by_its_domain_before_its_company_name_ignoring_case() -> None:
    """The vendor is asked for the title at the domain when there is one: one lead per title and company."""
    rows = [
        row(2, Title="CTO", Company="Acme", Website="www.acme.com"),
        row(3, Title=" cto ", Company="ACME Inc", Website="https://acme.com/"),  # the same lead
        row(4, Title="CTO", Company="Acme"),  # no domain: keyed by the name, another lead
        row(5, Title="CEO", Company="acme"),
        row(6, Title="ceo", Company="ACME "),  # the same as line 5
    ]
    cleaned = clean(rows, TITLES, TITLE_COLUMNS)
    assert [lead.key for lead in cleaned.leads] == ["cto @ acme.com", "cto @ acme", "ceo @ acme"]
    assert [lead.body for lead in cleaned.leads] == [
        {"title": "CTO", "company_name": "Acme", "company_domain": "acme.com"},
        {"title": "CTO", "company_name": "Acme"},
        {"title": "CEO", "company_name": "acme"},
    ]
    assert [[r.line for r in lead.rows] for lead in cleaned.leads] == [[2, 3], [4], [5, 6]]
    assert [r.line for r in cleaned.duplicates] == [3, 6]


def test_a_titles_lead_with_only_a_domain_is_sent_with_the_domain() -> None:
    key, body = lead_body(TITLES, row(2, Title="CTO", Website="Acme.com"), TITLE_COLUMNS)
    assert (key, body) == ("cto @ acme.com", {"title": "CTO", "company_domain": "acme.com"})


def test_rows_of_one_person_are_one_lead_and_rejects_keep_their_line_and_reason() -> None:
    columns = {"linkedin_url": "URL", "email": "Email"}
    rows = [
        row(2, URL="linkedin.com/in/ana", Email=""),
        row(3, URL="https://www.linkedin.com/in/ANA/", Email=""),
        row(4, URL="", Email="bo@acme.com"),
        row(5, URL="acme.com/team", Email="cy@acme.com"),
        row(6, URL="", Email=""),
    ]
    cleaned = clean(rows, LINKEDIN, columns)
    assert [(lead.key, [r.line for r in lead.rows]) for lead in cleaned.leads] == [
        ("https://www.linkedin.com/in/ana", [2, 3])
    ]
    assert [(reject.row.line, reject.reason) for reject in cleaned.rejects] == [
        (4, "no LinkedIn URL"),
        (5, "not a linkedin.com URL"),
        (6, "no LinkedIn URL"),
    ]
    assert other_types(cleaned.rejects, LINKEDIN, columns) == {EMAIL: 2}
    assert other_types(cleaned.rejects, LINKEDIN, {"linkedin_url": "URL"}) == {}
