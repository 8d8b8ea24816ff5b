"""The error an upload raises when a chunk after the first fails: where the leads stand, how to go on."""

from __future__ import annotations

from ..models.lead_list import LeadList
from ..polling.errors import LeadListError, outcome_unknown, request_of, secrets_of


class PartialUploadError(LeadListError):
    """A chunk failed after the lead list was created: leads `[0, accepted)` are in the list.

    `lead_list_id` is the list, `lead_list` the lead list last returned (None when `continue_upload`
    failed on its first chunk), `failed` the indexes of the chunk that failed and `total` the number
    of leads in the body. `outcome_unknown` is True when that chunk may have been added anyway (a
    timeout after sending, a 5xx other than 503, an answer that could not be read or that named
    another list); the list then holds either `accepted` or `failed.stop` of them, and counting its
    entries tells which. The cause is `__cause__`. The message says how to continue; it never
    repeats a lead, nor the key (a lead list id may echo it).
    """

    def __init__(
        self, lead_list: LeadList | str, accepted: int, failed: range, total: int, cause: LeadListError
    ) -> None:
        self.lead_list = lead_list if isinstance(lead_list, LeadList) else None
        self.lead_list_id = lead_list.id if isinstance(lead_list, LeadList) else lead_list
        self.accepted = accepted
        self.failed = failed
        self.total = total
        self.outcome_unknown = outcome_unknown(cause)
        self.__cause__ = cause
        super().__init__(self._describe(cause), secrets=secrets_of(request_of(cause)))

    def _describe(self, cause: LeadListError) -> str:
        stopped = f"upload to lead list {self.lead_list_id} stopped at leads {self.failed.start}-{self.failed.stop - 1}"
        if self.outcome_unknown:
            return (
                f"{stopped} of {self.total}, which may or may not be in the list ({cause}); the first "
                f"{self.accepted} are. Wait for the list (wait_for_lead_list) and count its entries "
                f"({self.accepted} or {self.failed.stop}), then continue_upload(client, error.lead_list_id, body, "
                "start=<that count>)"
            )
        return (
            f"{stopped} of {self.total}, which were not added ({cause}); the first {self.accepted} are in the list. "
            f"continue_upload(client, error.lead_list_id, body, start=error.accepted) sends the other "
            f"{self.total - self.accepted}, none twice"
        )
