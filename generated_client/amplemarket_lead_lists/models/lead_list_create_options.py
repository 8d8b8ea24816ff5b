# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadListCreateOptions")


@_attrs_define
class LeadListCreateOptions:
    """
    Attributes:
        reveal_phone_numbers (bool | Unset): Reveal phone numbers for the leads.
        validate_email (bool | Unset): Validate the leads' emails (may only be disabled for `email` lists).
        enrich (bool | Unset): Enrich the leads (may only be disabled for `email` lists).
    """

    reveal_phone_numbers: bool | Unset = UNSET
    validate_email: bool | Unset = UNSET
    enrich: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reveal_phone_numbers = self.reveal_phone_numbers

        validate_email = self.validate_email

        enrich = self.enrich

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if reveal_phone_numbers is not UNSET:
            field_dict["reveal_phone_numbers"] = reveal_phone_numbers
        if validate_email is not UNSET:
            field_dict["validate_email"] = validate_email
        if enrich is not UNSET:
            field_dict["enrich"] = enrich

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        reveal_phone_numbers = src_dict.get("reveal_phone_numbers", UNSET)

        validate_email = src_dict.get("validate_email", UNSET)

        enrich = src_dict.get("enrich", UNSET)

        lead_list_create_options = cls(  # positional, in the order the attributes are declared above
            reveal_phone_numbers,
            validate_email,
            enrich,
        )

        return lead_list_create_options
