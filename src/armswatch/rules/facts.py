"""What the engine needs of an event: the transfer it reports or implies — supplier, recipient, items, date.

A TRANSFER event reports a transfer. An ATTACK (or TEST) by one state with weapons of another state's origin
implies one: the weapons went from their origin state to the user at some time before the use. The parties
are states (ISO alpha-3): a role mention's own id when it is a state, else what the knowledge files say the
mention belongs to (a metonym's state, a person's or organ's state, attrs["state"]).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from armswatch.knowledge import Knowledge
from armswatch.records import Event, Mention

REPORTED = "reported"
IMPLIED = "implied by use"
_CLASS_PREFIX = "class:"


@dataclass(frozen=True, slots=True)
class Item:
    """One item mention with its weapon class (weapon_classes.yaml id) and origin state, where known."""

    text: str
    weapon_class: str | None
    origin: str | None
    related: bool = False  # "missile components": related materiel of the class, not the class itself

    @property
    def label(self) -> str:
        if self.weapon_class is None:
            return f"“{self.text}” (class unknown)"
        name = self.weapon_class.replace("_", " ")
        return f"{name} (related materiel)" if self.related else name


@dataclass(slots=True)
class Transfer:
    """A transfer an event reports or implies; `supplier_basis` says how the supplier was found."""

    event: Event
    inference: str  # REPORTED or IMPLIED
    supplier: str | None
    recipient: str | None
    items: list[Item] = field(default_factory=list)
    supplier_basis: str = "role"  # role / item origin / weapon origin


def state_of(m: Mention, kb: Knowledge) -> str | None:
    """The state a role mention stands for, or None (an armed group, an unknown person)."""
    if m.id is not None:
        if m.id in kb.states:
            return m.id
        for kind, table in (("person", kb.people), ("organ", kb.organs)):
            if m.id in table:
                return kb.state_of(kind, m.id)
    for key in ("state", "metonym_of"):
        value = m.attrs.get(key)
        if isinstance(value, str) and value in kb.states:
            return value
    return None


def item_of(m: Mention, kb: Knowledge) -> Item:
    """Class and origin of an item or weapon mention, from its attrs or the knowledge files."""
    cls = m.attrs.get("class")
    related = False
    if not cls and m.attrs.get("related_class"):
        cls, related = m.attrs["related_class"], True
    origin = m.attrs.get("origin")
    if m.id is not None and m.id.startswith(_CLASS_PREFIX) and not cls:
        cls = m.id[len(_CLASS_PREFIX) :]
    elif m.id is not None and m.id in kb.weapons:
        weapon = kb.weapons[m.id]
        cls = cls or weapon.weapon_class
        origin = origin or weapon.origin
    cls_id = str(cls) if cls and str(cls) in kb.weapon_classes else None
    origin_id = str(origin) if origin and str(origin) in kb.states else None
    return Item(m.span.text, cls_id, origin_id, related)


def _states(ev: Event, role: str, kb: Knowledge) -> list[str]:
    out: list[str] = []
    for m in ev.roles.get(role, []):
        s = state_of(m, kb)
        if s is not None and s not in out:
            out.append(s)
    return out


def transfers_of(ev: Event, kb: Knowledge, targets: set[str]) -> list[Transfer]:
    """The transfers `ev` reports or implies that involve one of `targets` (sanctioned states)."""
    if ev.type == "TRANSFER":
        return _reported(ev, kb, targets)
    if ev.type in ("ATTACK", "TEST"):
        return _implied(ev, kb, targets)
    return []


def _reported(ev: Event, kb: Knowledge, targets: set[str]) -> list[Transfer]:
    items = [item_of(m, kb) for m in ev.roles.get("item", [])]
    suppliers = _states(ev, "supplier", kb)
    recipients: list[str | None] = [*_states(ev, "recipient", kb)] or [None]
    out: list[Transfer] = []
    if suppliers:
        for s in suppliers:
            for r in recipients:
                if s != r and (s in targets or r in targets):
                    out.append(Transfer(ev, REPORTED, s, r, items))
        return out
    # No supplier named: items of a sanctioned state's origin came from it ("North Korean shells for Russia").
    origins = sorted({i.origin for i in items if i.origin in targets})
    for origin in origins:
        own = [i for i in items if i.origin == origin]
        for r in recipients:
            if r != origin:
                out.append(Transfer(ev, REPORTED, origin, r, own, supplier_basis="item origin"))
    if not origins:
        for r in recipients:
            if r in targets:
                out.append(Transfer(ev, REPORTED, None, r, items))
    return out


def _implied(ev: Event, kb: Knowledge, targets: set[str]) -> list[Transfer]:
    users = _states(ev, "attacker" if ev.type == "ATTACK" else "actor", kb)
    if not users:
        return []
    weapons = [item_of(m, kb) for m in ev.roles.get("weapon", [])]
    origins = {i.origin for i in weapons if i.origin}
    origins.update(_states(ev, "weapon_origin", kb))
    out: list[Transfer] = []
    for origin in sorted(o for o in origins if o in targets):
        own = [i for i in weapons if i.origin == origin] or [
            i for i in weapons if i.origin is None
        ]  # weapon_origin named on the event, the weapon mention itself without an origin
        for user in users:
            if user != origin:  # a state using its own weapons transfers nothing
                out.append(Transfer(ev, IMPLIED, origin, user, own, supplier_basis="weapon origin"))
    return out
