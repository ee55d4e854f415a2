"""Dependencies shared by the routers, declared once."""

from __future__ import annotations

import hmac
import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from channels.rasa_client import RasaClient
from channels.settings import Settings, get_settings


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


SettingsDep = Annotated[Settings, Depends(get_settings)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]


logger = logging.getLogger("channels.staff")


def get_staff_user(request: Request, settings: SettingsDep) -> str:
    """The staff member a bearer token belongs to; 401 without a valid one. Every use is logged."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        for known, user in settings.staff_users().items():
            if hmac.compare_digest(token.encode(), known.encode()):
                logger.info("staff access: %s %s %s", user, request.method, request.url.path)
                return user
    raise HTTPException(401, "staff authentication required", headers={"WWW-Authenticate": "Bearer"})


StaffDep = Annotated[str, Depends(get_staff_user)]
