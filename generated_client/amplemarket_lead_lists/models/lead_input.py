# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, additional_properties_on_first_use

T = TypeVar("T", bound="LeadInput")

_PROPERTY_NAMES = frozenset(
    {
        "linkedin_url",
        "email",
        "title",
        "company_name",
        "company_domain",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""


@_attrs_define
class LeadInput:
    """One lead to upload; which field is required depends on the list's `type`.

    Attributes:
        linkedin_url (str | Unset):
        email (str | Unset):
        title (str | Unset):
        company_name (str | Unset):
        company_domain (str | Unset):
    """

    linkedin_url: str | Unset = UNSET
    email: str | Unset = UNSET
    title: str | Unset = UNSET
    company_name: str | Unset = UNSET
    company_domain: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""

    def to_dict(self) -> dict[str, Any]:
        linkedin_url = self.linkedin_url

        email = self.email

        title = self.title

        company_name = self.company_name

        company_domain = self.company_domain

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if linkedin_url is not UNSET:
            field_dict["linkedin_url"] = linkedin_url
        if email is not UNSET:
            field_dict["email"] = email
        if title is not UNSET:
            field_dict["title"] = title
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if company_domain is not UNSET:
            field_dict["company_domain"] = company_domain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        linkedin_url = src_dict.get("linkedin_url", UNSET)

        email = src_dict.get("email", UNSET)

        title = src_dict.get("title", UNSET)

        company_name = src_dict.get("company_name", UNSET)

        company_domain = src_dict.get("company_domain", UNSET)

        lead_input = cls(  # positional, in the order the attributes are declared above
            linkedin_url,
            email,
            title,
            company_name,
            company_domain,
        )

        if not _PROPERTY_NAMES.issuperset(src_dict):
            lead_input.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return lead_input

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


additional_properties_on_first_use(LeadInput)
