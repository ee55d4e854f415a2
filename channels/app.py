"""The gateway's app factory: ``uvicorn channels.app:create_app --factory``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from channels import errors
from channels.rasa_client import RasaClient
from channels.routes import fhir, health, privacy, sms, speech, staff, staff_pages, voice, web
from channels.settings import Settings, get_settings
from services import redact
from services.store import configure


def create_app(
    settings: Settings | None = None, rasa_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """Build the gateway. ``rasa_transport`` lets tests put a local fake in place of the network."""
    settings = settings or get_settings()
    configure(settings.database_url)
    redact.install("uvicorn", "uvicorn.error", "uvicorn.access")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.rasa = RasaClient(
            base_urls=settings.rasa_urls(),
            token=settings.rasa_token,
            timeout=settings.rasa_timeout_seconds,
            health_timeout=settings.health_timeout_seconds,
            max_in_flight=settings.rasa_max_in_flight,
            transport=rasa_transport,
        )
        yield
        await app.state.rasa.aclose()

    app = FastAPI(
        title="Självservice-assistenten",
        description="Gateway of an accessible self-care assistant for Swedish health and social services.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.dependency_overrides[get_settings] = lambda: settings

    @app.middleware("http")
    async def limit_body_size(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        limit = speech.MAX_AUDIO_BYTES if request.url.path == "/api/stt" else settings.max_body_bytes
        if length is not None and (not length.isdigit() or int(length) > limit):
            return errors.error_response(413, "body_too_large", errors.preferred_language(request))
        return await call_next(request)

    app.add_exception_handler(errors.ApiError, errors.api_error_handler)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, errors.validation_error_handler)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, errors.http_error_handler)  # type: ignore[arg-type]
    for outage in errors.DATABASE_OUTAGES:
        app.add_exception_handler(outage, errors.database_unavailable_handler)
    app.include_router(health.router)
    app.include_router(web.router)
    app.include_router(privacy.router)
    app.include_router(sms.router)
    app.include_router(voice.router)
    app.include_router(speech.router)
    app.include_router(staff.router)
    app.include_router(staff_pages.router)
    app.include_router(fhir.router)
    static = Path(__file__).resolve().parent / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
