# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from enum import StrEnum


class LeadListStatus(StrEnum):
    """Values added by the vendor later parse as a member named UNKNOWN that keeps the received value."""

    CANCELED = "canceled"
    COMPLETED = "completed"
    PROCESSING = "processing"
    QUEUED = "queued"

    @classmethod
    def _missing_(cls, value: object) -> "LeadListStatus | None":
        # Forgiving reader: a value the vendor added later parses instead of failing the response.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)
