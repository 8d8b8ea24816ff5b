"""The size cap on an inner encoding is a cap, not a ceiling below it: an encoded layer of exactly
`max_response_bytes` whose body fits is read whole (`transport/decompression.py`)."""

from __future__ import annotations

import gzip

import pytest

from amplemarket_lead_lists import ResponseTooLargeError
from amplemarket_lead_lists.transport.decompression import BodyDecoder
from contract_tests.test_polling_decompression import PAGE, deflate, streamed


def test_an_inner_encoding_of_exactly_the_cap_is_undone_when_the_body_fits() -> None:
    inner = gzip.compress(PAGE, compresslevel=0)  # stored: a little larger than the body itself
    limit = len(inner)
    assert len(PAGE) < limit
    decoder = BodyDecoder(streamed("gzip, deflate"), limit=limit)
    assert decoder.decode(deflate(inner), limit) == PAGE


def test_an_inner_encoding_one_byte_past_the_cap_is_too_large() -> None:
    inner = gzip.compress(PAGE, compresslevel=0)
    with pytest.raises(ResponseTooLargeError) as caught:
        BodyDecoder(streamed("gzip, deflate"), limit=len(inner) - 1).decode(deflate(inner), len(inner) - 1)
    assert caught.value.limit == len(inner) - 1
