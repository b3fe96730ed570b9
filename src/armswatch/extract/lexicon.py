"""Loads and validates extract/lexicon.yaml: cue verbs, certainty markers, event frames."""

from __future__ import annotations

import hashlib
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from armswatch.errors import InvalidKnowledge
from armswatch.records import CERTAINTIES, EVENT_TYPES, ROLES

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
FRAME_RELATIONS = (
    "nsubj",
    "dobj",
    "dative",
    "agent",
    "nsubjpass",
    "poss",
    "amod",
    "compound",
    "ccomp",
    "xcomp",
)


SUBTYPES = ("shelling", "air_strike", "armed_clash", "remote_explosive", "interception")
CASUALTY_KINDS = ("killed", "injured", "casualties")


class AttackSubtypes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    triggers: dict[str, str]
    air_words: list[str]
    ground_words: list[str]
    classes: dict[str, str]
    defaults: dict[str, str]
    precedence: list[str]

    @model_validator(mode="after")
    def _check(self) -> AttackSubtypes:
        for section in ("triggers", "classes", "defaults"):
            for key, sub in getattr(self, section).items():
                if sub not in SUBTYPES:
                    raise ValueError(f"attack_subtypes.{section}.{key}: unknown subtype {sub!r}")
        if sorted(self.precedence) != sorted(SUBTYPES):
            raise ValueError(f"attack_subtypes.precedence must list each of {', '.join(SUBTYPES)} once")
        return self


class AttitudeClass(BaseModel):
    """A class of attitude cues (lexicon.yaml `attitude_cues`): one FrameNet frame's verbs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    certainty: str
    lemmas: list[str]
    target: bool = False  # the direct object is what the view is about, person or not
    person: bool = False  # physical sense in arms news: only with a person object or a reason phrase
    objects: bool = False  # a support verb: a cue only with an object from communication_nouns
    as_only: bool = False  # a cue only with an "as" phrase: "see X as Y"


def _present_forms(lemma: str) -> set[str]:
    """Third-person present forms a headline uses ("says", "urges", "vows", "denies", "pushes")."""
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return {lemma[:-1] + "ies"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return {lemma + "es"}
    return {lemma + "s"}


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    speech_cues: dict[str, str]
    evidential_cues: list[str]
    editorial_labels: list[str]
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
    support_verbs: list[str]
    armed_group_nouns: list[str]
    intercept_verbs: list[str]
    intercept_classes: list[str]
    crewed_classes: list[str]
    attack_subtypes: AttackSubtypes
    casualty_verbs: dict[str, str]
    casualty_nouns: dict[str, str]
    victim_nouns: list[str]
    phrases: dict[str, dict[str, str]]
    adjectives: dict[str, dict[str, str]]
    weak_attack_verbs: list[str]
    instrument_verbs: list[str]
    explosion_verbs: list[str]
    non_lethal_classes: list[str]
    restrict_verbs: list[str]
    restricted_objects: list[str]
    diplomatic_persons: list[str]
    noun_governors: dict[str, list[str]]
    deontic_modals: list[str]
    offer_words: list[str]
    agree_words: list[str]
    sale_nouns: list[str]
    vague_numbers: list[str]
    people_nouns: list[str]
    light_nouns: list[str]
    weak_attack_nouns: list[str]
    accident_words: list[str]
    partitive_nouns: list[str]
    new_words: list[str]
    stance_predicates: dict[str, str]
    attitude_cues: dict[str, AttitudeClass]
    attitude_nouns: dict[str, AttitudeClass]
    sentient_nouns: frozenset[str]
    communication_nouns: frozenset[str]
    view_support_verbs: frozenset[str] = frozenset()
    view_nouns: frozenset[str] = frozenset()

    @model_validator(mode="after")
    def _check(self) -> Lexicon:
        for lemma, certainty in self.speech_cues.items():
            if certainty not in CERTAINTIES:
                raise ValueError(f"speech_cues.{lemma}: unknown certainty {certainty!r}")
        for lemma, certainty in self.stance_predicates.items():
            if certainty not in CERTAINTIES:
                raise ValueError(f"stance_predicates.{lemma}: unknown certainty {certainty!r}")
        seen: set[str] = set()
        for name, cls in self.attitude_cues.items():
            if cls.certainty not in CERTAINTIES:
                raise ValueError(f"attitude_cues.{name}: unknown certainty {cls.certainty!r}")
            for lemma in cls.lemmas:
                if lemma in seen or lemma in self.speech_cues:
                    raise ValueError(f"attitude_cues.{name}.{lemma}: listed twice (or already a speech cue)")
                seen.add(lemma)
        nouns: set[str] = set()
        for name, cls in self.attitude_nouns.items():
            if cls.certainty not in CERTAINTIES:
                raise ValueError(f"attitude_nouns.{name}: unknown certainty {cls.certainty!r}")
            for lemma in cls.lemmas:
                if lemma in nouns:
                    raise ValueError(f"attitude_nouns.{name}.{lemma}: listed twice")
                nouns.add(lemma)
        all_roles = {r for roles in ROLES.values() for r in roles}
        for name, frame in self.frames.items():
            for rel, role in frame.items():
                base = rel.removeprefix("gov_")
                if base not in FRAME_RELATIONS and base != "xcomp_obj" and not base.startswith("prep_"):
                    raise ValueError(f"frames.{name}: unknown relation {rel!r}")
                for r in role.split("|"):
                    if r not in all_roles:
                        raise ValueError(f"frames.{name}.{rel}: unknown role {r!r}")
        for section in ("casualty_verbs", "casualty_nouns"):
            for lemma, kind in getattr(self, section).items():
                if kind not in CASUALTY_KINDS:
                    raise ValueError(f"{section}.{lemma}: unknown casualty kind {kind!r}")
        for phrase in (p for entries in self.phrases.values() for p in entries):
            if len(phrase.split()) != 2:
                raise ValueError(f"phrases: {phrase!r} must be two words, '<verb lemma> <word>'")
        for section in ("verbs", "nouns", "phrases", "adjectives"):
            for etype, entries in getattr(self, section).items():
                if etype not in EVENT_TYPES:
                    raise ValueError(f"{section}: unknown event type {etype!r}")
                for lemma, frame in entries.items():
                    if frame not in self.frames:
                        raise ValueError(f"{section}.{etype}.{lemma}: unknown frame {frame!r}")
        return self

    # Asked for every token: one dict lookup instead of a scan over the event types. A cached_property, not
    # a pydantic private attribute, whose every read goes through BaseModel.__getattr__ (~4 µs).
    @cached_property
    def attitude_verbs(self) -> dict[str, AttitudeClass]:
        """lemma → its attitude class."""
        return {lemma: cls for cls in self.attitude_cues.values() for lemma in cls.lemmas}

    @cached_property
    def headline_verbs(self) -> dict[str, str]:
        """Third-person present form → lemma of the reporting verbs a title line may use ("says", "urges",
        "denies"): speech cues, and attitude verbs that need no object or "as" to report."""
        return {
            form: lemma
            for lemma in (*self.speech_cues, *self.attitude_verbs)
            if lemma not in self.attitude_verbs
            or not (self.attitude_verbs[lemma].objects or self.attitude_verbs[lemma].as_only)
            for form in _present_forms(lemma)
        }

    @cached_property
    def attitude_noun_lemmas(self) -> dict[str, AttitudeClass]:
        """noun lemma → its attitude class."""
        return {lemma: cls for cls in self.attitude_nouns.values() for lemma in cls.lemmas}

    @cached_property
    def verb_frames(self) -> dict[str, tuple[str, str]]:
        """lemma → (event type, frame); the first event type in file order wins."""
        return _frame_index(self.verbs)

    @cached_property
    def noun_frames(self) -> dict[str, tuple[str, str]]:
        """lemma → (event type, frame); the first event type in file order wins."""
        return _frame_index(self.nouns)

    @cached_property
    def phrase_frames(self) -> dict[str, tuple[str, str]]:
        """ "<verb lemma> <word>" → (event type, frame)."""
        return _frame_index(self.phrases)

    @cached_property
    def adjective_frames(self) -> dict[str, tuple[str, str]]:
        return _frame_index(self.adjectives)

    @cached_property
    def phrase_verbs(self) -> frozenset[str]:
        """The verb lemmas that start a phrase: the only verbs whose particles and objects are looked at."""
        return frozenset(p.split()[0] for p in self.phrase_frames)

    def verb_frame(self, lemma: str) -> tuple[str, str] | None:
        return self.verb_frames.get(lemma)

    def noun_frame(self, lemma: str) -> tuple[str, str] | None:
        return self.noun_frames.get(lemma)


def _frame_index(section: dict[str, dict[str, str]]) -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for etype, entries in section.items():
        for lemma, frame in entries.items():
            index.setdefault(lemma, (etype, frame))
    return index


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    try:
        return Lexicon.model_validate(raw)
    except ValidationError as exc:
        raise InvalidKnowledge(f"{LEXICON_PATH.name}: {exc}") from exc


def lexicon_version() -> str:
    return hashlib.sha256(LEXICON_PATH.read_bytes()).hexdigest()[:10]
