"""The sandbox's SANDBOX_* settings: their defaults are the ones the README's table documents, whole
numbers stay whole (a `Retry-After` of `30`, not `30.0`), and a bad value is refused naming its variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.sandbox_harness import SandboxClient, create_body

README = Path(__file__).resolve().parents[1] / "README.md"


def documented_defaults() -> dict[str, str]:
    """`SANDBOX_<FIELD>` -> the default the README's settings table gives it."""
    rows = re.findall(r"^\| `SANDBOX_([A-Z_]+)` \| ([^|]+) \|", README.read_text(), re.MULTILINE)
    return {name.lower(): default.strip() for name, default in rows}


def test_the_defaults_are_the_ones_the_readme_documents() -> None:
    documented = documented_defaults()
    settings = Settings.from_env({})
    assert set(documented) == set(vars(settings)), "every setting is documented, and only those"
    for name, default in documented.items():
        assert getattr(settings, name) == float(default), f"SANDBOX_{name.upper()}"


def test_a_body_over_the_default_8_mib_gets_413_and_one_of_8_mib_is_read() -> None:
    client = SandboxClient(Settings())
    limit = 8 * 1024 * 1024
    response = client.post("/lead-lists", content=b" " * (limit + 1), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["_errors"][0]["detail"] == f"the body may be at most {limit} bytes"
    response = client.post("/lead-lists", content=b" " * limit, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, "read, and found not to be JSON"


def test_a_whole_number_setting_is_sent_as_a_whole_number() -> None:
    client = SandboxClient(Settings.from_env({"SANDBOX_RETRY_AFTER": "30", "SANDBOX_QUEUE_SECONDS": "10"}))
    lead_list = client.post("/lead-lists", json=create_body()).json()
    assert client.get(f"/lead-lists/{lead_list['id']}").headers["Retry-After"] == "30"


def test_a_fractional_setting_reads_as_a_fraction() -> None:
    settings = Settings.from_env({"SANDBOX_SECONDS_PER_LEAD": "0.25", "SANDBOX_QUEUE_SECONDS": "1.5"})
    assert (settings.seconds_per_lead, settings.queue_seconds) == (0.25, 1.5)
    assert settings.processing_time(4) == settings.processing_seconds + 1.0


@pytest.mark.parametrize(
    ("name", "raw"),
    [("SANDBOX_RATE_LIMIT", "lots"), ("SANDBOX_RETRY_AFTER", "1.5"), ("SANDBOX_QUEUE_SECONDS", "soon")],
)
def test_a_value_that_is_not_a_number_of_its_kind_is_refused_naming_its_variable(name: str, raw: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"{name}={raw!r} is not a number")):
        Settings.from_env({name: raw})


@pytest.mark.parametrize(("seconds", "jitter"), [(-0.5, 0.0), (0.0, -0.5)])
def test_a_negative_latency_or_jitter_is_refused_however_the_settings_are_made(seconds: float, jitter: float) -> None:
    with pytest.raises(ValueError, match="must be at least 0"):
        Settings(latency_seconds=seconds, latency_jitter_seconds=jitter)


def test_no_latency_and_no_jitter_are_allowed() -> None:
    assert Settings(latency_seconds=0, latency_jitter_seconds=0).latency_seconds == 0
