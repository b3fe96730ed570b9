"""Extraction records ↔ rows. Writing is exact and reading rebuilds the same records: a stored document's
`load_extraction(...).to_json()` equals what was extracted, every span re-checked against the stored text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from rapidfuzz import utils
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from armswatch.records import Attribution, Document, Event, Extraction, Mention, Place, Span, Time, span_of
from armswatch.resolve.views import EventView, view_from
from armswatch.store.schema import (
    AttributionRow,
    DocumentRow,
    EventRoleRow,
    EventRow,
    MentionRow,
    PlaceRow,
    TimeRow,
)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def text_key(text: str) -> str:
    """A hash of the text with case and whitespace folded: the same story re-flowed is the same text."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()[:32]


def outlet_name(document: Document | DocumentRow) -> str | None:
    """Who published a document: its publisher, else its URL's host."""
    if document.publisher:
        return document.publisher.strip()
    if document.url:
        host = urlsplit(document.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def outlet_key(name: str) -> str:
    return f"outlet:{utils.default_process(name)}"


def origin_of(attribution: Attribution, by_key: dict[str, Attribution]) -> tuple[str, str] | None:
    """The canonical source (id, name) behind an attribution: its named source, the mention a pronoun
    source refers to, else the attribution it is nested in."""
    seen: set[str] = set()
    current: Attribution | None = attribution
    while current is not None and current.id not in seen:
        seen.add(current.id)
        for m in (current.source, current.source_ref):
            if m is not None and m.id:
                return m.id, m.name or m.span.text
        current = by_key.get(current.parent) if current.parent else None
    return None


@dataclass(slots=True)
class Written:
    document: DocumentRow
    events: list[tuple[EventRow, Event]]
    origins: dict[str, str]  # actor id → name, for the sources table


def _key(obj: Mention | Time | Place) -> str:
    return json.dumps(obj.to_json(), sort_keys=True, ensure_ascii=False)


WithPk = MentionRow | TimeRow | PlaceRow | AttributionRow | EventRow | EventRoleRow
_SpanRow = TypeVar("_SpanRow", MentionRow, TimeRow, PlaceRow)


def _span_columns(document_pk: int, seq: int | None, span: Span) -> dict[str, Any]:
    return {"document_pk": document_pk, "seq": seq, "start": span.start, "end": span.end, "text": span.text}


def _intern(
    s: Session, rows: dict[str, _SpanRow], key: str, seq: int | None, make: Callable[[], _SpanRow]
) -> _SpanRow:
    """One row per distinct mention, time or place of a document: a later sighting at a list position
    (`seq`) gives a row stored first as a role filler its position; a second list position makes a row."""
    found = rows.get(key)
    if found is not None and (seq is None or found.seq is None):
        if seq is not None:
            found.seq = seq
        return found
    made = make()
    rows.setdefault(key, made)
    s.add(made)
    return made


def allocate(s: Session, rows: Sequence[WithPk]) -> None:
    """Give new rows their primary keys up front, so that a flush inserts each table in one batch
    instead of one INSERT … RETURNING per row (SQLite cannot batch those).

    PostgreSQL: values drawn from the column's sequence. SQLite: after the highest key ever handed out;
    safe because the caller's transaction has already written (the document row) and so holds SQLite's
    write lock until it commits.
    """
    by_table: dict[str, list[WithPk]] = {}
    for r in rows:
        if r.pk is None:
            by_table.setdefault(r.__tablename__, []).append(r)
    postgres = s.get_bind().dialect.name == "postgresql"
    with s.no_autoflush:  # the rows must not be inserted (one by one) before they have their keys
        _assign(s, by_table, postgres)


def _assign(s: Session, by_table: dict[str, list[WithPk]], postgres: bool) -> None:
    for table, items in by_table.items():
        n = len(items)
        if postgres:
            pks = list(
                s.scalars(
                    text(
                        f"SELECT nextval(pg_get_serial_sequence('{table}', 'pk')) FROM generate_series(1, :n)"
                    ),
                    {"n": n},
                )
            )
        else:
            top = s.scalar(text(f"SELECT max(pk) FROM {table}")) or 0
            if table == "events":  # AUTOINCREMENT: never below a key handed out before
                top = max(top, s.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = 'events'")) or 0)
            pks = list(range(top + 1, top + n + 1))
        for r, pk in zip(items, pks, strict=True):
            r.pk = pk


def write_extraction(
    s: Session,
    ex: Extraction,
    extractor: str,
    outlet_id: str | None,
    ensure_source: Callable[[str, str, str], None],
) -> Written:
    """Insert one extraction's rows (the caller owns the transaction); `ensure_source(id, kind, name)`
    makes the sources row an attribution's origin points at."""
    doc = ex.document
    attributions = {a.id: a for a in ex.attributions}
    for e in ex.events:
        if e.attribution is not None:
            attributions.setdefault(e.attribution.id, e.attribution)
    role_count = sum(len(ms) for e in ex.events for ms in e.roles.values())
    row = DocumentRow(
        id=doc.id,
        text_key=text_key(doc.text),
        external_id=doc.external_id,
        url=doc.url,
        title=doc.title,
        author=doc.author,
        publisher=doc.publisher,
        outlet_id=outlet_id,
        published=doc.published,
        language=doc.language,
        syndication=doc.syndication,
        source_file=doc.source_file,
        text=doc.text,
        extractor=extractor,
        ingested_at=now(),
        dropped=ex.dropped,
        rule_hits=list(ex.rule_hits),
        n_entities=len(ex.entities),
        n_times=len(ex.times),
        n_places=len(ex.places),
        n_attributions=len(ex.attributions),
        n_events=len(ex.events),
        n_roles=role_count,
    )
    s.add(row)
    s.flush()
    pk = row.pk

    mentions: dict[str, MentionRow] = {}

    def mention(m: Mention, seq: int | None = None) -> MentionRow:
        def make() -> MentionRow:
            return MentionRow(
                **_span_columns(pk, seq, m.span),
                type=m.type,
                canonical_id=m.id,
                name=m.name,
                value=m.value,
                unit=m.unit,
                attrs=m.attrs,
                extractor=extractor,
            )

        return _intern(s, mentions, _key(m), seq, make)

    for i, m in enumerate(ex.entities):
        mention(m, i)
    for e in ex.events:
        for ms in e.roles.values():
            for m in ms:
                mention(m)
    for a in attributions.values():
        for who in (a.source, a.source_ref):
            if who is not None:
                mention(who)

    times: dict[str, TimeRow] = {}

    def time(t: Time, seq: int | None = None) -> TimeRow:
        def make() -> TimeRow:
            return TimeRow(
                **_span_columns(pk, seq, t.span),
                value=t.value,
                precision=t.precision,
                kind=t.kind,
                anchor=t.anchor,
                anchor_kind=t.anchor_kind,
                tense=t.tense,
            )

        return _intern(s, times, _key(t), seq, make)

    places: dict[str, PlaceRow] = {}

    def place(p: Place, seq: int | None = None) -> PlaceRow:
        def make() -> PlaceRow:
            return PlaceRow(
                **_span_columns(pk, seq, p.span),
                name=p.name,
                country=p.country,
                admin1=p.admin1,
                lat=p.lat,
                lon=p.lon,
                precision=p.precision,
                geonames_id=p.geonames_id,
            )

        return _intern(s, places, _key(p), seq, make)

    for i, t in enumerate(ex.times):
        time(t, i)
    for i, p in enumerate(ex.places):
        place(p, i)
    for e in ex.events:
        if e.time is not None:
            time(e.time)
        if e.place is not None:
            place(e.place)
    for a in attributions.values():
        if a.time is not None:
            time(a.time)
    allocate(s, [*mentions.values(), *times.values(), *places.values()])
    s.flush()

    listed = {a.id: i for i, a in enumerate(ex.attributions)}
    origins: dict[str, str] = {}
    attribution_rows: dict[str, AttributionRow] = {}
    for a in attributions.values():
        origin = origin_of(a, attributions)
        if origin is not None and origin[0] not in origins:
            origins[origin[0]] = origin[1]
            ensure_source(f"actor:{origin[0]}", "actor", origin[1])
        made_a = AttributionRow(
            document_pk=pk,
            key=a.id,
            seq=listed.get(a.id),
            cue_start=a.cue.start,
            cue_end=a.cue.end,
            cue_text=a.cue.text,
            content_start=a.content.start,
            content_end=a.content.end,
            content_text=a.content.text,
            source_mention_pk=mention(a.source).pk if a.source is not None else None,
            source_ref_mention_pk=mention(a.source_ref).pk if a.source_ref is not None else None,
            quote=a.quote,
            certainty=a.certainty,
            time_pk=time(a.time).pk if a.time is not None else None,
            parent_key=a.parent,
            origin_id=f"actor:{origin[0]}" if origin is not None else None,
            extractor=extractor,
        )
        attribution_rows[a.id] = made_a
        s.add(made_a)
    allocate(s, list(attribution_rows.values()))
    s.flush()

    events: list[tuple[EventRow, Event]] = []
    for i, e in enumerate(ex.events):
        view = view_from(e, doc.id, doc.published)
        made_e = EventRow(
            document_pk=pk,
            key=e.id,
            seq=i,
            type=e.type,
            subtype=e.subtype,
            trigger_start=e.trigger.start,
            trigger_end=e.trigger.end,
            trigger_text=e.trigger.text,
            evidence_start=e.evidence.start,
            evidence_end=e.evidence.end,
            evidence_text=e.evidence.text,
            time_pk=time(e.time).pk if e.time is not None else None,
            place_pk=place(e.place).pk if e.place is not None else None,
            attribution_pk=attribution_rows[e.attribution.id].pk if e.attribution is not None else None,
            certainty=e.certainty,
            polarity=e.polarity,
            status=e.status,
            outcome=e.outcome,
            extractor=e.extractor or extractor,
            time_lo=view.interval.lo if view.interval else None,
            time_hi=view.interval.hi if view.interval else None,
        )
        s.add(made_e)
        events.append((made_e, e))
    allocate(s, [made_e for made_e, _ in events])
    s.flush()
    role_rows = [
        EventRoleRow(event_pk=made_e.pk, role=role, position=position, mention_pk=mention(m).pk)
        for made_e, e in events
        for role, ms in e.roles.items()
        for position, m in enumerate(ms)
    ]
    allocate(s, role_rows)
    s.add_all(role_rows)
    s.flush()
    return Written(document=row, events=events, origins=origins)


# --- reading -------------------------------------------------------------------------------------------


def document_of(row: DocumentRow) -> Document:
    return Document(
        text=row.text,
        title=row.title,
        author=row.author,
        publisher=row.publisher,
        published=row.published,
        url=row.url,
        external_id=row.external_id,
        language=row.language,
        syndication=row.syndication,
        source_file=row.source_file,
        id=row.id,
    )


def _mention(r: MentionRow, text: str | None) -> Mention:
    span = span_of(text, r.start, r.end, r.text) if text is not None else _span(r.start, r.end, r.text)
    return Mention(
        span=span,
        type=r.type,
        id=r.canonical_id,
        name=r.name,
        value=r.value,
        unit=r.unit,
        attrs=dict(r.attrs),
    )


def _span(start: int, end: int, text: str) -> Span:
    return Span(start, end, text)


def _time(r: TimeRow, text: str | None) -> Time:
    span = span_of(text, r.start, r.end, r.text) if text is not None else _span(r.start, r.end, r.text)
    return Time(
        span=span,
        value=r.value,
        precision=r.precision,
        kind=r.kind,
        anchor=r.anchor,
        anchor_kind=r.anchor_kind,
        tense=r.tense,
    )


def _place(r: PlaceRow, text: str | None) -> Place:
    span = span_of(text, r.start, r.end, r.text) if text is not None else _span(r.start, r.end, r.text)
    return Place(
        span=span,
        name=r.name,
        country=r.country,
        admin1=r.admin1,
        lat=r.lat,
        lon=r.lon,
        precision=r.precision,
        geonames_id=r.geonames_id,
    )


@dataclass(slots=True)
class Loaded:
    """Records rebuilt from rows: by pk, for the events asked for (and what they point at)."""

    events: dict[int, Event]
    attributions: dict[int, Attribution]
    mentions: dict[int, Mention]
    times: dict[int, Time]
    places: dict[int, Place]


def _chunks(values: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def load_events(s: Session, event_rows: Sequence[EventRow], texts: dict[int, str] | None = None) -> Loaded:
    """Rebuild `Event` records (roles, time, place, attribution) for `event_rows`.

    With `texts` (document pk → text), every span is checked against the stored text.
    """
    texts = texts or {}
    event_pks = [r.pk for r in event_rows]
    roles: list[EventRoleRow] = []
    for chunk in _chunks(event_pks):
        roles.extend(s.scalars(select(EventRoleRow).where(EventRoleRow.event_pk.in_(chunk))))
    attribution_pks = sorted({r.attribution_pk for r in event_rows if r.attribution_pk is not None})
    attribution_rows: list[AttributionRow] = []
    for chunk in _chunks(attribution_pks):
        attribution_rows.extend(s.scalars(select(AttributionRow).where(AttributionRow.pk.in_(chunk))))
    # nested attributions: their parents' rows, for completeness of `parent` (kept by key only)
    mention_pks = sorted(
        {r.mention_pk for r in roles}
        | {a.source_mention_pk for a in attribution_rows if a.source_mention_pk is not None}
        | {a.source_ref_mention_pk for a in attribution_rows if a.source_ref_mention_pk is not None}
    )
    time_pks = sorted(
        {r.time_pk for r in event_rows if r.time_pk is not None}
        | {a.time_pk for a in attribution_rows if a.time_pk is not None}
    )
    place_pks = sorted({r.place_pk for r in event_rows if r.place_pk is not None})
    mentions: dict[int, Mention] = {}
    for chunk in _chunks(mention_pks):
        for m in s.scalars(select(MentionRow).where(MentionRow.pk.in_(chunk))):
            mentions[m.pk] = _mention(m, texts.get(m.document_pk))
    times: dict[int, Time] = {}
    for chunk in _chunks(time_pks):
        for t in s.scalars(select(TimeRow).where(TimeRow.pk.in_(chunk))):
            times[t.pk] = _time(t, texts.get(t.document_pk))
    places: dict[int, Place] = {}
    for chunk in _chunks(place_pks):
        for p in s.scalars(select(PlaceRow).where(PlaceRow.pk.in_(chunk))):
            places[p.pk] = _place(p, texts.get(p.document_pk))
    attributions = {
        a.pk: _attribution(a, mentions, times, texts.get(a.document_pk)) for a in attribution_rows
    }
    by_event: dict[int, list[EventRoleRow]] = {}
    for role in roles:
        by_event.setdefault(role.event_pk, []).append(role)
    events: dict[int, Event] = {}
    for r in event_rows:
        text = texts.get(r.document_pk)
        filled: dict[str, list[tuple[int, Mention]]] = {}
        for role in by_event.get(r.pk, []):
            filled.setdefault(role.role, []).append((role.position, mentions[role.mention_pk]))
        events[r.pk] = Event(
            id=r.key,
            type=r.type,
            trigger=_checked(text, r.trigger_start, r.trigger_end, r.trigger_text),
            evidence=_checked(text, r.evidence_start, r.evidence_end, r.evidence_text),
            roles={k: [m for _, m in sorted(v, key=lambda pm: pm[0])] for k, v in filled.items()},
            time=times.get(r.time_pk) if r.time_pk is not None else None,
            place=places.get(r.place_pk) if r.place_pk is not None else None,
            attribution=attributions.get(r.attribution_pk) if r.attribution_pk is not None else None,
            certainty=r.certainty,
            polarity=r.polarity,
            status=r.status,
            outcome=r.outcome,
            subtype=r.subtype,
            extractor=r.extractor,
        )
    return Loaded(events=events, attributions=attributions, mentions=mentions, times=times, places=places)


def _checked(text: str | None, start: int, end: int, expect: str) -> Span:
    return span_of(text, start, end, expect) if text is not None else _span(start, end, expect)


def _attribution(
    a: AttributionRow, mentions: dict[int, Mention], times: dict[int, Time], text: str | None
) -> Attribution:
    return Attribution(
        id=a.key,
        cue=_checked(text, a.cue_start, a.cue_end, a.cue_text),
        content=_checked(text, a.content_start, a.content_end, a.content_text),
        source=mentions[a.source_mention_pk] if a.source_mention_pk is not None else None,
        source_ref=mentions[a.source_ref_mention_pk] if a.source_ref_mention_pk is not None else None,
        quote=a.quote,
        certainty=a.certainty,
        time=times[a.time_pk] if a.time_pk is not None else None,
        parent=a.parent_key,
    )


def load_extraction(s: Session, row: DocumentRow) -> Extraction:
    """The stored extraction of one document, rebuilt; every span is checked against the stored text."""
    texts = {row.pk: row.text}
    event_rows = list(
        s.scalars(select(EventRow).where(EventRow.document_pk == row.pk).order_by(EventRow.seq))
    )
    loaded = load_events(s, event_rows, texts)
    entities = [
        _mention(m, row.text)
        for m in s.scalars(
            select(MentionRow)
            .where(MentionRow.document_pk == row.pk, MentionRow.seq.is_not(None))
            .order_by(MentionRow.seq)
        )
    ]
    times = [
        _time(t, row.text)
        for t in s.scalars(
            select(TimeRow)
            .where(TimeRow.document_pk == row.pk, TimeRow.seq.is_not(None))
            .order_by(TimeRow.seq)
        )
    ]
    places = [
        _place(p, row.text)
        for p in s.scalars(
            select(PlaceRow)
            .where(PlaceRow.document_pk == row.pk, PlaceRow.seq.is_not(None))
            .order_by(PlaceRow.seq)
        )
    ]
    attribution_rows = list(
        s.scalars(
            select(AttributionRow)
            .where(AttributionRow.document_pk == row.pk, AttributionRow.seq.is_not(None))
            .order_by(AttributionRow.seq)
        )
    )
    extra = [a for a in attribution_rows if a.pk not in loaded.attributions]
    if extra:
        more_mentions = sorted(
            {a.source_mention_pk for a in extra if a.source_mention_pk is not None}
            | {a.source_ref_mention_pk for a in extra if a.source_ref_mention_pk is not None}
        )
        for m in s.scalars(select(MentionRow).where(MentionRow.pk.in_(more_mentions))):
            loaded.mentions[m.pk] = _mention(m, row.text)
        more_times = sorted({a.time_pk for a in extra if a.time_pk is not None})
        for t in s.scalars(select(TimeRow).where(TimeRow.pk.in_(more_times))):
            loaded.times[t.pk] = _time(t, row.text)
        for a in extra:
            loaded.attributions[a.pk] = _attribution(a, loaded.mentions, loaded.times, row.text)
    return Extraction(
        document=document_of(row),
        entities=entities,
        times=times,
        places=places,
        attributions=[loaded.attributions[a.pk] for a in attribution_rows],
        events=[loaded.events[r.pk] for r in event_rows],
        dropped=row.dropped,
        rule_hits=list(row.rule_hits),
    )


# Views of stored events, per engine (one per open Store) and event pk. Stored events never change and
# their pks are never reused (AUTOINCREMENT; PostgreSQL sequences), so a view computed once stays right;
# `Store.save` clears the cache when a transaction fails (a rolled-back SQLite pk can be handed out again).
_VIEWS: WeakKeyDictionary[Engine, dict[int, EventView]] = WeakKeyDictionary()
MAX_CACHED_VIEWS = 200_000


def forget_views() -> None:
    _VIEWS.clear()


def event_views(s: Session, event_rows: Sequence[EventRow]) -> dict[int, EventView]:
    """Fusion views of stored events."""
    if not event_rows:
        return {}
    cache = _VIEWS.setdefault(s.get_bind().engine, {})
    out: dict[int, EventView] = {}
    missing = []
    for r in event_rows:
        cached = cache.get(r.pk)
        if cached is not None:
            out[r.pk] = cached
        else:
            missing.append(r)
    if not missing:
        return out
    loaded = load_events(s, missing)
    doc_pks = sorted({r.document_pk for r in missing})
    docs: dict[int, tuple[str, Any]] = {}
    for chunk in _chunks(doc_pks):
        for pk, ident, published in s.execute(
            select(DocumentRow.pk, DocumentRow.id, DocumentRow.published).where(DocumentRow.pk.in_(chunk))
        ):
            docs[pk] = (ident, published)
    if len(cache) > MAX_CACHED_VIEWS:
        cache.clear()
    for r in missing:
        ident, published = docs[r.document_pk]
        out[r.pk] = cache[r.pk] = view_from(loaded.events[r.pk], ident, published)
    return out
