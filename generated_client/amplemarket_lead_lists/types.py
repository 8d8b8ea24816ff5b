# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
"""Contains some shared types for properties"""

import threading
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


class DictOnFirstUse:
    """A model's `additional_properties`, made the first time it is read (customised template,
    generator/templates/types.py.jinja). Most objects have no field the spec does not name, and an empty
    dict for each, three per entry, set off most of the garbage collector's work while paging. It wraps
    the attribute's slot, so to its users (and to attrs: repr, equality, copy, pickle) the model is the
    same; it is made once, whichever threads ask at the same time."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot
        self._lock = threading.Lock()

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        try:
            return self._slot.__get__(instance, owner)
        except AttributeError:
            with self._lock:  # another thread may be making it: write to the same dict
                try:
                    return self._slot.__get__(instance, owner)
                except AttributeError:
                    made: dict[str, Any] = {}
                    self._slot.__set__(instance, made)
                    return made

    def __set__(self, instance: object, value: Any) -> None:
        self._slot.__set__(instance, value)

    def __delete__(self, instance: object) -> None:
        self._slot.__delete__(instance)


def additional_properties_on_first_use(model: type) -> None:
    """Give an attrs model (slotted, `additional_properties` not set by `__init__`) a DictOnFirstUse."""
    setattr(model, "additional_properties", DictOnFirstUse(vars(model)["additional_properties"]))


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
