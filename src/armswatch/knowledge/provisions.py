"""Sanctions provisions as validated data: `data/provisions.yaml` → `Provisions`.

    provisions = load_provisions()
    p = provisions.get("UNSCR 1874 OP9")
    p.direction, p.items, p.extends            # 'from', ('all_arms', 'training_technical_assistance'), 'UNSCR 1718 OP8(b)'
    provisions.items_for("loitering_munition")  # ClassItems(items={'all_arms'}, possible={...}, via='drone', …)

Each instrument (resolution) and its operative paragraphs are checked field by field (pydantic, strict,
unknown keys refused) and then as a whole: ids unique, `extends`/`superseded_by` name provisions of the same
regime, item classes listed, force windows ordered and not before adoption, vote totals adding up, states and
weapon classes known to the other knowledge files, every root weapon class mapped. Any violation raises
`InvalidKnowledge` naming the file, entry, field and line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from armswatch.errors import InvalidKnowledge, NotFound
from armswatch.knowledge import Knowledge, load_knowledge
from armswatch.knowledge.loader import RawFile, Where, read_file
from armswatch.knowledge.models import ClassId, StateId, Text

__all__ = [
    "PROVISIONS_FILE",
    "ClassItems",
    "Instrument",
    "Provision",
    "Provisions",
    "Window",
    "load_provisions",
]

PROVISIONS_FILE = Path(__file__).with_name("data") / "provisions.yaml"
_MAX_REPORTED = 25

Confidence = Literal["verified", "medium", "unverified"]
Direction = Literal["to", "from", "both"]
Measure = Literal["prohibition", "prior_approval", "notification", "vigilance"]
Bound = Literal["all_member_states", "target_state"]
StrictDate = Annotated[date, Field(strict=True)]
InstrumentId = Annotated[str, Field(strict=True, pattern=r"^UNSCR [0-9]{3,4}$")]
ParaId = Annotated[
    str,
    Field(strict=True, pattern=r"^(OP[0-9]+(\([a-z]\))?(\([ivx]+\))?|Annex [A-Z] para [0-9]+(\([a-z]\))?)$"),
]
ProvisionRef = Annotated[str, Field(strict=True, pattern=r"^UNSCR [0-9]{3,4} \S.*$")]
ItemClass = ClassId
Regime = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
UN_SC_SEATS = 15


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class WindowModel(_Model):
    start: StrictDate = Field(alias="from")
    until: StrictDate | None
    basis: Text
    confidence: Confidence | None = None


class Vote(_Model):
    result: Annotated[
        str, Field(strict=True, pattern=r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$")
    ]  # for-against-abstaining
    in_favour: list[StateId]
    against: list[StateId] = Field(default_factory=list)
    abstaining: list[StateId] = Field(default_factory=list)


class Paragraph(_Model):
    para: ParaId
    clause: Text | None = None
    label: Text
    summary: Text
    measure: Measure
    direction: Direction
    items: Annotated[list[ItemClass], Field(min_length=1)]
    except_items: list[ItemClass] = Field(default_factory=list)
    bound: Annotated[list[Bound], Field(min_length=1)]
    extends: ProvisionRef | None = None
    superseded_by: ProvisionRef | None = None
    in_force: list[WindowModel] | None = None
    confidence: Confidence
    confidence_note: Text
    source: Text


class OtherMeasure(_Model):
    para: Text | None
    summary: Text
    confidence: Confidence
    confidence_note: Text
    source: Text


class Instrument(_Model):
    """A Security Council resolution: when, how it was voted, whom it targets, and its paragraphs."""

    id: InstrumentId
    title: Text
    symbol: Text
    regime: Regime
    target: StateId
    adopted: StrictDate
    meeting: Text | None
    press: Text | None
    vote: Vote
    chapter_vii: StrictBool | None
    trigger: Text
    source: Text
    paragraphs: list[Paragraph] = Field(default_factory=list)
    other_measures: list[OtherMeasure] = Field(default_factory=list)


class ClassMapping(_Model):
    items: Annotated[list[ItemClass], Field(min_length=1)]
    possible: list[ItemClass] = Field(default_factory=list)
    note: Text | None = None


class MonitoringEvent(_Model):
    date: StrictDate
    event: Text
    confidence: Confidence
    source: Text


class Head(_Model):
    version: Text
    item_classes: dict[ItemClass, Text]
    weapon_classes: dict[ClassId, ClassMapping]
    monitoring: list[MonitoringEvent] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Window:
    """Dates [start, until) in which a provision applied; `until` None: still in force."""

    start: date
    until: date | None
    basis: str
    confidence: str | None = None  # set where the window itself is less sure than the paragraph

    def to_json(self) -> dict[str, str | None]:
        return {"from": self.start.isoformat(), "until": self.until.isoformat() if self.until else None}


@dataclass(frozen=True, slots=True)
class Provision:
    """One checkable operative paragraph, with what the engine needs of its instrument."""

    id: str  # "UNSCR 1718 OP8(b)"
    instrument: Instrument
    para: str  # "OP8(b)"
    clause: str | None
    label: str
    summary: str
    measure: str
    direction: str
    items: tuple[str, ...]
    except_items: tuple[str, ...]
    bound: tuple[str, ...]
    extends: str | None
    superseded_by: str | None
    windows: tuple[Window, ...]
    confidence: str
    confidence_note: str
    source: str

    @property
    def target(self) -> str:
        return self.instrument.target

    @property
    def paragraph(self) -> str:
        return self.para if self.clause is None else f"{self.para} ({self.clause})"


@dataclass(frozen=True, slots=True)
class ClassItems:
    """The provision item classes a weapon class falls in: surely (`items`) and by some reading (`possible`)."""

    weapon_class: str
    via: str  # the weapon class whose mapping applied (itself or its nearest mapped ancestor)
    items: frozenset[str]
    possible: frozenset[str]
    note: str | None


class Provisions:
    """All instruments and checkable provisions, and the weapon-class → item-class map."""

    def __init__(self, head: Head, instruments: list[Instrument], knowledge: Knowledge, digest: str) -> None:
        self.version = head.version
        self.digest = digest
        self.item_classes: dict[str, str] = dict(head.item_classes)
        self.monitoring = list(head.monitoring)
        self.instruments: dict[str, Instrument] = {i.id: i for i in instruments}
        self.provisions: dict[str, Provision] = {p.id: p for i in instruments for p in _provisions_of(i)}
        self._mapping = dict(head.weapon_classes)
        self._parents = {c.id: c.parent for c in knowledge.weapon_classes.values()}
        self._extended_by: dict[str, list[str]] = {}
        for p in self.provisions.values():
            if p.extends is not None:
                self._extended_by.setdefault(p.extends, []).append(p.id)

    def __repr__(self) -> str:
        return f"<Provisions {self.version} ({self.digest}): {len(self.instruments)} instruments, {len(self.provisions)} provisions>"

    def __iter__(self) -> Iterator[Provision]:
        return iter(self.provisions.values())

    def get(self, provision_id: str) -> Provision:
        found = self.provisions.get(provision_id)
        if found is None:
            raise NotFound(f"no provision {provision_id!r} in {PROVISIONS_FILE.name}")
        return found

    def extended_by(self, provision_id: str) -> list[str]:
        """Provisions that apply this one's measures to more items ("UNSCR 1718 OP8(b)" → ["UNSCR 1874 OP9"])."""
        return list(self._extended_by.get(provision_id, []))

    def targets(self) -> set[str]:
        """The states some instrument targets (PRK, IRN)."""
        return {i.target for i in self.instruments.values()}

    def items_for(self, weapon_class: str) -> ClassItems:
        """The item classes of a weapon class, from its own mapping or its nearest mapped ancestor."""
        if weapon_class not in self._parents:
            raise NotFound(f"no weapon class {weapon_class!r} in weapon_classes.yaml")
        cur: str | None = weapon_class
        while cur is not None and cur not in self._mapping:
            cur = self._parents.get(cur)
        if cur is None:  # the loader checks every root is mapped, so this means a broken invariant
            raise InvalidKnowledge(f"provisions.yaml: weapon class {weapon_class!r} has no mapped ancestor")
        m = self._mapping[cur]
        return ClassItems(weapon_class, cur, frozenset(m.items), frozenset(m.possible), m.note)


def _provisions_of(inst: Instrument) -> Iterator[Provision]:
    for par in inst.paragraphs:
        pid = f"{inst.id} {par.para}" + (f" ({par.clause})" if par.clause else "")
        windows = (
            tuple(Window(w.start, w.until, w.basis, w.confidence) for w in par.in_force)
            if par.in_force
            else (Window(inst.adopted, None, f"in force from adoption on {inst.adopted.isoformat()}"),)
        )
        yield Provision(
            id=pid,
            instrument=inst,
            para=par.para,
            clause=par.clause,
            label=par.label,
            summary=par.summary,
            measure=par.measure,
            direction=par.direction,
            items=tuple(par.items),
            except_items=tuple(par.except_items),
            bound=tuple(par.bound),
            extends=par.extends,
            superseded_by=par.superseded_by,
            windows=windows,
            confidence=par.confidence,
            confidence_note=par.confidence_note,
            source=par.source,
        )


def load_provisions(path: Path | None = None, knowledge: Knowledge | None = None) -> Provisions:
    """Load and validate the provisions file; the packaged one (`path=None`) is loaded once.

    Raises `InvalidKnowledge` naming the file, entry, field and line of the first problems found.
    """
    if path is None and knowledge is None:
        return _load_default()
    return _parse(path or PROVISIONS_FILE, knowledge or load_knowledge())


@lru_cache(maxsize=1)
def _load_default() -> Provisions:
    return _parse(PROVISIONS_FILE, load_knowledge())


def _parse(path: Path, kb: Knowledge) -> Provisions:
    raw = read_file(Path(path))
    errors: list[str] = []
    head: Head | None = None
    try:
        head = Head.model_validate(raw.head)
    except ValidationError as exc:
        for err in exc.errors():
            errors.append(Where(raw.name).at(_loc(err["loc"]), _msg(err["msg"])))
    instruments: list[tuple[Instrument, Where]] = []
    for i, item in enumerate(raw.entries):
        ident = item.get("id") if isinstance(item, dict) else None
        where = Where(raw.name, i + 1, str(ident) if ident is not None else None, raw.entry_lines[i])
        if not isinstance(item, dict):
            errors.append(where.at(None, "an entry must be a mapping of fields"))
            continue
        try:
            instruments.append((Instrument.model_validate(item), where))
        except ValidationError as exc:
            for err in exc.errors():
                top = str(err["loc"][0]) if err["loc"] else ""
                errors.append(where.at(_loc(err["loc"]), _msg(err["msg"]), raw.field_lines[i].get(top)))
    _raise(errors)
    assert head is not None  # no errors means the head validated
    _check(head, instruments, kb, raw, errors)
    _raise(errors)
    digest = hashlib.sha256(raw.data).hexdigest()[:12]
    return Provisions(head, [inst for inst, _ in instruments], kb, digest)


def _check(
    head: Head, instruments: list[tuple[Instrument, Where]], kb: Knowledge, raw: RawFile, errors: list[str]
) -> None:
    file = Where(raw.name)
    items = set(head.item_classes)
    for cls, mapping in head.weapon_classes.items():
        if cls not in kb.weapon_classes:
            errors.append(
                file.at(f"weapon_classes[{cls}]", "unknown weapon class (not an id in weapon_classes.yaml)")
            )
        for fld in ("items", "possible"):
            for name in getattr(mapping, fld):
                if name not in items:
                    errors.append(file.at(f"weapon_classes[{cls}].{fld}", f"unknown item class {name!r}"))
        both = set(mapping.items) & set(mapping.possible)
        if both:
            errors.append(
                file.at(f"weapon_classes[{cls}]", f"{sorted(both)} listed as both items and possible")
            )
    for c in kb.weapon_classes.values():
        if c.parent is None and c.id not in head.weapon_classes:
            errors.append(
                file.at("weapon_classes", f"root weapon class {c.id!r} is not mapped to item classes")
            )

    seen_inst: dict[str, Where] = {}
    provision_regime: dict[str, str] = {}
    for inst, where in instruments:
        line = raw.field_lines[(where.entry or 1) - 1]

        def bad(fld: str, message: str, where: Where = where, line: dict[str, int] = line) -> None:
            errors.append(where.at(fld, message, line.get(fld.split("[")[0].split(".")[0])))

        if inst.id in seen_inst:
            bad("id", f"duplicate id {inst.id!r} (first at entry {seen_inst[inst.id].entry})")
        seen_inst[inst.id] = where
        for fld, states in (
            ("target", [inst.target]),
            ("vote", [*inst.vote.in_favour, *inst.vote.against, *inst.vote.abstaining]),
        ):
            for s in states:
                if s not in kb.states:
                    bad(fld, f"unknown state {s!r} (not an id in states.yaml)")
        v = inst.vote
        counts = [int(n) for n in v.result.split("-")]
        if sum(counts) > UN_SC_SEATS:
            bad("vote", f"{v.result} adds up to more than {UN_SC_SEATS} members")
        named_lists = (v.in_favour, v.against, v.abstaining)
        for count, named, what in zip(
            counts, named_lists, ("in_favour", "against", "abstaining"), strict=True
        ):
            if len(named) > count:
                bad("vote", f"{len(named)} states named {what} but the count is {count}")
        for n, par in enumerate(inst.paragraphs):
            fld = f"paragraphs[{n}]"
            pid = f"{inst.id} {par.para}" + (f" ({par.clause})" if par.clause else "")
            if pid in provision_regime:
                bad(fld, f"duplicate provision {pid!r}")
            provision_regime[pid] = inst.regime
            for name in (*par.items, *par.except_items):
                if name not in items:
                    bad(fld, f"{pid}: unknown item class {name!r} (not in item_classes)")
            overlap = set(par.items) & set(par.except_items)
            if overlap:
                bad(fld, f"{pid}: {sorted(overlap)} both covered and excepted")
            windows = par.in_force or []
            for w in windows:
                if w.start < inst.adopted:
                    bad(fld, f"{pid}: window starts {w.start} before adoption on {inst.adopted}")
                if w.until is not None and w.until <= w.start:
                    bad(fld, f"{pid}: window ends {w.until} before it starts {w.start}")
            for a, b in pairwise(windows):
                if a.until is None or b.start < a.until:
                    bad(fld, f"{pid}: force windows overlap or are out of order ({a.start}, {b.start})")
    for inst, where in instruments:
        line = raw.field_lines[(where.entry or 1) - 1]
        for n, par in enumerate(inst.paragraphs):
            pid = f"{inst.id} {par.para}" + (f" ({par.clause})" if par.clause else "")
            for fld in ("extends", "superseded_by"):
                ref = getattr(par, fld)
                if ref is None:
                    continue
                if ref not in provision_regime:
                    errors.append(
                        where.at(
                            f"paragraphs[{n}].{fld}",
                            f"{pid}: unknown provision {ref!r}",
                            line.get("paragraphs"),
                        )
                    )
                elif ref == pid:
                    errors.append(
                        where.at(f"paragraphs[{n}].{fld}", f"{pid} refers to itself", line.get("paragraphs"))
                    )
                elif provision_regime[ref] != inst.regime:
                    errors.append(
                        where.at(
                            f"paragraphs[{n}].{fld}",
                            f"{pid}: {ref!r} belongs to another regime",
                            line.get("paragraphs"),
                        )
                    )


def _loc(loc: Sequence[int | str]) -> str | None:
    if not loc:
        return None
    head, *rest = loc
    return str(head) + "".join(f"[{part}]" for part in rest)


def _msg(message: str) -> str:
    return message.removeprefix("Value error, ")


def _raise(errors: list[str]) -> None:
    if not errors:
        return
    shown = errors[:_MAX_REPORTED]
    more = len(errors) - len(shown)
    raise InvalidKnowledge("\n".join(shown) + (f"\n… and {more} more" if more else ""))
