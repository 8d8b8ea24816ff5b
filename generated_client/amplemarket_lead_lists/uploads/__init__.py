"""Uploading more leads than one request takes (10,000), up to a lead list's 60,000 — sync and async.

Built on `operations` (their create and add plans, run by `engine`'s drivers). Rules:
1. The whole body is checked before the first request: more than 60,000 leads, a `chunk_size`
   outside 1–10,000, or any lead that breaks the spec raises InvalidRequestError and nothing is sent;
   pointers are relative to the whole body (`/leads/12345/linkedin_url`).
2. The first `chunk_size` leads create the list (`create_lead_list`'s request and rules); each next
   chunk is added in order (`add_leads`'s). A new list never passes 60,000, so no add is partial.
3. A failed create raises as `create_lead_list` does: CreateOutcomeUnknownError, naming the list
   to look for with `find_lead_lists`, when the create may have happened (no answer, a 5xx other
   than 503, a 2xx that cannot be read); found, it holds the first chunk. A failed add raises
   PartialUploadError: the list's id, the lead list last returned, `accepted` (leads before the
   failed chunk, all in the list) and `outcome_unknown` (the chunk may be in too: count the entries
   once the list is completed). An add answered with another list than the one added to fails the
   same way (MalformedResponseError as the cause): nothing is sent to that list.
   `continue_upload(client, error.lead_list_id, body, start=...)` sends the rest, no lead twice.
4. `on_chunk(UploadProgress)` is called after every accepted chunk; an exception it raises propagates.
"""

from ..exceptions import PartialUploadError  # importable from here as before 0.1.0's layout
from .chunks import MAX_LEADS_PER_LIST, MAX_LEADS_PER_REQUEST
from .operations import (
    continue_upload,
    continue_upload_async,
    upload_lead_list,
    upload_lead_list_async,
)
from .uploading import UploadProgress

__all__ = [
    "MAX_LEADS_PER_LIST",
    "MAX_LEADS_PER_REQUEST",
    "PartialUploadError",
    "UploadProgress",
    "continue_upload",
    "continue_upload_async",
    "upload_lead_list",
    "upload_lead_list_async",
]
