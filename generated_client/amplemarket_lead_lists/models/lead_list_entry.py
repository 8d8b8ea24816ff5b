from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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


@_attrs_define
class LeadListEntry:
    """One enriched lead. Any field but `id` may be missing or null when nothing matched.

    Attributes:
        id (str): The entry id; also the pagination cursor.
        object_ (str | Unset): Always `lead_list_entry`.
        email (None | str | Unset):
        person_id (None | str | Unset):
        linkedin_url (None | str | Unset):
        first_name (None | str | Unset):
        last_name (None | str | Unset):
        company_name (None | str | Unset):
        company_domain (None | str | Unset):
        industry (None | str | Unset):
        title (None | str | Unset):
        email_validation_result (EmailValidationResult | None | Unset):
        data (LeadListEntryData | None | Unset):
    """

    id: str
    object_: str | Unset = UNSET
    email: None | str | Unset = UNSET
    person_id: None | str | Unset = UNSET
    linkedin_url: None | str | Unset = UNSET
    first_name: None | str | Unset = UNSET
    last_name: None | str | Unset = UNSET
    company_name: None | str | Unset = UNSET
    company_domain: None | str | Unset = UNSET
    industry: None | str | Unset = UNSET
    title: None | str | Unset = UNSET
    email_validation_result: EmailValidationResult | None | Unset = UNSET
    data: LeadListEntryData | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        person_id: None | str | Unset
        if isinstance(self.person_id, Unset):
            person_id = UNSET
        else:
            person_id = self.person_id

        linkedin_url: None | str | Unset
        if isinstance(self.linkedin_url, Unset):
            linkedin_url = UNSET
        else:
            linkedin_url = self.linkedin_url

        first_name: None | str | Unset
        if isinstance(self.first_name, Unset):
            first_name = UNSET
        else:
            first_name = self.first_name

        last_name: None | str | Unset
        if isinstance(self.last_name, Unset):
            last_name = UNSET
        else:
            last_name = self.last_name

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        company_domain: None | str | Unset
        if isinstance(self.company_domain, Unset):
            company_domain = UNSET
        else:
            company_domain = self.company_domain

        industry: None | str | Unset
        if isinstance(self.industry, Unset):
            industry = UNSET
        else:
            industry = self.industry

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        email_validation_result: dict[str, Any] | None | Unset
        if isinstance(self.email_validation_result, Unset):
            email_validation_result = UNSET
        elif isinstance(self.email_validation_result, EmailValidationResult):
            email_validation_result = self.email_validation_result.to_dict()
        else:
            email_validation_result = self.email_validation_result

        data: dict[str, Any] | None | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        elif isinstance(self.data, LeadListEntryData):
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
        if object_ is not UNSET:
            field_dict["object"] = object_
        if email is not UNSET:
            field_dict["email"] = email
        if person_id is not UNSET:
            field_dict["person_id"] = person_id
        if linkedin_url is not UNSET:
            field_dict["linkedin_url"] = linkedin_url
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if company_domain is not UNSET:
            field_dict["company_domain"] = company_domain
        if industry is not UNSET:
            field_dict["industry"] = industry
        if title is not UNSET:
            field_dict["title"] = title
        if email_validation_result is not UNSET:
            field_dict["email_validation_result"] = email_validation_result
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        id = src_dict["id"]

        object_ = src_dict.get("object", UNSET)

        email: None | str | Unset = src_dict.get("email", UNSET)

        person_id: None | str | Unset = src_dict.get("person_id", UNSET)

        linkedin_url: None | str | Unset = src_dict.get("linkedin_url", UNSET)

        first_name: None | str | Unset = src_dict.get("first_name", UNSET)

        last_name: None | str | Unset = src_dict.get("last_name", UNSET)

        company_name: None | str | Unset = src_dict.get("company_name", UNSET)

        company_domain: None | str | Unset = src_dict.get("company_domain", UNSET)

        industry: None | str | Unset = src_dict.get("industry", UNSET)

        title: None | str | Unset = src_dict.get("title", UNSET)

        _email_validation_result = src_dict.get("email_validation_result", UNSET)
        email_validation_result: EmailValidationResult | None | Unset = _email_validation_result
        if isinstance(_email_validation_result, dict):
            try:
                email_validation_result_type_0 = EmailValidationResult.from_dict(_email_validation_result)

                email_validation_result = email_validation_result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        _data = src_dict.get("data", UNSET)
        data: LeadListEntryData | None | Unset = _data
        if isinstance(_data, dict):
            try:
                data_type_0 = LeadListEntryData.from_dict(_data)

                data = data_type_0
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


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.email_validation_result import EmailValidationResult  # noqa: E402
from ..models.lead_list_entry_data import LeadListEntryData  # noqa: E402
