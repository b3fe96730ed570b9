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
    nlp.add_pipe("armswatch_weapon_names", after="ner")
    nlp.add_pipe("armswatch_timex", after="armswatch_weapon_names")
    return nlp
