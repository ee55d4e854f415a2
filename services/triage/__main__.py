"""Batch triage (contract 4): JSON lines in on stdin, one JSON line out per case on stdout.

The engine uses blank spaCy pipelines only. thinc (under spaCy) tries ``import tensorflow`` to offer its
TensorFlow wrappers, which costs several seconds when TensorFlow is installed (it is, for Rasa). A ``None``
entry in ``sys.modules`` makes that import raise ``ModuleNotFoundError`` (documented in the Python reference,
"The import system", section "The module cache"), which thinc treats as "TensorFlow not installed". This is
done only when this module runs as the batch command and TensorFlow is not already loaded; the Rasa and
action servers never import this module, so they keep TensorFlow.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import MutableMapping
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def skip_tensorflow(modules: MutableMapping[str, Any] | None = None) -> bool:
    """Make later ``import tensorflow`` fail fast in this process. False if it is already imported."""
    table: MutableMapping[str, Any] = sys.modules if modules is None else modules
    if table.get("tensorflow") is not None:
        return False
    table["tensorflow"] = None
    return True


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
    skip_tensorflow()
    sys.exit(run(sys.stdin, sys.stdout))
