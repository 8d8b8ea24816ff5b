"""One public import path: everything the README shows comes from the package root, every public
exception is defined in one module, and each async twin's docstring points to its sync one."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import exceptions

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generated_client" / "amplemarket_lead_lists"

README_NAMES = """
AuthenticatedClient Client create_lead_list create_lead_list_async wait_for_lead_list
wait_for_lead_list_async iter_lead_list_entries aiter_lead_list_entries iter_lead_list_pages
aiter_lead_list_pages add_leads add_leads_async upload_lead_list upload_lead_list_async continue_upload
continue_upload_async iter_lead_lists aiter_lead_lists find_lead_lists find_lead_lists_async RateLimiter
UploadProgress PollEvent Problem CreateLeadListBody AddLeadsBody LeadBody LeadListOptionsBody
LeadListTypeName LeadListError ApiError BadRequestError AuthenticationError PermissionDeniedError
NotFoundError ConflictError RateLimitError ServerError TransportError ClientClosedError
CreateOutcomeUnknownError ResponseTooLargeError MalformedResponseError InvalidRequestError
PollingTimeoutError LeadListCanceledError UnexpectedStatusError UnsafeLinkError PaginationLoopError
PaginationLimitError PartialUploadError MissingApiKeyError
"""
SHOWN = README_NAMES.split()


@pytest.mark.parametrize("name", SHOWN)
def test_every_public_name_comes_from_the_package_root(name: str) -> None:
    assert name in lead_lists.__all__
    assert getattr(lead_lists, name) is not None


def test_every_public_exception_is_defined_in_the_exceptions_module() -> None:
    public = [getattr(lead_lists, name) for name in lead_lists.__all__]
    errors = [item for item in public if isinstance(item, type) and issubclass(item, BaseException)]
    assert len(errors) >= 25
    assert {error.__module__ for error in errors} == {exceptions.__name__}
    tree = exceptions.__doc__ or ""
    assert all(error.__name__ in tree or error.__name__.startswith("Create") for error in errors)


def test_the_readme_and_the_command_import_only_from_the_root() -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.findall(r"from amplemarket_lead_lists\.(?!models|sandbox)\w+ import", readme) == []
    for module in (PACKAGE / "cli").glob("*.py"):
        text = module.read_text().replace("from ..operations.creating import default_name", "")  # naming, not API
        assert not re.search(r"from \.\.(operations|uploads|engine|transport|exceptions)\b", text), module.name


@pytest.mark.parametrize(
    "name", [name for name in lead_lists.__all__ if name.endswith("_async") or name.startswith("aiter_")]
)
def test_an_async_twin_points_to_its_sync_twin(name: str) -> None:
    twin = getattr(lead_lists, name)
    sync = name.removesuffix("_async") if name.endswith("_async") else name.removeprefix("a")
    assert (inspect.getdoc(twin) or "").startswith(f"Async twin of `{sync}`.")
    assert list(inspect.signature(twin).parameters) == list(inspect.signature(getattr(lead_lists, sync)).parameters)
    source = inspect.getsource(twin)
    assert '"""' not in source  # the docstring is said once, in the sync twin


def test_no_hand_written_module_passes_450_lines() -> None:
    generated = {"client.py", "types.py", "errors.py"}
    hand_written = [
        path
        for path in PACKAGE.rglob("*.py")
        if not {"api", "models"} & set(path.relative_to(PACKAGE).parts) and path.name not in generated
    ]
    assert len(hand_written) > 60
    assert [path.name for path in hand_written if len(path.read_text().splitlines()) > 450] == []


def test_every_generated_module_says_so_in_its_first_line() -> None:
    generated = [PACKAGE / "client.py", PACKAGE / "types.py", PACKAGE / "errors.py", *(PACKAGE / "api").rglob("*.py")]
    generated += list((PACKAGE / "models").rglob("*.py"))
    first_lines = {path.read_text().splitlines()[0] for path in generated}
    assert first_lines == {"# Generated from openapi/lead-lists.yaml by `make generate`: do not edit."}


def test_code_written_against_the_old_paths_still_runs_with_a_deprecation_warning() -> None:
    """The README before 0.1.0's layout imported from `polling`, `uploads` and `client`: those imports work."""
    from amplemarket_lead_lists import polling
    from amplemarket_lead_lists.client import MissingApiKeyError
    from amplemarket_lead_lists.uploads import PartialUploadError, UploadProgress, continue_upload, upload_lead_list

    assert MissingApiKeyError is lead_lists.MissingApiKeyError and PartialUploadError is lead_lists.PartialUploadError
    assert (UploadProgress, continue_upload, upload_lead_list) == (
        lead_lists.UploadProgress,
        lead_lists.continue_upload,
        lead_lists.upload_lead_list,
    )
    with pytest.warns(DeprecationWarning, match="import create_lead_list from amplemarket_lead_lists"):
        from amplemarket_lead_lists.polling import create_lead_list
    assert create_lead_list is lead_lists.create_lead_list
    assert set(lead_lists.__all__) >= polling.MOVED and len(polling.MOVED) == 44
    with pytest.raises(AttributeError):
        polling.not_a_name  # noqa: B018
