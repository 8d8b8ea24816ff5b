"""The ways the command fails, each with its exit code (see `app`)."""

from __future__ import annotations


class InputError(Exception):
    """Bad input or settings (exit code 2): nothing was sent; the message names the file or option and why."""


class KeyRefused(InputError):
    """The API refused AMPLEMARKET_API_KEY (HTTP 401): a setting, exit code 2 like bad input, as nothing was
    done with it. Once a lead list holds the leads (a key revoked mid-job) `enrich` makes it a JobFailed
    with the commands that finish the job."""

    def __init__(self, error: Exception) -> None:
        super().__init__(
            f"AMPLEMARKET_API_KEY: the API refused the key ({error}); set it to your account's API key, "
            "or pass --sandbox to try the embedded sandbox"
        )


class JobFailed(Exception):
    """The API or the network stopped the job (exit code 1); the message says what is kept and where.

    `lead_list_id` is the list holding the leads when there is one, so `enrich` can say how to finish.
    """

    def __init__(self, message: str, lead_list_id: str | None = None) -> None:
        super().__init__(message)
        self.lead_list_id = lead_list_id


class Interrupted(Exception):
    """Ctrl-C once a lead list holds the leads (exit code 130); the message is the command that finishes the job."""
