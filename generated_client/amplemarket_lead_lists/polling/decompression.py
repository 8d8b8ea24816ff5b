"""Undoing a body's Content-Encoding without ever holding much more than the size cap.

httpx inflates each network read whole: one 64 KiB read of a gzip bomb is 64 MiB before any cap can
count it (with brotli or zstandard installed, which httpx then asks for, gigabytes). Here zlib is
told how much room is left, so no read decodes to more than that plus one byte, and the client asks
only for the encodings zlib decodes that way.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

from .errors import ResponseTooLargeError

ACCEPT_ENCODING = "gzip, deflate"
"""The Accept-Encoding of every request: what `BodyDecoder` can decode a bounded amount at a time."""

_WBITS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


class BodyDecoder:
    """Decodes a response body read by read, each read to at most `room + 1` bytes.

    Encodings are undone in the reverse of the order listed, as httpx does; one other than gzip and
    deflate (not asked for) is left as received, as httpx leaves one it has no decoder for.
    """

    def __init__(self, response: httpx.Response, limit: int) -> None:
        listed = [] if response.is_stream_consumed else response.headers.get_list("content-encoding", split_commas=True)
        names = [name.strip().lower() for name in reversed(listed)]
        self._stages = [_Stage(_WBITS[name]) for name in names if name in _WBITS]
        self._response = response
        self._limit = limit

    def decode(self, data: bytes, room: int) -> bytes:
        """The decoded bytes of one read: more than `room` only when the body has passed the cap."""
        if not self._stages:
            return data
        for stage in self._stages[:-1]:
            data = stage.decode(data, self._limit + 1)
            if len(data) > self._limit:  # an encoded form larger than the cap: the body is larger still
                raise ResponseTooLargeError(self._response.request, self._response.status_code, self._limit)
        return self._stages[-1].decode(data, room + 1)


def raw_reads(response: httpx.Response) -> Iterator[bytes]:
    """The body as received, read by read. A response built from bytes (a mock transport's, respx's)
    was read and decoded by httpx already: its content, in one piece."""
    return iter((response.content,)) if response.is_stream_consumed else response.iter_raw()


async def araw_reads(response: httpx.Response) -> AsyncIterator[bytes]:
    """Async twin of `raw_reads`."""
    if response.is_stream_consumed:
        yield response.content
        return
    async for read in response.aiter_raw():
        yield read


class _Stage:
    """One zlib decoder; deflate without a zlib header falls back to a raw stream, as httpx does."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._zlib = zlib.decompressobj(wbits)
        self._fed = False

    def decode(self, data: bytes, most: int) -> bytes:
        first, self._fed = not self._fed, self._fed or bool(data)
        try:
            return self._zlib.decompress(data, most)
        except zlib.error as exc:
            if first and self._wbits == zlib.MAX_WBITS:
                self._wbits, self._zlib = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS)
                return self.decode(data, most)
            raise httpx.DecodingError(str(exc)) from exc
