"""Wait until the gateway reports Rasa, the action server and the database ready, then print the URL."""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request


def ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base_url")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--quiet-until-ready", action="store_true")
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if ready(args.base_url):
            print(
                f"\n  The assistant is ready: open {args.base_url}/ (API docs at {args.base_url}/docs)\n",
                flush=True,
            )
            return 0
        time.sleep(1)
    print(
        f"The assistant did not become ready within {args.timeout:.0f} s; see the log above.", file=sys.stderr
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
