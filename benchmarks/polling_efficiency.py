"""Case 4: requests made and lateness until completion, under a simulated clock (no real waiting).

The simulated server finishes a list after `processing` seconds and, while it is pending, sends
either the vendor's constant `Retry-After: 60` or an adaptive value (the seconds left, at most 60).
A client that honours Retry-After exactly makes the server's minimum number of requests.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from amplemarket_lead_lists import AuthenticatedClient, wait_for_lead_list

from .results import Row

PROCESSING_TIMES = (45.0, 150.0, 600.0, 1800.0)
MEDIA = {"Content-Type": "application/vnd.amp+json"}


@dataclass
class SimulatedServer:
    processing: float
    adaptive: bool
    now: float = 0.0
    requests: int = 0
    promised: float = 0.0
    early: int = 0
    noticed: float | None = None

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def clock(self) -> float:
        return self.now

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.now < self.promised:
            self.early += 1
        if self.now >= self.processing:
            self.noticed = self.now
            return httpx.Response(200, headers=MEDIA, json={"id": "ll", "status": "completed", "leads": []})
        wait = min(60, math.ceil(self.processing - self.now)) if self.adaptive else 60
        self.promised = self.now + wait
        headers = {**MEDIA, "Retry-After": str(wait)}
        return httpx.Response(200, headers=headers, json={"id": "ll", "status": "processing", "leads": []})

    def client(self) -> AuthenticatedClient:
        return AuthenticatedClient(  # simulated time: the fixed-1-s baseline polls 1,801 times, unpaced
            base_url="http://sim",
            token="k",
            allow_insecure_http=True,  # an in-process mock, named as a host
            rate_limiter=None,
            httpx_args={"transport": httpx.MockTransport(self.handle)},
        )


def ours(server: SimulatedServer) -> None:
    wait_for_lead_list(server.client(), "ll", timeout=None, sleep=server.sleep, clock=server.clock)


def fixed(interval: float) -> Callable[[SimulatedServer], None]:
    def poll(server: SimulatedServer) -> None:
        http = server.client().get_httpx_client()
        while http.get("/lead-lists/ll").json()["status"] != "completed":
            server.sleep(interval)

    return poll


def minimum(processing: float, adaptive: bool) -> tuple[int, float]:
    """Requests and lateness of a client that polls exactly when Retry-After says."""
    server = SimulatedServer(processing, adaptive)
    while server.handle(httpx.Request("GET", "http://sim")).status_code == 200 and server.noticed is None:
        server.now = server.promised
    return server.requests, (server.noticed or 0.0) - processing


def run() -> list[Row]:
    rows = []
    strategies = {"ours": ours, "fixed 1 s": fixed(1.0), "fixed 60 s": fixed(60.0)}
    for adaptive in (False, True):
        hint = "adaptive RA" if adaptive else "RA 60"
        for processing in PROCESSING_TIMES:
            least, late = minimum(processing, adaptive)
            for name, strategy in strategies.items():
                server = SimulatedServer(processing, adaptive)
                strategy(server)
                lateness = (server.noticed or 0.0) - processing
                goal = "= minimum, 0 early" if name == "ours" else ""
                met = (server.requests == least and server.early == 0) if name == "ours" else None
                rows.append(
                    Row(f"4 poll ({hint}, done at {processing:.0f} s)",
                        f"{name}: late {lateness:.0f} s, {server.early} early", server.requests, least,
                        f"server minimum, late {late:.0f} s", "requests", goal, met)
                )  # fmt: skip
    return rows
