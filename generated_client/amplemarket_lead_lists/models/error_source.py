# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="ErrorSource")

_PROPERTY_NAMES = frozenset(
    {
        "pointer",
        "parameter",
        "header",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""

_VALUES = operator.itemgetter(
    "pointer",
    "parameter",
    "header",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class ErrorSource:
    """
    Attributes:
        pointer (str | None): JSON Pointer (RFC 6901) into the request body.
        parameter (str | None): The query or path parameter at fault.
        header (str | None): The request header at fault.
    """

    pointer: str | None = None
    parameter: str | None = None
    header: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        pointer = self.pointer

        parameter = self.parameter

        header = self.header

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        absent = self._absent
        if pointer is not None or "pointer" not in absent:
            field_dict["pointer"] = pointer
        if parameter is not None or "parameter" not in absent:
            field_dict["parameter"] = parameter
        if header is not None or "header" not in absent:
            field_dict["header"] = header

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 3 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                pointer,
                parameter,
                header,
            ) = _VALUES(src_dict)
        else:
            pointer = src_dict.get("pointer")
            parameter = src_dict.get("parameter")
            header = src_dict.get("header")

        error_source = cls(  # positional, in the order the attributes are declared above
            pointer,
            parameter,
            header,
        )

        if complete_:
            return error_source
        error_source._absent = _PROPERTY_NAMES.difference(src_dict)

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


additional_properties_on_first_use(ErrorSource)
