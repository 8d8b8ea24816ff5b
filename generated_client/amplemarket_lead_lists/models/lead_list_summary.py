from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lead_list_status import LeadListStatus
from ..models.lead_list_type import LeadListType
from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadListSummary")

_PROPERTY_NAMES = frozenset(
    {
        "id",
        "name",
        "object",
        "status",
        "shared",
        "visible",
        "owner",
        "type",
        "_links",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""


@_attrs_define
class LeadListSummary:
    """A lead list as listed: `id` and `name` (seen in third-party clients); the other fields are
    inferred from the lead list itself and may be missing or null. Unknown fields are kept.
    A listing carries no entries: read them with `getLeadList`.

        Attributes:
            id (str): The lead list id; also the listing's paging cursor.
            name (None | str):
            object_ (str | Unset): Always `lead_list`.
            status (LeadListStatus | Unset): `queued` (not started), `processing` (in progress), `completed` (finished),
                `canceled`
                (finished because it was canceled). Clients tolerate values added later.
            shared (bool | None | Unset):
            visible (bool | None | Unset):
            owner (None | str | Unset):
            type_ (LeadListType | Unset): The input the list was made from. `title_and_company` (the guide's spelling) and
                `titles_and_company` (the request spelling) both occur.
            links (Links | Unset): HAL-style links keyed by relation; `next`/`prev` appear only when entries exist there.
    """

    id: str
    name: None | str
    object_: str | Unset = UNSET
    status: LeadListStatus | Unset = UNSET
    shared: bool | None | Unset = UNSET
    visible: bool | None | Unset = UNSET
    owner: None | str | Unset = UNSET
    type_: LeadListType | Unset = UNSET
    links: Links | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: None | str
        name = self.name

        object_ = self.object_

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

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

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_
        if status is not UNSET:
            field_dict["status"] = status
        if shared is not UNSET:
            field_dict["shared"] = shared
        if visible is not UNSET:
            field_dict["visible"] = visible
        if owner is not UNSET:
            field_dict["owner"] = owner
        if type_ is not UNSET:
            field_dict["type"] = type_
        if links is not UNSET:
            field_dict["_links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        id = src_dict["id"]

        name: None | str = src_dict["name"]

        object_ = src_dict.get("object", UNSET)

        _status = src_dict.get("status", UNSET)
        status: LeadListStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = LeadListStatus(_status)

        shared: bool | None | Unset = src_dict.get("shared", UNSET)

        visible: bool | None | Unset = src_dict.get("visible", UNSET)

        owner: None | str | Unset = src_dict.get("owner", UNSET)

        _type_ = src_dict.get("type", UNSET)
        type_: LeadListType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = LeadListType(_type_)

        _links = src_dict.get("_links", UNSET)
        links: Links | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = Links.from_dict(_links)

        lead_list_summary = cls(  # positional, in the order the attributes are declared above
            id,
            name,
            object_,
            status,
            shared,
            visible,
            owner,
            type_,
            links,
        )

        if not _PROPERTY_NAMES.issuperset(src_dict):
            lead_list_summary.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return lead_list_summary

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
from ..models.links import Links  # noqa: E402
