"""Is the knowledge base whole? Every stored document has exactly the records written with it, search
indexes agree with their tables, and incident memberships point at live incidents."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from armswatch.store.schema import (
    AttributionRow,
    DocumentRow,
    EventRoleRow,
    EventRow,
    IncidentMemberRow,
    IncidentRow,
    MentionRow,
    PlaceRow,
    TimeRow,
)


def _counts(s: Session, column: object, *where: object) -> dict[int, int]:
    query = select(column, func.count()).group_by(column)  # type: ignore[call-overload]  # a column object
    for clause in where:
        query = query.where(clause)
    return {pk: n for pk, n in s.execute(query)}


def check(s: Session) -> list[str]:
    """Problems found (an empty list when the store is whole)."""
    problems: list[str] = []
    entities = _counts(s, MentionRow.document_pk, MentionRow.seq.is_not(None))
    times = _counts(s, TimeRow.document_pk, TimeRow.seq.is_not(None))
    places = _counts(s, PlaceRow.document_pk, PlaceRow.seq.is_not(None))
    attributions = _counts(s, AttributionRow.document_pk, AttributionRow.seq.is_not(None))
    events = _counts(s, EventRow.document_pk)
    roles = {
        pk: n
        for pk, n in s.execute(
            select(EventRow.document_pk, func.count())
            .join(EventRoleRow, EventRoleRow.event_pk == EventRow.pk)
            .group_by(EventRow.document_pk)
        )
    }
    n_documents = 0
    for doc in s.execute(
        select(
            DocumentRow.pk,
            DocumentRow.id,
            DocumentRow.n_entities,
            DocumentRow.n_times,
            DocumentRow.n_places,
            DocumentRow.n_attributions,
            DocumentRow.n_events,
            DocumentRow.n_roles,
        )
    ):
        n_documents += 1
        pk, ident = doc[0], doc[1]
        for name, want, table in (
            ("entities", doc[2], entities),
            ("times", doc[3], times),
            ("places", doc[4], places),
            ("attributions", doc[5], attributions),
            ("events", doc[6], events),
            ("roles", doc[7], roles),
        ):
            got = table.get(pk, 0)
            if got != want:
                problems.append(f"document {ident}: {got} {name} stored, {want} written")
    stray = s.scalar(
        select(func.count()).select_from(EventRow).where(~EventRow.document_pk.in_(select(DocumentRow.pk)))
    )
    if stray:
        problems.append(f"{stray} events without a document")
    orphans = s.scalar(
        select(func.count())
        .select_from(IncidentMemberRow)
        .where(~IncidentMemberRow.incident_pk.in_(select(IncidentRow.pk)))
    )
    if orphans:
        problems.append(f"{orphans} incident memberships without an incident")
    n_events = s.scalar(select(func.count()).select_from(EventRow)) or 0
    if s.get_bind().dialect.name == "sqlite":
        verdict = s.execute(text("PRAGMA integrity_check")).scalar()
        if verdict != "ok":
            problems.append(f"sqlite integrity_check: {verdict}")
        for fts, rows in (("documents_fts", n_documents), ("evidence_fts", n_events)):
            try:
                s.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')"))
            except DatabaseError as exc:  # FTS5 reports a mismatch as an error: it is a finding here
                problems.append(f"{fts}: {exc}")
            indexed = s.execute(text(f"SELECT count(*) FROM {fts}_docsize")).scalar()
            if indexed != rows:
                problems.append(f"{fts}: {indexed} rows indexed, {rows} in its table")
    return problems
