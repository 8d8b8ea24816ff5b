# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.errors_envelope import ErrorsEnvelope
from ...models.lead_list import LeadList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    pagesize: int | Unset = 100,
    pageafter: str | Unset = UNSET,
    pagebefore: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page[size]"] = pagesize

    params["page[after]"] = pageafter

    params["page[before]"] = pagebefore

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/lead-lists/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorsEnvelope | LeadList | None:
    if response.status_code == 200:
        response_200 = LeadList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorsEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorsEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorsEnvelope.from_dict(response.json())

        return response_404

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
    pagesize: int | Unset = 100,
    pageafter: str | Unset = UNSET,
    pagebefore: str | Unset = UNSET,
) -> Response[ErrorsEnvelope | LeadList]:
    """Poll a lead list, or read a page of its entries

     While the list is `queued` or `processing` the response carries `Retry-After` and no
    entries. Once `completed` it carries up to `page[size]` entries and `_links.next` /
    `_links.prev` when more entries exist in that direction. Cursors are entry ids and are
    exclusive. Follow `_links.next.href` rather than building URLs.

    Args:
        id (str):
        pagesize (int | Unset):  Default: 100.
        pageafter (str | Unset):
        pagebefore (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorsEnvelope | LeadList]
    """

    kwargs = _get_kwargs(
        id=id,
        pagesize=pagesize,
        pageafter=pageafter,
        pagebefore=pagebefore,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    pagesize: int | Unset = 100,
    pageafter: str | Unset = UNSET,
    pagebefore: str | Unset = UNSET,
) -> ErrorsEnvelope | LeadList | None:
    """Poll a lead list, or read a page of its entries

     While the list is `queued` or `processing` the response carries `Retry-After` and no
    entries. Once `completed` it carries up to `page[size]` entries and `_links.next` /
    `_links.prev` when more entries exist in that direction. Cursors are entry ids and are
    exclusive. Follow `_links.next.href` rather than building URLs.

    Args:
        id (str):
        pagesize (int | Unset):  Default: 100.
        pageafter (str | Unset):
        pagebefore (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorsEnvelope | LeadList
    """

    return sync_detailed(
        id=id,
        client=client,
        pagesize=pagesize,
        pageafter=pageafter,
        pagebefore=pagebefore,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    pagesize: int | Unset = 100,
    pageafter: str | Unset = UNSET,
    pagebefore: str | Unset = UNSET,
) -> Response[ErrorsEnvelope | LeadList]:
    """Poll a lead list, or read a page of its entries

     While the list is `queued` or `processing` the response carries `Retry-After` and no
    entries. Once `completed` it carries up to `page[size]` entries and `_links.next` /
    `_links.prev` when more entries exist in that direction. Cursors are entry ids and are
    exclusive. Follow `_links.next.href` rather than building URLs.

    Args:
        id (str):
        pagesize (int | Unset):  Default: 100.
        pageafter (str | Unset):
        pagebefore (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorsEnvelope | LeadList]
    """

    kwargs = _get_kwargs(
        id=id,
        pagesize=pagesize,
        pageafter=pageafter,
        pagebefore=pagebefore,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    pagesize: int | Unset = 100,
    pageafter: str | Unset = UNSET,
    pagebefore: str | Unset = UNSET,
) -> ErrorsEnvelope | LeadList | None:
    """Poll a lead list, or read a page of its entries

     While the list is `queued` or `processing` the response carries `Retry-After` and no
    entries. Once `completed` it carries up to `page[size]` entries and `_links.next` /
    `_links.prev` when more entries exist in that direction. Cursors are entry ids and are
    exclusive. Follow `_links.next.href` rather than building URLs.

    Args:
        id (str):
        pagesize (int | Unset):  Default: 100.
        pageafter (str | Unset):
        pagebefore (str | Unset):

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
            pagesize=pagesize,
            pageafter=pageafter,
            pagebefore=pagebefore,
        )
    ).parsed
