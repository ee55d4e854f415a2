"""Start the action server after loading what the first conversation would otherwise wait for.

``python -m bot.action_server --port 5055``: rasa_sdk's own server, bound to ``SANIC_HOST`` (loopback by
default), with the triage knowledge and the spaCy pipelines loaded first, so the first person is not
kept waiting (and the gateway's timeout does not cut them off).
"""

from __future__ import annotations

import argparse
import logging
import os
import time

logger = logging.getLogger(__name__)


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
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s - %(message)s")
    from services import redact

    redact.install()
    logger.info("warm-up done in %.1f s", warm_up())

    from rasa_sdk.endpoint import run

    run("bot.actions", port=args.port)


if __name__ == "__main__":
    main()
