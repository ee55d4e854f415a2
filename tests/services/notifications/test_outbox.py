from __future__ import annotations

import logging

import pytest

from services.notifications.__main__ import main
from services.notifications.outbox import OutboxSender, read_outbox
from services.store.db import session_scope

pytestmark = pytest.mark.usefixtures("database")


def test_the_outbox_stores_the_message_and_logs_neither_number_nor_text(caplog):
    caplog.set_level(logging.INFO)

    result = OutboxSender().send("+46701740605", "Din kod är 482913.")

    [message] = read_outbox()
    assert (message.to, message.body, message.provider, message.status) == (
        "+46701740605",
        "Din kod är 482913.",
        "outbox",
        "stored",
    )
    assert result.reference == str(message.id)
    assert "sms stored in outbox" in caplog.text
    assert "701740605" not in caplog.text and "482913" not in caplog.text


def test_with_a_session_the_message_commits_or_rolls_back_with_the_callers_work():
    with pytest.raises(RuntimeError), session_scope() as session:
        OutboxSender().send("+46701740605", "rolled back", session=session)
        raise RuntimeError("the caller's work failed")
    with session_scope() as session:
        OutboxSender().send("+46701740605", "kept", session=session)
    assert [m.body for m in read_outbox()] == ["kept"]


def test_the_command_prints_the_outbox(capsys):
    assert main(["outbox"]) == 0
    assert "empty" in capsys.readouterr().out
    OutboxSender().send("+46701740605", "Hej\nandra raden")
    assert main(["outbox", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "+46701740605" in out and "    Hej" in out and "    andra raden" in out
