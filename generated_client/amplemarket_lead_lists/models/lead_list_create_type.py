# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from enum import StrEnum


class LeadListCreateType(StrEnum):
    EMAIL = "email"
    LINKEDIN = "linkedin"
    TITLES_AND_COMPANY = "titles_and_company"

    # Request-only enum: unknown values are rejected (strict writer).

    def __str__(self) -> str:
        return str(self.value)
