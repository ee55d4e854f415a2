"""Start the action server after loading what the first conversation would otherwise wait for.

``python -m bot.action_server --port 5055``: rasa_sdk's own app, bound to ``SANIC_HOST`` (loopback by
default), with the triage knowledge and the spaCy pipelines loaded first, so the first person is not
kept waiting (and the gateway's timeout does not cut them off). Two changes to rasa_sdk's server:

- every call of an action must carry ``ACTIONS_TOKEN`` (Rasa sends it: ``token`` in endpoints.yml);
  ``/health`` stays open for supervisors and holds nothing;
- an action that fails answers a bare 500: rasa_sdk would send the whole tracker back in the error body
  (and Rasa would log it), with everything the person wrote.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

logger = logging.getLogger(__name__)

DEV_ACTIONS_TOKEN = "dev-actions-token"
OPEN_PATHS = frozenset({"/health"})


def require_token(expected: str) -> Callable[[Any], Awaitable[Any]]:
    """A Sanic request middleware that refuses calls without the right ``token`` query parameter."""
    from sanic import response

    async def check(request: Any) -> Any:
        if request.path in OPEN_PATHS:
            return None
        given = request.args.get("token") or ""
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return response.json({"error": "unauthorized"}, status=401)
        return None

    return check


async def bare_error(request: Any, exception: Exception) -> Any:
    from sanic import response

    logger.error("an action failed: %s", type(exception).__name__)
    return response.json({"error": "action failed"}, status=500)


def build_app(token: str) -> Any:
    from rasa_sdk.endpoint import create_app

    app = create_app("bot.actions", cors_origins=None)  # not for browsers: no CORS
    app.register_middleware(require_token(token), "request")
    app.error_handler.add(Exception, bare_error)
    return app


def warm_up() -> float:
    """Load the triage knowledge and both language pipelines; return the seconds it took."""
    from services.triage import assess, screen_emergency

    started = time.perf_counter()
    for lang in ("sv", "en"):
        screen_emergency("hej", lang)
        assess("ont i huvudet", lang)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    args = parser.parse_args()
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-8s %(name)s - %(message)s")
    from services import redact

    redact.install()
    logger.info("warm-up done in %.1f s", warm_up())

    token = os.environ.get("ACTIONS_TOKEN", "")
    if os.environ.get("APP_ENV") == "production" and token in ("", DEV_ACTIONS_TOKEN):
        raise SystemExit("ACTIONS_TOKEN must be set to a secret value in production")
    app = build_app(token)
    app.run(os.environ["SANIC_HOST"], args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
