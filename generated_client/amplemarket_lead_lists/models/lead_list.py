# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lead_list_status import LeadListStatus
from ..models.lead_list_type import LeadListType
from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="LeadList")

_PROPERTY_NAMES = frozenset(
    {
        "id",
        "status",
        "object",
        "name",
        "shared",
        "visible",
        "owner",
        "type",
        "options",
        "leads",
        "_links",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""

_VALUES = operator.itemgetter(
    "id",
    "status",
    "object",
    "name",
    "shared",
    "visible",
    "owner",
    "type",
    "options",
    "leads",
    "_links",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class LeadList:
    """A lead list. Unknown fields are kept.

    Reading entries (decided here, because the sources disagree): the entries of a page are in
    `leads`, as the vendor's response examples show. The vendor's guide also says the results
    are "in `response.results`"; no response with `results` has been seen, but a forgiving
    reader takes `results` as the entries when `leads` is absent. A `completed` lead list
    whose entries can be read from neither is malformed: a client must raise, never treat it
    as an empty last page.

        Attributes:
            id (str):
            status (LeadListStatus | str): One of `LeadListStatus`'s known values, or any other string: a status the vendor
                adds later is a value clients keep, never an error (an open enum). A component of its own, not an inline
                `anyOf`: generators that name inline schemas after their property would call it `LeadListStatus` too.
            object_ (str | None): Always `lead_list`.
            name (None | str):
            shared (bool | None):
            visible (bool | None):
            owner (None | str):
            type_ (LeadListType | None): The input the list was made from. `title_and_company` (the guide's spelling) and
                `titles_and_company` (the request spelling) both occur.
            options (LeadListOptions | None):
            leads (list[LeadListEntry] | None): Up to `page[size]` entries once completed (required then: see the schema's
                description for `results`); empty or absent before.
            links (Links | None): HAL-style links keyed by relation; `next`/`prev` appear only when entries exist there.
    """

    id: str
    status: LeadListStatus | str
    object_: str | None = None
    name: None | str = None
    shared: bool | None = None
    visible: bool | None = None
    owner: None | str = None
    type_: LeadListType | None = None
    options: LeadListOptions | None = None
    leads: list[LeadListEntry] | None = None
    links: Links | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str
        if isinstance(self.status, LeadListStatus):
            status = self.status.value
        else:
            status = self.status

        object_ = self.object_

        name = self.name

        shared = self.shared

        visible = self.visible

        owner = self.owner

        type_ = None if self.type_ is None else self.type_.value

        options = None if self.options is None else self.options.to_dict()

        leads: list[dict[str, Any]] | None = None
        if self.leads is not None:
            leads = []
            for leads_item_data in self.leads:
                leads_item = leads_item_data.to_dict()
                leads.append(leads_item)

        links = None if self.links is None else self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )
        absent = self._absent
        if object_ is not None or "object" not in absent:
            field_dict["object"] = object_
        if name is not None or "name" not in absent:
            field_dict["name"] = name
        if shared is not None or "shared" not in absent:
            field_dict["shared"] = shared
        if visible is not None or "visible" not in absent:
            field_dict["visible"] = visible
        if owner is not None or "owner" not in absent:
            field_dict["owner"] = owner
        if type_ is not None or "type" not in absent:
            field_dict["type"] = type_
        if options is not None or "options" not in absent:
            field_dict["options"] = options
        if leads is not None or "leads" not in absent:
            field_dict["leads"] = leads
        if links is not None or "_links" not in absent:
            field_dict["_links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 11 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                id,
                status,
                object_,
                name,
                shared,
                visible,
                owner,
                type_,
                options,
                leads,
                links,
            ) = _VALUES(src_dict)
        else:
            id = src_dict["id"]
            status = src_dict["status"]
            object_ = src_dict.get("object")
            name = src_dict.get("name")
            shared = src_dict.get("shared")
            visible = src_dict.get("visible")
            owner = src_dict.get("owner")
            type_ = src_dict.get("type")
            options = src_dict.get("options")
            leads = src_dict.get("leads")
            links = src_dict.get("_links")

        status = LeadListStatus(status)

        type_ = None if type_ is None else LeadListType(type_)

        options = None if options is None else LeadListOptions.from_dict(options)

        leads = None if leads is None else [LeadListEntry.from_dict(leads_item_data) for leads_item_data in leads]

        links = None if links is None else Links.from_dict(links)

        lead_list = cls(  # positional, in the order the attributes are declared above
            id,
            status,
            object_,
            name,
            shared,
            visible,
            owner,
            type_,
            options,
            leads,
            links,
        )

        if complete_:
            return lead_list
        lead_list._absent = _PROPERTY_NAMES.difference(src_dict)

        if not _PROPERTY_NAMES.issuperset(src_dict):
            lead_list.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return lead_list

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


additional_properties_on_first_use(LeadList)


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.lead_list_entry import LeadListEntry  # noqa: E402
from ..models.lead_list_options import LeadListOptions  # noqa: E402
from ..models.links import Links  # noqa: E402
