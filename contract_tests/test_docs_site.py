"""`make docs`: the reference site, built afresh and opened in a real headless Chromium (Debian's `chromium`).

The site is built by `release.docs` (what `make docs` runs) into a temporary folder and served on
127.0.0.1. Playwright drives the machine's Chromium (no browser of its own is downloaded): one browser
for every page, each check waits for what it looks for instead of a fixed delay, and Redoc's pages
(hash routes, rendered client-side) are reached by changing the hash inside the one loaded page rather
than reloading its 2.5 MB each time. Chromium's own `--dump-dom` would need a process and a guessed
`--virtual-time-budget` per page.

Checked: each HTTP operation of the spec is rendered (its summary and path, at the route its menu link
names); each name of the package root's `__all__` is rendered with its docstring's first line; the
README's quick start and every subcommand's help are on their pages; every same-site link resolves (the
page answers, its `#fragment` names an element, a Redoc route renders); no request leaves 127.0.0.1 and
none fails. A screenshot of the HTTP and the Python reference is kept in reports/.

It runs in `make test` (not a target of its own) because the whole module stays under 20 s: 17-18 s on
the 2 cores shared with other work (load 3), the build 4-6 s of it, the browser's checks about 11 s.
"""

from __future__ import annotations

import http.server
import inspect
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import typer.main
import yaml
from playwright import sync_api as playwright_api

import amplemarket_lead_lists
from amplemarket_lead_lists.cli.app import app
from release.docs import ROOT, SPEC, build

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPORTS = ROOT / "reports"
PAGES = ("index.html", "cli.html", "python-api.html", "http-api.html")
WAIT_MS = 10_000
FOUND = "document.getElementById(id) || document.getElementsByName(id).length"
"""JavaScript: whether the element a link's `#id` names is on the page."""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("no Chromium on PATH: `apt-get install -y chromium` (Debian's package; .ci/run installs it)")
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Site:
    base: str
    page: Any
    outside: list[str] = field(default_factory=list)
    """Requests for any other host than the site's (aborted)."""
    failed: list[str] = field(default_factory=list)
    """Same-site answers of 400 or more, and requests that failed."""

    def response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def request_failed(self, request: Any) -> None:
        # A request the browser dropped because the page moved on is no broken link.
        if request.url.startswith(self.base) and "ERR_ABORTED" not in str(request.failure):
            self.failed.append(f"{request.failure} {request.url}")

    def open(self, url: str) -> None:
        """Open url and wait until its page has loaded (a Redoc route: until Redoc rendered it)."""
        path, fragment = urldefrag(url)
        current = urldefrag(self.page.url)[0]
        if path != current:
            response = self.page.goto(url, wait_until="load")
            assert response is not None and response.ok, f"{url}: {response and response.status}"
        elif self.page.url != url:
            self.page.goto(url)
        if path.endswith("/http-api.html"):
            route = fragment.split("#", 1)[0].strip("/")
            selector = f'[id="{route}"]' if route else "#api-content"
            try:
                self.page.wait_for_selector(selector, state="attached", timeout=WAIT_MS)
            except playwright_api.TimeoutError:
                pytest.fail(f"{url}: Redoc rendered nothing at {selector} (a route it does not know?)")

    def text(self, selector: str) -> str:
        return " ".join(str(self.page.inner_text(selector)).split())

    def missing_ids(self, fragments: set[str]) -> list[str]:
        """The fragments no element of the page answers to (by id, or an anchor's name)."""
        return list(self.page.evaluate(f"ids => ids.filter(id => !({FOUND}))", sorted(fragments)))

    def hrefs(self) -> list[str]:
        """Every link's target, resolved against the page."""
        return list(self.page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    executable = chromium()
    folder = tmp_path_factory.mktemp("site")
    build(folder)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *args: _QuietHandler(*args, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with playwright_api.sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path_factory.mktemp("chromium-profile")),
                executable_path=executable,
                headless=True,
                chromium_sandbox=False,
                args=CHROMIUM_FLAGS,
                viewport={"width": 1280, "height": 900},
            )
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            result = Site(base, context.new_page())

            def route(request_route: Any) -> None:
                url = request_route.request.url
                if url.startswith(base):
                    request_route.continue_()
                else:
                    result.outside.append(url)
                    request_route.abort()

            context.route("**/*", route)
            result.page.on("response", result.response)
            result.page.on("requestfailed", result.request_failed)
            try:
                yield result
            finally:
                context.close()
    finally:
        server.shutdown()
        server.server_close()


def operations() -> list[tuple[str, str, str, str]]:
    """(operationId, method, path, summary) of each operation of the spec."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found.append((operation["operationId"], method, path, operation["summary"]))
    return found


def test_the_spec_has_the_four_operations() -> None:
    assert sorted(op[0] for op in operations()) == ["addLeads", "createLeadList", "getLeadList", "listLeadLists"]


def test_each_http_operation_is_rendered(site: Site) -> None:
    site.open(site.base + "http-api.html")
    links = site.hrefs()
    for operation_id, method, path, summary in operations():
        # Redoc 3 routes an operation at #/<tag>/<operationId, lower-cased>, linked from its menu.
        targets = [link for link in links if re.search(rf"#/[^#]*/{operation_id.lower()}$", link)]
        assert targets, f"no menu link to {operation_id}"
        site.open(targets[0])
        route = urldefrag(targets[0])[1].strip("/")
        rendered = site.text(f'[id="{route}"]')
        assert summary in rendered, (operation_id, rendered[:300])
        assert f"{method} {path}" in rendered.lower(), (operation_id, rendered[:300])
    REPORTS.mkdir(exist_ok=True)
    site.page.screenshot(path=str(REPORTS / "docs-http-api.png"))


def _first_line(value: object) -> str:
    """A docstring's first line as the page shows it: no Markdown backticks or emphasis, spaces collapsed."""
    doc = inspect.getdoc(value) or ""
    return " ".join(re.sub(r"[`*]", "", doc.split("\n\n", 1)[0].splitlines()[0]).split())


def test_each_public_name_is_rendered_with_its_docstring(site: Site) -> None:
    site.open(site.base + "python-api.html")
    missing = []
    for name in amplemarket_lead_lists.__all__:
        anchor = f'[id="amplemarket_lead_lists.{name}"]'
        if site.page.query_selector(anchor) is None:
            missing.append(name)
            continue
        value = getattr(amplemarket_lead_lists, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            block = site.page.eval_on_selector(anchor, "heading => heading.closest('.doc-object').innerText")
            assert _first_line(value) in " ".join(block.split()), (name, _first_line(value), block[:400])
    assert not missing, f"not rendered: {missing}"
    REPORTS.mkdir(exist_ok=True)
    site.page.screenshot(path=str(REPORTS / "docs-python-api.png"))


def test_the_quick_start_and_each_command_are_on_their_pages(site: Site) -> None:
    site.open(site.base + "index.html")
    home = site.text("article")
    assert "Quick start" in home and "make demo" in home and "create_lead_list(client" in home
    site.open(site.base + "cli.html")
    page = site.text("article")
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert commands
    assert "Usage: amplemarket-lead-lists [OPTIONS] COMMAND [ARGS]..." in page
    for name in commands:
        assert f"Usage: amplemarket-lead-lists {name} [OPTIONS]" in page, name


def test_every_link_inside_the_site_resolves(site: Site) -> None:
    linked: dict[str, set[str]] = {}
    """Each page linked (a Redoc route: the page with its route) and the fragments its links name."""
    seen: set[str] = set()
    to_visit = [site.base + page for page in PAGES]
    while to_visit:
        url = to_visit.pop()
        if url in seen:
            continue
        seen.add(url)
        site.open(url)
        for link in site.hrefs():
            if not link.startswith(site.base):
                continue
            page, fragment = urldefrag(link)
            if page.endswith("/http-api.html") and fragment.startswith("/"):
                # A Redoc link: #/route, or #/route#anchor for a part of the route's page.
                route, _, fragment = fragment.partition("#")
                page = f"{page}#{route}"
            elif not urlsplit(page).path.endswith(".html"):
                continue
            to_visit.append(page)
            linked.setdefault(page, set()).add(unquote(fragment))
    broken: list[str] = []
    for page, fragments in sorted(linked.items()):
        site.open(page)
        missing = site.missing_ids(fragments - {""})
        if missing:
            # Redoc renders a route's parts in turn: give the rest a little time.
            try:
                site.page.wait_for_function(f"ids => ids.every(id => {FOUND})", arg=missing, timeout=3000)
            except playwright_api.TimeoutError:
                broken.extend(f"{page}#{fragment}" for fragment in site.missing_ids(set(missing)))
    assert len(seen) > len(PAGES), sorted(seen)
    assert not broken, broken
    assert not site.failed, site.failed
    assert not site.outside, f"requests outside the site: {sorted(set(site.outside))}"
