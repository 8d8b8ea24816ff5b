"""Which input column holds which lead field, from header names as people spell them, and the list type.

A header says `LinkedIn URL`, `linkedin`, `Profile URL`, `E-mail` or `Job Title` far more often than
the API's `linkedin_url`; matching loosely (case, spaces, dashes, underscores) is what makes an
ordinary export usable.
"""

from __future__ import annotations

import re
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


def _shown(header: list[str]) -> str:
    """The header as read, so a wrong separator or a title row above it shows at once."""
    names = ", ".join(repr(name[:40]) for name in header[:8])
    return names + (f" and {len(header) - 8} more" if len(header) > 8 else "") if header else "no column"
