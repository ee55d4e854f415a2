"""Clear, translated error answers: a code for programs and a sentence for the person."""

from __future__ import annotations

import sqlalchemy.exc
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from channels.texts import text

SUPPORTED_LANGUAGES = ("sv", "en")


class ApiError(Exception):
    def __init__(self, status: int, code: str, language: str, **values: object) -> None:
        self.status = status
        self.code = code
        self.language = language
        self.values = values


def preferred_language(request: Request, explicit: object = None) -> str:
    """The person's language for an error: what they asked for, else their browser's, else Swedish."""
    if explicit in SUPPORTED_LANGUAGES:
        return str(explicit)
    accept = request.headers.get("accept-language", "").lower()
    for part in accept.split(","):
        tag = part.split(";")[0].strip()[:2]
        if tag in SUPPORTED_LANGUAGES:
            return tag
    return "sv"


def error_response(status: int, code: str, language: str, **values: object) -> JSONResponse:
    body = {"error": {"code": code, "message": text(code, language, **values), "language": language}}
    return JSONResponse(status_code=status, content=body)


async def api_error_handler(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.language, **exc.values)


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    language = preferred_language(request)
    if any(error.get("type") in {"json_invalid", "value_error.jsondecode"} for error in exc.errors()):
        return error_response(400, "bad_request", language)
    return error_response(422, "bad_request", language)


async def database_unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    """The database is down or unreachable: nothing was done, so the sender can safely try again.

    SMS providers that retry do so on a 5xx answer; the web page and the API show the person the
    "unavailable, for urgent help call 112 / 1177" text.
    """
    response = error_response(503, "unavailable", preferred_language(request))
    response.headers["Retry-After"] = "30"
    return response


DATABASE_OUTAGES = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
)


HTTP_ERROR_CODES = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 409: "conflict"}


async def http_error_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    language = preferred_language(request)
    response = error_response(exc.status_code, HTTP_ERROR_CODES.get(exc.status_code, "bad_request"), language)
    response.headers.update(exc.headers or {})  # WWW-Authenticate with a 401, Allow with a 405
    return response
