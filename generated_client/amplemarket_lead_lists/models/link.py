# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="Link")

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
            only URL characters (the query keeps the vendor's unencoded brackets), percent escapes
            only where they spell UTF-8 (what a URL parser decodes: `%C3%A9`, never `%FF` or a lone
            `%C3`; mock servers built on `decodeURIComponent` crashed on those). Clients follow
            any href on the API's own origin, matching the pattern or not, and refuse one on
            another origin (the key must not leave it).
    """

    href: str
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""

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


additional_properties_on_first_use(Link)
