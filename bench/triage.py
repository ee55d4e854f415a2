"""Triage benchmark: exact and collapsed accuracy, per-level accuracy, under/over-triage, emergencies, speed.

Usage:
    python bench/triage.py                       # Levine 48, Semigran 45 and every dev set of ours
    python bench/triage.py FILE [FILE ...]       # any set in the vignettes CSV format or dev_cases.jsonl
    python bench/triage.py --errors FILE         # also list the cases that were wrong

Sets (see /work/shared/bench/vignettes/SOURCES.md):
  * Levine: ``vignette_text``, gold ``gold_4level`` (emergency / within_1_day / within_1_week / self_care).
  * Semigran: ``patient_input_text`` (the chatbot-style input), gold ``gold_3level`` (emergency /
    non_emergency_care / self_care). Our within_1_day and within_1_week both count as non_emergency_care.
  * dev_cases.jsonl, dev_cases_2.jsonl, ... (tests/services/triage/, in number order):
    ``{"id","text","lang","age_years","sex","expected"}``; expected is a triage level.

Besides exact accuracy on the set's own scale it prints the accuracy with the levels collapsed to three
(emergency / non-emergency care / self-care, the scale of Semigran's set) and the two dichotomies Levine et
al. report (emergency or not; any care or self-care), how many gold emergencies came out below emergency,
and the time per case (wall clock and CPU; the CPU figure is steadier on a shared machine).
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VIGNETTES = Path(os.environ.get("TRIAGE_VIGNETTES", "/work/shared/bench/vignettes"))
DEV_SETS = ROOT / "tests/services/triage"


def _set_number(path: Path) -> int:
    tail = path.stem.rpartition("_")[2]
    return int(tail) if tail.isdigit() else 1


DEFAULT_SETS = [
    VIGNETTES / "levine2023_vignettes.csv",
    VIGNETTES / "semigran2015_vignettes.csv",
    *sorted(DEV_SETS.glob("dev_cases*.jsonl"), key=_set_number),
]
SCALE4 = ["self_care", "within_1_week", "within_1_day", "emergency"]
SCALE3 = ["self_care", "non_emergency_care", "emergency"]
TO3 = {
    "self_care": "self_care",
    "within_1_week": "non_emergency_care",
    "within_1_day": "non_emergency_care",
    "non_emergency_care": "non_emergency_care",
    "emergency": "emergency",
}


def _age(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def load_set(path: Path) -> tuple[str, list[dict], list[str]]:
    """Cases as dicts with text, lang, age_years, sex, gold (on the set's own scale) and the scale."""
    from services.triage import BENCHMARK

    if path.suffix == ".jsonl":
        cases = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                gold = BENCHMARK.get(row["expected"], row["expected"])
                cases.append({**row, "gold": gold})
        return path.stem, cases, SCALE4
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    three = "patient_input_text" in rows[0]
    cases = [
        {
            "id": r["id"],
            "text": r["patient_input_text"] if three else r["vignette_text"],
            "lang": "en",
            "age_years": _age(r.get("age_years")),
            "sex": r.get("sex") or None,
            "gold": r["gold_3level"] if three else r["gold_4level"],
        }
        for r in rows
    ]
    return path.stem, cases, SCALE3 if three else SCALE4


def run_set(path: Path, show_errors: bool = False) -> dict:
    from services.triage import assess

    name, cases, scale = load_set(path)
    assess("warm up", "en")
    assess("värm upp", "sv")
    times, cpu, rows = [], [], []
    for case in cases:
        start, start_cpu = time.perf_counter(), time.process_time()
        result = assess(case["text"], case.get("lang") or "en", case.get("age_years"), case.get("sex"))
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        pred = result.benchmark_level if scale is SCALE4 else TO3[result.benchmark_level]
        rows.append((case, pred, result))
    rank = {lv: i for i, lv in enumerate(scale)}
    n = len(rows)
    exact = sum(pred == c["gold"] for c, pred, _ in rows)
    under = sum(rank[pred] < rank[c["gold"]] for c, pred, _ in rows)
    over = sum(rank[pred] > rank[c["gold"]] for c, pred, _ in rows)
    emerg = [(c, pred) for c, pred, _ in rows if c["gold"] == "emergency"]
    missed = sum(p != "emergency" for _, p in emerg)
    three = sum(TO3[pred] == TO3[c["gold"]] for c, pred, _ in rows)
    emergency_or_not = sum((pred == "emergency") == (c["gold"] == "emergency") for c, pred, _ in rows)
    care_or_self = sum((pred == "self_care") == (c["gold"] == "self_care") for c, pred, _ in rows)
    print(f"\n== {name} ({n} cases, {len(scale)}-level scale) ==")
    print(f"exact accuracy      {exact}/{n} = {exact / n:.1%}")
    for level in reversed(scale):
        sub = [(c, pred) for c, pred, _ in rows if c["gold"] == level]
        if sub:
            ok = sum(p == c["gold"] for c, p in sub)
            print(f"  {level:<20}{ok}/{len(sub)} = {ok / len(sub):.1%}")
    if scale is SCALE4:
        print(
            f"3-level accuracy    {three}/{n} = {three / n:.1%}  (emergency / non-emergency care / self-care)"
        )
    print(f"emergency or not   {emergency_or_not}/{n} = {emergency_or_not / n:.1%}")
    print(f"care or self-care  {care_or_self}/{n} = {care_or_self / n:.1%}")
    print(f"under-triage        {under}/{n} = {under / n:.1%}")
    print(f"over-triage         {over}/{n} = {over / n:.1%}")
    if emerg:
        sens = len(emerg) - missed
        print(f"emergency sensitivity {sens}/{len(emerg)} = {sens / len(emerg):.1%}")
        print(f"emergencies under-triaged {missed}/{len(emerg)}")
    _print_confusion(rows, scale)
    ms = sorted(t * 1000 for t in times)
    print(
        f"speed               {n / sum(times):.0f} cases/s, mean {statistics.mean(ms):.2f} ms, "
        f"p95 {ms[int(0.95 * (n - 1))]:.2f} ms, max {ms[-1]:.2f} ms; CPU {1000 * sum(cpu) / n:.2f} ms a case"
    )
    if show_errors:
        for c, pred, result in rows:
            if pred != c["gold"]:
                print(
                    f"  x {c['id']}: gold {c['gold']} got {pred} ({result.level}) areas={result.areas} "
                    f"| {c['text'][:150]}"
                )
    return {
        "name": name,
        "n": n,
        "exact": exact / n,
        "three": three / n,
        "emergency_or_not": emergency_or_not / n,
        "care_or_self": care_or_self / n,
        "under": under / n,
        "over": over / n,
        "emergencies": len(emerg),
        "emergencies_missed": missed,
        "ms": statistics.mean(ms),
        "cpu_ms": 1000 * sum(cpu) / n,
    }


def _print_confusion(rows: list, scale: list[str]) -> None:
    """Counts of gold level (rows) against the level given (columns), most urgent first."""
    order = list(reversed(scale))
    short = {level: level.replace("within_", "").replace("_", " ")[:9] for level in order}
    print("gold \\ given       " + "".join(f"{short[lv]:>10}" for lv in order))
    for gold in order:
        counts = [sum(c["gold"] == gold and pred == given for c, pred, _ in rows) for given in order]
        if sum(counts):
            print(f"  {short[gold]:<18}" + "".join(f"{k:>10}" for k in counts))


def summary(results: list[dict]) -> None:
    print("\n== summary ==")
    print(f"{'set':<26}{'n':>4}{'exact':>8}{'3-level':>9}{'emerg?':>8}{'care?':>8}{'missed':>9}{'ms':>7}")
    for r in results:
        print(
            f"{r['name']:<26}{r['n']:>4}{r['exact']:>8.1%}{r['three']:>9.1%}{r['emergency_or_not']:>8.1%}"
            f"{r['care_or_self']:>8.1%}{r['emergencies_missed']:>4}/{r['emergencies']:<4}{r['ms']:>7.2f}"
        )


def main(argv: list[str]) -> int:
    show_errors = "--errors" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or DEFAULT_SETS
    start = time.perf_counter()
    from services.triage import assess

    assess("start", "sv")
    assess("start", "en")
    print(f"start-up (import, spaCy pipelines, knowledge) {time.perf_counter() - start:.1f} s")
    results = []
    for path in paths:
        if path.exists():
            results.append(run_set(path, show_errors))
        else:
            print(f"\n(missing: {path})")
    if len(results) > 1:
        summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
