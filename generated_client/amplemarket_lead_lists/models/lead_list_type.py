# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from enum import StrEnum


class LeadListType(StrEnum):
    """Values added by the vendor later parse as a member named UNKNOWN that keeps the received value."""

    ADAPTIVE = "adaptive"
    EMAIL = "email"
    HUBSPOT = "hubspot"
    LINKEDIN = "linkedin"
    NAME_AND_COMPANY = "name_and_company"
    PERSON = "person"
    SALESFORCE = "salesforce"
    TITLES_AND_COMPANY = "titles_and_company"
    TITLE_AND_COMPANY = "title_and_company"

    @classmethod
    def _missing_(cls, value: object) -> "LeadListType | None":
        # Forgiving reader: a value the vendor added later parses instead of failing the response.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)
