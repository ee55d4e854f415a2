"""Easy-language texts around a triage result (the clinical texts themselves live in ``knowledge/``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.triage.engine import Assessment

AGE_QUESTION = {
    "sv": {
        "self": "Hur gammal är du?",
        "child": "Hur gammalt är barnet?",
        "other": "Hur gammal är personen?",
    },
    "en": {"self": "How old are you?", "child": "How old is the child?", "other": "How old is the person?"},
}
UNSURE_REASON = {
    "sv": "Det går inte att veta om det finns varningstecken ({what}). Därför bör vården bedöma det i dag.",
    "en": "We cannot tell if there are warning signs ({what}). So a nurse or doctor should look at it today.",
}
FALLBACK_REASON = {
    "same_day": {
        "sv": "Jag kunde inte säkert förstå besvären. Därför är det bäst att prata med vården i dag.",
        "en": "I could not be sure what the problem is. So it is best to talk to a nurse or doctor today.",
    },
    "routine": {
        "sv": "Jag kunde inte säkert förstå besvären. De har pågått länge, så boka gärna en tid på "
        "vårdcentralen.",
        "en": "I could not be sure what the problem is. It has lasted a long time, so please book a visit "
        "at your health centre.",
    },
}
CONDITION_REASONS = {
    "long": {"sv": "Besvären har pågått länge", "en": "The symptoms have lasted a long time"},
    "age": {
        "sv": "Åldern gör att det är klokt att låta vården bedöma det",
        "en": "Age makes it wise to have it checked",
    },
    "sex": {
        "sv": "Hos män behöver de här besvären undersökas",
        "en": "In men these symptoms need to be checked",
    },
}
GENERAL_SAFETY_NET = {
    "sv": ["det blir mycket värre eller du blir orolig"],
    "en": ["it gets much worse or you feel worried"],
}

_WHAT = {
    "sv": {
        "emergency_call": ["Ring 112 nu.", "Det kan vara livshotande. Vänta inte."],
        "emergency_visit": [
            "Åk till en akutmottagning nu.",
            "Kör inte själv. Be någon skjutsa dig eller ta en taxi.",
            "Ring 112 om det blir värre på vägen.",
        ],
        "same_day": [
            "Kontakta din vårdcentral i dag.",
            "Är vårdcentralen stängd? Ring 1177. Där får du råd om vart du ska vända dig.",
        ],
        "routine": [
            "Boka en tid på din vårdcentral.",
            "Det behöver inte vara i dag. Det räcker inom några dagar eller veckor.",
        ],
        "self_care": ["Du kan troligen ta hand om det här själv just nu."],
    },
    "en": {
        "emergency_call": ["Call 112 now.", "This may be life-threatening. Do not wait."],
        "emergency_visit": [
            "Go to an emergency department now.",
            "Do not drive yourself. Ask someone to drive you or take a taxi.",
            "Call 112 if it gets worse on the way.",
        ],
        "same_day": [
            "Contact your health centre (vårdcentral) today.",
            "Is it closed? Call 1177. They will tell you where to go.",
        ],
        "routine": [
            "Book a visit at your health centre (vårdcentral).",
            "It does not have to be today. Within a few days or weeks is fine.",
        ],
        "self_care": ["You can probably look after this yourself for now."],
    },
}
_KIND_EXTRA = {
    "sv": {
        "suicide": [
            "Du är inte ensam. Det finns hjälp.",
            "Du kan också ringa Mind Självmordslinjen på 90101. De svarar dygnet runt.",
            "Stanna inte ensam. Be någon vara hos dig.",
        ],
        "poisoning": [
            "Ring 112 först om personen är svår att väcka, andas dåligt eller har kramper.",
            "Giftinformationscentralen ger råd på 010-456 67 00.",
            "Spara förpackningen. Framkalla inte kräkning.",
        ],
        "general": ["Är du inte ensam? Be någon stanna hos dig."],
    },
    "en": {
        "suicide": [
            "You are not alone. Help is there.",
            "You can also call Mind Självmordslinjen on 90101. They answer day and night.",
            "Do not stay alone. Ask someone to be with you.",
        ],
        "poisoning": [
            "Call 112 first if the person is hard to wake, breathes badly or has a fit.",
            "The Poisons Information Centre (Giftinformationscentralen) gives advice on 010-456 67 00.",
            "Keep the package. Do not make the person vomit.",
        ],
        "general": ["Are you with someone? Ask them to stay with you."],
    },
}
_WHY = {"sv": "Därför:", "en": "Why:"}
_ADVICE = {"sv": "Det här kan du göra:", "en": "What you can do:"}
_SAFETY = {"sv": "Sök vård direkt om:", "en": "Get help at once if:"}
_SAFETY_112 = {"sv": "Ring 112 om det är livshotande.", "en": "Call 112 if it is life-threatening."}
_NO_DIAGNOSIS = {
    "sv": "Det här är råd, ingen diagnos.",
    "en": "This is advice, not a diagnosis.",
}


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def render_disposition(assessment: Assessment, lang: str) -> str:
    """What to do, how soon, why, and the safety-net, in short sentences."""
    lang = lang if lang in _WHAT else "sv"
    level = assessment.level
    lines: list[str] = list(_WHAT[lang][level])
    if level == "emergency_call":
        lines += _KIND_EXTRA[lang][assessment.emergency_kind or "general"]
    if assessment.reasons:
        lines.append("")
        lines.append(_WHY[lang])
        lines += [f"- {_sentence(r)}" for r in assessment.reasons[:4]]
    if level in ("self_care", "routine") and assessment.advice:
        lines.append("")
        lines.append(_ADVICE[lang])
        lines += [f"- {_sentence(a)}" for a in assessment.advice[:6]]
    if level != "emergency_call":
        lines.append("")
        lines.append(_SAFETY[lang])
        lines += [f"- {s.strip().rstrip('.')}" for s in assessment.safety_net[:6]]
        lines.append(_SAFETY_112[lang])
    lines.append("")
    lines.append(_NO_DIAGNOSIS[lang])
    return "\n".join(lines).strip()
