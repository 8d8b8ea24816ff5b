# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

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

_VALUES = operator.itemgetter(
    "id",
    "status",
    "code",
    "title",
    "detail",
    "source",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class ErrorObject:
    """One problem. Every member is optional, but at least one is present.

    Attributes:
        id (str | None):
        status (str | None): The HTTP status code, as a string.
        code (str | None): Application error code, e.g. `unsupported_value`.
        title (str | None):
        detail (str | None):
        source (ErrorSource | None):
    """

    id: str | None = None
    status: str | None = None
    code: str | None = None
    title: str | None = None
    detail: str | None = None
    source: ErrorSource | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status

        code = self.code

        title = self.title

        detail = self.detail

        source = None if self.source is None else self.source.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        absent = self._absent
        if id is not None or "id" not in absent:
            field_dict["id"] = id
        if status is not None or "status" not in absent:
            field_dict["status"] = status
        if code is not None or "code" not in absent:
            field_dict["code"] = code
        if title is not None or "title" not in absent:
            field_dict["title"] = title
        if detail is not None or "detail" not in absent:
            field_dict["detail"] = detail
        if source is not None or "source" not in absent:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 6 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                id,
                status,
                code,
                title,
                detail,
                source,
            ) = _VALUES(src_dict)
        else:
            id = src_dict.get("id")
            status = src_dict.get("status")
            code = src_dict.get("code")
            title = src_dict.get("title")
            detail = src_dict.get("detail")
            source = src_dict.get("source")

        source = None if source is None else ErrorSource.from_dict(source)

        error_object = cls(  # positional, in the order the attributes are declared above
            id,
            status,
            code,
            title,
            detail,
            source,
        )

        if complete_:
            return error_object
        error_object._absent = _PROPERTY_NAMES.difference(src_dict)

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


additional_properties_on_first_use(ErrorObject)


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.error_source import ErrorSource  # noqa: E402
