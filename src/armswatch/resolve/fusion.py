"""Cross-document fusion: does an event report the same happening as the events of an incident?

Comparison is field by field, each field with its own rule, and the rules that fired are written out
(`Comparison.rule`) and stored with the membership, so an analyst can read why two reports were merged
and undo it. Fuzzy text comparisons use rapidfuzz (item names, evidence sentences).

Rules (per pair of events of one type):

- actors: in each key role of the type (TRANSFER supplier/recipient, ATTACK attacker/target, …) the two
  events share a state or actor id where both fill the role; filled on both sides and disjoint is a
  conflict; at least one shared actor is required;
- time: the intervals the two times cover at their precision overlap (day times may be
  `day_tolerance` days apart: an overnight strike is dated by either night); an event without a time is
  placed in the `PROXY_DAYS` before its report;
- place: same country; same admin1, or points within `max_km` of each other; different admin1 with no
  coordinates to bridge them is a conflict;
- items: weapons/goods of a common lineage in the weapon-class tree ("ballistic missile" ~ "missile" ~
  KN-23), or names rapidfuzz finds alike; two specific, unrelated items (shells vs missiles) conflict.

An event joins the incident with the best-scoring compatible member, provided no member of that incident
conflicts with it (complete linkage: a chain of loose matches cannot pull in an event that contradicts
one of the members). An event with no time of its own that fits more than one incident joins the one undated incident among
them, if there is exactly one, else starts its own: it cannot say which happening it reports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from rapidfuzz import fuzz, utils

from armswatch.resolve.views import KEY_ROLES, EventView, Interval, Item, PlaceView

# A root class says nothing about which weapon: it matches anything and scores nothing.
GENERIC_CLASSES = frozenset({"weapon"})


@dataclass(frozen=True, slots=True)
class FusionConfig:
    day_tolerance: int = 1
    max_km: float = 50.0
    item_text_similarity: float = 85.0  # rapidfuzz token_set_ratio for items without a class


@dataclass(slots=True)
class Comparison:
    compatible: bool
    score: float
    reasons: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def rule(self) -> str:
        return "; ".join(self.reasons + [f"conflict: {c}" for c in self.conflicts])


@dataclass(slots=True)
class Decision:
    """Where an event goes: `incident` (an existing one's key) or None for a new incident, and why."""

    incident: int | None
    rule: str
    score: float = 0.0
    matched: str | None = None  # key of the member event it matched best


def compare(a: EventView, b: EventView, cfg: FusionConfig | None = None) -> Comparison:
    cfg = cfg or FusionConfig()
    out = Comparison(compatible=False, score=0.0)
    if a.type != b.type:
        out.conflicts.append(f"type {a.type} ≠ {b.type}")
        return out
    out.reasons.append(f"type {a.type}")
    shared_actor = _actors(a, b, out)
    _time(a.interval, b.interval, cfg, out)
    _place(a.place, b.place, cfg, out)
    _items(a.items, b.items, cfg, out)
    if a.evidence and b.evidence:
        similarity = fuzz.token_set_ratio(a.evidence, b.evidence, processor=utils.default_process)
        out.score += similarity / 200.0
    if not shared_actor:
        out.conflicts.append("no shared actor")
    out.compatible = not out.conflicts
    out.score = round(out.score, 3)
    return out


def _actors(a: EventView, b: EventView, out: Comparison) -> bool:
    shared = False
    for role in KEY_ROLES.get(a.type, ()):
        left, right = a.actors.get(role, frozenset()), b.actors.get(role, frozenset())
        if not left or not right:
            continue
        common = left & right
        if common:
            shared = True
            out.score += 1.0
            out.reasons.append(f"{role} {'+'.join(sorted(common))}")
        else:
            out.conflicts.append(f"{role} {'+'.join(sorted(left))} ≠ {'+'.join(sorted(right))}")
    return shared


def _time(a: Interval | None, b: Interval | None, cfg: FusionConfig, out: Comparison) -> None:
    if a is None or b is None:
        out.reasons.append("time unknown")
        return
    slack = timedelta(days=cfg.day_tolerance if a.precision == b.precision == "day" else 0)
    if a.lo <= b.hi + slack and b.lo <= a.hi + slack:
        out.score += min(a.rank, b.rank)
        relation = "=" if (a.lo, a.hi) == (b.lo, b.hi) else "overlaps"
        out.reasons.append(f"time {a.describe()} {relation} {b.describe()}")
    else:
        out.conflicts.append(f"time {a.describe()} vs {b.describe()}")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _place(a: PlaceView | None, b: PlaceView | None, cfg: FusionConfig, out: Comparison) -> None:
    if a is None or b is None:
        return
    if a.country and b.country and a.country != b.country:
        out.conflicts.append(f"place {a.country} ≠ {b.country}")
        return
    fine = ("point", "city")
    if a.admin1 and b.admin1 and a.admin1 == b.admin1:
        out.score += 2.0 if a.precision in fine and b.precision in fine else 1.5
        out.reasons.append(f"place {a.admin1}")
        return
    if (
        a.precision in fine
        and b.precision in fine
        and None not in (a.lat, a.lon, b.lat, b.lon)
        and a.lat is not None
        and a.lon is not None
        and b.lat is not None
        and b.lon is not None
    ):
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        if km <= cfg.max_km:
            out.score += 1.5
            out.reasons.append(f"place {a.name} ~ {b.name} ({km:.0f} km)")
        else:
            out.conflicts.append(f"place {a.name} ↔ {b.name} {km:.0f} km apart")
        return
    if a.admin1 and b.admin1:
        out.conflicts.append(f"place {a.admin1} ≠ {b.admin1}")
        return
    if a.country and a.country == b.country:
        out.score += 0.5
        out.reasons.append(f"place {a.country}")


def _items(a: Sequence[Item], b: Sequence[Item], cfg: FusionConfig, out: Comparison) -> None:
    left = [i for i in a if not set(i.chain[:1]) & GENERIC_CLASSES]
    right = [i for i in b if not set(i.chain[:1]) & GENERIC_CLASSES]
    if not left or not right:
        return
    for x in left:
        for y in right:
            if x.id and x.id == y.id:
                out.score += 1.0
                out.reasons.append(f"item {x.id}")
                return
            if x.chain and y.chain and (x.chain[0] in y.chain or y.chain[0] in x.chain):
                out.score += 1.0
                out.reasons.append(f"item {x.chain[0]} ~ {y.chain[0]}")
                return
    for x in left:
        for y in right:
            similarity = fuzz.token_set_ratio(x.text, y.text, processor=utils.default_process)
            if similarity >= cfg.item_text_similarity:
                out.score += 0.5
                out.reasons.append(f"item '{x.text}' ~ '{y.text}' ({similarity:.0f})")
                return
    if all(i.chain for i in left) and all(i.chain for i in right):
        out.conflicts.append(
            f"items {'+'.join(sorted({i.chain[0] for i in left}))} vs "
            f"{'+'.join(sorted({i.chain[0] for i in right}))}"
        )


def choose(
    event: EventView,
    candidates: Mapping[int, Sequence[EventView]],
    cfg: FusionConfig | None = None,
    *,
    excluded: frozenset[int] = frozenset(),
) -> Decision:
    """The incident (among `candidates`, incident key → its member events) `event` belongs to, if any.

    `excluded`: incidents the event was removed from by hand; it is never put back there.
    """
    cfg = cfg or FusionConfig()
    fits: list[tuple[float, int, Comparison, str]] = []
    for incident, members in sorted(candidates.items()):
        if incident in excluded or not members:
            continue
        comparisons = [(compare(event, m, cfg), m.key) for m in members]
        if any(c.conflicts and not _only_no_actor(c) for c, _ in comparisons):
            continue
        good = [(c, k) for c, k in comparisons if c.compatible]
        if not good:
            continue
        best, key = max(good, key=lambda ck: ck[0].score)
        fits.append((best.score, incident, best, key))
    if not fits:
        return Decision(None, "new incident: no compatible incident")
    fits.sort(key=lambda f: (-f[0], f[1]))
    if len(fits) > 1 and (event.interval is None or event.interval.proxy):
        undated = [f for f in fits if all(m.interval is None or m.interval.proxy for m in candidates[f[1]])]
        if len(undated) == 1:
            score, incident, best, key = undated[0]
            return Decision(
                incident, f"undated, joins the undated incident: matched {key}: {best.rule}", score, key
            )
        listed = ", ".join(f"#{f[1]}" for f in fits)
        return Decision(None, f"new incident: no time of its own and fits several incidents ({listed})")
    score, incident, best, key = fits[0]
    return Decision(incident, f"matched {key}: {best.rule}", score, key)


def _only_no_actor(c: Comparison) -> bool:
    # A member that names no actor in the key roles cannot veto; it just does not match.
    return c.conflicts == ["no shared actor"]
