# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="Links")

_PROPERTY_NAMES = frozenset(
    {
        "self",
        "next",
        "prev",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""

_VALUES = operator.itemgetter(
    "self",
    "next",
    "prev",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class Links:
    """HAL-style links keyed by relation; `next`/`prev` appear only when entries exist there.

    Attributes:
        self_ (Link | None):
        next_ (Link | None):
        prev (Link | None):
    """

    self_: Link | None = None
    next_: Link | None = None
    prev: Link | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        self_ = None if self.self_ is None else self.self_.to_dict()

        next_ = None if self.next_ is None else self.next_.to_dict()

        prev = None if self.prev is None else self.prev.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        absent = self._absent
        if self_ is not None or "self" not in absent:
            field_dict["self"] = self_
        if next_ is not None or "next" not in absent:
            field_dict["next"] = next_
        if prev is not None or "prev" not in absent:
            field_dict["prev"] = prev

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 3 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                self_,
                next_,
                prev,
            ) = _VALUES(src_dict)
        else:
            self_ = src_dict.get("self")
            next_ = src_dict.get("next")
            prev = src_dict.get("prev")

        self_ = None if self_ is None else Link.from_dict(self_)

        next_ = None if next_ is None else Link.from_dict(next_)

        prev = None if prev is None else Link.from_dict(prev)

        links = cls(  # positional, in the order the attributes are declared above
            self_,
            next_,
            prev,
        )

        if complete_:
            return links
        links._absent = _PROPERTY_NAMES.difference(src_dict)

        if not _PROPERTY_NAMES.issuperset(src_dict):
            links.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return links

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


additional_properties_on_first_use(Links)


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.link import Link  # noqa: E402
