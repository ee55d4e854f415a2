import json
from pathlib import Path

import pytest

DEV_CASES = Path(__file__).parent / "dev_cases.jsonl"


def load_dev_cases() -> list[dict]:
    return [json.loads(line) for line in DEV_CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def dev_cases() -> list[dict]:
    return load_dev_cases()
