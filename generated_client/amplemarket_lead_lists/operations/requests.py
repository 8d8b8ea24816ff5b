"""A request with a JSON body, built from the spec's own operation (method, path, media type) and a
body already checked and encoded.

The generated `_get_kwargs` takes a model: turning 60,000 checked leads into models only for the
generated code to turn them back into dicts was most of an upload's time (README: Benchmarks).
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import quote

from ..validation import JsonBody, packaged_spec


@cache
def _operations() -> dict[str, tuple[str, str, str]]:
    """operationId -> (method, path template, request media type) for every operation of the packaged spec."""
    found: dict[str, tuple[str, str, str]] = {}
    for path, item in packaged_spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                media_types = operation.get("requestBody", {}).get("content", {})
                found[operation["operationId"]] = (method, path, next(iter(media_types), ""))
    return found


def json_request(operation_id: str, body: JsonBody, **path: str) -> dict[str, Any]:
    """`operation_id`'s request carrying `body`'s bytes, each path parameter percent-encoded as one segment
    (as the generated client encodes it)."""
    method, template, media_type = _operations()[operation_id]
    url = template.format(**{name: quote(value, safe="") for name, value in path.items()})
    return {"method": method, "url": url, "content": body.content, "headers": {"Content-Type": media_type}}
