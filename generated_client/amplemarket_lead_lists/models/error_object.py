from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorObject")

_PROPERTY_NAMES = frozenset(
    {
        "id",
        "status",
        "code",
        "title",
        "detail",
        "source",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""


@_attrs_define
class ErrorObject:
    """One problem. Every member is optional, but at least one is present.

    Attributes:
        id (str | Unset):
        status (str | Unset): The HTTP status code, as a string.
        code (str | Unset): Application error code, e.g. `unsupported_value`.
        title (str | Unset):
        detail (str | Unset):
        source (ErrorSource | Unset):
    """

    id: str | Unset = UNSET
    status: str | Unset = UNSET
    code: str | Unset = UNSET
    title: str | Unset = UNSET
    detail: str | Unset = UNSET
    source: ErrorSource | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status

        code = self.code

        title = self.title

        detail = self.detail

        source: dict[str, Any] | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if status is not UNSET:
            field_dict["status"] = status
        if code is not UNSET:
            field_dict["code"] = code
        if title is not UNSET:
            field_dict["title"] = title
        if detail is not UNSET:
            field_dict["detail"] = detail
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        id = src_dict.get("id", UNSET)

        status = src_dict.get("status", UNSET)

        code = src_dict.get("code", UNSET)

        title = src_dict.get("title", UNSET)

        detail = src_dict.get("detail", UNSET)

        _source = src_dict.get("source", UNSET)
        source: ErrorSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = ErrorSource.from_dict(_source)

        error_object = cls(  # positional, in the order the attributes are declared above
            id,
            status,
            code,
            title,
            detail,
            source,
        )

        if not _PROPERTY_NAMES.issuperset(src_dict):
            error_object.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return error_object

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
from ..models.error_source import ErrorSource  # noqa: E402
