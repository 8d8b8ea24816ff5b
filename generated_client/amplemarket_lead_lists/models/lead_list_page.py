# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="LeadListPage")

_PROPERTY_NAMES = frozenset(
    {
        "lead_lists",
        "_links",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""

_VALUES = operator.itemgetter(
    "lead_lists",
    "_links",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class LeadListPage:
    """One page of `listLeadLists`. `lead_lists` is seen in third-party clients; `_links` is
    inferred from the vendor's paging convention (see the operation). Unknown fields are kept.

        Attributes:
            lead_lists (list[LeadListSummary]): Up to `page[size]` lead lists.
            links (Links | None): HAL-style links keyed by relation; `next`/`prev` appear only when entries exist there.
    """

    lead_lists: list[LeadListSummary]
    links: Links | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        lead_lists = []
        for lead_lists_item_data in self.lead_lists:
            lead_lists_item = lead_lists_item_data.to_dict()
            lead_lists.append(lead_lists_item)

        links = None if self.links is None else self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lead_lists": lead_lists,
            }
        )
        absent = self._absent
        if links is not None or "_links" not in absent:
            field_dict["_links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 2 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                lead_lists,
                links,
            ) = _VALUES(src_dict)
        else:
            lead_lists = src_dict["lead_lists"]
            links = src_dict.get("_links")

        _lead_lists_json = lead_lists
        lead_lists = []
        _lead_lists = _lead_lists_json
        for lead_lists_item_data in _lead_lists:
            lead_lists_item = LeadListSummary.from_dict(lead_lists_item_data)

            lead_lists.append(lead_lists_item)

        links = None if links is None else Links.from_dict(links)

        lead_list_page = cls(  # positional, in the order the attributes are declared above
            lead_lists,
            links,
        )

        if complete_:
            return lead_list_page
        lead_list_page._absent = _PROPERTY_NAMES.difference(src_dict)

        if not _PROPERTY_NAMES.issuperset(src_dict):
            lead_list_page.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return lead_list_page

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


additional_properties_on_first_use(LeadListPage)


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.lead_list_summary import LeadListSummary  # noqa: E402
from ..models.links import Links  # noqa: E402
