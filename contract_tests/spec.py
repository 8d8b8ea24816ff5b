"""The spec, loaded once for every test module that needs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "lead-lists.yaml"


def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open() as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec
