"""The knowledge base's tables (SQLAlchemy 2 ORM). Alembic migrations create them (`migrations/`).

Documents own everything extracted from them (mentions, times, places, attributions, events and their
roles): deleting a document cascades, so a document is stored whole or not at all. Incidents are made by
fusion (`armswatch.resolve`) and own only their memberships; a membership is never deleted by a merge
decision, only marked removed (`removed_at`), so every merge can be undone and every undo is kept.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


# Full-text search lives outside the ORM (FTS5 tables and their shadow tables; tsvector columns and their
# indexes): created by raw SQL in the migrations, ignored when comparing the ORM with the database.
SEARCH_NAMES = (
    "documents_fts",
    "evidence_fts",
    "search_vector",
    "evidence_vector",
    "ix_documents_search",
    "ix_events_evidence_search",
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic autogenerate filter: everything but the full-text search objects."""
    return name is None or not name.startswith(SEARCH_NAMES)


class SourceRow(Base):
    """A source a claim can come from: an outlet (publisher) or an actor (White House, KOR-NIS, a person)."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(300), primary_key=True)  # "outlet:capital wire", "actor:USA-WH"
    kind: Mapped[str] = mapped_column(String(20))  # outlet / actor
    name: Mapped[str] = mapped_column(String(300))


class DocumentRow(Base):
    __tablename__ = "documents"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)  # content hash (records.content_id)
    text_key: Mapped[str] = mapped_column(String(64), index=True)  # hash of the text, case and spaces folded
    external_id: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"), index=True)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(20))
    syndication: Mapped[str | None] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    extractor: Mapped[str] = mapped_column(String(200))
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    dropped: Mapped[int] = mapped_column(Integer, default=0)
    rule_hits: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)  # armswatch.rules hits, as extracted
    # How many records were written with the document, in the same transaction: an integrity check
    # compares them with the rows that exist.
    n_entities: Mapped[int] = mapped_column(Integer)
    n_times: Mapped[int] = mapped_column(Integer)
    n_places: Mapped[int] = mapped_column(Integer)
    n_attributions: Mapped[int] = mapped_column(Integer)
    n_events: Mapped[int] = mapped_column(Integer)
    n_roles: Mapped[int] = mapped_column(Integer)


class DocumentAliasRow(Base):
    """Another place the same text was seen: a second URL, file or publisher (a duplicate, stored once)."""

    __tablename__ = "document_aliases"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime)


class _DocumentSpan:
    """The columns every span-bearing row of a document shares: its document, its position in the
    extraction's list (`seq`, None for a row stored only as a role filler or source) and its evidence."""

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), index=True)
    seq: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class MentionRow(_DocumentSpan, Base):
    """A mention: an entity of the extraction (`seq` set) or a role filler / attribution source."""

    __tablename__ = "mentions"

    type: Mapped[str] = mapped_column(String(40))
    canonical_id: Mapped[str | None] = mapped_column(String(200), index=True)
    name: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    attrs: Mapped[dict[str, Any]] = mapped_column(JSONType)
    extractor: Mapped[str] = mapped_column(String(200))


class TimeRow(_DocumentSpan, Base):
    __tablename__ = "times"

    value: Mapped[str | None] = mapped_column(String(60))
    precision: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # TimeML type: date / time / duration / set
    anchor: Mapped[str | None] = mapped_column(String(40))
    anchor_kind: Mapped[str | None] = mapped_column(String(20))
    tense: Mapped[str | None] = mapped_column(String(20))


class PlaceRow(_DocumentSpan, Base):
    __tablename__ = "places"

    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str | None] = mapped_column(String(20))
    geonames_id: Mapped[int | None] = mapped_column(Integer)


class AttributionRow(Base):
    __tablename__ = "attributions"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))  # the extraction's id ("a3")
    seq: Mapped[int | None] = mapped_column(Integer)
    cue_start: Mapped[int] = mapped_column(Integer)
    cue_end: Mapped[int] = mapped_column(Integer)
    cue_text: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    content_text: Mapped[str] = mapped_column(Text)
    source_mention_pk: Mapped[int | None] = mapped_column(ForeignKey("mentions.pk", ondelete="CASCADE"))
    source_ref_mention_pk: Mapped[int | None] = mapped_column(ForeignKey("mentions.pk", ondelete="CASCADE"))
    quote: Mapped[str] = mapped_column(String(20))
    certainty: Mapped[str] = mapped_column(String(20))
    time_pk: Mapped[int | None] = mapped_column(ForeignKey("times.pk", ondelete="CASCADE"))
    parent_key: Mapped[str | None] = mapped_column(String(40))
    origin_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"), index=True)
    extractor: Mapped[str] = mapped_column(String(200))


class EventRow(Base):
    __tablename__ = "events"
    # AUTOINCREMENT: an event's pk is never reused, so a cached view of it (records_io) stays right
    __table_args__ = (
        Index("ix_events_type_time", "type", "time_lo", "time_hi"),
        {"sqlite_autoincrement": True},
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_pk: Mapped[int] = mapped_column(ForeignKey("documents.pk", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))  # the extraction's id ("e4")
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    subtype: Mapped[str | None] = mapped_column(String(40))
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)
    time_pk: Mapped[int | None] = mapped_column(ForeignKey("times.pk", ondelete="CASCADE"))
    place_pk: Mapped[int | None] = mapped_column(ForeignKey("places.pk", ondelete="CASCADE"))
    attribution_pk: Mapped[int | None] = mapped_column(ForeignKey("attributions.pk", ondelete="CASCADE"))
    certainty: Mapped[str] = mapped_column(String(20))
    polarity: Mapped[str] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(40))
    extractor: Mapped[str] = mapped_column(String(200))
    # The interval the event's time covers at its precision (or, without a time, the weeks before the
    # publication date): what fusion blocks on and what `incidents --since/--until` filter on.
    time_lo: Mapped[date | None] = mapped_column(Date)
    time_hi: Mapped[date | None] = mapped_column(Date)


class EventRoleRow(Base):
    __tablename__ = "event_roles"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    mention_pk: Mapped[int] = mapped_column(ForeignKey("mentions.pk", ondelete="CASCADE"), index=True)


class IncidentRow(Base):
    """One happening, reported by one or more documents. Summary columns are recomputed from members."""

    __tablename__ = "incidents"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    time_lo: Mapped[date | None] = mapped_column(Date, index=True)
    time_hi: Mapped[date | None] = mapped_column(Date)
    country: Mapped[str | None] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(10))
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    n_denials: Mapped[int] = mapped_column(Integer, default=0)


class IncidentMemberRow(Base):
    """An event's membership of an incident, with the rule that put it there.

    kind: "claim" (the event reports the incident) or "denial" (a DENY that contradicts it).
    A membership is undone by setting `removed_at` (and `removed_reason`); fusion never re-adds an event
    to an incident it was removed from.
    """

    __tablename__ = "incident_members"
    __table_args__ = (
        Index(
            "ux_incident_members_active_claim",
            "event_pk",
            unique=True,
            sqlite_where=text("kind = 'claim' AND removed_at IS NULL"),
            postgresql_where=text("kind = 'claim' AND removed_at IS NULL"),
        ),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_pk: Mapped[int] = mapped_column(ForeignKey("incidents.pk", ondelete="CASCADE"), index=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    matched_event_pk: Mapped[int | None] = mapped_column(ForeignKey("events.pk", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    removed_reason: Mapped[str | None] = mapped_column(Text)


class IngestFailureRow(Base):
    """An input that could not be stored: where it came from, the stage that failed and why."""

    __tablename__ = "ingest_failures"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(20))  # read / extract / store
    reason: Mapped[str] = mapped_column(Text)
    document_id: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
