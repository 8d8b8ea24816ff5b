# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="ErrorsEnvelope")

_PROPERTY_NAMES = frozenset(
    {
        "_errors",
        "object",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""

_VALUES = operator.itemgetter(
    "_errors",
    "object",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class ErrorsEnvelope:
    """
    Attributes:
        errors (list[ErrorObject]):
        object_ (str | None): `error` in some vendor responses.
    """

    errors: list[ErrorObject]
    object_: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        object_ = self.object_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "_errors": errors,
            }
        )
        absent = self._absent
        if object_ is not None or "object" not in absent:
            field_dict["object"] = object_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 2 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                errors,
                object_,
            ) = _VALUES(src_dict)
        else:
            errors = src_dict["_errors"]
            object_ = src_dict.get("object")

        _errors_json = errors
        errors = []
        _errors = _errors_json
        for errors_item_data in _errors:
            errors_item = ErrorObject.from_dict(errors_item_data)

            errors.append(errors_item)

        errors_envelope = cls(  # positional, in the order the attributes are declared above
            errors,
            object_,
        )

        if complete_:
            return errors_envelope
        errors_envelope._absent = _PROPERTY_NAMES.difference(src_dict)

        if not _PROPERTY_NAMES.issuperset(src_dict):
            errors_envelope.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return errors_envelope

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


additional_properties_on_first_use(ErrorsEnvelope)


# Imported after the class is defined, so models that refer to each other still import, and
# resolved once per process rather than on every to_dict/from_dict call.
from ..models.error_object import ErrorObject  # noqa: E402
