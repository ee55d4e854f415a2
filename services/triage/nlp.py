"""Free-text understanding: findings, negation, who it is about, age, sex, duration, temperature, vital signs.

Built on blank spaCy pipelines with the lookup lemmatizer (spacy-lookups-data) and a Matcher compiled from
the phrase patterns in the knowledge files. Pipelines are created on first use and cached per language.

Pattern syntax (one string per phrase, words separated by spaces):
  ``word``      matches the word or any form with the same lemma (accents optional: "brost" = "bröst")
  ``=word``     exactly this word (the lookup lemmatizer gives "number" the lemma "numb")
  ``stem*``     the stem plus a common Swedish/English ending ("bröstsmärt*" = "bröstsmärtorna"); an English
                stem of five letters or more also takes a medical ending ("anaphyla*" = "anaphylaxis"), a
                Swedish one of six or more also starts a compound ("blindtarm*" = "blindtarmsinflammation")
  ``a|b``       either word
  ``~`` / ``~2`` up to one / two words of any kind
  ``#``         any number;  ``##`` a number of ten or more ("took ## tablets" matches "took 30 tablets")
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from services.triage.knowledge import KnowledgeBase, load_knowledge

LANGS = ("sv", "en")

_ENDINGS = (
    "",
    "a",
    "an",
    "ans",
    "arna",
    "ar",
    "as",
    "e",
    "en",
    "ens",
    "er",
    "erna",
    "et",
    "ets",
    "n",
    "na",
    "or",
    "orna",
    "r",
    "s",
    "t",
    "ts",
    "ig",
    "iga",
    "igt",
    "ade",
    "at",
    "ande",
    "ning",
    "ningen",
    "ningar",
    "ningarna",
    "es",
    "ed",
    "ing",
    "ings",
    "y",
    "ly",
    "d",
    "ers",
    "ness",
    "ea",
    "oea",
    "ful",
    "ion",
    "ions",
    "ive",
    "het",
    "heten",
)

_ENDING_SET = set(_ENDINGS)
# Medical word endings, accepted after English stems of five letters or more: "anaphyla*" = "anaphylaxis",
# "tachycard*" = "tachycardic", "scrot*" = "scrotal". Shorter stems are common words ("leg" + "al" = "legal").
_MEDICAL_ENDINGS = {
    "ia", "ias", "ic", "ical", "ics", "is", "sis", "xis", "esis", "osis", "itis", "litis", "ctic", "tic",
    "etic", "us", "al", "ous", "um", "ular", "ies", "iness", "ish", "nt", "nts", "tion", "ce", "sy", "aemia",
    "emia", "aemic", "emic", "ation", "ations", "ated", "ating", "c", "l", "eic", "oeic", "enteritis",
}  # fmt: skip
_MEDICAL_STEM = 5
# Swedish compounds: a stem of six letters or more also names the first part of a longer word
# ("blindtarm*" = "blindtarmsinflammation", "gallsten*" = "gallstensanfall", "illamå*" = "illamående").
_COMPOUND_STEM = 6
_MANY = (
    r"^(?:[1-9]\d+|tio|elva|tolv|femton|tjugo\w*|trettio\w*|fyrtio\w*|femtio\w*|hundra\w*|ten|eleven|twelve|"
    r"fifteen|twenty\w*|thirty\w*|forty\w*|fifty\w*|hundred\w*|dozens?)$"
)
_NEG_CUES = {
    "sv": {"inte", "ej", "ingen", "inga", "inget", "utan", "aldrig", "varken", "icke", "nej"},
    "en": {
        "no",
        "not",
        "n't",
        "nt",
        "without",
        "never",
        "denies",
        "deny",
        "denied",
        "nor",
        "neither",
        "none",
        "negative",
        "nothing",
    },
}
_NEG_PSEUDO_NEXT = {
    "bara",
    "sluta",
    "slutar",
    "battre",
    "over",
    "hjalper",
    "hjalpt",
    "saker",
    "forbattring",
    "lindring",
    "only",
    "stop",
    "stopping",
    "better",
    "improve",
    "improving",
    "improved",
    "improvement",
    "go",
    "away",
    "help",
    "helping",
    "helped",
    "sure",
    "relief",
    "change",
    "longer",
    "langre",
}
_NEG_PSEUDO_PREV = {"slutar", "sluta", "gar", "stop", "stops", "will", "wo"}
_SCOPE_END = {
    ".",
    "!",
    "?",
    ";",
    ":",
    ",",
    "men",
    "fast",
    "dock",
    "utom",
    "forutom",
    "trots",
    "daremot",
    "but",
    "however",
    "although",
    "though",
    "except",
    "apart",
    "yet",
    "while",
    "besides",
    "whereas",
}
# "and I", "och han": a new subject starts a new statement (see ``_AFTER_AND`` and ``Analyzer.analyse``).
_SUBJECTS = {"i", "he", "she", "it", "they", "we", "jag", "han", "hon", "hen", "vi", "de", "det"}
_AFTER_AND = _SUBJECTS | {
    # A new verb phrase after "och"/"and" ends a negation's scope ("vill inte leva och tänker ...").
    "tanker",
    "ska",
    "vill",
    "planerar",
    "will",
    "want",
    "plan",
    "going",
    "har",
    "ar",
    "kanner",
    "mar",
    "fatt",
    "blivit",
    "nu",
    "sa",
    "have",
    "has",
    "had",
    "is",
    "my",
    "i'm",
    "am",
    "feel",
    "feels",
    "got",
    "now",
    "was",
    "then",
    # finite verbs that start a new statement ("kan inte ligga still och kräks", "no fever and vomited")
    "kraks",
    "kraktes",
    "krakts",
    "spyr",
    "pratar",
    "sluddrar",
    "svettas",
    "hostar",
    "andas",
    "bloder",
    "kissar",
    "svimmade",
    "ramlade",
    "blev",
    "fick",
    "far",
    "ligger",
    "verkar",
    "ser",
    "vomited",
    "vomits",
    "hit",
    "banged",
    "bumped",
    "fell",
    "cut",
    "started",
    "began",
    "became",
    "developed",
    "collapsed",
    "fainted",
    "looks",
    "seems",
    "are",
    "felt",
    "noticed",
    "heard",
    "kande",
    "markte",
}
# Cues after what they deny, when they end the clause ("svimmar inte", "urine ketones negative").
_POST_CUES = {
    "sv": {"inte", "ej", "aldrig", "negativ", "negativt", "normal", "normalt", "bra"},
    "en": {"negative", "absent", "normal", "normally", "fine"},
}
_NEG_SCOPE = 6
_NEG_LIST_SCOPE = 12  # "no fever, chills, or weight loss": a list that ends in "or" stays negated

_SMS = {
    "sv": [
        # "jätteont", "jättetrött": the intensifier is a word of its own, so "ont" and "trött" match
        (r"\b(jätte|jatte)(?=[a-zåäö]{2,})", r"\1 "),
        (r"\bhuve(t|d)?\b", "huvudet"),
        (r"\b(int|ente|inre)\b", "inte"),
        (r"\binge\b", "ingen"),
        (r"\bsen\b", "sedan"),
        (r"\bmkt\b", "mycket"),
        (r"\bngn\b", "någon"),
        (r"\b(ngt|nåt|nat)\b", "något"),
        (r"\bkan ej\b", "kan inte"),
        (r"\bo\b", "och"),
        (r"\bidag\b", "i dag"),
        (r"\bigår\b", "i går"),
        (r"\binatt\b", "i natt"),
        (r"\bikväll\b", "i kväll"),
        (r"\bforrgar\b", "förrgår"),
        (r"\bbebben\b", "bebisen"),
        (r"\bbäbis", "bebis"),
        (r"\bett par\b(?= (?:timmar|dagar|veckor|månader|manader|år|ar)\b)", "två"),
        (r"\bjätte(ont|öm|ömt|mycket)\b", r"jätte \1"),
        (r"\bsvinont\b", "jätte ont"),
    ],
    "en": [
        (r"\bcant\b", "can't"),
        (r"\bcannot\b", "can not"),
        (r"\bdont\b", "don't"),
        (r"\bdoesnt\b", "doesn't"),
        (r"\bdidnt\b", "didn't"),
        (r"\bwont\b", "won't"),
        (r"\bisnt\b", "isn't"),
        (r"\bim\b", "i'm"),
        (r"\bive\b", "i've"),
        (r"\bu\b", "you"),
        (r"\b2day\b", "today"),
        (r"\bw/o\b", "without"),
        (r"\bw/", "with "),
        (r"\bsob\b", "short of breath"),
        (r"\bn/v\b", "nausea and vomiting"),
        (r"\babd\b", "abdominal"),
        (r"\bc/o\b", "complains of"),
        (r"\bx\s*(?=\d)", "for "),
        (r"\bhtn\b", "high blood pressure"),
        (r"\bhx\b", "history"),
        (r"\bcp\b", "chest pain"),
        (r"\bha\b(?=\s*(?:,|;|$|x\b|for\b|since\b|and\b|w/))", "headache"),
        (r"\bbm\b", "bowel movement"),
        (r"\bloc\b", "loss of consciousness"),
        (r"\bsx\b", "symptoms"),
        (r"\btummy\b", "stomach"),
        (r"\bbreathin\b", "breathing"),
        (r"\bhay ?fever\b", "hayfever"),
        (r"\bpls\b", "please"),
        (r"\bppl\b", "people"),
        (r"\b(?:a )?couple of\b", "two"),
        (r"\ba few\b(?= (?:hours|days|weeks|months|years)\b)", "few"),
    ],
}

_NUM_WORDS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tva": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "atta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "fjorton": 14,
    "tjugo": 20,
    "några": 3,
    "nagra": 3,
    "par": 2,
    "flera": 4,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "twenty": 20,
    "few": 3,
    "couple": 2,
    "several": 4,
    "many": 5,
}
_NUM = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r")"
_UNIT_DAYS = [
    (r"timm(?:e|ar)|tim|h|hours?|hrs?", 1 / 24),
    (r"dagar|dag|dygn|days?|d", 1.0),
    (r"veckorna|veckor|vecka|v|weeks?|wks?", 7.0),
    (r"månaderna|manaderna|månader|manader|månad|manad|mån|man|months?|mos?", 30.4375),
    (r"år|ar|years?|yrs?|y", 365.0),
]
_UNIT = "(" + "|".join(u for u, _ in _UNIT_DAYS) + r")\b"


def _expand_stem_alternatives(pattern: str) -> list[str]:
    """One pattern per stem in an alternative: "ont i ~2 knä*|armbåge*" -> "ont i ~2 knä*", "... armbåge*".

    A token matches one word form or one stem, so alternatives with stems become patterns of their own.
    """
    words = pattern.split()
    for i, word in enumerate(words):
        alts = word.split("|")
        if len(alts) > 1 and any(a.endswith("*") for a in alts):
            plain = [a for a in alts if not a.endswith("*")]
            choices = ["|".join(plain)] * bool(plain) + [a for a in alts if a.endswith("*")]
            return [
                variant
                for choice in choices
                for variant in _expand_stem_alternatives(" ".join(words[:i] + [choice] + words[i + 1 :]))
            ]
    return [pattern]


def _spec_norms(tok: dict) -> list[str]:
    norm = tok.get("NORM")
    if isinstance(norm, str):
        return [norm]
    return list(norm["IN"]) if isinstance(norm, dict) else []


def _unaccented_forms(lemmas: set[str]) -> dict[str, str]:
    """Swedish word forms written without å, ä, ö, mapped to their lemma, for the lemmas the patterns use.

    Read once from spaCy's lookup table (spacy-lookups-data), which has the accented forms only.
    """
    import gzip
    import json
    from importlib.resources import files

    table = json.loads(
        gzip.decompress(files("spacy_lookups_data").joinpath("data/sv_lemma_lookup.json.gz").read_bytes())
    )
    known = set(table) | {lemma.lower() for lemma in table.values()}  # real words ("svart") keep their lemma
    out: dict[str, str] = {}
    for form, lemma in table.items():
        plain = _deaccent(form.lower())
        if plain != form.lower() and plain not in known and _deaccent(lemma.lower()) in lemmas:
            out.setdefault(plain, lemma.lower())
    return out


def _deaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _num(word: str) -> float | None:
    word = word.strip()
    if word in _NUM_WORDS:
        return float(_NUM_WORDS[word])
    try:
        return float(word.replace(",", "."))
    except ValueError:
        return None


def _unit_days(unit: str) -> float:
    for pattern, days in _UNIT_DAYS:
        if re.fullmatch(pattern, unit):
            return days
    return 1.0


@dataclass
class Extraction:
    """What the text says. ``present``/``negated`` hold finding ids; anything else is unknown."""

    present: set[str] = field(default_factory=set)
    negated: set[str] = field(default_factory=set)
    subject: str = "self"
    age_years: float | None = None
    sex: str | None = None
    duration_days: float | None = None
    temp_c: float | None = None
    area_days: dict[str, float] = field(default_factory=dict)
    vitals: dict[str, float] = field(default_factory=dict)


def normalize(text: str, lang: str) -> str:
    # A line break ends a statement: "- no contractions\n- baby moving" denies only the contractions.
    text = re.sub(r"(?<![.!?;:,])[ \t]*\n\s*", " . ", text.strip())
    text = " " + text.lower().replace("\u2019", "'") + " "
    for pattern, repl in _SMS.get(lang, []):
        text = re.sub(pattern, repl, text)
    return re.sub(r"\s+", " ", text).strip()


class Analyzer:
    """A spaCy pipeline plus the compiled finding matcher for one language."""

    def __init__(self, lang: str, kb: KnowledgeBase) -> None:
        import spacy
        from spacy.matcher import Matcher
        from spacy.pipeline import Lemmatizer

        self.lang = lang
        self.nlp = spacy.blank(lang)
        lemmatizer = self.nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self.nlp.initialize()
        # The lookup table is case-sensitive: "HI" or "Kräks" at a sentence start would keep its own form.
        assert isinstance(lemmatizer, Lemmatizer)
        self.lemma_table = lemmatizer.lookups.get_table("lemma_lookup")
        self.matcher = Matcher(self.nlp.vocab)
        self.stems: set[str] = set()
        self.owners = _owners(kb)
        # A gap ("~") in a pattern bridges a few words, never a sentence end or a denial:
        # "no spreading" in "red bumps, no spreading" is not "red ... spreading". (An "and" with a new subject
        # is handled in ``analyse``: the Matcher cannot look ahead.)
        self.gap_stops = sorted({".", "!", "?", ";", ":"} | _NEG_CUES[lang])
        compiled = {
            fid: [self._compile(v) for p in patterns for v in _expand_stem_alternatives(p)]
            for fid, patterns in kb.patterns(lang).items()
        }
        self.canon = {stem: self._canonical(stem) for stem in self.stems}
        # Swedish nouns in -el/-er drop the e before a vowel ending: "socker" -> "sockret", "testikel" ->
        # "testiklar", "muskel" -> "musklerna". The short form of such a stem matches vowel endings too.
        self.syncope = {
            stem[:-2] + stem[-1]: self.canon[stem]
            for stem in self.stems
            if lang == "sv" and len(stem) >= 5 and stem[-2:] in ("el", "er") and stem[-3] not in "aeiouyåäö"
        }
        for fid, specs in compiled.items():
            for spec in specs:
                for tok in spec:
                    if "TAG" in tok:
                        tok["TAG"] = "*" + self.canon[tok["TAG"][1:]]
            self.matcher.add(fid, [s for s in specs if s])
        pattern_norms = {
            norm for specs in compiled.values() for spec in specs for tok in spec for norm in _spec_norms(tok)
        }
        self.unaccented = _unaccented_forms(pattern_norms) if lang == "sv" else {}

    def _lemma(self, word: str) -> str:
        doc = self.nlp(word)
        return _deaccent(doc[0].lemma_.lower()) if len(doc) == 1 else _deaccent(word)

    def _compile(self, pattern: str) -> list[dict]:
        spec: list[dict] = []
        for word in normalize(pattern, self.lang).split():
            if word == "~" or re.fullmatch(r"~\d", word):
                spec.extend(
                    {"OP": "?", "LOWER": {"NOT_IN": self.gap_stops}} for _ in range(int(word[1:] or 1))
                )
            elif word.startswith("=") and len(word) > 1:
                spec.append({"LOWER": word[1:]})
            elif word == "#":
                spec.append({"LIKE_NUM": True})
            elif word == "##":
                spec.append({"LOWER": {"REGEX": _MANY}})
            elif "|" in word:
                alts = word.split("|")
                norms = {self._lemma(a) for a in alts} | {_deaccent(a) for a in alts}
                spec.append({"NORM": {"IN": sorted(norms)}})
            elif word.endswith("*"):
                stem = _deaccent(word.rstrip("*"))
                self.stems.add(stem)
                spec.append({"TAG": "*" + stem})
            else:
                spec.extend({"NORM": _deaccent(t.lemma_.lower() or t.lower_)} for t in self.nlp(word))
        return spec

    def _canonical(self, stem: str) -> str:
        """Stems that differ only by an ending ("mag", "mage") share one key, the shortest."""
        for k in range(2, len(stem)):
            if stem[:k] in self.stems and stem[k:] in _ENDING_SET:
                return self._canonical(stem[:k])
        return stem

    def _stem_key(self, word: str) -> str:
        """``*stem`` for the longest pattern stem the word starts with (the rest a common ending)."""
        for k in range(len(word), 1, -1):
            head, rest = word[:k], word[k:]
            if head in self.stems and (
                rest in _ENDING_SET
                or (self.lang == "en" and k >= _MEDICAL_STEM and rest in _MEDICAL_ENDINGS)
                or (self.lang == "sv" and k >= _COMPOUND_STEM and len(rest) >= 3)
            ):
                return "*" + self.canon[head]
            if head in self.syncope and rest[:1] in ("a", "e", "o") and rest in _ENDING_SET:
                return "*" + self.syncope[head]
        return word

    def doc(self, text: str):
        """Tokenise and lemmatise; NORM holds the accent-free lemma.

        The blank pipelines have no tagger, so TAG is free to carry ``*stem`` for ``stem*`` patterns: exact
        built-in attributes keep the Matcher fast (set or extension predicates made it ten times slower).
        """
        doc = self.nlp(text)
        for tok in doc:
            lemma = tok.lemma_.lower() or tok.lower_
            if tok.lemma_ == tok.text != tok.lower_:
                lemma = self.lemma_table.get(tok.lower_, tok.lower_).lower()
            # SMS Swedish without dots ("vander", "ogat"): the lemma tables know only "vänder", "ögat".
            if lemma == tok.lower_ and lemma in self.unaccented:
                lemma = self.unaccented[lemma]
            tok.norm_ = _deaccent(lemma)
            tok.tag_ = self._stem_key(_deaccent(tok.lower_))
        return doc

    def negation_scopes(self, doc, surf: list[str] | None = None) -> list[bool]:
        """For each token, whether it lies inside the scope of a negation cue before it."""
        negated = [False] * len(doc)
        surf = surf if surf is not None else [_deaccent(t.lower_) for t in doc]
        cues = _NEG_CUES[self.lang] | {_deaccent(c) for c in _NEG_CUES[self.lang]}
        for i, word in enumerate(surf):
            if word not in cues:
                continue
            nxt = surf[i + 1] if i + 1 < len(surf) else ""
            prev = surf[i - 1] if i > 0 else ""
            after = surf[i + 2] if i + 2 < len(surf) else ""
            # "doesn't go away" is not a denial; "doesn't go down my leg" is.
            if (nxt in _NEG_PSEUDO_NEXT and (nxt != "go" or after == "away")) or prev in _NEG_PSEUDO_PREV:
                continue
            sentence_end = next(
                (k for k in range(i + 1, len(surf)) if surf[k] in (".", "!", "?", ";")), len(surf)
            )
            # A list keeps the negation over its commas only when the "or" ends it after a comma:
            # "no fever, chills, or weight loss", but not "can't stand or walk, double vision, vomiting".
            first_comma = next((k for k in range(i + 1, sentence_end) if surf[k] == ","), sentence_end)
            ors = [k for k in range(i + 1, sentence_end) if surf[k] in ("or", "nor", "eller", "varken")]
            listing = any(k > first_comma for k in ors)
            limit = _NEG_LIST_SCOPE if ors else _NEG_SCOPE
            for j in range(i + 1, min(len(doc), i + 1 + limit)):
                if surf[j] == "," and listing:
                    continue
                if surf[j] in _SCOPE_END or (listing and surf[j] in _NEG_CUES[self.lang]):
                    break
                if (
                    surf[j] in ("och", "and", "eller", "or")
                    and j + 1 < len(surf)
                    and surf[j + 1] in _AFTER_AND
                ):
                    break
                negated[j] = True
        return negated

    def _negated_after(self, surf: list[str], end: int) -> bool:
        """A cue that ends the clause right after a finding denies it: "svimmar inte.", "ketones negative"."""
        if end >= len(surf) or surf[end] not in _POST_CUES[self.lang]:
            return False
        return end + 1 >= len(surf) or surf[end + 1] in _SCOPE_END or surf[end + 1] in ("och", "and")

    def findings(self, text: str) -> tuple[set[str], set[str]]:
        """Finding ids mentioned, split into affirmed and negated ("ingen feber")."""
        present, negated, _ = self.analyse(text)
        return present, negated

    def analyse(self, text: str) -> tuple[set[str], set[str], dict[str, float]]:
        """Affirmed and negated finding ids, and for each symptom area the duration its own clauses state.

        A match is negated when a cue before it has it in scope; a phrase that carries its own cue
        ("kan inte andas", "can't breathe") is affirmed because its first word is outside any scope.
        In "hosta i tre veckor, nu feber sedan igår" the cough lasted 21 days and the fever 1 day: an area
        gets the longest duration stated in the clauses that mention it (none when they state none).
        """
        doc = self.doc(text)
        surf = [_deaccent(t.lower_) for t in doc]
        scope = self.negation_scopes(doc, surf)
        history = history_scopes(doc)
        clause_of, spans = _clauses(doc)
        present: set[str] = set()
        negated: set[str] = set()
        area_clauses: dict[str, set[int]] = {}
        # "and I", "och han": a new statement starts; no match reaches across it
        # ("not vomiting and I'm passing wind" is not "not ... passing wind").
        new_subject = [
            j for j in range(len(surf) - 1) if surf[j] in ("and", "och") and surf[j + 1] in _SUBJECTS
        ]
        cues = _NEG_CUES[self.lang]
        for match_id, start, end in self.matcher(doc):
            if any(start < j < end - 1 for j in new_subject):
                continue
            fid = self.nlp.vocab.strings[match_id]
            if history[start] and fid.startswith(("area:", "weak:")):
                continue
            # A phrase that starts with its own denial ("not passing wind") states a finding, also after
            # an earlier denial: "no poo and not passing wind".
            own_cue = surf[start] in cues
            if (scope[start] and not own_cue) or self._negated_after(surf, end):
                negated.add(fid)
                continue
            present.add(fid)
            for area in self.owners.get(fid, ()):
                area_clauses.setdefault(area, set()).add(clause_of[start])
        clause_days: dict[int, float | None] = {}
        area_days: dict[str, float] = {}
        for area, clauses in area_clauses.items():
            for i in clauses:
                if i not in clause_days:
                    clause_days[i] = parse_duration(doc[spans[i][0] : spans[i][1]].text)
                days = clause_days[i]
                if days is not None and days > area_days.get(area, -1.0):
                    area_days[area] = days
        return present, negated - present, area_days


_DURATION_UNITS = {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"}
_HISTORY_END = {
    ".",
    ";",
    "!",
    "?",
    "now",
    "nu",
    "who",
    "som",
    "but",
    "men",
    "today",
    "idag",
    "since",
    "sedan",
    "currently",
    "presents",
    "presenting",
    "presented",
    "has",
    "har",
    "is",
    "ar",
    "söker",
    "soker",
}
_HISTORY_SCOPE = 10


def history_scopes(doc) -> list[bool]:
    """For each token, whether it lies in a past-history mention.

    "history of asthma", "PMH: depression", "family history of stroke", "tidigare hjärtinfarkt": such a
    mention is background, not the complaint, so it does not bring in a symptom area (its findings, such as
    diabetes or asthma, still count as risk factors). A duration before it ("a 3-day history of cough")
    makes it the present complaint.
    """
    surf = [_deaccent(t.lower_) for t in doc]
    inside = [False] * len(surf)
    for i, word in enumerate(surf):
        nxt = surf[i + 1] if i + 1 < len(surf) else ""
        prev = surf[i - 1] if i > 0 else ""
        listing = word in ("pmh", "pmhx", "hx")  # "PMH: asthma, hypertension" lists several conditions
        if word == "history" and nxt == "of" and prev not in _DURATION_UNITS:
            start = i + 2
        elif listing or (word == "tidigare" and nxt not in ("i", "idag", "under", "pa")):
            start = i + 1
        elif word in ("hade", "had") and prev in _OTHERS:
            start = i + 1  # "pappa hade stroke", "my father had a heart attack": family history
        else:
            continue
        for j in range(start, min(len(surf), start + _HISTORY_SCOPE)):
            if surf[j] in _HISTORY_END or (surf[j] == "," and not listing):
                break
            inside[j] = True
    return inside


_CLAUSE_END = {".", "!", "?", ";"}
_CLAUSE_START = {"men", "but", "however", "nu", "now"}


def _clauses(doc) -> tuple[list[int], list[tuple[int, int]]]:
    """Clause index per token and (start, end) per clause: sentences, split at "men"/"but"/"nu"/"now"."""
    clause_of: list[int] = []
    spans: list[tuple[int, int]] = []
    start = 0
    for i, tok in enumerate(doc):
        word = tok.lower_
        if word in _CLAUSE_START and i > start:
            spans.append((start, i))
            start = i
        clause_of.append(len(spans))
        if word in _CLAUSE_END:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(doc) or not spans:
        spans.append((start, len(doc)))
    return clause_of, spans


def _owners(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """The symptom areas a match speaks about: its own area file, areas it triggers, or the area it names."""
    owners: dict[str, set[str]] = {}
    for fid, finding in kb.findings.items():
        owners.setdefault(fid, set()).add(finding.area)
    for aid, area in kb.areas.items():
        owners.setdefault(f"area:{aid}", set()).add(aid)
        owners.setdefault(f"weak:{aid}", set()).add(aid)
        for fid in area.triggers:
            owners.setdefault(fid, set()).add(aid)
    return {fid: tuple(sorted(areas)) for fid, areas in owners.items()}


@cache
def get_analyzer(lang: str) -> Analyzer:
    if lang not in LANGS:
        raise ValueError(f"unsupported language: {lang!r}")
    return Analyzer(lang, load_knowledge())


# ---------------------------------------------------------------------------------------------------------
# Numbers: age, duration, temperature (regular expressions on the normalised text)

_CHILD = (
    r"son|sonen|dotter|dottern|barn|barnet|bebis|bebisen|baby|babyn|spädbarn|spadbarn|nyfödd|nyfodd|nyfödda|"
    r"pojke|pojken|flicka|flickan|grabben|tjejen|killen|tonåring|tonaring|lillkillen|lillan|bebbe|"
    r"daughter|child|kid|infant|toddler|newborn|boy|girl|teen|teenager"
)
_OTHER = (
    r"mamma|pappa|mor|far|mormor|farmor|morfar|farfar|fru|man|make|maka|sambo|pojkvän|flickvän|partner|vän|"
    r"kompis|granne|kollega|bror|syster|brorsan|syrran|mother|mom|mum|father|dad|wife|husband|grandma|"
    r"grandmother|grandpa|grandfather|friend|neighbour|neighbor|colleague|brother|sister|boyfriend|girlfriend"
)
# "pappa hade stroke": someone else's history ("man" is left out: "a 61-year-old man had chest pain").
_OTHERS = frozenset(_deaccent(w) for w in _OTHER.split("|")) - {"man"}
_POSS = r"(?:min|mitt|mina|vår|vårt|vara|var|my|our|his|her)"
_AGE_UNITS = (
    r"(år|ar|years?|yrs?|yr|y|månader|manader|månad|manad|mån|months?|mos?|veckor|vecka|weeks?|wks?|"
    r"dagar|dag|days?)"
)
_FEMALE = (
    r"\b(kvinna|kvinnan|dotter|dottern|flicka|flickan|mamma|mor|mormor|farmor|fru|maka|syster|tjej|tjejen|"
    r"hon|gravid|female|woman|girl|daughter|mother|mom|mum|wife|sister|grandmother|grandma|she|her|pregnant|f)\b"
)
_MALE = (
    r"\b(man|mannen|son|sonen|pojke|pojken|pappa|far|morfar|farfar|make|bror|kille|killen|han|male|boy|"
    r"father|dad|husband|brother|grandfather|grandpa|he|his|m)\b"
)


# Clinical shorthand at the start of a note: "58M, chest pain", "Pt 34F", "patient 72 m" (not "fell 3 m").
_SHORTHAND = r"(?:^|\b(?:pt|pat|patient|patienten|man|kvinna)\.?:?\s*)(\d{1,3})\s*(m|f|k)\b(?![./]\d)"


def _to_years(value: float, unit: str | None) -> float:
    return value * _unit_days(unit) / 365.0 if unit else value


def parse_subject(text: str) -> str:
    if re.search(rf"\b{_POSS}\s+(?:\w+\s+)?(?:{_OTHER})\b", text) and not re.search(
        rf"\b{_POSS}\s+(?:\d+\s*\S*\s+)?(?:{_CHILD})\b", text
    ):
        return "other"
    if re.search(rf"\b(?:{_CHILD})\b", text) or re.search(
        r"\b(?:my|min|mitt)\s+\d+[- ]?(?:week|month|year|vecko|månad)", text
    ):
        return "child"
    if re.search(rf"\b{_POSS}\s+(?:{_OTHER})\b", text):
        return "other"
    return "self"


def parse_age(text: str) -> float | None:
    """Age in years from phrases like "min son på 2 år", "my 6 week old", "48-year-old", "jag är 45"."""
    n = _NUM
    patterns = [
        rf"\b{n}\s*-?\s*{_AGE_UNITS}\s*-?\s*(?:gammal|gamla|gammalt|old)\b",
        rf"\b{n}\s*-?\s*(?:årig|arig|åring|aring)\w*",
        rf"\b{n}\s*(?:y/o|yo|y\.o\.)",
        rf"\b(?:{_CHILD}|{_OTHER})\s*,?\s*(?:på|pa|som är|som ar|är|ar|who is|aged?|age|is)?\s*"
        rf"{n}\s*{_AGE_UNITS}?"
        rf"(?!\s*(?:grader|degrees|°|kg|cm|gånger|times|dagar sedan|days ago|sedan|ago|kr|st)\b)",
        rf"\b(?:(?:jag|han|hon|hen|i|he|she)\s+(?:är|ar|am|is)|i'm|he's|she's)\s+{n}\s*{_AGE_UNITS}?"
        rf"(?!\s*(?:grader|degrees|°|kg|cm|gånger|times)\b)(?![.,]\d)",
        rf"\b(?:aged?|ålder|alder)\s*:?\s*{n}\b",
        _SHORTHAND,
    ]
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            value = _num(m.group(1))
            unit = m.group(2) if m.lastindex and m.lastindex >= 2 else None
            if pattern is _SHORTHAND:
                unit = None
            if value is None or (m.group(1) in _NUM_WORDS and m.group(1) in ("a", "an", "en", "ett", "i")):
                continue
            if (
                unit
                and re.fullmatch(r"(dagar|dag|days?)", unit)
                and "gammal" not in m.group(0)
                and "old" not in m.group(0)
            ):
                continue
            years = _to_years(value, unit)
            if 0 <= years < 120:
                return round(years, 3)
    return None


def parse_sex(text: str) -> str | None:
    shorthand = re.search(_SHORTHAND, text)
    if shorthand:
        return "M" if shorthand.group(2) == "m" else "F"
    if re.search(_FEMALE, text):
        return "F"
    if re.search(_MALE, text):
        return "M"
    return None


_SINCE_WORDS = {
    r"i förrgår|i forrgar|day before yesterday": 2.0,
    r"(?:sedan|sen) i (?:våras|varas|vintras|höstas|hostas|höst|host|somras)|"
    r"since (?:the |last )?(?:spring|summer|autumn|fall|winter)": 120.0,
    r"(?:sedan|since) (?:i )?går|i går|igar|since yesterday|yesterday": 1.0,
    r"i morse|i natt|i dag|i kväll|ikvall|this morning|last night|tonight|overnight|today|this evening|"
    r"few hours|några timmar|nagra timmar": 0.3,
    r"i (?:mån|tis|ons|tors|fre|lör|sön)dags|since (?:mon|tues|wednes|thurs|fri|satur|sun)day": 3.0,
    r"förra veckan|forra veckan|last week|en vecka|a week|nån vecka|nan vecka|någon vecka": 7.0,
    r"flera veckor|några veckor|several weeks|few weeks|for weeks": 14.0,
    r"flera månader|några månader|i månader|several months|few months|for months|many months|"
    r"over (?:the )?(?:past |last )?months|been months|months now|(?:senaste|sista) månaderna": 60.0,
    r"i åratal|flera år|(?:de )?senaste åren|for years|several years|over the years|"
    r"(?:det |the )?(?:senaste|sista|past|last) (?:året|year)|"
    r"över ett år|over a year|more than a year|since (?:i was )?(?:a )?(?:teenager|child|kid)|"
    r"sedan jag var (?:tonåring|barn|liten)": 365.0,
    r"(?:ett|i|sedan|ca|cirka|about|for|over|in|senaste|sista) (?:ett )?halvår(?:et)?|half a year|six months|"
    r"sex månader|(?:the )?(?:past|last) six months": 182.0,
    r"(?:till och från|on and off|off and on|kommer och går|comes and goes|come and go|återkommande|"
    r"recurring|keeps coming back)": 14.0,
}


def parse_duration(text: str) -> float | None:
    """Longest stated duration in days ("sedan i förrgår" = 2, "i tre veckor" = 21, "for 3 days" = 3)."""
    found: list[float] = []
    pre = (
        r"(?:i|sedan|under|senaste|de senaste|över|mer än|nästan|ca|cirka|ungefär|pågått|hållit på|"
        r"for|since|past|last|over|about|almost|nearly|the past|the last|in the last|more than)"
    )
    for m in re.finditer(rf"\b{pre}\s+(?:the\s+)?(?:past\s+|last\s+)?{_NUM}\s*-?\s*{_UNIT}", text):
        value = _num(m.group(1))
        if value is not None:
            found.append(value * _unit_days(m.group(2)))
    for m in re.finditer(rf"\b{_NUM}\s*-?\s*{_UNIT}\s*(?:sedan|ago|history|duration|of|av|since)\b", text):
        value = _num(m.group(1))
        if value is not None:
            found.append(value * _unit_days(m.group(2)))
    for m in re.finditer(
        rf"(?:^|[.;,]\s*|\band\s+){_NUM}\s*-?\s*(dagar|dag|days?|veckor|vecka|weeks?|månader|manader|månad|manad|months?)\b"
        r"(?!\s*-?\s*(?:pregnant|gravid|old|gammal|gamla|along))",
        text,
    ):
        value = _num(m.group(1))
        if value is not None:
            found.append(value * _unit_days(m.group(2)))
    for pattern, days in _SINCE_WORDS.items():
        if re.search(rf"\b(?:{pattern})\b", text):
            found.append(days)
    if not found:
        found = _bare_durations(text)
    return max(found) if found else None


_AGE_NOUN = re.compile(
    r"\b(?:baby|infant|newborn|child|son|daughter|boy|girl|aged?|barn|bebis|bebisen|dotter|son|pojke|flicka|"
    r"pojken|flickan|dottern|sonen|pregnant|gravid)\W+(?:\w+\W+)?$"
)


def _bare_durations(text: str) -> list[float]:
    """Terse lists state durations bare: "hoarse voice 6 weeks", "ont i armbågen 2 månader".

    Used only when nothing else gives a duration, and never for an age ("baby 9 months", "6 weeks old") or a
    pregnancy ("10 weeks pregnant").
    """
    found = []
    for m in re.finditer(
        rf"(?<![\w./-]){_NUM}\s*-?\s*(dagar|dag|days?|veckor|vecka|weeks?|månader|manader|månad|manad|months?)\b"
        r"(?!\s*-?\s*(?:old|gammal|gamla|gammalt|pregnant|gravid|along|in\b))",
        text,
    ):
        before = text[max(0, m.start() - 25) : m.start()]
        if m.group(1) in ("a", "an", "en", "ett") or _AGE_NOUN.search(before):
            continue
        if re.search(r"\b(?:times?|twice|once|gånger|gång|per|every|varje|var)\W*$", before):
            continue  # "twice a month", "3 gånger per vecka": how often, not how long
        value = _num(m.group(1))
        if value is not None:
            found.append(value * _unit_days(m.group(2)))
    # "knee pain, 1 year": a few years at most ("smoker 30 years" is a habit, not how long this has lasted)
    years = rf"(?<![\w./-]){_NUM}\s*-?\s*(år|years?)\b(?!\s*-?\s*(?:old|gammal|gamla|gammalt))"
    for m in re.finditer(years, text):
        value = _num(m.group(1))
        before = text[max(0, m.start() - 25) : m.start()]
        if value is None or value > 5 or m.group(1) in ("a", "an", "en", "ett") or _AGE_NOUN.search(before):
            continue
        found.append(value * 365)
    return found


# "Man 40", "kvinna, 38", "female 41": a number straight after a person word is their age.
_PERSON_BEFORE_AGE = re.compile(
    r"\b(man|kvinna|kille|tjej|pojke|flicka|woman|male|female|boy|girl|age|aged|ålder)\s*,?\s*$"
)


def parse_temperature(text: str) -> float | None:
    """Highest temperature in °C; Fahrenheit (95-110) is converted. Needs a unit or a fever word nearby."""
    temps: list[float] = []
    for m in re.finditer(r"(\d{2,3}(?:[.,]\d)?)\s*(°\s*[cf]?|grader|degrees?|c\b|f\b)?", text):
        value = float(m.group(1).replace(",", "."))
        unit = (m.group(2) or "").replace("°", "").replace(" ", "")
        # The fever word must be in the same sentence: "Ingen feber. Man 40" is an age, not 40 degrees.
        before = re.split(r"[.!?;\n]\s", text[max(0, m.start() - 30) : m.start()])[-1]
        if _PERSON_BEFORE_AGE.search(before):
            continue
        context = bool(re.search(r"(feber|fever|temp|febrile|febril|tempen|°|\bt\s*[:=]?\s*$)", before))
        # "39 feber", "38,5 fever": the fever word straight after the number
        after = text[m.end() :]
        context = context or bool(m.group(2)) or bool(re.match(r"\s*(?:i\s+)?(feber|fever|temp)", after))
        decimal = "." in m.group(1) or "," in m.group(1)
        if unit == "f" or (95 <= value <= 110 and (context or unit)):
            c = (value - 32) * 5 / 9
            if 34 <= c <= 44:
                temps.append(round(c, 1))
        elif 34 <= value <= 43.5 and (context or decimal and 36 <= value <= 42):
            if re.match(
                r"\s*(år|ar|years?|yrs?|y/o|-year|dagar|days|kg|kr|st|timmar|hours)\b", text[m.end() :]
            ):
                continue
            temps.append(value)
    return max(temps) if temps else None


# Measured values as people and clinicians write them: "puls 118", "HR 125", "sats 92%", "SpO2 88",
# "BP 85/50", "blodtrycket 80/50", "RR 28", "andningsfrekvens 30", "blood sugar 28", "blodsockret visar HI".
_V_VERB = (
    r"(?:\s*(?:is|was|of|at|are|är|var|på|ligger på|låg på|visar|shows|showed|reads|reading|read|measured|"
    r"mätte|uppmätt|down to|ner till|up to|upp till|only|bara|endast|about|around|approx|ca|cirka|ungefär|"
    r"over|över|above|below|under|level|nivå|nivån|:|=|~))*\s*"
)
_VITALS = [
    (
        "pulse",
        r"(?:(?<!\d )(?<!\d)\bhr|\bheart ?rate|\bpulse(?: rate)?|\bpuls(?:en)?|\bhjärtfrekvens(?:en)?|"
        r"\bhjartfrekvens(?:en)?)\b" + _V_VERB + r"(\d{2,3})\b(?!\s*(?:%|år|years?|kg|mg|grader|degrees))",
    ),
    ("pulse", r"\b(\d{2,3})\s*(?:bpm|slag ?/ ?min|slag (?:per|i|i en) minut(?:en)?|beats (?:per|a) minute)"),
    (
        "spo2",
        r"\b(?:spo2|sp02|sao2|o2[- ]?sat(?:uration|s)?|oxygen(?: saturation| level| sat(?:uration|s)?)?|"
        r"saturation(?:en)?|saturering(?:en)?|syremättnad(?:en)?|syremattnad(?:en)?|syresättning(?:en)?|"
        r"syresattning(?:en)?|syrenivå(?:n)?|syreniva(?:n)?|saturationsvärde(?:t)?)\b"
        + _V_VERB
        + r"(\d{2,3})\b",
    ),
    ("spo2", r"\b(?:sat|sats)\b" + _V_VERB + r"(\d{2,3})\s*%"),
    (
        "resp_rate",
        r"\b(?:rr|resp(?:iratory)? rate|respirations?|breathing rate|andningsfrekvens(?:en)?)\b"
        + _V_VERB
        + r"(\d{1,2})\b(?!\s*(?:%|år|years?|grader|degrees))",
    ),
    ("resp_rate", r"\b(\d{1,2})\s*(?:breaths (?:per|a) minute|breaths/min|andetag (?:per|i|i en) minut)"),
    (
        "bp",
        r"\b(?:bp|b/p|blood pressure|blodtryck(?:et)?|bt)\b" + _V_VERB + r"(\d{2,3})\s*/\s*(\d{2,3})\b",
    ),
    ("bp", r"\b(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm ?hg)"),
    # "my blood pressure at home was 192 over 116", "blodtrycket hemma 185 över 110", "... at home is 220/125"
    (
        "bp",
        r"\b(?:blood pressure|bp|blodtryck(?:et)?)\b[^.;]{0,60}?"
        r"\b(\d{2,3})(?: (?:over|över) |\s*/\s*)(\d{2,3})\b",
    ),
    (
        "sbp",
        r"\b(?:systolic|systoliskt|övertryck(?:et)?|overtryck(?:et)?)(?: bp| blood pressure)?"
        + _V_VERB
        + r"(\d{2,3})\b",
    ),
    (
        "glucose",
        r"\b(?:blood sugar|blood glucose|glucose|bg|bsl|cbg|blodsock(?:er|ret|ervärde|ervärdet|ervardet)|"
        r"p-glukos|glukos(?:en)?|sockret|sockervärde(?:t)?|sugar(?: level)?)\b"
        + _V_VERB
        + r"(\d{1,3}(?:[.,]\d)?|hi|lo)\b"
        r"(?!\s*(?:%|days?|dagar|timmar|hours?|weeks?|veckor|år|years?|gånger|times|kg|st))",
    ),
]


_VITAL_RANGE = {"pulse": (20, 250), "spo2": (50, 100), "resp_rate": (4, 80), "sbp": (50, 300)}


def parse_vitals(text: str) -> dict[str, float]:
    """Measured values: pulse, spo2 (%), resp_rate, sbp/dbp (mmHg) and glucose (mmol/l; mg/dl converted)."""
    out: dict[str, float] = {}
    for name, pattern in _VITALS:
        for m in re.finditer(pattern, text):
            if name == "bp":
                sbp, dbp = float(m.group(1)), float(m.group(2))
                if 50 <= sbp <= 300 and 20 <= dbp <= 200 and sbp > dbp:
                    out.setdefault("sbp", sbp)
                    out.setdefault("dbp", dbp)
                continue
            raw = m.group(1)
            if name == "glucose":
                if raw in ("hi", "lo"):
                    value = 33.3 if raw == "hi" else 1.5
                else:
                    value = float(raw.replace(",", "."))
                    value = value / 18.0 if value > 40 else value
                ok = 0.5 <= value <= 60
            else:
                value = float(raw)
                low, high = _VITAL_RANGE[name]
                ok = low <= value <= high
            if ok:
                out.setdefault(name, round(value, 1))
    return out


def extract(text: str, lang: str = "sv", kb: KnowledgeBase | None = None) -> Extraction:
    lang = lang if lang in LANGS else "sv"
    norm = normalize(text, lang)
    analyzer = get_analyzer(lang) if kb is None else Analyzer(lang, kb)
    present, negated, area_days = analyzer.analyse(norm)
    return Extraction(
        present=present,
        negated=negated,
        subject=parse_subject(norm),
        age_years=parse_age(norm),
        sex=parse_sex(norm),
        duration_days=parse_duration(norm),
        temp_c=parse_temperature(norm),
        area_days=area_days,
        vitals=parse_vitals(norm),
    )
