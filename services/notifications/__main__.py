"""``python -m services.notifications outbox [--limit N]``: print the SMS outbox (development)."""

from __future__ import annotations

import argparse
import sys
from zoneinfo import ZoneInfo

from services.notifications.outbox import read_outbox

LOCAL = ZoneInfo("Europe/Stockholm")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.notifications")
    commands = parser.add_subparsers(dest="command", required=True)
    outbox = commands.add_parser("outbox", help="print the newest messages in the SMS outbox")
    outbox.add_argument("--limit", type=int, default=20)
    args = parser.parse_args(argv)

    if args.command == "outbox":
        messages = read_outbox(limit=args.limit)
        if not messages:
            print("The SMS outbox is empty.")
        for message in reversed(messages):
            when = message.created_at.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")
            print(f"#{message.id}  {when}  to {message.to}  [{message.provider}/{message.status}]")
            for line in message.body.splitlines() or [""]:
                print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
