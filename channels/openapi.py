"""What the gateway's OpenAPI says about its answers and about the forms providers post.

Every refusal has the same JSON body (``channels.errors.error_response``); the routers declare which
statuses they can answer with, and the provider webhooks declare the form fields they read, so that the
schema at ``/docs`` is the whole contract and can be checked against the running gateway
(``tests/channels/test_openapi_fuzz.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.responses import Response

_MEANINGS = {
    400: "Malformed input (not JSON, or a form without the fields it needs)",
    401: "No valid staff token",
    403: "Not signed by the provider, or from a sender that is not allowed",
    404: "Unknown, or not configured here",
    409: "Not possible in the current state",
    411: "The body's length was not given",
    413: "The body is too large",
    415: "Not a form",
    422: "Invalid input; ``message`` says what to change, in the person's language",
    503: "Unavailable for now; try again (``Retry-After``)",
}


# The body of every refusal (``channels.errors.error_response``), written out so that it is declared as JSON
# on routes that otherwise answer TwiML, plain text or FHIR.
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "language"],
            "properties": {
                "code": {"type": "string", "description": "for programs, e.g. too_long"},
                "message": {"type": "string", "description": "for the person, in their language"},
                "language": {"type": "string", "enum": ["sv", "en"]},
            },
        }
    },
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route that can refuse with these statuses."""
    return {
        status: {"description": _MEANINGS[status], "content": {"application/json": {"schema": ERROR_SCHEMA}}}
        for status in statuses
    }


def nullable(*names: str) -> Callable[[dict[str, Any], type], None]:
    """A pydantic 1 ``schema_extra`` that lets the named fields be null: pydantic 1 leaves out what
    ``Optional`` says, and clients made from the schema could then not send the null the API takes."""

    def allow_null(schema: dict[str, Any], model: type) -> None:
        for name in names:
            field = schema["properties"][name]
            title = field.pop("title", name)
            schema["properties"][name] = {"title": title, "anyOf": [field, {"type": "null"}]}

    return allow_null


def form_body(required: dict[str, str], optional: dict[str, str] | None = None) -> dict[str, Any]:
    """The ``openapi_extra=`` of a webhook that reads a URL-encoded form itself: field name -> meaning."""
    fields = {**required, **(optional or {})}
    schema = {
        "type": "object",
        "required": list(required),
        "properties": {name: {"type": "string", "description": meaning} for name, meaning in fields.items()},
        "additionalProperties": {"type": "string"},  # providers add fields; all are text
    }
    return {
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": schema}},
        }
    }


class TwiML(Response):
    """Instructions for Twilio (``<Response>...</Response>``)."""

    media_type = "application/xml"


TWIML_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "TwiML for Twilio to carry out",
        "content": {"application/xml": {"schema": {"type": "string"}}},
    }
}
