from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorSource")

_PROPERTY_NAMES = frozenset(
    {
        "pointer",
        "parameter",
        "header",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""


@_attrs_define
class ErrorSource:
    """
    Attributes:
        pointer (str | Unset): JSON Pointer (RFC 6901) into the request body.
        parameter (str | Unset): The query or path parameter at fault.
        header (str | Unset): The request header at fault.
    """

    pointer: str | Unset = UNSET
    parameter: str | Unset = UNSET
    header: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pointer = self.pointer

        parameter = self.parameter

        header = self.header

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if pointer is not UNSET:
            field_dict["pointer"] = pointer
        if parameter is not UNSET:
            field_dict["parameter"] = parameter
        if header is not UNSET:
            field_dict["header"] = header

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        pointer = src_dict.get("pointer", UNSET)

        parameter = src_dict.get("parameter", UNSET)

        header = src_dict.get("header", UNSET)

        error_source = cls(  # positional, in the order the attributes are declared above
            pointer,
            parameter,
            header,
        )

        if not _PROPERTY_NAMES.issuperset(src_dict):
            error_source.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return error_source

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
