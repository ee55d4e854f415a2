"""The 0002 migration creates exactly what the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from services.store import configure, reset_engine
from services.store.db import create_engine_for, get_engine
from services.store.models import metadata

ROOT = Path(__file__).resolve().parents[3]
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")


def _alembic() -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


@pytest.mark.parametrize(
    "backend",
    [
        "sqlite",
        pytest.param(
            "postgresql", marks=pytest.mark.skipif(not POSTGRES_URL, reason="set TEST_POSTGRES_URL")
        ),
    ],
)
def test_upgrade_matches_the_models_and_downgrade_removes_them(backend, tmp_path, monkeypatch):
    schema = None
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrated.db'}"
    else:
        schema = f"mig_{uuid.uuid4().hex[:10]}"
        with create_engine_for(POSTGRES_URL).begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = str(make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"}))
    monkeypatch.setenv("DATABASE_URL", url)
    configure(url)
    try:
        command.upgrade(_alembic(), "head")
        with get_engine().connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), metadata) == []
            indexes = {ix["name"]: ix for ix in inspect(connection).get_indexes("appointments")}
            assert indexes["uq_appointments_active_slot"]["unique"]

        command.downgrade(_alembic(), "0001")
        reset_engine()
        with get_engine().connect() as connection:
            assert not {"appointments", "slots", "persons", "sms_outbox"} & set(
                inspect(connection).get_table_names()
            )
    finally:
        reset_engine()
        configure("")
        if schema:
            with create_engine_for(POSTGRES_URL).begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
