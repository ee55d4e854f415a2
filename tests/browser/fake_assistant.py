"""A scripted stand-in for Rasa that keeps a tracker, and a gateway in front of it for browser tests.

``python -m tests.browser.fake_assistant PORT DATABASE_URL`` serves the real gateway with this fake behind it,
in a process of its own (the database configuration is global, so it must not share the test process).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

CHOICES = {
    "sv": [("Råd om symtom", "/report_symptoms"), ("Boka en tid", "/book_appointment")],
    "en": [("Advice about symptoms", "/report_symptoms"), ("Book a visit", "/book_appointment")],
}
YES_NO = {"sv": [("Ja", "ja"), ("Nej", "nej")], "en": [("Yes", "yes"), ("No", "no")]}
SCRIPT = {
    "greeting": {"sv": "Hej! Vad vill du göra?", "en": "Hello! What would you like to do?"},
    "describe": {
        "sv": "Berätta med egna ord vad som är fel.",
        "en": "Tell me in your own words what is wrong.",
    },
    "question": {"sv": "Har du feber?", "en": "Do you have a fever?"},
    "advice": {
        "sv": "Du kan troligen ta hand om det här själv.\nDet här kan du göra:\n- Vila.\n- Drick vatten.",
        "en": "You can probably take care of this yourself.\nWhat you can do:\n- Rest.\n- Drink water.",
    },
    "rephrase": {"sv": "Jag förstod inte riktigt.", "en": "I did not quite understand."},
}


@dataclass
class ScriptedRasa:
    """Answers like Rasa's REST channel and HTTP API, following a tiny triage script, and keeps a tracker."""

    events: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def language(self, sender: str) -> str:
        slots = [e["value"] for e in self.events[sender] if e["event"] == "slot" and e["name"] == "language"]
        return slots[-1] if slots else "sv"

    def answer(self, sender: str, text: str) -> list[dict[str, Any]]:
        lang = self.language(sender)
        said = text.strip().lower()
        if said in ("hej", "hello", "hi"):
            return [{"text": SCRIPT["greeting"][lang], "buttons": CHOICES[lang]}]
        if said == "/report_symptoms":
            return [{"text": SCRIPT["describe"][lang]}]
        if "ont" in said or "pain" in said:
            return [{"text": SCRIPT["question"][lang], "buttons": YES_NO[lang]}]
        if said in ("ja", "nej", "yes", "no"):
            return [{"text": SCRIPT["advice"][lang], "custom": {"triage_level": "self_care"}}]
        return [{"text": SCRIPT["rephrase"][lang], "buttons": CHOICES[lang]}]

    async def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path in ("/health", "/status"):
            return httpx.Response(200, json={"status": "ok", "model_file": "fake.tar.gz"})
        if path == "/webhooks/rest/webhook":
            body = json.loads(request.content)
            sender = body["sender"]
            if not self.events[sender]:
                language = body["metadata"].get("language", "sv")
                self.events[sender].append({"event": "slot", "name": "language", "value": language})
            self.events[sender].append(
                {"event": "user", "text": body["message"], "metadata": body["metadata"]}
            )
            replies = self.answer(sender, body["message"])
            for reply in replies:
                buttons = [
                    {"title": title, "payload": payload} for title, payload in reply.get("buttons", [])
                ]
                data = {"buttons": buttons or None, "custom": reply.get("custom")}
                self.events[sender].append({"event": "bot", "text": reply["text"], "data": data})
            return httpx.Response(
                200,
                json=[
                    {"recipient_id": sender, "text": e["text"], "buttons": e["data"]["buttons"] or []}
                    | ({"custom": e["data"]["custom"]} if e["data"]["custom"] else {})
                    for e in self.events[sender][-len(replies) :]
                ],
            )
        if path.startswith("/conversations/"):
            sender = path.split("/")[2]
            if request.method == "POST":
                self.events[sender].append(json.loads(request.content))
                return httpx.Response(200, json={})
            return httpx.Response(200, json={"sender_id": sender, "events": self.events[sender]})
        return httpx.Response(404)


def main(port: int, database_url: str) -> None:
    import uvicorn

    import services.store.models  # noqa: F401 - registers every table
    from channels.app import create_app
    from channels.settings import Settings
    from services.store import Base, configure
    from services.store.db import get_engine

    configure(database_url)
    Base.metadata.create_all(get_engine())
    settings = Settings(app_env="test", database_url=database_url, gateway_port=port)
    app = create_app(settings, rasa_transport=httpx.MockTransport(ScriptedRasa().handle))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
