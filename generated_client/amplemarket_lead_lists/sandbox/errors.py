"""Error responses in the vendor's `_errors` format, with `source` saying what was wrong and where."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from starlette.responses import JSONResponse

MEDIA_TYPE = "application/vnd.amp+json"


@dataclass(frozen=True)
class ApiProblem:
    """One `_errors` entry. `where` is ("pointer" | "parameter" | "header", value) or None."""

    code: str
    detail: str
    where: tuple[str, str] | None = None

    def as_error_object(self, status: int) -> dict[str, Any]:
        error: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "status": str(status),
            "code": self.code,
            "title": self.code.replace("_", " ").title(),
            "detail": self.detail,
        }
        if self.where is not None:
            error["source"] = {self.where[0]: self.where[1]}
        return error


class ApiException(Exception):
    """Raised anywhere in a request to answer with an `_errors` response."""

    def __init__(
        self, status: int, problem: ApiProblem, *more: ApiProblem, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status}: {problem.detail}")
        self.status = status
        self.problems = (problem, *more)
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        body = {"_errors": [problem.as_error_object(self.status) for problem in self.problems]}
        return JSONResponse(body, status_code=self.status, headers=self.headers, media_type=MEDIA_TYPE)


def error_code(status: int) -> str:
    """The `code` of an HTTP status: its reason phrase in snake case (503: `service_unavailable`)."""
    return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
