"""Incidents in the store: fusing a document's events, attaching denials, undoing merges, and the incident
view (members, corroboration by origin, dispute) that the CLI and the exports print.

The decisions are `armswatch.resolve`'s; this module finds the candidates (blocking by type and time
window), records each decision with its rule, and keeps the incidents' summary columns current.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from armswatch.errors import NotFound
from armswatch.records import Event
from armswatch.resolve import (
    EventView,
    FusionConfig,
    IncidentParties,
    Report,
    choose,
    contradicts,
    corroborate,
)
from armswatch.resolve.contradictions import referred_types
from armswatch.resolve.views import DENIAL_PARTY_ROLES, PROXY_DAYS
from armswatch.store.records_io import event_views, load_events, now, outlet_name
from armswatch.store.schema import (
    AttributionRow,
    DocumentAliasRow,
    DocumentRow,
    EventRow,
    IncidentMemberRow,
    IncidentRow,
    SourceRow,
)

DENIAL_WINDOW_DAYS = 365
MAX_VETO_MEMBERS = 500  # complete linkage is checked against at most this many members of one incident


def _active(kind: str) -> Any:
    return and_(IncidentMemberRow.kind == kind, IncidentMemberRow.removed_at.is_(None))


def _members(s: Session, incident_pks: Iterable[int], kind: str = "claim") -> dict[int, list[EventRow]]:
    pks = sorted(set(incident_pks))
    out: dict[int, list[EventRow]] = {pk: [] for pk in pks}
    if not pks:
        return out
    rows = s.execute(
        select(IncidentMemberRow.incident_pk, EventRow)
        .join(EventRow, EventRow.pk == IncidentMemberRow.event_pk)
        .where(IncidentMemberRow.incident_pk.in_(pks), _active(kind))
        .order_by(IncidentMemberRow.pk)
    )
    for incident_pk, event in rows:
        out[incident_pk].append(event)
    return out


def candidates(s: Session, view: EventView, cfg: FusionConfig) -> dict[int, list[tuple[EventRow, EventView]]]:
    """Incidents worth comparing with `view` (blocking: same type, member times overlapping its window)."""
    query = (
        select(IncidentMemberRow.incident_pk)
        .join(EventRow, EventRow.pk == IncidentMemberRow.event_pk)
        .where(_active("claim"), EventRow.type == view.type)
    )
    if view.interval is not None:
        slack = timedelta(days=cfg.day_tolerance)
        query = query.where(
            EventRow.time_lo <= view.interval.hi + slack, EventRow.time_hi >= view.interval.lo - slack
        )
    else:
        query = query.where(EventRow.time_lo.is_(None))
    incident_pks = sorted(set(s.scalars(query.distinct())))
    members = _members(s, incident_pks)
    rows = [r for rs in members.values() for r in rs[:MAX_VETO_MEMBERS]]
    views = event_views(s, rows)
    return {pk: [(r, views[r.pk]) for r in rs[:MAX_VETO_MEMBERS]] for pk, rs in members.items()}


def _new_incident(s: Session, typ: str) -> IncidentRow:
    stamp = now()
    incident = IncidentRow(type=typ, created_at=stamp, updated_at=stamp, n_documents=0, n_denials=0)
    s.add(incident)
    s.flush()
    return incident


def _excluded(s: Session, event_pk: int) -> frozenset[int]:
    return frozenset(
        s.scalars(
            select(IncidentMemberRow.incident_pk).where(
                IncidentMemberRow.event_pk == event_pk, IncidentMemberRow.removed_at.is_not(None)
            )
        )
    )


def fuse(s: Session, events: Sequence[tuple[EventRow, EventView]], cfg: FusionConfig) -> set[int]:
    """Put each reported happening among `events` into an incident and attach denials both ways.

    Returns the incidents whose membership changed.
    """
    touched: set[int] = set()
    grown: set[int] = set()  # incidents new or with new parties: stored denials may speak against them
    # Dated events first: an undated one ("Russia has fired North Korean missiles") then meets the
    # incidents its own report dates, and is left alone when it fits more than one.
    ordered = sorted(events, key=lambda rv: (rv[1].interval is None or rv[1].interval.proxy, rv[0].seq))
    for row, view in ordered:
        if not view.is_claim:
            continue
        found = candidates(s, view, cfg)
        by_key = {v.key: r.pk for rs in found.values() for r, v in rs}
        decision = choose(
            view, {pk: [v for _, v in rs] for pk, rs in found.items()}, cfg, excluded=_excluded(s, row.pk)
        )
        incident_pk = decision.incident
        roles = DENIAL_PARTY_ROLES.get(view.type, ())
        if incident_pk is None:
            incident_pk = _new_incident(s, view.type).pk
            grown.add(incident_pk)
        else:
            known: set[str] = set()
            for _, v in found[incident_pk]:
                known |= v.parties(roles)
            if not view.parties(roles) <= known:
                grown.add(incident_pk)
        s.add(
            IncidentMemberRow(
                incident_pk=incident_pk,
                event_pk=row.pk,
                kind="claim",
                rule=decision.rule,
                score=decision.score,
                matched_event_pk=by_key.get(decision.matched) if decision.matched else None,
                created_at=now(),
            )
        )
        s.flush()
        touched.add(incident_pk)
    refresh(s, touched)
    denials = [(r, v) for r, v in events if v.is_denial]
    for row, view in denials:
        touched |= _attach_denial(s, row, view)
    touched |= _attach_stored_denials(s, grown, {r.pk for r, _ in denials})
    refresh(s, touched)
    return touched


def parties(s: Session, incident: IncidentRow, members: Sequence[EventView]) -> IncidentParties:
    roles = DENIAL_PARTY_ROLES.get(incident.type, ())
    who: set[str] = set()
    for v in members:
        who |= v.parties(roles)
    return IncidentParties(incident.type, frozenset(who), incident.time_lo, incident.time_hi)


def _attached(s: Session, incident_pks: Sequence[int]) -> set[tuple[int, int]]:
    """(incident, event) pairs of denial memberships, removed ones included (never re-attached)."""
    if not incident_pks:
        return set()
    rows = s.execute(
        select(IncidentMemberRow.incident_pk, IncidentMemberRow.event_pk).where(
            IncidentMemberRow.incident_pk.in_(sorted(incident_pks)), IncidentMemberRow.kind == "denial"
        )
    )
    return {(i, e) for i, e in rows}


def _attach(s: Session, incident_pk: int, event_pk: int, rule: str) -> None:
    s.add(
        IncidentMemberRow(
            incident_pk=incident_pk, event_pk=event_pk, kind="denial", rule=rule, score=0.0, created_at=now()
        )
    )


def _attach_denial(s: Session, row: EventRow, view: EventView) -> set[int]:
    """Attach one denial to the stored incidents it speaks against."""
    types = referred_types(view)
    if not types:
        return set()
    when = view.published or (view.interval.hi if view.interval else None)
    query = select(IncidentRow).where(IncidentRow.type.in_(sorted(types)), IncidentRow.n_documents > 0)
    if when is not None:
        query = query.where(
            or_(IncidentRow.time_lo.is_(None), IncidentRow.time_lo <= when),
            or_(
                IncidentRow.time_hi.is_(None),
                IncidentRow.time_hi >= when - timedelta(days=DENIAL_WINDOW_DAYS),
            ),
        )
    incidents = list(s.scalars(query))
    members = _members(s, [i.pk for i in incidents])
    views = event_views(s, [r for rs in members.values() for r in rs])
    done = _attached(s, [i.pk for i in incidents])
    touched = set()
    for incident in incidents:
        if (incident.pk, row.pk) in done:
            continue
        rule = contradicts(
            view,
            parties(s, incident, [views[r.pk] for r in members[incident.pk]]),
            window_days=DENIAL_WINDOW_DAYS,
        )
        if rule:
            _attach(s, incident.pk, row.pk, rule)
            touched.add(incident.pk)
    s.flush()
    return touched


def _attach_stored_denials(s: Session, incident_pks: set[int], skip: set[int]) -> set[int]:
    """Denials already stored that speak against incidents this document created or gave new parties."""
    if not incident_pks:
        return set()
    incidents = list(s.scalars(select(IncidentRow).where(IncidentRow.pk.in_(sorted(incident_pks)))))
    lo = min((i.time_lo for i in incidents if i.time_lo), default=None)
    hi = max((i.time_hi for i in incidents if i.time_hi), default=None)
    query = select(EventRow).where(
        or_(EventRow.type == "DENY", EventRow.certainty == "denied", EventRow.polarity == "negative")
    )
    if lo is not None:
        query = query.where(or_(EventRow.time_hi.is_(None), EventRow.time_hi >= lo))
    if hi is not None:
        window = timedelta(days=DENIAL_WINDOW_DAYS + PROXY_DAYS)
        query = query.where(or_(EventRow.time_lo.is_(None), EventRow.time_lo <= hi + window))
    stored = [r for r in s.scalars(query) if r.pk not in skip]
    if not stored:
        return set()
    denial_views = event_views(s, stored)
    members = _members(s, [i.pk for i in incidents])
    views = event_views(s, [r for rs in members.values() for r in rs])
    done = _attached(s, [i.pk for i in incidents])
    touched = set()
    for incident in incidents:
        who = parties(s, incident, [views[r.pk] for r in members[incident.pk]])
        for row in stored:
            if (incident.pk, row.pk) in done:
                continue
            rule = contradicts(denial_views[row.pk], who, window_days=DENIAL_WINDOW_DAYS)
            if rule:
                _attach(s, incident.pk, row.pk, rule)
                touched.add(incident.pk)
    s.flush()
    return touched


def refresh(s: Session, incident_pks: Iterable[int]) -> None:
    """Recompute incidents' summary columns from their active members; drop incidents left with no
    member and no history (a replaced document's own incidents)."""
    pks = sorted(set(incident_pks))
    if not pks:
        return
    claims = _members(s, pks)
    views = event_views(s, [r for rs in claims.values() for r in rs])
    counts: dict[tuple[int, str, bool], int] = {}
    for incident_pk, kind, removed, n in s.execute(
        select(
            IncidentMemberRow.incident_pk,
            IncidentMemberRow.kind,
            IncidentMemberRow.removed_at.is_not(None),
            func.count(),
        )
        .where(IncidentMemberRow.incident_pk.in_(pks))
        .group_by(
            IncidentMemberRow.incident_pk, IncidentMemberRow.kind, IncidentMemberRow.removed_at.is_not(None)
        )
    ):
        key = (incident_pk, kind, bool(removed))
        counts[key] = counts.get(key, 0) + n
    incidents = {i.pk: i for i in s.scalars(select(IncidentRow).where(IncidentRow.pk.in_(pks)))}
    for pk in pks:
        incident = incidents.get(pk)
        if incident is None:
            continue
        members = [views[r.pk] for r in claims[pk]]
        denials = counts.get((pk, "denial", False), 0)
        if not members:
            history = sum(n for (i, _, _), n in counts.items() if i == pk)
            if history == denials:
                s.delete(incident)
                continue
        lo, hi = _span_of(members)
        incident.time_lo, incident.time_hi = lo, hi
        places = [m.place for m in members if m.place is not None]
        admin1 = Counter(p.admin1 for p in places if p.admin1).most_common(1)
        country = Counter(p.country for p in places if p.country).most_common(1)
        incident.admin1 = admin1[0][0] if admin1 else None
        incident.country = country[0][0] if country else None
        incident.n_documents = len({m.document_id for m in members})
        incident.n_denials = denials
        incident.updated_at = now()
    s.flush()


def _span_of(members: Sequence[EventView]) -> tuple[date | None, date | None]:
    own = [m.interval for m in members if m.interval is not None and not m.interval.proxy]
    if own:
        lo, hi = max(i.lo for i in own), min(i.hi for i in own)
        if lo <= hi:
            return lo, hi
        return min(i.lo for i in own), max(i.hi for i in own)
    proxies = [m.interval for m in members if m.interval is not None]
    if proxies:
        return min(i.lo for i in proxies), max(i.hi for i in proxies)
    return None, None


# --- undoing merges -----------------------------------------------------------------------------------


def event_row(s: Session, key: str) -> EventRow:
    doc_id, _, event_id = key.rpartition(":")
    row = s.scalar(
        select(EventRow)
        .join(DocumentRow, DocumentRow.pk == EventRow.document_pk)
        .where(DocumentRow.id == doc_id, EventRow.key == event_id)
    )
    if row is None:
        raise NotFound(f"event {key!r}: no such event (use DOCUMENT_ID:EVENT_ID, e.g. 9554d631ec6610bf:e4)")
    return row


def split(s: Session, incident_pk: int, event_keys: Sequence[str], reason: str) -> int:
    """Move the given member events out of `incident_pk` into one new incident; the old memberships are
    kept, marked removed with `reason`. Returns the new incident's key."""
    incident = s.get(IncidentRow, incident_pk)
    if incident is None:
        raise NotFound(f"incident {incident_pk}: no such incident")
    rows = [event_row(s, k) for k in event_keys]
    memberships = []
    for key, row in zip(event_keys, rows, strict=True):
        member = s.scalar(
            select(IncidentMemberRow).where(
                IncidentMemberRow.incident_pk == incident_pk,
                IncidentMemberRow.event_pk == row.pk,
                IncidentMemberRow.removed_at.is_(None),
            )
        )
        if member is None:
            raise NotFound(f"event {key} is not an active member of incident {incident_pk}")
        memberships.append(member)
    stamp = now()
    claims = [m for m in memberships if m.kind == "claim"]
    for m in memberships:
        m.removed_at, m.removed_reason = stamp, reason
    s.flush()
    new_pk = incident_pk
    if claims:
        new_pk = _new_incident(s, incident.type).pk
        for m in claims:
            s.add(
                IncidentMemberRow(
                    incident_pk=new_pk,
                    event_pk=m.event_pk,
                    kind="claim",
                    rule=f"split from incident {incident_pk} by hand: {reason}",
                    score=0.0,
                    created_at=stamp,
                )
            )
        s.flush()
    refresh(s, {incident_pk, new_pk})
    return new_pk


# --- the incident view --------------------------------------------------------------------------------


@dataclass(slots=True)
class Filters:
    type: str | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = None


def incident_pks(s: Session, f: Filters) -> list[int]:
    query = select(IncidentRow.pk).where(IncidentRow.n_documents > 0)
    if f.type:
        query = query.where(IncidentRow.type == f.type.upper())
    if f.since:
        query = query.where(or_(IncidentRow.time_hi.is_(None), IncidentRow.time_hi >= f.since))
    if f.until:
        query = query.where(or_(IncidentRow.time_lo.is_(None), IncidentRow.time_lo <= f.until))
    query = query.order_by(IncidentRow.time_lo, IncidentRow.pk)
    pks = list(s.scalars(query))
    if f.actor:
        wanted = f.actor.casefold()
        keep = []
        for pk, members in _members(s, pks).items():
            views = event_views(s, members)
            if any(
                wanted == a.casefold() or wanted == v.names.get(a, "").casefold()
                for v in views.values()
                for ids in v.actors.values()
                for a in ids
            ):
                keep.append(pk)
        pks = [pk for pk in pks if pk in set(keep)]
    return pks[: f.limit] if f.limit else pks


def _doc_info(s: Session, doc_pks: Iterable[int]) -> dict[int, DocumentRow]:
    pks = sorted(set(doc_pks))
    return {d.pk: d for d in s.scalars(select(DocumentRow).where(DocumentRow.pk.in_(pks)))} if pks else {}


def _aliases(s: Session, doc_pks: Iterable[int]) -> dict[int, list[DocumentAliasRow]]:
    out: dict[int, list[DocumentAliasRow]] = {}
    pks = sorted(set(doc_pks))
    if pks:
        for a in s.scalars(select(DocumentAliasRow).where(DocumentAliasRow.document_pk.in_(pks))):
            out.setdefault(a.document_pk, []).append(a)
    return out


def _origins(s: Session, events: Sequence[EventRow]) -> dict[int, tuple[str, str]]:
    pks = sorted({e.attribution_pk for e in events if e.attribution_pk is not None})
    if not pks:
        return {}
    rows = s.execute(
        select(AttributionRow.pk, SourceRow.id, SourceRow.name)
        .join(SourceRow, SourceRow.id == AttributionRow.origin_id)
        .where(AttributionRow.pk.in_(pks))
    )
    by_attribution = {pk: (ident.removeprefix("actor:"), name) for pk, ident, name in rows}
    return {e.pk: by_attribution[e.attribution_pk] for e in events if e.attribution_pk in by_attribution}


def _outlet(doc: DocumentRow) -> str:
    return outlet_name(doc) or f"unknown outlet ({doc.id})"


def _actors_json(views: Sequence[EventView]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for v in views:
        for role, ids in v.actors.items():
            bucket = out.setdefault(role, [])
            for ident in sorted(ids):
                if not any(a["id"] == ident for a in bucket):
                    bucket.append({"id": ident, "name": v.names.get(ident, ident)})
    return out


def _member_json(
    event: Event, row: EventRow, doc: DocumentRow, member: IncidentMemberRow, origin: tuple[str, str] | None
) -> dict[str, Any]:
    att = event.attribution
    source = None
    if att is not None:
        who = att.source_ref if (att.source is None or not att.source.id) and att.source_ref else att.source
        source = {
            "text": who.span.text if who else None,
            "id": origin[0] if origin else None,
            "name": origin[1] if origin else None,
            "cue": att.cue.text,
            "quote": att.quote,
        }
    return {
        "event": f"{doc.id}:{row.key}",
        "document": doc.id,
        "title": doc.title,
        "outlet": _outlet(doc),
        "url": doc.url,
        "published": doc.published.isoformat() if doc.published else None,
        "type": event.type,
        "subtype": event.subtype,
        "roles": {k: [m.to_json() for m in v] for k, v in event.roles.items() if v},
        "time": event.time.to_json() if event.time else None,
        "place": event.place.to_json() if event.place else None,
        "certainty": event.certainty,
        "source": source,
        "trigger": event.trigger.to_json(),
        "evidence": event.evidence.to_json(),
        "rule": member.rule,
        "score": member.score,
        "extractor": row.extractor,
    }


def incident_json(s: Session, pk: int) -> dict[str, Any]:
    incident = s.get(IncidentRow, pk)
    if incident is None:
        raise NotFound(f"incident {pk}: no such incident")
    memberships = list(
        s.scalars(
            select(IncidentMemberRow)
            .where(IncidentMemberRow.incident_pk == pk, IncidentMemberRow.removed_at.is_(None))
            .order_by(IncidentMemberRow.pk)
        )
    )
    rows = {
        r.pk: r for r in s.scalars(select(EventRow).where(EventRow.pk.in_([m.event_pk for m in memberships])))
    }
    docs = _doc_info(s, (r.document_pk for r in rows.values()))
    loaded = load_events(s, list(rows.values()))
    views = event_views(s, list(rows.values()))
    origins = _origins(s, list(rows.values()))
    aliases = _aliases(s, docs)
    claims = [m for m in memberships if m.kind == "claim"]
    denials = [m for m in memberships if m.kind == "denial"]
    claim_views = [views[m.event_pk] for m in claims]
    reports = []
    for m in claims:
        row = rows[m.event_pk]
        doc = docs[row.document_pk]
        origin = origins.get(row.pk)
        reports.append(
            Report(
                event=f"{doc.id}:{row.key}",
                document_id=doc.id,
                outlet=_outlet(doc),
                published=doc.published,
                text=doc.text,
                syndication=doc.syndication,
                also_outlets=tuple(a.publisher for a in aliases.get(doc.pk, []) if a.publisher),
                origin_id=origin[0] if origin else None,
                origin_name=origin[1] if origin else None,
            )
        )
    corroboration = corroborate(reports)
    lo, hi = incident.time_lo, incident.time_hi
    own = [v.interval for v in claim_views if v.interval is not None and not v.interval.proxy]
    best = max(own, key=lambda i: i.rank, default=None)
    places = [v.place for v in claim_views if v.place is not None]
    place = max(
        places,
        key=lambda p: {"point": 4, "city": 3, "admin2": 2, "admin1": 1}.get(p.precision or "", 0),
        default=None,
    )
    denial_json = []
    for m in denials:
        row = rows[m.event_pk]
        doc = docs[row.document_pk]
        item = _member_json(loaded.events[row.pk], row, doc, m, origins.get(row.pk))
        item["deniers"] = sorted(
            views[row.pk].actors.get("denier", frozenset()) or views[row.pk].source_states
        )
        item["claim"] = views[row.pk].claim
        denial_json.append(item)
    status = (
        "disputed" if denials else ("corroborated" if corroboration.independent_origins > 1 else "reported")
    )
    return {
        "id": incident.pk,
        "type": incident.type,
        "status": status,
        "disputed": bool(denials),
        "time": {
            "start": lo.isoformat() if lo else None,
            "end": hi.isoformat() if hi else None,
            "value": best.value if best else None,
            "precision": best.precision if best else None,
        },
        "place": {
            "name": place.name if place else None,
            "country": incident.country,
            "admin1": incident.admin1,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "precision": place.precision if place else None,
        },
        "actors": _actors_json(claim_views),
        "documents": sorted({v.document_id for v in claim_views}),
        "events": [
            _member_json(
                loaded.events[rows[m.event_pk].pk],
                rows[m.event_pk],
                docs[rows[m.event_pk].document_pk],
                m,
                origins.get(m.event_pk),
            )
            for m in claims
        ],
        "corroboration": corroboration.to_json(),
        "denials": denial_json,
    }


def delete_document_rows(s: Session, doc: DocumentRow) -> set[int]:
    """Delete a document and everything extracted from it; return the incidents that lost members."""
    touched = set(
        s.scalars(
            select(IncidentMemberRow.incident_pk)
            .join(EventRow, EventRow.pk == IncidentMemberRow.event_pk)
            .where(EventRow.document_pk == doc.pk)
        )
    )
    s.execute(delete(DocumentRow).where(DocumentRow.pk == doc.pk))
    s.expunge_all()
    return touched
