"""Knowledge as versioned, validated data: states, organs, people, weapons, weapon classes and communities.

The facts live in `data/*.yaml` (one file per kind, each with a `version:` and a `source:` on every
entry); this package loads them, checks them as a whole and answers questions about them:

    kb = load_knowledge()
    kb.lookup("Hwasong-11")           # [Ref(kind='weapon', id='kn-23', name='KN-23')]
    kb.state_of("person", "john-kirby")                  # 'USA'
    kb.organ_by_descriptor("KOR", "spy agency")          # Organ KOR-NIS
    ruler.add_patterns(kb.patterns(tokenizer=nlp.tokenizer))

Pattern ids are "<kind>:<id>": state:PRK (labels COUNTRY, or NORP for demonyms and "North Korean-made"),
capital:PRK (GPE: a capital or seat of power standing for the state or the city), organ:USA-NSC (ORG),
person:john-kirby (PERSON), weapon:kn-23 (WEAPON), class:launcher (WEAPON_CLASS), community:kurdish (NORP:
an ethnic, religious or language group; no state, so never an actor).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from armswatch.errors import NotFound
from armswatch.knowledge.forms import Tokenizer, lookup_key, merge_patterns, needs_tokens, token_pattern
from armswatch.knowledge.loader import Form, Parsed, parse
from armswatch.knowledge.models import Community, Organ, Person, State, Weapon, WeaponClass

__all__ = [
    "DATA_DIR",
    "Community",
    "Knowledge",
    "Organ",
    "Person",
    "Ref",
    "State",
    "Weapon",
    "WeaponClass",
    "load_knowledge",
]

DATA_DIR = Path(__file__).with_name("data")
KINDS = ("state", "capital", "organ", "person", "weapon", "class", "community")
_POSSESSIVE = {"LOWER": {"IN": ["'s", "\u2019s"]}}


class Ref(NamedTuple):
    """What a text names: kind (state, capital, organ, person, weapon, class), id and canonical name.

    A capital's id and name are its state's: Ref("capital", "PRK", "North Korea") for "Pyongyang".
    """

    kind: str
    id: str
    name: str


class Knowledge:
    """All knowledge entries, their surface forms and the questions the pipeline asks of them."""

    version: str
    file_versions: dict[str, str]
    states: dict[str, State]
    organs: dict[str, Organ]
    people: dict[str, Person]
    weapons: dict[str, Weapon]
    weapon_classes: dict[str, WeaponClass]
    communities: dict[str, Community]

    def __init__(self, parsed: Parsed) -> None:
        self.version = parsed.digest
        self.file_versions = parsed.versions
        self.states = parsed.states
        self.organs = parsed.organs
        self.people = parsed.people
        self.weapons = parsed.weapons
        self.weapon_classes = parsed.weapon_classes
        self.communities = parsed.communities
        self._forms = parsed.forms
        self._ambiguous = parsed.ambiguous
        self._exact = parsed.exact
        self._index: dict[str, list[Ref]] = {}
        for form in parsed.forms:
            refs = self._index.setdefault(form.key, [])
            ref = self._ref(form.kind, form.id)
            if ref not in refs:
                refs.append(ref)
        self._descriptors = {
            (o.state, lookup_key(d)): o for o in self.organs.values() if o.state for d in o.descriptors
        }

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{len(table)} {name}"
            for name, table in (
                ("states", self.states),
                ("organs", self.organs),
                ("people", self.people),
                ("weapons", self.weapons),
                ("weapon classes", self.weapon_classes),
                ("communities", self.communities),
            )
        )
        return f"<Knowledge {self.version}: {counts}>"

    # --- lookups --------------------------------------------------------------------------------------
    def lookup(self, text: str) -> list[Ref]:
        """Everything `text` names, ignoring case, dash style and a leading "the"; [] when nothing."""
        key = lookup_key(text)
        refs = self._index.get(key)
        if refs is None and key.startswith("the "):
            refs = self._index.get(key[4:])
        return list(refs or [])

    def ref(self, pattern_id: str) -> Ref:
        """The Ref for an EntityRuler id such as "organ:USA-NSC"; `NotFound` if it names nothing."""
        kind, _, ident = pattern_id.partition(":")
        return self._ref(kind, ident)

    def state_of(self, kind: str, id: str) -> str | None:
        """The state (alpha-3) a thing belongs to: a state itself, a capital's state, an organ's or person's
        state, a weapon's origin. None where it has none (international bodies, weapon classes)."""
        self._ref(kind, id)  # NotFound for an unknown kind or id
        if kind in ("state", "capital"):
            return id
        if kind == "organ":
            return self.organs[id].state
        if kind == "person":
            person = self.people[id]
            if person.state is None and person.org is not None:
                return self.organs[person.org].state
            return person.state
        if kind == "weapon":
            return self.weapons[id].origin
        return None

    def organ_by_descriptor(self, state: str, descriptor: str) -> Organ | None:
        """The organ a generic noun denotes with its state: ("KOR", "spy agency") -> KOR-NIS."""
        key = lookup_key(descriptor)
        if key.startswith("the "):
            key = key[4:]
        return self._descriptors.get((state, key))

    def _ref(self, kind: str, ident: str) -> Ref:
        tables: dict[str, Mapping[str, Any]] = {
            "state": self.states,
            "capital": self.states,
            "organ": self.organs,
            "person": self.people,
            "weapon": self.weapons,
            "class": self.weapon_classes,
            "community": self.communities,
        }
        table = tables.get(kind)
        if table is None:
            raise NotFound(f"unknown knowledge kind {kind!r} (one of {', '.join(KINDS)})")
        entry = table.get(ident)
        if entry is None:
            raise NotFound(f"no {kind} with id {ident!r} in the knowledge files")
        return Ref(kind, ident, entry.name)

    # --- patterns -------------------------------------------------------------------------------------
    def patterns(
        self, tokenizer: Tokenizer | None = None, *, organ_phrases: bool = False, phrases: bool = False
    ) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns for every unambiguous surface form; ambiguous forms get none.

        Token patterns split each form as `tokenizer` (give `nlp.tokenizer`; default: a blank English
        tokenizer) and match LOWER, or ORTH for acronyms and case-sensitive names. Forms of one thing that
        differ in a single token share a pattern ({"IN": [...]}), which matches the same spans with a
        quarter of the patterns: the Matcher's time grows with their number.

        `phrases=True` returns case-insensitive forms as phrase patterns (strings) instead, for a ruler
        made with `config={"phrase_matcher_attr": "LOWER"}`; only forms that need exact spelling stay token
        patterns. With ~10,000 forms this is several times faster than token patterns alone.

        `organ_phrases=True` adds "<state>'s <descriptor>", "<state> <descriptor>" and "<demonym>
        <descriptor>" ("South Korea's spy agency", "Russian defence ministry") as ORG patterns of the organ.
        """
        tok = tokenizer if tokenizer is not None else _blank_tokenizer()
        tokens: list[dict[str, Any]] = []
        strings: list[dict[str, Any]] = []
        for form in self._patterned_forms():
            # lookups ignore the quote style, so do the patterns: "Da'esh" and "Da’esh" ("’s" forms too)
            texts = [form.text]
            for a, b in (("'", "’"), ("’", "'")):
                if a in form.text:
                    texts.append(form.text.replace(a, b))
            for text in texts:
                pattern = token_pattern(text, tok, exact=self._is_exact(form))
                entry = {"label": form.label, "pattern": pattern, "id": f"{form.kind}:{form.id}"}
                if phrases and not needs_tokens(pattern):
                    strings.append({**entry, "pattern": text})
                else:
                    tokens.append(entry)
        if organ_phrases:
            tokens += self._organ_phrase_patterns(tok)
        return merge_patterns(tokens) + strings

    def _patterned_forms(self) -> list[Form]:
        return [
            f
            for f in self._forms
            if f.key not in self._ambiguous[f.file] and lookup_key(f.base) not in self._ambiguous[f.file]
        ]

    def _is_exact(self, form: Form) -> bool:
        return lookup_key(form.base) in self._exact[form.file]

    def _organ_phrase_patterns(self, tok: Tokenizer) -> list[dict[str, Any]]:
        by_state: dict[str, list[Form]] = {}
        for f in self._patterned_forms():
            if f.kind == "state" and f.base == f.text:
                by_state.setdefault(f.id, []).append(f)
        out: list[dict[str, Any]] = []
        for organ in self.organs.values():
            if organ.state is None:
                continue
            for descriptor in organ.descriptors:
                tail = token_pattern(descriptor, tok, exact=False)
                for f in by_state.get(organ.state, []):
                    head = token_pattern(f.text, tok, exact=self._is_exact(f))
                    shapes = (
                        [head + tail] if f.label == "NORP" else [[*head, _POSSESSIVE, *tail], head + tail]
                    )
                    out += [{"label": "ORG", "pattern": p, "id": f"organ:{organ.id}"} for p in shapes]
        return out


@lru_cache(maxsize=1)
def _blank_tokenizer() -> Tokenizer:
    import spacy  # imported here: loading the knowledge itself needs no spaCy

    tokenizer: Tokenizer = spacy.blank("en").tokenizer
    return tokenizer


def load_knowledge(data_dir: Path | None = None) -> Knowledge:
    """Load and validate the knowledge files; the packaged files (`data_dir=None`) are loaded once.

    Raises `InvalidKnowledge` naming the file, entry, field and line of the first problems found.
    """
    if data_dir is None:
        return _load_default()
    return Knowledge(parse(Path(data_dir)))


@lru_cache(maxsize=1)
def _load_default() -> Knowledge:
    return Knowledge(parse(DATA_DIR))
