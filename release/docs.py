"""`make docs`: the reference site, one static folder (`site/`), built from the sources it documents.

- the HTTP API reference: openapi/lead-lists.yaml rendered by Redocly's `build-docs` (pinned in tools/),
  its scripts inlined (the page loads nothing from a CDN), as `http-api.html`;
- the Python API reference: every name of the package root's `__all__`, from its docstrings (Google
  style), by mkdocs-material and mkdocstrings-python, as `python-api.html`;
- the README's quick start and the first example of "Using the client", as `index.html`;
- the command's help: `amplemarket-lead-lists --help` and each subcommand's, run at build time (in process,
  with typer's CliRunner: the same text as the installed command), as `cli.html`.

`python -m release.docs [OUT]` (default `site/`) writes the pages into a scratch folder, then runs
`mkdocs build --strict` on release/mkdocs.yml: a warning (a cross-reference that resolves nowhere, a
page outside the nav) fails the build.
"""

from __future__ import annotations

import argparse
import inspect
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from typer.testing import CliRunner

import amplemarket_lead_lists
from amplemarket_lead_lists.cli.app import app as cli_app

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi/lead-lists.yaml"
README = ROOT / "README.md"
CONFIG = ROOT / "release/mkdocs.yml"
REDOC_TEMPLATE = ROOT / "release/redoc.hbs"
REDOCLY = ROOT / "tools/node_modules/.bin/redocly"
PACKAGE = "amplemarket_lead_lists"
COMMAND = "amplemarket-lead-lists"
HELP_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
"""The help as a terminal 100 columns wide shows it, without colours, whatever the terminal the build runs in."""


# -- index.md: from the README ------------------------------------------------------------------------


def readme_section(readme: str, title: str) -> str:
    """The body of the README's `## title` section, up to the next `## ` heading (code blocks skipped)."""
    lines = readme.splitlines()
    start = lines.index(f"## {title}") + 1
    body: list[str] = []
    fenced = False
    for line in lines[start:]:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            break
        body.append(line)
    return "\n".join(body).strip() + "\n"


def first_example(section: str) -> str:
    """The section's text up to the end of its first code block."""
    end = section.index("```", section.index("```") + 3)
    return section[: section.index("\n", end) + 1]


def index_page(readme: str) -> str:
    summary = readme.split("\n\n", 2)[1].strip()
    return (
        f"# amplemarket-lead-lists\n\n{summary}\n\n"
        "- [Command-line tool](cli.md): every command's help.\n"
        "- [Python API](python-api.md): every public name, `from amplemarket_lead_lists import …`.\n"
        "- [HTTP API](http-api.html): the Lead Lists API as the spec (`openapi/lead-lists.yaml`) describes it.\n\n"
        f"## Quick start\n\n{readme_section(readme, 'Quick start')}\n"
        f"## Using the client\n\n{first_example(readme_section(readme, 'Using the client'))}"
    )


# -- cli.md: the command's help ---------------------------------------------------------------------------


def command_help(*args: str) -> str:
    """The command's help, run in this process: what `amplemarket-lead-lists ARGS --help` prints (click wraps
    help at 80 columns less 2 whatever the terminal's width beyond that)."""
    result = CliRunner().invoke(cli_app, [*args, "--help"], prog_name=COMMAND, env=HELP_ENV, terminal_width=78)
    if result.exit_code != 0:
        raise RuntimeError(f"`{COMMAND} {' '.join(args)} --help` exited {result.exit_code}: {result.output}")
    return result.output


def subcommands(root_help: str) -> list[str]:
    """The names under `Commands:` in the root help, in its order."""
    names = []
    listing = root_help.split("\nCommands:\n", 1)[1]
    for line in listing.splitlines():
        match = re.match(r"  (\S+)", line)
        if match is None:
            break
        names.append(match.group(1))
    if not names:
        raise RuntimeError(f"no subcommand under `Commands:` in `{COMMAND} --help`")
    return names


def cli_page() -> str:
    root_help = command_help()
    names = subcommands(root_help)
    helps = [command_help(name) for name in names]
    parts = [
        "# Command-line tool\n\n",
        f"`pip install amplemarket-lead-lists` installs the `{COMMAND}` command. ",
        "What follows is its own `--help`, as the installed command prints it.\n\n",
        f"```console\n$ {COMMAND} --help\n{root_help}```\n\n",
    ]
    for name, text in zip(names, helps, strict=True):
        parts.append(f"## `{name}`\n\n```console\n$ {COMMAND} {name} --help\n{text}```\n\n")
    return "".join(parts)


# -- python-api.md: the package root's __all__ ------------------------------------------------------------

KINDS = ("Functions", "Classes", "Exceptions", "Constants and types")


def kind(name: str) -> str:
    value = getattr(amplemarket_lead_lists, name)
    if inspect.isclass(value) and issubclass(value, BaseException):
        return "Exceptions"
    if inspect.isclass(value) and not getattr(value, "__args__", None):
        return "Classes"
    if inspect.isfunction(value):
        return "Functions"
    return "Constants and types"


def python_api_page() -> str:
    groups: dict[str, list[str]] = {group: [] for group in KINDS}
    for name in amplemarket_lead_lists.__all__:
        groups[kind(name)].append(name)
    parts = [
        "# Python API\n\n",
        "Everything here is importable from the package root, `from amplemarket_lead_lists import …` ",
        "(its `__all__`); the subpackages are internal.\n\n",
    ]
    for group, names in groups.items():
        if names:
            parts.append(f"## {group}\n\n")
            parts.extend(f"::: {PACKAGE}.{name}\n    options:\n      heading_level: 3\n\n" for name in names)
    return "".join(parts)


# -- the build ------------------------------------------------------------------------------------------


def http_api_page(out: Path) -> None:
    subprocess.run(
        [
            str(REDOCLY),
            "build-docs",
            str(SPEC),
            "--inlineBundle",
            "--template",
            str(REDOC_TEMPLATE),
            "--title",
            "Amplemarket Lead Lists API",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
    )


def build(site: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="docs-") as scratch:
        pages = Path(scratch) / "pages"
        pages.mkdir()
        with ThreadPoolExecutor(max_workers=2) as pool:
            redoc = pool.submit(http_api_page, pages / "http-api.html")
            readme = README.read_text(encoding="utf-8")
            (pages / "index.md").write_text(index_page(readme), encoding="utf-8")
            (pages / "python-api.md").write_text(python_api_page(), encoding="utf-8")
            (pages / "cli.md").write_text(cli_page(), encoding="utf-8")
            redoc.result()
        config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
        config["docs_dir"] = str(pages)
        config["site_dir"] = str(site.resolve())
        handler = config["plugins"][1]["mkdocstrings"]["handlers"]["python"]
        handler["paths"] = [str(ROOT / "generated_client")]
        handler["options"]["extensions"] = [f"{ROOT / 'release/griffe_twins.py'}:AsyncTwins"]
        config_file = Path(scratch) / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config_file)],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            check=True,
            timeout=300,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="site", type=Path, help="the folder to build into (replaced)")
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
