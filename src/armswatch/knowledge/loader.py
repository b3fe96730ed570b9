"""Reads the knowledge files, validates them as a whole and builds the `Knowledge` object.

Each file is parsed with line numbers kept, each entry validated against its model, and then the rules
that span entries and files are checked: ids unique, every reference resolves, no parent cycles, every
surface form (alias, demonym, metonym, generated plural or variant) names one thing unless the file lists
it under `ambiguous:`. Any violation raises `InvalidKnowledge` naming the file, entry, field and line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from armswatch.errors import InvalidKnowledge
from armswatch.knowledge.forms import class_plural, designation_variants, lookup_key, name_plural
from armswatch.knowledge.models import (
    CommunitiesHead,
    Community,
    FileHead,
    Organ,
    Person,
    State,
    StatesHead,
    Weapon,
    WeaponClass,
    WeaponClassesHead,
)

STATES, ORGANS, PEOPLE, WEAPONS, CLASSES, COMMUNITIES = (
    "states.yaml",
    "organs.yaml",
    "people.yaml",
    "weapons.yaml",
    "weapon_classes.yaml",
    "communities.yaml",
)
FILES: tuple[str, ...] = (STATES, ORGANS, PEOPLE, WEAPONS, CLASSES, COMMUNITIES)
_MODELS: dict[str, type[BaseModel]] = {
    STATES: State,
    ORGANS: Organ,
    PEOPLE: Person,
    WEAPONS: Weapon,
    CLASSES: WeaponClass,
    COMMUNITIES: Community,
}
_HEADS: dict[str, type[FileHead]] = {
    STATES: StatesHead,
    ORGANS: FileHead,
    PEOPLE: FileHead,
    WEAPONS: FileHead,
    CLASSES: WeaponClassesHead,
    COMMUNITIES: CommunitiesHead,
}
# Kind of the things each file holds, as used in Ref.kind and pattern ids ("organ:USA-NSC").
KIND = {
    STATES: "state",
    ORGANS: "organ",
    PEOPLE: "person",
    WEAPONS: "weapon",
    CLASSES: "class",
    COMMUNITIES: "community",
}
# Longer state names ("Saint Vincent and the Grenadines") make no compound adjective ("…-made").
_COMPOUND_MAX_WORDS = 3
_MAX_REPORTED = 25

try:  # libyaml is several times faster; the pure-Python loader gives the same result
    _Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a data file, for error messages: file, 1-based entry number, id, line."""

    file: str
    entry: int | None = None
    id: str | None = None
    line: int | None = None

    def at(self, field_name: str | None, message: str, line: int | None = None) -> str:
        place = self.file if self.entry is None else f"{self.file} entry {self.entry} (id {self.id!r})"
        if field_name is not None:
            place += f": field {field_name!r}"
        line = line or self.line
        return f"{place}: {message}" + (f" (line {line})" if line else "")


@dataclass(slots=True)
class RawFile:
    """One parsed file: its top level, its entries, and where each entry and field starts."""

    name: str
    data: bytes
    head: dict[str, Any]
    entries: list[Any]
    entry_lines: list[int]
    field_lines: list[dict[str, int]]


@dataclass(frozen=True, slots=True)
class Form:
    """A surface form: a text that names one thing, with the pattern label it gets."""

    text: str
    kind: str
    id: str
    label: str
    file: str
    base: str  # the listed name it was made from (itself when listed)
    where: Where
    field: str

    @property
    def key(self) -> str:
        return lookup_key(self.text)


@dataclass(slots=True)
class Parsed:
    """Everything validated, ready for `Knowledge`."""

    versions: dict[str, str]
    digest: str
    states: dict[str, State]
    organs: dict[str, Organ]
    people: dict[str, Person]
    weapons: dict[str, Weapon]
    weapon_classes: dict[str, WeaponClass]
    communities: dict[str, Community]
    heads: dict[str, FileHead]
    forms: list[Form]
    ambiguous: dict[str, frozenset[str]]  # file -> lookup keys listed under ambiguous:
    exact: dict[str, frozenset[str]]  # file -> lookup keys listed under case_sensitive:


def read_file(path: Path) -> RawFile:
    """Parse one YAML file, keeping the line of every entry and of every entry's fields."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidKnowledge(f"{name}: cannot read {path}: {exc.strerror}") from exc
    loader = _Loader(data)
    try:
        node = loader.get_single_node()
        doc = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise InvalidKnowledge(f"{name}: not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
    if not isinstance(doc, dict) or not isinstance(node, yaml.MappingNode):
        raise InvalidKnowledge(f"{name}: the top level must be a mapping with 'version' and 'entries'")
    _check_duplicate_keys(name, node)
    entries_node = next((v for k, v in node.value if k.value == "entries"), None)
    if not isinstance(entries_node, yaml.SequenceNode) or not isinstance(doc.get("entries"), list):
        raise InvalidKnowledge(f"{name}: field 'entries' must be a list of entries")
    head = {k: v for k, v in doc.items() if k != "entries"}
    entry_lines = [item.start_mark.line + 1 for item in entries_node.value]
    field_lines = [
        {k.value: k.start_mark.line + 1 for k, _ in item.value} if isinstance(item, yaml.MappingNode) else {}
        for item in entries_node.value
    ]
    return RawFile(name, data, head, doc["entries"], entry_lines, field_lines)


def _check_duplicate_keys(name: str, node: yaml.Node) -> None:
    """PyYAML keeps the last of two equal keys; a knowledge file must not say a thing twice."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[Any] = set()
            for key, value in current.value:
                if key.value in seen:
                    line = key.start_mark.line + 1
                    raise InvalidKnowledge(
                        f"{name}: key {key.value!r} appears twice in one mapping (line {line})"
                    )
                seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def parse(data_dir: Path) -> Parsed:
    """Read and validate all knowledge files in `data_dir`; raise `InvalidKnowledge` on any problem."""
    raws = {name: read_file(data_dir / name) for name in FILES}
    errors: list[str] = []
    heads: dict[str, FileHead] = {}
    entries: dict[str, list[tuple[BaseModel, Where]]] = {}
    for name, raw in raws.items():
        head = _validate_head(raw, errors)
        if head is not None:
            heads[name] = head
        entries[name] = list(_validate_entries(raw, errors))
    _raise(errors)

    tables: dict[str, dict[str, tuple[BaseModel, Where]]] = {}
    for name, items in entries.items():
        table: dict[str, tuple[BaseModel, Where]] = {}
        tables[name] = table
        for model, where in items:
            ident = str(getattr(model, "id"))  # noqa: B009 - every entry model has an id
            if ident in table:
                first = table[ident][1]
                errors.append(where.at("id", f"duplicate id {ident!r} (first at entry {first.entry})"))
            else:
                table[ident] = (model, where)
    _raise(errors)

    states = _typed(tables[STATES], State)
    organs = _typed(tables[ORGANS], Organ)
    people = _typed(tables[PEOPLE], Person)
    weapons = _typed(tables[WEAPONS], Weapon)
    classes = _typed(tables[CLASSES], WeaponClass)
    communities = _typed(tables[COMMUNITIES], Community)
    wheres = {name: {i: w for i, (_, w) in table.items()} for name, table in tables.items()}

    _check_references(states, organs, people, weapons, classes, wheres, raws, errors)
    _raise(errors)

    ambiguous = {name: frozenset(lookup_key(x) for x in head.ambiguous) for name, head in heads.items()}
    exact = {name: frozenset(lookup_key(x) for x in head.case_sensitive) for name, head in heads.items()}
    forms = list(_listed_forms(states, organs, people, weapons, classes, communities, wheres))
    _check_head_lists(heads, forms, errors)
    states_head = heads[STATES]
    classes_head = heads[CLASSES]
    communities_head = heads[COMMUNITIES]
    assert isinstance(states_head, StatesHead) and isinstance(classes_head, WeaponClassesHead)
    assert isinstance(communities_head, CommunitiesHead)
    forms += _generated_forms(
        forms, states_head, classes_head, communities_head, classes, communities, ambiguous
    )
    forms = _check_collisions(forms, ambiguous, errors)
    _check_descriptors(organs, wheres[ORGANS], raws[ORGANS], errors)
    _raise(errors)

    versions = {name: heads[name].version for name in FILES}
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(f"{name}\0{versions[name]}\0".encode())
        digest.update(raws[name].data)
    return Parsed(
        versions=versions,
        digest=digest.hexdigest()[:12],
        states=states,
        organs=organs,
        people=people,
        weapons=weapons,
        weapon_classes=classes,
        communities=communities,
        heads=heads,
        forms=forms,
        ambiguous=ambiguous,
        exact=exact,
    )


def _raise(errors: list[str]) -> None:
    if not errors:
        return
    shown = errors[:_MAX_REPORTED]
    more = len(errors) - len(shown)
    message = "\n".join(shown) + (f"\n… and {more} more" if more else "")
    raise InvalidKnowledge(message)


_M = TypeVar("_M", bound=BaseModel)


def _typed(table: Mapping[str, tuple[BaseModel, Where]], model: type[_M]) -> dict[str, _M]:
    out: dict[str, _M] = {}
    for ident, (entry, _) in table.items():
        assert isinstance(entry, model)
        out[ident] = entry
    return out


def _validate_head(raw: RawFile, errors: list[str]) -> FileHead | None:
    try:
        return _HEADS[raw.name].model_validate(raw.head)
    except ValidationError as exc:
        for err in exc.errors():
            errors.append(Where(raw.name).at(_loc(err["loc"]), err["msg"].removeprefix("Value error, ")))
        return None


def _validate_entries(raw: RawFile, errors: list[str]) -> Iterator[tuple[BaseModel, Where]]:
    model = _MODELS[raw.name]
    for i, item in enumerate(raw.entries):
        ident = item.get("id") if isinstance(item, dict) else None
        where = Where(raw.name, i + 1, str(ident) if ident is not None else None, raw.entry_lines[i])
        if not isinstance(item, dict):
            errors.append(where.at(None, "an entry must be a mapping of fields"))
            continue
        try:
            yield model.model_validate(item), where
        except ValidationError as exc:
            for err in exc.errors():
                loc = _loc(err["loc"])
                top = str(err["loc"][0]) if err["loc"] else None
                message = err["msg"].removeprefix("Value error, ")
                errors.append(where.at(loc, message, raw.field_lines[i].get(top or "")))


def _loc(loc: Sequence[int | str]) -> str | None:
    if not loc:
        return None
    head, *rest = loc
    return str(head) + "".join(f"[{part}]" for part in rest)


def _check_references(
    states: dict[str, State],
    organs: dict[str, Organ],
    people: dict[str, Person],
    weapons: dict[str, Weapon],
    classes: dict[str, WeaponClass],
    wheres: dict[str, dict[str, Where]],
    raws: dict[str, RawFile],
    errors: list[str],
) -> None:
    def bad(file: str, ident: str, field_name: str, message: str) -> None:
        where = wheres[file][ident]
        line = raws[file].field_lines[(where.entry or 1) - 1].get(field_name)
        errors.append(where.at(field_name, message, line))

    for o in organs.values():
        if o.state is not None and o.state not in states:
            bad(ORGANS, o.id, "state", f"unknown state {o.state!r} (not an id in {STATES})")
        if o.parent is not None and o.parent not in organs:
            bad(ORGANS, o.id, "parent", f"unknown organ {o.parent!r}")
    for p in people.values():
        if p.state is not None and p.state not in states:
            bad(PEOPLE, p.id, "state", f"unknown state {p.state!r} (not an id in {STATES})")
        if p.org is not None:
            org = organs.get(p.org)
            if org is None:
                bad(PEOPLE, p.id, "org", f"unknown organ {p.org!r} (not an id in {ORGANS})")
            elif org.state is not None and p.state is not None and org.state != p.state:
                bad(PEOPLE, p.id, "org", f"organ {p.org!r} belongs to {org.state}, the person to {p.state}")
    for w in weapons.values():
        if w.weapon_class not in classes:
            bad(WEAPONS, w.id, "class", f"unknown weapon class {w.weapon_class!r} (not an id in {CLASSES})")
        if w.origin is not None and w.origin not in states:
            bad(WEAPONS, w.id, "origin", f"unknown state {w.origin!r} (not an id in {STATES})")
        if w.parent is not None and w.parent not in weapons:
            bad(WEAPONS, w.id, "parent", f"unknown weapon {w.parent!r}")
    for c in classes.values():
        if c.parent is not None and c.parent not in classes:
            bad(CLASSES, c.id, "parent", f"unknown weapon class {c.parent!r}")
    for file, table in ((ORGANS, organs), (WEAPONS, weapons), (CLASSES, classes)):
        parents = {i: getattr(e, "parent") for i, e in table.items()}  # noqa: B009 - these models have it
        for ident in parents:
            chain, cur = [ident], parents[ident]
            while cur is not None and cur in parents and cur not in chain:
                chain.append(cur)
                cur = parents[cur]
            if cur is not None and cur in chain and cur == ident:
                bad(file, ident, "parent", "parent chain loops back: " + " -> ".join([*chain, cur]))


def _listed_forms(
    states: dict[str, State],
    organs: dict[str, Organ],
    people: dict[str, Person],
    weapons: dict[str, Weapon],
    classes: dict[str, WeaponClass],
    communities: dict[str, Community],
    wheres: dict[str, dict[str, Where]],
) -> Iterator[Form]:
    """The forms the files list: names, aliases, demonyms, metonyms."""

    def forms(file: str, ident: str, kind: str, label: str, fld: str, texts: Sequence[str]) -> Iterator[Form]:
        for text in texts:
            yield Form(text, kind, ident, label, file, text, wheres[file][ident], fld)

    for s in states.values():
        yield from forms(STATES, s.id, "state", "COUNTRY", "name", [s.name])
        yield from forms(STATES, s.id, "state", "COUNTRY", "aliases", s.aliases)
        yield from forms(STATES, s.id, "state", "NORP", "demonyms", s.demonyms)
        yield from forms(STATES, s.id, "capital", "GPE", "metonyms", s.metonyms)
    for file, table, label in (
        (ORGANS, organs, "ORG"),
        (PEOPLE, people, "PERSON"),
        (WEAPONS, weapons, "WEAPON"),
        (CLASSES, classes, "WEAPON_CLASS"),
        (COMMUNITIES, communities, "NORP"),
    ):
        for ident, e in table.items():
            yield from forms(file, ident, KIND[file], label, "name", [e.name])
            yield from forms(file, ident, KIND[file], label, "aliases", e.aliases)


def _check_head_lists(heads: dict[str, FileHead], forms: list[Form], errors: list[str]) -> None:
    """Every `ambiguous:` and `case_sensitive:` item must be a form the same file lists."""
    listed: dict[str, set[str]] = {name: set() for name in FILES}
    for f in forms:
        listed[f.file].add(f.key)
    for name, head in heads.items():
        for fld in ("ambiguous", "case_sensitive"):
            for text in getattr(head, fld):
                if lookup_key(text) not in listed[name]:
                    errors.append(
                        Where(name).at(fld, f"{text!r} is not a name, alias, demonym or metonym in it")
                    )


def _generated_forms(
    listed: list[Form],
    states_head: StatesHead,
    classes_head: WeaponClassesHead,
    communities_head: CommunitiesHead,
    classes: dict[str, WeaponClass],
    communities: dict[str, Community],
    ambiguous: dict[str, frozenset[str]],
) -> list[Form]:
    """Plurals, designation variants and compound adjectives made from the listed forms."""
    out: list[Form] = []
    uncountable = frozenset(lookup_key(w) for w in classes_head.uncountable)
    for f in listed:
        if f.key in ambiguous[f.file]:
            continue  # a form that names several things makes no forms of its own
        if f.file == STATES and len(f.text.split()) <= _COMPOUND_MAX_WORDS:
            # "North Korean-made", "Iran-backed", "Kremlin-backed": adjectives of the state itself
            suffixes = states_head.compound_suffixes
            out += [_derived(f, f"{f.text}-{suffix}", "NORP", kind="state") for suffix in suffixes]
        elif f.file == COMMUNITIES and f.field == "name":
            # "Arabic-speaking", "Kurdish-majority": only from the adjective (the name), not the nouns
            suffixes = communities_head.compound_suffixes
            if "language" not in communities[f.id].kinds:
                suffixes = [s for s in suffixes if s != "speaking"]
            out += [_derived(f, f"{f.text}-{suffix}") for suffix in suffixes]
        elif f.file == WEAPONS:
            for text in [f.text, *designation_variants(f.text)]:
                if text != f.text:
                    out.append(_derived(f, text))
                plural = name_plural(text)
                if plural is not None:
                    out.append(_derived(f, plural))
        elif f.file == CLASSES:
            overrides = {lookup_key(k): v for k, v in classes[f.id].plurals.items()}
            plural = overrides.get(f.key) or class_plural(f.text, uncountable)
            if plural is not None and lookup_key(plural) != f.key:
                out.append(_derived(f, plural))
    return out


def _derived(base: Form, text: str, label: str | None = None, kind: str | None = None) -> Form:
    return Form(
        text, kind or base.kind, base.id, label or base.label, base.file, base.base, base.where, base.field
    )


def _made(f: Form) -> str:
    return "" if f.base == f.text else f" (made from {f.base!r})"


def _check_collisions(
    forms: list[Form], ambiguous: dict[str, frozenset[str]], errors: list[str]
) -> list[Form]:
    """Keep one form per (text, thing); a text naming two things must be listed as ambiguous."""
    first: dict[tuple[str, str, str], Form] = {}
    by_key: dict[str, list[Form]] = {}
    for f in forms:
        slot = (f.key, f.kind, f.id)
        if slot in first:
            continue
        first[slot] = f
        by_key.setdefault(f.key, []).append(f)
    reported: set[str] = set()
    for key, group in by_key.items():
        targets = {(f.kind, f.id) for f in group}
        if len(targets) < 2 or key in reported:
            continue
        if all(key in ambiguous[f.file] or lookup_key(f.base) in ambiguous[f.file] for f in group):
            continue
        reported.add(key)
        a, b = group[0], next(f for f in group if (f.kind, f.id) != (group[0].kind, group[0].id))
        errors.append(
            b.where.at(
                b.field,
                f"{b.text!r}{_made(b)} also names {a.kind} {a.id!r}{_made(a)} "
                f"({a.where.file} entry {a.where.entry}); rename one or list it under 'ambiguous:' "
                f"in {' and '.join(sorted({a.file, b.file}))}",
            )
        )
    return list(first.values())


def _check_descriptors(
    organs: dict[str, Organ], wheres: dict[str, Where], raw: RawFile, errors: list[str]
) -> None:
    seen: dict[tuple[str, str], str] = {}
    for o in organs.values():
        if o.descriptors and o.state is None:
            where = wheres[o.id]
            line = raw.field_lines[(where.entry or 1) - 1].get("descriptors")
            errors.append(where.at("descriptors", "an organ without a state cannot have descriptors", line))
        for d in o.descriptors:
            slot = (o.state or "", lookup_key(d))
            if slot in seen:
                where = wheres[o.id]
                line = raw.field_lines[(where.entry or 1) - 1].get("descriptors")
                errors.append(
                    where.at("descriptors", f"{d!r} already denotes {seen[slot]!r} for state {o.state}", line)
                )
            else:
                seen[slot] = o.id
