"""The package as a user meets it: the wheel installed into a clean venv, the command run on a file.

Nothing from the checkout is importable there (the venv is outside it and its working directory is a
temporary folder), so this proves the wheel carries everything: the client, the packaged spec the
checks read, the command-line tool and the sandbox behind `--sandbox`.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding only the wheel built from this checkout, with its [sandbox] extra."""
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "--no-deps", "--quiet", "-w", str(work), str(ROOT)], check=True, cwd=work)
    [wheel] = work.glob("amplemarket_lead_lists-*.whl")
    env = work / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", f"{wheel}[sandbox]"], check=True, cwd=work)
    return env


def test_the_wheel_holds_no_test_or_checkout_code(installed: Path) -> None:
    listing = subprocess.run(
        [installed / "bin" / "python", "-c", "import amplemarket_lead_lists, contract_tests"],
        check=False,
        capture_output=True,
        text=True,
        cwd=installed.parent,
    )
    assert "No module named 'contract_tests'" in listing.stderr


def test_enrich_with_the_embedded_sandbox_from_the_wheel(installed: Path) -> None:
    source, output = installed.parent / "leads.csv", installed.parent / "out.csv"
    source.write_text("\ufeffName;LinkedIn URL\nAna;HTTPS://WWW.LINKEDIN.COM/in/Ana-Lima/\nBo;not a url\n", "utf-8")
    result = subprocess.run(
        [installed / "bin" / "amplemarket-lead-lists", "enrich", "--sandbox", str(source), str(output)],
        check=False,
        capture_output=True,
        text=True,
        cwd=installed.parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = output.read_text("utf-8").splitlines()
    assert len(rows) == 2 and "Ana" in rows[1] and "linkedin.com/in/ana-lima" in rows[1].lower()
    assert "not a url" in (installed.parent / "out.rejects.csv").read_text("utf-8")


def test_the_client_checks_bodies_against_the_packaged_spec(installed: Path) -> None:
    script = (
        "from amplemarket_lead_lists import AuthenticatedClient\n"
        "from amplemarket_lead_lists.polling import InvalidRequestError, create_lead_list\n"
        "client = AuthenticatedClient(base_url='https://api.invalid', token='sk-abcd')\n"
        "try:\n"
        "    create_lead_list(client, {'owner': 'a@example.com', 'shared': True, 'type': 'email', 'leads': [{}]})\n"
        "except InvalidRequestError as error:\n"
        "    print(error.problems[0].pointer)\n"
    )
    result = subprocess.run([installed / "bin" / "python", "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip().startswith("/leads/0")
