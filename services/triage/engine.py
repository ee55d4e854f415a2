"""Combine findings into a triage level with reasons and the next decisive questions.

A finding is True (stated), False (denied or negated) or unknown (not mentioned: never read as "no").
Raising rules fire only on stated facts. Each area starts at its ``default`` level, which is chosen so that
an unknown discriminator is on the safe side; lowering rules bring it down only when the red flags they
name have been explicitly denied. The result is the most urgent level over all present areas.

Measured values ("puls 118", "sats 88 %", "BP 85/50") become findings with limits by age (``vital_facts``),
and a rule's ``min_days``/``max_days`` use the duration stated for its own complaint when the text gives one
("hosta i tre veckor, feber sedan igår": the fever is one day old).

Words an area lists under ``weak_detect`` name it only when no other area is found, so an aside ("trött",
"tired") does not add that area's default level to another complaint. A text that names no known area gets
``routine`` when it has lasted for weeks (``long_lasting``) and ``same_day`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.triage.knowledge import BENCHMARK, LEVELS, RANK, Area, KnowledgeBase, Rule, load_knowledge
from services.triage.messages import (
    AGE_QUESTION,
    CONDITION_REASONS,
    FALLBACK_REASON,
    GENERAL_SAFETY_NET,
    UNSURE_REASON,
)
from services.triage.nlp import Extraction, extract

CHILD_AGE = 16
LONG_LASTING_DAYS = 14
_FIRED, _POSSIBLE, _BLOCKED = "fired", "possible", "blocked"


@dataclass(frozen=True)
class Question:
    """A yes/no/don't-know question (``kind="yes_no"``) or the age question (``id="age"``, ``kind="age"``)."""

    id: str
    text: str
    kind: str = "yes_no"


@dataclass
class Assessment:
    level: str
    benchmark_level: str
    reasons: list[str]
    areas: list[str]
    subject: str
    age_years: float | None
    questions: list[Question] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    safety_net: list[str] = field(default_factory=list)
    lang: str = "sv"
    sex: str | None = None
    emergency_kind: str | None = None
    duration_days: float | None = None
    temp_c: float | None = None


@dataclass(frozen=True)
class Emergency:
    kind: str
    reasons: list[str]


@dataclass
class _Context:
    facts: dict[str, bool]
    age: float | None
    sex: str | None
    subject: str
    days: float | None
    active: set[str]
    area_days: dict[str, float] = field(default_factory=dict)


def _derived_facts(ex: Extraction, kb: KnowledgeBase) -> dict[str, bool]:
    facts: dict[str, bool] = {fid: False for fid in ex.negated}
    facts.update({fid: True for fid in ex.present})
    # "the fever is gone now", "negative pregnancy test": a stated finding can deny others (``cancels``).
    # A measured temperature below still decides the fever findings.
    for fid in ex.present:
        if fid in kb.findings:
            facts.update({cancelled: False for cancelled in kb.findings[fid].cancels})
    if ex.temp_c is not None:
        for fid, limit in (("fever", 38.0), ("high_fever", 39.0), ("very_high_fever", 40.0)):
            if ex.temp_c >= limit:
                facts[fid] = True
            elif fid != "fever" or ex.temp_c < 37.8:
                facts.setdefault(fid, False)
    if ex.duration_days is not None:
        facts["long_lasting"] = ex.duration_days >= LONG_LASTING_DAYS
    return facts


# Limits for measured values (adults: NEWS2 red scores; children: upper limits of normal by age, as in
# paediatric early-warning charts). (max age in years, fast pulse, very fast pulse, fast breathing).
_CHILD_LIMITS = ((1, 160, 180, 50), (2, 150, 170, 40), (5, 140, 160, 40), (12, 120, 140, 30))
_ADULT_LIMITS = (110, 131, 25)


def vital_facts(vitals: dict[str, float], age: float | None) -> dict[str, bool]:
    """Findings from measured values: a stated normal value counts as "no", a missing one stays unknown."""
    fast, very_fast, fast_rr = next(
        (limits[1:] for limits in _CHILD_LIMITS if age is not None and age < limits[0]), _ADULT_LIMITS
    )
    facts: dict[str, bool] = {}
    if "pulse" in vitals:
        facts["fast_pulse"] = vitals["pulse"] >= fast
        facts["very_fast_pulse"] = vitals["pulse"] >= very_fast
        if age is None or age >= 12:
            facts["slow_pulse"] = vitals["pulse"] < 40
    if "resp_rate" in vitals:
        facts["fast_breathing"] = vitals["resp_rate"] >= fast_rr
    if "spo2" in vitals:
        facts["low_oxygen"] = vitals["spo2"] <= 92
    if "sbp" in vitals:
        low = 90 if age is None or age >= 12 else 70 + 2 * age
        facts["low_bp"] = vitals["sbp"] <= low
        facts["very_high_bp"] = vitals["sbp"] >= 180 or vitals.get("dbp", 0) >= 120
    if "glucose" in vitals:
        facts["high_sugar"] = vitals["glucose"] >= 15
        facts["low_sugar"] = vitals["glucose"] < 4
    return facts


def _is_child(age: float | None, subject: str) -> bool:
    return age < CHILD_AGE if age is not None else subject == "child"


def _applies(area: Area, ctx: _Context) -> bool:
    if area.sex and ctx.sex and ctx.sex != area.sex:
        return False
    if area.who == "any":
        return True
    return _is_child(ctx.age, ctx.subject) == (area.who == "child")


def _evaluate(rule: Rule, ctx: _Context) -> tuple[str, list[str]]:
    missing: list[str] = []
    for fid in rule.all:
        value = ctx.facts.get(fid)
        if value is False:
            return _BLOCKED, []
        if value is None:
            missing.append(fid)
    if rule.any:
        values = [ctx.facts.get(fid) for fid in rule.any]
        if True not in values:
            if all(v is False for v in values):
                return _BLOCKED, []
            missing += [fid for fid, v in zip(rule.any, values, strict=True) if v is None]
    if any(ctx.facts.get(fid) is True for fid in rule.unless):
        return _BLOCKED, []
    for fid in rule.deny:
        value = ctx.facts.get(fid)
        if value is True:
            return _BLOCKED, []
        if value is None:
            missing.append(fid)
    if rule.age_min is not None or rule.age_max is not None:
        if ctx.age is None:
            missing.append("age")
        elif (rule.age_min is not None and ctx.age < rule.age_min) or (
            rule.age_max is not None and ctx.age >= rule.age_max
        ):
            return _BLOCKED, []
    days = ctx.area_days.get(rule.area, ctx.days)
    if (rule.min_days is not None or rule.max_days is not None) and (
        days is None
        or (rule.min_days is not None and days < rule.min_days)
        or (rule.max_days is not None and days > rule.max_days)
    ):
        return _BLOCKED, []
    if rule.sex and ctx.sex != rule.sex:
        return _BLOCKED, []
    if rule.subject and rule.subject != ctx.subject:
        return _BLOCKED, []
    if rule.areas and not ctx.active.intersection(rule.areas):
        return _BLOCKED, []
    return (_POSSIBLE, missing) if missing else (_FIRED, [])


def _rule_reason(rule: Rule, kb: KnowledgeBase, ctx: _Context, lang: str) -> list[str]:
    if rule.reason:
        return [rule.reason[lang]]
    ids = [fid for fid in rule.all + rule.any if ctx.facts.get(fid) is True and fid in kb.findings]
    out = [kb.findings[fid].label[lang] for fid in ids]
    if rule.min_days is not None:
        out.append(CONDITION_REASONS["long"][lang])
    if rule.age_min is not None or rule.age_max is not None:
        out.append(CONDITION_REASONS["age"][lang])
    if rule.sex and not out:
        out.append(CONDITION_REASONS["sex"][lang])
    return out


def _max_level(levels: list[str]) -> str | None:
    return max(levels, key=RANK.__getitem__) if levels else None


def assess(
    text: str,
    lang: str = "sv",
    age_years: float | None = None,
    sex: str | None = None,
    answers: dict[str, bool | None] | None = None,
) -> Assessment:
    """Assess free text (plus answers to earlier questions) into a triage level. See the package docs."""
    lang = lang if lang in ("sv", "en") else "sv"
    kb = load_knowledge()
    ex = extract(text or "", lang)
    # "I am breastfeeding my 3-week-old": the writer is the patient; the infant's age is not theirs.
    writer_is_patient = age_years is None and any(
        kb.findings[fid].writer_is_patient for fid in ex.present if fid in kb.findings
    )
    age = age_years if age_years is not None else ex.age_years
    if writer_is_patient and age is not None and age < 1:
        age = None
    facts = _derived_facts(ex, kb)
    for fid, measured in vital_facts(ex.vitals, age).items():
        facts[fid] = measured or facts.get(fid, False)
    for qid, value in (answers or {}).items():
        if value is None:
            facts.pop(qid, None) if qid not in ex.present else None
        else:
            facts[qid] = bool(value)
    sex = sex or ex.sex or None
    sex = sex.upper()[:1] if sex else None
    subject = "self" if writer_is_patient else ex.subject
    if (
        subject == "self"
        and age is not None
        and age < CHILD_AGE
        and age_years is None
        and ex.age_years is not None
    ):
        subject = "child"
    ctx = _Context(facts, age, sex, subject, ex.duration_days, set(), ex.area_days)
    detected = [
        a
        for a in kb.areas.values()
        if not a.always and (facts.get(f"area:{a.id}") is True or any(facts.get(t) for t in a.triggers))
    ]
    ctx.active = {a.id for a in detected if _applies(a, ctx)}
    if not ctx.active:
        weak = [a for a in kb.areas.values() if not a.always and facts.get(f"weak:{a.id}") is True]
        ctx.active = {a.id for a in weak if _applies(a, ctx)}
    facts.update({f"area:{aid}": True for aid in ctx.active})
    areas = [a for a in kb.areas.values() if a.id in ctx.active or a.always]

    per_area: dict[str, tuple[str | None, list[Rule], list[Rule]]] = {}
    possible: list[tuple[Area, Rule, list[str]]] = []
    for area in areas:
        fired_up: list[Rule] = []
        fired_down: list[Rule] = []
        for rule in area.rules:
            state, missing = _evaluate(rule, ctx)
            if state == _FIRED:
                (fired_down if rule.lower else fired_up).append(rule)
            elif state == _POSSIBLE:
                possible.append((area, rule, missing))
        base = min((r.level for r in fired_down), key=RANK.__getitem__) if fired_down else area.default
        level = _max_level([lv for lv in [base] + [r.level for r in fired_up] if lv])
        per_area[area.id] = (level, fired_up, fired_down)

    levels = [lv for lv, _, _ in per_area.values() if lv]
    unplaced = "routine" if facts.get("long_lasting") else "same_day"
    overall = _max_level(levels) or unplaced
    reasons: list[str] = []
    # "Don't know" to a question that could raise the level is not reassurance: someone should look
    # at it today (but an unknown alone never calls for an ambulance).
    unsure = {qid for qid, value in (answers or {}).items() if value is None}
    doubts = [
        kb.findings[f]
        for _, rule, missing in possible
        if RANK[rule.level] > RANK[overall]
        for f in missing
        if f in unsure and f in kb.findings
    ]
    if doubts and RANK[overall] < RANK["same_day"]:
        overall = "same_day"
        labels = ", ".join(dict.fromkeys(f.label[lang].lower() for f in doubts if f.label))
        reasons.append(UNSURE_REASON[lang].format(what=labels))
    kinds: set[str] = set()
    for area in areas:
        level, fired_up, fired_down = per_area[area.id]
        if level != overall:
            continue
        top = [r for r in fired_up if r.level == overall]
        for rule in top:
            reasons += _rule_reason(rule, kb, ctx, lang)
            if overall == "emergency_call":
                kinds.update(
                    str(kb.findings[f].kind)
                    for f in rule.all + rule.any
                    if facts.get(f) is True and f in kb.findings and kb.findings[f].kind
                )
        if not top:
            down = [r for r in fired_down if r.level == overall]
            if down:
                reasons += [x for r in down for x in _rule_reason(r, kb, ctx, lang)]
            elif area.default_reason:
                reasons.append(area.default_reason[lang])
    if not levels:
        reasons.append(FALLBACK_REASON[unplaced][lang])

    questions = _questions(kb, ctx, possible, per_area, overall, lang)
    detected_ids = [a.id for a in areas if not a.always]
    advice, safety = [], []
    for area in areas:
        if area.always:
            continue
        if overall in ("self_care", "routine"):
            advice += list(area.advice[lang])
        safety += list(area.safety_net[lang])
    safety += GENERAL_SAFETY_NET[lang]
    kind = "poisoning" if "poisoning" in kinds else "suicide" if "suicide" in kinds else "general"
    return Assessment(
        level=overall,
        benchmark_level=BENCHMARK[overall],
        reasons=_dedupe(reasons),
        areas=detected_ids,
        subject=subject,
        age_years=age,
        questions=questions,
        advice=_dedupe(advice),
        safety_net=_dedupe(safety),
        lang=lang,
        sex=sex,
        emergency_kind=kind if overall == "emergency_call" else None,
        duration_days=ex.duration_days,
        temp_c=ex.temp_c,
    )


def _questions(
    kb: KnowledgeBase,
    ctx: _Context,
    possible: list[tuple[Area, Rule, list[str]]],
    per_area: dict,
    overall: str,
    lang: str,
) -> list[Question]:
    scored: dict[str, tuple] = {}
    for order, (area, rule, missing) in enumerate(possible):
        if area.id == "general":
            continue
        if not rule.lower:
            gain = RANK[rule.level] - RANK[overall]
            priority = 0
        else:
            area_level = per_area[area.id][0]
            if area_level != overall or any(r.level == overall for r in per_area[area.id][1]):
                continue
            gain = RANK[overall] - RANK[rule.level]
            priority = 1
        if gain <= 0:
            continue
        askable = [m for m in missing if m == "age" or (m in kb.findings and kb.findings[m].ask)]
        required_unaskable = [m for m in missing if m not in askable and m not in rule.any]
        if required_unaskable or not askable:
            continue
        for m in askable:
            key = (-1 if m == "age" and ctx.subject == "child" else priority, -gain, order)
            if m not in scored or key < scored[m]:
                scored[m] = key
    out = []
    for qid, _ in sorted(scored.items(), key=lambda kv: kv[1]):
        if qid == "age":
            out.append(Question("age", AGE_QUESTION[lang][ctx.subject], kind="age"))
        else:
            ask = kb.findings[qid].ask
            if ask:
                out.append(Question(qid, ask[lang]))
    return out


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def screen_emergency(text: str, lang: str = "sv") -> Emergency | None:
    """Only findings that mean "call 112 now". Negated mentions and ordinary messages never fire."""
    if not text or not any(ch.isalpha() for ch in text):
        return None
    result = assess(text, lang)
    if result.level != "emergency_call":
        return None
    return Emergency(kind=result.emergency_kind or "general", reasons=result.reasons)


__all__ = ["Assessment", "Emergency", "LEVELS", "Question", "assess", "screen_emergency"]
