"""A local HTTP server that answers like the Twilio and 46elks SMS APIs, checking what each one checks."""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

TWILIO_SID = "AC" + "0123456789abcdef" * 2
TWILIO_TOKEN = "twilio-test-token"
ELKS_USER = "u0123456789abcdef0123456789abcdef"
ELKS_PASSWORD = "elks-test-password"
_TWILIO_PATH = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")


@dataclass
class Seen:
    method: str
    path: str
    user: str
    form: dict[str, str]
    content_type: str


@dataclass
class FakeProviders:
    url: str = ""
    requests: list[Seen] = field(default_factory=list)


def _handler(state: FakeProviders) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass  # keep test output clean

        def _auth(self) -> tuple[str, str]:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return "", ""
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return user, password

        def _reply(self, status: int, payload: object) -> None:
            body = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if isinstance(payload, str) else "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._reply(405, "Method not allowed")

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            form = {key: values[0] for key, values in parse_qs(raw, keep_blank_values=True).items()}
            user, password = self._auth()
            content_type = self.headers.get("Content-Type", "")
            state.requests.append(Seen("POST", self.path, user, form, content_type))
            if self.path.startswith("/2010-04-01/"):
                self._twilio(user, password, form, content_type)
            elif self.path == "/a1/sms":
                self._elks(user, password, form)
            else:
                self._reply(404, "Not found")

        def _twilio(self, user: str, password: str, form: dict[str, str], content_type: str) -> None:
            match = _TWILIO_PATH.match(self.path)
            if not match:
                self._reply(
                    404, {"code": 20404, "message": "The requested resource was not found", "status": 404}
                )
                return
            if (user, password) != (TWILIO_SID, TWILIO_TOKEN) or match.group(1) != user:
                self._reply(
                    401,
                    {
                        "code": 20003,
                        "message": "Authenticate",
                        "status": 401,
                        "more_info": "https://www.twilio.com/docs/errors/20003",
                    },
                )
                return
            if not content_type.startswith("application/x-www-form-urlencoded"):
                self._reply(400, {"code": 20001, "message": "Bad request", "status": 400})
                return
            if not form.get("To"):
                self._reply(
                    400, {"code": 21604, "message": "A 'To' phone number is required.", "status": 400}
                )
                return
            if not (form.get("From") or form.get("MessagingServiceSid")):
                self._reply(
                    400, {"code": 21603, "message": "A 'From' phone number is required.", "status": 400}
                )
                return
            if not form.get("Body"):
                self._reply(400, {"code": 21602, "message": "Message body is required.", "status": 400})
                return
            sid = "SM" + secrets.token_hex(16)
            now = formatdate(usegmt=True)
            self._reply(
                201,
                {
                    "account_sid": user,
                    "api_version": "2010-04-01",
                    "body": form["Body"],
                    "date_created": now,
                    "date_sent": None,
                    "date_updated": now,
                    "direction": "outbound-api",
                    "error_code": None,
                    "error_message": None,
                    "from": form.get("From"),
                    "messaging_service_sid": form.get("MessagingServiceSid"),
                    "num_media": "0",
                    "num_segments": "1",
                    "price": None,
                    "price_unit": "USD",
                    "sid": sid,
                    "status": "queued",
                    "subresource_uris": {"media": f"/2010-04-01/Accounts/{user}/Messages/{sid}/Media.json"},
                    "to": form["To"],
                    "uri": f"/2010-04-01/Accounts/{user}/Messages/{sid}.json",
                },
            )

        def _elks(self, user: str, password: str, form: dict[str, str]) -> None:
            if (user, password) != (ELKS_USER, ELKS_PASSWORD):
                self._reply(401, "API access denied")
                return
            for key in ("from", "to", "message"):
                if not form.get(key):
                    self._reply(403, f"Missing key {key}")
                    return
            if not re.fullmatch(r"\+\d{8,15}", form["to"]):
                self._reply(403, "Invalid to number")
                return
            if not re.fullmatch(r"\+\d{8,15}|[A-Za-z][A-Za-z0-9]{2,10}", form["from"]):
                self._reply(403, "Invalid from")
                return
            self._reply(
                200,
                {
                    "status": "created",
                    "direction": "outgoing",
                    "from": form["from"],
                    "created": "2025-03-12T09:00:00.000000",
                    "parts": 1,
                    "to": form["to"],
                    "cost": 3500,
                    "message": form["message"],
                    "id": "s" + secrets.token_hex(16),
                },
            )

    return Handler


class FakeProviderServer:
    def __init__(self) -> None:
        self.state = FakeProviders()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.state.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProviders:
        self._thread.start()
        return self.state

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
