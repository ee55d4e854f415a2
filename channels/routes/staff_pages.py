"""Caseworkers' web pages: log in with a staff token, then list, read and move applications.

The pages call the same services as the JSON endpoints in ``staff.py`` (which keep taking bearer tokens),
so every list, read and change lands in the access log with the staff identity.

A browser session is a cookie ``payload.signature``: the payload holds the staff user, a fingerprint of the
token they logged in with, a random nonce and the expiry; the signature is HMAC-SHA256 under a key derived
from ``STAFF_SESSION_KEY``. Nothing is stored on the server. A session ends when it expires, when the person
logs out, or when their token is changed or removed from ``STAFF_TOKENS``. Forms that change state carry a
CSRF token derived from the session's nonce.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from channels.deps import SettingsDep
from channels.settings import Settings
from services.applications import (
    ApplicationNotFound,
    InvalidStatusChange,
    change_status,
    list_applications,
    questionnaires,
    read_application,
    to_questionnaire_response,
)
from services.applications.caseworker import MAX_MESSAGE_CHARS

router = APIRouter(prefix="/staff", include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
logger = logging.getLogger("channels.staff")

SESSION_COOKIE = "staff_session"
SESSION_SECONDS = 8 * 3600
LOCAL_TZ = ZoneInfo("Europe/Stockholm")
FHIR_JSON = "application/fhir+json"
# Staff pages show personal data: never cached, never framed, never a referrer.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
STATUS_LABELS = {
    "received": "Inkommen",
    "in_progress": "Handläggs",
    "more_info_needed": "Behöver mer information",
    "decided": "Beslutad",
}
LANGUAGES = {"sv": "Svenska", "en": "Engelska"}


def _local_time(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if moment else ""


templates.env.filters["local_time"] = _local_time


# --- the session cookie ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffSession:
    user: str
    expires: int
    csrf_token: str


def _key(settings: Settings, purpose: str) -> bytes:
    secret = settings.staff_session_key.encode("utf-8")
    return hmac.new(secret, f"staff-pages/{purpose}".encode(), hashlib.sha256).digest()


def _mac(settings: Settings, purpose: str, value: str) -> str:
    return hmac.new(_key(settings, purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def staff_user_for_token(settings: Settings, token: str) -> str | None:
    """The staff user a token belongs to, compared in constant time against every known token."""
    found = None
    for known, user in settings.staff_users().items():
        if hmac.compare_digest(token.encode("utf-8"), known.encode("utf-8")):
            found = user
    return found


def session_cookie(settings: Settings, user: str, token: str, *, now: float | None = None) -> str:
    """A signed session for ``user``, who logged in with ``token``, valid for ``SESSION_SECONDS``."""
    issued = int(time.time() if now is None else now)
    payload = {
        "u": user,
        "t": _mac(settings, "token", token)[:32],
        "n": secrets.token_urlsafe(16),
        "e": issued + SESSION_SECONDS,
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    return f"{body}.{_mac(settings, 'session', body)}"


def read_session(request: Request, settings: Settings, *, now: float | None = None) -> StaffSession | None:
    """The valid session the request carries, or None (missing, tampered with, expired or revoked)."""
    raw = request.cookies.get(SESSION_COOKIE, "")
    body, _, signature = raw.partition(".")
    if not body or not hmac.compare_digest(signature, _mac(settings, "session", body)):
        return None
    try:
        payload = json.loads(_unb64(body))
        user, fingerprint, nonce, expires = payload["u"], payload["t"], payload["n"], payload["e"]
    except (ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(v, str) for v in (user, fingerprint, nonce)) or not isinstance(expires, int):
        return None
    if expires <= (time.time() if now is None else now):
        return None
    still_valid = any(
        owner == user and hmac.compare_digest(_mac(settings, "token", token)[:32], fingerprint)
        for token, owner in settings.staff_users().items()
    )
    if not still_valid:
        return None
    return StaffSession(user=user, expires=expires, csrf_token=_mac(settings, "csrf", nonce))


def _csrf_ok(session: StaffSession, form: FormData) -> bool:
    sent = form.get("csrf_token")
    return isinstance(sent, str) and hmac.compare_digest(sent.encode(), session.csrf_token.encode())


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _safe_next(value: str | None) -> str:
    """Only a staff page may follow the login: never another site."""
    if value and value.startswith("/staff") and not value.startswith("//") and "\\" not in value:
        return value
    return "/staff"


def _to_login(request: Request) -> RedirectResponse:
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        wanted = request.url.path.rsplit("/", 1)[0] if wanted.endswith("/status") else "/staff"
    return RedirectResponse(f"/staff/login?next={quote(wanted, safe='/')}", status_code=303)


def _page(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    session: StaffSession | None,
    status_code: int = 200,
) -> HTMLResponse:
    response = templates.TemplateResponse(
        request, f"staff/{name}", {"staff": session, **context}, status_code=status_code
    )
    response.headers.update(PAGE_HEADERS)
    return response


def _seen(session: StaffSession, request: Request) -> None:
    logger.info("staff access: %s %s %s", session.user, request.method, request.url.path)


# --- logging in and out ---------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, settings: SettingsDep) -> Response:
    next_page = _safe_next(request.query_params.get("next"))
    if read_session(request, settings) is not None:
        return RedirectResponse(next_page, status_code=303)
    logged_out = request.query_params.get("logged_out") == "1"
    return _page(request, "login.html", {"next": next_page, "logged_out": logged_out}, session=None)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, settings: SettingsDep) -> Response:
    form = await request.form()
    next_page = _safe_next(_field(form, "next"))
    token = _field(form, "token")
    user = staff_user_for_token(settings, token) if token else None
    if user is None:
        logger.warning("staff login refused")
        error = "Skriv din personalnyckel." if not token else "Nyckeln stämmer inte. Försök igen."
        context = {"next": next_page, "error": error}
        return _page(request, "login.html", context, session=None, status_code=401)
    logger.info("staff login: %s", user)
    response = RedirectResponse(next_page, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_cookie(settings, user, token),
        max_age=SESSION_SECONDS,
        path="/staff",
        secure=settings.public_base_url.lower().startswith("https://"),
        httponly=True,
        samesite="strict",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/logout")
async def logout(request: Request, settings: SettingsDep) -> Response:
    session = read_session(request, settings)
    if session is not None and not _csrf_ok(session, await request.form()):
        return _forbidden(request, session)
    if session is not None:
        logger.info("staff logout: %s", session.user)
    response = RedirectResponse("/staff/login?logged_out=1", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/staff",
        secure=settings.public_base_url.lower().startswith("https://"),
        httponly=True,
        samesite="strict",
    )
    return response


def _forbidden(request: Request, session: StaffSession) -> HTMLResponse:
    logger.warning("staff form without a valid CSRF token: %s %s", session.user, request.url.path)
    return _page(request, "forbidden.html", {}, session=session, status_code=403)


# --- the applications -----------------------------------------------------------------------------------


def _types() -> dict[str, str]:
    return {service: q.title.sv for service, q in sorted(questionnaires().items())}


@router.get("", response_class=HTMLResponse)
async def list_page(request: Request, settings: SettingsDep) -> Response:
    """Submitted applications, newest first, filtered by status and type."""
    session = read_session(request, settings)
    if session is None:
        return _to_login(request)
    _seen(session, request)
    types = _types()
    status = request.query_params.get("status", "")
    service = request.query_params.get("type", "")
    status = status if status in STATUS_LABELS else ""
    service = service if service in types else ""
    cases = await run_in_threadpool(
        lambda: list_applications(
            session.user, service=service or None, status=status or None, newest_first=True
        )
    )
    context = {
        "cases": cases,
        "status": status,
        "service": service,
        "types": types,
        "status_labels": STATUS_LABELS,
    }
    return _page(request, "list.html", context, session=session)


async def _case_page(
    request: Request,
    session: StaffSession,
    application_id: int,
    *,
    error: str = "",
    error_field: str = "status",
    message: str = "",
    chosen: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    try:
        case = await run_in_threadpool(read_application, session.user, application_id)
    except ApplicationNotFound:
        return _page(request, "not_found.html", {}, session=session, status_code=404)
    context = {
        "case": case,
        "app": case.application,
        "status_labels": STATUS_LABELS,
        "languages": LANGUAGES,
        "changed": request.query_params.get("changed") == "1" and not error,
        "error": error,
        "error_field": error_field if error else "",
        "message": message,
        "chosen": chosen,
        "max_message": MAX_MESSAGE_CHARS,
    }
    return _page(request, "case.html", context, session=session, status_code=status_code)


@router.get("/cases/{application_id}", response_class=HTMLResponse)
async def case_page(application_id: int, request: Request, settings: SettingsDep) -> Response:
    """One application; reading it is written to the access log."""
    session = read_session(request, settings)
    if session is None:
        return _to_login(request)
    _seen(session, request)
    return await _case_page(request, session, application_id)


@router.post("/cases/{application_id}/status", response_class=HTMLResponse)
async def change_status_form(application_id: int, request: Request, settings: SettingsDep) -> Response:
    """The status form: change the status, log it, and tell the applicant by SMS."""
    session = read_session(request, settings)
    if session is None:
        return _to_login(request)
    form = await request.form()
    if not _csrf_ok(session, form):
        return _forbidden(request, session)
    _seen(session, request)
    status, message = _field(form, "status"), _field(form, "message")
    again = {"message": message, "chosen": status}
    if status not in STATUS_LABELS:
        error = "Välj en ny status."
        return await _case_page(request, session, application_id, error=error, status_code=422, **again)
    try:
        await run_in_threadpool(
            lambda: change_status(session.user, application_id, status, message=message or None)
        )
    except ApplicationNotFound:
        return _page(request, "not_found.html", {}, session=session, status_code=404)
    except InvalidStatusChange:
        error = "Statusen kan inte ändras så. Välj en av de statusar som visas."
        return await _case_page(request, session, application_id, error=error, status_code=409, **again)
    except ValueError:
        error = f"Meddelandet är för långt. Skriv högst {MAX_MESSAGE_CHARS} tecken."
        return await _case_page(
            request, session, application_id, error=error, error_field="message", status_code=422, **again
        )
    return RedirectResponse(f"/staff/cases/{application_id}?changed=1", status_code=303)


@router.get("/cases/{application_id}/questionnaire-response.json")
async def questionnaire_response(application_id: int, request: Request, settings: SettingsDep) -> Response:
    """The application as a FHIR R4 QuestionnaireResponse; reading it is written to the access log."""
    session = read_session(request, settings)
    if session is None:
        return _to_login(request)
    _seen(session, request)
    try:
        case = await run_in_threadpool(read_application, session.user, application_id)
    except ApplicationNotFound:
        return _page(request, "not_found.html", {}, session=session, status_code=404)
    resource = to_questionnaire_response(case.application)
    return JSONResponse(resource, media_type=FHIR_JSON, headers=PAGE_HEADERS)
