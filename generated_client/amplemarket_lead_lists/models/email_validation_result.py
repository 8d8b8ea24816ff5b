# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import additional_properties_on_first_use

T = TypeVar("T", bound="EmailValidationResult")

_PROPERTY_NAMES = frozenset(
    {
        "object",
        "email",
        "result",
        "catch_all",
    }
)
"""The JSON names of the declared properties; any other key is an additional property."""

_VALUES = operator.itemgetter(
    "object",
    "email",
    "result",
    "catch_all",
)
"""The declared properties' values, in the order above, in one call: from_dict's usual case."""
_NOTHING_ABSENT: frozenset[str] = frozenset()


@_attrs_define
class EmailValidationResult:
    """
    Attributes:
        object_ (str | None): Always `email_validation_result`.
        email (None | str):
        result (None | str): `deliverable`, `undeliverable`, `risky` or `unknown`.
        catch_all (bool | None):
    """

    object_: str | None = None
    email: None | str = None
    result: None | str = None
    catch_all: bool | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False)
    """Fields the spec does not name, by JSON name; made on first use (`types.DictOnFirstUse`)."""
    _absent: frozenset[str] = _attrs_field(init=False, default=_NOTHING_ABSENT, repr=False, eq=False)
    """The optional fields from_dict() did not find; to_dict() leaves them out."""

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        email = self.email

        result = self.result

        catch_all = self.catch_all

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        absent = self._absent
        if object_ is not None or "object" not in absent:
            field_dict["object"] = object_
        if email is not None or "email" not in absent:
            field_dict["email"] = email
        if result is not None or "result" not in absent:
            field_dict["result"] = result
        if catch_all is not None or "catch_all" not in absent:
            field_dict["catch_all"] = catch_all

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        complete_ = len(src_dict) == 4 and _PROPERTY_NAMES.issuperset(src_dict)
        if complete_:  # every field present, nothing more: the usual case
            (
                object_,
                email,
                result,
                catch_all,
            ) = _VALUES(src_dict)
        else:
            object_ = src_dict.get("object")
            email = src_dict.get("email")
            result = src_dict.get("result")
            catch_all = src_dict.get("catch_all")

        email_validation_result = cls(  # positional, in the order the attributes are declared above
            object_,
            email,
            result,
            catch_all,
        )

        if complete_:
            return email_validation_result
        email_validation_result._absent = _PROPERTY_NAMES.difference(src_dict)

        if not _PROPERTY_NAMES.issuperset(src_dict):
            email_validation_result.additional_properties = {
                name: value for name, value in src_dict.items() if name not in _PROPERTY_NAMES
            }
        return email_validation_result

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


additional_properties_on_first_use(EmailValidationResult)
