"""Turning input rows into leads worth paying for: normalised, checked, each person sent once.

Every lead sent spends credits, so a duplicate (the same profile spelt `HTTP://LinkedIn.com/in/X/`
and `https://www.linkedin.com/in/x`) is sent once, and a row that is not a person's profile
(`/company/…`, another site's URL, free text) is never sent: it is reported with its line number.
The normalised value is also the key that joins the results back to the input rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from .columns import REQUIRED, ListType
from .csv_input import CsvRow

EMAIL = re.compile(r"[^@\s<>,;]+@[^@\s<>,;:]+\.(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)")
"""An address whose domain ends in a top-level domain: letters of any script (`пример.рф`) or its
ASCII form (`example.xn--p1ai`), as the library, which asks only for an `@`, sends them."""
SLUG = re.compile(r"[\w.\-]{1,100}")
MEMBER_ID = re.compile(r"AC[A-Za-z]AA[\w-]+")
"""A profile URL by member id (`/in/ACoAAB1cDeF`, Sales Navigator's `ACwAA…`): case-sensitive, unlike a name."""
MAILTO = re.compile(r"mailto:", re.IGNORECASE)


class Rejected(ValueError):
    """A value that is not a lead; the message is the reason, shown with the row's line number."""


def normalise_linkedin(value: str) -> str:
    """`https://www.linkedin.com/in/<slug>` for any spelling of a person's profile URL; Rejected otherwise.

    Accepts any case, http or no scheme, country subdomains (`uk.linkedin.com`), query strings,
    fragments and a trailing slash or sub-page (`/in/x/details`). A name is lower-cased, a member id
    (`/in/ACoAA…`) kept as it is: LinkedIn reads it case-sensitively.
    """
    text = value.strip()
    if not text:
        raise Rejected("no LinkedIn URL")
    if " " in text:
        raise Rejected("not a URL")
    url = urlsplit(text if "://" in text else f"https://{text}")
    host = (url.hostname or "").lower()
    if url.scheme.lower() not in ("http", "https") or not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        raise Rejected("not a linkedin.com URL")
    parts = [part for part in url.path.split("/") if part]
    if len(parts) < 2 or parts[0].lower() != "in":
        kind = f"a /{parts[0]}/ page" if parts else "no profile path"
        raise Rejected(f"not a person's profile (/in/<name>): {kind}")
    slug = unquote(parts[1])
    if not MEMBER_ID.fullmatch(slug):
        slug = slug.lower()
    if not SLUG.fullmatch(slug):
        raise Rejected("not a valid profile name")
    return f"https://www.linkedin.com/in/{slug}"


def normalise_email(value: str) -> str:
    """The address lower-cased; of a `mailto:` link (any case), the address alone (`?subject=…` dropped,
    `%40` decoded). Rejected when it is not an address.

    The result is its own normal form, so an entry that returns it joins back to its input rows."""
    text = value.strip()
    while MAILTO.match(text):
        text = unquote(text[len("mailto:") :].split("?", 1)[0]).strip()
    text = text.lower()
    if not text:
        raise Rejected("no email")
    if not EMAIL.fullmatch(text):
        raise Rejected("not an email address")
    return text


def normalise_domain(value: str) -> str:
    """`acme.com` from `https://www.Acme.com/about`."""
    text = value.strip().lower()
    host = urlsplit(text if "://" in text else f"https://{text}").hostname or ""
    return host.removeprefix("www.")


@dataclass(frozen=True)
class Lead:
    """A lead to send, its join key, and the input rows it came from (the first, then its duplicates)."""

    key: str
    body: dict[str, str]
    rows: list[CsvRow]


@dataclass(frozen=True)
class Reject:
    row: CsvRow
    reason: str


@dataclass
class Cleaned:
    leads: list[Lead] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    duplicates: list[CsvRow] = field(default_factory=list)
    """Rows whose lead an earlier row already gave (not sent again; still joined in the output)."""


def titles_key(title: str, company: str) -> str:
    """The join key of a titles-and-company lead: what the vendor is asked for, case-insensitive."""
    return f"{title.strip().lower()} @ {company.strip().lower()}"


def lead_body(kind: ListType, row: CsvRow, columns: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The join key and the request body of one row; Rejected when the row is not a lead of that type."""
    values = {name: row.values.get(column, "").strip() for name, column in columns.items()}
    if kind is ListType.LINKEDIN:
        url = normalise_linkedin(values["linkedin_url"])
        return url, {"linkedin_url": url}
    if kind is ListType.EMAIL:
        email = normalise_email(values["email"])
        return email, {"email": email}
    if not values["title"]:
        raise Rejected("no title")
    body = {"title": values["title"]}
    if values.get("company_name"):
        body["company_name"] = values["company_name"]
    if values.get("company_domain") and (domain := normalise_domain(values["company_domain"])):
        body["company_domain"] = domain
    if "company_name" not in body and "company_domain" not in body:
        raise Rejected("no company or company domain")
    return titles_key(body["title"], body.get("company_domain") or body["company_name"]), body


LEAD_OF: dict[ListType, tuple[str, str]] = {
    ListType.LINKEDIN: ("a", "LinkedIn URL"),
    ListType.EMAIL: ("an", "email"),
    ListType.TITLES_AND_COMPANY: ("a", "title and company"),
}
"""What a row needs to be a lead of each type: article and noun, for the hint of `other_types`."""


def other_types(rejects: list[Reject], kind: ListType, columns: dict[str, str]) -> dict[ListType, int]:
    """How many rejected rows would be leads of each other list type the columns allow (an email-only
    row in a LinkedIn file): a second run with that `--type` sends them."""
    fits: dict[ListType, int] = {}
    for other in ListType:
        if other is not kind and all(field in columns for field in REQUIRED[other]):
            fits[other] = sum(1 for reject in rejects if _fits(other, reject.row, columns))
    return {other: count for other, count in fits.items() if count}


def _fits(kind: ListType, row: CsvRow, columns: dict[str, str]) -> bool:
    try:
        lead_body(kind, row, columns)
    except Rejected:
        return False
    return True


def clean(rows: list[CsvRow], kind: ListType, columns: dict[str, str]) -> Cleaned:
    """Leads in input order, each key once; rejects and duplicates with their rows."""
    cleaned = Cleaned()
    seen: dict[str, Lead] = {}
    for row in rows:
        try:
            key, body = lead_body(kind, row, columns)
        except Rejected as reason:
            cleaned.rejects.append(Reject(row, str(reason)))
            continue
        if key in seen:
            seen[key].rows.append(row)
            cleaned.duplicates.append(row)
        else:
            seen[key] = Lead(key, body, [row])
            cleaned.leads.append(seen[key])
    return cleaned
