"""Liveness and readiness for supervisors and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from channels.deps import RasaDep, SettingsDep
from channels.rasa_client import actions_ready
from services.store import get_engine

router = APIRouter(tags=["health"])


def _database_ready() -> bool:
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means not ready
        return False


@router.get("/healthz")
async def healthz() -> dict:
    """The gateway process is up."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    responses={
        503: {
            "description": "Not ready: ``checks`` says what does not answer",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def readyz(rasa: RasaDep, settings: SettingsDep) -> JSONResponse:
    """Rasa (at least one server, with a model), every action server and the database answer."""
    servers = await rasa.readiness()
    checks = {
        "rasa": any(servers.values()),
        "actions": await actions_ready(rasa.http, settings.actions_url, settings.health_timeout_seconds),
        "database": await run_in_threadpool(_database_ready),
    }
    ready = all(checks.values())
    servers_ready = f"{sum(servers.values())}/{len(servers)}"
    turns = {"in_flight": rasa.turns_in_flight, "limit": rasa.max_turns, "refused": rasa.turns_refused}
    content = {"ready": ready, "checks": checks, "rasa_servers_ready": servers_ready, "rasa_turns": turns}
    return JSONResponse(status_code=200 if ready else 503, content=content)
