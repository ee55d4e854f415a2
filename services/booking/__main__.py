"""Command line for the booking data.

python -m services.booking seed                 # load the demo region and make slots
python -m services.booking load path/region.yml # load a region's own file
python -m services.booking slots [--days 28]    # add missing slots (run daily)
python -m services.booking reminders            # send the reminder SMS that are due
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from services.booking.errors import RegionFileError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.booking", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("seed", help="load the demo region (services/booking/data/demo_region.yml)")
    load = commands.add_parser("load", help="load a region file (YAML)")
    load.add_argument("path", type=Path)
    slots = commands.add_parser("slots", help="add the missing slots for the coming days")
    slots.add_argument("--days", type=int, default=28)
    reminders = commands.add_parser("reminders", help="send the reminder SMS that are due")
    reminders.add_argument(
        "--every", type=float, default=0, help="keep running: send due reminders every N seconds, and add "
        "the coming days' slots once a day (the scheduler process in the Procfile)"
    )  # fmt: skip
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from services import redact

    redact.install()  # a provider's error text can hold a phone number

    from services.booking.region import DEMO_REGION_FILE, generate_slots, load_region
    from services.booking.reminders import send_due_reminders
    from services.booking.timeutil import utcnow
    from services.store.db import session_scope

    try:
        if args.command in ("seed", "load"):
            result = load_region(DEMO_REGION_FILE if args.command == "seed" else args.path)
            print(
                f"{result.units} units, {result.visit_kinds} kinds of visit, {result.slots_added} new slots"
            )
        elif args.command == "slots":
            with session_scope() as session:
                print(f"{generate_slots(session, now=utcnow(), days=args.days)} new slots")
        elif args.command == "reminders" and args.every > 0:
            _schedule(args.every)
        elif args.command == "reminders":
            run = send_due_reminders()
            print(f"reminders sent={run.sent} skipped={run.skipped} failed={run.failed}")
    except RegionFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _schedule(every: float) -> None:
    """Send due reminders every ``every`` seconds until stopped. Claims in the database make it safe to run
    several of these and to restart one at any moment: no reminder is lost or sent twice."""
    import time

    from services import privacy
    from services.booking.region import generate_slots
    from services.booking.reminders import send_due_reminders
    from services.booking.timeutil import utcnow
    from services.store.db import session_scope

    log = logging.getLogger("services.booking.scheduler")
    last_slots_day = None
    while True:
        try:
            if last_slots_day != utcnow().date():
                with session_scope() as session:
                    generate_slots(session, now=utcnow(), days=28)
                # The project's one scheduler also runs the retention job (services/privacy.py) once a day.
                privacy.purge(int(os.environ.get("RETENTION_DAYS", privacy.DEFAULT_RETENTION_DAYS)))
                last_slots_day = utcnow().date()
            run = send_due_reminders()
            if run.sent or run.failed:
                log.info("reminders sent=%d skipped=%d failed=%d", run.sent, run.skipped, run.failed)
        except Exception:  # noqa: BLE001 - a bad round (e.g. the database away) must not stop the scheduler
            log.exception("scheduler round failed; trying again next round")
        time.sleep(every)


if __name__ == "__main__":
    sys.exit(main())
