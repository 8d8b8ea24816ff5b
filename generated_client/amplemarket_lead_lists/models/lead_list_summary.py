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

_VALUES = operator.itemgetter(
    "id",
    "name",
    "object",
    "status",
    "shared",
    "visible",
    "owner",
    "type",
    "_links",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class LeadListSummary:
    """A lead list as listed: `id` and `name` (seen in third-party clients); the other fields are
    inferred from the lead list itself and may be missing or null. Unknown fields are kept.
    A listing carries no entries: read them with `getLeadList`.

        Attributes:
            id (str): The lead list id; also the listing's paging cursor.
            name (None | str):
            object_ (str | None): Always `lead_list`.
            status (LeadListStatus | str | None): One of `LeadListStatus`'s known values, or any other string: a status the
                vendor adds later is a value clients keep, never an error (an open enum). A component of its own, not an inline
                `anyOf`: generators that name inline schemas after their property would call it `LeadListStatus` too.
            shared (bool | None):
            visible (bool | None):
            owner (None | str):
            type_ (LeadListType | None): The input the list was made from. `title_and_company` (the guide's spelling) and
                `titles_and_company` (the request spelling) both occur.
            links (Links | None): HAL-style links keyed by relation; `next`/`prev` appear only when entries exist there.
    """

    id: str
    name: None | str
    object_: str | None = None
    status: LeadListStatus | str | None = None
    shared: bool | None = None
    visible: bool | None = None
    owner: None | str = None
    type_: LeadListType | None = None
    links: Links | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: None | str
        name = self.name

        object_ = self.object_

        status: str | None

        if isinstance(self.status, LeadListStatus):
            status = self.status.value
        else:
            status = self.status

        shared = self.shared

        visible = self.visible

        owner = self.owner

        type_ = None if self.type_ is None else self.type_.value

        links = None if self.links is None else self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
            }
        )
        absent = self._absent
        if object_ is not None or "object" not in absent:
            field_dict["object"] = object_
        if status is not None or "status" not in absent:
            field_dict["status"] = status
        if shared is not None or "shared" not in absent:
            field_dict["shared"] = shared
        if visible is not None or "visible" not in absent:
            field_dict["visible"] = visible
        if owner is not None or "owner" not in absent:
            field_dict["owner"] = owner
        if type_ is not None or "type" not in absent:
            field_dict["type"] = type_
        if links is not None or "_links" not in absent:
            field_dict["_links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 9 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                id,
                name,
                object_,
                status,
                shared,
                visible,
                owner,
                type_,
                links,
            ) = _VALUES(src_dict)
        else:
            id = src_dict["id"]
            name = src_dict["name"]
            object_ = src_dict.get("object")
            status = src_dict.get("status")
            shared = src_dict.get("shared")
            visible = src_dict.get("visible")
            owner = src_dict.get("owner")
            type_ = src_dict.get("type")
            links = src_dict.get("_links")

        name: None | str = name

        status = None if status is None else LeadListStatus(status)

        type_ = None if type_ is None else LeadListType(type_)

        links = None if links is None else Links.from_dict(links)

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

        if complete_:
            return lead_list_summary
        lead_list_summary._absent = _PROPERTY_NAMES.difference(src_dict)

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


additional_properties_on_first_use(LeadListSummary)


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.links import Links  # noqa: E402
