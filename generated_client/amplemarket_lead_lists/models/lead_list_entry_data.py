from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LeadListEntryData")
_FIRST_USE = threading.Lock()
"""Held while an object's `additional_properties` is made on first use (see `__getattr__`)."""


@_attrs_define
class LeadListEntryData:
    """Other fields the enrichment found, free-form."""

    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name: made on first use (`__getattr__`). Most objects
    have none, and an empty dict for each (three per entry) set off most of the garbage collector's
    work while paging."""

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        lead_list_entry_data = cls(  # positional, in the order the attributes are declared above
        )

        lead_list_entry_data.additional_properties = dict(src_dict)
        return lead_list_entry_data

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
