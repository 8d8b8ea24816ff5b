"""Deterministic, realistic enrichment: the same lead always gives the same entry.

Everything is drawn from one hash of the lead's input, so entries are computed when a page is
read instead of being stored: a page costs the same whatever the list's size, and little (README's
Benchmarks section has the figures; seeding a `random.Random` per entry had cost about as much again).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Diego",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kira",
    "Liam",
    "Maya",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rafael",
    "Sofia",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amara",
    "Bruno",
    "Chloe",
    "Dmitri",
    "Emeka",
    "Freya",
    "Gabriel",
    "Hana",
]
LAST_NAMES = [
    "Silva",
    "Novak",
    "Okafor",
    "Tanaka",
    "Müller",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Nguyen",
    "Johansson",
    "Fischer",
    "Moreau",
    "Costa",
    "Patel",
    "Kim",
    "Garcia",
    "Brown",
    "Andersen",
    "Dubois",
    "Schmidt",
    "Ivanova",
    "Mensah",
    "Yilmaz",
    "Santos",
    "Larsen",
    "Chen",
    "Walsh",
    "Ortiz",
]
COMPANIES = (
    ("Northwind Analytics", "northwind.io", "Computer Software"),
    ("Bluepeak Logistics", "bluepeak.com", "Logistics and Supply Chain"),
    ("Lumen Health", "lumenhealth.com", "Hospital & Health Care"),
    ("Quarry Capital", "quarrycap.com", "Venture Capital & Private Equity"),
    ("Tessellate", "tessellate.ai", "Computer Software"),
    ("Harbor & Pine", "harborpine.co", "Retail"),
    ("Vantage Robotics", "vantagerobotics.com", "Industrial Automation"),
    ("Cobalt Energy", "cobaltenergy.com", "Renewables & Environment"),
    ("Meridian Bank", "meridianbank.com", "Banking"),
    ("Atlas Learning", "atlaslearning.org", "E-Learning"),
    ("Fernway Foods", "fernway.com", "Food & Beverages"),
    ("Orbital Media", "orbitalmedia.tv", "Online Media"),
)
TITLES = (
    "CEO",
    "CTO",
    "VP of Sales",
    "Head of Growth",
    "Account Executive",
    "Sales Development Representative",
    "Marketing Manager",
    "Director of Operations",
    "Product Manager",
    "Software Engineer",
    "Head of People",
    "Chief Revenue Officer",
    "Customer Success Manager",
    "Data Scientist",
)
SENIORITY = {"CEO": "c_suite", "CTO": "c_suite", "Chief Revenue Officer": "c_suite"}
VALIDATION_RESULTS = (("deliverable", 70), ("risky", 15), ("undeliverable", 8), ("unknown", 7))
UNMATCHED_PERCENT = 12
LOCATIONS = ("Lisbon", "Austin", "Berlin")
LOCAL_PARTS = {name: re.sub(r"[^a-z]", "", name.lower()) for name in (*FIRST_NAMES, *LAST_NAMES)}
"""The letters of each name an email's local part is made of, worked out once."""
NAME_PART = re.compile(r"[^\W\d_]+")
"""A word of a name: letters only (`504` or `a1b2` in a profile name is LinkedIn's, not the person's)."""
EMAIL_WORDS = re.compile(r"[._-]")
T = TypeVar("T")


def lead_key(lead: Mapping[str, Any]) -> str:
    """What identifies a lead: its LinkedIn URL, email, or title and company."""
    for field in ("linkedin_url", "email"):
        if isinstance(lead.get(field), str):
            return f"{field}:{lead[field].strip().lower()}"
    company = lead.get("company_domain") or lead.get("company_name") or ""
    return f"title:{str(lead.get('title', '')).lower()}@{str(company).lower()}"


class Draws:
    """Numbers drawn from a 512-bit hash of the lead, each `below(n)` using up its share of the bits."""

    __slots__ = ("bits",)

    def __init__(self, key: str) -> None:
        self.bits = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=64).digest(), "big")

    def below(self, n: int) -> int:
        self.bits, value = divmod(self.bits, n)
        return value

    def choice(self, options: Sequence[T]) -> T:
        return options[self.below(len(options))]


def enrich(entry_id: str, lead: Mapping[str, Any], options: Mapping[str, bool]) -> dict[str, Any]:
    """The lead list entry for `lead`, as the API would return it."""
    draws = Draws(lead_key(lead))
    matched = draws.below(100) >= UNMATCHED_PERCENT
    entry: dict[str, Any] = {
        "id": entry_id,
        "object": "lead_list_entry",
        "email": _str(lead.get("email")),
        "person_id": None,
        "linkedin_url": _str(lead.get("linkedin_url")),
        "first_name": None,
        "last_name": None,
        "company_name": _str(lead.get("company_name")),
        "company_domain": _str(lead.get("company_domain")),
        "industry": None,
        "title": _str(lead.get("title")),
        "email_validation_result": None,
        "data": {},
    }
    if matched and options.get("enrich", True):
        _fill_person(entry, draws)
    if options.get("validate_email", True) and entry["email"]:
        entry["email_validation_result"] = _validation(entry["email"], draws)
    if options.get("reveal_phone_numbers", False) and entry["person_id"]:
        entry["data"]["phone_numbers"] = [{"number": f"+1 415 555 {draws.below(10_000):04d}", "type": "mobile"}]
    return entry


def named(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    """The person's name where the lead carries one: the profile's (`/in/kira-muller-504` → Kira Muller),
    else the email's local part (`ana.lima@` → Ana Lima), so a lead enriched reads as the lead sent.
    None when neither holds two words (a member id `/in/ACoAA…`, `info@`): the name is drawn then."""
    url, email = entry.get("linkedin_url"), entry.get("email")
    words: list[str] = []
    if isinstance(url, str) and "/in/" in url:
        words = [word for word in url.split("/in/", 1)[1].split("/")[0].split("-") if NAME_PART.fullmatch(word)]
    if len(words) < 2 and isinstance(email, str) and "@" in email:
        local = email.split("@", 1)[0].split("+")[0]
        words = [word for word in EMAIL_WORDS.split(local) if NAME_PART.fullmatch(word)]
    if len(words) < 2:
        return None
    return words[0].capitalize(), " ".join(word.capitalize() for word in words[1:])


def _letters(name: str) -> str:
    """The ASCII letters of a name, for an email's local part or a profile's (`Müller` → `muller`)."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(letter for letter in name.lower() if "a" <= letter <= "z")


def _fill_person(entry: dict[str, Any], draws: Draws) -> None:
    drawn_first, drawn_last = draws.choice(FIRST_NAMES), draws.choice(LAST_NAMES)  # drawn always: the rest stays
    company, domain, industry = draws.choice(COMPANIES)
    title = entry["title"] or draws.choice(TITLES)
    given = named(entry)
    first, last = given or (drawn_first, drawn_last)
    local = f"{LOCAL_PARTS[first]}.{LOCAL_PARTS[last]}" if given is None else f"{_letters(first)}.{_letters(last)}"
    entry.update(
        person_id=_uuid(draws),
        first_name=first,
        last_name=last,
        company_name=entry["company_name"] or company,
        company_domain=entry["company_domain"] or domain,
        industry=industry,
        title=title,
        email=entry["email"] or f"{local}@{entry['company_domain'] or domain}",
        linkedin_url=entry["linkedin_url"] or f"https://www.linkedin.com/in/{local.replace('.', '-')}",
    )
    entry["data"] = {"seniority": SENIORITY.get(title, "staff"), "location": draws.choice(LOCATIONS)}


def _validation(email: str, draws: Draws) -> dict[str, Any]:
    roll, result = draws.below(100), "unknown"
    for name, share in VALIDATION_RESULTS:
        if roll < share:
            result = name
            break
        roll -= share
    return {"object": "email_validation_result", "email": email, "result": result, "catch_all": draws.below(5) == 0}


def _uuid(draws: Draws) -> str:
    digits = f"{draws.below(1 << 128):032x}"
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-a{digits[17:20]}-{digits[20:]}"


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None
