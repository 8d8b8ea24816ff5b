"""A local stand-in for Amplemarket's Lead Lists API, validating every request against the spec.

`app.create_app()` builds the ASGI app; `server.running_sandbox()` serves it on a free port in a
background thread (used by `amplemarket-lead-lists enrich --sandbox`, `make demo`, the end-to-end
tests, `make conformance` and `make bench`). Its server dependencies (Starlette, uvicorn, PyYAML) come
with the `[sandbox]` extra: `pip install 'amplemarket-lead-lists[sandbox]'`.
"""

from .app import create_app
from .server import running_sandbox
from .settings import Settings

__all__ = ["Settings", "create_app", "running_sandbox"]
