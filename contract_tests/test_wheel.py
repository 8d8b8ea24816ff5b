"""The package as a user meets it: the wheel installed into a clean venv, the command run on a file.

Nothing from the checkout is importable there (the venv is outside it and its working directory is a
temporary folder), so this proves the wheel carries everything: the client, the packaged spec the
checks read, the command-line tool and the sandbox behind `--sandbox`.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built as a release would build them (the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    [built] = dist.glob("amplemarket_lead_lists-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding only the wheel built from this checkout, with its [sandbox] extra."""
    work = tmp_path_factory.mktemp("wheel")
    env = work / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", f"{wheel}[sandbox]"], check=True, cwd=work)
    return env


def test_twine_accepts_the_wheel_and_the_sdist(dist: Path) -> None:
    files = sorted(str(path) for path in dist.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.count("PASSED") == 2, result.stdout + result.stderr


def test_the_wheel_holds_the_library_its_license_and_ranged_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
    tops = {name.split("/")[0] for name in names}
    assert tops == {"amplemarket_lead_lists", metadata_name.split("/")[0]}
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert metadata["License-Expression"] == "MIT" and metadata["Project-URL"]
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])
    assert metadata.get_all("Provides-Extra") == ["sandbox"]  # no [dev] extra for users
    requires = metadata.get_all("Requires-Dist", [])
    assert not [line for line in requires if "==" in line.split(";")[0]], requires  # ranges, never exact pins
    assert metadata["Description-Content-Type"] == "text/markdown" and "pip install amplemarket-lead-lists" in (
        metadata.get_payload()
    )


def test_the_wheel_installs_beside_a_project_that_pins_httpx_0_27(wheel: Path, tmp_path: Path) -> None:
    """A project already on httpx 0.27.2 keeps it, and the client works on it (the command over HTTP)."""
    work = tmp_path
    env = work / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "httpx==0.27.2"], check=True, cwd=work)
    subprocess.run([python, "-m", "pip", "install", "--quiet", f"{wheel}[sandbox]"], check=True, cwd=work)
    version = subprocess.run(
        [python, "-c", "import httpx; print(httpx.__version__)"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == "0.27.2"
    _enrich_a_messy_file(env)


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
    _enrich_a_messy_file(installed)


def _enrich_a_messy_file(installed: Path) -> None:
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
        "from amplemarket_lead_lists import InvalidRequestError, create_lead_list\n"
        "client = AuthenticatedClient(base_url='https://api.invalid', token='sk-abcd')\n"
        "try:\n"
        "    create_lead_list(client, {'owner': 'a@example.com', 'shared': True, 'type': 'email', 'leads': [{}]})\n"
        "except InvalidRequestError as error:\n"
        "    print(error.problems[0].pointer)\n"
    )
    result = subprocess.run([installed / "bin" / "python", "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip().startswith("/leads/0")
