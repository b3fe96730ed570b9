"""The knowledge base: documents and everything extracted from them, fused into incidents.

    with Store("sqlite:///armswatch.db") as kb:        # or Store(settings=Settings()); PostgreSQL alike
        kb.save(extraction, extractor)                  # one transaction: new / duplicate / replaced
        kb.incidents(Filters(type="ATTACK"))            # incident views with corroboration and disputes
        kb.search("North Korean missiles")

The schema is migrated to the newest Alembic revision when a store is opened. Each `save` is one
transaction: the document, its records, its incident memberships and the denials it attaches are
committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from armswatch.errors import NotFound
from armswatch.records import Document, Extraction
from armswatch.resolve import FusionConfig
from armswatch.resolve.views import view_from
from armswatch.settings import Settings
from armswatch.store import incidents as _incidents
from armswatch.store import integrity as _integrity
from armswatch.store.engine import make_engine, normalise_url, upgrade
from armswatch.store.incidents import Filters
from armswatch.store.records_io import (
    forget_views,
    load_extraction,
    now,
    outlet_key,
    outlet_name,
    text_key,
    write_extraction,
)
from armswatch.store.schema import (
    DocumentAliasRow,
    DocumentRow,
    EventRow,
    IncidentMemberRow,
    IncidentRow,
    IngestFailureRow,
    SourceRow,
)
from armswatch.store.search import Hit, search

__all__ = ["Filters", "Hit", "SaveResult", "Store", "load_extractions"]


@dataclass(slots=True)
class SaveResult:
    status: str  # new / duplicate / replaced
    document: str  # the stored document's id
    events: int = 0
    incidents: list[int] = field(default_factory=list)
    reason: str = ""  # for a duplicate: which stored document it repeats and how


class Store:
    def __init__(
        self,
        url: str | None = None,
        *,
        settings: Settings | None = None,
        migrate: bool = True,
        fusion: FusionConfig | None = None,
    ) -> None:
        self.url = normalise_url(url or (settings or Settings()).database_url)
        self.engine = make_engine(self.url)
        if migrate:
            upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.fusion = fusion or FusionConfig()
        self._sources: set[str] = set()
        self._pending_sources: set[str] = set()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- writing ------------------------------------------------------------------------------------

    def _find(self, s: Session, document: Document) -> DocumentRow | None:
        query = select(DocumentRow).where(
            or_(DocumentRow.id == document.id, DocumentRow.text_key == text_key(document.text))
        )
        if self.dialect == "postgresql":
            query = query.with_for_update()
        return s.scalars(query.limit(1)).first()

    def status_of(self, document: Document, extractor: str) -> str:
        """What saving `document` would do: "new", "duplicate" (stored by this extractor) or "replace"."""
        with self.sessions() as s:
            stored = s.scalar(
                select(DocumentRow.extractor)
                .where(or_(DocumentRow.id == document.id, DocumentRow.text_key == text_key(document.text)))
                .limit(1)
            )
        if stored is None:
            return "new"
        return "duplicate" if stored == extractor else "replace"

    def note_duplicate(self, document: Document) -> SaveResult:
        """Record where a duplicate was seen (another URL, file or publisher), in its own transaction."""
        with self.sessions.begin() as s:
            stored = self._find(s, document)
            if stored is None:
                raise NotFound(f"document {document.id}: not stored")
            reason = self._alias(s, stored, document)
            return SaveResult("duplicate", stored.id, reason=reason)

    def _alias(self, s: Session, stored: DocumentRow, document: Document) -> str:
        how = "same text" if stored.id == document.id else "same text up to case and spacing"
        where = (document.url, document.external_id, document.publisher, document.source_file)
        if where == (stored.url, stored.external_id, stored.publisher, stored.source_file):
            return f"{how} as {stored.id}"
        known = s.scalars(select(DocumentAliasRow).where(DocumentAliasRow.document_pk == stored.pk))
        if any((a.url, a.external_id, a.publisher, a.source_file) == where for a in known):
            return f"{how} as {stored.id}"
        s.add(
            DocumentAliasRow(
                document_pk=stored.pk,
                url=document.url,
                external_id=document.external_id,
                publisher=document.publisher,
                source_file=document.source_file,
                seen_at=now(),
            )
        )
        return (
            f"{how} as {stored.id}, seen under {document.url or document.source_file or document.publisher}"
        )

    def _source(self, s: Session, ident: str, kind: str, name: str) -> None:
        # insert-or-ignore: concurrent writers may name the same source; sources are never deleted, so
        # one this process has seen committed need not be written again
        if ident in self._sources:
            return
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        s.execute(insert(SourceRow).values(id=ident, kind=kind, name=name[:300]).on_conflict_do_nothing())
        self._pending_sources.add(ident)

    def save(self, ex: Extraction, extractor: str | None = None) -> SaveResult:
        """Store one extraction in one transaction, fuse its events and attach its denials.

        The same text already stored by the same extractor is a duplicate (its URL/file/publisher is
        kept as an alias); stored by another extractor, its records are replaced.
        """
        extractor = extractor or next((e.extractor for e in ex.events if e.extractor), "unknown")
        self._pending_sources.clear()
        try:
            with self.sessions.begin() as s:
                result = self._save(s, ex, extractor)
            self._sources |= self._pending_sources
            return result
        except BaseException as exc:
            forget_views()  # views of events this transaction made are void now
            if not isinstance(exc, IntegrityError):
                raise
            # A concurrent writer stored the same text between our check and our insert.
            with self.sessions() as s:
                stored = self._find(s, ex.document)
            if stored is None:
                raise
            return SaveResult("duplicate", stored.id, reason=f"stored concurrently as {stored.id}")

    def _save(self, s: Session, ex: Extraction, extractor: str) -> SaveResult:
        doc = ex.document
        stored = self._find(s, doc)
        touched: set[int] = set()
        aliases: list[DocumentAliasRow] = []
        status = "new"
        if stored is not None:
            if stored.extractor == extractor:
                return SaveResult("duplicate", stored.id, reason=self._alias(s, stored, doc))
            status = "replaced"
            aliases = list(
                s.scalars(select(DocumentAliasRow).where(DocumentAliasRow.document_pk == stored.pk))
            )
            aliases = [
                DocumentAliasRow(
                    url=a.url,
                    external_id=a.external_id,
                    publisher=a.publisher,
                    source_file=a.source_file,
                    seen_at=a.seen_at,
                )
                for a in aliases
            ]
            touched |= _incidents.delete_document_rows(s, stored)
        outlet = outlet_name(doc)
        outlet_id = None
        if outlet:
            outlet_id = outlet_key(outlet)
            self._source(s, outlet_id, "outlet", outlet)
        s.flush()
        written = write_extraction(s, ex, extractor, outlet_id, lambda *a: self._source(s, *a))
        for alias in aliases:
            alias.document_pk = written.document.pk
            s.add(alias)
        s.flush()
        _incidents.refresh(s, touched)
        pairs = [(row, view_from(event, doc.id, doc.published)) for row, event in written.events]
        touched |= _incidents.fuse(s, pairs, self.fusion)
        live = set(s.scalars(select(IncidentRow.pk).where(IncidentRow.pk.in_(sorted(touched)))))
        return SaveResult(status, doc.id, events=len(ex.events), incidents=sorted(live))

    def record_failure(self, source: str, stage: str, reason: str, document_id: str | None = None) -> None:
        with self.sessions.begin() as s:
            s.add(
                IngestFailureRow(source=source, stage=stage, reason=reason, document_id=document_id, at=now())
            )

    def delete(self, document_id: str) -> None:
        with self.sessions.begin() as s:
            stored = s.scalar(select(DocumentRow).where(DocumentRow.id == document_id))
            if stored is None:
                raise NotFound(f"document {document_id}: no such document")
            touched = _incidents.delete_document_rows(s, stored)
            _incidents.refresh(s, touched)

    # --- reading ------------------------------------------------------------------------------------

    def extraction(self, document_id: str) -> Extraction:
        with self.sessions() as s:
            row = s.scalar(select(DocumentRow).where(DocumentRow.id == document_id))
            if row is None:
                raise NotFound(f"document {document_id}: no such document")
            return load_extraction(s, row)

    def extractions(self) -> Iterator[Extraction]:
        with self.sessions() as s:
            pks = list(s.scalars(select(DocumentRow.pk).order_by(DocumentRow.pk)))
        for pk in pks:
            with self.sessions() as s:
                row = s.get(DocumentRow, pk)
                if row is not None:
                    yield load_extraction(s, row)

    def counts(self) -> dict[str, int]:
        with self.sessions() as s:
            return {
                "documents": s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                "events": s.scalar(select(func.count()).select_from(EventRow)) or 0,
                "incidents": s.scalar(
                    select(func.count()).select_from(IncidentRow).where(IncidentRow.n_documents > 0)
                )
                or 0,
                "failures": s.scalar(select(func.count()).select_from(IngestFailureRow)) or 0,
            }

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        with self.sessions() as s:
            return search(s, query, limit=limit)

    def incident_ids(self, filters: Filters | None = None) -> list[int]:
        with self.sessions() as s:
            return _incidents.incident_pks(s, filters or Filters())

    def incident(self, pk: int) -> dict[str, Any]:
        with self.sessions() as s:
            return _incidents.incident_json(s, pk)

    def incidents(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        return [self.incident(pk) for pk in self.incident_ids(filters)]

    def incident_of(self, event_key: str) -> int | None:
        """The incident an event (DOCUMENT_ID:EVENT_ID) reports, if any."""
        with self.sessions() as s:
            row = _incidents.event_row(s, event_key)
            return s.scalar(
                select(IncidentMemberRow.incident_pk).where(
                    IncidentMemberRow.event_pk == row.pk,
                    IncidentMemberRow.kind == "claim",
                    IncidentMemberRow.removed_at.is_(None),
                )
            )

    def event_incidents(self) -> dict[str, int]:
        """Every event (DOCUMENT_ID:EVENT_ID) that reports an incident → that incident."""
        with self.sessions() as s:
            rows = s.execute(
                select(DocumentRow.id, EventRow.key, IncidentMemberRow.incident_pk)
                .join(EventRow, EventRow.pk == IncidentMemberRow.event_pk)
                .join(DocumentRow, DocumentRow.pk == EventRow.document_pk)
                .where(IncidentMemberRow.kind == "claim", IncidentMemberRow.removed_at.is_(None))
            )
            return {f"{doc}:{key}": incident for doc, key, incident in rows}

    # --- undoing merges -----------------------------------------------------------------------------

    def split(self, incident: int, events: list[str], reason: str = "split by hand") -> int:
        """Move `events` (DOCUMENT_ID:EVENT_ID) out of `incident` into a new incident; return its id.
        The old memberships stay on record, marked removed."""
        with self.sessions.begin() as s:
            return _incidents.split(s, incident, events, reason)

    def unlink(self, incident: int, event: str, reason: str = "unlinked by hand") -> int:
        """Take one event (a report, or a denial) out of `incident`; a report gets an incident of its own."""
        return self.split(incident, [event], reason)

    def check(self) -> list[str]:
        """Integrity problems (none when every stored document is whole)."""
        with self.sessions() as s:
            return _integrity.check(s)


def load_extractions(settings: Settings | None = None) -> Iterator[Extraction]:
    """Every stored extraction, oldest first, from the store `settings` names (for the dossier report)."""
    with Store(settings=settings) as kb:
        yield from kb.extractions()
