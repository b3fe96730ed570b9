"""The record model: the contract between stages (DESIGN.md, "Record model").

Every stage imports this module and nothing else is shared between stages. Every value that came from
text points at a `Span`, and a span can only be made against the text it indexes: `Document.span()` and
`span_of()` slice the text themselves, and `check_spans()` re-verifies a whole extraction before it is
emitted. A wrong offset is an exception (`SpanMismatch`), never a silent record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from armswatch.errors import SpanMismatch

EVENT_TYPES = (
    "TRANSFER",
    "ATTACK",
    "TEST",
    "REQUEST",
    "SANCTION",
    "MEET",
    "DENY",
    "ACCUSE",
    "DIPLOMACY",
)

ROLES: dict[str, tuple[str, ...]] = {
    "TRANSFER": ("supplier", "recipient", "item", "quantity"),
    "ATTACK": ("attacker", "target", "weapon", "weapon_origin", "location", "casualties"),
    "TEST": ("actor", "weapon"),
    "REQUEST": ("requester", "provider", "item"),
    "SANCTION": ("imposer", "target", "measure"),
    "MEET": ("participants", "location"),
    "DENY": ("denier", "claim"),
    "ACCUSE": ("accuser", "accused", "charge"),
    "DIPLOMACY": ("actor", "forum", "action"),
}

CERTAINTIES = ("asserted", "assessed", "hedged", "expected", "denied", "unknown")
TRANSFER_STATUSES = ("offered", "planned", "agreed", "delivered")
PRECISIONS = ("day", "week", "month", "quarter", "year", "decade")
TIME_KINDS = ("date", "time", "duration", "set")
PLACE_PRECISIONS = ("point", "city", "admin2", "admin1", "country", "continent")


@dataclass(frozen=True, slots=True)
class Span:
    """Characters [start, end) of a document's text. Build it with `span_of` or `Document.span`."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start or len(self.text) != self.end - self.start:
            raise SpanMismatch(f"span {self.start}:{self.end} cannot hold {self.text!r}")

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def span_of(text: str, start: int, end: int, expect: str | None = None) -> Span:
    """The span [start, end) of `text`; with `expect`, the characters there must be exactly that."""
    if not 0 <= start <= end <= len(text):
        raise SpanMismatch(f"span {start}:{end} lies outside a text of {len(text)} characters")
    got = text[start:end]
    if expect is not None and got != expect:
        raise SpanMismatch(f"span {start}:{end} is {got!r}, not {expect!r}")
    return Span(start, end, got)


def content_id(text: str) -> str:
    """A document's id: a hash of its normalised body, so the same text has the same id anywhere."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Document:
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: str | None = None
    external_id: str | None = None
    language: str = "en"
    syndication: str | None = None  # e.g. a "Content used with the permission of …" notice
    source_file: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def span(self, start: int, end: int, expect: str | None = None) -> Span:
        return span_of(self.text, start, end, expect)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "external_id": self.external_id,
            "url": self.url,
            "title": self.title,
            "author": self.author,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "syndication": self.syndication,
            "source_file": self.source_file,
            "text": self.text,
        }


@dataclass(slots=True)
class Mention:
    """An entity mention: a span with a type and, where the knowledge files know it, a canonical id.

    `attrs` carries knowledge about the referent (a weapon's class, origin and range; a person's state).
    `value`/`unit` are set for quantities and casualties.
    """

    span: Span
    type: str
    id: str | None = None
    name: str | None = None
    value: float | None = None
    unit: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = self.span.to_json()
        out["type"] = self.type
        out["id"] = self.id
        out["name"] = self.name
        if self.value is not None:
            out["value"] = self.value
            out["unit"] = self.unit
        if self.attrs:
            out["attrs"] = self.attrs
        return out


@dataclass(slots=True)
class Time:
    span: Span
    # A date: an ISO-8601 prefix (2023-12-30, 2023-11, 2023, 2023-W05, 2023-Q4, 2023-SU) or a range a/b;
    # other kinds carry TimeML values (see `kind`). None if unresolved.
    value: str | None
    precision: str | None  # of a date or time: day / week / month / quarter / year / decade
    anchor: str | None = None  # the ISO date it was resolved against (narrated: the value of the mention)
    # "published", "statement", or "narrated": an earlier mention ("a year earlier" after "the third quarter")
    anchor_kind: str | None = None
    tense: str | None = None  # "past" / "future" of the clause it sits in: resolves "Saturday", "in May"
    # The TimeML TIMEX3 type (TIME_KINDS): a "date" (a calendar period, or PRESENT_REF / PAST_REF /
    # FUTURE_REF with precision None), a "time" of day (2024-01-04T10:00, 2024-01-04TMO; precision "day"),
    # a "duration" (P3D, PT6H, PXY) or a "set" (P1W for "weekly", XXXX-WXX-1 for "every Monday"). Only a
    # date or a time is a point an event can have happened at; durations and sets have precision None.
    kind: str = "date"

    def to_json(self) -> dict[str, Any]:
        out = self.span.to_json()
        out.update(
            value=self.value,
            kind=self.kind,
            precision=self.precision,
            anchor=self.anchor,
            anchor_kind=self.anchor_kind,
            tense=self.tense,
        )
        return out


@dataclass(slots=True)
class Place:
    span: Span
    name: str
    country: str | None = None  # ISO 3166-1 alpha-3
    admin1: str | None = None  # ISO 3166-2
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # point / city / admin2 / admin1 / country / continent
    geonames_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        out = self.span.to_json()
        out.update(
            name=self.name,
            country=self.country,
            admin1=self.admin1,
            lat=self.lat,
            lon=self.lon,
            precision=self.precision,
            geonames_id=self.geonames_id,
        )
        return out


@dataclass(slots=True)
class Attribution:
    """Who says so: source, cue and content, with the certainty the cue and its modal context give."""

    id: str
    cue: Span
    content: Span
    source: Mention | None = None
    source_ref: Mention | None = None  # when `source` is a pronoun, the named mention it refers to
    quote: str = "indirect"  # direct / indirect / mixed
    certainty: str = "asserted"
    time: Time | None = None  # when the statement was made ("said Thursday")
    parent: str | None = None  # id of the attribution this one is nested in

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source.to_json() if self.source else None,
            "source_ref": self.source_ref.to_json() if self.source_ref else None,
            "cue": self.cue.to_json(),
            "content": self.content.to_json(),
            "quote": self.quote,
            "certainty": self.certainty,
            "time": self.time.to_json() if self.time else None,
            "parent": self.parent,
        }


@dataclass(slots=True)
class Event:
    id: str
    type: str
    trigger: Span
    evidence: Span
    roles: dict[str, list[Mention]] = field(default_factory=dict)
    time: Time | None = None
    place: Place | None = None
    attribution: Attribution | None = None
    certainty: str = "asserted"
    polarity: str = "positive"
    status: str | None = None  # TRANSFER: offered / planned / agreed / delivered
    outcome: str | None = None  # ATTACK: e.g. intercepted
    subtype: str | None = (
        None  # ATTACK: shelling / air_strike / armed_clash / remote_explosive / interception (lexicon.yaml)
    )
    extractor: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "trigger": self.trigger.to_json(),
            "roles": {k: [m.to_json() for m in v] for k, v in self.roles.items() if v},
            "time": self.time.to_json() if self.time else None,
            "place": self.place.to_json() if self.place else None,
            "attribution": self.attribution.to_json() if self.attribution else None,
            "certainty": self.certainty,
            "polarity": self.polarity,
            "evidence": self.evidence.to_json(),
            "extractor": self.extractor,
        }
        if self.status is not None:
            out["status"] = self.status
        if self.outcome is not None:
            out["outcome"] = self.outcome
        if self.subtype is not None:
            out["subtype"] = self.subtype
        return out


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    entities: list[Mention] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    dropped: int = 0  # spans that could not be aligned to the text and were left out
    rule_hits: list[dict[str, Any]] = field(default_factory=list)  # armswatch.rules hits, serialised

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document.to_json(),
            "entities": [m.to_json() for m in self.entities],
            "times": [t.to_json() for t in self.times],
            "places": [p.to_json() for p in self.places],
            "attributions": [a.to_json() for a in self.attributions],
            "events": [e.to_json() for e in self.events],
            "rule_hits": self.rule_hits,
        }


def iter_spans(node: Any) -> Any:
    """Every span-shaped dict ({start, end, text}) in a JSON tree."""
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and "text" in node:
            yield node
        for v in node.values():
            yield from iter_spans(v)
    elif isinstance(node, list):
        for v in node:
            yield from iter_spans(v)


def check_spans(record: dict[str, Any]) -> int:
    """Verify every span of a serialised extraction against its document text; return how many."""
    text = record["document"]["text"]
    n = 0
    for key, value in record.items():
        if key == "document":
            continue
        for s in iter_spans(value):
            if text[s["start"] : s["end"]] != s["text"]:
                raise SpanMismatch(
                    f"span {s['start']}:{s['end']} says {s['text']!r}, text has {text[s['start'] : s['end']]!r}"
                )
            n += 1
    return n
