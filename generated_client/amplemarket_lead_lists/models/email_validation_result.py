from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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


@_attrs_define
class EmailValidationResult:
    """
    Attributes:
        object_ (str | Unset): Always `email_validation_result`.
        email (None | str | Unset):
        result (None | str | Unset): `deliverable`, `undeliverable`, `risky` or `unknown`.
        catch_all (bool | None | Unset):
    """

    object_: str | Unset = UNSET
    email: None | str | Unset = UNSET
    result: None | str | Unset = UNSET
    catch_all: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        result: None | str | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        else:
            result = self.result

        catch_all: bool | None | Unset
        if isinstance(self.catch_all, Unset):
            catch_all = UNSET
        else:
            catch_all = self.catch_all

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if object_ is not UNSET:
            field_dict["object"] = object_
        if email is not UNSET:
            field_dict["email"] = email
        if result is not UNSET:
            field_dict["result"] = result
        if catch_all is not UNSET:
            field_dict["catch_all"] = catch_all

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        object_ = src_dict.get("object", UNSET)

        email: None | str | Unset = src_dict.get("email", UNSET)

        result: None | str | Unset = src_dict.get("result", UNSET)

        catch_all: bool | None | Unset = src_dict.get("catch_all", UNSET)

        email_validation_result = cls(  # positional, in the order the attributes are declared above
            object_,
            email,
            result,
            catch_all,
        )

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
