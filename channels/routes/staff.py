"""Caseworkers' JSON endpoints for applications. Every read and change is written to the access log."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from channels.deps import StaffDep
from channels.openapi import error_responses

router = APIRouter(prefix="/staff", tags=["staff"], responses=error_responses(401, 404, 409, 422))
# Database ids are 64-bit: a larger number is a bad request, not a server error.
MAX_ID = 2**63 - 1
ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID)]

Status = Literal["received", "in_progress", "more_info_needed", "decided"]


class StatusChange(BaseModel):
    status: Status
    message: Optional[str] = None  # noqa: UP045 (pydantic 1 needs Optional); a short note for the SMS


def _plain(value: Any) -> Any:
    return asdict(value) if hasattr(value, "__dataclass_fields__") else value


@router.get("/applications")
async def list_applications(
    staff: StaffDep, service: str | None = None, status: Status | None = None
) -> list[dict[str, Any]]:
    """Submitted applications, oldest first (the work queue), filtered by type and status."""
    from services.applications import list_applications as listed

    cases = await run_in_threadpool(lambda: listed(staff, service=service, status=status))
    return [_plain(case) for case in cases]


@router.get("/applications/{application_id}")
async def read_application(application_id: ApplicationId, staff: StaffDep) -> dict[str, Any]:
    """One application: its answers as the applicant reviewed them, and as a FHIR QuestionnaireResponse."""
    from services.applications import ApplicationNotFound, read_application, to_questionnaire_response

    try:
        case = await run_in_threadpool(read_application, staff, application_id)
    except ApplicationNotFound as exc:
        raise HTTPException(404, "no such application") from exc
    return {
        "application": _plain(case.application),
        "answers": list(case.lines),
        "questionnaire_response": to_questionnaire_response(case.application),
    }


@router.post("/applications/{application_id}/status")
async def change_status(
    application_id: ApplicationId, change: StatusChange, staff: StaffDep
) -> dict[str, Any]:
    """Move an application on; the applicant is told by SMS, with the message if there is one."""
    from services.applications import ApplicationNotFound, InvalidStatusChange, change_status

    try:
        view = await run_in_threadpool(
            lambda: change_status(staff, application_id, change.status, message=change.message)
        )
    except ApplicationNotFound as exc:
        raise HTTPException(404, "no such application") from exc
    except InvalidStatusChange as exc:
        raise HTTPException(409, str(exc)) from exc
    except ValueError as exc:  # the message is too long
        raise HTTPException(422, str(exc)) from exc
    return {"id": view.id, "reference": view.reference, "status": view.status}


@router.get("/access-log")
async def access_log(
    staff: StaffDep, application_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None
) -> list[dict[str, Any]]:
    """Who read or changed what, and when (append-only)."""
    from services.applications import access_log as entries

    return [
        _plain(entry) for entry in await run_in_threadpool(lambda: entries(application_id=application_id))
    ]
