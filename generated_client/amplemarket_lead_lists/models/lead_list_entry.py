# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="LeadListEntry")

_PROPERTY_NAMES = frozenset(
    {
        "id",
        "object",
        "email",
        "person_id",
        "linkedin_url",
        "first_name",
        "last_name",
        "company_name",
        "company_domain",
        "industry",
        "title",
        "email_validation_result",
        "data",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""

_VALUES = operator.itemgetter(
    "id",
    "object",
    "email",
    "person_id",
    "linkedin_url",
    "first_name",
    "last_name",
    "company_name",
    "company_domain",
    "industry",
    "title",
    "email_validation_result",
    "data",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class LeadListEntry:
    """One enriched lead. Any field but `id` may be missing or null when nothing matched.

    Attributes:
        id (str): The entry id; also the pagination cursor.
        object_ (str | None): Always `lead_list_entry`.
        email (None | str):
        person_id (None | str):
        linkedin_url (None | str):
        first_name (None | str):
        last_name (None | str):
        company_name (None | str):
        company_domain (None | str):
        industry (None | str):
        title (None | str):
        email_validation_result (EmailValidationResult | None):
        data (LeadListEntryData | None):
    """

    id: str
    object_: str | None = None
    email: None | str = None
    person_id: None | str = None
    linkedin_url: None | str = None
    first_name: None | str = None
    last_name: None | str = None
    company_name: None | str = None
    company_domain: None | str = None
    industry: None | str = None
    title: None | str = None
    email_validation_result: EmailValidationResult | None = None
    data: LeadListEntryData | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        email = self.email

        person_id = self.person_id

        linkedin_url = self.linkedin_url

        first_name = self.first_name

        last_name = self.last_name

        company_name = self.company_name

        company_domain = self.company_domain

        industry = self.industry

        title = self.title

        email_validation_result: dict[str, Any] | None

        if isinstance(self.email_validation_result, EmailValidationResult):
            email_validation_result = self.email_validation_result.to_dict()
        else:
            email_validation_result = self.email_validation_result

        data: dict[str, Any] | None

        if isinstance(self.data, LeadListEntryData):
            data = self.data.to_dict()
        else:
            data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        absent = self._absent
        if object_ is not None or "object" not in absent:
            field_dict["object"] = object_
        if email is not None or "email" not in absent:
            field_dict["email"] = email
        if person_id is not None or "person_id" not in absent:
            field_dict["person_id"] = person_id
        if linkedin_url is not None or "linkedin_url" not in absent:
            field_dict["linkedin_url"] = linkedin_url
        if first_name is not None or "first_name" not in absent:
            field_dict["first_name"] = first_name
        if last_name is not None or "last_name" not in absent:
            field_dict["last_name"] = last_name
        if company_name is not None or "company_name" not in absent:
            field_dict["company_name"] = company_name
        if company_domain is not None or "company_domain" not in absent:
            field_dict["company_domain"] = company_domain
        if industry is not None or "industry" not in absent:
            field_dict["industry"] = industry
        if title is not None or "title" not in absent:
            field_dict["title"] = title
        if email_validation_result is not None or "email_validation_result" not in absent:
            field_dict["email_validation_result"] = email_validation_result
        if data is not None or "data" not in absent:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 13 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                id,
                object_,
                email,
                person_id,
                linkedin_url,
                first_name,
                last_name,
                company_name,
                company_domain,
                industry,
                title,
                email_validation_result,
                data,
            ) = _VALUES(src_dict)
        else:
            id = src_dict["id"]
            object_ = src_dict.get("object")
            email = src_dict.get("email")
            person_id = src_dict.get("person_id")
            linkedin_url = src_dict.get("linkedin_url")
            first_name = src_dict.get("first_name")
            last_name = src_dict.get("last_name")
            company_name = src_dict.get("company_name")
            company_domain = src_dict.get("company_domain")
            industry = src_dict.get("industry")
            title = src_dict.get("title")
            email_validation_result = src_dict.get("email_validation_result")
            data = src_dict.get("data")

        if isinstance(email_validation_result, dict):
            try:
                email_validation_result = EmailValidationResult.from_dict(email_validation_result)
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        if isinstance(data, dict):
            try:
                data = LeadListEntryData.from_dict(data)
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        lead_list_entry = cls(  # positional, in the order the attributes are declared above
            id,
            object_,
            email,
            person_id,
            linkedin_url,
            first_name,
            last_name,
            company_name,
            company_domain,
            industry,
            title,
            email_validation_result,
            data,
        )

        if complete_:
            return lead_list_entry
        lead_list_entry._absent = _PROPERTY_NAMES.difference(src_dict)

        if not _PROPERTY_NAMES.issuperset(src_dict):
            lead_list_entry.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return lead_list_entry

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


additional_properties_on_first_use(LeadListEntry)


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.email_validation_result import EmailValidationResult  # noqa: E402
from ..models.lead_list_entry_data import LeadListEntryData  # noqa: E402
