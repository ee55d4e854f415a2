"""Application types as data: bilingual questionnaires shaped like HL7 FHIR R4 ``Questionnaire``.

Each ``*.yml`` file in the folder is one application type; adding a type needs no Python change. The
loader checks the schema and names the file and item of every mistake. Our own keys beside the FHIR
ones: ``service`` (the type key used by the conversation), ``referencePrefix``, per item ``short`` (the
label in the review), ``reask`` (the message for an answer we did not understand), ``unit`` (``SEK``
for amounts), ``precision: month`` for dates, ``minValue``/``maxValue``, ``requiredAnswer`` (the only
answer that lets the person go on) and ``records`` (``applicant`` | ``relation`` | ``person_agreed``:
what the answer means for the application row). Answer options may list ``synonyms`` per language and
be ``exclusive`` ("none of these").
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from services.applications.errors import QuestionnaireError, UnknownApplicationType

LANGUAGES = ("sv", "en")
DEFAULT_FOLDER = Path(__file__).parent / "questionnaires"
FOLDER_ENV = "APPLICATION_QUESTIONNAIRES_DIR"

ITEM_TYPES = ("boolean", "choice", "integer", "decimal", "date", "string", "text")
OPERATORS = ("exists", "=", "!=", ">", "<", ">=", "<=")
STATUSES = ("draft", "active", "retired", "unknown")
RECORDS = ("applicant", "relation", "person_agreed")
_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_NAME = re.compile(r"^[A-Z][A-Za-z0-9_]{0,254}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_PREFIX = re.compile(r"^[A-Z]{2,3}$")
_ORDERED = ("integer", "decimal", "date")
_TOP_KEYS = frozenset(
    "resourceType service id url version name title status description referencePrefix item".split()
)
_ITEM_KEYS = frozenset(
    "linkId type text short help reask required repeats answerOption enableWhen enableBehavior minValue"
    " maxValue maxLength unit precision requiredAnswer records".split()
)


@dataclass(frozen=True)
class Text:
    """The same words in every supported language."""

    sv: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True)
class AnswerOption:
    code: str
    display: Text
    synonyms: Mapping[str, tuple[str, ...]]
    exclusive: bool = False


@dataclass(frozen=True)
class EnableWhen:
    question: str
    operator: str
    answer: Any


@dataclass(frozen=True)
class Item:
    link_id: str
    type: str
    text: Text
    short: Text
    help: Text | None = None
    reask: Text | None = None
    required: bool = False
    repeats: bool = False
    options: tuple[AnswerOption, ...] = ()
    enable_when: tuple[EnableWhen, ...] = ()
    enable_behavior: str = "all"
    min_value: Any = None
    max_value: Any = None
    max_length: int | None = None
    unit: str | None = None
    precision: str = "day"
    required_answer: Any = None
    records: str | None = None

    @property
    def kind(self) -> str:
        """The answer kind the parser needs: the FHIR type, with amounts and months told apart."""
        if self.type == "decimal" and self.unit == "SEK":
            return "amount"
        if self.type == "date" and self.precision == "month":
            return "month"
        if self.type == "choice" and self.repeats:
            return "multichoice"
        return "text" if self.type == "string" else self.type

    def option(self, code: str) -> AnswerOption | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Questionnaire:
    service: str
    id: str
    url: str
    version: str
    name: str
    title: Text
    description: Text
    status: str
    reference_prefix: str
    items: tuple[Item, ...]
    source: str = ""

    def item(self, link_id: str) -> Item:
        for item in self.items:
            if item.link_id == link_id:
                return item
        raise KeyError(link_id)


# --- loading ------------------------------------------------------------------------------------------


def load_questionnaire(path: Path | str) -> Questionnaire:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise QuestionnaireError(f"{path.name}: not valid YAML: {error}") from error
    return parse_questionnaire(data, source=path.name)


def load_questionnaires(folder: Path | str | None = None) -> dict[str, Questionnaire]:
    """Every ``*.yml`` questionnaire in ``folder`` (default: the packaged ones), by service type."""
    folder = Path(folder) if folder is not None else DEFAULT_FOLDER
    found: dict[str, Questionnaire] = {}
    for path in sorted(folder.glob("*.yml")):
        questionnaire = load_questionnaire(path)
        if questionnaire.service in found:
            raise QuestionnaireError(f"{path.name}: service {questionnaire.service!r} is defined twice")
        found[questionnaire.service] = questionnaire
    if not found:
        raise QuestionnaireError(f"no questionnaires (*.yml) in {folder}")
    prefixes = [q.reference_prefix for q in found.values()]
    if len(set(prefixes)) != len(prefixes):
        raise QuestionnaireError(f"reference prefixes must differ between types: {sorted(prefixes)}")
    return found


_cache: dict[str, dict[str, Questionnaire]] = {}
_cache_lock = threading.Lock()


def questionnaire_folder() -> Path:
    return Path(os.environ.get(FOLDER_ENV) or DEFAULT_FOLDER)


def questionnaires() -> dict[str, Questionnaire]:
    """The questionnaires in ``APPLICATION_QUESTIONNAIRES_DIR`` (default: the packaged ones), loaded once."""
    folder = str(questionnaire_folder().resolve())
    with _cache_lock:
        if folder not in _cache:
            _cache[folder] = load_questionnaires(folder)
        return _cache[folder]


def get_questionnaire(service: str) -> Questionnaire:
    found = questionnaires()
    if service not in found:
        raise UnknownApplicationType(f"unknown application type {service!r}; known: {sorted(found)}")
    return found[service]


# --- schema checking ----------------------------------------------------------------------------------


def _fail(where: str, message: str) -> QuestionnaireError:
    return QuestionnaireError(f"{where}: {message}")


def _text(value: Any, where: str, *, optional: bool = False) -> Text | None:
    if value is None and optional:
        return None
    if not isinstance(value, dict):
        raise _fail(where, "must be a mapping with the languages sv and en")
    if set(value) - set(LANGUAGES):
        raise _fail(
            where, f"unknown keys {sorted(map(str, set(value) - set(LANGUAGES)))}; quote texts with commas"
        )
    missing = [lang for lang in LANGUAGES if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise _fail(where, f"text missing in {', '.join(missing)}")
    return Text(sv=value["sv"].strip(), en=value["en"].strip())


def _required_text(value: Any, where: str) -> Text:
    text = _text(value, where)
    assert text is not None
    return text


def parse_questionnaire(data: Any, *, source: str = "<data>") -> Questionnaire:
    if not isinstance(data, dict):
        raise _fail(source, "a questionnaire file must be a mapping")
    if unknown := set(data) - _TOP_KEYS:
        raise _fail(source, f"unknown keys {sorted(map(str, unknown))}")
    if data.get("resourceType") != "Questionnaire":
        raise _fail(source, "resourceType must be Questionnaire")
    service = str(data.get("service", ""))
    if not _KEY.match(service):
        raise _fail(source, "service must be a lower-case key such as home_care")
    qid = str(data.get("id", ""))
    if not _FHIR_ID.match(qid):
        raise _fail(source, "id must be a FHIR id (letters, digits, '-' and '.', at most 64)")
    name = str(data.get("name", ""))
    if not _NAME.match(name):
        raise _fail(source, "name must be computer-friendly, such as HomeCare")
    url = str(data.get("url", ""))
    if not url.startswith(("http://", "https://", "urn:")):
        raise _fail(source, "url must be an absolute canonical URL")
    status = data.get("status")
    if status not in STATUSES:
        raise _fail(source, f"status must be one of {', '.join(STATUSES)}")
    prefix = str(data.get("referencePrefix", ""))
    if not _PREFIX.match(prefix):
        raise _fail(source, "referencePrefix must be two or three capital letters, such as HT")
    raw_items = data.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        raise _fail(source, "item must be a non-empty list")
    items: list[Item] = []
    for index, raw in enumerate(raw_items, 1):
        items.append(_item(raw, {i.link_id: i for i in items}, f"{source}: item {index}"))
    if sum(1 for i in items if i.records == "applicant") > 1:
        raise _fail(source, "at most one item records the applicant")
    return Questionnaire(
        service=service,
        id=qid,
        url=url,
        version=str(data.get("version", "1")),
        name=name,
        title=_required_text(data.get("title"), f"{source}: title"),
        description=_required_text(data.get("description"), f"{source}: description"),
        status=status,
        reference_prefix=prefix,
        items=tuple(items),
        source=source,
    )


def _item(raw: Any, earlier: dict[str, Item], where: str) -> Item:
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping")
    link_id = str(raw.get("linkId", ""))
    if not _KEY.match(link_id):
        raise _fail(where, "linkId must be a lower-case key such as rent")
    where = f"{where} ({link_id})"
    if unknown := set(raw) - _ITEM_KEYS:
        raise _fail(where, f"unknown keys {sorted(map(str, unknown))}")
    if link_id in earlier:
        raise _fail(where, "linkId is used twice")
    item_type = raw.get("type")
    if item_type not in ITEM_TYPES:
        raise _fail(where, f"type must be one of {', '.join(ITEM_TYPES)}")
    options = _options(raw.get("answerOption"), item_type, where)
    unit = raw.get("unit")
    if unit is not None and (item_type != "decimal" or unit != "SEK"):
        raise _fail(where, "unit is only for decimal amounts, and only SEK")
    precision = raw.get("precision", "day")
    if precision not in ("day", "month") or (precision == "month" and item_type != "date"):
        raise _fail(where, "precision: month is only for dates")
    repeats = bool(raw.get("repeats", False))
    if repeats and item_type != "choice":
        raise _fail(where, "only choice items may repeat (multiple choice)")
    max_length = raw.get("maxLength")
    if max_length is not None and (item_type not in ("string", "text") or not isinstance(max_length, int)):
        raise _fail(where, "maxLength is a whole number, for string and text items")
    for key in ("minValue", "maxValue"):
        if raw.get(key) is not None and item_type not in _ORDERED:
            raise _fail(where, f"{key} is only for integer, decimal and date items")
    records = raw.get("records")
    if records is not None and records not in RECORDS:
        raise _fail(where, f"records must be one of {', '.join(RECORDS)}")
    if records == "applicant" and not any(o.code == "self" for o in options):
        raise _fail(where, "the applicant item needs an answer option with code self")
    if records == "person_agreed" and item_type != "boolean":
        raise _fail(where, "person_agreed is a boolean item")
    enable_when = tuple(_condition(c, earlier, f"{where}: enableWhen") for c in raw.get("enableWhen") or ())
    behavior = raw.get("enableBehavior", "all")
    if behavior not in ("all", "any"):
        raise _fail(where, "enableBehavior must be all or any")
    return Item(
        link_id=link_id,
        type=item_type,
        text=_required_text(raw.get("text"), f"{where}: text"),
        short=_text(raw.get("short"), f"{where}: short", optional=True) or _required_text(raw["text"], where),
        help=_text(raw.get("help"), f"{where}: help", optional=True),
        reask=_text(raw.get("reask"), f"{where}: reask", optional=True),
        required=bool(raw.get("required", False)),
        repeats=repeats,
        options=options,
        enable_when=enable_when,
        enable_behavior=behavior,
        min_value=raw.get("minValue"),
        max_value=raw.get("maxValue"),
        max_length=max_length,
        unit=unit,
        precision=precision,
        required_answer=raw.get("requiredAnswer"),
        records=records,
    )


def _options(raw: Any, item_type: str, where: str) -> tuple[AnswerOption, ...]:
    if item_type != "choice":
        if raw:
            raise _fail(where, "only choice items have answerOption")
        return ()
    if not isinstance(raw, list) or len(raw) < 2:
        raise _fail(where, "a choice needs at least two answerOption entries")
    options = []
    for raw_option in raw:
        if not isinstance(raw_option, dict) or not _KEY.match(str(raw_option.get("code", ""))):
            raise _fail(where, "each answerOption needs a lower-case code")
        code = raw_option["code"]
        synonyms = raw_option.get("synonyms") or {}
        if not isinstance(synonyms, dict) or set(synonyms) - set(LANGUAGES):
            raise _fail(where, f"answerOption {code}: synonyms are lists per language (sv, en)")
        options.append(
            AnswerOption(
                code=code,
                display=_required_text(raw_option.get("display"), f"{where}: answerOption {code}"),
                synonyms={lang: tuple(str(s) for s in synonyms.get(lang) or ()) for lang in LANGUAGES},
                exclusive=bool(raw_option.get("exclusive", False)),
            )
        )
    codes = [o.code for o in options]
    if len(set(codes)) != len(codes):
        raise _fail(where, "answerOption codes must differ")
    return tuple(options)


def _condition(raw: Any, earlier: dict[str, Item], where: str) -> EnableWhen:
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping with question, operator and answer")
    question = raw.get("question")
    if question not in earlier:
        raise _fail(where, f"question {question!r} must be an earlier item")
    operator = raw.get("operator")
    if operator not in OPERATORS:
        raise _fail(where, f"operator must be one of {', '.join(OPERATORS)}")
    answer = raw.get("answer")
    target = earlier[question]
    if operator == "exists":
        if not isinstance(answer, bool):
            raise _fail(where, "exists takes answer true or false")
    elif target.type == "choice":
        if operator not in ("=", "!=") or target.option(str(answer)) is None:
            raise _fail(where, f"answer must be one of the codes of {question} (with = or !=)")
    elif target.type == "boolean":
        if operator not in ("=", "!=") or not isinstance(answer, bool):
            raise _fail(where, "a boolean question takes answer true or false (with = or !=)")
    elif target.type in ("integer", "decimal"):
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            raise _fail(where, f"answer must be a number for {question}")
    elif operator not in ("=", "!="):
        raise _fail(where, f"{target.type} questions only compare with = or !=")
    return EnableWhen(question=question, operator=operator, answer=answer)
