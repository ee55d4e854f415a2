"""Dependencies shared by the routers, declared once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from channels.rasa_client import RasaClient
from channels.settings import Settings, get_settings


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


SettingsDep = Annotated[Settings, Depends(get_settings)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]
