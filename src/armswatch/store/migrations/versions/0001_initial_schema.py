"""Initial schema: documents and their records, sources, incidents and memberships, ingest failures;
full-text search over documents and evidence (SQLite FTS5 tables kept in sync by triggers; PostgreSQL
tsvector columns with GIN indexes).

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("time_lo", sa.Date(), nullable=True),
        sa.Column("time_hi", sa.Date(), nullable=True),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("admin1", sa.String(length=10), nullable=True),
        sa.Column("n_documents", sa.Integer(), nullable=False),
        sa.Column("n_denials", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_time_lo"), ["time_lo"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_type"), ["type"], unique=False)

    op.create_table(
        "ingest_failures",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "documents",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("text_key", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.String(length=500), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("outlet_id", sa.String(length=300), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("syndication", sa.Text(), nullable=True),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extractor", sa.String(length=200), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("dropped", sa.Integer(), nullable=False),
        sa.Column(
            "rule_hits",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("n_entities", sa.Integer(), nullable=False),
        sa.Column("n_times", sa.Integer(), nullable=False),
        sa.Column("n_places", sa.Integer(), nullable=False),
        sa.Column("n_attributions", sa.Integer(), nullable=False),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("n_roles", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_outlet_id"), ["outlet_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_text_key"), ["text_key"], unique=False)

    op.create_table(
        "document_aliases",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("external_id", sa.String(length=500), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["document_pk"], ["documents.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("document_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_aliases_document_pk"), ["document_pk"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("canonical_id", sa.String(length=200), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column(
            "attrs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("extractor", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["document_pk"], ["documents.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentions_canonical_id"), ["canonical_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_document_pk"), ["document_pk"], unique=False)

    op.create_table(
        "places",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("admin1", sa.String(length=10), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("precision", sa.String(length=20), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_pk"], ["documents.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_document_pk"), ["document_pk"], unique=False)

    op.create_table(
        "times",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.String(length=60), nullable=True),
        sa.Column("precision", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("anchor", sa.String(length=40), nullable=True),
        sa.Column("anchor_kind", sa.String(length=20), nullable=True),
        sa.Column("tense", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["document_pk"], ["documents.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_times_document_pk"), ["document_pk"], unique=False)

    op.create_table(
        "attributions",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=False),
        sa.Column("cue_end", sa.Integer(), nullable=False),
        sa.Column("cue_text", sa.Text(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("content_text", sa.Text(), nullable=False),
        sa.Column("source_mention_pk", sa.Integer(), nullable=True),
        sa.Column("source_ref_mention_pk", sa.Integer(), nullable=True),
        sa.Column("quote", sa.String(length=20), nullable=False),
        sa.Column("certainty", sa.String(length=20), nullable=False),
        sa.Column("time_pk", sa.Integer(), nullable=True),
        sa.Column("parent_key", sa.String(length=40), nullable=True),
        sa.Column("origin_id", sa.String(length=300), nullable=True),
        sa.Column("extractor", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["document_pk"], ["documents.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["origin_id"],
            ["sources.id"],
        ),
        sa.ForeignKeyConstraint(["source_mention_pk"], ["mentions.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_ref_mention_pk"], ["mentions.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["time_pk"], ["times.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attributions_document_pk"), ["document_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_attributions_origin_id"), ["origin_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_pk", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("subtype", sa.String(length=40), nullable=True),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("trigger_text", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("time_pk", sa.Integer(), nullable=True),
        sa.Column("place_pk", sa.Integer(), nullable=True),
        sa.Column("attribution_pk", sa.Integer(), nullable=True),
        sa.Column("certainty", sa.String(length=20), nullable=False),
        sa.Column("polarity", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("extractor", sa.String(length=200), nullable=False),
        sa.Column("time_lo", sa.Date(), nullable=True),
        sa.Column("time_hi", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["attribution_pk"], ["attributions.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_pk"], ["documents.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["place_pk"], ["places.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["time_pk"], ["times.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_document_pk"), ["document_pk"], unique=False)
        batch_op.create_index("ix_events_type_time", ["type", "time_lo", "time_hi"], unique=False)

    op.create_table(
        "event_roles",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_pk", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("mention_pk", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_pk"], ["events.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mention_pk"], ["mentions.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("event_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_roles_event_pk"), ["event_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_roles_mention_pk"), ["mention_pk"], unique=False)

    op.create_table(
        "incident_members",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_pk", sa.Integer(), nullable=False),
        sa.Column("event_pk", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("matched_event_pk", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("removed_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["event_pk"], ["events.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["incident_pk"], ["incidents.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["matched_event_pk"], ["events.pk"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("incident_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_members_event_pk"), ["event_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_members_incident_pk"), ["incident_pk"], unique=False)
        batch_op.create_index(
            "ux_incident_members_active_claim",
            ["event_pk"],
            unique=True,
            sqlite_where=sa.text("kind = 'claim' AND removed_at IS NULL"),
            postgresql_where=sa.text("kind = 'claim' AND removed_at IS NULL"),
        )
    create_search()


def downgrade() -> None:
    drop_search()
    with op.batch_alter_table("incident_members", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_incident_members_active_claim",
            sqlite_where=sa.text("kind = 'claim' AND removed_at IS NULL"),
            postgresql_where=sa.text("kind = 'claim' AND removed_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_incident_members_incident_pk"))
        batch_op.drop_index(batch_op.f("ix_incident_members_event_pk"))

    op.drop_table("incident_members")
    with op.batch_alter_table("event_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_roles_mention_pk"))
        batch_op.drop_index(batch_op.f("ix_event_roles_event_pk"))

    op.drop_table("event_roles")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type_time")
        batch_op.drop_index(batch_op.f("ix_events_document_pk"))

    op.drop_table("events")
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attributions_origin_id"))
        batch_op.drop_index(batch_op.f("ix_attributions_document_pk"))

    op.drop_table("attributions")
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_times_document_pk"))

    op.drop_table("times")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_document_pk"))

    op.drop_table("places")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_document_pk"))
        batch_op.drop_index(batch_op.f("ix_mentions_canonical_id"))

    op.drop_table("mentions")
    with op.batch_alter_table("document_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_aliases_document_pk"))

    op.drop_table("document_aliases")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_text_key"))
        batch_op.drop_index(batch_op.f("ix_documents_published"))
        batch_op.drop_index(batch_op.f("ix_documents_outlet_id"))

    op.drop_table("documents")
    op.drop_table("sources")
    op.drop_table("ingest_failures")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_type"))
        batch_op.drop_index(batch_op.f("ix_incidents_time_lo"))

    op.drop_table("incidents")


# Full-text search. SQLite: external-content FTS5 tables over documents (title, text) and event evidence,
# kept in sync by triggers (rowid = the row's integer pk, stable across VACUUM). PostgreSQL: generated
# tsvector columns with GIN indexes (the body is indexed up to its first 300,000 characters: a tsvector
# holds at most 1 MB).
_FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
_SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='pk',"
    f" tokenize='{_FTS_TOKENIZE}')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN"
    " INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN"
    " INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);"
    " END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN"
    " INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);"
    " INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(evidence_text, content='events', content_rowid='pk',"
    f" tokenize='{_FTS_TOKENIZE}')",
    "CREATE TRIGGER evidence_fts_ai AFTER INSERT ON events BEGIN"
    " INSERT INTO evidence_fts(rowid, evidence_text) VALUES (new.pk, new.evidence_text); END",
    "CREATE TRIGGER evidence_fts_ad AFTER DELETE ON events BEGIN"
    " INSERT INTO evidence_fts(evidence_fts, rowid, evidence_text) VALUES ('delete', old.pk, old.evidence_text);"
    " END",
    "CREATE TRIGGER evidence_fts_au AFTER UPDATE OF evidence_text ON events BEGIN"
    " INSERT INTO evidence_fts(evidence_fts, rowid, evidence_text) VALUES ('delete', old.pk, old.evidence_text);"
    " INSERT INTO evidence_fts(rowid, evidence_text) VALUES (new.pk, new.evidence_text); END",
]
_SQLITE_SEARCH_DROP = [
    "DROP TRIGGER IF EXISTS evidence_fts_au",
    "DROP TRIGGER IF EXISTS evidence_fts_ad",
    "DROP TRIGGER IF EXISTS evidence_fts_ai",
    "DROP TABLE IF EXISTS evidence_fts",
    "DROP TRIGGER IF EXISTS documents_fts_au",
    "DROP TRIGGER IF EXISTS documents_fts_ad",
    "DROP TRIGGER IF EXISTS documents_fts_ai",
    "DROP TABLE IF EXISTS documents_fts",
]
_POSTGRES_SEARCH = [
    "ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', left(text, 300000)), 'B')) STORED",
    "CREATE INDEX ix_documents_search ON documents USING gin (search_vector)",
    "ALTER TABLE events ADD COLUMN evidence_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english', evidence_text)) STORED",
    "CREATE INDEX ix_events_evidence_search ON events USING gin (evidence_vector)",
]
_POSTGRES_SEARCH_DROP = [
    "DROP INDEX IF EXISTS ix_events_evidence_search",
    "ALTER TABLE events DROP COLUMN IF EXISTS evidence_vector",
    "DROP INDEX IF EXISTS ix_documents_search",
    "ALTER TABLE documents DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(sa.text(statement))


def create_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(_SQLITE_SEARCH)
    elif dialect == "postgresql":
        _run(_POSTGRES_SEARCH)


def drop_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(_SQLITE_SEARCH_DROP)
    elif dialect == "postgresql":
        _run(_POSTGRES_SEARCH_DROP)
