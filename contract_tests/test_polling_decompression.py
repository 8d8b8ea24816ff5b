"""Compressed bodies: read as httpx reads them, never inflated past the size cap (polling/decompression.py).

httpx would inflate each network read whole before a cap could count it; the client decodes with zlib
told how much room is left, and asks only for the encodings it can decode that way.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest

from amplemarket_lead_lists import AuthenticatedClient, MalformedResponseError, ResponseTooLargeError
from amplemarket_lead_lists.transport.decompression import ACCEPT_ENCODING, BodyDecoder
from contract_tests.polling_harness import BASE, CT, TOKEN, Runner, body

MODES = ["sync", "async"]


class Reads(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, reads: list[bytes]) -> None:
        self.reads = reads

    def __iter__(self) -> Iterator[bytes]:
        yield from self.reads

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for read in self.reads:
            yield read


PAGE = json.dumps(body(entries=range(40))).encode()


def deflate(data: bytes, wbits: int = zlib.MAX_WBITS) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


def serving(
    encoding: str, content: bytes, seen: list[httpx.Request] | None = None, reads: list[bytes] | None = None
) -> AuthenticatedClient:
    """A client whose server answers `content` as a body still to be read (as over a socket), in 1 KiB
    reads, or in the `reads` given."""

    def serve(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        sent = reads if reads is not None else [content[i : i + 1024] for i in range(0, len(content), 1024)]
        return httpx.Response(200, headers={**CT, "Content-Encoding": encoding}, stream=Reads(sent))

    return AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"transport": httpx.MockTransport(serve)})


def run_with(mode: str, client: AuthenticatedClient) -> Runner:
    runner = Runner(mode)
    runner.client = client
    return runner


ENCODED: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "deflate": deflate,
    "deflate (raw, no zlib header)": lambda data: deflate(data, -zlib.MAX_WBITS),
    "identity": lambda data: data,
    "gzip, deflate": lambda data: deflate(gzip.compress(data)),
}


@pytest.mark.parametrize("name", ENCODED)
@pytest.mark.parametrize("mode", MODES)
def test_a_page_reads_the_same_in_every_encoding_httpx_decodes(mode: str, name: str) -> None:
    encoding = name.split(" (", maxsplit=1)[0]
    entries = run_with(mode, serving(encoding, ENCODED[name](PAGE))).entries()
    assert [e.id for e in entries] == [f"e{n:05d}" for n in range(40)]


@pytest.mark.parametrize("mode", MODES)
def test_a_body_httpx_has_read_already_is_taken_as_read(mode: str) -> None:
    """A mock transport's (or respx's) response built from bytes was decoded by httpx on creation."""

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={**CT, "Content-Encoding": "gzip"}, content=gzip.compress(PAGE))

    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"transport": httpx.MockTransport(serve)})
    assert len(run_with(mode, client).entries()) == 40


@pytest.mark.parametrize("mode", MODES)
def test_every_request_asks_only_for_what_can_be_decoded_within_the_cap(mode: str) -> None:
    """Even when the client was set up to ask for more (httpx asks for br and zstd whenever their
    packages are installed: neither can be told to stop at the cap)."""
    seen: list[httpx.Request] = []
    client = serving("gzip", gzip.compress(PAGE), seen)
    client = client.with_headers({"Accept-Encoding": "br, zstd, gzip"})
    run_with(mode, client).wait()
    assert seen and {request.headers["Accept-Encoding"] for request in seen} == {ACCEPT_ENCODING}


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, br"])
@pytest.mark.parametrize("mode", MODES)
def test_an_encoding_not_asked_for_is_a_malformed_response_naming_it(mode: str, encoding: str) -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(MalformedResponseError, match=r"Content-Encoding `(br|zstd)` was not asked for") as caught:
        run_with(mode, serving(encoding, b"\x1b\x03\x00\xf8\xa5\x40\xc2\x00\x1f", seen)).wait()
    assert f"asks for {ACCEPT_ENCODING}" in str(caught.value)
    assert len(seen) == 1, "not retried: the same request would get the same body"


@pytest.mark.parametrize("mode", MODES)
def test_a_corrupt_gzip_body_is_a_malformed_response_naming_the_encoding_not_retried(mode: str) -> None:
    broken = bytearray(gzip.compress(PAGE))
    broken[20:30] = bytes(10)
    seen: list[httpx.Request] = []
    with pytest.raises(MalformedResponseError, match=r"the body is not valid gzip \(Content-Encoding: gzip\)"):
        run_with(mode, serving("gzip", bytes(broken), seen)).wait()
    assert len(seen) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_gzip_body_that_is_raw_deflate_is_malformed_not_guessed(mode: str) -> None:
    """Only deflate falls back to a stream without its zlib header (as httpx does): gzip is gzip."""
    with pytest.raises(MalformedResponseError, match=r"the body is not valid gzip \(Content-Encoding: gzip\)"):
        run_with(mode, serving("gzip", deflate(PAGE, -zlib.MAX_WBITS))).wait()


@pytest.mark.parametrize("mode", MODES)
def test_a_gzip_body_of_several_members_is_read_whole(mode: str) -> None:
    """RFC 1952 allows members one after another (`gzip.decompress` reads them all; httpx keeps the first)."""
    half = len(PAGE) // 2
    members = gzip.compress(PAGE[:half]) + gzip.compress(PAGE[half:]) + bytes(3)  # zero padding after: ignored
    assert gzip.decompress(members[:-3]) == PAGE
    entries = run_with(mode, serving("gzip", members)).entries()
    assert len(entries) == 40


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
@pytest.mark.parametrize("mode", MODES)
def test_what_follows_the_end_of_a_compressed_body_is_ignored_not_held(mode: str, encoding: str) -> None:
    """Bytes after the end of the stream (padding, garbage) are ignored, as httpx does, and not kept:
    zlib would hold them all, memory the size cap never counts (here 8 MiB of it)."""
    padding = bytes(64 * 1024)
    runner = run_with(mode, serving(encoding, b"", reads=[ENCODED[encoding](PAGE), *[padding] * 128]))
    tracemalloc.start()
    try:
        entries = runner.entries()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(entries) == 40
    assert peak < 2 * 1024 * 1024, peak


class EndlessPadding(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A compressed page, then zeros without end: they decode to nothing."""

    def __init__(self, page: bytes) -> None:
        self.page = page

    def __iter__(self) -> Iterator[bytes]:
        yield self.page
        while True:
            yield bytes(64 * 1024)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.page
        while True:
            yield bytes(64 * 1024)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
@pytest.mark.parametrize("mode", MODES)
def test_padding_without_end_after_a_compressed_body_is_too_large_not_read_forever(mode: str, encoding: str) -> None:
    """Each read comes at once, so no timeout ends it: the bytes received count against the size cap,
    whatever they decode to."""

    def serve(request: httpx.Request) -> httpx.Response:
        stream = EndlessPadding(ENCODED[encoding](PAGE))
        return httpx.Response(200, headers={**CT, "Content-Encoding": encoding}, stream=stream)

    transport = httpx.MockTransport(serve)
    client = AuthenticatedClient(
        base_url=BASE, token=TOKEN, max_response_bytes=1_000_000, httpx_args={"transport": transport}
    )
    with pytest.raises(ResponseTooLargeError) as caught:
        run_with(mode, client).entries()
    assert caught.value.limit == 1_000_000


@pytest.mark.parametrize("mode", MODES)
def test_a_deflate_body_has_no_members_after_its_end(mode: str) -> None:
    """Only gzip goes on to another member: after a deflate stream even a gzip member is ignored, as httpx does."""
    entries = run_with(mode, serving("deflate", deflate(PAGE) + gzip.compress(b"ignored"))).entries()
    assert len(entries) == 40


def test_a_member_starting_at_the_very_end_of_a_read_is_not_lost() -> None:
    first, second = gzip.compress(b'{"a": '), gzip.compress(b"1}")
    decoder = BodyDecoder(streamed("gzip"), limit=1000)
    data = first + second
    cut = len(first) + 1  # the next member's first byte ends this read
    assert decoder.decode(data[:cut], 1000) + decoder.decode(data[cut:], 1000) == b'{"a": 1}'


def zeros(size: int, encode: Callable[[bytes], bytes] = gzip.compress) -> bytes:
    return encode(bytes(size))


def streamed(encoding: str) -> httpx.Response:
    """A response whose body has not been read yet, as a real transport returns it."""
    request = httpx.Request("GET", BASE)
    return httpx.Response(200, headers={"Content-Encoding": encoding}, stream=httpx.ByteStream(b""), request=request)


@pytest.mark.parametrize("room", [0, 1, 1000, 65_535])
def test_one_read_never_decodes_to_more_than_the_room_left_plus_one_byte(room: int) -> None:
    decoded = BodyDecoder(streamed("gzip"), limit=10**9).decode(zeros(10**7), room)
    assert len(decoded) == room + 1


def test_a_member_after_one_that_fills_the_room_is_not_decoded_in_the_same_read() -> None:
    """A first member decoding to exactly room + 1 bytes already passes the cap: the next one (here a
    bomb) is left alone, not inflated whole."""
    room = 1000
    body = gzip.compress(bytes(room + 1)) + zeros(10**7)
    assert len(BodyDecoder(streamed("gzip"), limit=10**9).decode(body, room)) == room + 1


def test_what_fits_is_decoded_whole() -> None:
    assert BodyDecoder(streamed("deflate"), limit=len(PAGE)).decode(deflate(PAGE), len(PAGE)) == PAGE


def test_an_inner_encoding_larger_than_the_cap_is_too_large_before_the_outer_one_is_undone() -> None:
    """gzip inside deflate: the deflate layer alone is bounded by the cap too."""
    inner = gzip.compress(bytes(range(256)) * 40_000, compresslevel=0)  # 10 MB, barely compressed
    with pytest.raises(ResponseTooLargeError) as caught:
        BodyDecoder(streamed("gzip, deflate"), limit=1_000_000).decode(deflate(inner), 1_000_000)
    assert caught.value.limit == 1_000_000
