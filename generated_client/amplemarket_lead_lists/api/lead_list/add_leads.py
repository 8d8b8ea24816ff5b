# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.errors_envelope import ErrorsEnvelope
from ...models.lead_list import LeadList
from ...models.lead_list_add_leads import LeadListAddLeads
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: LeadListAddLeads,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/lead-lists/{id}/leads".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorsEnvelope | LeadList | None:
    if response.status_code == 202:
        response_202 = LeadList.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = ErrorsEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorsEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorsEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorsEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorsEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorsEnvelope.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = ErrorsEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorsEnvelope.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorsEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorsEnvelope | LeadList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LeadListAddLeads,
) -> Response[ErrorsEnvelope | LeadList]:
    """Add leads to a lead list

     Adds up to 10,000 leads to an existing list. The list's `type` decides which field each
    lead needs (as for `createLeadList`); `type` may be omitted, and when given it must equal
    the list's. Enrichment, email validation and phone reveal settings are inherited from the
    list.

    A list holds at most 60,000 leads. When an add would pass that limit, the leads are added
    partially, in the order sent, until the limit is reached (the vendor's words); once the
    list already holds 60,000 leads the answer is `409`. The response carries no count: a
    client that needs to know how many leads of a partial add were accepted compares the
    number of entries before and after (every accepted lead becomes one entry, old entries
    first, new ones after in the order sent).

    Responses other than the `409` are not in the vendor's published reference (vendor facts
    3.2: "Responses: not visible"). They are decided like `createLeadList`: `202 Accepted`
    with the lead list and a `Location` to poll; the list goes back to `queued` or
    `processing` (with `Retry-After` on `GET`) while the new leads are processed, then
    `completed` with every entry, old and new.

    Args:
        id (str):
        body (LeadListAddLeads): The request body of `addLeads`. Unknown top-level keys are
            rejected. When `type` is given,
            each lead must carry the field that type requires (the server checks against the list's
            own type when it is omitted).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorsEnvelope | LeadList]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LeadListAddLeads,
) -> ErrorsEnvelope | LeadList | None:
    """Add leads to a lead list

     Adds up to 10,000 leads to an existing list. The list's `type` decides which field each
    lead needs (as for `createLeadList`); `type` may be omitted, and when given it must equal
    the list's. Enrichment, email validation and phone reveal settings are inherited from the
    list.

    A list holds at most 60,000 leads. When an add would pass that limit, the leads are added
    partially, in the order sent, until the limit is reached (the vendor's words); once the
    list already holds 60,000 leads the answer is `409`. The response carries no count: a
    client that needs to know how many leads of a partial add were accepted compares the
    number of entries before and after (every accepted lead becomes one entry, old entries
    first, new ones after in the order sent).

    Responses other than the `409` are not in the vendor's published reference (vendor facts
    3.2: "Responses: not visible"). They are decided like `createLeadList`: `202 Accepted`
    with the lead list and a `Location` to poll; the list goes back to `queued` or
    `processing` (with `Retry-After` on `GET`) while the new leads are processed, then
    `completed` with every entry, old and new.

    Args:
        id (str):
        body (LeadListAddLeads): The request body of `addLeads`. Unknown top-level keys are
            rejected. When `type` is given,
            each lead must carry the field that type requires (the server checks against the list's
            own type when it is omitted).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorsEnvelope | LeadList
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LeadListAddLeads,
) -> Response[ErrorsEnvelope | LeadList]:
    """Add leads to a lead list

     Adds up to 10,000 leads to an existing list. The list's `type` decides which field each
    lead needs (as for `createLeadList`); `type` may be omitted, and when given it must equal
    the list's. Enrichment, email validation and phone reveal settings are inherited from the
    list.

    A list holds at most 60,000 leads. When an add would pass that limit, the leads are added
    partially, in the order sent, until the limit is reached (the vendor's words); once the
    list already holds 60,000 leads the answer is `409`. The response carries no count: a
    client that needs to know how many leads of a partial add were accepted compares the
    number of entries before and after (every accepted lead becomes one entry, old entries
    first, new ones after in the order sent).

    Responses other than the `409` are not in the vendor's published reference (vendor facts
    3.2: "Responses: not visible"). They are decided like `createLeadList`: `202 Accepted`
    with the lead list and a `Location` to poll; the list goes back to `queued` or
    `processing` (with `Retry-After` on `GET`) while the new leads are processed, then
    `completed` with every entry, old and new.

    Args:
        id (str):
        body (LeadListAddLeads): The request body of `addLeads`. Unknown top-level keys are
            rejected. When `type` is given,
            each lead must carry the field that type requires (the server checks against the list's
            own type when it is omitted).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorsEnvelope | LeadList]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LeadListAddLeads,
) -> ErrorsEnvelope | LeadList | None:
    """Add leads to a lead list

     Adds up to 10,000 leads to an existing list. The list's `type` decides which field each
    lead needs (as for `createLeadList`); `type` may be omitted, and when given it must equal
    the list's. Enrichment, email validation and phone reveal settings are inherited from the
    list.

    A list holds at most 60,000 leads. When an add would pass that limit, the leads are added
    partially, in the order sent, until the limit is reached (the vendor's words); once the
    list already holds 60,000 leads the answer is `409`. The response carries no count: a
    client that needs to know how many leads of a partial add were accepted compares the
    number of entries before and after (every accepted lead becomes one entry, old entries
    first, new ones after in the order sent).

    Responses other than the `409` are not in the vendor's published reference (vendor facts
    3.2: "Responses: not visible"). They are decided like `createLeadList`: `202 Accepted`
    with the lead list and a `Location` to poll; the list goes back to `queued` or
    `processing` (with `Retry-After` on `GET`) while the new leads are processed, then
    `completed` with every entry, old and new.

    Args:
        id (str):
        body (LeadListAddLeads): The request body of `addLeads`. Unknown top-level keys are
            rejected. When `type` is given,
            each lead must carry the field that type requires (the server checks against the list's
            own type when it is omitted).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorsEnvelope | LeadList
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
