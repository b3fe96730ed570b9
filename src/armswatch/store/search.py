"""Full-text search over documents (title and body) and event evidence.

SQLite: the FTS5 tables of the migration (porter stemming, diacritics folded), ranked by bm25. The query
is the user's words, each required; "double quotes" keep a phrase. PostgreSQL: the generated tsvector
columns, `websearch_to_tsquery` (the same quoting), ranked by ts_rank_cd.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # document / evidence
    document: str
    title: str | None
    outlet: str | None
    published: date | None
    snippet: str
    score: float
    event: str | None = None  # "<document id>:<event id>" for evidence hits
    event_type: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "document": self.document,
            "event": self.event,
            "event_type": self.event_type,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published.isoformat() if isinstance(self.published, date) else self.published,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


def fts5_query(query: str) -> str:
    """A user's words as an FTS5 query: each word or "phrase" required, no operator syntax leaking in."""
    parts = []
    for phrase, word in _TOKEN.findall(query):
        words = _WORD.findall(phrase or word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)


_SQLITE_DOCUMENTS = """
SELECT d.id, d.title, d.publisher, d.published,
       snippet(documents_fts, 1, '[', ']', '…', 16) AS snip, bm25(documents_fts, 2.0, 1.0) AS rank
FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid
WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n
"""
_SQLITE_EVIDENCE = """
SELECT d.id, d.title, d.publisher, d.published,
       snippet(evidence_fts, 0, '[', ']', '…', 24) AS snip, bm25(evidence_fts) AS rank, e.key, e.type
FROM evidence_fts JOIN events e ON e.pk = evidence_fts.rowid JOIN documents d ON d.pk = e.document_pk
WHERE evidence_fts MATCH :q ORDER BY rank LIMIT :n
"""
_PG_DOCUMENTS = """
SELECT id, title, publisher, published,
       ts_headline('english', left(text, 300000), q, 'StartSel=[, StopSel=], MaxWords=30, MinWords=10') AS snip,
       rank
FROM (
  SELECT d.id, d.title, d.publisher, d.published, d.text, q, ts_rank_cd(d.search_vector, q) AS rank
  FROM documents d, websearch_to_tsquery('english', :q) q
  WHERE d.search_vector @@ q ORDER BY rank DESC LIMIT :n
) hits ORDER BY rank DESC
"""
_PG_EVIDENCE = """
SELECT d.id, d.title, d.publisher, d.published,
       ts_headline('english', e.evidence_text, q, 'StartSel=[, StopSel=], HighlightAll=true') AS snip,
       ts_rank_cd(e.evidence_vector, q) AS rank, e.key, e.type
FROM events e JOIN documents d ON d.pk = e.document_pk, websearch_to_tsquery('english', :q) q
WHERE e.evidence_vector @@ q ORDER BY rank DESC LIMIT :n
"""


def search(
    s: Session, query: str, *, limit: int = 20, kinds: tuple[str, ...] = ("document", "evidence")
) -> list[Hit]:
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        q, documents_sql, evidence_sql = fts5_query(query), _SQLITE_DOCUMENTS, _SQLITE_EVIDENCE
    else:
        q, documents_sql, evidence_sql = query, _PG_DOCUMENTS, _PG_EVIDENCE
    if not q.strip():
        return []
    hits: list[Hit] = []
    if "document" in kinds:
        for row in s.execute(text(documents_sql), {"q": q, "n": limit}):
            hits.append(
                Hit("document", row[0], row[1], row[2], _date(row[3]), row[4], _score(dialect, row[5]))
            )
    if "evidence" in kinds:
        for row in s.execute(text(evidence_sql), {"q": q, "n": limit}):
            hits.append(
                Hit(
                    "evidence",
                    row[0],
                    row[1],
                    row[2],
                    _date(row[3]),
                    row[4],
                    _score(dialect, row[5]),
                    event=f"{row[0]}:{row[6]}",
                    event_type=row[7],
                )
            )
    return hits


def _score(dialect: str, rank: float) -> float:
    # bm25() is lower-is-better and negative; report higher-is-better on both backends
    return -float(rank) if dialect == "sqlite" else float(rank)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
