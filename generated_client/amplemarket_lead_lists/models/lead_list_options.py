# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="LeadListOptions")

_PROPERTY_NAMES = frozenset(
    {
        "reveal_phone_numbers",
        "validate_email",
        "enrich",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""

_VALUES = operator.itemgetter(
    "reveal_phone_numbers",
    "validate_email",
    "enrich",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class LeadListOptions:
    """
    Attributes:
        reveal_phone_numbers (bool | None):
        validate_email (bool | None):
        enrich (bool | None):
    """

    reveal_phone_numbers: bool | None = None
    validate_email: bool | None = None
    enrich: bool | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        reveal_phone_numbers = self.reveal_phone_numbers

        validate_email = self.validate_email

        enrich = self.enrich

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        absent = self._absent
        if reveal_phone_numbers is not None or "reveal_phone_numbers" not in absent:
            field_dict["reveal_phone_numbers"] = reveal_phone_numbers
        if validate_email is not None or "validate_email" not in absent:
            field_dict["validate_email"] = validate_email
        if enrich is not None or "enrich" not in absent:
            field_dict["enrich"] = enrich

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 3 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                reveal_phone_numbers,
                validate_email,
                enrich,
            ) = _VALUES(src_dict)
        else:
            reveal_phone_numbers = src_dict.get("reveal_phone_numbers")
            validate_email = src_dict.get("validate_email")
            enrich = src_dict.get("enrich")

        lead_list_options = cls(  # positional, in the order the attributes are declared above
            reveal_phone_numbers,
            validate_email,
            enrich,
        )

        if complete_:
            return lead_list_options
        lead_list_options._absent = _PROPERTY_NAMES.difference(src_dict)

        if not _PROPERTY_NAMES.issuperset(src_dict):
            lead_list_options.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return lead_list_options

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


additional_properties_on_first_use(LeadListOptions)
