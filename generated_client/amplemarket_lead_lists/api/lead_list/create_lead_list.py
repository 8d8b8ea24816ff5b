# Generated from openapi/lead-lists.yaml by `make generate`: do not edit.
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.errors_envelope import ErrorsEnvelope
from ...models.lead_list import LeadList
from ...models.lead_list_create import LeadListCreate
from ...types import Response


def _get_kwargs(
    *,
    body: LeadListCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/lead-lists",
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
    *,
    client: AuthenticatedClient | Client,
    body: LeadListCreate,
) -> Response[ErrorsEnvelope | LeadList]:
    """Create a lead list

     Uploads up to 10,000 leads. Each type needs one field per lead: `linkedin_url` for
    `linkedin`, `email` for `email`, `title` plus `company_name` or `company_domain` for
    `titles_and_company`. `options.validate_email` and `options.enrich` may only be disabled
    for lists of type `email`.

    Args:
        body (LeadListCreate): The request body of `createLeadList`. Unknown top-level keys are
            rejected. Each lead must
            carry the field its list `type` requires, and only `email` lists may disable
            `options.validate_email` or `options.enrich`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorsEnvelope | LeadList]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: LeadListCreate,
) -> ErrorsEnvelope | LeadList | None:
    """Create a lead list

     Uploads up to 10,000 leads. Each type needs one field per lead: `linkedin_url` for
    `linkedin`, `email` for `email`, `title` plus `company_name` or `company_domain` for
    `titles_and_company`. `options.validate_email` and `options.enrich` may only be disabled
    for lists of type `email`.

    Args:
        body (LeadListCreate): The request body of `createLeadList`. Unknown top-level keys are
            rejected. Each lead must
            carry the field its list `type` requires, and only `email` lists may disable
            `options.validate_email` or `options.enrich`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorsEnvelope | LeadList
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LeadListCreate,
) -> Response[ErrorsEnvelope | LeadList]:
    """Create a lead list

     Uploads up to 10,000 leads. Each type needs one field per lead: `linkedin_url` for
    `linkedin`, `email` for `email`, `title` plus `company_name` or `company_domain` for
    `titles_and_company`. `options.validate_email` and `options.enrich` may only be disabled
    for lists of type `email`.

    Args:
        body (LeadListCreate): The request body of `createLeadList`. Unknown top-level keys are
            rejected. Each lead must
            carry the field its list `type` requires, and only `email` lists may disable
            `options.validate_email` or `options.enrich`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorsEnvelope | LeadList]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LeadListCreate,
) -> ErrorsEnvelope | LeadList | None:
    """Create a lead list

     Uploads up to 10,000 leads. Each type needs one field per lead: `linkedin_url` for
    `linkedin`, `email` for `email`, `title` plus `company_name` or `company_domain` for
    `titles_and_company`. `options.validate_email` and `options.enrich` may only be disabled
    for lists of type `email`.

    Args:
        body (LeadListCreate): The request body of `createLeadList`. Unknown top-level keys are
            rejected. Each lead must
            carry the field its list `type` requires, and only `email` lists may disable
            `options.validate_email` or `options.enrich`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorsEnvelope | LeadList
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
