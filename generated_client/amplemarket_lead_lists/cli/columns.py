"""Which input column holds which lead field, from header names as people spell them, and the list type.

A header says `LinkedIn URL`, `linkedin`, `Profile URL`, `E-mail` or `Job Title` far more often than
the API's `linkedin_url`; matching loosely (case, spaces, dashes, underscores) is what makes an
ordinary export usable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .errors import InputError


class ListType(StrEnum):
    LINKEDIN = "linkedin"
    EMAIL = "email"
    TITLES_AND_COMPANY = "titles_and_company"


ALIASES: dict[str, tuple[str, ...]] = {
    "linkedin_url": (
        "linkedinurl",
        "linkedin",
        "linkedinprofile",
        "linkedinprofileurl",
        "profileurl",
        "profile",
        "personlinkedinurl",
        "linkedinlink",
        "linkedinprofilelink",
        "linkedinprofileurls",
        "linkedinurls",
    ),  # Apollo's export says `Person Linkedin Url`
    "email": ("email", "emailaddress", "mail", "workemail", "personalemail", "businessemail", "emails"),
    "title": ("title", "jobtitle", "position", "role"),
    "company_name": ("companyname", "company", "organization", "organisation", "employer"),
    "company_domain": ("companydomain", "domain", "website", "companywebsite"),
}
"""Lead field → header names (lower-cased, only letters and digits kept) that mean it."""

FALLBACK_ALIASES: dict[str, tuple[str, ...]] = {"linkedin_url": ("url",)}
"""Names that mean the field only when no column of `ALIASES` does: a bare `URL` is the profile in many
exports, but never over an explicit LinkedIn column, and never chooses the list type over another
that the columns allow (a `Title, Company, URL` file stays titles and company)."""

REQUIRED: dict[ListType, tuple[str, ...]] = {
    ListType.LINKEDIN: ("linkedin_url",),
    ListType.EMAIL: ("email",),
    ListType.TITLES_AND_COMPANY: ("title",),
}


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def match_columns(header: list[str]) -> dict[str, str]:
    """Lead field → the first input column that means it; columns that mean nothing are left out."""
    found: dict[str, str] = {}
    for names in (ALIASES, FALLBACK_ALIASES):
        for field, aliases in names.items():
            for column in header:
                if field not in found and _squashed(column) in aliases and column not in found.values():
                    found[field] = column
                    break
    return found


def _by_fallback(columns: dict[str, str], kind: ListType) -> bool:
    """Whether the type's required column is only a `FALLBACK_ALIASES` one."""
    return any(_squashed(columns.get(field, "")) in FALLBACK_ALIASES.get(field, ()) for field in REQUIRED[kind])


def choose_type(columns: dict[str, str], requested: ListType | None, source: str, header: list[str]) -> ListType:
    """The requested type (its columns must exist), or the first of linkedin, email, titles and company
    that the columns allow (one needing a fallback column last). Raises InputError naming what is missing."""
    candidates = [requested] if requested else sorted(ListType, key=lambda kind: _by_fallback(columns, kind))
    for kind in candidates:
        if all(field in columns for field in REQUIRED[kind]) and (
            kind is not ListType.TITLES_AND_COMPANY or {"company_name", "company_domain"} & columns.keys()
        ):
            return kind
    if requested is ListType.TITLES_AND_COMPANY:
        need = "a title column and a company or company domain column"
    elif requested:
        need = f"a column for {REQUIRED[requested][0]} (e.g. {', '.join(ALIASES[REQUIRED[requested][0]][:3])})"
    else:
        need = "a LinkedIn URL, an email, or a title and company column"
    raise InputError(f"{source}: the header must have {need}; it has {_shown(header)}")


@dataclass(frozen=True)
class Reading:
    """How the user said to read the input: the list type, the column of the leads, the header's line.
    `words()` says them again in a command that must read the same leads (the rest of an upload, a
    finishing enrich)."""

    kind: ListType | None = None
    column: str | None = None
    header_line: int | None = None

    def words(self) -> list[str]:
        kind = ["--type", str(self.kind)] if self.kind else []
        column = ["--column", self.column] if self.column is not None else []
        line = ["--header-line", str(self.header_line)] if self.header_line is not None else []
        return [*kind, *column, *line]

    def is_header(self, names: list[str]) -> bool:
        """Whether a record is the header: it has the `--column` or a column that means a lead field."""
        return bool(match_columns(names)) or (self.column is not None and _named(names, self.column) is not None)


def choose_columns(
    header: list[str], values: Callable[[str], list[str]], reading: Reading, source: str
) -> tuple[dict[str, str], ListType]:
    """Lead field → input column, and the list type. `--column` is the type's lead column (LinkedIn URL,
    email, or job title), whatever its name (`LinkedIn Sales Navigator URL`); without `--type`, the type
    is that of most of its values. InputError when the column is not there or the type cannot be told."""
    columns = match_columns(header)
    kind = reading.kind
    if reading.column is not None:
        name = _named(header, reading.column)
        if name is None:
            raise InputError(f"--column {reading.column!r:.60}: {source} has no such column; it has {_shown(header)}")
        kind = kind or _kind_of(values(name), reading.column)
        field = REQUIRED[kind][0]
        columns = {f: c for f, c in columns.items() if c != name and f != field} | {field: name}
    return columns, choose_type(columns, kind, source, header)


def _named(header: list[str], wanted: str) -> str | None:
    """The column called `wanted`: exactly, else the one column whose name differs only in case or spaces."""
    if wanted in header:
        return wanted
    loose = [name for name in header if name.strip().casefold() == wanted.strip().casefold()]
    return loose[0] if len(loose) == 1 else None


def _kind_of(values: list[str], column: str) -> ListType:
    """LinkedIn or email, as most of the column's non-blank values are; InputError asking for --type otherwise."""
    filled = [value.strip().lower() for value in values if value.strip()]
    linkedin = sum("linkedin.com/" in value for value in filled)
    emails = sum("@" in value and "linkedin.com/" not in value for value in filled)
    for kind, count in ((ListType.LINKEDIN, linkedin), (ListType.EMAIL, emails)):
        if count * 2 > len(filled):
            return kind
    raise InputError(
        f"--column {column!r:.60}: most of its values are neither LinkedIn URLs nor emails; "
        "say which leads it holds with --type"
    )


def _shown(header: list[str]) -> str:
    """The header as read, so a wrong separator or a title row above it shows at once."""
    names = ", ".join(repr(name[:40]) for name in header[:8])
    return names + (f" and {len(header) - 8} more" if len(header) > 8 else "") if header else "no column"
