"""Symptom triage: free text (Swedish or English) in, an urgency level with reasons and advice out.

Public API (other parts of the project depend on these names and fields)::

    from services.triage import assess, screen_emergency, Assessment, Question, Emergency, render_disposition

    assess(text, lang="sv", age_years=None, sex=None, answers=None) -> Assessment
        level            "emergency_call" | "emergency_visit" | "same_day" | "routine" | "self_care"
        benchmark_level  "emergency" | "within_1_day" | "within_1_week" | "self_care"
        reasons          why, in ``lang``
        areas            symptom areas found (ids of the files in ``knowledge/``)
        subject          "self" | "child" | "other";  age_years: float | None;  sex: "F" | "M" | None
        questions        still-unknown decisive questions, most decisive first (empty when settled).
                         Question(id, text, kind): kind "yes_no" (answer True/False/None) or "age".
        advice           self-care advice in ``lang`` (for self_care and routine)
        safety_net       "seek care at once if ..." conditions in ``lang``
        emergency_kind   "general" | "suicide" | "poisoning" when level is emergency_call
      ``answers`` maps Question.id -> True / False / None (None = don't know, kept unknown). Ask the age
      question by passing the answer as ``age_years``. Whatever the text does not say is unknown, never "no".

    screen_emergency(text, lang="sv") -> Emergency(kind, reasons) | None
        Only findings that mean "call 112 now". Fast (about a millisecond after start-up); never fires on
        negated mentions ("inga bröstsmärtor") or ordinary messages ("ja", "jag vill boka en tid").

    render_disposition(assessment, lang) -> str
        Easy-language text: what to do, how soon, why, and the safety-net.

Batch use (contract 4): ``python -m services.triage`` reads JSON lines
``{"id","text","lang","age_years","sex"}``
and writes ``{"id","level","benchmark_level","reasons"}`` per line.

The clinical content lives in ``knowledge/*.yml`` (one file per symptom area, see ``knowledge.py`` for the
format). spaCy pipelines are created on first use, never at import.
"""

from services.triage.engine import Assessment, Emergency, Question, assess, screen_emergency
from services.triage.knowledge import BENCHMARK, LEVELS
from services.triage.messages import render_disposition

__all__ = [
    "BENCHMARK",
    "LEVELS",
    "Assessment",
    "Emergency",
    "Question",
    "assess",
    "render_disposition",
    "screen_emergency",
]
