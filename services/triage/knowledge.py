"""Load and check the triage knowledge base (YAML files under ``knowledge/``, one per symptom area).

File layout (every text in both languages, so a clinician can review each file on its own)::

    id: chest_pain
    title: {sv: ..., en: ...}
    who: any | child | adult          # which people the area applies to (default any)
    sex: F                            # only for this sex, when it is known (periods: not for a boy)
    always: false                     # true: evaluated for every text (general red flags, risk modifiers)
    detect: {sv: [patterns], en: [patterns]}
    weak_detect: {sv: [...], en: [...]}  # words that name the area only when no other area is found
                                      # ("trött" is the complaint in "trött hela dagen", an aside elsewhere)
    triggers: [finding ids]           # the area is also present when one of these findings is
    default: emergency_visit          # level when the area is present and nothing decisive is known
    default_reason: {sv: ..., en: ...}
    findings:                         # ids are global: any area's rules may use them
      radiating_pain: {sv: [...], en: [...], label: {sv, en}, ask: {sv, en}, kind: suicide|poisoning}
      fever_gone: {..., cancels: [fever]}  # when stated, the findings it names count as "no"
      breastfeeding: {..., writer_is_patient: true}  # an infant's age in the text is not the patient's
    rules:
      - {level: emergency_call, any: [radiating_pain], age_min: 30, reason: {sv, en}}
      - {level: same_day, lower: true, all: [...], deny: [...]}   # lowers the default when flags are denied
      # all: every finding stated; any: at least one stated; deny: every one explicitly denied;
      # unless: the rule does not apply when one of these is stated (unknown does not block)
    advice: {sv: [...], en: [...]}
    safety_net: {sv: [...], en: [...]}
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEVELS = ("self_care", "routine", "same_day", "emergency_visit", "emergency_call")
RANK = {level: i for i, level in enumerate(LEVELS)}
BENCHMARK = {
    "emergency_call": "emergency",
    "emergency_visit": "emergency",
    "same_day": "within_1_day",
    "routine": "within_1_week",
    "self_care": "self_care",
}
LANGS = ("sv", "en")
KNOWLEDGE_DIR = Path(__file__).parent / "knowledge"
_RULE_KEYS = {
    "level",
    "all",
    "any",
    "deny",
    "lower",
    "age_min",
    "age_max",
    "min_days",
    "max_days",
    "sex",
    "areas",
    "reason",
    "subject",
    "unless",
}


class KnowledgeError(ValueError):
    """The knowledge files do not follow the schema."""


@dataclass(frozen=True)
class Finding:
    id: str
    area: str
    patterns: dict[str, tuple[str, ...]]
    label: dict[str, str]
    ask: dict[str, str] | None = None
    kind: str | None = None
    cancels: tuple[str, ...] = ()
    writer_is_patient: bool = False


@dataclass(frozen=True)
class Rule:
    area: str
    level: str
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    lower: bool = False
    age_min: float | None = None
    age_max: float | None = None
    min_days: float | None = None
    max_days: float | None = None
    sex: str | None = None
    subject: str | None = None
    areas: tuple[str, ...] = ()
    reason: dict[str, str] | None = None


@dataclass(frozen=True)
class Area:
    id: str
    title: dict[str, str]
    detect: dict[str, tuple[str, ...]]
    default: str | None
    default_reason: dict[str, str] | None
    rules: tuple[Rule, ...]
    advice: dict[str, tuple[str, ...]]
    safety_net: dict[str, tuple[str, ...]]
    who: str = "any"
    sex: str | None = None
    always: bool = False
    triggers: tuple[str, ...] = ()
    weak_detect: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class KnowledgeBase:
    areas: dict[str, Area] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)

    def patterns(self, lang: str) -> dict[str, list[str]]:
        """Matcher patterns per id: findings by their id, area detection as ``area:<id>``."""
        out = {fid: list(f.patterns.get(lang, ())) for fid, f in self.findings.items()}
        for aid, area in self.areas.items():
            if area.detect.get(lang):
                out[f"area:{aid}"] = list(area.detect[lang])
            if area.weak_detect.get(lang):
                out[f"weak:{aid}"] = list(area.weak_detect[lang])
        return {k: v for k, v in out.items() if v}


def _text(value, where: str, problems: list[str]) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or any(
        not isinstance(value.get(lang), str) or not value[lang].strip() for lang in LANGS
    ):
        problems.append(f"{where}: needs non-empty text for both sv and en")
        return None
    return {lang: value[lang].strip() for lang in LANGS}


def _texts(value, where: str, problems: list[str], required: bool = True) -> dict[str, tuple[str, ...]]:
    value = value or {}
    out = {}
    for lang in LANGS:
        items = value.get(lang) or []
        if (required and not items) or any(not isinstance(i, str) or not i.strip() for i in items):
            problems.append(f"{where}: needs a list of texts for {lang}")
        out[lang] = tuple(str(i).strip() for i in items)
    return out


def _level(value, where: str, problems: list[str]) -> str | None:
    if value not in LEVELS:
        problems.append(f"{where}: level {value!r} is not one of {LEVELS}")
        return None
    return value


def _load_file(path: Path, kb: KnowledgeBase, problems: list[str]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    aid = data.get("id")
    where = path.name
    if not aid or aid != path.stem.lstrip("_"):
        problems.append(f"{where}: id must equal the file name ({path.stem.lstrip('_')})")
        aid = aid or path.stem
    always = bool(data.get("always", False))
    for fid, spec in (data.get("findings") or {}).items():
        if fid in kb.findings:
            problems.append(f"{where}: finding {fid} is already defined in {kb.findings[fid].area}")
            continue
        spec = spec or {}
        pats = _texts(spec, f"{where}:{fid}", problems, required=not spec.get("derived"))
        label = _text(spec.get("label"), f"{where}:{fid}.label", problems)
        kind = spec.get("kind")
        if kind not in (None, "suicide", "poisoning"):
            problems.append(f"{where}:{fid}: unknown kind {kind!r}")
        kb.findings[fid] = Finding(
            fid,
            aid,
            pats,
            label or {"sv": fid, "en": fid},
            _text(spec.get("ask"), f"{where}:{fid}.ask", problems),
            kind,
            tuple(spec.get("cancels") or ()),
            bool(spec.get("writer_is_patient", False)),
        )
        for lang, texts in pats.items():
            repeated = sorted({t for t in texts if texts.count(t) > 1})
            if repeated:
                problems.append(f"{where}:{fid}: {lang} patterns repeated {repeated}")
    rules = []
    for i, spec in enumerate(data.get("rules") or []):
        rw = f"{where}:rule {i + 1}"
        unknown = set(spec) - _RULE_KEYS
        if unknown:
            problems.append(f"{rw}: unknown keys {sorted(unknown)}")
        level = _level(spec.get("level"), rw, problems)
        conditions = ("all", "any", "deny", "unless", "age_min", "age_max", "min_days", "max_days", "sex")
        if not any(spec.get(key) is not None for key in conditions):
            problems.append(f"{rw}: a rule needs at least one condition")
        rules.append(
            Rule(
                area=aid,
                level=level or "same_day",
                all=tuple(spec.get("all") or ()),
                any=tuple(spec.get("any") or ()),
                deny=tuple(spec.get("deny") or ()),
                unless=tuple(spec.get("unless") or ()),
                lower=bool(spec.get("lower")),
                age_min=spec.get("age_min"),
                age_max=spec.get("age_max"),
                min_days=spec.get("min_days"),
                max_days=spec.get("max_days"),
                sex=spec.get("sex"),
                subject=spec.get("subject"),
                areas=tuple(spec.get("areas") or ()),
                reason=_text(spec.get("reason"), f"{rw}.reason", problems),
            )
        )
    conditions_of = [dataclasses.replace(rule, reason=None) for rule in rules]
    for i, rule in enumerate(conditions_of):
        if rule in conditions_of[:i]:
            problems.append(f"{where}:rule {i + 1}: the same as rule {conditions_of.index(rule) + 1}")
    default = data.get("default")
    if default is not None:
        _level(default, f"{where}:default", problems)
    if default is not None and not always and default == "emergency_call":
        problems.append(f"{where}: default may not be emergency_call (only stated findings may call 112)")
    who = data.get("who", "any")
    if who not in ("any", "child", "adult"):
        problems.append(f"{where}: who must be any, child or adult")
    sex = data.get("sex")
    if sex not in (None, "F", "M"):
        problems.append(f"{where}: sex must be F or M")
    kb.areas[aid] = Area(
        id=aid,
        title=_text(data.get("title"), f"{where}:title", problems) or {"sv": aid, "en": aid},
        detect=_texts(data.get("detect"), f"{where}:detect", problems, required=not always),
        default=default,
        default_reason=_text(data.get("default_reason"), f"{where}:default_reason", problems),
        rules=tuple(rules),
        advice=_texts(data.get("advice"), f"{where}:advice", problems, required=not always),
        safety_net=_texts(data.get("safety_net"), f"{where}:safety_net", problems, required=not always),
        who=who,
        sex=sex,
        always=always,
        triggers=tuple(data.get("triggers") or ()),
        weak_detect=_texts(data.get("weak_detect"), f"{where}:weak_detect", problems, required=False),
    )
    if default is not None and not data.get("default_reason"):
        problems.append(f"{where}: default_reason is required with a default level")


def check(kb: KnowledgeBase) -> list[str]:
    """Cross-file checks: every id a rule names exists."""
    problems = []
    for area in kb.areas.values():
        for i, rule in enumerate(area.rules):
            for fid in rule.all + rule.any + rule.deny + rule.unless:
                if fid.startswith("area:") and fid[5:] in kb.areas:
                    continue
                if fid not in kb.findings:
                    problems.append(f"{area.id}: rule {i + 1} names unknown finding {fid}")
            for aid in rule.areas:
                if aid not in kb.areas:
                    problems.append(f"{area.id}: rule {i + 1} names unknown area {aid}")
            if rule.level == "emergency_call" and not (rule.all or rule.any):
                problems.append(f"{area.id}: rule {i + 1}: emergency_call needs a stated finding")
        for fid in area.triggers:
            if fid not in kb.findings:
                problems.append(f"{area.id}: trigger names unknown finding {fid}")
    for finding in kb.findings.values():
        for fid in finding.cancels:
            if fid not in kb.findings and not (fid.startswith("area:") and fid[5:] in kb.areas):
                problems.append(f"{finding.id}: cancels unknown finding {fid}")
    return problems


def load_knowledge_from(directory: Path) -> KnowledgeBase:
    kb = KnowledgeBase()
    problems: list[str] = []
    for path in sorted(directory.glob("*.yml")):
        _load_file(path, kb, problems)
    problems += check(kb)
    if problems:
        raise KnowledgeError("knowledge base problems:\n  " + "\n  ".join(problems))
    return kb


@lru_cache(maxsize=1)
def load_knowledge() -> KnowledgeBase:
    return load_knowledge_from(KNOWLEDGE_DIR)
