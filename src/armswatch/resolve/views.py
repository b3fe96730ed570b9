"""What fusion compares: an event reduced to its type, parties, items, time interval and place.

Pure functions over records (no database): the store builds views from what it holds and asks
`fusion`, `contradictions` and `corroboration` for decisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from armswatch.knowledge import Knowledge, load_knowledge
from armswatch.records import Document, Event, Mention

# Roles whose fillers are parties (compared as states: "Russian forces", "Moscow" and "Russia" are RUS).
PARTY_ROLES = frozenset(
    {
        "supplier",
        "recipient",
        "attacker",
        "target",
        "weapon_origin",
        "imposer",
        "requester",
        "provider",
        "accuser",
        "accused",
        "denier",
        "actor",
    }
)
# The roles that identify a happening of each type: two events conflict when both fill one of them and
# share no actor there.
KEY_ROLES: dict[str, tuple[str, ...]] = {
    "TRANSFER": ("supplier", "recipient"),
    "ATTACK": ("attacker", "target"),
    "TEST": ("actor",),
    "REQUEST": ("requester", "provider"),
    "SANCTION": ("imposer", "target"),
    "MEET": ("participants",),
    "DENY": ("denier",),
    "ACCUSE": ("accuser", "accused"),
    "DIPLOMACY": ("actor", "forum"),
}
# Roles holding the weapons or goods of an event.
ITEM_ROLES = ("item", "weapon")
# The parties of an incident a denial can come from (DESIGN: supplier/recipient/attacker; the state a
# weapon came from is implicated by a strike with it).
DENIAL_PARTY_ROLES: dict[str, tuple[str, ...]] = {
    "TRANSFER": ("supplier", "recipient"),
    "ATTACK": ("attacker", "weapon_origin"),
    "TEST": ("actor",),
    "REQUEST": ("requester", "provider"),
    "SANCTION": ("imposer", "target"),
    "MEET": ("participants",),
    "ACCUSE": ("accused",),
    "DIPLOMACY": ("actor",),
}
# Without a time of its own, an event is taken to have happened in the weeks before its report.
PROXY_DAYS = 31
_STATE = re.compile(r"^[A-Z]{3}$")
_PRECISION_RANK = {"day": 3.0, "week": 2.0, "month": 1.5, "quarter": 1.0, "year": 0.5, "decade": 0.25}


@dataclass(frozen=True, slots=True)
class Interval:
    """Dates [lo, hi] an event's time covers at its precision; `proxy` when taken from the report's date."""

    lo: date
    hi: date
    precision: str
    value: str | None = None
    proxy: bool = False

    @property
    def rank(self) -> float:
        return 0.0 if self.proxy else _PRECISION_RANK.get(self.precision, 0.0)

    def describe(self) -> str:
        if self.proxy:
            return f"published {self.hi.isoformat()} (no time of its own)"
        return f"{self.value} ({self.precision})"


@dataclass(frozen=True, slots=True)
class Item:
    id: str | None
    chain: tuple[str, ...]  # its class and the class's ancestors, most specific first
    text: str


@dataclass(frozen=True, slots=True)
class PlaceView:
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str | None


@dataclass(slots=True)
class EventView:
    key: str  # "<document id>:<event id>"
    document_id: str
    type: str
    actors: dict[str, frozenset[str]]
    names: dict[str, str]  # actor id → a name for it
    items: tuple[Item, ...]
    interval: Interval | None
    place: PlaceView | None
    published: date | None
    certainty: str
    polarity: str
    evidence: str
    claim: str = ""  # DENY: the denied claim's text
    subtype: str | None = None
    source_states: frozenset[str] = field(default_factory=frozenset)  # states of the attribution source

    @property
    def is_claim(self) -> bool:
        """Reports that something happened: fused into incidents."""
        return (
            self.type != "DENY"
            and self.polarity == "positive"
            and self.certainty not in ("expected", "denied")
        )

    @property
    def is_denial(self) -> bool:
        return self.type == "DENY" or self.certainty == "denied" or self.polarity == "negative"

    def parties(self, roles: tuple[str, ...]) -> frozenset[str]:
        out: set[str] = set()
        for role in roles:
            out |= self.actors.get(role, frozenset())
        return frozenset(out)


def interval_of(value: str | None, precision: str | None) -> tuple[date, date] | None:
    """The dates an ISO-8601 prefix covers: 2023-12-30, 2023-12, 2023, 2023-W05, 2023-Q4, 202 (decade),
    or a range A/B. None when it cannot be read."""
    if not value:
        return None
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = interval_of(first, precision), interval_of(last, precision)
        if a is None or b is None:
            return None
        return a[0], b[1]
    value = value.split("T", 1)[0]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = date.fromisoformat(value)
            return d, d
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, q = int(m[1]), int(m[2])
            return _month_range(year, 3 * q - 2)[0], _month_range(year, 3 * q)[1]
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return _month_range(int(m[1]), int(m[2]))
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if re.fullmatch(r"\d{3}", value):
            return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


def _month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def event_interval(event: Event, published: date | None) -> Interval | None:
    time = event.time
    # only a date or a time of day is a point an event happened at (not a duration or a set)
    if time is not None and time.value and time.kind in ("date", "time"):
        span = interval_of(time.value, time.precision)
        if span is not None:
            return Interval(span[0], span[1], time.precision or "day", time.value)
    if published is not None:
        return Interval(published - timedelta(days=PROXY_DAYS), published, "proxy", None, proxy=True)
    return None


def actor_key(m: Mention, role: str) -> str | None:
    """The id a role filler is compared by: its state for party roles, else its canonical id."""
    state = m.attrs.get("state") if isinstance(m.attrs.get("state"), str) else None
    if role in PARTY_ROLES:
        if m.id and _STATE.match(m.id):
            return m.id
        if state:
            return str(state)
    return m.id or (str(state) if state else None)


def item_of(m: Mention, kb: Knowledge) -> Item:
    cls = m.attrs.get("class")
    ident = m.id
    if not isinstance(cls, str) and ident and ident.startswith("class:"):
        cls = ident.removeprefix("class:")
    if not isinstance(cls, str) and ident in kb.weapons:
        cls = kb.weapons[ident].weapon_class
    return Item(ident, class_chain(cls, kb) if isinstance(cls, str) else (), m.span.text)


def class_chain(cls: str, kb: Knowledge | None = None) -> tuple[str, ...]:
    return _chain(cls, kb or load_knowledge())


@lru_cache(maxsize=4096)
def _chain(cls: str, kb: Knowledge) -> tuple[str, ...]:
    out: list[str] = []
    current: str | None = cls
    while current and current not in out:
        out.append(current)
        entry = kb.weapon_classes.get(current)
        current = entry.parent if entry else None
    return tuple(out)


def view_of(event: Event, document: Document, kb: Knowledge | None = None) -> EventView:
    return view_from(event, document.id, document.published, kb)


def view_from(
    event: Event, document_id: str, published: date | None, kb: Knowledge | None = None
) -> EventView:
    """The view of an event of the document `document_id` published on `published`."""
    kb = kb or load_knowledge()
    actors: dict[str, frozenset[str]] = {}
    names: dict[str, str] = {}
    items: list[Item] = []
    for role, mentions in event.roles.items():
        keys = set()
        for m in mentions:
            key = actor_key(m, role)
            if key:
                keys.add(key)
                state = kb.states.get(key)
                names.setdefault(key, str(state.name) if state is not None else m.name or m.span.text)
        if keys:
            actors[role] = frozenset(keys)
        if role in ITEM_ROLES:
            items.extend(item_of(m, kb) for m in mentions if m.type in ("WEAPON", "ITEM") or m.id)
    place = None
    if event.place is not None:
        p = event.place
        place = PlaceView(p.name, p.country, p.admin1, p.lat, p.lon, p.precision)
    claim = " ".join(m.span.text for m in event.roles.get("claim", []))
    source_states: set[str] = set()
    if event.attribution is not None:
        for who in (event.attribution.source, event.attribution.source_ref):
            if who is not None and (key := actor_key(who, "actor")) and _STATE.match(key):
                source_states.add(key)
    return EventView(
        key=f"{document_id}:{event.id}",
        document_id=document_id,
        type=event.type,
        actors=actors,
        names=names,
        items=tuple(items),
        interval=event_interval(event, published),
        place=place,
        published=published,
        certainty=event.certainty,
        polarity=event.polarity,
        evidence=event.evidence.text,
        claim=claim,
        subtype=event.subtype,
        source_states=frozenset(source_states),
    )
