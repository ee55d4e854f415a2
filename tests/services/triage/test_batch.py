import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_batch_cli_answers_the_contract():
    cases = [
        {
            "id": "a",
            "text": "Jag har svårt att andas och ont i bröstet",
            "lang": "sv",
            "age_years": 60,
            "sex": "M",
        },
        {
            "id": "b",
            "text": "sore throat since yesterday, no fever",
            "lang": "en",
            "age_years": None,
            "sex": None,
        },
        {"id": "c", "text": "hosta i fyra veckor", "lang": "sv", "age_years": None, "sex": None},
    ]
    stdin = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    proc = subprocess.run(
        [sys.executable, "-m", "services.triage"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    for row in rows:
        assert set(row) == {"id", "level", "benchmark_level", "reasons"}
        assert row["reasons"] and all(isinstance(r, str) for r in row["reasons"])
    assert rows[0]["level"] == "emergency_call" and rows[0]["benchmark_level"] == "emergency"
    assert rows[1]["level"] == "self_care" and rows[1]["benchmark_level"] == "self_care"
    assert rows[2]["benchmark_level"] == "within_1_week"


def test_batch_cli_does_not_load_tensorflow():
    code = (
        "import io, runpy, sys\n"
        'sys.stdin = io.StringIO(\'{"id": "x", "text": "ont i halsen", "lang": "sv"}\\n\')\n'
        "try:\n"
        "    runpy.run_module('services.triage', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "import thinc.compat\n"
        "sys.stderr.write('TF=%s' % thinc.compat.has_tensorflow)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300, check=True
    )
    assert json.loads(proc.stdout.splitlines()[0])["level"] == "self_care"
    assert "TF=False" in proc.stderr


def test_skip_tensorflow_leaves_a_loaded_tensorflow_alone():
    from services.triage.__main__ import skip_tensorflow

    empty: dict = {}
    assert skip_tensorflow(empty) is True
    assert "tensorflow" in empty and empty["tensorflow"] is None
    loaded = {"tensorflow": object()}
    assert skip_tensorflow(loaded) is False
    assert loaded["tensorflow"] is not None
