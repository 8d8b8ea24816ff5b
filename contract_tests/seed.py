"""The vendor guide's HTTP examples, read from the copy kept in openapi/sources/."""

from __future__ import annotations

import json
import re
from typing import Any

from contract_tests.spec import ROOT

GUIDE = ROOT / "openapi" / "sources" / "lead-lists-guide.txt"


def _json_blocks_after(marker: str, text: str) -> list[str]:
    blocks = []
    for match in re.finditer(re.escape(marker), text):
        start = text.index("{", match.end())
        depth = 0
        for index in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                blocks.append(text[start : index + 1])
                break
    return blocks


def _clean(block: str) -> Any:
    """The guide's JSON has `//` comments and trailing commas; strip both."""
    without_comments = re.sub(r"^\s*//[^\n]*", "", block, flags=re.MULTILINE)
    without_trailing_commas = re.sub(r",(\s*[}\]])", r"\1", without_comments)
    return json.loads(without_trailing_commas)


def response_examples() -> list[dict[str, Any]]:
    """The 202 (queued), the polling 200 (processing) and the completed 200, in guide order."""
    return [_clean(block) for block in _json_blocks_after("HTTP/1.1 20", GUIDE.read_text())]


def request_example() -> dict[str, Any]:
    body: dict[str, Any] = _clean(_json_blocks_after("POST /lead-lists HTTP/1.1", GUIDE.read_text())[0])
    return body
