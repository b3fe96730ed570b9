"""JSON Lines to one Document per line: {"id", "text", "title", "url", "published", "author", "publisher"}."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from armswatch.errors import InvalidDocument
from armswatch.ingest.dates import iso_date
from armswatch.ingest.decode import normalise
from armswatch.records import Document


def iter_jsonl(text: str, source: str) -> Iterator[Document | InvalidDocument]:
    """One Document per non-blank line; a bad line yields an InvalidDocument naming its line number."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InvalidDocument(source, f"line {number}: not JSON ({err.msg} at column {err.colno})")
            continue
        try:
            yield _document(record, source)
        except ValueError as err:
            yield InvalidDocument(source, f"line {number}: {err}")


def _document(record: Any, source: str) -> Document:
    if not isinstance(record, dict):
        raise ValueError(f"a JSON {type(record).__name__}, not an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no "text"')
    external_id = record.get("id")
    if isinstance(external_id, bool) or not isinstance(external_id, str | int | None):
        raise ValueError('"id" must be a string or a number')
    return Document(
        text=normalise(text).strip(),
        title=_string(record, "title"),
        url=_string(record, "url"),
        author=_string(record, "author"),
        publisher=_string(record, "publisher"),
        syndication=_string(record, "syndication"),
        published=_published(record.get("published")),
        external_id=None if external_id is None else str(external_id),
        language=_string(record, "language") or "en",
        source_file=source,
    )


def _string(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'"{name}" is a JSON {type(value).__name__}, not a string')
    return value.strip() or None


def _published(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f'"published" is a JSON {type(value).__name__}, not an ISO date string')
    found = iso_date(value)
    if found is None:
        raise ValueError(f'"published" {value!r} is not an ISO date')
    return found
