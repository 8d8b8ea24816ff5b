from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Link")
_FIRST_USE = threading.Lock()
"""Held while an object's `additional_properties` is made on first use (see `__getattr__`)."""

_PROPERTY_NAMES = frozenset(
    {
        "href",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""


@_attrs_define
class Link:
    """
    Attributes:
        href (str): A URL relative to the API's base URL, as the vendor sends it (`/lead-lists/{id}`, or
            `/lead-lists` for the listing, with `page[size]`, `page[after]` or `page[before]` on
            `next` and `prev`); the pattern also
            admits the same path on the API's absolute URL, `https://api.amplemarket.com`, and
            only URL characters (the query keeps the vendor's unencoded brackets). Clients follow
            any href on the API's own origin, matching the pattern or not, and refuse one on
            another origin (the key must not leave it).
    """

    href: str
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name: made on first use (`__getattr__`). Most objects
    have none, and an empty dict for each (three per entry) set off most of the garbage collector's
    work while paging."""

    def to_dict(self) -> dict[str, Any]:
        href = self.href

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "href": href,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        href = src_dict["href"]

        link = cls(  # positional, in the order the attributes are declared above
            href,
        )

        if not _PROPERTY_NAMES.issuperset(src_dict):
            link.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return link

    if not TYPE_CHECKING:  # type checkers still flag a misspelt attribute

        def __getattr__(self, name: str) -> Any:
            """Called only for an attribute not set: `additional_properties` is made then, once, whichever
            threads ask at the same time (each would otherwise keep writing to a dict of its own)."""
            if name != "additional_properties":
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self)
            with _FIRST_USE:
                try:
                    return object.__getattribute__(self, name)  # made by another thread meanwhile
                except AttributeError:
                    self.additional_properties = additional_properties = {}
                    return additional_properties

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
