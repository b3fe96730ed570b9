"""RSS and Atom feeds to one Document per entry, with feedparser."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import date
from email.utils import parseaddr
from typing import Any

import feedparser

from armswatch.errors import InvalidDocument
from armswatch.ingest.dates import feed_date
from armswatch.ingest.decode import normalise
from armswatch.ingest.html import html_to_text
from armswatch.ingest.text import clean_body, split_blocks
from armswatch.records import Document

_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!]")


def iter_feed(data: bytes, source: str, *, url: str | None = None) -> Iterator[Document | InvalidDocument]:
    """One Document per entry; an entry without text yields an InvalidDocument naming it.

    feedparser gets the raw bytes: it reads the encoding from the XML prolog itself, which a string
    decoded elsewhere would contradict. A BytesIO keeps it from treating the input as a URL or path.
    """
    headers = {"content-location": url} if url else None
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries: list[Any] = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            raise InvalidDocument(source, f"malformed feed: {parsed.get('bozo_exception')}")
        if not parsed.get("version"):
            raise InvalidDocument(source, "not an RSS or Atom feed")
        raise InvalidDocument(source, "feed has no entries")
    feed: Any = parsed.get("feed") or {}
    publisher = _plain(feed.get("title"))
    language = _language(feed.get("language"))
    rights = _plain(feed.get("rights"))
    results: list[Document | InvalidDocument] = []
    for number, entry in enumerate(entries, 1):
        try:
            results.append(
                _entry(entry, number, source, publisher=publisher, language=language, rights=rights)
            )
        except InvalidDocument as err:
            results.append(err)
    if parsed.get("bozo") and not any(isinstance(r, Document) for r in results):
        # A broken feed's partial entries are symptoms; the parse error is the reason.
        raise InvalidDocument(source, f"malformed feed: {parsed.get('bozo_exception')}")
    yield from results


def _entry(
    entry: Any, number: int, source: str, *, publisher: str | None, language: str, rights: str | None
) -> Document:
    external_id = _plain(entry.get("id"))
    body = clean_body(split_blocks(normalise(_entry_text(entry))))
    if not body.text:
        name = f"entry {number}" + (f" ({external_id})" if external_id else "")
        raise InvalidDocument(source, f"{name} has no text")
    return Document(
        text=body.text,
        title=_plain(entry.get("title")),
        author=_author(entry),
        publisher=publisher or body.publisher,
        published=_entry_date(entry),
        url=_plain(entry.get("link")),
        external_id=external_id,
        language=language,
        syndication=body.syndication or _plain(entry.get("rights")) or rights,
        source_file=source,
    )


def _entry_text(entry: Any) -> str:
    """The fullest text the entry carries: Atom content or content:encoded over the summary."""
    candidates = [c.get("value") or "" for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len)
    return html_to_text(best) if _LOOKS_LIKE_HTML.search(best) else best


def _entry_date(entry: Any) -> date | None:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            found = feed_date(raw)
            if found:
                return found
        # feedparser also understands formats we do not; its result is in UTC.
        struct: time.struct_time | None = entry.get(f"{key}_parsed")
        if struct:
            return date(struct.tm_year, struct.tm_mon, struct.tm_mday)
    return None


def _author(entry: Any) -> str | None:
    raw = _plain(entry.get("author"))
    if raw and "@" in raw:
        # RSS writes "desk@example.org (Jane Doe)"; feedparser's own split fails on long domain names.
        name, _ = parseaddr(raw)
        return _plain(name)
    return raw or _plain((entry.get("author_detail") or {}).get("name"))


def _plain(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = html_to_text(value) if _LOOKS_LIKE_HTML.search(value) else value
    text = " ".join(text.split())
    return text or None


def _language(value: Any) -> str:
    code = value.strip().lower()[:2] if isinstance(value, str) else ""
    return code if len(code) == 2 and code.isalpha() else "en"
