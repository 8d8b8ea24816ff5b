"""Bodies decode to exactly what `json.loads` gives, and fail where it fails."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amplemarket_lead_lists.wire.decoding import decode_json

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**200)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@given(JSON_VALUES)
def test_any_json_document_decodes_as_json_loads_reads_it(value: object) -> None:
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, indent=1)):
        content = text.encode()
        assert decode_json(content) == json.loads(content)
        assert repr(decode_json(content)) == repr(json.loads(content))  # 1 vs 1.0, -0.0 vs 0.0


@pytest.mark.parametrize(
    "content",
    [
        b'{"revenue": 123456789012345678901234567890}',
        b'{"a": 1, "a": 2}',
        b'"\\ud800"',
        b"\xef\xbb\xbf" + b'{"bom": true}',
        '{"utf16": "ü"}'.encode("utf-16"),
        b'{"big": 1e400}',
    ],
)
def test_what_only_the_standard_library_accepts_still_decodes(content: bytes) -> None:
    assert repr(decode_json(content)) == repr(json.loads(content))


def test_nan_decodes_as_the_standard_library_reads_it() -> None:
    assert math.isnan(decode_json(b'{"score": NaN}')["score"])


@pytest.mark.parametrize("content", [b"", b"<html>", b'{"a": 1', b'{"a": "\xff"}', b"[1, 2] 3"])
def test_what_is_not_json_raises_a_value_error(content: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(content)
    with pytest.raises(ValueError):
        decode_json(content)


@pytest.mark.parametrize("content", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000])
def test_nesting_too_deep_for_any_decoder_is_a_value_error(content: bytes) -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        decode_json(content)
