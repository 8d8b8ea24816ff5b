"""Which keys `conformance` hands the rules: the second key (tier "second key") from the environment
only, trimmed, and no such tier when it is unset or blank."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx

from amplemarket_lead_lists.cli import conformance as command
from amplemarket_lead_lists.conformance.runner import Target
from amplemarket_lead_lists.conformance.session import Tier

BASE = "https://conformance.example"


@pytest.mark.parametrize(("second", "expected"), [(" other-key ", "other-key"), ("  ", None), (None, None)])
def test_the_second_key_comes_trimmed_from_the_environment_and_opens_its_tier(
    second: str | None, expected: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", "first-key")
    if second is None:
        monkeypatch.delenv(command.SECOND_KEY_ENV, raising=False)
    else:
        monkeypatch.setenv(command.SECOND_KEY_ENV, second)
    ran: list[Target] = []

    def run_rules(target: Target, reports: Path | None) -> tuple[str, bool]:
        ran.append(target)
        return "summary", False

    monkeypatch.setattr(command, "run_rules", run_rules)
    with respx.mock(assert_all_called=True) as api:
        api.get(f"{BASE}/lead-lists").mock(return_value=httpx.Response(200, json={"lead_lists": []}))
        answer = command.conformance(
            BASE,
            allow_create=False,
            allow_large=False,
            lead_list_id=None,
            cap_lead_list_id=None,
            owner="o@x.io",
            reports=None,
        )
    assert answer == ("summary", False)
    (target,) = ran
    assert (target.key, target.second_key) == ("first-key", expected)
    assert (Tier.SECOND_KEY in target.tiers) is (expected is not None)
