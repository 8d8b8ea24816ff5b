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

from ..exceptions import MalformedResponseError, ResponseTooLargeError

ACCEPT_ENCODING = "gzip, deflate"
"""The Accept-Encoding of every request: what `BodyDecoder` can decode a bounded amount at a time."""

_WBITS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_GZIP_MAGIC = b"\x1f\x8b"
"""The first two bytes of a gzip member (RFC 1952 §2.3.1)."""


class BodyDecoder:
    """Decodes a response body read by read, each read to at most `room + 1` bytes.

    Encodings are undone in the reverse of the order listed, as httpx does. A body in an encoding the
    client did not ask for, or not valid in the one it names, is MalformedResponseError naming the
    Content-Encoding (not retried: the same request would get the same body). More than `limit` bytes
    received is ResponseTooLargeError whatever they decode to: bytes after a compressed body's end
    decode to nothing, so a server padding it without end would otherwise be read forever.
    """

    def __init__(self, response: httpx.Response, limit: int) -> None:
        listed = [] if response.is_stream_consumed else response.headers.get_list("content-encoding", split_commas=True)
        names = [name.strip().lower() for name in reversed(listed)]
        unasked = [name for name in names if name not in _WBITS and name not in ("identity", "")]
        if unasked:
            raise MalformedResponseError(
                response,
                f"Content-Encoding `{unasked[0]:.40}` was not asked for (the client asks for {ACCEPT_ENCODING})",
            )
        self._names = [name for name in names if name in _WBITS]
        self._stages = [_Stage(_WBITS[name]) for name in self._names]
        self._response = response
        self._limit = limit
        self._received = 0

    def decode(self, data: bytes, room: int) -> bytes:
        """The decoded bytes of one read: more than `room` only when the body has passed the cap."""
        self._received += len(data)
        if self._received > self._limit:
            raise ResponseTooLargeError(self._response.request, self._response.status_code, self._limit)
        if not self._stages:
            return data
        try:
            for stage in self._stages[:-1]:
                data = stage.decode(data, self._limit + 1)
                if len(data) > self._limit:  # an encoded form larger than the cap: the body is larger still
                    raise ResponseTooLargeError(self._response.request, self._response.status_code, self._limit)
            return self._stages[-1].decode(data, room + 1)
        except zlib.error as error:
            encoding = ", ".join(reversed(self._names))
            raise MalformedResponseError(
                self._response, f"the body is not valid {encoding} (Content-Encoding: {encoding}): {error}"
            ) from None


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
    """One zlib decoder. Deflate without a zlib header falls back to a raw stream, as httpx does; gzip
    goes on to the next member of a body of several (RFC 1952 §2.2, as `gzip.decompress` does; httpx
    drops them)."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._zlib = zlib.decompressobj(wbits)
        self._fed = False
        self._ended = False

    def decode(self, data: bytes, most: int) -> bytes:
        """At most `most` bytes of what `data` decodes to; zlib.error when it is not valid."""
        if self._ended:  # what follows the end is ignored, and not held (zlib would keep it all in `unused_data`)
            return b""
        first, self._fed = not self._fed, self._fed or bool(data)
        try:
            out = self._zlib.decompress(data, most)
        except zlib.error:
            if first and self._wbits == zlib.MAX_WBITS:
                self._wbits, self._zlib = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS)
                return self.decode(data, most)
            raise
        rest = self._zlib.unused_data if self._zlib.eof and self._wbits == _WBITS["gzip"] else b""
        if rest.startswith(_GZIP_MAGIC):  # another member, decoded while there is room
            if len(out) < most:
                self._zlib = zlib.decompressobj(self._wbits)
                out += self.decode(rest, most - len(out))
        elif self._zlib.eof and (self._wbits != _WBITS["gzip"] or not _GZIP_MAGIC.startswith(rest)):
            self._ended = True  # anything else after the end (padding, garbage) is ignored, as httpx does
        return out
