import json
from pathlib import Path

import pytest

DEV_CASES = Path(__file__).parent / "dev_cases.jsonl"
# Written from general clinical knowledge before the rules were changed for it: long self-care stories,
# chronic complaints, same-day infections and injuries, and emergencies that hide behind ordinary words.
DEV_CASES_2 = Path(__file__).parent / "dev_cases_2.jsonl"


def load_dev_cases(path: Path = DEV_CASES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def dev_cases() -> list[dict]:
    return load_dev_cases()


@pytest.fixture(scope="session")
def dev_cases_2() -> list[dict]:
    return load_dev_cases(DEV_CASES_2)
