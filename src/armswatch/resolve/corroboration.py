"""Corroboration by origin: how many independent sources stand behind an incident.

An incident's reports come from outlets (publishers); each report's claim comes from an origin: the
source its attribution names (the White House, South Korea's NIS, the Ukrainian air force…) or, when
it names none, the outlet's own reporting. Independent origins are counted once:

- a syndicated copy is no new outlet-origin: two reports are one syndication group when their texts
  are near-duplicates (rapidfuzz ratio ≥ `near_duplicate`), or one carries a notice ("republished with
  permission from X", "originally published by X") naming the other's outlet; the group's origin is the
  outlet the notice names, else its earliest report's;
- two outlets quoting the same official are one origin, and so are a person and the institution they
  speak for, or an organ and the organ it belongs to (knowledge: a person's `org`, an organ's `parent`):
  "John Kirby" (NSC spokesman) and "the White House" count once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz, utils

from armswatch.knowledge import Knowledge, load_knowledge

_NAME = r"(?:[Tt]he\s+)?(?:(?:[A-Z]\.){2,}|[A-Z][\w&'’-]*)(?:[ \t]+(?:(?:of|the|and|for|&)[ \t]+)*(?:(?:[A-Z]\.){2,}|[A-Z][\w&'’-]*))*"
_NOTICE = re.compile(
    r"(?i:permission (?:of|from)|(?:reprinted|republished|reproduced)(?: with (?:kind )?permission)?"
    r"(?: from| by)|(?:originally|first) (?:appeared|published|posted|ran)(?: (?:in|on|by|at))+"
    r"|appeared first on|(?:distributed|syndicated) by|courtesy of)\s+(?P<name>" + _NAME + ")"
)


@dataclass(frozen=True, slots=True)
class Report:
    """One member event as evidence: where it was published and whom it cites."""

    event: str
    document_id: str
    outlet: str
    published: date | None
    text: str
    syndication: str | None = None
    also_outlets: tuple[str, ...] = ()  # the same text seen under other publishers (stored once)
    origin_id: str | None = None  # the attribution's canonical source; None: the outlet's own reporting
    origin_name: str | None = None


@dataclass(slots=True)
class Origin:
    key: str
    name: str
    kind: str  # official / outlet
    outlets: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)  # the sources folded into this one (Kirby → White House)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "outlets": self.outlets,
            "documents": self.documents,
            "events": self.events,
            "via": self.via,
        }


@dataclass(slots=True)
class Corroboration:
    outlets: list[str]
    origins: list[Origin]
    syndicated: list[dict[str, str]]

    @property
    def independent_origins(self) -> int:
        return len(self.origins)

    def to_json(self) -> dict[str, Any]:
        return {
            "outlets": self.outlets,
            "independent_origins": self.independent_origins,
            "origins": [o.to_json() for o in self.origins],
            "syndicated": self.syndicated,
        }


def notice_names(notice: str | None) -> list[str]:
    """Publishers a syndication notice names ("Content used with the permission of Radio Free Asia")."""
    if not notice:
        return []
    return [_tidy(m.group("name")) for m in _NOTICE.finditer(notice)]


def _tidy(name: str) -> str:
    return re.sub(r"^[Tt]he\s+", "", name).strip()


def same_outlet(a: str, b: str) -> bool:
    return fuzz.token_sort_ratio(a, b, processor=utils.default_process) >= 90


def corroborate(
    reports: Sequence[Report], *, near_duplicate: float = 90.0, kb: Knowledge | None = None
) -> Corroboration:
    kb = kb or load_knowledge()
    docs: dict[str, Report] = {}
    for r in reports:
        docs.setdefault(r.document_id, r)
    order = sorted(docs, key=lambda d: (docs[d].published or date.max, d))
    parent = {d: d for d in order}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    why: dict[str, str] = {}
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            found = _syndicated(docs[a], docs[b], near_duplicate)
            if found is None or find(a) == find(b):
                continue
            rule, copy_is_b = found
            copy, original = (b, a) if copy_is_b else (a, b)
            parent[find(copy)] = find(original)
            why.setdefault(copy, rule)
    # A group's outlet-origin: the outlet its notices name, else its earliest report's outlet.
    group_outlet: dict[str, str] = {}
    for d in order:
        root = find(d)
        named = [n for n in notice_names(docs[d].syndication) if not same_outlet(n, docs[d].outlet)]
        if named and root not in group_outlet:
            group_outlet[root] = named[0]
    for d in order:
        group_outlet.setdefault(find(d), docs[find(d)].outlet)
    syndicated = [
        {"document": d, "copy_of": find(d), "outlet": docs[d].outlet, "rule": why.get(d, "")}
        for d in order
        if find(d) != d
    ]
    for d in order:
        named = [n for n in notice_names(docs[d].syndication) if not same_outlet(n, docs[d].outlet)]
        if find(d) == d and named:
            syndicated.append(
                {"document": d, "copy_of": f"outlet:{named[0]}", "outlet": docs[d].outlet, "rule": "notice"}
            )

    outlets: list[str] = []
    for d in order:
        for name in (docs[d].outlet, *docs[d].also_outlets):
            if not any(same_outlet(name, seen) for seen in outlets):
                outlets.append(name)

    present = {r.origin_id for r in reports if r.origin_id}
    origins: dict[str, Origin] = {}
    for r in sorted(reports, key=lambda r: (order.index(r.document_id), r.event)):
        if r.origin_id:
            root = _origin_root(r.origin_id, present, kb)
            key = f"actor:{root}"
            name = _actor_name(root, kb) or r.origin_name or root
            kind = "official"
        else:
            outlet = group_outlet[find(r.document_id)]
            key = f"outlet:{utils.default_process(outlet)}"
            name, kind = outlet, "outlet"
        origin = origins.setdefault(key, Origin(key=key, name=name, kind=kind))
        if r.origin_id and r.origin_id != key.removeprefix("actor:") and r.origin_id not in origin.via:
            origin.via.append(r.origin_id)
        if r.outlet not in origin.outlets:
            origin.outlets.append(r.outlet)
        if r.document_id not in origin.documents:
            origin.documents.append(r.document_id)
        origin.events.append(r.event)
    return Corroboration(outlets=outlets, origins=list(origins.values()), syndicated=syndicated)


def _syndicated(a: Report, b: Report, near_duplicate: float) -> tuple[str, bool] | None:
    """Why one of two reports is a copy of the other, and whether the copy is `b`."""
    for copy, original, copy_is_b in ((b, a, True), (a, b, False)):
        # A notice naming the report's own outlet ("Content used with permission of RFA" under RFA's own
        # story) says nothing about copying; two stories of one outlet are one outlet-origin anyway.
        if same_outlet(copy.outlet, original.outlet):
            continue
        for name in notice_names(copy.syndication):
            if same_outlet(name, original.outlet):
                return f"syndication notice names {original.outlet}", copy_is_b
    shorter, longer = sorted((len(a.text), len(b.text)))
    if longer and shorter / longer >= near_duplicate / 100.0:
        ratio = fuzz.ratio(a.text, b.text, processor=utils.default_process, score_cutoff=near_duplicate)
        if ratio:
            return f"near-duplicate text (rapidfuzz ratio {ratio:.1f})", True
    return None


def _chain(origin: str, kb: Knowledge) -> list[str]:
    """An origin and the institutions it speaks for: person → organ → parent organ → …"""
    out = [origin]
    person = kb.people.get(origin)
    current = person.org if person is not None else origin
    while current and current in kb.organs:
        if current not in out:
            out.append(current)
        nxt = kb.organs[current].parent
        if nxt in out:
            break
        current = nxt
    return out


def _origin_root(origin: str, present: set[str], kb: Knowledge) -> str:
    """The outermost institution `origin` speaks for that is itself an origin of the incident; else, for a
    person, the organ they speak for when another person of that organ is an origin too."""
    chain = _chain(origin, kb)
    for candidate in reversed(chain):
        if candidate in present:
            if candidate != origin:
                return _origin_root(candidate, present - {origin}, kb)
            break
    person = kb.people.get(origin)
    if person is not None and person.org:
        colleagues = [p for p in present if p != origin and p in kb.people and kb.people[p].org == person.org]
        if colleagues:
            return person.org
    return origin


def _actor_name(ident: str, kb: Knowledge) -> str | None:
    for table in (kb.organs, kb.people, kb.states):
        entry = table.get(ident)
        if entry is not None:
            return str(entry.name)
    return None
