from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lead_list_status import LeadListStatus
from ..models.lead_list_type import LeadListType
from ..types import UNSET, Unset

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
            status (LeadListStatus): `queued` (not started), `processing` (in progress), `completed` (finished), `canceled`
                (finished because it was canceled). Clients tolerate values added later.
            object_ (str | Unset): Always `lead_list`.
            name (None | str | Unset):
            shared (bool | None | Unset):
            visible (bool | None | Unset):
            owner (None | str | Unset):
            type_ (LeadListType | Unset): The input the list was made from. `title_and_company` (the guide's spelling) and
                `titles_and_company` (the request spelling) both occur.
            options (LeadListOptions | Unset):
            leads (list[LeadListEntry] | Unset): Up to `page[size]` entries once completed (required then: see the schema's
                description for `results`); empty or absent before.
            links (Links | Unset): HAL-style links keyed by relation; `next`/`prev` appear only when entries exist there.
    """

    id: str
    status: LeadListStatus
    object_: str | Unset = UNSET
    name: None | str | Unset = UNSET
    shared: bool | None | Unset = UNSET
    visible: bool | None | Unset = UNSET
    owner: None | str | Unset = UNSET
    type_: LeadListType | Unset = UNSET
    options: LeadListOptions | Unset = UNSET
    leads: list[LeadListEntry] | Unset = UNSET
    links: Links | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        object_ = self.object_

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        shared: bool | None | Unset
        if isinstance(self.shared, Unset):
            shared = UNSET
        else:
            shared = self.shared

        visible: bool | None | Unset
        if isinstance(self.visible, Unset):
            visible = UNSET
        else:
            visible = self.visible

        owner: None | str | Unset
        if isinstance(self.owner, Unset):
            owner = UNSET
        else:
            owner = self.owner

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options.to_dict()

        leads: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.leads, Unset):
            leads = []
            for leads_item_data in self.leads:
                leads_item = leads_item_data.to_dict()
                leads.append(leads_item)

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_
        if name is not UNSET:
            field_dict["name"] = name
        if shared is not UNSET:
            field_dict["shared"] = shared
        if visible is not UNSET:
            field_dict["visible"] = visible
        if owner is not UNSET:
            field_dict["owner"] = owner
        if type_ is not UNSET:
            field_dict["type"] = type_
        if options is not UNSET:
            field_dict["options"] = options
        if leads is not UNSET:
            field_dict["leads"] = leads
        if links is not UNSET:
            field_dict["_links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        id = src_dict["id"]

        status = LeadListStatus(src_dict["status"])

        object_ = src_dict.get("object", UNSET)

        name: None | str | Unset = src_dict.get("name", UNSET)

        shared: bool | None | Unset = src_dict.get("shared", UNSET)

        visible: bool | None | Unset = src_dict.get("visible", UNSET)

        owner: None | str | Unset = src_dict.get("owner", UNSET)

        _type_ = src_dict.get("type", UNSET)
        type_: LeadListType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = LeadListType(_type_)

        _options = src_dict.get("options", UNSET)
        options: LeadListOptions | Unset
        if isinstance(_options, Unset):
            options = UNSET
        else:
            options = LeadListOptions.from_dict(_options)

        _leads = src_dict.get("leads", UNSET)
        leads: list[LeadListEntry] | Unset = UNSET
        if _leads is not UNSET:
            leads = []
            for leads_item_data in _leads:
                leads_item = LeadListEntry.from_dict(leads_item_data)

                leads.append(leads_item)

        _links = src_dict.get("_links", UNSET)
        links: Links | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = Links.from_dict(_links)

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


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.lead_list_entry import LeadListEntry  # noqa: E402
from ..models.lead_list_options import LeadListOptions  # noqa: E402
from ..models.links import Links  # noqa: E402
