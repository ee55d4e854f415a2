"""Readability of everything the assistant says: LIX for Swedish, Flesch-Kincaid grade for English.

Reads the bot's responses (bot/domain/*.yml), the triage knowledge (services/triage/knowledge/*.yml), the
application questionnaires (services/applications/questionnaires/*.yml) and the gateway's own texts
(channels/texts.py), then prints every source's figures, the median and the ten hardest texts.

    .venv/bin/python bench/readability.py

LIX (läsbarhetsindex) = words / sentences + 100 * long words / words, a long word having more than six
letters; under 30 is very easy, 30-40 easy (the goal for "lättläst"). Flesch-Kincaid grade =
0.39 * words / sentences + 11.8 * syllables / words - 15.59. Goals: every Swedish text at most LIX 40 and
the median at most 30; every English text at most grade 8. Labels and button titles (fewer than
``MIN_WORDS`` words) are not running text and are counted but not scored. LIX is noisy for one short
sentence (five words, two of them long, score 45), so "pooled" also gives each source's LIX as one text.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIX_MAX = 40.0
LIX_MEDIAN_MAX = 30.0
GRADE_MAX = 8.0
MIN_WORDS = 5
# Keyword lists in the content files: what people write, not what they read. A triage finding's own
# ``sv``/``en`` lists are its patterns too (its ``label`` and ``ask`` are read).
NOT_READ = {"detect", "weak_detect", "synonyms"}

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n+")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class Text:
    source: str  # file and key, e.g. "bot/domain/_shared.yml utter_greet"
    lang: str
    text: str

    @property
    def words(self) -> list[str]:
        return _WORD.findall(_PLACEHOLDER.sub("", self.text))

    @property
    def scored(self) -> bool:
        return len(self.words) >= MIN_WORDS


def sentences(text: str) -> int:
    parts = [p for p in _SENTENCE_END.split(_PLACEHOLDER.sub("", text)) if _WORD.search(p)]
    return max(1, len(parts))


def lix(text: str) -> float:
    words = _WORD.findall(_PLACEHOLDER.sub("", text))
    if not words:
        return 0.0
    long_words = sum(1 for w in words if sum(c.isalpha() for c in w) > 6)
    return len(words) / sentences(text) + 100 * long_words / len(words)


def syllables(word: str) -> int:
    """English syllables by vowel groups, less a silent final e: close enough for a grade level."""
    word = word.lower().strip("'’")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    words = _WORD.findall(_PLACEHOLDER.sub("", text))
    if not words:
        return 0.0
    syllable_count = sum(syllables(w) for w in words if not w.isdigit())
    return 0.39 * len(words) / sentences(text) + 11.8 * syllable_count / len(words) - 15.59


def score(text: Text) -> float:
    return lix(text.text) if text.lang == "sv" else flesch_kincaid_grade(text.text)


def meets_goal(text: Text) -> bool:
    return score(text) <= (LIX_MAX if text.lang == "sv" else GRADE_MAX)


# --- where the texts are ------------------------------------------------------------------------------


def domain_responses(paths: Iterable[Path] | None = None) -> Iterator[Text]:
    """Each response variation of the bot's domain; a variation conditioned on ``language: en`` is English."""
    for path in paths or sorted((ROOT / "bot" / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variations in responses.items():
            for variation in variations:
                if not variation.get("text"):
                    continue
                conditions = variation.get("condition") or []
                english = any(c.get("name") == "language" and c.get("value") == "en" for c in conditions)
                yield Text(f"{path.relative_to(ROOT)} {name}", "en" if english else "sv", variation["text"])


def content_texts(paths: Iterable[Path] | None = None) -> Iterator[Text]:
    """Every ``{sv: ..., en: ...}`` text in the triage knowledge and the questionnaires."""
    if paths is None:
        paths = sorted((ROOT / "services" / "triage" / "knowledge").glob("*.yml")) + sorted(
            (ROOT / "services" / "applications" / "questionnaires").glob("*.yml")
        )
    for path in paths:
        where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
        yield from _bilingual(yaml.safe_load(path.read_text(encoding="utf-8")), where)


def _bilingual(node: object, where: str) -> Iterator[Text]:
    if isinstance(node, dict):
        if node and set(node) <= {"sv", "en"}:
            for lang, value in node.items():
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        yield Text(where, lang, item.strip())
            return
        for key, value in node.items():
            if key == "findings" and isinstance(value, dict):
                value = {fid: _without_patterns(spec) for fid, spec in value.items()}
            if key not in NOT_READ:
                yield from _bilingual(value, f"{where} {key}")
    elif isinstance(node, list):
        for item in node:
            yield from _bilingual(item, where)


def _without_patterns(finding: object) -> object:
    if not isinstance(finding, dict):
        return finding
    return {key: value for key, value in finding.items() if key not in ("sv", "en")}


def gateway_texts() -> Iterator[Text]:
    """The gateway's messages, the web page's own texts, and the erasure answer shared with the bot."""
    from channels.texts import PAGE, TEXTS
    from services.privacy import ERASED_TEXT

    for key, variants in TEXTS.items():
        for lang, value in variants.items():
            yield Text(f"channels/texts.py TEXTS {key}", lang, value)
    for lang, value in ERASED_TEXT.items():
        yield Text("services/privacy.py ERASED_TEXT", lang, value)
    for lang, page in PAGE.items():
        for key, value in page.items():
            yield Text(f"channels/texts.py PAGE {key}", lang, value)


def all_texts() -> dict[str, list[Text]]:
    return {
        "bot responses (bot/domain)": list(domain_responses()),
        "triage knowledge and questionnaires": list(content_texts()),
        "gateway and page (channels/texts.py)": list(gateway_texts()),
    }


# --- the report ---------------------------------------------------------------------------------------


COLUMNS = ("sv texts", "LIX median", "LIX max", "pooled", "en texts", "FK median", "FK max", "labels")


def summary_row(texts: list[Text]) -> tuple[float, ...]:
    swedish = [lix(t.text) for t in texts if t.lang == "sv" and t.scored]
    english = [flesch_kincaid_grade(t.text) for t in texts if t.lang == "en" and t.scored]
    pooled = lix("\n".join(t.text for t in texts if t.lang == "sv" and t.scored))
    labels = sum(1 for t in texts if not t.scored)
    return (len(swedish), _median(swedish), max(swedish, default=0), pooled,
            len(english), _median(english), max(english, default=0), labels)  # fmt: skip


def report(groups: dict[str, list[Text]]) -> bool:
    """Print the figures; True when every goal is met."""
    everything = [t for texts in groups.values() for t in texts]
    print(f"{'source':38}" + "".join(f"{c:>11}" for c in COLUMNS))
    for name, texts in [*groups.items(), ("all", everything)]:
        print(f"{name:38}" + "".join(f"{v:11.0f}" if i in (0, 4, 7) else f"{v:11.1f}"
                                     for i, v in enumerate(summary_row(texts))))  # fmt: skip
    ok = True
    for lang, measure, goal in (
        ("sv", "LIX", f"LIX <= {LIX_MAX:g} each, median <= {LIX_MEDIAN_MAX:g}"),
        ("en", "FK grade", f"grade <= {GRADE_MAX:g} each"),
    ):
        scored = sorted((t for t in everything if t.lang == lang and t.scored), key=score, reverse=True)
        failing = [t for t in scored if not meets_goal(t)]
        met = not failing and (lang == "en" or _median([score(t) for t in scored]) <= LIX_MEDIAN_MAX)
        ok = ok and met
        verdict = "met" if met else "NOT met"
        print(f"\n{lang}: goal {goal}: {verdict} ({len(failing)} of {len(scored)} texts over)")
        print(f"the ten hardest ({measure}):")
        for text in scored[:10]:
            print(f"  {score(text):5.1f}  {text.source}: {_clip(text.text)}")
    return ok


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _clip(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


if __name__ == "__main__":
    report(all_texts())
