"""Loads and validates extract/lexicon.yaml: cue verbs, certainty markers, event frames."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from armswatch.errors import InvalidKnowledge
from armswatch.records import CERTAINTIES, EVENT_TYPES, ROLES

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
FRAME_RELATIONS = ("nsubj", "dobj", "dative", "agent", "nsubjpass", "poss", "amod", "compound", "ccomp")


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    speech_cues: dict[str, str]
    evidential_cues: list[str]
    hedges: list[str]
    future_aux: list[str]
    future_verbs: list[str]
    negations: list[str]
    frames: dict[str, dict[str, str]]
    verbs: dict[str, dict[str, str]]
    nouns: dict[str, dict[str, str]]
    sanction_governors: list[str]
    light_verbs: list[str]
    forum_kinds: list[str]

    @model_validator(mode="after")
    def _check(self) -> Lexicon:
        for lemma, certainty in self.speech_cues.items():
            if certainty not in CERTAINTIES:
                raise ValueError(f"speech_cues.{lemma}: unknown certainty {certainty!r}")
        all_roles = {r for roles in ROLES.values() for r in roles}
        for name, frame in self.frames.items():
            for rel, role in frame.items():
                base = rel.removeprefix("gov_")
                if base not in FRAME_RELATIONS and base != "xcomp_obj" and not base.startswith("prep_"):
                    raise ValueError(f"frames.{name}: unknown relation {rel!r}")
                for r in role.split("|"):
                    if r not in all_roles:
                        raise ValueError(f"frames.{name}.{rel}: unknown role {r!r}")
        for section in ("verbs", "nouns"):
            for etype, entries in getattr(self, section).items():
                if etype not in EVENT_TYPES:
                    raise ValueError(f"{section}: unknown event type {etype!r}")
                for lemma, frame in entries.items():
                    if frame not in self.frames:
                        raise ValueError(f"{section}.{etype}.{lemma}: unknown frame {frame!r}")
        return self

    def verb_frame(self, lemma: str) -> tuple[str, str] | None:
        for etype, entries in self.verbs.items():
            if lemma in entries:
                return etype, entries[lemma]
        return None

    def noun_frame(self, lemma: str) -> tuple[str, str] | None:
        for etype, entries in self.nouns.items():
            if lemma in entries:
                return etype, entries[lemma]
        return None


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    try:
        return Lexicon.model_validate(raw)
    except ValidationError as exc:
        raise InvalidKnowledge(f"{LEXICON_PATH.name}: {exc}") from exc


def lexicon_version() -> str:
    return hashlib.sha256(LEXICON_PATH.read_bytes()).hexdigest()[:10]
