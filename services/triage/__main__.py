"""Batch triage (contract 4): JSON lines in on stdin, one JSON line out per case on stdout."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def run(lines, out) -> int:
    from services.triage import assess

    errors = 0
    for raw in lines:
        raw = raw.strip()
        if not raw:
            continue
        try:
            case = json.loads(raw)
            result = assess(
                case.get("text") or "", case.get("lang") or "sv", case.get("age_years"), case.get("sex")
            )
            row = {
                "id": case.get("id"),
                "level": result.level,
                "benchmark_level": result.benchmark_level,
                "reasons": result.reasons,
            }
        except (ValueError, AttributeError) as exc:
            errors += 1
            row = {"id": None, "error": str(exc)}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(run(sys.stdin, sys.stdout))
